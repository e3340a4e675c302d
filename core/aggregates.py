"""Dimension scores per group, organisation and cohort, aggregated in SQL.

Scores are written once, when a response is submitted (:func:`record_scores`), and each
(round, group) keeps running totals of them (GroupScoreTotal, GroupRespondents), refreshed
from that group's own rows whenever they change (:func:`refresh_totals`). A comparison over
a national programme then sums totals instead of scanning millions of scores. Each
(round, organisation) keeps the sums of its groups' totals too, refreshed in the same
transaction (:func:`refresh_rollups`): per dimension over all groups
(OrganisationDimensionTotal), and per group kind and size (OrganisationScoreTotal,
OrganisationRespondents) for core.comparison's thresholded rollups. A cohort of 150,000
groups then reads one row per organisation and dimension (and kind and size), not one per
group. Every aggregate here is raw: it applies no anonymity threshold. Pages never show these
directly; :mod:`core.comparison` decides what may be shown.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, case, delete, func, insert, literal_column, text
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from core.instruments import Instrument, load_instrument
from core.models import (
    AssessmentResponse,
    Group,
    GroupRespondents,
    GroupScoreTotal,
    Organisation,
    OrganisationDimensionTotal,
    OrganisationRespondents,
    OrganisationScoreTotal,
    Participant,
    ResponseScore,
)
from core.scoring import score_dimensions

__all__ = [
    "INSTRUMENT_ID",
    "ROLLUP_CAP",
    "DimensionStats",
    "GroupStats",
    "affected_pairs",
    "cohort_stats",
    "combine",
    "fill_missing_scores",
    "group_stats",
    "organisation_stats",
    "rebuild_rollups",
    "rebuild_totals",
    "record_scores",
    "refresh_rollups",
    "refresh_totals",
    "regroup_rollups",
    "respondents_by_group",
    "score_rows",
]

INSTRUMENT_ID = "digital_fitness"
"""The instrument whose scores are stored and aggregated."""

ROLLUP_CAP = 20
"""Counts above this are stored as this in the organisation rollups' ``min_count``.

The rollups answer every anonymity threshold up to it (the setting is 5 by default, at
least 3); above it core.comparison sums the group totals instead. The cap bounds the rows
per organisation, dimension and group kind at ``ROLLUP_CAP + 1`` however varied the group
sizes are.
"""


@dataclass(frozen=True)
class DimensionStats:
    """Sufficient statistics of the scores on one dimension: combine exactly, summarise anywhere.

    ``total`` and ``total_sq`` are the sum and the sum of squares of the ``n`` scores, so
    two sets combine by adding (:func:`combine`) and the mean and population SD follow.
    """

    dimension: str
    n: int
    total: float
    total_sq: float
    low: float
    high: float

    @property
    def mean(self) -> float | None:
        """Mean score, or None without scores."""
        return self.total / self.n if self.n else None

    @property
    def sd(self) -> float | None:
        """Population standard deviation, as :func:`core.scoring.group_profile` reports it.

        Examples
        --------
        >>> DimensionStats("skills", 2, 100.0, 0.0 + 100.0**2, 0.0, 100.0).sd
        50.0
        """
        if not self.n:
            return None
        mean = self.total / self.n
        # Rounding can make the difference a hair below zero when every score is equal.
        return math.sqrt(max(0.0, self.total_sq / self.n - mean * mean))


@dataclass(frozen=True)
class GroupStats:
    """A group's statistics on one dimension in one round."""

    group_id: int
    round_id: int
    stats: DimensionStats


def score_rows(instrument: Instrument, answers: Mapping[str, int]) -> list[tuple[str, float]]:
    """(dimension id, score) of every dimension the answers give a score on.

    Examples
    --------
    >>> from core.instruments import load_instrument
    >>> instrument = load_instrument()
    >>> answers = {item.id: 5 for item in instrument.dimension("skills").items}
    >>> score_rows(instrument, answers)
    [('skills', 100.0)]
    """
    return [
        (row.dimension, row.score)
        for row in score_dimensions(instrument, answers)
        if row.score is not None
    ]


