"""The self-assessment form: one dimension per step, every answer handed on as it is given.

Used by the participant's assessment (answers saved to the database) and by the anonymous
try-out (answers kept in session state). The component owns the session keys under its
``prefix``: ``<prefix>.step`` and ``<prefix>.q.<answer key>``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import streamlit as st

from core.instruments import Dimension, Instrument, Item, text
from core.scoring import progress
from ui.text import lang, tr

Saver = Callable[[str, int], str | None]
"""Called with (answer key, value) as soon as a radio changes; returns a message if refused."""


def dimensions_of(instrument: Instrument, parts: Sequence[str] | None = None) -> list[Dimension]:
    """The steps of the form: the dimensions of the chosen parts, in instrument order."""
    return [d for d in instrument.dimensions if parts is None or d.part in parts]


def step_key(prefix: str) -> str:
    """The session key holding the current step index."""
    return f"{prefix}.step"


def first_open_step(
    instrument: Instrument, steps: Sequence[Dimension], answers: Mapping[str, int]
) -> int:
    """The first step with an unanswered question, so a resumed form opens where it stopped."""
    counts = progress(instrument, answers)
    for index, dim in enumerate(steps):
        answered, total = counts[dim.id]
        if answered < total:
            return index
    return len(steps) - 1


def open_steps(
    instrument: Instrument, steps: Sequence[Dimension], answers: Mapping[str, int]
) -> list[str]:
    """Labels of the steps that still have unanswered questions, for the submit message."""
    counts = progress(instrument, answers)
    return [
        tr("assessment.step_name", k=i + 1, title=text(dim.title, lang()))
        for i, dim in enumerate(steps)
        if counts[dim.id][0] < counts[dim.id][1]
    ]


def step_form(
    *,
    instrument: Instrument,
    steps: Sequence[Dimension],
    answers: Mapping[str, int],
    on_answer: Saver,
    prefix: str,
) -> bool:
    """Draw the current step with progress and Back/Next; True on the last step.

    Call it inside an ``st.fragment`` so that Back and Next rerun only the step. Each
    question is a fragment of its own: an answer, the click a room of people makes most,
    reruns one question instead of the whole step.
    """
    key = step_key(prefix)
    if key not in st.session_state:
        st.session_state[key] = first_open_step(instrument, steps, answers)
    index = min(max(int(st.session_state[key]), 0), len(steps) - 1)
    dim = steps[index]
    language = lang()
    st.progress(
        (index + 1) / len(steps),
        text=tr("assessment.step", k=index + 1, n=len(steps)),
    )
    part = instrument.part(dim.part)
    st.markdown(f"**{text(part.title, language)}**")
    st.subheader(text(dim.title, language))
    st.write(text(dim.description, language))
    for item in dim.items:
        _question(item, instrument, answers, on_answer, prefix)
    back, forward = st.columns(2)
    back.button(
        tr("assessment.back"),
        key=f"{prefix}.back",
        disabled=index == 0,
        on_click=_move,
        args=(key, index - 1),
        width="stretch",
    )
    last = index == len(steps) - 1
    if not last:
        forward.button(
            tr("assessment.next"),
            key=f"{prefix}.next",
            type="primary",
            on_click=_move,
            args=(key, index + 1),
            width="stretch",
        )
    return last


@st.fragment
def _question(
    item: Item,
    instrument: Instrument,
    answers: Mapping[str, int],
    on_answer: Saver,
    prefix: str,
) -> None:
    language = lang()
    with st.container(border=True):
        _radio(item, item.id, text(item.text, language), instrument, answers, on_answer, prefix)
        if item.has_ambition:
            _radio(
                item,
                item.ambition_key,
                text(instrument.ambition_question, language),
                instrument,
                answers,
                on_answer,
                prefix,
                help_text=text(instrument.ambition_help, language),
            )
        refused = st.session_state.pop(_error_key(prefix, item.id), None)
        if refused:
            st.error(refused)


def _radio(
    item: Item,
    answer_key: str,
    label: str,
    instrument: Instrument,
    answers: Mapping[str, int],
    on_answer: Saver,
    prefix: str,
    *,
    help_text: str | None = None,
) -> None:
    language = lang()
    labels = {option.value: text(option.label, language) for option in item.options}
    labels[instrument.dont_know.value] = text(instrument.dont_know.label, language)
    options = list(labels)
    stored = answers.get(answer_key)
    widget_key = f"{prefix}.q.{answer_key}"
    st.radio(
        label,
        options,
        index=options.index(stored) if stored in labels else None,
        format_func=labels.__getitem__,
        key=widget_key,
        help=help_text,
        on_change=_changed,
        args=(widget_key, answer_key, on_answer, _error_key(prefix, item.id)),
    )


def _changed(widget_key: str, answer_key: str, on_answer: Saver, refused_key: str) -> None:
    value = st.session_state.get(widget_key)
    if value is None:
        return
    refused = on_answer(answer_key, int(value))
    if refused:
        st.session_state[refused_key] = refused


def _error_key(prefix: str, item_id: str) -> str:
    return f"{prefix}.refused.{item_id}"


def _move(key: str, index: int) -> None:
    st.session_state[key] = index
