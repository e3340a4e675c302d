"""AppTest of the learning path, and the path built from real demo results."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import col, select
from streamlit.testing.v1 import AppTest

from core.consent import record_consent
from core.db import read_session, write_session
from core.instruments import load_instrument
from core.learning_records import participant_path, path_inputs_for
from core.lessons import load_lessons
from core.models import Ambition, Group, Organisation, Participant, SurveyRound
from core.repositories import open_round
from core.responses import save_answers, submit_response
from core.results import person_result
from tests.pages.helpers import app_as, consented_management_member
from ui.learning_data import LESSON_PARAM

PAGE = "pages/learning/learning_path.py"
LESSON_ID = "organization-01-involve-everyone"


def open_path(at: AppTest) -> AppTest:
    at.run()
    return at.switch_page(PAGE).run()


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.markdown]


def test_a_participant_sees_progress_reasons_and_where_to_continue(
    demo_url: str, demo_engine: Engine
) -> None:
    person = consented_management_member(demo_engine)
    at = open_path(app_as("participant", participant_id=person.id))
    assert not at.exception, at.exception
    assert at.title[0].value == "My learning path"
    assert "Continue where you left off" in [s.value for s in at.header]
    bars = [p.value for p in at.get("progress")]
    assert len(bars) == 4
    # Every lesson on the path carries a reason: one caption per lesson, "·" then reasons.
    lessons = load_lessons().in_language("en")
    reasons = [c for c in captions(at) if " min · " in c]
    assert len(reasons) == len(lessons)
    assert all("\n" in c for c in reasons), "a reason follows the lesson's module and status"
    assert any("Recommended because" in c for c in reasons)


def test_completing_a_lesson_shows_as_progress_after_a_new_session(
    demo_url: str, demo_engine: Engine
) -> None:
    person = consented_management_member(demo_engine)
    at = app_as("participant", participant_id=person.id)
    at.query_params[LESSON_PARAM] = LESSON_ID
    at.run()
    at.switch_page("pages/learning/lesson.py").run()
    at.button(key=f"lesson.complete.{LESSON_ID}").click().run()
    assert not at.exception, at.exception

    again = open_path(app_as("participant", participant_id=person.id))
    labels = [p.proto.text for p in again.get("progress")]
    assert "Organisation: 1 of 6 lessons completed" in labels
    assert any("completed" in c and "min" in c for c in captions(again))


def test_a_visitor_gets_the_default_path_and_nothing_is_stored(
    demo_url: str, demo_engine: Engine
) -> None:
    at = open_path(app_as("visitor", lang="nb"))
    assert not at.exception, at.exception
    assert any("Ingenting lagres" in i.value for i in at.info)
    assert all("vanlig rekkefølge" in c for c in captions(at) if " min · " in c)
    at.session_state["learning.visitor_done"] = [LESSON_ID]
    at.run()
    assert "Organisasjon: 1 av 6 leksjoner fullført" in [p.proto.text for p in at.get("progress")]


def test_ambitions_due_for_a_check_in_are_shown_and_can_be_closed(
    demo_url: str, demo_engine: Engine
) -> None:
    # The demo gives the second learner of the first group an ambition due in 3 days.
    with read_session(demo_engine) as session:
        ambition = session.exec(
            select(Ambition)
            .where(col(Ambition.participant_id).is_not(None))
            .order_by(col(Ambition.due_date))
        ).first()
    assert ambition is not None
    at = open_path(app_as("participant", participant_id=ambition.participant_id))
    assert "Ambitions to check in on" in [s.value for s in at.header]
    assert ambition.text in [t.value for t in at.text]
    at.button(key=f"learning.due.done.{ambition.id}").click().run()
    assert not at.exception, at.exception
    assert ambition.text not in [t.value for t in at.text]


# --- the path from real demo results ---------------------------------------------------


def test_a_participant_whose_weakest_dimension_is_sharing_gets_a_sharing_lesson_first(
    demo_engine: Engine,
) -> None:
    # Fjellbygd's first management member (the demo's Kommunedirektør) scores lowest on
    # sharing and collaboration, in the Foundation band.
    person = consented_management_member(demo_engine)
    with read_session(demo_engine) as session:
        result = person_result(session, participant_id=person.id)
        inputs = path_inputs_for(session, participant_id=person.id)
    assert result is not None
    weakest = min((s for s in result.scores if s.score is not None), key=lambda s: s.score or 0)
    assert (weakest.dimension, weakest.band) == ("sharing", "foundation")
    library = load_lessons()
    path = participant_path(library, "en", inputs=inputs)
    first = library.get(path[0].lesson_id, "en")
    assert first is not None
    assert "sharing" in first.dimensions
    assert any(r.params.get("dimension") == "sharing" for r in path[0].reasons)


def test_an_isolated_skogheim_member_gets_network_lessons_early(demo_engine: Engine) -> None:
    # Skogheim's last two management members are isolated in the baseline by construction
    # (core.demo); in the follow-up round they have found colleagues.
    with read_session(demo_engine) as session:
        baseline = session.exec(select(SurveyRound).where(SurveyRound.sequence == 1)).one()
        members = session.exec(
            select(Participant)
            .join(Group, col(Participant.group_id) == Group.id)
            .join(Organisation, col(Group.organisation_id) == Organisation.id)
            .where(Organisation.name == "Skogheim kommune", Group.kind == "management")
            .order_by(col(Participant.id))
        ).all()
        isolated = members[-2:]
        inputs = [
            path_inputs_for(session, participant_id=p.id, round_id=baseline.id) for p in isolated
        ]
    flagged = [i for i in inputs if "isolated" in i.findings]
    assert len(flagged) == 2, "the baseline analysis finds both isolated members"
    library = load_lessons()
    network_lessons = {
        lesson.id for lesson in library.in_language("en") if "isolated" in lesson.findings
    }
    for found in flagged:
        path = participant_path(library, "en", inputs=found)
        assert {r.lesson_id for r in path[:2]} <= network_lessons
        assert path[0].reasons[0].kind == "finding"


def test_the_path_adapts_as_soon_as_the_participant_submits(demo_engine: Engine) -> None:
    # The path's inputs are cached per participant; a submission must reach the next view,
    # not wait for the cache to expire.
    instrument = load_instrument("digital_fitness")
    with write_session(demo_engine) as session:
        org = session.exec(select(Organisation).order_by(col(Organisation.id))).first()
        group = Group(organisation_id=org.id, name="Ny prosjektgruppe", kind="network")
        session.add(group)
        session.flush()
        person = Participant(group_id=group.id, name="Nina Ny")
        session.add(person)
        session.flush()
        record_consent(session, participant_id=person.id, lang="en", named_network=False)
        pid = person.id
        round_ = open_round(session, org.cohort_id)
    at = open_path(app_as("participant", participant_id=pid))
    no_results = "There are no results for you yet"
    assert any(no_results in i.value for i in at.info)

    with write_session(demo_engine) as session:
        current = session.merge(round_)
        answers = dict.fromkeys(instrument.answer_keys, 2)
        save_answers(
            session, participant_id=pid, round_=current, instrument=instrument, answers=answers
        )
        submit_response(session, participant_id=pid, round_=current, instrument=instrument)
    at.run()

    assert not at.exception, at.exception
    assert not any(no_results in i.value for i in at.info)
