"""Export files: only groups above the threshold, no formula can run, no names in networks."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine
from sqlmodel import select

from core.comparison import dimension_scores
from core.db import get_engine, migrate, read_session, write_session
from core.exports import facilitator_network_view, scores_csv, scores_rows, scores_xlsx
from core.models import Participant, Tie
from core.network_data import export_bytes
from tests.core.test_aggregates import GroupSpec, Region, build_region

EVIL_ORG = '=HYPERLINK("http://example.com/x","Klikk her")'
SPECS = (
    GroupSpec(EVIL_ORG, "+SUM(A1:A9)", "management", 7, (6, 6)),
    GroupSpec(EVIL_ORG, "@cmd", "network", 6, (5, 5)),
    GroupSpec("Sørby kommune", "-2+3", "management", 6, (5, 5)),
    GroupSpec("Sørby kommune", "Liten gruppe", "network", 4, (3, 3)),
)


@pytest.fixture
def engine(tmp_path) -> Iterator[Engine]:  # type: ignore[no-untyped-def]
    engine = get_engine(f"sqlite:///{tmp_path / 'exports.db'}")
    migrate(engine)
    yield engine
    engine.dispose()
    get_engine.cache_clear()


@pytest.fixture
def region(engine: Engine) -> Region:
    return build_region(engine, specs=SPECS)


def _rows(engine: Engine, region: Region, lang: str = "nb") -> list[list[object]]:
    with read_session(engine) as session:
        groups = dimension_scores(
            session, cohort_id=region.cohort_id, round_id=region.round_ids[0], threshold=5
        )
    return scores_rows(groups, lang=lang)


def test_formula_names_are_inert_in_csv(engine: Engine, region: Region) -> None:
    data = scores_csv(_rows(engine, region))
    assert data.startswith("\ufeff".encode())  # Excel reads æøå only with the BOM
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    first_cells = {row[0] for row in parsed[1:]} | {row[1] for row in parsed[1:]}
    assert "'" + EVIL_ORG in first_cells
    assert {"'+SUM(A1:A9)", "'@cmd", "'-2+3"} <= first_cells
    for row in parsed:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell


def test_formula_names_are_inert_in_excel(engine: Engine, region: Region) -> None:
    workbook = load_workbook(io.BytesIO(scores_xlsx(_rows(engine, region))))
    sheet = workbook.active
    texts = []
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.value  # no cell is a formula
            if isinstance(cell.value, str):
                texts.append(cell.value)
    assert "'" + EVIL_ORG in texts
    assert "'@cmd" in texts
    numbers = [c.value for c in next(sheet.iter_rows(min_row=2, max_row=2))[3:6]]
    assert all(isinstance(v, int | float) for v in numbers), numbers


def test_groups_below_the_threshold_are_not_in_the_file(engine: Engine, region: Region) -> None:
    rows = _rows(engine, region, lang="en")
    assert rows[0][:5] == ["Organisation name", "Group", "Group kind", "Members", "Answers"]
    groups = [row[1] for row in rows[1:]]
    assert len(groups) == 3
    assert "Liten gruppe" not in groups
    assert all(row[4] >= 5 for row in rows[1:])  # type: ignore[operator]


def _ties(engine: Engine, region: Region) -> None:
    with write_session(engine) as session:
        for spec in SPECS:
            gid = region.group_ids[(spec.organisation, spec.name)]
            people = session.exec(select(Participant).where(Participant.group_id == gid)).all()
            for i, person in enumerate(people[: spec.answered[0]]):
                session.add(
                    Tie(
                        round_id=region.round_ids[0],
                        source_id=person.id,
                        target_id=people[(i + 1) % len(people)].id,
                        relation="advice",
                    )
                )


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "edges_csv", "nodes_csv"])
def test_network_files_carry_neutral_labels_only(engine: Engine, region: Region, fmt: str) -> None:
    _ties(engine, region)
    gid = region.group_ids[(EVIL_ORG, "+SUM(A1:A9)")]
    with read_session(engine) as session:
        view = facilitator_network_view(
            session, group_id=gid, round_id=region.round_ids[0], threshold=5
        )
        names = [p.name for p in session.exec(select(Participant)).all()]
    data = export_bytes(view, fmt).decode("utf-8-sig")
    assert "Person 1" in data
    assert not [name for name in names if name in data]
    assert view.respondents == 6


def test_a_small_groups_network_cannot_be_exported(engine: Engine, region: Region) -> None:
    _ties(engine, region)
    gid = region.group_ids[("Sørby kommune", "Liten gruppe")]
    with read_session(engine) as session:
        view = facilitator_network_view(
            session, group_id=gid, round_id=region.round_ids[0], threshold=5
        )
    assert not view.names.visible
    assert view.people == []
    with pytest.raises(PermissionError):
        export_bytes(view, "graphml")
