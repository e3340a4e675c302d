"""Gould-Fernandez brokerage against hand counts on drawn graphs and the plain definition."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from core.network.brokerage import BROKERAGE_ROLES, brokerage


def _graph(edges: list[str], groups: dict[str, str | None]) -> nx.DiGraph:
    """Edges written "ab" for a -> b; group per node."""
    G = nx.DiGraph()
    G.add_nodes_from(groups)
    G.add_edges_from((e[0], e[1]) for e in edges)
    nx.set_node_attributes(G, groups, "unit")
    return G


def _counts(**nonzero: int) -> dict[str, int]:
    return {role: nonzero.get(role, 0) for role in BROKERAGE_ROLES}


@pytest.mark.parametrize(
    ("edges", "groups", "broker", "expected"),
    [
        # a -> v -> c, all in X: coordinator.
        (["av", "vc"], {"a": "X", "v": "X", "c": "X"}, "v", _counts(coordinator=1)),
        # a(X) -> v(Y) -> c(X): v links two members of another unit: consultant.
        (["av", "vc"], {"a": "X", "v": "Y", "c": "X"}, "v", _counts(consultant=1)),
        # a(X) -> v(X) -> c(Y): v carries its own unit's contact out: representative.
        (["av", "vc"], {"a": "X", "v": "X", "c": "Y"}, "v", _counts(representative=1)),
        # a(X) -> v(Y) -> c(Y): v is the way into its own unit: gatekeeper.
        (["av", "vc"], {"a": "X", "v": "Y", "c": "Y"}, "v", _counts(gatekeeper=1)),
        # a(X) -> v(Y) -> c(Z): liaison.
        (["av", "vc"], {"a": "X", "v": "Y", "c": "Z"}, "v", _counts(liaison=1)),
        # Closed two-path (a -> c exists): no brokerage at all.
        (["av", "vc", "ac"], {"a": "X", "v": "Y", "c": "Z"}, "v", _counts()),
        # a -> v -> a is not a two-path between two different people.
        (["av", "va"], {"a": "X", "v": "Y"}, "v", _counts()),
        # Missing group on the far end: not counted.
        (["av", "vc"], {"a": "X", "v": "Y", "c": None}, "v", _counts()),
        # Missing group on the broker: not counted.
        (["av", "vc"], {"a": "X", "v": None, "c": "X"}, "v", _counts()),
        #   a(X) ─┐        ┌─> c(X)
        #   b(Y) ─┼─> v(X) ┼─> d(Y)
        #         └────────┴─> e(Z)      and b -> d exists (closes b->v->d)
        # a->v->c coordinator, a->v->d representative, a->v->e representative,
        # b->v->c gatekeeper, b->v->d closed, b->v->e liaison.
        (
            ["av", "bv", "vc", "vd", "ve", "bd"],
            {"a": "X", "b": "Y", "v": "X", "c": "X", "d": "Y", "e": "Z"},
            "v",
            _counts(coordinator=1, representative=2, gatekeeper=1, liaison=1),
        ),
    ],
)
def test_brokerage_roles_match_hand_counts(
    edges: list[str], groups: dict[str, str | None], broker: str, expected: dict[str, int]
) -> None:
    result = brokerage(_graph(edges, groups), attribute="unit")
    assert result[broker] == expected
    assert all(counts == _counts() for node, counts in result.items() if node != broker)


def test_a_tie_in_the_opposite_direction_does_not_close_a_two_path() -> None:
    # a(X) -> v(Y) -> c(Z) -> a: a cycle. c -> a does not close a -> v -> c, so v is a
    # liaison; likewise a brokers c -> a -> v and c brokers v -> c -> a.
    result = brokerage(_graph(["av", "vc", "ca"], {"a": "X", "v": "Y", "c": "Z"}), attribute="unit")
    assert result == {"a": _counts(liaison=1), "v": _counts(liaison=1), "c": _counts(liaison=1)}


def _definition(G: nx.DiGraph, attribute: str) -> dict[object, dict[str, int]]:
    """Gould & Fernandez (1989) read literally: every ordered triple, O(n^3)."""
    group = {v: g for v, g in G.nodes(data=attribute) if g is not None}
    result = {v: _counts() for v in G}
    for v in G:
        for a in G.predecessors(v):
            for c in G.successors(v):
                if a == c or G.has_edge(a, c) or not {a, v, c} <= group.keys():
                    continue
                ga, gv, gc = group[a], group[v], group[c]
                if ga == gv == gc:
                    role = "coordinator"
                elif ga == gc:
                    role = "consultant"
                elif ga == gv:
                    role = "representative"
                elif gv == gc:
                    role = "gatekeeper"
                else:
                    role = "liaison"
                result[v][role] += 1
    return result


@pytest.mark.parametrize("seed", range(6))
def test_brokerage_equals_the_literal_definition_on_random_graphs(seed: int) -> None:
    rnd = random.Random(seed)
    G = nx.gnp_random_graph(30, 0.12, directed=True, seed=seed)
    units = ["X", "Y", "Z", None]
    nx.set_node_attributes(G, {v: rnd.choice(units) for v in G}, "unit")
    assert brokerage(G, attribute="unit") == _definition(G, "unit")


def test_krackhardt_advice_brokerage_totals_count_every_open_two_path(
    krackhardt_advice: nx.DiGraph,
) -> None:
    # Every open two-path between grouped people is counted exactly once.
    G = krackhardt_advice
    open_paths = sum(
        1
        for v in G
        for a in G.predecessors(v)
        for c in G.successors(v)
        if a != c and not G.has_edge(a, c)
    )
    result = brokerage(G, attribute="department")
    assert sum(sum(counts.values()) for counts in result.values()) == open_paths
    assert result == _definition(G, "department")
