"""AppTest: a participant answers the network survey, resumes it, and submits once."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import col, select

from core.db import read_session, write_session
from core.erasure import erase_participant
from core.models import AssessmentResponse, Consent, Participant, SurveyRound, Tie, utcnow
from tests.pages.helpers import app_as, fresh_participant

PAGE = "pages/network/network_survey.py"


def consented_without_ties(engine: Engine) -> tuple[Participant, list[Participant]]:
    """A consented demo participant who has not answered the open round's network survey,
    and two colleagues in the same group."""
    with read_session(engine) as session:
        followup = session.exec(select(SurveyRound).where(SurveyRound.status == "open")).one()
        answered = select(Tie.source_id).where(Tie.round_id == followup.id)
        person = session.exec(
            select(Participant)
            .join(Consent, col(Consent.participant_id) == Participant.id)
            .where(col(Participant.id).not_in(answered))
            .order_by(Participant.id)
        ).first()
        colleagues = session.exec(
            select(Participant)
            .where(Participant.group_id == person.group_id, Participant.id != person.id)
            .order_by(Participant.id)
            .limit(2)
        ).all()
        return person, list(colleagues)


def test_participant_picks_colleagues_resumes_and_submits(demo_engine: Engine) -> None:
    person, (first, second) = consented_without_ties(demo_engine)
    at = app_as("participant", participant_id=person.id, lang="nb")
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    at.text_input(key="roster.information.query").input(first.name.split()[0]).run()
    at.button(key=f"roster.information.add.{first.id}").click().run()
    at.text_input(key="roster.information.query").input(second.name).run()
    at.button(key=f"roster.information.add.{second.id}").click().run()
    at.selectbox(key=f"roster.information.freq.{second.id}").select(4).run()
    assert not at.exception, at.exception

    with read_session(demo_engine) as session:
        draft = session.exec(
            select(AssessmentResponse).where(
                AssessmentResponse.participant_id == person.id,
                AssessmentResponse.instrument_id == "network_survey",
            )
        ).one()
    assert draft.status == "draft"
    assert draft.answers["ties"]["information"] == {str(first.id): 2, str(second.id): 4}

    resumed = app_as("participant", participant_id=person.id, lang="en")
    resumed.run()
    resumed.switch_page(PAGE).run()
    assert resumed.selectbox(key=f"roster.information.freq.{second.id}").value == 4

    resumed.button(key="network.survey.submit").click().run()
    assert not resumed.exception, resumed.exception
    assert any("submitted" in s.value for s in resumed.success)
    with read_session(demo_engine) as session:
        ties = session.exec(
            select(Tie).where(Tie.source_id == person.id, Tie.round_id == draft.round_id)
        ).all()
    assert sorted((t.target_id, t.frequency) for t in ties) == [(first.id, 2), (second.id, 4)]


def test_survey_asks_for_consent_first(demo_engine: Engine) -> None:
    person = fresh_participant(demo_engine)
    at = app_as("participant", participant_id=person.id, lang="en")
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert any("consent" in i.value for i in at.info)


def test_only_the_open_tab_is_drawn_and_every_tab_still_saves(demo_engine: Engine) -> None:
    person, _ = consented_without_ties(demo_engine)
    at = app_as("participant", participant_id=person.id, lang="en")
    at.run()
    at.switch_page(PAGE).run()
    # The first relation is open; the other tabs cost nothing until they are opened.
    assert [t.key for t in at.text_input if t.key.endswith(".query")] == [
        "roster.information.query"
    ]
    assert not [m for m in at.multiselect if m.key == "network.survey.partners"]

    at.session_state["network.survey.tab"] = "Partners"
    at.run()
    assert not [t for t in at.text_input if t.key.endswith(".query")]
    at.multiselect(key="network.survey.partners").select("KS").run()
    at.session_state["network.survey.tab"] = "Your expertise"
    at.run()
    at.multiselect(key="network.survey.expertise").select("data_analysis").run()
    assert not at.exception, at.exception

    with read_session(demo_engine) as session:
        draft = session.exec(
            select(AssessmentResponse).where(
                AssessmentResponse.participant_id == person.id,
                AssessmentResponse.instrument_id == "network_survey",
            )
        ).one()
    assert draft.answers["partners"] == {"KS": 2}
    assert draft.answers["expertise"] == ["data_analysis"]


def test_a_submit_from_a_second_tab_is_refused_beside_the_button(demo_engine: Engine) -> None:
    person, _ = consented_without_ties(demo_engine)
    first = app_as("participant", participant_id=person.id, lang="en")
    first.run()
    first.switch_page(PAGE).run()
    second = app_as("participant", participant_id=person.id, lang="en")
    second.run()
    second.switch_page(PAGE).run()
    second.button(key="network.survey.submit").click().run()
    assert any("submitted" in s.value for s in second.success)

    first.button(key="network.survey.submit").click().run()
    assert not first.exception, first.exception
    assert [e.value for e in first.error] == [
        "You have already submitted the network survey for this round."
    ]


def _withdraw(engine: Engine, person: Participant) -> None:
    with write_session(engine) as session:
        for consent in session.exec(select(Consent).where(Consent.participant_id == person.id)):
            consent.withdrawn_at = utcnow()
            session.add(consent)


def _ties_in_draft(engine: Engine, person: Participant) -> dict[str, object]:
    with read_session(engine) as session:
        draft = session.exec(
            select(AssessmentResponse).where(
                AssessmentResponse.participant_id == person.id,
                AssessmentResponse.instrument_id == "network_survey",
            )
        ).one()
    return dict(draft.answers.get("ties", {}))


def test_consent_withdrawn_in_another_tab_stops_saving_without_an_error(
    demo_engine: Engine,
) -> None:
    person, (first, _) = consented_without_ties(demo_engine)
    at = app_as("participant", participant_id=person.id, lang="nb")
    at.run()
    at.switch_page(PAGE).run()
    at.text_input(key="roster.information.query").input(first.name).run()
    at.button(key=f"roster.information.add.{first.id}").click().run()
    _withdraw(demo_engine, person)  # on "Mine data", in another tab

    at.button(key="network.survey.submit").click().run()  # this tab still shows the button
    assert not at.exception, at.exception
    assert any("samtykke" in i.value.lower() for i in at.info)
    assert _ties_in_draft(demo_engine, person) == {"information": {str(first.id): 2}}
    with read_session(demo_engine) as session:
        open_round = session.exec(select(SurveyRound).where(SurveyRound.status == "open")).one()
        ties = select(Tie).where(Tie.source_id == person.id, Tie.round_id == open_round.id)
        assert session.exec(ties).all() == []


def test_a_colleague_deleted_through_another_app_process_leaves_the_search(
    demo_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The roster is cached per process; an erasure in another process clears nothing
    # here, so only the data revision it leaves in the database can take the name away.
    monkeypatch.setattr("ui.data.REVISION_POLL_SECONDS", 0.0)
    person, (gone, _) = consented_without_ties(demo_engine)
    add_gone = f"roster.information.add.{gone.id}"
    at = app_as("participant", participant_id=person.id, lang="en")
    at.run()
    at.switch_page(PAGE).run()
    at.text_input(key="roster.information.query").input(gone.name).run()
    assert add_gone in [b.key for b in at.button]

    with write_session(demo_engine) as session:
        erase_participant(session, gone.id)  # as a second process would: this one's cache stays
    at.run()

    assert not at.exception, at.exception
    assert add_gone not in [b.key for b in at.button]
