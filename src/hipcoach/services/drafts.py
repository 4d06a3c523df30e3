"""A session under way in the browser: kept as a draft after every step, finished into a session in one go.

The draft holds the player's whole state as JSON. Saving it checks its shape and that its exercises exist (a
draft may be half done); finishing checks every value with the same rules as any other session, and writes
the session and removes the draft in one transaction, so a refused value leaves the draft as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hipcoach.clock import LocalTime
from hipcoach.domain import measures, pain_stop
from hipcoach.domain.content import Block, Exercise
from hipcoach.domain.overrides import Limits
from hipcoach.domain.phases import Phase
from hipcoach.domain.program import SessionItem, SessionPlan
from hipcoach.services import records, runner_overrides
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import InvalidInput, NotFound
from hipcoach.services.locks import hold_runner
from hipcoach.services.runner_time import local_time
from hipcoach.services.sessions import (
    ExerciseRecord,
    SavedSession,
    SessionRecord,
    SetRecord,
    session_with_key,
    store_session,
    validate,
)
from hipcoach.storage import models as m

MAX_DRAFT_BYTES = 256 * 1024  # a full strength session with core and foot blocks is about 10 KB
MAX_EXERCISES = 40
MAX_SETS = 20  # per exercise: at most 5 rounds x 2 sides, with room to spare
MAX_HURTS = 20  # per exercise: a report on every set, with room to spare
# A phone's clock may run a little ahead of the server's; a finish further ahead is refused.
PHONE_CLOCK_SLACK = timedelta(minutes=10)
# A session kept offline longer than this is no longer news for the program: it is refused, not back-dated.
PHONE_KEEPS = timedelta(days=28)

Finite = Annotated[float, Field(allow_inf_nan=False)]


class _Shape(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class DraftSet(_Shape):
    """One side of one round, as it was done."""

    round: int
    side: str = Field(max_length=8)
    reps: int | None = None
    seconds: int | None = None
    load_kg: Finite | None = None


class DraftHurt(_Shape):
    """A "this hurts" report during a set or a rest: how much, whether sharp, and what the runner chose."""

    round: int
    side: str = Field(max_length=8)
    pain: int
    sharp: bool
    level: int | None = Field(default=None, description="the ladder level it hurt at")
    choice: Literal["easier", "smaller-range", "stopped"] | None = Field(
        default=None, description="after a stop; null while the runner has not chosen, or when it went on"
    )


class DraftExercise(_Shape):
    """One exercise of the session: what was prescribed and what has been done so far.

    ``ladder_level`` is the level being done: after a stop for pain, the easier one the runner chose.
    """

    exercise_id: str = Field(max_length=80)
    ladder_level: int | None = None
    rounds: int
    sets: list[DraftSet] = Field(default_factory=list, max_length=MAX_SETS)
    load_kg: Finite | None = None
    pain_during: int | None = None
    rpe: int | None = None
    hurts: list[DraftHurt] = Field(default_factory=list, max_length=MAX_HURTS)


class DraftTimer(_Shape):
    """A countdown under way, kept by its end time so a reopened page picks it up where it is now.

    A hold of reps runs rep 1's hold, then for each later rep a gap and its hold, the last hold ending at
    ``ends_at_ms``; the rep, the phase (hold or gap) and the seconds left follow from the time alone.
    """

    kind: Literal["hold", "rest"]
    step: int = Field(ge=0)
    ends_at_ms: Finite  # milliseconds since 1970, the browser's Date.now() when the countdown ends
    seconds: int = Field(ge=0, le=measures.MAX_SECONDS, description="each rep's hold, or the rest")
    reps: int = Field(default=1, ge=1, le=measures.MAX_REPS)
    # A draft saved before the gap existed has none: its reps resume back to back, as they were started.
    gap_seconds: int = Field(default=0, ge=0, le=measures.MAX_SECONDS, description="the gap before each rep")


class DraftState(_Shape):
    """The player's state: the step it is on, the answers given and the sets done."""

    version: Literal[1] = 1
    kind: Literal["mobility", "strength"]
    step: int = Field(default=0, ge=0, le=10_000)
    baseline_pain: int | None = None
    exercises: list[DraftExercise] = Field(min_length=1, max_length=MAX_EXERCISES)
    pain_during: int | None = None
    rpe: int | None = None
    tightness: int | None = None
    timer: DraftTimer | None = None


