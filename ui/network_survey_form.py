"""The network survey's pieces: the draft in session state, saving it, and each question.

Session keys are owned here (``network.survey.*``). Each question is drawn inside its own
``st.fragment``, so a click costs one fragment run and one small write, not the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Any

import streamlit as st

from core.consent import ConsentRequiredError
from core.db import read_session, write_session
from core.instruments import NetworkSurvey, load_network_survey
from core.models import SurveyRound
from core.network_store import (
    NetworkDraft,
    NetworkSurveyError,
    draft_from_answers,
    load_network_draft,
    save_network_draft,
    submit_network_survey,
)
from core.repositories import roster_of_cohort
from ui.data import engine
from ui.roster_picker import RosterEntry, roster_picker
from ui.text import lang, tr

DRAFT = "network.survey.draft"
ERROR = "network.survey.error"
SUBMIT_ERROR = "network.survey.submit_error"
CONSENT = "consent"
"""The problem shown when consent was withdrawn (on "My data") while the survey was open."""


@st.cache_resource(show_spinner=False)
def survey() -> NetworkSurvey:
    """The instrument, read once per process."""
    return load_network_survey()


@st.cache_data(ttl=300, show_spinner=False)
def roster(cohort_id: int) -> list[RosterEntry]:
    """Everyone in the cohort who can be named; cached, rosters change rarely."""
    with read_session(engine()) as session:
        rows = roster_of_cohort(session, cohort_id)
    return [RosterEntry(p.id or 0, p.name, p.department, o.name) for p, _, o in rows]


def draft(participant_id: int, round_id: int) -> NetworkDraft:
    """The draft being edited: from session state, or resumed from the database."""
    stored: dict[str, Any] | None = st.session_state.get(DRAFT)
    if stored is None or stored.get("key") != [participant_id, round_id]:
        with read_session(engine()) as session:
            loaded = load_network_draft(session, participant_id=participant_id, round_id=round_id)
        stored = {"key": [participant_id, round_id], "answers": loaded.to_answers()}
        stored["submitted"] = loaded.submitted
        st.session_state[DRAFT] = stored
    return draft_from_answers(stored["answers"], submitted=bool(stored["submitted"]))


def save(participant_id: int, round_: SurveyRound, value: NetworkDraft) -> None:
    """Keep the draft in session state and store it; a refusal is shown, never lost."""
    st.session_state[DRAFT]["answers"] = value.to_answers()
    try:
        with write_session(engine()) as session:
            save_network_draft(
                session, participant_id=participant_id, round_=round_, survey=survey(), draft=value
            )
        st.session_state.pop(ERROR, None)
    except NetworkSurveyError as error:
        st.session_state[ERROR] = error.problem.value
    except ConsentRequiredError:  # withdrawn on "My data", perhaps in another tab
        st.session_state[ERROR] = CONSENT


def submit(participant_id: int, round_: SurveyRound) -> None:
    """Submit the draft once (a button callback); a refusal is kept for the message."""
    value = draft_from_answers(st.session_state[DRAFT]["answers"])
    try:
        with write_session(engine()) as session:
            submit_network_survey(
                session, participant_id=participant_id, round_=round_, survey=survey(), draft=value
            )
    except NetworkSurveyError as error:
        st.session_state[SUBMIT_ERROR] = error.problem.value
        return
    except ConsentRequiredError:
        return  # the page checks consent on this same run and says what to do
    st.session_state[DRAFT]["submitted"] = True
    st.session_state.pop(ERROR, None)


def frequency_labels() -> dict[int, str]:
    """Frequency value -> label in the user's language."""
    return {f.value: f.label[lang()] for f in survey().frequency}


@st.fragment
def relation_question(
    relation_id: str,
    participant_id: int,
    round_: SurveyRound,
    people: Sequence[RosterEntry],
    own_organisation: str,
) -> None:
    """One relation: the question, the roster picker and "someone not on the list"."""
    relation = next(r for r in survey().relations if r.id == relation_id)
    value = draft(participant_id, round_.id or 0)
    st.markdown(f"**{relation.question[lang()]}**")
    st.caption(relation.help[lang()])
    picks = value.ties.setdefault(relation_id, {})
    roster_picker(
        relation=relation_id,
        roster=people,
        picks=picks,
        frequencies=frequency_labels(),
        own_organisation=own_organisation,
        self_id=participant_id,
        on_change=lambda: save(participant_id, round_, value),
        disabled=value.submitted,
    )
    text = st.text_input(
        survey().someone_else[lang()],
        value=value.unlisted.get(relation_id, ""),
        max_chars=200,
        key=f"network.survey.unlisted.{relation_id}",
        disabled=value.submitted,
    )
    if text.strip() != value.unlisted.get(relation_id, "").strip():
        value.unlisted[relation_id] = text.strip()
        save(participant_id, round_, value)
    show_error()


@st.fragment
def partners_question(participant_id: int, round_: SurveyRound) -> None:
    """External partner organisations: suggestions or free entry, each with a frequency."""
    externals = survey().externals
    value = draft(participant_id, round_.id or 0)
    labels = {s.name: s.label[lang()] for s in externals.suggestions}
    options = list(dict.fromkeys([*labels, *value.partners]))
    chosen = st.multiselect(
        externals.question[lang()],
        options,
        default=list(value.partners),
        format_func=partial(_partner_label, labels),
        accept_new_options=True,
        placeholder=externals.other_prompt[lang()],
        help=externals.help[lang()],
        key="network.survey.partners",
        disabled=value.submitted,
    )
    frequencies = frequency_labels()
    updated = {name: value.partners.get(name, 2) for name in chosen if name.strip()}
    for name in updated:
        updated[name] = st.selectbox(
            f"{externals.frequency_question[lang()]} ({labels.get(name, name)})",
            list(frequencies),
            index=list(frequencies).index(updated[name]),
            format_func=frequencies.__getitem__,
            key=f"network.survey.partner_freq.{name}",
            disabled=value.submitted,
        )
    if updated != value.partners:
        value.partners = updated
        save(participant_id, round_, value)
    show_error()


@st.fragment
def expertise_question(participant_id: int, round_: SurveyRound) -> None:
    """Areas colleagues can come to the respondent for."""
    question = survey().expertise
    value = draft(participant_id, round_.id or 0)
    labels = {a.id: a.label[lang()] for a in question.areas}
    chosen = st.multiselect(
        question.question[lang()],
        list(labels),
        default=[a for a in value.expertise if a in labels],
        format_func=labels.__getitem__,
        help=question.help[lang()],
        key="network.survey.expertise",
        disabled=value.submitted,
        placeholder=tr("network.survey.expertise_placeholder"),
    )
    if chosen != value.expertise:
        value.expertise = list(chosen)
        save(participant_id, round_, value)
    show_error()


def show_error() -> None:
    """Say, at the question, why the last save was refused, in the user's language.

    Each question's fragment calls it after saving, because a click reruns only that
    fragment: a message drawn elsewhere on the page would not appear until a reload.
    """
    problem = st.session_state.get(ERROR)
    if problem:
        st.error(tr(f"network.survey.problem.{problem}"))


def show_submit_error() -> None:
    """Say, beside the Submit button, why the submit was refused."""
    problem = st.session_state.pop(SUBMIT_ERROR, None)
    if problem:
        st.error(tr(f"network.survey.problem.{problem}"))


def _partner_label(labels: dict[str, str], name: str) -> str:
    return labels.get(name, name)
