"""Per-person and whole-network metrics of a directed tie network."""

from __future__ import annotations

import math
import multiprocessing
import os
from collections.abc import Hashable, Mapping, Sequence
from multiprocessing.connection import Connection
from typing import Literal

import igraph as ig
import networkx as nx
import numpy as np

__all__ = [
    "Backend",
    "betweenness",
    "betweenness_centralisation",
    "closeness",
    "constraint",
    "dyad_reciprocity",
    "in_degree_centralisation",
    "pagerank",
    "path_centralities",
    "reciprocity",
    "to_igraph",
]

PARALLEL_MIN_NODES = 1000
"""From this many people `path_centralities` splits its work over two processes."""

_LENGTH = "_length"
"""Edge attribute holding prepared tie lengths on the networkx reference copy."""

_MAX_LENGTH_SCALE = 10**6
"""Largest common multiple used to turn ``1 / k`` tie lengths into whole numbers."""

Backend = Literal["igraph", "networkx"]
"""Which library computes a metric. Both give the same numbers (tested); igraph is
written in C and is the default, networkx is the readable reference."""


def to_igraph(G: nx.DiGraph) -> tuple[ig.Graph, list[Hashable]]:
    """Copy a networkx DiGraph into igraph, keeping ``weight`` and ``distance``.

    Parameters
    ----------
    G : networkx.DiGraph
        The network as built by `core.network.graph.build_graph`.

    Returns
    -------
    (igraph.Graph, list)
        The igraph copy and the node ids in igraph vertex order.

    Examples
    --------
    >>> g, nodes = to_igraph(nx.DiGraph([("a", "b")]))
    >>> g.vcount(), g.ecount(), g.is_directed(), nodes
    (2, 1, True, ['a', 'b'])
    """
    nodes = list(G)
    index = {node: i for i, node in enumerate(nodes)}
    edges = [(index[u], index[v]) for u, v in G.edges()]
    g = ig.Graph(n=len(nodes), edges=edges, directed=True)
    if edges:
        g.es["weight"] = [float(w) for _, _, w in G.edges(data="weight", default=1.0)]
        g.es["distance"] = [float(d) for _, _, d in G.edges(data="distance", default=1.0)]
    return g, nodes


def betweenness(
    G: nx.DiGraph,
    *,
    normalized: bool = False,
    weight: str | None = "distance",
    backend: Backend = "igraph",
) -> dict[Hashable, float]:
    """Directed betweenness: how many shortest paths between others pass through a person.

    For each ordered pair ``s != t`` (both different from ``v``) the share of shortest
    ``s -> t`` paths that pass through ``v`` is summed (Freeman 1977), computed with
    Brandes' algorithm.

    Parameters
    ----------
    G : networkx.DiGraph
        Directed network; edge ``distance`` (``1 / weight``) is the length of a tie.
    normalized : bool
        Divide by ``(n - 1)(n - 2)``, the number of ordered pairs not involving ``v``.
    weight : str or None
        Edge attribute used as tie length; ``None`` counts hops.
    backend : {"igraph", "networkx"}
        Library that computes the numbers.

    Returns
    -------
    dict
        Node id -> betweenness (unnormalised counts of ordered pairs by default).

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b"), ("b", "c")])
    >>> betweenness(G)
    {'a': 0.0, 'b': 1.0, 'c': 0.0}

    Notes
    -----
    Tie lengths must be distances: a strong (frequent) tie is a short one, so the
    frequency code is inverted before paths are measured (domain-science 2). When every
    tie has the same length the unweighted (breadth-first) algorithm is used, which gives
    the same numbers faster. Isolates and people nobody reaches score 0. Non-respondents
    have no outgoing ties, so they rarely lie on paths: betweenness is sensitive to
    missing answers (Smith & Moody 2013), which is why findings built on it require a
    response rate of at least 80 %.

    References
    ----------
    .. [1] Freeman, L. C. (1977). A set of measures of centrality based on betweenness.
       Sociometry 40(1), 35-41.
    .. [2] Brandes, U. (2001). A faster algorithm for betweenness centrality.
       Journal of Mathematical Sociology 25(2), 163-177.
    """
    n = int(G.number_of_nodes())
    lengths, _ = _path_lengths(_edge_values(G, weight))
    if backend == "networkx":
        H = _with_lengths(G, lengths)
        key = None if lengths is None else _LENGTH
        return dict(nx.betweenness_centrality(H, normalized=normalized, weight=key))
    g, nodes = to_igraph(G)
    values = g.betweenness(directed=True, weights=lengths) if n else []
    scale = 1.0 / ((n - 1) * (n - 2)) if normalized and n > 2 else 1.0
    return {node: float(value) * scale for node, value in zip(nodes, values, strict=True)}


