"""One call from survey answers to every network metric, role and finding."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from core.insights import (
    HIGH_CONFIDENCE_RESPONSE,
    Finding,
    finding_to_dict,
    network_findings,
    response_confidence,
)
from core.network.brokerage import BROKERAGE_ROLES, brokerage
from core.network.communities import find_communities
from core.network.ei_index import GroupsEI, ei_index, individual_ei_index
from core.network.graph import ExpertiseClaim, PartnerLink, Person, Tie, build_graph
from core.network.metrics import (
    betweenness_centralisation,
    constraint,
    dyad_reciprocity,
    in_degree_centralisation,
    pagerank,
    path_centralities,
    reciprocity,
)
from core.network.roles import assign_roles

__all__ = [
    "GROUP_ATTRIBUTES",
    "AdviceSummary",
    "NetworkAnalysis",
    "NetworkSummary",
    "PersonMetrics",
    "analyse",
    "response_confidence",
]

GROUP_ATTRIBUTES: tuple[str, ...] = ("department", "organisation", "group")
"""Person fields that ``group_by`` may name."""


@dataclass(frozen=True)
class PersonMetrics:
    """Metrics and role of one person; see the metric functions for definitions."""

    in_degree: int
    out_degree: int
    betweenness: float
    betweenness_normalized: float
    closeness: float
    pagerank: float
    constraint: float | None
    brokerage: dict[str, int]
    ei_index: float | None
    community: int
    role: str
    responded: bool
    partners: int


@dataclass(frozen=True)
class NetworkSummary:
    """Whole-network figures.

    ``components`` counts weakly connected components; ``communities`` lists the
    members of each subgroup (largest first) and ``clear_subgroups`` is False when
    modularity is below 0.3 ("no clear subgroups"). ``centralisation`` holds Freeman
    centralisation of in-degree and of betweenness.
    """

    relation: str | None
    nodes: int
    ties: int
    respondents: int
    response_rate: float | None
    density: float
    reciprocity: float | None
    dyad_reciprocity: float | None
    isolates: tuple[str, ...]
    components: int
    communities: tuple[tuple[str, ...], ...]
    modularity: float | None
    clear_subgroups: bool
    centralisation: dict[str, float | None]
    mean_consulted_before_decisions: float | None
    confidence: str
    ties_dropped: dict[str, int]


@dataclass(frozen=True)
class AdviceSummary:
    """Who consults whom before decisions (the advice relation), for the findings.

    ``same_group_share`` is the share of advice ties between grouped people that stay
    inside the asker's own group (``None`` without ``group_by``), and
    ``same_group_expected`` the share random choice of advisers would give.
    """

    mean_consulted: float
    out_degree: dict[str, int]
    same_group_share: float | None
    same_group_expected: float | None


@dataclass(frozen=True)
class NetworkAnalysis:
    """Everything `analyse` found; `to_dict` gives the JSON form other layers use."""

    network: NetworkSummary
    people: dict[str, PersonMetrics]
    groups: GroupsEI | None
    findings: tuple[Finding, ...]
    persons: dict[str, Person] = field(repr=False)
    partners: tuple[PartnerLink, ...] = field(repr=False)
    expertise: tuple[ExpertiseClaim, ...] = field(repr=False)
    advice: AdviceSummary | None = field(repr=False)
    graph: nx.DiGraph = field(repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable dict with keys network, people, groups and findings."""
        network = dataclasses.asdict(self.network)
        network["isolates"] = list(self.network.isolates)
        network["communities"] = [list(c) for c in self.network.communities]
        people = {pid: dataclasses.asdict(m) for pid, m in self.people.items()}
        groups = None
        if self.groups is not None:
            groups = dataclasses.asdict(self.groups)
            groups["by_group"] = groups.pop("groups")
        return {
            "network": network,
            "people": people,
            "groups": groups,
            "findings": [finding_to_dict(f) for f in self.findings],
        }


