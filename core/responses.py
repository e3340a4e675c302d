"""Storing self-assessment answers as they are given: drafts, resuming, and one submit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import Enum
from typing import Any

from sqlalchemy import JSON, Integer, String, cast, exists, func, update
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from core.aggregates import record_scores
from core.consent import require_consent
from core.instruments import Instrument
from core.models import (
    AssessmentResponse,
    Consent,
    Group,
    Organisation,
    Participant,
    SurveyRound,
    utcnow,
)
from core.scoring import is_complete, validate_answers

__all__ = [
    "ResponseError",
    "ResponseProblem",
    "draft_or_new",
    "keep_anonymous_answers",
    "record_answer",
    "response_of",
    "save_answers",
    "submit_response",
    "submitted_responses",
]


class ResponseProblem(Enum):
    """Why an answer was refused; pages map each to a message in the user's language."""

    NO_ROUND = "no_round"
    ROUND_CLOSED = "round_closed"
    WRONG_COHORT = "wrong_cohort"
    ALREADY_SUBMITTED = "already_submitted"
    INVALID = "invalid"
    INCOMPLETE = "incomplete"


class ResponseError(ValueError):
    """An answer or submit was refused; nothing stored was changed."""

    def __init__(self, problem: ResponseProblem, detail: str = "") -> None:
        super().__init__(f"{problem.value}: {detail}" if detail else problem.value)
        self.problem = problem
        self.detail = detail


def response_of(
    session: Session, *, participant_id: int, round_id: int, instrument_id: str
) -> AssessmentResponse | None:
    """The participant's response in a round, draft or submitted."""
    query = select(AssessmentResponse).where(
        AssessmentResponse.participant_id == participant_id,
        AssessmentResponse.round_id == round_id,
        AssessmentResponse.instrument_id == instrument_id,
    )
    return session.exec(query).first()


def draft_or_new(
    session: Session, *, participant_id: int, round_: SurveyRound, instrument: Instrument
) -> AssessmentResponse:
    """The response to resume, or a new empty draft.

    Refuses a round that is not open, and a participant who does not belong to the round's
    cohort (an invite from another course must not write into this one).
    Before consent nothing is stored: :class:`core.consent.ConsentRequiredError`.
    """
    _check_round(round_)
    assert round_.id is not None
    _check_cohort(session, participant_id, round_)
    require_consent(session, participant_id)
    existing = response_of(
        session, participant_id=participant_id, round_id=round_.id, instrument_id=instrument.id
    )
    if existing is not None:
        return existing
    response = AssessmentResponse(
        participant_id=participant_id,
        round_id=round_.id,
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        answers={},
    )
    try:
        # A savepoint: if another tab created the draft a moment ago, the unique constraint
        # fires here and we take theirs instead of failing the whole transaction.
        with session.begin_nested():
            session.add(response)
    except IntegrityError:
        found = response_of(
            session, participant_id=participant_id, round_id=round_.id, instrument_id=instrument.id
        )
        if found is None:  # pragma: no cover - the constraint fired, so the row exists
            raise
        return found
    return response


def save_answers(
    session: Session,
    *,
    participant_id: int,
    round_: SurveyRound,
    instrument: Instrument,
    answers: Mapping[str, int],
) -> AssessmentResponse:
    """Merge new answers into the draft, so every click is stored as it is given.

    Refused, with nothing changed, when the round is not open, the response was already
    submitted, or an answer names an unknown item or an impossible value.
    """
    problems = validate_answers(instrument, dict(answers))
    if problems:
        raise ResponseError(ResponseProblem.INVALID, "; ".join(problems))
    response = _locked(session, participant_id, round_, instrument)
    if response.status == "submitted":
        raise ResponseError(ResponseProblem.ALREADY_SUBMITTED)
    # A new dict, so SQLAlchemy sees the JSON column change.
    response.answers = {**response.answers, **answers}
    response.updated_at = utcnow()
    session.add(response)
    session.flush()
    return response


def record_answer(
    session: Session,
    *,
    participant_id: int,
    round_id: int,
    instrument: Instrument,
    answer_key: str,
    value: int,
) -> None:
    """Store one answer as it is given: the click a room of 300 people makes most.

    The common case (a draft exists, the round is open, consent stands) is one UPDATE that
    merges the answer into the stored JSON in the database, so two tabs never overwrite
    each other and no row is read first. Anything else (the first answer, or something to
    refuse) goes through :func:`save_answers`, which holds the rules and says what is wrong;
    the UPDATE's conditions are those same rules, in SQL.
    """
    problems = validate_answers(instrument, {answer_key: value})
    if problems:
        raise ResponseError(ResponseProblem.INVALID, "; ".join(problems))
    t = AssessmentResponse.__table__  # type: ignore[attr-defined]
    rounds = SurveyRound.__table__  # type: ignore[attr-defined]
    consents = Consent.__table__  # type: ignore[attr-defined]
    statement = (
        update(t)
        .where(
            t.c.participant_id == participant_id,
            t.c.round_id == round_id,
            t.c.instrument_id == instrument.id,
            t.c.status == "draft",
            exists().where(rounds.c.id == round_id, rounds.c.status == "open"),
            exists().where(
                consents.c.participant_id == participant_id, consents.c.withdrawn_at.is_(None)
            ),
        )
        .values(
            answers=_merged(session, t.c.answers, answer_key, value),
            updated_at=utcnow(),
        )
    )
    if session.execute(statement).rowcount == 1:  # type: ignore[attr-defined]
        return
    save_answers(
        session,
        participant_id=participant_id,
        round_=session.get(SurveyRound, round_id),  # type: ignore[arg-type]
        instrument=instrument,
        answers={answer_key: value},
    )


