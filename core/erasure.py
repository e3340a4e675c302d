"""Deleting a person, a group or a whole cohort, so that nothing left names anyone erased.

What erasing a participant removes
----------------------------------
Their ``Participant`` row (name, e-mail, invite token), consents, self-assessment and
network-survey responses, the ties they gave, their expertise, lesson progress,
reflections and ambitions.

What it changes in other people's data
--------------------------------------
* Ties others gave *to* the person are kept, so the others' answers still count, but
  ``target_id`` is cleared and ``target_anonymous`` holds a random label, the same for
  every tie to that person ("anon-…", never derived from anything about them). The
  network analysis leaves such ties out, as it does for people who are not on the roster.
* "Someone not on the list" (``Tie.unlisted_name``) is free text. Text anywhere in the
  person's **cohort** that equals their name or e-mail (case and spacing ignored) is
  cleared and the tie re-pointed to the same anonymous label. The whole cohort, not just
  the group, because the survey roster is the cohort: anyone in it could have typed the
  name. Partial matches ("Kari from NAV") are not touched: we cannot tell them from a
  namesake, and they are shown only to the facilitator for review.
* Other people's network-survey answers (the JSON in ``AssessmentResponse.answers``)
  lose the person's id and any unlisted text that matches them in the same way, so a
  draft can still be submitted and a reused id can never inherit old answers.

Free text that merely mentions the person (a colleague's reflection, say) is not
searched: it belongs to its author, and matching names in prose is unreliable.

Everything runs in the caller's session; the caller commits, so an erasure is one
transaction. Rows are deleted explicitly, children first, so the counts are exact and
the same on SQLite (foreign keys enforced) and PostgreSQL.
"""

from __future__ import annotations

import secrets
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from core.aggregates import affected_pairs, refresh_totals
from core.models import (
    Ambition,
    AssessmentResponse,
    Cohort,
    Consent,
    Expertise,
    ExternalPartner,
    Group,
    GroupRespondents,
    GroupScoreTotal,
    LessonProgress,
    Organisation,
    Participant,
    Reflection,
    ResponseScore,
    SurveyRound,
    Tie,
)
from core.network_store import INSTRUMENT_ID as NETWORK_INSTRUMENT_ID
from core.revisions import ERASURE, record_revision

__all__ = [
    "ANONYMOUS_PREFIX",
    "ErasureReport",
    "PurgeResult",
    "erase_cohort",
    "erase_group",
    "erase_participant",
    "expired_cohorts",
    "purge_expired",
]

ANONYMOUS_PREFIX = "anon-"
"""Start of every ``Tie.target_anonymous`` label written here."""


@dataclass
class ErasureReport:
    """How many rows of each kind an erasure removed or changed.

    Kinds are table names for deleted rows, plus ``ties_anonymised`` (ties others gave,
    kept without the person), ``unlisted_cleared`` (free-text names cleared) and
    ``answers_scrubbed`` (others' stored survey answers that named the person).
    """

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, rows: int) -> None:
        """Count `rows` more of `kind`; zero is not recorded, so reports stay short."""
        if rows:
            self.counts[kind] = self.counts.get(kind, 0) + rows

    def merge(self, other: ErasureReport) -> None:
        """Fold another report into this one."""
        for kind, rows in other.counts.items():
            self.add(kind, rows)

    def __getitem__(self, kind: str) -> int:
        return self.counts.get(kind, 0)

    @property
    def total(self) -> int:
        """All rows touched."""
        return sum(self.counts.values())


@dataclass(frozen=True)
class PurgeResult:
    """One expired cohort and what purging it removed."""

    cohort_id: int
    cohort_name: str
    end_date: date
    report: ErasureReport


def erase_participant(session: Session, participant_id: int) -> ErasureReport:
    """Delete everything stored about one participant; raises LookupError if unknown."""
    if session.get(Participant, participant_id) is None:
        raise LookupError(f"no participant {participant_id}")
    report = ErasureReport()
    _erase_people(session, [participant_id], report)
    session.expire_all()
    return report


def erase_group(session: Session, group_id: int) -> ErasureReport:
    """Delete a group, its members with all their data, and the group's shared ambitions."""
    group = session.get(Group, group_id)
    if group is None:
        raise LookupError(f"no group {group_id}")
    report = ErasureReport()
    _erase_people(
        session,
        _ids(session, select(Participant.id).where(Participant.group_id == group_id)),
        report,
    )
    report.add(
        "ambitions", _run(session, delete(Ambition).where(col(Ambition.group_id) == group_id))
    )
    _run(session, delete(GroupScoreTotal).where(col(GroupScoreTotal.group_id) == group_id))
    _run(session, delete(GroupRespondents).where(col(GroupRespondents.group_id) == group_id))
    report.add("groups", _run(session, delete(Group).where(col(Group.id) == group_id)))
    session.expire_all()
    return report


