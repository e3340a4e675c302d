"""Scoring and group aggregation over 15,000 and 1,500,000 submitted responses, in SQL.

Times the aggregates the facilitator's comparison is built on (``core.aggregates``: per
group, per organisation and for the whole cohort, from the stored ``response_scores``), the
respondent count per group, and the comparison page's reads with the anonymity rule
applied: for the whole cohort what the page shows above ``GROUP_VIEW_LIMIT`` groups (the
group count, then the cohort's rollup and the organisations with most answers,
``core.comparison.top_score_rollups``), for a few organisations every group
(``dimension_scores``) and the rollups (``score_rollups``); every group's scores and every
organisation's rollup for the whole cohort stay as reference rows (no page reads them any
more). On SQLite and on PostgreSQL. The baseline is
the way results were computed before scores were stored: load every answer set of the round
and score it in Python (``core.scoring``), as ``core.results`` does for one group. At
1,500,000 it is estimated from 15,000 (the work is linear in the responses) and marked so.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, text
from sqlmodel import Session, col, select

from bench.cohort_data import Cohort, answer_pool, ensure_cohort
from bench.common import RESULTS_DIR, Row, measured, timed

SIZES = (15_000, 1_500_000)
QUICK_SIZES = (300,)
REPEATS = {15_000: 5, 1_500_000: 2}
BASELINE_REPEATS = 2
"""Runs of the slow Python baseline (seconds each at 15,000 responses)."""
PG_URL = os.environ.get(
    "BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/samspill_bench"
)
COHORT_TARGET = 1.0
"""Issue #8: cohort aggregation over 1,500,000 responses under a second on PostgreSQL."""
FILTERED_ORGANISATIONS = 5
"""A facilitator's filter: a few organisations of the cohort."""
TARGETED = ("organisation rollup", "cohort aggregate", "comparison")
"""Rows (by how their name starts) a facilitator waits for, held to the issue's second."""


def run(quick: bool = False) -> list[Row]:
    """Python scoring, then every aggregate on each database this machine offers."""
    sizes = QUICK_SIZES if quick else SIZES
    rows = [_python_scoring(sizes[0], 1 if quick else 3)]
    folder = Path(tempfile.mkdtemp(prefix="samspill-bench-")) if quick else RESULTS_DIR
    databases = {"sqlite": f"sqlite:///{folder / 'cohort.db'}"}
    pg = None if quick else _postgres_version()
    if pg is not None:
        databases["postgresql"] = PG_URL
    else:
        rows.append(Row("aggregates on PostgreSQL", "-", note=_no_pg_note(quick)))
    for name, url in databases.items():
        baseline: dict[int, list[float]] = {}
        for size in sizes:
            start = time.perf_counter()
            engine, cohort, generated = ensure_cohort(url, size)
            if generated:
                rows.append(
                    Row(
                        f"generate cohort ({name})",
                        f"{size:,} responses",
                        [time.perf_counter() - start],
                        note="Bulk load of generated data, done once; later runs reuse it.",
                    )
                )
            repeats = 1 if quick else REPEATS[size]
            if name == "sqlite" and size >= 1_000_000:
                repeats = 1  # SQLite reads the table behind the index: tens of seconds a call
            if size == sizes[0]:
                baseline[size] = timed(
                    partial(_python_path, engine, cohort), min(repeats, BASELINE_REPEATS)
                )
            rows.extend(_aggregates(name, engine, cohort, repeats, baseline, sizes[0]))
            if quick:
                engine.dispose()
    if quick:
        shutil.rmtree(folder, ignore_errors=True)
    return rows


def postgres_version() -> str | None:
    """The server's version string, or None when no PostgreSQL answers at the bench URL."""
    return _postgres_version()


