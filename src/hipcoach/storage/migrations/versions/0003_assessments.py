"""Assessments: one row per sitting of the test battery and one per reading written down.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tester", sa.String(length=80), nullable=False),
        sa.Column("sex", sa.String(length=16), nullable=True),
        sa.Column("age", sa.Integer(), nullable=True),
        sa.Column("body_mass_kg", sa.Float(), nullable=True),
        sa.Column("scoring", sa.String(length=16), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.CheckConstraint("sex IN ('female', 'male')", name=op.f("ck_assessments_sex_choice")),
        sa.CheckConstraint("age BETWEEN 10 AND 100", name=op.f("ck_assessments_age_range")),
        sa.CheckConstraint("body_mass_kg BETWEEN 25 AND 250", name=op.f("ck_assessments_body_mass_kg_range")),
        sa.CheckConstraint("scoring IN ('best', 'mean-of-3')", name=op.f("ck_assessments_scoring_choice")),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name=op.f("fk_assessments_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments")),
    )
    op.create_index(op.f("ix_assessments_profile_id"), "assessments", ["profile_id"])
    op.create_table(
        "assessment_readings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=True),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_assessment_readings_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment_readings")),
        sa.UniqueConstraint("assessment_id", "key", name=op.f("uq_assessment_readings_assessment_id_key")),
    )
    op.create_index(op.f("ix_assessment_readings_assessment_id"), "assessment_readings", ["assessment_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_assessment_readings_assessment_id"), table_name="assessment_readings")
    op.drop_table("assessment_readings")
    op.drop_index(op.f("ix_assessments_profile_id"), table_name="assessments")
    op.drop_table("assessments")
