"""Erasure: after deleting a person, group or cohort, no row anywhere names them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, SQLModel, col, select

from core.db import read_session, write_session
from core.erasure import (
    ANONYMOUS_PREFIX,
    erase_cohort,
    erase_group,
    erase_participant,
)
from core.models import (
    Ambition,
    AssessmentResponse,
    Cohort,
    Consent,
    Expertise,
    ExternalPartner,
    Group,
    LessonProgress,
    Organisation,
    Participant,
    Reflection,
    ResponseScore,
    SurveyRound,
    Tie,
)
from core.network_store import INSTRUMENT_ID as NETWORK


@dataclass(frozen=True)
class World:
    """Ids of what :func:`build_world` created."""

    cohort: int
    other_cohort: int
    group: int
    other_group: int
    round: int
    ada: int
    bo: int
    cy: int
    eve: int
    stranger: int


ADA_NAME = "Ada Lunde-Ørsta"
ADA_EMAIL = "ada.lunde@fjellbygd.kommune.no"
ADA_TOKEN = "ada-token-" + "x" * 40


def build_world(session: Session, *, end_date: date | None = None) -> World:
    """Two cohorts; Ada has data of every kind, and colleagues name her in several ways."""
    cohort = Cohort(name="Kurs A", end_date=end_date)
    other = Cohort(name="Kurs B", end_date=None)
    session.add_all([cohort, other])
    session.flush()
    org = Organisation(cohort_id=cohort.id, name="Fjellbygd kommune")
    far_org = Organisation(cohort_id=other.id, name="Annen kommune")
    session.add_all([org, far_org])
    session.flush()
    group = Group(organisation_id=org.id, name="Ledergruppen", named_network=True)
    other_group = Group(organisation_id=org.id, name="Ledernettverket", kind="network")
    far_group = Group(organisation_id=far_org.id, name="Ledergruppen")
    session.add_all([group, other_group, far_group])
    session.flush()
    ada = Participant(group_id=group.id, name=ADA_NAME, email=ADA_EMAIL, invite_token=ADA_TOKEN)
    bo = Participant(group_id=group.id, name="Bo Berg", email="bo@example.org")
    cy = Participant(group_id=group.id, name="Cy Dahl")
    eve = Participant(group_id=other_group.id, name="Eve Foss")
    stranger = Participant(group_id=far_group.id, name="Ex Gran", invite_token="s" * 43)
    rnd = SurveyRound(cohort_id=cohort.id, name="Baseline", status="open")
    far_round = SurveyRound(cohort_id=other.id, name="Baseline", status="open")
    session.add_all([ada, bo, cy, eve, stranger, rnd, far_round])
    session.flush()
    partner = ExternalPartner(cohort_id=cohort.id, name="KS", key="ks")
    session.add(partner)
    session.flush()
    a, b, c, e = (_id(p) for p in (ada, bo, cy, eve))
    a_group = _id(group)
    rnd_id, partner_id = _id(rnd), _id(partner)
    fitness = AssessmentResponse(
        participant_id=a,
        round_id=rnd_id,
        instrument_id="digital_fitness",
        instrument_version=1,
        answers={"data_1": 4, "note": ADA_NAME},
        status="submitted",
    )
    session.add(fitness)
    session.flush()
    session.add(
        ResponseScore(
            response_id=_id(fitness),
            dimension_id="data",
            round_id=rnd_id,
            group_id=a_group,
            score=75,
        )
    )
    session.add_all(
        [
            Consent(participant_id=a, consent_version=1, named_network=True),
            Consent(participant_id=b, consent_version=1),
            AssessmentResponse(
                participant_id=a,
                round_id=rnd_id,
                instrument_id=NETWORK,
                instrument_version=1,
                answers={"ties": {"advice": {str(b): 3}}},
                status="submitted",
            ),
            # Bo's unsubmitted draft names Ada by id and by her name typed as free text.
            AssessmentResponse(
                participant_id=b,
                round_id=rnd_id,
                instrument_id=NETWORK,
                instrument_version=1,
                answers={
                    "ties": {"advice": {str(a): 2, str(c): 1}},
                    "unlisted": {"information": "  ada lunde-ØRSTA "},
                },
            ),
            Tie(round_id=rnd_id, source_id=a, target_id=b, relation="advice", frequency=3),
            Tie(round_id=rnd_id, source_id=a, target_partner_id=partner_id, relation="partner"),
            Tie(round_id=rnd_id, source_id=a, unlisted_name="Kari fra NAV", relation="advice"),
            Tie(round_id=rnd_id, source_id=b, target_id=a, relation="advice", frequency=2),
            Tie(round_id=rnd_id, source_id=c, target_id=a, relation="information"),
            Tie(round_id=rnd_id, source_id=c, target_id=b, relation="information"),
            Tie(round_id=rnd_id, source_id=e, target_id=a, relation="advice"),
            Tie(round_id=rnd_id, source_id=e, unlisted_name=ADA_EMAIL.upper(), relation="advice"),
            Tie(round_id=rnd_id, source_id=c, unlisted_name="Ada fra økonomi", relation="advice"),
            Tie(
                round_id=_id(far_round),
                source_id=_id(stranger),
                unlisted_name="Ex Gran sin sjef",
                relation="advice",
            ),
            Expertise(participant_id=a, round_id=rnd_id, area="ai_tools"),
            Expertise(participant_id=b, round_id=rnd_id, area="ai_tools"),
            LessonProgress(participant_id=a, lesson_id="org-1"),
            Reflection(participant_id=a, lesson_id="org-1", text="Jeg, Ada, lærte mye."),
            Ambition(participant_id=a, text="Ada vil dele mer", due_date=date(2027, 1, 1)),
            Ambition(group_id=group.id, text="Gruppens mål", due_date=date(2027, 1, 1)),
        ]
    )
    session.flush()
    return World(
        _id(cohort), _id(other), _id(group), _id(other_group), rnd_id, a, b, c, e, _id(stranger)
    )


def _id(row: SQLModel) -> int:
    value = getattr(row, "id", None)
    assert isinstance(value, int)
    return value


def rows_mentioning(session: Session, *needles: str) -> list[str]:
    """Every table and column whose text (or JSON) contains one of `needles`, case-folded.

    Checks values, not column types: SQLModel's AutoString is no sqlalchemy String.
    """
    found: list[str] = []
    wanted = [n.casefold() for n in needles]
    for table in SQLModel.metadata.sorted_tables:
        for row in session.connection().execute(table.select()).mappings():
            for column, value in row.items():
                if value is None:
                    continue
                if not isinstance(value, str | dict | list):
                    continue
                flat = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                if any(n in flat.casefold() for n in wanted):
                    found.append(f"{table.name}.{column}={flat!r}")
    return found


def count(session: Session, model: type[SQLModel]) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


@pytest.fixture
def world(storage_engine: Engine) -> World:
    with write_session(storage_engine) as session:
        return build_world(session)


def test_erasing_a_participant_leaves_no_row_that_names_them(
    storage_engine: Engine, world: World
) -> None:
    with read_session(storage_engine) as session:
        assert rows_mentioning(session, ADA_NAME, ADA_EMAIL, ADA_TOKEN)  # the check can fail

    with write_session(storage_engine) as session:
        report = erase_participant(session, world.ada)

    with read_session(storage_engine) as session:
        assert rows_mentioning(session, ADA_NAME, ADA_EMAIL, ADA_TOKEN) == []
        assert session.get(Participant, world.ada) is None
        for model in (Consent, Expertise, LessonProgress, Reflection, Ambition, AssessmentResponse):
            owner = col(model.participant_id)
            assert session.exec(select(model).where(owner == world.ada)).first() is None
        assert session.exec(select(Tie).where(Tie.source_id == world.ada)).first() is None
        # Everyone else is untouched.
        assert count(session, Participant) == 4
        assert session.exec(select(Expertise).where(Expertise.participant_id == world.bo)).one()
        group_goal = session.exec(select(Ambition).where(Ambition.group_id == world.group)).one()
        assert group_goal.text == "Gruppens mål"
    assert report["participants"] == 1
    assert report["ties"] == 3
    assert report["assessment_responses"] == 2
    assert report["response_scores"] == 1
    assert report["consents"] == 1
    assert report["expertise"] == report["lesson_progress"] == report["reflections"] == 1
    assert report["ambitions"] == 1
    assert report["ties_anonymised"] == 3
    assert report["unlisted_cleared"] == 1
    assert report["answers_scrubbed"] == 1


def test_ties_others_gave_are_kept_as_one_anonymous_node(
    storage_engine: Engine, world: World
) -> None:
    with write_session(storage_engine) as session:
        erase_participant(session, world.ada)

    with read_session(storage_engine) as session:
        ties = session.exec(select(Tie).where(col(Tie.target_anonymous).is_not(None))).all()
        assert sorted((t.source_id, t.relation) for t in ties) == sorted(
            [
                (world.bo, "advice"),
                (world.cy, "information"),
                (world.eve, "advice"),
                (world.eve, "advice"),  # her e-mail, typed as "not on the list"
            ]
        )
        assert all(t.target_id is None and t.unlisted_name is None for t in ties)
        labels = {t.target_anonymous for t in ties}
        assert len(labels) == 1
        (label,) = labels
        assert label is not None
        assert label.startswith(ANONYMOUS_PREFIX)
        # A partial mention is the author's text about someone we cannot identify: kept.
        kept = session.exec(select(Tie).where(Tie.unlisted_name == "Ada fra økonomi")).one()
        assert kept.target_anonymous is None
        # Bo's draft no longer names Ada's id, so it can still be submitted.
        draft = session.exec(
            select(AssessmentResponse).where(AssessmentResponse.participant_id == world.bo)
        ).one()
        assert draft.answers["ties"] == {"advice": {str(world.cy): 1}}
        assert draft.answers["unlisted"] == {}


def test_a_second_erasure_of_the_same_person_is_refused(
    storage_engine: Engine, world: World
) -> None:
    with write_session(storage_engine) as session:
        erase_participant(session, world.ada)
    with write_session(storage_engine) as session, pytest.raises(LookupError):
        erase_participant(session, world.ada)


def test_erasing_a_group_removes_its_members_and_keeps_other_groups(
    storage_engine: Engine, world: World
) -> None:
    with write_session(storage_engine) as session:
        report = erase_group(session, world.group)

    with read_session(storage_engine) as session:
        for name in (ADA_NAME, "Bo Berg", "Cy Dahl", ADA_EMAIL, "bo@example.org"):
            assert rows_mentioning(session, name) == [], name
        assert session.get(Group, world.group) is None
        assert session.get(Group, world.other_group) is not None
        remaining = session.exec(select(Participant.name).order_by(Participant.name)).all()
        assert list(remaining) == ["Eve Foss", "Ex Gran"]
        # Eve's answer naming Ada stays, anonymous.
        eve_ties = session.exec(select(Tie).where(Tie.source_id == world.eve)).all()
        assert len(eve_ties) == 2
        assert all(t.target_anonymous and t.target_id is None for t in eve_ties)
    assert report["participants"] == 3
    assert report["groups"] == 1
    assert report["ambitions"] == 2  # Ada's own and the group's
    assert report["consents"] == 2


def test_erasing_a_cohort_removes_everything_in_it_and_nothing_elsewhere(
    storage_engine: Engine, world: World
) -> None:
    with write_session(storage_engine) as session:
        report = erase_cohort(session, world.cohort)

    with read_session(storage_engine) as session:
        assert session.get(Cohort, world.cohort) is None
        assert list(session.exec(select(Participant.name)).all()) == ["Ex Gran"]
        assert list(session.exec(select(Organisation.name)).all()) == ["Annen kommune"]
        assert count(session, ExternalPartner) == 0
        assert count(session, SurveyRound) == 1
        assert count(session, Tie) == 1  # the other cohort's
        assert count(session, AssessmentResponse) == 0
        assert count(session, ResponseScore) == 0
        assert count(session, Ambition) == 0
        assert rows_mentioning(session, "Fjellbygd", "Ledergruppen", "Bo Berg") == [
            "groups.name='Ledergruppen'"  # the other cohort's group of the same name
        ]
    assert report["cohorts"] == 1
    assert report["participants"] == 4
    assert report["organisations"] == 1
    assert report["groups"] == 2
    assert report["survey_rounds"] == 1


def test_unknown_ids_are_refused(session: Session) -> None:
    for erase in (erase_participant, erase_group, erase_cohort):
        with pytest.raises(LookupError):
            erase(session, 999)


def _referring(table: str) -> set[str]:
    return {
        t.name
        for t in SQLModel.metadata.sorted_tables
        for fk in t.foreign_keys
        if fk.column.table.name == table
    }


def test_erasure_knows_every_table_that_points_at_people_groups_or_cohorts() -> None:
    # A new table here must be handled in core/erasure.py before this list is extended.
    assert _referring("participants") == {
        "ambitions",
        "assessment_responses",
        "consents",
        "expertise",
        "lesson_progress",
        "reflections",
        "ties",
    }
    assert _referring("groups") == {
        "ambitions",
        "group_respondents",
        "group_score_totals",
        "participants",
        "response_scores",
    }
    assert _referring("cohorts") == {"external_partners", "organisations", "survey_rounds"}
