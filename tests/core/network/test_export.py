"""Exports: GraphML and GEXF that networkx (and Gephi) read back; safe CSV."""

from __future__ import annotations

import csv
import io

import networkx as nx
import pytest

from core.network.analysis import analyse
from core.network.export import (
    edges_csv_bytes,
    gexf_bytes,
    graphml_bytes,
    nodes_csv_bytes,
    safe_cell,
)
from core.network.graph import Person, Tie, build_graph

PEOPLE = [
    Person("a", "Åse Ødegård", department="Helse", fitness=80.0, sharing=90.0),
    Person("b", "=cmd|' /C calc'!A0", department="Skole", responded=False),
    Person("c", "Ivar", department=None),
]
TIES = [Tie("a", "b", "advice", 3), Tie("c", "a", "information", 1)]


@pytest.fixture
def graph() -> nx.DiGraph:
    return build_graph(PEOPLE, TIES)


def test_graphml_round_trips_without_none_values(graph: nx.DiGraph) -> None:
    back = nx.read_graphml(io.BytesIO(graphml_bytes(graph)))
    assert set(back.edges()) == {("a", "b"), ("c", "a")}
    assert back.nodes["a"]["name"] == "Åse Ødegård"
    assert "department" not in back.nodes["c"]
    assert back["a"]["b"]["weight"] == 3.0
    assert "fitness" not in back.nodes["a"]


def test_graphml_can_leave_out_names_and_keep_scores(graph: nx.DiGraph) -> None:
    back = nx.read_graphml(
        io.BytesIO(graphml_bytes(graph, include_names=False, include_scores=True))
    )
    assert "name" not in back.nodes["a"]
    assert back.nodes["a"]["fitness"] == 80.0


def test_gexf_round_trips_with_names_as_labels(graph: nx.DiGraph) -> None:
    back = nx.read_gexf(io.BytesIO(gexf_bytes(graph)))
    assert back.nodes["a"]["label"] == "Åse Ødegård"
    assert set(back.edges()) == {("a", "b"), ("c", "a")}
    anonymous = nx.read_gexf(io.BytesIO(gexf_bytes(graph, include_names=False)))
    assert anonymous.nodes["a"]["label"] == "a"


def _rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_edges_csv(graph: nx.DiGraph) -> None:
    assert _rows(edges_csv_bytes(graph)) == [
        ["source", "target", "weight", "relation"],
        ["a", "b", "3.0", "advice"],
        ["c", "a", "1.0", "information"],
    ]


def test_nodes_csv_neutralises_formulas_and_keeps_numbers(graph: nx.DiGraph) -> None:
    result = analyse(PEOPLE, TIES).to_dict()
    rows = _rows(nodes_csv_bytes(graph, metrics=result["people"]))
    header, by_id = rows[0], {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_id["b"]["name"] == "'=cmd|' /C calc'!A0"
    assert by_id["a"]["name"] == "Åse Ødegård"
    assert "brokerage_gatekeeper" in header
    assert "fitness" not in header
    assert by_id["a"]["in_degree"] == "1"


def test_nodes_csv_with_semicolons_for_norwegian_spreadsheets(graph: nx.DiGraph) -> None:
    text = nodes_csv_bytes(graph, delimiter=";", include_names=False).decode("utf-8-sig")
    assert text.splitlines()[0].startswith("id;department;")
    assert "Åse" not in text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+47 123", "'+47 123"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Kari", "Kari"),
        ("", ""),
        (-0.5, -0.5),
        (3, 3),
    ],
)
def test_safe_cell(value: object, expected: object) -> None:
    assert safe_cell(value) == expected
