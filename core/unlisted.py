""" "Someone not on the list": the facilitator reviews write-in names and resolves them.

In the network survey a respondent may write the name of a person who is missing from
the roster (``Tie.unlisted_name``). Such ties are never analysed as they are. This module
lets the facilitator see them, grouped by a folded name, and do one of three things with
each name:

* map it to a participant of the cohort, so the ties count in the network;
* map it to an external partner of the cohort (existing, or new), so they count as
  partner links;
* dismiss it: the ties are deleted, and the text leaves the respondents' stored answers
  too (less third-party data kept).

What the facilitator sees of a name is counts only: how many respondents, in which
relations, in which groups. Never which respondent wrote it.

Every action runs in the caller's session (one transaction) and is idempotent: once a
name is resolved no write-in tie carries it, so a second click finds nothing and changes
nothing. A mapped tie is written as a new row and the write-in row deleted (not updated in
place): the network caches are keyed on the round's tie count and highest tie id
(:func:`core.network_data.network_data_version`), which an in-place update would leave
unchanged; a new row, a merge or a deletion always changes one of them.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from core.models import (
    AssessmentResponse,
    ExternalPartner,
    Group,
    Organisation,
    Participant,
    SurveyRound,
    Tie,
)
from core.network_store import INSTRUMENT_ID, MAX_TEXT, partner_key
from core.revisions import TIES_REWRITTEN, record_revision

__all__ = [
    "GroupCount",
    "UnlistedError",
    "UnlistedName",
    "UnlistedResult",
    "dismiss",
    "fold_name",
    "map_to_participant",
    "map_to_partner",
    "partners_of",
    "suggest_participants",
    "unlisted_names",
]

_PUNCTUATION = re.compile(r"[^\w\s]|_")


class UnlistedError(ValueError):
    """An action was refused; nothing was changed. ``code`` names the reason for pages."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class GroupCount:
    """How many respondents in one group wrote a name."""

    organisation: str
    group: str
    respondents: int


@dataclass(frozen=True)
class UnlistedName:
    """One write-in name of a round, with the ways it was spelt and counts only.

    ``relations`` maps relation id -> respondents who named it there; ``groups`` holds
    the respondents' groups. Nothing here says who wrote it.
    """

    key: str
    texts: tuple[str, ...]
    respondents: int
    ties: int
    relations: dict[str, int]
    groups: tuple[GroupCount, ...]

    @property
    def label(self) -> str:
        """The spelling used most often: what the facilitator reads the name as."""
        return self.texts[0]


@dataclass(frozen=True)
class UnlistedResult:
    """What an action changed, in write-in ties.

    ``mapped`` became new ties, ``merged`` joined a tie the respondent already gave to the
    same person or partner in the same relation (the higher frequency kept), ``removed``
    were deleted (dismissed, or a respondent who turned out to have named themselves).
    """

    mapped: int = 0
    merged: int = 0
    removed: int = 0

    @property
    def changed(self) -> int:
        """Every write-in tie the action resolved; 0 when there was nothing left to do."""
        return self.mapped + self.merged + self.removed


def fold_name(text: str) -> str:
    """The key that makes spellings of one name one: case, spaces and punctuation ignored.

    The same case and space folding as partner names (``partner_key``) and erasure, with
    punctuation read as a space, so "Kari Nordmann, IKT" and "kari nordmann (ikt)" meet.

    Examples
    --------
    >>> fold_name("Kari Nordmann, IKT") == fold_name(" kari  nordmann (ikt)")
    True
    >>> fold_name("IKT-samarbeid")
    'ikt samarbeid'
    >>> fold_name(" ?? ")
    '??'

    Text of punctuation only keeps its own (space-folded) key, so it can still be
    reviewed and dismissed.
    """
    return partner_key(_PUNCTUATION.sub(" ", text)) or partner_key(text)


