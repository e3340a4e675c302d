"""core.learning_records: progress, reflections, ambitions, and paths built from real results."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from core.consent import ConsentRequiredError, record_consent
from core.db import read_session, write_session
from core.instruments import load_instrument
from core.learning_demo import DEMO_NOTES, seed_learning_demo
from core.learning_path import Reason, Recommendation
from core.learning_records import (
    MAX_AMBITION_LENGTH,
    MAX_REFLECTION_LENGTH,
    ContinuePoint,
    LearningRecordError,
    PathInputs,
    ambition_due_list,
    ambitions_of,
    check_in_ambition,
    complete_lesson,
    completed_lesson_ids,
    continue_point,
    create_ambition,
    group_shared_ambitions,
    group_shared_reflections,
    mark_ambition_done,
    module_progress,
    participant_path,
    path_inputs,
    path_inputs_version,
    progress_of,
    reflection_of,
    save_reflection,
    set_ambition_shared,
    set_reflection_shared,
    start_lesson,
    unfinished_lesson_ids,
)
from core.lessons import load_lessons
from core.models import (
    Ambition,
    Cohort,
    Consent,
    Group,
    LessonProgress,
    Organisation,
    Participant,
    Reflection,
)
from core.repositories import open_round, participant_context
from core.responses import save_answers, submit_response
from core.scoring import DimensionScore, GroupDimension
from tests.pages.helpers import fresh_participant

TODAY = date(2026, 11, 23)
LESSON = "management-04-consult-wider"
OTHER_LESSON = "organization-05-knowledge-flow"


@pytest.fixture
def people(session: Session) -> dict[str, int]:
    """Two members of one management group and one member of another group."""
    cohort = Cohort(name="Test")
    session.add(cohort)
    session.flush()
    org = Organisation(cohort_id=cohort.id, name="Testvik kommune")
    session.add(org)
    session.flush()
    first, second = Group(organisation_id=org.id, name="A"), Group(organisation_id=org.id, name="B")
    session.add_all([first, second])
    session.flush()
    rows = {
        "kari": Participant(group_id=first.id, name="Kari"),
        "ola": Participant(group_id=first.id, name="Ola"),
        "per": Participant(group_id=second.id, name="Per"),
    }
    session.add_all(rows.values())
    session.flush()
    session.add_all(Consent(participant_id=row.id, consent_version=1) for row in rows.values())
    session.flush()
    return {name: row.id for name, row in rows.items()}


def test_nothing_is_stored_before_consent(session: Session, people: dict[str, int]) -> None:
    withdrawn = session.exec(select(Consent).where(Consent.participant_id == people["kari"])).one()
    session.delete(withdrawn)
    session.flush()
    with pytest.raises(ConsentRequiredError):
        start_lesson(session, participant_id=people["kari"], lesson_id=LESSON, lesson_version=1)
    with pytest.raises(ConsentRequiredError):
        save_reflection(session, participant_id=people["kari"], lesson_id=LESSON, text="Notat")
    with pytest.raises(ConsentRequiredError):
        create_ambition(
            session,
            participant_id=people["kari"],
            text="Spør økonomi først",
            due_date=TODAY + timedelta(days=28),
            today=TODAY,
        )
    assert session.exec(select(LessonProgress)).all() == []
    assert session.exec(select(Reflection)).all() == []
    assert session.exec(select(Ambition)).all() == []


def _path(*items: tuple[str, bool]) -> list[Recommendation]:
    return [
        Recommendation(lesson_id, "organization", i, (Reason("default"),), done)
        for i, (lesson_id, done) in enumerate(items, start=1)
    ]


# --- lesson progress -------------------------------------------------------------------


def test_opening_a_lesson_twice_keeps_one_record(session: Session, people: dict[str, int]) -> None:
    first = start_lesson(session, participant_id=people["kari"], lesson_id=LESSON, lesson_version=1)
    again = start_lesson(session, participant_id=people["kari"], lesson_id=LESSON, lesson_version=1)
    assert first.id == again.id
    assert first.status == "started"
    assert len(session.exec(select(LessonProgress)).all()) == 1


def test_completing_records_the_check_and_keeps_the_first_completion_time(
    session: Session, people: dict[str, int]
) -> None:
    pid = people["kari"]
    done = complete_lesson(
        session, participant_id=pid, lesson_id=LESSON, lesson_version=1, check_correct=False
    )
    first_time = done.completed_at
    again = complete_lesson(
        session, participant_id=pid, lesson_id=LESSON, lesson_version=2, check_correct=True
    )
    assert (again.status, again.check_correct, again.lesson_version) == ("completed", True, 2)
    assert again.completed_at == first_time
    # Completing without answering the check does not forget an earlier answer.
    third = complete_lesson(
        session, participant_id=pid, lesson_id=LESSON, lesson_version=2, check_correct=None
    )
    assert third.check_correct is True
    assert completed_lesson_ids(session, participant_id=pid) == {LESSON}
    assert set(progress_of(session, participant_id=pid)) == {LESSON}


def test_unfinished_lessons_are_listed_oldest_first(
    session: Session, people: dict[str, int]
) -> None:
    pid = people["kari"]
    for lesson_id in ("a-1", "b-2", "c-3"):
        start_lesson(session, participant_id=pid, lesson_id=lesson_id, lesson_version=1)
    complete_lesson(
        session, participant_id=pid, lesson_id="b-2", lesson_version=1, check_correct=True
    )
    assert unfinished_lesson_ids(session, participant_id=pid) == ["a-1", "c-3"]
    assert unfinished_lesson_ids(session, participant_id=people["ola"]) == []


@pytest.mark.parametrize(
    ("path", "started", "expected"),
    [
        (_path(("a", False), ("b", False)), [], ContinuePoint("a", "next")),
        (_path(("a", True), ("b", False)), [], ContinuePoint("b", "next")),
        (_path(("a", False), ("b", False)), ["b"], ContinuePoint("b", "resume")),
        (_path(("a", False), ("b", False)), ["a", "b"], ContinuePoint("b", "resume")),
        (_path(("a", False), ("b", True)), ["gone"], ContinuePoint("a", "next")),
        (_path(("a", True), ("b", True)), [], None),
    ],
    ids=["fresh", "first-done", "resume", "last-started", "unknown-id", "all-done"],
)
def test_continue_where_i_left_off(
    path: list[Recommendation], started: list[str], expected: ContinuePoint | None
) -> None:
    assert continue_point(path, started) == expected


def test_module_progress_counts_completed_lessons_per_module() -> None:
    library = load_lessons()
    management = [lesson.id for lesson in library.by_module("management", "nb")]
    progress = {p.module: p for p in module_progress(library, "nb", management[:2])}
    assert list(progress) == ["organization", "management", "strategy", "technology"]
    assert (progress["management"].completed, progress["management"].total) == (
        2,
        len(management),
    )
    assert progress["organization"].completed == 0
    assert progress["management"].share == pytest.approx(2 / len(management))


# --- reflections -----------------------------------------------------------------------


def test_a_reflection_is_private_by_default_and_stored_exactly_as_typed(
    session: Session, people: dict[str, int]
) -> None:
    text = "  <script>alert('x')</script>\n**markdown** & more  "
    saved = save_reflection(session, participant_id=people["kari"], lesson_id=LESSON, text=text)
    assert saved.text == text
    assert saved.shared_with_group is False
    assert group_shared_reflections(session, viewer_id=people["ola"]) == []


def test_saving_again_updates_the_text_and_keeps_the_sharing_choice(
    session: Session, people: dict[str, int]
) -> None:
    pid = people["kari"]
    save_reflection(
        session, participant_id=pid, lesson_id=LESSON, text="first", shared_with_group=True
    )
    save_reflection(session, participant_id=pid, lesson_id=LESSON, text="second")
    reflection = reflection_of(session, participant_id=pid, lesson_id=LESSON)
    assert reflection is not None
    assert (reflection.text, reflection.shared_with_group) == ("second", True)
    assert len(session.exec(select(Reflection)).all()) == 1


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("x" * MAX_REFLECTION_LENGTH, True),
        ("x" * (MAX_REFLECTION_LENGTH + 1), False),
        ("", False),
        ("   \n ", False),
    ],
    ids=["at-limit", "over-limit", "empty", "blank"],
)
def test_reflection_length_is_enforced(
    session: Session, people: dict[str, int], text: str, ok: bool
) -> None:
    if ok:
        save_reflection(session, participant_id=people["kari"], lesson_id=LESSON, text=text)
    else:
        with pytest.raises(LearningRecordError):
            save_reflection(session, participant_id=people["kari"], lesson_id=LESSON, text=text)


def test_group_sees_only_shared_reflections_of_its_own_members(
    session: Session, people: dict[str, int]
) -> None:
    save_reflection(session, participant_id=people["kari"], lesson_id=LESSON, text="Kari shares")
    set_reflection_shared(session, participant_id=people["kari"], lesson_id=LESSON, shared=True)
    save_reflection(
        session, participant_id=people["ola"], lesson_id=LESSON, text="Ola keeps it private"
    )
    save_reflection(
        session,
        participant_id=people["per"],
        lesson_id=LESSON,
        text="Per, other group",
        shared_with_group=True,
    )
    seen_by_ola = group_shared_reflections(session, viewer_id=people["ola"])
    assert [(r.author, r.text) for r in seen_by_ola] == [("Kari", "Kari shares")]
    assert [r.text for r in group_shared_reflections(session, viewer_id=people["per"])] == [
        "Per, other group"
    ]
    set_reflection_shared(session, participant_id=people["kari"], lesson_id=LESSON, shared=False)
    assert group_shared_reflections(session, viewer_id=people["ola"]) == []


def test_sharing_a_reflection_that_does_not_exist_fails(
    session: Session, people: dict[str, int]
) -> None:
    with pytest.raises(LearningRecordError):
        set_reflection_shared(session, participant_id=people["kari"], lesson_id=LESSON, shared=True)


# --- ambitions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "ok"),
    [(TODAY - timedelta(days=1), False), (TODAY, True), (TODAY + timedelta(days=30), True)],
    ids=["yesterday", "today", "next-month"],
)
def test_an_ambition_date_must_not_be_in_the_past(
    session: Session, people: dict[str, int], due: date, ok: bool
) -> None:
    def create() -> Ambition:
        return create_ambition(
            session,
            participant_id=people["kari"],
            lesson_id=LESSON,
            text="Spør to før jeg bestemmer",
            due_date=due,
            today=TODAY,
        )

    if ok:
        ambition = create()
        assert (ambition.status, ambition.shared_with_group) == ("open", False)
    else:
        with pytest.raises(LearningRecordError, match="passed"):
            create()


def test_ambition_text_length_is_enforced(session: Session, people: dict[str, int]) -> None:
    with pytest.raises(LearningRecordError):
        create_ambition(
            session,
            participant_id=people["kari"],
            text="x" * (MAX_AMBITION_LENGTH + 1),
            due_date=TODAY,
            today=TODAY,
        )


def test_check_in_moves_the_date_and_done_closes_the_ambition(
    session: Session, people: dict[str, int]
) -> None:
    pid = people["kari"]
    ambition = create_ambition(
        session, participant_id=pid, text="Mål", due_date=TODAY + timedelta(days=2), today=TODAY
    )
    assert ambition.id is not None
    with pytest.raises(LearningRecordError):
        check_in_ambition(
            session, participant_id=pid, ambition_id=ambition.id, next_due_date=TODAY, today=TODAY
        )
    moved = check_in_ambition(
        session,
        participant_id=pid,
        ambition_id=ambition.id,
        next_due_date=TODAY + timedelta(days=28),
        today=TODAY,
    )
    assert moved.due_date == TODAY + timedelta(days=28)
    assert moved.checked_in_at is not None
    done = mark_ambition_done(session, participant_id=pid, ambition_id=ambition.id)
    assert done.status == "done"


def test_nobody_else_can_change_an_ambition(session: Session, people: dict[str, int]) -> None:
    ambition = create_ambition(
        session, participant_id=people["kari"], text="Mål", due_date=TODAY, today=TODAY
    )
    assert ambition.id is not None
    with pytest.raises(LearningRecordError):
        mark_ambition_done(session, participant_id=people["ola"], ambition_id=ambition.id)
    with pytest.raises(LearningRecordError):
        set_ambition_shared(
            session, participant_id=people["ola"], ambition_id=ambition.id, shared=True
        )


def test_ambitions_due_for_check_in_are_open_and_near_overdue_first(
    session: Session, people: dict[str, int]
) -> None:
    pid = people["kari"]
    rows = {}
    for name, days in (("soon", 5), ("later", 30), ("overdue", -3), ("done", 1)):
        ambition = Ambition(
            participant_id=pid, text=name, due_date=TODAY + timedelta(days=days), status="open"
        )
        session.add(ambition)
        rows[name] = ambition
    rows["done"].status = "done"
    session.flush()
    due = ambition_due_list(ambitions_of(session, participant_id=pid), TODAY)
    assert [(a.text, days) for a, days in due] == [("overdue", -3), ("soon", 5)]


def test_group_sees_shared_ambitions_and_the_groups_own(
    session: Session, people: dict[str, int]
) -> None:
    kari = create_ambition(
        session,
        participant_id=people["kari"],
        text="Delt",
        due_date=TODAY + timedelta(days=3),
        shared_with_group=True,
        today=TODAY,
    )
    create_ambition(
        session, participant_id=people["ola"], text="Privat", due_date=TODAY, today=TODAY
    )
    create_ambition(
        session,
        participant_id=people["per"],
        text="Annen gruppe",
        due_date=TODAY,
        shared_with_group=True,
        today=TODAY,
    )
    group_id = session.get(Participant, people["kari"]).group_id  # type: ignore[union-attr]
    session.add(Ambition(group_id=group_id, text="Felles mål", due_date=TODAY))
    session.flush()
    seen = group_shared_ambitions(session, viewer_id=people["ola"])
    assert [(a.author, a.text) for a in seen] == [("", "Felles mål"), ("Kari", "Delt")]
    assert kari.id is not None
    set_ambition_shared(session, participant_id=people["kari"], ambition_id=kari.id, shared=False)
    assert [a.text for a in group_shared_ambitions(session, viewer_id=people["ola"])] == [
        "Felles mål"
    ]


# --- path inputs -----------------------------------------------------------------------


def _score(dimension: str, score: float | None, gap: float | None = None) -> DimensionScore:
    return DimensionScore(dimension, "organisation", score, None, 4, 0, 4, None, gap)


def _group(dimension: str, mean: float | None, sd: float | None) -> GroupDimension:
    return GroupDimension(
        dimension, "organisation", 6, mean, sd, None, None, None, False, (), None, 10.0, 0
    )


def test_path_inputs_take_scores_gaps_spread_and_findings() -> None:
    inputs = path_inputs(
        person=[_score("strategy", 30.0, 35.0), _score("technology", None)],
        group=[_group("strategy", 45.0, 25.0), _group("management", 60.0, None)],
        findings={"isolated"},
    )
    assert dict(inputs.person_scores) == {"strategy": 30.0}
    assert dict(inputs.group_scores) == {"strategy": 45.0, "management": 60.0}
    # The person's own gap wins; the group's fills in where the person has none.
    assert dict(inputs.gaps) == {"strategy": 35.0, "management": 10.0}
    assert dict(inputs.group_spread) == {"strategy": 25.0}
    assert inputs.findings == frozenset({"isolated"})
    assert not inputs.empty
    assert PathInputs().empty


def test_a_profile_weak_in_strategy_starts_with_strategy_lessons() -> None:
    library = load_lessons()
    inputs = path_inputs(
        person=[_score("strategy", 20.0), _score("management", 70.0), _score("technology", 80.0)]
    )
    path = participant_path(
        library, "nb", inputs=inputs, completed={"strategy-02-start-with-the-user"}
    )
    assert path[0].module == "strategy"
    assert path[0].reasons[0].kind == "weak_dimension"
    assert next(r for r in path if r.lesson_id == "strategy-02-start-with-the-user").done


# --- demo ------------------------------------------------------------------------------


def _mini_region(session: Session) -> None:
    cohort = Cohort(name="Mini")
    session.add(cohort)
    session.flush()
    for town in ("Aby", "Bby"):
        org = Organisation(cohort_id=cohort.id, name=town)
        session.add(org)
        session.flush()
        group = Group(organisation_id=org.id, name="Ledergruppen", kind="management")
        session.add(group)
        session.flush()
        for n in range(5):
            person = Participant(group_id=group.id, name=f"{town} {n}")
            session.add(person)
            session.flush()
            session.add(Consent(participant_id=person.id, consent_version=1))
    session.flush()


def _records(session: Session) -> list[tuple[object, ...]]:
    progress = [
        (p.participant_id, p.lesson_id, p.status, p.check_correct)
        for p in session.exec(select(LessonProgress).order_by(col(LessonProgress.id))).all()
    ]
    notes = [
        (r.participant_id, r.lesson_id, r.text, r.shared_with_group)
        for r in session.exec(select(Reflection).order_by(col(Reflection.id))).all()
    ]
    goals = [
        (a.participant_id, a.text, a.due_date)
        for a in session.exec(select(Ambition).order_by(col(Ambition.id))).all()
    ]
    return [*progress, *notes, *goals]


def test_demo_learning_records_are_deterministic(session: Session) -> None:
    _mini_region(session)
    seed_learning_demo(session, random.Random(7), today=TODAY)
    first = _records(session)
    for table in (LessonProgress, Reflection, Ambition):
        for row in session.exec(select(table)).all():
            session.delete(row)
    session.flush()
    seed_learning_demo(session, random.Random(7), today=TODAY)
    assert _records(session) == first
    assert first, "the demo wrote learning records"


def test_every_demo_note_names_a_real_lesson() -> None:
    ids = set(load_lessons().ids())
    assert [note[0] for note in DEMO_NOTES if note[0] not in ids] == []


def test_the_demo_region_has_shared_reflections_and_ambitions_due_soon(
    demo_engine: Engine,
) -> None:
    today = date.today()
    with read_session(demo_engine) as session:
        shared = session.exec(
            select(Reflection).where(col(Reflection.shared_with_group).is_(True))
        ).all()
        ambitions = session.exec(select(Ambition)).all()
        assert len(shared) >= 4
        soon = [a for a in ambitions if a.due_date <= today + timedelta(days=7)]
        assert soon, "some demo ambitions are due for a check-in"
        # Shared texts are seen by a colleague in the same group.
        author = session.get(Participant, shared[0].participant_id)
        assert author is not None
        colleague = session.exec(
            select(Participant).where(
                Participant.group_id == author.group_id, Participant.id != author.id
            )
        ).first()
        assert colleague is not None
        assert colleague.id is not None
        seen = group_shared_reflections(session, viewer_id=colleague.id)
        assert shared[0].text in {r.text for r in seen}


def test_the_path_version_moves_with_the_groups_submissions_only(demo_engine: Engine) -> None:

    instrument = load_instrument("digital_fitness")
    newcomer = fresh_participant(demo_engine)
    with read_session(demo_engine) as session:
        colleague = session.exec(
            select(Participant).where(
                Participant.group_id == newcomer.group_id, Participant.id != newcomer.id
            )
        ).first()
        outsider = session.exec(
            select(Participant).where(Participant.group_id != newcomer.group_id)
        ).first()
        before = {
            p.id: path_inputs_version(session, participant_id=p.id) for p in (colleague, outsider)
        }
    with write_session(demo_engine) as session:
        context = participant_context(session, newcomer.id)
        assert context is not None
        round_ = open_round(session, context[3].id)
        assert round_ is not None
        record_consent(session, participant_id=newcomer.id, lang="nb", named_network=False)
        answers = dict.fromkeys(instrument.answer_keys, 3)
        save_answers(
            session,
            participant_id=newcomer.id,
            round_=round_,
            instrument=instrument,
            answers=answers,
        )
        submit_response(session, participant_id=newcomer.id, round_=round_, instrument=instrument)
    with read_session(demo_engine) as session:
        assert path_inputs_version(session, participant_id=colleague.id) != before[colleague.id]
        assert path_inputs_version(session, participant_id=outsider.id) == before[outsider.id]
