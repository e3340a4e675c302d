"""The self-assessment page: saved per click, resumable, submit once, clear refusals."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from core.consent import record_consent
from core.db import read_session, write_session
from core.instruments import load_instrument
from core.models import AssessmentResponse, Consent, Participant, SurveyRound, utcnow
from core.repositories import open_round, participant_context
from core.responses import save_answers
from tests.pages.helpers import app_as, fresh_participant

PAGE = "pages/assessment/self_assessment.py"
INSTRUMENT = load_instrument()
LAST = INSTRUMENT.dimensions[-1]


def _consented_fresh(engine: Engine) -> Participant:
    person = fresh_participant(engine)
    with write_session(engine) as session:
        record_consent(session, participant_id=person.id, lang="en", named_network=False)
    return person


def _open(person: Participant, lang: str = "en") -> AppTest:
    at = app_as("participant", participant_id=person.id, lang=lang)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _draft(engine: Engine, person: Participant) -> AssessmentResponse | None:
    with read_session(engine) as session:
        query = select(AssessmentResponse).where(AssessmentResponse.participant_id == person.id)
        return session.exec(query).first()


def _prefill_all_but_last_step(engine: Engine, person: Participant) -> None:
    keys = [k for k in INSTRUMENT.answer_keys if not k.startswith(LAST.id + ".")]
    with write_session(engine) as session:
        context = participant_context(session, person.id)
        round_ = open_round(session, context[3].id)
        save_answers(
            session,
            participant_id=person.id,
            round_=round_,
            instrument=INSTRUMENT,
            answers=dict.fromkeys(keys, 3),
        )


def _answer_last_step(at: AppTest) -> AppTest:
    for item in LAST.items:
        at.radio(key=f"assessment.q.{item.id}").set_value(4).run()
        at.radio(key=f"assessment.q.{item.ambition_key}").set_value(5).run()
    return at


def _texts(at: AppTest) -> str:
    parts = [*at.info, *at.success, *at.warning, *at.error, *at.markdown, *at.caption]
    return "\n".join(str(p.value) for p in parts)


def test_answers_survive_a_closed_browser(demo_url: str, demo_engine: Engine) -> None:
    person = _consented_fresh(demo_engine)
    first = INSTRUMENT.dimensions[0].items
    at = _open(person)
    assert [p.text for p in at.get("progress")] == ["Step 1 of 8"]
    at.radio(key=f"assessment.q.{first[0].id}").set_value(4).run()
    at.radio(key=f"assessment.q.{first[1].id}").set_value(0).run()  # don't know
    assert not at.exception
    draft = _draft(demo_engine, person)
    assert draft is not None
    assert draft.answers == {first[0].id: 4, first[1].id: 0}

    reopened = _open(person)  # a new session: nothing survives but the database
    assert reopened.radio(key=f"assessment.q.{first[0].id}").value == 4
    assert reopened.radio(key=f"assessment.q.{first[1].id}").value == 0
    assert reopened.radio(key=f"assessment.q.{first[2].id}").value is None


def test_next_and_back_move_one_dimension(demo_url: str, demo_engine: Engine) -> None:
    person = _consented_fresh(demo_engine)
    at = _open(person)
    second = INSTRUMENT.dimensions[1]
    at.button(key="assessment.next").click().run()
    assert any(second.title["en"] == h.value for h in at.subheader)
    assert [p.text for p in at.get("progress")] == ["Step 2 of 8"]
    assert at.radio(key=f"assessment.q.{second.items[0].id}").value is None
    at.button(key="assessment.back").click().run()
    assert any(INSTRUMENT.dimensions[0].title["en"] == h.value for h in at.subheader)


def test_a_resumed_draft_opens_at_the_first_open_step_and_submit_shows_the_profile(
    demo_url: str, demo_engine: Engine
) -> None:
    person = _consented_fresh(demo_engine)
    _prefill_all_but_last_step(demo_engine, person)
    at = _open(person)
    assert any(LAST.title["en"] == h.value for h in at.subheader)
    at.button(key="assessment.submit").click().run()
    assert any("still unanswered" in e.value for e in at.error)  # nothing stored changes
    assert _draft(demo_engine, person).status == "draft"

    _answer_last_step(at)
    at.button(key="assessment.submit").click().run()
    assert not at.exception
    assert any("are submitted" in s.value for s in at.success)
    assert at.get("plotly_chart"), "the profile chart is shown after submitting"
    assert _draft(demo_engine, person).status == "submitted"

    profile = app_as("participant", participant_id=person.id)
    profile.run()
    profile.switch_page("pages/assessment/my_profile.py").run()
    assert not profile.exception
    assert profile.get("plotly_chart")


def test_a_second_submit_is_refused_with_a_clear_message(
    demo_url: str, demo_engine: Engine
) -> None:
    person = _consented_fresh(demo_engine)
    _prefill_all_but_last_step(demo_engine, person)
    first_tab, second_tab = _open(person), _open(person)
    _answer_last_step(first_tab)
    first_tab.button(key="assessment.submit").click().run()
    assert any("are submitted" in s.value for s in first_tab.success)
    with read_session(demo_engine) as session:
        stored = session.exec(
            select(AssessmentResponse).where(AssessmentResponse.participant_id == person.id)
        ).one()
    second_tab.button(key="assessment.submit").click().run()
    assert not second_tab.exception
    assert "already submitted" in _texts(second_tab)
    with read_session(demo_engine) as session:
        again = session.exec(
            select(AssessmentResponse).where(AssessmentResponse.participant_id == person.id)
        ).one()
    assert (again.submitted_at, again.answers) == (stored.submitted_at, stored.answers)

    later = _open(person)  # and coming back later says the same
    assert "already submitted" in _texts(later)
    assert not later.get("radio") or all(
        not r.key or "assessment.q" not in r.key for r in later.radio
    )


def test_a_closed_round_and_no_round_get_clear_messages(demo_url: str, demo_engine: Engine) -> None:
    person = _consented_fresh(demo_engine)
    with write_session(demo_engine) as session:
        for round_ in session.exec(select(SurveyRound)).all():
            round_.status = "closed"
            session.add(round_)
    at = _open(person)
    assert any("is closed" in w.value for w in at.warning)
    assert [r.key for r in at.radio if "assessment.q" in (r.key or "")] == []
    with write_session(demo_engine) as session:
        for round_ in session.exec(select(SurveyRound)).all():
            round_.status = "draft"
            session.add(round_)
    at = _open(person, lang="nb")
    assert any("Ingen kartleggingsrunde er åpen" in i.value for i in at.info)


def test_an_answer_after_the_round_closed_is_refused_and_nothing_is_lost(
    demo_url: str, demo_engine: Engine
) -> None:
    person = _consented_fresh(demo_engine)
    items = INSTRUMENT.dimensions[0].items
    at = _open(person)
    at.radio(key=f"assessment.q.{items[0].id}").set_value(2).run()
    with write_session(demo_engine) as session:
        for round_ in session.exec(select(SurveyRound)).all():
            round_.status = "closed"
            session.add(round_)
    at.radio(key=f"assessment.q.{items[1].id}").set_value(5).run()
    assert not at.exception
    assert _draft(demo_engine, person).answers == {items[0].id: 2}
    # AppTest reruns the whole page, which now says the round is closed (a browser reruns
    # only the question and says it there: tests/browser/test_assessment.py).
    assert any("is closed" in w.value for w in at.warning)


def test_without_consent_the_page_sends_the_participant_to_the_start_page(
    demo_url: str, demo_engine: Engine
) -> None:
    person = fresh_participant(demo_engine)
    at = _open(person)
    assert any("accept the information" in i.value for i in at.info)
    assert _draft(demo_engine, person) is None


def test_consent_withdrawn_in_another_tab_stops_the_next_answer_without_an_error(
    demo_url: str, demo_engine: Engine
) -> None:
    person = _consented_fresh(demo_engine)
    items = INSTRUMENT.dimensions[0].items
    at = _open(person, lang="nb")
    at.radio(key=f"assessment.q.{items[0].id}").set_value(2).run()
    with write_session(demo_engine) as session:  # on "Mine data", in another tab
        for consent in session.exec(select(Consent).where(Consent.participant_id == person.id)):
            consent.withdrawn_at = utcnow()
            session.add(consent)
    at.radio(key=f"assessment.q.{items[1].id}").set_value(5).run()
    assert not at.exception, at.exception
    assert _draft(demo_engine, person).answers == {items[0].id: 2}
    # AppTest reruns the whole page, which now asks for consent first (a browser reruns only
    # the question and says there that the consent was withdrawn).
    assert any("startsiden" in i.value or "samtykke" in i.value.lower() for i in at.info)
