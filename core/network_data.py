"""From the database to the network analysis, and who may see which names in it.

The loaders turn a round's ``Tie`` rows into the plain dataclasses of
:mod:`core.network.graph` for one group, one organisation or a whole cohort, and call
:func:`core.network.analysis.analyse`. People who did not answer stay as nodes
(domain-science 1.7, option 2). The names rule (:func:`names_policy`) is a pure function:
a named map only inside a group whose members agreed to it at consent, and nothing at all
for a group below the anonymity threshold (DESIGN.md, privacy; domain-science 1.8).
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from sqlalchemy import func
from sqlmodel import Session, col, select

from core.instruments import load_instrument
from core.models import (
    AssessmentResponse,
    Expertise,
    ExternalPartner,
    Group,
    Organisation,
    Participant,
    SurveyRound,
    Tie,
)
from core.network.analysis import NetworkAnalysis, analyse
from core.network.graph import ExpertiseClaim, PartnerLink, Person, build_graph
from core.network.graph import Tie as NetworkTie
from core.network_store import INSTRUMENT_ID
from core.privacy import anonymity_threshold, may_show_group_scores
from core.scoring import band_for, fitness_score, score_dimensions

__all__ = [
    "EXPORT_FORMATS",
    "NameView",
    "NetworkInput",
    "NetworkView",
    "Scope",
    "analyse_cohort",
    "analyse_group",
    "analyse_group_if_shown",
    "analyse_organisation",
    "anonymise",
    "export_bytes",
    "finding_kinds_for_participant",
    "fitness_band",
    "load_network",
    "names_policy",
    "network_data_version",
    "network_view",
]

Scope = Literal["group", "organisation"]
EXPORT_FORMATS: tuple[str, ...] = ("graphml", "gexf", "edges_csv", "nodes_csv")
"""Formats :func:`export_bytes` writes."""
_FITNESS = "digital_fitness"
_SHARING_DIMENSION = "sharing"


class NetworkInput(NamedTuple):
    """What :func:`core.network.analysis.analyse` takes, loaded for one scope and round."""

    people: list[Person]
    ties: list[NetworkTie]
    partners: list[PartnerLink]
    expertise: list[ExpertiseClaim]


@dataclass(frozen=True)
class NameView:
    """What a viewer may see of the people in a network.

    ``visible`` is False when the scope is below the anonymity threshold: then nothing
    about it is shown. ``labels`` maps every person id to what may be shown for them: the
    real name for ids in ``named``, a neutral label ("Person 7") for everyone else.
    """

    visible: bool
    labels: dict[str, str] = field(default_factory=dict)
    named: frozenset[str] = frozenset()

    @property
    def shows_names(self) -> bool:
        """True when at least one real name may be shown."""
        return bool(self.named)


@dataclass(frozen=True)
class NetworkView:
    """Everything a page needs to draw one network: plain data, safe to cache.

    ``people`` and ``ties`` already carry display labels instead of names where the
    viewer may not see names; ``analysis`` is the ``to_dict()`` of the analysis keyed
    by person id. ``findings`` are :class:`core.insights.Finding` objects.
    """

    scope: Scope
    round_id: int
    title: str
    respondents: int
    members: int
    threshold: int
    names: NameView
    people: list[Person] = field(default_factory=list)
    ties: list[NetworkTie] = field(default_factory=list)
    analysis: dict[str, Any] = field(default_factory=dict)
    findings: list[Any] = field(default_factory=list)
    viewer_id: str | None = None

    @property
    def response_rate(self) -> float:
        """Share of members who answered the network survey, 0-1."""
        return self.respondents / self.members if self.members else 0.0


def load_network(
    session: Session,
    *,
    cohort_id: int,
    round_id: int,
    organisation_id: int | None = None,
    group_id: int | None = None,
) -> NetworkInput:
    """Load a round's network for a group, an organisation, or the whole cohort.

    Parameters
    ----------
    session
        A read session.
    cohort_id, round_id
        The cohort and the round whose ties are read.
    organisation_id, group_id
        Narrow the network to one organisation or one group; neither means the cohort.

    Returns
    -------
    NetworkInput
        ``people`` holds every member of the scope, respondents or not (``responded``);
        ``ties`` only ties between members (the scope bounds the network,
        domain-science 1.1), ``partners`` the respondents' external partners by name and
        ``expertise`` the areas members reported in the round.

    Notes
    -----
    A member counts as responded when their network survey is submitted, or when they
    gave ties in the round (data written before response rows existed, like the demo).
    Ties to "someone not on the list" and to people who deleted their data are left out:
    the first are for the facilitator to review, the second have no node.
    ``fitness`` and ``sharing`` come from the member's submitted digital-fitness answers
    in the same round, when there are any.
    """
    members = _members(session, cohort_id, organisation_id, group_id)
    ids = [p.id for p, _, _ in members if p.id is not None]
    responded = _respondents(session, round_id, ids)
    scores = _fitness(session, round_id, ids)
    people = [
        Person(
            id=str(p.id),
            name=p.name,
            department=p.department or None,
            organisation=org.name,
            group=group.name,
            responded=p.id in responded,
            is_leader=p.is_leader,
            fitness=scores.get(p.id or 0, (None, None))[0],
            sharing=scores.get(p.id or 0, (None, None))[1],
        )
        for p, group, org in members
    ]
    in_scope = set(ids)
    rows = _ties(session, round_id, ids)
    ties = [
        NetworkTie(str(t.source_id), str(t.target_id), t.relation, float(t.frequency))
        for t in rows
        if t.target_id in in_scope and t.unlisted_name is None
    ]
    partner_names = _partner_names(session, {t.target_partner_id for t in rows})
    partners = [
        PartnerLink(str(t.source_id), partner_names[t.target_partner_id])
        for t in rows
        if t.target_partner_id in partner_names
    ]
    areas = session.exec(
        select(Expertise).where(
            Expertise.round_id == round_id, col(Expertise.participant_id).in_(ids)
        )
    ).all()
    expertise = [ExpertiseClaim(str(e.participant_id), e.area) for e in areas]
    return NetworkInput(people, ties, partners, expertise)


def analyse_group(
    session: Session,
    *,
    group_id: int,
    round_id: int,
    relation: str | None = None,
    group_by: str = "department",
) -> NetworkAnalysis:
    """Analyse one group's network in a round (departments are the groups for E-I)."""
    group = session.get(Group, group_id)
    if group is None:
        raise LookupError(f"no group {group_id}")
    cohort_id = _cohort_of_organisation(session, group.organisation_id)
    data = load_network(session, cohort_id=cohort_id, round_id=round_id, group_id=group_id)
    return _analyse_loaded(data, group_by=group_by, relation=relation)


