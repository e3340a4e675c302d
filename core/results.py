"""Self-assessment results for one person and for one group, with the anonymity rule applied.

Reads only submitted responses, and only those a result needs: the person's own, the
group's, the organisation's (for leaders against the rest) and, for the cohort comparison,
the groups that meet the threshold (counted in SQL first). Scoring itself is
:mod:`core.scoring`; what may be shown is :mod:`core.privacy`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from core.instruments import load_instrument
from core.models import AssessmentResponse, Group, Organisation, Participant, SurveyRound
from core.privacy import anonymity_threshold, may_show_group_scores
from core.scoring import (
    Change,
    DimensionScore,
    GroupDimension,
    LeaderComparison,
    compare_leaders,
    fitness_score,
    group_profile,
    largest_gap,
    lowest_dimension,
    percentile_rank,
    round_change,
    score_dimensions,
)

__all__ = [
    "INSTRUMENT_ID",
    "GroupResult",
    "PersonResult",
    "group_result",
    "person_result",
    "result_rounds",
    "results_version",
]

INSTRUMENT_ID = "digital_fitness"
"""The instrument these results are about."""


@dataclass(frozen=True)
class PersonResult:
    """One participant's profile in one round, and how it moved since their previous one."""

    round_id: int
    round_name: str
    scores: list[DimensionScore]
    fitness: float | None
    lowest: DimensionScore | None
    largest_gap: DimensionScore | None
    change: list[Change]
    previous_round_name: str | None = None


@dataclass(frozen=True)
class GroupResult:
    """A group's profile in one round; every score list is empty when ``suppressed``.

    ``leaders_vs_rest`` compares the organisation's leaders (``Participant.is_leader``) with
    everyone else in the organisation who answered; it is empty unless both sides meet the
    threshold. ``cohort_percentile`` places the group's mean per dimension among all groups
    of the cohort that meet the threshold in the same round (``cohort_groups`` of them).
    """

    group_id: int
    round_id: int | None
    members: int
    respondents: int
    suppressed: bool
    threshold: int
    round_name: str = ""
    profile: list[GroupDimension] = field(default_factory=list)
    leaders_vs_rest: list[LeaderComparison] = field(default_factory=list)
    leaders_respondents: int = 0
    others_respondents: int = 0
    cohort_percentile: dict[str, float] = field(default_factory=dict)
    cohort_groups: int = 0
    change: list[Change] = field(default_factory=list)
    previous_round_name: str | None = None


def person_result(
    session: Session, *, participant_id: int, round_id: int | None = None
) -> PersonResult | None:
    """The participant's profile in ``round_id``, or in their latest submitted round.

    Returns None when the participant has no submitted response (in that round). ``change``
    compares with the participant's previous submitted round, or is empty.
    """
    query = (
        select(AssessmentResponse.answers, SurveyRound)
        .join(SurveyRound, col(AssessmentResponse.round_id) == SurveyRound.id)
        .where(
            AssessmentResponse.participant_id == participant_id,
            AssessmentResponse.instrument_id == INSTRUMENT_ID,
            AssessmentResponse.status == "submitted",
        )
        .order_by(col(SurveyRound.sequence))
    )
    rows = list(session.exec(query).all())
    if round_id is not None:
        positions = [i for i, (_, round_) in enumerate(rows) if round_.id == round_id]
        if not positions:
            return None
        rows = rows[: positions[0] + 1]
    if not rows:
        return None
    instrument = load_instrument(INSTRUMENT_ID)
    answers, round_ = rows[-1]
    scores = score_dimensions(instrument, answers)
    change: list[Change] = []
    previous_name = None
    if len(rows) > 1:
        before, previous = rows[-2]
        change = round_change(score_dimensions(instrument, before), scores)
        previous_name = previous.name
    assert round_.id is not None
    return PersonResult(
        round_id=round_.id,
        round_name=round_.name,
        scores=scores,
        fitness=fitness_score(scores),
        lowest=lowest_dimension(scores),
        largest_gap=largest_gap(scores),
        change=change,
        previous_round_name=previous_name,
    )


