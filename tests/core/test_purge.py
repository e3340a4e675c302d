"""Retention: a cohort's personal data is deleted after its end date, and not before."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from core.cli import main
from core.db import get_engine, read_session, write_session
from core.erasure import purge_expired
from core.models import Ambition, Cohort, Group, Organisation, Participant, SurveyRound, Tie
from tests.core.test_erasure import ADA_EMAIL, ADA_NAME, build_world, rows_mentioning

END = date(2026, 6, 30)


def _names(session: Session) -> list[str]:
    return sorted(session.exec(select(Participant.name)).all())


@pytest.fixture
def cli_engine() -> Iterator[None]:
    """`samspill` calls get_engine() without a URL, cached once per process: start and end clean."""
    get_engine.cache_clear()
    yield
    get_engine.cache_clear()


def test_nothing_changes_on_or_before_the_end_date(storage_engine: Engine) -> None:
    with write_session(storage_engine) as session:
        build_world(session, end_date=END)
    for today in (date(2026, 1, 1), END):
        with write_session(storage_engine) as session:
            assert purge_expired(session, today=today) == []
    with read_session(storage_engine) as session:
        assert len(_names(session)) == 5


def test_after_the_end_date_every_participant_goes_and_the_course_shell_stays(
    storage_engine: Engine,
) -> None:
    with write_session(storage_engine) as session:
        world = build_world(session, end_date=END)

    with write_session(storage_engine) as session:
        (result,) = purge_expired(session, today=date(2026, 7, 1))

    assert result.cohort_id == world.cohort
    assert result.end_date == END
    assert result.report["participants"] == 4
    with read_session(storage_engine) as session:
        assert _names(session) == ["Ex Gran"]  # the other cohort has no end date
        assert rows_mentioning(session, ADA_NAME, ADA_EMAIL, "Bo Berg", "Eve Foss") == []
        assert session.exec(select(Tie).where(Tie.round_id == world.round)).all() == []
        assert session.exec(select(Ambition)).all() == []
        # The course itself is not personal data: it stays, so it is clear it ran.
        assert session.get(Cohort, world.cohort) is not None
        assert session.get(Group, world.group) is not None
        assert session.get(SurveyRound, world.round) is not None
        assert len(session.exec(select(Organisation)).all()) == 2

    with write_session(storage_engine) as session:
        (again,) = purge_expired(session, today=date(2026, 7, 1))
    assert again.report.total == 0


def test_dry_run_reports_exactly_what_would_go_and_changes_nothing(
    storage_engine: Engine,
) -> None:
    with write_session(storage_engine) as session:
        build_world(session, end_date=END)

    with write_session(storage_engine) as session:
        (planned,) = purge_expired(session, today=date(2027, 1, 1), dry_run=True)
    with read_session(storage_engine) as session:
        assert len(_names(session)) == 5
    with write_session(storage_engine) as session:
        (done,) = purge_expired(session, today=date(2027, 1, 1))

    assert planned.report.counts == done.report.counts
    assert planned.report["participants"] == 4


def test_purge_command_dry_run_then_for_real(
    demo_engine: Engine, cli_engine: None, capsys: pytest.CaptureFixture[str]
) -> None:
    with read_session(demo_engine) as session:
        tokens = [t for t in session.exec(select(Participant.invite_token)).all() if t]
        people = len(_names(session))
    assert main(["purge", "--today", "2027-06-30"]) == 0
    assert "nothing to delete" in capsys.readouterr().out

    assert main(["purge", "--today", "2027-07-01", "--dry-run"]) == 0
    planned = capsys.readouterr().out
    assert "would delete" in planned
    assert f"participants {people}" in planned
    with read_session(demo_engine) as session:
        assert len(_names(session)) == people

    assert main(["purge", "--today", "2027-07-01"]) == 0
    done = capsys.readouterr().out
    assert "deleted" in done
    assert not any(token in planned + done for token in tokens)
    with read_session(demo_engine) as session:
        assert _names(session) == []

    assert main(["purge", "--today", "2027-07-01"]) == 0
    assert "already purged" in capsys.readouterr().out


def test_purge_command_refuses_a_malformed_date(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["purge", "--today", "30.06.2027"])
    assert "is not a date like 2026-06-30" in capsys.readouterr().err
