"""The anonymity rule as pure functions; the AppTest in tests/pages/test_group_results.py
checks the same rule on the rendered page."""

from __future__ import annotations

import pytest

from core.config import get_settings
from core.privacy import (
    anonymity_threshold,
    may_show_group_scores,
    respondents_missing,
    suppress_small_groups,
)


@pytest.mark.parametrize(
    ("respondents", "threshold", "shown"),
    [
        (0, 5, False),  # nobody answered
        (4, 5, False),  # one short: the demo's Myrvoll management group
        (5, 5, True),  # exactly at the threshold is enough
        (40, 5, True),
        (5, 6, False),  # a stricter installation
        (3, 3, True),  # the lowest threshold the settings allow
    ],
)
def test_scores_are_shown_only_from_the_threshold(
    respondents: int, threshold: int, shown: bool
) -> None:
    assert may_show_group_scores(respondents, threshold) is shown


def test_default_threshold_comes_from_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAMSPILL_ANONYMITY_THRESHOLD", "7")
    get_settings.cache_clear()
    try:
        assert anonymity_threshold() == 7
        assert may_show_group_scores(6) is False
        assert may_show_group_scores(7) is True
    finally:
        monkeypatch.delenv("SAMSPILL_ANONYMITY_THRESHOLD")
        get_settings.cache_clear()
    assert anonymity_threshold() == 5  # the documented default


@pytest.mark.parametrize(("respondents", "missing"), [(0, 5), (4, 1), (5, 0), (9, 0)])
def test_how_many_more_answers_are_needed(respondents: int, missing: int) -> None:
    assert respondents_missing(respondents, 5) == missing


def test_rows_below_the_threshold_are_left_out_and_order_is_kept() -> None:
    rows = [
        {"group": "A", "n": 12},
        {"group": "B", "n": 4},
        {"group": "C", "n": 5},
        {"group": "D", "n": 0},
    ]
    kept = suppress_small_groups(rows, respondents=lambda row: int(row["n"]), threshold=5)
    assert [row["group"] for row in kept] == ["A", "C"]


def test_suppressing_nothing_and_everything() -> None:
    assert suppress_small_groups([], respondents=len, threshold=5) == []
    assert suppress_small_groups(["ab", "abc"], respondents=len, threshold=5) == []
