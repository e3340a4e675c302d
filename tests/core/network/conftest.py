"""Fixtures for the network tests: the Krackhardt high-tech managers data."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from core.edgelist import read_edge_file, read_node_file
from core.network.graph import Person, build_graph

KRACKHARDT = Path(__file__).resolve().parents[2] / "data" / "krackhardt"


@pytest.fixture(scope="session")
def krackhardt_people() -> list[Person]:
    """The 21 managers, department as ``department`` (0 = the CEO)."""
    rows = read_node_file(KRACKHARDT / "krackhardt_hightech_attributes.csv").rows
    return [Person(pid, f"Manager {pid}", department=row["dept"]) for pid, row in rows.items()]


@pytest.fixture(scope="session")
def krackhardt_advice(krackhardt_people: list[Person]) -> nx.DiGraph:
    """Advice network read through our own CSV reader and graph builder."""
    ties = read_edge_file(KRACKHARDT / "krackhardt_hightech_advice_edges.csv").ties
    return build_graph(krackhardt_people, ties)


@pytest.fixture(scope="session")
def krackhardt_friendship(krackhardt_people: list[Person]) -> nx.DiGraph:
    """Friendship network read through our own CSV reader and graph builder."""
    ties = read_edge_file(KRACKHARDT / "krackhardt_hightech_friendship_edges.csv").ties
    return build_graph(krackhardt_people, ties)
