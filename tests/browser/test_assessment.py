"""Journey: invite link -> consent -> the whole self-assessment -> submit -> profile chart."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from core.db import get_engine
from core.instruments import load_instrument, text
from tests.browser.conftest import assert_accessible, set_open_rounds, wait_for_app
from tests.pages.helpers import fresh_participant


def _fresh_token(demo_template: Path) -> str:
    engine = get_engine(f"sqlite:///{demo_template}")
    try:
        token = fresh_participant(engine).invite_token
    finally:
        engine.dispose()
        get_engine.cache_clear()
    assert token is not None
    return token


def test_answer_the_whole_assessment_from_an_invite_link(
    page: Page, app_server: str, demo_template: Path
) -> None:
    # On a phone, as many participants answer; the collapsed sidebar is then out of the
    # way of axe (Streamlit's sectioned nav puts <div>s inside its <ul>: not ours to fix).
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{app_server}/?token={_fresh_token(demo_template)}")
    wait_for_app(page)
    page.get_by_text("Jeg har lest dette og vil delta").click()
    page.get_by_role("button", name="Start").click()
    wait_for_app(page)

    main = page.locator("[data-testid='stMain']")
    main.get_by_role("link", name="Egenvurdering").click()  # "Your steps" on the start page
    wait_for_app(page)
    expect(page.get_by_text("Steg 1 av 8")).to_be_visible()
    assert_accessible(page)

    instrument = load_instrument("digital_fitness")
    for step, dim in enumerate(instrument.dimensions, start=1):
        questions = sum(2 if item.has_ambition else 1 for item in dim.items)
        expect(page.get_by_text(f"Steg {step} av 8")).to_be_visible()
        # Streamlit keeps the previous step's widgets on screen until the rerun replaces
        # them: wait for this step's last question before counting and clicking.
        expect(main.get_by_text(text(dim.items[-1].text, "nb")).first).to_be_visible()
        groups = main.get_by_role("radiogroup")
        expect(groups).to_have_count(questions)
        for index in range(questions):
            # The fourth step of each scale; every click is saved before the next one.
            groups.nth(index).get_by_test_id("stRadioOption").nth(3).click()
            wait_for_app(page)
        if step < 8:
            page.get_by_role("button", name="Neste").click()
            wait_for_app(page)

    page.get_by_role("button", name="Send inn svarene").click()
    wait_for_app(page)
    expect(page.get_by_text("Svarene dine for «Oppfølging» er sendt inn")).to_be_visible()
    # The thank-you replaces the survey's "every answer is saved" note instead of following it.
    expect(page.get_by_text("Hvert svar lagres med en gang")).to_have_count(0)
    # The acknowledgement is a small fragment run (cheap when a room submits at once);
    # the profile chart is one link away.
    page.get_by_role("link", name="Se profilen min").click()
    wait_for_app(page)
    expect(page.locator("[data-testid='stPlotlyChart']")).to_be_visible(timeout=15_000)


def test_an_answer_after_the_round_closed_is_refused_at_the_question(
    page: Page, app_server: str, app_db: Path
) -> None:
    page.goto(f"{app_server}/?token={_fresh_token(app_db)}")
    wait_for_app(page)
    page.get_by_text("Jeg har lest dette og vil delta").click()
    page.get_by_role("button", name="Start").click()
    wait_for_app(page)
    main = page.locator("[data-testid='stMain']")
    main.get_by_role("link", name="Egenvurdering").click()
    wait_for_app(page)
    groups = main.get_by_role("radiogroup")
    expect(groups.first).to_be_visible()
    groups.nth(0).get_by_test_id("stRadioOption").nth(3).click()
    wait_for_app(page)
    closed = set_open_rounds(app_db, "closed")  # the facilitator closes the round meanwhile
    try:
        groups.nth(1).get_by_test_id("stRadioOption").nth(2).click()
        wait_for_app(page)
        # Only that question reran: the message stands beside it, the page stays as it was.
        message = "Kartleggingsrunden «Oppfølging» er avsluttet, så svaret ble ikke lagret."
        expect(
            groups.nth(1)
            .locator("xpath=ancestor::*[@data-testid='stVerticalBlock'][1]")
            .get_by_text(message)
        ).to_be_visible()
        expect(page.get_by_text("Steg 1 av 8")).to_be_visible()
    finally:
        set_open_rounds(app_db, "open", closed)