def analyse_group_if_shown(
    session: Session, *, cohort_id: int, group_id: int, round_id: int
) -> NetworkAnalysis | None:
    """The group's network in a round, or None when too few members answered to show it."""
    data = load_network(session, cohort_id=cohort_id, round_id=round_id, group_id=group_id)
    if not may_show_group_scores(sum(p.responded for p in data.people)):
        return None
    return _analyse_loaded(data, group_by="department", relation=None)


def analyse_organisation(
    session: Session,
    *,
    organisation_id: int,
    round_id: int,
    relation: str | None = None,
    group_by: str = "department",
) -> NetworkAnalysis:
    """Analyse one organisation's network (all its groups) in a round."""
    cohort_id = _cohort_of_organisation(session, organisation_id)
    data = load_network(
        session, cohort_id=cohort_id, round_id=round_id, organisation_id=organisation_id
    )
    return _analyse_loaded(data, group_by=group_by, relation=relation)


def analyse_cohort(
    session: Session, *, cohort_id: int, round_id: int, relation: str | None = None
) -> NetworkAnalysis:
    """Analyse a whole cohort, organisations as the groups (knowledge centres, regional E-I)."""
    data = load_network(session, cohort_id=cohort_id, round_id=round_id)
    return _analyse_loaded(data, group_by="organisation", relation=relation)


