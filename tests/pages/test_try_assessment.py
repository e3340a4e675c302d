"""Trying the self-assessment without an account: nothing stored unless the visitor asks."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import col, func, select
from streamlit.testing.v1 import AppTest

from core.db import read_session
from core.instruments import load_instrument
from core.models import AssessmentResponse
from tests.pages.helpers import app_as
from ui import session_keys

PAGE = "pages/assessment/try_assessment.py"
INSTRUMENT = load_instrument()


def _anonymous_rows(engine: Engine) -> list[AssessmentResponse]:
    with read_session(engine) as session:
        query = select(AssessmentResponse).where(col(AssessmentResponse.participant_id).is_(None))
        return list(session.exec(query).all())


def _all_rows(engine: Engine) -> int:
    with read_session(engine) as session:
        return session.exec(select(func.count()).select_from(AssessmentResponse)).one()


def _answer_two_steps_and_go_to_the_end(at: AppTest) -> AppTest:
    for dim in INSTRUMENT.dimensions[:2]:
        for item in dim.items:
            at.radio(key=f"try.q.{item.id}").set_value(4).run()
        at.button(key="try.next").click().run()
    while _has(at, "try.next"):
        at.button(key="try.next").click().run()
    return at


def _has(at: AppTest, key: str) -> bool:
    return any(b.key == key for b in at.button)


def test_the_home_page_links_to_the_try_out(demo_url: str) -> None:
    at = app_as("visitor")
    at.run()
    links = {link.proto.label: link.proto.page for link in at.get("page_link")}
    assert links["Start the self-assessment"] == "try"


def test_a_visitor_answers_sees_a_profile_and_nothing_is_stored(
    demo_url: str, demo_engine: Engine
) -> None:
    before = _all_rows(demo_engine)
    at = app_as("visitor")
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    _answer_two_steps_and_go_to_the_end(at)
    assert [p.text for p in at.get("progress")] == ["Step 8 of 8"]
    assert len(at.session_state[session_keys.ANON_ASSESSMENT]) == 9  # 5 + 4 items
    at.button(key="try.to_profile").click().run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 1
    scores = at.table[0].value
    assert list(scores["Score (0–100)"][:2]) == ["75", "75"]  # step 4 everywhere -> 75
    assert scores["Level"][2] == "not enough answers"
    assert _all_rows(demo_engine) == before  # nothing stored without asking


def test_keeping_the_answers_stores_them_anonymously_once(
    demo_url: str, demo_engine: Engine
) -> None:
    at = app_as("visitor", lang="nb")
    at.run()
    at.switch_page(PAGE).run()
    _answer_two_steps_and_go_to_the_end(at)
    at.button(key="try.to_profile").click().run()
    at.button(key="try.keep").click().run()
    assert not at.exception
    assert any("lagret anonymt" in s.value for s in at.success)
    assert not _has(at, "try.keep")  # no second copy
    rows = _anonymous_rows(demo_engine)
    assert len(rows) == 1
    assert (rows[0].participant_id, rows[0].round_id) == (None, None)
    assert len(rows[0].answers) == 9


def test_changing_answers_and_starting_over(demo_url: str) -> None:
    at = app_as("visitor")
    at.run()
    at.switch_page(PAGE).run()
    _answer_two_steps_and_go_to_the_end(at)
    at.button(key="try.to_profile").click().run()
    at.button(key="try.edit").click().run()
    assert at.get("progress")  # back in the form, answers kept
    assert len(at.session_state[session_keys.ANON_ASSESSMENT]) == 9
    at.button(key="try.to_profile").click().run()
    at.button(key="try.start_over").click().run()
    assert not at.exception
    assert at.session_state[session_keys.ANON_ASSESSMENT] == {}
    assert [p.text for p in at.get("progress")] == ["Step 1 of 8"]
