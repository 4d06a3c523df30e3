"""The clinician workspace (issue 16, BRIEF §10): clinics and their clinicians, a runner's consent (care
links) given by invitation or by a clinician's code, private clinician notes, the append-only audit of every
clinician read and change, the clinical actions a runner sees ("set by ..."), and the per-runner overrides
that the rules read (an exercise left out or swapped, a stricter safety threshold).

Only new tables: nothing existing changes, so downgrading drops them and loses only clinician data.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "clinics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("join_code", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinics")),
        sa.UniqueConstraint("join_code", name=op.f("uq_clinics_join_code")),
    )
    op.create_table(
        "clinicians",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("clinic_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("profession", sa.String(length=80), nullable=False),
        sa.Column("share_code", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["clinic_id"], ["clinics.id"], name=op.f("fk_clinicians_clinic_id_clinics"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_clinicians_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinicians")),
        sa.UniqueConstraint("share_code", name=op.f("uq_clinicians_share_code")),
        sa.UniqueConstraint("user_id", name=op.f("uq_clinicians_user_id")),
    )
    op.create_index(op.f("ix_clinicians_clinic_id"), "clinicians", ["clinic_id"], unique=False)
    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("actor_user_id", sa.Integer(), nullable=True),
        sa.Column("actor_name", sa.String(length=80), nullable=False),
        sa.Column("actor_profession", sa.String(length=80), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("what", sa.String(length=300), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.CheckConstraint("action IN ('read', 'change')", name=op.f("ck_audit_events_action_choice")),
        sa.CheckConstraint("channel IN ('web', 'api', 'cli')", name=op.f("ck_audit_events_channel_choice")),
        sa.ForeignKeyConstraint(
            ["actor_user_id"],
            ["users.id"],
            name=op.f("fk_audit_events_actor_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name=op.f("fk_audit_events_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    op.create_index(op.f("ix_audit_events_actor_user_id"), "audit_events", ["actor_user_id"], unique=False)
    op.create_index("ix_audit_events_profile_id_at", "audit_events", ["profile_id", "at"], unique=False)
    op.create_table(
        "care_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("clinician_id", sa.Integer(), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("granted_via", sa.String(length=16), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "granted_via IN ('invitation', 'code')", name=op.f("ck_care_links_granted_via_choice")
        ),
        sa.ForeignKeyConstraint(
            ["clinician_id"],
            ["clinicians.id"],
            name=op.f("fk_care_links_clinician_id_clinicians"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name=op.f("fk_care_links_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_care_links")),
    )
    op.create_index(
        "ix_care_links_clinician_id_revoked_at", "care_links", ["clinician_id", "revoked_at"], unique=False
    )
    op.create_index(op.f("ix_care_links_profile_id"), "care_links", ["profile_id"], unique=False)
    op.create_table(
        "clinical_actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("clinician_id", sa.Integer(), nullable=True),
        sa.Column("by_name", sa.String(length=80), nullable=False),
        sa.Column("by_profession", sa.String(length=80), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("target", sa.String(length=80), nullable=True),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('clearance', 'assessment', 'phase', 'ladder', 'exclude', 'swap', 'restore', "
            "'strength-days', 'threshold')",
            name=op.f("ck_clinical_actions_kind_choice"),
        ),
        sa.ForeignKeyConstraint(
            ["clinician_id"],
            ["clinicians.id"],
            name=op.f("fk_clinical_actions_clinician_id_clinicians"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name=op.f("fk_clinical_actions_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinical_actions")),
    )
    op.create_index(
        op.f("ix_clinical_actions_clinician_id"), "clinical_actions", ["clinician_id"], unique=False
    )
    op.create_index(
        "ix_clinical_actions_profile_id_at", "clinical_actions", ["profile_id", "at"], unique=False
    )
    op.create_table(
        "clinician_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("clinician_id", sa.Integer(), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["clinician_id"],
            ["clinicians.id"],
            name=op.f("fk_clinician_notes_clinician_id_clinicians"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name=op.f("fk_clinician_notes_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clinician_notes")),
    )
    op.create_index(
        op.f("ix_clinician_notes_clinician_id"), "clinician_notes", ["clinician_id"], unique=False
    )
    op.create_index(op.f("ix_clinician_notes_profile_id"), "clinician_notes", ["profile_id"], unique=False)
    op.create_table(
        "invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("clinician_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("used_by_profile_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["clinician_id"],
            ["clinicians.id"],
            name=op.f("fk_invitations_clinician_id_clinicians"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["used_by_profile_id"],
            ["profiles.id"],
            name=op.f("fk_invitations_used_by_profile_id_profiles"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitations")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_invitations_code_hash")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_invitations_token_hash")),
    )
    op.create_index(op.f("ix_invitations_clinician_id"), "invitations", ["clinician_id"], unique=False)
    op.create_index(
        op.f("ix_invitations_used_by_profile_id"), "invitations", ["used_by_profile_id"], unique=False
    )
    op.create_table(
        "runner_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('exclude', 'swap', 'threshold')", name=op.f("ck_runner_overrides_kind_choice")
        ),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["clinical_actions.id"],
            name=op.f("fk_runner_overrides_action_id_clinical_actions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name=op.f("fk_runner_overrides_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_runner_overrides")),
        sa.UniqueConstraint(
            "profile_id", "kind", "key", name=op.f("uq_runner_overrides_profile_id_kind_key")
        ),
    )
    op.create_index(op.f("ix_runner_overrides_action_id"), "runner_overrides", ["action_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_runner_overrides_action_id"), table_name="runner_overrides")
    op.drop_table("runner_overrides")
    op.drop_index(op.f("ix_invitations_used_by_profile_id"), table_name="invitations")
    op.drop_index(op.f("ix_invitations_clinician_id"), table_name="invitations")
    op.drop_table("invitations")
    op.drop_index(op.f("ix_clinician_notes_profile_id"), table_name="clinician_notes")
    op.drop_index(op.f("ix_clinician_notes_clinician_id"), table_name="clinician_notes")
    op.drop_table("clinician_notes")
    op.drop_index("ix_clinical_actions_profile_id_at", table_name="clinical_actions")
    op.drop_index(op.f("ix_clinical_actions_clinician_id"), table_name="clinical_actions")
    op.drop_table("clinical_actions")
    op.drop_index(op.f("ix_care_links_profile_id"), table_name="care_links")
    op.drop_index("ix_care_links_clinician_id_revoked_at", table_name="care_links")
    op.drop_table("care_links")
    op.drop_index("ix_audit_events_profile_id_at", table_name="audit_events")
    op.drop_index(op.f("ix_audit_events_actor_user_id"), table_name="audit_events")
    op.drop_table("audit_events")
    op.drop_index(op.f("ix_clinicians_clinic_id"), table_name="clinicians")
    op.drop_table("clinicians")
    op.drop_table("clinics")
