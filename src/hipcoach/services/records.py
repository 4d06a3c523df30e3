"""Queries shared by the use cases, and the mapping from stored rows to domain values."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.interfaces import ORMOption

from hipcoach.clock import LocalTime
from hipcoach.domain.content import Library
from hipcoach.domain.phases import Phase, PhaseProgress, SymptomReading
from hipcoach.domain.program import ProgramSettings
from hipcoach.domain.progression import ExerciseState, Outcome, PreviousDecision
from hipcoach.services import assessment_rows
from hipcoach.services.errors import NotFound
from hipcoach.storage import models as m

LIVE_STATUSES = ("active", "paused")


def live_program(db: Session, profile_id: int) -> m.Program | None:
    """The profile's current program (active or paused), if any."""
    return db.scalar(
        select(m.Program)
        .where(m.Program.profile_id == profile_id, m.Program.status.in_(LIVE_STATUSES))
        .order_by(m.Program.id.desc())
        .limit(1)
    )


def require_program(db: Session, profile_id: int) -> m.Program:
    program = live_program(db, profile_id)
    if program is None:
        raise NotFound(
            "there is no program yet: answer the screening first "
            "(Screening in the web app, `hipcoach check` in a terminal)"
        )
    return program


def program_settings(program: m.Program) -> ProgramSettings:
    return ProgramSettings(
        strength_days_per_week=program.strength_days_per_week,
        include_core=program.include_core,
        include_foot=program.include_foot,
    )


def exercise_states(program: m.Program, library: Library) -> dict[str, ExerciseState]:
    states = {}
    for row in program.exercise_states:
        exercise = library.exercises.get(row.exercise_id)
        top = exercise.top_level if exercise is not None else row.ladder_level
        states[row.exercise_id] = ExerciseState(row.exercise_id, row.ladder_level, row.rounds, top)
    return states


def last_decision(db: Session, program_id: int, exercise_id: str | None) -> PreviousDecision | None:
    row = db.scalar(
        select(m.Decision)
        .where(
            m.Decision.program_id == program_id,
            m.Decision.exercise_id.is_(None)
            if exercise_id is None
            else m.Decision.exercise_id == exercise_id,
        )
        .order_by(m.Decision.id.desc())
        .limit(1)
    )
    return PreviousDecision(Outcome(row.outcome), row.rule_id) if row is not None else None


def phase_started_on(program: m.Program, local: LocalTime) -> date:
    """The runner's day the current phase began."""
    changes = [c for c in program.phase_changes if c.to_phase == program.phase]
    if not changes:
        return program.started_on
    return local.date_of(changes[-1].changed_at)


def phase_progress(db: Session, program: m.Program, library: Library, local: LocalTime) -> PhaseProgress:
    """The facts the current phase's gate is judged on, from the program's history, in the runner's days."""
    since = phase_started_on(program, local)
    session_dates = db.scalars(
        select(m.TrainingSession.performed_on)
        .where(m.TrainingSession.program_id == program.id, m.TrainingSession.performed_on >= since)
        .order_by(m.TrainingSession.performed_on)
    ).all()
    checkins = db.execute(  # the three columns read, not whole rows: a phase can last months
        select(m.Checkin.checked_on, m.Checkin.pain, m.Checkin.tightness)
        .where(m.Checkin.profile_id == program.profile_id, m.Checkin.checked_on >= since)
        .order_by(m.Checkin.checked_on, m.Checkin.id)
    ).all()
    states = exercise_states(program, library)
    return PhaseProgress(
        phase=Phase(program.phase),
        phase_started_on=since,
        today=local.today,
        mobility_session_dates=tuple(session_dates),
        symptoms=tuple(SymptomReading(c.checked_on, c.pain, c.tightness) for c in checkins),
        strength_levels={k: (s.ladder_level, s.top_level) for k, s in states.items()},
        ranges_within_norms=assessment_rows.ranges_within_norms(db, program.profile_id, since)
        if program.phase == Phase.MOBILITY
        else None,
    )


def get_session(
    db: Session, profile_id: int, session_id: int, load: Sequence[ORMOption] = ()
) -> m.TrainingSession:
    """The profile's session (with the relationships in ``load`` read at once); NotFound for any other."""
    row = db.get(m.TrainingSession, session_id, options=load)
    if row is None or row.profile_id != profile_id:
        raise NotFound(f"no session {session_id} for this profile")
    return row
