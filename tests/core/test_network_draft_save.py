"""A network-survey change is one UPDATE: same result and same refusals as the rules.

`save_network_draft` runs on every pick and frequency. Its one-statement path repeats the
rules of the full path in SQL, so each refusal is checked here with a draft already stored
(the case that takes the short path), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from core.consent import ConsentRequiredError
from core.db import write_session
from core.instruments import load_network_survey
from core.models import (
    AssessmentResponse,
    Cohort,
    Consent,
    Group,
    Organisation,
    Participant,
    SurveyRound,
    Tie,
    utcnow,
)
from core.network_store import (
    NetworkDraft,
    NetworkSurveyError,
    NetworkSurveyProblem,
    load_network_draft,
    save_network_draft,
    submit_network_survey,
)

SURVEY = load_network_survey()
RELATION = SURVEY.relations[0].id


def _course(engine: Engine) -> dict[str, int]:
    """Ada, Bo and Cy in one cohort with an open round; Ex in another cohort."""
    with write_session(engine) as session:
        cohort, other = Cohort(name="Kurs"), Cohort(name="Annet kurs")
        session.add_all([cohort, other])
        session.flush()
        org = Organisation(cohort_id=cohort.id, name="Testvik kommune")
        far = Organisation(cohort_id=other.id, name="Annen kommune")
        session.add_all([org, far])
        session.flush()
        group = Group(organisation_id=org.id, name="Ledergruppen")
        far_group = Group(organisation_id=far.id, name="Ledergruppen")
        session.add_all([group, far_group])
        session.flush()
        people = {n: Participant(group_id=group.id, name=n) for n in ("Ada", "Bo", "Cy")}
        people["Ex"] = Participant(group_id=far_group.id, name="Ex")
        round_ = SurveyRound(cohort_id=cohort.id, name="Baseline", status="open")
        session.add_all([*people.values(), round_])
        session.flush()
        session.add(Consent(participant_id=people["Ada"].id, consent_version=1))
        ids = {name: p.id or 0 for name, p in people.items()}
        return {**ids, "round": round_.id or 0}


def _round(session: Session, course: dict[str, int]) -> SurveyRound:
    round_ = session.get(SurveyRound, course["round"])
    assert round_ is not None
    return round_


def _save(engine: Engine, course: dict[str, int], picks: dict[int, int]) -> None:
    with write_session(engine) as session:
        save_network_draft(
            session,
            participant_id=course["Ada"],
            round_=_round(session, course),
            survey=SURVEY,
            draft=NetworkDraft(ties={RELATION: picks}),
        )


def _stored(engine: Engine, course: dict[str, int]) -> dict[int, int]:
    with Session(engine) as session:
        draft = load_network_draft(session, participant_id=course["Ada"], round_id=course["round"])
    return draft.ties.get(RELATION, {})


def test_the_first_save_makes_the_draft_and_later_ones_replace_it(
    storage_engine: Engine,
) -> None:
    course = _course(storage_engine)
    _save(storage_engine, course, {course["Bo"]: 2})  # no draft yet: the full path
    _save(storage_engine, course, {course["Bo"]: 2, course["Cy"]: 4})  # the one-statement path
    _save(storage_engine, course, {course["Cy"]: 1})  # took Bo off again
    assert _stored(storage_engine, course) == {course["Cy"]: 1}
    with Session(storage_engine) as session:
        row = session.exec(select(AssessmentResponse)).one()
    assert row.status == "draft"
    assert row.instrument_version == SURVEY.version


def test_a_round_closed_after_the_page_was_read_refuses_and_keeps_the_draft(
    storage_engine: Engine,
) -> None:
    course = _course(storage_engine)
    _save(storage_engine, course, {course["Bo"]: 2})
    with Session(storage_engine, expire_on_commit=False) as session:
        as_the_page_read_it = _round(session, course)
    with write_session(storage_engine) as session:
        _round(session, course).status = "closed"
    for action in (save_network_draft, submit_network_survey):
        with write_session(storage_engine) as session, pytest.raises(NetworkSurveyError) as no:
            action(
                session,
                participant_id=course["Ada"],
                round_=as_the_page_read_it,
                survey=SURVEY,
                draft=NetworkDraft(ties={RELATION: {course["Cy"]: 3}}),
            )
        assert no.value.problem is NetworkSurveyProblem.ROUND_CLOSED
    assert _stored(storage_engine, course) == {course["Bo"]: 2}
    with Session(storage_engine) as session:
        assert session.exec(select(Tie)).all() == []


def test_after_submit_a_change_is_refused(storage_engine: Engine) -> None:
    course = _course(storage_engine)
    _save(storage_engine, course, {course["Bo"]: 2})
    with write_session(storage_engine) as session:
        submit_network_survey(
            session, participant_id=course["Ada"], round_=_round(session, course), survey=SURVEY
        )
    with pytest.raises(NetworkSurveyError) as refused:
        _save(storage_engine, course, {course["Cy"]: 4})
    assert refused.value.problem is NetworkSurveyProblem.ALREADY_SUBMITTED
    assert _stored(storage_engine, course) == {course["Bo"]: 2}


def test_ties_already_in_the_round_count_as_submitted(storage_engine: Engine) -> None:
    course = _course(storage_engine)
    _save(storage_engine, course, {course["Bo"]: 2})
    with write_session(storage_engine) as session:  # as an edge-list import writes them
        session.add(
            Tie(
                round_id=course["round"],
                source_id=course["Ada"],
                target_id=course["Cy"],
                relation=RELATION,
                frequency=3,
            )
        )
    with pytest.raises(NetworkSurveyError) as refused:
        _save(storage_engine, course, {course["Cy"]: 4})
    assert refused.value.problem is NetworkSurveyProblem.ALREADY_SUBMITTED
    assert _stored(storage_engine, course) == {course["Bo"]: 2}


def test_a_withdrawn_consent_stops_the_next_change(storage_engine: Engine) -> None:
    course = _course(storage_engine)
    _save(storage_engine, course, {course["Bo"]: 2})
    with write_session(storage_engine) as session:
        for consent in session.exec(select(Consent)).all():
            consent.withdrawn_at = utcnow()
            session.add(consent)
    with pytest.raises(ConsentRequiredError):
        _save(storage_engine, course, {course["Cy"]: 4})
    assert _stored(storage_engine, course) == {course["Bo"]: 2}


@pytest.mark.parametrize("who", ["Ex", "missing"])
def test_naming_someone_off_the_roster_is_refused(storage_engine: Engine, who: str) -> None:
    course = _course(storage_engine)
    _save(storage_engine, course, {course["Bo"]: 2})
    stranger = course["Ex"] if who == "Ex" else 999_999
    with pytest.raises(NetworkSurveyError) as refused:
        _save(storage_engine, course, {course["Bo"]: 2, stranger: 3})
    assert refused.value.problem is NetworkSurveyProblem.UNKNOWN_PERSON
    assert _stored(storage_engine, course) == {course["Bo"]: 2}


def test_a_draft_held_by_the_same_session_shows_the_change(storage_engine: Engine) -> None:
    course = _course(storage_engine)
    _save(storage_engine, course, {course["Bo"]: 2})
    with write_session(storage_engine) as session:
        round_ = _round(session, course)
        before = load_network_draft(session, participant_id=course["Ada"], round_id=round_.id or 0)
        assert before.ties[RELATION] == {course["Bo"]: 2}
        save_network_draft(
            session,
            participant_id=course["Ada"],
            round_=round_,
            survey=SURVEY,
            draft=NetworkDraft(ties={RELATION: {course["Cy"]: 4}}),
        )
        after = load_network_draft(session, participant_id=course["Ada"], round_id=round_.id or 0)
    assert after.ties[RELATION] == {course["Cy"]: 4}
