"""Exports for the facilitator: scores per group (CSV, Excel) and each group's network."""

from functools import partial

import streamlit as st

from core.exports import scores_csv, scores_rows, scores_xlsx
from core.network_data import export_bytes
from core.privacy import anonymity_threshold
from ui import compare_data as data
from ui.compare_filters import compare_filters
from ui.text import lang, tr

_NETWORK_FORMATS = (
    ("graphml", "compare.export.graphml", "graphml", "application/graphml+xml"),
    ("gexf", "compare.export.gexf", "gexf", "application/gexf+xml"),
    ("edges_csv", "compare.export.edges", "edges.csv", "text/csv"),
    ("nodes_csv", "compare.export.nodes", "nodes.csv", "text/csv"),
)
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

st.title(tr("compare.export.title"))
st.markdown(tr("compare.export.intro", threshold=anonymity_threshold()))
filters = compare_filters(key="exports")
if filters is None:
    st.stop()
groups = data.scores(
    filters.cohort_id, filters.round_id, filters.organisation_ids, filters.group_kind
)
if not groups:
    st.info(tr("compare.no_groups"))
    st.stop()

st.header(tr("compare.export.scores_heading"))
rows = scores_rows(groups, lang=lang())
stem = f"samspill-{filters.cohort_id}-{filters.round_id}"
left, right = st.columns(2)
left.download_button(
    tr("compare.export.csv"),
    scores_csv(rows),
    file_name=f"{stem}-scores.csv",
    mime="text/csv",
    key="exports.scores.csv",
    on_click="ignore",
)
right.download_button(
    tr("compare.export.xlsx"),
    partial(scores_xlsx, rows),
    file_name=f"{stem}-scores.xlsx",
    mime=_XLSX,
    key="exports.scores.xlsx",
    on_click="ignore",
)

st.header(tr("compare.export.network_heading"))
names = {g.ref.group_id: f"{g.ref.organisation} – {g.ref.group}" for g in groups}
group_id = st.selectbox(
    tr("compare.export.group"),
    options=list(names),
    format_func=names.__getitem__,
    key="exports.network.group",
)
view = data.network_export_view(group_id, filters.round_id)
if not view.names.visible:
    st.info(tr("compare.export.network_hidden"))
    st.stop()
st.markdown(tr("compare.export.network_labels"))
columns = st.columns(len(_NETWORK_FORMATS))
for column, (fmt, label, suffix, mime) in zip(columns, _NETWORK_FORMATS, strict=True):
    column.download_button(
        tr(label),
        partial(export_bytes, view, fmt),
        file_name=f"{stem}-group-{group_id}.{suffix}",
        mime=mime,
        key=f"exports.network.{fmt}",
        on_click="ignore",
    )
