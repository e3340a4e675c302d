"""Facilitator sign-in: e-mail and password, or the organisation's OpenID Connect provider."""

import streamlit as st

from core.accounts import SignInResult, authenticate
from core.db import write_session
from ui.auth import OIDC_UNKNOWN, oidc_configured, oidc_provider, sign_in_facilitator, sign_out
from ui.data import engine
from ui.text import tr

st.title(tr("signin.title"))
st.write(tr("signin.body"))

if oidc_configured():
    unknown = st.session_state.get(OIDC_UNKNOWN)
    if unknown is not None:
        st.error(tr("signin.oidc_unknown", email=unknown or "–"))
        if st.button(tr("signin.oidc_sign_out"), key="signin.oidc_sign_out"):
            sign_out()
    elif st.button(tr("signin.oidc_button"), key="signin.oidc", type="primary"):
        st.login(oidc_provider())
    st.write(tr("signin.or_password"))

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
        account_id = None if account is None else account.id
    if result is SignInResult.OK and account_id is not None:
        sign_in_facilitator(account_id)
        st.rerun()
    elif result is SignInResult.LOCKED:
        st.error(tr("signin.locked"))
    else:
        st.error(tr("signin.wrong"))
