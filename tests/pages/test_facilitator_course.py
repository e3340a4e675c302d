"""Course setup page: create a cohort, refuse a duplicate, move rounds, delete a group."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from core.db import read_session
from core.models import Cohort, Group, SurveyRound
from tests.pages.helpers import a_facilitator, app_as

PAGE = "pages/facilitator/facilitator_course.py"


def _course_page(engine: Engine, lang: str = "en") -> AppTest:
    at = app_as("facilitator", facilitator_id=a_facilitator(engine), lang=lang)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def _click(at: AppTest, label: str) -> None:
    next(b for b in at.button if b.label == label).click().run()


def _round(engine: Engine, name: str) -> SurveyRound:
    with read_session(engine) as session:
        return session.exec(select(SurveyRound).where(SurveyRound.name == name)).one()


def test_a_new_cohort_is_created_and_a_duplicate_refused(
    demo_url: str, demo_engine: Engine
) -> None:
    at = _course_page(demo_engine)
    at.text_input(key="course.new_cohort.name").input("Region Nord 2027")
    _click(at, "Create cohort")
    assert not at.exception
    assert at.success[0].value == "Cohort Region Nord 2027 is created."
    # The new cohort is the one being set up now, here and on the other course pages.
    assert (
        at.selectbox(key="course.setup.cohort").format_func(
            at.selectbox(key="course.setup.cohort").value
        )
        == "Region Nord 2027"
    )
    assert at.info[0].value.startswith("The cohort has no groups yet")
    new_id = at.selectbox(key="course.setup.cohort").value
    assert at.text_input(key=f"course.edit.{new_id}.name").value == "Region Nord 2027"
    with read_session(demo_engine) as session:
        assert session.exec(select(Cohort).where(Cohort.name == "Region Nord 2027")).first()
    at.text_input(key="course.new_cohort.name").input("region nord 2027")
    _click(at, "Create cohort")
    assert "is taken already" in at.error[0].value


def test_rounds_close_and_only_one_opens_at_a_time(demo_url: str, demo_engine: Engine) -> None:
    at = _course_page(demo_engine)
    # The demo's follow-up round is open; reopening the baseline must wait for it.
    _click(at, "Reopen Baseline")
    assert "Close Oppfølging before you open Baseline" in at.error[0].value
    assert _round(demo_engine, "Baseline").status == "closed"
    _click(at, "Close Oppfølging")
    assert at.success[0].value == "Oppfølging is closed."
    assert _round(demo_engine, "Oppfølging").status == "closed"
    _click(at, "Reopen Baseline")
    assert _round(demo_engine, "Baseline").status == "open"


def test_a_new_round_starts_as_not_opened(demo_url: str, demo_engine: Engine) -> None:
    at = _course_page(demo_engine, lang="nb")
    at.text_input(key="course.new_round.name").input("Sluttmåling")
    _click(at, "Legg til runde")
    assert at.success[0].value == "Runden Sluttmåling er lagt til og er ikke åpnet ennå."
    new = _round(demo_engine, "Sluttmåling")
    assert (new.status, new.sequence) == ("draft", 3)


def test_deleting_a_group_needs_a_confirmation(demo_url: str, demo_engine: Engine) -> None:
    at = _course_page(demo_engine)
    group_id = at.selectbox(key="course.edit_group.id").value
    delete = next(b for b in at.button if b.key == f"course.delete.group.{group_id}.go")
    assert delete.disabled
    at.checkbox(key=f"course.delete.group.{group_id}.sure").check().run()
    at.button(key=f"course.delete.group.{group_id}.go").click().run()
    assert not at.exception
    assert "is deleted" in at.success[0].value
    with read_session(demo_engine) as session:
        assert session.get(Group, group_id) is None


def test_a_group_can_become_a_leader_network(demo_url: str, demo_engine: Engine) -> None:
    at = _course_page(demo_engine)
    group_id = at.selectbox(key="course.edit_group.id").value
    at.radio(key=f"course.edit_group.{group_id}.kind").set_value("network")
    _click(at, "Save the group")
    with read_session(demo_engine) as session:
        group = session.get(Group, group_id)
    assert group is not None
    assert group.kind == "network"


def test_a_name_cannot_inject_a_link(demo_url: str, demo_engine: Engine) -> None:
    at = _course_page(demo_engine)
    at.text_input(key="course.new_cohort.name").input("[Klikk her](https://evil.example)")
    _click(at, "Create cohort")
    message = at.success[0].value
    assert message == r"Cohort \[Klikk her\]\(https\://evil\.example\) is created."


def test_deleting_the_cohort_removes_it_after_confirmation(
    demo_url: str, demo_engine: Engine
) -> None:
    at = _course_page(demo_engine)
    cohort_id = at.selectbox(key="course.setup.cohort").value
    key = f"course.delete.cohort.{cohort_id}"
    assert at.button(key=f"{key}.go").disabled
    at.checkbox(key=f"{key}.sure").check().run()
    at.button(key=f"{key}.go").click().run()
    assert not at.exception
    assert "is deleted" in at.success[0].value
    with read_session(demo_engine) as session:
        assert session.get(Cohort, cohort_id) is None
    assert at.info[0].value == "There are no cohorts yet. Create the first one below."
