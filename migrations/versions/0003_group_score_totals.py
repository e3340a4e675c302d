"""group score totals: running sums per (round, group, dimension) and respondents per group

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 19:40:00

Comparisons over a national programme (1.5 million responses) read these few thousand rows
instead of scanning every stored score. Filled from the scores already stored.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "group_score_totals",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("dimension_id", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("total", sa.Float(), nullable=False),
        sa.Column("total_sq", sa.Float(), nullable=False),
        sa.Column("low", sa.Float(), nullable=False),
        sa.Column("high", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["groups.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["round_id"], ["survey_rounds.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("round_id", "group_id", "dimension_id"),
    )
    op.create_table(
        "group_respondents",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("respondents", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["group_id"], ["groups.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["round_id"], ["survey_rounds.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("round_id", "group_id"),
    )
    from core.aggregates import rebuild_totals

    rebuild_totals(op.get_bind())


def downgrade() -> None:
    op.drop_table("group_respondents")
    op.drop_table("group_score_totals")
