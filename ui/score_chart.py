"""Charts and tables of self-assessment scores: a person's profile and a group's spread.

Colour is never the only carrier: every bar and row names its band in words, and each
chart has a table with the same numbers beside it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core.instruments import Instrument, text
from core.scoring import Change, DimensionScore, GroupDimension, lowest_dimension
from ui.text import lang, tr

# One colour per band, dark enough for white text (all >= 4.5:1 on white, too).
BAND_COLOURS = {
    "foundation": "#8C3B2E",
    "developing": "#8A5A00",
    "established": "#1F5F7A",
    "advanced": "#2E6B3A",
}
_NO_SCORE = "#6B7280"
# Streamlit's chart theme greys axis text; dark text keeps the 4.5:1 contrast.
_AXIS_TEXT = {"color": "#1B1F23", "size": 14}


def dimension_title(instrument: Instrument, dimension: str) -> str:
    """The dimension's title in the current language."""
    return text(instrument.dimension(dimension).title, lang())


def band_label(instrument: Instrument, band: str | None) -> str:
    """The band's name in words, or "not enough answers"."""
    if band is None:
        return tr("profile.no_score")
    return text(instrument.band(band).label, lang())


def number(value: float | None) -> str:
    """A score for people: whole points, or a dash."""
    return "–" if value is None else f"{value:.0f}"


def score_chart(instrument: Instrument, scores: Sequence[DimensionScore], *, key: str) -> None:
    """A horizontal bar per dimension, its score and band written on the bar."""
    figure = fast_figure(profile_figure(instrument, scores))
    st.plotly_chart(figure, key=key, config={"displayModeBar": False}, alt=tr("profile.chart_alt"))


def profile_figure(instrument: Instrument, scores: Sequence[DimensionScore]) -> dict[str, Any]:
    """The profile chart as a plotly figure spec (plain data)."""
    rows = list(reversed(scores))  # plotly draws the first category at the bottom
    # The band in words sits under each dimension's name, so it fits on a phone too.
    labels = [
        f"{dimension_title(instrument, s.dimension)}<br><b>{band_label(instrument, s.band)}</b>"
        for s in rows
    ]
    values = [s.score or 0.0 for s in rows]
    bar = {
        "type": "bar",
        "x": values,
        "y": labels,
        "orientation": "h",
        "text": [number(s.score) for s in rows],
        # Short and empty bars carry their number outside, in dark text.
        "textposition": ["inside" if v >= 15 else "outside" for v in values],
        "insidetextanchor": "end",
        "marker": {"color": [BAND_COLOURS.get(s.band or "", _NO_SCORE) for s in rows]},
        "insidetextfont": {"color": "white"},
        "outsidetextfont": {"color": "#1B1F23"},
        "cliponaxis": False,
        "hovertemplate": "%{y}: %{text}<extra></extra>",
    }
    return {"data": [bar], "layout": _layout(height=70 + 52 * len(rows), span=(0, 100))}


def fast_figure(spec: Mapping[str, Any]) -> go.Figure:
    """A plotly Figure from a spec without plotly's per-property validation.

    Validation costs most of a chart's server time (about 30 ms for the profile), paid
    on every submit in a room of 300. The specs are built here only and are validated
    once in the tests (tests/pages/test_score_chart.py), so skipping it at run time is safe.
    """
    return go.Figure(spec, _validate=False)


def score_table(instrument: Instrument, scores: Sequence[DimensionScore]) -> None:
    """The numbers behind :func:`score_chart`, with ambition and gap for part B."""
    frame = pd.DataFrame(
        {
            tr("profile.col.dimension"): [dimension_title(instrument, s.dimension) for s in scores],
            tr("profile.col.score"): [number(s.score) for s in scores],
            tr("profile.col.band"): [band_label(instrument, s.band) for s in scores],
            tr("profile.col.ambition"): [number(s.ambition) for s in scores],
            tr("profile.col.gap"): [_signed(s.gap) for s in scores],
        }
    )
    st.table(frame, hide_index=True)


def profile_view(instrument: Instrument, scores: Sequence[DimensionScore], *, key: str) -> None:
    """Chart and table side by side (stacked on a phone), then the lowest dimension."""
    chart, table = st.columns([3, 2], gap="medium")
    with chart:
        score_chart(instrument, scores, key=key)
    with table:
        score_table(instrument, scores)
    lowest = lowest_dimension(scores)
    if lowest is not None:
        st.markdown(
            tr(
                "profile.lowest",
                dimension=dimension_title(instrument, lowest.dimension),
                score=number(lowest.score),
                band=band_label(instrument, lowest.band),
            )
        )


