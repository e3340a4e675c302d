"""Files for the facilitator: scores per group (CSV, Excel) and a group's network per round.

The network files themselves are written by :func:`core.network_data.export_bytes` from the
view :func:`facilitator_network_view` returns.

Every file holds only what the comparison may show (core.comparison applies the anonymity
threshold), and every text cell passes :func:`core.network.export.safe_cell`, so a group or
organisation named ``=HYPERLINK(...)`` stays text in Excel and LibreOffice.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from sqlmodel import Session

from core.comparison import GroupScores
from core.i18n import t
from core.instruments import load_instrument, text
from core.models import Group, Organisation
from core.network.analysis import analyse
from core.network.export import safe_cell
from core.network_data import (
    EXPORT_FORMATS,
    NetworkView,
    anonymise,
    load_network,
    names_policy,
)
from core.privacy import anonymity_threshold

__all__ = [
    "EXPORT_FORMATS",
    "facilitator_network_view",
    "scores_csv",
    "scores_rows",
    "scores_xlsx",
]

Row = list[object]


def scores_rows(groups: Sequence[GroupScores], *, lang: str) -> list[Row]:
    """A header row, then one row per shown group: counts, then mean, SD and n per dimension.

    Groups below the threshold are left out entirely, so the file cannot be joined with
    anything to recover them.
    """
    instrument = load_instrument()
    header: Row = [
        t("compare.col.organisation", lang),
        t("compare.col.group", lang),
        t("compare.col.kind", lang),
        t("compare.col.members", lang),
        t("compare.col.respondents", lang),
    ]
    for dim in instrument.dimensions:
        title = text(dim.title, lang)
        header += [
            f"{title}: {t('compare.col.mean', lang)}",
            f"{title}: {t('compare.col.sd', lang)}",
            f"{title}: {t('compare.col.n', lang)}",
        ]
    rows = [header]
    for group in groups:
        if group.suppressed:
            continue
        row: Row = [
            group.ref.organisation,
            group.ref.group,
            t(f"compare.kind.{group.ref.kind}", lang),
            group.ref.members,
            group.respondents,
        ]
        for dim in instrument.dimensions:
            cell = group.cell(dim.id)
            row += (
                [None, None, None]
                if cell is None
                else [round(cell.mean, 1), round(cell.sd, 1), cell.n]
            )
        rows.append(row)
    return [[safe_cell(value) for value in row] for row in rows]


def scores_csv(rows: Sequence[Row], *, delimiter: str = ";") -> bytes:
    """UTF-8 with a byte order mark and ``;`` between cells: what Norwegian Excel opens."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell("" if value is None else value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def scores_xlsx(rows: Sequence[Row], *, sheet: str = "Samspill") -> bytes:
    """An Excel workbook of the rows; text cells are stored as text, never as formulas."""
    from openpyxl import Workbook  # imported here: only the export needs it

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet[:31]
    for row in rows:
        worksheet.append([safe_cell(value) for value in row])
    for cells in worksheet.iter_rows():
        for cell in cells:
            # openpyxl treats any string starting with "=" as a formula; safe_cell has
            # already quoted those, and this keeps every string a plain string.
            if isinstance(cell.value, str):
                cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def facilitator_network_view(
    session: Session, *, group_id: int, round_id: int, threshold: int | None = None
) -> NetworkView:
    """A group's network in a round as a facilitator may export it: neutral labels only.

    A facilitator belongs to no group, so :func:`core.network_data.names_policy` gives no
    real names; below the threshold nothing is visible and the export is refused.
    """
    group = session.get(Group, group_id)
    if group is None:
        raise LookupError(f"no group {group_id}")
    organisation = session.get(Organisation, group.organisation_id)
    assert organisation is not None
    data = load_network(
        session, cohort_id=organisation.cohort_id, round_id=round_id, group_id=group_id
    )
    limit = anonymity_threshold(threshold)
    view = names_policy(
        members=dict.fromkeys((p.id for p in data.people), group_id),
        names={p.id: p.name for p in data.people},
        respondents_by_group={group_id: sum(p.responded for p in data.people)},
        viewer_group_id=None,
        named_network_groups=(),
        threshold=limit,
        salt=f"{round_id}",
    )
    respondents = sum(p.responded for p in data.people)
    title = f"{group.name}, {organisation.name}"
    if not view.visible:
        return NetworkView("group", round_id, title, respondents, len(data.people), limit, view)
    result = analyse(
        data.people, data.ties, partners=data.partners, expertise=data.expertise
    ).to_dict()
    people, ties = anonymise(data.people, data.ties, view)
    per_person = {view.labels[k]: v for k, v in dict(result.get("people", {})).items()}
    return NetworkView(
        scope="group",
        round_id=round_id,
        title=title,
        respondents=respondents,
        members=len(data.people),
        threshold=limit,
        names=view,
        people=people,
        ties=ties,
        analysis={**result, "people": per_person},
    )