def group_result(
    session: Session, *, group_id: int, round_id: int | None = None, threshold: int | None = None
) -> GroupResult:
    """The group's profile in ``round_id``, or in the cohort's latest round that has opened.

    Counts members and submitted answers in SQL; loads and scores answers only when the
    group meets the anonymity threshold. Raises LookupError for an unknown group or a round
    of another cohort.
    """
    limit = anonymity_threshold(threshold)
    group = session.get(Group, group_id)
    if group is None:
        raise LookupError(f"no group with id {group_id}")
    organisation = session.get(Organisation, group.organisation_id)
    assert organisation is not None
    rounds = _started_rounds(session, organisation.cohort_id)
    members = _count(session, select(func.count()).where(Participant.group_id == group_id))
    if round_id is not None:
        if all(r.id != round_id for r in rounds):
            raise LookupError(f"round {round_id} is not a started round of this cohort")
        rounds = _rounds_up_to(rounds, round_id)
    if not rounds:
        return GroupResult(group_id, None, members, 0, True, limit)
    round_ = rounds[-1]
    assert round_.id is not None
    respondents = _count_submitted(session, round_.id, Participant.group_id == group_id)
    base = GroupResult(
        group_id=group_id,
        round_id=round_.id,
        members=members,
        respondents=respondents,
        suppressed=True,
        threshold=limit,
        round_name=round_.name,
    )
    if not may_show_group_scores(respondents, limit):
        return base

    org_rows = _submitted(session, round_.id, Group.organisation_id == organisation.id)
    profile = group_profile([scores for gid, _, scores in org_rows if gid == group_id])
    leaders = [scores for _, leader, scores in org_rows if leader]
    others = [scores for _, leader, scores in org_rows if not leader]
    comparison: list[LeaderComparison] = []
    if may_show_group_scores(len(leaders), limit) and may_show_group_scores(len(others), limit):
        comparison = compare_leaders(leaders, others)

    percentile, cohort_groups = _cohort_percentile(
        session, organisation.cohort_id, round_.id, group_id, profile, limit
    )
    change: list[Change] = []
    previous_name = None
    if len(rounds) > 1:
        previous = rounds[-2]
        assert previous.id is not None
        before = _group_scores(session, previous.id, group_id)
        if may_show_group_scores(len(before), limit):
            change = round_change(group_profile(before), profile)
            previous_name = previous.name
    return GroupResult(
        group_id=group_id,
        round_id=round_.id,
        members=members,
        respondents=respondents,
        suppressed=False,
        threshold=limit,
        round_name=round_.name,
        profile=profile,
        leaders_vs_rest=comparison,
        leaders_respondents=len(leaders),
        others_respondents=len(others),
        cohort_percentile=percentile,
        cohort_groups=cohort_groups,
        change=change,
        previous_round_name=previous_name,
    )


def result_rounds(session: Session, *, group_id: int) -> list[SurveyRound]:
    """The rounds a group's results can be shown for: its cohort's started rounds, in order."""
    query = (
        select(SurveyRound)
        .join(Organisation, col(Organisation.cohort_id) == SurveyRound.cohort_id)
        .join(Group, col(Group.organisation_id) == Organisation.id)
        .where(Group.id == group_id, SurveyRound.status != "draft")
        .order_by(col(SurveyRound.sequence))
    )
    return list(session.exec(query).all())


def results_version(session: Session, *, round_id: int) -> tuple[int, str]:
    """A cheap fingerprint of a round's submitted answers, for keying page caches.

    It changes whenever an answer is submitted (the count grows) or a submitted response is
    deleted or updated (the count or the newest ``updated_at`` changes).
    """
    query = select(func.count(), func.max(AssessmentResponse.updated_at)).where(
        AssessmentResponse.round_id == round_id,
        AssessmentResponse.instrument_id == INSTRUMENT_ID,
        AssessmentResponse.status == "submitted",
    )
    count, newest = session.exec(query).one()
    return int(count), str(newest)


