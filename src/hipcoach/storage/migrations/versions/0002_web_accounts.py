"""Web accounts and signed-in sessions, onboarding fields on profiles, session drafts, and the check-in
that opened a phase.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("password_changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_table(
        "web_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_web_sessions_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_web_sessions_token_hash")),
    )
    op.create_index(op.f("ix_web_sessions_user_id"), "web_sessions", ["user_id"])
    with op.batch_alter_table("profiles") as batch:
        batch.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("height_cm", sa.Float(), nullable=True))
        batch.add_column(sa.Column("weight_kg", sa.Float(), nullable=True))
        batch.add_column(sa.Column("limb_length_cm", sa.Float(), nullable=True))
        batch.add_column(sa.Column("weekly_distance_km", sa.Float(), nullable=True))
        batch.add_column(sa.Column("equipment", sa.JSON(), nullable=True))
        batch.create_unique_constraint(op.f("uq_profiles_user_id"), ["user_id"])
        batch.create_foreign_key(
            op.f("fk_profiles_user_id_users"), "users", ["user_id"], ["id"], ondelete="CASCADE"
        )
        batch.create_check_constraint(op.f("ck_profiles_height_cm_range"), "height_cm BETWEEN 100 AND 250")
        batch.create_check_constraint(op.f("ck_profiles_weight_kg_range"), "weight_kg BETWEEN 25 AND 300")
        batch.create_check_constraint(
            op.f("ck_profiles_limb_length_cm_range"), "limb_length_cm BETWEEN 50 AND 130"
        )
        batch.create_check_constraint(
            op.f("ck_profiles_weekly_distance_km_range"), "weekly_distance_km BETWEEN 0 AND 400"
        )
    with op.batch_alter_table("phase_changes") as batch:
        batch.add_column(sa.Column("checkin_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_phase_changes_checkin_id_checkins"),
            "checkins",
            ["checkin_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index(op.f("ix_phase_changes_checkin_id"), ["checkin_id"])
    op.create_table(
        "session_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.CheckConstraint("kind IN ('mobility', 'strength')", name=op.f("ck_session_drafts_kind_choice")),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name=op.f("fk_session_drafts_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_drafts")),
        sa.UniqueConstraint("profile_id", name=op.f("uq_session_drafts_profile_id")),
    )


def downgrade() -> None:
    op.drop_table("session_drafts")
    with op.batch_alter_table("phase_changes") as batch:
        batch.drop_index(op.f("ix_phase_changes_checkin_id"))
        batch.drop_constraint(op.f("fk_phase_changes_checkin_id_checkins"), type_="foreignkey")
        batch.drop_column("checkin_id")
    with op.batch_alter_table("profiles") as batch:
        for name in ("height_cm", "weight_kg", "limb_length_cm", "weekly_distance_km"):
            batch.drop_constraint(op.f(f"ck_profiles_{name}_range"), type_="check")
        batch.drop_constraint(op.f("fk_profiles_user_id_users"), type_="foreignkey")
        batch.drop_constraint(op.f("uq_profiles_user_id"), type_="unique")
        for name in (
            "equipment",
            "weekly_distance_km",
            "limb_length_cm",
            "weight_kg",
            "height_cm",
            "user_id",
        ):
            batch.drop_column(name)
    op.drop_index(op.f("ix_web_sessions_user_id"), table_name="web_sessions")
    op.drop_table("web_sessions")
    op.drop_table("users")
