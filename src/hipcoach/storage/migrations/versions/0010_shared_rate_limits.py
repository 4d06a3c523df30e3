"""Clinic scale (issue 20): the sign-in, sign-up and password limits counted in the database, so that every
app process (``hipcoach serve --workers N``, on one machine or several) counts the same attempts.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "rate_limit_hits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("limit_name", sa.String(length=24), nullable=False),
        sa.Column("key_digest", sa.LargeBinary(length=16), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rate_limit_hits")),
    )
    op.create_index(
        "ix_rate_limit_hits_limit_name_key_digest", "rate_limit_hits", ["limit_name", "key_digest"]
    )
    op.create_index("ix_rate_limit_hits_limit_name_at", "rate_limit_hits", ["limit_name", "at"])


def downgrade() -> None:
    op.drop_index("ix_rate_limit_hits_limit_name_at", table_name="rate_limit_hits")
    op.drop_index("ix_rate_limit_hits_limit_name_key_digest", table_name="rate_limit_hits")
    op.drop_table("rate_limit_hits")
