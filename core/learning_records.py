"""A participant's learning records: lesson progress, reflections, ambitions and path inputs."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from core.consent import require_consent
from core.learning_path import Recommendation, ambitions_due, learning_path_for
from core.lessons import LessonLibrary
from core.models import (
    Ambition,
    AssessmentResponse,
    LessonProgress,
    Participant,
    Reflection,
    utcnow,
)
from core.scoring import DimensionScore, GroupDimension

__all__ = [
    "DUE_HORIZON_DAYS",
    "MAX_AMBITION_LENGTH",
    "MAX_REFLECTION_LENGTH",
    "ContinuePoint",
    "LearningRecordError",
    "ModuleProgress",
    "PathInputs",
    "SharedAmbition",
    "SharedReflection",
    "ambition_due_list",
    "ambitions_of",
    "check_in_ambition",
    "complete_lesson",
    "completed_lesson_ids",
    "continue_point",
    "create_ambition",
    "group_shared_ambitions",
    "group_shared_reflections",
    "mark_ambition_done",
    "module_progress",
    "participant_path",
    "path_inputs",
    "path_inputs_for",
    "path_inputs_version",
    "progress_of",
    "reflection_of",
    "save_reflection",
    "set_ambition_shared",
    "set_reflection_shared",
    "start_lesson",
    "unfinished_lesson_ids",
]

#: Longest reflection stored, in characters (the column's limit in `core.models`).
MAX_REFLECTION_LENGTH = 10_000

#: Longest ambition stored, in characters (the column's limit in `core.models`).
MAX_AMBITION_LENGTH = 2_000

#: An open ambition shows as due for a check-in this many days before its date
#: (about a week: the first spaced interval in domain-science 5.3).
DUE_HORIZON_DAYS = 7


class LearningRecordError(ValueError):
    """A learning record cannot be stored as asked; the message says why, in English."""


@dataclass(frozen=True)
class ModuleProgress:
    """How many of a module's lessons a learner has completed."""

    module: str
    completed: int
    total: int

    @property
    def share(self) -> float:
        """Completed share 0.0-1.0 (0.0 for a module without lessons)."""
        return self.completed / self.total if self.total else 0.0


@dataclass(frozen=True)
class ContinuePoint:
    """Where a learner picks up: a lesson they started (``resume``) or the next on the path."""

    lesson_id: str
    kind: str  # "resume" | "next"


@dataclass(frozen=True)
class PathInputs:
    """The results a learning path is built from, in the shape `learning_path_for` takes."""

    person_scores: Mapping[str, float] = field(default_factory=dict)
    group_scores: Mapping[str, float] = field(default_factory=dict)
    gaps: Mapping[str, float] = field(default_factory=dict)
    group_spread: Mapping[str, float] = field(default_factory=dict)
    findings: frozenset[str] = frozenset()

    @property
    def empty(self) -> bool:
        """True when there are no results at all (the path is the default course order)."""
        return not (
            self.person_scores
            or self.group_scores
            or self.gaps
            or self.group_spread
            or self.findings
        )


@dataclass(frozen=True)
class SharedReflection:
    """A reflection a group member chose to share, with who wrote it."""

    reflection_id: int
    participant_id: int
    author: str
    lesson_id: str
    text: str
    updated_at: datetime


@dataclass(frozen=True)
class SharedAmbition:
    """An ambition shared with the group, or set by the group itself (``author`` empty)."""

    ambition_id: int
    participant_id: int | None
    author: str
    lesson_id: str | None
    text: str
    due_date: date
    status: str


# --- lesson progress -------------------------------------------------------------------


def start_lesson(
    session: Session, *, participant_id: int, lesson_id: str, lesson_version: int
) -> LessonProgress:
    """Record that a participant opened a lesson; opening it again changes nothing."""
    require_consent(session, participant_id)
    progress = _progress(session, participant_id, lesson_id)
    if progress is not None:
        return progress
    progress = LessonProgress(
        participant_id=participant_id, lesson_id=lesson_id, lesson_version=lesson_version
    )
    session.add(progress)
    session.flush()
    return progress