def record_scores(session: Session, *, response: AssessmentResponse) -> int:
    """Store the dimension scores of a submitted response of a participant in a round.

    Replaces any earlier rows of the response, so calling it twice changes nothing.
    Anonymous answers (no participant or no round) belong to no group and store nothing.
    Returns the number of rows written.
    """
    if response.participant_id is None or response.round_id is None or response.id is None:
        return 0
    participant = session.get(Participant, response.participant_id)
    if participant is None:
        return 0
    connection = session.connection()
    earlier = connection.execute(
        sa_select(col(ResponseScore.round_id), col(ResponseScore.group_id))
        .where(col(ResponseScore.response_id) == response.id)
        .distinct()
    ).all()
    connection.execute(delete(ResponseScore).where(col(ResponseScore.response_id) == response.id))
    rows = _rows_for(
        load_instrument(response.instrument_id),
        response.id,
        response.round_id,
        participant.group_id,
        response.answers,
    )
    if rows:
        connection.execute(insert(ResponseScore), rows)
    pairs = {(int(r), int(g)) for r, g in earlier}
    refresh_totals(connection, pairs | {(response.round_id, participant.group_id)})
    return len(rows)


def fill_missing_scores(session: Session) -> int:
    """Score every submitted response of a participant that has no stored scores yet.

    For data written without :func:`record_scores` (the demo region, databases from before
    scores were stored). Returns the number of responses scored.
    """
    scored = sa_select(col(ResponseScore.response_id)).distinct()
    query = (
        sa_select(
            col(AssessmentResponse.id),
            col(AssessmentResponse.round_id),
            col(Participant.group_id),
            col(AssessmentResponse.answers),
        )
        .join(Participant, col(AssessmentResponse.participant_id) == Participant.id)
        .where(
            col(AssessmentResponse.status) == "submitted",
            col(AssessmentResponse.instrument_id) == INSTRUMENT_ID,
            col(AssessmentResponse.round_id).is_not(None),
            col(AssessmentResponse.id).not_in(scored),
        )
    )
    instrument = load_instrument(INSTRUMENT_ID)
    rows: list[dict[str, Any]] = []
    responses = 0
    rounds: set[int] = set()
    for response_id, round_id, group_id, answers in session.execute(query).all():
        rows.extend(_rows_for(instrument, response_id, round_id, group_id, answers))
        responses += 1
        rounds.add(int(round_id))
    if rows:
        session.execute(insert(ResponseScore), rows)
    if rounds:
        rebuild_totals(session.connection(), round_ids=rounds)
        rebuild_rollups(session.connection(), round_ids=rounds)
    return responses


def refresh_totals(connection: Connection, pairs: Iterable[tuple[int, int]]) -> None:
    """Recompute the totals of each (round id, group id) from that group's stored rows.

    Takes the group's row lock first (PostgreSQL ``FOR NO KEY UPDATE``, which does not block
    the foreign-key checks of concurrent score inserts), so two members of one group who
    submit at the same moment refresh one after the other, and the second sees the first's
    committed scores. Pairs are handled in a fixed order so two refreshes cannot deadlock.
    On SQLite writers are serialised anyway (BEGIN IMMEDIATE).

    The organisations of the groups are locked before the groups (always in that order) and
    their rollups recomputed after them, so two groups of one organisation that change at
    once refresh the organisation's rollup one after the other.
    """
    pairs = sorted(set(pairs))
    if not pairs:
        return
    org_of = _organisations_of(connection, {g for _, g in pairs})
    _lock_organisations(connection, set(org_of.values()))
    for round_id, group_id in pairs:
        connection.execute(
            sa_select(col(Group.id))
            .where(col(Group.id) == group_id)
            .with_for_update(key_share=True)
        )
        connection.execute(
            delete(GroupScoreTotal).where(
                col(GroupScoreTotal.round_id) == round_id,
                col(GroupScoreTotal.group_id) == group_id,
            )
        )
        connection.execute(
            delete(GroupRespondents).where(
                col(GroupRespondents.round_id) == round_id,
                col(GroupRespondents.group_id) == group_id,
            )
        )
        connection.execute(
            insert(GroupScoreTotal).from_select(
                _TOTAL_COLUMNS,
                _totals_query().where(
                    col(ResponseScore.round_id) == round_id,
                    col(ResponseScore.group_id) == group_id,
                ),
            )
        )
        connection.execute(
            insert(GroupRespondents).from_select(
                ["round_id", "group_id", "respondents"],
                _respondents_query().where(
                    col(AssessmentResponse.round_id) == round_id,
                    col(Participant.group_id) == group_id,
                ),
            )
        )
    refresh_rollups(connection, {(r, org_of[g]) for r, g in pairs if g in org_of})