def unlisted_names(session: Session, *, cohort_id: int, round_id: int) -> list[UnlistedName]:
    """The round's write-in names grouped by :func:`fold_name`, most respondents first.

    Only ties of `round_id`, and only when that round belongs to `cohort_id`: a
    facilitator never sees another cohort's names through a mismatched pair.
    """
    rows = session.exec(
        select(Tie, Group, Organisation)
        .join(SurveyRound, col(Tie.round_id) == SurveyRound.id)
        .join(Participant, col(Tie.source_id) == Participant.id)
        .join(Group, col(Participant.group_id) == Group.id)
        .join(Organisation, col(Group.organisation_id) == Organisation.id)
        .where(
            Tie.round_id == round_id,
            SurveyRound.cohort_id == cohort_id,
            Organisation.cohort_id == cohort_id,
            col(Tie.unlisted_name).is_not(None),
        )
        .order_by(col(Tie.id))
    ).all()
    texts: dict[str, Counter[str]] = defaultdict(Counter)
    sources: dict[str, set[int]] = defaultdict(set)
    ties: Counter[str] = Counter()
    relations: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    groups: dict[str, dict[tuple[str, str], set[int]]] = defaultdict(lambda: defaultdict(set))
    for tie, group, organisation in rows:
        written = " ".join((tie.unlisted_name or "").split())
        key = fold_name(written)
        if not key:
            continue
        texts[key][written] += 1
        sources[key].add(tie.source_id)
        ties[key] += 1
        relations[key][tie.relation].add(tie.source_id)
        groups[key][(organisation.name, group.name)].add(tie.source_id)
    names = [
        UnlistedName(
            key=key,
            # Most used first; among equals the first written (a stable sort).
            texts=tuple(t for t, _ in sorted(texts[key].items(), key=lambda kv: -kv[1])),
            respondents=len(sources[key]),
            ties=ties[key],
            relations={r: len(s) for r, s in sorted(relations[key].items())},
            groups=tuple(
                GroupCount(org, grp, len(s)) for (org, grp), s in sorted(groups[key].items())
            ),
        )
        for key in texts
    ]
    return sorted(names, key=lambda n: (-n.respondents, n.key))


def partners_of(session: Session, cohort_id: int) -> list[ExternalPartner]:
    """The cohort's external partners by name, for the facilitator to map a name to."""
    query = select(ExternalPartner).where(ExternalPartner.cohort_id == cohort_id)
    return sorted(session.exec(query).all(), key=lambda p: p.key)


def suggest_participants(
    people: Iterable[Participant], key: str, *, limit: int = 5
) -> list[Participant]:
    """Roster people whose whole name appears in a write-in key ("kari nordmann ikt").

    A suggestion only, to pre-select in a picker; the facilitator decides. Matching is on
    whole words of the folded name, so "Ola" does not suggest "Olav".
    """
    words = set(key.split())
    found = [p for p in people if (name := fold_name(p.name)) and set(name.split()) <= words]
    return sorted(found, key=lambda p: (-len(p.name), p.id or 0))[:limit]


def map_to_participant(
    session: Session, *, cohort_id: int, round_id: int, key: str, participant_id: int
) -> UnlistedResult:
    """Point every write-in tie of `key` in the round at a participant of the cohort.

    Raises :class:`UnlistedError` ("round" or "participant") when the round or the person
    is not in the cohort. A respondent who wrote their own name loses that tie (a tie to
    oneself is not a relation).
    """
    _check_round(session, cohort_id, round_id)
    if participant_id not in _cohort_people(session, cohort_id, [participant_id]):
        raise UnlistedError("participant")
    write_ins = _write_ins(session, round_id, key)
    own = [t for t in write_ins if t.source_id == participant_id]
    for tie in own:
        session.delete(tie)
    result = _repoint(
        session,
        [t for t in write_ins if t.source_id != participant_id],
        target_id=participant_id,
        target_partner_id=None,
    )
    return UnlistedResult(result.mapped, result.merged, len(own))


def map_to_partner(
    session: Session,
    *,
    cohort_id: int,
    round_id: int,
    key: str,
    partner_id: int | None = None,
    new_name: str | None = None,
) -> UnlistedResult:
    """Point every write-in tie of `key` in the round at an external partner of the cohort.

    Give `partner_id` for an existing partner, or `new_name` for one that is found or
    created by its folded name (as the survey does). Raises :class:`UnlistedError`
    ("round", "partner" or "partner_name"). Nothing is created when no tie is left to map.
    """
    _check_round(session, cohort_id, round_id)
    name = " ".join((new_name or "").split())
    if partner_id is not None:
        partner = session.get(ExternalPartner, partner_id)
        if partner is None or partner.cohort_id != cohort_id:
            raise UnlistedError("partner")
    elif not partner_key(name) or len(name) > MAX_TEXT:
        raise UnlistedError("partner_name")
    write_ins = _write_ins(session, round_id, key)
    if not write_ins:
        return UnlistedResult()
    if partner_id is None:
        partner_id = _partner_id(session, cohort_id, name)
    return _repoint(session, write_ins, target_id=None, target_partner_id=partner_id)


def dismiss(session: Session, *, cohort_id: int, round_id: int, key: str) -> UnlistedResult:
    """Delete every write-in tie of `key` in the round, and the text from stored answers.

    The respondents' submitted network-survey answers keep what they wrote per relation
    (``answers["unlisted"]``); the matching text goes too, so the name is not kept
    anywhere for this round.
    """
    _check_round(session, cohort_id, round_id)
    write_ins = _write_ins(session, round_id, key)
    for tie in write_ins:
        session.delete(tie)
    _scrub_answers(session, round_id, key, {t.source_id for t in write_ins})
    if write_ins:
        record_revision(session, TIES_REWRITTEN)
    session.flush()
    return UnlistedResult(removed=len(write_ins))


