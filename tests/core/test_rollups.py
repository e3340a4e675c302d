"""Organisation rollups kept current at submit, move, erasure and group changes.

The reference is a full scan: every stored score and every submitted response, with the
anonymity rule applied here in the test, independently of core.comparison. The rollups
must equal it after each change, at several thresholds (they are built once for all), and
equal a rebuild from scratch, so a change that skips the maintenance fails here.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection
from typing import Any

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session, col, select

from core.aggregates import (
    INSTRUMENT_ID,
    ROLLUP_CAP,
    cohort_stats,
    combine,
    group_stats,
    organisation_stats,
    rebuild_rollups,
)
from core.comparison import (
    Rollup,
    cohort_rollup,
    dimension_scores,
    organisation_rollups,
    score_rollups,
)
from core.course_setup import update_group
from core.db import read_session, write_session
from core.erasure import erase_participant
from core.instruments import load_instrument
from core.models import (
    AssessmentResponse,
    Group,
    Organisation,
    OrganisationRespondents,
    OrganisationScoreTotal,
    Participant,
    ResponseScore,
    SurveyRound,
)
from core.responses import save_answers, submit_response
from tests.core.test_aggregates import Region, answers_at, build_region

THRESHOLDS = (3, 5, 7)
KINDS = (None, "management", "network")


def _scanned(
    session: Session,
    *,
    cohort_id: int,
    round_id: int,
    limit: int,
    kind: str | None = None,
    organisation_ids: Collection[int] | None = None,
) -> list[tuple[Any, ...]]:
    """Organisation rollups then the cohort's, straight from every score and response."""
    groups = session.execute(
        select(Group.id, Group.kind, Organisation.id, Organisation.name)
        .join(Organisation, col(Group.organisation_id) == Organisation.id)
        .where(Organisation.cohort_id == cohort_id)
        .order_by(Organisation.name)
    ).all()
    respondents: dict[int, int] = defaultdict(int)
    for (gid,) in session.execute(
        select(Participant.group_id)
        .join(AssessmentResponse, col(AssessmentResponse.participant_id) == Participant.id)
        .where(
            AssessmentResponse.round_id == round_id,
            AssessmentResponse.status == "submitted",
            AssessmentResponse.instrument_id == INSTRUMENT_ID,
        )
    ).all():
        respondents[int(gid)] += 1
    scores: dict[tuple[int, str], list[float]] = defaultdict(list)
    for gid, dim, score in session.execute(
        select(ResponseScore.group_id, ResponseScore.dimension_id, ResponseScore.score).where(
            ResponseScore.round_id == round_id
        )
    ).all():
        scores[(int(gid), str(dim))].append(float(score))
    chosen = [
        g
        for g in groups
        if (kind is None or g[1] == kind) and (organisation_ids is None or g[2] in organisation_ids)
    ]

    def rollup(label: str, members: list[Any]) -> tuple[Any, ...]:
        shown = [g[0] for g in members if respondents[g[0]] >= limit]
        cells: dict[str, list[float]] = defaultdict(list)
        for (gid, dim), values in scores.items():
            if gid in shown and len(values) >= limit:
                cells[dim].extend(values)
        return (
            label,
            len(shown),
            len(members) - len(shown),
            sum(respondents[g] for g in shown),
            {d: _summary(v) for d, v in cells.items()},
        )

    orgs: dict[int, list[Any]] = {}
    for g in chosen:
        orgs.setdefault(g[2], []).append(g)
    out = [rollup(members[0][3], members) for members in orgs.values()]
    return [*out, rollup("all", chosen)]


def _summary(values: list[float]) -> tuple[int, float, float, float, float]:
    n = len(values)
    mean = sum(values) / n
    sd = math.sqrt(max(0.0, sum(v * v for v in values) / n - mean * mean))
    return n, mean, sd, min(values), max(values)


def _as_tuples(rollups: list[Rollup]) -> list[tuple[Any, ...]]:
    return [
        (
            r.label,
            r.groups_included,
            r.groups_left_out,
            r.respondents,
            {c.dimension: (c.n, c.mean, c.sd, c.low, c.high) for c in r.cells},
        )
        for r in rollups
    ]


def _assert_same(got: list[tuple[Any, ...]], expected: list[tuple[Any, ...]], what: str) -> None:
    assert [g[:4] for g in got] == [e[:4] for e in expected], what
    for g, e in zip(got, expected, strict=True):
        assert g[4].keys() == e[4].keys(), (what, g[0])
        for dim, (n, mean, sd, low, high) in e[4].items():
            gn, gmean, gsd, glow, ghigh = g[4][dim]
            assert (gn, glow, ghigh) == (n, low, high), (what, g[0], dim)
            assert gmean == pytest.approx(mean), (what, g[0], dim)
            assert gsd == pytest.approx(sd, abs=1e-6), (what, g[0], dim)


