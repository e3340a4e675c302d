"""Charts and tables of the group comparison; every chart has a table with the same numbers.

Cells carry their numbers as text, so colour is never the only carrier. Group and
organisation names are typed by people, so they are escaped before plotly sees them
(plotly reads a few HTML tags in labels).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go

from core.comparison import (
    GroupChange,
    GroupLearning,
    GroupNetwork,
    GroupRef,
    GroupScores,
    Rollup,
)
from core.instruments import load_instrument, text
from core.privacy import anonymity_threshold
from ui.text import lang, tr

# Dark axis text keeps 4.5:1 contrast against the white chart background.
_AXIS_TEXT = {"color": "#1B1F23", "size": 14}
# White to mid blue, so dark cell text keeps at least 4.5:1 contrast on every cell.
_SCALE = [[0.0, "#FFFFFF"], [0.5, "#BBD7EA"], [1.0, "#5A9BC8"]]


def dimension_titles() -> dict[str, str]:
    """Dimension id -> title in the current language, in instrument order."""
    return {d.id: text(d.title, lang()) for d in load_instrument().dimensions}


def status(respondents: int, suppressed: bool) -> str:
    """A row's status in words: shown, or "fewer than 5 answered (3)"."""
    if suppressed:
        return tr("compare.too_few", threshold=anonymity_threshold(), n=respondents)
    return tr("compare.shown")


def count(value: int) -> str:
    """A whole number for people: 150 000 in bokmål, 150,000 in English."""
    grouped = f"{value:,}"
    return grouped.replace(",", "\u00a0") if lang() == "nb" else grouped


def scores_table(groups: Sequence[GroupScores]) -> pd.DataFrame:
    """One row per group: counts and status, then the mean per dimension (blank if hidden)."""
    titles = dimension_titles()
    rows = []
    for g in groups:
        row: dict[str, object] = {
            **_ref_columns(g.ref),
            tr("compare.col.respondents"): g.respondents,
            tr("compare.col.status"): status(g.respondents, g.suppressed),
        }
        for dim, title in titles.items():
            cell = g.cell(dim)
            row[title] = None if cell is None else round(cell.mean)
        rows.append(row)
    return pd.DataFrame(rows)


def heatmap(groups: Sequence[GroupScores]) -> go.Figure:
    """Shown groups × dimensions, each cell labelled with its mean."""
    shown = [g for g in groups if not g.suppressed]
    titles = dimension_titles()
    z = [[_mean(g, dim) for dim in titles] for g in shown]
    labels = [["–" if v is None else f"{v:.0f}" for v in row] for row in z]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=list(titles.values()),
            y=[_label(g.ref) for g in shown],
            text=labels,
            texttemplate="%{text}",
            textfont={"size": 14, "color": "#1B1F23"},
            colorscale=_SCALE,
            zmin=0,
            zmax=100,
            colorbar={"title": {"text": "0–100"}},
            hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>",
        )
    )
    figure.update_layout(
        height=120 + 36 * max(1, len(shown)),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        yaxis={"autorange": "reversed", "tickfont": _AXIS_TEXT},
        xaxis={"side": "top", "tickfont": _AXIS_TEXT},
    )
    return figure


def spread_figure(groups: Sequence[GroupScores], dimension: str) -> go.Figure:
    """Mean per shown group on one dimension, a bar with ±1 SD, the mean written on it."""
    shown = [(g, c) for g in groups if (c := g.cell(dimension)) is not None]
    figure = go.Figure(
        go.Bar(
            x=[c.mean for _, c in shown],
            y=[_label(g.ref) for g, _ in shown],
            orientation="h",
            error_x={"type": "data", "array": [c.sd for _, c in shown], "color": "#1B1F23"},
            text=[f"{c.mean:.0f} ± {c.sd:.0f}" for _, c in shown],
            textposition="inside",
            insidetextanchor="start",
            marker={"color": "#1F5F7A"},
            textfont={"color": "#FFFFFF", "size": 14},
            hovertemplate="%{y}: %{text}<extra></extra>",
        )
    )
    figure.update_layout(
        height=120 + 32 * max(1, len(shown)),
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis={"range": [0, 100], "tickfont": _AXIS_TEXT},
        yaxis={"autorange": "reversed", "tickfont": _AXIS_TEXT},
    )
    return figure


