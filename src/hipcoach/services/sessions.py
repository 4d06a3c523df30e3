"""Sessions: record one done today (guided) or in the past (logged), all of it or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hipcoach.domain import measures
from hipcoach.domain.content import Block
from hipcoach.domain.measures import InvalidMeasurement
from hipcoach.domain.program import DoneSet, SessionPlan, is_full_dose
from hipcoach.services import programs, records
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import InvalidInput
from hipcoach.services.runner_time import local_time_for
from hipcoach.storage import models as m

SOURCES = ("guided", "logged")
MAX_ROUNDS = 5


@dataclass(frozen=True)
class SetRecord:
    round: int
    side: str
    reps: int | None = None
    seconds: int | None = None
    load_kg: float | None = None


@dataclass(frozen=True)
class ExerciseRecord:
    exercise_id: str
    ladder_level: int | None
    rounds: int
    sets: tuple[SetRecord, ...]
    pain_during: int | None = None
    rpe: int | None = None
    load_kg: float | None = None
    # Pain stopped it part-way (BRIEF §5 "In the session"): never the full dose, whatever was done after.
    pain_stop: bool = False


@dataclass(frozen=True)
class SessionRecord:
    performed_on: date
    kind: Block
    baseline_pain: int
    exercises: tuple[ExerciseRecord, ...]
    pain_during: int | None = None  # worst pain during the session; the exercises' worst when not given
    pain_after: int | None = None
    rpe: int | None = None
    tightness: int | None = None
    source: str = "guided"
    started_at: datetime | None = None
    finished_at: datetime | None = None
    notes: str = ""


@dataclass(frozen=True)
class SavedSession:
    session_id: int
    performed_on: date
    kind: Block
    full_dose: dict[str, bool] = field(default_factory=dict)


def as_prescribed(
    plan: SessionPlan,
    performed_on: date,
    baseline_pain: int,
    pain_during: int,
    rpe: int | None,
    source: str = "logged",
    pain_after: int | None = None,
) -> SessionRecord:
    """A record of the planned session done exactly as prescribed (for logging a past session)."""
    exercises = []
    for item in plan.items:
        reps = item.dose.reps_per_side or item.dose.circles_each_direction
        sets = tuple(
            SetRecord(r, side, reps=reps, seconds=item.dose.hold_seconds)
            for r, sides in item.rounds_to_do
            for side in sides
        )
        strength = item.block is Block.STRENGTH
        exercises.append(
            ExerciseRecord(
                exercise_id=item.exercise.id,
                ladder_level=item.level,
                rounds=item.rounds,
                sets=sets,
                pain_during=pain_during if strength else None,
                rpe=rpe if strength else None,
            )
        )
    return SessionRecord(
        performed_on=performed_on,
        kind=plan.kind,
        baseline_pain=baseline_pain,
        exercises=tuple(exercises),
        pain_during=pain_during,
        pain_after=pain_after,
        rpe=rpe,
        source=source,
    )


def validate(app: Hipcoach, record: SessionRecord, today: date) -> None:
    """Refuse anything impossible before a single row is written; the message names the value.

    ``today`` is the runner's, in their zone.
    """
    try:
        measures.past_or_today("session date", record.performed_on, today)
        for name, value in (
            ("pain before the session", record.baseline_pain),
            ("pain during the session", record.pain_during),
            ("pain after the session", record.pain_after),
            ("RPE", record.rpe),
            ("tightness", record.tightness),
        ):
            measures.scale(name, value)
        if record.source not in SOURCES:
            raise InvalidInput(f"unknown session source {record.source!r}")
        if record.kind not in (Block.MOBILITY, Block.STRENGTH):
            raise InvalidInput(f"a session is mobility or strength, not {record.kind.value}")
        if not record.exercises:
            raise InvalidInput("a session needs at least one exercise")
        for exercise in record.exercises:
            _validate_exercise(app, exercise)
    except InvalidMeasurement as error:
        raise InvalidInput(str(error)) from error


def _validate_exercise(app: Hipcoach, record: ExerciseRecord) -> None:
    exercise = app.library.exercises.get(record.exercise_id)
    if exercise is None:
        raise InvalidInput(f"unknown exercise {record.exercise_id!r} (see `hipcoach exercises`)")
    name = exercise.name
    if record.ladder_level is not None and exercise.level(record.ladder_level) is None:
        raise InvalidInput(f"{name} has no level {record.ladder_level} (levels 1-{exercise.top_level})")
    if not 1 <= record.rounds <= MAX_ROUNDS:
        raise InvalidInput(f"{name}: rounds must be between 1 and {MAX_ROUNDS}, got {record.rounds}")
    measures.scale(f"{name}: pain during", record.pain_during)
    measures.scale(f"{name}: RPE", record.rpe)
    measures.load_kg(record.load_kg)
    extra_round_sides = set()
    for done in record.sets:
        if done.side not in exercise.sides:
            raise InvalidInput(f"{name}: side must be one of {', '.join(exercise.sides)}, got {done.side!r}")
        if done.round == record.rounds + 1:
            extra_round_sides.add(done.side)  # an assessment's extra round on the weaker side
        elif not 1 <= done.round <= record.rounds:
            raise InvalidInput(f"{name}: round {done.round} is outside 1-{record.rounds}")
        measures.count(f"{name}: reps", done.reps)
        measures.count(f"{name}: seconds", done.seconds, maximum=measures.MAX_SECONDS)
        measures.load_kg(done.load_kg)
    if len(extra_round_sides) > 1 or (extra_round_sides and len(exercise.sides) < 2):
        raise InvalidInput(
            f"{name}: round {record.rounds + 1} is outside 1-{record.rounds} "
            "(an extra round is done on one side only)"
        )


def save_session(app: Hipcoach, profile_id: int, record: SessionRecord) -> SavedSession:
    """Store the whole session in one transaction, then apply the phase gate."""
    validate(app, record, local_time_for(app, profile_id).today)
    with app.transaction() as db:
        return store_session(app, db, profile_id, record)


def session_with_key(db: Session, profile_id: int, client_key: str) -> SavedSession | None:
    """The session this runner's phone already sent with ``client_key``: a retry answers with it."""
    row = db.scalar(
        select(m.TrainingSession).where(
            m.TrainingSession.profile_id == profile_id, m.TrainingSession.client_key == client_key
        )
    )
    if row is None:
        return None
    full = {exercise.exercise_id: exercise.full_dose for exercise in row.exercises}
    return SavedSession(row.id, row.performed_on, Block(row.kind), full)


