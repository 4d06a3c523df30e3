"""A runner corrects or deletes a session or a check-in (issue 18): when each was corrected, and the decisions
that rested on a corrected or deleted record kept but marked withdrawn, with why.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CORRECTED_TABLES = ("training_sessions", "checkins")


def upgrade() -> None:
    for table in CORRECTED_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("corrected_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("decisions") as batch:
        batch.add_column(sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("withdrawn_reason", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("decisions") as batch:
        batch.drop_column("withdrawn_reason")
        batch.drop_column("withdrawn_at")
    for table in CORRECTED_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("corrected_at")
