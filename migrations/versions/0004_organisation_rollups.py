"""organisation rollups: group totals summed per (round, organisation, group kind, group size)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 21:30:00

A cohort of 150,000 groups then sums one row per organisation, kind and size instead of
one per group; ``min_count`` lets every anonymity threshold (up to
core.aggregates.ROLLUP_CAP) be answered without a rebuild. Filled from the group totals
already stored.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "organisation_score_totals",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("dimension_id", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("group_kind", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("min_count", sa.Integer(), nullable=False),
        sa.Column("groups", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("total", sa.Float(), nullable=False),
        sa.Column("total_sq", sa.Float(), nullable=False),
        sa.Column("low", sa.Float(), nullable=False),
        sa.Column("high", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["round_id"], ["survey_rounds.id"], ondelete="CASCADE"),
        # Organisation then dimension: per-organisation sums stream off the key in order.
        sa.PrimaryKeyConstraint(
            "round_id", "organisation_id", "dimension_id", "group_kind", "min_count"
        ),
    )
    op.create_table(
        "organisation_respondents",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("group_kind", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("min_count", sa.Integer(), nullable=False),
        sa.Column("groups", sa.Integer(), nullable=False),
        sa.Column("respondents", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["round_id"], ["survey_rounds.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("round_id", "organisation_id", "group_kind", "min_count"),
    )
    from core.aggregates import rebuild_rollups

    bind = op.get_bind()
    rebuild_rollups(bind)
    if bind.dialect.name == "postgresql":
        # Planner statistics now, not at the next autovacuum: a cohort's sums hash or stream
        # by the row counts it expects.
        op.execute("ANALYZE organisation_score_totals")
        op.execute("ANALYZE organisation_respondents")


def downgrade() -> None:
    op.drop_table("organisation_respondents")
    op.drop_table("organisation_score_totals")
