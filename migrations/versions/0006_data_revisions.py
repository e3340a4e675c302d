"""data revisions: changes every app process must see before it serves a cached view again

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 03:00:00

An erasure (or a facilitator's mapping of an unlisted name) in one process left the other
processes' cached maps, rosters and results as they were until their time ran out. Each
such change now adds a row here; processes drop their caches when the newest id moves.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "data_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("data_revisions")