def _merged(session: Session, answers: Any, key: str, value: int) -> Any:
    """``answers`` with ``key`` set to ``value``, computed by the database."""
    if session.get_bind().dialect.name == "postgresql":
        pair = func.jsonb_build_object(cast(key, String), cast(value, Integer))
        return cast(cast(answers, JSONB).op("||")(pair), JSON)
    # SQLite's JSON1: keys hold dots, so the path quotes them.
    return func.json_set(answers, f'$."{key}"', value)


def submit_response(
    session: Session, *, participant_id: int, round_: SurveyRound, instrument: Instrument
) -> AssessmentResponse:
    """Mark the response submitted, once; a second submit is refused and changes nothing."""
    response = _locked(session, participant_id, round_, instrument)
    if response.status == "submitted":
        raise ResponseError(ResponseProblem.ALREADY_SUBMITTED)
    if not is_complete(instrument, response.answers):
        raise ResponseError(ResponseProblem.INCOMPLETE)
    response.status = "submitted"
    response.submitted_at = response.updated_at = utcnow()
    session.add(response)
    session.flush()
    # In the same transaction as the submit: a stored submission always has its scores.
    record_scores(session, response=response)
    return response


def keep_anonymous_answers(
    session: Session, *, instrument: Instrument, answers: Mapping[str, int]
) -> AssessmentResponse:
    """Store an anonymous self-assessment the person chose to keep; tied to no one.

    Only the answers and the instrument version are stored: no participant, no round, and
    nothing else about the person. An empty answer set is refused.
    """
    if not answers:
        raise ResponseError(ResponseProblem.INCOMPLETE, "no answers to keep")
    problems = validate_answers(instrument, dict(answers))
    if problems:
        raise ResponseError(ResponseProblem.INVALID, "; ".join(problems))
    now = utcnow()
    response = AssessmentResponse(
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        answers=dict(answers),
        status="submitted",
        submitted_at=now,
        updated_at=now,
    )
    session.add(response)
    session.flush()
    return response


def submitted_responses(
    session: Session, *, round_id: int, participant_ids: Sequence[int], instrument_id: str
) -> list[AssessmentResponse]:
    """The submitted responses of some participants in a round."""
    if not participant_ids:
        return []
    query = select(AssessmentResponse).where(
        AssessmentResponse.round_id == round_id,
        AssessmentResponse.instrument_id == instrument_id,
        AssessmentResponse.status == "submitted",
        col(AssessmentResponse.participant_id).in_(participant_ids),
    )
    return list(session.exec(query).all())


def _locked(
    session: Session, participant_id: int, round_: SurveyRound, instrument: Instrument
) -> AssessmentResponse:
    """The draft, locked for update so two tabs cannot overwrite each other's answers.

    Every click of a survey comes here, so the common case costs two queries: an existing
    draft passed the cohort check when it was created; only the consent is checked again.
    """
    _check_round(round_)
    query = (
        select(AssessmentResponse)
        .where(
            AssessmentResponse.participant_id == participant_id,
            AssessmentResponse.round_id == round_.id,
            AssessmentResponse.instrument_id == instrument.id,
        )
        .with_for_update()
    )
    existing = session.exec(query).first()
    if existing is not None:
        require_consent(session, participant_id)
        return existing
    draft_or_new(session, participant_id=participant_id, round_=round_, instrument=instrument)
    return session.exec(query).one()


def _check_cohort(session: Session, participant_id: int, round_: SurveyRound) -> None:
    query = (
        select(Organisation.cohort_id)
        .join(Group, col(Group.organisation_id) == Organisation.id)
        .join(Participant, col(Participant.group_id) == Group.id)
        .where(Participant.id == participant_id)
    )
    cohort_id = session.exec(query).first()
    if cohort_id is None or cohort_id != round_.cohort_id:
        raise ResponseError(ResponseProblem.WRONG_COHORT, round_.name)


def _check_round(round_: SurveyRound | None) -> None:
    if round_ is None:
        raise ResponseError(ResponseProblem.NO_ROUND)
    if round_.status != "open":
        raise ResponseError(ResponseProblem.ROUND_CLOSED, round_.name)
