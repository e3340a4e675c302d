"""Roster import: every kind of bad file gets a clear answer, and nothing is half-imported."""

from __future__ import annotations

import io
import time

import pytest
from openpyxl import Workbook
from sqlalchemy import Engine
from sqlmodel import Session, select

from core import roster_import
from core.course_setup import create_cohort
from core.db import read_session, write_session
from core.models import Group, Organisation, Participant
from core.roster_import import Action, RosterImportError, apply, preview

HEADER_NB = "navn;e-post;rolle;avdeling;kommune;gruppe;leder ja/nei"
ROWS_NB = [
    "Åse Ødegård;Ase.Odegard@Example.no ;Kommunedirektør;Stab;Ås kommune;Ledergruppen;ja",
    "Bjørn Æsøy;bjorn@example.no;Kommunalsjef;Helse;Ås kommune;Ledergruppen;nei",
    "Cecilie Berg;cecilie@example.no;Rådgiver;IKT;Vik kommune;Ledernettverket;",
]


def _csv(lines: list[str], *, encoding: str = "utf-8") -> bytes:
    return "\r\n".join(lines).encode(encoding)


@pytest.fixture
def cohort_id(session: Session) -> int:
    cohort = create_cohort(session, name="Region Vest 2026")
    assert cohort.id is not None
    return cohort.id


def _actions(result: roster_import.RosterPreview) -> list[Action]:
    return [line.action for line in result.lines]


@pytest.mark.parametrize(
    ("data", "label"),
    [
        (_csv([HEADER_NB, *ROWS_NB]), "semicolon utf-8"),
        (_csv([HEADER_NB.replace(";", ","), *[r.replace(";", ",") for r in ROWS_NB]]), "comma"),
        (b"\xef\xbb\xbf" + _csv([HEADER_NB, *ROWS_NB]), "utf-8 with BOM"),
        (_csv([HEADER_NB, *ROWS_NB], encoding="cp1252"), "cp1252 from Norwegian Excel"),
    ],
)
def test_csv_variants_read_the_same_people(
    session: Session, cohort_id: int, data: bytes, label: str
) -> None:
    result = preview(session, cohort_id, data, "ansatte.csv")
    assert not result.problems, label
    assert _actions(result) == [Action.CREATE] * 3, label
    first = result.lines[0].row
    assert first is not None
    assert first.name == "Åse Ødegård"
    assert first.email == "ase.odegard@example.no"
    assert first.organisation == "Ås kommune"
    assert first.is_leader is True
    assert result.lines[2].row is not None
    assert result.lines[2].row.is_leader is False


def test_xlsx_with_english_headers_is_read(session: Session, cohort_id: int) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Name", "E-mail", "Role", "Department", "Organisation", "Group", "Leader"])
    sheet.append(
        ["Dag Ås", "dag@example.no", "Chief", "Staff", "Vik kommune", "Ledergruppen", True]
    )
    sheet.append([None, None, None, None, None, None, None])
    sheet.append(["Eva Li", "eva@example.no", None, None, "Vik kommune", "Ledergruppen", "no"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = preview(session, cohort_id, buffer.getvalue(), "roster.xlsx")
    assert not result.problems
    assert _actions(result) == [Action.CREATE, Action.SKIP, Action.CREATE]
    assert result.lines[0].row is not None
    assert result.lines[0].row.is_leader is True
    assert result.lines[1].reason == "empty_row"


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (b"", "tom.csv", "empty"),
        (b"   \r\n\r\n", "tom.csv", "empty"),
        (b"navn;e-post\nKari;kari@example.no\n", "a.csv", "missing_columns"),
        (b"\x00\x01 binary", "roster.xls", "unknown_format"),
        (b"PK\x03\x04 not really a workbook", "roster.xlsx", "unreadable"),
        (b"x" * (roster_import.MAX_FILE_BYTES + 1), "stor.csv", "too_large"),
    ],
)
def test_unreadable_files_get_one_file_level_problem(
    session: Session, cohort_id: int, data: bytes, filename: str, code: str
) -> None:
    result = preview(session, cohort_id, data, filename)
    assert [p.code for p in result.problems] == [code]
    assert not result.lines
    assert not result.can_apply
    with pytest.raises(RosterImportError):
        apply(session, result)


