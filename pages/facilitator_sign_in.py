"""Facilitator sign-in with e-mail and password."""

from datetime import UTC, datetime

import streamlit as st

from core.accounts import SignInResult, authenticate
from core.db import write_session
from ui import session_keys
from ui.data import engine
from ui.text import tr

st.title(tr("signin.title"))
st.write(tr("signin.body"))

with st.form("signin.form"):
    email = st.text_input(tr("signin.email"), key="signin.email", autocomplete="username")
    password = st.text_input(
        tr("signin.password"),
        type="password",
        key="signin.password",
        autocomplete="current-password",
    )
    submitted = st.form_submit_button(tr("signin.button"), type="primary")

if submitted:
    with write_session(engine()) as session:
        result, account = authenticate(session, email=email, password=password)
    if result is SignInResult.OK and account is not None:
        st.session_state[session_keys.FACILITATOR_ID] = account.id
        st.session_state[session_keys.FACILITATOR_SEEN_AT] = datetime.now(UTC).timestamp()
        st.rerun()
    elif result is SignInResult.LOCKED:
        st.error(tr("signin.locked"))
    else:
        st.error(tr("signin.wrong"))