def erase_cohort(session: Session, cohort_id: int) -> ErasureReport:
    """Delete a cohort and everything in it: people, rounds, organisations, partners."""
    if session.get(Cohort, cohort_id) is None:
        raise LookupError(f"no cohort {cohort_id}")
    report = _erase_cohort_people(session, cohort_id)
    round_ids = _ids(session, select(SurveyRound.id).where(SurveyRound.cohort_id == cohort_id))
    report.add("ties", _run(session, delete(Tie).where(col(Tie.round_id).in_(round_ids))))
    report.add(
        "response_scores",
        _run(session, delete(ResponseScore).where(col(ResponseScore.round_id).in_(round_ids))),
    )
    _run(session, delete(GroupScoreTotal).where(col(GroupScoreTotal.round_id).in_(round_ids)))
    _run(session, delete(GroupRespondents).where(col(GroupRespondents.round_id).in_(round_ids)))
    report.add(
        "assessment_responses",
        _run(
            session,
            delete(AssessmentResponse).where(col(AssessmentResponse.round_id).in_(round_ids)),
        ),
    )
    report.add(
        "expertise", _run(session, delete(Expertise).where(col(Expertise.round_id).in_(round_ids)))
    )
    report.add(
        "survey_rounds",
        _run(session, delete(SurveyRound).where(col(SurveyRound.id).in_(round_ids))),
    )
    report.add(
        "external_partners",
        _run(session, delete(ExternalPartner).where(col(ExternalPartner.cohort_id) == cohort_id)),
    )
    group_ids = _cohort_group_ids(session, cohort_id)
    report.add("groups", _run(session, delete(Group).where(col(Group.id).in_(group_ids))))
    report.add(
        "organisations",
        _run(session, delete(Organisation).where(col(Organisation.cohort_id) == cohort_id)),
    )
    report.add("cohorts", _run(session, delete(Cohort).where(col(Cohort.id) == cohort_id)))
    session.expire_all()
    return report


def expired_cohorts(session: Session, *, today: date) -> list[Cohort]:
    """Cohorts whose end date is before `today`; a cohort without an end date never expires."""
    query = (
        select(Cohort)
        .where(col(Cohort.end_date).is_not(None), col(Cohort.end_date) < today)
        .order_by(col(Cohort.end_date), col(Cohort.id))
    )
    return list(session.exec(query).all())


def purge_expired(session: Session, *, today: date, dry_run: bool = False) -> list[PurgeResult]:
    """Erase the personal data of every cohort that ended before `today`.

    The cohort, its organisations, groups, rounds and partner organisations stay, so a
    facilitator can see that the course ran; every participant goes with all their data,
    and so do group ambitions (free text that may name people). A second run finds
    nothing left to remove. With ``dry_run`` the counts are computed inside a savepoint
    that is rolled back, so they are exact and nothing changes.
    """
    results: list[PurgeResult] = []
    savepoint = session.begin_nested() if dry_run else None
    try:
        for cohort in expired_cohorts(session, today=today):
            assert cohort.id is not None and cohort.end_date is not None
            report = _erase_cohort_people(session, cohort.id)
            results.append(PurgeResult(cohort.id, cohort.name, cohort.end_date, report))
    finally:
        if savepoint is not None:
            savepoint.rollback()
    session.expire_all()
    return results


def _erase_cohort_people(session: Session, cohort_id: int) -> ErasureReport:
    report = ErasureReport()
    group_ids = _cohort_group_ids(session, cohort_id)
    people = _ids(session, select(Participant.id).where(col(Participant.group_id).in_(group_ids)))
    _erase_people(session, people, report)
    report.add(
        "ambitions", _run(session, delete(Ambition).where(col(Ambition.group_id).in_(group_ids)))
    )
    return report


def _erase_people(
    session: Session, participant_ids: Collection[int], report: ErasureReport
) -> None:
    """The core of every erasure: others' data first, then the people's own rows."""
    ids = sorted(set(participant_ids))
    if not ids:
        return
    session.flush()
    people = list(session.exec(select(Participant).where(col(Participant.id).in_(ids))).all())
    labels = {p.id: ANONYMOUS_PREFIX + secrets.token_hex(8) for p in people if p.id is not None}
    _anonymise_ties_to(session, labels, report)
    for cohort_id, members in _by_cohort(session, people).items():
        _clear_unlisted(session, cohort_id, members, labels, ids, report)
        _scrub_answers(session, cohort_id, members, ids, report)
    owned: list[tuple[str, Any]] = [
        ("ties", delete(Tie).where(col(Tie.source_id).in_(ids))),
        ("expertise", delete(Expertise).where(col(Expertise.participant_id).in_(ids))),
        (
            "lesson_progress",
            delete(LessonProgress).where(col(LessonProgress.participant_id).in_(ids)),
        ),
        ("reflections", delete(Reflection).where(col(Reflection.participant_id).in_(ids))),
        ("ambitions", delete(Ambition).where(col(Ambition.participant_id).in_(ids))),
        (
            "response_scores",
            delete(ResponseScore).where(
                col(ResponseScore.response_id).in_(
                    select(AssessmentResponse.id).where(
                        col(AssessmentResponse.participant_id).in_(ids)
                    )
                )
            ),
        ),
        (
            "assessment_responses",
            delete(AssessmentResponse).where(col(AssessmentResponse.participant_id).in_(ids)),
        ),
        ("consents", delete(Consent).where(col(Consent.participant_id).in_(ids))),
        ("participants", delete(Participant).where(col(Participant.id).in_(ids))),
    ]
    pairs = affected_pairs(session, ids)
    for kind, statement in owned:
        report.add(kind, _run(session, statement))
    # Group totals must not keep what the erased people answered.
    refresh_totals(session.connection(), pairs)
    record_revision(session, ERASURE)


