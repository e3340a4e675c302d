"""Group results: the group's profile and spread, leaders vs. organisation, the cohort."""

import pandas as pd
import streamlit as st

from core.db import read_session
from core.instruments import load_instrument
from core.repositories import participant_context
from core.results import INSTRUMENT_ID
from ui.assessment_data import group_result_for, rounds_with_results
from ui.auth import participant_id
from ui.data import engine
from ui.score_chart import change_table, dimension_title, group_table, number, spread_chart
from ui.text import tr

instrument = load_instrument(INSTRUMENT_ID)
st.title(tr("groupres.title"))
pid = participant_id()
if pid is None:
    st.stop()
with read_session(engine()) as session:
    context = participant_context(session, pid)
if context is None:
    st.error(tr("start.gone"))
    st.stop()
_, group, organisation, _ = context
assert group.id is not None
st.write(f"{group.name}, {organisation.name}")

rounds = rounds_with_results(group.id)
if not rounds:
    st.info(tr("assessment.no_round"))
    st.stop()
names = dict(rounds)
round_id = st.selectbox(
    tr("groupres.round_select"),
    list(names),
    index=len(rounds) - 1,
    format_func=names.__getitem__,
    key="groupres.round",
)
result = group_result_for(group.id, round_id)

if result.suppressed:
    st.info(
        tr(
            "groupres.suppressed",
            respondents=result.respondents,
            members=result.members,
            threshold=result.threshold,
        )
    )
    st.write(tr("groupres.suppressed_why"))
    st.stop()

st.write(tr("groupres.counts", respondents=result.respondents, members=result.members))
st.header(tr("groupres.profile"))
chart, table = st.columns(2, gap="medium")
with chart:
    spread_chart(instrument, result.profile, key="groupres.spread")
    st.write(tr("groupres.spread"))
with table:
    group_table(instrument, result.profile)

st.subheader(tr("groupres.disagree.title"))
disagreements = [g for g in result.profile if g.disagreement]
for g in disagreements:
    st.markdown(
        "- "
        + tr(
            "groupres.disagree.item",
            dimension=dimension_title(instrument, g.dimension),
            min=number(g.min),
            max=number(g.max),
            sd=number(g.sd),
        )
    )
if not disagreements:
    st.write(tr("groupres.disagree.none"))

st.header(tr("groupres.leaders.title", organisation=organisation.name))
counts = {"n_leaders": result.leaders_respondents, "n_others": result.others_respondents}
if result.leaders_vs_rest:
    lower = sum(c.difference < 0 for c in result.leaders_vs_rest)
    st.write(tr("groupres.leaders.lower", count=lower, total=len(result.leaders_vs_rest)))
    st.write(tr("groupres.leaders.intro", **counts))
    rows = {
        tr("profile.col.dimension"): [
            dimension_title(instrument, c.dimension) for c in result.leaders_vs_rest
        ],
        tr("groupres.col.leaders"): [number(c.leaders_mean) for c in result.leaders_vs_rest],
        tr("groupres.col.others"): [number(c.others_mean) for c in result.leaders_vs_rest],
        tr("groupres.col.difference"): [f"{c.difference:+.0f}" for c in result.leaders_vs_rest],
    }
    st.table(pd.DataFrame(rows), hide_index=True)
else:
    st.write(tr("groupres.leaders.hidden", threshold=result.threshold, **counts))

st.header(tr("groupres.cohort.title"))
st.write(tr("groupres.cohort.intro", groups=result.cohort_groups, threshold=result.threshold))
rows = {
    tr("profile.col.dimension"): [dimension_title(instrument, d) for d in result.cohort_percentile],
    tr("groupres.col.percentile"): [number(p) for p in result.cohort_percentile.values()],
}
st.table(pd.DataFrame(rows), hide_index=True)

if result.previous_round_name is not None:
    st.header(tr("profile.change.title", round=result.previous_round_name))
    change_table(instrument, result.change)
