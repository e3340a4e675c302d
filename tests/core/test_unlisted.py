"""Write-in names ("someone not on the list"): grouped for the facilitator, then resolved."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, SQLModel, col, select

from core.db import write_session
from core.erasure import erase_participant
from core.models import (
    AssessmentResponse,
    Cohort,
    ExternalPartner,
    Group,
    Organisation,
    Participant,
    SurveyRound,
    Tie,
)
from core.network_data import load_network, network_data_version
from core.network_store import INSTRUMENT_ID as NETWORK
from core.revisions import latest_revision
from core.unlisted import (
    GroupCount,
    UnlistedError,
    UnlistedName,
    UnlistedResult,
    dismiss,
    fold_name,
    map_to_participant,
    map_to_partner,
    partners_of,
    suggest_participants,
    unlisted_names,
)

KARI = "kari nordmann ikt"
RESPONDENTS = ("Ada Aas", "Bo Berg", "Cy Dahl", "Eve Foss")


@dataclass(frozen=True)
class World:
    """Ids of what :func:`build_world` created."""

    cohort: int
    other_cohort: int
    organisation: int
    round: int
    other_round: int
    ada: int
    bo: int
    cy: int
    eve: int
    kari: int
    dag: int
    stranger: int
    ks: int
    other_ks: int


def _id(row: SQLModel) -> int:
    value = getattr(row, "id", None)
    assert isinstance(value, int)
    return value


def build_world(session: Session) -> World:
    """Two cohorts. In cohort A four people write Kari Nordmann in four spellings.

    Kari herself (on the roster, in the other group) wrote her own name once; Eve already
    gave Kari a tie in the same relation; Cy already gave KS one. Cohort B has a stranger
    who wrote the same name: cohort A must never see or change it.
    """
    cohort, other = Cohort(name="Kurs A"), Cohort(name="Kurs B")
    session.add_all([cohort, other])
    session.flush()
    org = Organisation(cohort_id=_id(cohort), name="Fjellbygd kommune")
    far_org = Organisation(cohort_id=_id(other), name="Annen kommune")
    session.add_all([org, far_org])
    session.flush()
    leaders = Group(organisation_id=_id(org), name="Ledergruppen")
    network = Group(organisation_id=_id(org), name="Ledernettverket", kind="network")
    far_group = Group(organisation_id=_id(far_org), name="Ledergruppen")
    session.add_all([leaders, network, far_group])
    session.flush()
    ada, bo, cy = (Participant(group_id=_id(leaders), name=n) for n in RESPONDENTS[:3])
    eve = Participant(group_id=_id(network), name=RESPONDENTS[3])
    kari = Participant(group_id=_id(network), name="Kari Nordmann", department="IKT")
    dag = Participant(group_id=_id(network), name="Dag Lie")
    stranger = Participant(group_id=_id(far_group), name="Ex Gran")
    rnd = SurveyRound(cohort_id=_id(cohort), name="Baseline", status="open")
    far_round = SurveyRound(cohort_id=_id(other), name="Baseline", status="open")
    ks = ExternalPartner(cohort_id=_id(cohort), name="KS", key="ks")
    other_ks = ExternalPartner(cohort_id=_id(other), name="KS", key="ks")
    session.add_all([ada, bo, cy, eve, kari, dag, stranger, rnd, far_round, ks, other_ks])
    session.flush()
    r, a, b, c, e, k = (_id(x) for x in (rnd, ada, bo, cy, eve, kari))

    def write_in(source: int, relation: str, text: str, round_id: int = r) -> Tie:
        return Tie(round_id=round_id, source_id=source, unlisted_name=text, relation=relation)

    session.add_all(
        [
            write_in(a, "information", "Kari Nordmann, IKT"),
            write_in(a, "advice", "kari nordmann (ikt)"),
            write_in(b, "information", "KARI  NORDMANN - IKT"),
            write_in(e, "information", "Kari Nordmann IKT"),
            write_in(k, "advice", "Kari Nordmann (IKT)"),
            write_in(c, "advice", "KS"),
            write_in(b, "advice", " ks "),
            write_in(c, "information", "dag lie"),
            write_in(_id(stranger), "information", "Kari Nordmann, IKT", _id(far_round)),
            Tie(round_id=r, source_id=e, target_id=k, relation="information", frequency=3),
            Tie(round_id=r, source_id=c, target_partner_id=_id(ks), relation="advice", frequency=2),
            Tie(round_id=r, source_id=a, target_id=b, relation="advice", frequency=4),
            AssessmentResponse(
                participant_id=b,
                round_id=r,
                instrument_id=NETWORK,
                instrument_version=1,
                answers={"unlisted": {"advice": " ks ", "information": "KARI  NORDMANN - IKT"}},
                status="submitted",
            ),
        ]
    )
    session.flush()
    return World(
        *(_id(x) for x in (cohort, other, org, rnd, far_round, ada, bo, cy, eve, kari, dag)),
        _id(stranger),
        _id(ks),
        _id(other_ks),
    )


@pytest.fixture
def world(storage_engine: Engine) -> World:
    with write_session(storage_engine) as session:
        return build_world(session)


@pytest.fixture
def db(storage_engine: Engine, world: World) -> Session:
    """One session on the world; each test commits what it means to keep."""
    with Session(storage_engine) as session:
        yield session


def _names(db: Session, world: World) -> dict[str, UnlistedName]:
    return {n.key: n for n in unlisted_names(db, cohort_id=world.cohort, round_id=world.round)}


def _ties(db: Session, world: World, **where: int) -> list[tuple[int, str, int]]:
    """(source, relation, frequency) of the round's ties to one target."""
    query = select(Tie).where(Tie.round_id == world.round)
    for column, value in where.items():
        query = query.where(getattr(Tie, column) == value)
    return sorted((t.source_id, t.relation, t.frequency) for t in db.exec(query).all())


