"""AppTest of the lesson reader: sections, exercises saved per person, the check, completion."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Engine
from sqlmodel import func, select
from streamlit.testing.v1 import AppTest

from core.db import read_session
from core.lessons import load_lessons
from core.models import Ambition, LessonProgress, Reflection
from tests.pages.helpers import app_as, consented_management_member
from ui.learning_data import CURRENT_LESSON, LESSON_PARAM

LESSON_ID = "management-03-benefits"
PAGE = "pages/learning/lesson.py"


def open_lesson(at: AppTest, lesson_id: str = LESSON_ID) -> AppTest:
    """Open the lesson page with the lesson id in the query string, as the path page links."""
    at.query_params[LESSON_PARAM] = lesson_id
    at.run()
    return at.switch_page(PAGE).run()


def counts(engine: Engine) -> tuple[int, int, int]:
    with read_session(engine) as session:
        return tuple(  # type: ignore[return-value]
            session.exec(select(func.count()).select_from(table)).one()
            for table in (LessonProgress, Reflection, Ambition)
        )


def test_the_lesson_shows_its_five_sections_in_norwegian(
    demo_url: str, demo_engine: Engine
) -> None:
    person = consented_management_member(demo_engine)
    at = open_lesson(app_as("participant", participant_id=person.id, lang="nb"))
    assert not at.exception, at.exception
    lesson = load_lessons().get(LESSON_ID, "nb")
    assert lesson is not None
    assert at.title[0].value == lesson.title
    assert [h.value for h in at.header] == [
        "Idéen",
        "Et eksempel",
        "Refleksjon",
        "Ambisjon",
        "Sjekk forståelsen",
    ]
    assert at.text_area(key=f"lesson.reflection.{LESSON_ID}.text").label == "Din refleksjon"


def test_a_participant_completes_a_lesson_with_reflection_and_ambition(
    demo_url: str, demo_engine: Engine
) -> None:
    person = consented_management_member(demo_engine)
    at = open_lesson(app_as("participant", participant_id=person.id))
    with read_session(demo_engine) as session:
        started = session.exec(
            select(LessonProgress).where(
                LessonProgress.participant_id == person.id, LessonProgress.lesson_id == LESSON_ID
            )
        ).one()
    assert started.status == "started"

    reflection = "We never measure benefits after a project ends."
    at.text_area(key=f"lesson.reflection.{LESSON_ID}.text").input(reflection)
    next(b for b in at.button if b.label == "Save reflection").click().run()
    assert not at.exception, at.exception
    assert any("Only you can see it" in s.value for s in at.success)

    due = date.today() + timedelta(days=14)
    at.text_area(key=f"lesson.ambition.{LESSON_ID}.text").input(
        "Every new project has a benefit plan."
    )
    at.date_input(key=f"lesson.ambition.{LESSON_ID}.due").set_value(due)
    next(b for b in at.button if b.label == "Save ambition").click().run()
    assert not at.exception, at.exception
    assert any("Ambition saved" in s.value for s in at.success)
    assert "Every new project has a benefit plan." in [t.value for t in at.text]

    lesson = load_lessons().get(LESSON_ID, "en")
    assert lesson is not None
    at.radio(key=f"lesson.check.{LESSON_ID}").set_value(
        lesson.check.options[lesson.check.correct_index].text
    ).run()
    assert any(s.value.startswith("Correct.") for s in at.success)
    at.button(key=f"lesson.complete.{LESSON_ID}").click().run()
    assert not at.exception, at.exception
    assert any("Lesson completed" in s.value for s in at.success)

    # A new session on the same database: everything is still there.
    again = open_lesson(app_as("participant", participant_id=person.id))
    assert again.text_area(key=f"lesson.reflection.{LESSON_ID}.text").value == reflection
    assert again.checkbox(key=f"lesson.reflection.{LESSON_ID}.shared").value is False
    assert "Every new project has a benefit plan." in [t.value for t in again.text]
    assert any("You completed this lesson" in c.value for c in again.markdown)
    with read_session(demo_engine) as session:
        progress = session.exec(
            select(LessonProgress).where(
                LessonProgress.participant_id == person.id, LessonProgress.lesson_id == LESSON_ID
            )
        ).one()
        ambition = session.exec(select(Ambition).where(Ambition.participant_id == person.id)).one()
    assert (progress.status, progress.check_correct) == ("completed", True)
    assert (ambition.due_date, ambition.shared_with_group) == (due, False)


def test_a_wrong_answer_gets_its_feedback(demo_url: str, demo_engine: Engine) -> None:
    at = open_lesson(app_as("visitor"))
    lesson = load_lessons().get(LESSON_ID, "en")
    assert lesson is not None
    wrong = next(i for i, o in enumerate(lesson.check.options) if not o.correct)
    at.radio(key=f"lesson.check.{LESSON_ID}").set_value(lesson.check.options[wrong].text).run()
    assert [i.value for i in at.info if i.value.startswith("Not quite.")] == [
        f"Not quite. {lesson.check.options[wrong].feedback}"
    ]


def test_a_visitor_reads_and_completes_without_anything_stored(
    demo_url: str, demo_engine: Engine
) -> None:
    before = counts(demo_engine)
    at = open_lesson(app_as("visitor", lang="nb"))
    assert not at.exception, at.exception
    assert any("Ingenting lagres" in i.value for i in at.info)
    assert not [b for b in at.button if b.label == "Lagre refleksjonen"]
    at.text_area(key=f"lesson.reflection.{LESSON_ID}.text").input("Bare i denne fanen").run()
    at.button(key=f"lesson.complete.{LESSON_ID}").click().run()
    assert any("fullført" in s.value for s in at.success)
    assert at.session_state["learning.visitor_done"] == [LESSON_ID]
    assert counts(demo_engine) == before


def test_an_unknown_lesson_id_is_ignored(demo_url: str) -> None:
    at = open_lesson(app_as("visitor"), "<script>alert(1)</script>")
    assert not at.exception
    assert any("no lesson with that address" in i.value for i in at.info)


def test_the_lesson_id_can_come_from_session_state(demo_url: str) -> None:
    at = app_as("visitor")
    at.session_state[CURRENT_LESSON] = "strategy-01-digital-in-the-plan"
    at.run()
    at.switch_page(PAGE).run()
    lesson = load_lessons().get("strategy-01-digital-in-the-plan", "en")
    assert lesson is not None
    assert at.title[0].value == lesson.title


def test_an_ambition_without_text_is_not_stored(demo_url: str, demo_engine: Engine) -> None:
    # Past dates cannot be picked (min_value is today) and core refuses them too
    # (tests/core/test_learning_records.py); an empty goal is caught on the page.
    person = consented_management_member(demo_engine)
    at = open_lesson(app_as("participant", participant_id=person.id))
    before = counts(demo_engine)
    at.text_area(key=f"lesson.ambition.{LESSON_ID}.text").input("   ")
    next(b for b in at.button if b.label == "Save ambition").click().run()
    assert counts(demo_engine) == before
    assert any("Write your ambition" in w.value for w in at.warning)
