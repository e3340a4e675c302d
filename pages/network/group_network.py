"""The group's network map, with a table beside it and one person's position on a click."""

import streamlit as st

from core.network.graph import RELATIONS
from ui import network_view as nv
from ui.auth import participant_id
from ui.network_exports import export_buttons
from ui.text import tr

st.title(tr("netmap.title"))
pid = participant_id()
if pid is None:
    st.info(tr("netmap.no_participant"))
    st.stop()
rounds = nv.rounds_for(pid)
if not rounds:
    st.info(tr("netmap.no_rounds"))
    st.stop()

top = st.columns([2, 1, 1, 1])
with top[0]:
    scope = nv.choose_scope()
with top[1]:
    round_id = nv.choose_round(rounds)
relations = {r: nv.relation_label(r) for r in ("", *RELATIONS)}
relation = top[2].selectbox(
    tr("netmap.relation"),
    list(relations),
    format_func=relations.__getitem__,
    key=nv.RELATION,
)
colours = {c: nv.colour_label(c) for c in ("department", "band", "community")}
colour_by = top[3].selectbox(
    tr("netmap.colour"),
    list(colours),
    format_func=colours.__getitem__,
    key=nv.COLOUR,
)

data = nv.view(pid, round_id, scope, relation or None)
nv.summary(data)


@st.fragment
def map_and_position() -> None:
    """The map and the clicked person's position: a click reruns only this part."""
    map_col, side = st.columns([3, 2])
    with map_col:
        clicked = nv.draw_map(data, colour_by)
    with side:
        labels = {p.id: p.name for p in data.people}
        ids = ["", *sorted(labels, key=labels.__getitem__)]
        labels[""] = tr("netmap.pick_none")
        if clicked in labels:
            st.session_state["netmap.person"] = clicked
        chosen = st.selectbox(
            tr("netmap.pick_person"), ids, format_func=labels.__getitem__, key="netmap.person"
        )
        if chosen:
            st.info(nv.position(data, chosen))


map_and_position()
st.subheader(tr("netmap.table"))
st.dataframe(nv.people_table(data), hide_index=True, use_container_width=True)
names = dict(rounds)
export_buttons(data, file_stem=f"network-{names[round_id]}-{scope}".lower().replace(" ", "-"))
