"""The first visit to a freshly started server goes through the router like every other.

Streamlit treats an app with a ``pages/`` folder as an old-style multipage app until the
router's ``st.navigation`` has run once in the process. Until then a page script lying
directly in ``pages/`` can be opened by its file name, without the router's sign-in check.
Our page scripts therefore live one folder down, where that old mode does not look.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import ROOT
from tests.deploy.apps import running, wait_until_idle


def test_no_page_script_lies_directly_in_the_pages_folder() -> None:
    assert sorted(p.name for p in (ROOT / "pages").glob("*.py") if p.name != "__init__.py") == []


@pytest.mark.parametrize("path", ["facilitator_overview", "my_data"])
def test_a_new_servers_first_visitor_cannot_open_a_page_by_its_file_name(
    page: Page, demo_template: Path, tmp_path: Path, path: str
) -> None:
    db = tmp_path / "demo.db"
    shutil.copy(demo_template, db)
    with running(f"sqlite:///{db}", tmp_path / "streamlit.log") as app:
        page.goto(f"{app.base}/{path}")
        wait_until_idle(page)
        main = page.locator("[data-testid='stMain']")
        # The visitor lands on the home page; no course or participant data is shown.
        expect(main.locator("h1").first).to_have_text("Samspill")
        expect(main.get_by_text("Kull", exact=True)).to_have_count(0)
        expect(main.get_by_text("Mine data", exact=True)).to_have_count(0)
