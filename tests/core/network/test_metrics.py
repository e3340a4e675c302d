"""Metric values against published numbers, hand counts, and igraph against networkx."""

from __future__ import annotations

import math
import random
from collections.abc import Callable

import networkx as nx
import pytest

from core.network import metrics
from core.network.graph import Person, Tie, build_graph


def _symmetric(G: nx.Graph) -> nx.DiGraph:
    """Undirected classic graph as a directed one with ties both ways, lengths 1."""
    D = nx.DiGraph(G)
    for _, _, data in D.edges(data=True):
        data.setdefault("weight", 1.0)
        data["distance"] = 1.0 / data["weight"]
    return D


def _frequency_graph(n: int, p: float, seed: int) -> nx.DiGraph:
    """Random directed graph with frequency codes 1..4 as weights, as a survey gives."""
    rnd = random.Random(seed)
    G = nx.gnp_random_graph(n, p, directed=True, seed=seed)
    for _, _, data in G.edges(data=True):
        data["weight"] = float(rnd.randint(1, 4))
        data["distance"] = 1.0 / data["weight"]
    return G


def _karate() -> nx.DiGraph:
    """Zachary's karate club with its interaction counts as tie strengths."""
    return _symmetric(nx.karate_club_graph())


CLASSIC: dict[str, Callable[[], nx.DiGraph]] = {
    "kite": lambda: _symmetric(nx.krackhardt_kite_graph()),
    "florentine": lambda: _symmetric(nx.florentine_families_graph()),
    "karate_weighted": _karate,
    "random_frequency_a": lambda: _frequency_graph(40, 0.08, seed=1),
    "random_frequency_b": lambda: _frequency_graph(60, 0.04, seed=2),
    "sparse_with_sinks": lambda: _frequency_graph(50, 0.02, seed=3),
}


@pytest.fixture(params=sorted(CLASSIC))
def classic(request: pytest.FixtureRequest) -> nx.DiGraph:
    """Each classic graph in turn."""
    return CLASSIC[request.param]()


# --- published values -------------------------------------------------------------


def test_krackhardt_advice_reciprocity_matches_published(krackhardt_advice: nx.DiGraph) -> None:
    # Rawlings, Smith, Moody & McFarland (2023), ch. 7: 21 vertices, 190 edges,
    # reciprocity (mutual / non-null dyads) = 0.3103448. With L = 190 that is M = 45
    # mutual and A = 100 asymmetric dyads, so the networkx edge version is 2M/L = 90/190.
    G = krackhardt_advice
    assert (G.number_of_nodes(), G.number_of_edges()) == (21, 190)
    assert metrics.dyad_reciprocity(G) == pytest.approx(0.3103448, abs=1e-7)
    assert metrics.reciprocity(G) == pytest.approx(90 / 190)
    assert metrics.reciprocity(G) == pytest.approx(nx.reciprocity(G))


def test_krackhardt_friendship_reciprocity_matches_published(
    krackhardt_friendship: nx.DiGraph,
) -> None:
    # Same source: dyad census mutual 23 / asymmetric 56 / null 131; reciprocity 0.2911392.
    G = krackhardt_friendship
    assert metrics.dyad_reciprocity(G) == pytest.approx(0.2911392, abs=1e-7)
    assert metrics.reciprocity(G) == pytest.approx(2 * 23 / (2 * 23 + 56))


TRIAD_TYPES = [
    "003",
    "012",
    "102",
    "021D",
    "021U",
    "021C",
    "111D",
    "111U",
    "030T",
    "030C",
    "201",
    "120D",
    "120U",
    "120C",
    "210",
    "300",
]


@pytest.mark.parametrize(
    ("network", "published"),
    [
        # Rawlings et al. (2023), ch. 7 triad census, advice network.
        ("advice", [74, 153, 90, 160, 86, 49, 59, 101, 190, 2, 72, 62, 78, 17, 107, 30]),
        # Same source, friendship network.
        ("friendship", [376, 366, 143, 114, 34, 35, 39, 101, 23, 0, 20, 16, 25, 9, 23, 6]),
    ],
)
def test_krackhardt_triad_census_matches_published(
    network: str, published: list[int], request: pytest.FixtureRequest
) -> None:
    G = request.getfixturevalue(f"krackhardt_{network}")
    assert nx.triadic_census(G) == dict(zip(TRIAD_TYPES, published, strict=True))


