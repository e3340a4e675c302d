"""Storing answers as they are given: drafts merge per click, resume, submit once, refusals."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from core.instruments import Instrument, load_instrument
from core.models import (
    AssessmentResponse,
    Cohort,
    Consent,
    Group,
    Organisation,
    Participant,
    SurveyRound,
)
from core.responses import (
    ResponseError,
    ResponseProblem,
    draft_or_new,
    keep_anonymous_answers,
    response_of,
    save_answers,
    submit_response,
    submitted_responses,
)


@pytest.fixture
def instrument() -> Instrument:
    return load_instrument()


def _course(session: Session, name: str = "Kurs") -> tuple[Participant, SurveyRound]:
    cohort = Cohort(name=name)
    session.add(cohort)
    session.flush()
    org = Organisation(cohort_id=cohort.id, name="Testvik kommune")
    session.add(org)
    session.flush()
    group = Group(organisation_id=org.id, name="Ledergruppen")
    session.add(group)
    session.flush()
    person = Participant(group_id=group.id, name="Kari Nordmann", is_leader=True)
    round_ = SurveyRound(cohort_id=cohort.id, name="Baseline", status="open")
    session.add_all([person, round_])
    session.flush()
    # Answers are stored only after consent (core.consent.require_consent).
    session.add(Consent(participant_id=person.id, consent_version=1))
    session.flush()
    return person, round_


def _save(session: Session, person: Participant, round_: SurveyRound, inst: Instrument, **a: int):
    answers = {key.replace("__", "."): value for key, value in a.items()}
    return save_answers(
        session, participant_id=person.id, round_=round_, instrument=inst, answers=answers
    )


def test_each_click_is_merged_into_one_draft(session: Session, instrument: Instrument) -> None:
    person, round_ = _course(session)
    _save(session, person, round_, instrument, skills__security=4)
    _save(session, person, round_, instrument, skills__ai_tools=0)
    _save(session, person, round_, instrument, skills__security=5)  # changed their mind
    rows = session.exec(select(AssessmentResponse)).all()
    assert len(rows) == 1
    assert rows[0].answers == {"skills.security": 5, "skills.ai_tools": 0}
    assert rows[0].status == "draft"
    assert rows[0].instrument_version == instrument.version


def test_a_draft_is_resumed_not_replaced(session: Session, instrument: Instrument) -> None:
    person, round_ = _course(session)
    _save(session, person, round_, instrument, skills__security=3)
    session.commit()
    again = draft_or_new(session, participant_id=person.id, round_=round_, instrument=instrument)
    assert again.answers == {"skills.security": 3}


def test_an_impossible_answer_is_refused_and_nothing_changes(
    session: Session, instrument: Instrument
) -> None:
    person, round_ = _course(session)
    _save(session, person, round_, instrument, skills__security=3)
    with pytest.raises(ResponseError) as caught:
        _save(session, person, round_, instrument, skills__security=9)
    assert caught.value.problem is ResponseProblem.INVALID
    with pytest.raises(ResponseError):
        save_answers(
            session,
            participant_id=person.id,
            round_=round_,
            instrument=instrument,
            answers={"no.such.item": 3},
        )
    stored = response_of(
        session, participant_id=person.id, round_id=round_.id, instrument_id=instrument.id
    )
    assert stored is not None
    assert stored.answers == {"skills.security": 3}


@pytest.mark.parametrize("status", ["closed", "draft"])
def test_answers_for_a_round_that_is_not_open_are_refused(
    session: Session, instrument: Instrument, status: str
) -> None:
    person, round_ = _course(session)
    round_.status = status
    with pytest.raises(ResponseError) as caught:
        _save(session, person, round_, instrument, skills__security=3)
    assert caught.value.problem is ResponseProblem.ROUND_CLOSED
    assert session.exec(select(AssessmentResponse)).all() == []


def test_a_participant_of_another_cohort_cannot_answer_this_round(
    session: Session, instrument: Instrument
) -> None:
    person, _ = _course(session, "Kurs A")
    _, other_round = _course(session, "Kurs B")
    with pytest.raises(ResponseError) as caught:
        _save(session, person, other_round, instrument, skills__security=3)
    assert caught.value.problem is ResponseProblem.WRONG_COHORT


def test_submit_once_then_refuse_and_keep_what_was_stored(
    session: Session, instrument: Instrument
) -> None:
    person, round_ = _course(session)
    every = dict.fromkeys(instrument.answer_keys, 3)
    save_answers(
        session, participant_id=person.id, round_=round_, instrument=instrument, answers=every
    )
    done = submit_response(session, participant_id=person.id, round_=round_, instrument=instrument)
    assert done.status == "submitted"
    assert done.submitted_at is not None
    for again in (
        lambda: submit_response(
            session, participant_id=person.id, round_=round_, instrument=instrument
        ),
        lambda: _save(session, person, round_, instrument, skills__security=1),
    ):
        with pytest.raises(ResponseError) as caught:
            again()
        assert caught.value.problem is ResponseProblem.ALREADY_SUBMITTED
    assert done.answers == every


def test_an_incomplete_response_cannot_be_submitted(
    session: Session, instrument: Instrument
) -> None:
    person, round_ = _course(session)
    every = dict.fromkeys(instrument.answer_keys, 0)  # "don't know" everywhere counts
    del every[instrument.items[-1].ambition_key]
    save_answers(
        session, participant_id=person.id, round_=round_, instrument=instrument, answers=every
    )
    with pytest.raises(ResponseError) as caught:
        submit_response(session, participant_id=person.id, round_=round_, instrument=instrument)
    assert caught.value.problem is ResponseProblem.INCOMPLETE


def test_no_round_at_all_is_a_clear_problem(session: Session, instrument: Instrument) -> None:
    person, _ = _course(session)
    with pytest.raises(ResponseError) as caught:
        save_answers(
            session, participant_id=person.id, round_=None, instrument=instrument, answers={}
        )  # type: ignore[arg-type]
    assert caught.value.problem is ResponseProblem.NO_ROUND


def test_anonymous_answers_are_kept_with_no_person_or_round(
    session: Session, instrument: Instrument
) -> None:
    kept = keep_anonymous_answers(session, instrument=instrument, answers={"skills.security": 4})
    assert (kept.participant_id, kept.round_id, kept.status) == (None, None, "submitted")
    assert kept.answers == {"skills.security": 4}
    with pytest.raises(ResponseError):
        keep_anonymous_answers(session, instrument=instrument, answers={})
    with pytest.raises(ResponseError):
        keep_anonymous_answers(session, instrument=instrument, answers={"skills.security": 6})
    assert len(session.exec(select(AssessmentResponse)).all()) == 1


def test_submitted_responses_leave_out_drafts(session: Session, instrument: Instrument) -> None:
    person, round_ = _course(session)
    other = Participant(group_id=person.group_id, name="Ola Nordmann")
    session.add(other)
    session.flush()
    session.add(Consent(participant_id=other.id, consent_version=1))
    every = dict.fromkeys(instrument.answer_keys, 2)
    save_answers(
        session, participant_id=person.id, round_=round_, instrument=instrument, answers=every
    )
    submit_response(session, participant_id=person.id, round_=round_, instrument=instrument)
    _save(session, other, round_, instrument, skills__security=5)
    found = submitted_responses(
        session,
        round_id=round_.id,
        participant_ids=[person.id, other.id],
        instrument_id=instrument.id,
    )
    assert [r.participant_id for r in found] == [person.id]
    assert (
        submitted_responses(
            session, round_id=round_.id, participant_ids=[], instrument_id=instrument.id
        )
        == []
    )