def refresh_rollups(connection: Connection, pairs: Iterable[tuple[int, int]]) -> None:
    """Recompute each (round id, organisation id) rollup from its groups' current totals.

    A recount, not a delta, so minimum and maximum stay exact when scores leave; it reads
    one row per group and dimension of the organisation. Callers hold the organisation's
    lock (:func:`refresh_totals` and :func:`regroup_rollups` take it).
    """
    for round_id, org_id in sorted(set(pairs)):
        _delete_rollups(connection, round_id=round_id, organisation_id=org_id)
        _insert_rollups(connection, round_id=round_id, organisation_id=org_id)


def regroup_rollups(connection: Connection, changed: Mapping[int, Collection[int]]) -> None:
    """Recompute the rollups after groups changed kind or organisation.

    ``changed`` maps each group id to every organisation id it belonged to before and after
    the change; every round that group has totals in is recounted for all of them.
    """
    if not changed:
        return
    orgs = {int(o) for ids in changed.values() for o in ids}
    rounds = connection.execute(
        sa_select(col(GroupRespondents.round_id))
        .where(col(GroupRespondents.group_id).in_(list(changed)))
        .union(
            sa_select(col(GroupScoreTotal.round_id)).where(
                col(GroupScoreTotal.group_id).in_(list(changed))
            )
        )
    ).scalars()
    round_ids = {int(r) for r in rounds}
    _lock_organisations(connection, orgs)
    refresh_rollups(connection, {(r, o) for r in round_ids for o in orgs})


def rebuild_rollups(connection: Connection, *, round_ids: Collection[int] | None = None) -> None:
    """Recompute every organisation rollup of the given rounds (all by default) at once.

    For bulk loads and the migration that adds the rollups, after the group totals.
    """
    if round_ids is None:
        _delete_rollups(connection)
        _insert_rollups(connection)
    else:
        for round_id in sorted(set(round_ids)):
            _delete_rollups(connection, round_id=round_id)
            _insert_rollups(connection, round_id=round_id)
    _analyze(
        connection,
        (OrganisationScoreTotal, OrganisationRespondents, OrganisationDimensionTotal),
    )


def _organisations_of(connection: Connection, group_ids: Collection[int]) -> dict[int, int]:
    if not group_ids:
        return {}
    rows = connection.execute(
        sa_select(col(Group.id), col(Group.organisation_id)).where(
            col(Group.id).in_(sorted(group_ids))
        )
    ).all()
    return {int(g): int(o) for g, o in rows if g is not None}


def _lock_organisations(connection: Connection, org_ids: Collection[int]) -> None:
    """Row locks in id order (key share stays free for foreign-key checks); no-op on SQLite."""
    for org_id in sorted(org_ids):
        connection.execute(
            sa_select(col(Organisation.id))
            .where(col(Organisation.id) == org_id)
            .with_for_update(key_share=True)
        )


def _delete_rollups(
    connection: Connection, *, round_id: int | None = None, organisation_id: int | None = None
) -> None:
    for table in (OrganisationScoreTotal, OrganisationRespondents, OrganisationDimensionTotal):
        query = delete(table)
        if round_id is not None:
            query = query.where(col(table.round_id) == round_id)
        if organisation_id is not None:
            query = query.where(col(table.organisation_id) == organisation_id)
        connection.execute(query)