def test_krackhardt_advice_weak_transitivity_matches_published(
    krackhardt_advice: nx.DiGraph,
) -> None:
    # Rawlings et al. (2023), ch. 7: sna::gtrans (weak) = 0.6639785, the share of
    # two-paths i -> j -> k (i != k) that are closed by a tie i -> k.
    G = krackhardt_advice
    paths = closed = 0
    for j in G:
        for i in G.predecessors(j):
            for k in G.successors(j):
                if i != k:
                    paths += 1
                    closed += G.has_edge(i, k)
    assert closed / paths == pytest.approx(0.6639785, abs=1e-7)


@pytest.mark.parametrize(
    ("graph", "measure", "published"),
    [
        # networkx test_betweenness_centrality.py, test_krackhardt_kite_graph (normalised);
        # a symmetric digraph normalised by (n-1)(n-2) gives the undirected values.
        (
            "kite",
            "betweenness",
            {0: 0.023, 1: 0.023, 2: 0.0, 3: 0.102, 4: 0.0, 5: 0.231, 6: 0.231, 7: 0.389,
             8: 0.222, 9: 0.0},
        ),
        # networkx test_closeness_centrality.py, test_krackhardt_closeness.
        (
            "kite",
            "closeness",
            {0: 0.529, 1: 0.529, 2: 0.500, 3: 0.600, 4: 0.500, 5: 0.643, 6: 0.643, 7: 0.600,
             8: 0.429, 9: 0.310},
        ),
        # networkx test_betweenness_centrality.py, test_florentine_families_graph.
        (
            "florentine",
            "betweenness",
            {"Acciaiuoli": 0.000, "Albizzi": 0.212, "Barbadori": 0.093, "Bischeri": 0.104,
             "Castellani": 0.055, "Ginori": 0.000, "Guadagni": 0.255, "Lamberteschi": 0.000,
             "Medici": 0.522, "Pazzi": 0.000, "Peruzzi": 0.022, "Ridolfi": 0.114,
             "Salviati": 0.143, "Strozzi": 0.103, "Tornabuoni": 0.092},
        ),
        # networkx test_closeness_centrality.py, test_florentine_families_closeness.
        (
            "florentine",
            "closeness",
            {"Acciaiuoli": 0.368, "Albizzi": 0.483, "Barbadori": 0.4375, "Bischeri": 0.400,
             "Castellani": 0.389, "Ginori": 0.333, "Guadagni": 0.467, "Lamberteschi": 0.326,
             "Medici": 0.560, "Pazzi": 0.286, "Peruzzi": 0.368, "Ridolfi": 0.500,
             "Salviati": 0.389, "Strozzi": 0.4375, "Tornabuoni": 0.483},
        ),
    ],
)  # fmt: skip
def test_classic_graph_values_match_published(
    graph: str, measure: str, published: dict[object, float]
) -> None:
    G = CLASSIC[graph]()
    if measure == "betweenness":
        got = metrics.betweenness(G, normalized=True)
    else:
        got = metrics.closeness(G)
    assert got == pytest.approx(published, abs=1e-3)


def test_constraint_matches_networkx_published_values() -> None:
    # networkx test_structuralholes.py: D = 0->1, 0->2, 1->0, 2->1 gives constraint
    # {0: 1.003, 1: 1.003, 2: 1.389}; with weights 0->1: 2, 0->2: 2, 1->0: 1, 2->1: 1
    # it gives {0: 0.840, 1: 1.143, 2: 1.378}.
    D = nx.DiGraph([(0, 1), (0, 2), (1, 0), (2, 1)])
    assert metrics.constraint(D) == pytest.approx({0: 1.003, 1: 1.003, 2: 1.389}, abs=1e-3)
    W = nx.DiGraph()
    W.add_weighted_edges_from([(0, 1, 2), (0, 2, 2), (1, 0, 1), (2, 1, 1)])
    assert metrics.constraint(W) == pytest.approx({0: 0.840, 1: 1.143, 2: 1.378}, abs=1e-3)


# --- igraph against networkx ------------------------------------------------------


