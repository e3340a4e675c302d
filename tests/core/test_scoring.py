"""Scoring tests with hand-computed expected values (arithmetic in the comments).

Item scores on the 5-point scale: 1 -> 0, 2 -> 25, 3 -> 50, 4 -> 75, 5 -> 100; 0 = don't know.
"""

from __future__ import annotations

import math

import pytest

from core.instruments import (
    Dimension,
    Instrument,
    Item,
    Part,
    ScaleOption,
    Text,
)
from core.scoring import (
    BAND_UPPER_BOUNDS,
    MIN_ANSWERED_SHARE,
    DimensionScore,
    GroupDimension,
    band_for,
    compare_leaders,
    fitness_score,
    group_profile,
    is_complete,
    item_score,
    largest_gap,
    lowest_dimension,
    part_summary,
    percentile_rank,
    progress,
    round_change,
    score_dimensions,
    validate_answers,
)

_T = Text(en="x", nb="x")
_OPTIONS = tuple(ScaleOption(n, _T) for n in range(1, 6))

# Dimension id -> (part, number of items). Item ids are "<dimension>.q1" ... "<dimension>.qN".
_SHAPE = {
    "skills": ("person", 4),
    "data": ("person", 5),
    "sharing": ("person", 6),
    "strategy": ("organisation", 4),
}


def _make_instrument() -> Instrument:
    parts = []
    for part_id in ("person", "organisation"):
        ambition = part_id == "organisation"
        dims = tuple(
            Dimension(
                id=dim_id,
                part=part_id,
                title=_T,
                description=_T,
                items=tuple(
                    Item(
                        id=f"{dim_id}.q{n}",
                        part=part_id,
                        dimension=dim_id,
                        style="anchors",
                        text=_T,
                        options=_OPTIONS,
                        criterion="portfolio_management" if ambition else None,
                        has_ambition=ambition,
                    )
                    for n in range(1, count + 1)
                ),
            )
            for dim_id, (dim_part, count) in _SHAPE.items()
            if dim_part == part_id
        )
        parts.append(Part(part_id, _T, _T, ambition, dims))
    return Instrument(
        id="digital_fitness",
        version=1,
        title=_T,
        description=_T,
        points=5,
        dont_know=ScaleOption(0, _T),
        frequency_scale=_OPTIONS,
        ambition_question=_T,
        ambition_help=_T,
        bands=(),
        criteria=(),
        parts=tuple(parts),
    )


INSTRUMENT = _make_instrument()


def _answers(dimension: str, values: list[int | None], suffix: str = "") -> dict[str, int]:
    """{"<dimension>.q1<suffix>": values[0], ...}; None leaves the key out (not answered)."""
    return {f"{dimension}.q{n}{suffix}": v for n, v in enumerate(values, start=1) if v is not None}


def _score_of(answers: dict[str, int], dimension: str) -> DimensionScore:
    return next(s for s in score_dimensions(INSTRUMENT, answers) if s.dimension == dimension)


def _ds(
    dimension: str,
    score: float | None,
    *,
    part: str = "person",
    ambition: float | None = None,
    dont_know: int = 0,
) -> DimensionScore:
    gap = None if score is None or ambition is None else ambition - score
    band = None if score is None else band_for(score)
    return DimensionScore(dimension, part, score, band, 4, dont_know, 4, ambition, gap)


# --------------------------------------------------------------------------- item_score


@pytest.mark.parametrize(
    ("value", "points", "expected"),
    [
        (1, 5, 0.0),  # (1-1)/4*100
        (2, 5, 25.0),  # (2-1)/4*100
        (3, 5, 50.0),
        (4, 5, 75.0),
        (5, 5, 100.0),  # (5-1)/4*100
        (0, 5, None),  # don't know is not scored
        (2, 4, 100 / 3),  # (2-1)/3*100 = 33.33...
        (4, 7, 50.0),  # (4-1)/6*100
    ],
)
def test_item_score_maps_the_scale_onto_0_to_100(
    value: int, points: int, expected: float | None
) -> None:
    result = item_score(value, points=points)
    assert result == (None if expected is None else pytest.approx(expected))


@pytest.mark.parametrize("value", [6, -1, True, 2.0, "3"])
def test_item_score_rejects_values_outside_the_scale(value: object) -> None:
    with pytest.raises(ValueError, match=r"not an integer in 0\.\.5"):
        item_score(value)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- band_for


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, "foundation"),
        (25, "foundation"),  # upper bounds are inclusive
        (25.0001, "developing"),
        (26, "developing"),
        (50, "developing"),
        (50.0001, "established"),
        (62.5, "established"),
        (75, "established"),
        (75.0001, "advanced"),
        (76, "advanced"),
        (100, "advanced"),
    ],
)
def test_band_boundaries(score: float, band: str) -> None:
    assert band_for(score) == band


