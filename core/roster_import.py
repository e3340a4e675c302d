"""Roster import from HR spreadsheets: preview every row first, then write all or nothing.

A person is recognised by e-mail within the cohort, so re-importing a file finds everyone
again and changes nothing. Rows are never partly applied: `preview` only reads, and `apply`
writes inside the caller's single transaction.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from core.i18n import t
from core.models import Group, Organisation, Participant
from core.repositories import groups_of_cohort, organisations_of, roster_of_cohort
from core.tokens import new_invite_token

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "REQUIRED_COLUMNS",
    "Action",
    "Change",
    "FileProblem",
    "ImportResult",
    "PreviewLine",
    "RosterImportError",
    "RosterPreview",
    "RosterRow",
    "apply",
    "describe_line",
    "describe_problem",
    "preview",
]

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
MAX_FIELD_LENGTH = 200
MAX_EMAIL_LENGTH = 320
REQUIRED_COLUMNS = ("name", "email", "organisation", "group")

# Header spellings seen in Norwegian and English HR exports, folded by `_fold_header`.
_HEADERS: dict[str, str] = {
    **dict.fromkeys(["name", "navn", "fulltnavn", "fullname"], "name"),
    **dict.fromkeys(
        ["email", "epost", "mail", "emailaddress", "epostadresse", "emailadresse"], "email"
    ),
    **dict.fromkeys(["role", "rolle", "stilling", "title", "jobtitle"], "role"),
    **dict.fromkeys(["department", "avdeling", "enhet", "unit", "sektor"], "department"),
    **dict.fromkeys(
        [
            "organisation",
            "organization",
            "organisasjon",
            "kommune",
            "municipality",
            "virksomhet",
        ],
        "organisation",
    ),
    **dict.fromkeys(["group", "gruppe"], "group"),
    **dict.fromkeys(
        ["leader", "leder", "lederjanei", "leaderyesno", "isleader", "erleder"], "leader"
    ),
}
_YES = frozenset({"ja", "j", "yes", "y", "true", "1", "x"})
_NO = frozenset({"nei", "n", "no", "false", "0", ""})
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


class Action(StrEnum):
    """What importing a row would do."""

    CREATE = "create"
    CHANGE = "change"
    UNCHANGED = "unchanged"
    REJECT = "reject"
    SKIP = "skip"


class RosterImportError(ValueError):
    """`apply` was handed a preview that cannot be written."""


@dataclass(frozen=True)
class FileProblem:
    """Why the whole file cannot be read; `code` and `params` are translated by the caller."""

    code: str
    params: dict[str, str | int] = field(default_factory=dict)


@dataclass(frozen=True)
class RosterRow:
    """One person as the file describes them, normalised."""

    name: str
    email: str
    role: str
    department: str
    organisation: str
    group: str
    is_leader: bool


@dataclass(frozen=True)
class Change:
    """One field that importing would change for an existing participant."""

    field: str
    old: str
    new: str


@dataclass(frozen=True)
class PreviewLine:
    """One data row of the file (`line` counts the header as line 1) and its outcome."""

    line: int
    action: Action
    name: str
    email: str
    row: RosterRow | None = None
    changes: tuple[Change, ...] = ()
    reason: str = ""
    params: dict[str, str | int] = field(default_factory=dict)


@dataclass(frozen=True)
class RosterPreview:
    """Everything an import would do, row by row, before anything is written."""

    cohort_id: int
    lines: tuple[PreviewLine, ...] = ()
    problems: tuple[FileProblem, ...] = ()

    @property
    def counts(self) -> dict[Action, int]:
        """How many rows end in each action (every action present, zero or not)."""
        found = Counter(line.action for line in self.lines)
        return {action: found.get(action, 0) for action in Action}

    @property
    def can_apply(self) -> bool:
        """True when the file was readable and at least one row would create or change."""
        counts = self.counts
        return not self.problems and (counts[Action.CREATE] + counts[Action.CHANGE]) > 0


@dataclass(frozen=True)
class ImportResult:
    """What `apply` wrote."""

    created: int
    changed: int
    organisations_created: int
    groups_created: int


def preview(session: Session, cohort_id: int, file_bytes: bytes, filename: str) -> RosterPreview:
    """Read a roster file and say, per row, what importing it into the cohort would do.

    Notes
    -----
    The cohort's participants are read in one query and matched by e-mail in memory, so a
    file of 10,000 rows costs one query. Participants missing from the file are left
    alone: a roster import adds and updates, it never deletes.
    """
    if not file_bytes.strip():
        return RosterPreview(cohort_id, problems=(FileProblem("empty"),))
    if len(file_bytes) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        return RosterPreview(cohort_id, problems=(FileProblem("too_large", {"limit": limit}),))
    table = _read_table(file_bytes, filename)
    if isinstance(table, FileProblem):
        return RosterPreview(cohort_id, problems=(table,))
    header, body = table
    columns = _map_columns(header)
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        problem = FileProblem("missing_columns", {"columns": ", ".join(missing)})
        return RosterPreview(cohort_id, problems=(problem,))
    if len(body) > MAX_ROWS:
        return RosterPreview(
            cohort_id, problems=(FileProblem("too_many_rows", {"limit": MAX_ROWS}),)
        )
    existing = _existing_by_email(session, cohort_id)
    return RosterPreview(cohort_id, lines=tuple(_judge_rows(body, columns, existing)))


def apply(session: Session, roster: RosterPreview) -> ImportResult:
    """Write every create and change of a preview in the caller's transaction.

    The decisions are checked again against the database as it is now, so a preview made
    before someone else's import still creates nobody twice.
    """
    if roster.problems:
        raise RosterImportError("the file has problems; nothing can be imported from it")
    try:
        return _write(session, roster)
    except IntegrityError as exc:
        # Another import created the same organisation, group or person a moment earlier.
        raise RosterImportError(
            "the roster changed while importing; nothing was imported, try again"
        ) from exc


def describe_line(line: PreviewLine, lang: str) -> str:
    """Why a row is rejected or skipped, or which fields it changes, in `lang`."""
    if line.reason:
        return t(f"course.roster.reason.{line.reason}", lang, **_translated(line.params, lang))
    return "; ".join(
        t(
            "course.roster.change",
            lang,
            field=t(f"course.roster.field.{c.field}", lang),
            old=c.old or "–",
            new=c.new or "–",
        )
        for c in line.changes
    )


def describe_problem(problem: FileProblem, lang: str) -> str:
    """Why the whole file cannot be imported, in `lang`."""
    return t(f"course.roster.problem.{problem.code}", lang, **_translated(problem.params, lang))


def _translated(params: dict[str, str | int], lang: str) -> dict[str, str | int]:
    # Column lists are kept as internal names so the CLI and the page can word them.
    if "columns" not in params:
        return params
    names = str(params["columns"]).split(", ")
    words = ", ".join(t(f"course.roster.field.{name}", lang) for name in names)
    return {**params, "columns": words}


def _write(session: Session, roster: RosterPreview) -> ImportResult:
    cohort_id = roster.cohort_id
    organisations = {o.name.casefold(): o for o in organisations_of(session, cohort_id)}
    groups = {
        (g.organisation_id, g.name.casefold()): g for g, _ in groups_of_cohort(session, cohort_id)
    }
    people = {p.email.casefold(): p for p, _, _ in roster_of_cohort(session, cohort_id) if p.email}
    created = changed = new_orgs = new_groups = 0
    for line in roster.lines:
        row = line.row
        if row is None or line.action not in (Action.CREATE, Action.CHANGE):
            continue
        organisation = organisations.get(row.organisation.casefold())
        if organisation is None:
            organisation = Organisation(cohort_id=cohort_id, name=row.organisation)
            session.add(organisation)
            session.flush()
            organisations[row.organisation.casefold()] = organisation
            new_orgs += 1
        assert organisation.id is not None
        group = groups.get((organisation.id, row.group.casefold()))
        if group is None:
            group = Group(organisation_id=organisation.id, name=row.group)
            session.add(group)
            session.flush()
            groups[(organisation.id, row.group.casefold())] = group
            new_groups += 1
        assert group.id is not None
        person = people.get(row.email)
        if person is None:
            person = Participant(
                group_id=group.id, name=row.name, email=row.email, invite_token=new_invite_token()
            )
            people[row.email] = person
            created += 1
        elif _differs(row, person, group.id):
            changed += 1
        else:
            continue
        person.group_id = group.id
        person.name = row.name
        person.role = row.role
        person.department = row.department
        person.is_leader = row.is_leader
        session.add(person)
    session.flush()
    return ImportResult(created, changed, new_orgs, new_groups)


@dataclass(frozen=True)
class _Existing:
    participant: Participant
    group: str
    organisation: str


def _existing_by_email(session: Session, cohort_id: int) -> dict[str, _Existing]:
    return {
        p.email.casefold(): _Existing(p, g.name, o.name)
        for p, g, o in roster_of_cohort(session, cohort_id)
        if p.email
    }


def _judge_rows(
    body: list[list[str]], columns: dict[str, int], existing: dict[str, _Existing]
) -> list[PreviewLine]:
    checked = [_check_row(offset + 2, cells, columns) for offset, cells in enumerate(body)]
    # A person filed under two groups is rejected on every row: the file does not say which
    # group is right. The same person twice in the same group is imported once.
    places: dict[str, dict[str, str]] = {}
    for item in checked:
        if isinstance(item, RosterRow):
            places.setdefault(item.email, {})[_place(item).casefold()] = _place(item)
    first_line: dict[str, int] = {}
    lines: list[PreviewLine] = []
    for offset, item in enumerate(checked):
        line_no = offset + 2
        if isinstance(item, PreviewLine):
            lines.append(item)
            continue
        if len(places[item.email]) > 1:
            others = [v for k, v in places[item.email].items() if k != _place(item).casefold()]
            lines.append(_reject(line_no, item.name, item.email, "two_groups", other=others[0]))
        elif item.email in first_line:
            earlier = first_line[item.email]
            lines.append(_reject(line_no, item.name, item.email, "duplicate_email", line=earlier))
        else:
            first_line[item.email] = line_no
            lines.append(_compare(line_no, item, existing.get(item.email)))
    return lines


def _check_row(line_no: int, cells: list[str], columns: dict[str, int]) -> RosterRow | PreviewLine:
    if not any(cell.strip() for cell in cells):
        return PreviewLine(line_no, Action.SKIP, "", "", reason="empty_row")
    values = {
        name: " ".join(cells[index].split()) if index < len(cells) else ""
        for name, index in columns.items()
    }
    name, email = values.get("name", ""), values.get("email", "").casefold()
    missing = [column for column in REQUIRED_COLUMNS if not values.get(column)]
    if missing:
        return _reject(line_no, name, email, "missing_value", columns=", ".join(missing))
    if len(email) > MAX_EMAIL_LENGTH or not _EMAIL.match(email):
        return _reject(line_no, name, email, "invalid_email", value=email)
    too_long = [c for c, v in values.items() if c != "email" and len(v) > MAX_FIELD_LENGTH]
    if too_long:
        columns_text = ", ".join(too_long)
        return _reject(
            line_no, name, email, "too_long", columns=columns_text, limit=MAX_FIELD_LENGTH
        )
    leader = values.get("leader", "").casefold()
    if leader not in _YES and leader not in _NO:
        return _reject(line_no, name, email, "bad_leader", value=values.get("leader", ""))
    return RosterRow(
        name=name,
        email=email,
        role=values.get("role", ""),
        department=values.get("department", ""),
        organisation=values["organisation"],
        group=values["group"],
        is_leader=leader in _YES,
    )


def _reject(line_no: int, name: str, email: str, reason: str, **params: str | int) -> PreviewLine:
    return PreviewLine(line_no, Action.REJECT, name, email, reason=reason, params=params)


def _place(row: RosterRow) -> str:
    return f"{row.organisation} / {row.group}"


def _compare(line_no: int, row: RosterRow, known: _Existing | None) -> PreviewLine:
    if known is None:
        return PreviewLine(line_no, Action.CREATE, row.name, row.email, row=row)
    person = known.participant
    old_place = f"{known.organisation} / {known.group}"
    new_place = _place(row)
    pairs = [
        ("name", person.name, row.name),
        ("role", person.role, row.role),
        ("department", person.department, row.department),
        ("leader", _yes_no(person.is_leader), _yes_no(row.is_leader)),
    ]
    changes = [Change(f, old, new) for f, old, new in pairs if old != new]
    if old_place.casefold() != new_place.casefold():
        changes.append(Change("group", old_place, new_place))
    if not changes:
        return PreviewLine(line_no, Action.UNCHANGED, row.name, row.email, row=row)
    return PreviewLine(line_no, Action.CHANGE, row.name, row.email, row=row, changes=tuple(changes))


def _differs(row: RosterRow, person: Participant, group_id: int) -> bool:
    return (
        person.group_id != group_id
        or person.name != row.name
        or person.role != row.role
        or person.department != row.department
        or person.is_leader != row.is_leader
    )


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _read_table(data: bytes, filename: str) -> tuple[list[str], list[list[str]]] | FileProblem:
    suffix = filename.rsplit(".", 1)[-1].casefold() if "." in filename else ""
    if suffix == "xlsx" or (suffix not in ("csv", "txt") and data[:4] == b"PK\x03\x04"):
        rows = _read_xlsx(data)
    elif suffix in ("csv", "txt", ""):
        rows = _read_csv(data)
    else:
        return FileProblem("unknown_format", {"name": filename})
    if isinstance(rows, FileProblem):
        return rows
    # Rows above the header that are wholly empty (a title line left blank) are skipped.
    while rows and not any(cell.strip() for cell in rows[0]):
        rows.pop(0)
    if not rows:
        return FileProblem("empty")
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    return rows[0], rows[1:]


def _read_csv(data: bytes) -> list[list[str]] | FileProblem:
    text = _decode(data)
    first = text.lstrip().split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    try:
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        return FileProblem("unreadable", {"detail": str(exc)})


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Norwegian Excel saves "CSV" as Windows-1252; every byte decodes, so this never fails.
        return data.decode("cp1252", errors="replace")


def _read_xlsx(data: bytes) -> list[list[str]] | FileProblem:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        return FileProblem("unreadable", {"detail": type(exc).__name__})
    try:
        sheet = workbook.worksheets[0]
        return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _map_columns(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        name = _HEADERS.get(_fold_header(title))
        if name is not None and name not in columns:
            columns[name] = index
    return columns


def _fold_header(title: str) -> str:
    return "".join(c for c in title.casefold() if c.isalnum())
