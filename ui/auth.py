"""Who is using the app: from the invite token in the URL, or a facilitator sign-in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import streamlit as st

from core.db import read_session
from core.repositories import participant_by_token
from ui import session_keys
from ui.data import engine
from ui.registry import FACILITATOR, PARTICIPANT, VISITOR

# A facilitator who has not touched the app for this long signs in again.
FACILITATOR_IDLE_LIMIT = timedelta(hours=8)
TOKEN_PARAM = "token"


def current_role() -> str:
    """Resolve the role for this run; an invite token in the URL always wins."""
    token = st.query_params.get(TOKEN_PARAM)
    if token:
        with read_session(engine()) as session:
            participant = participant_by_token(session, token)
        if participant is None:
            st.session_state.pop(session_keys.PARTICIPANT_ID, None)
            st.session_state["auth.bad_token"] = True
        else:
            st.session_state.pop("auth.bad_token", None)
            st.session_state[session_keys.PARTICIPANT_ID] = participant.id
            st.session_state.pop(session_keys.FACILITATOR_ID, None)
            return PARTICIPANT
    elif session_keys.PARTICIPANT_ID in st.session_state:
        # The token left the URL (the participant navigated); keep them signed in.
        return PARTICIPANT
    if _facilitator_active():
        return FACILITATOR
    return VISITOR


def participant_id() -> int | None:
    """The signed-in participant's id; only ever set from a valid invite token."""
    value = st.session_state.get(session_keys.PARTICIPANT_ID)
    return int(value) if value is not None else None


def sign_in_participant(participant_id: int, token: str) -> None:
    """Sign in from a pasted invite; the token goes into the URL so a reload keeps working."""
    st.session_state[session_keys.PARTICIPANT_ID] = participant_id
    st.session_state.pop(session_keys.FACILITATOR_ID, None)
    st.query_params[TOKEN_PARAM] = token


def sign_out() -> None:
    """Forget who this browser session belongs to."""
    for key in (
        session_keys.PARTICIPANT_ID,
        session_keys.FACILITATOR_ID,
        session_keys.FACILITATOR_SEEN_AT,
    ):
        st.session_state.pop(key, None)
    st.query_params.clear()


def _facilitator_active() -> bool:
    if session_keys.FACILITATOR_ID not in st.session_state:
        return False
    seen = st.session_state.get(session_keys.FACILITATOR_SEEN_AT, 0.0)
    now = datetime.now(UTC).timestamp()
    if now - float(seen) > FACILITATOR_IDLE_LIMIT.total_seconds():
        sign_out()
        return False
    st.session_state[session_keys.FACILITATOR_SEEN_AT] = now
    return True
