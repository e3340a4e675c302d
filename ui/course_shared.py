"""Pieces the course pages share: the cohort picker, error texts and delete confirmation."""

from __future__ import annotations

import re
from collections.abc import Callable

import streamlit as st
from sqlmodel import Session

from core.course_setup import CourseSetupError
from core.db import read_session, write_session
from core.erasure import ErasureReport
from core.models import Cohort
from core.repositories import list_cohorts
from ui.data import engine
from ui.text import tr

# The chosen cohort outlives the selectbox, whose own key Streamlit drops on other pages.
COHORT_ID = "course.cohort_id"
# A message to show after the rerun that follows a successful change.
FLASH = "course.flash"


def pick_cohort(*, key: str) -> Cohort | None:
    """A cohort selectbox that remembers the choice across the course pages."""
    with read_session(engine()) as session:
        cohorts = list(list_cohorts(session))
    if not cohorts:
        return None
    ids = [c.id for c in cohorts]
    remembered = st.session_state.get(COHORT_ID)
    # Set before the widget exists, so a cohort chosen on another page, or just created,
    # is the one shown here.
    st.session_state[key] = remembered if remembered in ids else ids[0]
    chosen = st.selectbox(
        tr("course.cohort"),
        options=ids,
        format_func={c.id: c.name for c in cohorts}.__getitem__,
        key=key,
        on_change=_remember_cohort,
        args=(key,),
    )
    st.session_state[COHORT_ID] = chosen
    return next(c for c in cohorts if c.id == chosen)


def remember_cohort(cohort_id: int | None) -> None:
    """Make `cohort_id` the chosen cohort from the next run on."""
    st.session_state[COHORT_ID] = cohort_id


def tr_plain(key: str, /, **params: object) -> str:
    """`tr` for Markdown output: names typed by people cannot add links or formatting."""
    return tr(key, **{k: _plain(v) if isinstance(v, str) else v for k, v in params.items()})


def setup_error(exc: CourseSetupError) -> str:
    """The translated sentence for a refused setup change."""
    return tr_plain(f"course.error.{exc.code}", **exc.params)


def flash(message: str) -> None:
    """Remember a success message and rerun, so forms and tables show the new state."""
    st.session_state[FLASH] = message
    st.rerun()


def show_flash() -> None:
    """Show the message a change left before its rerun, once."""
    message = st.session_state.pop(FLASH, None)
    if message:
        st.success(message)


def run_setup_change(change: Callable[[Session], str]) -> None:
    """Write one change; show the reason when core refuses it, else flash its message."""
    try:
        with write_session(engine()) as session:
            message = change(session)
    except CourseSetupError as exc:
        st.error(setup_error(exc))
        return
    flash(message)


def confirm_delete(*, what: str, key: str, erase: Callable[[Session], ErasureReport]) -> None:
    """A delete button that works only after the facilitator ticks an explicit confirmation.

    `key` must name the item (its id), so a tick never carries over to the next item.
    """
    sure = st.checkbox(tr_plain("course.delete.confirm", what=what), key=f"{key}.sure")
    if st.button(tr_plain("course.delete.button", what=what), key=f"{key}.go", disabled=not sure):
        with write_session(engine()) as session:
            report = erase(session)
        flash(tr_plain("course.delete.done", what=what, rows=report.total))


def _remember_cohort(key: str) -> None:
    st.session_state[COHORT_ID] = st.session_state[key]


def _plain(text: str) -> str:
    # Backslash escapes every ASCII punctuation mark in CommonMark; the escape itself is
    # not shown.
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$:&])", r"\\\1", text)