def names_policy(
    *,
    members: Mapping[str, int],
    names: Mapping[str, str],
    respondents_by_group: Mapping[int, int],
    viewer_group_id: int | None,
    named_network_groups: Collection[int],
    threshold: int | None = None,
    salt: str = "",
) -> NameView:
    """Decide which names a viewer may see in a network.

    Parameters
    ----------
    members
        Person id -> id of the group they belong to, for everyone in the network shown.
    names
        Person id -> real name.
    respondents_by_group
        Group id -> members who answered the survey in the round.
    viewer_group_id
        The viewer's own group; None for a viewer outside every group.
    named_network_groups
        Groups whose members were told at consent that the named map is shared inside
        the group (``Group.named_network``).
    threshold
        The anonymity threshold; None reads the settings (default 5).
    salt
        Mixed into the order of the neutral labels (the page passes the round), so a
        label says nothing about when a person was added to the roster.

    Returns
    -------
    NameView
        Nothing visible when the network as a whole has fewer respondents than the
        threshold. Otherwise real names only for members of the viewer's own group, and
        only when that group agreed to a named map and itself meets the threshold;
        everyone else gets a neutral label.

    Examples
    --------
    >>> members = {"1": 10, "2": 10, "3": 20}
    >>> names = {"1": "Ada", "2": "Bo", "3": "Cy"}
    >>> view = names_policy(members=members, names=names, respondents_by_group={10: 5, 20: 9},
    ...                     viewer_group_id=10, named_network_groups={10}, threshold=5)
    >>> view.visible, sorted(view.named), view.labels["1"], view.labels["3"]
    (True, ['1', '2'], 'Ada', 'Person 1')
    >>> names_policy(members=members, names=names, respondents_by_group={10: 2, 20: 1},
    ...              viewer_group_id=10, named_network_groups={10}, threshold=5).visible
    False

    Notes
    -----
    Pseudonymised is not anonymous (EDPB 01/2025): a neutral label plus department can
    still point to a person in a small unit, which is why the threshold comes first.

    References
    ----------
    shared/reference/domain-science.md 1.8 (role matrix: named whole-network map only in a
    "transparent team mode" agreed in advance; minimum group size 5).
    """
    limit = anonymity_threshold(threshold)
    if not may_show_group_scores(sum(respondents_by_group.values()), limit):
        return NameView(visible=False)
    named: frozenset[str] = frozenset()
    if (
        viewer_group_id is not None
        and viewer_group_id in named_network_groups
        and respondents_by_group.get(viewer_group_id, 0) >= limit
    ):
        named = frozenset(pid for pid, gid in members.items() if gid == viewer_group_id)
    others = sorted(
        (pid for pid in members if pid not in named),
        key=lambda pid: hashlib.sha256(f"{salt}:{pid}".encode()).hexdigest(),
    )
    labels = {pid: f"Person {n}" for n, pid in enumerate(others, start=1)}
    labels.update({pid: names.get(pid, pid) for pid in named})
    return NameView(visible=True, labels=labels, named=named)


def anonymise(
    people: Iterable[Person], ties: Iterable[NetworkTie], view: NameView
) -> tuple[list[Person], list[NetworkTie]]:
    """Replace ids and names by what the viewer may see, for maps and exports.

    Named people keep their id and name; everyone else gets their neutral label as both
    id and name, so an export carries no database ids that could be joined back.

    Examples
    --------
    >>> view = NameView(True, {"1": "Ada", "2": "Person 1"}, frozenset({"1"}))
    >>> people, ties = anonymise([Person("1", "Ada"), Person("2", "Bo")],
    ...                          [NetworkTie("2", "1")], view)
    >>> [(p.id, p.name) for p in people], (ties[0].source, ties[0].target)
    ([('1', 'Ada'), ('Person 1', 'Person 1')], ('Person 1', '1'))
    """
    new_id = {pid: (pid if pid in view.named else label) for pid, label in view.labels.items()}
    out_people = [
        Person(
            id=new_id[p.id],
            name=view.labels[p.id],
            department=p.department,
            organisation=p.organisation,
            group=p.group,
            responded=p.responded,
            is_leader=p.is_leader,
            fitness=p.fitness,
            sharing=p.sharing,
        )
        for p in people
        if p.id in new_id
    ]
    out_ties = [
        NetworkTie(new_id[t.source], new_id[t.target], t.relation, t.weight)
        for t in ties
        if t.source in new_id and t.target in new_id
    ]
    return out_people, out_ties


