"""Course setup: cohorts, organisations, groups and survey rounds, and how rounds move.

Round rule: a cohort has at most one open round at a time, because participants answer
"the open round" and a second open round would split their answers without them knowing.
A draft round opens; an open round closes; a closed round can be reopened when no other
round of the cohort is open.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TypeVar

from sqlalchemy import func
from sqlmodel import Session, col, select

from core.models import Cohort, Group, Organisation, SurveyRound, utcnow

__all__ = [
    "GROUP_KINDS",
    "MAX_NAME_LENGTH",
    "CourseSetupError",
    "DuplicateNameError",
    "NotFoundError",
    "RoundTransitionError",
    "close_round",
    "create_cohort",
    "create_group",
    "create_organisation",
    "create_round",
    "open_round",
    "update_cohort",
    "update_group",
]

GROUP_KINDS = ("management", "network")
_Row = TypeVar("_Row", Cohort, Organisation, Group, SurveyRound)
MAX_NAME_LENGTH = 200


class CourseSetupError(ValueError):
    """A setup change cannot be made as asked; `code` names the reason for translation."""

    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


class DuplicateNameError(CourseSetupError):
    """The name is taken at this level (case and surrounding spaces ignored)."""


class NotFoundError(CourseSetupError):
    """The cohort, organisation, group or round does not exist (any more)."""


class RoundTransitionError(CourseSetupError):
    """The round cannot move to the asked status from where it is."""


def create_cohort(
    session: Session, *, name: str, end_date: date | None = None, description: str = ""
) -> Cohort:
    """A new course run; names are unique across the installation."""
    name = _clean_name(name)
    _refuse_duplicate(session, Cohort, name, None)
    cohort = Cohort(name=name, end_date=end_date, description=description.strip())
    session.add(cohort)
    session.flush()
    return cohort


def update_cohort(session: Session, *, cohort_id: int, name: str, end_date: date | None) -> Cohort:
    """Rename a cohort and set or clear its end date."""
    cohort = _get(session, Cohort, cohort_id)
    name = _clean_name(name)
    if name.casefold() != cohort.name.casefold():
        _refuse_duplicate(session, Cohort, name, None)
    cohort.name = name
    cohort.end_date = end_date
    session.add(cohort)
    session.flush()
    return cohort


def create_organisation(
    session: Session, *, cohort_id: int, name: str, kind: str = "municipality"
) -> Organisation:
    """A municipality, agency or company in a cohort; names are unique per cohort."""
    _get(session, Cohort, cohort_id)
    name = _clean_name(name)
    _refuse_duplicate(session, Organisation, name, ("cohort_id", cohort_id))
    organisation = Organisation(cohort_id=cohort_id, name=name, kind=kind.strip() or "municipality")
    session.add(organisation)
    session.flush()
    return organisation


def create_group(
    session: Session,
    *,
    organisation_id: int,
    name: str,
    kind: str = "management",
    named_network: bool = False,
) -> Group:
    """A group in an organisation; names are unique per organisation."""
    _get(session, Organisation, organisation_id)
    name = _clean_name(name)
    _check_kind(kind)
    _refuse_duplicate(session, Group, name, ("organisation_id", organisation_id))
    group = Group(
        organisation_id=organisation_id, name=name, kind=kind, named_network=named_network
    )
    session.add(group)
    session.flush()
    return group


def update_group(session: Session, *, group_id: int, kind: str, named_network: bool) -> Group:
    """Change what kind a group is and whether its members see the named network map."""
    group = _get(session, Group, group_id)
    _check_kind(kind)
    group.kind = kind
    group.named_network = named_network
    session.add(group)
    session.flush()
    return group


def create_round(session: Session, *, cohort_id: int, name: str) -> SurveyRound:
    """A draft round placed after the cohort's existing rounds."""
    _get(session, Cohort, cohort_id)
    name = _clean_name(name)
    _refuse_duplicate(session, SurveyRound, name, ("cohort_id", cohort_id))
    last = session.exec(
        select(func.max(SurveyRound.sequence)).where(SurveyRound.cohort_id == cohort_id)
    ).one()
    survey_round = SurveyRound(cohort_id=cohort_id, name=name, sequence=(last or 0) + 1)
    session.add(survey_round)
    session.flush()
    return survey_round


def open_round(session: Session, *, round_id: int, now: datetime | None = None) -> SurveyRound:
    """Open a draft round or reopen a closed one, unless another round is open."""
    survey_round = _get(session, SurveyRound, round_id)
    if survey_round.status == "open":
        raise RoundTransitionError(
            "round_already_open", f"{survey_round.name!r} is open already", name=survey_round.name
        )
    other = session.exec(
        select(SurveyRound).where(
            SurveyRound.cohort_id == survey_round.cohort_id,
            SurveyRound.status == "open",
            col(SurveyRound.id) != round_id,
        )
    ).first()
    if other is not None:
        raise RoundTransitionError(
            "other_round_open",
            f"close {other.name!r} before opening {survey_round.name!r}",
            name=survey_round.name,
            other=other.name,
        )
    survey_round.status = "open"
    survey_round.opened_at = survey_round.opened_at or now or utcnow()
    survey_round.closed_at = None
    session.add(survey_round)
    session.flush()
    return survey_round


def close_round(session: Session, *, round_id: int, now: datetime | None = None) -> SurveyRound:
    """Close an open round; answers stop being accepted and results are final."""
    survey_round = _get(session, SurveyRound, round_id)
    if survey_round.status != "open":
        raise RoundTransitionError(
            "round_not_open", f"{survey_round.name!r} is not open", name=survey_round.name
        )
    survey_round.status = "closed"
    survey_round.closed_at = now or utcnow()
    session.add(survey_round)
    session.flush()
    return survey_round


def _clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise CourseSetupError("name_missing", "a name is required")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise CourseSetupError(
            "name_too_long",
            f"a name can have at most {MAX_NAME_LENGTH} characters",
            limit=MAX_NAME_LENGTH,
        )
    return cleaned


def _check_kind(kind: str) -> None:
    if kind not in GROUP_KINDS:
        raise CourseSetupError("bad_kind", f"unknown group kind {kind!r}", kind=kind)


def _refuse_duplicate(
    session: Session,
    table: type[Cohort] | type[Organisation] | type[Group] | type[SurveyRound],
    name: str,
    parent: tuple[str, int] | None,
) -> None:
    # Compared in Python: SQLite's lower() folds only ASCII, so "Ås" and "ås" would differ.
    query = select(table.name)
    if parent is not None:
        query = query.where(getattr(table, parent[0]) == parent[1])
    folded = name.casefold()
    if any(existing.casefold() == folded for existing in session.exec(query)):
        raise DuplicateNameError("duplicate", f"{name!r} exists already", name=name)


def _get(session: Session, table: type[_Row], row_id: int) -> _Row:
    row = session.get(table, row_id)
    if row is None:
        raise NotFoundError("not_found", f"no {table.__name__} with id {row_id}")
    return row