@pytest.mark.parametrize("score", [-0.1, 100.1, math.nan])
def test_band_for_rejects_scores_outside_0_to_100(score: float) -> None:
    with pytest.raises(ValueError, match="outside 0-100"):
        band_for(score)


def test_band_bounds_are_the_four_quarters() -> None:
    assert BAND_UPPER_BOUNDS == (
        ("foundation", 25.0),
        ("developing", 50.0),
        ("established", 75.0),
        ("advanced", 100.0),
    )


# --------------------------------------------------------------------------- score_dimensions


@pytest.mark.parametrize(
    ("dimension", "values", "score", "answered", "dont_know"),
    [
        # all "don't know": nothing scored, but the four don't-knows are reported
        ("skills", [0, 0, 0, 0], None, 0, 4),
        # nothing answered yet
        ("skills", [None, None, None, None], None, 0, 0),
        # 3 of 4 answered = 0.75 >= 2/3: (0 + 25 + 50) / 3 = 25.0
        ("skills", [1, 2, 3, None], 25.0, 3, 0),
        # 2 of 4 answered = 0.5 < 2/3 (two don't know): no score
        ("skills", [5, 5, 0, 0], None, 2, 2),
        # 3 of 4: (25 + 50 + 75) / 3 = 50.0
        ("skills", [2, 3, 4, 0], 50.0, 3, 1),
        # 4 of 5 = 0.8: (100 * 4) / 4 = 100.0
        ("data", [5, 5, 5, 5, 0], 100.0, 4, 1),
        # 3 of 5 = 0.6 < 2/3: no score
        ("data", [5, 5, 5, 0, 0], None, 3, 2),
        # 5 of 5: (0 * 4 + 25) / 5 = 5.0
        ("data", [1, 1, 1, 1, 2], 5.0, 5, 0),
        # 4 of 6 = exactly 2/3, enough: (25 + 50 + 75 + 100) / 4 = 62.5
        ("sharing", [2, 3, 4, 5, 0, 0], 62.5, 4, 2),
        # 3 of 6 = 0.5: no score
        ("sharing", [2, 3, 4, None, None, None], None, 3, 0),
    ],
)
def test_dimension_score_is_the_mean_of_answered_items_when_two_thirds_answered(
    dimension: str, values: list[int | None], score: float | None, answered: int, dont_know: int
) -> None:
    result = _score_of(_answers(dimension, values), dimension)
    assert result.score == score
    assert result.band == (None if score is None else band_for(score))
    assert (result.answered, result.dont_know, result.total) == (answered, dont_know, len(values))
    assert result.ambition is None  # person dimensions have no ambition
    assert result.gap is None


def test_the_two_thirds_rule_is_exact() -> None:
    # 4/6 must count as enough; a float 0.6666... compared with 2/3 could go either way.
    assert MIN_ANSWERED_SHARE * 6 == 4


@pytest.mark.parametrize(
    ("current", "ambition", "score", "ambition_score", "gap"),
    [
        # now (25 + 25 + 50 + 50) / 4 = 37.5; ambition (75 + 75 + 100 + 100) / 4 = 87.5
        ([2, 2, 3, 3], [4, 4, 5, 5], 37.5, 87.5, 50.0),
        # ambition answered for 1 of 4 (one don't know, two missing): no ambition, no gap
        ([2, 2, 3, 3], [4, None, None, 0], 37.5, None, None),
        # ambition 3 of 4: (50 + 50 + 50) / 3 = 50; now 75 -> gap -25 (aiming lower than today)
        ([4, 4, 4, 4], [3, 3, 3, 0], 75.0, 50.0, -25.0),
        # no current answers, full ambition: ambition 100 but no gap
        ([None, None, None, None], [5, 5, 5, 5], None, 100.0, None),
    ],
)
def test_ambition_and_gap_per_organisation_dimension(
    current: list[int | None],
    ambition: list[int | None],
    score: float | None,
    ambition_score: float | None,
    gap: float | None,
) -> None:
    answers = _answers("strategy", current) | _answers("strategy", ambition, ".ambition")
    result = _score_of(answers, "strategy")
    assert (result.score, result.ambition, result.gap) == (score, ambition_score, gap)


