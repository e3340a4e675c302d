"""What the network shows: each finding with its evidence, confidence and recommended action."""

import streamlit as st

from ui import network_view as nv
from ui.auth import participant_id
from ui.text import tr

st.title(tr("findings.title"))
pid = participant_id()
if pid is None:
    st.info(tr("netmap.no_participant"))
    st.stop()
rounds = nv.rounds_for(pid)
if not rounds:
    st.info(tr("netmap.no_rounds"))
    st.stop()
left, right = st.columns([2, 1])
with left:
    scope = nv.choose_scope()
with right:
    round_id = nv.choose_round(rounds)

data = nv.view(pid, round_id, scope, None)
nv.summary(data)
described = nv.described_findings(data)
if not described:
    st.info(tr("findings.none"))
for item in described:
    with st.container(border=True):
        st.subheader(item["title"])
        st.caption(tr("findings.confidence", level=tr(f"findings.confidence.{item['confidence']}")))
        st.markdown(f"**{tr('findings.evidence')}**")
        st.write(item["evidence"])
        st.markdown(f"**{tr('findings.action')}**")
        st.write(item["action"])
        if isinstance(item["people"], list) and item["people"]:
            st.markdown(f"**{tr('findings.people')}**")
            st.text(", ".join(item["people"]))
