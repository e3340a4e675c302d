"""Download buttons for a round's network: GraphML, GEXF and CSV, anonymised as the map is."""

from __future__ import annotations

from functools import partial

import streamlit as st

from core.network_data import NetworkView, export_bytes
from ui.text import tr

_FORMATS = (
    ("graphml", "netmap.export.graphml", "graphml", "application/graphml+xml"),
    ("gexf", "netmap.export.gexf", "gexf", "application/gexf+xml"),
    ("edges_csv", "netmap.export.edges", "edges.csv", "text/csv"),
    ("nodes_csv", "netmap.export.nodes", "nodes.csv", "text/csv"),
)


def export_buttons(data: NetworkView, *, file_stem: str) -> None:
    """One button per format; each file is written only when its button is pressed."""
    st.subheader(tr("netmap.exports"))
    if not data.names.shows_names:
        st.caption(tr("netmap.exports.note_anonymous"))
    cols = st.columns(len(_FORMATS))
    for col, (fmt, label, suffix, mime) in zip(cols, _FORMATS, strict=True):
        col.download_button(
            tr(label),
            partial(export_bytes, data, fmt),
            file_name=f"{file_stem}.{suffix}",
            mime=mime,
            key=f"netmap.export.{fmt}",
            on_click="ignore",
        )
