"""Journey: a participant opens "My report" from their invite link and downloads the PDF."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from core.db import get_engine
from tests.browser.conftest import assert_accessible, wait_for_app
from tests.core.test_report_pdf import pdf_pages, pdf_text
from tests.pages.helpers import consented_management_member


def _member(demo_template: Path) -> tuple[str, str]:
    engine = get_engine(f"sqlite:///{demo_template}")
    try:
        member = consented_management_member(engine)
    finally:
        engine.dispose()
        get_engine.cache_clear()
    assert member.invite_token is not None
    return member.invite_token, member.name


def test_a_participant_downloads_their_report_as_pdf(
    page: Page, app_server: str, demo_template: Path, tmp_path: Path
) -> None:
    token, name = _member(demo_template)
    page.goto(f"{app_server}/?token={token}")
    wait_for_app(page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Min rapport").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Personlig rapport", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Neste steg")).to_be_visible()
    expect(page.get_by_text(name).first).to_be_visible()
    assert_accessible(page)

    with page.expect_download(timeout=60_000) as started:
        page.get_by_role("button", name="Last ned rapporten som PDF").click()
    download = started.value
    assert download.suggested_filename.endswith(".pdf")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    pdf = saved.read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert pdf_pages(pdf) >= 1
    assert name in pdf_text(pdf)
