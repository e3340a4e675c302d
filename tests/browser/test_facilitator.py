"""Journey: a facilitator signs in and compares the demo region's municipalities side by side."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from core.db import get_engine
from tests.browser.conftest import assert_accessible, wait_for_app
from tests.pages.helpers import a_facilitator

EMAIL = "kursleder@example.no"
PASSWORD = "et langt passord her"  # what tests.pages.helpers.a_facilitator sets
MUNICIPALITIES = (
    "Elvedal kommune",
    "Fjellbygd kommune",
    "Havstad kommune",
    "Myrvoll kommune",
    "Nordvika kommune",
    "Skogheim kommune",
)


@pytest.fixture
def facilitator(app_server: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A facilitator account in the running server's own copy of the demo database."""
    del app_server  # the server must have made its copy first
    # app_server copies the demo to <basetemp>/browser0/demo.db ("browsercurrent" links it).
    (db,) = tmp_path_factory.getbasetemp().glob("browser[0-9]*/demo.db")
    engine = get_engine(f"sqlite:///{Path(db)}")
    try:
        a_facilitator(engine)
    finally:
        engine.dispose()
        get_engine.cache_clear()
    return EMAIL


def test_facilitator_signs_in_and_compares_the_municipalities(
    page: Page, app_server: str, facilitator: str
) -> None:
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(app_server)
    wait_for_app(page)
    page.get_by_role("link", name="Innlogging for kursledere").click()
    wait_for_app(page)
    page.get_by_label("E-post").fill(facilitator)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Svar akkurat nå")).to_be_visible()

    page.get_by_role("link", name="Sammenlign grupper").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Sammenlign grupper", level=1)).to_be_visible()
    heatmap = page.locator("[data-testid='stPlotlyChart']").first
    expect(heatmap).to_be_visible()
    for municipality in MUNICIPALITIES:
        # Each municipality labels rows of the heatmap: side by side on one chart.
        expect(heatmap.get_by_text(municipality).first).to_be_attached()
    expect(page.get_by_role("heading", name="Nettverksmål")).to_be_visible()
    assert_accessible(page)