def test_scores_come_in_instrument_order_and_unknown_keys_are_ignored() -> None:
    scores = score_dimensions(INSTRUMENT, {"skills.q1": 5, "retired.item": 3})
    assert [s.dimension for s in scores] == ["skills", "data", "sharing", "strategy"]
    assert [s.part for s in scores] == ["person", "person", "person", "organisation"]


def test_an_out_of_range_answer_is_an_error_not_a_silent_score() -> None:
    with pytest.raises(ValueError, match=r"'skills\.q2' = 6"):
        score_dimensions(INSTRUMENT, {"skills.q1": 5, "skills.q2": 6})


# --------------------------------------------------------------------------- lowest / gap


def test_lowest_dimension_ignores_unscored_and_breaks_ties_by_order() -> None:
    scores = [
        _ds("skills", None),
        _ds("data", 40.0),
        _ds("sharing", 40.0),  # ties with data; data comes first
        _ds("strategy", 10.0, part="organisation"),
    ]
    assert lowest_dimension(scores) == scores[3]
    assert lowest_dimension(scores, part="person") == scores[1]
    assert lowest_dimension(scores[::-1], part="person") == scores[2]  # order decides the tie
    assert lowest_dimension([_ds("skills", None)]) is None
    assert lowest_dimension(scores, part="nobody") is None


def test_largest_gap_takes_the_first_of_equal_positive_gaps() -> None:
    scores = [
        _ds("skills", 50.0),  # no ambition
        _ds("organization", 50.0, part="organisation", ambition=60.0),  # gap 10
        _ds("management", 25.0, part="organisation", ambition=55.0),  # gap 30
        _ds("strategy", 50.0, part="organisation", ambition=80.0),  # gap 30, later
    ]
    assert largest_gap(scores) == scores[2]


def test_largest_gap_is_none_when_no_ambition_is_above_today() -> None:
    scores = [
        _ds("management", 75.0, part="organisation", ambition=50.0),  # gap -25
        _ds("strategy", 50.0, part="organisation", ambition=50.0),  # gap 0
    ]
    assert largest_gap(scores) is None


# --------------------------------------------------------------------------- fitness


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        # (25 + 50 + 75 + 100) / 4 = 62.5; the organisation dimension is not part of fitness
        (
            [
                _ds("skills", 25.0),
                _ds("data", 50.0),
                _ds("sharing", 75.0),
                _ds("learning", 100.0),
                _ds("strategy", 0.0, part="organisation"),
            ],
            62.5,
        ),
        # one person dimension without a score: no fitness score at all
        ([_ds("skills", 25.0), _ds("data", None)], None),
        # no person dimensions
        ([_ds("strategy", 50.0, part="organisation")], None),
        ([], None),
    ],
)
def test_fitness_is_the_mean_of_all_person_dimensions(
    scores: list[DimensionScore], expected: float | None
) -> None:
    assert fitness_score(scores) == expected
    assert part_summary(scores, part="person") == expected


def test_part_summary_of_the_organisation_part() -> None:
    scores = [_ds("skills", 0.0), *(_ds(d, 50.0, part="organisation") for d in ("a", "b"))]
    assert part_summary(scores, part="organisation") == 50.0


# --------------------------------------------------------------------------- group_profile


@pytest.mark.parametrize(
    ("members", "n", "mean", "sd", "band", "disagreement"),
    [
        # one member: population sd is defined and 0
        ([40.0], 1, 40.0, 0.0, "developing", False),
        # mean 25; deviations -25, +25 -> sd sqrt((625 + 625) / 2) = 25 >= 20
        ([0.0, 50.0], 2, 25.0, 25.0, "foundation", True),
        # mean 50; sd sqrt((100 + 0 + 100) / 3) = 8.165; range 20: agreement
        ([40.0, 50.0, 60.0], 3, 50.0, math.sqrt(200 / 3), "developing", False),
        # mean 32.5; sd sqrt((22.5**2 * 2) / 2) = 22.5 >= 20 although range 45 < 50
        ([10.0, 55.0], 2, 32.5, 22.5, "developing", True),
        # mean 55; sd sqrt((9 * 25 + 2025) / 10) = 15 < 20, but range 100 - 50 = 50
        ([50.0] * 9 + [100.0], 10, 55.0, 15.0, "established", True),
        # mean 53.33; sd sqrt((544.4 + 44.4 + 277.8) / 3) = 17.0; range 40: agreement
        ([30.0, 60.0, 70.0], 3, 160 / 3, math.sqrt(2600 / 9), "established", False),
        # members without a score are left out: n = 1
        ([None, 60.0], 1, 60.0, 0.0, "established", False),
    ],
)
def test_group_profile_mean_spread_and_disagreement(
    members: list[float | None],
    n: int,
    mean: float,
    sd: float,
    band: str,
    disagreement: bool,
) -> None:
    (group,) = group_profile([[_ds("skills", x)] for x in members])
    known = sorted(x for x in members if x is not None)
    assert group.n == n
    assert group.mean == pytest.approx(mean)
    assert group.sd == pytest.approx(sd)
    assert (group.min, group.max) == (known[0], known[-1])
    assert group.band == band
    assert group.disagreement is disagreement
    assert group.distribution == tuple(known)


