"""AppTest: the group network page shows map data and findings; small groups show no names."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine
from sqlmodel import col, select
from streamlit.testing.v1 import AppTest

from core.db import read_session
from core.models import Group, Organisation, Participant
from tests.pages.helpers import app_as


def member_of(engine: Engine, municipality: str, kind: str = "management") -> Participant:
    with read_session(engine) as session:
        return session.exec(
            select(Participant)
            .join(Group, col(Participant.group_id) == Group.id)
            .join(Organisation, col(Group.organisation_id) == Organisation.id)
            .where(Organisation.name == f"{municipality} kommune", Group.kind == kind)
            .order_by(Participant.id)
        ).first()


def roster_names(engine: Engine, municipality: str) -> set[str]:
    with read_session(engine) as session:
        rows = session.exec(
            select(Participant.name)
            .join(Group, col(Participant.group_id) == Group.id)
            .join(Organisation, col(Group.organisation_id) == Organisation.id)
            .where(Organisation.name == f"{municipality} kommune")
        ).all()
    return set(rows)


def people_table(at: AppTest) -> pd.DataFrame:
    """The table beside the map (the colour legend is a table too)."""
    return next(d.value for d in at.dataframe if "Person" in d.value.columns)


def test_named_group_sees_map_table_with_names(demo_engine: Engine) -> None:
    viewer = member_of(demo_engine, "Fjellbygd")
    at = app_as("participant", participant_id=viewer.id, lang="en")
    at.run()
    at.switch_page("pages/network/group_network.py").run()
    assert not at.exception, at.exception
    table = people_table(at)
    assert len(table) == 9, "the nine members of Fjellbygd's management group"
    assert viewer.name + " (you)" in set(table["Person"])
    assert {"Go to them", "Digital fitness", "Role"} <= set(table.columns)
    assert any("Names are shown" in c.value for c in at.caption)
    at.selectbox(key="netmap.person").select(str(viewer.id)).run()
    assert any(viewer.name in i.value for i in at.info)


def test_findings_page_shows_fjellbygd_bottleneck_with_action(demo_engine: Engine) -> None:
    viewer = member_of(demo_engine, "Fjellbygd")
    at = app_as("participant", participant_id=viewer.id, lang="en")
    at.run()
    at.switch_page("pages/network/network_findings.py").run()
    at.selectbox(key="netmap.round").select_index(1).run()  # the baseline
    assert not at.exception, at.exception
    assert len(at.subheader) >= 2
    texts = " ".join(m.value for m in at.markdown)
    assert "Recommended action" in texts
    assert any("Confidence" in c.value for c in at.caption)


def test_wider_network_sees_no_names(demo_engine: Engine) -> None:
    viewer = member_of(demo_engine, "Elvedal", "network")
    at = app_as("participant", participant_id=viewer.id, lang="en")
    at.run()
    at.switch_page("pages/network/group_network.py").run()
    assert not at.exception, at.exception
    shown = set(people_table(at)["Person"])
    assert not shown & roster_names(demo_engine, "Elvedal")
    assert any("Names are not shown" in c.value for c in at.caption)


def test_group_below_the_threshold_shows_no_names_and_no_map(demo_engine: Engine) -> None:
    viewer = member_of(demo_engine, "Myrvoll")
    names = roster_names(demo_engine, "Myrvoll")
    for page in ("pages/network/group_network.py", "pages/network/network_findings.py"):
        at = app_as("participant", participant_id=viewer.id, lang="nb")
        at.run()
        at.switch_page(page).run()
        assert not at.exception, at.exception
        assert any("For få har svart" in w.value for w in at.warning)
        assert len(at.dataframe) == 0
        visible = " ".join(
            str(e.value) for e in [*at.markdown, *at.text, *at.caption, *at.info, *at.subheader]
        )
        assert not any(name in visible for name in names)


def test_change_page_compares_two_rounds(demo_engine: Engine) -> None:
    viewer = member_of(demo_engine, "Fjellbygd")
    at = app_as("participant", participant_id=viewer.id, lang="nb")
    at.run()
    at.switch_page("pages/network/network_change.py").run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert "Relasjoner" in set(table["Mål"])
