"""SQLModel tables for the whole Samspill domain, in one module as SQLModel advises."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Index,
    UniqueConstraint,
    event,
    inspect,
    select,
    update,
)
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Field, SQLModel, col

__all__ = [
    "Ambition",
    "AssessmentResponse",
    "Cohort",
    "Consent",
    "DataRevision",
    "Expertise",
    "ExternalPartner",
    "FacilitatorAccount",
    "Group",
    "GroupRespondents",
    "GroupScoreTotal",
    "LessonProgress",
    "Organisation",
    "OrganisationDimensionTotal",
    "OrganisationRespondents",
    "OrganisationScoreTotal",
    "Participant",
    "Reflection",
    "ResponseScore",
    "SurveyRound",
    "Tie",
    "utcnow",
]


def utcnow() -> datetime:
    """One clock for every timestamp, always timezone-aware UTC."""
    return datetime.now(UTC)


class Cohort(SQLModel, table=True):
    """A course run for a region: the unit a facilitator sets up and compares within."""

    __tablename__ = "cohorts"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True, max_length=200)
    description: str = Field(default="", max_length=2000)
    # After this date `samspill purge` deletes the cohort's personal data.
    end_date: date | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class Organisation(SQLModel, table=True):
    """A municipality, agency or company taking part in a cohort."""

    __tablename__ = "organisations"
    __table_args__ = (UniqueConstraint("cohort_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    cohort_id: int = Field(foreign_key="cohorts.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=200)
    kind: str = Field(default="municipality", max_length=40)


class Group(SQLModel, table=True):
    """A management group, or the wider leader network of an organisation."""

    __tablename__ = "groups"
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisations.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=200)
    kind: str = Field(default="management", max_length=40)  # management | network
    # Members were told at consent that the named network map is shared inside the group.
    named_network: bool = False


class Participant(SQLModel, table=True):
    """A person on a group's roster; reaches the app through their invite token."""

    __tablename__ = "participants"

    id: int | None = Field(default=None, primary_key=True)
    group_id: int = Field(foreign_key="groups.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=200)
    email: str | None = Field(default=None, index=True, max_length=320)
    role: str = Field(default="", max_length=200)
    department: str = Field(default="", max_length=200)
    is_leader: bool = False
    invite_token: str | None = Field(default=None, unique=True, index=True, max_length=128)
    token_revoked_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class SurveyRound(SQLModel, table=True):
    """A measurement round of a cohort (baseline, follow-up ...)."""

    __tablename__ = "survey_rounds"
    __table_args__ = (UniqueConstraint("cohort_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    cohort_id: int = Field(foreign_key="cohorts.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=200)
    sequence: int = 1
    status: str = Field(default="draft", max_length=20)  # draft | open | closed
    opened_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    closed_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class AssessmentResponse(SQLModel, table=True):
    """One person's answers to one instrument in one round; a draft until submitted.

    Anonymous self-assessments (no account) have no participant and no round and are
    stored only when the person agreed to keep them.
    """

    __tablename__ = "assessment_responses"
    __table_args__ = (UniqueConstraint("participant_id", "round_id", "instrument_id"),)

    id: int | None = Field(default=None, primary_key=True)
    participant_id: int | None = Field(
        default=None, foreign_key="participants.id", index=True, ondelete="CASCADE"
    )
    round_id: int | None = Field(
        default=None, foreign_key="survey_rounds.id", index=True, ondelete="CASCADE"
    )
    instrument_id: str = Field(max_length=60)
    instrument_version: int
    answers: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str = Field(default="draft", max_length=20, index=True)  # draft | submitted
    started_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    submitted_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class ResponseScore(SQLModel, table=True):
    """One submitted response's 0-100 score on one dimension, so groups aggregate in SQL.

    Written when the response is submitted (core.responses) and kept for as long as the
    response: deleting the response, its round or its group deletes these rows too.
    ``round_id`` and ``group_id`` are copied from the response and its participant so the
    aggregate over a round's groups reads one index and joins nothing. A dimension without
    a score (too few items answered) has no row.
    """

    __tablename__ = "response_scores"
    # Covering on PostgreSQL (INCLUDE score): the group aggregate is an index-only scan.
    __table_args__ = (
        Index(
            "ix_response_scores_round_group_dim",
            "round_id",
            "group_id",
            "dimension_id",
            postgresql_include=["score"],
        ),
    )

    response_id: int = Field(
        foreign_key="assessment_responses.id", primary_key=True, ondelete="CASCADE"
    )
    dimension_id: str = Field(primary_key=True, max_length=60)
    round_id: int = Field(foreign_key="survey_rounds.id", ondelete="CASCADE")
    group_id: int = Field(foreign_key="groups.id", index=True, ondelete="CASCADE")
    score: float


class GroupScoreTotal(SQLModel, table=True):
    """Running totals of one group's scores on one dimension in one round.

    Sufficient statistics (count, sum, sum of squares, min, max) kept up to date whenever
    a group's stored scores change (core.aggregates.refresh_totals), so a comparison over a
    national programme reads thousands of rows instead of scanning millions of scores.
    """

    __tablename__ = "group_score_totals"

    round_id: int = Field(foreign_key="survey_rounds.id", primary_key=True, ondelete="CASCADE")
    group_id: int = Field(foreign_key="groups.id", primary_key=True, ondelete="CASCADE")
    dimension_id: str = Field(primary_key=True, max_length=60)
    n: int
    total: float
    total_sq: float
    low: float
    high: float


class GroupRespondents(SQLModel, table=True):
    """How many members of a group submitted the self-assessment in a round (kept current)."""

    __tablename__ = "group_respondents"

    round_id: int = Field(foreign_key="survey_rounds.id", primary_key=True, ondelete="CASCADE")
    group_id: int = Field(foreign_key="groups.id", primary_key=True, ondelete="CASCADE")
    respondents: int


class OrganisationScoreTotal(SQLModel, table=True):
    """An organisation's group totals on one dimension in one round, summed per group kind.

    Kept current with the group totals (core.aggregates.refresh_rollups). ``min_count`` is
    the smaller of a group's respondents and its scores on the dimension (capped at
    core.aggregates.ROLLUP_CAP), so the rollup at any anonymity threshold up to the cap is a
    sum over ``min_count >= threshold`` (core.comparison decides that): changing the
    threshold setting needs no rebuild, and a cohort reads thousands of rows, not millions.
    """

    __tablename__ = "organisation_score_totals"

    round_id: int = Field(foreign_key="survey_rounds.id", primary_key=True, ondelete="CASCADE")
    organisation_id: int = Field(
        foreign_key="organisations.id", primary_key=True, ondelete="CASCADE"
    )
    # Key order (organisation, dimension, ...): per-organisation sums stream off the key.
    dimension_id: str = Field(primary_key=True, max_length=60)
    group_kind: str = Field(primary_key=True, max_length=40)
    min_count: int = Field(primary_key=True)
    groups: int
    n: int
    total: float
    total_sq: float
    low: float
    high: float


class OrganisationDimensionTotal(SQLModel, table=True):
    """An organisation's group totals on one dimension in one round, over all its groups.

    The raw sums (no anonymity threshold, every kind and size), kept with the rollups above
    so per-organisation and cohort statistics read one row per organisation and dimension.
    """

    __tablename__ = "organisation_dimension_totals"

    round_id: int = Field(foreign_key="survey_rounds.id", primary_key=True, ondelete="CASCADE")
    organisation_id: int = Field(
        foreign_key="organisations.id", primary_key=True, ondelete="CASCADE"
    )
    dimension_id: str = Field(primary_key=True, max_length=60)
    n: int
    total: float
    total_sq: float
    low: float
    high: float


class OrganisationRespondents(SQLModel, table=True):
    """Groups and respondents of an organisation in a round, per group kind and group size.

    ``min_count`` is the groups' respondents capped at core.aggregates.ROLLUP_CAP, so the
    groups shown at a threshold (and their respondents) are a sum over ``min_count``.
    """

    __tablename__ = "organisation_respondents"

    round_id: int = Field(foreign_key="survey_rounds.id", primary_key=True, ondelete="CASCADE")
    organisation_id: int = Field(
        foreign_key="organisations.id", primary_key=True, ondelete="CASCADE"
    )
    group_kind: str = Field(primary_key=True, max_length=40)
    min_count: int = Field(primary_key=True)
    groups: int
    respondents: int


@event.listens_for(OrmSession, "after_flush")
def _scores_follow_moved_participants(session: OrmSession, _context: Any) -> None:
    """Keep ``ResponseScore.group_id`` equal to the participant's group.

    A roster re-import can move a person to another group; their stored scores move with
    them, so comparisons count them where the group results page does.
    """
    from core.aggregates import refresh_totals

    moved: dict[int, tuple[int, list[int]]] = {}
    for obj in session.dirty:
        if not isinstance(obj, Participant) or obj.id is None:
            continue
        history = inspect(obj).attrs.group_id.history
        if history.has_changes():
            moved[obj.id] = (obj.group_id, [int(g) for g in history.deleted if g is not None])
    if not moved:
        return
    connection = session.connection()
    touched: set[tuple[int, int]] = set()
    for participant_id, (group_id, old_groups) in moved.items():
        rounds = [
            r
            for r in connection.execute(
                select(col(AssessmentResponse.round_id)).where(
                    col(AssessmentResponse.participant_id) == participant_id,
                    col(AssessmentResponse.round_id).is_not(None),
                )
            ).scalars()
            if r is not None
        ]
        responses = select(col(AssessmentResponse.id)).where(
            col(AssessmentResponse.participant_id) == participant_id
        )
        connection.execute(
            update(ResponseScore)
            .where(col(ResponseScore.response_id).in_(responses))
            .values(group_id=group_id)
        )
        touched.update((r, g) for r in rounds for g in (group_id, *old_groups))
    refresh_totals(connection, touched)


@event.listens_for(OrmSession, "after_flush")
def _rollups_follow_changed_groups(session: OrmSession, _context: Any) -> None:
    """A group that changes kind or organisation takes its scores to the right rollup."""
    from core.aggregates import regroup_rollups

    changed: dict[int, set[int]] = {}
    for obj in session.dirty:
        if not isinstance(obj, Group) or obj.id is None:
            continue
        state = inspect(obj)
        kind, org = state.attrs.kind.history, state.attrs.organisation_id.history
        if kind.has_changes() or org.has_changes():
            changed[obj.id] = {int(o) for o in (*org.deleted, obj.organisation_id) if o}
    if changed:
        regroup_rollups(session.connection(), changed)


class ExternalPartner(SQLModel, table=True):
    """An organisation outside the roster that participants work with."""

    __tablename__ = "external_partners"
    __table_args__ = (UniqueConstraint("cohort_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    cohort_id: int = Field(foreign_key="cohorts.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=200)
    # Case- and space-folded name, so "KS" and " ks " are one partner.
    key: str = Field(max_length=200)
    kind: str = Field(default="", max_length=60)


class Tie(SQLModel, table=True):
    """A relation a respondent reported: to a colleague, a partner, or someone unlisted.

    When the person named deletes their data, `target_id` is cleared and
    `target_anonymous` keeps a stable label, so the tie stays as an anonymous node.
    """

    __tablename__ = "ties"

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="survey_rounds.id", index=True, ondelete="CASCADE")
    source_id: int = Field(foreign_key="participants.id", index=True, ondelete="CASCADE")
    target_id: int | None = Field(
        default=None, foreign_key="participants.id", index=True, ondelete="SET NULL"
    )
    target_partner_id: int | None = Field(
        default=None, foreign_key="external_partners.id", index=True, ondelete="CASCADE"
    )
    target_anonymous: str | None = Field(default=None, max_length=40)
    # "Someone not on the list": kept for the facilitator to review, never analysed as is.
    unlisted_name: str | None = Field(default=None, max_length=200)
    relation: str = Field(max_length=40, index=True)
    frequency: int = 1
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class Expertise(SQLModel, table=True):
    """An area a participant says they know well: the raw material of knowledge centres."""

    __tablename__ = "expertise"
    __table_args__ = (UniqueConstraint("participant_id", "round_id", "area"),)

    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participants.id", index=True, ondelete="CASCADE")
    round_id: int = Field(foreign_key="survey_rounds.id", index=True, ondelete="CASCADE")
    area: str = Field(max_length=60)


class LessonProgress(SQLModel, table=True):
    """How far a participant has come in a lesson."""

    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("participant_id", "lesson_id"),)

    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participants.id", index=True, ondelete="CASCADE")
    lesson_id: str = Field(max_length=120)
    lesson_version: int = 1
    status: str = Field(default="started", max_length=20)  # started | completed
    check_correct: bool | None = None
    started_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    completed_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class Reflection(SQLModel, table=True):
    """A participant's written reflection on a lesson; private unless shared."""

    __tablename__ = "reflections"
    __table_args__ = (UniqueConstraint("participant_id", "lesson_id"),)

    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participants.id", index=True, ondelete="CASCADE")
    lesson_id: str = Field(max_length=120)
    text: str = Field(max_length=10_000)
    shared_with_group: bool = False
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class Ambition(SQLModel, table=True):
    """A concrete goal with a date, set by a person or agreed by a group."""

    __tablename__ = "ambitions"

    id: int | None = Field(default=None, primary_key=True)
    participant_id: int | None = Field(
        default=None, foreign_key="participants.id", index=True, ondelete="CASCADE"
    )
    group_id: int | None = Field(
        default=None, foreign_key="groups.id", index=True, ondelete="CASCADE"
    )
    lesson_id: str | None = Field(default=None, max_length=120)
    dimension: str | None = Field(default=None, max_length=60)
    text: str = Field(max_length=2_000)
    due_date: date
    status: str = Field(default="open", max_length=20)  # open | done
    shared_with_group: bool = False
    checked_in_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class Consent(SQLModel, table=True):
    """What a participant agreed to, and which version of the consent text they read."""

    __tablename__ = "consents"

    id: int | None = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participants.id", index=True, ondelete="CASCADE")
    consent_version: int
    language: str = Field(default="nb", max_length=5)
    named_network: bool = False
    given_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    withdrawn_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class FacilitatorAccount(SQLModel, table=True):
    """A course facilitator; the password is stored only as an argon2 hash."""

    __tablename__ = "facilitator_accounts"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(unique=True, index=True, max_length=320)
    name: str = Field(default="", max_length=200)
    password_hash: str | None = Field(default=None, max_length=255)
    oidc_subject: str | None = Field(default=None, unique=True, max_length=255)
    failed_attempts: int = 0
    locked_until: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    last_login_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class DataRevision(SQLModel, table=True):
    """A change that cached views cannot see in their own fingerprints, across processes.

    Erasing people re-points ties to them instead of removing them, and a facilitator's
    mapping of "someone not on the list" rewrites ties in place, so the counts the caches
    key on need not move. Each such change adds a row; every app process compares the
    newest id with the one it last saw and drops its caches when it moved. No personal
    data: what kind of change, and when.
    """

    __tablename__ = "data_revisions"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=40)
    changed_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