def complete_lesson(
    session: Session,
    *,
    participant_id: int,
    lesson_id: str,
    lesson_version: int,
    check_correct: bool | None,
) -> LessonProgress:
    """Mark a lesson completed with the result of its check (None if not answered).

    Completing again records the newest check result and version but keeps the first
    completion time.
    """
    require_consent(session, participant_id)
    progress = start_lesson(
        session, participant_id=participant_id, lesson_id=lesson_id, lesson_version=lesson_version
    )
    progress.status = "completed"
    progress.lesson_version = lesson_version
    if check_correct is not None or progress.check_correct is None:
        progress.check_correct = check_correct
    if progress.completed_at is None:
        progress.completed_at = utcnow()
    session.add(progress)
    session.flush()
    return progress


def progress_of(session: Session, *, participant_id: int) -> dict[str, LessonProgress]:
    """Lesson id to the participant's progress in it."""
    query = select(LessonProgress).where(LessonProgress.participant_id == participant_id)
    return {row.lesson_id: row for row in session.exec(query).all()}


def completed_lesson_ids(session: Session, *, participant_id: int) -> set[str]:
    """Ids of the lessons the participant has completed."""
    query = select(LessonProgress.lesson_id).where(
        LessonProgress.participant_id == participant_id, LessonProgress.status == "completed"
    )
    return set(session.exec(query).all())


def module_progress(
    library: LessonLibrary, lang: str, completed: Collection[str]
) -> list[ModuleProgress]:
    """Completed and total lessons per module, in module order.

    Examples
    --------
    >>> from core.lessons import load_lessons
    >>> library = load_lessons()
    >>> first = library.in_language("en")[0]
    >>> progress = module_progress(library, "en", {first.id})
    >>> (progress[0].module, progress[0].completed, progress[0].total > 1)
    ('organization', 1, True)
    """
    done = set(completed)
    result = []
    for module in library.modules():
        ids = [lesson.id for lesson in library.by_module(module, lang)]
        result.append(ModuleProgress(module, sum(i in done for i in ids), len(ids)))
    return result


def continue_point(path: Sequence[Recommendation], started: Sequence[str]) -> ContinuePoint | None:
    """The lesson to continue with: the last one started and not completed, else the next.

    Parameters
    ----------
    path
        The learner's path from `learning_path_for` (its ``done`` flags count as completed).
    started
        Ids of lessons started and not completed, oldest first (`unfinished_lesson_ids`).

    Returns
    -------
    ContinuePoint or None
        ``resume`` for the most recently started unfinished lesson on the path, ``next``
        for the first lesson on the path not yet done, None when everything is done.

    Examples
    --------
    >>> from core.learning_path import Reason, Recommendation
    >>> path = [Recommendation("a", "organization", 1, (Reason("default"),), True),
    ...         Recommendation("b", "organization", 2, (Reason("default"),), False),
    ...         Recommendation("c", "strategy", 3, (Reason("default"),), False)]
    >>> continue_point(path, [])
    ContinuePoint(lesson_id='b', kind='next')
    >>> continue_point(path, ["c", "x"])  # "x" is not on the path
    ContinuePoint(lesson_id='c', kind='resume')
    """
    on_path = {rec.lesson_id: rec for rec in path}
    for lesson_id in reversed(started):
        rec = on_path.get(lesson_id)
        if rec is not None and not rec.done:
            return ContinuePoint(lesson_id, "resume")
    upcoming = next((rec for rec in path if not rec.done), None)
    return None if upcoming is None else ContinuePoint(upcoming.lesson_id, "next")


def unfinished_lesson_ids(session: Session, *, participant_id: int) -> list[str]:
    """Lessons the participant started and has not completed, oldest start first."""
    query = (
        select(LessonProgress.lesson_id)
        .where(LessonProgress.participant_id == participant_id, LessonProgress.status == "started")
        .order_by(col(LessonProgress.started_at), col(LessonProgress.id))
    )
    return list(session.exec(query).all())


# --- reflections -----------------------------------------------------------------------


