"""Roster import on the page: keep the uploaded file, and show a preview as a table."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.roster_import import Action, RosterPreview, describe_line
from ui.text import lang, tr

# (file name, bytes) of the file being previewed; tests put a file here directly, since
# AppTest cannot drive st.file_uploader.
UPLOAD = "course.roster.upload"
# Bumped after an import: a new uploader key gives an empty uploader for the next file.
_GENERATION = "course.roster.generation"


def roster_uploader() -> tuple[str, bytes] | None:
    """The uploader; the file is kept in session state until it is removed or imported."""
    key = f"course.roster.file.{st.session_state.get(_GENERATION, 0)}"
    st.file_uploader(
        tr("course.roster.file"),
        type=["csv", "txt", "xlsx"],
        key=key,
        on_change=_remember_upload,
        args=(key,),
        help=tr("course.roster.file_help"),
    )
    upload = st.session_state.get(UPLOAD)
    return (str(upload[0]), bytes(upload[1])) if upload else None


def forget_upload() -> None:
    """Drop the kept file after an import, so the page starts over with an empty uploader."""
    st.session_state.pop(UPLOAD, None)
    st.session_state[_GENERATION] = st.session_state.get(_GENERATION, 0) + 1


def preview_summary(roster: RosterPreview) -> None:
    """Counts per outcome as words and numbers, never colour alone."""
    counts = roster.counts
    columns = st.columns(len(Action))
    for column, action in zip(columns, Action, strict=True):
        column.metric(tr(f"course.roster.action.{action}"), counts[action])


def preview_table(roster: RosterPreview, *, only_problems: bool) -> None:
    """One line per row of the file: what happens to it and why."""
    lines = [
        line
        for line in roster.lines
        if not only_problems or line.action in (Action.REJECT, Action.CHANGE)
    ]
    if not lines:
        st.info(tr("course.roster.nothing_to_show"))
        return
    table = pd.DataFrame(
        [
            {
                tr("course.roster.col.line"): line.line,
                tr("course.roster.col.action"): tr(f"course.roster.action.{line.action}"),
                tr("course.roster.col.name"): line.name,
                tr("course.roster.col.email"): line.email,
                tr("course.roster.col.details"): describe_line(line, lang()),
            }
            for line in lines
        ]
    )
    st.dataframe(table, hide_index=True, width="stretch")


def _remember_upload(key: str) -> None:
    uploaded = st.session_state.get(key)
    if uploaded is None:
        st.session_state.pop(UPLOAD, None)
    else:
        st.session_state[UPLOAD] = (uploaded.name, uploaded.getvalue())