def _insert_rollups(
    connection: Connection, *, round_id: int | None = None, organisation_id: int | None = None
) -> None:
    t, r, g = GroupScoreTotal, GroupRespondents, Group
    score_filter, count_filter = [], []
    if round_id is not None:
        score_filter.append(col(t.round_id) == round_id)
        count_filter.append(col(r.round_id) == round_id)
    if organisation_id is not None:
        score_filter.append(col(g.organisation_id) == organisation_id)
        count_filter.append(col(g.organisation_id) == organisation_id)
    respondents = func.coalesce(col(r.respondents), 0)
    cells = (
        sa_select(
            col(t.round_id),
            col(g.organisation_id),
            col(g.kind).label("group_kind"),
            col(t.dimension_id),
            _capped(case((respondents < col(t.n), respondents), else_=col(t.n))).label("min_count"),
            col(t.n),
            col(t.total),
            col(t.total_sq),
            col(t.low),
            col(t.high),
        )
        .select_from(t)
        .join(g, col(g.id) == col(t.group_id))
        .outerjoin(r, and_(col(r.round_id) == col(t.round_id), col(r.group_id) == col(t.group_id)))
        .where(*score_filter)
        .subquery()
    )
    keys = (cells.c.round_id, cells.c.organisation_id, cells.c.group_kind, cells.c.dimension_id)
    connection.execute(
        insert(OrganisationScoreTotal).from_select(
            [*(k.name for k in keys), "min_count", "groups", *_TOTAL_COLUMNS[3:]],
            sa_select(
                *keys,
                cells.c.min_count,
                func.count(),
                func.sum(cells.c.n),
                func.sum(cells.c.total),
                func.sum(cells.c.total_sq),
                func.min(cells.c.low),
                func.max(cells.c.high),
            ).group_by(*keys, cells.c.min_count),
        )
    )
    connection.execute(
        insert(OrganisationDimensionTotal).from_select(
            ["round_id", "organisation_id", *_TOTAL_COLUMNS[2:]],
            sa_select(
                col(t.round_id),
                col(g.organisation_id),
                col(t.dimension_id),
                func.sum(col(t.n)),
                func.sum(col(t.total)),
                func.sum(col(t.total_sq)),
                func.min(col(t.low)),
                func.max(col(t.high)),
            )
            .select_from(t)
            .join(g, col(g.id) == col(t.group_id))
            .where(*score_filter)
            .group_by(col(t.round_id), col(g.organisation_id), col(t.dimension_id)),
        )
    )
    sizes = (
        sa_select(
            col(r.round_id),
            col(g.organisation_id),
            col(g.kind).label("group_kind"),
            _capped(col(r.respondents)).label("min_count"),
            col(r.respondents),
        )
        .select_from(r)
        .join(g, col(g.id) == col(r.group_id))
        .where(col(r.respondents) > 0, *count_filter)
        .subquery()
    )
    group_keys = (sizes.c.round_id, sizes.c.organisation_id, sizes.c.group_kind, sizes.c.min_count)
    connection.execute(
        insert(OrganisationRespondents).from_select(
            [*(k.name for k in group_keys), "groups", "respondents"],
            sa_select(*group_keys, func.count(), func.sum(sizes.c.respondents)).group_by(
                *group_keys
            ),
        )
    )


def _capped(value: Any) -> Any:
    cap: Any = literal_column(str(ROLLUP_CAP))
    return case((value > cap, cap), else_=value)


def rebuild_totals(connection: Connection, *, round_ids: Collection[int] | None = None) -> None:
    """Recompute every total of the given rounds (all rounds by default) in a few statements.

    For bulk loads (the demo region, the migration that adds the totals, benchmarks) where
    refreshing group by group would be slower. Call :func:`rebuild_rollups` after it (the
    migration that adds the totals runs before the rollups exist, so this does not).
    """
    score_filter = [] if round_ids is None else [col(ResponseScore.round_id).in_(list(round_ids))]
    answer_filter = (
        [] if round_ids is None else [col(AssessmentResponse.round_id).in_(list(round_ids))]
    )
    if round_ids is None:
        connection.execute(delete(GroupScoreTotal))
        connection.execute(delete(GroupRespondents))
    else:
        connection.execute(
            delete(GroupScoreTotal).where(col(GroupScoreTotal.round_id).in_(list(round_ids)))
        )
        connection.execute(
            delete(GroupRespondents).where(col(GroupRespondents.round_id).in_(list(round_ids)))
        )
    connection.execute(
        insert(GroupScoreTotal).from_select(_TOTAL_COLUMNS, _totals_query().where(*score_filter))
    )
    connection.execute(
        insert(GroupRespondents).from_select(
            ["round_id", "group_id", "respondents"], _respondents_query().where(*answer_filter)
        )
    )
    _analyze(connection, (GroupScoreTotal, GroupRespondents))


