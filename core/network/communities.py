"""Informal subgroups (communities) found by modularity maximisation."""

from __future__ import annotations

import random
import threading
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import igraph as ig
import networkx as nx

from core.network.metrics import Backend

__all__ = [
    "CLEAR_SUBGROUPS_MODULARITY",
    "COMMUNITY_SEED",
    "Communities",
    "find_communities",
    "undirected_strengths",
]

CLEAR_SUBGROUPS_MODULARITY = 0.3
"""Below this modularity the partition is reported as "no clear subgroups"
(domain-science 2.1: Q < ~0.3 means weak structure)."""

COMMUNITY_SEED = 42
"""Fixed seed so that the same answers always give the same subgroups."""

_RNG_LOCK = threading.Lock()


@dataclass(frozen=True)
class Communities:
    """A partition of the people into subgroups, with its modularity.

    ``groups`` are sorted largest first (ties broken by smallest member id), and
    ``membership`` maps each person to the index of their group in ``groups``.
    ``clear`` is False when modularity is missing or below
    `CLEAR_SUBGROUPS_MODULARITY`: then the subgroups should not be shown as real.
    """

    groups: tuple[tuple[Hashable, ...], ...]
    membership: dict[Hashable, int]
    modularity: float | None
    clear: bool


def find_communities(
    G: nx.DiGraph,
    *,
    seed: int = COMMUNITY_SEED,
    backend: Backend = "igraph",
) -> Communities:
    """Find subgroups with the Louvain method on the undirected tie strengths.

    Parameters
    ----------
    G : networkx.DiGraph
        Directed network with tie strength ``weight``.
    seed : int
        Seed for the random order in which Louvain visits people.
    backend : {"igraph", "networkx"}
        ``igraph`` runs ``Graph.community_multilevel``; ``networkx`` runs
        ``nx.community.louvain_communities``. Both maximise the same modularity.

    Returns
    -------
    Communities

    Examples
    --------
    >>> G = nx.DiGraph()
    >>> G.add_edges_from([("a", "b"), ("b", "c"), ("c", "a"), ("d", "e"), ("e", "f"), ("f", "d")])
    >>> G.add_edge("c", "d")
    >>> found = find_communities(G)
    >>> found.groups, round(found.modularity, 3), found.clear
    ((('a', 'b', 'c'), ('d', 'e', 'f')), 0.357, True)

    Notes
    -----
    Ties are made undirected first and the strengths of a tie reported by both people are
    added, because Louvain and modularity are defined for undirected graphs here.
    Isolates (and people whose ties were all lost to non-response) form groups of their
    own. Modularity is ``None`` for a network without ties. On small, dense groups
    modularity is low and the partition changes with the seed (domain-science 2.1), hence
    the fixed seed and the ``clear`` flag. igraph's ``community_leiden`` is not used: its
    default objective (CPM) returns singletons.

    References
    ----------
    .. [1] Blondel, V. D., Guillaume, J.-L., Lambiotte, R. and Lefebvre, E. (2008). Fast
       unfolding of communities in large networks. J. Stat. Mech. P10008.
    .. [2] Newman, M. E. J. (2006). Modularity and community structure in networks.
       PNAS 103(23), 8577-8582.
    """
    U = undirected_strengths(G)
    if U.number_of_edges() == 0:
        return _communities([[v] for v in U], modularity=None)
    if backend == "networkx":
        found = nx.community.louvain_communities(U, weight="weight", seed=seed)
        q = float(nx.community.modularity(U, found, weight="weight"))
        return _communities([list(c) for c in found], modularity=q)
    nodes = list(U)
    index = {node: i for i, node in enumerate(nodes)}
    und = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in U.edges()])
    und.es["weight"] = [w for _, _, w in U.edges(data="weight")]
    with _seeded_igraph(seed):
        clustering = und.community_multilevel(weights="weight")
    by_label: dict[int, list[Hashable]] = {}
    for node, label in zip(nodes, clustering.membership, strict=True):
        by_label.setdefault(label, []).append(node)
    q = float(und.modularity(clustering.membership, weights="weight"))
    return _communities(list(by_label.values()), modularity=q)


def undirected_strengths(G: nx.DiGraph) -> nx.Graph:
    """Undirected copy of ``G`` whose tie strength is the sum over both directions.

    Parameters
    ----------
    G : networkx.DiGraph
        Directed network with tie strength ``weight`` (missing = 1).

    Returns
    -------
    networkx.Graph

    Examples
    --------
    >>> U = undirected_strengths(nx.DiGraph([("a", "b", {"weight": 2}), ("b", "a")]))
    >>> U["a"]["b"]["weight"]
    3.0
    """
    U = nx.Graph()
    U.add_nodes_from(G)
    for u, v, w in G.edges(data="weight", default=1.0):
        if U.has_edge(u, v):
            U[u][v]["weight"] += float(w)
        else:
            U.add_edge(u, v, weight=float(w))
    return U


def _communities(groups: list[list[Hashable]], *, modularity: float | None) -> Communities:
    """Order groups deterministically and build the membership map."""
    ordered = sorted(
        (tuple(sorted(g, key=str)) for g in groups), key=lambda g: (-len(g), [str(v) for v in g])
    )
    membership = {node: i for i, group in enumerate(ordered) for node in group}
    clear = modularity is not None and modularity >= CLEAR_SUBGROUPS_MODULARITY
    return Communities(
        groups=tuple(ordered), membership=membership, modularity=modularity, clear=clear
    )


@contextmanager
def _seeded_igraph(seed: int) -> Iterator[None]:
    """Give igraph a private seeded generator for the duration of one call.

    igraph draws from a process-wide generator (Python's ``random`` module by default);
    the lock keeps concurrent analyses (Streamlit runs pages in threads) from sharing it.
    """
    with _RNG_LOCK:
        ig.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            ig.set_random_number_generator(random)
