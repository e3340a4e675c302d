"""A shared installation: two app processes on one PostgreSQL see each other's submissions."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import text

from core.db import current_revision, get_engine, head_revision
from tests.browser.conftest import open_network_survey, search_roster
from tests.deploy.apps import (
    ALREADY,
    SLOW_MS,
    THANKS,
    colleague_with_link,
    demo_open_round,
    open_assessment,
    ready_participants,
    running,
    samspill,
    submitted_ids,
    wait_until_idle,
)
from ui.data import REVISION_POLL_SECONDS

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


def test_a_deletion_through_one_process_leaves_the_other_process_pages(
    pg_demo_url: str, page: Page, tmp_path: Path
) -> None:
    # Each process caches the survey roster for minutes; the erasure through B must still
    # take the name out of what A offers, because it is personal data the person withdrew.
    (viewer,) = ready_participants(pg_demo_url, 1)
    leaving = colleague_with_link(pg_demo_url, viewer.participant_id)
    with (
        running(pg_demo_url, tmp_path / "a.log") as a,
        running(pg_demo_url, tmp_path / "b.log") as b,
    ):
        open_network_survey(page, a.base, viewer.token)
        search_roster(page, leaving.name)
        expect(page.get_by_text("Viser 1 av 1").first).to_be_visible()
        expect(page.get_by_role("button", name=leaving.name)).not_to_have_count(0)

        other = page.context.new_page()
        other.goto(f"{b.base}/?token={leaving.token}", timeout=SLOW_MS)
        wait_until_idle(other)
        other.get_by_role("link", name="Mine data").first.click()
        wait_until_idle(other)
        other.get_by_label("Skriv SLETT for å bekrefte").fill("SLETT")
        other.get_by_role("button", name="Slett alle opplysningene mine nå").click()
        wait_until_idle(other)
        expect(other.get_by_text("Alt som var lagret om deg, er slettet")).to_be_visible()

        page.wait_for_timeout(REVISION_POLL_SECONDS * 1000 + 500)
        open_network_survey(page, a.base, viewer.token)  # the viewer comes back to A
        search_roster(page, leaving.name)
        # Waiting for the search's answer, so an unfinished rerun cannot pass for it.
        expect(page.get_by_text("Ingen treff").first).to_be_visible()
        expect(page.get_by_role("button", name=leaving.name)).to_have_count(0)
