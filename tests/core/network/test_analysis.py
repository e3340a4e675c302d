"""analyse(): the contract other layers code against, and its edge cases."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from core.network.analysis import analyse, response_confidence
from core.network.brokerage import BROKERAGE_ROLES
from core.network.graph import PartnerLink, Person, Tie

NETWORK_KEYS = {
    "nodes", "ties", "density", "reciprocity", "isolates", "components", "communities",
    "modularity", "centralisation", "response_rate", "mean_consulted_before_decisions",
    "clear_subgroups",
}  # fmt: skip
PERSON_KEYS = {
    "in_degree", "out_degree", "betweenness", "betweenness_normalized", "closeness",
    "pagerank", "constraint", "brokerage", "ei_index", "community", "role",
}  # fmt: skip


def _team() -> tuple[list[Person], list[Tie]]:
    """Two departments joined by b and d; f did not answer; g is alone."""
    people = [
        Person("a", "A", "X"), Person("b", "B", "X"), Person("c", "C", "X"),
        Person("d", "D", "Y"), Person("e", "E", "Y"), Person("f", "F", "Y", responded=False),
        Person("g", "G", "Y"),
    ]  # fmt: skip
    pairs = ["ab", "ba", "bc", "cb", "ac", "bd", "db", "de", "ed", "ef"]
    ties = [Tie(x, y, "advice" if x in "ab" else "information", 2) for x, y in pairs]
    return people, ties


def test_to_dict_is_json_and_has_the_contract_keys() -> None:
    people, ties = _team()
    result = analyse(people, ties, partners=[PartnerLink("a", "NAV")]).to_dict()
    text = json.dumps(result, allow_nan=False)
    assert json.loads(text) == result
    assert result["network"].keys() >= NETWORK_KEYS
    assert set(result["network"]["centralisation"]) == {"in_degree", "betweenness"}
    assert set(result["people"]) == set("abcdefg")
    for metrics in result["people"].values():
        assert metrics.keys() >= PERSON_KEYS
        assert set(metrics["brokerage"]) == set(BROKERAGE_ROLES)
    assert {"ei_index", "ei_expected", "by_group"} <= result["groups"].keys()
    assert set(result["groups"]["by_group"]["X"]) >= {"members", "internal", "external"}
    assert isinstance(result["findings"], list)


def test_non_respondents_are_nodes_named_by_others() -> None:
    people, ties = _team()
    result = analyse(people, ties)
    assert result.network.nodes == 7
    assert (result.people["f"].in_degree, result.people["f"].out_degree) == (1, 0)
    assert result.people["f"].responded is False
    assert result.network.response_rate == pytest.approx(6 / 7)
    assert result.network.isolates == ("g",)


def test_metrics_are_the_metric_functions_values() -> None:
    people, ties = _team()
    result = analyse(people, ties)
    G = result.graph
    assert result.people["b"].betweenness == pytest.approx(
        nx.betweenness_centrality(G, normalized=False, weight="distance")["b"]
    )
    assert result.people["b"].betweenness_normalized == pytest.approx(
        nx.betweenness_centrality(G, normalized=True, weight="distance")["b"]
    )
    assert result.network.reciprocity == pytest.approx(nx.reciprocity(G))
    assert result.network.density == pytest.approx(nx.density(G))
    assert result.network.components == 2


def test_groups_follow_group_by() -> None:
    people, ties = _team()
    by_department = analyse(people, ties).groups
    assert by_department is not None
    # Internal: ab ba bc cb ac (X), de ed ef (Y) = 8; external: bd db = 2.
    assert (by_department.internal, by_department.external) == (8, 2)
    assert by_department.ei_index == pytest.approx((2 - 8) / 10)
    assert analyse(people, ties, group_by=None).groups is None
    assert analyse(people, ties, group_by=None).to_dict()["groups"] is None


def test_unknown_group_by_is_refused() -> None:
    with pytest.raises(ValueError, match="group_by"):
        analyse([], [], group_by="municipality")


def test_mean_consulted_reproduces_seed_004_figure() -> None:
    # Seed 004: leaders consult 1.7 people before a decision, themselves included.
    # Ten leaders: seven name one adviser, three name none -> 1 + 7/10 = 1.7.
    people = [Person(str(i), str(i)) for i in range(10)]
    ties = [Tie(str(i), str((i + 1) % 10), "advice") for i in range(7)]
    ties.append(Tie("0", "5", "information"))
    result = analyse(people, ties, group_by=None)
    assert result.network.mean_consulted_before_decisions == pytest.approx(1.7)


def test_mean_consulted_uses_advice_whatever_relation_is_analysed() -> None:
    people, ties = _team()
    # Advice ties: a->b, a->c, b->a, b->c, b->d from five respondents... a: 2, b: 3,
    # c, d, e, g: 0 -> 1 + 5/6.
    expected = 1 + 5 / 6
    assert analyse(people, ties).network.mean_consulted_before_decisions == pytest.approx(expected)
    information_only = analyse(people, ties, relation="information")
    assert information_only.network.mean_consulted_before_decisions == pytest.approx(expected)
    assert information_only.network.ties == 5


def test_no_advice_ties_gives_no_mean_consulted() -> None:
    people = [Person("a", "A"), Person("b", "B")]
    result = analyse(people, [Tie("a", "b", "information")], group_by=None)
    assert result.network.mean_consulted_before_decisions is None


def test_partners_stay_out_of_the_internal_network() -> None:
    people, ties = _team()
    result = analyse(people, ties, partners=[PartnerLink("a", "NAV"), PartnerLink("a", "KS")])
    assert result.network.nodes == 7
    assert result.people["a"].partners == 2


def test_empty_roster_gives_an_empty_analysis() -> None:
    result = analyse([], [])
    data = result.to_dict()
    json.dumps(data, allow_nan=False)
    assert data["network"]["nodes"] == 0
    assert data["network"]["response_rate"] is None
    assert data["people"] == {}
    assert data["findings"] == []


def test_single_person_and_pair_do_not_break() -> None:
    json.dumps(analyse([Person("a", "A")], []).to_dict(), allow_nan=False)
    pair = analyse([Person("a", "A"), Person("b", "B")], [Tie("a", "b"), Tie("b", "a")])
    assert pair.network.reciprocity == 1.0
    json.dumps(pair.to_dict(), allow_nan=False)


def test_krackhardt_advice_through_analyse(krackhardt_people: list[Person]) -> None:
    from core.edgelist import read_edge_file
    from tests.core.network.conftest import KRACKHARDT

    ties = read_edge_file(KRACKHARDT / "krackhardt_hightech_advice_edges.csv").ties
    result = analyse(krackhardt_people, ties)
    # Rawlings et al. (2023), ch. 7: dyadic reciprocity 0.3103448.
    assert result.network.dyad_reciprocity == pytest.approx(0.3103448, abs=1e-7)
    assert (result.network.nodes, result.network.ties) == (21, 190)
    # Krackhardt (1987): manager 2 is the most sought-after adviser (in-degree 18).
    assert max(result.people, key=lambda p: result.people[p].in_degree) == "2"
    assert result.people["2"].role == "central_connector"


@pytest.mark.parametrize(
    ("rate", "expected"),
    [(1.0, "high"), (0.8, "high"), (0.79, "moderate"), (0.65, "moderate"), (0.64, "low")],
)
def test_response_confidence_thresholds(rate: float, expected: str) -> None:
    # OrgAcuity thresholds (domain-science 1.6): >= 80 high, 65-79 moderate, < 65 low.
    assert response_confidence(rate) == expected
