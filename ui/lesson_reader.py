"""Pieces of the lesson reader: sections, the reflection and ambition exercises, the check.

Each exercise is a fragment, so saving it reruns only that part of the page.  User text is
shown with ``st.text`` only.
"""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from core.db import read_session, write_session
from core.learning_records import (
    MAX_AMBITION_LENGTH,
    MAX_REFLECTION_LENGTH,
    LearningRecordError,
    ambitions_of,
    complete_lesson,
    continue_point,
    create_ambition,
    progress_of,
    reflection_of,
    save_reflection,
    start_lesson,
)
from core.lessons import Lesson
from ui.data import engine
from ui.learning_data import (
    LESSON_PAGE,
    LESSON_PARAM,
    VISITOR_DONE,
    VISITOR_STARTED,
    Learner,
    format_date,
    learner,
    library,
    mark_visitor,
    path_of,
)
from ui.text import tr

# The date an ambition form suggests: about four weeks ahead (domain-science 5.3).
_SUGGESTED_DUE = timedelta(days=28)


def record_opened(who: Learner, lesson: Lesson) -> date | None:
    """Note that the learner opened the lesson; returns when they completed it, if they did."""
    if who.participant_id is None:
        if lesson.id not in who.completed:
            mark_visitor(VISITOR_STARTED, lesson.id)
        return None
    with read_session(engine()) as session:
        progress = progress_of(session, participant_id=who.participant_id).get(lesson.id)
    if progress is None:
        with write_session(engine()) as session:
            start_lesson(
                session,
                participant_id=who.participant_id,
                lesson_id=lesson.id,
                lesson_version=lesson.version,
            )
        return None
    return None if progress.completed_at is None else progress.completed_at.date()


def render_section(lesson: Lesson, key: str) -> None:
    """One of the lesson's sections under its heading (lesson content, trusted Markdown)."""
    st.header(tr(f"lesson.section.{key}"))
    st.markdown(lesson.sections.get(key, ""))


@st.fragment
def reflection_exercise(who: Learner, lesson: Lesson) -> None:
    """The reflection text, private by default, with a choice to share it with the group."""
    key = f"lesson.reflection.{lesson.id}"
    if who.participant_id is None:
        st.text_area(tr("lesson.reflection.label"), key=f"{key}.text", height=160)
        st.markdown(tr("lesson.visitor_notes"))
        return
    with read_session(engine()) as session:
        existing = reflection_of(session, participant_id=who.participant_id, lesson_id=lesson.id)
    with st.form(key, border=False):
        written = st.text_area(
            tr("lesson.reflection.label"),
            value=existing.text if existing else "",
            max_chars=MAX_REFLECTION_LENGTH,
            help=tr("lesson.reflection.help"),
            height=160,
            key=f"{key}.text",
        )
        shared = st.checkbox(
            tr("lesson.reflection.share"),
            value=existing.shared_with_group if existing else False,
            key=f"{key}.shared",
        )
        saved = st.form_submit_button(tr("lesson.reflection.save"))
    if not saved:
        return
    if not written.strip():
        st.warning(tr("lesson.reflection.empty"))
        return
    try:
        with write_session(engine()) as session:
            save_reflection(
                session,
                participant_id=who.participant_id,
                lesson_id=lesson.id,
                text=written,
                shared_with_group=shared,
            )
    except LearningRecordError:
        st.error(tr("lesson.reflection.too_long", limit=MAX_REFLECTION_LENGTH))
        return
    st.success(
        tr("lesson.reflection.saved_shared" if shared else "lesson.reflection.saved_private")
    )


