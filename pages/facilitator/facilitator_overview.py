"""Facilitator overview: pick a cohort and round, then watch answers arrive, live."""

from datetime import timedelta

import pandas as pd
import streamlit as st

from core.db import read_session
from core.progress import progress_by_group, progress_totals
from core.repositories import list_cohorts, rounds_of
from ui.data import engine
from ui.text import tr

# Often enough to feel live on a projector; one aggregate query per refresh.
REFRESH = timedelta(seconds=5)

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


@st.fragment(run_every=REFRESH)
def live_progress(cohort_id: int, round_id: int) -> None:
    """Reruns on its own every few seconds: only this part, not the page."""
    with read_session(engine()) as session:
        rows = progress_by_group(session, cohort_id=cohort_id, round_id=round_id)
    st.header(tr("compare.live.heading"))
    st.markdown(tr("compare.live.refresh", seconds=int(REFRESH.total_seconds())))
    if not rows:
        st.info(tr("compare.live.no_members"))
        return
    totals = progress_totals(rows)
    columns = st.columns(5)
    columns[0].metric(tr("compare.live.submitted"), totals.submitted)
    columns[1].metric(tr("compare.live.started"), totals.started)
    columns[2].metric(tr("compare.live.not_opened"), totals.not_opened)
    columns[3].metric(tr("compare.live.members"), totals.members)
    columns[4].metric(
        tr("compare.live.rate"),
        tr("compare.live.rate_value", rate=round(100 * totals.response_rate)),
    )
    st.subheader(tr("compare.live.by_group"))
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


live_progress(cohort_id, round_id)
