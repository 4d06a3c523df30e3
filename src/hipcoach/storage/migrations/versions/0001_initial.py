"""Initial schema: profiles, screenings, programs, sessions with exercises and sets, check-ins, decisions.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("age", sa.Integer(), nullable=True),
        sa.Column("sex", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("sex IN ('female', 'male', 'other')", name=op.f("ck_profiles_sex_choice")),
        sa.CheckConstraint("age BETWEEN 10 AND 110", name=op.f("ck_profiles_age_range")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profiles")),
        sa.UniqueConstraint("name", name=op.f("uq_profiles_name")),
    )
    op.create_table(
        "programs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("phase", sa.Integer(), nullable=False),
        sa.Column("paused_reason", sa.Text(), nullable=True),
        sa.Column("strength_days_per_week", sa.Integer(), server_default="2", nullable=False),
        sa.Column("include_core", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("include_foot", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('active', 'paused', 'ended')", name=op.f("ck_programs_status_choice")),
        sa.CheckConstraint("phase BETWEEN 1 AND 4", name=op.f("ck_programs_phase_range")),
        sa.CheckConstraint(
            "strength_days_per_week BETWEEN 1 AND 3", name=op.f("ck_programs_strength_days_per_week_range")
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profiles.id"], name=op.f("fk_programs_profile_id_profiles"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programs")),
    )
    op.create_index(op.f("ix_programs_profile_id"), "programs", ["profile_id"])
    op.create_table(
        "screenings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signs", sa.JSON(), nullable=False),
        sa.Column("red_flags", sa.JSON(), nullable=False),
        sa.Column("red_flag_level", sa.String(length=16), nullable=False),
        sa.Column("program_allowed", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "red_flag_level IN ('none', 'note', 'refer', 'urgent')",
            name=op.f("ck_screenings_red_flag_level_choice"),
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name=op.f("fk_screenings_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_screenings")),
    )
    op.create_index(op.f("ix_screenings_profile_id"), "screenings", ["profile_id"])
    op.create_table(
        "exercise_states",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.String(length=80), nullable=False),
        sa.Column("ladder_level", sa.Integer(), nullable=False),
        sa.Column("rounds", sa.Integer(), nullable=False),
        sa.Column("load_kg", sa.Float(), nullable=True),
        sa.CheckConstraint("ladder_level >= 1", name=op.f("ck_exercise_states_ladder_level_min")),
        sa.CheckConstraint("load_kg >= 0", name=op.f("ck_exercise_states_load_kg_min")),
        sa.CheckConstraint("rounds BETWEEN 1 AND 5", name=op.f("ck_exercise_states_rounds_range")),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_exercise_states_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exercise_states")),
        sa.UniqueConstraint(
            "program_id", "exercise_id", name=op.f("uq_exercise_states_program_id_exercise_id")
        ),
    )
    op.create_table(
        "phase_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("from_phase", sa.Integer(), nullable=True),
        sa.Column("to_phase", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("overridden_by", sa.String(length=80), nullable=True),
        sa.Column("override_reason", sa.Text(), nullable=True),
        sa.CheckConstraint("from_phase BETWEEN 1 AND 4", name=op.f("ck_phase_changes_from_phase_range")),
        sa.CheckConstraint("to_phase BETWEEN 1 AND 4", name=op.f("ck_phase_changes_to_phase_range")),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_phase_changes_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_phase_changes")),
    )
    op.create_index(op.f("ix_phase_changes_program_id"), "phase_changes", ["program_id"])
    op.create_table(
        "training_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("performed_on", sa.Date(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("phase", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("baseline_pain", sa.Integer(), nullable=True),
        sa.Column("pain_during", sa.Integer(), nullable=True),
        sa.Column("pain_after", sa.Integer(), nullable=True),
        sa.Column("rpe", sa.Integer(), nullable=True),
        sa.Column("tightness", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.CheckConstraint("kind IN ('mobility', 'strength')", name=op.f("ck_training_sessions_kind_choice")),
        sa.CheckConstraint(
            "source IN ('guided', 'logged', 'imported')", name=op.f("ck_training_sessions_source_choice")
        ),
        sa.CheckConstraint(
            "baseline_pain BETWEEN 0 AND 10", name=op.f("ck_training_sessions_baseline_pain_range")
        ),
        sa.CheckConstraint(
            "pain_during BETWEEN 0 AND 10", name=op.f("ck_training_sessions_pain_during_range")
        ),
        sa.CheckConstraint("pain_after BETWEEN 0 AND 10", name=op.f("ck_training_sessions_pain_after_range")),
        sa.CheckConstraint("phase BETWEEN 1 AND 4", name=op.f("ck_training_sessions_phase_range")),
        sa.CheckConstraint("rpe BETWEEN 0 AND 10", name=op.f("ck_training_sessions_rpe_range")),
        sa.CheckConstraint("tightness BETWEEN 0 AND 10", name=op.f("ck_training_sessions_tightness_range")),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name=op.f("fk_training_sessions_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"],
            ["programs.id"],
            name=op.f("fk_training_sessions_program_id_programs"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_sessions")),
    )
    op.create_index(
        op.f("ix_training_sessions_profile_id_performed_on"),
        "training_sessions",
        ["profile_id", "performed_on"],
    )
    op.create_index(op.f("ix_training_sessions_program_id"), "training_sessions", ["program_id"])
    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("checked_on", sa.Date(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("pain", sa.Integer(), nullable=False),
        sa.Column("tightness", sa.Integer(), nullable=False),
        sa.Column("red_flags", sa.JSON(), nullable=False),
        sa.Column("red_flag_level", sa.String(length=16), nullable=False),
        sa.CheckConstraint(
            "red_flag_level IN ('none', 'note', 'refer', 'urgent')",
            name=op.f("ck_checkins_red_flag_level_choice"),
        ),
        sa.CheckConstraint("pain BETWEEN 0 AND 10", name=op.f("ck_checkins_pain_range")),
        sa.CheckConstraint("tightness BETWEEN 0 AND 10", name=op.f("ck_checkins_tightness_range")),
        sa.ForeignKeyConstraint(
            ["profile_id"], ["profiles.id"], name=op.f("fk_checkins_profile_id_profiles"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["training_sessions.id"],
            name=op.f("fk_checkins_session_id_training_sessions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkins")),
    )
    op.create_index(op.f("ix_checkins_profile_id"), "checkins", ["profile_id"])
    op.create_index(op.f("ix_checkins_session_id"), "checkins", ["session_id"])
    op.create_table(
        "session_exercises",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.String(length=80), nullable=False),
        sa.Column("block", sa.String(length=16), nullable=False),
        sa.Column("ladder_level", sa.Integer(), nullable=True),
        sa.Column("prescribed_rounds", sa.Integer(), nullable=False),
        sa.Column("full_dose", sa.Boolean(), nullable=False),
        sa.Column("pain_during", sa.Integer(), nullable=True),
        sa.Column("rpe", sa.Integer(), nullable=True),
        sa.Column("load_kg", sa.Float(), nullable=True),
        sa.CheckConstraint("ladder_level >= 1", name=op.f("ck_session_exercises_ladder_level_min")),
        sa.CheckConstraint("load_kg >= 0", name=op.f("ck_session_exercises_load_kg_min")),
        sa.CheckConstraint(
            "pain_during BETWEEN 0 AND 10", name=op.f("ck_session_exercises_pain_during_range")
        ),
        sa.CheckConstraint("position >= 0", name=op.f("ck_session_exercises_position_min")),
        sa.CheckConstraint("prescribed_rounds >= 0", name=op.f("ck_session_exercises_prescribed_rounds_min")),
        sa.CheckConstraint("rpe BETWEEN 0 AND 10", name=op.f("ck_session_exercises_rpe_range")),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["training_sessions.id"],
            name=op.f("fk_session_exercises_session_id_training_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_exercises")),
    )
    op.create_index(op.f("ix_session_exercises_session_id"), "session_exercises", ["session_id"])
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("program_id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("checkin_id", sa.Integer(), nullable=True),
        sa.Column("exercise_id", sa.String(length=80), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("rule_id", sa.String(length=80), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("from_level", sa.Integer(), nullable=True),
        sa.Column("to_level", sa.Integer(), nullable=True),
        sa.Column("from_rounds", sa.Integer(), nullable=True),
        sa.Column("to_rounds", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "outcome IN ('progress', 'hold', 'regress', 'pause')", name=op.f("ck_decisions_outcome_choice")
        ),
        sa.ForeignKeyConstraint(
            ["checkin_id"],
            ["checkins.id"],
            name=op.f("fk_decisions_checkin_id_checkins"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["program_id"], ["programs.id"], name=op.f("fk_decisions_program_id_programs"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["training_sessions.id"],
            name=op.f("fk_decisions_session_id_training_sessions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
    )
    op.create_index(op.f("ix_decisions_checkin_id"), "decisions", ["checkin_id"])
    op.create_index(op.f("ix_decisions_program_id"), "decisions", ["program_id"])
    op.create_index(op.f("ix_decisions_session_id"), "decisions", ["session_id"])
    op.create_table(
        "session_sets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_exercise_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=8), nullable=False),
        sa.Column("reps", sa.Integer(), nullable=True),
        sa.Column("load_kg", sa.Float(), nullable=True),
        sa.Column("seconds", sa.Integer(), nullable=True),
        sa.CheckConstraint("side IN ('left', 'right', 'both')", name=op.f("ck_session_sets_side_choice")),
        sa.CheckConstraint("load_kg >= 0", name=op.f("ck_session_sets_load_kg_min")),
        sa.CheckConstraint("reps >= 0", name=op.f("ck_session_sets_reps_min")),
        sa.CheckConstraint("round >= 1", name=op.f("ck_session_sets_round_min")),
        sa.CheckConstraint("seconds >= 0", name=op.f("ck_session_sets_seconds_min")),
        sa.ForeignKeyConstraint(
            ["session_exercise_id"],
            ["session_exercises.id"],
            name=op.f("fk_session_sets_session_exercise_id_session_exercises"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_sets")),
    )
    op.create_index(op.f("ix_session_sets_session_exercise_id"), "session_sets", ["session_exercise_id"])


def downgrade() -> None:
    # Dropping a table drops its indexes and constraints with it; children go before their parents.
    op.drop_table("session_sets")
    op.drop_table("decisions")
    op.drop_table("session_exercises")
    op.drop_table("checkins")
    op.drop_table("training_sessions")
    op.drop_table("phase_changes")
    op.drop_table("exercise_states")
    op.drop_table("screenings")
    op.drop_table("programs")
    op.drop_table("profiles")
