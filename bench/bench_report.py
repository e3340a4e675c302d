"""Personal report generation for a demo participant: content, then PDF, first and later.

"First" is the first call in this process (fonts, lesson library and network analysis not
yet loaded); "later" are the calls after it. A participant in a large network group is
used, since the report analyses the group's network. When ``core.report`` or
``core.report_pdf`` is missing the rows say "not available" instead of failing.
"""

from __future__ import annotations

import importlib
from functools import partial
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from bench.common import Row, measured
from bench.demo_db import demo_database


def run(quick: bool = False) -> list[Row]:
    """Rows for build_report and render_pdf, first call and later calls."""
    try:
        report = importlib.import_module("core.report")
        report_pdf = importlib.import_module("core.report_pdf")
    except ImportError as exc:
        note = f"not available: {exc}"
        return [Row("personal report (build_report)", "-", note=note)]
    repeats = 1 if quick else 5
    with demo_database() as engine:
        participant = _participant_in_largest_group(engine)
        label = "demo, 1 participant"

        def build() -> Any:
            with Session(engine) as session:
                return report.build_report(session, participant, "nb")

        first_build = measured(build, 1)
        later_build = measured(build, repeats)
        built = build()
        first_pdf = measured(partial(report_pdf.render_pdf, built), 1)
        later_pdf = measured(partial(report_pdf.render_pdf, built), repeats)
    return [
        Row("personal report content (build_report)", f"{label}, first", *first_build),
        Row("personal report content (build_report)", f"{label}, later", *later_build),
        Row("personal report PDF (render_pdf)", f"{label}, first", *first_pdf),
        Row("personal report PDF (render_pdf)", f"{label}, later", *later_pdf),
    ]


def _participant_in_largest_group(engine: Engine) -> int:
    """A consented member of the group with the most submitted self-assessments."""
    from core.models import AssessmentResponse, Consent, Participant

    with Session(engine) as session:
        query = (
            select(Participant.id, Participant.group_id)
            .join(Consent, col(Consent.participant_id) == Participant.id)
            .join(AssessmentResponse, col(AssessmentResponse.participant_id) == Participant.id)
            .where(AssessmentResponse.status == "submitted")
        )
        rows = session.exec(query).all()
        sizes = dict(
            session.exec(
                select(Participant.group_id, func.count()).group_by(col(Participant.group_id))
            ).all()
        )
    participant_id, _ = max(rows, key=lambda row: (sizes.get(row[1], 0), -(row[0] or 0)))
    assert participant_id is not None
    return participant_id


if __name__ == "__main__":
    from bench.common import table

    print(table(run()))
