"""Crash safety: `kill -9` in the middle of a burst of submits loses nothing acknowledged."""

from __future__ import annotations

import shutil
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, WebSocket, expect
from sqlalchemy.engine import make_url
from sqlmodel import col, select

from core.db import get_engine, read_session
from core.instruments import load_instrument
from core.models import AssessmentResponse
from core.results import INSTRUMENT_ID
from core.scoring import is_complete
from tests.deploy.apps import (
    SLOW_MS,
    THANKS,
    AppProcess,
    Ready,
    demo_open_round,
    follow_assessment_link,
    open_assessment,
    ready_participants,
    submitted_ids,
    wait_until_idle,
)

BURST = 4  # browser tabs submitting at once; enough to have some in flight at the kill


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(
    request: pytest.FixtureRequest, demo_template: Path, tmp_path: Path
) -> Iterator[str]:
    """The demo region in a SQLite file of its own, or in the test PostgreSQL database."""
    if request.param == "postgresql":
        yield request.getfixturevalue("pg_demo_url")
        return
    copy = tmp_path / "samspill.db"
    shutil.copy(demo_template, copy)
    url = f"sqlite:///{copy}"
    yield url
    get_engine(url).dispose()


def test_kill_9_during_a_burst_loses_no_acknowledged_submission(
    database_url: str, browser: Browser, tmp_path: Path
) -> None:
    people = ready_participants(database_url, BURST)
    round_ = demo_open_round(database_url)
    thanks = THANKS.format(round=round_.name).encode()
    app = AppProcess(database_url, tmp_path / "streamlit.log").start()
    acknowledged: set[int] = set()
    context = browser.new_context()
    try:
        pages = [_watch(context.new_page(), who, thanks, acknowledged) for who in people]
        # All tabs load at once, as a room opening its invite links does.
        for page, who in zip(pages, people, strict=True):
            page.goto(f"{app.base}/?token={who.token}", wait_until="commit", timeout=SLOW_MS)
        for page in pages:
            wait_until_idle(page)
            follow_assessment_link(page)
            _wait_for_submit_button(page)
        half = len(pages) // 2
        for page in pages[:half]:
            _click_submit(page)
        _wait_for_first_acknowledgement(pages[0], acknowledged)
        for page in pages[half:]:
            _click_submit(page)
        app.kill_hard()
        for page in pages:  # deliver the websocket frames the browser got before the kill
            page.wait_for_timeout(50)
    finally:
        context.close()
        app.stop()

    ids = [who.participant_id for who in people]
    stored = submitted_ids(database_url, ids)
    print(f"burst of {len(ids)}: {len(acknowledged)} acknowledged, {len(stored)} stored")
    assert acknowledged, "no submit was acknowledged before the kill; the test proved nothing"
    assert acknowledged <= stored, f"acknowledged but lost: {sorted(acknowledged - stored)}"
    _assert_database_intact(database_url, round_.id or 0, ids)

    # After a restart, whoever was not stored still has their full draft and can submit.
    app.start()
    try:
        page = browser.new_page()
        for who in people:
            if who.participant_id not in stored:
                open_assessment(page, app.base, who.token)
                _wait_for_submit_button(page)
                _click_submit(page)
                expect(page.get_by_text(thanks.decode())).to_be_visible()
        page.close()
    finally:
        app.stop()
    assert submitted_ids(database_url, ids) == set(ids)


def _watch(page: Page, who: Ready, thanks: bytes, acknowledged: set[int]) -> Page:
    """Note when the server's confirmation of this participant's submit reaches the browser."""

    def on_websocket(socket: WebSocket) -> None:
        def on_frame(payload: str | bytes) -> None:
            data = payload.encode() if isinstance(payload, str) else payload
            if thanks in data:
                acknowledged.add(who.participant_id)

        socket.on("framereceived", on_frame)

    page.on("websocket", on_websocket)
    return page


def _wait_for_submit_button(page: Page) -> None:
    expect(page.get_by_role("button", name="Send inn svarene")).to_be_enabled()


def _click_submit(page: Page) -> None:
    # Only the click: the reply is awaited (or cut off by the kill) elsewhere.
    page.get_by_role("button", name="Send inn svarene").click(no_wait_after=True)


def _wait_for_first_acknowledgement(page: Page, acknowledged: set[int]) -> None:
    deadline = time.monotonic() + 60
    while not acknowledged and time.monotonic() < deadline:
        page.wait_for_timeout(25)


def _assert_database_intact(database_url: str, round_id: int, ids: list[int]) -> None:
    """No torn writes: the file checks clean and every response is whole, once."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        with sqlite3.connect(str(url.database)) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    instrument = load_instrument(INSTRUMENT_ID)
    engine = get_engine(database_url)
    with read_session(engine) as session:
        query = select(AssessmentResponse).where(
            col(AssessmentResponse.participant_id).in_(ids),
            AssessmentResponse.round_id == round_id,
            AssessmentResponse.instrument_id == INSTRUMENT_ID,
        )
        responses = list(session.exec(query))
    assert sorted(r.participant_id or 0 for r in responses) == sorted(ids)
    for response in responses:
        assert is_complete(instrument, response.answers)
        assert (response.status == "submitted") == (response.submitted_at is not None)
    engine.dispose()