def _anonymise_ties_to(session: Session, labels: dict[int, str], report: ErasureReport) -> None:
    erased = sorted(labels)
    for pid in erased:
        statement = (
            update(Tie)
            .where(col(Tie.target_id) == pid, col(Tie.source_id).not_in(erased))
            .values(target_id=None, target_anonymous=labels[pid])
        )
        report.add("ties_anonymised", _run(session, statement))


def _clear_unlisted(
    session: Session,
    cohort_id: int,
    members: list[Participant],
    labels: dict[int, str],
    erased: list[int],
    report: ErasureReport,
) -> None:
    """Free-text names in the cohort's ties that are exactly an erased person's name or e-mail."""
    keys = _name_keys(members)
    query = (
        select(Tie)
        .join(SurveyRound, col(Tie.round_id) == SurveyRound.id)
        .where(
            SurveyRound.cohort_id == cohort_id,
            col(Tie.unlisted_name).is_not(None),
            col(Tie.source_id).not_in(erased),
        )
    )
    for tie in session.exec(query).all():
        person = keys.get(_fold(tie.unlisted_name or ""))
        if person is None:
            continue
        tie.unlisted_name = None
        tie.target_anonymous = labels[person]
        session.add(tie)
        report.add("unlisted_cleared", 1)
    session.flush()


def _scrub_answers(
    session: Session,
    cohort_id: int,
    members: list[Participant],
    erased: list[int],
    report: ErasureReport,
) -> None:
    """Remove erased ids and matching free text from others' stored network-survey answers."""
    keys = _name_keys(members)
    gone = {str(p.id) for p in members}
    query = (
        select(AssessmentResponse)
        .join(SurveyRound, col(AssessmentResponse.round_id) == SurveyRound.id)
        .where(
            SurveyRound.cohort_id == cohort_id,
            AssessmentResponse.instrument_id == NETWORK_INSTRUMENT_ID,
            col(AssessmentResponse.participant_id).not_in(erased),
        )
    )
    for response in session.exec(query).all():
        answers = dict(response.answers)
        ties = answers.get("ties")
        unlisted = answers.get("unlisted")
        changed = False
        if isinstance(ties, dict):
            kept = {
                relation: {pid: f for pid, f in picks.items() if pid not in gone}
                for relation, picks in ties.items()
                if isinstance(picks, dict)
            }
            changed = kept != ties
            answers["ties"] = kept
        if isinstance(unlisted, dict):
            kept_text = {r: t for r, t in unlisted.items() if _fold(str(t)) not in keys}
            changed = changed or kept_text != unlisted
            answers["unlisted"] = kept_text
        if changed:
            response.answers = answers  # a new dict, so SQLAlchemy sees the change
            session.add(response)
            report.add("answers_scrubbed", 1)
    session.flush()


def _name_keys(members: Iterable[Participant]) -> dict[str, int]:
    """Folded name and e-mail -> participant id, for exact free-text matches."""
    keys: dict[str, int] = {}
    for person in members:
        assert person.id is not None
        for value in (person.name, person.email or ""):
            if _fold(value):
                keys[_fold(value)] = person.id
    return keys


def _fold(text: str) -> str:
    """Case- and space-folded text: "  Kari  NORDMANN " matches "Kari Nordmann"."""
    return " ".join(text.split()).casefold()


def _by_cohort(session: Session, people: list[Participant]) -> dict[int, list[Participant]]:
    group_ids = sorted({p.group_id for p in people})
    query = (
        select(Group.id, Organisation.cohort_id)
        .join(Organisation, col(Group.organisation_id) == Organisation.id)
        .where(col(Group.id).in_(group_ids))
    )
    cohort_of: dict[int | None, int] = dict(session.exec(query).all())
    grouped: dict[int, list[Participant]] = {}
    for person in people:
        grouped.setdefault(cohort_of[person.group_id], []).append(person)
    return grouped


def _cohort_group_ids(session: Session, cohort_id: int) -> list[int]:
    query = (
        select(Group.id)
        .join(Organisation, col(Group.organisation_id) == Organisation.id)
        .where(Organisation.cohort_id == cohort_id)
    )
    return _ids(session, query)


def _ids(session: Session, query: Any) -> list[int]:
    return sorted(i for i in session.exec(query).all() if i is not None)


def _run(session: Session, statement: Any) -> int:
    """Run a bulk DELETE or UPDATE and return how many rows it touched."""
    result = session.exec(statement)
    return int(result.rowcount or 0)
