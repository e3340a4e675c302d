"""Gould-Fernandez brokerage roles: who links whom across group boundaries."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable

import networkx as nx

__all__ = ["BROKERAGE_ROLES", "brokerage"]

BROKERAGE_ROLES: tuple[str, ...] = (
    "coordinator",
    "consultant",
    "representative",
    "gatekeeper",
    "liaison",
)
"""The five Gould-Fernandez roles; "consultant" is also called "itinerant"."""


def brokerage(G: nx.DiGraph, *, attribute: str) -> dict[Hashable, dict[str, int]]:
    """Count, for each person, the open two-paths they broker, by Gould-Fernandez role.

    For every open two-path ``a -> v -> c`` (``a != c`` and no tie ``a -> c``) the broker
    ``v`` gets one count in the role given by the groups of ``a``, ``v`` and ``c``:

    ============== ===================== =========================================
    role           groups                 meaning
    ============== ===================== =========================================
    coordinator    a = v = c              brokers inside their own unit
    consultant     a = c != v             an outsider linking two members of a unit
    representative a = v != c             carries their own unit's contact outward
    gatekeeper     a != v = c             the way into their own unit from outside
    liaison        a, v, c all different  links two units neither of them their own
    ============== ===================== =========================================

    Parameters
    ----------
    G : networkx.DiGraph
        Directed network (tie strength is ignored).
    attribute : str
        Node attribute holding the group (department, organisation ...).

    Returns
    -------
    dict
        Node id -> ``{role: count}`` with all five roles, for every node.

    Examples
    --------
    Two units, X = {a, b} and Y = {v}; ``a -> v -> b`` is open, so ``v`` is a consultant
    (an outsider linking two members of X):

    >>> G = nx.DiGraph([("a", "v"), ("v", "b")])
    >>> nx.set_node_attributes(G, {"a": "X", "b": "X", "v": "Y"}, "group")
    >>> brokerage(G, attribute="group")["v"]
    {'coordinator': 0, 'consultant': 1, 'representative': 0, 'gatekeeper': 0, 'liaison': 0}

    Notes
    -----
    Direction: ties point from the respondent to the person they named, so a two-path
    ``a -> v -> c`` is a chain of asking (``a`` turns to ``v``, who turns to ``c``); the
    roles describe how requests travel, and knowledge travels back along the same chain.
    A gatekeeper is thus the person outsiders go to in order to reach the gatekeeper's
    own unit, and a representative the person through whom their unit reaches out.

    Two-paths through a person whose group is missing, or that start or end at such a
    person, are not counted; everyone still appears in the result (all zeros). Isolates and
    non-respondents (no outgoing ties) broker nothing. The counts are the raw values of
    R's ``sna::brokerage`` (``raw.nli``).

    References
    ----------
    .. [1] Gould, R. V. and Fernandez, R. M. (1989). Structures of mediation: a formal
       approach to brokerage in transaction networks. Sociological Methodology 19, 89-126.
    """
    groups: dict[Hashable, object] = {
        v: g for v, g in G.nodes(data=attribute) if g is not None and g != ""
    }
    result: dict[Hashable, dict[str, int]] = {v: dict.fromkeys(BROKERAGE_ROLES, 0) for v in G}
    successors = {v: set(G.successors(v)) for v in G}
    for v, counts in result.items():
        group_v = groups.get(v)
        if group_v is None:
            continue
        targets = {c for c in successors[v] if c in groups}
        if not targets:
            continue
        by_group = Counter(groups[c] for c in targets)
        for a in G.predecessors(v):
            group_a = groups.get(a)
            if group_a is None:
                continue
            closed = targets & successors[a]
            if a in targets:
                closed.add(a)
            open_total = len(targets) - len(closed)
            if open_total == 0:
                continue
            closed_by_group = Counter(groups[c] for c in closed)
            in_v = by_group[group_v] - closed_by_group[group_v]
            if group_a == group_v:
                counts["coordinator"] += in_v
                counts["representative"] += open_total - in_v
            else:
                in_a = by_group[group_a] - closed_by_group[group_a]
                counts["gatekeeper"] += in_v
                counts["consultant"] += in_a
                counts["liaison"] += open_total - in_v - in_a
    return result
