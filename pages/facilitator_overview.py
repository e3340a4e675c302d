"""Facilitator overview: the cohorts, their rounds and how many have answered."""

import pandas as pd
import streamlit as st

from core.db import read_session
from core.progress import progress_by_group
from core.repositories import list_cohorts, rounds_of
from ui.data import engine
from ui.text import tr

st.title(tr("overview.title"))
with read_session(engine()) as session:
    cohorts = list_cohorts(session)
if not cohorts:
    st.info(tr("overview.empty"))
    st.stop()

names = {c.id: c.name for c in cohorts}
cohort_id = st.selectbox(
    tr("overview.cohort"),
    options=list(names),
    format_func=names.__getitem__,
    key="overview.cohort",
)
with read_session(engine()) as session:
    rounds = rounds_of(session, cohort_id)
if not rounds:
    st.info(tr("overview.no_rounds"))
    st.stop()
labels = {r.id: f"{r.name} ({tr('round.status.' + r.status)})" for r in rounds}
round_id = st.selectbox(
    tr("overview.round"),
    options=list(labels),
    format_func=labels.__getitem__,
    index=len(rounds) - 1,
    key="overview.round",
)
with read_session(engine()) as session:
    rows = progress_by_group(session, cohort_id=cohort_id, round_id=round_id)
table = pd.DataFrame(
    [
        {
            tr("overview.col.organisation"): r.organisation,
            tr("overview.col.group"): r.group,
            tr("overview.col.members"): r.members,
            tr("overview.col.submitted"): r.submitted,
            tr("overview.col.started"): r.started,
            tr("overview.col.not_opened"): r.not_opened,
            tr("overview.col.rate"): round(100 * r.response_rate),
        }
        for r in rows
    ]
)
st.dataframe(table, hide_index=True, width="stretch")
