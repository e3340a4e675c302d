"""Facilitator sign-in: the password form, the lockout, and OIDC only where configured."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from core.accounts import MAX_FAILED_ATTEMPTS
from core.db import read_session
from core.models import FacilitatorAccount
from tests.pages.helpers import a_facilitator, app_as
from ui.registry import VISITOR

PAGE = "pages/facilitator/facilitator_sign_in.py"
EMAIL = "kursleder@example.no"
PASSWORD = "et langt passord her"
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "test-cookie-secret",
    "client_id": "samspill",
    "client_secret": "secret",
    "server_metadata_url": "https://idp.example.no/.well-known/openid-configuration",
}


def _sign_in_page(lang: str = "en") -> AppTest:
    at = app_as(VISITOR, lang=lang)
    at.run()
    at.switch_page(PAGE).run()
    return at


def _submit(at: AppTest, email: str, password: str) -> None:
    at.text_input(key="signin.email").input(email)
    at.text_input(key="signin.password").input(password)
    next(b for b in at.button if b.label == "Sign in").click().run()


def _nav_titles(at: AppTest) -> str:
    return " ".join(str(node) for node in at.sidebar)


def test_the_right_password_opens_the_facilitator_pages(demo_url: str, demo_engine: Engine) -> None:
    a_facilitator(demo_engine)
    at = _sign_in_page()
    _submit(at, EMAIL, PASSWORD)
    assert not at.exception
    assert not at.error
    assert at.title[0].value == "Cohorts"
    at.switch_page("pages/facilitator/facilitator_roster.py").run()
    assert at.title[0].value == "Roster import"


def test_a_wrong_password_is_refused_with_a_neutral_message(
    demo_url: str, demo_engine: Engine
) -> None:
    a_facilitator(demo_engine)
    at = _sign_in_page()
    _submit(at, EMAIL, "feil passord")
    assert at.error[0].value == "The e-mail or the password is wrong."
    assert at.title[0].value == "Facilitator sign-in"


def test_too_many_failures_lock_the_account(demo_url: str, demo_engine: Engine) -> None:
    a_facilitator(demo_engine)
    at = _sign_in_page()
    for _ in range(MAX_FAILED_ATTEMPTS):
        _submit(at, EMAIL, "feil passord")
    _submit(at, EMAIL, PASSWORD)
    assert "locked" in at.error[0].value
    assert at.title[0].value == "Facilitator sign-in"


def test_no_oidc_button_without_auth_configuration(demo_url: str) -> None:
    at = _sign_in_page()
    assert not at.exception
    assert [b for b in at.button if b.key == "signin.oidc"] == []


def test_the_oidc_button_appears_when_auth_is_configured(demo_url: str) -> None:
    at = app_as(VISITOR, lang="nb")
    at.secrets["auth"] = AUTH
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    button = at.button(key="signin.oidc")
    assert button.label == "Logg inn med kontoen fra organisasjonen din"


def test_an_oidc_identity_with_an_account_signs_in(demo_url: str, demo_engine: Engine) -> None:
    account_id = a_facilitator(demo_engine)
    at = app_as(VISITOR)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "sub": "idp-42", "email": EMAIL, "email_verified": True}
    at.run()
    assert not at.exception
    assert at.title[0].value == "Cohorts"
    with read_session(demo_engine) as session:
        account = session.exec(
            select(FacilitatorAccount).where(FacilitatorAccount.id == account_id)
        ).one()
    assert account.oidc_subject == "idp-42"


def test_an_unknown_oidc_identity_gets_no_access(demo_url: str, demo_engine: Engine) -> None:
    a_facilitator(demo_engine)
    at = app_as(VISITOR)
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "sub": "idp-7", "email": "ola@example.no"}
    at.run()
    assert at.title[0].value != "Cohorts"
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("pages/facilitator/facilitator_roster.py")
    at.switch_page(PAGE).run()
    assert "ola@example.no" in at.error[0].value
    assert "no facilitator access" in at.error[0].value
