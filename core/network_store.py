"""Storing network-survey answers as they are given: a resumable draft, then one submit.

Draft format
------------
While the participant answers, everything lives in one
``AssessmentResponse(instrument_id="network_survey")`` row whose ``answers`` JSON is::

    {
      "ties": {"<relation id>": {"<participant id>": <frequency 1..4>, ...}, ...},
      "partners": {"<organisation name as typed or chosen>": <frequency 1..4>, ...},
      "expertise": ["<area id>", ...],
      "unlisted": {"<relation id>": "<free text: someone not on the list>", ...}
    }

Participant ids are strings because JSON object keys are. Every key is optional; an empty
draft is ``{}``. The page saves the whole draft on every change (:func:`save_network_draft`),
so closing the browser loses nothing; :func:`submit_network_survey` turns the draft into
``Tie``, ``ExternalPartner`` and ``Expertise`` rows in one transaction, once.

Rules (refused with :class:`NetworkSurveyError`, nothing stored changed): the round must be
open; a submitted survey cannot be changed or submitted again (a participant who already has
ties in the round counts as submitted, which covers data imported without a response row);
relation, frequency and expertise ids must come from the instrument; a colleague must be on
the cohort's roster and not the respondent. "Someone not on the list" is stored as
``Tie.unlisted_name`` for the facilitator to review and is never analysed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from sqlalchemy import exists, func, update
from sqlalchemy import select as sa_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from core.consent import require_consent
from core.instruments import NetworkSurvey
from core.models import (
    AssessmentResponse,
    Consent,
    Expertise,
    ExternalPartner,
    Group,
    Organisation,
    Participant,
    SurveyRound,
    Tie,
    utcnow,
)
from core.repositories import round_status

__all__ = [
    "INSTRUMENT_ID",
    "MAX_TEXT",
    "NetworkDraft",
    "NetworkSurveyError",
    "NetworkSurveyProblem",
    "draft_from_answers",
    "load_network_draft",
    "partner_key",
    "save_network_draft",
    "submit_network_survey",
]

INSTRUMENT_ID = "network_survey"
MAX_TEXT = 200
"""Longest organisation name or unlisted-person text kept (the model's column width)."""


class NetworkSurveyProblem(Enum):
    """Why a save or submit was refused; pages map each to a message in the user's language."""

    NO_ROUND = "no_round"
    ROUND_CLOSED = "round_closed"
    WRONG_COHORT = "wrong_cohort"
    ALREADY_SUBMITTED = "already_submitted"
    INVALID = "invalid"
    UNKNOWN_PERSON = "unknown_person"
    SELF_TIE = "self_tie"


class NetworkSurveyError(ValueError):
    """A save or submit was refused; nothing stored was changed."""

    def __init__(self, problem: NetworkSurveyProblem, detail: str = "") -> None:
        super().__init__(f"{problem.value}: {detail}" if detail else problem.value)
        self.problem = problem
        self.detail = detail


@dataclass
class NetworkDraft:
    """A participant's network-survey answers in memory (see the module docstring)."""

    ties: dict[str, dict[int, int]] = field(default_factory=dict)
    partners: dict[str, int] = field(default_factory=dict)
    expertise: list[str] = field(default_factory=list)
    unlisted: dict[str, str] = field(default_factory=dict)
    submitted: bool = False

    def to_answers(self) -> dict[str, Any]:
        """The JSON stored in ``AssessmentResponse.answers``."""
        return {
            "ties": {
                relation: {str(pid): freq for pid, freq in picks.items()}
                for relation, picks in self.ties.items()
                if picks
            },
            "partners": dict(self.partners),
            "expertise": list(self.expertise),
            "unlisted": {r: text for r, text in self.unlisted.items() if text.strip()},
        }

    @property
    def is_empty(self) -> bool:
        """True when nothing at all has been answered."""
        return not (
            any(self.ties.values())
            or self.partners
            or self.expertise
            or any(t.strip() for t in self.unlisted.values())
        )


def partner_key(name: str) -> str:
    """The case- and space-folded form that makes " ks " and "KS" one partner.

    Examples
    --------
    >>> partner_key("  Helse   Fjord HF ")
    'helse fjord hf'
    """
    return " ".join(name.split()).casefold()


def draft_from_answers(answers: Mapping[str, Any], *, submitted: bool = False) -> NetworkDraft:
    """Read a stored answers object back into a draft; malformed parts are skipped.

    Examples
    --------
    >>> d = draft_from_answers({"ties": {"advice": {"7": 3}}, "expertise": ["ai_tools"]})
    >>> d.ties, d.expertise
    ({'advice': {7: 3}}, ['ai_tools'])
    """
    ties: dict[str, dict[int, int]] = {}
    for relation, picks in dict(answers.get("ties") or {}).items():
        if isinstance(picks, dict):
            ties[str(relation)] = {
                int(pid): int(freq) for pid, freq in picks.items() if str(pid).isdigit()
            }
    partners = {str(k): int(v) for k, v in dict(answers.get("partners") or {}).items()}
    expertise = [str(a) for a in answers.get("expertise") or []]
    unlisted = {str(k): str(v) for k, v in dict(answers.get("unlisted") or {}).items()}
    return NetworkDraft(ties, partners, expertise, unlisted, submitted)


def load_network_draft(session: Session, *, participant_id: int, round_id: int) -> NetworkDraft:
    """The participant's answers in a round to resume from; empty when they have none."""
    response = _response(session, participant_id, round_id)
    submitted = _has_ties(session, participant_id, round_id)
    if response is None:
        return NetworkDraft(submitted=submitted)
    return draft_from_answers(
        response.answers, submitted=submitted or response.status == "submitted"
    )


def save_network_draft(
    session: Session,
    *,
    participant_id: int,
    round_: SurveyRound,
    survey: NetworkSurvey,
    draft: NetworkDraft,
) -> None:
    """Replace the stored draft with `draft`, after checking it; called on every change.

    Every pick and frequency in the survey comes here, so the common case (a draft exists,
    the round is open, consent stands, nothing submitted) is one UPDATE whose conditions
    repeat the rules in SQL. Anything else (the first save, or something to refuse) takes
    the full path, which holds the rules and says what is wrong.
    """
    _check_round(round_)
    assert round_.id is not None
    named = _check_answers(participant_id, survey, draft)
    if _update_draft(session, participant_id, round_, draft, named):
        return
    _check_round_now(session, round_)
    _check_roster(session, participant_id, round_, named)
    response = _locked_draft(session, participant_id, round_, survey)
    response.answers = draft.to_answers()  # a new dict, so SQLAlchemy sees the change
    response.updated_at = utcnow()
    session.add(response)
    session.flush()


def submit_network_survey(
    session: Session,
    *,
    participant_id: int,
    round_: SurveyRound,
    survey: NetworkSurvey,
    draft: NetworkDraft | None = None,
) -> AssessmentResponse:
    """Store the answers as ties, partners and expertise, and mark the survey submitted.

    Parameters
    ----------
    session
        A write session; the caller commits, so all rows land in one transaction.
    participant_id
        The respondent.
    round_
        The open round answered.
    survey
        The instrument, for its version and the allowed ids.
    draft
        The answers to submit; None submits what is stored.

    Returns
    -------
    AssessmentResponse
        The response, now ``submitted``.

    Notes
    -----
    An empty survey may be submitted: "I go to nobody" is an answer, and the respondent then
    counts as responded with no outgoing ties (domain-science 1.7).
    """
    _check_round_now(session, round_)
    assert round_.id is not None
    response = _locked_draft(session, participant_id, round_, survey)
    if draft is None:
        draft = draft_from_answers(response.answers)
    _validate(session, participant_id, round_, survey, draft)
    partner_ids = _partner_ids(session, round_.cohort_id, draft.partners)
    ties: list[Tie] = []
    for relation, picks in draft.ties.items():
        ties += [
            Tie(
                round_id=round_.id,
                source_id=participant_id,
                target_id=pid,
                relation=relation,
                frequency=freq,
            )
            for pid, freq in sorted(picks.items())
        ]
    for relation, text in sorted(draft.unlisted.items()):
        if text.strip():
            ties.append(
                Tie(
                    round_id=round_.id,
                    source_id=participant_id,
                    unlisted_name=text.strip()[:MAX_TEXT],
                    relation=relation,
                )
            )
    ties += [
        Tie(
            round_id=round_.id,
            source_id=participant_id,
            target_partner_id=partner_ids[partner_key(name)],
            relation="partner",
            frequency=freq,
        )
        for name, freq in sorted(draft.partners.items())
    ]
    session.add_all(ties)
    session.add_all(
        Expertise(participant_id=participant_id, round_id=round_.id, area=area)
        for area in sorted(set(draft.expertise))
    )
    response.answers = draft.to_answers()
    response.status = "submitted"
    response.submitted_at = response.updated_at = utcnow()
    session.add(response)
    session.flush()
    return response


def _response(session: Session, participant_id: int, round_id: int) -> AssessmentResponse | None:
    query = select(AssessmentResponse).where(
        AssessmentResponse.participant_id == participant_id,
        AssessmentResponse.round_id == round_id,
        AssessmentResponse.instrument_id == INSTRUMENT_ID,
    )
    return session.exec(query).first()


def _has_ties(session: Session, participant_id: int, round_id: int) -> bool:
    query = (
        select(func.count())
        .select_from(Tie)
        .where(Tie.source_id == participant_id, Tie.round_id == round_id)
    )
    return bool(session.exec(query).one())


def _locked_draft(
    session: Session, participant_id: int, round_: SurveyRound, survey: NetworkSurvey
) -> AssessmentResponse:
    """The draft row, created when missing and locked so two tabs cannot both submit."""
    assert round_.id is not None
    require_consent(session, participant_id)
    if _response(session, participant_id, round_.id) is None:
        session.add(
            AssessmentResponse(
                participant_id=participant_id,
                round_id=round_.id,
                instrument_id=INSTRUMENT_ID,
                instrument_version=survey.version,
                answers={},
            )
        )
        session.flush()
    query = (
        select(AssessmentResponse)
        .where(
            AssessmentResponse.participant_id == participant_id,
            AssessmentResponse.round_id == round_.id,
            AssessmentResponse.instrument_id == INSTRUMENT_ID,
        )
        .with_for_update()
    )
    response = session.exec(query).one()
    if response.status == "submitted" or _has_ties(session, participant_id, round_.id):
        raise NetworkSurveyError(NetworkSurveyProblem.ALREADY_SUBMITTED)
    return response


def _validate(
    session: Session,
    participant_id: int,
    round_: SurveyRound,
    survey: NetworkSurvey,
    draft: NetworkDraft,
) -> None:
    _check_roster(session, participant_id, round_, _check_answers(participant_id, survey, draft))


def _check_answers(participant_id: int, survey: NetworkSurvey, draft: NetworkDraft) -> set[int]:
    """The rules that need no database; returns the ids of the colleagues named."""
    relations = {r.id for r in survey.relations}
    frequencies = {f.value for f in survey.frequency}
    areas = {a.id for a in survey.expertise.areas}
    problems: list[str] = []
    named: set[int] = set()
    for relation, picks in draft.ties.items():
        if relation not in relations:
            problems.append(f"unknown relation {relation!r}")
        for pid, freq in picks.items():
            named.add(pid)
            if freq not in frequencies:
                problems.append(f"{relation}/{pid}: frequency {freq!r} is not one of the options")
    problems += [f"unknown relation {r!r}" for r in draft.unlisted if r not in relations]
    problems += [
        f"{text[:40]!r} is longer than {MAX_TEXT} characters"
        for text in draft.unlisted.values()
        if len(text.strip()) > MAX_TEXT
    ]
    for name, freq in draft.partners.items():
        if not partner_key(name) or len(name.strip()) > MAX_TEXT:
            problems.append(f"partner name {name[:40]!r} is empty or too long")
        if freq not in frequencies:
            problems.append(f"partner {name[:40]!r}: frequency {freq!r} is not one of the options")
    problems += [f"unknown expertise area {a!r}" for a in draft.expertise if a not in areas]
    if problems:
        raise NetworkSurveyError(NetworkSurveyProblem.INVALID, "; ".join(problems))
    if participant_id in named:
        raise NetworkSurveyError(NetworkSurveyProblem.SELF_TIE)
    return named


def _check_roster(
    session: Session, participant_id: int, round_: SurveyRound, named: set[int]
) -> None:
    roster = _cohort_ids(session, round_.cohort_id, {*named, participant_id})
    if participant_id not in roster:
        raise NetworkSurveyError(NetworkSurveyProblem.WRONG_COHORT)
    unknown = sorted(named - roster)
    if unknown:
        raise NetworkSurveyError(
            NetworkSurveyProblem.UNKNOWN_PERSON, ", ".join(str(pid) for pid in unknown)
        )


def _update_draft(
    session: Session,
    participant_id: int,
    round_: SurveyRound,
    draft: NetworkDraft,
    named: set[int],
) -> bool:
    """The draft replaced by one UPDATE when every rule holds; False when it matched nothing.

    The conditions are those of the full path: a draft row that is not submitted, no ties
    in the round, the round open, consent standing, and everyone named on the cohort's
    roster. The respondent's own cohort was checked when the draft was made.
    """
    t = AssessmentResponse.__table__  # type: ignore[attr-defined]
    rounds = SurveyRound.__table__  # type: ignore[attr-defined]
    consents = Consent.__table__  # type: ignore[attr-defined]
    ties = Tie.__table__  # type: ignore[attr-defined]
    conditions = [
        t.c.participant_id == participant_id,
        t.c.round_id == round_.id,
        t.c.instrument_id == INSTRUMENT_ID,
        t.c.status == "draft",
        exists().where(rounds.c.id == round_.id, rounds.c.status == "open"),
        exists().where(
            consents.c.participant_id == participant_id, consents.c.withdrawn_at.is_(None)
        ),
        ~exists().where(ties.c.source_id == participant_id, ties.c.round_id == round_.id),
    ]
    if named:
        on_roster = (
            sa_select(func.count())
            .select_from(Participant)
            .join(Group, col(Participant.group_id) == Group.id)
            .join(Organisation, col(Group.organisation_id) == Organisation.id)
            .where(
                col(Organisation.cohort_id) == round_.cohort_id,
                col(Participant.id).in_(sorted(named)),
            )
            .scalar_subquery()
        )
        conditions.append(on_roster == len(named))
    statement = (
        update(t)
        .where(*conditions)
        .values(answers=draft.to_answers(), updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if session.execute(statement).rowcount != 1:  # type: ignore[attr-defined]
        return False
    # The UPDATE bypassed the identity map: a draft this session already holds is stale.
    session.expire_all()
    return True


def _cohort_ids(session: Session, cohort_id: int, ids: set[int]) -> set[int]:
    """Which of `ids` are participants of the cohort: one query, however many were named."""
    query = (
        select(Participant.id)
        .join(Group, col(Participant.group_id) == Group.id)
        .join(Organisation, col(Group.organisation_id) == Organisation.id)
        .where(Organisation.cohort_id == cohort_id, col(Participant.id).in_(sorted(ids)))
    )
    return {pid for pid in session.exec(query).all() if pid is not None}


def _partner_ids(session: Session, cohort_id: int, partners: Mapping[str, int]) -> dict[str, int]:
    """Get or create each partner of the cohort by its folded name; returns key -> id."""
    keys = {partner_key(name): " ".join(name.split()) for name in partners}
    if not keys:
        return {}
    query = select(ExternalPartner).where(
        ExternalPartner.cohort_id == cohort_id, col(ExternalPartner.key).in_(sorted(keys))
    )
    found = {p.key: p for p in session.exec(query).all()}
    for key, name in keys.items():
        if key in found:
            continue
        partner = ExternalPartner(cohort_id=cohort_id, name=name, key=key)
        try:
            # A savepoint: if another submit created the same partner a moment ago
            # (PostgreSQL; SQLite serialises writers), use theirs instead of failing.
            with session.begin_nested():
                session.add(partner)
        except IntegrityError:
            partner = session.exec(
                select(ExternalPartner).where(
                    ExternalPartner.cohort_id == cohort_id, ExternalPartner.key == key
                )
            ).one()
        found[key] = partner
    return {key: p.id for key, p in found.items() if p.id is not None}


def _check_round(round_: SurveyRound | None) -> None:
    if round_ is None:
        raise NetworkSurveyError(NetworkSurveyProblem.NO_ROUND)
    if round_.status != "open":
        raise NetworkSurveyError(NetworkSurveyProblem.ROUND_CLOSED, round_.name)


def _check_round_now(session: Session, round_: SurveyRound) -> None:
    """The round as it is stored now: the facilitator may have closed it after the page read it."""
    _check_round(round_)
    if round_status(session, round_.id or 0) != "open":
        raise NetworkSurveyError(NetworkSurveyProblem.ROUND_CLOSED, round_.name)
