"""The group's shared reflections and ambitions, shown as plain text (never Markdown or HTML)."""

from __future__ import annotations

import re
from collections.abc import Sequence

import streamlit as st

from core.db import write_session
from core.learning_records import SharedAmbition, SharedReflection, set_reflection_shared
from ui.data import engine
from ui.learning_data import format_date
from ui.text import tr

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$])")


def plain(value: str) -> str:
    """``value`` with Markdown's special characters escaped, for captions holding names."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", value)


def render_reflections(
    items: Sequence[SharedReflection], titles: dict[str, str], viewer_id: int, lang: str
) -> None:
    """Each shared reflection: who, on which lesson, when; then the text exactly as written."""
    st.header(tr("reflections.heading"))
    if not items:
        st.info(tr("reflections.none"))
        return
    for item in items:
        lesson = titles.get(item.lesson_id, item.lesson_id)
        when = format_date(item.updated_at.date(), lang)
        own = item.participant_id == viewer_id
        with st.container(border=True):
            if own:
                st.markdown(plain(tr("reflections.by_you", lesson=lesson, date=when)))
            else:
                by = tr("reflections.by", author=item.author, lesson=lesson, date=when)
                st.markdown(plain(by))
            st.text(item.text)
            if own:
                st.button(
                    tr("reflections.unshare"),
                    key=f"reflections.unshare.{item.reflection_id}",
                    on_click=_unshare,
                    args=(viewer_id, item.lesson_id),
                )


def _unshare(viewer_id: int, lesson_id: str) -> None:
    """Stop sharing one's own reflection; runs before the page is drawn again."""
    with write_session(engine()) as session:
        set_reflection_shared(session, participant_id=viewer_id, lesson_id=lesson_id, shared=False)
    st.toast(tr("reflections.unshared"))


def render_ambitions(items: Sequence[SharedAmbition], lang: str) -> None:
    """Each shared ambition: the text as written, then who, when to check in, and its status."""
    st.header(tr("reflections.ambitions.heading"))
    if not items:
        st.info(tr("reflections.ambitions.none"))
        return
    for item in items:
        status = tr(f"lesson.ambition.{item.status}")
        when = format_date(item.due_date, lang)
        with st.container(border=True):
            st.text(item.text)
            if item.author:
                line = tr("reflections.ambition.by", author=item.author, date=when, status=status)
            else:
                line = tr("reflections.ambition.group", date=when, status=status)
            st.markdown(plain(line))