def _analyze(connection: Connection, tables: Iterable[Any]) -> None:
    """Fresh planner statistics on PostgreSQL after a bulk rebuild, in the same transaction.

    The rollups are built from the group totals just written. With the statistics of the
    tables before (a few thousand rows, say, for a cohort of 1.5 million), PostgreSQL plans
    a nested loop over a sequential scan, and the rebuild took hours instead of seconds.
    ANALYZE counts the rows this transaction inserted.
    """
    if connection.dialect.name != "postgresql":
        return
    for table in tables:
        connection.execute(text(f"ANALYZE {table.__tablename__}"))


def affected_pairs(session: Session, participant_ids: Collection[int]) -> set[tuple[int, int]]:
    """(round id, group id) of every round the participants answered in, for a later refresh."""
    if not participant_ids:
        return set()
    query = (
        sa_select(col(AssessmentResponse.round_id), col(Participant.group_id))
        .join(Participant, col(AssessmentResponse.participant_id) == Participant.id)
        .where(
            col(AssessmentResponse.participant_id).in_(list(participant_ids)),
            col(AssessmentResponse.round_id).is_not(None),
        )
        .distinct()
    )
    rows = session.connection().execute(query).all()
    return {(int(r), int(g)) for r, g in rows if r is not None}


_TOTAL_COLUMNS = ["round_id", "group_id", "dimension_id", "n", "total", "total_sq", "low", "high"]


def _totals_query() -> Any:
    score = col(ResponseScore.score)
    return sa_select(
        col(ResponseScore.round_id),
        col(ResponseScore.group_id),
        col(ResponseScore.dimension_id),
        *_stat_columns(score),
    ).group_by(
        col(ResponseScore.round_id), col(ResponseScore.group_id), col(ResponseScore.dimension_id)
    )


def _respondents_query() -> Any:
    return (
        sa_select(
            col(AssessmentResponse.round_id),
            col(Participant.group_id),
            func.count().label("respondents"),
        )
        .select_from(AssessmentResponse)
        .join(Participant, col(AssessmentResponse.participant_id) == Participant.id)
        .where(
            col(AssessmentResponse.status) == "submitted",
            col(AssessmentResponse.instrument_id) == INSTRUMENT_ID,
            col(AssessmentResponse.round_id).is_not(None),
        )
        .group_by(col(AssessmentResponse.round_id), col(Participant.group_id))
    )


def group_stats(
    session: Session, *, round_ids: Collection[int], group_ids: Collection[int] | None = None
) -> list[GroupStats]:
    """n, sum, sum of squares, min and max per (group, round, dimension), from the totals."""
    if not round_ids:
        return []
    t = GroupScoreTotal
    query = sa_select(
        col(t.group_id), col(t.round_id), col(t.dimension_id), *_total_columns()
    ).where(col(t.round_id).in_(list(round_ids)))
    if group_ids is not None:
        query = query.where(col(t.group_id).in_(list(group_ids)))
    return [
        GroupStats(int(gid), int(rid), _stats(dim, n, total, sq, low, high))
        for gid, rid, dim, n, total, sq, low, high in session.connection().execute(query).all()
    ]