def test_missing_columns_are_named(session: Session, cohort_id: int) -> None:
    result = preview(session, cohort_id, b"navn;rolle\nKari;Sjef\n", "a.csv")
    assert result.problems[0].params["columns"] == "email, organisation, group"


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (";kari@example.no;;;Ås kommune;Ledergruppen;ja", "missing_value"),
        ("Kari;;;;Ås kommune;Ledergruppen;ja", "missing_value"),
        ("Kari;kari@example.no;;;;Ledergruppen;ja", "missing_value"),
        ("Kari;kari(at)example.no;;;Ås kommune;Ledergruppen;ja", "invalid_email"),
        ("Kari;kari@example;;;Ås kommune;Ledergruppen;ja", "invalid_email"),
        ("Kari;kari@example.no;;;Ås kommune;Ledergruppen;kanskje", "bad_leader"),
        ("K" * 201 + ";kari@example.no;;;Ås kommune;Ledergruppen;ja", "too_long"),
    ],
)
def test_bad_rows_are_rejected_with_a_reason(
    session: Session, cohort_id: int, row: str, reason: str
) -> None:
    result = preview(session, cohort_id, _csv([HEADER_NB, row, ROWS_NB[1]]), "a.csv")
    assert _actions(result) == [Action.REJECT, Action.CREATE]
    assert result.lines[0].reason == reason
    assert result.lines[0].line == 2


def test_duplicate_email_in_the_file_is_rejected_after_the_first(
    session: Session, cohort_id: int
) -> None:
    again = ROWS_NB[1].replace("bjorn@", "BJORN@")
    result = preview(session, cohort_id, _csv([HEADER_NB, ROWS_NB[1], again]), "a.csv")
    assert _actions(result) == [Action.CREATE, Action.REJECT]
    assert result.lines[1].reason == "duplicate_email"
    assert result.lines[1].params == {"line": 2}


def test_a_person_in_two_groups_is_rejected_on_every_row(session: Session, cohort_id: int) -> None:
    other = ROWS_NB[1].replace("Ledergruppen", "Ledernettverket")
    result = preview(session, cohort_id, _csv([HEADER_NB, ROWS_NB[1], other]), "a.csv")
    assert _actions(result) == [Action.REJECT, Action.REJECT]
    assert {line.reason for line in result.lines} == {"two_groups"}
    assert result.lines[0].params["other"] == "Ås kommune / Ledernettverket"


def test_empty_rows_are_skipped_and_counted(session: Session, cohort_id: int) -> None:
    result = preview(
        session, cohort_id, _csv([HEADER_NB, ROWS_NB[0], ";;;;;;", "", ROWS_NB[1]]), "a.csv"
    )
    assert _actions(result) == [Action.CREATE, Action.SKIP, Action.SKIP, Action.CREATE]
    assert result.counts[Action.SKIP] == 2


def test_apply_creates_people_organisations_groups_and_invite_tokens(
    session: Session, cohort_id: int
) -> None:
    outcome = apply(session, preview(session, cohort_id, _csv([HEADER_NB, *ROWS_NB]), "a.csv"))
    assert (outcome.created, outcome.changed) == (3, 0)
    assert (outcome.organisations_created, outcome.groups_created) == (2, 2)
    people = session.exec(select(Participant)).all()
    assert len({p.invite_token for p in people}) == 3
    assert all(p.invite_token and len(p.invite_token) >= 43 for p in people)


def test_reimporting_the_same_file_changes_nothing(session: Session, cohort_id: int) -> None:
    data = _csv([HEADER_NB, *ROWS_NB])
    apply(session, preview(session, cohort_id, data, "a.csv"))
    tokens = {p.email: p.invite_token for p in session.exec(select(Participant))}
    again = preview(session, cohort_id, data, "a.csv")
    assert _actions(again) == [Action.UNCHANGED] * 3
    assert not again.can_apply
    outcome = apply(session, again)
    assert (outcome.created, outcome.changed, outcome.groups_created) == (0, 0, 0)
    assert {p.email: p.invite_token for p in session.exec(select(Participant))} == tokens
    assert len(session.exec(select(Organisation)).all()) == 2


