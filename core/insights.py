"""Findings: rules over network metrics, each with its evidence, confidence and action."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import yaml

if TYPE_CHECKING:
    from core.network.analysis import NetworkAnalysis

__all__ = [
    "ASSESSMENT_KINDS",
    "CONFIDENCES",
    "FINDINGS_FILE",
    "FINDING_KINDS",
    "HIGH_CONFIDENCE_RESPONSE",
    "LANGUAGES",
    "MODERATE_CONFIDENCE_RESPONSE",
    "SEVERITIES",
    "Finding",
    "describe_finding",
    "find_bottlenecks",
    "find_brokers",
    "find_isolated",
    "find_knowledge_centres",
    "find_narrow_consultation",
    "find_pairings",
    "find_silos",
    "find_single_partners",
    "finding_texts",
    "finding_to_dict",
    "network_findings",
    "response_confidence",
]

FINDING_KINDS: tuple[str, ...] = (
    "bottleneck",
    "broker",
    "isolated",
    "silo",
    "single_partner",
    "narrow_consultation",
    "pairing",
    "knowledge_centre",
)
"""Kinds emitted by `network_findings`; lessons and pages refer to these ids."""

ASSESSMENT_KINDS: tuple[str, ...] = ("disagreement", "leaders_lower")
"""Kinds emitted by the self-assessment scoring; their texts live here too."""

SEVERITIES: tuple[str, ...] = ("info", "attention", "important")
CONFIDENCES: tuple[str, ...] = ("high", "moderate", "low")
LANGUAGES: tuple[str, ...] = ("en", "nb")

FINDINGS_FILE = Path(__file__).resolve().parent.parent / "content" / "findings.yaml"
"""Titles, evidence templates and actions of every kind, in both languages."""

HIGH_CONFIDENCE_RESPONSE = 0.8
"""Response rate from which findings have high confidence and brokers or betweenness
findings are shown (OrgAcuity thresholds, domain-science 1.6)."""

MODERATE_CONFIDENCE_RESPONSE = 0.65
"""Response rate below which every finding has low confidence."""

PATH_SHARE = 0.5
"""Bottleneck: a few people carry at least this share of betweenness (or nominations)."""

PATH_PEOPLE_SHARE = 0.12
"""Bottleneck: "a few" is at most this share of the group (at least 1, at most 10);
16 people give 2, as in seed 000 where knowledge flow hung on two central figures."""

MIN_PEOPLE = 5
"""Network findings about structure need at least this many people."""

SILO_MARGIN = 0.5
"""Silo: the group's E-I index lies at least this far below its random-mixing value."""

FEW_CONSULTED = 2.0
"""Narrow consultation: people consulted before decisions, oneself included, at most
this many on average (seed 004 found 1.7)."""

SAME_GROUP_SHARE = 0.75
"""Narrow consultation: at least this share of advisers from the asker's own unit ..."""

SAME_GROUP_MARGIN = 0.25
"""... and at least this much above the share random choice of advisers would give."""

HIGH_SCORE = 75.0
"""Pairing: a sharer scores above this on digital fitness and on sharing (the
"Advanced" band, 76-100, domain-science 4.3)."""

LOW_SCORE = 50.0
"""Pairing: a learner scores at most this on digital fitness (Foundation or Developing)."""

MAX_PAIRS_PER_SHARER = 2
"""Pairing: no sharer is asked to help more than this many colleagues."""

MAX_PAIRINGS = 10
"""Pairing: at most this many pairs are suggested per analysis, learners with the lowest
scores first, so that a large network does not drown the other findings."""

CENTRE_MIN_PEOPLE = 3
CENTRE_MIN_ORGANISATIONS = 2
"""Knowledge centre: an area claimed by at least 3 people in at least 2 organisations."""

Value = float | int | str


