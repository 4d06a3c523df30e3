"""One check-in per session (issue 14): a session's decision is taken once, however many check-ins arrive
at the same moment.

Check-ins sent together before this could each speak for the same session. The first of them (the lowest
id) stays the session's check-in; each later one keeps its answers (morning pain, tightness, red flags) and
its decisions, which did move the ladders, but becomes a check-in without a session, as a second check-in on
the same morning is today. How many were unlinked is logged as a warning.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-09
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger(__name__)

INDEX = "ix_checkins_session_id"
UNLINK_ALL_BUT_THE_FIRST = """
UPDATE checkins SET session_id = NULL
WHERE session_id IS NOT NULL
  AND EXISTS (SELECT 1 FROM checkins AS earlier
              WHERE earlier.session_id = checkins.session_id AND earlier.id < checkins.id)
"""


def upgrade() -> None:
    if op.get_context().as_sql:
        op.execute(UNLINK_ALL_BUT_THE_FIRST)
    else:
        unlinked = op.get_bind().execute(sa.text(UNLINK_ALL_BUT_THE_FIRST)).rowcount
        if unlinked:
            log.warning(
                "%d check-in(s) named a session another check-in had already decided; the first check-in "
                "of each session keeps it, the later ones are kept as check-ins without a session",
                unlinked,
            )
    op.drop_index(INDEX, table_name="checkins")
    op.create_index(INDEX, "checkins", ["session_id"], unique=True)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="checkins")
    op.create_index(INDEX, "checkins", ["session_id"])
