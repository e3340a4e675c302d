"""A participant who reloads the page, or whose browser reconnects, stays where they were."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlmodel import col, select

from core.db import get_engine, read_session
from core.models import Consent, Participant
from tests.browser.conftest import open_network_survey, wait_for_app


def _consented_token(app_db: Path) -> str:
    engine = get_engine(f"sqlite:///{app_db}")
    with read_session(engine) as session:
        token = session.exec(
            select(Participant.invite_token)
            .join(Consent, col(Consent.participant_id) == Participant.id)
            .where(col(Consent.withdrawn_at).is_(None), col(Participant.invite_token).is_not(None))
            .order_by(col(Participant.id).desc())
        ).first()
    assert token is not None
    return token


def test_a_reload_after_moving_to_another_page_keeps_the_participant_there(
    page: Page, app_server: str, app_db: Path
) -> None:
    # Streamlit drops the invite token from the address when the participant changes page;
    # without it a reload (or a phone coming back to a restarted server) showed "Page not
    # found" and the home page, signed out.
    page.set_viewport_size({"width": 390, "height": 844})
    open_network_survey(page, app_server, _consented_token(app_db))
    expect(page).to_have_url(re.compile(r"/network-survey\?token="))

    page.reload()
    wait_for_app(page)

    # The survey's own heading: only a signed-in participant has this page.
    expect(page.get_by_role("heading", name="Nettverket ditt i jobben")).to_be_visible()
    expect(page.get_by_text("Page not found")).to_have_count(0)