def _snapshot(db: Session) -> list[tuple[object, ...]]:
    db.expire_all()
    return sorted(
        (t.id, t.source_id, t.target_id, t.target_partner_id, t.unlisted_name, t.frequency)
        for t in db.exec(select(Tie)).all()
    )


def test_fold_name_ignores_case_spaces_and_punctuation() -> None:
    spellings = [
        "Kari Nordmann, IKT",
        "kari nordmann (ikt)",
        "KARI  NORDMANN - IKT",
        " Kari_Nordmann.IKT",
    ]
    assert {fold_name(s) for s in spellings} == {KARI}
    assert fold_name("Åse Ødegård") == "åse ødegård"
    assert fold_name(" -- ") == "--", "punctuation only: still a name to review"
    assert fold_name("   ") == ""


def test_names_are_grouped_with_counts_and_spellings(db: Session, world: World) -> None:
    names = unlisted_names(db, cohort_id=world.cohort, round_id=world.round)
    assert [n.key for n in names] == [KARI, "ks", "dag lie"], "most respondents first"
    kari = names[0]
    assert kari.respondents == 4, "Ada twice, Bo, Eve and Kari herself"
    assert kari.ties == 5
    assert kari.relations == {"advice": 2, "information": 3}
    assert kari.groups == (
        GroupCount("Fjellbygd kommune", "Ledergruppen", 2),
        GroupCount("Fjellbygd kommune", "Ledernettverket", 2),
    )
    assert set(kari.texts) == {
        "Kari Nordmann, IKT",
        "kari nordmann (ikt)",
        "KARI NORDMANN - IKT",
        "Kari Nordmann IKT",
        "Kari Nordmann (IKT)",
    }
    assert names[1].texts == ("KS", "ks"), "spaces trimmed, spellings kept"
    assert names[1].label == "KS"


def test_what_the_facilitator_sees_never_says_who_wrote_a_name(db: Session, world: World) -> None:
    assert [f.name for f in dataclasses.fields(UnlistedName)] == [
        "key",
        "texts",
        "respondents",
        "ties",
        "relations",
        "groups",
    ]
    assert [f.name for f in dataclasses.fields(GroupCount)] == [
        "organisation",
        "group",
        "respondents",
    ]
    shown = repr(unlisted_names(db, cohort_id=world.cohort, round_id=world.round))
    assert [name for name in RESPONDENTS if name in shown] == []
    assert "Ex Gran" not in shown


def test_a_cohort_never_sees_or_changes_another_cohorts_names(db: Session, world: World) -> None:
    assert unlisted_names(db, cohort_id=world.cohort, round_id=world.other_round) == []
    assert unlisted_names(db, cohort_id=world.other_cohort, round_id=world.round) == []
    theirs = unlisted_names(db, cohort_id=world.other_cohort, round_id=world.other_round)
    assert [(n.key, n.respondents) for n in theirs] == [(KARI, 1)]
    with pytest.raises(UnlistedError, match="round"):
        map_to_participant(
            db,
            cohort_id=world.cohort,
            round_id=world.other_round,
            key=KARI,
            participant_id=world.kari,
        )
    with pytest.raises(UnlistedError, match="participant"):
        map_to_participant(
            db,
            cohort_id=world.cohort,
            round_id=world.round,
            key=KARI,
            participant_id=world.stranger,
        )
    with pytest.raises(UnlistedError, match="partner"):
        map_to_partner(
            db, cohort_id=world.cohort, round_id=world.round, key="ks", partner_id=world.other_ks
        )
    with pytest.raises(UnlistedError, match="round"):
        dismiss(db, cohort_id=world.cohort, round_id=world.other_round, key=KARI)
    map_to_participant(
        db, cohort_id=world.cohort, round_id=world.round, key=KARI, participant_id=world.kari
    )
    db.commit()
    theirs = unlisted_names(db, cohort_id=world.other_cohort, round_id=world.other_round)
    assert [(n.key, n.respondents) for n in theirs] == [(KARI, 1)], "cohort B untouched"


