"""Queries over the course structure: cohorts, organisations, groups, participants, rounds."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func
from sqlmodel import Session, SQLModel, col, select

from core.models import (
    Cohort,
    Group,
    Organisation,
    Participant,
    SurveyRound,
)
from core.tokens import looks_like_token

__all__ = [
    "cohort_by_name",
    "groups_of_cohort",
    "list_cohorts",
    "open_round",
    "organisations_of",
    "participant_by_token",
    "participant_context",
    "participants_of_group",
    "roster_of_cohort",
    "round_status",
    "rounds_of",
    "row_counts",
]


def list_cohorts(session: Session) -> Sequence[Cohort]:
    """Every cohort, newest first."""
    return session.exec(select(Cohort).order_by(col(Cohort.created_at).desc())).all()


def cohort_by_name(session: Session, name: str) -> Cohort | None:
    """The cohort with this exact name, if any."""
    return session.exec(select(Cohort).where(Cohort.name == name)).first()


def organisations_of(session: Session, cohort_id: int) -> Sequence[Organisation]:
    """The organisations of a cohort, by name."""
    query = select(Organisation).where(Organisation.cohort_id == cohort_id)
    return session.exec(query.order_by(Organisation.name)).all()


def groups_of_cohort(session: Session, cohort_id: int) -> Sequence[tuple[Group, Organisation]]:
    """Every group of a cohort with its organisation, ordered for display."""
    query = (
        select(Group, Organisation)
        .join(Organisation, col(Group.organisation_id) == Organisation.id)
        .where(Organisation.cohort_id == cohort_id)
        .order_by(Organisation.name, Group.kind, Group.name)
    )
    return session.exec(query).all()


def participants_of_group(session: Session, group_id: int) -> Sequence[Participant]:
    """A group's roster, by name."""
    query = select(Participant).where(Participant.group_id == group_id)
    return session.exec(query.order_by(Participant.name)).all()


def roster_of_cohort(
    session: Session, cohort_id: int
) -> Sequence[tuple[Participant, Group, Organisation]]:
    """Everyone a participant may name in the network survey: the whole cohort."""
    query = (
        select(Participant, Group, Organisation)
        .join(Group, col(Participant.group_id) == Group.id)
        .join(Organisation, col(Group.organisation_id) == Organisation.id)
        .where(Organisation.cohort_id == cohort_id)
        .order_by(Organisation.name, Participant.department, Participant.name)
    )
    return session.exec(query).all()


def rounds_of(session: Session, cohort_id: int) -> Sequence[SurveyRound]:
    """A cohort's survey rounds in the order they were run."""
    query = select(SurveyRound).where(SurveyRound.cohort_id == cohort_id)
    return session.exec(query.order_by(col(SurveyRound.sequence))).all()


def open_round(session: Session, cohort_id: int) -> SurveyRound | None:
    """The round participants answer now; the latest one if several are open."""
    query = (
        select(SurveyRound)
        .where(SurveyRound.cohort_id == cohort_id, SurveyRound.status == "open")
        .order_by(col(SurveyRound.sequence).desc())
    )
    return session.exec(query).first()


def round_status(session: Session, round_id: int) -> str | None:
    """The round's status as stored now; a page may hold the round from before it closed."""
    query = select(SurveyRound.status).where(SurveyRound.id == round_id)
    return session.exec(query).first()


def participant_by_token(session: Session, token: str) -> Participant | None:
    """The participant an invite token belongs to; None for unknown or revoked tokens."""
    if not looks_like_token(token):
        return None
    query = select(Participant).where(
        Participant.invite_token == token, col(Participant.token_revoked_at).is_(None)
    )
    return session.exec(query).first()


def participant_context(
    session: Session, participant_id: int
) -> tuple[Participant, Group, Organisation, Cohort] | None:
    """A participant with the group, organisation and cohort they belong to."""
    query = (
        select(Participant, Group, Organisation, Cohort)
        .join(Group, col(Participant.group_id) == Group.id)
        .join(Organisation, col(Group.organisation_id) == Organisation.id)
        .join(Cohort, col(Organisation.cohort_id) == Cohort.id)
        .where(Participant.id == participant_id)
    )
    row = session.exec(query).first()
    return None if row is None else (row[0], row[1], row[2], row[3])


def row_counts(session: Session) -> dict[str, int]:
    """Rows per table: what `samspill demo` twice must leave unchanged."""
    counts: dict[str, int] = {}
    for name, table in sorted(SQLModel.metadata.tables.items()):
        counts[name] = session.exec(select(func.count()).select_from(table)).one()
    return counts
