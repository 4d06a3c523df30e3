"""The runner's to-do for today, in their zone: today's session, the morning check-in and the pain an hour
after when they are due, or a rest day; each with whether it is done."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from hipcoach.domain.content import Block
from hipcoach.domain.phases import Phase
from hipcoach.domain.program import session_minutes, todays_kind, weekly_plan
from hipcoach.services import checkins, load, programs, records
from hipcoach.services.checkins import AwaitingMorning
from hipcoach.services.context import Hipcoach
from hipcoach.services.runner_time import local_time
from hipcoach.storage import models as m


@dataclass(frozen=True)
class Today:
    day: date  # the runner's today
    kind: Block | None  # the session planned for today; None on a rest day from hipcoach work
    minutes: int | None  # about how long today's session takes; None on a rest day or while paused
    done_kind: str | None  # the kind of a session already recorded today
    in_progress: bool  # a session started and not finished: the player resumes it
    checked_in: bool  # a check-in given today
    morning: AwaitingMorning | None  # the session that waits for its morning check-in
    paused_reason: str | None  # the program is paused: no session until a clearance
    first_day: bool = False  # the program starts today: a first mobility session is offered, rest day or not

    @property
    def session_done(self) -> bool:
        return self.done_kind is not None

    @property
    def checkin_due(self) -> bool:
        """The morning after a session has opened and its check-in is not given yet."""
        return self.morning is not None and self.morning.is_open

    @property
    def pain_after_due(self) -> bool:
        """A session waits for its morning, and its pain an hour after is not given yet."""
        return self.morning is not None and not self.morning.is_open and self.morning.pain_after is None

    @property
    def pain_after_given(self) -> bool:
        return self.morning is not None and not self.morning.is_open and self.morning.pain_after is not None


def today(app: Hipcoach, profile_id: int) -> Today | None:
    """The runner's to-do for today; None without a program (the screening comes first)."""
    with app.reading() as db:
        program = records.live_program(db, profile_id)
        if program is None:
            return None
        profile = program.profile
        day = local_time(app, profile).today
        paused = (program.paused_reason or "") if program.status == "paused" else None
        week = weekly_plan(
            Phase(program.phase),
            records.program_settings(program),
            load.placement_for(db, profile, program, day),
        )
        kind = todays_kind(week, day)
        first_day = program.started_on == day
        done_kind = db.scalar(
            select(m.TrainingSession.kind)
            .where(m.TrainingSession.profile_id == profile_id, m.TrainingSession.performed_on == day)
            .order_by(m.TrainingSession.id.desc())
            .limit(1)
        )
        in_progress = db.scalar(select(m.SessionDraft.id).where(m.SessionDraft.profile_id == profile_id))
        checked_in = db.scalar(
            select(m.Checkin.id)
            .where(m.Checkin.profile_id == profile_id, m.Checkin.checked_on == day)
            .limit(1)
        )
    minutes = None
    offered = kind or (Block.MOBILITY if first_day else None)
    if offered is not None and paused is None:
        minutes = session_minutes(programs.plan_session(app, profile_id, offered))
    return Today(
        day=day,
        kind=kind,
        minutes=minutes,
        done_kind=done_kind,
        in_progress=in_progress is not None,
        checked_in=checked_in is not None,
        morning=checkins.awaiting_morning(app, profile_id),
        paused_reason=paused,
        first_day=first_day,
    )
