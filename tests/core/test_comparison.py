"""The anonymity rule over every comparison view and every filter combination.

The fixture region (tests/core/test_aggregates.py REGION) has groups below the threshold of
5: Nordvik "Stab" in both rounds (3 answers), Nordvik "Ledernettverket" in the follow-up
(4) and Sørby "Ledernettverket" at baseline (2). The strongest check: change the hidden
groups' scores and every view, under every filter, must come out exactly the same.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

import pytest
from sqlalchemy import Engine, update
from sqlmodel import col, select

from core.aggregates import refresh_totals
from core.comparison import (
    GroupScores,
    Rollup,
    RollupSummary,
    cohort_rollup,
    count_groups,
    dimension_scores,
    learning_progress,
    network_measures,
    organisation_rollups,
    round_change,
    score_rollups,
    selection_network_version,
    selection_version,
    top_score_rollups,
)
from core.db import get_engine, migrate, read_session, write_session
from core.models import (
    AssessmentResponse,
    LessonProgress,
    Organisation,
    Participant,
    ResponseScore,
    Tie,
)
from core.network_data import network_data_version
from core.results import results_version
from tests.core.test_aggregates import REGION, Region, build_region

THRESHOLD = 5
KINDS = (None, "management", "network")


@pytest.fixture
def region_engine(tmp_path) -> Iterator[Engine]:  # type: ignore[no-untyped-def]
    engine = get_engine(f"sqlite:///{tmp_path / 'region.db'}")
    migrate(engine)
    yield engine
    engine.dispose()
    get_engine.cache_clear()


@pytest.fixture
def region(region_engine: Engine) -> Region:
    return build_region(region_engine)


def _org_filters(engine: Engine, region: Region) -> list[frozenset[int] | None]:
    with read_session(engine) as session:
        ids = [
            int(o.id or 0)
            for o in session.exec(
                select(Organisation).where(Organisation.cohort_id == region.cohort_id)
            ).all()
        ]
    subsets: list[frozenset[int] | None] = [None]
    for size in range(1, len(ids) + 1):
        subsets += [frozenset(c) for c in itertools.combinations(ids, size)]
    return subsets


def _hidden(region: Region) -> set[tuple[int, int]]:
    """(group id, round id) pairs below the threshold, from the fixture's own numbers."""
    hidden = set()
    for spec in REGION:
        gid = region.group_ids[(spec.organisation, spec.name)]
        for rid, answered in zip(region.round_ids, spec.answered, strict=True):
            if answered < THRESHOLD:
                hidden.add((gid, rid))
    return hidden


def _every_view(engine: Engine, region: Region) -> dict[tuple[object, ...], object]:
    """Everything the comparison shows, under every filter combination."""
    seen: dict[tuple[object, ...], object] = {}
    with read_session(engine) as session:
        for orgs, kind in itertools.product(_org_filters(engine, region), KINDS):
            for rid in region.round_ids:
                rows = dimension_scores(
                    session,
                    cohort_id=region.cohort_id,
                    round_id=rid,
                    organisation_ids=orgs,
                    group_kind=kind,
                    threshold=THRESHOLD,
                )
                seen[("scores", orgs, kind, rid)] = rows
                seen[("orgs", orgs, kind, rid)] = organisation_rollups(rows)
                seen[("cohort", orgs, kind, rid)] = cohort_rollup(rows, label="all")
                seen[("sql rollups", orgs, kind, rid)] = score_rollups(
                    session,
                    cohort_id=region.cohort_id,
                    round_id=rid,
                    label="all",
                    organisation_ids=orgs,
                    group_kind=kind,
                    threshold=THRESHOLD,
                )
                seen[("top rollups", orgs, kind, rid)] = top_score_rollups(
                    session,
                    cohort_id=region.cohort_id,
                    round_id=rid,
                    label="all",
                    first=2,
                    organisation_ids=orgs,
                    group_kind=kind,
                    threshold=THRESHOLD,
                )
            seen[("count", orgs, kind)] = count_groups(
                session, cohort_id=region.cohort_id, organisation_ids=orgs, group_kind=kind
            )
            seen[("change", orgs, kind)] = round_change(
                session,
                cohort_id=region.cohort_id,
                before_round_id=region.round_ids[0],
                after_round_id=region.round_ids[1],
                organisation_ids=orgs,
                group_kind=kind,
                threshold=THRESHOLD,
            )
    return seen