def band_meanings(instrument: Instrument, bands: Sequence[str | None]) -> None:
    """Plain words for each band that occurs, from the instrument's band descriptions."""
    seen = [b for b in dict.fromkeys(bands) if b is not None]
    order = [band.id for band in instrument.bands]
    for band_id in sorted(seen, key=order.index):
        band = instrument.band(band_id)
        st.markdown(
            f"- **{text(band.label, lang())}** ({band.lower}–{band.upper}): "
            f"{text(band.description, lang())}"
        )


def change_table(instrument: Instrument, changes: Sequence[Change]) -> None:
    """Before, after and the change per dimension, with bands in words."""
    frame = pd.DataFrame(
        {
            tr("profile.col.dimension"): [
                dimension_title(instrument, c.dimension) for c in changes
            ],
            tr("profile.col.before"): [
                f"{number(c.before)} · {band_label(instrument, c.band_before)}" for c in changes
            ],
            tr("profile.col.after"): [
                f"{number(c.after)} · {band_label(instrument, c.band_after)}" for c in changes
            ],
            tr("profile.col.change"): [_signed(c.delta) for c in changes],
        }
    )
    st.table(frame, hide_index=True)


def spread_chart(instrument: Instrument, profile: Sequence[GroupDimension], *, key: str) -> None:
    """Members' scores as anonymous dots per dimension, with the mean ± sd as a diamond."""
    figure = fast_figure(spread_figure(instrument, profile))
    st.plotly_chart(figure, key=key, config={"displayModeBar": False}, alt=tr("groupres.chart_alt"))


def spread_figure(instrument: Instrument, profile: Sequence[GroupDimension]) -> dict[str, Any]:
    """The group's spread chart as a plotly figure spec (plain data)."""
    rows = [g for g in reversed(profile) if g.mean is not None]
    data: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "x": list(g.distribution),
            "y": [dimension_title(instrument, g.dimension)] * len(g.distribution),
            "mode": "markers",
            "marker": {"size": 11, "color": "rgba(31,95,122,0.45)", "line": {"width": 0}},
            "hovertemplate": "%{x:.0f}<extra></extra>",
            "showlegend": False,
        }
        for g in rows
    ]
    data.append(
        {
            "type": "scatter",
            "x": [g.mean for g in rows],
            "y": [dimension_title(instrument, g.dimension) for g in rows],
            "mode": "markers",
            "marker": {"symbol": "diamond", "size": 15, "color": "#1B1F23"},
            "error_x": {"type": "data", "array": [g.sd for g in rows], "color": "#1B1F23"},
            "text": [f"{number(g.mean)} · {band_label(instrument, g.band)}" for g in rows],
            "hovertemplate": "%{y}: %{text}<extra></extra>",
            "name": tr("groupres.col.mean"),
            "showlegend": False,
        }
    )
    return {"data": data, "layout": _layout(height=70 + 46 * len(rows), span=(-3, 103))}


def group_table(instrument: Instrument, profile: Sequence[GroupDimension]) -> None:
    """The numbers behind :func:`spread_chart`: mean ± sd, min–max, band, answers."""
    frame = pd.DataFrame(
        {
            tr("profile.col.dimension"): [
                dimension_title(instrument, g.dimension) for g in profile
            ],
            tr("groupres.col.mean"): [
                f"{number(g.mean)} ± {number(g.sd)}" if g.mean is not None else "–" for g in profile
            ],
            tr("groupres.col.range"): [f"{number(g.min)}–{number(g.max)}" for g in profile],
            tr("profile.col.band"): [band_label(instrument, g.band) for g in profile],
            tr("profile.col.ambition"): [number(g.ambition) for g in profile],
            tr("groupres.col.n"): [str(g.n) for g in profile],
        }
    )
    st.table(frame, hide_index=True)


def _signed(value: float | None) -> str:
    return "–" if value is None else f"{value:+.0f}"


def _layout(*, height: int, span: tuple[float, float]) -> dict[str, Any]:
    return {
        "height": height,
        "margin": {"l": 10, "r": 24, "t": 10, "b": 40},  # room for the "100" tick
        "bargap": 0.25,
        "font": {"size": 14},
        "yaxis": {"automargin": True, "tickfont": _AXIS_TEXT},
        "xaxis": {
            "range": list(span),
            "autorange": False,
            "tickfont": _AXIS_TEXT,
            "title": {"text": tr("profile.col.score"), "font": _AXIS_TEXT},
        },
    }
