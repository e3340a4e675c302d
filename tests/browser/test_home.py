"""Journey: a visitor opens the home page, switches language, and reads Norwegian."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.conftest import assert_accessible, wait_for_app


def _choose_language(page: Page, label: str, heading: str) -> None:
    # The first click after a cold start can be dropped while the frontend settles; a person
    # would click again, and so do we (at most three times).
    target = page.get_by_role("heading", name=heading)
    for _ in range(3):
        page.get_by_role("radiogroup").get_by_text(label).click()
        try:
            target.wait_for(timeout=6_000)
            return
        except PlaywrightTimeoutError:
            wait_for_app(page)
    expect(target).to_be_visible()


def test_home_page_switches_between_english_and_norwegian(page: Page, app_server: str) -> None:
    page.goto(app_server)
    wait_for_app(page)
    _choose_language(page, "English", "Three ways in")
    _choose_language(page, "Norsk (bokmål)", "Tre veier inn")
    expect(page.get_by_text("Jeg har fått en invitasjon")).to_be_visible()
    assert_accessible(page)


def test_home_page_on_a_phone(page: Page, app_server: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(app_server)
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Tre veier inn")).to_be_visible()
    expect(page.get_by_label("Invitasjonskode eller lenke")).to_be_visible()