def closeness(
    G: nx.DiGraph,
    *,
    weight: str | None = "distance",
    backend: Backend = "igraph",
) -> dict[Hashable, float]:
    """Incoming closeness with the Wasserman-Faust correction for unreachable people.

    ``C(v) = (r / (n - 1)) * (r / sum of d(u, v))`` over the ``r`` people ``u`` from whom
    ``v`` can be reached, ``d`` being the shortest-path length.

    Parameters
    ----------
    G : networkx.DiGraph
        Directed network; edge ``distance`` (``1 / weight``) is the length of a tie.
    weight : str or None
        Edge attribute used as tie length; ``None`` counts hops.
    backend : {"igraph", "networkx"}
        Library that computes the numbers.

    Returns
    -------
    dict
        Node id -> closeness in ``[0, ∞)`` (``[0, 1]`` when every length is at least 1).

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b"), ("b", "c")])
    >>> {v: round(c, 3) for v, c in closeness(G, weight=None).items()}
    {'a': 0.0, 'b': 0.5, 'c': 0.667}

    Notes
    -----
    Direction: distances run *to* ``v`` (incoming), as ``networkx.closeness_centrality``
    does on a DiGraph. With ties pointing from the respondent to the person named, high
    incoming closeness means the person can be reached in few steps by everyone who asks
    around: a short way to that person's knowledge. Apply it to ``G.reverse()`` for
    outgoing closeness. A person nobody names has closeness 0; so does an isolate or an
    empty graph. Frequency weights are inverted into lengths first (``distance``), so
    with weights above 1 values may exceed 1.

    References
    ----------
    .. [1] Freeman, L. C. (1979). Centrality in social networks: conceptual
       clarification. Social Networks 1, 215-239.
    .. [2] Wasserman, S. and Faust, K. (1994). Social Network Analysis: Methods and
       Applications. Cambridge University Press, 200-201.
    """
    n = int(G.number_of_nodes())
    lengths, unit = _path_lengths(_edge_values(G, weight))
    if backend == "networkx":
        H = _with_lengths(G, lengths)
        key = None if lengths is None else _LENGTH
        raw = nx.closeness_centrality(H, distance=key, wf_improved=True)
        return {node: value / unit for node, value in raw.items()}
    g, nodes = to_igraph(G)
    if n < 2:
        return dict.fromkeys(nodes, 0.0)
    inverse_sums = g.closeness(mode="in", weights=lengths, normalized=False)
    reach = _incoming_reach_counts(g)
    result: dict[Hashable, float] = {}
    for node, inverse_sum, r in zip(nodes, inverse_sums, reach, strict=True):
        if r == 0 or math.isnan(inverse_sum):
            result[node] = 0.0
        else:
            result[node] = r * r * inverse_sum / (n - 1) / unit
    return result