@dataclass(frozen=True)
class Finding:
    """One observation about a network or an assessment, with what to do about it.

    ``evidence`` holds the numbers the rule looked at; ``params`` the values the text
    templates in ``content/findings.yaml`` need. ``people`` are person ids, shown by
    name only where the reader may see names (`describe_finding`).
    """

    kind: str
    severity: str
    people: tuple[str, ...]
    evidence: dict[str, Value]
    confidence: str
    params: dict[str, Value] = field(default_factory=dict)

    def __post_init__(self) -> None:
        """Refuse severities and confidences outside the agreed vocabularies."""
        if self.severity not in SEVERITIES:
            msg = f"severity must be one of {SEVERITIES}, not {self.severity!r}"
            raise ValueError(msg)
        if self.confidence not in CONFIDENCES:
            msg = f"confidence must be one of {CONFIDENCES}, not {self.confidence!r}"
            raise ValueError(msg)


def network_findings(analysis: NetworkAnalysis) -> tuple[Finding, ...]:
    """Run every network rule, apply the response-rate gates, most severe first.

    Parameters
    ----------
    analysis : NetworkAnalysis
        Metrics from `core.network.analysis.analyse`.

    Returns
    -------
    tuple of Finding

    Examples
    --------
    >>> from core.network.analysis import analyse
    >>> from core.network.graph import Person, Tie
    >>> people = [Person(x, x.upper()) for x in "abcdef"]
    >>> ties = [Tie(x, y) for x in "abc" for y in "abc" if x != y]
    >>> [(f.kind, f.people) for f in analyse(people, ties, group_by=None).findings]
    [('isolated', ('d', 'e', 'f'))]

    Notes
    -----
    Response-rate gates (domain-science 1.6): at 80 % or more findings have high
    confidence; from 65 % moderate; below 65 % every finding is "low" and its text says
    so. Betweenness is the measure most distorted by missing answers (Smith & Moody
    2013), so below 80 % broker findings are not emitted at all, and the bottleneck
    rule uses in-degree (how often people are named, which counts the ties given to
    non-respondents) with "low" confidence instead of betweenness. Every finding gets
    the response rate in ``params["response_rate"]`` (percent).
    """
    found = [
        *find_bottlenecks(analysis),
        *find_brokers(analysis),
        *find_isolated(analysis),
        *find_silos(analysis),
        *find_single_partners(analysis),
        *find_narrow_consultation(analysis),
        *find_pairings(analysis),
        *find_knowledge_centres(analysis),
    ]
    rate = analysis.network.response_rate
    gated = [_gate(f, rate) for f in found]
    return tuple(sorted(gated, key=lambda f: -SEVERITIES.index(f.severity)))


def find_bottlenecks(analysis: NetworkAnalysis) -> tuple[Finding, ...]:
    """Knowledge flow hangs on few people: a few hold half of all betweenness.

    Parameters
    ----------
    analysis : NetworkAnalysis

    Returns
    -------
    tuple of Finding
        At most one "bottleneck" finding naming the people concerned.

    Examples
    --------
    Everyone goes through the hub to reach anyone else:

    >>> from core.network.analysis import analyse
    >>> from core.network.graph import Person, Tie
    >>> people = [Person(x, x) for x in ["hub", "a", "b", "c", "d", "e"]]
    >>> ties = [Tie(x, "hub") for x in "abcde"] + [Tie("hub", x) for x in "abcde"]
    >>> [(f.kind, f.people, f.params["share"]) for f in find_bottlenecks(analyse(people, ties))]
    [('bottleneck', ('hub',), 100)]

    Notes
    -----
    The smallest set of people holding at least `PATH_SHARE` of the betweenness (with
    everyone tied with the last of them) must be no larger than `PATH_PEOPLE_SHARE` of
    the group. Below 80 % response the same test
    runs on in-degree (share of all nominations), with "low" confidence and the
    ``in_degree`` text variant. Needs at least `MIN_PEOPLE` people.

    References
    ----------
    .. [1] Freeman, L. C. (1977). A set of measures of centrality based on betweenness.
       Sociometry 40(1), 35-41.
    .. [2] Seed 000: knowledge flow depending on two central figures.
    """
    net = analysis.network
    if net.nodes < MIN_PEOPLE:
        return ()
    by_paths = _betweenness_reliable(analysis)
    values = {
        pid: float(m.betweenness if by_paths else m.in_degree) for pid, m in analysis.people.items()
    }
    total = sum(values.values())
    if total <= 0:
        return ()
    limit = max(1, min(10, round(PATH_PEOPLE_SHARE * net.nodes)))
    chosen: list[str] = []
    held = 0.0
    last = math.inf
    for pid, value in sorted(values.items(), key=lambda kv: (-kv[1], kv[0])):
        # Stop once the share is reached, but never between two people with equal values.
        if value <= 0 or (held >= PATH_SHARE * total and value < last):
            break
        chosen.append(pid)
        held += value
        last = value
    if held < PATH_SHARE * total or len(chosen) > limit:
        return ()
    share = held / total
    centralisation = net.centralisation["betweenness" if by_paths else "in_degree"]
    params: dict[str, Value] = {
        "count": len(chosen),
        "people_total": net.nodes,
        "share": round(100 * share),
    }
    if not by_paths:
        params["variant"] = "in_degree"
    return (
        Finding(
            kind="bottleneck",
            severity="important" if share >= 0.75 else "attention",
            people=tuple(chosen),
            evidence={
                "basis": "betweenness" if by_paths else "in_degree",
                "share_percent": round(100 * share),
                "people_count": len(chosen),
                "centralisation": round(centralisation or 0.0, 3),
            },
            confidence=net.confidence if by_paths else "low",
            params=params,
        ),
    )