@dataclass(frozen=True)
class Finished:
    """The session saved by a finish; ``replayed`` when an earlier try with the same key had saved it."""

    saved: SavedSession
    replayed: bool


@dataclass(frozen=True)
class Draft:
    state: DraftState
    started_at: datetime
    updated_at: datetime


def _check_exercises(app: Hipcoach, state: DraftState) -> None:
    circuit_blocks = {circuit.block for circuit in app.library.circuits.values()}
    for entry in state.exercises:
        exercise = app.library.exercises.get(entry.exercise_id)
        if exercise is None or exercise.block not in circuit_blocks:
            raise InvalidInput(f"session draft: {entry.exercise_id!r} is not an exercise of any session")


def has_draft(app: Hipcoach, profile_id: int) -> bool:
    """Whether a session is under way: the player asks for it only then (no 404 on every page load)."""
    with app.reading() as db:
        found = db.scalar(select(m.SessionDraft.id).where(m.SessionDraft.profile_id == profile_id))
    return found is not None


def get_draft(app: Hipcoach, profile_id: int) -> Draft | None:
    with app.reading() as db:
        row = db.scalar(select(m.SessionDraft).where(m.SessionDraft.profile_id == profile_id))
        if row is None:
            return None
        return Draft(DraftState.model_validate(row.state, strict=False), row.started_at, row.updated_at)


def save_draft(app: Hipcoach, profile_id: int, state: DraftState) -> Draft:
    """Keep the player's state, replacing the profile's draft; the first save marks the session's start."""
    _check_exercises(app, state)
    now = app.now()
    payload = state.model_dump(mode="json")
    for attempt in range(2):
        try:
            with app.transaction() as db:
                records.require_program(db, profile_id)
                row = db.scalar(select(m.SessionDraft).where(m.SessionDraft.profile_id == profile_id))
                if row is None:
                    row = m.SessionDraft(profile_id=profile_id, started_at=now)
                    db.add(row)
                row.kind = state.kind
                row.state = payload
                row.updated_at = now
                db.flush()
                return Draft(state, row.started_at, row.updated_at)
        except IntegrityError:
            # Two first saves raced to create the draft; the loser updates the winner's row.
            if attempt == 1:
                raise
    raise AssertionError("unreachable")


def discard_draft(app: Hipcoach, profile_id: int) -> bool:
    """Throw the draft away; False when there was none."""
    with app.transaction() as db:
        result = db.execute(delete(m.SessionDraft).where(m.SessionDraft.profile_id == profile_id))
        return bool(getattr(result, "rowcount", 0))


def finish_draft(app: Hipcoach, profile_id: int, client_key: str | None = None) -> Finished:
    """Turn the draft into a session and remove it, in one transaction; a refused value changes nothing.

    With ``client_key``, a session the phone already sent with that key is the answer, and nothing is saved.
    """
    for attempt in range(2):
        try:
            with app.transaction() as db:
                if client_key is not None:
                    hold_runner(db, profile_id)
                    earlier = session_with_key(db, profile_id, client_key)
                    if earlier is not None:
                        return Finished(earlier, replayed=True)
                # Removing the draft first takes the write lock at once (SQLite) and the row lock
                # (PostgreSQL), so a second "finish" from a double tap finds no draft instead of saving the
                # session twice.
                taken = db.execute(
                    delete(m.SessionDraft)
                    .where(m.SessionDraft.profile_id == profile_id)
                    .returning(m.SessionDraft.state, m.SessionDraft.started_at)
                ).first()
                if taken is None:
                    raise NotFound("there is no session under way to finish")
                state = DraftState.model_validate(taken.state, strict=False)
                saved = _store(app, db, profile_id, state, taken.started_at, app.now(), client_key)
                return Finished(saved, replayed=False)
        except IntegrityError:
            # The same key at once from two tries: the loser answers with the winner's session.
            if attempt == 1 or client_key is None:
                raise
    raise AssertionError("unreachable")