def _rollup_rows(session: Session) -> set[tuple[Any, ...]]:
    rows: set[tuple[Any, ...]] = set()
    for table in (OrganisationScoreTotal, OrganisationRespondents):
        for row in session.exec(select(table)).all():
            rows.add(
                (
                    table.__tablename__,
                    *(
                        round(v, 6) if isinstance(v, float) else v
                        for v in row.model_dump().values()
                    ),
                )
            )
    return rows


def _check(engine: Engine, region: Region, what: str) -> None:
    """Rollups equal the full scan at every threshold, kind and organisation filter."""
    with read_session(engine) as session:
        orgs = [
            int(o)
            for o in session.exec(
                select(Organisation.id).where(Organisation.cohort_id == region.cohort_id)
            ).all()
        ]
        for rid in region.round_ids:
            for limit in THRESHOLDS:
                for kind in KINDS:
                    for chosen in (None, orgs[:1]):
                        args: dict[str, Any] = {
                            "cohort_id": region.cohort_id,
                            "round_id": rid,
                            "threshold": limit,
                            "group_kind": kind,
                            "organisation_ids": chosen,
                        }
                        expected = _scanned(
                            session,
                            cohort_id=region.cohort_id,
                            round_id=rid,
                            limit=limit,
                            kind=kind,
                            organisation_ids=chosen,
                        )
                        where = f"{what}: round {rid}, threshold {limit}, {kind}, {chosen}"
                        _assert_same(
                            _as_tuples(score_rollups(session, label="all", **args)),
                            expected,
                            where,
                        )
                        rows = dimension_scores(session, **args)
                        python = [*organisation_rollups(rows), cohort_rollup(rows, label="all")]
                        _assert_same(_as_tuples(python), expected, where + " (python)")
    with write_session(engine) as session:
        kept = _rollup_rows(session)
        rebuild_rollups(session.connection())
        assert _rollup_rows(session) == kept, what


def _submit(engine: Engine, *, group_id: int, round_id: int, level: int = 3) -> None:
    """One more member of the group submits in the round."""
    instrument = load_instrument()
    with write_session(engine) as session:
        round_ = session.get(SurveyRound, round_id)
        assert round_ is not None
        round_.status = "open"
        answered = select(AssessmentResponse.participant_id).where(
            AssessmentResponse.round_id == round_id
        )
        person = session.exec(
            select(Participant)
            .where(Participant.group_id == group_id, col(Participant.id).not_in(answered))
            .order_by(Participant.id)
        ).first()
        assert person is not None
        assert person.id is not None
        save_answers(
            session,
            participant_id=person.id,
            round_=round_,
            instrument=instrument,
            answers=answers_at(instrument, level),
        )
        submit_response(session, participant_id=person.id, round_=round_, instrument=instrument)


def _first_member(session: Session, group_id: int) -> Participant:
    person = session.exec(
        select(Participant).where(Participant.group_id == group_id).order_by(Participant.id)
    ).first()
    assert person is not None
    assert person.id is not None
    return person


def test_rollups_equal_a_full_scan_through_every_change(storage_engine: Engine) -> None:
    region = build_region(storage_engine)
    _check(storage_engine, region, "after submit")
    baseline, follow_up = region.round_ids
    nordvik_network = region.group_ids[("Nordvik kommune", "Ledernettverket")]
    sorby_leaders = region.group_ids[("Sørby kommune", "Ledergruppen")]
    stab = region.group_ids[("Nordvik kommune", "Stab")]

    # Up across the threshold of 5: the follow-up network had 4 answers.
    _submit(storage_engine, group_id=nordvik_network, round_id=follow_up)
    _check(storage_engine, region, "a group crossing the threshold upwards")

    # A member moves to another organisation's group: Sørby's leaders fall from 5 to 4
    # (down across 5) and Nordvik's staff rise from 3 to 4.
    with write_session(storage_engine) as session:
        mover = _first_member(session, sorby_leaders)
        mover.group_id = stab  # what a roster re-import does
        session.add(mover)
    _check(storage_engine, region, "a participant moving group")

    # Erasure takes a member of the network (5 in the follow-up) below the threshold again.
    with write_session(storage_engine) as session:
        person = _first_member(session, nordvik_network)
        assert person.id is not None
        erase_participant(session, person.id)
    _check(storage_engine, region, "an erasure")

    # A group changing kind moves its scores between the kinds' rollups.
    with write_session(storage_engine) as session:
        update_group(session, group_id=sorby_leaders, kind="network", named_network=False)
    _check(storage_engine, region, "a group changing kind")
    with read_session(storage_engine) as session:
        kinds = set(
            session.exec(
                select(OrganisationScoreTotal.group_kind).where(
                    OrganisationScoreTotal.round_id == baseline
                )
            ).all()
        )
    assert kinds == {"management", "network"}


