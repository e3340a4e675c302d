"""Data revisions: every change that page caches cannot see moves the revision, nothing else."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from core.db import read_session, write_session
from core.erasure import erase_cohort, erase_group, erase_participant, purge_expired
from core.revisions import latest_revision
from tests.core.test_erasure import World, build_world

END = date(2026, 6, 30)


@pytest.fixture
def world(storage_engine: Engine) -> World:
    with write_session(storage_engine) as session:
        return build_world(session, end_date=END)


def _latest(engine: Engine) -> int:
    with read_session(engine) as session:
        return latest_revision(session)


def test_a_new_database_has_no_revision(storage_engine: Engine) -> None:
    assert _latest(storage_engine) == 0


@pytest.mark.parametrize(
    "erase",
    [
        lambda s, w: erase_participant(s, w.ada),
        lambda s, w: erase_group(s, w.group),
        lambda s, w: erase_cohort(s, w.cohort),
        lambda s, w: purge_expired(s, today=date(2027, 1, 1)),
    ],
    ids=["participant", "group", "cohort", "purge"],
)
def test_every_kind_of_erasure_moves_the_revision(
    storage_engine: Engine, world: World, erase: Callable[[Session, World], object]
) -> None:
    with write_session(storage_engine) as session:
        erase(session, world)
    first = _latest(storage_engine)
    assert first > 0
    with write_session(storage_engine) as session:
        erase_participant(session, world.stranger)
    assert _latest(storage_engine) > first


def test_an_erasure_rolled_back_or_refused_leaves_the_revision(
    storage_engine: Engine, world: World
) -> None:
    with Session(storage_engine) as session:
        erase_participant(session, world.ada)
        session.rollback()
    with write_session(storage_engine) as session, pytest.raises(LookupError):
        erase_participant(session, 10**9)
    with write_session(storage_engine) as session:
        purge_expired(session, today=date(2027, 1, 1), dry_run=True)
        purge_expired(session, today=date(2026, 1, 1))  # nothing has expired yet
    assert _latest(storage_engine) == 0
