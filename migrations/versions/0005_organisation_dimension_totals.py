"""organisation dimension totals: raw group totals summed per (round, organisation, dimension)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 22:00:00

Per-organisation and cohort statistics then read one row per organisation and dimension
(120,000 in a cohort of 15,000 organisations) instead of summing the rollups' rows per group
kind and size. Filled, with the rollups, from the group totals already stored.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "organisation_dimension_totals",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("dimension_id", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("total", sa.Float(), nullable=False),
        sa.Column("total_sq", sa.Float(), nullable=False),
        sa.Column("low", sa.Float(), nullable=False),
        sa.Column("high", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["round_id"], ["survey_rounds.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("round_id", "organisation_id", "dimension_id"),
    )
    from core.aggregates import rebuild_rollups

    bind = op.get_bind()
    rebuild_rollups(bind)
    if bind.dialect.name == "postgresql":
        op.execute("ANALYZE organisation_dimension_totals")
        op.execute("ANALYZE organisation_score_totals")
        op.execute("ANALYZE organisation_respondents")


def downgrade() -> None:
    op.drop_table("organisation_dimension_totals")
