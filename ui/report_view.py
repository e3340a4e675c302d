"""The personal report on a page: the same sections, in the same order, as its PDF.

Every text that may hold something a person typed (names, ambitions, group names inside
finding titles) is shown with Markdown escaped or as plain text, never as HTML.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from core.report import DimensionLine, PersonalReport
from ui.learning_shared import plain
from ui.score_chart import BAND_COLOURS
from ui.text import tr

_NO_SCORE = "#6B7280"
_INK = "#1B1F23"
_AXIS_TEXT = {"color": _INK, "size": 14}


def report_header(report: PersonalReport) -> None:
    """Who the report is about and when it was made, then the introduction."""
    rows = [
        ("report.meta.name", report.name),
        ("report.meta.group", report.group),
        ("report.meta.organisation", report.organisation),
        ("report.meta.cohort", report.cohort),
        ("report.meta.round", report.round_name or "–"),
        ("report.meta.generated", report.generated),
    ]
    st.markdown("  \n".join(f"**{tr(key)}:** {plain(value)}" for key, value in rows))
    st.write(report.intro)


def report_profile(report: PersonalReport) -> None:
    """Fitness, the dimension chart with ambition marks, its table and the group note."""
    st.header(tr("report.section.profile"))
    if not report.has_assessment:
        st.info(tr("report.profile.none"))
        st.page_link(
            "pages/assessment/self_assessment.py",
            label=tr("nav.assessment"),
            icon=":material/quiz:",
        )
        return
    if report.fitness is not None:
        st.markdown(
            "**"
            + tr("report.fitness", score=f"{report.fitness:.0f}", band=report.fitness_band_label)
            + "**"
        )
    else:
        st.write(tr("report.fitness_none"))
    _chart(report.dimensions)
    st.write(tr("report.chart.legend"))
    _table(report.dimensions)
    st.write(report.group_note)


def report_sections(report: PersonalReport) -> None:
    """Network position, findings, lessons, ambitions and next steps."""
    st.header(tr("report.section.network"))
    st.markdown("\n".join(f"- {plain(s)}" for s in report.network.sentences))

    st.header(tr("report.section.findings"))
    if not report.findings:
        st.write(tr("report.findings.none"))
    for finding in report.findings:
        st.subheader(plain(finding.title))
        note = "report.findings.about_you" if finding.about_you else "report.findings.group"
        st.markdown(f"*{tr(note)}* {plain(finding.evidence)}")
        st.markdown(f"**{tr('report.findings.action')}:** {plain(finding.action)}")

    st.header(tr("report.section.lessons"))
    if not report.lessons:
        st.write(tr("report.lessons.none"))
    for lesson in report.lessons:
        meta = tr("report.lessons.meta", module=lesson.module_title, minutes=lesson.minutes)
        st.markdown(f"**{plain(lesson.title)}**  \n{plain(meta)}  \n{plain(lesson.reason)}")

    st.header(tr("report.section.ambitions"))
    if not report.ambitions:
        st.write(tr("report.ambitions.none"))
    for ambition in report.ambitions:
        with st.container(border=True):
            st.text(ambition.text)
            st.write(tr("report.ambitions.due", status=ambition.status, due=ambition.due))

    st.header(tr("report.section.next_steps"))
    st.write(tr("report.page.steps_intro"))
    st.markdown(
        "\n".join(f"{n}. {plain(step)}" for n, step in enumerate(report.next_steps, start=1))
    )


def _chart(lines: Sequence[DimensionLine]) -> None:
    """Bars in band colours with the band in words, the ambition as a black mark."""
    rows = list(reversed(lines))  # plotly draws the first category at the bottom
    labels = [f"{line.title}<br><b>{line.band_label}</b>" for line in rows]
    values = [line.score or 0.0 for line in rows]
    figure = go.Figure(
        go.Bar(
            x=values,
            y=labels,
            orientation="h",
            text=["–" if line.score is None else f"{line.score:.0f}" for line in rows],
            textposition=["inside" if v >= 15 else "outside" for v in values],
            insidetextanchor="end",
            marker_color=[BAND_COLOURS.get(line.band or "", _NO_SCORE) for line in rows],
            insidetextfont={"color": "white"},
            outsidetextfont={"color": _INK},
            cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra></extra>",
            showlegend=False,
        )
    )
    marked = [(line.ambition, label) for line, label in zip(rows, labels, strict=True)]
    figure.add_trace(
        go.Scatter(
            x=[a for a, _ in marked if a is not None],
            y=[label for a, label in marked if a is not None],
            mode="markers",
            marker={"symbol": "line-ns", "size": 26, "line": {"width": 4, "color": _INK}},
            name=tr("report.col.ambition"),
            hovertemplate=tr("report.col.ambition") + ": %{x:.0f}<extra></extra>",
            showlegend=False,
        )
    )
    figure.update_layout(
        height=70 + 52 * len(rows), margin={"l": 10, "r": 24, "t": 10, "b": 40}, font={"size": 14}
    )
    figure.update_yaxes(automargin=True, tickfont=_AXIS_TEXT)
    figure.update_xaxes(
        range=[0, 100],
        autorange=False,
        tickfont=_AXIS_TEXT,
        title={"text": tr("report.col.score"), "font": _AXIS_TEXT},
    )
    st.plotly_chart(
        figure, key="report.chart", config={"displayModeBar": False}, alt=tr("report.chart.alt")
    )


def _table(lines: Sequence[DimensionLine]) -> None:
    """The chart's numbers, with the gap in words and the group mean where it may be shown."""
    columns: dict[str, list[str]] = {
        tr("report.col.dimension"): [line.title for line in lines],
        tr("report.col.score"): [_number(line.score) for line in lines],
        tr("report.col.band"): [line.band_label for line in lines],
        tr("report.col.ambition"): [_number(line.ambition) for line in lines],
        tr("report.col.gap"): [line.gap_text or "–" for line in lines],
    }
    if any(line.group_mean is not None for line in lines):
        columns[tr("report.col.group")] = [
            f"{_number(line.group_mean)} · {line.group_band_label}"
            if line.group_mean is not None
            else "–"
            for line in lines
        ]
    st.table(pd.DataFrame(columns), hide_index=True)


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"
