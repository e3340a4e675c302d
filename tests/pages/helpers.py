"""Helpers for AppTest: start the real router with a role, then open a page."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import col, select
from streamlit.testing.v1 import AppTest

from core.db import read_session
from core.models import AssessmentResponse, Consent, FacilitatorAccount, Group, Participant
from tests.conftest import APP
from ui import session_keys


def app_as(
    role: str,
    *,
    participant_id: int | None = None,
    facilitator_id: int | None = None,
    lang: str = "en",
) -> AppTest:
    """An AppTest of app.py with the session already signed in as `role`."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[session_keys.LANG] = lang
    if role == "participant":
        assert participant_id is not None
        at.session_state[session_keys.PARTICIPANT_ID] = participant_id
    if role == "facilitator":
        assert facilitator_id is not None
        import time

        at.session_state[session_keys.FACILITATOR_ID] = facilitator_id
        at.session_state[session_keys.FACILITATOR_SEEN_AT] = time.time()
    return at


def consented_management_member(engine: Engine) -> Participant:
    """A demo management-group member who consented and submitted the baseline."""
    with read_session(engine) as session:
        query = (
            select(Participant)
            .join(Group, col(Participant.group_id) == Group.id)
            .join(Consent, col(Consent.participant_id) == Participant.id)
            .where(Group.kind == "management")
            .order_by(Participant.id)
        )
        return session.exec(query).first()


def fresh_participant(engine: Engine) -> Participant:
    """A demo participant who has never opened their invite (no consent, no answers)."""
    with read_session(engine) as session:
        answered = select(AssessmentResponse.participant_id).where(
            col(AssessmentResponse.participant_id).is_not(None)
        )
        consented = select(Consent.participant_id)
        query = (
            select(Participant)
            .where(col(Participant.id).not_in(answered), col(Participant.id).not_in(consented))
            .order_by(Participant.id)
        )
        return session.exec(query).first()


def a_facilitator(engine: Engine) -> int:
    """Create a facilitator account in the demo copy and return its id."""
    from core.accounts import create_facilitator
    from core.db import write_session

    with write_session(engine) as session:
        existing = session.exec(select(FacilitatorAccount)).first()
        if existing is not None:
            return existing.id
        return create_facilitator(
            session, email="kursleder@example.no", password="et langt passord her"
        ).id