@pytest.mark.parametrize(
    ("measure", "compare"),
    [
        (metrics.betweenness, "all"),
        (metrics.closeness, "all"),
        (metrics.pagerank, "all"),
        # networkx.constraint returns NaN for nodes without outgoing ties (it looks at
        # successors only), so compare where both are defined.
        (metrics.constraint, "with_out_ties"),
    ],
)
def test_igraph_and_networkx_give_the_same_numbers(
    classic: nx.DiGraph, measure: Callable[..., dict[object, float | None]], compare: str
) -> None:
    fast = measure(classic, backend="igraph")
    reference = measure(classic, backend="networkx")
    nodes = [v for v in classic if compare == "all" or classic.out_degree(v) > 0]
    assert len(nodes) > 0
    for v in nodes:
        assert fast[v] == pytest.approx(reference[v], abs=1e-6), v


def test_krackhardt_advice_igraph_matches_networkx(krackhardt_advice: nx.DiGraph) -> None:
    G = krackhardt_advice
    for measure in (metrics.betweenness, metrics.closeness, metrics.pagerank):
        assert measure(G) == pytest.approx(measure(G, backend="networkx"), abs=1e-6)
    # Unweighted graph: the networkx library functions themselves, not only our wrapper.
    assert metrics.betweenness(G) == pytest.approx(
        nx.betweenness_centrality(G, normalized=False), abs=1e-9
    )
    assert metrics.closeness(G) == pytest.approx(nx.closeness_centrality(G), abs=1e-9)


def test_path_centralities_split_over_two_processes_equals_one_process() -> None:
    G = _frequency_graph(120, 0.05, seed=7)
    between_split, close_split = metrics.path_centralities(G, parallel=True)
    between, close = metrics.path_centralities(G, parallel=False)
    assert between_split == pytest.approx(between, abs=1e-9)
    assert close_split == pytest.approx(close, abs=1e-12)
    assert between == pytest.approx(metrics.betweenness(G, backend="networkx"), abs=1e-9)
    assert close == pytest.approx(metrics.closeness(G, backend="networkx"), abs=1e-12)


# --- definitions and traps --------------------------------------------------------


def test_strong_ties_are_short_paths() -> None:
    # a -> b -> d with daily ties (weight 4, length 1/4 each: 0.5) beats a -> c -> d with
    # yearly ties (weight 1, length 1 each: 2), so b carries the a -> d path, not c.
    G = build_graph(
        [Person(x, x) for x in "abcd"],
        [Tie("a", "b", weight=4), Tie("b", "d", weight=4), Tie("a", "c"), Tie("c", "d")],
    )
    between = metrics.betweenness(G)
    assert (between["b"], between["c"]) == (1.0, 0.0)


def test_equal_paths_are_not_split_by_floating_point_rounding() -> None:
    # Two s -> t paths of true length 2 (frequency codes in brackets, length 1/code):
    #   s -[1]-> a -[3]-> b -[3]-> c -[3]-> t       1 + 1/3 + 1/3 + 1/3 = 2
    #   s -[4]-> x1 -[4]-> x2 -[4]-> x3 -[4]-> x4 -[1]-> t   4 * 1/4 + 1 = 2
    # Summed in floating point the first is 1.9999999999999998, so a naive search keeps
    # only it. Hand count: a lies on (s,b), (s,c) and half of (s,t) = 2.5; x1 on (s,x2),
    # (s,x3), (s,x4) and half of (s,t) = 3.5.
    ties = [("s", "a", 1), ("a", "b", 3), ("b", "c", 3), ("c", "t", 3)]
    ties += [("s", "x1", 4), ("x1", "x2", 4), ("x2", "x3", 4), ("x3", "x4", 4), ("x4", "t", 1)]
    people = [Person(x, x) for x in ["s", "a", "b", "c", "t", "x1", "x2", "x3", "x4"]]
    G = build_graph(people, [Tie(u, v, weight=w) for u, v, w in ties])
    for backend in ("igraph", "networkx"):
        between = metrics.betweenness(G, backend=backend)  # type: ignore[arg-type]
        assert (between["a"], between["x1"]) == (2.5, 3.5)
    naive = nx.betweenness_centrality(G, normalized=False, weight="distance")
    assert naive["a"] == 3.0


def test_closeness_uses_incoming_distances() -> None:
    # a -> b -> c: nobody reaches a; c is reached by a (2 steps) and b (1 step):
    # r = 2, WF closeness = (2/2) * (2/3); b is reached by a only: (1/2) * (1/1).
    G = nx.DiGraph([("a", "b"), ("b", "c")])
    assert metrics.closeness(G, weight=None) == pytest.approx({"a": 0.0, "b": 0.5, "c": 2 / 3})
    assert metrics.closeness(G.reverse(), weight=None)["a"] == pytest.approx(2 / 3)


