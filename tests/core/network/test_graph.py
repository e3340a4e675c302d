"""Building the network: non-respondents kept, self-ties, duplicates and unknown ids."""

from __future__ import annotations

import pytest

from core.network.graph import Person, Tie, build_graph

PEOPLE = [
    Person("a", "Åse", department="Helse"),
    Person("b", "Bjørn", department="Skole"),
    Person("c", "Cecilie", responded=False),
]


def test_non_respondents_stay_as_nodes_with_the_ties_others_gave_them() -> None:
    G = build_graph(PEOPLE, [Tie("a", "c"), Tie("b", "c")])
    assert set(G) == {"a", "b", "c"}
    assert G.nodes["c"]["responded"] is False
    assert (G.in_degree("c"), G.out_degree("c")) == (2, 0)


def test_isolated_roster_members_are_nodes() -> None:
    G = build_graph(PEOPLE, [])
    assert G.number_of_nodes() == 3
    assert G.number_of_edges() == 0


@pytest.mark.parametrize(
    ("ties", "relation", "expected_edges", "counts"),
    [
        # Self-tie dropped and counted.
        ([Tie("a", "a"), Tie("a", "b")], None, {("a", "b"): 1.0}, (1, 0, 0)),
        # Unknown id dropped and counted (both ends).
        ([Tie("a", "x"), Tie("y", "b"), Tie("a", "b")], None, {("a", "b"): 1.0}, (0, 2, 0)),
        # Relations merged with the strongest weight.
        (
            [Tie("a", "b", "advice", 2), Tie("a", "b", "information", 4)],
            None,
            {("a", "b"): 4.0},
            (0, 0, 1),
        ),
        # One relation kept; others ignored, not counted as dropped.
        (
            [Tie("a", "b", "advice", 2), Tie("a", "b", "information", 4), Tie("b", "a")],
            "advice",
            {("a", "b"): 2.0},
            (0, 0, 0),
        ),
        # Repeated answer for the same relation merged, max weight.
        (
            [Tie("a", "b", "advice", 3), Tie("a", "b", "advice", 1)],
            None,
            {("a", "b"): 3.0},
            (0, 0, 1),
        ),
    ],
)
def test_awkward_ties_follow_the_documented_rules(
    ties: list[Tie],
    relation: str | None,
    expected_edges: dict[tuple[str, str], float],
    counts: tuple[int, int, int],
) -> None:
    G = build_graph(PEOPLE, ties, relation=relation)
    assert {(u, v): w for u, v, w in G.edges(data="weight")} == expected_edges
    assert (
        G.graph["self_ties_dropped"],
        G.graph["unknown_ties_dropped"],
        G.graph["duplicates_merged"],
    ) == counts


def test_distance_is_the_inverse_of_frequency() -> None:
    G = build_graph(PEOPLE, [Tie("a", "b", weight=4), Tie("b", "a", weight=1)])
    assert (G["a"]["b"]["distance"], G["b"]["a"]["distance"]) == (0.25, 1.0)


def test_merged_relations_are_listed_on_the_tie() -> None:
    G = build_graph(PEOPLE, [Tie("a", "b", "information"), Tie("a", "b", "advice")])
    assert G["a"]["b"]["relation"] == "advice,information"


@pytest.mark.parametrize("weight", [0.0, -1.0, float("nan"), float("inf")])
def test_tie_weight_must_be_a_positive_number(weight: float) -> None:
    with pytest.raises(ValueError, match="positive"):
        Tie("a", "b", weight=weight)


def test_repeated_person_id_is_refused() -> None:
    with pytest.raises(ValueError, match="more than once"):
        build_graph([Person("a", "A"), Person("a", "A again")], [])