def _aggregates(
    name: str,
    engine: Engine,
    cohort: Cohort,
    repeats: int,
    baseline: dict[int, list[float]],
    measured_size: int,
) -> list[Row]:
    from core.aggregates import cohort_stats, group_stats, organisation_stats, respondents_by_group
    from core.comparison import dimension_scores, score_rollups

    rid, cid, size = cohort.round_id, cohort.cohort_id, cohort.responses
    few = _some_organisations(engine, cid, FILTERED_ORGANISATIONS)
    calls: dict[str, Callable[[Session], Any]] = {
        "group aggregate (group_stats)": lambda s: group_stats(s, round_ids=[rid]),
        "organisation rollup (organisation_stats)": lambda s: organisation_stats(s, round_id=rid),
        "cohort aggregate (cohort_stats)": lambda s: cohort_stats(s, round_id=rid),
        "respondents per group": lambda s: respondents_by_group(s, cohort_id=cid, round_ids=[rid]),
        "comparison, whole cohort (as the page reads it)": partial(_whole_cohort, cid, rid),
        f"comparison view, {len(few)} organisations": lambda s: dimension_scores(
            s, cohort_id=cid, round_id=rid, organisation_ids=few
        ),
        f"comparison rollups, {len(few)} organisations": lambda s: score_rollups(
            s, cohort_id=cid, round_id=rid, label="cohort", organisation_ids=few
        ),
        "every group's scores (dimension_scores; no page reads it)": lambda s: dimension_scores(
            s, cohort_id=cid, round_id=rid
        ),
        "every organisation's rollup (score_rollups; no page reads it)": lambda s: score_rollups(
            s, cohort_id=cid, round_id=rid, label="cohort"
        ),
    }
    rows = []
    label = f"{size:,} responses, {name}"
    for what, call in calls.items():
        try:
            times, cpu = measured(partial(_in_session, engine, call), repeats)
        except Exception as exc:  # a failing aggregate is a finding, not a crash of the run
            first = str(exc).strip().splitlines()[0][:160]
            rows.append(Row(what, label, note=f"failed: {type(exc).__name__}: {first}"))
            continue
        # On PostgreSQL the work happens in the server, so this process's CPU says nothing.
        row = Row(what, label, times, cpu if name == "sqlite" else [])
        if what.startswith("group aggregate"):
            row.baseline_name = "load + score in Python"
            row.baseline = [t * size / measured_size for t in baseline[measured_size]]
            row.estimated = size != measured_size
        if what.startswith(TARGETED) and name == "postgresql" and size >= 1_500_000:
            row.target = COHORT_TARGET
        rows.append(row)
    return rows


def _whole_cohort(cohort_id: int, round_id: int, session: Session) -> Any:
    """What the comparison page reads for the whole cohort: the group count decides.

    A small cohort: every group and the rollups; a national one: the bounded rollups.
    """
    from core.comparison import (
        GROUP_VIEW_LIMIT,
        ORGANISATIONS_LISTED,
        count_groups,
        dimension_scores,
        score_rollups,
        top_score_rollups,
    )

    if count_groups(session, cohort_id=cohort_id) <= GROUP_VIEW_LIMIT:
        dimension_scores(session, cohort_id=cohort_id, round_id=round_id)
        return score_rollups(session, cohort_id=cohort_id, round_id=round_id, label="cohort")
    return top_score_rollups(
        session, cohort_id=cohort_id, round_id=round_id, label="cohort", first=ORGANISATIONS_LISTED
    )


def _some_organisations(engine: Engine, cohort_id: int, count: int) -> list[int]:
    query = text("SELECT id FROM organisations WHERE cohort_id = :c ORDER BY id LIMIT :n")
    with engine.connect() as conn:
        return [int(r[0]) for r in conn.execute(query, {"c": cohort_id, "n": count}).all()]


def _in_session(engine: Engine, call: Callable[[Session], Any]) -> None:
    with Session(engine) as session:
        call(session)


def _python_scoring(size: int, repeats: int) -> Row:
    """score_dimensions over answer sets already in memory: the CPU part alone."""
    from core.instruments import load_instrument
    from core.scoring import score_dimensions

    instrument = load_instrument("digital_fitness")
    pool = answer_pool(instrument)
    answers = [pool[i % len(pool)] for i in range(size)]

    def score_all() -> None:
        for one in answers:
            score_dimensions(instrument, one)

    return Row("score_dimensions in Python", f"{size:,} responses", *measured(score_all, repeats))


def _python_path(engine: Engine, cohort: Cohort) -> None:
    """The pre-aggregate way: every answer set of the round from the database, scored per group."""
    from core.instruments import load_instrument
    from core.models import AssessmentResponse, Participant
    from core.scoring import group_profile, score_dimensions

    instrument = load_instrument("digital_fitness")
    query = (
        select(Participant.group_id, AssessmentResponse.answers)
        .join(Participant, col(AssessmentResponse.participant_id) == Participant.id)
        .where(
            AssessmentResponse.round_id == cohort.round_id,
            AssessmentResponse.status == "submitted",
        )
    )
    by_group: dict[int, list[Any]] = {}
    with Session(engine) as session:
        for group_id, answers in session.exec(query).all():
            by_group.setdefault(group_id, []).append(score_dimensions(instrument, answers))
    for scores in by_group.values():
        group_profile(scores)


def _postgres_version() -> str | None:
    try:
        from bench.cohort_data import _create_pg_database

        _create_pg_database(PG_URL)
        probe = create_engine(PG_URL, connect_args={"connect_timeout": 3})
        with probe.connect() as conn:
            version = str(conn.execute(text("SHOW server_version")).scalar_one())
        probe.dispose()
    except Exception:  # any failure means "no PostgreSQL here"
        return None
    return f"PostgreSQL {version.split()[0]}"


def _no_pg_note(quick: bool) -> str:
    if quick:
        return "Skipped in the quick run."
    return f"No PostgreSQL answered at {PG_URL}: set BENCH_PG_URL to bench it."


if __name__ == "__main__":
    from bench.common import table

    print(table(run()))
