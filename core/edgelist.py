"""Reading edge and node CSV files robustly, and analysing them like survey answers."""

from __future__ import annotations

import codecs
import csv
import io
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.network.analysis import analyse
from core.network.graph import Person, Tie

__all__ = [
    "EDGE_COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_PEOPLE",
    "MAX_TIES",
    "NODE_ID_COLUMNS",
    "EdgeFile",
    "EdgeListError",
    "NodeFile",
    "analyse_edge_files",
    "read_edge_file",
    "read_node_file",
]

MAX_FILE_BYTES = 20 * 1024 * 1024
"""Largest file accepted (20 MB): far above any survey, far below what would exhaust
memory; a 300-person municipality with 10 ties each is about 60 kB."""

MAX_TIES = 200_000
"""Most ties analysed from one file; near this size one analysis already takes a couple
of minutes (15,000 people with 150,000 ties: about 70 s on two cores)."""

MAX_PEOPLE = 20_000
"""Most distinct people analysed from one pair of files."""

EDGE_COLUMNS: dict[str, tuple[str, ...]] = {
    "source": ("source", "from", "ego", "fra"),
    "target": ("target", "to", "alter", "til"),
    "weight": ("weight", "frequency", "vekt", "frekvens"),
    "relation": ("relation", "relasjon"),
}
"""Accepted header names (case-insensitive) for each edge-file column."""

NODE_ID_COLUMNS: tuple[str, ...] = ("id", "node")
"""Accepted header names of the id column of a node file."""

_TRUE = frozenset({"1", "true", "yes", "ja", "y", "j", "x"})
_FALSE = frozenset({"0", "false", "no", "nei", "n", ""})


