"""E-I index and its random-mixing expectation against hand counts."""

from __future__ import annotations

import networkx as nx
import pytest

from core.network.ei_index import GroupTies, ei_index, expected_ei_index, individual_ei_index


def _graph(edges: list[str], groups: dict[str, str | None]) -> nx.DiGraph:
    G = nx.DiGraph()
    G.add_nodes_from(groups)
    G.add_edges_from((e[0], e[1]) for e in edges)
    nx.set_node_attributes(G, groups, "unit")
    return G


# Units X = {a, b, c}, Y = {d, e}:
#
#   a <-> b      d -> e
#   b -> c       c -> d
#   a -> c       e -> a
#
# Internal: ab, ba, bc, ac (X) and de (Y) = 5; external: cd, ea = 2.
TWO_UNITS = (
    ["ab", "ba", "bc", "ac", "de", "cd", "ea"],
    {"a": "X", "b": "X", "c": "X", "d": "Y", "e": "Y"},
)


def test_network_ei_index_by_hand() -> None:
    result = ei_index(_graph(*TWO_UNITS), attribute="unit")
    # (E - I) / (E + I) = (2 - 5) / 7.
    assert (result.internal, result.external) == (5, 2)
    assert result.ei_index == pytest.approx(-3 / 7)
    # Expected: X = sum over people of (n - n_g) = 3*2 + 2*3 = 12,
    # W = sum of (n_g - 1) = 3*2 + 2*1 = 8; (12 - 8) / 20 = 0.2.
    assert result.ei_expected == pytest.approx(0.2)


def test_group_ei_index_by_hand() -> None:
    groups = ei_index(_graph(*TWO_UNITS), attribute="unit").groups
    # X: internal 4, external 2 (c->d out, e->a in): (2 - 4) / 6. Possible: inside
    # 3*2 = 6, across 2*3*2 = 12 (sent and received): (12 - 6) / 18.
    assert groups["X"] == GroupTies(
        members=3, internal=4, external=2, ei_index=pytest.approx(-1 / 3),
        ei_expected=pytest.approx(1 / 3),
    )  # fmt: skip
    # Y: internal 1 (d->e), external 2: (2 - 1) / 3. Possible: 2*1 = 2 inside,
    # 2*2*3 = 12 across: (12 - 2) / 14.
    assert groups["Y"] == GroupTies(
        members=2, internal=1, external=2, ei_index=pytest.approx(1 / 3),
        ei_expected=pytest.approx(10 / 14),
    )  # fmt: skip


def test_individual_ei_index_by_hand() -> None:
    result = individual_ei_index(_graph(*TWO_UNITS), attribute="unit")
    # a: sends b, c (in), receives b (in), e (out): (1 - 3) / 4.
    # b: sends a, c, receives a, all in X: -1.
    # c: receives b, a (in), sends d (out): (1 - 2) / 3.
    # d: receives c (out), sends e (in): 0.  e: receives d (in), sends a (out): 0.
    assert result == pytest.approx({"a": -0.5, "b": -1.0, "c": -1 / 3, "d": 0.0, "e": 0.0})


@pytest.mark.parametrize(
    ("sizes", "expected"),
    [
        # Two groups of five: X = 10 * 5, W = 10 * 4: (50 - 40) / 90.
        ({"X": 5, "Y": 5}, 1 / 9),
        # One group: every possible tie is internal.
        ({"X": 4}, -1.0),
        # Five singletons: every possible tie is external.
        ({str(i): 1 for i in range(5)}, 1.0),
        # 1 + 3: X = 1*3 + 3*1 = 6, W = 0 + 3*2 = 6: 0.
        ({"X": 1, "Y": 3}, 0.0),
        # Nobody, or one person: undefined.
        ({}, None),
        ({"X": 1}, None),
    ],
)
def test_expected_ei_index_by_hand(sizes: dict[str, int], expected: float | None) -> None:
    assert expected_ei_index(sizes) == (None if expected is None else pytest.approx(expected))


def test_people_without_group_are_left_out_and_counted() -> None:
    G = _graph(["ab", "bc", "cd"], {"a": "X", "b": "X", "c": None, "d": "Y"})
    result = ei_index(G, attribute="unit")
    assert (result.internal, result.external, result.without_group) == (1, 0, 1)
    assert result.ei_index == -1.0
    assert individual_ei_index(G, attribute="unit")["c"] is None


def test_no_ties_gives_undefined_index() -> None:
    G = _graph([], {"a": "X", "b": "Y"})
    result = ei_index(G, attribute="unit")
    assert result.ei_index is None
    assert result.groups["X"].ei_index is None
    assert result.ei_expected == 1.0


def test_krackhardt_advice_department_ei(krackhardt_advice: nx.DiGraph) -> None:
    # Counted independently with networkx's attribute mixing matrix.
    result = ei_index(krackhardt_advice, attribute="department")
    mixing = nx.attribute_mixing_dict(krackhardt_advice, "department")
    internal = sum(mixing[g].get(g, 0) for g in mixing)
    total = sum(sum(row.values()) for row in mixing.values())
    assert (result.internal, result.external) == (internal, total - internal)
    assert result.ei_index == pytest.approx((total - 2 * internal) / total)
