"""Queries shared by the use cases, and the mapping from stored rows to domain values."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session, object_session
from sqlalchemy.orm.interfaces import ORMOption

from hipcoach.clock import LocalTime
from hipcoach.domain.content import Library
from hipcoach.domain.pain_trend import MorningPain
from hipcoach.domain.phases import Phase, PhaseProgress, SymptomReading
from hipcoach.domain.program import KNEE_PAIN_SIGN, ProgramSettings
from hipcoach.domain.progression import ExerciseState, Outcome, PreviousDecision
from hipcoach.services import assessment_rows, runner_overrides
from hipcoach.services.errors import NotFound
from hipcoach.storage import models as m

LIVE_STATUSES = ("active", "paused")
# A decision that still counts: not withdrawn because its session or check-in was corrected or deleted.
STANDING = m.Decision.withdrawn_at.is_(None)


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


def program_settings(program: m.Program, signs: list[str] | None = None) -> ProgramSettings:
    """The program's settings; ``signs``: those of the runner's latest screening, when already read."""
    return ProgramSettings(
        strength_days_per_week=program.strength_days_per_week,
        include_core=program.include_core,
        include_foot=program.include_foot,
        knee_pain=KNEE_PAIN_SIGN in (latest_signs(program) if signs is None else signs),
    )


def latest_signs(program: m.Program) -> list[str]:
    """The signs the runner gave at their latest screening: the sessions follow them (knee care, BRIEF §5)."""
    db = object_session(program)
    if db is None:
        return []
    signs = db.scalar(
        select(m.Screening.signs)
        .where(m.Screening.profile_id == program.profile_id)
        .order_by(m.Screening.id.desc())
        .limit(1)
    )
    return list(signs or [])


def exercise_states(program: m.Program, library: Library) -> dict[str, ExerciseState]:
    states = {}
    for row in program.exercise_states:
        exercise = library.exercises.get(row.exercise_id)
        top = exercise.top_level if exercise is not None else row.ladder_level
        states[row.exercise_id] = ExerciseState(row.exercise_id, row.ladder_level, row.rounds, top)
    return states


def earlier_decisions(
    db: Session, program_id: int, exercise_id: str | None, limit: int, after: datetime | None = None
) -> list[PreviousDecision]:
    """The last ``limit`` decisions for this exercise (None: whole sessions), latest first; only those taken
    after ``after`` when given (a clearance starts the counts afresh).

    A decision taken at a check-in without a session (a pause from the morning pains) stands for the whole
    program, so it is among every exercise's earlier decisions.
    """
    D = m.Decision
    program_wide = D.exercise_id.is_(None) & D.session_id.is_(None)
    rows = db.execute(
        select(D.outcome, D.rule_id)
        .where(
            D.program_id == program_id,
            STANDING,
            D.exercise_id.is_(None) if exercise_id is None else (D.exercise_id == exercise_id) | program_wide,
            true() if after is None else D.created_at > after,
        )
        .order_by(D.id.desc())
        .limit(limit)
    ).all()
    return [PreviousDecision(Outcome(row.outcome), row.rule_id) for row in rows]


def last_clearance_at(db: Session, profile_id: int) -> datetime | None:
    """When the runner's latest clearance was recorded; None before any."""
    return db.scalar(select(func.max(m.Clearance.recorded_at)).where(m.Clearance.profile_id == profile_id))


def first_checkin_day_after(db: Session, profile_id: int, moment: datetime) -> date | None:
    """The day of the first check-in recorded after ``moment``; None when there is none yet."""
    return db.scalar(
        select(func.min(m.Checkin.checked_on)).where(
            m.Checkin.profile_id == profile_id, m.Checkin.created_at > moment
        )
    )


def morning_pains(
    db: Session, profile_id: int, since: date, until: date, excluding: int | None = None
) -> list[MorningPain]:
    """The profile's morning check-ins from ``since`` to ``until``, oldest first; without the check-in
    ``excluding`` (an id) when given."""
    rows = db.execute(
        select(m.Checkin.checked_on, m.Checkin.pain)
        .where(
            m.Checkin.profile_id == profile_id,
            m.Checkin.checked_on >= since,
            m.Checkin.checked_on <= until,
            true() if excluding is None else m.Checkin.id != excluding,
        )
        .order_by(m.Checkin.checked_on, m.Checkin.id)
    ).all()
    return [MorningPain(row.checked_on, row.pain) for row in rows]


def phase_baseline(db: Session, program: m.Program, since: date) -> int | None:
    """The pain before the current phase's first session; None when that session has none, or none yet.

    ``since`` is the runner's day the phase began (``phase_started_on``).
    """
    first = db.execute(
        select(m.TrainingSession.baseline_pain)
        .where(m.TrainingSession.program_id == program.id, m.TrainingSession.performed_on >= since)
        .order_by(m.TrainingSession.performed_on, m.TrainingSession.id)
        .limit(1)
    ).first()
    return first.baseline_pain if first is not None else None


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
    changed = runner_overrides.exercises_in(db, program.profile_id)  # a clinician's exclusions and swaps
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
        left_out=changed.excluded,
        # only a swap the sessions follow (to an exercise the library has: domain.program.with_overrides)
        swapped={
            key: library.exercises[other].name
            for key, other in changed.swaps.items()
            if other in library.exercises
        },
    )


def get_checkin(db: Session, profile_id: int, checkin_id: int) -> m.Checkin:
    """The profile's check-in; NotFound for any other."""
    row = db.get(m.Checkin, checkin_id)
    if row is None or row.profile_id != profile_id:
        raise NotFound(f"no check-in {checkin_id} for this profile")
    return row


def get_session(
    db: Session, profile_id: int, session_id: int, load: Sequence[ORMOption] = ()
) -> m.TrainingSession:
    """The profile's session (with the relationships in ``load`` read at once); NotFound for any other."""
    row = db.get(m.TrainingSession, session_id, options=load)
    if row is None or row.profile_id != profile_id:
        raise NotFound(f"no session {session_id} for this profile")
    return row
