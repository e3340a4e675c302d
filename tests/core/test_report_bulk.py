"""core.report_bulk: one zip with a PDF per participant, safe names, progress per report."""

from __future__ import annotations

import io
import re
import zipfile

from sqlalchemy import Engine
from sqlmodel import col, select

from core.db import read_session
from core.models import Group, Organisation
from core.report_bulk import report_filename, report_roster, reports_zip
from tests.core.test_report_pdf import pdf_pages, pdf_text


def _management_group(engine: Engine, organisation: str) -> tuple[int, int]:
    with read_session(engine) as session:
        row = session.exec(
            select(Organisation.cohort_id, Group.id)
            .join(Organisation, col(Group.organisation_id) == Organisation.id)
            .where(Organisation.name == organisation, Group.kind == "management")
        ).one()
    return row[0], row[1]


def test_the_zip_holds_one_named_pdf_per_participant(demo_engine: Engine) -> None:
    cohort_id, group_id = _management_group(demo_engine, "Fjellbygd kommune")
    calls: list[tuple[int, int]] = []
    with read_session(demo_engine) as session:
        roster = report_roster(session, cohort_id=cohort_id, group_id=group_id)
        ids = [row.participant_id for row in roster]
        data = reports_zip(session, ids, "nb", on_progress=lambda d, n: calls.append((d, n)))

    assert len(ids) >= 5
    assert calls == [(done, len(ids)) for done in range(1, len(ids) + 1)]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert sorted(names) == sorted(f"fjellbygd-kommune-ledergruppen-{i}.pdf" for i in ids)
        assert all(re.fullmatch(r"[a-z0-9-]+\.pdf", name) for name in names)
        for row in roster:
            pdf = archive.read(f"fjellbygd-kommune-ledergruppen-{row.participant_id}.pdf")
            assert pdf.startswith(b"%PDF-")
            assert pdf_pages(pdf) >= 1
            assert row.name in pdf_text(pdf)


def test_the_roster_narrows_to_an_organisation_and_a_group(demo_engine: Engine) -> None:
    cohort_id, group_id = _management_group(demo_engine, "Elvedal kommune")
    with read_session(demo_engine) as session:
        cohort = report_roster(session, cohort_id=cohort_id)
        group = report_roster(session, cohort_id=cohort_id, group_id=group_id)
    assert len(cohort) > len(group) > 0
    assert {row.organisation for row in group} == {"Elvedal kommune"}
    assert {row.group for row in group} == {"Ledergruppen"}


def test_file_names_are_ascii_and_keep_the_norwegian_letters_readable() -> None:
    assert report_filename("Bærum kommune", "Ledergruppen / Øst", 42) == (
        "baerum-kommune-ledergruppen-ost-42.pdf"
    )
    assert report_filename("../..", "", 7) == "x-x-7.pdf"
    assert report_filename("Guovdageainnu gielda", "Čálli", 3) == (
        "guovdageainnu-gielda-calli-3.pdf"
    )