def test_hidden_groups_show_counts_only_under_every_filter(
    region_engine: Engine, region: Region
) -> None:
    hidden = _hidden(region)
    views = _every_view(region_engine, region)
    checked = 0
    for key, value in views.items():
        if key[0] != "scores":
            continue
        for row in value:  # type: ignore[attr-defined]
            assert isinstance(row, GroupScores)
            if (row.ref.group_id, row.round_id) in hidden:
                assert row.suppressed
                assert row.cells == ()
                assert row.respondents < THRESHOLD
                checked += 1
            else:
                assert not row.suppressed
                assert row.cells
                assert all(c.n >= THRESHOLD for c in row.cells)
    assert checked > 0


def test_changing_a_hidden_groups_scores_changes_nothing_shown(
    region_engine: Engine, region: Region
) -> None:
    before = _every_view(region_engine, region)
    with write_session(region_engine) as session:
        for gid, rid in _hidden(region):
            session.execute(
                update(ResponseScore)
                .where(col(ResponseScore.group_id) == gid, col(ResponseScore.round_id) == rid)
                .values(score=100.0 - col(ResponseScore.score) / 2)
            )
        # The totals and rollups follow, as they do when a hidden group's members submit.
        refresh_totals(session.connection(), {(rid, gid) for gid, rid in _hidden(region)})
    after = _every_view(region_engine, region)
    assert before.keys() == after.keys()
    for key in before:
        assert before[key] == after[key], key


def test_an_organisation_rollup_minus_its_visible_groups_leaves_nothing(
    region_engine: Engine, region: Region
) -> None:
    baseline = region.round_ids[0]
    with read_session(region_engine) as session:
        rows = dimension_scores(
            session, cohort_id=region.cohort_id, round_id=baseline, threshold=THRESHOLD
        )
    nordvik = [r for r in rows if r.ref.organisation == "Nordvik kommune"]
    assert {r.ref.group: r.suppressed for r in nordvik} == {
        "Ledergruppen": False,
        "Ledernettverket": False,
        "Stab": True,
    }
    (rollup,) = [r for r in organisation_rollups(rows) if r.label == "Nordvik kommune"]
    assert (rollup.groups_included, rollup.groups_left_out) == (2, 1)
    assert rollup.respondents == 6 + 9
    for cell in rollup.cells:
        visible = [g.cell(cell.dimension) for g in nordvik if not g.suppressed]
        remainder_n = cell.n - sum(c.n for c in visible if c)
        remainder_sum = cell.mean * cell.n - sum(c.mean * c.n for c in visible if c)
        assert remainder_n == 0
        assert remainder_sum == pytest.approx(0.0, abs=1e-6)


def test_change_is_shown_only_where_both_rounds_are_visible(
    region_engine: Engine, region: Region
) -> None:
    with read_session(region_engine) as session:
        changes = round_change(
            session,
            cohort_id=region.cohort_id,
            before_round_id=region.round_ids[0],
            after_round_id=region.round_ids[1],
            threshold=THRESHOLD,
        )
    by_name = {(c.ref.organisation, c.ref.group): c for c in changes}
    shown = by_name[("Nordvik kommune", "Ledergruppen")]
    assert not shown.suppressed
    assert shown.delta("skills") is not None
    for key in [
        ("Nordvik kommune", "Stab"),
        ("Nordvik kommune", "Ledernettverket"),
        ("Sørby kommune", "Ledernettverket"),
    ]:
        assert by_name[key].suppressed
        assert by_name[key].deltas == ()


def test_filters_select_organisations_and_group_kinds(
    region_engine: Engine, region: Region
) -> None:
    with read_session(region_engine) as session:
        sorby = session.exec(
            select(Organisation.id).where(Organisation.name == "Sørby kommune")
        ).one()
        rows = dimension_scores(
            session,
            cohort_id=region.cohort_id,
            round_id=region.round_ids[1],
            organisation_ids={sorby},
            group_kind="network",
            threshold=THRESHOLD,
        )
    assert [(r.ref.organisation, r.ref.group, r.respondents) for r in rows] == [
        ("Sørby kommune", "Ledernettverket", 8)
    ]


def _add_ties(engine: Engine, region: Region) -> None:
    """In the follow-up, each respondent names the next person on the group's roster."""
    with write_session(engine) as session:
        for spec in REGION:
            gid = region.group_ids[(spec.organisation, spec.name)]
            people = session.exec(
                select(Participant).where(Participant.group_id == gid).order_by(Participant.id)
            ).all()
            for i, person in enumerate(people[: spec.answered[1]]):
                target = people[(i + 1) % len(people)]
                session.add(
                    Tie(
                        round_id=region.round_ids[1],
                        source_id=person.id,
                        target_id=target.id,
                        relation="information",
                    )
                )