def analyse(
    people: Iterable[Person],
    ties: Iterable[Tie],
    *,
    partners: Iterable[PartnerLink] = (),
    expertise: Iterable[ExpertiseClaim] = (),
    group_by: str | None = "department",
    relation: str | None = None,
) -> NetworkAnalysis:
    """Analyse a team network survey: metrics per person and network, roles, findings.

    Parameters
    ----------
    people : iterable of Person
        The roster, respondents and non-respondents alike.
    ties : iterable of Tie
        All ties of all relations; direction respondent -> person named.
    partners : iterable of PartnerLink
        Ties to external partner organisations (kept out of the internal network).
    expertise : iterable of ExpertiseClaim
        Self-reported areas of expertise (for knowledge-centre findings).
    group_by : {"department", "organisation", "group"} or None
        Person field that defines units for the E-I index, brokerage roles and silos.
    relation : str or None
        Analyse one relation; ``None`` merges all relations (strongest tie per pair).

    Returns
    -------
    NetworkAnalysis

    Examples
    --------
    >>> people = [Person("a", "Ada", "X"), Person("b", "Bo", "X"), Person("c", "Cy", "Y")]
    >>> ties = [Tie("a", "b", "advice", 3), Tie("b", "c", "advice", 2)]
    >>> result = analyse(people, ties)
    >>> result.network.nodes, result.network.ties, result.people["b"].betweenness
    (3, 2, 1.0)
    >>> round(result.network.mean_consulted_before_decisions, 2)
    1.67

    Notes
    -----
    Non-respondents stay in the network with the ties others gave them; their out-degree
    is 0 and only in-degree based results describe them fairly. The response rate sets
    the confidence of the findings: at least 80 % high, 65-80 % moderate, below 65 % low
    (domain-science 1.6). Below 80 % no one is labelled a broker and betweenness-based
    findings fall back as `core.insights.network_findings` documents.
    ``mean_consulted_before_decisions`` always uses the advice relation, whatever
    ``relation`` is: mean number of advisers named by respondents, plus one for the
    person themself (seed 004 reports 1.7 for leaders, oneself included).
    """
    if group_by is not None and group_by not in GROUP_ATTRIBUTES:
        msg = f"group_by must be one of {', '.join(GROUP_ATTRIBUTES)} or None, not {group_by!r}"
        raise ValueError(msg)
    roster = list(people)
    all_ties = list(ties)
    persons = {p.id: p for p in roster}
    G = build_graph(roster, all_ties, relation=relation)
    partner_links = tuple(dict.fromkeys(link for link in partners if link.person in persons))
    claims = tuple(dict.fromkeys(claim for claim in expertise if claim.person in persons))

    n = G.number_of_nodes()
    respondents = sum(1 for p in roster if p.responded)
    response_rate = respondents / n if n else None
    use_betweenness = response_rate is not None and response_rate >= HIGH_CONFIDENCE_RESPONSE

    between, close = path_centralities(G)
    scale = 1.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0
    ranks = pagerank(G)
    constraints = constraint(G)
    found = find_communities(G)
    in_deg = {str(v): d for v, d in G.in_degree()}
    out_deg = {str(v): d for v, d in G.out_degree()}
    partner_counts = dict.fromkeys(persons, 0)
    for link in {(link.person, link.partner) for link in partner_links}:
        partner_counts[link[0]] += 1

    broker_counts = brokerage(G, attribute=group_by) if group_by else {}
    groups, individual_ei, expected_ei, cross = _group_measures(G, group_by=group_by)
    roles = assign_roles(
        in_degree=in_deg,
        out_degree=out_deg,
        betweenness={str(v): b for v, b in between.items()},
        constraint={str(v): c for v, c in constraints.items()},
        ei_index=individual_ei,
        ei_expected=expected_ei,
        cross_ties=cross,
        partners=partner_counts,
        responded={pid: p.responded for pid, p in persons.items()},
        use_betweenness=use_betweenness,
    )
    metrics = {
        pid: PersonMetrics(
            in_degree=in_deg[pid],
            out_degree=out_deg[pid],
            betweenness=between[pid],
            betweenness_normalized=between[pid] * scale,
            closeness=close[pid],
            pagerank=ranks[pid],
            constraint=constraints[pid],
            brokerage=broker_counts.get(pid, dict.fromkeys(BROKERAGE_ROLES, 0)),
            ei_index=individual_ei[pid],
            community=found.membership[pid],
            role=roles[pid],
            responded=persons[pid].responded,
            partners=partner_counts[pid],
        )
        for pid in persons
    }
    advice = _advice_summary(roster, all_ties, group_by=group_by)
    summary = NetworkSummary(
        relation=relation,
        nodes=n,
        ties=G.number_of_edges(),
        respondents=respondents,
        response_rate=response_rate,
        density=nx.density(G) if n > 1 else 0.0,
        reciprocity=reciprocity(G),
        dyad_reciprocity=dyad_reciprocity(G),
        isolates=tuple(sorted(str(v) for v in nx.isolates(G))),
        components=nx.number_weakly_connected_components(G) if n else 0,
        communities=tuple(tuple(str(v) for v in c) for c in found.groups),
        modularity=found.modularity,
        clear_subgroups=found.clear,
        centralisation={
            "in_degree": in_degree_centralisation(G),
            "betweenness": betweenness_centralisation(G, values=between),
        },
        mean_consulted_before_decisions=advice.mean_consulted if advice else None,
        confidence=response_confidence(response_rate),
        ties_dropped={
            "self_ties": G.graph["self_ties_dropped"],
            "unknown_people": G.graph["unknown_ties_dropped"],
            "duplicates_merged": G.graph["duplicates_merged"],
        },
    )
    result = NetworkAnalysis(
        network=summary,
        people=metrics,
        groups=groups,
        findings=(),
        persons=persons,
        partners=partner_links,
        expertise=claims,
        advice=advice,
        graph=G,
    )
    return dataclasses.replace(result, findings=network_findings(result))


