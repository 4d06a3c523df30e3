"""What a clinician set for one runner, as the rules read it: limits, and exercises left out or swapped.

The rows are written by ``services.clinical_actions``; every use case that decides or plans for the runner
reads them here, inside its own transaction or reading session.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from hipcoach.domain import overrides
from hipcoach.domain.overrides import Limits
from hipcoach.services.context import Hipcoach
from hipcoach.storage import models as m


@dataclass(frozen=True)
class ExerciseOverrides:
    """The exercises a clinician left out of the runner's sessions, and those swapped (id -> the one done)."""

    excluded: frozenset[str] = frozenset()
    swaps: dict[str, str] = field(default_factory=dict)


def rows(db: Session, profile_id: int, kind: str | None = None) -> list[m.RunnerOverride]:
    query = select(m.RunnerOverride).where(m.RunnerOverride.profile_id == profile_id)
    if kind is not None:
        query = query.where(m.RunnerOverride.kind == kind)
    return list(db.scalars(query.order_by(m.RunnerOverride.id)))


def limits_in(db: Session, profile_id: int) -> Limits:
    """The runner's limits: the rules' numbers, with any threshold a clinician set in its place."""
    values = {row.key: int(row.value) for row in rows(db, profile_id, "threshold")}
    return overrides.effective(values) if values else overrides.rules_limits()


def limits_of(app: Hipcoach, profile_id: int) -> Limits:
    with app.reading() as db:
        return limits_in(db, profile_id)


def exercises_in(db: Session, profile_id: int) -> ExerciseOverrides:
    found = [row for row in rows(db, profile_id) if row.kind in ("exclude", "swap")]
    return ExerciseOverrides(
        excluded=frozenset(row.key for row in found if row.kind == "exclude"),
        swaps={row.key: str(row.value) for row in found if row.kind == "swap"},
    )