def test_raw_organisation_and_cohort_stats_still_count_every_group(
    storage_engine: Engine,
) -> None:
    region = build_region(storage_engine)
    baseline = region.round_ids[0]
    with read_session(storage_engine) as session:
        per_group = group_stats(session, round_ids=[baseline])
        org_of = {g.id: g.organisation_id for g in session.exec(select(Group)).all()}
        by_org = organisation_stats(session, round_id=baseline)
        whole = cohort_stats(session, round_id=baseline)
    for org_id, rows in by_org.items():
        for row in rows:
            parts = [
                s.stats
                for s in per_group
                if org_of[s.group_id] == org_id and s.stats.dimension == row.dimension
            ]
            merged = combine(row.dimension, parts)
            assert merged is not None
            assert (merged.n, merged.low, merged.high) == (row.n, row.low, row.high)
            assert merged.total == pytest.approx(row.total)
            assert merged.total_sq == pytest.approx(row.total_sq)
    for row in whole:
        parts = [s.stats for s in per_group if s.stats.dimension == row.dimension]
        merged = combine(row.dimension, parts)
        assert merged is not None
        assert (merged.n, merged.low, merged.high) == (row.n, row.low, row.high)
        assert merged.total == pytest.approx(row.total)


def test_a_threshold_above_the_cap_sums_the_groups_instead(storage_engine: Engine) -> None:
    region = build_region(storage_engine)
    with read_session(storage_engine) as session:
        rollups = score_rollups(
            session,
            cohort_id=region.cohort_id,
            round_id=region.round_ids[0],
            label="all",
            threshold=ROLLUP_CAP + 1,
        )
    assert rollups[-1].groups_included == 0
    assert rollups[-1].groups_left_out == 5
    assert all(not r.cells for r in rollups)


def test_the_comparison_passes_no_list_of_group_ids(tmp_path: Any) -> None:
    """More visible groups than SQLite takes parameters (32,766) in one statement."""
    from core.db import get_engine, migrate

    engine = get_engine(f"sqlite:///{tmp_path / 'many.db'}")
    migrate(engine)
    groups = 33_000
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO cohorts (id, name, description, created_at) "
                "VALUES (1, 'Mange', '', '2026-01-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO survey_rounds (id, cohort_id, name, sequence, status) "
                "VALUES (1, 1, 'Baseline', 1, 'open')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO organisations (id, cohort_id, name, kind) "
                "VALUES (1, 1, 'Stor kommune', 'municipality')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO groups (id, organisation_id, name, kind, named_network) "
                "VALUES (:i, 1, :n, 'management', 0)"
            ),
            [{"i": i, "n": f"Gruppe {i:05d}"} for i in range(1, groups + 1)],
        )
        conn.execute(
            text(
                "INSERT INTO group_respondents (round_id, group_id, respondents) VALUES (1, :i, 5)"
            ),
            [{"i": i} for i in range(1, groups + 1)],
        )
        conn.execute(
            text(
                "INSERT INTO group_score_totals "
                "(round_id, group_id, dimension_id, n, total, total_sq, low, high) "
                "VALUES (1, :i, 'skills', 5, 250.0, 12500.0, 50.0, 50.0)"
            ),
            [{"i": i} for i in range(1, groups + 1)],
        )
        rebuild_rollups(conn)
    with read_session(engine) as session:
        rows = dimension_scores(session, cohort_id=1, round_id=1, threshold=5)
        (org, whole) = score_rollups(session, cohort_id=1, round_id=1, label="all", threshold=5)
    engine.dispose()
    get_engine.cache_clear()
    assert len(rows) == groups
    assert all(not r.suppressed and r.cell("skills") is not None for r in rows)
    assert (whole.groups_included, whole.respondents) == (groups, 5 * groups)
    assert whole.cells[0].n == 5 * groups
    assert whole.cells[0].mean == pytest.approx(50.0)
    assert org.label == "Stor kommune"
