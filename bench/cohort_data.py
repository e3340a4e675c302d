"""A synthetic national cohort of submitted self-assessments, bulk-loaded and kept for reuse.

One cohort per size, one open round, organisations of ten groups of ten people, every
person with one submitted response. Answers are real, complete answer sets drawn from a
pool of scored ones, and each response's ``response_scores`` rows are that set's scores, so
the table holds exactly what ``core.aggregates.record_scores`` would have written. Loading
goes around the ORM: ``executemany`` on SQLite, ``COPY`` on PostgreSQL. A database whose
cohort already has the right number of responses (and the newest schema) is reused.
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from core.aggregates import INSTRUMENT_ID, score_rows
from core.db import get_engine, migrate
from core.instruments import Instrument, load_instrument

GROUP_SIZE = 10
GROUPS_PER_ORGANISATION = 10
POOL = 1_000
"""Distinct answer sets; responses reuse them, so generating 1.5 million stays cheap."""


@dataclass(frozen=True)
class Cohort:
    """Where the generated cohort of one size lives in a database."""

    cohort_id: int
    round_id: int
    responses: int


def cohort_name(responses: int) -> str:
    return f"Bench: {responses:,} responses"


def ensure_cohort(url: str, responses: int) -> tuple[Engine, Cohort, bool]:
    """An engine and the cohort with ``responses`` submitted responses; True if generated now.

    A cohort left half-loaded by an interrupted run is thrown away with the whole bench
    database and generated again; an older schema is migrated like any installation.
    """
    engine = _migrated(url)
    found, complete = _existing(engine, responses)
    if found is not None and complete:
        if not _has_totals(engine, found.round_id):  # loaded before the totals existed
            _rebuild_totals(engine, found.round_id)
        return engine, found, False
    if found is not None:
        _wipe(engine)
        engine = _migrated(url)
    _load(engine, responses)
    found, complete = _existing(engine, responses)
    if found is None or not complete:
        raise RuntimeError(f"generating {responses:,} responses left an incomplete cohort")
    _rebuild_totals(engine, found.round_id)
    return engine, found, True


def _has_totals(engine: Engine, round_id: int) -> bool:
    query = text("SELECT 1 FROM group_respondents WHERE round_id = :r LIMIT 1")
    with engine.connect() as conn:
        return conn.execute(query, {"r": round_id}).first() is not None


def _rebuild_totals(engine: Engine, round_id: int) -> None:
    """The group totals and organisation rollups submit keeps current, built after a bulk load."""
    from core.aggregates import rebuild_rollups, rebuild_totals

    with engine.begin() as conn:
        rebuild_totals(conn, round_ids=[round_id])
        rebuild_rollups(conn, round_ids=[round_id])
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))  # index-only scans need the visibility map


def _migrated(url: str) -> Engine:
    """An engine on a database upgraded to the newest schema; migrations keep the data."""
    if make_url(url).get_backend_name() == "postgresql":
        _create_pg_database(url)
    engine = get_engine(url)
    migrate(engine)
    return engine


def answer_pool(instrument: Instrument, size: int = POOL, seed: int = 8) -> list[dict[str, int]]:
    """Complete answer sets around a per-person level, with some "don't know" (0) answers."""
    rnd = random.Random(seed)
    pool = []
    for _ in range(size):
        level = rnd.uniform(1.5, 4.5)
        answers = {}
        for key in instrument.answer_keys:
            if rnd.random() < 0.05:
                answers[key] = 0
            else:
                answers[key] = min(5, max(1, round(rnd.gauss(level, 0.8))))
        pool.append(answers)
    return pool


def _existing(engine: Engine, responses: int) -> tuple[Cohort | None, bool]:
    """The cohort of this size if present, and whether all its responses are there."""
    query = text(
        "SELECT c.id, r.id, (SELECT count(*) FROM assessment_responses a WHERE a.round_id = r.id) "
        "FROM cohorts c JOIN survey_rounds r ON r.cohort_id = c.id WHERE c.name = :name"
    )
    with engine.connect() as conn:
        row = conn.execute(query, {"name": cohort_name(responses)}).first()
    if row is None:
        return None, False
    return Cohort(int(row[0]), int(row[1]), responses), int(row[2]) == responses


def _load(engine: Engine, responses: int) -> None:
    instrument = load_instrument(INSTRUMENT_ID)
    pool = answer_pool(instrument)
    pool_json = [json.dumps(a, separators=(",", ":")) for a in pool]
    pool_scores = [score_rows(instrument, a) for a in pool]
    now = datetime.now(UTC).isoformat()
    rnd = random.Random(responses)
    with engine.begin() as conn:
        start = {
            table: int(conn.execute(text(f"SELECT coalesce(max(id), 0) FROM {table}")).scalar_one())
            + 1
            for table in ("organisations", "groups", "participants", "assessment_responses")
        }
        conn.execute(
            text("INSERT INTO cohorts (name, description, created_at) VALUES (:n, '', :t)"),
            {"n": cohort_name(responses), "t": now},
        )
        cohort_id = conn.execute(
            text("SELECT id FROM cohorts WHERE name = :n"), {"n": cohort_name(responses)}
        ).scalar_one()
        conn.execute(
            text(
                "INSERT INTO survey_rounds (cohort_id, name, sequence, status, opened_at) "
                "VALUES (:c, 'Baseline', 1, 'open', :t)"
            ),
            {"c": cohort_id, "t": now},
        )
        round_id = conn.execute(
            text("SELECT id FROM survey_rounds WHERE cohort_id = :c"), {"c": cohort_id}
        ).scalar_one()
    groups = max(1, responses // GROUP_SIZE)
    organisations = max(1, groups // GROUPS_PER_ORGANISATION)
    org0, group0, person0, response0 = (
        start["organisations"],
        start["groups"],
        start["participants"],
        start["assessment_responses"],
    )
    picks = [rnd.randrange(POOL) for _ in range(responses)]

    def group_of(i: int) -> int:
        return group0 + min(i // GROUP_SIZE, groups - 1)

    tables: dict[str, tuple[tuple[str, ...], Iterator[tuple[Any, ...]]]] = {
        "organisations": (
            ("id", "cohort_id", "name", "kind"),
            (
                (org0 + o, cohort_id, f"Organisation {o}", "municipality")
                for o in range(organisations)
            ),
        ),
        "groups": (
            ("id", "organisation_id", "name", "kind", "named_network"),
            (
                (
                    group0 + g,
                    org0 + min(g // GROUPS_PER_ORGANISATION, organisations - 1),
                    f"Group {g}",
                    "management" if g % GROUPS_PER_ORGANISATION == 0 else "network",
                    False,
                )
                for g in range(groups)
            ),
        ),
        "participants": (
            ("id", "group_id", "name", "role", "department", "is_leader", "created_at"),
            (
                (person0 + i, group_of(i), f"Person {i}", "", "", i % GROUP_SIZE == 0, now)
                for i in range(responses)
            ),
        ),
        "assessment_responses": (
            (
                "id",
                "participant_id",
                "round_id",
                "instrument_id",
                "instrument_version",
                "answers",
                "status",
                "started_at",
                "updated_at",
                "submitted_at",
            ),
            (
                (
                    response0 + i,
                    person0 + i,
                    round_id,
                    INSTRUMENT_ID,
                    instrument.version,
                    pool_json[picks[i]],
                    "submitted",
                    now,
                    now,
                    now,
                )
                for i in range(responses)
            ),
        ),
        "response_scores": (
            ("response_id", "dimension_id", "round_id", "group_id", "score"),
            (
                (response0 + i, dimension, round_id, group_of(i), score)
                for i in range(responses)
                for dimension, score in pool_scores[picks[i]]
            ),
        ),
    }
    if engine.dialect.name == "postgresql":
        _copy_postgres(engine, tables)
    else:
        _insert_sqlite(engine, tables)


def _insert_sqlite(
    engine: Engine, tables: dict[str, tuple[tuple[str, ...], Iterator[tuple[Any, ...]]]]
) -> None:
    database = make_url(str(engine.url)).database
    assert database
    engine.dispose()  # leaving journal mode needs the only connection
    conn = sqlite3.connect(database)
    try:
        # A bulk load needs no journal: an interrupted one is detected and redone.
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -1000000")  # 1 GB: index pages stay in memory
        conn.execute("BEGIN")
        for table, (columns, rows) in tables.items():
            marks = ", ".join("?" for _ in columns)
            conn.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                rows,
            )
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
        conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()


def _copy_postgres(
    engine: Engine, tables: dict[str, tuple[tuple[str, ...], Iterator[tuple[Any, ...]]]]
) -> None:
    raw = engine.raw_connection()
    try:
        dbapi = raw.driver_connection
        assert dbapi is not None
        with dbapi.cursor() as cur:
            for table, (columns, rows) in tables.items():
                with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                if table != "response_scores":
                    cur.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"
                    )
        dbapi.commit()
        dbapi.autocommit = True
        with dbapi.cursor() as cur:
            # The covering index answers the aggregate only once the visibility map is set.
            cur.execute("VACUUM ANALYZE")
        dbapi.autocommit = False
    finally:
        raw.close()


def _create_pg_database(url: str) -> None:
    """Create the bench database on first use; only ever this one, never ``test``."""
    parsed = make_url(url)
    admin = create_engine(
        parsed.set(database="postgres").render_as_string(hide_password=False),
        isolation_level="AUTOCOMMIT",
    )
    try:
        with admin.connect() as conn:
            exists = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :d"), {"d": parsed.database}
            ).first()
            if exists is None:
                conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    finally:
        admin.dispose()


def _wipe(engine: Engine) -> None:
    """Empty a bench database so it can be generated afresh."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    else:
        database = make_url(str(engine.url)).database
        if database:
            Path(database).unlink(missing_ok=True)
    engine.dispose()
    get_engine.cache_clear()