def find_brokers(analysis: NetworkAnalysis) -> tuple[Finding, ...]:
    """Brokers between units: people with the broker role who link different units.

    Parameters
    ----------
    analysis : NetworkAnalysis

    Returns
    -------
    tuple of Finding
        At most one "broker" finding naming the brokers.

    Examples
    --------
    Two triangles of units X and Y joined only through ``m`` (unit Z):

    >>> from core.network.analysis import analyse
    >>> from core.network.graph import Person, Tie
    >>> unit = {"a": "X", "b": "X", "c": "X", "d": "Y", "e": "Y", "f": "Y", "m": "Z"}
    >>> people = [Person(p, p, department=u) for p, u in unit.items()]
    >>> pairs = ["ab", "bc", "ca", "de", "ef", "fd", "cm", "md"]
    >>> ties = [Tie(x, y) for x, y in pairs] + [Tie(y, x) for x, y in pairs]
    >>> [(f.kind, f.people) for f in find_brokers(analyse(people, ties))]
    [('broker', ('m',))]

    Notes
    -----
    With ``group_by`` a broker must hold Gould-Fernandez counts across units
    (consultant, representative, gatekeeper or liaison); without it, ties into at least
    two communities, and only when the communities are clear (modularity >= 0.3). Not
    emitted below 80 % response: betweenness is then unreliable (Smith & Moody 2013).

    References
    ----------
    .. [1] Gould, R. V. and Fernandez, R. M. (1989). Structures of mediation.
       Sociological Methodology 19, 89-126.
    .. [2] Burt, R. S. (1992). Structural Holes. Harvard University Press.
    """
    if not _betweenness_reliable(analysis) or analysis.network.nodes < MIN_PEOPLE:
        return ()
    brokers = sorted(pid for pid, m in analysis.people.items() if m.role == "broker")
    if analysis.groups is not None:
        between = {
            pid: sum(
                analysis.people[pid].brokerage[role]
                for role in ("consultant", "representative", "gatekeeper", "liaison")
            )
            for pid in brokers
        }
        chosen = [pid for pid in brokers if between[pid] > 0]
        params: dict[str, Value] = {"between_units": sum(between[p] for p in chosen)}
    elif analysis.network.clear_subgroups:
        G = analysis.graph
        chosen = [
            pid
            for pid in brokers
            if len({analysis.people[str(o)].community for o in nx.all_neighbors(G, pid)}) >= 2
        ]
        params = {"variant": "communities"}
    else:
        return ()
    if not chosen:
        return ()
    params["count"] = len(chosen)
    return (
        Finding(
            kind="broker",
            severity="info",
            people=tuple(chosen),
            evidence={
                "people_count": len(chosen),
                "between_units": int(params.get("between_units", 0)),
            },
            confidence=analysis.network.confidence,
            params=params,
        ),
    )