def test_network_measures_of_small_groups_are_counts_only(
    region_engine: Engine, region: Region
) -> None:
    _add_ties(region_engine, region)
    with read_session(region_engine) as session:
        rows = network_measures(
            session,
            cohort_id=region.cohort_id,
            round_id=region.round_ids[1],
            threshold=THRESHOLD,
        )
    by_name = {(r.ref.organisation, r.ref.group): r for r in rows}
    for spec in REGION:
        row = by_name[(spec.organisation, spec.name)]
        assert row.respondents == spec.answered[1]
        if spec.answered[1] < THRESHOLD:
            assert row.suppressed
            assert (row.density, row.centralisation, row.ei_index) == (None, None, None)
            assert (row.isolates_share, row.brokers) == (None, None)
        else:
            assert not row.suppressed
            assert row.density is not None
            assert row.density > 0
            assert row.brokers is not None


def test_learning_totals_need_enough_learners(region_engine: Engine, region: Region) -> None:
    with write_session(region_engine) as session:
        for (org, name), learners in {
            ("Nordvik kommune", "Ledernettverket"): 6,
            ("Sørby kommune", "Ledergruppen"): 2,
        }.items():
            gid = region.group_ids[(org, name)]
            people = session.exec(select(Participant).where(Participant.group_id == gid)).all()
            for i, person in enumerate(people[:learners]):
                session.add(
                    LessonProgress(
                        participant_id=person.id,
                        lesson_id="strategy-01",
                        status="completed" if i % 2 == 0 else "started",
                    )
                )
    with read_session(region_engine) as session:
        rows = learning_progress(session, cohort_id=region.cohort_id, threshold=THRESHOLD)
    by_name = {(r.ref.organisation, r.ref.group): r for r in rows}
    network = by_name[("Nordvik kommune", "Ledernettverket")]
    assert (network.learners, network.suppressed) == (6, False)
    assert (network.lessons_completed, network.members_completed_one) == (3, 3)
    small = by_name[("Sørby kommune", "Ledergruppen")]
    assert (small.learners, small.suppressed, small.lessons_completed) == (2, True, None)


def _assert_same_rollups(got: Sequence[Rollup], want: Sequence[Rollup], key: object) -> None:
    """Equal counts and cells; means and SDs up to the order floats were summed in."""
    assert len(got) == len(want), key
    for a_rollup, b_rollup in zip(got, want, strict=True):
        assert (
            a_rollup.label,
            a_rollup.groups_included,
            a_rollup.groups_left_out,
            a_rollup.respondents,
        ) == (
            b_rollup.label,
            b_rollup.groups_included,
            b_rollup.groups_left_out,
            b_rollup.respondents,
        ), key
        assert [c.dimension for c in a_rollup.cells] == [c.dimension for c in b_rollup.cells], key
        for a, b in zip(a_rollup.cells, b_rollup.cells, strict=True):
            assert (a.n, a.low, a.high) == (b.n, b.low, b.high), key
            assert a.mean == pytest.approx(b.mean), key
            assert a.sd == pytest.approx(b.sd, abs=1e-6), key


def test_sql_rollups_equal_the_rollups_of_the_shown_groups(
    region_engine: Engine, region: Region
) -> None:
    views = _every_view(region_engine, region)
    checked = 0
    for key, value in views.items():
        if key[0] != "sql rollups":
            continue
        expected = [*views[("orgs", *key[1:])], views[("cohort", *key[1:])]]  # type: ignore[misc]
        _assert_same_rollups(value, expected, key)  # type: ignore[arg-type]
        checked += 1
    assert checked > 0


def _by_answers(rollups: Sequence[Rollup]) -> list[Rollup]:
    return sorted(rollups, key=lambda r: (-r.respondents, r.label))


def test_top_rollups_are_the_sql_rollups_with_most_answers(
    region_engine: Engine, region: Region
) -> None:
    views = _every_view(region_engine, region)
    checked = 0
    for key, value in views.items():
        if key[0] != "top rollups":
            continue
        assert isinstance(value, RollupSummary)
        *orgs, whole = views[("sql rollups", *key[1:])]  # type: ignore[misc]
        _assert_same_rollups([value.cohort], [whole], key)
        _assert_same_rollups(value.organisations, _by_answers(orgs)[:2], key)
        assert value.organisations_total == len(orgs), key
        assert value.organisations_not_listed == max(0, len(orgs) - 2), key
        checked += 1
    assert checked > 0


def test_groups_are_counted_as_the_comparison_lists_them(
    region_engine: Engine, region: Region
) -> None:
    views = _every_view(region_engine, region)
    for key, value in views.items():
        if key[0] == "count":
            listed = views[("scores", *key[1:], region.round_ids[0])]
            assert value == len(listed), key  # type: ignore[arg-type]