def _group_measures(
    G: nx.DiGraph, *, group_by: str | None
) -> tuple[GroupsEI | None, dict[str, float | None], dict[str, float | None], dict[str, int]]:
    """Group E-I, and per person: E-I, its expectation and ties across groups."""
    if group_by is None:
        nobody: dict[str, float | None] = {str(v): None for v in G}
        return None, nobody, dict(nobody), {str(v): 0 for v in G}
    groups = ei_index(G, attribute=group_by)
    individual = {str(v): e for v, e in individual_ei_index(G, attribute=group_by).items()}
    expected, cross = _individual_expectations(G, attribute=group_by, groups=groups)
    return groups, individual, expected, cross


def _individual_expectations(
    G: nx.DiGraph, *, attribute: str, groups: GroupsEI
) -> tuple[dict[str, float | None], dict[str, int]]:
    """Each person's random-mixing E-I expectation and number of ties across groups.

    Expectation for a person in a group of ``n_g`` among ``n`` grouped people:
    ``((n - n_g) - (n_g - 1)) / (n - 1)``, the E-I of their possible contacts.
    """
    n = sum(g.members for g in groups.groups.values())
    expected: dict[str, float | None] = {}
    cross: dict[str, int] = {}
    for v, value in G.nodes(data=attribute):
        own = None if value is None or value == "" else str(value)
        expected[str(v)] = None
        cross[str(v)] = 0
        if own is None:
            continue
        size = groups.groups[own].members
        if n > 1:
            expected[str(v)] = ((n - size) - (size - 1)) / (n - 1)
        for other in [*G.successors(v), *G.predecessors(v)]:
            theirs = G.nodes[other].get(attribute)
            if theirs is not None and theirs != "" and str(theirs) != own:
                cross[str(v)] += 1
    return expected, cross


def _advice_summary(
    people: list[Person], ties: list[Tie], *, group_by: str | None
) -> AdviceSummary | None:
    """Advisers named per respondent, and how often they come from the asker's group.

    Same tie rules as `build_graph`: self-ties, unknown ids and repeats do not count.
    """
    known = {p.id for p in people}
    pairs = {
        (t.source, t.target)
        for t in ties
        if t.relation == "advice" and t.source != t.target and {t.source, t.target} <= known
    }
    if not pairs:
        return None
    named = dict.fromkeys(known, 0)
    for source, _ in pairs:
        named[source] += 1
    respondents = [p for p in people if p.responded]
    out_degree = {p.id: named[p.id] for p in respondents}
    mean = 1.0 + sum(out_degree.values()) / len(respondents) if respondents else 1.0
    share = expected = None
    if group_by is not None:
        group_of = _group_values(people, group_by)
        same = total = 0
        for u, v in pairs:
            if group_of[u] is not None and group_of[v] is not None:
                total += 1
                same += group_of[u] == group_of[v]
        share = same / total if total else None
        expected = _same_group_expected(group_of)
    return AdviceSummary(
        mean_consulted=mean,
        out_degree=out_degree,
        same_group_share=share,
        same_group_expected=expected,
    )


def _group_values(people: list[Person], attribute: str) -> dict[str, str | None]:
    """Person id -> group value (``None`` when missing or empty)."""
    values: dict[str, str | None] = {}
    for p in people:
        value = getattr(p, attribute)
        values[p.id] = None if value is None or value == "" else str(value)
    return values


def _same_group_expected(group_of: Mapping[str, str | None]) -> float | None:
    """Share of own-group contacts if everyone picked among all others at random."""
    sizes: dict[str, int] = {}
    for value in group_of.values():
        if value is not None:
            sizes[value] = sizes.get(value, 0) + 1
    n = sum(sizes.values())
    if n < 2:
        return None
    return sum(s * (s - 1) for s in sizes.values()) / (n * (n - 1))
