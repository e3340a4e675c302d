"""Who is using the app: from the invite token in the URL, or a facilitator sign-in.

Facilitators sign in with a password, or through OpenID Connect (`st.login`) when the
deployment configures `[auth]` in secrets.toml; an OIDC identity only ever maps to an
existing facilitator account.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta

import streamlit as st

from core.accounts import facilitator_for_oidc
from core.db import read_session, write_session
from core.models import Participant
from core.repositories import participant_by_token
from ui import session_keys
from ui.data import engine
from ui.registry import FACILITATOR, PARTICIPANT, VISITOR

# A facilitator who has not touched the app for this long signs in again.
FACILITATOR_IDLE_LIMIT = timedelta(hours=8)
TOKEN_PARAM = "token"
# The e-mail of an OIDC identity with no facilitator account, for the sign-in page to name.
OIDC_UNKNOWN = "auth.oidc_unknown"


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
        # The token left the URL: Streamlit clears query parameters when the participant
        # moves to another page. Keep them signed in while the link stands, and put the
        # link back, so a reload (or a reconnect after a restart) opens the same page
        # signed in instead of "Page not found". A revoked link or a deleted participant
        # ends the session at once.
        invited, link = _invitation(int(st.session_state[session_keys.PARTICIPANT_ID]))
        if invited:
            if link:
                st.query_params[TOKEN_PARAM] = link
            return PARTICIPANT
        st.session_state.pop(session_keys.PARTICIPANT_ID, None)
        st.session_state["auth.bad_token"] = True
    if session_keys.FACILITATOR_ID not in st.session_state:
        _sign_in_from_oidc()
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


def sign_in_facilitator(account_id: int) -> None:
    """Start a facilitator session; the idle clock starts now."""
    st.session_state.pop(session_keys.PARTICIPANT_ID, None)
    st.session_state.pop(OIDC_UNKNOWN, None)
    st.session_state[session_keys.FACILITATOR_ID] = account_id
    st.session_state[session_keys.FACILITATOR_SEEN_AT] = datetime.now(UTC).timestamp()


def oidc_configured() -> bool:
    """True when the deployment set up `[auth]` for st.login; no secrets file means no."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # StreamlitSecretNotFoundError: no or unreadable secrets.toml
        return False


def oidc_provider() -> str | None:
    """The provider to pass to st.login when `[auth]` names exactly one, e.g. `[auth.entra]`."""
    if not oidc_configured():
        return None
    providers = [name for name, value in st.secrets["auth"].items() if isinstance(value, Mapping)]
    return providers[0] if len(providers) == 1 else None


def sign_out() -> None:
    """Forget who this browser session belongs to, at the identity provider too."""
    for key in (
        session_keys.PARTICIPANT_ID,
        session_keys.FACILITATOR_ID,
        session_keys.FACILITATOR_SEEN_AT,
        OIDC_UNKNOWN,
    ):
        st.session_state.pop(key, None)
    st.query_params.clear()
    # Otherwise the identity cookie would sign the facilitator straight back in.
    if _oidc_logged_in():
        st.logout()


def _invitation(participant_id: int) -> tuple[bool, str | None]:
    """Whether the participant's link still stands, and the link's token."""
    with read_session(engine()) as session:
        participant = session.get(Participant, participant_id)
    if participant is None or participant.token_revoked_at is not None:
        return False, None
    return True, participant.invite_token


def _oidc_logged_in() -> bool:
    return oidc_configured() and bool(st.user.get("is_logged_in", False))


def _sign_in_from_oidc() -> None:
    # An identity found to have no account is not looked up again on every rerun.
    if OIDC_UNKNOWN in st.session_state or not _oidc_logged_in():
        return
    email = st.user.get("email")
    verified = st.user.get("email_verified")
    with write_session(engine()) as session:
        account = facilitator_for_oidc(
            session,
            subject=str(st.user.get("sub") or ""),
            email=str(email) if email else None,
            email_verified=verified if isinstance(verified, bool) else None,
        )
        account_id = None if account is None else account.id
    if account_id is None:
        st.session_state[OIDC_UNKNOWN] = str(email or "")
    else:
        sign_in_facilitator(account_id)


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