def test_mapping_to_a_participant_merges_and_is_idempotent(db: Session, world: World) -> None:
    result = map_to_participant(
        db, cohort_id=world.cohort, round_id=world.round, key=KARI, participant_id=world.kari
    )
    db.commit()
    assert result == UnlistedResult(mapped=3, merged=1, removed=1)
    assert result.changed == 5
    assert _ties(db, world, target_id=world.kari) == [
        (world.ada, "advice", 1),
        (world.ada, "information", 1),
        (world.bo, "information", 1),
        (world.eve, "information", 3),  # merged: one tie, the higher frequency kept
    ]
    assert not any(t.source_id == world.kari for t in db.exec(select(Tie)).all()), "no self-tie"
    assert KARI not in _names(db, world)
    assert set(_names(db, world)) == {"ks", "dag lie"}

    before = _snapshot(db)
    again = map_to_participant(
        db, cohort_id=world.cohort, round_id=world.round, key=KARI, participant_id=world.kari
    )
    db.commit()
    assert again == UnlistedResult()
    assert again.changed == 0
    assert _snapshot(db) == before


def test_a_mapped_name_counts_in_the_network(db: Session, world: World) -> None:
    def ties_to_kari() -> list[tuple[str, str]]:
        data = load_network(
            db, cohort_id=world.cohort, round_id=world.round, organisation_id=world.organisation
        )
        return sorted((t.source, t.relation) for t in data.ties if t.target == str(world.kari))

    assert ties_to_kari() == [(str(world.eve), "information")]
    map_to_participant(
        db, cohort_id=world.cohort, round_id=world.round, key=KARI, participant_id=world.kari
    )
    db.commit()
    assert ties_to_kari() == [
        (str(world.ada), "advice"),
        (str(world.ada), "information"),
        (str(world.bo), "information"),
        (str(world.eve), "information"),
    ]


def test_every_action_changes_the_network_cache_key(db: Session, world: World) -> None:
    # Caches of maps and findings are keyed on network_data_version: a mapping that left
    # it alone would be hidden for as long as the cache lives.
    actions = [
        lambda: map_to_participant(
            db,
            cohort_id=world.cohort,
            round_id=world.round,
            key="dag lie",
            participant_id=world.dag,
        ),
        lambda: map_to_partner(
            db, cohort_id=world.cohort, round_id=world.round, key="ks", partner_id=world.ks
        ),
        lambda: dismiss(db, cohort_id=world.cohort, round_id=world.round, key=KARI),
    ]
    for action in actions:
        before = network_data_version(db, round_id=world.round)
        revision = latest_revision(db)
        assert action().changed
        db.commit()
        assert network_data_version(db, round_id=world.round) != before
        # Learning paths key on neither: the revision tells every process to start afresh.
        assert latest_revision(db) > revision


def test_mapping_one_tie_in_place_still_changes_the_cache_key(db: Session, world: World) -> None:
    # The hardest case: one write-in, no merge, the highest id in the round.
    db.add(
        Tie(round_id=world.round, source_id=world.ada, unlisted_name="Ny Person", relation="advice")
    )
    db.commit()
    before = network_data_version(db, round_id=world.round)
    result = map_to_participant(
        db, cohort_id=world.cohort, round_id=world.round, key="ny person", participant_id=world.dag
    )
    db.commit()
    assert result == UnlistedResult(mapped=1)
    assert network_data_version(db, round_id=world.round) != before