def test_group_without_any_scores_has_no_statistics() -> None:
    (group,) = group_profile([[_ds("skills", None, dont_know=3)], [_ds("skills", None)]])
    assert (group.n, group.mean, group.sd, group.min, group.max) == (0, None, None, None, None)
    assert (group.band, group.disagreement, group.distribution) == (None, False, ())
    assert group.dont_know == 3


def test_group_distribution_is_sorted_and_ambition_averaged() -> None:
    members = [
        [_ds("strategy", 75.0, part="organisation", ambition=80.0, dont_know=1)],
        [_ds("strategy", 25.0, part="organisation", ambition=100.0, dont_know=2)],
        [_ds("strategy", 50.0, part="organisation")],
    ]
    (group,) = group_profile(members)
    assert group.distribution == (25.0, 50.0, 75.0)
    assert group.ambition == 90.0  # (80 + 100) / 2
    assert group.gap == 40.0  # 90 - mean 50
    assert group.dont_know == 3  # 1 + 2 + 0
    assert group.part == "organisation"


def test_group_dimensions_keep_first_seen_order() -> None:
    members = [[_ds("data", 10.0), _ds("skills", 20.0)], [_ds("learning", 30.0)]]
    assert [g.dimension for g in group_profile(members)] == ["data", "skills", "learning"]
    assert group_profile([]) == []


# --------------------------------------------------------------------------- compare_leaders


def test_leaders_compared_with_others() -> None:
    leaders = [[_ds("skills", 25.0), _ds("data", 50.0)]]
    others = [[_ds("skills", 75.0), _ds("data", None)], [_ds("skills", 50.0)]]
    (row,) = compare_leaders(leaders, others)  # data: no other respondent has a score
    assert row.dimension == "skills"
    assert row.leaders_mean == 25.0
    assert row.others_mean == 62.5  # (75 + 50) / 2
    assert row.difference == -37.5  # leaders lower, as seeds/004 reports
    assert (row.n_leaders, row.n_others) == (1, 2)


@pytest.mark.parametrize(
    ("leaders", "others"),
    [
        ([], [[_ds("skills", 75.0)]]),  # no leaders answered
        ([[_ds("skills", 75.0)]], []),  # no others answered
        ([[_ds("skills", None)]], [[_ds("skills", 50.0)]]),  # leader has no score
        ([[_ds("skills", 50.0)]], [[_ds("data", 50.0)]]),  # different dimensions
    ],
)
def test_leader_comparison_needs_both_sides(
    leaders: list[list[DimensionScore]], others: list[list[DimensionScore]]
) -> None:
    assert compare_leaders(leaders, others) == []


# --------------------------------------------------------------------------- percentile_rank


@pytest.mark.parametrize(
    ("value", "population", "expected"),
    [
        (50.0, [25.0, 50.0, 75.0], 50.0),  # (1 below + 0.5 * 1 tie) / 3
        (50.0, [50.0, 50.0, 50.0, 50.0], 50.0),  # (0 + 0.5 * 4) / 4
        (100.0, [0.0, 25.0, 50.0, 75.0], 100.0),  # 4 below / 4
        (0.0, [0.0, 25.0], 25.0),  # (0 + 0.5 * 1) / 2
        (60.0, [10.0, 20.0, 60.0, 60.0, 90.0], 60.0),  # (2 + 0.5 * 2) / 5
        (5.0, [10.0, 20.0], 0.0),  # nothing below, no ties
        (0.1 + 0.2, [0.3], 50.0),  # 0.30000000000000004 ties with 0.3
    ],
)
def test_percentile_rank_counts_half_of_the_ties(
    value: float, population: list[float], expected: float
) -> None:
    assert percentile_rank(value, population) == pytest.approx(expected)


def test_percentile_rank_of_an_empty_population_is_an_error() -> None:
    with pytest.raises(ValueError, match="non-empty"):
        percentile_rank(50.0, [])


