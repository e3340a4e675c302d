"""Krackhardt-Stern E-I index: ties across group boundaries against ties within."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

import networkx as nx

__all__ = [
    "GroupTies",
    "GroupsEI",
    "ei_index",
    "expected_ei_index",
    "individual_ei_index",
]


@dataclass(frozen=True)
class GroupTies:
    """Tie counts of one group and its E-I index against the random-mixing expectation.

    ``internal`` counts ties with both ends in the group; ``external`` ties with exactly
    one end in it (sent or received). ``ei_index`` is ``None`` when the group has no ties.
    """

    members: int
    internal: int
    external: int
    ei_index: float | None
    ei_expected: float | None


@dataclass(frozen=True)
class GroupsEI:
    """E-I index of the whole network and of each group, by one node attribute."""

    attribute: str
    ei_index: float | None
    ei_expected: float | None
    internal: int
    external: int
    without_group: int
    groups: dict[str, GroupTies]


def ei_index(G: nx.DiGraph, *, attribute: str) -> GroupsEI:
    """E-I index ``(E - I) / (E + I)`` of the network and of each group.

    ``E`` counts ties between people of different groups and ``I`` ties within a group;
    the index runs from -1 (all ties internal) to +1 (all external). Each value comes
    with its expectation under random mixing (`expected_ei_index`), because the raw
    index depends on group sizes.

    Parameters
    ----------
    G : networkx.DiGraph
        Directed network; each tie counts once (a mutual pair counts twice).
    attribute : str
        Node attribute holding the group.

    Returns
    -------
    GroupsEI

    Examples
    --------
    Units X = {a, b} and Y = {c, d}; ties a->b, c->d inside, b->c across:

    >>> G = nx.DiGraph([("a", "b"), ("c", "d"), ("b", "c")])
    >>> nx.set_node_attributes(G, {"a": "X", "b": "X", "c": "Y", "d": "Y"}, "unit")
    >>> result = ei_index(G, attribute="unit")
    >>> round(result.ei_index, 3), round(result.ei_expected, 3)
    (-0.333, 0.333)
    >>> result.groups["X"]
    GroupTies(members=2, internal=1, external=1, ei_index=0.0, ei_expected=0.6)

    Notes
    -----
    People without a value for ``attribute`` are left out, with their ties, and counted
    in ``without_group``. Group names are turned into strings. The index of a group with
    no ties, or of a network with no ties between grouped people, is ``None``.
    Non-respondents lower ``E`` and ``I`` alike, but only through the ties they did not
    give; compare the index with its expectation rather than with zero.

    References
    ----------
    .. [1] Krackhardt, D. and Stern, R. N. (1988). Informal networks and organizational
       crises: an experimental simulation. Social Psychology Quarterly 51(2), 123-140.
    .. [2] Everett, M. G. and Borgatti, S. P. (2012). Categorical attribute based
       centrality: E-I and G-F centrality. Social Networks 34(4), 562-569.
    """
    groups = _groups(G, attribute)
    sizes = Counter(groups.values())
    internal_by = Counter[str]()
    external_by = Counter[str]()
    for u, v in G.edges():
        gu, gv = groups.get(u), groups.get(v)
        if gu is None or gv is None:
            continue
        if gu == gv:
            internal_by[gu] += 1
        else:
            external_by[gu] += 1
            external_by[gv] += 1
    internal = sum(internal_by.values())
    external = sum(external_by.values()) // 2
    n = sum(sizes.values())
    per_group: dict[str, GroupTies] = {}
    for group in sorted(sizes):
        size = sizes[group]
        i, e = internal_by[group], external_by[group]
        possible_in = size * (size - 1)
        possible_out = 2 * size * (n - size)
        per_group[group] = GroupTies(
            members=size,
            internal=i,
            external=e,
            ei_index=_ratio(e, i),
            ei_expected=_ratio(possible_out, possible_in),
        )
    return GroupsEI(
        attribute=attribute,
        ei_index=_ratio(external, internal),
        ei_expected=expected_ei_index(sizes) if n else None,
        internal=internal,
        external=external,
        without_group=G.number_of_nodes() - n,
        groups=per_group,
    )


def expected_ei_index(sizes: Mapping[str, int]) -> float | None:
    """E-I index expected if ties fell at random, given the group sizes.

    ``(X - W) / (X + W)`` with ``X = sum_i (n - n_g(i))`` the possible ties from each
    person to other groups and ``W = sum_i (n_g(i) - 1)`` those within their group
    (domain-science 2.1).

    Parameters
    ----------
    sizes : mapping
        Group -> number of members.

    Returns
    -------
    float or None
        ``None`` when fewer than two people are grouped.

    Examples
    --------
    Two groups of five: each person has 5 possible outside and 4 inside contacts.

    >>> round(expected_ei_index({"X": 5, "Y": 5}), 4)
    0.1111

    Notes
    -----
    One group only gives -1: every possible tie is internal.

    References
    ----------
    .. [1] Krackhardt, D. and Stern, R. N. (1988). Informal networks and organizational
       crises. Social Psychology Quarterly 51(2), 123-140.
    """
    n = sum(sizes.values())
    outside = sum(size * (n - size) for size in sizes.values())
    inside = sum(size * (size - 1) for size in sizes.values())
    return _ratio(outside, inside)


def individual_ei_index(G: nx.DiGraph, *, attribute: str) -> dict[Hashable, float | None]:
    """Each person's E-I index over their own ties, sent and received.

    Parameters
    ----------
    G : networkx.DiGraph
        Directed network.
    attribute : str
        Node attribute holding the group.

    Returns
    -------
    dict
        Node id -> E-I index, ``None`` when the person has no group or no ties to grouped
        people.

    Examples
    --------
    >>> G = nx.DiGraph([("a", "b"), ("a", "c"), ("c", "a")])
    >>> nx.set_node_attributes(G, {"a": "X", "b": "X", "c": "Y"}, "unit")
    >>> individual_ei_index(G, attribute="unit")
    {'a': 0.3333333333333333, 'b': -1.0, 'c': 1.0}

    Notes
    -----
    A mutual tie counts twice (once sent, once received). The expectation for a person in
    group ``g`` under random mixing is ``(n - 2 n_g + 1) / (n - 1)``; a person above it
    reaches outside their unit more than chance would: a boundary spanner.

    References
    ----------
    .. [1] Everett, M. G. and Borgatti, S. P. (2012). Categorical attribute based
       centrality: E-I and G-F centrality. Social Networks 34(4), 562-569.
    """
    groups = _groups(G, attribute)
    result: dict[Hashable, float | None] = {}
    for v in G:
        own = groups.get(v)
        if own is None:
            result[v] = None
            continue
        inside = outside = 0
        for other in _contacts(G, v):
            group = groups.get(other)
            if group is None:
                continue
            if group == own:
                inside += 1
            else:
                outside += 1
        result[v] = _ratio(outside, inside)
    return result


def _groups(G: nx.DiGraph, attribute: str) -> dict[Hashable, str]:
    """Node -> group name as a string, for nodes that have a non-empty group."""
    return {v: str(g) for v, g in G.nodes(data=attribute) if g is not None and g != ""}


def _contacts(G: nx.DiGraph, v: Hashable) -> list[Hashable]:
    """Alters of each tie of ``v``: successors then predecessors (mutual ties twice)."""
    return [*G.successors(v), *G.predecessors(v)]


def _ratio(external: int, internal: int) -> float | None:
    """``(E - I) / (E + I)``, or ``None`` when both are zero."""
    total = external + internal
    return None if total == 0 else (external - internal) / total
