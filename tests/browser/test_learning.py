"""Journey: a visitor opens the learning path, then reads a lesson in Norwegian."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from core.lessons import load_lessons
from tests.browser.conftest import assert_accessible, wait_for_app


def test_a_visitor_reads_a_lesson_in_norwegian(page: Page, app_server: str) -> None:
    first = load_lessons().in_language("nb")[0]
    page.goto(app_server)
    wait_for_app(page)
    page.get_by_role("link", name="Min læringssti").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Min læringssti")).to_be_visible()
    expect(page.get_by_text("Ingenting lagres", exact=False)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Åpne leksjonen").first.click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name=first.title, level=1)).to_be_visible()
    for heading in ("Idéen", "Et eksempel", "Refleksjon", "Ambisjon", "Sjekk forståelsen"):
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(page.get_by_label("Din refleksjon")).to_be_visible()
    expect(page.get_by_role("radiogroup", name="Velg ett svar")).to_be_visible()
    assert_accessible(page)

    correct = first.check.options[first.check.correct_index]
    page.get_by_role("radio", name=correct.text).check(force=True)
    wait_for_app(page)
    expect(page.get_by_text("Riktig.", exact=False)).to_be_visible()
    page.get_by_role("button", name="Merk som fullført").click()
    wait_for_app(page)
    expect(page.get_by_text("Leksjonen er fullført.")).to_be_visible()
