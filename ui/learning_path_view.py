"""Pieces of the learning-path page: continue card, module progress, the path, check-ins."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import streamlit as st

from core.db import read_session, write_session
from core.learning_path import Recommendation
from core.learning_records import (
    ContinuePoint,
    ModuleProgress,
    ambition_due_list,
    ambitions_of,
    check_in_ambition,
    mark_ambition_done,
)
from core.lessons import LessonLibrary
from ui.data import engine
from ui.learning_data import LESSON_PAGE, LESSON_PARAM, format_date, module_title, reason_lines
from ui.text import tr

# "Not yet": the next check-in comes after the second spaced interval (about four weeks,
# domain-science 5.3).
_REMIND_AGAIN = timedelta(days=28)
# Reasons shown under each lesson on the path.
_REASONS_SHOWN = 2


def render_continue(point: ContinuePoint | None, lib: LessonLibrary, lang: str) -> None:
    """The "continue where I left off" card."""
    st.header(tr("learning.continue.heading"))
    with st.container(border=True):
        if point is None:
            st.write(tr("learning.continue.all_done"))
            return
        lesson = lib.get(point.lesson_id, lang)
        if lesson is None:
            return
        st.write(tr(f"learning.continue.{point.kind}", title=lesson.title))
        st.page_link(
            LESSON_PAGE,
            label=tr("learning.continue.open"),
            icon=":material/arrow_forward:",
            query_params={LESSON_PARAM: lesson.id},
        )


def render_modules(progress: Sequence[ModuleProgress]) -> None:
    """One progress bar per module, with the counts in words."""
    st.header(tr("learning.modules.heading"))
    columns = st.columns(len(progress) or 1)
    for column, item in zip(columns, progress, strict=False):
        label = tr(
            "learning.modules.progress",
            module=module_title(item.module),
            done=item.completed,
            total=item.total,
        )
        column.progress(item.share, text=label)


def render_path(
    path: Sequence[Recommendation], lib: LessonLibrary, lang: str, started: Sequence[str]
) -> None:
    """The recommended lessons, focus first, each with its status and the reasons."""
    st.header(tr("learning.path.heading"))
    focus = [rec for rec in path if rec.focus]
    rest = [rec for rec in path if not rec.focus]
    for heading, recs in (("learning.path.focus", focus), ("learning.path.rest", rest)):
        if not recs:
            continue
        if focus:
            st.subheader(tr(heading))
        for rec in recs:
            _render_recommendation(rec, lib, lang, started)


@st.fragment
def render_due_ambitions(pid: int, lang: str) -> None:
    """Ambitions whose check-in is near or past, with one-click check-ins."""
    today = date.today()
    with read_session(engine()) as session:
        due = ambition_due_list(ambitions_of(session, participant_id=pid), today)
    if not due:
        return
    st.header(tr("learning.due.heading"))
    for ambition, days in due:
        assert ambition.id is not None
        with st.container(border=True):
            st.text(ambition.text)
            st.markdown(_due_text(days, ambition.due_date, lang))
            left, right = st.columns(2)
            # Callbacks run before the fragment redraws, so the list is read after the change.
            left.button(
                tr("learning.due.done"),
                key=f"learning.due.done.{ambition.id}",
                on_click=_reached,
                args=(pid, ambition.id),
            )
            right.button(
                tr("learning.due.again"),
                key=f"learning.due.again.{ambition.id}",
                on_click=_remind_later,
                args=(pid, ambition.id, lang),
            )


def _reached(pid: int, ambition_id: int) -> None:
    with write_session(engine()) as session:
        mark_ambition_done(session, participant_id=pid, ambition_id=ambition_id)
    st.toast(tr("learning.due.marked_done"))


def _remind_later(pid: int, ambition_id: int, lang: str) -> None:
    today = date.today()
    next_date = today + _REMIND_AGAIN
    with write_session(engine()) as session:
        check_in_ambition(
            session,
            participant_id=pid,
            ambition_id=ambition_id,
            next_due_date=next_date,
            today=today,
        )
    st.toast(tr("learning.due.moved", date=format_date(next_date, lang)))


def _render_recommendation(
    rec: Recommendation, lib: LessonLibrary, lang: str, started: Sequence[str]
) -> None:
    lesson = lib.get(rec.lesson_id, lang)
    if lesson is None:
        return
    if rec.done:
        status = tr("learning.path.done")
    elif rec.lesson_id in started:
        status = tr("learning.path.started")
    else:
        status = tr("learning.path.not_started")
    with st.container(border=True):
        # The title as a heading wraps on a phone (a page link's label is cut off), and
        # gives the "open" link below its context.
        st.markdown(f"#### {rec.priority}. {lesson.title}")
        meta = tr(
            "learning.path.meta",
            module=module_title(lesson.module),
            minutes=lesson.duration_minutes,
            status=status,
        )
        # One paragraph, lines joined by Markdown hard breaks, keeps each card compact; the
        # two most urgent reasons are enough here, the lesson page lists them all.
        reasons = reason_lines(rec, lang)[:_REASONS_SHOWN]
        st.markdown("  \n".join([meta, *reasons]))
        st.page_link(
            LESSON_PAGE,
            label=tr("learning.continue.open"),
            icon=":material/arrow_forward:",
            query_params={LESSON_PARAM: lesson.id},
        )


def _due_text(days: int, due: date, lang: str) -> str:
    when = format_date(due, lang)
    if days < 0:
        return tr("learning.due.overdue", days=-days, date=when)
    if days == 0:
        return tr("learning.due.today")
    return tr("learning.due.soon", days=days, date=when)