def path_centralities(
    G: nx.DiGraph,
    *,
    weight: str | None = "distance",
    parallel: bool | None = None,
) -> tuple[dict[Hashable, float], dict[Hashable, float]]:
    """Unnormalised `betweenness` and incoming `closeness` together, converting once.

    Parameters
    ----------
    G : networkx.DiGraph
        Directed network; edge ``distance`` (``1 / weight``) is the length of a tie.
    weight : str or None
        Edge attribute used as tie length; ``None`` counts hops.
    parallel : bool or None
        Split the shortest-path searches between this process and one forked child.
        ``None`` decides by size (at least `PARALLEL_MIN_NODES` people, two CPUs, and a
        platform that can fork).

    Returns
    -------
    (dict, dict)
        Betweenness and closeness by node id, equal to `betweenness` and `closeness`.

    Examples
    --------
    >>> b, c = path_centralities(nx.DiGraph([("a", "b"), ("b", "c")]), weight=None)
    >>> b["b"], round(c["c"], 3)
    (1.0, 0.667)

    Notes
    -----
    Both measures need a shortest-path search from every person, which dominates the
    running time of an analysis. Betweenness is additive over source people and
    closeness is per person, so each half of the people is searched in one process and
    the parts are added. If the child fails the missing half is computed here, so the
    result never depends on whether the split worked.
    """
    g, nodes = to_igraph(G)
    n = len(nodes)
    if n < 2:
        return dict.fromkeys(nodes, 0.0), dict.fromkeys(nodes, 0.0)
    lengths, unit = _path_lengths(_edge_values(G, weight))
    if parallel is None:
        parallel = (
            n >= PARALLEL_MIN_NODES
            and (os.cpu_count() or 1) >= 2
            and "fork" in multiprocessing.get_all_start_methods()
        )
    everyone = list(range(n))
    if parallel:
        mine, theirs = everyone[0::2], everyone[1::2]
        between, inverse_sums = _split_path_searches(g, lengths, mine=mine, theirs=theirs)
    else:
        between, inverse_sums = _path_searches(g, lengths, everyone)
    reach = _incoming_reach_counts(g)
    closeness_values: dict[Hashable, float] = {}
    for node, inverse_sum, r in zip(nodes, inverse_sums, reach, strict=True):
        if r == 0 or math.isnan(inverse_sum):
            closeness_values[node] = 0.0
        else:
            closeness_values[node] = r * r * inverse_sum / (n - 1) / unit
    return dict(zip(nodes, between, strict=True)), closeness_values


def pagerank(
    G: nx.DiGraph,
    *,
    weight: str | None = "weight",
    alpha: float = 0.85,
    backend: Backend = "igraph",
) -> dict[Hashable, float]:
    """PageRank: sought out by people who are themselves sought out.

    Parameters
    ----------
    G : networkx.DiGraph
        Directed network; ``weight`` is tie strength (frequency), used as it is.
    weight : str or None
        Edge attribute used as strength; ``None`` gives every tie the same strength.
    alpha : float
        Damping factor.
    backend : {"igraph", "networkx"}
        Library that computes the numbers.

    Returns
    -------
    dict
        Node id -> PageRank; the values sum to 1.

    Examples
    --------
    >>> G = nx.DiGraph([("a", "c"), ("b", "c")])
    >>> {v: round(p, 3) for v, p in pagerank(G).items()}
    {'a': 0.213, 'c': 0.574, 'b': 0.213}

    Notes
    -----
    PageRank flows along the tie direction, so it rewards being named (in-degree) by
    people who are named themselves. People with no outgoing ties (non-respondents,
    isolates) spread their score evenly over everyone, as both libraries do. An empty
    graph gives an empty dict.

    References
    ----------
    .. [1] Brin, S. and Page, L. (1998). The anatomy of a large-scale hypertextual web
       search engine. Computer Networks and ISDN Systems 30, 107-117.
    """
    if G.number_of_nodes() == 0:
        return {}
    if backend == "networkx":
        return _pagerank_networkx(G, alpha=alpha, weight=weight)
    g, nodes = to_igraph(G)
    weights = weight if weight is not None and g.ecount() else None
    values = g.pagerank(directed=True, damping=alpha, weights=weights)
    return {node: float(value) for node, value in zip(nodes, values, strict=True)}