def save_reflection(
    session: Session,
    *,
    participant_id: int,
    lesson_id: str,
    text: str,
    shared_with_group: bool | None = None,
) -> Reflection:
    """Store the participant's reflection on a lesson, exactly as typed.

    A new reflection is private unless ``shared_with_group`` is true; saving again
    replaces the text and keeps the sharing choice unless a new one is given.

    Raises
    ------
    LearningRecordError
        If the text is blank or longer than `MAX_REFLECTION_LENGTH`.
    """
    require_consent(session, participant_id)
    _check_text(text, MAX_REFLECTION_LENGTH, "reflection")
    reflection = reflection_of(session, participant_id=participant_id, lesson_id=lesson_id)
    if reflection is None:
        reflection = Reflection(participant_id=participant_id, lesson_id=lesson_id, text=text)
    reflection.text = text
    if shared_with_group is not None:
        reflection.shared_with_group = shared_with_group
    reflection.updated_at = utcnow()
    session.add(reflection)
    session.flush()
    return reflection


def reflection_of(session: Session, *, participant_id: int, lesson_id: str) -> Reflection | None:
    """The participant's reflection on a lesson, if they wrote one."""
    query = select(Reflection).where(
        Reflection.participant_id == participant_id, Reflection.lesson_id == lesson_id
    )
    return session.exec(query).first()


def set_reflection_shared(
    session: Session, *, participant_id: int, lesson_id: str, shared: bool
) -> Reflection:
    """Share a reflection with the group, or take it back.

    Raises
    ------
    LearningRecordError
        If the participant has no reflection on the lesson.
    """
    reflection = reflection_of(session, participant_id=participant_id, lesson_id=lesson_id)
    if reflection is None:
        raise LearningRecordError(f"no reflection on {lesson_id!r} to share")
    reflection.shared_with_group = shared
    session.add(reflection)
    session.flush()
    return reflection


def group_shared_reflections(session: Session, *, viewer_id: int) -> list[SharedReflection]:
    """Reflections shared in the viewer's group, newest first; only shared ones, only members."""
    group_id = _group_of(session, viewer_id)
    if group_id is None:
        return []
    query = (
        select(Reflection, Participant)
        .join(Participant, col(Reflection.participant_id) == Participant.id)
        .where(Participant.group_id == group_id, col(Reflection.shared_with_group).is_(True))
        .order_by(col(Reflection.updated_at).desc(), col(Reflection.id).desc())
    )
    return [
        SharedReflection(
            reflection_id=_id(reflection.id),
            participant_id=reflection.participant_id,
            author=person.name,
            lesson_id=reflection.lesson_id,
            text=reflection.text,
            updated_at=reflection.updated_at,
        )
        for reflection, person in session.exec(query).all()
    ]


# --- ambitions -------------------------------------------------------------------------


def create_ambition(
    session: Session,
    *,
    participant_id: int,
    text: str,
    due_date: date,
    lesson_id: str | None = None,
    dimension: str | None = None,
    shared_with_group: bool = False,
    today: date | None = None,
) -> Ambition:
    """Set a personal ambition with the date to check on it; private unless shared.

    Raises
    ------
    LearningRecordError
        If the text is blank or longer than `MAX_AMBITION_LENGTH`, or the date has passed.
    """
    require_consent(session, participant_id)
    _check_text(text, MAX_AMBITION_LENGTH, "ambition")
    _check_future(due_date, today)
    ambition = Ambition(
        participant_id=participant_id,
        lesson_id=lesson_id,
        dimension=dimension,
        text=text,
        due_date=due_date,
        shared_with_group=shared_with_group,
    )
    session.add(ambition)
    session.flush()
    return ambition


def ambitions_of(
    session: Session, *, participant_id: int, lesson_id: str | None = None
) -> list[Ambition]:
    """The participant's own ambitions (of one lesson if given), by due date."""
    query = select(Ambition).where(Ambition.participant_id == participant_id)
    if lesson_id is not None:
        query = query.where(Ambition.lesson_id == lesson_id)
    return list(session.exec(query.order_by(col(Ambition.due_date), col(Ambition.id))).all())


