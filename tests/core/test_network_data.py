"""From the demo database to the analysis: the built-in patterns are found, names are guarded."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from core.db import read_session
from core.models import Group, Organisation, Participant, SurveyRound, Tie
from core.network_data import (
    NameView,
    analyse_group,
    analyse_organisation,
    anonymise,
    export_bytes,
    finding_kinds_for_participant,
    load_network,
    names_policy,
    network_view,
)


def _group(session: Session, municipality: str, kind: str = "management") -> Group:
    query = (
        select(Group)
        .join(Organisation, col(Group.organisation_id) == Organisation.id)
        .where(Organisation.name == f"{municipality} kommune", Group.kind == kind)
    )
    return session.exec(query).one()


def _round(session: Session, name: str) -> SurveyRound:
    return session.exec(select(SurveyRound).where(SurveyRound.name == name)).one()


@pytest.fixture
def demo(demo_engine: Engine) -> Session:
    with read_session(demo_engine) as session:
        yield session


def test_fjellbygd_baseline_names_its_two_hubs_as_the_bottleneck(demo: Session) -> None:
    group = _group(demo, "Fjellbygd")
    result = analyse_group(demo, group_id=group.id, round_id=_round(demo, "Baseline").id)
    bottlenecks = [f for f in result.findings if f.kind == "bottleneck"]
    assert bottlenecks, "the demo built Fjellbygd around two central figures (seed 000)"
    roles = {demo.get(Participant, int(pid)).role for f in bottlenecks for pid in f.people}
    # The demo's hubs: the digitalisation lead, and management[1] because a nine-person
    # group has no assistant director (core/demo.py, _mark_patterns).
    assert roles
    assert roles <= {"Digitaliseringssjef", "Kommunalsjef oppvekst"}
    followup = analyse_group(demo, group_id=group.id, round_id=_round(demo, "Oppfølging").id)
    assert "bottleneck" not in {f.kind for f in followup.findings}, "better connected later"


def test_elvedal_baseline_shows_a_silo(demo: Session) -> None:
    organisation = _group(demo, "Elvedal", "network").organisation_id
    result = analyse_organisation(
        demo, organisation_id=organisation, round_id=_round(demo, "Baseline").id
    )
    assert "silo" in {f.kind for f in result.findings}


def test_skogheim_has_isolated_members(demo: Session) -> None:
    group = _group(demo, "Skogheim")
    result = analyse_group(demo, group_id=group.id, round_id=_round(demo, "Baseline").id)
    isolated = [f for f in result.findings if f.kind == "isolated"]
    assert isolated
    assert len(isolated[0].people) >= 2, "the demo isolated the last two managers"


def test_non_respondents_stay_as_nodes_with_the_ties_others_gave_them(demo: Session) -> None:
    group = _group(demo, "Nordvika", "network")
    baseline = _round(demo, "Baseline")
    data = load_network(demo, cohort_id=baseline.cohort_id, round_id=baseline.id, group_id=group.id)
    members = demo.exec(select(Participant).where(Participant.group_id == group.id)).all()
    assert len(data.people) == len(members)
    silent = {p.id for p in data.people if not p.responded}
    assert len(silent) >= len(members) // 3, "Nordvika's baseline had a 55 % response"
    assert not any(t.source in silent for t in data.ties), "non-respondents gave no ties"
    assert any(t.target in silent for t in data.ties), "ties naming them are kept"


def test_fitness_comes_from_submitted_self_assessments(demo: Session) -> None:
    group = _group(demo, "Havstad")
    baseline = _round(demo, "Baseline")
    data = load_network(demo, cohort_id=baseline.cohort_id, round_id=baseline.id, group_id=group.id)
    scored = [p for p in data.people if p.fitness is not None]
    assert scored
    assert all(0 <= p.fitness <= 100 for p in scored)


def test_unlisted_and_partner_ties_are_not_colleague_ties(demo: Session) -> None:
    group = _group(demo, "Fjellbygd")
    baseline = _round(demo, "Baseline")
    data = load_network(demo, cohort_id=baseline.cohort_id, round_id=baseline.id, group_id=group.id)
    assert {t.relation for t in data.ties} <= {
        "information",
        "advice",
        "digital_help",
        "collaboration",
    }
    assert data.partners, "the demo gives managers partner ties"


def test_names_shown_only_inside_a_named_group_that_meets_the_threshold() -> None:
    members = {"1": 1, "2": 1, "3": 2, "4": 2}
    names = {"1": "Ada", "2": "Bo", "3": "Cy", "4": "Di"}
    named = names_policy(
        members=members,
        names=names,
        respondents_by_group={1: 5, 2: 5},
        viewer_group_id=1,
        named_network_groups={1},
        threshold=5,
    )
    assert named.named == {"1", "2"}
    assert named.labels["1"] == "Ada"
    assert named.labels["3"].startswith("Person ")
    not_agreed = names_policy(
        members=members,
        names=names,
        respondents_by_group={1: 5, 2: 5},
        viewer_group_id=1,
        named_network_groups=set(),
        threshold=5,
    )
    assert not_agreed.visible
    assert not not_agreed.shows_names
    assert set(not_agreed.labels.values()) == {"Person 1", "Person 2", "Person 3", "Person 4"}
    own_group_small = names_policy(
        members=members,
        names=names,
        respondents_by_group={1: 4, 2: 9},
        viewer_group_id=1,
        named_network_groups={1},
        threshold=5,
    )
    assert own_group_small.visible
    assert not own_group_small.shows_names


def test_nothing_is_shown_below_the_threshold() -> None:
    view = names_policy(
        members={"1": 1, "2": 1},
        names={"1": "Ada", "2": "Bo"},
        respondents_by_group={1: 4},
        viewer_group_id=1,
        named_network_groups={1},
        threshold=5,
    )
    assert view == NameView(visible=False)


def test_myrvoll_management_group_under_the_threshold_shows_nothing(demo: Session) -> None:
    group = _group(demo, "Myrvoll")
    member = demo.exec(select(Participant).where(Participant.group_id == group.id)).first()
    view = network_view(demo, viewer_id=member.id, round_id=_round(demo, "Baseline").id)
    assert not view.names.visible
    assert view.people == []
    assert view.findings == []
    with pytest.raises(PermissionError):
        export_bytes(view, "graphml")


def test_named_management_group_sees_names_the_wider_network_does_not(demo: Session) -> None:
    baseline = _round(demo, "Baseline")
    manager = demo.exec(
        select(Participant).where(Participant.group_id == _group(demo, "Fjellbygd").id)
    ).first()
    mine = network_view(demo, viewer_id=manager.id, round_id=baseline.id)
    assert mine.names.shows_names
    assert manager.name in {p.name for p in mine.people}
    other = demo.exec(
        select(Participant).where(Participant.group_id == _group(demo, "Fjellbygd", "network").id)
    ).first()
    theirs = network_view(demo, viewer_id=other.id, round_id=baseline.id, scope="organisation")
    assert theirs.names.visible
    assert not theirs.names.shows_names
    real = {p.name for p in demo.exec(select(Participant)).all()}
    assert not real & {p.name for p in theirs.people}
    assert not real & {p.id for p in theirs.people}
    exported = export_bytes(theirs, "edges_csv").decode("utf-8-sig")
    assert "Person " in exported
    assert manager.name not in exported


def test_anonymise_keeps_ties_between_the_new_labels() -> None:
    from core.network.graph import Person
    from core.network.graph import Tie as NetworkTie

    view = NameView(True, {"1": "Person 2", "2": "Person 1"}, frozenset())
    people, ties = anonymise([Person("1", "Ada"), Person("2", "Bo")], [NetworkTie("1", "2")], view)
    assert [p.name for p in people] == ["Person 2", "Person 1"]
    assert (ties[0].source, ties[0].target) == ("Person 2", "Person 1")


def test_isolated_member_gets_the_isolated_finding_kind(demo: Session) -> None:
    group = _group(demo, "Skogheim")
    baseline = _round(demo, "Baseline")
    result = analyse_group(demo, group_id=group.id, round_id=baseline.id)
    isolated = next(f for f in result.findings if f.kind == "isolated")
    kinds = finding_kinds_for_participant(
        demo, participant_id=int(isolated.people[0]), round_id=baseline.id
    )
    assert "isolated" in kinds


def test_finding_kinds_leave_out_other_peoples_findings(demo: Session) -> None:
    group = _group(demo, "Fjellbygd")
    baseline = _round(demo, "Baseline")
    result = analyse_group(demo, group_id=group.id, round_id=baseline.id)
    hubs = {p for f in result.findings if f.kind == "bottleneck" for p in f.people}
    someone_else = next(
        p
        for p in demo.exec(select(Participant).where(Participant.group_id == group.id)).all()
        if str(p.id) not in hubs
    )
    kinds = finding_kinds_for_participant(
        demo, participant_id=someone_else.id, round_id=baseline.id
    )
    assert "bottleneck" not in kinds
    hub_kinds = finding_kinds_for_participant(
        demo, participant_id=int(next(iter(hubs))), round_id=baseline.id
    )
    assert "bottleneck" in hub_kinds


def test_finding_kinds_are_empty_for_a_group_below_the_threshold(demo: Session) -> None:
    member = demo.exec(
        select(Participant).where(Participant.group_id == _group(demo, "Myrvoll").id)
    ).first()
    assert finding_kinds_for_participant(demo, participant_id=member.id) == set()


def test_a_new_submit_changes_the_data_version(demo: Session) -> None:
    from core.network_data import network_data_version

    followup = _round(demo, "Oppfølging")
    before = network_data_version(demo, round_id=followup.id)
    tie = demo.exec(select(Tie).where(Tie.round_id == followup.id)).first()
    demo.add(
        Tie(
            round_id=followup.id,
            source_id=tie.source_id,
            target_id=tie.target_id,
            relation="advice",
        )
    )
    demo.flush()
    assert network_data_version(demo, round_id=followup.id) != before
    demo.rollback()