def finish_state(
    app: Hipcoach,
    profile_id: int,
    state: DraftState,
    client_key: str,
    started_at: datetime | None = None,
    finished_at: datetime | None = None,
    sent_at: datetime | None = None,
) -> Finished:
    """Save a session the phone kept itself (it was offline), checked as a draft's finish, and remove the
    draft on the server if there is one; sent again with the same key, it answers with the session saved.

    ``started_at`` and ``finished_at`` are the phone's: the session belongs to the day it was started, even
    when it reaches the server the next day. Without them, the server's draft's start, and now. With
    ``sent_at``, the phone's clock as it sent them, they are moved by that clock's difference to the
    server's: only how long ago the session was, by the phone, is trusted, not its date and time.
    """
    _check_exercises(app, state)
    now = app.now()
    if sent_at is not None:
        started_at, finished_at = (
            None if moment is None else moment + (now - sent_at) for moment in (started_at, finished_at)
        )
    if finished_at is not None and finished_at > now + PHONE_CLOCK_SLACK:
        raise InvalidInput("finished_at is in the future; check the phone's date and time")
    if started_at is not None and started_at < now - PHONE_KEEPS:
        raise InvalidInput(
            f"started_at is more than {PHONE_KEEPS.days} days ago: log a session that old with hipcoach log"
        )
    if started_at is not None and finished_at is not None and started_at > finished_at:
        raise InvalidInput("started_at is after finished_at")
    finished = min(finished_at, now) if finished_at is not None else now
    for attempt in range(2):
        try:
            with app.transaction() as db:
                hold_runner(db, profile_id)
                earlier = session_with_key(db, profile_id, client_key)
                if earlier is not None:
                    return Finished(earlier, replayed=True)
                taken = db.execute(
                    delete(m.SessionDraft)
                    .where(m.SessionDraft.profile_id == profile_id)
                    .returning(m.SessionDraft.started_at)
                ).first()
                began = started_at or (taken.started_at if taken is not None else finished)
                saved = _store(app, db, profile_id, state, min(began, finished), finished, client_key)
                return Finished(saved, replayed=False)
        except IntegrityError:
            if attempt == 1:
                raise
    raise AssertionError("unreachable")


def _store(
    app: Hipcoach,
    db: Session,
    profile_id: int,
    state: DraftState,
    started_at: datetime,
    finished_at: datetime,
    client_key: str | None,
) -> SavedSession:
    program = records.require_program(db, profile_id)
    if state.kind == "strength" and program.phase == Phase.MOBILITY:
        raise InvalidInput("strength sessions start in phase 2; phase 1 is mobility only")
    local = local_time(app, program.profile)
    limits = runner_overrides.limits_in(db, profile_id)  # a clinician's stricter pain maximum, if any
    record = to_record(app, state, started_at, finished_at, local, limits)
    validate(app, record, local.today)
    return store_session(app, db, profile_id, record, client_key)


def to_record(
    app: Hipcoach,
    state: DraftState,
    started_at: datetime,
    finished_at: datetime,
    local: LocalTime,
    limits: Limits | None = None,
) -> SessionRecord:
    """The session the draft describes; it is done on the runner's day it was started."""
    if state.baseline_pain is None:
        raise InvalidInput("pain before the session is missing: answer it before the first exercise")
    exercises = []
    notes = []
    for item in state.exercises:
        exercise = app.library.exercises.get(item.exercise_id)
        name = exercise.name if exercise is not None else item.exercise_id
        seen: set[tuple[int, str]] = set()
        for done in item.sets:
            if (done.round, done.side) in seen:
                raise InvalidInput(f"{name}: round {done.round}, {done.side} side is recorded twice")
            seen.add((done.round, done.side))
        stopped = False
        if exercise is not None:
            stopped, stop_notes = _hurts(exercise, item.hurts, limits)
            notes += stop_notes
        exercises.append(
            ExerciseRecord(
                exercise_id=item.exercise_id,
                ladder_level=item.ladder_level,
                rounds=item.rounds,
                sets=tuple(
                    SetRecord(
                        s.round,
                        s.side,
                        reps=s.reps,
                        seconds=s.seconds,
                        load_kg=s.load_kg if s.load_kg is not None else item.load_kg,
                    )
                    for s in sorted(item.sets, key=lambda s: (s.round, s.side))
                ),
                pain_during=_worst(item.pain_during, *(hurt.pain for hurt in item.hurts)),
                rpe=item.rpe,
                load_kg=item.load_kg,
                pain_stop=stopped,
            )
        )
    everything_reported = (hurt.pain for item in state.exercises for hurt in item.hurts)
    return SessionRecord(
        performed_on=local.date_of(started_at),
        kind=Block(state.kind),
        baseline_pain=state.baseline_pain,
        exercises=tuple(exercises),
        # The worst pain of the session is never below a pain reported during it.
        pain_during=_worst(state.pain_during, *everything_reported)
        if state.pain_during is not None
        else None,
        rpe=state.rpe,
        tightness=state.tightness,
        source="guided",
        started_at=started_at,
        finished_at=finished_at,
        notes=" ".join(notes),
    )


