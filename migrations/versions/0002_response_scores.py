"""response scores: one row per submitted response and dimension, for SQL aggregates

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 18:30:00

Backfills the scores of responses submitted before this table existed, so comparisons
over an upgraded database see every answer.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 5_000


def upgrade() -> None:
    op.create_table(
        "response_scores",
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("dimension_id", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["groups.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["response_id"], ["assessment_responses.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["round_id"], ["survey_rounds.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("response_id", "dimension_id"),
    )
    with op.batch_alter_table("response_scores", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_response_scores_group_id"), ["group_id"], unique=False)
        batch_op.create_index(
            "ix_response_scores_round_group_dim",
            ["round_id", "group_id", "dimension_id"],
            unique=False,
            postgresql_include=["score"],
        )
    _backfill()


def downgrade() -> None:
    with op.batch_alter_table("response_scores", schema=None) as batch_op:
        batch_op.drop_index("ix_response_scores_round_group_dim")
        batch_op.drop_index(batch_op.f("ix_response_scores_group_id"))
    op.drop_table("response_scores")


def _backfill() -> None:
    """Score the submitted responses already stored, in batches, with today's scoring."""
    from core.aggregates import INSTRUMENT_ID, score_rows
    from core.instruments import load_instrument

    responses = sa.table(
        "assessment_responses",
        sa.column("id", sa.Integer),
        sa.column("participant_id", sa.Integer),
        sa.column("round_id", sa.Integer),
        sa.column("instrument_id", sa.String),
        sa.column("status", sa.String),
        sa.column("answers", sa.JSON),
    )
    participants = sa.table(
        "participants", sa.column("id", sa.Integer), sa.column("group_id", sa.Integer)
    )
    scores = sa.table(
        "response_scores",
        sa.column("response_id", sa.Integer),
        sa.column("dimension_id", sa.String),
        sa.column("round_id", sa.Integer),
        sa.column("group_id", sa.Integer),
        sa.column("score", sa.Float),
    )
    query = (
        sa.select(
            responses.c.id, responses.c.round_id, participants.c.group_id, responses.c.answers
        )
        .join(participants, responses.c.participant_id == participants.c.id)
        .where(
            responses.c.status == "submitted",
            responses.c.instrument_id == INSTRUMENT_ID,
            responses.c.round_id.is_not(None),
        )
    )
    instrument = load_instrument(INSTRUMENT_ID)
    bind = op.get_bind()
    batch: list[dict[str, object]] = []
    for response_id, round_id, group_id, answers in bind.execute(query).all():
        batch.extend(
            {
                "response_id": response_id,
                "dimension_id": dimension,
                "round_id": round_id,
                "group_id": group_id,
                "score": score,
            }
            for dimension, score in score_rows(instrument, answers)
        )
        if len(batch) >= _BATCH:
            bind.execute(scores.insert(), batch)
            batch = []
    if batch:
        bind.execute(scores.insert(), batch)