def test_a_changed_row_says_what_changes_and_keeps_the_token(
    session: Session, cohort_id: int
) -> None:
    apply(session, preview(session, cohort_id, _csv([HEADER_NB, *ROWS_NB]), "a.csv"))
    before = session.exec(select(Participant).where(Participant.email == "bjorn@example.no")).one()
    token = before.invite_token
    moved = "Bjørn Æsøy;bjorn@example.no;Helsesjef;Helse;Ås kommune;Ledernettverket;ja"
    result = preview(session, cohort_id, _csv([HEADER_NB, moved]), "a.csv")
    line = result.lines[0]
    assert line.action is Action.CHANGE
    assert {c.field: (c.old, c.new) for c in line.changes} == {
        "role": ("Kommunalsjef", "Helsesjef"),
        "leader": ("no", "yes"),
        "group": ("Ås kommune / Ledergruppen", "Ås kommune / Ledernettverket"),
    }
    outcome = apply(session, result)
    assert outcome.changed == 1
    assert outcome.groups_created == 1
    after = session.exec(select(Participant).where(Participant.email == "bjorn@example.no")).one()
    group = session.get(Group, after.group_id)
    assert group is not None
    assert group.name == "Ledernettverket"
    assert after.invite_token == token
    assert after.is_leader


def test_organisation_names_match_regardless_of_case(session: Session, cohort_id: int) -> None:
    apply(session, preview(session, cohort_id, _csv([HEADER_NB, ROWS_NB[0]]), "a.csv"))
    lower = ROWS_NB[1].replace("Ås kommune", "ås kommune").replace("Ledergruppen", "ledergruppen")
    outcome = apply(session, preview(session, cohort_id, _csv([HEADER_NB, lower]), "a.csv"))
    assert (outcome.organisations_created, outcome.groups_created) == (0, 0)


def test_nothing_is_half_imported_when_writing_fails(
    session: Session, cohort_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    session.commit()
    calls = iter(range(100))

    def failing_token() -> str:
        if next(calls) == 2:
            raise RuntimeError("disk full")
        return f"token-{time.monotonic_ns()}-padding-to-be-long-enough-xx"

    monkeypatch.setattr(roster_import, "new_invite_token", failing_token)
    result = preview(session, cohort_id, _csv([HEADER_NB, *ROWS_NB]), "a.csv")
    with pytest.raises(RuntimeError, match="disk full"):
        apply(session, result)
    session.rollback()
    assert session.exec(select(Participant)).all() == []
    assert session.exec(select(Organisation)).all() == []


def test_ten_thousand_rows_preview_in_a_few_seconds(session: Session, cohort_id: int) -> None:
    lines = [HEADER_NB] + [
        f"Person {i};person{i}@example.no;Rådgiver;Avd {i % 40};Kommune {i % 30};Gruppe {i % 4};nei"
        for i in range(10_000)
    ]
    started = time.perf_counter()
    result = preview(session, cohort_id, _csv(lines), "stor.csv")
    elapsed = time.perf_counter() - started
    assert result.counts[Action.CREATE] == 10_000
    assert elapsed < 5, f"preview took {elapsed:.1f} s"
    outcome = apply(session, result)
    assert outcome.created == 10_000
    again = preview(session, cohort_id, _csv(lines), "stor.csv")
    assert again.counts[Action.UNCHANGED] == 10_000


def test_a_concurrent_import_ends_in_a_clear_error_and_writes_nothing(
    session: Session, cohort_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = _csv([HEADER_NB, ROWS_NB[0]])
    apply(session, preview(session, cohort_id, data, "a.csv"))
    session.commit()
    # As if another facilitator's import had created the organisation after our read.
    monkeypatch.setattr(roster_import, "organisations_of", lambda _s, _c: [])
    result = preview(session, cohort_id, _csv([HEADER_NB, ROWS_NB[1]]), "a.csv")
    with pytest.raises(RosterImportError, match="changed while importing"):
        apply(session, result)
    session.rollback()
    assert len(session.exec(select(Participant)).all()) == 1


def test_import_and_reimport_on_each_database(storage_engine: Engine) -> None:
    data = _csv([HEADER_NB, *ROWS_NB])
    with write_session(storage_engine) as session:
        cohort = create_cohort(session, name="Region Vest 2026")
        assert cohort.id is not None
        cohort_id = cohort.id
        outcome = apply(session, preview(session, cohort_id, data, "a.csv"))
    assert outcome.created == 3
    with write_session(storage_engine) as session:
        again = preview(session, cohort_id, data, "a.csv")
        assert _actions(again) == [Action.UNCHANGED] * 3
        assert apply(session, again).created == 0
    with read_session(storage_engine) as session:
        assert len(session.exec(select(Participant)).all()) == 3