def organisation_stats(session: Session, *, round_id: int) -> dict[int, list[DimensionStats]]:
    """Per organisation of the round's cohort: statistics per dimension over all its groups.

    Reads the organisation totals kept with the rollups: one row per organisation and
    dimension, nothing summed at read time.
    """
    t = OrganisationDimensionTotal
    query = sa_select(
        col(t.organisation_id),
        col(t.dimension_id),
        col(t.n),
        col(t.total),
        col(t.total_sq),
        col(t.low),
        col(t.high),
    ).where(col(t.round_id) == round_id)
    out: dict[int, list[DimensionStats]] = {}
    for org_id, dim, n, total, sq, low, high in session.connection().execute(query).all():
        # Every summed row has n >= 1, so no sum is NULL: one row per organisation and
        # dimension (120,000 in a national cohort) is built without conversions.
        out.setdefault(org_id, []).append(DimensionStats(dim, n, total, sq, low, high))
    return out


def cohort_stats(session: Session, *, round_id: int) -> list[DimensionStats]:
    """Statistics per dimension over every group of the round's cohort (organisation totals)."""
    t = OrganisationDimensionTotal
    query = (
        sa_select(col(t.dimension_id), *_summed_totals())
        .where(col(t.round_id) == round_id)
        .group_by(col(t.dimension_id))
    )
    return [_stats(*row) for row in session.connection().execute(query).all()]


def combine(dimension: str, parts: Iterable[DimensionStats]) -> DimensionStats | None:
    """The statistics of the union of disjoint score sets; None when there are none.

    Examples
    --------
    >>> a = DimensionStats("skills", 1, 0.0, 0.0, 0.0, 0.0)
    >>> b = DimensionStats("skills", 1, 100.0, 10000.0, 100.0, 100.0)
    >>> both = combine("skills", [a, b])
    >>> both.n, both.mean, both.sd, both.low, both.high
    (2, 50.0, 50.0, 0.0, 100.0)
    """
    chosen = [p for p in parts if p.n]
    if not chosen:
        return None
    return DimensionStats(
        dimension=dimension,
        n=sum(p.n for p in chosen),
        total=sum(p.total for p in chosen),
        total_sq=sum(p.total_sq for p in chosen),
        low=min(p.low for p in chosen),
        high=max(p.high for p in chosen),
    )


def respondents_by_group(
    session: Session, *, cohort_id: int, round_ids: Collection[int]
) -> dict[tuple[int, int], int]:
    """(group id, round id) -> submitted self-assessments, for every group that has any."""
    if not round_ids:
        return {}
    r = GroupRespondents
    query = (
        sa_select(col(r.group_id), col(r.round_id), col(r.respondents))
        .join(Group, col(r.group_id) == Group.id)
        .join(Organisation, col(Group.organisation_id) == Organisation.id)
        .where(
            col(r.round_id).in_(list(round_ids)),
            col(Organisation.cohort_id) == cohort_id,
            col(r.respondents) > 0,
        )
    )
    return {(int(g), int(rid)): int(n) for g, rid, n in session.connection().execute(query).all()}


def _rows_for(
    instrument: Instrument,
    response_id: int,
    round_id: int,
    group_id: int,
    answers: Mapping[str, int],
) -> list[dict[str, Any]]:
    return [
        {
            "response_id": response_id,
            "dimension_id": dimension,
            "round_id": round_id,
            "group_id": group_id,
            "score": score,
        }
        for dimension, score in score_rows(instrument, answers)
    ]


def _stat_columns(score: Any) -> tuple[Any, ...]:
    return (
        func.count(score),
        func.sum(score),
        func.sum(score * score),
        func.min(score),
        func.max(score),
    )


def _total_columns() -> tuple[Any, ...]:
    t = GroupScoreTotal
    return (col(t.n), col(t.total), col(t.total_sq), col(t.low), col(t.high))


def _summed_totals() -> tuple[Any, ...]:
    t = OrganisationDimensionTotal
    return (
        func.sum(col(t.n)),
        func.sum(col(t.total)),
        func.sum(col(t.total_sq)),
        func.min(col(t.low)),
        func.max(col(t.high)),
    )


def _stats(
    dimension: str, n: Any, total: Any, total_sq: Any, low: Any, high: Any
) -> DimensionStats:
    return DimensionStats(
        dimension=str(dimension),
        n=int(n),
        total=float(total or 0.0),
        total_sq=float(total_sq or 0.0),
        low=float(low or 0.0),
        high=float(high or 0.0),
    )
