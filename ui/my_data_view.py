"""Showing a participant's stored data as readable sections; every value shown literally.

User text goes only through ``st.dataframe`` and ``st.text``, which show it exactly as
typed. Not ``st.table``: it renders cells as Markdown, so ``![x](http://…)`` in a
reflection would load an image from anywhere.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import pandas as pd
import streamlit as st

from core.instruments import InstrumentError, load_instrument, text
from ui.learning_shared import plain
from ui.text import lang, tr

_INSTRUMENT_TITLES = {"digital_fitness": "nav.assessment", "network_survey": "nav.network.survey"}
_TRANSLATED = {"status": "mydata.status.", "to_kind": "mydata.kind."}
_TABLE_SECTIONS = ("ties_given", "expertise", "lesson_progress", "ambitions")


def render_my_data(data: Mapping[str, Any]) -> None:
    """Every section of :func:`core.my_data.my_data`, in reading order, as headed tables."""
    st.header(tr("mydata.section.participant"))
    about = data["participant"]
    _table(
        pd.DataFrame(
            {
                tr("mydata.field"): [tr(f"mydata.col.{key}") for key in about],
                tr("mydata.value"): [_shown(key, value) for key, value in about.items()],
            }
        )
    )
    _section("consents", data["consents"])
    _responses(data["responses"])
    for name in _TABLE_SECTIONS:
        _section(name, data[name])
    _reflections(data["reflections"])
    st.header(tr("mydata.section.named_by_others"))
    st.text(data["named_by_others"]["statement"])


def _section(name: str, rows: Sequence[Mapping[str, Any]]) -> None:
    st.header(tr(f"mydata.section.{name}"))
    if not rows:
        st.write(tr("mydata.none"))
        return
    _table(
        pd.DataFrame(
            [{tr(f"mydata.col.{k}"): _shown(k, v) for k, v in row.items()} for row in rows]
        )
    )


def _responses(responses: Sequence[Mapping[str, Any]]) -> None:
    st.header(tr("mydata.section.responses"))
    if not responses:
        st.write(tr("mydata.none"))
        return
    for response in responses:
        title_key = _INSTRUMENT_TITLES.get(response["instrument"])
        heading = tr(
            "mydata.response" if response["round"] else "mydata.response.no_round",
            instrument=tr(title_key) if title_key else response["instrument"],
            round=plain(response["round"]),
            status=_shown("status", response["status"]),
        )
        st.subheader(heading, anchor=False)
        answers = response["answers"]
        if not answers:
            st.write(tr("mydata.none"))
            continue
        labels = _question_labels(response["instrument"])
        _table(
            pd.DataFrame(
                {
                    tr("mydata.col.question"): [labels.get(key, key) for key in answers],
                    tr("mydata.col.answer"): [_shown("", v) for v in answers.values()],
                }
            )
        )


def _question_labels(instrument_id: str) -> dict[str, str]:
    """Answer key -> question text, for a self-assessment; the network survey keeps its keys."""
    if instrument_id == "network_survey":
        return {}
    try:
        instrument = load_instrument(instrument_id)
    except InstrumentError:
        return {}
    labels: dict[str, str] = {}
    for item in instrument.items:
        question = text(item.text, lang())
        labels[item.id] = question
        labels[item.ambition_key] = tr("mydata.ambition", question=question)
    return labels


def _reflections(reflections: Sequence[Mapping[str, Any]]) -> None:
    st.header(tr("mydata.section.reflections"))
    if not reflections:
        st.write(tr("mydata.none"))
    for reflection in reflections:
        details = [
            f"{tr(f'mydata.col.{key}')}: {_shown(key, reflection[key])}"
            for key in ("lesson", "shared_with_group", "updated_at")
        ]
        st.text(" · ".join(details))
        st.text(reflection["text"])


def _table(frame: pd.DataFrame) -> None:
    st.dataframe(frame.astype(str), hide_index=True, width="stretch", height="content")


def _shown(key: str, value: Any) -> str:
    """One value as a reader sees it: yes/no, dates without microseconds, JSON for lists."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return tr("mydata.yes") if value else tr("mydata.no")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if key in _TRANSLATED:
        label = tr(_TRANSLATED[key] + str(value))
        return str(value) if label.startswith(_TRANSLATED[key]) else label
    if isinstance(value, str) and key.endswith("_at"):
        try:
            return datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M UTC")
        except ValueError:
            return value
    return str(value)