def mark_ambition_done(
    session: Session, *, participant_id: int, ambition_id: int, now: datetime | None = None
) -> Ambition:
    """Mark one of the participant's ambitions as reached; that is also a check-in."""
    ambition = _own_ambition(session, participant_id, ambition_id)
    ambition.status = "done"
    ambition.checked_in_at = now or utcnow()
    session.add(ambition)
    session.flush()
    return ambition


def check_in_ambition(
    session: Session,
    *,
    participant_id: int,
    ambition_id: int,
    next_due_date: date,
    today: date | None = None,
    now: datetime | None = None,
) -> Ambition:
    """Check in on an ambition that is still open, and set when to look at it next.

    Raises
    ------
    LearningRecordError
        If the ambition is not the participant's, or the next date is not after today.
    """
    ambition = _own_ambition(session, participant_id, ambition_id)
    current = today or date.today()
    if next_due_date <= current:
        raise LearningRecordError("the next check-in must be after today")
    ambition.due_date = next_due_date
    ambition.checked_in_at = now or utcnow()
    session.add(ambition)
    session.flush()
    return ambition


def set_ambition_shared(
    session: Session, *, participant_id: int, ambition_id: int, shared: bool
) -> Ambition:
    """Share one of the participant's ambitions with the group, or take it back."""
    ambition = _own_ambition(session, participant_id, ambition_id)
    ambition.shared_with_group = shared
    session.add(ambition)
    session.flush()
    return ambition


def ambition_due_list(
    ambitions: Sequence[Ambition], today: date, *, horizon_days: int = DUE_HORIZON_DAYS
) -> list[tuple[Ambition, int]]:
    """Open ambitions due for a check-in within the horizon, overdue first, with days left."""
    by_id = {_id(a.id): a for a in ambitions}
    due = ambitions_due(
        ((_id(a.id), a.due_date, a.status == "done") for a in ambitions),
        today,
        horizon_days=horizon_days,
    )
    return [(by_id[item.ambition_id], item.days_left) for item in due]


def group_shared_ambitions(session: Session, *, viewer_id: int) -> list[SharedAmbition]:
    """Ambitions shared by members of the viewer's group, and the group's own, by due date."""
    group_id = _group_of(session, viewer_id)
    if group_id is None:
        return []
    members = select(Ambition, Participant).join(
        Participant, col(Ambition.participant_id) == Participant.id
    )
    members = members.where(
        Participant.group_id == group_id, col(Ambition.shared_with_group).is_(True)
    )
    shared = [
        _shared_ambition(ambition, person.name) for ambition, person in session.exec(members).all()
    ]
    own_group = select(Ambition).where(
        Ambition.group_id == group_id, col(Ambition.participant_id).is_(None)
    )
    shared += [_shared_ambition(ambition, "") for ambition in session.exec(own_group).all()]
    return sorted(shared, key=lambda a: (a.status == "done", a.due_date, a.ambition_id))


# --- path inputs -----------------------------------------------------------------------


def path_inputs(
    *,
    person: Sequence[DimensionScore] | None = None,
    group: Sequence[GroupDimension] | None = None,
    findings: Collection[str] = (),
) -> PathInputs:
    """Turn a person's scores, a group profile and finding kinds into path inputs.

    Dimensions without a score are left out. Ambition gaps are the person's own where
    they have one, else the group's; the group spread is the standard deviation of the
    member scores.

    Examples
    --------
    >>> score = DimensionScore("strategy", "organisation", 40.0, "developing", 4, 0, 4,
    ...                        70.0, 30.0)
    >>> inputs = path_inputs(person=[score], findings={"isolated"})
    >>> dict(inputs.person_scores), dict(inputs.gaps), sorted(inputs.findings)
    ({'strategy': 40.0}, {'strategy': 30.0}, ['isolated'])
    """
    person_scores: dict[str, float] = {}
    gaps: dict[str, float] = {}
    for score in person or ():
        if score.score is not None:
            person_scores[score.dimension] = score.score
        if score.gap is not None:
            gaps[score.dimension] = score.gap
    group_scores: dict[str, float] = {}
    spread: dict[str, float] = {}
    for dim in group or ():
        if dim.mean is not None:
            group_scores[dim.dimension] = dim.mean
        if dim.sd is not None:
            spread[dim.dimension] = dim.sd
        if dim.gap is not None:
            gaps.setdefault(dim.dimension, dim.gap)
    return PathInputs(person_scores, group_scores, gaps, spread, frozenset(findings))


