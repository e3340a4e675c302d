"""Home: what Samspill is, and the three ways in."""

import streamlit as st

from core.config import get_settings
from core.db import read_session
from core.repositories import participant_by_token
from core.tokens import extract_token
from ui.auth import sign_in_participant
from ui.data import engine
from ui.registry import VISITOR, pages_for
from ui.text import tr

st.title(tr("home.title"))
st.markdown(f"**{tr('home.tagline')}**")
st.write(tr("home.what"))
if st.session_state.get("auth.bad_token"):
    st.error(tr("home.join.bad_link"))

st.header(tr("home.ways_in"))
join, try_alone, facilitator = st.columns(3, gap="medium")

with join.container(border=True):
    st.subheader(tr("home.join.title"))
    st.write(tr("home.join.body"))
    with st.form("home.join"):
        pasted = st.text_input(tr("home.join.label"), key="home.join.code")
        if st.form_submit_button(tr("home.join.button"), type="primary"):
            token = extract_token(pasted)
            with read_session(engine()) as session:
                found = participant_by_token(session, token) if token else None
            if found is not None and found.id is not None and token is not None:
                sign_in_participant(found.id, token)
                st.rerun()
            st.error(tr("home.join.invalid"))

visitor_pages = {page.path for page in pages_for(VISITOR)}
with try_alone.container(border=True):
    st.subheader(tr("home.try.title"))
    st.write(tr("home.try.body"))
    if "pages/assessment/try_assessment.py" in visitor_pages:
        st.page_link(
            "pages/assessment/try_assessment.py",
            label=tr("home.try.button"),
            icon=":material/quiz:",
        )

with facilitator.container(border=True):
    st.subheader(tr("home.facilitator.title"))
    st.write(tr("home.facilitator.body"))
    st.page_link(
        "pages/facilitator/facilitator_sign_in.py",
        label=tr("home.facilitator.button"),
        icon=":material/login:",
    )

st.caption(tr("home.privacy", threshold=get_settings().anonymity_threshold))
