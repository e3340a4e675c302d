"""Group results: the anonymity threshold on the page, and full profiles for demo groups."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import col, select

from core.db import read_session
from core.models import Group, Organisation, Participant
from tests.pages.helpers import app_as

PAGE = "pages/assessment/group_results.py"


def _member(engine: Engine, organisation: str, group: str = "Ledergruppen") -> Participant:
    with read_session(engine) as session:
        query = (
            select(Participant)
            .join(Group, col(Participant.group_id) == Group.id)
            .join(Organisation, col(Group.organisation_id) == Organisation.id)
            .where(Organisation.name == organisation, Group.name == group)
            .order_by(Participant.id)
        )
        return session.exec(query).first()


def _open(person: Participant, lang: str = "en"):
    at = app_as("participant", participant_id=person.id, lang=lang)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_a_group_under_the_threshold_shows_counts_and_no_scores(
    demo_url: str, demo_engine: Engine, lang: str
) -> None:
    at = _open(_member(demo_engine, "Myrvoll kommune"), lang)
    expected = {
        "en": "4 of 6 have answered; results appear at 5.",
        "nb": "4 av 6 har svart; resultatene vises når 5 har svart.",
    }[lang]
    assert [i.value for i in at.info] == [expected]
    assert not at.get("plotly_chart")
    assert not at.table
    assert not at.dataframe
    assert not at.metric


def test_a_demo_group_shows_profile_spread_leaders_and_cohort(
    demo_url: str, demo_engine: Engine
) -> None:
    at = _open(_member(demo_engine, "Havstad kommune"))
    assert len(at.get("plotly_chart")) == 1
    profile, leaders, cohort, change = at.table
    assert len(profile.value) == 8
    assert list(leaders.value.columns) == ["Dimension", "Leaders", "Others", "Difference"]
    assert list(cohort.value.columns) == ["Dimension", "Percentile"]
    assert len(change.value) == 8
    headers = [h.value for h in at.header]
    assert "Leaders and the rest of Havstad kommune" in headers
    assert any("Leaders score lower" in t.value for t in at.markdown)


def test_the_baseline_round_can_be_chosen(demo_url: str, demo_engine: Engine) -> None:
    at = _open(_member(demo_engine, "Elvedal kommune"))
    box = at.selectbox(key="groupres.round")
    assert box.options == ["Baseline", "Oppfølging"]
    at.selectbox(key="groupres.round").select_index(0).run()
    assert not at.exception
    assert at.selectbox(key="groupres.round").value is not None
    assert "Change since «Baseline»" not in [h.value for h in at.header]


@pytest.mark.parametrize(
    "organisation", ["Fjellbygd", "Havstad", "Elvedal", "Skogheim", "Nordvika"]
)
def test_every_other_demo_management_group_shows_its_profile(
    demo_url: str, demo_engine: Engine, organisation: str
) -> None:
    at = _open(_member(demo_engine, f"{organisation} kommune"))
    assert at.get("plotly_chart")
    assert not at.info
