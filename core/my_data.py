"""Everything stored about one participant, as JSON and as CSV: the right of access.

:func:`my_data` gathers it as one JSON-able dict; :func:`my_data_json` and
:func:`my_data_csv_zip` are the two downloads. Ties the person gave show the other end as
it appears to them (a colleague's name, a partner's name, their own free text). What
other people said about the person is not theirs to see: only how many people named
them. The invite token is a key, not information about the person, so it is left out
(an export file may be mailed around; the token in it would let anyone in).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from core.consent import consent_of
from core.i18n import t
from core.models import (
    Ambition,
    AssessmentResponse,
    Consent,
    Expertise,
    ExternalPartner,
    LessonProgress,
    Participant,
    Reflection,
    SurveyRound,
    Tie,
    utcnow,
)
from core.network.export import safe_cell
from core.repositories import participant_context

__all__ = ["FORMAT", "SECTIONS", "my_data", "my_data_csv_zip", "my_data_json"]

FORMAT = "samspill-my-data/1"
"""Names the shape of the export, so a later version can say what changed."""

SECTIONS: tuple[str, ...] = (
    "participant",
    "consents",
    "responses",
    "ties_given",
    "expertise",
    "lesson_progress",
    "reflections",
    "ambitions",
    "named_by_others",
)
"""The top-level keys of :func:`my_data` that hold the person's data, in reading order."""


def my_data(session: Session, participant_id: int, lang: str) -> dict[str, Any]:
    """Everything stored about the participant; raises LookupError for an unknown id.

    Values are JSON types only (dates as ISO text), so the dict can be dumped as is.
    """
    context = participant_context(session, participant_id)
    if context is None:
        raise LookupError(f"no participant {participant_id}")
    person, group, organisation, cohort = context
    rounds = _round_names(session, cohort.id)
    named_by = _named_by_count(session, participant_id)
    standing = consent_of(session, participant_id)
    return {
        "format": FORMAT,
        "exported_at": _iso(utcnow()),
        "participant": {
            "id": person.id,
            "name": person.name,
            "email": person.email,
            "role": person.role,
            "department": person.department,
            "is_leader": person.is_leader,
            "group": group.name,
            "organisation": organisation.name,
            "course": cohort.name,
            "course_end_date": _iso(cohort.end_date),
            "created_at": _iso(person.created_at),
            "invite_link_active": person.invite_token is not None
            and person.token_revoked_at is None,
            "current_consent_version": standing.consent_version if standing else None,
        },
        "consents": [
            {
                "consent_version": c.consent_version,
                "language": c.language,
                "named_network": c.named_network,
                "given_at": _iso(c.given_at),
                "withdrawn_at": _iso(c.withdrawn_at),
            }
            for c in _owned(session, Consent, participant_id, Consent.given_at)
        ],
        "responses": [
            {
                "instrument": r.instrument_id,
                "instrument_version": r.instrument_version,
                "round": rounds.get(r.round_id or 0, ""),
                "status": r.status,
                "answers": r.answers,
                "started_at": _iso(r.started_at),
                "updated_at": _iso(r.updated_at),
                "submitted_at": _iso(r.submitted_at),
            }
            for r in _owned(session, AssessmentResponse, participant_id, AssessmentResponse.id)
        ],
        "ties_given": _ties_given(session, participant_id, rounds, lang),
        "expertise": [
            {"round": rounds.get(e.round_id, ""), "area": e.area}
            for e in _owned(session, Expertise, participant_id, Expertise.id)
        ],
        "lesson_progress": [
            {
                "lesson": p.lesson_id,
                "lesson_version": p.lesson_version,
                "status": p.status,
                "check_correct": p.check_correct,
                "started_at": _iso(p.started_at),
                "completed_at": _iso(p.completed_at),
            }
            for p in _owned(session, LessonProgress, participant_id, LessonProgress.id)
        ],
        "reflections": [
            {
                "lesson": r.lesson_id,
                "text": r.text,
                "shared_with_group": r.shared_with_group,
                "updated_at": _iso(r.updated_at),
            }
            for r in _owned(session, Reflection, participant_id, Reflection.id)
        ],
        "ambitions": [
            {
                "text": a.text,
                "due_date": _iso(a.due_date),
                "status": a.status,
                "lesson": a.lesson_id,
                "dimension": a.dimension,
                "shared_with_group": a.shared_with_group,
                "checked_in_at": _iso(a.checked_in_at),
                "created_at": _iso(a.created_at),
            }
            for a in _owned(session, Ambition, participant_id, Ambition.id)
        ],
        "named_by_others": {
            "people": named_by,
            "statement": t("mydata.named_by_others", lang, count=named_by),
        },
    }


