"""Person and group results: hand-made groups with known scores, then the demo region.

Every hand-made respondent answers every question with the same step, so each dimension
scores exactly that step: 2 -> 25, 3 -> 50, 4 -> 75 (see tests/core/test_scoring.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from core.db import read_session
from core.instruments import load_instrument
from core.models import AssessmentResponse, Cohort, Group, Organisation, Participant, SurveyRound
from core.results import group_result, person_result, results_version

INSTRUMENT = load_instrument()
DIMENSIONS = [d.id for d in INSTRUMENT.dimensions]


@dataclass
class Course:
    session: Session
    cohort: Cohort
    rounds: list[SurveyRound]
    management: Group
    network: Group

    def people(self, group: Group, count: int, *, leader: bool) -> list[Participant]:
        rows = [
            Participant(group_id=group.id, name=f"{group.name} {i}", is_leader=leader)
            for i in range(count)
        ]
        self.session.add_all(rows)
        self.session.flush()
        return rows

    def answer(
        self, people: list[Participant], step: int, *, round_no: int = 0, status: str = "submitted"
    ) -> None:
        for person in people:
            self.session.add(
                AssessmentResponse(
                    participant_id=person.id,
                    round_id=self.rounds[round_no].id,
                    instrument_id=INSTRUMENT.id,
                    instrument_version=INSTRUMENT.version,
                    answers=dict.fromkeys(INSTRUMENT.answer_keys, step),
                    status=status,
                )
            )
        self.session.flush()


@pytest.fixture
def course(session: Session) -> Course:
    cohort = Cohort(name="Testkurs")
    session.add(cohort)
    session.flush()
    org = Organisation(cohort_id=cohort.id, name="Testvik kommune")
    session.add(org)
    session.flush()
    management = Group(organisation_id=org.id, name="Ledergruppen", kind="management")
    network = Group(organisation_id=org.id, name="Ledernettverket", kind="network")
    rounds = [
        SurveyRound(cohort_id=cohort.id, name="Baseline", sequence=1, status="closed"),
        SurveyRound(cohort_id=cohort.id, name="Oppfølging", sequence=2, status="open"),
    ]
    session.add_all([management, network, *rounds])
    session.flush()
    return Course(session, cohort, rounds, management, network)


# ------------------------------------------------------------------------------ person


def test_no_submitted_answers_means_no_person_result(course: Course) -> None:
    (person,) = course.people(course.management, 1, leader=True)
    assert person_result(course.session, participant_id=person.id) is None
    course.answer([person], 3, status="draft")  # a draft is not a result
    assert person_result(course.session, participant_id=person.id) is None


def test_person_result_is_the_latest_round_with_change_since_the_previous(
    course: Course,
) -> None:
    (person,) = course.people(course.management, 1, leader=True)
    course.answer([person], 2, round_no=0)  # every dimension 25
    course.answer([person], 3, round_no=1)  # every dimension 50
    result = person_result(course.session, participant_id=person.id)
    assert result is not None
    assert (result.round_name, result.previous_round_name) == ("Oppfølging", "Baseline")
    assert [s.score for s in result.scores] == [50.0] * len(DIMENSIONS)
    assert result.fitness == 50.0
    assert result.lowest is not None
    assert result.lowest.dimension == DIMENSIONS[0]  # all equal: the first one
    assert [c.delta for c in result.change] == [25.0] * len(DIMENSIONS)
    assert result.largest_gap is None  # ambition == current everywhere: no positive gap


def test_person_result_of_an_earlier_round_has_no_change(course: Course) -> None:
    (person,) = course.people(course.management, 1, leader=True)
    course.answer([person], 2, round_no=0)
    course.answer([person], 3, round_no=1)
    first = person_result(course.session, participant_id=person.id, round_id=course.rounds[0].id)
    assert first is not None
    assert first.round_name == "Baseline"
    assert first.change == []
    assert [s.score for s in first.scores] == [25.0] * len(DIMENSIONS)


# ------------------------------------------------------------------------------- group


def test_group_below_the_threshold_shows_counts_and_no_scores(course: Course) -> None:
    leaders = course.people(course.management, 6, leader=True)
    course.answer(leaders[:4], 3, round_no=1)
    course.answer(leaders[4:5], 3, round_no=1, status="draft")  # drafts never count
    result = group_result(course.session, group_id=course.management.id, threshold=5)
    assert (result.members, result.respondents, result.suppressed) == (6, 4, True)
    assert result.profile == []
    assert result.leaders_vs_rest == []
    assert result.cohort_percentile == {}
    assert result.change == []


def test_group_profile_leaders_against_the_organisation_and_cohort(course: Course) -> None:
    leaders = course.people(course.management, 5, leader=True)
    others = course.people(course.network, 5, leader=False)
    course.answer(leaders, 2, round_no=1)  # 25 everywhere
    course.answer(others, 4, round_no=1)  # 75 everywhere
    result = group_result(course.session, group_id=course.management.id, threshold=5)
    assert not result.suppressed
    assert [g.mean for g in result.profile] == [25.0] * len(DIMENSIONS)
    assert {g.sd for g in result.profile} == {0.0}
    # seeds/004: leaders lower; 25 - 75 = -50 on every dimension, 5 against 5.
    assert [c.difference for c in result.leaders_vs_rest] == [-50.0] * len(DIMENSIONS)
    assert {(c.n_leaders, c.n_others) for c in result.leaders_vs_rest} == {(5, 5)}
    # Two groups qualify: 25 against [25, 75] -> (0 below + 0.5 tie) / 2 = 25th percentile.
    assert result.cohort_groups == 2
    assert set(result.cohort_percentile.values()) == {25.0}
    network = group_result(course.session, group_id=course.network.id, threshold=5)
    assert set(network.cohort_percentile.values()) == {75.0}  # (1 + 0.5) / 2


def test_leaders_comparison_needs_both_sides_over_the_threshold(course: Course) -> None:
    leaders = course.people(course.management, 5, leader=True)
    others = course.people(course.network, 4, leader=False)
    course.answer(leaders, 2, round_no=1)
    course.answer(others, 4, round_no=1)
    result = group_result(course.session, group_id=course.management.id, threshold=5)
    assert not result.suppressed
    assert result.leaders_vs_rest == []
    assert (result.leaders_respondents, result.others_respondents) == (5, 4)
    # The network group (4) is too small to be part of the cohort comparison.
    assert result.cohort_groups == 1
    assert set(result.cohort_percentile.values()) == {50.0}


def test_group_change_since_the_previous_round(course: Course) -> None:
    leaders = course.people(course.management, 5, leader=True)
    course.answer(leaders, 2, round_no=0)
    course.answer(leaders, 4, round_no=1)
    result = group_result(course.session, group_id=course.management.id, threshold=5)
    assert result.previous_round_name == "Baseline"
    assert [c.delta for c in result.change] == [50.0] * len(DIMENSIONS)
    baseline = group_result(
        course.session,
        group_id=course.management.id,
        round_id=course.rounds[0].id,
        threshold=5,
    )
    assert baseline.round_name == "Baseline"
    assert baseline.change == []


def test_no_change_against_a_previous_round_under_the_threshold(course: Course) -> None:
    leaders = course.people(course.management, 5, leader=True)
    course.answer(leaders[:4], 2, round_no=0)
    course.answer(leaders, 4, round_no=1)
    result = group_result(course.session, group_id=course.management.id, threshold=5)
    assert not result.suppressed
    assert result.change == []


def test_a_draft_round_is_not_a_result_round(course: Course) -> None:
    course.rounds[1].status = "draft"
    leaders = course.people(course.management, 5, leader=True)
    course.answer(leaders, 3, round_no=0)
    result = group_result(course.session, group_id=course.management.id, threshold=5)
    assert result.round_name == "Baseline"
    with pytest.raises(LookupError):
        group_result(course.session, group_id=course.management.id, round_id=course.rounds[1].id)
    with pytest.raises(LookupError):
        group_result(course.session, group_id=9999)


def test_results_version_changes_when_someone_submits(course: Course) -> None:
    leaders = course.people(course.management, 2, leader=True)
    round_id = course.rounds[1].id
    course.answer(leaders[:1], 3, round_no=1)
    before = results_version(course.session, round_id=round_id)
    course.answer(leaders[1:], 3, round_no=1)
    assert results_version(course.session, round_id=round_id) != before


# -------------------------------------------------------------------------------- demo


def _group(session: Session, organisation: str, group: str) -> Group:
    query = (
        select(Group)
        .join(Organisation, col(Group.organisation_id) == Organisation.id)
        .where(Organisation.name == organisation, Group.name == group)
    )
    return session.exec(query).one()


def test_demo_myrvoll_management_group_is_under_the_threshold(demo_engine: Engine) -> None:
    with read_session(demo_engine) as session:
        group = _group(session, "Myrvoll kommune", "Ledergruppen")
        result = group_result(session, group_id=group.id)
    assert (result.members, result.respondents, result.threshold) == (6, 4, 5)
    assert result.suppressed
    assert result.profile == []


def test_demo_every_other_group_has_a_full_profile(demo_engine: Engine) -> None:
    with read_session(demo_engine) as session:
        groups = session.exec(select(Group)).all()
        results = {g.id: group_result(session, group_id=g.id) for g in groups}
    shown = [r for r in results.values() if not r.suppressed]
    assert len(shown) == len(groups) - 1
    for result in shown:
        assert [g.dimension for g in result.profile] == DIMENSIONS
        assert all(g.mean is not None for g in result.profile)
        assert set(result.cohort_percentile) == set(DIMENSIONS)


def test_demo_leaders_score_lower_than_their_organisations(demo_engine: Engine) -> None:
    """seeds/004, built into the demo: leaders lower on the person part almost everywhere."""
    with read_session(demo_engine) as session:
        group = _group(session, "Havstad kommune", "Ledergruppen")
        result = group_result(session, group_id=group.id)
    person_part = [c for c in result.leaders_vs_rest if c.part == "person"]
    assert len(person_part) == 4
    assert sum(c.difference < 0 for c in person_part) >= 3


def test_demo_every_respondent_has_a_profile(demo_engine: Engine) -> None:
    with read_session(demo_engine) as session:
        query = (
            select(AssessmentResponse.participant_id)
            .where(AssessmentResponse.status == "submitted")
            .distinct()
        )
        ids = [pid for pid in session.exec(query).all() if pid is not None]
        missing = [pid for pid in ids if person_result(session, participant_id=pid) is None]
    assert len(ids) > 500
    assert missing == []
