"""A shared installation: two app processes on one PostgreSQL see each other's submissions."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import text

from core.db import current_revision, get_engine, head_revision
from tests.deploy.apps import (
    ALREADY,
    THANKS,
    demo_open_round,
    open_assessment,
    ready_participants,
    running,
    samspill,
    submitted_ids,
    wait_until_idle,
)

pytestmark = pytest.mark.postgres


def test_processes_starting_together_migrate_once(pg_empty_url: str) -> None:
    # Every replica runs `samspill init` as it starts; the advisory lock in core.db.migrate
    # makes the second wait and then find the schema current, instead of failing half-way.
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda _: samspill(pg_empty_url, "init"), range(3)))
    assert [r.returncode for r in results] == [0, 0, 0], [r.stderr for r in results]
    said = sorted(r.stdout.strip().splitlines()[-1] for r in results)
    assert said == ["Database schema is up to date."] * 2 + ["Database schema upgraded."]
    engine = get_engine(pg_empty_url)
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1


def test_a_submission_through_one_process_shows_in_the_other(
    pg_demo_url: str, page: Page, tmp_path: Path
) -> None:
    pg_url = pg_demo_url
    first, second = ready_participants(pg_url, 2)
    round_name = demo_open_round(pg_url).name

    with running(pg_url, tmp_path / "a.log") as a, running(pg_url, tmp_path / "b.log") as b:
        # Through A: the first participant submits.
        _submit(page, a.base, first.token, round_name)
        # Through B, a different process with its own caches and sessions: already submitted.
        open_assessment(page, b.base, first.token)
        expect(page.get_by_text(ALREADY.format(round=round_name))).to_be_visible()

        # And the other way round, so neither process is special.
        _submit(page, b.base, second.token, round_name)
        open_assessment(page, a.base, second.token)
        expect(page.get_by_text(ALREADY.format(round=round_name))).to_be_visible()

    assert submitted_ids(pg_url, [first.participant_id, second.participant_id]) == {
        first.participant_id,
        second.participant_id,
    }


def _submit(page: Page, base: str, token: str, round_name: str) -> None:
    open_assessment(page, base, token)
    page.get_by_role("button", name="Send inn svarene").click()
    wait_until_idle(page)
    expect(page.get_by_text(THANKS.format(round=round_name))).to_be_visible()