def my_data_json(data: Mapping[str, Any]) -> bytes:
    """The export as UTF-8 JSON, readable by a person (indented, letters not escaped)."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False).encode("utf-8")


def my_data_csv_zip(data: Mapping[str, Any]) -> bytes:
    """A zip with one CSV per section, formula cells neutralised, UTF-8 with BOM for Excel."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for section in SECTIONS:
            value = data.get(section)
            rows = value if isinstance(value, list) else [value] if value else []
            archive.writestr(f"{section}.csv", _csv(rows))
    return buffer.getvalue()


def _csv(rows: Iterable[Mapping[str, Any]]) -> str:
    rows = list(rows)
    columns: list[str] = []
    for row in rows:
        columns += [key for key in row if key not in columns]
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_cell(_cell(row.get(column))) for column in columns])
    return out.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return "" if value is None else value


def _owned(session: Session, model: Any, participant_id: int, order: Any) -> list[Any]:
    query = select(model).where(model.participant_id == participant_id).order_by(col(order))
    return list(session.exec(query).all())


def _round_names(session: Session, cohort_id: int | None) -> dict[int, str]:
    query = select(SurveyRound.id, SurveyRound.name).where(SurveyRound.cohort_id == cohort_id)
    return {rid: name for rid, name in session.exec(query).all() if rid is not None}


def _ties_given(
    session: Session, participant_id: int, rounds: Mapping[int, str], lang: str
) -> list[dict[str, Any]]:
    ties: list[Tie] = list(
        session.exec(select(Tie).where(Tie.source_id == participant_id).order_by(col(Tie.id)))
    )
    people = _names(session, Participant, {t_.target_id for t_ in ties})
    partners = _names(session, ExternalPartner, {t_.target_partner_id for t_ in ties})
    rows = []
    for tie in ties:
        if tie.target_id is not None:
            kind, target = "colleague", people.get(tie.target_id, "")
        elif tie.target_partner_id is not None:
            kind, target = "partner", partners.get(tie.target_partner_id, "")
        elif tie.unlisted_name is not None:
            kind, target = "not_on_list", tie.unlisted_name
        else:
            kind, target = "deleted", t("mydata.deleted_person", lang)
        rows.append(
            {
                "round": rounds.get(tie.round_id, ""),
                "relation": tie.relation,
                "frequency": tie.frequency,
                "to": target,
                "to_kind": kind,
                "created_at": _iso(tie.created_at),
            }
        )
    return rows


def _names(session: Session, model: Any, ids: set[int | None]) -> dict[int, str]:
    wanted = sorted(i for i in ids if i is not None)
    if not wanted:
        return {}
    query = select(model.id, model.name).where(col(model.id).in_(wanted))
    return dict(session.exec(query).all())


def _named_by_count(session: Session, participant_id: int) -> int:
    """How many different people gave a tie to the participant; never who."""
    query = select(func.count(func.distinct(Tie.source_id))).where(
        Tie.target_id == participant_id, Tie.source_id != participant_id
    )
    return int(session.exec(query).one())


def _iso(value: date | datetime | None) -> str | None:
    return None if value is None else value.isoformat()
