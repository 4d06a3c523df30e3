"""Video joint angles (issue 19): a runner's phone video of a test or exercise, analysed in the background;
the result (angles, key moment, quality) and the annotated key frame stay when the video is deleted.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "video_analyses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=True),
        sa.Column("exercise_id", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("test", sa.String(length=24), nullable=False),
        sa.Column("side", sa.String(length=8), nullable=False),
        sa.Column("view", sa.String(length=8), nullable=False),
        sa.Column("model", sa.String(length=8), nullable=False),
        sa.Column("upload_name", sa.String(length=255), nullable=False),
        sa.Column("stored_path", sa.String(length=1000), nullable=False),
        sa.Column("keep_video", sa.Boolean(), nullable=False),
        sa.Column("frames_total", sa.Integer(), nullable=False),
        sa.Column("frames_done", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("key_frame", sa.LargeBinary(), nullable=True),
        sa.CheckConstraint(
            "status IN ('queued', 'running', 'done', 'refused', 'failed')",
            name=op.f("ck_video_analyses_status_choice"),
        ),
        sa.CheckConstraint(
            "test IN ('y-balance', 'lunge', 'step-up', 'single-leg-squat')",
            name=op.f("ck_video_analyses_test_choice"),
        ),
        sa.CheckConstraint("side IN ('left', 'right')", name=op.f("ck_video_analyses_side_choice")),
        sa.CheckConstraint("view IN ('side', 'front')", name=op.f("ck_video_analyses_view_choice")),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name=op.f("fk_video_analyses_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_video_analyses_assessment_id_assessments"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_video_analyses")),
    )
    op.create_index(op.f("ix_video_analyses_profile_id"), "video_analyses", ["profile_id"])
    op.create_index(op.f("ix_video_analyses_assessment_id"), "video_analyses", ["assessment_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_video_analyses_assessment_id"), table_name="video_analyses")
    op.drop_index(op.f("ix_video_analyses_profile_id"), table_name="video_analyses")
    op.drop_table("video_analyses")