def find_isolated(analysis: NetworkAnalysis) -> tuple[Finding, ...]:
    """Isolated or peripheral members: respondents with no ties, or very few.

    Parameters
    ----------
    analysis : NetworkAnalysis

    Returns
    -------
    tuple of Finding
        At most one "isolated" finding naming isolates first, then peripheral people.

    Examples
    --------
    >>> from core.network.analysis import analyse
    >>> from core.network.graph import Person, Tie
    >>> people = [Person(x, x) for x in "abcde"]
    >>> ties = [Tie(x, y) for x in "abc" for y in "abc" if x != y] + [Tie("d", "a")]
    >>> [(f.people, f.params) for f in find_isolated(analyse(people, ties))]
    [(('e', 'd'), {'isolates': 1, 'peripheral': 1, 'count': 2})]

    Notes
    -----
    Uses the roles of `core.network.roles.assign_roles`. Non-respondents are never
    called isolated or peripheral: their missing ties say nothing about them.

    References
    ----------
    .. [1] Cross, R. and Prusak, L. (2002). The people who make organizations go - or
       stop. Harvard Business Review 80(6), 104-112.
    """
    isolates = sorted(pid for pid, m in analysis.people.items() if m.role == "isolate")
    peripheral = sorted(pid for pid, m in analysis.people.items() if m.role == "peripheral")
    if not isolates and not peripheral:
        return ()
    params: dict[str, Value] = {
        "isolates": len(isolates),
        "peripheral": len(peripheral),
        "count": len(isolates) + len(peripheral),
    }
    if not peripheral:
        params["variant"] = "isolates"
    elif not isolates:
        params["variant"] = "peripheral"
    return (
        Finding(
            kind="isolated",
            severity="attention" if isolates else "info",
            people=(*isolates, *peripheral),
            evidence={"isolates": len(isolates), "peripheral": len(peripheral)},
            confidence=analysis.network.confidence,
            params=params,
        ),
    )


def find_silos(analysis: NetworkAnalysis) -> tuple[Finding, ...]:
    """Silos: units whose E-I index lies well below what random mixing would give.

    Parameters
    ----------
    analysis : NetworkAnalysis

    Returns
    -------
    tuple of Finding
        One "silo" finding per unit; ``people`` is empty (it is about a unit).

    Examples
    --------
    Units X and Y each talk among themselves and cross only once:

    >>> from core.network.analysis import analyse
    >>> from core.network.graph import Person, Tie
    >>> people = [Person(p, p, department="X" if p in "abc" else "Y") for p in "abcdef"]
    >>> inner = ["ab", "ba", "bc", "cb", "ca", "ac", "de", "ed", "ef", "fe", "fd", "df"]
    >>> ties = [Tie(x, y) for x, y in inner] + [Tie("a", "d")]
    >>> [(f.params["group"], f.params["ei"]) for f in find_silos(analyse(people, ties))]
    [('X', -0.71), ('Y', -0.71)]

    Notes
    -----
    A unit is a silo when its E-I index is negative (more ties inside than across) and at
    least `SILO_MARGIN` below its expectation under random mixing, counting at least
    three ties. Needs ``group_by`` and two or more units. The expectation matters:
    small units in a large network would mix outward almost entirely by chance.

    References
    ----------
    .. [1] Krackhardt, D. and Stern, R. N. (1988). Informal networks and organizational
       crises. Social Psychology Quarterly 51(2), 123-140.
    """
    groups = analysis.groups
    if groups is None or len(groups.groups) < 2:
        return ()
    found: list[Finding] = []
    for name, unit in groups.groups.items():
        if unit.ei_index is None or unit.ei_expected is None:
            continue
        if unit.internal + unit.external < 3 or unit.members < 2:
            continue
        if unit.ei_index >= 0 or unit.ei_index > unit.ei_expected - SILO_MARGIN:
            continue
        found.append(
            Finding(
                kind="silo",
                severity="important" if unit.external == 0 else "attention",
                people=(),
                evidence={
                    "attribute": groups.attribute,
                    "ei_index": round(unit.ei_index, 3),
                    "ei_expected": round(unit.ei_expected, 3),
                    "internal": unit.internal,
                    "external": unit.external,
                    "members": unit.members,
                },
                confidence=analysis.network.confidence,
                params={
                    "group": name,
                    "ei": round(unit.ei_index, 2),
                    "expected": round(unit.ei_expected, 2),
                    "internal": unit.internal,
                    "external": unit.external,
                },
            )
        )
    return tuple(found)