def spread_table(groups: Sequence[GroupScores], dimension: str) -> pd.DataFrame:
    """The numbers of :func:`spread_figure`, for every group (hidden ones as counts)."""
    rows = []
    for g in groups:
        cell = g.cell(dimension)
        rows.append(
            {
                **_ref_columns(g.ref),
                tr("compare.col.status"): status(g.respondents, g.suppressed),
                tr("compare.col.n"): None if cell is None else cell.n,
                tr("compare.col.mean"): None if cell is None else round(cell.mean, 1),
                tr("compare.col.sd"): None if cell is None else round(cell.sd, 1),
                tr("compare.col.min"): None if cell is None else round(cell.low),
                tr("compare.col.max"): None if cell is None else round(cell.high),
            }
        )
    return pd.DataFrame(rows)


def rollup_table(rollups: Sequence[Rollup]) -> pd.DataFrame:
    """One row per rollup: which groups it holds, then the mean per dimension."""
    titles = dimension_titles()
    rows = []
    for r in rollups:
        row: dict[str, object] = {
            tr("compare.col.organisation"): r.label,
            tr("compare.col.groups_included"): r.groups_included,
            tr("compare.col.groups_left_out"): r.groups_left_out,
            tr("compare.col.respondents"): r.respondents,
        }
        cells = {c.dimension: c for c in r.cells}
        for dim, title in titles.items():
            row[title] = round(cells[dim].mean) if dim in cells else None
        rows.append(row)
    return pd.DataFrame(rows)


def network_table(rows: Sequence[GroupNetwork]) -> pd.DataFrame:
    """Network measures per group; hidden groups show their respondent count only."""
    return pd.DataFrame(
        [
            {
                **_ref_columns(r.ref),
                tr("compare.col.respondents"): r.respondents,
                tr("compare.col.status"): status(r.respondents, r.suppressed),
                tr("compare.col.density"): _round(r.density, 2),
                tr("compare.col.centralisation"): _round(r.centralisation, 2),
                tr("compare.col.ei"): _round(r.ei_index, 2),
                tr("compare.col.isolates"): _round(r.isolates_share, 2),
                tr("compare.col.brokers"): r.brokers,
            }
            for r in rows
        ]
    )


def learning_table(rows: Sequence[GroupLearning]) -> pd.DataFrame:
    """Learners and completed lessons per group."""
    return pd.DataFrame(
        [
            {
                **_ref_columns(r.ref),
                tr("compare.col.learners"): r.learners,
                tr("compare.col.status"): status(r.learners, r.suppressed),
                tr("compare.col.lessons_completed"): r.lessons_completed,
                tr("compare.col.completed_one"): r.members_completed_one,
            }
            for r in rows
        ]
    )


def change_table(rows: Sequence[GroupChange]) -> pd.DataFrame:
    """Change in mean per dimension per group, in points (blank where not shown)."""
    titles = dimension_titles()
    out = []
    for r in rows:
        row: dict[str, object] = {
            **_ref_columns(r.ref),
            tr("compare.col.status"): status(
                min(r.respondents_before, r.respondents_after), r.suppressed
            ),
        }
        for dim, title in titles.items():
            delta = r.delta(dim)
            row[title] = None if delta is None else round(delta, 1)
        out.append(row)
    return pd.DataFrame(out)


def _ref_columns(ref: GroupRef) -> dict[str, object]:
    return {
        tr("compare.col.organisation"): ref.organisation,
        tr("compare.col.group"): ref.group,
        tr("compare.col.kind"): tr(f"compare.kind.{ref.kind}"),
        tr("compare.col.members"): ref.members,
    }


def _label(ref: GroupRef) -> str:
    return html.escape(f"{ref.organisation} – {ref.group}")


def _mean(group: GroupScores, dimension: str) -> float | None:
    cell = group.cell(dimension)
    return None if cell is None else cell.mean


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)
