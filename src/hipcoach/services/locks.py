"""One runner's writes one after another, where a use case decides from what it reads before it writes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hipcoach.storage import models as m


def hold_runner(db: Session, profile_id: int) -> m.Profile | None:
    """Lock the runner's row until the transaction ends; call it first, before reading what the write depends
    on. None when there is no such runner.

    PostgreSQL: a second transaction that asks for it (a second check-in, the same run typed in twice) waits
    for the first to commit, then reads what that one stored, as if they had come one after the other. It is
    FOR NO KEY UPDATE, so rows that merely point at the runner are still added meanwhile. SQLite: a write
    transaction holds the whole database from its BEGIN IMMEDIATE (storage.db), so this adds nothing there.
    """
    return db.scalar(
        select(m.Profile)
        .where(m.Profile.id == profile_id)
        .with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    )