def constraint(
    G: nx.DiGraph,
    *,
    weight: str | None = "weight",
    backend: Backend = "igraph",
) -> dict[Hashable, float | None]:
    """Burt's constraint: how far a person's contacts are tied to each other.

    ``c_i = sum_j (p_ij + sum_q p_iq p_qj)^2`` over contacts ``j`` (ties in either
    direction), where ``p_ij = (w_ij + w_ji) / sum_k (w_ik + w_ki)`` is the share of
    ``i``'s tie strength invested in ``j``.

    Parameters
    ----------
    G : networkx.DiGraph
        Directed network; ``weight`` is tie strength (frequency).
    weight : str or None
        Edge attribute used as strength; ``None`` gives every tie the same strength.
    backend : {"igraph", "networkx"}
        Library that computes the numbers.

    Returns
    -------
    dict
        Node id -> constraint (about 0 to 1, can slightly exceed 1), or ``None`` where
        it is undefined.

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b"), ("a", "c"), ("b", "c")])
    >>> {v: round(c, 3) for v, c in constraint(G).items()}
    {'a': 1.125, 'b': 1.125, 'c': 1.125}

    Notes
    -----
    Low constraint means contacts who are not tied to each other: access to structural
    holes. Constraint is undefined (``None``) for isolates. A person with only incoming
    ties (a non-respondent) still has contacts and gets a value from the igraph backend;
    ``networkx.constraint`` returns NaN for every node without outgoing ties because it
    looks only at successors, so the networkx backend is only a reference for people with
    outgoing ties.

    References
    ----------
    .. [1] Burt, R. S. (1992). Structural Holes: The Social Structure of Competition.
       Harvard University Press.
    """
    if backend == "networkx":
        raw = nx.constraint(G, weight=weight)
    else:
        g, nodes = to_igraph(G)
        weights = weight if weight is not None and g.ecount() else None
        raw = dict(zip(nodes, g.constraint(weights=weights) if nodes else [], strict=True))
    return {node: None if math.isnan(value) else float(value) for node, value in raw.items()}


def reciprocity(G: nx.DiGraph) -> float | None:
    """Share of ties that are returned, as networkx defines it: ``2M / L``.

    ``M`` is the number of mutual dyads and ``L`` the number of ties.

    Parameters
    ----------
    G : networkx.DiGraph
        Directed network.

    Returns
    -------
    float or None
        ``None`` when there are no ties.

    Examples
    --------
    >>> reciprocity(nx.DiGraph([("a", "b"), ("b", "a"), ("a", "c")]))
    0.6666666666666666

    Notes
    -----
    Equal to ``nx.reciprocity(G)``, which is slow on large graphs because it copies the
    graph to an undirected one first. The dyad-based version ``M / (M + A)`` used by R's ``sna::grecip(measure="dyadic.
    nonnull")`` is `dyad_reciprocity`. Non-respondents lower reciprocity: nobody can see
    whether they would have returned a tie (domain-science 1.7).

    References
    ----------
    .. [1] Wasserman, S. and Faust, K. (1994). Social Network Analysis, chapter 13.
    """
    ties = int(G.number_of_edges())
    if ties == 0:
        return None
    returned = sum(1 for u, v in G.edges() if G.has_edge(v, u))
    return returned / ties


def dyad_reciprocity(G: nx.DiGraph) -> float | None:
    """Share of connected pairs whose tie goes both ways: ``M / (M + A)``.

    Parameters
    ----------
    G : networkx.DiGraph
        Directed network.

    Returns
    -------
    float or None
        ``None`` when there are no ties.

    Examples
    --------
    >>> dyad_reciprocity(nx.DiGraph([("a", "b"), ("b", "a"), ("a", "c")]))
    0.5

    Notes
    -----
    ``M`` counts mutual dyads and ``A`` asymmetric ones; null dyads are left out.

    References
    ----------
    .. [1] Wasserman, S. and Faust, K. (1994). Social Network Analysis, chapter 13.
    """
    ties = G.number_of_edges()
    if ties == 0:
        return None
    mutual = int(sum(1 for u, v in G.edges() if G.has_edge(v, u))) // 2
    asymmetric = int(ties) - 2 * mutual
    return mutual / (mutual + asymmetric)


