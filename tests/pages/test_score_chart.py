"""The chart specs pass plotly's full validation, which the app skips at run time for speed."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from core.instruments import load_instrument
from core.scoring import group_profile, score_dimensions
from ui.score_chart import fast_figure, profile_figure, spread_figure
from ui.text import lang

INSTRUMENT = load_instrument()


def _answers(value: int) -> dict[str, int]:
    return dict.fromkeys(INSTRUMENT.answer_keys, value)


@pytest.mark.parametrize("value", [1, 3, 5, 0])  # 0: "don't know" everywhere, no scores
def test_the_profile_spec_is_a_valid_plotly_figure(value: int) -> None:
    spec = profile_figure(INSTRUMENT, score_dimensions(INSTRUMENT, _answers(value)))
    go.Figure(spec)  # raises on any property plotly does not know or value it refuses
    assert len(spec["data"][0]["y"]) == len(INSTRUMENT.dimensions)


def test_the_profile_names_each_band_in_words_and_writes_the_score_on_the_bar() -> None:
    scores = score_dimensions(INSTRUMENT, _answers(5))
    spec = profile_figure(INSTRUMENT, scores)
    bar = spec["data"][0]
    top = INSTRUMENT.band(scores[0].band or "").label[lang()]  # outside a run: the default
    assert all(f"<b>{top}</b>" in label for label in bar["y"])
    assert bar["text"] == ["100"] * len(scores)


def test_the_spread_spec_is_a_valid_plotly_figure() -> None:
    members = [score_dimensions(INSTRUMENT, _answers(v)) for v in (1, 2, 4, 5)]
    spec = spread_figure(INSTRUMENT, group_profile(members))
    go.Figure(spec)
    assert len(spec["data"]) == len(INSTRUMENT.dimensions) + 1  # dots per row, then the means


def test_the_fast_figure_carries_the_spec_unchanged() -> None:
    spec = profile_figure(INSTRUMENT, score_dimensions(INSTRUMENT, _answers(3)))
    assert fast_figure(spec).to_dict()["layout"]["xaxis"]["range"] == [0, 100]
