"""A deterministic demo region whose data show the patterns the seed cases describe.

Six fictional municipalities in one cohort, each with a management group and a wider
leader network, two survey rounds (a closed baseline and an open follow-up that is
visibly better connected). Built in patterns, each in a known place so tests and the
findings can name them:

- Fjellbygd: knowledge flow hangs on two central figures (seed 000).
- Elvedal: a silo between Helse og omsorg and Oppvekst.
- Skogheim: isolated members, in the management group and the wider network.
- Nordvika: a low response rate in the baseline, so findings are uncertain.
- Myrvoll: a management group with fewer respondents than the anonymity threshold.
- Havstad: a 300-person municipality, the size a course handles (seed 001).
- Everywhere: leaders score lower on digital fitness than the people around them
  (seed 004), partners known to one person only, information-security expertise
  spread across municipalities (a knowledge centre, seed 004), and advice sought from
  few people before decisions (seed 004: 1.7 including oneself).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session

from core.aggregates import fill_missing_scores
from core.instruments import Instrument, load_instrument
from core.learning_demo import seed_learning_demo
from core.models import (
    AssessmentResponse,
    Cohort,
    Consent,
    Expertise,
    ExternalPartner,
    Group,
    Organisation,
    Participant,
    SurveyRound,
    Tie,
)
from core.repositories import cohort_by_name

__all__ = ["DEMO_COHORT", "MUNICIPALITIES", "DemoSummary", "MunicipalitySpec", "build_demo"]

DEMO_COHORT = "Demo: Fjordregionen 2026"
CONSENT_VERSION = 1
_SEED = 2026


@dataclass(frozen=True)
class MunicipalitySpec:
    """How one demo municipality is built."""

    name: str
    management_size: int
    network_size: int
    pattern: str
    baseline_response: float
    followup_response: float


MUNICIPALITIES: tuple[MunicipalitySpec, ...] = (
    MunicipalitySpec("Fjellbygd", 9, 60, "two_hubs", 0.92, 0.88),
    MunicipalitySpec("Havstad", 12, 288, "balanced", 0.86, 0.84),
    MunicipalitySpec("Elvedal", 8, 80, "silo", 0.9, 0.86),
    MunicipalitySpec("Skogheim", 10, 110, "isolated", 0.88, 0.86),
    MunicipalitySpec("Nordvika", 7, 45, "low_response", 0.55, 0.85),
    MunicipalitySpec("Myrvoll", 6, 40, "small_group", 0.85, 0.85),
)

_DEPARTMENTS = (
    "Oppvekst",
    "Helse og omsorg",
    "Samfunnsutvikling",
    "Økonomi og stab",
    "Digitalisering og IKT",
    "Kultur og fritid",
)
# Relative size of each department in the wider leader network.
_DEPARTMENT_WEIGHTS = (28, 34, 14, 10, 6, 8)
_SILO_PAIR = ("Helse og omsorg", "Oppvekst")

_MANAGEMENT_ROLES = (
    ("Kommunedirektør", "Økonomi og stab"),
    ("Kommunalsjef oppvekst", "Oppvekst"),
    ("Kommunalsjef helse og omsorg", "Helse og omsorg"),
    ("Kommunalsjef samfunnsutvikling", "Samfunnsutvikling"),
    ("Digitaliseringssjef", "Digitalisering og IKT"),
    ("Økonomisjef", "Økonomi og stab"),
    ("HR-sjef", "Økonomi og stab"),
    ("Kultursjef", "Kultur og fritid"),
    ("Kommunikasjonssjef", "Økonomi og stab"),
    ("Assisterende kommunedirektør", "Økonomi og stab"),
    ("Eiendomssjef", "Samfunnsutvikling"),
    ("Personvernombud", "Økonomi og stab"),
)
_NETWORK_ROLES = {
    "Oppvekst": ("Rektor", "Barnehagestyrer", "Leder PPT", "Fagleder skole"),
    "Helse og omsorg": ("Enhetsleder hjemmetjeneste", "Avdelingsleder sykehjem", "Fastlege"),
    "Samfunnsutvikling": ("Leder plan og bygg", "Fagleder kart og oppmåling"),
    "Økonomi og stab": ("Rådgiver økonomi", "Arkivleder", "Controller"),
    "Digitalisering og IKT": ("IKT-rådgiver", "Systemansvarlig", "Informasjonssikkerhetsleder"),
    "Kultur og fritid": ("Biblioteksjef", "Leder kulturskole"),
}

_FIRST_NAMES = [
    "Anne",
    "Ingrid",
    "Kari",
    "Marit",
    "Liv",
    "Hilde",
    "Silje",
    "Ingvild",
    "Tone",
    "Kristin",
    "Ragnhild",
    "Guro",
    "Sigrid",
    "Eli",
    "Hege",
    "Nina",
    "Marte",
    "Åse",
    "Solveig",
    "Camilla",
    "Mona",
    "Heidi",
    "Trude",
    "Lene",
    "Ida",
    "Ane",
    "Berit",
    "Astrid",
    "Randi",
    "Torunn",
    "Ola",
    "Per",
    "Lars",
    "Jon",
    "Knut",
    "Arne",
    "Bjørn",
    "Terje",
    "Geir",
    "Svein",
    "Rune",
    "Tor",
    "Espen",
    "Øyvind",
    "Trond",
    "Håkon",
    "Eirik",
    "Magnus",
    "Sindre",
    "Vegard",
    "Jørgen",
    "Kjetil",
    "Stian",
    "Anders",
    "Morten",
    "Even",
    "Audun",
    "Sverre",
    "Ivar",
    "Leif",
]
_LAST_NAMES = [
    "Hansen",
    "Johansen",
    "Olsen",
    "Larsen",
    "Andersen",
    "Pedersen",
    "Nilsen",
    "Kristiansen",
    "Jensen",
    "Karlsen",
    "Johnsen",
    "Pettersen",
    "Eriksen",
    "Berg",
    "Haugen",
    "Hagen",
    "Johannessen",
    "Andreassen",
    "Jacobsen",
    "Dahl",
    "Jørgensen",
    "Halvorsen",
    "Henriksen",
    "Lund",
    "Sørensen",
    "Jakobsen",
    "Moen",
    "Gundersen",
    "Iversen",
    "Strand",
    "Solberg",
    "Svendsen",
    "Eide",
    "Knutsen",
    "Martinsen",
    "Paulsen",
    "Bakken",
    "Kristoffersen",
    "Mathisen",
    "Lie",
    "Amundsen",
    "Nguyen",
    "Rasmussen",
    "Ali",
    "Lunde",
    "Solheim",
    "Berge",
    "Moe",
    "Nygård",
    "Bakke",
    "Kristensen",
    "Fredriksen",
    "Holm",
    "Lien",
    "Hauge",
    "Christensen",
    "Andresen",
    "Nielsen",
    "Knudsen",
    "Evensen",
    "Sæther",
    "Aas",
    "Myhre",
    "Hanssen",
    "Ahmed",
    "Haugland",
    "Thomassen",
    "Sivertsen",
    "Simonsen",
    "Danielsen",
    "Berntsen",
    "Sandvik",
    "Rønning",
    "Arnesen",
    "Antonsen",
    "Næss",
    "Vik",
    "Haug",
    "Ellingsen",
    "Thorsen",
    "Edvardsen",
    "Birkeland",
    "Isaksen",
    "Gulbrandsen",
    "Ruud",
    "Aasen",
    "Strøm",
    "Myklebust",
    "Tangen",
    "Ødegård",
    "Eliassen",
    "Helland",
    "Bøe",
    "Jenssen",
    "Aune",
    "Mikkelsen",
    "Tveit",
    "Brekke",
    "Abrahamsen",
    "Madsen",
]

_COMMON_PARTNERS = (
    ("KS", "interest_body"),
    ("Statsforvalteren", "state"),
    ("NAV", "state"),
    ("Helse Fjord HF", "health_trust"),
    ("IKT Fjordregionen IKS", "intermunicipal"),
    ("Digdir", "state"),
)
_RARE_PARTNERS = (
    "Nordlys Data AS",
    "Fjordnett AS",
    "Omsorgsteknologi AS",
    "Høgskolen på Vestlandet",
    "Kartverket",
    "Husbanken",
    "Fylkeskommunen",
    "Brannvesenet Fjord IKS",
    "Renovasjon Fjord IKS",
    "Innovasjon Norge",
    "Arkiv Fjord IKS",
    "Revisjon Fjord IKS",
    "Barnevernstjenesten Fjord",
    "Legevakt Fjord",
    "Fjord Næringsforum",
    "Skyløsninger Norge AS",
    "Velferdsteknologi Vest AS",
    "Plan og Bygg Konsult AS",
    "Universitetet i Fjordby",
    "Frivilligsentralen",
)
_EXPERTISE_AREAS = (
    "data_analysis",
    "service_design",
    "procurement",
    "project_management",
    "change_management",
    "automation_rpa",
    "cloud_collaboration_tools",
    "welfare_technology",
    "gis_geodata",
    "archive_records",
    "privacy_gdpr",
)
_KNOWLEDGE_CENTRE_AREA = "information_security"

_BASELINE_START = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
_FOLLOWUP_START = datetime(2026, 10, 20, 8, 0, tzinfo=UTC)


@dataclass(frozen=True)
class DemoSummary:
    """What `build_demo` did, for the command line to print."""

    created: bool
    cohort_id: int
    participants: int
    ties: int
    respondents: int


@dataclass
class _Person:
    row: Participant
    municipality: MunicipalitySpec
    is_management: bool
    fitness: float  # latent Part A level on the 1-5 scale
    sharing: float
    popularity: float
    isolated: bool = False
    hub: bool = False


def build_demo(session: Session, *, instrument: Instrument | None = None) -> DemoSummary:
    """Load the demo region once; a second call finds it and changes nothing."""
    existing = cohort_by_name(session, DEMO_COHORT)
    if existing is not None:
        assert existing.id is not None
        return DemoSummary(False, existing.id, 0, 0, 0)
    instrument = instrument or load_instrument("digital_fitness")
    rng = random.Random(_SEED)
    cohort = Cohort(
        name=DEMO_COHORT,
        description="Fiktiv region med seks kommuner, laget for å vise Samspill.",
        end_date=date(2027, 6, 30),
        created_at=_BASELINE_START - timedelta(days=30),
    )
    session.add(cohort)
    session.flush()
    assert cohort.id is not None
    baseline = SurveyRound(
        cohort_id=cohort.id,
        name="Baseline",
        sequence=1,
        status="closed",
        opened_at=_BASELINE_START,
        closed_at=_BASELINE_START + timedelta(days=14),
    )
    followup = SurveyRound(
        cohort_id=cohort.id,
        name="Oppfølging",
        sequence=2,
        status="open",
        opened_at=_FOLLOWUP_START,
    )
    session.add_all([baseline, followup])
    partners = _create_partners(session, cohort.id)
    people = _create_people(session, rng, cohort.id)
    session.flush()

    ties = 0
    answered: set[int] = set()
    # About one in twenty never opens the link: they stay in the network as people named.
    never = {_pid(p) for p in people if not (p.hub or p.isolated) and rng.random() < 0.05}
    for round_, later in ((baseline, False), (followup, True)):
        respondents = _choose_respondents(rng, people, later=later) - never
        answered |= _write_assessments(
            session,
            rng,
            instrument,
            people,
            respondents,
            round_,
            later=later,
            never=frozenset(never),
        )
        ties += _write_network(session, rng, people, respondents, partners, round_, later=later)
    _write_consents(session, [p for p in people if _pid(p) in answered])
    session.flush()
    fill_missing_scores(session)
    seed_learning_demo(session, rng, cohort_id=cohort.id)
    return DemoSummary(True, cohort.id, len(people), ties, len(answered))


def _create_partners(session: Session, cohort_id: int) -> list[ExternalPartner]:
    partners = [
        ExternalPartner(cohort_id=cohort_id, name=name, key=name.casefold(), kind=kind)
        for name, kind in _COMMON_PARTNERS
    ]
    partners += [
        ExternalPartner(cohort_id=cohort_id, name=name, key=name.casefold(), kind="other")
        for name in _RARE_PARTNERS
    ]
    session.add_all(partners)
    return partners


def _create_people(session: Session, rng: random.Random, cohort_id: int) -> list[_Person]:
    names = _unique_names(rng, sum(m.management_size + m.network_size for m in MUNICIPALITIES))
    people: list[_Person] = []
    for spec in MUNICIPALITIES:
        org = Organisation(cohort_id=cohort_id, name=f"{spec.name} kommune")
        session.add(org)
        session.flush()
        assert org.id is not None
        management = Group(
            organisation_id=org.id, name="Ledergruppen", kind="management", named_network=True
        )
        network = Group(organisation_id=org.id, name="Ledernettverket", kind="network")
        session.add_all([management, network])
        session.flush()
        assert management.id is not None and network.id is not None
        for role, department in _MANAGEMENT_ROLES[: spec.management_size]:
            people.append(
                _new_person(rng, names.pop(), spec, management.id, role, department, leader=True)
            )
        for _ in range(spec.network_size):
            department = rng.choices(_DEPARTMENTS, weights=_DEPARTMENT_WEIGHTS)[0]
            role = rng.choice(_NETWORK_ROLES[department])
            people.append(
                _new_person(rng, names.pop(), spec, network.id, role, department, leader=False)
            )
    _mark_patterns(rng, people)
    session.add_all([p.row for p in people])
    return people


def _new_person(
    rng: random.Random,
    name: str,
    spec: MunicipalitySpec,
    group_id: int,
    role: str,
    department: str,
    *,
    leader: bool,
) -> _Person:
    slug = name.lower().replace(" ", ".")
    for a, b in (("æ", "ae"), ("ø", "o"), ("å", "a")):
        slug = slug.replace(a, b)
    row = Participant(
        group_id=group_id,
        name=name,
        email=f"{slug}@{spec.name.lower()}.kommune.example",
        role=role,
        department=department,
        is_leader=leader,
        invite_token=_demo_token(rng),
    )
    # Seed 004: leadership groups score lower on digital fitness than their organisations.
    fitness = rng.gauss(2.6 if leader else 3.3, 0.55)
    if department == "Digitalisering og IKT":
        fitness += 0.8
    return _Person(
        row=row,
        municipality=spec,
        is_management=leader,
        fitness=_clip(fitness, 1.2, 4.9),
        sharing=_clip(rng.gauss(3.0, 0.7), 1.0, 5.0),
        popularity=rng.paretovariate(2.5) * (2.0 if leader else 1.0),
    )


def _mark_patterns(rng: random.Random, people: list[_Person]) -> None:
    for spec in MUNICIPALITIES:
        members = [p for p in people if p.municipality is spec]
        management = [p for p in members if p.is_management]
        if spec.pattern == "two_hubs":
            # The two everyone goes to: the digitalisation lead and the deputy director.
            for p in management:
                if p.row.role in ("Digitaliseringssjef", "Assisterende kommunedirektør"):
                    p.hub = True
                    p.fitness, p.sharing = 4.5, 4.6
            if sum(p.hub for p in management) < 2:
                management[1].hub = True
        if spec.pattern == "isolated":
            for p in management[-2:]:
                p.isolated = True
            network = [p for p in members if not p.is_management]
            for p in rng.sample(network, 6):
                p.isolated = True


def _choose_respondents(rng: random.Random, people: Sequence[_Person], *, later: bool) -> set[int]:
    chosen: set[int] = set()
    for spec in MUNICIPALITIES:
        rate = spec.followup_response if later else spec.baseline_response
        members = [p for p in people if p.municipality is spec]
        for group_members in (
            [p for p in members if p.is_management],
            [p for p in members if not p.is_management],
        ):
            count = round(rate * len(group_members))
            if spec.pattern == "small_group" and group_members[0].is_management:
                count = 4  # one below the default anonymity threshold of 5
            # Hubs and isolated people always answer: their pattern must be visible.
            must = [p for p in group_members if p.hub or p.isolated]
            rest = [p for p in group_members if not (p.hub or p.isolated)]
            picked = must + rng.sample(rest, max(0, count - len(must)))
            chosen.update(_pid(p) for p in picked)
    return chosen


def _write_assessments(
    session: Session,
    rng: random.Random,
    instrument: Instrument,
    people: Sequence[_Person],
    respondents: set[int],
    round_: SurveyRound,
    *,
    later: bool,
    never: frozenset[int] = frozenset(),
) -> set[int]:
    """Write assessment responses; returns who opened their link (and so consented)."""
    assert round_.id is not None and round_.opened_at is not None
    org_level = {spec.name: rng.uniform(2.3, 3.6) for spec in MUNICIPALITIES}
    written: set[int] = set()
    for person in people:
        pid = _pid(person)
        started = round_.opened_at + timedelta(minutes=rng.randint(0, 60 * 24 * 5))
        if pid in respondents:
            answers = _answers(rng, instrument, person, org_level, later=later)
            status, submitted = "submitted", started + timedelta(minutes=rng.randint(6, 25))
        elif later and pid not in never and rng.random() < 0.3:
            # Started on the follow-up but not finished: shows as "started" in progress.
            full = _answers(rng, instrument, person, org_level, later=later)
            answers = dict(list(full.items())[: len(full) // 3])
            status, submitted = "draft", None
        else:
            continue
        session.add(
            AssessmentResponse(
                participant_id=pid,
                round_id=round_.id,
                instrument_id=instrument.id,
                instrument_version=instrument.version,
                answers=answers,
                status=status,
                started_at=started,
                updated_at=submitted or started,
                submitted_at=submitted,
            )
        )
        written.add(pid)
    return written


def _answers(
    rng: random.Random,
    instrument: Instrument,
    person: _Person,
    org_level: dict[str, float],
    *,
    later: bool,
) -> dict[str, int]:
    gain = 0.35 if later else 0.0
    answers: dict[str, int] = {}
    for dimension in instrument.dimensions:
        if dimension.part == "person":
            base = person.sharing if dimension.id == "sharing" else person.fitness
        else:
            base = org_level[person.municipality.name] + (0.25 if person.is_management else 0)
        level = base + gain + rng.gauss(0, 0.35)
        for item in dimension.items:
            if rng.random() < 0.04:
                answers[item.id] = 0  # "don't know / not relevant"
            else:
                answers[item.id] = _likert(level + rng.gauss(0, 0.6))
            if dimension.part == "organisation":
                answers[f"{item.id}.ambition"] = _likert(level + 1.2 + rng.gauss(0, 0.5))
    return answers


def _write_network(
    session: Session,
    rng: random.Random,
    people: Sequence[_Person],
    respondents: set[int],
    partners: Sequence[ExternalPartner],
    round_: SurveyRound,
    *,
    later: bool,
) -> int:
    assert round_.id is not None and round_.opened_at is not None
    ties: list[Tie] = []
    by_municipality = {
        spec.name: [p for p in people if p.municipality is spec] for spec in MUNICIPALITIES
    }
    directors = [p for p in people if p.row.role in ("Kommunedirektør", "Digitaliseringssjef")]
    for person in people:
        pid = _pid(person)
        if pid not in respondents:
            continue
        colleagues = by_municipality[person.municipality.name]
        picks = _pick_information(rng, person, colleagues, later=later)
        ties += [
            Tie(
                round_id=round_.id,
                source_id=pid,
                target_id=_pid(t),
                relation="information",
                frequency=rng.choices((1, 2, 3, 4), weights=(1, 3, 4, 2))[0],
            )
            for t in picks
        ]
        # Seed 004: on average 1.7 people consulted before a decision, oneself included.
        n_advice = rng.choices((0, 1, 2, 3), weights=(4, 4, 2, 1) if not later else (2, 4, 3, 2))[0]
        similar = sorted(
            picks, key=lambda t: (t.row.department != person.row.department, -t.popularity)
        )
        ties += [
            Tie(
                round_id=round_.id,
                source_id=pid,
                target_id=_pid(t),
                relation="advice",
                frequency=rng.choice((2, 3)),
            )
            for t in similar[:n_advice]
        ]
        ties += [
            Tie(
                round_id=round_.id,
                source_id=pid,
                target_id=_pid(t),
                relation="digital_help",
                frequency=rng.choice((1, 2, 3)),
            )
            for t in _pick_digital_helpers(rng, person, colleagues)
        ]
        ties += [
            Tie(
                round_id=round_.id,
                source_id=pid,
                target_id=_pid(t),
                relation="collaboration",
                frequency=rng.choice((2, 3, 4)),
            )
            for t in _pick_collaborators(rng, person, colleagues, later=later)
        ]
        if person in directors:
            # Regional ties between municipalities; more of them after the course started.
            others = [d for d in directors if d.municipality is not person.municipality]
            for other in rng.sample(others, 3 if later else 1):
                ties.append(
                    Tie(
                        round_id=round_.id,
                        source_id=pid,
                        target_id=_pid(other),
                        relation="collaboration",
                        frequency=2,
                    )
                )
        ties += _partner_ties(rng, person, partners, round_.id)
        _write_expertise(session, rng, person, round_.id)
    session.add_all(ties)
    return len(ties)


def _pick_information(
    rng: random.Random, person: _Person, colleagues: Sequence[_Person], *, later: bool
) -> list[_Person]:
    pattern = person.municipality.pattern
    if person.isolated and not later:
        candidates = [c for c in colleagues if c is not person and c.is_management]
        return rng.sample(candidates, rng.choice((0, 1)))
    own_share = 0.78 if not later else 0.62
    if pattern == "silo" and not later:
        own_share = 0.92
    count = rng.randint(4, 8) if not later else rng.randint(5, 9)
    pool = [c for c in colleagues if c is not person and not (c.isolated and not later)]
    if pattern == "silo":
        pool = [c for c in pool if not _silo_blocked(person, c, later=later)]
    chosen: list[_Person] = []
    if pattern == "two_hubs":
        hubs = [c for c in pool if c.hub]
        share = 0.85 if not later else 0.45
        chosen += [h for h in hubs if rng.random() < share]
        if person.is_management and not later:
            count = len(chosen) + rng.choice((0, 1))
    same = [c for c in pool if c.row.department == person.row.department and c not in chosen]
    other = [c for c in pool if c.row.department != person.row.department and c not in chosen]
    while len(chosen) < count and (same or other):
        source = same if (rng.random() < own_share and same) or not other else other
        pick = _weighted_pick(rng, source)
        source.remove(pick)
        chosen.append(pick)
    return chosen


def _silo_blocked(a: _Person, b: _Person, *, later: bool) -> bool:
    pair = {a.row.department, b.row.department}
    return pair == set(_SILO_PAIR) and (not later or (a.is_management != b.is_management))


def _pick_digital_helpers(
    rng: random.Random, person: _Person, colleagues: Sequence[_Person]
) -> list[_Person]:
    pool = [c for c in colleagues if c is not person and not c.isolated]
    weights = [c.fitness**3 for c in pool]
    count = rng.choice((0, 1, 1, 2))
    return list({id(c): c for c in rng.choices(pool, weights=weights, k=count)}.values())


def _pick_collaborators(
    rng: random.Random, person: _Person, colleagues: Sequence[_Person], *, later: bool
) -> list[_Person]:
    pool = [
        c
        for c in colleagues
        if c is not person and c.row.department != person.row.department and not c.isolated
    ]
    if person.municipality.pattern == "silo":
        pool = [c for c in pool if not _silo_blocked(person, c, later=later)]
    count = rng.choice((0, 1, 2) if not later else (1, 2, 3))
    return rng.sample(pool, min(count, len(pool)))


def _partner_ties(
    rng: random.Random, person: _Person, partners: Sequence[ExternalPartner], round_id: int
) -> list[Tie]:
    common = [p for p in partners if p.kind != "other"]
    rare = [p for p in partners if p.kind == "other"]
    count = rng.choice((1, 2, 3)) if person.is_management else rng.choice((0, 0, 1, 1, 2))
    chosen = rng.sample(common, min(count, len(common)))
    # Seed 000: everyone knows some partners, few know the same ones.
    if rng.random() < (0.35 if person.is_management else 0.08):
        chosen.append(rng.choice(rare))
    return [
        Tie(
            round_id=round_id,
            source_id=_pid(person),
            target_partner_id=p.id,
            relation="partner",
            frequency=rng.choice((1, 2, 3)),
        )
        for p in chosen
    ]


def _write_expertise(session: Session, rng: random.Random, person: _Person, round_id: int) -> None:
    areas = set(rng.sample(_EXPERTISE_AREAS, rng.choice((0, 1, 1, 2))))
    if person.row.role in ("Informasjonssikkerhetsleder", "Digitaliseringssjef", "Personvernombud"):
        areas.add(_KNOWLEDGE_CENTRE_AREA)
    for area in sorted(areas):
        session.add(Expertise(participant_id=_pid(person), round_id=round_id, area=area))


def _write_consents(session: Session, people: Sequence[_Person]) -> None:
    for person in people:
        session.add(
            Consent(
                participant_id=_pid(person),
                consent_version=CONSENT_VERSION,
                language="nb",
                named_network=person.is_management,
                given_at=_BASELINE_START,
            )
        )


def _unique_names(rng: random.Random, count: int) -> list[str]:
    names = [f"{first} {last}" for first in _FIRST_NAMES for last in _LAST_NAMES]
    rng.shuffle(names)
    if count > len(names):
        raise ValueError(f"the demo needs {count} names, the lists give {len(names)}")
    return names[:count]


def _weighted_pick(rng: random.Random, pool: Sequence[_Person]) -> _Person:
    return rng.choices(pool, weights=[p.popularity for p in pool])[0]


def _demo_token(rng: random.Random) -> str:
    # Demo tokens come from the seed so the demo is reproducible; real ones use secrets.
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"
    return "".join(rng.choice(alphabet) for _ in range(43))


def _likert(value: float) -> int:
    return int(_clip(round(value), 1, 5))


def _clip(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def _pid(person: _Person) -> int:
    assert person.row.id is not None, "participants are flushed before ties are written"
    return person.row.id