def network_view(
    session: Session,
    *,
    viewer_id: int,
    round_id: int,
    scope: Scope = "group",
    relation: str | None = None,
    threshold: int | None = None,
) -> NetworkView:
    """The network a participant may see: their group or their organisation, in a round.

    Runs the analysis only when the scope meets the anonymity threshold; the people,
    ties and per-person results come back with names replaced as :func:`names_policy`
    decides, keyed by the ids the viewer may see.
    """
    participant, group, organisation, cohort_id = _viewer(session, viewer_id)
    limit = anonymity_threshold(threshold)
    if scope == "group":
        data = load_network(session, cohort_id=cohort_id, round_id=round_id, group_id=group.id)
        title = f"{group.name}, {organisation.name}"
    else:
        data = load_network(
            session, cohort_id=cohort_id, round_id=round_id, organisation_id=organisation.id
        )
        title = organisation.name
    member_groups = _member_groups(session, [int(p.id) for p in data.people])
    by_group: dict[int, int] = {}
    for person in data.people:
        gid = member_groups[person.id]
        by_group[gid] = by_group.get(gid, 0) + int(person.responded)
    view = names_policy(
        members=member_groups,
        names={p.id: p.name for p in data.people},
        respondents_by_group=by_group,
        viewer_group_id=group.id,
        named_network_groups=_named_groups(session, set(member_groups.values())),
        threshold=limit,
        salt=f"{round_id}",
    )
    respondents = sum(by_group.values())
    base = NetworkView(
        scope=scope,
        round_id=round_id,
        title=title,
        respondents=respondents,
        members=len(data.people),
        threshold=limit,
        names=view,
    )
    if not view.visible:
        return base
    result = analyse(
        data.people,
        data.ties,
        partners=data.partners,
        expertise=data.expertise,
        group_by="department",
        relation=relation,
    )
    people, ties = anonymise(data.people, data.ties, view)
    if relation is not None:
        ties = [t for t in ties if t.relation == relation]
    new_id = {p.id: q.id for p, q in zip(data.people, people, strict=True)}
    raw = result.to_dict()
    per_person = {new_id.get(str(k), str(k)): v for k, v in dict(raw.get("people", {})).items()}
    network = dict(raw.get("network", {}))
    network["isolates"] = [new_id.get(str(v), str(v)) for v in network.get("isolates", [])]
    network["communities"] = [
        [new_id.get(str(v), str(v)) for v in members] for members in network.get("communities", [])
    ]
    return NetworkView(
        scope=scope,
        round_id=round_id,
        title=title,
        respondents=respondents,
        members=len(data.people),
        threshold=limit,
        names=view,
        people=people,
        ties=ties,
        analysis={**raw, "network": network, "people": per_person},
        findings=list(result.findings),
        viewer_id=new_id.get(str(participant.id)),
    )


def export_bytes(view: NetworkView, fmt: str) -> bytes:
    """A round's network as the viewer sees it, as a file (GraphML, GEXF or CSV).

    The file holds exactly the people, labels and ties of the view: names only where
    :func:`names_policy` shows them, neutral labels otherwise, and no individual
    digital-fitness scores (those are shown to no one but the person).
    """
    from core.network import export  # imported here: only pages that export need it

    if not view.names.visible:
        raise PermissionError("this network is below the anonymity threshold")
    graph = build_graph(view.people, view.ties)
    if fmt == "graphml":
        return export.graphml_bytes(graph)
    if fmt == "gexf":
        return export.gexf_bytes(graph)
    if fmt == "edges_csv":
        return export.edges_csv_bytes(graph)
    if fmt == "nodes_csv":
        return export.nodes_csv_bytes(graph, metrics=view.analysis.get("people"))
    raise ValueError(f"unknown export format {fmt!r}; expected one of {EXPORT_FORMATS}")


def finding_kinds_for_participant(
    session: Session, *, participant_id: int, round_id: int | None = None
) -> set[str]:
    """The kinds of network finding that concern a person or their group.

    Parameters
    ----------
    session
        A read session.
    participant_id
        The learner.
    round_id
        The round to read; None takes the latest round (by sequence) in which the
        person's group has enough respondents to be analysed.

    Returns
    -------
    set of str
        ``Finding.kind`` of every finding in the analysis of the person's group that names
        the person, or that names nobody (a finding about the group as a whole). Empty
        when the group is below the anonymity threshold in every round, or has no data.

    Notes
    -----
    The learning path calls this to put, say, the lessons on building networks first for
    an isolated member (DESIGN.md, learning modules). Findings about other named members
    (another person is a bottleneck) are not the learner's own and are left out.
    """
    context = _viewer(session, participant_id)
    group = context[1]
    assert group.id is not None
    rounds = (
        [round_id]
        if round_id is not None
        else [
            r.id
            for r in session.exec(
                select(SurveyRound)
                .where(SurveyRound.cohort_id == context[3])
                .order_by(col(SurveyRound.sequence).desc())
            ).all()
            if r.id is not None
        ]
    )
    me = str(participant_id)
    for rid in rounds:
        result = analyse_group_if_shown(
            session, cohort_id=context[3], group_id=group.id, round_id=rid
        )
        if result is None:
            continue
        return {f.kind for f in result.findings if not f.people or me in {str(p) for p in f.people}}
    return set()


def network_data_version(session: Session, *, round_id: int) -> tuple[int, int, int]:
    """A cheap fingerprint of a round's network data, for page caches to key on.

    Changes whenever a survey is submitted (new ties or a newly submitted response), so a
    cached analysis is never older than the data.
    """
    ties = session.exec(
        select(func.count(), func.max(Tie.id)).select_from(Tie).where(Tie.round_id == round_id)
    ).one()
    submitted = session.exec(
        select(func.count())
        .select_from(AssessmentResponse)
        .where(
            AssessmentResponse.round_id == round_id,
            AssessmentResponse.status == "submitted",
        )
    ).one()
    return int(ties[0]), int(ties[1] or 0), int(submitted)