class EdgeListError(ValueError):
    """Input that cannot be analysed; the message says what is wrong and where."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class EdgeFile:
    """Ties read from an edge file, with notes on what was dropped or merged."""

    ties: tuple[Tie, ...]
    notes: tuple[str, ...]
    has_relation: bool
    has_weight: bool
    relations: tuple[str, ...]


@dataclass(frozen=True)
class NodeFile:
    """Rows of a node file by id (column -> text), in file order, with notes."""

    rows: dict[str, dict[str, str]]
    columns: tuple[str, ...]
    notes: tuple[str, ...]


def read_edge_file(path: str | Path) -> EdgeFile:
    """Read ties from a CSV file with columns source, target and optional weight, relation.

    Parameters
    ----------
    path : str or Path
        CSV file separated by ``,``, ``;`` or tab, in UTF-8 (with or without BOM),
        UTF-16 with BOM, or Windows-1252.

    Returns
    -------
    EdgeFile

    Raises
    ------
    EdgeListError
        Empty, too large or unreadable file; missing columns; a row without source or
        target; a weight that is not a positive number; no ties at all.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "e.csv"
    ...     _ = path.write_text("fra;til;vekt\\nÅse;Bjørn;2,5\\nÅse;Åse;1\\n", encoding="utf-8")
    ...     edges = read_edge_file(path)
    >>> edges.ties
    (Tie(source='Åse', target='Bjørn', relation='information', weight=2.5),)
    >>> edges.notes[0]
    'Dropped 1 self-tie (someone naming themself).'

    Notes
    -----
    Ids are the cell text with surrounding spaces removed. Self-ties are dropped and
    repeated ties (same source, target and relation) merged into one with the largest
    weight; both are counted in ``notes``. An empty weight cell counts as 1 (noted).
    Without a relation column every tie gets the relation "information". With ``;`` or
    tab as separator a decimal comma is accepted in weights. Blank lines are skipped.
    """
    file = Path(path)
    header, rows, notes, delimiter = _read_table(file)
    columns = _edge_columns(header, file)
    ties: dict[tuple[str, str, str], float] = {}
    self_ties = duplicates = empty_weights = 0
    decimal_comma = delimiter != ","
    for line, row in rows:
        source = _cell(row, columns["source"])
        target = _cell(row, columns["target"])
        if not source or not target:
            missing = "source" if not source else "target"
            raise EdgeListError(f"{file.name}, line {line}: the {missing} is empty.")
        relation = "information"
        if "relation" in columns:
            relation = _cell(row, columns["relation"])
            if not relation:
                raise EdgeListError(f"{file.name}, line {line}: the relation is empty.")
        weight = 1.0
        if "weight" in columns:
            text = _cell(row, columns["weight"])
            if text:
                weight = _weight(
                    text, decimal_comma=decimal_comma, where=f"{file.name}, line {line}"
                )
            else:
                empty_weights += 1
        if source == target:
            self_ties += 1
            continue
        key = (source, target, relation)
        if key in ties:
            duplicates += 1
            ties[key] = max(ties[key], weight)
        else:
            ties[key] = weight
            if len(ties) > MAX_TIES:
                raise EdgeListError(
                    f"{file.name} has more than {MAX_TIES:,} ties; split it (for example by "
                    "organisation) and analyse the parts."
                )
    if not ties:
        raise EdgeListError(f"{file.name} contains no ties between two different people.")
    if self_ties:
        notes.append(f"Dropped {_count(self_ties, 'self-tie')} (someone naming themself).")
    if duplicates:
        notes.append(
            f"Merged {_count(duplicates, 'repeated tie')} (same source, target and relation) "
            "into one each, keeping the largest weight."
        )
    if empty_weights:
        notes.append(f"{_count(empty_weights, 'tie')} had no weight and counted as weight 1.")
    if "relation" not in columns:
        notes.append('No relation column: all ties are treated as one relation ("information").')
    return EdgeFile(
        ties=tuple(Tie(s, t, r, w) for (s, t, r), w in ties.items()),
        notes=tuple(notes),
        has_relation="relation" in columns,
        has_weight="weight" in columns,
        relations=tuple(sorted({r for _, _, r in ties})),
    )


def read_node_file(path: str | Path) -> NodeFile:
    """Read people and their attributes from a CSV file with an ``id`` column.

    Parameters
    ----------
    path : str or Path
        CSV file, same formats as `read_edge_file`.

    Returns
    -------
    NodeFile
        Column names are lower-cased and stripped.

    Raises
    ------
    EdgeListError
        Empty or unreadable file, no id column, an empty or repeated id.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "n.csv"
    ...     _ = path.write_text("id,Department\\n1,Helse\\n2,Skole\\n", encoding="utf-8")
    ...     nodes = read_node_file(path)
    >>> nodes.rows
    {'1': {'department': 'Helse'}, '2': {'department': 'Skole'}}
    """
    file = Path(path)
    header, rows, notes, _ = _read_table(file)
    id_column = next((i for i, name in enumerate(header) if name in NODE_ID_COLUMNS), None)
    if id_column is None:
        raise EdgeListError(
            f"{file.name} has no id column (found: {', '.join(header)}); name the column "
            "with the person ids 'id'."
        )
    result: dict[str, dict[str, str]] = {}
    for line, row in rows:
        pid = _cell(row, id_column)
        if not pid:
            raise EdgeListError(f"{file.name}, line {line}: the id is empty.")
        if pid in result:
            raise EdgeListError(f"{file.name}, line {line}: the id {pid!r} appears twice.")
        result[pid] = {
            name: _cell(row, i) for i, name in enumerate(header) if i != id_column and name
        }
        if len(result) > MAX_PEOPLE:
            raise EdgeListError(f"{file.name} lists more than {MAX_PEOPLE:,} people.")
    columns = tuple(name for i, name in enumerate(header) if i != id_column and name)
    return NodeFile(rows=result, columns=columns, notes=tuple(notes))


def analyse_edge_files(
    edges: str | Path,
    nodes: str | Path | None = None,
    *,
    group_by: str | None = None,
    relation: str | None = None,
) -> dict[str, Any]:
    """Analyse an edge file (and optional node file) exactly as survey answers are analysed.

    Parameters
    ----------
    edges : str or Path
        Edge file (see `read_edge_file`).
    nodes : str or Path, optional
        Node file with an ``id`` column and attribute columns. Recognised columns:
        ``name``, ``department``, ``organisation``, ``responded``, ``is_leader``,
        ``fitness``, ``sharing``; others can be used with ``group_by``.
    group_by : str, optional
        Node-file column whose values are the units for E-I, brokerage and silos.
    relation : str, optional
        Analyse only ties of this relation (needs a relation column).

    Returns
    -------
    dict
        ``NetworkAnalysis.to_dict()`` plus ``notes``: what was dropped, merged or assumed.

    Raises
    ------
    EdgeListError
        For any input that cannot be analysed as it stands.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "e.csv"
    ...     _ = path.write_text("source,target\\na,b\\nb,c\\n", encoding="utf-8")
    ...     result = analyse_edge_files(path)
    >>> result["network"]["nodes"], result["people"]["b"]["betweenness"]
    (3, 1.0)

    Notes
    -----
    The people are the ids of the node file plus any further ids in the edge file. Ids
    that appear in the edge file but not in the node file are added as people without
    attributes and listed in the notes. Who answered comes from a ``responded`` column;
    without one everybody counts as having answered (noted, since it sets the response
    rate to 100 %); with one, ids missing from the node file count as having answered
    when they gave at least one tie.
    """
    edge_file = read_edge_file(edges)
    notes = list(edge_file.notes)
    if relation is not None:
        if not edge_file.has_relation:
            raise EdgeListError(
                f"Relation {relation!r} was asked for, but the edge file has no relation column."
            )
        if relation not in edge_file.relations:
            raise EdgeListError(
                f"The edge file has no ties of relation {relation!r}; "
                f"it has: {', '.join(edge_file.relations)}."
            )
    node_file = read_node_file(nodes) if nodes is not None else None
    if node_file is not None:
        notes.extend(node_file.notes)
    column = group_by.strip().lower() if group_by else None
    if column is not None:
        if node_file is None:
            raise EdgeListError(f"Grouping by {group_by!r} needs a node file with that column.")
        if column not in node_file.columns:
            raise EdgeListError(
                f"The node file has no column {group_by!r}; "
                f"it has: {', '.join(node_file.columns) or 'only ids'}."
            )
    people = _people(edge_file, node_file, column, notes)
    if len(people) > MAX_PEOPLE:
        raise EdgeListError(f"The files name more than {MAX_PEOPLE:,} people.")
    result = analyse(
        people,
        edge_file.ties,
        group_by="group" if column else None,
        relation=relation,
    ).to_dict()
    if result["groups"] is not None:
        result["groups"]["attribute"] = column
    result["notes"] = notes
    return result


def _read_table(file: Path) -> tuple[list[str], list[tuple[int, list[str]]], list[str], str]:
    """Header (lower-cased), non-blank rows with line numbers, notes and the separator."""
    try:
        size = file.stat().st_size
    except OSError as exc:
        raise EdgeListError(f"Cannot open {file}: {exc.strerror or exc}.") from exc
    if size > MAX_FILE_BYTES:
        raise EdgeListError(
            f"{file.name} is {size / 1024 / 1024:.1f} MB; the limit is "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB. Split the file (for example by "
            "organisation) or remove columns that are not needed."
        )
    text, encoding_note = _decode(file.read_bytes(), file.name)
    notes = [encoding_note] if encoding_note else []
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise EdgeListError(f"{file.name} is empty.")
    delimiter = _delimiter(lines[first])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = [cell.strip().strip('"').lower() for cell in row]
                continue
            rows.append((reader.line_num, row))
    except csv.Error as exc:
        raise EdgeListError(f"{file.name}, line {reader.line_num}: {exc}.") from exc
    if header is None:
        raise EdgeListError(f"{file.name} is empty.")
    named = [name for name in header if name]
    if len(set(named)) != len(named):
        raise EdgeListError(f"{file.name} has the same column name twice: {', '.join(header)}.")
    for line, row in rows:
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
            raise EdgeListError(
                f"{file.name}, line {line}: more values than columns in the header "
                f"(is the separator {delimiter!r} also used inside a value?)."
            )
    return header, rows, notes, delimiter


def _decode(raw: bytes, name: str) -> tuple[str, str | None]:
    """Text of the file and a note when it was not UTF-8."""
    if not raw.strip():
        raise EdgeListError(f"{name} is empty.")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16"), None
        except UnicodeDecodeError as exc:
            raise EdgeListError(f"{name} starts like UTF-16 but cannot be read as it.") from exc
    if b"\x00" in raw:
        raise EdgeListError(f"{name} does not look like a text (CSV) file.")
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise EdgeListError(
            f"{name} is neither UTF-8 nor Windows-1252 text; save it as CSV UTF-8."
        ) from exc
    return text, f"{name} was read as Windows-1252 (not UTF-8)."


def _delimiter(header_line: str) -> str:
    """The separator used in the header line: the most frequent of ; tab and ,."""
    counts = {sep: header_line.count(sep) for sep in (";", "\t", ",")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _edge_columns(header: list[str], file: Path) -> dict[str, int]:
    """Column index for source, target and the optional weight and relation."""
    found: dict[str, int] = {}
    for role, names in EDGE_COLUMNS.items():
        matches = [i for i, name in enumerate(header) if name in names]
        if len(matches) > 1:
            raise EdgeListError(f"{file.name} has more than one {role} column.")
        if matches:
            found[role] = matches[0]
    missing = [role for role in ("source", "target") if role not in found]
    if missing:
        raise EdgeListError(
            f"{file.name} needs the columns source and target (found: {', '.join(header)}); "
            f"missing: {', '.join(missing)}."
        )
    return found


def _cell(row: list[str], index: int) -> str:
    """Stripped cell text, or empty when the row is short."""
    return row[index].strip() if index < len(row) else ""


def _weight(text: str, *, decimal_comma: bool, where: str) -> float:
    """A positive, finite weight from cell text."""
    cleaned = text.replace(",", ".") if decimal_comma else text
    try:
        value = float(cleaned)
    except ValueError:
        raise EdgeListError(f"{where}: the weight {text!r} is not a number.") from None
    if not math.isfinite(value) or value <= 0:
        raise EdgeListError(f"{where}: the weight must be a positive number, not {text!r}.")
    return value


def _people(
    edge_file: EdgeFile, node_file: NodeFile | None, group_column: str | None, notes: list[str]
) -> list[Person]:
    """People from the node file plus any further ids of the edge file."""
    rows = node_file.rows if node_file is not None else {}
    has_responded = node_file is not None and "responded" in node_file.columns
    sources = {t.source for t in edge_file.ties}
    people = [
        _person(pid, attributes, group_column, has_responded) for pid, attributes in rows.items()
    ]
    extra = list(dict.fromkeys(x for t in edge_file.ties for x in (t.source, t.target)))
    extra = [pid for pid in extra if pid not in rows]
    for pid in extra:
        responded = pid in sources if has_responded else True
        people.append(Person(id=pid, name=pid, responded=responded))
    if node_file is not None and extra:
        shown = ", ".join(extra[:5]) + (", …" if len(extra) > 5 else "")
        notes.append(
            f"{_count(len(extra), 'id')} in the edge file are not in the node file and were "
            f"added without attributes: {shown}."
        )
    if not has_responded:
        notes.append(
            "No 'responded' column: everyone is counted as having answered, so the response "
            "rate is 100 %."
        )
    return people


def _person(
    pid: str, attributes: dict[str, str], group_column: str | None, has_responded: bool
) -> Person:
    """A Person from one node-file row."""
    where = f"node {pid!r}"
    return Person(
        id=pid,
        name=attributes.get("name") or pid,
        department=attributes.get("department") or None,
        organisation=attributes.get("organisation") or attributes.get("organization") or None,
        group=(attributes.get(group_column) or None) if group_column else None,
        responded=_flag(attributes.get("responded", ""), where) if has_responded else True,
        is_leader=_flag(attributes.get("is_leader", ""), where),
        fitness=_score(attributes.get("fitness", ""), where),
        sharing=_score(attributes.get("sharing", ""), where),
    )


def _flag(text: str, where: str) -> bool:
    """Yes/no cell (1/0, true/false, yes/no, ja/nei, x/empty)."""
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise EdgeListError(f"{where}: {text!r} is not a yes/no value (use 1 or 0).")


def _score(text: str, where: str) -> float | None:
    """Optional 0-100 score; a decimal comma is accepted."""
    if not text.strip():
        return None
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise EdgeListError(f"{where}: the score {text!r} is not a number.") from None
    if not 0 <= value <= 100:
        raise EdgeListError(f"{where}: the score {text!r} is outside 0-100.")
    return value


def _count(n: int, noun: str) -> str:
    """'1 tie' / '3 ties'."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
