"""Before and after: how the network changed between two rounds."""

import streamlit as st

from ui import network_view as nv
from ui.auth import participant_id
from ui.text import tr

st.title(tr("change.title"))
pid = participant_id()
if pid is None:
    st.info(tr("netmap.no_participant"))
    st.stop()
rounds = nv.rounds_for(pid)
if len(rounds) < 2:
    st.info(tr("change.need_two"))
    st.stop()
scope = nv.choose_scope()
left, right = st.columns(2)
with left:
    before_id = nv.choose_round(rounds, key="change.before", index=1)
with right:
    after_id = nv.choose_round(rounds, key="change.after", index=0)

before = nv.view(pid, before_id, scope, None)
after = nv.view(pid, after_id, scope, None)
if not (before.names.visible and after.names.visible):
    st.warning(tr("change.suppressed"))
    st.stop()
names = dict(rounds)
st.dataframe(
    nv.change_table(before, after, names[before_id], names[after_id]),
    hide_index=True,
    use_container_width=True,
)