def find_single_partners(analysis: NetworkAnalysis) -> tuple[Finding, ...]:
    """External partners that only one person in the group is in touch with.

    Parameters
    ----------
    analysis : NetworkAnalysis

    Returns
    -------
    tuple of Finding
        At most one "single_partner" finding naming the people who hold those links.

    Examples
    --------
    >>> from core.network.analysis import analyse
    >>> from core.network.graph import PartnerLink, Person
    >>> people = [Person("a", "A"), Person("b", "B")]
    >>> links = [PartnerLink("a", "NAV"), PartnerLink("b", "NAV"), PartnerLink("b", "KS")]
    >>> [(f.people, f.params["partners"]) for f in find_single_partners(
    ...     analyse(people, [], partners=links, group_by=None))]
    [(('b',), 'KS')]

    Notes
    -----
    Partners are organisations, not people (domain-science 1.5). Severity rises to
    "attention" when at least half of the partners hang on one person each (seed 000:
    everyone had partners, but few shared the same ones).
    """
    holders: dict[str, set[str]] = {}
    for link in analysis.partners:
        holders.setdefault(link.partner, set()).add(link.person)
    single = sorted(partner for partner, people in holders.items() if len(people) == 1)
    if not single:
        return ()
    people = sorted({next(iter(holders[p])) for p in single})
    share = len(single) / len(holders)
    shown = ", ".join(single[:5]) + (", …" if len(single) > 5 else "")
    return (
        Finding(
            kind="single_partner",
            severity="attention" if share >= 0.5 else "info",
            people=tuple(people),
            evidence={
                "partners_total": len(holders),
                "single_partners": len(single),
                "share_percent": round(100 * share),
            },
            confidence=analysis.network.confidence,
            params={
                "count": len(single),
                "total": len(holders),
                "share": round(100 * share),
                "partners": shown,
            },
        ),
    )


def find_narrow_consultation(analysis: NetworkAnalysis) -> tuple[Finding, ...]:
    """Decisions taken after consulting few people, or people much like oneself.

    Parameters
    ----------
    analysis : NetworkAnalysis

    Returns
    -------
    tuple of Finding
        At most one "narrow_consultation" finding naming respondents with at most one
        adviser.

    Examples
    --------
    Three of four leaders name one adviser each, one names none: 1.75 consulted on
    average, oneself included.

    >>> from core.network.analysis import analyse
    >>> from core.network.graph import Person, Tie
    >>> people = [Person(x, x) for x in "abcd"]
    >>> ties = [Tie("a", "b", "advice"), Tie("b", "a", "advice"), Tie("c", "a", "advice")]
    >>> [(f.params["mean_consulted"], f.people) for f in find_narrow_consultation(
    ...     analyse(people, ties, group_by=None))]
    [(1.8, ('a', 'b', 'c', 'd'))]

    Notes
    -----
    Fires when the mean number consulted (advice relation, oneself included) is at most
    `FEW_CONSULTED`, or when at least `SAME_GROUP_SHARE` of named advisers work in the
    asker's own unit and that share exceeds the random-choice share by
    `SAME_GROUP_MARGIN`. Needs advice ties.

    References
    ----------
    .. [1] Seed 004: leaders consult 1.7 people before a decision, themselves included,
       and mostly people close to and like themselves.
    """
    advice = analysis.advice
    if advice is None:
        return ()
    few = advice.mean_consulted <= FEW_CONSULTED
    same, expected = advice.same_group_share, advice.same_group_expected
    similar = (
        same is not None
        and expected is not None
        and same >= SAME_GROUP_SHARE
        and same >= expected + SAME_GROUP_MARGIN
    )
    if not few and not similar:
        return ()
    params: dict[str, Value] = {"mean_consulted": round(advice.mean_consulted, 1)}
    evidence: dict[str, Value] = {"mean_consulted": round(advice.mean_consulted, 2)}
    if same is not None and expected is not None:
        params |= {"same_share": round(100 * same), "expected_share": round(100 * expected)}
        evidence |= {"same_group_share": round(same, 3), "same_group_expected": round(expected, 3)}
    if few and not similar:
        params["variant"] = "few"
    elif similar and not few:
        params["variant"] = "similar"
    people = tuple(sorted(pid for pid, k in advice.out_degree.items() if k <= 1))
    return (
        Finding(
            kind="narrow_consultation",
            severity="attention",
            people=people,
            evidence=evidence,
            confidence=analysis.network.confidence,
            params=params,
        ),
    )