@pytest.mark.parametrize("threshold", [THRESHOLD, 21])
def test_top_rollups_past_the_stored_cap_and_with_nothing_listed(
    region_engine: Engine, region: Region, threshold: int
) -> None:
    """Above ROLLUP_CAP the group totals are summed; ``first=0`` lists no organisation."""
    rid = region.round_ids[0]
    with read_session(region_engine) as session:
        *orgs, whole = score_rollups(
            session, cohort_id=region.cohort_id, round_id=rid, label="all", threshold=threshold
        )
        for first in (0, 1, 100):
            top = top_score_rollups(
                session,
                cohort_id=region.cohort_id,
                round_id=rid,
                label="all",
                first=first,
                threshold=threshold,
            )
            _assert_same_rollups([top.cohort], [whole], (threshold, first))
            _assert_same_rollups(top.organisations, _by_answers(orgs)[:first], (threshold, first))
            assert top.organisations_total == len(orgs)
    if threshold > 20:
        assert whole.groups_included == 0
        assert whole.cells == ()


def test_top_rollups_on_each_database(storage_engine: Engine) -> None:
    """The SQL of top_score_rollups (subqueries, ORDER BY with LIMIT) on SQLite and PostgreSQL."""
    region = build_region(storage_engine)
    filters = _org_filters(storage_engine, region)
    with read_session(storage_engine) as session:
        for orgs, kind, rid in itertools.product(filters[:3], KINDS, region.round_ids):
            args = {
                "cohort_id": region.cohort_id,
                "round_id": rid,
                "label": "all",
                "organisation_ids": orgs,
                "group_kind": kind,
                "threshold": THRESHOLD,
            }
            *listed, whole = score_rollups(session, **args)  # type: ignore[arg-type]
            top = top_score_rollups(session, first=1, **args)  # type: ignore[arg-type]
            key = (orgs, kind, rid)
            _assert_same_rollups([top.cohort], [whole], key)
            _assert_same_rollups(top.organisations, _by_answers(listed)[:1], key)
            assert top.organisations_total == len(listed), key
            assert (
                count_groups(
                    session, cohort_id=region.cohort_id, organisation_ids=orgs, group_kind=kind
                )
                == whole.groups_included + whole.groups_left_out
            ), key


def _org_ids(engine: Engine, region: Region) -> dict[str, int]:
    with read_session(engine) as session:
        orgs = session.exec(
            select(Organisation).where(Organisation.cohort_id == region.cohort_id)
        ).all()
    return {o.name: int(o.id or 0) for o in orgs}


def test_a_selections_fingerprints_follow_its_own_answers_only(
    region_engine: Engine, region: Region
) -> None:
    """The whole cohort's equal the round's; an answer in Sørby leaves Nordvik's as they were."""
    _add_ties(region_engine, region)
    orgs = _org_ids(region_engine, region)
    rid = region.round_ids[1]

    def versions() -> dict[str | None, tuple[object, object]]:
        out: dict[str | None, tuple[object, object]] = {}
        with read_session(region_engine) as session:
            for name in (None, *orgs):
                chosen = None if name is None else (orgs[name],)
                args = {"cohort_id": region.cohort_id, "round_id": rid, "organisation_ids": chosen}
                out[name] = (
                    selection_version(session, **args),  # type: ignore[arg-type]
                    selection_network_version(session, **args),  # type: ignore[arg-type]
                )
            assert out[None] == (
                results_version(session, round_id=rid),
                network_data_version(session, round_id=rid),
            )
        return out

    before = versions()
    assert before["Nordvik kommune"][0][0] + before["Sørby kommune"][0][0] == before[None][0][0]  # type: ignore[index]
    with write_session(region_engine) as session:
        sorby = region.group_ids[("Sørby kommune", "Ledergruppen")]
        person = session.exec(
            select(Participant).where(Participant.group_id == sorby).order_by(Participant.id)
        ).first()
        assert person is not None
        session.add(Tie(round_id=rid, source_id=person.id, target_id=None, relation="advice"))
        response = session.exec(
            select(AssessmentResponse).where(
                AssessmentResponse.participant_id == person.id,
                AssessmentResponse.round_id == rid,
            )
        ).one()
        session.delete(response)
    after = versions()
    assert after["Nordvik kommune"] == before["Nordvik kommune"]
    assert after["Sørby kommune"][0] != before["Sørby kommune"][0]
    assert after["Sørby kommune"][1] != before["Sørby kommune"][1]
    assert after[None] != before[None]
