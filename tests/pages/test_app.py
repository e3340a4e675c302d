"""The router: which role sees which pages, the language picker, and invite links."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.pages.helpers import app_as, consented_management_member
from ui.registry import FACILITATOR, PAGES, PARTICIPANT, ROLES, VISITOR, pages_for


def test_every_registered_page_file_exists() -> None:
    from tests.conftest import ROOT

    assert [p.path for p in PAGES if not (ROOT / p.path).is_file()] == []


@pytest.mark.parametrize("role", ROLES)
def test_each_role_has_exactly_one_default_page(role: str) -> None:
    assert sum(role in p.default_for for p in pages_for(role)) == 1


def test_visitors_never_see_facilitator_pages() -> None:
    visitor = {p.path for p in pages_for(VISITOR)}
    assert visitor & {p.path for p in pages_for(FACILITATOR)} == set()


@pytest.mark.parametrize(
    "path",
    [
        "pages/start/participant_start.py",
        "pages/assessment/self_assessment.py",
        "pages/assessment/my_profile.py",
        "pages/assessment/group_results.py",
        "pages/network/network_survey.py",
        "pages/network/group_network.py",
        "pages/learning/group_reflections.py",
    ],
)
def test_personal_and_group_pages_need_an_invite(path: str) -> None:
    # Lessons and the learning path are open to anyone; results and answers are not.
    assert path not in {p.path for p in pages_for(VISITOR)}
    assert path in {p.path for p in pages_for(PARTICIPANT)}


def test_home_page_in_both_languages(demo_url: str) -> None:
    at = app_as(VISITOR, lang="nb")
    at.run()
    assert not at.exception
    assert at.title[0].value == "Samspill"
    assert any("Tre veier inn" in h.value for h in at.header)
    at.radio(key="app.lang").set_value("en").run()
    assert any("Three ways in" in h.value for h in at.header)


def test_an_invite_token_in_the_url_signs_the_participant_in(
    demo_url: str, demo_engine: Engine
) -> None:
    person = consented_management_member(demo_engine)
    at = app_as(VISITOR)
    at.query_params["token"] = person.invite_token
    at.run()
    assert not at.exception
    assert any(person.name in t.value for t in at.title)


def test_an_unknown_token_gets_a_clear_message_and_no_access(demo_url: str) -> None:
    at = app_as(VISITOR)
    at.query_params["token"] = "x" * 43
    at.run()
    assert not at.exception
    assert any("not valid" in e.value for e in at.error)


def test_pasting_an_invite_code_on_the_home_page(demo_url: str, demo_engine: Engine) -> None:
    person = consented_management_member(demo_engine)
    at = app_as(VISITOR)
    at.run()
    at.text_input(key="home.join.code").input(f"https://x.example/?token={person.invite_token}")
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == []
    assert at.session_state["auth.participant_id"] == person.id
    assert at.query_params["token"] == person.invite_token


def test_the_home_page_opens_while_the_database_is_down(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every run asks the database whether another process erased someone; a database
    # that does not answer must not take the pages that need no data down with it.
    from core.config import get_settings

    monkeypatch.setenv(
        "DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:9/none?connect_timeout=2"
    )
    monkeypatch.setattr("ui.data.REVISION_POLL_SECONDS", 0.0)
    get_settings.cache_clear()
    try:
        at = app_as(VISITOR, lang="nb")
        at.run()
    finally:
        get_settings.cache_clear()
    assert not at.exception, at.exception
    assert at.title[0].value == "Samspill"


def test_the_home_page_opens_when_the_database_goes_away_after_the_start(
    demo_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    def gone(*_: object) -> int:
        raise OperationalError("SELECT max(id) FROM data_revisions", {}, OSError("closed"))

    monkeypatch.setattr("ui.data.REVISION_POLL_SECONDS", 0.0)
    monkeypatch.setattr("ui.data.latest_revision", gone)
    at = app_as(VISITOR, lang="nb")
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == "Samspill"
