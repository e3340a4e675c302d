"""Edge and node CSV files: formats, encodings, awkward rows and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.edgelist import (
    MAX_FILE_BYTES,
    EdgeListError,
    analyse_edge_files,
    read_edge_file,
    read_node_file,
)
from core.network.graph import Tie

KRACKHARDT = Path(__file__).resolve().parents[1] / "data" / "krackhardt"


def _write(folder: Path, name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
    return path


# --- formats and encodings ----------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "encoding"),
    [
        ("source,target,weight\nÅse,Bjørn,2\nBjørn,Øystein,3\n", "utf-8"),
        ("source;target;weight\nÅse;Bjørn;2\nBjørn;Øystein;3\n", "utf-8"),
        ("source\ttarget\tweight\nÅse\tBjørn\t2\nBjørn\tØystein\t3\n", "utf-8"),
        ("source;target;weight\r\nÅse;Bjørn;2\r\nBjørn;Øystein;3\r\n", "utf-8-sig"),
        ("source;target;weight\r\nÅse;Bjørn;2\r\nBjørn;Øystein;3\r\n", "cp1252"),
        ("source\ttarget\tweight\r\nÅse\tBjørn\t2\r\nBjørn\tØystein\t3\r\n", "utf-16"),
        ('"Source","Target","Weight"\n"Åse","Bjørn","2"\n"Bjørn","Øystein","3"\n', "utf-8"),
    ],
    ids=["comma", "semicolon", "tab", "bom-crlf", "cp1252", "utf16-excel", "quoted-caps"],
)
def test_separators_and_encodings_give_the_same_ties(
    tmp_path: Path, content: str, encoding: str
) -> None:
    edges = read_edge_file(_write(tmp_path, "edges.csv", content, encoding))
    assert edges.ties == (
        Tie("Åse", "Bjørn", "information", 2.0),
        Tie("Bjørn", "Øystein", "information", 3.0),
    )


def test_cp1252_is_read_and_noted(tmp_path: Path) -> None:
    path = _write(tmp_path, "edges.csv", "source;target\nÆrlig;Må\n", "cp1252")
    edges = read_edge_file(path)
    assert edges.ties == (Tie("Ærlig", "Må"),)
    assert any("Windows-1252" in note for note in edges.notes)


def test_decimal_comma_with_semicolons(tmp_path: Path) -> None:
    edges = read_edge_file(_write(tmp_path, "e.csv", "source;target;weight\na;b;2,5\n"))
    assert edges.ties[0].weight == 2.5


def test_norwegian_and_alias_column_names(tmp_path: Path) -> None:
    path = _write(tmp_path, "e.csv", "Fra;Til;Frekvens;Relasjon\na;b;4;advice\n")
    assert read_edge_file(path).ties == (Tie("a", "b", "advice", 4.0),)


def test_blank_lines_and_spaces_are_ignored(tmp_path: Path) -> None:
    path = _write(tmp_path, "e.csv", "\n source , target \n\n a , b \n\n")
    assert read_edge_file(path).ties == (Tie("a", "b"),)


# --- awkward rows: dropped or merged, and counted ------------------------------------------


def test_self_ties_are_dropped_and_counted(tmp_path: Path) -> None:
    path = _write(tmp_path, "e.csv", "source,target\na,a\na,b\nb,b\n")
    edges = read_edge_file(path)
    assert edges.ties == (Tie("a", "b"),)
    assert "Dropped 2 self-ties (someone naming themself)." in edges.notes


def test_duplicates_are_merged_with_the_largest_weight_and_counted(tmp_path: Path) -> None:
    content = "source,target,weight,relation\na,b,1,advice\na,b,3,advice\na,b,2,information\n"
    edges = read_edge_file(_write(tmp_path, "e.csv", content))
    assert edges.ties == (Tie("a", "b", "advice", 3.0), Tie("a", "b", "information", 2.0))
    assert any(note.startswith("Merged 1 repeated tie") for note in edges.notes)


def test_empty_weight_counts_as_one_and_is_noted(tmp_path: Path) -> None:
    edges = read_edge_file(_write(tmp_path, "e.csv", "source,target,weight\na,b,\nb,c,2\n"))
    assert edges.ties[0].weight == 1.0
    assert "1 tie had no weight and counted as weight 1." in edges.notes


def test_ids_missing_from_the_node_file_are_added_and_reported(tmp_path: Path) -> None:
    edges = _write(tmp_path, "e.csv", "source,target\na,b\nb,x\ny,a\n")
    nodes = _write(
        tmp_path, "n.csv", "id,name,department,responded\na,Åse,Helse,1\nb,Bo,Skole,ja\n"
    )
    result = analyse_edge_files(edges, nodes, group_by="department")
    assert set(result["people"]) == {"a", "b", "x", "y"}
    assert any(
        "2 ids in the edge file are not in the node file" in n and "x, y" in n
        for n in result["notes"]
    )
    # x was only named (did not answer); y gave a tie, so y answered.
    assert result["people"]["x"]["responded"] is False
    assert result["people"]["y"]["responded"] is True
    assert result["network"]["response_rate"] == pytest.approx(3 / 4)
    assert result["groups"]["without_group"] == 2


def test_node_file_people_without_ties_are_isolates(tmp_path: Path) -> None:
    edges = _write(tmp_path, "e.csv", "source,target\na,b\n")
    nodes = _write(tmp_path, "n.csv", "id\na\nb\nc\n")
    result = analyse_edge_files(edges, nodes)
    assert result["network"]["isolates"] == ["c"]


# --- bad input: clear errors, never a silent wrong result -------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "is empty"),
        ("\n\n  \n", "is empty"),
        ("source,target\n", "no ties"),
        ("source,target\na,a\n", "no ties"),
        ("from_id,to_id\na,b\n", "needs the columns source and target"),
        ("source,weight\na,1\n", "missing: target"),
        ("source,target\na,\n", "line 2: the target is empty"),
        ("source,target,weight\na,b,often\n", "line 2: the weight 'often' is not a number"),
        ("source,target,weight\na,b,0\n", "must be a positive number"),
        ("source,target,weight\na,b,-2\n", "must be a positive number"),
        ("source,target,weight\na,b,nan\n", "must be a positive number"),
        ("source,target,relation\na,b,\n", "line 2: the relation is empty"),
        ("source,target,source\na,b,c\n", "same column name twice"),
        ("source,target\na,b,c\n", "more values than columns"),
        ('source,target\n"a,b\n', "line 2: unexpected end of data"),
    ],
)
def test_bad_edge_files_raise_clear_errors(tmp_path: Path, content: str, message: str) -> None:
    with pytest.raises(EdgeListError, match=message):
        read_edge_file(_write(tmp_path, "edges.csv", content))


def test_binary_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(EdgeListError, match="does not look like a text"):
        read_edge_file(_write(tmp_path, "edges.xlsx", b"PK\x03\x04\x00\x00binary"))


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EdgeListError, match="Cannot open"):
        read_edge_file(tmp_path / "nope.csv")


def test_fifty_megabyte_file_is_refused_with_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.write(b"source,target\n")
        row = b"person-000001,person-000002\n"
        handle.write(row * (50 * 1024 * 1024 // len(row) + 1))
    assert path.stat().st_size > 50 * 1024 * 1024 > MAX_FILE_BYTES
    with pytest.raises(EdgeListError, match=r"is 50\.0 MB; the limit is 20 MB"):
        analyse_edge_files(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "is empty"),
        ("name,department\nÅse,Helse\n", "has no id column"),
        ("id,name\na,A\na,B\n", "line 3: the id 'a' appears twice"),
        ("id,name\n,A\n", "line 2: the id is empty"),
    ],
)
def test_bad_node_files_raise_clear_errors(tmp_path: Path, content: str, message: str) -> None:
    with pytest.raises(EdgeListError, match=message):
        read_node_file(_write(tmp_path, "nodes.csv", content))


@pytest.mark.parametrize(
    ("nodes", "kwargs", "message"),
    [
        (None, {"group_by": "department"}, "needs a node file"),
        ("id,department\na,X\n", {"group_by": "unit"}, "no column 'unit'; it has: department"),
        ("id,responded\na,maybe\n", {}, "'maybe' is not a yes/no value"),
        ("id,fitness\na,120\n", {}, "outside 0-100"),
        (None, {"relation": "advice"}, "no relation column"),
    ],
)
def test_bad_combinations_raise_clear_errors(
    tmp_path: Path, nodes: str | None, kwargs: dict[str, str], message: str
) -> None:
    edges = _write(tmp_path, "e.csv", "source,target\na,b\n")
    node_path = _write(tmp_path, "n.csv", nodes) if nodes is not None else None
    with pytest.raises(EdgeListError, match=message):
        analyse_edge_files(edges, node_path, **kwargs)  # type: ignore[arg-type]


def test_unknown_relation_lists_the_relations_there_are(tmp_path: Path) -> None:
    edges = _write(tmp_path, "e.csv", "source,target,relation\na,b,advice\nb,a,information\n")
    with pytest.raises(
        EdgeListError, match="no ties of relation 'friendship'; it has: advice, information"
    ):
        analyse_edge_files(edges, relation="friendship")


# --- the same code path as the survey ---------------------------------------------------------


def test_krackhardt_files_give_the_published_values() -> None:
    result = analyse_edge_files(
        KRACKHARDT / "krackhardt_hightech_advice_edges.csv",
        KRACKHARDT / "krackhardt_hightech_attributes.csv",
        group_by="dept",
    )
    json.dumps(result, allow_nan=False)
    # Rawlings et al. (2023), ch. 7: 21 vertices, 190 edges, dyadic reciprocity 0.3103448.
    assert (result["network"]["nodes"], result["network"]["ties"]) == (21, 190)
    assert result["network"]["dyad_reciprocity"] == pytest.approx(0.3103448, abs=1e-7)
    assert result["groups"]["attribute"] == "dept"
    # Departments 1-4 plus the CEO's 0 (README of the data).
    assert set(result["groups"]["by_group"]) == {"0", "1", "2", "3", "4"}
    assert any("No 'responded' column" in note for note in result["notes"])


def test_relation_filter_and_node_attributes(tmp_path: Path) -> None:
    edges = _write(
        tmp_path,
        "e.csv",
        "source;target;weight;relation\na;b;4;advice\nb;c;2;advice\na;c;1;information\n",
    )
    nodes = _write(
        tmp_path,
        "n.csv",
        "id;name;organisation;is_leader;fitness;sharing\n"
        "a;Åse;Os;1;82,5;90\nb;Bo;Os;0;40;50\nc;Cy;Voss;nei;;\n",
    )
    result = analyse_edge_files(edges, nodes, relation="advice")
    assert result["network"]["ties"] == 2
    assert result["network"]["mean_consulted_before_decisions"] == pytest.approx(1 + 2 / 3)
    assert result["people"]["b"]["betweenness"] == 1.0