def in_degree_centralisation(G: nx.DiGraph) -> float | None:
    """Freeman centralisation of in-degree: how far the network is an in-star.

    ``sum_i (max_in - in_i) / (n - 1)^2``, the denominator being the value for a network
    where everyone names one person and nobody else is named.

    Parameters
    ----------
    G : networkx.DiGraph
        Directed network.

    Returns
    -------
    float or None
        0 (everyone named equally often) to 1 (all ties go to one person); ``None`` for
        fewer than two people.

    Examples
    --------
    >>> in_degree_centralisation(nx.DiGraph([("b", "a"), ("c", "a")]))
    1.0

    Notes
    -----
    In-degree uses the ties others gave, so it stays meaningful for non-respondents and
    is robust to missing answers (Smith & Moody 2013).

    References
    ----------
    .. [1] Freeman, L. C. (1979). Centrality in social networks: conceptual
       clarification. Social Networks 1, 215-239.
    """
    n = int(G.number_of_nodes())
    if n < 2:
        return None
    degrees = [int(d) for _, d in G.in_degree()]
    top = max(degrees)
    return sum(top - d for d in degrees) / ((n - 1) ** 2)


def betweenness_centralisation(
    G: nx.DiGraph, *, values: Mapping[Hashable, float] | None = None
) -> float | None:
    """Freeman centralisation of directed betweenness.

    ``sum_i (max_b - b_i) / ((n - 1)^2 (n - 2))`` with unnormalised directed
    betweenness ``b``; the denominator is the value of a star whose ties go both ways.

    Parameters
    ----------
    G : networkx.DiGraph
        Directed network.
    values : mapping, optional
        Unnormalised directed betweenness already computed for ``G``.

    Returns
    -------
    float or None
        0 (paths spread evenly) to 1 (every path passes one person); ``None`` for fewer
        than three people.

    Examples
    --------
    >>> star = nx.DiGraph([("hub", x) for x in "abc"] + [(x, "hub") for x in "abc"])
    >>> betweenness_centralisation(star)
    1.0

    Notes
    -----
    Sensitive to missing answers, like betweenness itself.

    References
    ----------
    .. [1] Freeman, L. C. (1979). Centrality in social networks: conceptual
       clarification. Social Networks 1, 215-239.
    """
    n = int(G.number_of_nodes())
    if n < 3:
        return None
    scores = [float(b) for b in (values if values is not None else betweenness(G)).values()]
    top = max(scores)
    return sum(top - b for b in scores) / ((n - 1) ** 2 * (n - 2))


def _path_searches(
    g: ig.Graph, lengths: list[float] | None, vertices: Sequence[int]
) -> tuple[list[float], list[float]]:
    """Betweenness contributed by ``vertices`` as sources, and their inverse distance sums.

    The betweenness list covers every vertex; the inverse sums cover ``vertices`` only
    (in that order) and are NaN where nobody reaches the vertex.
    """
    between = g.betweenness(directed=True, weights=lengths, sources=vertices)
    inverse_sums = g.closeness(vertices=vertices, mode="in", weights=lengths, normalized=False)
    return [float(x) for x in between], [float(x) for x in inverse_sums]


def _split_path_searches(
    g: ig.Graph, lengths: list[float] | None, *, mine: list[int], theirs: list[int]
) -> tuple[list[float], list[float]]:
    """Run `_path_searches` for ``theirs`` in a forked child and for ``mine`` here."""
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    child = context.Process(target=_path_child, args=(g, lengths, theirs, writer), daemon=True)
    try:
        child.start()
        started = True
    except OSError:
        started = False
    writer.close()
    between, my_sums = _path_searches(g, lengths, mine)
    their_between: list[float] | None = None
    their_sums: list[float] | None = None
    try:
        if started:
            their_between, their_sums = reader.recv()
    except EOFError:
        their_between = their_sums = None
    finally:
        reader.close()
        if started:
            child.join()
    if their_between is None or their_sums is None:
        their_between, their_sums = _path_searches(g, lengths, theirs)
    inverse_sums = [0.0] * g.vcount()
    for v, x in zip(mine, my_sums, strict=True):
        inverse_sums[v] = x
    for v, x in zip(theirs, their_sums, strict=True):
        inverse_sums[v] = x
    return [a + b for a, b in zip(between, their_between, strict=True)], inverse_sums


