"""The database a load run works on: a fresh demo region, its people, and what got stored.

The demo region has about a hundred people who have not answered the open round; a room
of 300 needs more. The rest are added to the demo's groups as a facilitator's roster
import would add them (a name, a department, an invite token), so every session in the
room is a distinct participant with a link of their own.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import col, func, select

from core.consent import record_consent
from core.db import get_engine, migrate, read_session, write_session
from core.demo import DEMO_COHORT, build_demo
from core.instruments import load_instrument
from core.models import AssessmentResponse, Consent, Group, Organisation, Participant, Tie
from core.repositories import cohort_by_name, open_round
from core.responses import save_answers
from core.results import INSTRUMENT_ID
from core.tokens import new_invite_token

NETWORK_INSTRUMENT = "network_survey"


@dataclass(frozen=True)
class Cast:
    """Who takes part in a run: invite tokens per scenario, and the open round."""

    round_id: int
    room: list[tuple[int, str]]  # (participant id, token): answer everything in the room
    burst: list[tuple[int, str]]  # complete drafts, consented: press Submit together
    browser: list[tuple[int, str]]  # answer everything in real chromium pages
    added: int  # how many participants were added to the demo roster for this run


def fresh_demo(url: str) -> Engine:
    """A migrated database holding only the demo region (PostgreSQL: its schema reset)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        if parsed.database in (None, "", "test", "postgres"):
            raise ValueError(f"refusing to reset database {parsed.database!r}: use samspill_load")
        _create_database_if_missing(url)
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        admin.dispose()
    engine = get_engine(url)
    migrate(engine)
    with write_session(engine) as session:
        build_demo(session)
    return engine


def cast(engine: Engine, *, room: int, burst: int, browser: int, seed: int = 8) -> Cast:
    """Choose (and where needed add) distinct participants who have not answered the round."""
    rng = random.Random(seed)
    instrument = load_instrument(INSTRUMENT_ID)
    with write_session(engine) as session:
        cohort = cohort_by_name(session, DEMO_COHORT)
        assert cohort is not None
        assert cohort.id is not None
        round_ = open_round(session, cohort.id)
        assert round_ is not None
        assert round_.id is not None
        answered = select(AssessmentResponse.participant_id).where(
            AssessmentResponse.round_id == round_.id,
            col(AssessmentResponse.participant_id).is_not(None),
        )
        tied = select(Tie.source_id).where(Tie.round_id == round_.id)
        query = (
            select(Participant)
            .join(Group, col(Participant.group_id) == Group.id)
            .join(Organisation, col(Group.organisation_id) == Organisation.id)
            .where(
                Organisation.cohort_id == cohort.id,
                col(Participant.id).not_in(answered),
                col(Participant.id).not_in(tied),
                col(Participant.invite_token).is_not(None),
                col(Participant.token_revoked_at).is_(None),
            )
            .order_by(col(Participant.id))
        )
        people = list(session.exec(query).all())
        groups = list(
            session.exec(
                select(Group)
                .join(Organisation, col(Group.organisation_id) == Organisation.id)
                .where(Organisation.cohort_id == cohort.id)
                .order_by(col(Group.id))
            ).all()
        )
        wanted = room + burst + browser
        added = max(0, wanted - len(people))
        for n in range(added):
            person = Participant(
                group_id=groups[n % len(groups)].id or 0,
                name=f"Lasttest Deltaker {n + 1:04d}",
                role="Leder",
                department="Lasttest",
                is_leader=True,
                invite_token=new_invite_token(),
            )
            session.add(person)
            people.append(person)
        session.flush()
        rng.shuffle(people)
        pairs = [(p.id or 0, p.invite_token or "") for p in people[:wanted]]
        burst_pairs = pairs[room : room + burst]
        for pid, _ in burst_pairs:
            record_consent(session, participant_id=pid, lang="nb", named_network=False)
            answers = {key: rng.randint(0, instrument.points) for key in instrument.answer_keys}
            save_answers(
                session, participant_id=pid, round_=round_, instrument=instrument, answers=answers
            )
        return Cast(
            round_id=round_.id,
            room=pairs[:room],
            burst=burst_pairs,
            browser=pairs[room + burst :],
            added=added,
        )


def stored(engine: Engine, *, round_id: int, participant_ids: list[int], instrument: str) -> int:
    """How many of these participants have a submitted response of `instrument` in the round."""
    if not participant_ids:
        return 0
    with read_session(engine) as session:
        query = select(func.count()).where(
            AssessmentResponse.round_id == round_id,
            AssessmentResponse.instrument_id == instrument,
            AssessmentResponse.status == "submitted",
            col(AssessmentResponse.participant_id).in_(participant_ids),
        )
        return int(session.exec(query).one())


def consents(engine: Engine, participant_ids: list[int]) -> int:
    """How many of these participants have consented (the first write of every journey)."""
    with read_session(engine) as session:
        query = select(func.count(func.distinct(Consent.participant_id))).where(
            col(Consent.participant_id).in_(participant_ids)
        )
        return int(session.exec(query).one())


def _create_database_if_missing(url: str) -> None:
    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": parsed.database}
        ).first()
        if exists is None:
            conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()
