"""Compare groups across organisations: scores, spread, networks, learning, change."""

import streamlit as st

from core.privacy import anonymity_threshold
from ui import compare_charts as charts
from ui import compare_data as data
from ui.compare_filters import compare_filters
from ui.text import tr

st.title(tr("compare.title"))
threshold = anonymity_threshold()
st.markdown(tr("compare.intro", threshold=threshold))
filters = compare_filters(key="compare")
if filters is None:
    st.stop()
cohort_id, round_id = filters.cohort_id, filters.round_id
orgs, kind = filters.organisation_ids, filters.group_kind
group_count = data.group_count(cohort_id, orgs, kind)
if not group_count:
    st.info(tr("compare.no_groups"))
    st.stop()
if group_count > data.GROUP_VIEW_LIMIT:
    # A national selection: totals only, computed in SQL; groups once organisations are chosen.
    st.header(tr("compare.rollup.heading"))
    st.info(
        tr(
            "compare.large.message",
            groups=charts.count(group_count),
            limit=charts.count(data.GROUP_VIEW_LIMIT),
        )
    )
    st.markdown(tr("compare.rollup.note"))
    summary = data.rollup_summary(
        cohort_id, round_id, orgs, kind, label=tr("compare.rollup.cohort")
    )
    st.dataframe(charts.rollup_table([summary.cohort]), hide_index=True, width="stretch")
    st.subheader(tr("compare.large.organisations", shown=charts.count(len(summary.organisations))))
    st.dataframe(charts.rollup_table(summary.organisations), hide_index=True, width="stretch")
    if summary.organisations_not_listed:
        st.caption(
            tr("compare.large.not_listed", rest=charts.count(summary.organisations_not_listed))
        )
    st.stop()
groups = data.scores(cohort_id, round_id, orgs, kind)

st.header(tr("compare.scores.heading"))
if any(not g.suppressed for g in groups):
    st.plotly_chart(charts.heatmap(groups), key="compare.heatmap", config={"displayModeBar": False})
st.subheader(tr("compare.scores.table"))
st.dataframe(charts.scores_table(groups), hide_index=True, width="stretch")

st.header(tr("compare.spread.heading"))
titles = charts.dimension_titles()
dimension = st.selectbox(
    tr("compare.spread.dimension"),
    options=list(titles),
    format_func=titles.__getitem__,
    key="compare.spread.dimension",
)
st.markdown(tr("compare.spread.explain"))
if any(g.cell(dimension) for g in groups):
    st.plotly_chart(
        charts.spread_figure(groups, dimension),
        key="compare.spread",
        config={"displayModeBar": False},
    )
st.dataframe(charts.spread_table(groups, dimension), hide_index=True, width="stretch")

st.header(tr("compare.rollup.heading"))
st.markdown(tr("compare.rollup.note"))
rollups = data.rollups(cohort_id, round_id, orgs, kind, label=tr("compare.rollup.cohort"))
st.dataframe(charts.rollup_table(rollups), hide_index=True, width="stretch")

st.header(tr("compare.network.heading"))
st.markdown(tr("compare.network.explain", threshold=threshold))
st.dataframe(
    charts.network_table(data.networks(cohort_id, round_id, orgs, kind)),
    hide_index=True,
    width="stretch",
)

st.header(tr("compare.learning.heading"))
st.markdown(tr("compare.learning.explain", threshold=threshold))
st.dataframe(
    charts.learning_table(data.learning(cohort_id, orgs, kind)), hide_index=True, width="stretch"
)

st.header(tr("compare.change.heading"))
earlier = [(rid, name) for rid, name in filters.rounds if rid != round_id]
if not earlier:
    st.info(tr("compare.change.one_round"))
    st.stop()
names = dict(earlier)
before_id = st.selectbox(
    tr("compare.change.before"),
    options=list(names),
    format_func=names.__getitem__,
    key="compare.change.before",
)
st.markdown(tr("compare.change.explain", before=names[before_id], after=filters.round_name))
st.dataframe(
    charts.change_table(data.change(cohort_id, before_id, round_id, orgs, kind)),
    hide_index=True,
    width="stretch",
)
