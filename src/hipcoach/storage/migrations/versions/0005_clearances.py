"""Pause and clearance: the clearances that lift a hold, and when a program was paused; the bone-stress
red-flag level (BRIEF §2.2) allowed in screenings and check-ins.

A program already paused keeps holding its runner: its pause is dated to when the program was created, which
no clearance (there are none yet) comes after.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LEVELS_BEFORE = "red_flag_level IN ('none', 'note', 'refer', 'urgent')"
LEVELS_AFTER = "red_flag_level IN ('none', 'note', 'refer', 'bone-stress', 'urgent')"
FLAGGED_TABLES = ("screenings", "checkins")


def _red_flag_levels(allowed: str) -> None:
    for table in FLAGGED_TABLES:
        name = op.f(f"ck_{table}_red_flag_level_choice")
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(name, type_="check")
            batch.create_check_constraint(name, allowed)


def upgrade() -> None:
    _red_flag_levels(LEVELS_AFTER)
    with op.batch_alter_table("programs") as batch:
        batch.add_column(sa.Column("paused_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE programs SET paused_at = created_at WHERE status = 'paused'")
    op.create_table(
        "clearances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("cleared_by", sa.String(length=80), nullable=False),
        sa.Column("profession", sa.String(length=80), nullable=False),
        sa.Column("cleared_on", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column("lifted_flags", sa.JSON(), nullable=False),
        sa.Column("lifted_pauses", sa.JSON(), nullable=False),
        sa.Column("held_since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("self_reported", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name=op.f("fk_clearances_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_user_id"],
            ["users.id"],
            name=op.f("fk_clearances_recorded_by_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clearances")),
    )
    op.create_index(op.f("ix_clearances_profile_id"), "clearances", ["profile_id"])
    op.create_index(op.f("ix_clearances_recorded_by_user_id"), "clearances", ["recorded_by_user_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_clearances_recorded_by_user_id"), table_name="clearances")
    op.drop_index(op.f("ix_clearances_profile_id"), table_name="clearances")
    op.drop_table("clearances")
    with op.batch_alter_table("programs") as batch:
        batch.drop_column("paused_at")
    # The older schema has no bone-stress level; urgent is the one level of it that still stops the program.
    op.execute("UPDATE screenings SET red_flag_level = 'urgent' WHERE red_flag_level = 'bone-stress'")
    op.execute("UPDATE checkins SET red_flag_level = 'urgent' WHERE red_flag_level = 'bone-stress'")
    _red_flag_levels(LEVELS_BEFORE)
