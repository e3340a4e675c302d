"""Network survey storage: drafts saved as given, resumed, and submitted once as ties."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from core.instruments import NetworkSurvey, load_network_survey
from core.models import (
    AssessmentResponse,
    Cohort,
    Consent,
    Expertise,
    ExternalPartner,
    Group,
    Organisation,
    Participant,
    SurveyRound,
    Tie,
)
from core.network_store import (
    NetworkDraft,
    NetworkSurveyError,
    NetworkSurveyProblem,
    load_network_draft,
    partner_key,
    save_network_draft,
    submit_network_survey,
)


@pytest.fixture
def survey() -> NetworkSurvey:
    return load_network_survey()


@pytest.fixture
def world(session: Session) -> dict[str, object]:
    """One cohort with an open and a closed round, four people, and a stranger elsewhere."""
    cohort, other = Cohort(name="Kurs A"), Cohort(name="Kurs B")
    session.add_all([cohort, other])
    session.flush()
    org = Organisation(cohort_id=cohort.id, name="Fjellbygd kommune")
    far = Organisation(cohort_id=other.id, name="Annen kommune")
    session.add_all([org, far])
    session.flush()
    group = Group(organisation_id=org.id, name="Ledergruppen", named_network=True)
    far_group = Group(organisation_id=far.id, name="Ledergruppen")
    session.add_all([group, far_group])
    session.flush()
    people = [Participant(group_id=group.id, name=n) for n in ("Ada", "Bo", "Cy", "Di")]
    stranger = Participant(group_id=far_group.id, name="Ex")
    open_round = SurveyRound(cohort_id=cohort.id, name="Oppfølging", status="open")
    closed = SurveyRound(cohort_id=cohort.id, name="Baseline", status="closed")
    session.add_all([*people, stranger, open_round, closed])
    session.flush()
    # Answers are stored only after consent (core.consent.require_consent).
    session.add_all(Consent(participant_id=p.id, consent_version=1) for p in [*people, stranger])
    session.add(ExternalPartner(cohort_id=cohort.id, name="KS", key="ks"))
    session.flush()
    return {"people": people, "stranger": stranger, "round": open_round, "closed": closed}


def _ids(world: dict[str, object]) -> list[int]:
    return [p.id for p in world["people"]]  # type: ignore[attr-defined]


def test_draft_is_saved_and_resumed_as_given(
    session: Session, survey: NetworkSurvey, world: dict[str, object]
) -> None:
    ada, bo, cy, _ = _ids(world)
    draft = NetworkDraft(
        ties={"information": {bo: 3, cy: 1}, "advice": {bo: 2}},
        partners={"KS": 2},
        expertise=["information_security"],
        unlisted={"information": "Kari fra NAV"},
    )
    save_network_draft(
        session, participant_id=ada, round_=world["round"], survey=survey, draft=draft
    )
    session.commit()

    resumed = load_network_draft(session, participant_id=ada, round_id=world["round"].id)
    assert resumed.ties == {"information": {bo: 3, cy: 1}, "advice": {bo: 2}}
    assert resumed.partners == {"KS": 2}
    assert resumed.expertise == ["information_security"]
    assert resumed.unlisted == {"information": "Kari fra NAV"}
    assert not resumed.submitted
    stored = session.exec(select(AssessmentResponse)).one()
    assert stored.instrument_id == "network_survey"
    assert stored.status == "draft"
    assert session.exec(select(Tie)).all() == [], "a draft writes no ties"


def test_saving_again_replaces_the_draft(
    session: Session, survey: NetworkSurvey, world: dict[str, object]
) -> None:
    ada, bo, cy, _ = _ids(world)
    for picks in ({bo: 3}, {cy: 4}):
        save_network_draft(
            session,
            participant_id=ada,
            round_=world["round"],
            survey=survey,
            draft=NetworkDraft(ties={"information": picks}),
        )
    resumed = load_network_draft(session, participant_id=ada, round_id=world["round"].id)
    assert resumed.ties == {"information": {cy: 4}}
    assert len(session.exec(select(AssessmentResponse)).all()) == 1


def test_submit_writes_ties_partners_and_expertise_in_one_go(
    session: Session, survey: NetworkSurvey, world: dict[str, object]
) -> None:
    ada, bo, cy, _ = _ids(world)
    draft = NetworkDraft(
        ties={"information": {bo: 3, cy: 1}, "advice": {bo: 2}},
        partners={" ks ": 2, "Nabokommuner": 1},
        expertise=["information_security", "ai_tools"],
        unlisted={"advice": "  Kari fra NAV "},
    )
    save_network_draft(
        session, participant_id=ada, round_=world["round"], survey=survey, draft=draft
    )
    response = submit_network_survey(
        session, participant_id=ada, round_=world["round"], survey=survey
    )
    session.commit()

    assert response.status == "submitted"
    assert response.submitted_at is not None
    ties = session.exec(select(Tie).where(Tie.source_id == ada)).all()
    colleagues = sorted((t.relation, t.target_id, t.frequency) for t in ties if t.target_id)
    assert colleagues == [("advice", bo, 2), ("information", bo, 3), ("information", cy, 1)]
    unlisted = [t for t in ties if t.unlisted_name]
    assert [(t.relation, t.unlisted_name, t.target_id) for t in unlisted] == [
        ("advice", "Kari fra NAV", None)
    ]
    partners = session.exec(select(ExternalPartner).order_by(ExternalPartner.key)).all()
    assert [(p.name, p.key) for p in partners] == [("KS", "ks"), ("Nabokommuner", "nabokommuner")]
    partner_ties = {t.target_partner_id: t.frequency for t in ties if t.target_partner_id}
    assert partner_ties == {partners[0].id: 2, partners[1].id: 1}, "' ks ' reuses KS"
    areas = session.exec(select(Expertise.area).where(Expertise.participant_id == ada)).all()
    assert sorted(areas) == ["ai_tools", "information_security"]
    assert load_network_draft(session, participant_id=ada, round_id=world["round"].id).submitted


def test_second_submit_is_refused_and_changes_nothing(
    session: Session, survey: NetworkSurvey, world: dict[str, object]
) -> None:
    ada, bo, _, _ = _ids(world)
    draft = NetworkDraft(ties={"information": {bo: 3}})
    submit_network_survey(
        session, participant_id=ada, round_=world["round"], survey=survey, draft=draft
    )
    with pytest.raises(NetworkSurveyError) as error:
        submit_network_survey(
            session, participant_id=ada, round_=world["round"], survey=survey, draft=draft
        )
    assert error.value.problem is NetworkSurveyProblem.ALREADY_SUBMITTED
    with pytest.raises(NetworkSurveyError):
        save_network_draft(
            session, participant_id=ada, round_=world["round"], survey=survey, draft=draft
        )
    assert len(session.exec(select(Tie)).all()) == 1


def test_ties_already_in_the_round_count_as_submitted(
    session: Session, survey: NetworkSurvey, world: dict[str, object]
) -> None:
    ada, bo, _, _ = _ids(world)
    session.add(Tie(round_id=world["round"].id, source_id=ada, target_id=bo, relation="advice"))
    session.flush()
    assert load_network_draft(session, participant_id=ada, round_id=world["round"].id).submitted
    with pytest.raises(NetworkSurveyError) as error:
        submit_network_survey(
            session, participant_id=ada, round_=world["round"], survey=survey, draft=NetworkDraft()
        )
    assert error.value.problem is NetworkSurveyProblem.ALREADY_SUBMITTED


def test_closed_round_is_refused(
    session: Session, survey: NetworkSurvey, world: dict[str, object]
) -> None:
    ada, bo, _, _ = _ids(world)
    for action in (save_network_draft, submit_network_survey):
        with pytest.raises(NetworkSurveyError) as error:
            action(
                session,
                participant_id=ada,
                round_=world["closed"],
                survey=survey,
                draft=NetworkDraft(ties={"information": {bo: 3}}),
            )
        assert error.value.problem is NetworkSurveyProblem.ROUND_CLOSED
    assert session.exec(select(AssessmentResponse)).all() == []


def test_naming_oneself_is_refused(
    session: Session, survey: NetworkSurvey, world: dict[str, object]
) -> None:
    ada, *_ = _ids(world)
    with pytest.raises(NetworkSurveyError) as error:
        save_network_draft(
            session,
            participant_id=ada,
            round_=world["round"],
            survey=survey,
            draft=NetworkDraft(ties={"advice": {ada: 2}}),
        )
    assert error.value.problem is NetworkSurveyProblem.SELF_TIE


@pytest.mark.parametrize("who", ["missing", "other_cohort"])
def test_people_outside_the_cohort_roster_are_refused(
    session: Session, survey: NetworkSurvey, world: dict[str, object], who: str
) -> None:
    ada, *_ = _ids(world)
    target = 99_999 if who == "missing" else world["stranger"].id
    with pytest.raises(NetworkSurveyError) as error:
        submit_network_survey(
            session,
            participant_id=ada,
            round_=world["round"],
            survey=survey,
            draft=NetworkDraft(ties={"information": {target: 2}}),
        )
    assert error.value.problem is NetworkSurveyProblem.UNKNOWN_PERSON
    assert session.exec(select(Tie)).all() == []


def test_respondent_from_another_cohort_is_refused(
    session: Session, survey: NetworkSurvey, world: dict[str, object]
) -> None:
    with pytest.raises(NetworkSurveyError) as error:
        save_network_draft(
            session,
            participant_id=world["stranger"].id,
            round_=world["round"],
            survey=survey,
            draft=NetworkDraft(),
        )
    assert error.value.problem is NetworkSurveyProblem.WRONG_COHORT


@pytest.mark.parametrize(
    "draft",
    [
        NetworkDraft(ties={"gossip": {}}),
        NetworkDraft(ties={"information": {0: 5}}),
        NetworkDraft(partners={"   ": 2}),
        NetworkDraft(partners={"KS": 0}),
        NetworkDraft(expertise=["astrology"]),
        NetworkDraft(unlisted={"information": "x" * 201}),
    ],
    ids=["relation", "frequency", "empty_partner", "partner_frequency", "area", "long_text"],
)
def test_answers_outside_the_instrument_are_refused(
    session: Session, survey: NetworkSurvey, world: dict[str, object], draft: NetworkDraft
) -> None:
    ada, *_ = _ids(world)
    with pytest.raises(NetworkSurveyError) as error:
        save_network_draft(
            session, participant_id=ada, round_=world["round"], survey=survey, draft=draft
        )
    assert error.value.problem is NetworkSurveyProblem.INVALID


def test_empty_survey_may_be_submitted(
    session: Session, survey: NetworkSurvey, world: dict[str, object]
) -> None:
    ada, *_ = _ids(world)
    response = submit_network_survey(
        session, participant_id=ada, round_=world["round"], survey=survey, draft=NetworkDraft()
    )
    assert response.status == "submitted"


def test_partner_key_folds_case_and_spaces() -> None:
    assert partner_key("  Helse  Fjord HF") == partner_key("helse fjord hf")
