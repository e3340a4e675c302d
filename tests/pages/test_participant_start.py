"""Start page: consent on the first visit says who sees what, and stores nothing until agreed."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import col, func, select

from core.consent import consent_of, consent_text
from core.db import read_session, write_session
from core.models import AssessmentResponse, Cohort, Consent, Group, Participant, Tie
from core.repositories import participant_context
from tests.pages.helpers import app_as, consented_management_member, fresh_participant


def _stored_about(engine: Engine, pid: int) -> int:
    with read_session(engine) as session:
        rows = 0
        for model, owner in (
            (Consent, Consent.participant_id),
            (AssessmentResponse, AssessmentResponse.participant_id),
            (Tie, Tie.source_id),
        ):
            query = select(func.count()).select_from(model).where(col(owner) == pid)
            rows += int(session.exec(query).one())
        return rows


def _texts(at) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(m.value for m in at.markdown)


def _start_button(at, lang: str):  # type: ignore[no-untyped-def]
    label = consent_text(lang).parts["button"]
    (button,) = [b for b in at.button if b.label == label]
    return button


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_first_visit_shows_the_consent_text_and_nothing_is_stored(
    demo_url: str, demo_engine: Engine, lang: str
) -> None:
    person = fresh_participant(demo_engine)
    at = app_as("participant", participant_id=person.id, lang=lang)
    at.run()
    assert not at.exception, at.exception
    parts = consent_text(lang).parts
    assert at.title[0].value == parts["title"]
    shown = _texts(at)
    for key in ("asked", "sees_self", "sees_facilitator", "delete"):
        assert parts[key].split("**")[1] in shown, key
    assert ("Mine data" if lang == "nb" else "My data") in shown
    assert _stored_about(demo_engine, person.id) == 0


def test_start_without_ticking_the_box_is_refused_and_stores_nothing(
    demo_url: str, demo_engine: Engine
) -> None:
    person = fresh_participant(demo_engine)
    at = app_as("participant", participant_id=person.id, lang="en")
    at.run()
    _start_button(at, "en").click().run()
    assert not at.exception, at.exception
    assert any("tick the box" in w.value for w in at.warning)
    assert _stored_about(demo_engine, person.id) == 0


def test_agreeing_records_the_current_version_and_opens_the_course(
    demo_url: str, demo_engine: Engine
) -> None:
    person = fresh_participant(demo_engine)
    at = app_as("participant", participant_id=person.id, lang="nb")
    at.run()
    at.checkbox(key="start.agree").check()
    _start_button(at, "nb").click().run()
    assert not at.exception, at.exception
    with read_session(demo_engine) as session:
        consent = consent_of(session, person.id)
    assert consent is not None
    assert consent.consent_version == consent_text("nb").version
    assert consent.language == "nb"
    assert at.title[0].value == f"Velkommen, {person.name}"
    assert _stored_about(demo_engine, person.id) == 1  # the consent, nothing else


def test_the_text_follows_the_groups_network_mode_and_the_end_date(
    demo_url: str, demo_engine: Engine
) -> None:
    person = fresh_participant(demo_engine)
    at = app_as("participant", participant_id=person.id, lang="en")
    at.run()
    with read_session(demo_engine) as session:
        context = participant_context(session, person.id)
    assert context is not None
    _, group, _, cohort = context
    assert cohort.end_date is not None
    assert f"until the course ends ({cohort.end_date.isoformat()})" in _texts(at)
    named = "Named network map" in _texts(at)
    assert named == group.named_network

    with write_session(demo_engine) as session:
        stored_group, stored_cohort = session.get(Group, group.id), session.get(Cohort, cohort.id)
        assert stored_group is not None
        assert stored_cohort is not None
        stored_group.named_network = not named
        stored_cohort.end_date = None
        session.add_all([stored_group, stored_cohort])
    at.run()
    shown = _texts(at)
    assert ("Named network map" in shown) != named
    assert ("Network map without names" in shown) == named
    assert "has no end date yet" in shown


def test_names_from_a_roster_are_shown_as_text_not_markdown(
    demo_url: str, demo_engine: Engine
) -> None:
    person = consented_management_member(demo_engine)
    with write_session(demo_engine) as session:
        stored = session.get(Participant, person.id)
        assert stored is not None
        stored.name = "Kari ![x](http://evil.example/x.png)"
        session.add(stored)
    at = app_as("participant", participant_id=person.id, lang="en")
    at.run()
    assert not at.exception, at.exception
    title = at.title[0].value
    assert title.startswith("Welcome, Kari")
    assert "](http" not in title  # the link syntax is escaped, so no image is fetched
    assert "](http" not in _texts(at)