def find_pairings(analysis: NetworkAnalysis) -> tuple[Finding, ...]:
    """Learning pairs: a confident digital sharer close to a colleague building skills.

    Parameters
    ----------
    analysis : NetworkAnalysis

    Returns
    -------
    tuple of Finding
        One "pairing" finding per suggested pair, ``people`` = (sharer, learner).

    Examples
    --------
    >>> from core.network.analysis import analyse
    >>> from core.network.graph import Person, Tie
    >>> people = [Person("s", "S", fitness=90, sharing=85), Person("l", "L", fitness=30),
    ...           Person("x", "X", fitness=60, sharing=60)]
    >>> [(f.people, f.evidence["distance"]) for f in find_pairings(
    ...     analyse(people, [Tie("l", "x"), Tie("x", "s")], group_by=None))]
    [(('s', 'l'), 2)]

    Notes
    -----
    A sharer scores above `HIGH_SCORE` on digital fitness and on sharing; a learner at
    most `LOW_SCORE` on digital fitness. "Close" means at most two steps apart, ties
    taken in either direction. Learners with the lowest scores are served first, each
    by the nearest sharer with the fewest pairs so far (at most
    `MAX_PAIRS_PER_SHARER`), up to `MAX_PAIRINGS` pairs; people without scores are left
    out. The evidence holds the distance and the thresholds, not the two people's own
    scores, so that a finding passed on never discloses an individual result.

    References
    ----------
    .. [1] Seed 000: increase digital fitness by connecting high scorers with low scorers.
    """
    persons = analysis.persons
    sharers = {
        pid
        for pid, p in persons.items()
        if p.fitness is not None
        and p.sharing is not None
        and p.fitness > HIGH_SCORE
        and p.sharing > HIGH_SCORE
    }
    learners = sorted(
        (p.fitness, pid)
        for pid, p in persons.items()
        if p.fitness is not None and p.fitness <= LOW_SCORE and pid not in sharers
    )
    if not sharers or not learners:
        return ()
    U = analysis.graph.to_undirected(as_view=True)
    load = dict.fromkeys(sharers, 0)
    found: list[Finding] = []
    for _, learner in learners:
        if len(found) >= MAX_PAIRINGS:
            break
        near = nx.single_source_shortest_path_length(U, learner, cutoff=2)
        options = [
            (near[s], load[s], -_score(persons[s].sharing), s)
            for s in sharers
            if s in near and load[s] < MAX_PAIRS_PER_SHARER
        ]
        if not options:
            continue
        distance, _, _, sharer = min(options)
        load[sharer] += 1
        found.append(
            Finding(
                kind="pairing",
                severity="info",
                people=(sharer, learner),
                evidence={
                    "distance": distance,
                    "sharer_scores_above": HIGH_SCORE,
                    "learner_score_at_most": LOW_SCORE,
                },
                confidence=analysis.network.confidence,
                params={"variant": "indirect"} if distance == 2 else {},
            )
        )
    return tuple(found)