@st.fragment
def ambition_exercise(who: Learner, lesson: Lesson, lang: str) -> None:
    """A concrete goal with a check-in date; the learner's ambitions from this lesson below."""
    key = f"lesson.ambition.{lesson.id}"
    today = date.today()
    date_format = "DD.MM.YYYY" if lang == "nb" else "YYYY-MM-DD"
    if who.participant_id is None:
        st.text_area(tr("lesson.ambition.label"), key=f"{key}.text", height=100)
        st.date_input(
            tr("lesson.ambition.date"),
            value=today + _SUGGESTED_DUE,
            min_value=today,
            format=date_format,
            key=f"{key}.due",
        )
        st.markdown(tr("lesson.visitor_notes"))
        return
    with st.form(key, border=False, clear_on_submit=True):
        goal = st.text_area(
            tr("lesson.ambition.label"),
            max_chars=MAX_AMBITION_LENGTH,
            help=tr("lesson.ambition.help"),
            height=100,
            key=f"{key}.text",
        )
        due = st.date_input(
            tr("lesson.ambition.date"),
            value=today + _SUGGESTED_DUE,
            min_value=today,
            format=date_format,
            key=f"{key}.due",
        )
        shared = st.checkbox(tr("lesson.ambition.share"), key=f"{key}.shared")
        saved = st.form_submit_button(tr("lesson.ambition.save"))
    if saved:
        _save_ambition(who.participant_id, lesson, goal, due, shared=shared, today=today)
    with read_session(engine()) as session:
        mine = ambitions_of(session, participant_id=who.participant_id, lesson_id=lesson.id)
    if mine:
        st.markdown(f"**{tr('lesson.ambition.yours')}**")
    for ambition in mine:
        with st.container(border=True):
            st.text(ambition.text)
            st.markdown(
                tr(
                    "lesson.ambition.item",
                    date=format_date(ambition.due_date, lang),
                    status=tr(f"lesson.ambition.{ambition.status}"),
                    visibility=tr(
                        "lesson.ambition.shared"
                        if ambition.shared_with_group
                        else "lesson.ambition.private"
                    ),
                )
            )


@st.fragment
def check_and_complete(who: Learner, lesson: Lesson, lang: str) -> None:
    """The check with feedback per option, and "mark as completed"."""
    options = lesson.check.options
    st.markdown(lesson.check.question)
    texts = [option.text for option in options]
    # Options are the texts themselves: a format_func would put a closure in session state.
    picked = st.radio(tr("lesson.check.label"), texts, index=None, key=f"lesson.check.{lesson.id}")
    choice = None if picked is None else texts.index(picked)
    if choice is not None:
        option = options[choice]
        if option.correct:
            st.success(f"{tr('lesson.check.correct')} {option.feedback}", icon=":material/check:")
        else:
            st.info(f"{tr('lesson.check.wrong')} {option.feedback}", icon=":material/info:")
    clicked = st.button(
        tr("lesson.complete.button"), type="primary", key=f"lesson.complete.{lesson.id}"
    )
    if not clicked:
        return
    correct = None if choice is None else options[choice].correct
    if who.participant_id is None:
        mark_visitor(VISITOR_DONE, lesson.id)
    else:
        with write_session(engine()) as session:
            complete_lesson(
                session,
                participant_id=who.participant_id,
                lesson_id=lesson.id,
                lesson_version=lesson.version,
                check_correct=correct,
            )
    st.success(tr("lesson.complete.done"), icon=":material/task_alt:")
    now = learner()
    point = continue_point(path_of(now, lang), now.unfinished)
    upcoming = None if point is None else library().get(point.lesson_id, lang)
    if upcoming is not None and upcoming.id != lesson.id:
        st.page_link(
            LESSON_PAGE,
            label=tr("lesson.complete.next", title=upcoming.title),
            icon=":material/arrow_forward:",
            query_params={LESSON_PARAM: upcoming.id},
        )


def _save_ambition(
    pid: int, lesson: Lesson, goal: str, due: object, *, shared: bool, today: date
) -> None:
    if not isinstance(due, date):
        st.warning(tr("lesson.ambition.past"))
        return
    if not goal.strip():
        st.warning(tr("lesson.ambition.empty"))
        return
    if due < today:
        st.warning(tr("lesson.ambition.past"))
        return
    try:
        with write_session(engine()) as session:
            create_ambition(
                session,
                participant_id=pid,
                lesson_id=lesson.id,
                dimension=lesson.dimensions[0] if lesson.dimensions else None,
                text=goal,
                due_date=due,
                shared_with_group=shared,
                today=today,
            )
    except LearningRecordError:
        st.error(tr("lesson.ambition.too_long", limit=MAX_AMBITION_LENGTH))
        return
    st.success(tr("lesson.ambition.saved"))