# --------------------------------------------------------------------------- round_change


@pytest.mark.parametrize(
    ("before", "after", "delta", "bands"),
    [
        (25.0, 50.0, 25.0, ("foundation", "developing")),  # 50 - 25, crosses a band
        (60.0, 70.0, 10.0, ("established", "established")),
        (80.0, 62.5, -17.5, ("advanced", "established")),
        (None, 40.0, None, (None, "developing")),  # no baseline score
        (40.0, None, None, ("developing", None)),
    ],
)
def test_round_change_per_person(
    before: float | None,
    after: float | None,
    delta: float | None,
    bands: tuple[str | None, str | None],
) -> None:
    (change,) = round_change([_ds("skills", before)], [_ds("skills", after)])
    assert (change.dimension, change.before, change.after) == ("skills", before, after)
    assert change.delta == delta
    assert (change.band_before, change.band_after) == bands


def test_round_change_keeps_dimensions_that_appear_in_one_round_only() -> None:
    changes = round_change([_ds("skills", 50.0)], [_ds("data", 75.0), _ds("skills", 50.0)])
    assert [(c.dimension, c.before, c.after, c.delta) for c in changes] == [
        ("skills", 50.0, 50.0, 0.0),
        ("data", None, 75.0, None),
    ]


def test_round_change_of_a_group_compares_means() -> None:
    baseline = group_profile([[_ds("skills", 0.0)], [_ds("skills", 50.0)]])  # mean 25
    follow_up = group_profile([[_ds("skills", 50.0)], [_ds("skills", 100.0)]])  # mean 75
    assert all(isinstance(g, GroupDimension) for g in baseline + follow_up)
    (change,) = round_change(baseline, follow_up)
    assert (change.before, change.after, change.delta) == (25.0, 75.0, 50.0)
    assert (change.band_before, change.band_after) == ("foundation", "established")


# --------------------------------------------------------------------------- progress etc.


def _complete() -> dict[str, int]:
    return dict.fromkeys(INSTRUMENT.answer_keys, 3)


def test_progress_counts_items_and_ambitions_per_dimension() -> None:
    answers = {
        "skills.q1": 0,  # don't know counts as answered
        "skills.q2": 9,  # invalid: does not count
        "strategy.q1": 4,
        "strategy.q1.ambition": 5,
    }
    assert progress(INSTRUMENT, answers) == {
        "skills": (1, 4),
        "data": (0, 5),
        "sharing": (0, 6),
        "strategy": (2, 8),  # 4 items + 4 ambition ratings
    }
    assert list(progress(INSTRUMENT, {})) == ["skills", "data", "sharing", "strategy"]


def test_complete_needs_every_item_and_ambition() -> None:
    answers = _complete()
    assert is_complete(INSTRUMENT, answers)
    assert is_complete(INSTRUMENT, dict.fromkeys(answers, 0))  # all don't know is complete
    del answers["strategy.q4.ambition"]
    assert not is_complete(INSTRUMENT, answers)
    assert is_complete(INSTRUMENT, answers, parts={"person"})
    del answers["skills.q1"]
    assert not is_complete(INSTRUMENT, answers, parts={"person"})
    assert not is_complete(INSTRUMENT, {})


def test_a_valid_answer_set_has_no_problems() -> None:
    assert validate_answers(INSTRUMENT, _complete()) == []
    assert validate_answers(INSTRUMENT, {}) == []
    assert validate_answers(INSTRUMENT, {"skills.q1": 0, "strategy.q2.ambition": 5}) == []


@pytest.mark.parametrize(
    ("key", "value", "problem"),
    [
        ("skills.q9", 3, "'skills.q9': unknown question id"),
        ("skills.q1.ambition", 3, "'skills.q1.ambition': unknown question id"),  # no ambition
        ("skills.q1", 6, "'skills.q1': 6 is not an answer"),
        ("skills.q1", -1, "'skills.q1': -1 is not an answer"),
        ("skills.q1", "3", "'skills.q1': '3' is not an answer"),
        ("skills.q1", 3.0, "'skills.q1': 3.0 is not an answer"),
        ("skills.q1", True, "'skills.q1': True is not an answer"),
        ("skills.q1", None, "'skills.q1': None is not an answer"),
    ],
)
def test_validate_answers_names_the_bad_key(key: str, value: object, problem: str) -> None:
    problems = validate_answers(INSTRUMENT, {"data.q1": 2, key: value})
    assert len(problems) == 1
    assert problems[0].startswith(problem)
