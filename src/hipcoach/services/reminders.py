"""Reminders: the time of day the runner trains, and the calendar file with one event per session, each as
long as that session takes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from sqlalchemy.orm import Session

from hipcoach.domain.content import Block
from hipcoach.domain.phases import Phase
from hipcoach.domain.program import (
    ProgramSettings,
    SessionItem,
    SessionPlan,
    session_minutes,
    session_plan,
)
from hipcoach.reports.ical import WARM_UP
from hipcoach.services import load, programs
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import InvalidInput, NotFound
from hipcoach.storage import models as m

DEFAULT_REMINDER_TIME = time(18, 0)  # until the runner chooses their own


def parse_time(text: str) -> time | None:
    """ "18:30" -> 18:30 (seconds dropped); "" -> None (no time of one's own: the default)."""
    text = text.strip()
    if not text:
        return None
    try:
        return time.fromisoformat(text).replace(second=0, microsecond=0, tzinfo=None)
    except ValueError:
        raise InvalidInput(f"{text!r} is not a time of day; write it like 18:30") from None


def saved_time(app: Hipcoach, profile_id: int) -> time | None:
    """The time the runner chose, on their wall clock in their zone; None when they have not chosen one."""
    with app.reading() as db:
        return _profile(db, profile_id).reminder_time


def set_time(app: Hipcoach, profile_id: int, at: time | None) -> time | None:
    """Keep the runner's training time (None: back to the default), to the minute, on their wall clock."""
    kept = at.replace(second=0, microsecond=0, tzinfo=None) if at is not None else None
    with app.transaction() as db:
        _profile(db, profile_id).reminder_time = kept
    return kept


def _profile(db: Session, profile_id: int) -> m.Profile:
    profile = db.get(m.Profile, profile_id)
    if profile is None:
        raise NotFound(f"no profile {profile_id}")
    return profile


def plan_for(app: Hipcoach, profile_id: int, kind: Block) -> SessionPlan:
    """The runner's session of this kind; without a program that can give one (none yet, paused, or
    strength before phase 2), the session as a new program would start it."""
    try:
        return programs.plan_session(app, profile_id, kind)
    except (InvalidInput, NotFound):
        phase = Phase.STRENGTH if kind is Block.STRENGTH else Phase.MOBILITY
        return session_plan(phase, kind, app.library, {}, ProgramSettings())


@dataclass(frozen=True)
class SessionLengths:
    """Whole minutes, from ``domain.program.session_minutes``."""

    mobility: int  # a mobility day's session
    strength: int  # a strength day's whole session, its mobility warm-up included
    warm_up: int  # the warm-up's part of it

    def by_event(self) -> dict[str, int]:
        """Each calendar event's minutes: on a strength day the warm-up, then the rest of the session."""
        return {"mobility": self.mobility, WARM_UP: self.warm_up, "strength": self.strength - self.warm_up}


def session_lengths(app: Hipcoach, profile_id: int) -> SessionLengths:
    strength = plan_for(app, profile_id, Block.STRENGTH)
    warm_up = SessionPlan(strength.phase, Block.MOBILITY, _warm_up_items(strength))
    return SessionLengths(
        mobility=session_minutes(plan_for(app, profile_id, Block.MOBILITY)),
        strength=session_minutes(strength),
        warm_up=session_minutes(warm_up),
    )


def _warm_up_items(plan: SessionPlan) -> tuple[SessionItem, ...]:
    return tuple(item for item in plan.items if item.block is Block.MOBILITY)


def calendar(
    app: Hipcoach, profile_id: int, weeks: int = 4, at: time | None = None, start: date | None = None
) -> bytes:
    """The training week's calendar file: at ``at``, else the runner's saved time, else 18:00; each event
    as long as its session takes."""
    start_time = at or saved_time(app, profile_id) or DEFAULT_REMINDER_TIME
    durations = session_lengths(app, profile_id).by_event()
    return load.calendar(app, profile_id, weeks, start_time, start, durations=durations)
