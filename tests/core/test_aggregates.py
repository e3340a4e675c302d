"""Dimension scores stored at submit and aggregated in SQL, on SQLite and PostgreSQL."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, delete, func, inspect, text
from sqlmodel import Session, col, select

from core.aggregates import (
    cohort_stats,
    combine,
    fill_missing_scores,
    group_stats,
    organisation_stats,
    rebuild_rollups,
    rebuild_totals,
    respondents_by_group,
)
from core.config import PROJECT_ROOT
from core.db import read_session, write_session
from core.erasure import erase_participant
from core.instruments import Instrument, load_instrument
from core.models import (
    AssessmentResponse,
    Cohort,
    Consent,
    Group,
    Organisation,
    Participant,
    ResponseScore,
    SurveyRound,
)
from core.responses import save_answers, submit_response
from core.scoring import group_profile, score_dimensions


@dataclass(frozen=True)
class GroupSpec:
    """A group of the test region: members, and how many submit in each round."""

    organisation: str
    name: str
    kind: str
    members: int
    answered: tuple[int, int]


# Two municipalities; each has one group below the default threshold of 5 in some round.
REGION = (
    GroupSpec("Nordvik kommune", "Ledergruppen", "management", 8, (6, 7)),
    GroupSpec("Nordvik kommune", "Ledernettverket", "network", 12, (9, 4)),
    GroupSpec("Nordvik kommune", "Stab", "management", 4, (3, 3)),
    GroupSpec("Sørby kommune", "Ledergruppen", "management", 6, (5, 5)),
    GroupSpec("Sørby kommune", "Ledernettverket", "network", 10, (2, 8)),
)


@dataclass(frozen=True)
class Region:
    cohort_id: int
    round_ids: tuple[int, int]
    group_ids: dict[tuple[str, str], int]


def answers_at(instrument: Instrument, level: int) -> dict[str, int]:
    """A complete answer set on one step of every scale (and every ambition rating)."""
    return dict.fromkeys(instrument.answer_keys, level)


def build_region(engine: Engine, *, specs: tuple[GroupSpec, ...] = REGION) -> Region:
    """Submit answers through core.responses, as participants do; levels vary per person."""
    instrument = load_instrument()
    with write_session(engine) as session:
        cohort = Cohort(name="Testregionen")
        session.add(cohort)
        session.flush()
        assert cohort.id is not None
        rounds = [
            SurveyRound(cohort_id=cohort.id, name=name, sequence=i, status="open")
            for i, name in enumerate(("Baseline", "Oppfølging"), start=1)
        ]
        session.add_all(rounds)
        orgs: dict[str, Organisation] = {}
        groups: dict[tuple[str, str], int] = {}
        for spec in specs:
            if spec.organisation not in orgs:
                orgs[spec.organisation] = Organisation(cohort_id=cohort.id, name=spec.organisation)
                session.add(orgs[spec.organisation])
                session.flush()
            group = Group(
                organisation_id=orgs[spec.organisation].id, name=spec.name, kind=spec.kind
            )
            session.add(group)
            session.flush()
            assert group.id is not None
            groups[(spec.organisation, spec.name)] = group.id
            people = [
                Participant(group_id=group.id, name=f"{spec.name} {i}", is_leader=i == 0)
                for i in range(spec.members)
            ]
            session.add_all(people)
            session.flush()
            session.add_all(Consent(participant_id=p.id, consent_version=1) for p in people)
            for round_, count in zip(rounds, spec.answered, strict=True):
                for i, person in enumerate(people[:count]):
                    assert person.id is not None
                    level = 1 + (i + round_.sequence + len(spec.name)) % 5
                    save_answers(
                        session,
                        participant_id=person.id,
                        round_=round_,
                        instrument=instrument,
                        answers=answers_at(instrument, level),
                    )
                    submit_response(
                        session, participant_id=person.id, round_=round_, instrument=instrument
                    )
        rounds[0].status = "closed"
        session.add(rounds[0])
        ids = (int(rounds[0].id or 0), int(rounds[1].id or 0))
    return Region(int(cohort.id), ids, groups)


def _python_profile(session: Session, round_id: int, group_id: int) -> dict[str, tuple]:
    """The reference: score every answer set in Python, as core.results does."""
    instrument = load_instrument()
    rows = session.exec(
        select(AssessmentResponse.answers)
        .join(Participant, col(AssessmentResponse.participant_id) == Participant.id)
        .where(
            AssessmentResponse.round_id == round_id,
            AssessmentResponse.status == "submitted",
            Participant.group_id == group_id,
        )
    ).all()
    profile = group_profile([score_dimensions(instrument, a) for a in rows])
    return {p.dimension: (p.n, p.mean, p.sd, p.min, p.max) for p in profile if p.n}


def test_sql_group_statistics_equal_the_python_scoring(storage_engine: Engine) -> None:
    region = build_region(storage_engine)
    with read_session(storage_engine) as session:
        stats = group_stats(session, round_ids=region.round_ids)
        assert stats
        for gid in region.group_ids.values():
            for rid in region.round_ids:
                expected = _python_profile(session, rid, gid)
                got = {
                    s.stats.dimension: s.stats
                    for s in stats
                    if s.group_id == gid and s.round_id == rid
                }
                assert set(got) == set(expected)
                for dim, (n, mean, sd, low, high) in expected.items():
                    assert got[dim].n == n
                    assert got[dim].mean == pytest.approx(mean)
                    assert got[dim].sd == pytest.approx(sd, abs=1e-6)
                    assert (got[dim].low, got[dim].high) == (low, high)


def test_rollups_equal_the_combined_groups(storage_engine: Engine) -> None:
    region = build_region(storage_engine)
    baseline = region.round_ids[0]
    with read_session(storage_engine) as session:
        per_group = group_stats(session, round_ids=[baseline])
        by_org = organisation_stats(session, round_id=baseline)
        whole = {s.dimension: s for s in cohort_stats(session, round_id=baseline)}
        org_of = {g.id: g.organisation_id for g in session.exec(select(Group)).all()}
    assert len(by_org) == 2
    for org_id, rows in by_org.items():
        for row in rows:
            parts = [
                s.stats
                for s in per_group
                if org_of[s.group_id] == org_id and s.stats.dimension == row.dimension
            ]
            combined = combine(row.dimension, parts)
            assert combined is not None
            assert (combined.n, combined.low, combined.high) == (row.n, row.low, row.high)
            assert combined.mean == pytest.approx(row.mean)
            assert combined.sd == pytest.approx(row.sd, abs=1e-6)
    skills = combine("skills", [s.stats for s in per_group if s.stats.dimension == "skills"])
    assert skills is not None
    assert whole["skills"].n == skills.n == sum(spec.answered[0] for spec in REGION)
    assert whole["skills"].mean == pytest.approx(skills.mean)


def test_respondents_are_counted_per_group_and_round(storage_engine: Engine) -> None:
    region = build_region(storage_engine)
    with read_session(storage_engine) as session:
        counts = respondents_by_group(
            session, cohort_id=region.cohort_id, round_ids=region.round_ids
        )
    for spec in REGION:
        gid = region.group_ids[(spec.organisation, spec.name)]
        for rid, expected in zip(region.round_ids, spec.answered, strict=True):
            assert counts.get((gid, rid), 0) == expected


def test_deleting_a_participant_deletes_their_scores(storage_engine: Engine) -> None:
    region = build_region(storage_engine)
    gid = region.group_ids[("Sørby kommune", "Ledergruppen")]
    with write_session(storage_engine) as session:
        person = session.exec(
            select(Participant).where(Participant.group_id == gid).order_by(Participant.id)
        ).first()
        assert person is not None
        assert person.id is not None
        erase_participant(session, person.id)
    with read_session(storage_engine) as session:
        left = [s for s in group_stats(session, round_ids=region.round_ids) if s.group_id == gid]
        counts = respondents_by_group(
            session, cohort_id=region.cohort_id, round_ids=region.round_ids
        )
    assert {s.stats.n for s in left} == {4}
    assert {counts[(gid, rid)] for rid in region.round_ids} == {4}


def test_fill_missing_scores_scores_only_what_has_none(storage_engine: Engine) -> None:
    region = build_region(storage_engine)
    with write_session(storage_engine) as session:
        before = session.exec(select(func.count()).select_from(ResponseScore)).one()
        session.execute(
            delete(ResponseScore).where(col(ResponseScore.round_id) == region.round_ids[1])
        )
    with write_session(storage_engine) as session:
        filled = fill_missing_scores(session)
        assert filled == sum(spec.answered[1] for spec in REGION)
        assert fill_missing_scores(session) == 0
        after = session.exec(select(func.count()).select_from(ResponseScore)).one()
    assert after == before


def test_the_migration_backfills_responses_submitted_before_it(storage_engine: Engine) -> None:
    region = build_region(storage_engine)
    with read_session(storage_engine) as session:
        expected = session.exec(select(func.count()).select_from(ResponseScore)).one()
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    with storage_engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0001")
    with storage_engine.connect() as conn:
        tables = _tables(conn)
    assert "response_scores" not in tables
    with storage_engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    with read_session(storage_engine) as session:
        assert session.exec(select(func.count()).select_from(ResponseScore)).one() == expected
        stats = group_stats(session, round_ids=region.round_ids)
    assert all(math.isfinite(s.stats.total) for s in stats)


def _tables(conn: object) -> set[str]:
    return set(inspect(conn).get_table_names())


def test_anonymous_answers_store_no_scores(storage_engine: Engine) -> None:
    from core.responses import keep_anonymous_answers

    instrument = load_instrument()
    with write_session(storage_engine) as session:
        keep_anonymous_answers(session, instrument=instrument, answers=answers_at(instrument, 4))
    with read_session(storage_engine) as session:
        assert session.exec(select(func.count()).select_from(ResponseScore)).one() == 0


def test_a_participant_moved_to_another_group_takes_their_scores(storage_engine: Engine) -> None:
    region = build_region(storage_engine)
    source = region.group_ids[("Nordvik kommune", "Ledergruppen")]
    target = region.group_ids[("Sørby kommune", "Ledergruppen")]
    baseline = region.round_ids[0]
    with write_session(storage_engine) as session:
        person = session.exec(
            select(Participant).where(Participant.group_id == source).order_by(Participant.id)
        ).first()
        assert person is not None
        person.group_id = target  # what a roster re-import does
        session.add(person)
    with read_session(storage_engine) as session:
        stats = group_stats(session, round_ids=[baseline], group_ids=[source, target])
        counts = respondents_by_group(session, cohort_id=region.cohort_id, round_ids=[baseline])
    skills = {s.group_id: s.stats.n for s in stats if s.stats.dimension == "skills"}
    assert skills == {source: 6 - 1, target: 5 + 1}
    assert (counts[(source, baseline)], counts[(target, baseline)]) == (5, 6)


def _scanned(session: Session, round_ids: list[int]) -> dict[tuple[int, int, str], tuple]:
    """The statistics computed the slow way, straight from every stored score."""
    score = col(ResponseScore.score)
    query = (
        select(
            ResponseScore.group_id,
            ResponseScore.round_id,
            ResponseScore.dimension_id,
            func.count(score),
            func.sum(score),
            func.min(score),
            func.max(score),
        )
        .where(col(ResponseScore.round_id).in_(round_ids))
        .group_by(ResponseScore.group_id, ResponseScore.round_id, ResponseScore.dimension_id)
    )
    return {(g, r, d): (n, round(t, 6), lo, hi) for g, r, d, n, t, lo, hi in session.exec(query)}


def _from_totals(session: Session, round_ids: list[int]) -> dict[tuple[int, int, str], tuple]:
    return {
        (s.group_id, s.round_id, s.stats.dimension): (
            s.stats.n,
            round(s.stats.total, 6),
            s.stats.low,
            s.stats.high,
        )
        for s in group_stats(session, round_ids=round_ids)
    }


def test_group_totals_stay_exact_through_submit_move_and_erasure(storage_engine: Engine) -> None:
    region = build_region(storage_engine)
    rounds = list(region.round_ids)
    with read_session(storage_engine) as session:
        assert _from_totals(session, rounds) == _scanned(session, rounds)
    source = region.group_ids[("Sørby kommune", "Ledergruppen")]
    target = next(g for g in region.group_ids.values() if g != source)
    with write_session(storage_engine) as session:
        mover = session.exec(
            select(Participant).where(Participant.group_id == source).order_by(Participant.id)
        ).first()
        assert mover is not None
        mover.group_id = target  # what a roster re-import does to a person who changed group
        session.add(mover)
    with read_session(storage_engine) as session:
        assert _from_totals(session, rounds) == _scanned(session, rounds)
        before = respondents_by_group(session, cohort_id=region.cohort_id, round_ids=rounds)
    with write_session(storage_engine) as session:
        leaver = session.exec(
            select(Participant).where(Participant.group_id == target).order_by(Participant.id)
        ).first()
        assert leaver is not None
        assert leaver.id is not None
        erase_participant(session, leaver.id)
    with read_session(storage_engine) as session:
        assert _from_totals(session, rounds) == _scanned(session, rounds)
        after = respondents_by_group(session, cohort_id=region.cohort_id, round_ids=rounds)
    assert sum(after.values()) < sum(before.values())


@pytest.mark.postgres
@pytest.mark.parametrize("storage_engine", ["postgresql"], indirect=True)
def test_a_rebuild_on_postgresql_leaves_statistics_for_the_rows_it_wrote(
    storage_engine: Engine,
) -> None:
    # Rollups are rebuilt from the totals written a moment before; planned with the old
    # row counts, the national benchmark's rebuild ran for hours instead of seconds.
    region = build_region(storage_engine)
    tables = ("group_score_totals", "group_respondents", "organisation_dimension_totals")
    with storage_engine.begin() as conn:
        rebuild_totals(conn, round_ids=list(region.round_ids))
        rebuild_rollups(conn, round_ids=list(region.round_ids))
    with storage_engine.connect() as conn:
        for table in tables:
            rows = conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            planned = conn.execute(
                text("SELECT reltuples FROM pg_class WHERE relname = :t"), {"t": table}
            ).scalar_one()
            assert rows > 0
            assert planned == rows, table