def _repoint(
    session: Session,
    write_ins: Sequence[Tie],
    *,
    target_id: int | None,
    target_partner_id: int | None,
) -> UnlistedResult:
    """Replace write-in ties by ties to the target, merging with ties already there."""
    if not write_ins:
        session.flush()
        return UnlistedResult()
    target = col(Tie.target_id) if target_id is not None else col(Tie.target_partner_id)
    wanted = target_id if target_id is not None else target_partner_id
    existing = {
        (t.source_id, t.relation): t
        for t in session.exec(
            select(Tie)
            .where(
                Tie.round_id == write_ins[0].round_id,
                col(Tie.source_id).in_(sorted({t.source_id for t in write_ins})),
                target == wanted,
            )
            .order_by(col(Tie.id))
            .with_for_update()
        ).all()
    }
    mapped = merged = 0
    for tie in write_ins:
        kept = existing.get((tie.source_id, tie.relation))
        if kept is not None:
            kept.frequency = max(kept.frequency, tie.frequency)
            session.add(kept)
            merged += 1
            continue
        new = Tie(
            round_id=tie.round_id,
            source_id=tie.source_id,
            target_id=target_id,
            target_partner_id=target_partner_id,
            relation=tie.relation,
            frequency=tie.frequency,
            created_at=tie.created_at,
        )
        session.add(new)
        existing[(tie.source_id, tie.relation)] = new
        mapped += 1
    # New rows first, so their ids are above every id there was (SQLite reuses the
    # highest rowid once it is deleted), then the write-ins go.
    session.flush()
    for tie in write_ins:
        session.delete(tie)
    record_revision(session, TIES_REWRITTEN)
    return UnlistedResult(mapped=mapped, merged=merged)


def _write_ins(session: Session, round_id: int, key: str) -> list[Tie]:
    """The round's write-in ties whose folded text is `key`, locked until commit.

    Folding is done here, not in SQL, so it is the same on SQLite and PostgreSQL. The lock
    makes a second facilitator's simultaneous click wait and then find nothing left.
    """
    query = (
        select(Tie)
        .where(Tie.round_id == round_id, col(Tie.unlisted_name).is_not(None))
        .order_by(col(Tie.id))
        .with_for_update()
    )
    return [t for t in session.exec(query).all() if fold_name(t.unlisted_name or "") == key]


def _scrub_answers(session: Session, round_id: int, key: str, sources: set[int]) -> None:
    if not sources:
        return
    query = select(AssessmentResponse).where(
        AssessmentResponse.round_id == round_id,
        AssessmentResponse.instrument_id == INSTRUMENT_ID,
        col(AssessmentResponse.participant_id).in_(sorted(sources)),
    )
    for response in session.exec(query).all():
        unlisted = response.answers.get("unlisted")
        if not isinstance(unlisted, dict):
            continue
        kept = {r: t for r, t in unlisted.items() if fold_name(str(t)) != key}
        if kept != unlisted:
            response.answers = {**response.answers, "unlisted": kept}  # a new dict: seen
            session.add(response)


def _check_round(session: Session, cohort_id: int, round_id: int) -> None:
    round_ = session.get(SurveyRound, round_id)
    if round_ is None or round_.cohort_id != cohort_id:
        raise UnlistedError("round")


def _cohort_people(session: Session, cohort_id: int, ids: Sequence[int]) -> set[int]:
    query = (
        select(Participant.id)
        .join(Group, col(Participant.group_id) == Group.id)
        .join(Organisation, col(Group.organisation_id) == Organisation.id)
        .where(Organisation.cohort_id == cohort_id, col(Participant.id).in_(list(ids)))
    )
    return {pid for pid in session.exec(query).all() if pid is not None}


def _partner_id(session: Session, cohort_id: int, name: str) -> int:
    """The cohort's partner with this folded name, created when there is none."""
    key = partner_key(name)
    query = select(ExternalPartner).where(
        ExternalPartner.cohort_id == cohort_id, ExternalPartner.key == key
    )
    partner = session.exec(query).first()
    if partner is None:
        partner = ExternalPartner(cohort_id=cohort_id, name=name, key=key)
        try:
            # A savepoint: a survey submitted a moment ago may have created it (PostgreSQL).
            with session.begin_nested():
                session.add(partner)
        except IntegrityError:
            partner = session.exec(query).one()
    assert partner.id is not None
    return partner.id
