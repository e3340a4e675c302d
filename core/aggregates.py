"""Dimension scores per group, organisation and cohort, aggregated in SQL from ResponseScore.

Scores are written once, when a response is submitted (:func:`record_scores`), so a
comparison over many groups sums stored numbers instead of loading and scoring every answer
set in Python. Every aggregate here is raw: it applies no anonymity threshold. Pages never
show these directly; :mod:`core.comparison` decides what may be shown.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from core.instruments import Instrument, load_instrument
from core.models import AssessmentResponse, Group, Organisation, Participant, ResponseScore
from core.scoring import score_dimensions

__all__ = [
    "INSTRUMENT_ID",
    "DimensionStats",
    "GroupStats",
    "cohort_stats",
    "combine",
    "fill_missing_scores",
    "group_stats",
    "organisation_stats",
    "record_scores",
    "respondents_by_group",
    "score_rows",
]

INSTRUMENT_ID = "digital_fitness"
"""The instrument whose scores are stored and aggregated."""


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
    session.execute(delete(ResponseScore).where(col(ResponseScore.response_id) == response.id))
    rows = _rows_for(
        load_instrument(response.instrument_id),
        response.id,
        response.round_id,
        participant.group_id,
        response.answers,
    )
    if rows:
        session.execute(insert(ResponseScore), rows)
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
    for response_id, round_id, group_id, answers in session.execute(query).all():
        rows.extend(_rows_for(instrument, response_id, round_id, group_id, answers))
        responses += 1
    if rows:
        session.execute(insert(ResponseScore), rows)
    return responses


def group_stats(
    session: Session, *, round_ids: Collection[int], group_ids: Collection[int] | None = None
) -> list[GroupStats]:
    """n, sum, sum of squares, min and max per (group, round, dimension), in one query."""
    if not round_ids:
        return []
    score = col(ResponseScore.score)
    query = (
        sa_select(
            col(ResponseScore.group_id),
            col(ResponseScore.round_id),
            col(ResponseScore.dimension_id),
            *_stat_columns(score),
        )
        .where(col(ResponseScore.round_id).in_(list(round_ids)))
        .group_by(
            col(ResponseScore.group_id),
            col(ResponseScore.round_id),
            col(ResponseScore.dimension_id),
        )
    )
    if group_ids is not None:
        query = query.where(col(ResponseScore.group_id).in_(list(group_ids)))
    return [
        GroupStats(int(gid), int(rid), _stats(dim, n, total, sq, low, high))
        for gid, rid, dim, n, total, sq, low, high in session.execute(query).all()
    ]


def organisation_stats(session: Session, *, round_id: int) -> dict[int, list[DimensionStats]]:
    """Per organisation of the round's cohort: statistics per dimension over all its groups."""
    score = col(ResponseScore.score)
    query = (
        sa_select(
            col(Group.organisation_id), col(ResponseScore.dimension_id), *_stat_columns(score)
        )
        .join(Group, col(ResponseScore.group_id) == Group.id)
        .where(col(ResponseScore.round_id) == round_id)
        .group_by(col(Group.organisation_id), col(ResponseScore.dimension_id))
    )
    out: dict[int, list[DimensionStats]] = {}
    for org_id, dim, n, total, sq, low, high in session.execute(query).all():
        out.setdefault(int(org_id), []).append(_stats(dim, n, total, sq, low, high))
    return out


def cohort_stats(session: Session, *, round_id: int) -> list[DimensionStats]:
    """Statistics per dimension over every group of the round's cohort."""
    score = col(ResponseScore.score)
    query = (
        sa_select(col(ResponseScore.dimension_id), *_stat_columns(score))
        .where(col(ResponseScore.round_id) == round_id)
        .group_by(col(ResponseScore.dimension_id))
    )
    return [_stats(*row) for row in session.execute(query).all()]


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
    query = (
        sa_select(col(Participant.group_id), col(AssessmentResponse.round_id), func.count())
        .select_from(AssessmentResponse)
        .join(Participant, col(AssessmentResponse.participant_id) == Participant.id)
        .join(Group, col(Participant.group_id) == Group.id)
        .join(Organisation, col(Group.organisation_id) == Organisation.id)
        .where(
            col(AssessmentResponse.status) == "submitted",
            col(AssessmentResponse.instrument_id) == INSTRUMENT_ID,
            col(AssessmentResponse.round_id).in_(list(round_ids)),
            col(Organisation.cohort_id) == cohort_id,
        )
        .group_by(col(Participant.group_id), col(AssessmentResponse.round_id))
    )
    return {(int(g), int(r)): int(n) for g, r, n in session.execute(query).all()}


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
