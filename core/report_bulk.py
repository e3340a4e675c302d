"""Many personal reports at once: one zip of PDFs, for the facilitator to hand out."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from core.models import Group, Organisation, Participant
from core.report import ReportCache, build_report
from core.report_pdf import render_pdf

__all__ = ["RosterRow", "report_filename", "report_roster", "reports_zip"]

_UNSAFE = re.compile(r"[^A-Za-z0-9]+")


@dataclass(frozen=True)
class RosterRow:
    """A participant a facilitator can make a report for, with the ID the CLI takes."""

    participant_id: int
    name: str
    organisation: str
    group: str


def report_roster(
    session: Session,
    *,
    cohort_id: int,
    organisation_id: int | None = None,
    group_id: int | None = None,
) -> list[RosterRow]:
    """The cohort's participants, narrowed to one organisation or group, in roster order."""
    query = (
        select(Participant.id, Participant.name, Organisation.name, Group.name)
        .join(Group, col(Participant.group_id) == Group.id)
        .join(Organisation, col(Group.organisation_id) == Organisation.id)
        .where(Organisation.cohort_id == cohort_id)
        .order_by(Organisation.name, Group.name, Participant.name, col(Participant.id))
    )
    if organisation_id is not None:
        query = query.where(Organisation.id == organisation_id)
    if group_id is not None:
        query = query.where(Group.id == group_id)
    return [
        RosterRow(participant_id=pid, name=name, organisation=org, group=group)
        for pid, name, org, group in session.exec(query).all()
        if pid is not None
    ]


def reports_zip(
    session: Session,
    participant_ids: Sequence[int],
    lang: str,
    on_progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """A zip with one PDF report per participant, named ``<organisation>-<group>-<id>.pdf``.

    ``on_progress(done, total)`` is called after each report, so a page can move a
    progress bar. Group results and network analyses are computed once per group and
    shared by its members' reports. Raises LookupError for an unknown participant.
    """
    cache = ReportCache()
    total = len(participant_ids)
    buffer = io.BytesIO()
    # PDFs are already compressed; storing them saves time and loses almost nothing.
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for done, participant_id in enumerate(participant_ids, start=1):
            report = build_report(session, participant_id, lang, cache=cache)
            name = report_filename(report.organisation, report.group, participant_id)
            archive.writestr(name, render_pdf(report))
            if on_progress is not None:
                on_progress(done, total)
    return buffer.getvalue()


def report_filename(organisation: str, group: str, participant_id: int) -> str:
    """A file name that is safe on every system: ASCII letters, digits and dashes.

    Examples
    --------
    >>> report_filename("Bærum kommune", "Ledergruppen / Øst", 42)
    'baerum-kommune-ledergruppen-ost-42.pdf'
    """
    return f"{_slug(organisation)}-{_slug(group)}-{participant_id}.pdf"


def _slug(value: str) -> str:
    """Lower-case ASCII, with æ, ø and å spelt the Norwegian way (ae, o, a)."""
    spelt = value.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    ascii_only = unicodedata.normalize("NFKD", spelt).encode("ascii", "ignore").decode("ascii")
    return _UNSAFE.sub("-", ascii_only).strip("-") or "x"
