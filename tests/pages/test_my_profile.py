"""My profile: chart, table, meaning, gap and change for demo participants."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import col, func, select

from core.db import read_session
from core.models import AssessmentResponse, Participant
from tests.pages.helpers import app_as, fresh_participant

PAGE = "pages/assessment/my_profile.py"


def _answered_twice(engine: Engine) -> Participant:
    with read_session(engine) as session:
        twice = (
            select(AssessmentResponse.participant_id)
            .where(AssessmentResponse.status == "submitted")
            .group_by(col(AssessmentResponse.participant_id))
            .having(func.count() == 2)
        )
        query = select(Participant).where(col(Participant.id).in_(twice))
        return session.exec(query.order_by(Participant.id)).first()


def _open(person: Participant, lang: str = "en"):
    at = app_as("participant", participant_id=person.id, lang=lang)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def test_a_demo_participant_sees_chart_table_meaning_and_change(
    demo_url: str, demo_engine: Engine
) -> None:
    person = _answered_twice(demo_engine)
    at = _open(person)
    assert at.title[0].value == "My profile"
    assert len(at.get("plotly_chart")) == 1
    tables = at.table
    assert len(tables) == 2  # the scores, then the change since the baseline
    scores = tables[0].value
    assert len(scores) == 8
    assert set(scores["Level"]) <= {
        "Foundation",
        "Developing",
        "Established",
        "Advanced",
        "not enough answers",
    }
    headers = [h.value for h in at.header]
    assert "What it means" in headers
    assert "Change since «Baseline»" in headers
    assert any("lowest dimension" in m.value for m in at.markdown)


def test_the_profile_in_norwegian(demo_url: str, demo_engine: Engine) -> None:
    at = _open(_answered_twice(demo_engine), lang="nb")
    assert at.title[0].value == "Min profil"
    assert "Hva det betyr" in [h.value for h in at.header]
    assert "Nivå" in at.table[0].value.columns


def test_no_profile_before_the_first_submit(demo_url: str, demo_engine: Engine) -> None:
    at = _open(fresh_participant(demo_engine))
    assert any("not submitted" in i.value for i in at.info)
    assert not at.get("plotly_chart")
