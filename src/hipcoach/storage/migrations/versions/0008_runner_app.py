"""The runner's phone app (issue 18): a session or check-in sent again by a phone that was offline is saved
once (its client key, unique per runner), and the runner's distance unit and reminder time.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEYED_TABLES = ("training_sessions", "checkins")


def upgrade() -> None:
    with op.batch_alter_table("profiles") as batch:
        batch.add_column(
            sa.Column("distance_unit", sa.String(length=8), server_default=sa.text("'km'"), nullable=False)
        )
        batch.add_column(sa.Column("reminder_time", sa.Time(), nullable=True))
        batch.create_check_constraint(
            op.f("ck_profiles_distance_unit_choice"), "distance_unit IN ('km', 'mi')"
        )
    for table in KEYED_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("client_key", sa.String(length=64), nullable=True))
            batch.create_unique_constraint(
                op.f(f"uq_{table}_profile_id_client_key"), ["profile_id", "client_key"]
            )


def downgrade() -> None:
    for table in KEYED_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(f"uq_{table}_profile_id_client_key"), type_="unique")
            batch.drop_column("client_key")
    with op.batch_alter_table("profiles") as batch:
        batch.drop_constraint(op.f("ck_profiles_distance_unit_choice"), type_="check")
        batch.drop_column("reminder_time")
        batch.drop_column("distance_unit")