def test_closeness_with_frequency_weights_is_in_true_lengths() -> None:
    # a -[2]-> b: length 1/2, so b's closeness is (1/1) * (1 / 0.5) = 2 with n = 2.
    G = build_graph([Person("a", "A"), Person("b", "B")], [Tie("a", "b", weight=2)])
    assert metrics.closeness(G)["b"] == pytest.approx(2.0)
    assert metrics.closeness(G, backend="networkx")["b"] == pytest.approx(2.0)


@pytest.mark.parametrize(
    ("edges", "nodes", "expected"),
    [
        ([], ["a"], {"a": 0.0}),
        ([], ["a", "b"], {"a": 0.0, "b": 0.0}),
        ([("a", "b")], ["a", "b", "c"], {"a": 0.0, "b": 0.5, "c": 0.0}),
    ],
)
def test_isolates_and_unreached_people_have_zero_closeness_and_betweenness(
    edges: list[tuple[str, str]], nodes: list[str], expected: dict[str, float]
) -> None:
    G = nx.DiGraph(edges)
    G.add_nodes_from(nodes)
    assert metrics.closeness(G, weight=None) == pytest.approx(expected)
    assert set(metrics.betweenness(G).values()) == {0.0}


def test_empty_graph_gives_empty_results() -> None:
    G = nx.DiGraph()
    assert metrics.betweenness(G) == {}
    assert metrics.closeness(G) == {}
    assert metrics.pagerank(G) == {}
    assert metrics.constraint(G) == {}
    assert metrics.reciprocity(G) is None
    assert metrics.in_degree_centralisation(G) is None
    assert metrics.path_centralities(G) == ({}, {})


def test_constraint_is_undefined_for_isolates_and_defined_for_non_respondents() -> None:
    # b only receives a tie (a non-respondent): one contact, so constraint 1 (Burt).
    G = nx.DiGraph([("a", "b")])
    G.add_node("c")
    assert metrics.constraint(G) == {"a": 1.0, "b": 1.0, "c": None}
    assert math.isnan(nx.constraint(G)["b"])


@pytest.mark.parametrize(
    ("edges", "n", "expected"),
    [
        # In-star: everyone names a. sum(max - d) = 3 * 3 = 9 over (n-1)^2 = 9.
        ([("b", "a"), ("c", "a"), ("d", "a")], 4, 1.0),
        # Directed cycle: equal in-degrees.
        ([("a", "b"), ("b", "c"), ("c", "d"), ("d", "a")], 4, 0.0),
        # a named twice, b once, c and d never: (0 + 1 + 2 + 2) / 9.
        ([("c", "a"), ("d", "a"), ("a", "b")], 4, 5 / 9),
    ],
)
def test_in_degree_centralisation_by_hand(
    edges: list[tuple[str, str]], n: int, expected: float
) -> None:
    G = nx.DiGraph(edges)
    assert G.number_of_nodes() == n
    assert metrics.in_degree_centralisation(G) == pytest.approx(expected)


def test_betweenness_centralisation_of_a_path_by_hand() -> None:
    # a <-> b <-> c: b has betweenness 2 (a->c and c->a); denominator (n-1)^2 (n-2) = 4,
    # sum(max - b) = 2 + 2 = 4, so 1.0 (a 3-path is a star). Adding d <-> c:
    # b = 4, c = 4, sum = 4 + 4 = 8 over 9 * 2 = 18.
    G = nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c"), ("c", "b")])
    assert metrics.betweenness_centralisation(G) == pytest.approx(1.0)
    G.add_edges_from([("c", "d"), ("d", "c")])
    assert metrics.betweenness_centralisation(G) == pytest.approx(8 / 18)


def test_reach_counts_follow_direction_through_cycles() -> None:
    # Cycle a <-> b feeds c, c feeds d; e alone. Incoming reach: a 1, b 1, c 2, d 3, e 0.
    G = nx.DiGraph([("a", "b"), ("b", "a"), ("b", "c"), ("c", "d")])
    G.add_node("e")
    g, nodes = metrics.to_igraph(G)
    reach = dict(zip(nodes, metrics._incoming_reach_counts(g), strict=True))
    assert reach == {"a": 1, "b": 1, "c": 2, "d": 3, "e": 0}