def find_knowledge_centres(analysis: NetworkAnalysis) -> tuple[Finding, ...]:
    """Expertise spread across organisations, where a shared knowledge centre would pay off.

    Parameters
    ----------
    analysis : NetworkAnalysis

    Returns
    -------
    tuple of Finding
        One "knowledge_centre" finding per area, naming the people who claim it.

    Examples
    --------
    >>> from core.network.analysis import analyse
    >>> from core.network.graph import ExpertiseClaim, Person
    >>> people = [Person("a", "A", organisation="Os"), Person("b", "B", organisation="Os"),
    ...           Person("c", "C", organisation="Voss")]
    >>> claims = [ExpertiseClaim(p, "GDPR") for p in "abc"]
    >>> [(f.params["area"], f.params["organisations"], f.severity) for f in
    ...  find_knowledge_centres(analyse(people, [], expertise=claims, group_by=None))]
    [('GDPR', 2, 'attention')]

    Notes
    -----
    Areas are matched ignoring case and surrounding spaces; the first spelling is shown.
    An area qualifies with at least `CENTRE_MIN_PEOPLE` people in at least
    `CENTRE_MIN_ORGANISATIONS` organisations. Severity is "attention" when the people
    have no ties across organisations yet, "info" when some exist.

    References
    ----------
    .. [1] Seed 004: knowledge centres shared by a network of six municipalities.
    """
    areas: dict[str, tuple[str, set[str]]] = {}
    for claim in analysis.expertise:
        key = claim.area.strip().casefold()
        if key:
            areas.setdefault(key, (claim.area.strip(), set()))[1].add(claim.person)
    G = analysis.graph
    found: list[Finding] = []
    for key in sorted(areas):
        area, people = areas[key]
        organisation = {p: analysis.persons[p].organisation for p in people}
        organisations = {o for o in organisation.values() if o}
        if len(people) < CENTRE_MIN_PEOPLE or len(organisations) < CENTRE_MIN_ORGANISATIONS:
            continue
        cross = sum(
            1
            for u, v in G.subgraph(people).edges()
            if organisation[u] and organisation[v] and organisation[u] != organisation[v]
        )
        found.append(
            Finding(
                kind="knowledge_centre",
                severity="attention" if cross == 0 else "info",
                people=tuple(sorted(people)),
                evidence={
                    "area": area,
                    "people_count": len(people),
                    "organisations": len(organisations),
                    "cross_ties": cross,
                },
                confidence=analysis.network.confidence,
                params={
                    "area": area,
                    "people_count": len(people),
                    "organisations": len(organisations),
                    "cross_ties": cross,
                },
            )
        )
    return tuple(found)


def response_confidence(response_rate: float | None) -> str:
    """Confidence that the response rate allows: "high", "moderate" or "low".

    Parameters
    ----------
    response_rate : float or None
        Share of the roster who answered, 0..1.

    Returns
    -------
    str

    Examples
    --------
    >>> [response_confidence(r) for r in (0.9, 0.8, 0.7, 0.5, None)]
    ['high', 'high', 'moderate', 'low', 'low']

    References
    ----------
    .. [1] OrgAcuity, response rates for network-based listening (domain-science 1.6):
       >= 80 % high, 65-79 % moderate, < 65 % low.
    """
    if response_rate is None or response_rate < MODERATE_CONFIDENCE_RESPONSE:
        return "low"
    if response_rate < HIGH_CONFIDENCE_RESPONSE:
        return "moderate"
    return "high"