def store_session(
    app: Hipcoach, db: Session, profile_id: int, record: SessionRecord, client_key: str | None = None
) -> SavedSession:
    """Store a validated session inside the caller's transaction, which may do more in the same commit;
    ``client_key`` is the phone's key for it (see ``session_with_key``)."""
    worst = [e.pain_during for e in record.exercises if e.pain_during is not None]
    pain_during = record.pain_during if record.pain_during is not None else max(worst, default=None)
    program = records.require_program(db, profile_id)
    if program.status == "paused":
        raise InvalidInput(f"the program is paused: {(program.paused_reason or '').rstrip('.')}")
    if record.performed_on < program.started_on:
        raise InvalidInput(
            f"the program started on {program.started_on.isoformat()}; "
            f"a session on {record.performed_on.isoformat()} cannot belong to it"
        )
    session = m.TrainingSession(
        program_id=program.id,
        profile_id=profile_id,
        performed_on=record.performed_on,
        started_at=record.started_at,
        finished_at=record.finished_at,
        phase=program.phase,
        kind=record.kind.value,
        source=record.source,
        baseline_pain=record.baseline_pain,
        pain_during=pain_during,
        pain_after=record.pain_after,
        rpe=record.rpe,
        tightness=record.tightness,
        notes=record.notes,
        client_key=client_key,
    )
    full: dict[str, bool] = {}
    for position, exercise_record in enumerate(record.exercises):
        exercise = app.library.exercises[exercise_record.exercise_id]
        done = [DoneSet(s.round, s.side, s.reps, s.seconds) for s in exercise_record.sets]
        full[exercise.id] = not exercise_record.pain_stop and is_full_dose(
            exercise, exercise_record.ladder_level, exercise_record.rounds, done
        )
        session.exercises.append(
            m.SessionExercise(
                position=position,
                exercise_id=exercise.id,
                block=exercise.block.value,
                ladder_level=exercise_record.ladder_level,
                prescribed_rounds=exercise_record.rounds,
                full_dose=full[exercise.id],
                pain_during=exercise_record.pain_during,
                rpe=exercise_record.rpe,
                load_kg=exercise_record.load_kg,
                sets=[
                    m.SessionSet(
                        round=s.round, side=s.side, reps=s.reps, seconds=s.seconds, load_kg=s.load_kg
                    )
                    for s in exercise_record.sets
                ],
            )
        )
    db.add(session)
    programs.advance_if_open(app, db, program)
    db.flush()
    return SavedSession(session.id, record.performed_on, record.kind, full)
