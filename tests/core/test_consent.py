"""Consent: the text says what a person needs to know, and nothing is stored before it."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from core.consent import (
    ConsentRequiredError,
    consent_of,
    consent_text,
    record_consent,
    require_consent,
)
from core.instruments import load_instrument, load_network_survey
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
from core.network_store import NetworkDraft, save_network_draft, submit_network_survey
from core.responses import draft_or_new, save_answers


def _course(session: Session) -> tuple[Participant, Participant, SurveyRound]:
    cohort = Cohort(name="Kurs")
    session.add(cohort)
    session.flush()
    org = Organisation(cohort_id=cohort.id or 0, name="Testvik kommune")
    session.add(org)
    session.flush()
    group = Group(organisation_id=org.id or 0, name="Ledergruppen")
    session.add(group)
    session.flush()
    kari = Participant(group_id=group.id or 0, name="Kari Nordmann")
    ola = Participant(group_id=group.id or 0, name="Ola Nordmann")
    round_ = SurveyRound(cohort_id=cohort.id or 0, name="Baseline", status="open")
    session.add_all([kari, ola, round_])
    session.flush()
    return kari, ola, round_


def _stored(session: Session) -> int:
    responses = session.exec(select(func.count()).select_from(AssessmentResponse)).one()
    ties = session.exec(select(func.count()).select_from(Tie)).one()
    return int(responses) + int(ties)


def test_self_assessment_answers_are_refused_before_consent(session: Session) -> None:
    kari, _, round_ = _course(session)
    instrument = load_instrument()
    first = instrument.items[0]
    with pytest.raises(ConsentRequiredError):
        save_answers(
            session,
            participant_id=kari.id or 0,
            round_=round_,
            instrument=instrument,
            answers={first.id: 3},
        )
    with pytest.raises(ConsentRequiredError):
        draft_or_new(session, participant_id=kari.id or 0, round_=round_, instrument=instrument)
    assert _stored(session) == 0

    record_consent(session, participant_id=kari.id or 0, lang="nb", named_network=False)
    save_answers(
        session,
        participant_id=kari.id or 0,
        round_=round_,
        instrument=instrument,
        answers={first.id: 3},
    )
    assert _stored(session) == 1


def test_network_answers_are_refused_before_consent(session: Session) -> None:
    kari, ola, round_ = _course(session)
    survey = load_network_survey()
    relation = survey.relations[0].id
    draft = NetworkDraft(ties={relation: {ola.id or 0: survey.frequency[0].value}})
    for store in (save_network_draft, submit_network_survey):
        with pytest.raises(ConsentRequiredError):
            store(session, participant_id=kari.id or 0, round_=round_, survey=survey, draft=draft)
    assert _stored(session) == 0

    record_consent(session, participant_id=kari.id or 0, lang="en", named_network=False)
    submit_network_survey(
        session, participant_id=kari.id or 0, round_=round_, survey=survey, draft=draft
    )
    assert session.exec(select(Tie)).one().target_id == ola.id


def test_a_withdrawn_consent_stops_storing(session: Session) -> None:
    kari, _, _ = _course(session)
    consent = record_consent(session, participant_id=kari.id or 0, lang="nb", named_network=False)
    assert require_consent(session, kari.id or 0) is consent
    consent.withdrawn_at = utcnow()
    session.add(consent)
    session.flush()
    assert consent_of(session, kari.id or 0) is None
    with pytest.raises(ConsentRequiredError):
        require_consent(session, kari.id or 0)


def test_agreeing_twice_stores_one_consent(session: Session) -> None:
    kari, _, _ = _course(session)
    for _ in range(2):
        record_consent(session, participant_id=kari.id or 0, lang="nb", named_network=True)
    assert len(session.exec(select(Consent)).all()) == 1


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_consent_text_covers_what_who_how_long_and_how_to_delete(lang: str) -> None:
    parts = consent_text(lang).parts
    needed = {
        "asked",
        "sees_self",
        "sees_group",
        "sees_named",
        "sees_anonymous",
        "sees_facilitator",
        "retention",
        "retention_open",
        "delete",
    }
    assert needed <= parts.keys()
    assert "{threshold}" in parts["sees_group"]
    assert "{threshold}" in parts["sees_facilitator"]
    assert "{end_date}" in parts["retention"]
    my_data = {"nb": "Mine data", "en": "My data"}[lang]
    assert my_data in parts["delete"]


def test_both_languages_have_the_same_parts_and_placeholders() -> None:
    import string

    nb, en = consent_text("nb"), consent_text("en")
    assert nb.version == en.version
    assert nb.parts.keys() == en.parts.keys()
    for key in nb.parts:
        fields = [
            {name for _, name, _, _ in string.Formatter().parse(text.parts[key]) if name}
            for text in (nb, en)
        ]
        assert fields[0] == fields[1], key