def describe_finding(
    finding: Finding, lang: str, names: Mapping[str, str] | None
) -> dict[str, Any]:
    """Title, evidence sentence, recommended action and people of a finding, in a language.

    Parameters
    ----------
    finding : Finding
    lang : {"en", "nb"}
    names : mapping or None
        Person id -> display name. ``None`` means the reader may not see names: the
        ``people`` entry is then the number of people instead of a list.

    Returns
    -------
    dict
        ``title``, ``evidence``, ``action``, ``people`` (names, or a count when ``names``
        is None), ``people_count``, ``severity`` and ``confidence``.

    Examples
    --------
    >>> f = Finding("disagreement", "attention", ("p1", "p2"), {"sd": 21.5}, "high",
    ...             {"dimension": "Strategy", "sd": 21.5})
    >>> describe_finding(f, "nb", None)["evidence"]
    'Gruppemedlemmenes skårer på Strategy spriker mye (standardavvik 21,5 poeng).'
    >>> describe_finding(f, "en", {"p1": "Kari"})["people"]
    ['Kari', 'p2']

    Notes
    -----
    Texts come from ``content/findings.yaml``. A "variant" in ``params`` selects the
    evidence template ``evidence_<variant>``; when ``params["count"]`` is 1 the singular
    form ``<template>_one`` is used where the file has one. Low-confidence findings get a sentence
    saying the result is tentative, with the response rate when known. Numbers are
    written with a decimal comma in Norwegian. Texts contain no names: names appear only
    in ``people``, and only when ``names`` is given.
    """
    if lang not in LANGUAGES:
        msg = f"language must be one of {LANGUAGES}, not {lang!r}"
        raise ValueError(msg)
    texts = finding_texts()
    entry = texts["kinds"][finding.kind][lang]
    values = {k: _format_value(v, lang) for k, v in finding.params.items()}
    evidence = entry[_evidence_key(entry, finding.params)].format(**values)
    if finding.confidence == "low":
        notes = texts["notes"][lang]
        note = notes["low_confidence" if "response_rate" in values else "low_confidence_generic"]
        evidence = f"{evidence} {note.format(**values)}"
    people: list[str] | int = (
        [names.get(p, p) for p in finding.people] if names is not None else len(finding.people)
    )
    return {
        "title": entry["title"].format(**values),
        "evidence": evidence,
        "action": entry["action"].format(**values),
        "people": people,
        "people_count": len(finding.people),
        "severity": finding.severity,
        "confidence": finding.confidence,
    }


def finding_to_dict(finding: Finding) -> dict[str, Any]:
    """JSON-serialisable form of a finding.

    Parameters
    ----------
    finding : Finding

    Returns
    -------
    dict

    Examples
    --------
    >>> finding_to_dict(Finding("silo", "attention", (), {"ei_index": -0.5}, "high"))
    {'kind': 'silo', 'severity': 'attention', 'people': [], 'evidence': {'ei_index': -0.5}, 'confidence': 'high', 'params': {}}
    """
    return {
        "kind": finding.kind,
        "severity": finding.severity,
        "people": list(finding.people),
        "evidence": dict(finding.evidence),
        "confidence": finding.confidence,
        "params": dict(finding.params),
    }


@cache
def finding_texts() -> dict[str, Any]:
    """The parsed ``content/findings.yaml`` (``kinds`` and ``notes``), read once.

    Returns
    -------
    dict

    Examples
    --------
    >>> sorted(finding_texts()["kinds"]["silo"])
    ['en', 'nb']
    """
    with FINDINGS_FILE.open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


def _evidence_key(entry: Mapping[str, str], params: Mapping[str, Value]) -> str:
    """Key of the evidence template for these params (variant, then singular form)."""
    variant = params.get("variant")
    key = f"evidence_{variant}" if variant else "evidence"
    if key not in entry:
        msg = f"no {key!r} template for this finding kind"
        raise KeyError(msg)
    if params.get("count") == 1 and f"{key}_one" in entry:
        return f"{key}_one"
    return key


def _betweenness_reliable(analysis: NetworkAnalysis) -> bool:
    """Whether enough people answered for betweenness-based findings (>= 80 %)."""
    rate = analysis.network.response_rate
    return rate is not None and rate >= HIGH_CONFIDENCE_RESPONSE


def _gate(finding: Finding, response_rate: float | None) -> Finding:
    """Cap confidence at what the response rate allows; record the rate in the params."""
    params = dict(finding.params)
    if response_rate is not None:
        params["response_rate"] = round(100 * response_rate)
    allowed = response_confidence(response_rate)
    confidence = max(finding.confidence, allowed, key=CONFIDENCES.index)
    return Finding(
        kind=finding.kind,
        severity=finding.severity,
        people=finding.people,
        evidence=finding.evidence,
        confidence=confidence,
        params=params,
    )


def _score(value: float | None) -> float:
    """A score known to be present (the rule filtered out missing ones)."""
    return 0.0 if value is None else float(value)


def _format_value(value: Value, lang: str) -> str:
    """Number or text for a template: shortest form, decimal comma in Norwegian."""
    if isinstance(value, (bool, str)):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return "–"
    text = format(value, "g") if isinstance(value, float) else str(value)
    return text.replace(".", ",") if lang == "nb" else text