def path_inputs_for(
    session: Session, *, participant_id: int, round_id: int | None = None
) -> PathInputs:
    """Gather a participant's own result, their group's profile and their network findings.

    A group result under the anonymity threshold (``suppressed``) contributes nothing.
    """
    from core.network_data import finding_kinds_for_participant
    from core.results import group_result, person_result

    person = person_result(session, participant_id=participant_id, round_id=round_id)
    group_id = _group_of(session, participant_id)
    group = None
    if group_id is not None:
        result = group_result(session, group_id=group_id, round_id=round_id)
        if result is not None and not result.suppressed:
            group = result.profile
    kinds = finding_kinds_for_participant(session, participant_id=participant_id, round_id=round_id)
    return path_inputs(
        person=None if person is None else person.scores, group=group, findings=kinds
    )


def path_inputs_version(session: Session, *, participant_id: int) -> tuple[int, str]:
    """A cheap fingerprint of what :func:`path_inputs_for` reads, for keying page caches.

    Everything the path is built from (the person's scores, the group's profile, the
    group's network findings) comes from submissions by members of the person's group, so
    it changes when one of them submits a survey or is erased (the count or the newest
    ``updated_at`` moves). Reads the group's few responses through the indexes.
    """
    group_id = _group_of(session, participant_id)
    query = (
        select(func.count(), func.max(AssessmentResponse.updated_at))
        .join(Participant, col(AssessmentResponse.participant_id) == Participant.id)
        .where(Participant.group_id == group_id, AssessmentResponse.status == "submitted")
    )
    count, newest = session.exec(query).one()
    return int(count), str(newest)


def participant_path(
    library: LessonLibrary,
    lang: str,
    *,
    inputs: PathInputs,
    completed: Collection[str] = (),
) -> list[Recommendation]:
    """The learning path for these inputs, with completed lessons marked done."""
    return learning_path_for(
        library,
        lang,
        person_scores=inputs.person_scores,
        group_scores=inputs.group_scores,
        gaps=inputs.gaps,
        group_spread=inputs.group_spread,
        findings=inputs.findings,
        completed=completed,
    )


# --- private helpers -------------------------------------------------------------------


def _progress(session: Session, participant_id: int, lesson_id: str) -> LessonProgress | None:
    query = select(LessonProgress).where(
        LessonProgress.participant_id == participant_id, LessonProgress.lesson_id == lesson_id
    )
    return session.exec(query).first()


def _group_of(session: Session, participant_id: int) -> int | None:
    return session.exec(
        select(Participant.group_id).where(Participant.id == participant_id)
    ).first()


def _own_ambition(session: Session, participant_id: int, ambition_id: int) -> Ambition:
    ambition = session.get(Ambition, ambition_id)
    if ambition is None or ambition.participant_id != participant_id:
        raise LearningRecordError(f"ambition {ambition_id} is not this participant's")
    return ambition


def _shared_ambition(ambition: Ambition, author: str) -> SharedAmbition:
    return SharedAmbition(
        ambition_id=_id(ambition.id),
        participant_id=ambition.participant_id,
        author=author,
        lesson_id=ambition.lesson_id,
        text=ambition.text,
        due_date=ambition.due_date,
        status=ambition.status,
    )


def _check_text(text: str, limit: int, what: str) -> None:
    if not text.strip():
        raise LearningRecordError(f"the {what} is empty")
    if len(text) > limit:
        raise LearningRecordError(f"the {what} is {len(text)} characters; at most {limit}")


def _check_future(due_date: date, today: date | None) -> None:
    if due_date < (today or date.today()):
        raise LearningRecordError("the date has already passed")


def _id(value: Any) -> int:
    assert value is not None, "rows are flushed before their ids are read"
    return int(value)
