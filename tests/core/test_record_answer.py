"""One answer per click, merged by the database: same result and same refusals as the rules.

`record_answer` is the survey's hot path (one UPDATE). Its conditions repeat the rules of
`save_answers` in SQL, so every refusal is checked here on SQLite and PostgreSQL, and so is
the merge of two answers given at the same moment from two tabs.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from core.consent import ConsentRequiredError
from core.db import write_session
from core.instruments import Instrument, load_instrument
from core.models import (
    AssessmentResponse,
    Cohort,
    Consent,
    Group,
    Organisation,
    Participant,
    SurveyRound,
    utcnow,
)
from core.responses import ResponseError, ResponseProblem, record_answer, submit_response

INSTRUMENT: Instrument = load_instrument()
FIRST, SECOND = (item.id for item in INSTRUMENT.dimensions[0].items[:2])


def _course(engine: Engine) -> tuple[int, int]:
    with write_session(engine) as session:
        cohort = Cohort(name="Kurs")
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
        session.add(Consent(participant_id=person.id, consent_version=1))
        assert person.id is not None
        assert round_.id is not None
        return person.id, round_.id


def _answer(engine: Engine, person: int, round_id: int, key: str, value: int) -> None:
    with write_session(engine) as session:
        record_answer(
            session,
            participant_id=person,
            round_id=round_id,
            instrument=INSTRUMENT,
            answer_key=key,
            value=value,
        )


def _draft(engine: Engine) -> AssessmentResponse:
    with Session(engine) as session:
        return session.exec(select(AssessmentResponse)).one()


def test_the_first_answer_makes_the_draft_and_later_ones_merge_into_it(
    storage_engine: Engine,
) -> None:
    person, round_id = _course(storage_engine)
    _answer(storage_engine, person, round_id, FIRST, 3)  # no draft yet: the full path
    _answer(storage_engine, person, round_id, SECOND, 0)  # the one-statement path
    _answer(storage_engine, person, round_id, FIRST, 5)  # changed their mind
    draft = _draft(storage_engine)
    assert draft.answers == {FIRST: 5, SECOND: 0}
    assert draft.status == "draft"
    assert draft.instrument_version == INSTRUMENT.version


def test_answers_given_at_the_same_moment_in_two_tabs_are_both_kept(
    storage_engine: Engine,
) -> None:
    person, round_id = _course(storage_engine)
    _answer(storage_engine, person, round_id, FIRST, 1)
    keys = [item.id for dim in INSTRUMENT.dimensions for item in dim.items][:12]
    errors: list[BaseException] = []

    def answer(key: str) -> None:
        try:
            _answer(storage_engine, person, round_id, key, 4)
        except BaseException as exc:  # collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=answer, args=(key,)) for key in keys]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert _draft(storage_engine).answers == dict.fromkeys(keys, 4)


@pytest.mark.parametrize("status", ["closed", "draft"])
def test_a_round_that_is_not_open_refuses_and_keeps_the_draft(
    storage_engine: Engine, status: str
) -> None:
    person, round_id = _course(storage_engine)
    _answer(storage_engine, person, round_id, FIRST, 2)
    with write_session(storage_engine) as session:
        round_ = session.get(SurveyRound, round_id)
        assert round_ is not None
        round_.status = status
        session.add(round_)
    with pytest.raises(ResponseError) as refused:
        _answer(storage_engine, person, round_id, SECOND, 4)
    assert refused.value.problem is ResponseProblem.ROUND_CLOSED
    assert _draft(storage_engine).answers == {FIRST: 2}


def test_after_submit_an_answer_is_refused(storage_engine: Engine) -> None:
    person, round_id = _course(storage_engine)
    for key in INSTRUMENT.answer_keys:
        _answer(storage_engine, person, round_id, key, 3)
    with write_session(storage_engine) as session:
        round_ = session.get(SurveyRound, round_id)
        assert round_ is not None
        submit_response(session, participant_id=person, round_=round_, instrument=INSTRUMENT)
    with pytest.raises(ResponseError) as refused:
        _answer(storage_engine, person, round_id, FIRST, 0)
    assert refused.value.problem is ResponseProblem.ALREADY_SUBMITTED
    assert _draft(storage_engine).answers[FIRST] == 3


def test_a_withdrawn_consent_stops_the_next_answer(storage_engine: Engine) -> None:
    person, round_id = _course(storage_engine)
    _answer(storage_engine, person, round_id, FIRST, 2)
    with write_session(storage_engine) as session:
        for consent in session.exec(select(Consent)).all():
            consent.withdrawn_at = utcnow()
            session.add(consent)
    with pytest.raises(ConsentRequiredError):
        _answer(storage_engine, person, round_id, SECOND, 4)
    assert _draft(storage_engine).answers == {FIRST: 2}


def test_an_impossible_answer_or_unknown_question_changes_nothing(
    storage_engine: Engine,
) -> None:
    person, round_id = _course(storage_engine)
    _answer(storage_engine, person, round_id, FIRST, 2)
    for key, value in ((FIRST, 42), ("skills.no_such_question", 3)):
        with pytest.raises(ResponseError) as refused:
            _answer(storage_engine, person, round_id, key, value)
        assert refused.value.problem is ResponseProblem.INVALID
    assert _draft(storage_engine).answers == {FIRST: 2}


def test_a_round_that_does_not_exist_is_a_clear_problem(storage_engine: Engine) -> None:
    person, round_id = _course(storage_engine)
    with pytest.raises(ResponseError) as refused:
        _answer(storage_engine, person, round_id + 99, FIRST, 2)
    assert refused.value.problem is ResponseProblem.NO_ROUND