# --------------------------------------------------------------------------- private helpers


def _started_rounds(session: Session, cohort_id: int) -> list[SurveyRound]:
    query = (
        select(SurveyRound)
        .where(SurveyRound.cohort_id == cohort_id, SurveyRound.status != "draft")
        .order_by(col(SurveyRound.sequence))
    )
    return list(session.exec(query).all())


def _rounds_up_to(rounds: list[SurveyRound], round_id: int) -> list[SurveyRound]:
    index = next(i for i, r in enumerate(rounds) if r.id == round_id)
    return rounds[: index + 1]


def _count(session: Session, query: Any) -> int:
    return int(session.exec(query).one())


def _submitted_filter(round_id: int) -> tuple[Any, ...]:
    return (
        AssessmentResponse.round_id == round_id,
        AssessmentResponse.instrument_id == INSTRUMENT_ID,
        AssessmentResponse.status == "submitted",
    )


def _count_submitted(session: Session, round_id: int, where: Any) -> int:
    query = (
        select(func.count())
        .select_from(AssessmentResponse)
        .join(Participant, col(AssessmentResponse.participant_id) == Participant.id)
        .where(*_submitted_filter(round_id), where)
    )
    return _count(session, query)


def _submitted(
    session: Session, round_id: int, where: Any
) -> list[tuple[int, bool, list[DimensionScore]]]:
    """(group id, is leader, scores) of every submitted response matching ``where``."""
    instrument = load_instrument(INSTRUMENT_ID)
    query = (
        select(Participant.group_id, Participant.is_leader, AssessmentResponse.answers)
        .join(Participant, col(AssessmentResponse.participant_id) == Participant.id)
        .join(Group, col(Participant.group_id) == Group.id)
        .where(*_submitted_filter(round_id), where)
    )
    return [
        (group_id, leader, score_dimensions(instrument, answers))
        for group_id, leader, answers in session.exec(query).all()
    ]


def _group_scores(session: Session, round_id: int, group_id: int) -> list[list[DimensionScore]]:
    return [s for _, _, s in _submitted(session, round_id, Participant.group_id == group_id)]


def _cohort_percentile(
    session: Session,
    cohort_id: int,
    round_id: int,
    group_id: int,
    profile: Sequence[GroupDimension],
    limit: int,
) -> tuple[dict[str, float], int]:
    """Percentile of the group's means among the cohort's groups that meet the threshold."""
    counts = (
        select(Participant.group_id)
        .select_from(AssessmentResponse)
        .join(Participant, col(AssessmentResponse.participant_id) == Participant.id)
        .join(Group, col(Participant.group_id) == Group.id)
        .join(Organisation, col(Group.organisation_id) == Organisation.id)
        .where(*_submitted_filter(round_id), Organisation.cohort_id == cohort_id)
        .group_by(col(Participant.group_id))
        .having(func.count() >= limit)
    )
    eligible = [gid for gid in session.exec(counts).all() if gid != group_id]
    by_group: dict[int, list[list[DimensionScore]]] = {}
    if eligible:
        for gid, _, scores in _submitted(session, round_id, col(Group.id).in_(eligible)):
            by_group.setdefault(gid, []).append(scores)
    means: dict[str, list[float]] = {}
    for members in by_group.values():
        for row in group_profile(members):
            if row.mean is not None:
                means.setdefault(row.dimension, []).append(row.mean)
    percentile = {}
    for row in profile:
        if row.mean is not None:
            population = [*means.get(row.dimension, []), row.mean]
            percentile[row.dimension] = percentile_rank(row.mean, population)
    return percentile, len(by_group) + 1
