"""Demo learning records: lesson progress, shared reflections and ambitions for the demo region."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, col, select

from core.lessons import Lesson, LessonLibrary, load_lessons
from core.models import (
    Ambition,
    Consent,
    Group,
    LessonProgress,
    Organisation,
    Participant,
    Reflection,
)

__all__ = ["DEMO_NOTES", "seed_learning_demo"]

#: What demo learners wrote, two learners per management group in organisation order:
#: (lesson id, reflection, reflection shared, ambition, days from today to its check-in,
#: ambition shared).  An empty ambition means none; negative days are overdue.
DEMO_NOTES: tuple[tuple[str, str, bool, str, int, bool], ...] = (
    (
        "organization-05-knowledge-flow",
        "Det meste av det digitale går via to personer hos oss. Hvis en av dem er borte, "
        "stopper det opp. Vi bør dele på oppgavene og skrive ned mer av det de vet.",
        True,
        "Innen utgangen av måneden har vi en oversikt over hvem som kan hva i de "
        "digitale fagsystemene, og to personer per system.",
        5,
        True,
    ),
    (
        "management-04-consult-wider",
        "Jeg ser at jeg nesten bare spør økonomisjefen før jeg bestemmer noe. "
        "Neste gang vil jeg også høre med en av enhetslederne som skal leve med beslutningen.",
        True,
        "Før hver større beslutning i min enhet spør jeg minst to personer utenfor "
        "min egen avdeling.",
        3,
        True,
    ),
    (
        "management-01-active-ownership",
        "Digitalisering står på sakslista i ledergruppen, men alltid sist. "
        "Vi kan flytte det opp og la kommunedirektøren åpne punktet selv.",
        True,
        "Digitalisering er fast første punkt på ledermøtet hver fjerde uke.",
        -2,
        True,
    ),
    (
        "strategy-01-digital-in-the-plan",
        "Planstrategien nevner digitalisering i én setning. Det sier kanskje noe om "
        "hvor lite vi har snakket om det sammen.",
        False,
        "",
        0,
        False,
    ),
    (
        "organization-04-change-the-work",
        "Helse og omsorg og oppvekst løser mange av de samme oppgavene hver for seg. "
        "Vi snakker nesten aldri sammen om det før noe går galt.",
        True,
        "Før sommeren har vi hatt ett felles møte mellom helse og omsorg og oppvekst "
        "om én arbeidsprosess vi begge eier.",
        20,
        True,
    ),
    (
        "technology-01-adoption-before-launch",
        "Vi innførte nytt fagsystem i hjemmetjenesten uten å spørre hvor trygge de "
        "ansatte var på nettbrett. Det ville jeg gjort annerledes.",
        True,
        "Neste innføring starter med en kartlegging av hvor trygge de ansatte er på verktøyet.",
        45,
        False,
    ),
    (
        "organization-06-communities-of-practice",
        "Jeg har få å snakke med om digitale tjenester utenfor egen enhet. "
        "Diginettverket i regionen kan være et sted å starte.",
        True,
        "Jeg deltar på neste samling i Diginettverket og tar med ett konkret case.",
        6,
        True,
    ),
)

# Learners per management group (after its first consented member, who is left without
# records so the pages can also be seen as by someone who has not started).
_LEARNERS_PER_GROUP = 5
# Of those, how many wrote a reflection (and maybe an ambition).
_WRITERS_PER_GROUP = 2


def seed_learning_demo(
    session: Session,
    rng: random.Random,
    *,
    cohort_id: int | None = None,
    today: date | None = None,
    library: LessonLibrary | None = None,
) -> int:
    """Give demo management-group members lesson progress, reflections and ambitions.

    Parameters
    ----------
    session
        Session holding the demo region (flushed, so participants have ids).
    rng
        The demo's seeded random generator; the same seed gives the same records.
    cohort_id
        Limit to this cohort's management groups; all management groups if None.
    today
        The day the demo is built; check-in dates count from it so that some ambitions
        are due soon whenever the demo is loaded.  Defaults to the current date.
    library
        The lessons; loaded from the content folder if None.

    Returns
    -------
    int
        How many participants received learning records.

    Notes
    -----
    Only members who consented get records.  `DEMO_NOTES` go to the first two learners
    of each management group in organisation order until they run out, so the first
    groups (Fjellbygd, Havstad, Elvedal, Skogheim) have shared reflections to show.
    """
    day = today or date.today()
    moment = datetime.combine(day, time(9, 0), tzinfo=UTC)
    course = (library or load_lessons(strict=False)).in_language("nb")
    versions = {lesson.id: lesson.version for lesson in course}
    notes = list(DEMO_NOTES)
    count = 0
    for members in _learners_by_group(session, cohort_id):
        for position, person in enumerate(members):
            assert person.id is not None
            count += 1
            opened = _seed_progress(session, rng, person.id, course, moment)
            if position >= _WRITERS_PER_GROUP or not notes:
                continue
            lesson_id, text, shared, goal, days, goal_shared = notes.pop(0)
            if lesson_id not in versions:  # content renamed: skip rather than store a dangling id
                continue
            if lesson_id not in opened:
                session.add(
                    LessonProgress(
                        participant_id=person.id,
                        lesson_id=lesson_id,
                        lesson_version=versions[lesson_id],
                        status="completed",
                        check_correct=True,
                        started_at=moment - timedelta(days=12),
                        completed_at=moment - timedelta(days=12, minutes=-20),
                    )
                )
            session.add(
                Reflection(
                    participant_id=person.id,
                    lesson_id=lesson_id,
                    text=text,
                    shared_with_group=shared,
                    updated_at=moment - timedelta(days=rng.randint(1, 10)),
                )
            )
            if goal:
                session.add(
                    Ambition(
                        participant_id=person.id,
                        lesson_id=lesson_id,
                        text=goal,
                        due_date=day + timedelta(days=days),
                        shared_with_group=goal_shared,
                        created_at=moment - timedelta(days=rng.randint(10, 20)),
                    )
                )
    session.flush()
    return count


def _seed_progress(
    session: Session,
    rng: random.Random,
    participant_id: int,
    course: tuple[Lesson, ...],
    moment: datetime,
) -> set[str]:
    """Completed lessons from the start of the course and one started; returns their ids."""
    done = rng.randint(1, 5)
    opened: set[str] = set()
    for position, lesson in enumerate(course[: done + 1]):
        started = moment - timedelta(days=30 - 3 * position, hours=rng.randint(0, 8))
        finished = position < done
        session.add(
            LessonProgress(
                participant_id=participant_id,
                lesson_id=lesson.id,
                lesson_version=lesson.version,
                status="completed" if finished else "started",
                check_correct=(rng.random() < 0.8) if finished else None,
                started_at=started,
                completed_at=started + timedelta(minutes=lesson.duration_minutes)
                if finished
                else None,
            )
        )
        opened.add(lesson.id)
    return opened


def _learners_by_group(session: Session, cohort_id: int | None) -> list[list[Participant]]:
    """Consented members of each management group, a handful per group, in org order."""
    query = (
        select(Participant)
        .join(Group, col(Participant.group_id) == Group.id)
        .join(Organisation, col(Group.organisation_id) == Organisation.id)
        .where(Group.kind == "management")
        .where(col(Participant.id).in_(select(Consent.participant_id)))
        .order_by(col(Organisation.id), col(Group.id), col(Participant.id))
    )
    if cohort_id is not None:
        query = query.where(Organisation.cohort_id == cohort_id)
    groups: dict[int, list[Participant]] = {}
    for person in session.exec(query).all():
        groups.setdefault(person.group_id, []).append(person)
    return [members[1 : 1 + _LEARNERS_PER_GROUP] for members in groups.values()]
