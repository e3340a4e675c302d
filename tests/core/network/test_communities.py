"""Communities: igraph Louvain against networkx, fixed seed, the "no clear subgroups" flag."""

from __future__ import annotations

import networkx as nx
import pytest

from core.network.communities import (
    CLEAR_SUBGROUPS_MODULARITY,
    find_communities,
    undirected_strengths,
)


def _caveman(cliques: int, size: int) -> nx.DiGraph:
    """Connected caveman graph: cliques joined in a ring, ties both ways."""
    return nx.DiGraph(nx.connected_caveman_graph(cliques, size))


@pytest.mark.parametrize(
    ("name", "graph"),
    [
        ("caveman", _caveman(4, 6)),
        ("florentine", nx.DiGraph(nx.florentine_families_graph())),
        ("kite", nx.DiGraph(nx.krackhardt_kite_graph())),
    ],
)
def test_igraph_and_networkx_louvain_agree(name: str, graph: nx.DiGraph) -> None:
    fast = find_communities(graph)
    reference = find_communities(graph, backend="networkx")
    assert fast.groups == reference.groups, name
    assert fast.modularity == pytest.approx(reference.modularity, abs=1e-9)


def test_reported_modularity_is_networkx_modularity_of_the_partition() -> None:
    # Zachary's karate club, weighted by interaction counts: whatever partition Louvain
    # finds, the modularity reported must be networkx's value for that partition.
    G = nx.DiGraph(nx.karate_club_graph())
    found = find_communities(G)
    U = undirected_strengths(G)
    expected = nx.community.modularity(U, [set(g) for g in found.groups], weight="weight")
    assert found.modularity == pytest.approx(expected, abs=1e-9)
    # Published optimum for the weighted club is about 0.44 (Louvain finds 0.42-0.445).
    assert 0.40 < found.modularity < 0.45
    assert found.clear


def test_caveman_cliques_are_found_exactly() -> None:
    found = find_communities(_caveman(4, 6))
    assert sorted(sorted(g) for g in found.groups) == [
        list(range(0, 6)),
        list(range(6, 12)),
        list(range(12, 18)),
        list(range(18, 24)),
    ]
    assert found.clear


def test_same_seed_gives_same_partition() -> None:
    G = nx.DiGraph(nx.karate_club_graph())
    assert find_communities(G) == find_communities(G)


def test_dense_small_group_has_no_clear_subgroups() -> None:
    # A complete group of eight: modularity 0, so no subgroups should be shown.
    found = find_communities(nx.complete_graph(8, create_using=nx.DiGraph))
    assert found.modularity is not None
    assert found.modularity < CLEAR_SUBGROUPS_MODULARITY
    assert not found.clear


def test_network_without_ties_puts_everyone_alone() -> None:
    G = nx.DiGraph()
    G.add_nodes_from("ab")
    found = find_communities(G)
    assert found.groups == (("a",), ("b",))
    assert found.modularity is None
    assert not found.clear
    assert found.membership == {"a": 0, "b": 1}


def test_strengths_of_both_directions_are_added() -> None:
    U = undirected_strengths(nx.DiGraph([("a", "b", {"weight": 3}), ("b", "a", {"weight": 1})]))
    assert U["a"]["b"]["weight"] == 4.0