def _worst(*scores: int | None) -> int | None:
    return max((score for score in scores if score is not None), default=None)


def _hurts(
    exercise: Exercise, hurts: list[DraftHurt], limits: Limits | None = None
) -> tuple[bool, list[str]]:
    """Check an exercise's pain reports; whether one stopped it, and a note for each stop.

    The rule is applied here again: a report the rule says stops the exercise does, whatever the script did.
    """
    stopped = False
    notes = []
    for hurt in hurts:
        try:
            measures.scale(f"{exercise.name}: pain reported during", hurt.pain)
        except measures.InvalidMeasurement as error:
            raise InvalidInput(str(error)) from error
        if hurt.side not in exercise.sides:
            raise InvalidInput(
                f"{exercise.name}: side must be one of {', '.join(exercise.sides)}, got {hurt.side!r}"
            )
        if not pain_stop.verdict(hurt.pain, hurt.sharp, limits).stops:
            if hurt.choice is not None:
                raise InvalidInput(
                    f"{exercise.name}: pain of {hurt.pain}/10 that is not sharp does not stop the exercise, "
                    f"so there is nothing to choose (got {hurt.choice!r})"
                )
            continue
        stopped = True
        choice = pain_stop.Choice(hurt.choice or pain_stop.Choice.STOPPED)  # closed before choosing
        easier = pain_stop.easier_level(exercise, hurt.level)
        if choice is pain_stop.Choice.EASIER and easier is None:
            raise InvalidInput(f"{exercise.name} has no level easier than {hurt.level}")
        to_level = easier.level if easier is not None else None
        notes.append(pain_stop.stop_note(exercise.name, hurt.pain, hurt.sharp, choice, to_level, limits))
    return stopped, notes


def saved_session(app: Hipcoach, profile_id: int, session_id: int) -> SavedSession:
    """A session of this profile as it was saved: its day, kind and which exercises were at the full dose."""
    with app.reading() as db:
        row = records.get_session(db, profile_id, session_id)
        full = {exercise.exercise_id: exercise.full_dose for exercise in row.exercises}
        return SavedSession(row.id, row.performed_on, Block(row.kind), full)


def session_notes(app: Hipcoach, profile_id: int, session_id: int) -> str:
    """The notes kept with a session of this profile: the pain that stopped an exercise, and what was done."""
    with app.reading() as db:
        return records.get_session(db, profile_id, session_id).notes


def plan_of(app: Hipcoach, profile_id: int, state: DraftState) -> SessionPlan:
    """The session as the draft prescribed it, so a resumed draft shows what was started even if the
    program has moved on since."""
    _check_exercises(app, state)
    with app.reading() as db:
        phase = Phase(records.require_program(db, profile_id).phase)
    items = []
    for entry in state.exercises:
        exercise = app.library.exercises[entry.exercise_id]
        level = entry.ladder_level
        rung = exercise.level(level) if level is not None else None
        items.append(
            SessionItem(
                exercise=exercise,
                block=exercise.block,
                level=level,
                level_name=rung.name if rung is not None else None,
                dose=exercise.dose_at(level) if level is not None else exercise.dose,
                rounds=entry.rounds,
                rest_seconds=app.library.circuit_for(exercise.block).rest_seconds,
            )
        )
    return SessionPlan(phase, Block(state.kind), tuple(items))
