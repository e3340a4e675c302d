"""Survey answers as a directed graph: people, ties, partners and expertise."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

__all__ = [
    "FREQUENCY_LABELS",
    "RELATIONS",
    "ExpertiseClaim",
    "PartnerLink",
    "Person",
    "Tie",
    "build_graph",
]

RELATIONS: tuple[str, ...] = ("information", "advice", "digital_help", "collaboration")
"""Relation ids of the roster-based name generator (DESIGN.md, the network survey)."""

FREQUENCY_LABELS: dict[int, str] = {
    1: "a few times a year or less",
    2: "monthly",
    3: "weekly",
    4: "daily",
}
"""Frequency codes stored in ``Tie.weight``; higher means a stronger tie."""


@dataclass(frozen=True)
class Person:
    """A member of the surveyed group: a node of the network, whether or not they answered.

    ``fitness`` is the Part A digital-fitness score and ``sharing`` the score on the
    'sharing and collaboration' dimension, both 0-100 and optional.
    """

    id: str
    name: str
    department: str | None = None
    organisation: str | None = None
    group: str | None = None
    responded: bool = True
    is_leader: bool = False
    fitness: float | None = None
    sharing: float | None = None


@dataclass(frozen=True)
class Tie:
    """A tie reported by ``source`` (the respondent) naming ``target``.

    ``weight`` is the frequency code 1..4 (1 = a few times a year or less, 2 = monthly,
    3 = weekly, 4 = daily): higher is stronger. Path measures use ``1 / weight`` as the
    length of the tie.
    """

    source: str
    target: str
    relation: str = "information"
    weight: float = 1.0

    def __post_init__(self) -> None:
        """Refuse weights that cannot be turned into a tie length."""
        if not math.isfinite(self.weight) or self.weight <= 0:
            msg = f"tie weight must be a positive number, got {self.weight!r}"
            raise ValueError(msg)


@dataclass(frozen=True)
class PartnerLink:
    """A person's tie to an external partner organisation (an organisation, not a person)."""

    person: str
    partner: str


@dataclass(frozen=True)
class ExpertiseClaim:
    """An area of expertise a person reports for themself."""

    person: str
    area: str


def build_graph(
    people: Iterable[Person],
    ties: Iterable[Tie],
    *,
    relation: str | None = None,
) -> nx.DiGraph:
    """Build the directed network of one relation, or of all relations merged.

    Parameters
    ----------
    people : iterable of Person
        Every member of the roster. Each becomes a node, also those who did not answer,
        so that ties naming them are kept (domain-science 1.7, option 2).
    ties : iterable of Tie
        Ties as reported; direction is respondent -> person named.
    relation : str or None
        Keep only ties of this relation. ``None`` merges all relations into one tie per
        ordered pair, with the strongest weight (``max``) of the merged ties.

    Returns
    -------
    networkx.DiGraph
        Node attributes: the fields of `Person` except ``id``. Edge attributes:
        ``weight`` (frequency, higher = stronger), ``distance`` (``1 / weight``, the
        length used by path measures) and ``relation`` (comma-joined relation ids when
        merged). ``G.graph`` holds ``relation``, ``self_ties_dropped``,
        ``unknown_ties_dropped`` and ``duplicates_merged`` counts.

    Examples
    --------
    >>> people = [Person("a", "Ada"), Person("b", "Bo", responded=False)]
    >>> ties = [Tie("a", "b", "advice", 3), Tie("a", "b", "information", 4), Tie("a", "a")]
    >>> G = build_graph(people, ties)
    >>> G["a"]["b"]["weight"], G["a"]["b"]["relation"], G.graph["self_ties_dropped"]
    (4.0, 'advice,information', 1)
    >>> build_graph(people, ties, relation="advice")["a"]["b"]["distance"]
    0.3333333333333333

    Notes
    -----
    Rules for awkward input, chosen so that no answer silently changes meaning:

    * A person id that occurs twice in ``people`` raises ``ValueError``.
    * A tie whose source or target is not among ``people`` is dropped and counted in
      ``G.graph["unknown_ties_dropped"]``. In the app the roster is the bound of the
      network (domain-science 1.1); an unknown id means a deleted participant, whose
      ties must go with them (DESIGN.md, privacy).
    * Self-ties are dropped and counted (``self_ties_dropped``).
    * Several ties for the same ordered pair (repeated answers, or several relations
      when ``relation`` is None) become one edge with the largest weight; the extra
      ties are counted in ``duplicates_merged``.
    * Non-respondents stay as nodes (``responded=False``) with the ties others gave them.
    """
    G: nx.DiGraph = nx.DiGraph(relation=relation)
    for person in people:
        if person.id in G:
            msg = f"person id {person.id!r} appears more than once in the roster"
            raise ValueError(msg)
        G.add_node(
            person.id,
            name=person.name,
            department=person.department,
            organisation=person.organisation,
            group=person.group,
            responded=person.responded,
            is_leader=person.is_leader,
            fitness=person.fitness,
            sharing=person.sharing,
        )
    self_ties = unknown = merged = 0
    for tie in ties:
        if relation is not None and tie.relation != relation:
            continue
        if tie.source == tie.target:
            self_ties += 1
            continue
        if tie.source not in G or tie.target not in G:
            unknown += 1
            continue
        data = G.get_edge_data(tie.source, tie.target)
        if data is None:
            weight = float(tie.weight)
            G.add_edge(
                tie.source, tie.target, weight=weight, distance=1.0 / weight, relation=tie.relation
            )
            continue
        merged += 1
        relations = set(data["relation"].split(","))
        relations.add(tie.relation)
        data["relation"] = ",".join(sorted(relations))
        if tie.weight > data["weight"]:
            data["weight"] = float(tie.weight)
            data["distance"] = 1.0 / data["weight"]
    G.graph.update(
        self_ties_dropped=self_ties, unknown_ties_dropped=unknown, duplicates_merged=merged
    )
    return G