def test_mapping_to_an_existing_partner_merges_and_is_idempotent(db: Session, world: World) -> None:
    result = map_to_partner(
        db, cohort_id=world.cohort, round_id=world.round, key="ks", partner_id=world.ks
    )
    db.commit()
    assert result == UnlistedResult(mapped=1, merged=1)
    assert _ties(db, world, target_partner_id=world.ks) == [
        (world.bo, "advice", 1),
        (world.cy, "advice", 2),
    ]
    data = load_network(db, cohort_id=world.cohort, round_id=world.round)
    assert sorted(p.person for p in data.partners if p.partner == "KS") == sorted(
        [str(world.bo), str(world.cy)]
    )
    before = _snapshot(db)
    assert (
        map_to_partner(
            db, cohort_id=world.cohort, round_id=world.round, key="ks", partner_id=world.ks
        )
        == UnlistedResult()
    )
    db.commit()
    assert _snapshot(db) == before


def test_mapping_to_a_new_partner_creates_it_once(db: Session, world: World) -> None:
    def partners() -> list[str]:
        return [p.name for p in partners_of(db, world.cohort)]

    result = map_to_partner(
        db, cohort_id=world.cohort, round_id=world.round, key="dag lie", new_name="  Dag  Lie AS "
    )
    db.commit()
    assert result == UnlistedResult(mapped=1)
    assert partners() == ["Dag Lie AS", "KS"]
    again = map_to_partner(
        db, cohort_id=world.cohort, round_id=world.round, key="dag lie", new_name="Dag Lie AS"
    )
    db.commit()
    assert again.changed == 0
    assert partners() == ["Dag Lie AS", "KS"]
    # A new name that folds to an existing partner is that partner, not a second one.
    result = map_to_partner(
        db, cohort_id=world.cohort, round_id=world.round, key="ks", new_name="ks"
    )
    db.commit()
    assert result == UnlistedResult(mapped=1, merged=1)
    assert partners() == ["Dag Lie AS", "KS"]
    with pytest.raises(UnlistedError, match="partner_name"):
        map_to_partner(db, cohort_id=world.cohort, round_id=world.round, key=KARI, new_name="  ")


def test_dismissing_deletes_the_ties_and_the_text_in_answers(db: Session, world: World) -> None:
    result = dismiss(db, cohort_id=world.cohort, round_id=world.round, key="ks")
    db.commit()
    assert result == UnlistedResult(removed=2)
    assert "ks" not in _names(db, world)
    assert _ties(db, world, target_partner_id=world.ks) == [(world.cy, "advice", 2)], "kept"
    answers = db.exec(
        select(AssessmentResponse).where(AssessmentResponse.participant_id == world.bo)
    ).one()
    assert answers.answers["unlisted"] == {"information": "KARI  NORDMANN - IKT"}
    before = _snapshot(db)
    assert dismiss(db, cohort_id=world.cohort, round_id=world.round, key="ks").changed == 0
    db.commit()
    assert _snapshot(db) == before


def test_erasing_a_respondent_removes_what_they_wrote(db: Session, world: World) -> None:
    erase_participant(db, world.bo)
    db.commit()
    names = _names(db, world)
    assert names["ks"].respondents == 1
    assert names[KARI].respondents == 3


def test_erasing_the_person_named_clears_an_exact_write_in(db: Session, world: World) -> None:
    erase_participant(db, world.dag)
    db.commit()
    assert "dag lie" not in _names(db, world), "erasure clears exact matches of the name"


def test_erasing_a_mapped_person_makes_the_mapped_ties_anonymous(db: Session, world: World) -> None:
    map_to_participant(
        db, cohort_id=world.cohort, round_id=world.round, key=KARI, participant_id=world.kari
    )
    db.commit()
    erase_participant(db, world.kari)
    db.commit()
    left = db.exec(select(Tie).where(col(Tie.target_anonymous).is_not(None))).all()
    assert len(left) == 4
    assert {t.target_id for t in left} == {None}
    assert KARI not in _names(db, world)


def test_suggestions_match_whole_names_in_the_key(db: Session, world: World) -> None:
    people = db.exec(select(Participant)).all()
    assert [p.name for p in suggest_participants(people, KARI)] == ["Kari Nordmann"]
    assert suggest_participants(people, "kari") == []
    assert [p.name for p in suggest_participants(people, "dag lie")] == ["Dag Lie"]


def test_partners_of_lists_only_the_cohorts_own(db: Session, world: World) -> None:
    assert [p.id for p in partners_of(db, world.cohort)] == [world.ks]


def test_a_write_in_of_punctuation_only_can_still_be_dismissed(db: Session, world: World) -> None:
    db.add(Tie(round_id=world.round, source_id=world.ada, unlisted_name=" ?? ", relation="advice"))
    db.commit()
    assert _names(db, world)["??"].texts == ("??",)
    assert dismiss(db, cohort_id=world.cohort, round_id=world.round, key="??").removed == 1
    db.commit()
    assert "??" not in _names(db, world)