def _path_child(
    g: ig.Graph, lengths: list[float] | None, vertices: list[int], writer: Connection
) -> None:
    """Child process body: compute one half and send it back."""
    writer.send(_path_searches(g, lengths, vertices))
    writer.close()


def _edge_values(G: nx.DiGraph, weight: str | None) -> list[float]:
    """Edge attribute values in ``G.edges()`` order (1.0 where missing); empty for hops."""
    if weight is None:
        return []
    return [float(x) for _, _, x in G.edges(data=weight, default=1.0)]


def _with_lengths(G: nx.DiGraph, lengths: list[float] | None) -> nx.DiGraph:
    """A copy of ``G`` whose edges carry the prepared lengths as ``_LENGTH``."""
    if lengths is None:
        return G
    H = nx.DiGraph()
    H.add_nodes_from(G)
    H.add_edges_from(
        (u, v, {_LENGTH: length}) for (u, v), length in zip(G.edges(), lengths, strict=True)
    )
    return H


def _pagerank_networkx(G: nx.DiGraph, *, alpha: float, weight: str | None) -> dict[Hashable, float]:
    """Reference PageRank by power iteration on networkx's Google matrix (no SciPy)."""
    nodes = list(G)
    matrix = nx.google_matrix(G, alpha=alpha, weight=weight, nodelist=nodes)
    x = np.full(len(nodes), 1.0 / len(nodes))
    for _ in range(1000):
        nxt = x @ matrix
        done = float(np.abs(nxt - x).sum()) < 1e-12
        x = nxt
        if done:
            break
    return {node: float(value) for node, value in zip(nodes, x / x.sum(), strict=True)}


def _path_lengths(values: list[float]) -> tuple[list[float] | None, float]:
    """Tie lengths to give the path algorithms, and the scale back to true lengths.

    True length = returned length * scale. When every tie has the same length the result
    is ``None`` (count hops): breadth-first search is several times faster than Dijkstra
    and finds the same paths. When every length is ``1 / k`` for a whole number ``k``
    (frequency codes 1..4 give 1, 1/2, 1/3, 1/4) the lengths are scaled to whole numbers
    by the least common multiple, so that equally short paths compare exactly equal in
    both igraph and networkx instead of depending on floating-point rounding (for
    example 1/3 + 1/3 + 1/3 against 1).
    """
    if not values:
        return None, 1.0
    first = values[0]
    if all(x == first for x in values):
        return None, first
    inverses = [1.0 / x for x in values]
    whole = {round(x) for x in inverses}
    if all(abs(x - round(x)) < 1e-9 for x in inverses) and min(whole) >= 1:
        common = math.lcm(*whole)
        if common <= _MAX_LENGTH_SCALE:
            return [float(common // round(x)) for x in inverses], 1.0 / common
    return values, 1.0


def _incoming_reach_counts(g: ig.Graph) -> list[int]:
    """For each vertex, how many other vertices have a directed path to it.

    Ancestor sets are propagated as bit masks over the condensation (strongly connected
    components in topological order), which is linear in the size of the condensation
    and avoids one search per vertex.
    """
    components = g.connected_components(mode="strong")
    dag = components.cluster_graph(combine_edges=False).simplify()
    masks = [0] * len(components)
    for c, members in enumerate(components):
        for v in members:
            masks[c] |= 1 << v
    for c in dag.topological_sorting(mode="out"):
        for p in dag.predecessors(c):
            masks[c] |= masks[p]
    membership = components.membership
    return [masks[membership[v]].bit_count() - 1 for v in range(g.vcount())]
