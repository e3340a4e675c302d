"""Storage: migrations, concurrency and clear errors, on SQLite and (when reachable) PostgreSQL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text
from sqlmodel import func, select

from core.db import (
    DatabaseUnavailableError,
    check_connection,
    current_revision,
    get_engine,
    head_revision,
    migrate,
    read_session,
    write_session,
)
from core.models import AssessmentResponse, Cohort


def test_migrations_create_every_table(storage_engine: Engine) -> None:
    tables = set(inspect(storage_engine).get_table_names())
    assert {"cohorts", "participants", "ties", "assessment_responses", "consents"} <= tables
    assert current_revision(storage_engine) == head_revision()


def test_migrating_twice_changes_nothing_and_keeps_data(storage_engine: Engine) -> None:
    with write_session(storage_engine) as session:
        session.add(Cohort(name="Kull 1"))
    assert migrate(storage_engine) is False
    with read_session(storage_engine) as session:
        assert session.exec(select(Cohort.name)).all() == ["Kull 1"]


def test_three_hundred_simultaneous_submissions_are_all_stored(storage_engine: Engine) -> None:
    # The room of 300 pressing Submit in the same second: every commit must land.
    def submit(i: int) -> None:
        with write_session(storage_engine) as session:
            session.add(
                AssessmentResponse(
                    instrument_id="digital_fitness",
                    instrument_version=1,
                    answers={"q": i % 5 + 1},
                    status="submitted",
                )
            )

    with ThreadPoolExecutor(max_workers=32) as pool:
        list(pool.map(submit, range(300)))
    with read_session(storage_engine) as session:
        stored = session.exec(select(func.count()).select_from(AssessmentResponse)).one()
    assert stored == 300


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    engine = get_engine(f"sqlite:///{tmp_path / 'wal.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_write_session_rolls_back_on_error(tmp_path: Path) -> None:
    engine = get_engine(f"sqlite:///{tmp_path / 'rollback.db'}")
    migrate(engine)

    def half_done() -> None:
        with write_session(engine) as session:
            session.add(Cohort(name="halfway"))
            session.flush()
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        half_done()
    with read_session(engine) as session:
        assert session.exec(select(Cohort)).all() == []


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("not a url at all", "DATABASE_URL is not a valid database address"),
        ("nosuchdb://user@host/db", "DATABASE_URL names a database"),
    ],
)
def test_a_malformed_database_url_gets_one_clear_message(url: str, expected: str) -> None:
    with pytest.raises(DatabaseUnavailableError, match=expected):
        get_engine(url)


def test_an_unreachable_server_names_the_setting_and_hides_the_password() -> None:
    engine = get_engine("postgresql+psycopg://samspill:secret@127.0.0.1:1/nowhere")
    with pytest.raises(DatabaseUnavailableError) as caught:
        check_connection(engine)
    assert "DATABASE_URL" in str(caught.value)
    assert "secret" not in str(caught.value)


def test_an_older_database_is_upgraded_not_dropped(tmp_path: Path) -> None:
    # A database at the first migration with data in it: upgrading keeps the data.
    from alembic import command

    from core.db import _alembic_config

    engine = get_engine(f"sqlite:///{tmp_path / 'old.db'}")
    config = _alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
    with write_session(engine) as session:
        session.add(Cohort(name="Fra 2025"))
    migrate(engine)
    assert current_revision(engine) == head_revision()
    with read_session(engine) as session:
        assert session.exec(select(Cohort.name)).all() == ["Fra 2025"]
