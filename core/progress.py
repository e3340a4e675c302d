"""Response progress per group and round: counts only, never who answered what."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import case, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from core.models import AssessmentResponse, Group, Organisation, Participant

__all__ = ["GroupProgress", "ProgressTotals", "progress_by_group", "progress_totals"]


@dataclass(frozen=True)
class GroupProgress:
    """How far a group has come in one round."""

    organisation: str
    group: str
    group_id: int
    kind: str
    members: int
    started: int
    submitted: int

    @property
    def not_opened(self) -> int:
        return self.members - self.started - self.submitted

    @property
    def response_rate(self) -> float:
        return self.submitted / self.members if self.members else 0.0


@dataclass(frozen=True)
class ProgressTotals:
    """The numbers for the projector: everyone in the selected cohort and round."""

    members: int
    started: int
    submitted: int

    @property
    def not_opened(self) -> int:
        return self.members - self.started - self.submitted

    @property
    def response_rate(self) -> float:
        return self.submitted / self.members if self.members else 0.0


def progress_by_group(
    session: Session, *, cohort_id: int, round_id: int, instrument_id: str = "digital_fitness"
) -> list[GroupProgress]:
    """Members, drafts and submissions per group, in one aggregate query."""
    status = col(AssessmentResponse.status)
    submitted = func.sum(case((status == "submitted", 1), else_=0))
    started = func.sum(case((status == "draft", 1), else_=0))
    query = (
        sa_select(
            col(Organisation.name),
            col(Group.name),
            col(Group.id),
            col(Group.kind),
            func.count(col(Participant.id)),
            started,
            submitted,
        )
        .select_from(Group)
        .join(Organisation, col(Group.organisation_id) == Organisation.id)
        .join(Participant, col(Participant.group_id) == Group.id)
        .outerjoin(
            AssessmentResponse,
            (col(AssessmentResponse.participant_id) == Participant.id)
            & (AssessmentResponse.round_id == round_id)
            & (AssessmentResponse.instrument_id == instrument_id),
        )
        .where(col(Organisation.cohort_id) == cohort_id)
        .group_by(col(Organisation.name), col(Group.name), col(Group.id), col(Group.kind))
        .order_by(Organisation.name, Group.kind, Group.name)
    )
    return [
        GroupProgress(org, name, gid, kind, int(n), int(s or 0), int(d or 0))
        for org, name, gid, kind, n, s, d in session.execute(query).all()
    ]


def progress_totals(rows: Iterable[GroupProgress]) -> ProgressTotals:
    """Sum the groups' counts, so the totals need no second query.

    Examples
    --------
    >>> a = GroupProgress("Nordvik", "Ledergruppen", 1, "management", 8, 2, 5)
    >>> b = GroupProgress("Sørby", "Ledergruppen", 2, "management", 6, 1, 0)
    >>> totals = progress_totals([a, b])
    >>> totals.members, totals.submitted, totals.started, totals.not_opened
    (14, 5, 3, 6)
    """
    members = started = submitted = 0
    for row in rows:
        members += row.members
        started += row.started
        submitted += row.submitted
    return ProgressTotals(members, started, submitted)