def fitness_band(score: float | None) -> str | None:
    """The band id of a fitness score, or None when there is no score."""
    return None if score is None else band_for(score)


def _viewer(session: Session, participant_id: int) -> tuple[Participant, Group, Organisation, int]:
    query = (
        select(Participant, Group, Organisation)
        .join(Group, col(Participant.group_id) == Group.id)
        .join(Organisation, col(Group.organisation_id) == Organisation.id)
        .where(Participant.id == participant_id)
    )
    row = session.exec(query).first()
    if row is None:
        raise LookupError(f"no participant {participant_id}")
    return row[0], row[1], row[2], row[2].cohort_id


def _members(
    session: Session, cohort_id: int, organisation_id: int | None, group_id: int | None
) -> Sequence[tuple[Participant, Group, Organisation]]:
    query = (
        select(Participant, Group, Organisation)
        .join(Group, col(Participant.group_id) == Group.id)
        .join(Organisation, col(Group.organisation_id) == Organisation.id)
        .where(Organisation.cohort_id == cohort_id)
    )
    if organisation_id is not None:
        query = query.where(Organisation.id == organisation_id)
    if group_id is not None:
        query = query.where(Group.id == group_id)
    return session.exec(query.order_by(col(Participant.id))).all()


def _member_groups(session: Session, ids: Sequence[int]) -> dict[str, int]:
    rows = session.exec(
        select(Participant.id, Participant.group_id).where(col(Participant.id).in_(ids))
    ).all()
    return {str(pid): gid for pid, gid in rows}


def _named_groups(session: Session, group_ids: set[int]) -> set[int]:
    rows = session.exec(
        select(Group.id).where(col(Group.id).in_(sorted(group_ids)), col(Group.named_network))
    ).all()
    return {gid for gid in rows if gid is not None}


def _respondents(session: Session, round_id: int, ids: Sequence[int]) -> set[int]:
    submitted = session.exec(
        select(AssessmentResponse.participant_id).where(
            AssessmentResponse.round_id == round_id,
            AssessmentResponse.instrument_id == INSTRUMENT_ID,
            AssessmentResponse.status == "submitted",
            col(AssessmentResponse.participant_id).in_(ids),
        )
    ).all()
    gave_ties = session.exec(
        select(Tie.source_id)
        .where(Tie.round_id == round_id, col(Tie.source_id).in_(ids))
        .distinct()
    ).all()
    return {pid for pid in [*submitted, *gave_ties] if pid is not None}


def _fitness(
    session: Session, round_id: int, ids: Sequence[int]
) -> dict[int, tuple[float | None, float | None]]:
    rows = session.exec(
        select(AssessmentResponse).where(
            AssessmentResponse.round_id == round_id,
            AssessmentResponse.instrument_id == _FITNESS,
            AssessmentResponse.status == "submitted",
            col(AssessmentResponse.participant_id).in_(ids),
        )
    ).all()
    if not rows:
        return {}
    instrument = load_instrument(_FITNESS)
    out: dict[int, tuple[float | None, float | None]] = {}
    for row in rows:
        scores = score_dimensions(instrument, row.answers)
        sharing = next((s.score for s in scores if s.dimension == _SHARING_DIMENSION), None)
        if row.participant_id is not None:
            out[row.participant_id] = (fitness_score(scores), sharing)
    return out


def _ties(session: Session, round_id: int, ids: Sequence[int]) -> Sequence[Tie]:
    return session.exec(
        select(Tie).where(Tie.round_id == round_id, col(Tie.source_id).in_(ids))
    ).all()


def _partner_names(session: Session, partner_ids: set[int | None]) -> dict[int | None, str]:
    wanted = sorted(pid for pid in partner_ids if pid is not None)
    if not wanted:
        return {}
    rows = session.exec(select(ExternalPartner).where(col(ExternalPartner.id).in_(wanted))).all()
    return {p.id: p.name for p in rows}


def _cohort_of_organisation(session: Session, organisation_id: int) -> int:
    organisation = session.get(Organisation, organisation_id)
    if organisation is None:
        raise LookupError(f"no organisation {organisation_id}")
    return organisation.cohort_id


def _analyse_loaded(
    data: NetworkInput, *, group_by: str | None, relation: str | None
) -> NetworkAnalysis:
    return analyse(
        data.people,
        data.ties,
        partners=data.partners,
        expertise=data.expertise,
        group_by=group_by,
        relation=relation,
    )
