"""Journey: a consented participant picks two colleagues in the survey, then sees the map."""

from __future__ import annotations

from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from sqlmodel import col, select

from core.db import get_engine, read_session
from core.models import Consent, Group, Participant, SurveyRound, Tie
from tests.browser.conftest import (
    open_network_survey,
    search_roster,
    set_open_rounds,
    wait_for_app,
)


def _participant(app_db: Path, skip: int = 0) -> tuple[str, list[str]]:
    """A consented management member who has not answered the open round, and two colleagues.

    Chosen in the database the app serves (not the template), after whatever earlier browser
    tests on this server did to it.
    """
    engine = get_engine(f"sqlite:///{app_db}")
    with read_session(engine) as session:
        followup = session.exec(select(SurveyRound).where(SurveyRound.status == "open")).one()
        answered = select(Tie.source_id).where(Tie.round_id == followup.id)
        person = session.exec(
            select(Participant)
            .join(Consent, col(Consent.participant_id) == Participant.id)
            .join(Group, col(Participant.group_id) == Group.id)
            .where(
                Group.kind == "management",
                col(Participant.id).not_in(answered),
                col(Consent.withdrawn_at).is_(None),
            )
            .order_by(Participant.id)
            .offset(skip)
        ).first()
        colleagues = session.exec(
            select(Participant.name)
            .where(Participant.group_id == person.group_id, Participant.id != person.id)
            .order_by(Participant.id)
            .limit(2)
        ).all()
        return person.invite_token, list(colleagues)


def test_pick_two_colleagues_submit_and_see_the_map(
    page: Page, app_server: str, app_db: Path
) -> None:
    token, colleagues = _participant(app_db)
    page.set_viewport_size({"width": 390, "height": 844})
    open_network_survey(page, app_server, token)
    for name in colleagues:
        search_roster(page, name)
        page.get_by_role("button", name=name).first.click()
        wait_for_app(page)
    expect(page.get_by_text("Valgt: 2").first).to_be_visible()
    page.get_by_role("button", name="Send inn nettverksundersøkelsen").click()
    wait_for_app(page)
    expect(page.get_by_text("Takk!")).to_be_visible()
    _assert_main_accessible(page)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Se nettverkskartet for gruppen din").click()
    wait_for_app(page)
    frame = page.frame_locator("iframe[title*='agraph']")
    expect(frame.locator("canvas").first).to_be_visible(timeout=30_000)
    expect(page.get_by_role("heading", name="Personene i nettverket")).to_be_visible()


def _assert_main_accessible(page: Page) -> None:
    """axe-core on the page's main area, serious and critical findings only.

    The sidebar navigation is left out: Streamlit's sectioned nav puts <div>s inside its
    <ul> (axe "list"/"listitem"), on every page alike; reported to the app's owner.
    """
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    context = {"exclude": [["[data-testid='stSidebarNavItems']"]]}
    results = Axe().run(page, context=context, options=options)
    serious = [
        v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")
    ]
    assert serious == [], results.generate_report()


def test_a_change_after_the_round_closed_is_refused_at_the_question(
    page: Page, app_server: str, app_db: Path
) -> None:
    token, (first, second) = _participant(app_db, skip=1)  # not the journey's person
    open_network_survey(page, app_server, token)
    search_roster(page, first)
    page.get_by_role("button", name=first).first.click()
    wait_for_app(page)
    closed = set_open_rounds(app_db, "closed")  # the facilitator closes the round meanwhile
    try:
        search_roster(page, second)
        page.get_by_role("button", name=second).first.click()
        wait_for_app(page)
        # Only the question reran: the message stands in it, and the page is still the survey.
        expect(
            page.get_by_text("Runden er avsluttet, og svarene kan ikke endres lenger.")
        ).to_be_visible()
        expect(page.get_by_role("button", name="Send inn nettverksundersøkelsen")).to_be_visible()
    finally:
        set_open_rounds(app_db, "open", closed)
