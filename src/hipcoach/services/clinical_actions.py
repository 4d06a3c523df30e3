"""A clinician's changes to a runner's program (BRIEF §10, issue 16 item 4), each one transaction.

Every action first checks the runner's consent (``care.require_care``: NotFound without it, nothing written),
then changes the program, writes a ``ClinicalAction`` row (who, when, what before and after, why) and a
"change" line of the audit log the runner reads. A refused action raises before the transaction commits, so
nothing of it is stored. What a clinician set is read back by the rules through ``services.runner_overrides``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hipcoach.domain import overrides
from hipcoach.domain import rules as R
from hipcoach.domain.content import Block, Exercise, Library
from hipcoach.domain.phases import Phase
from hipcoach.domain.program import role
from hipcoach.services import assessments, clearances, programs, records, runner_overrides
from hipcoach.services.assessment_input import AssessmentRecord
from hipcoach.services.care import ClinicianView, not_in_caseload, record_audit, require_care
from hipcoach.services.clinic import caseload_profile_ids
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import Conflict, InvalidInput, NotFound
from hipcoach.services.runner_time import local_time
from hipcoach.storage import models as m

REASON_MAX = 1000  # characters, after trimming
SESSION_BLOCKS = (Block.MOBILITY, Block.STRENGTH, Block.CORE, Block.FOOT)  # circuits a session is built from

Reason = Annotated[
    str, Field(description=f"why, in the clinician's words (required, at most {REASON_MAX} chars)")
]
ExerciseRef = Annotated[str, Field(max_length=80, description="an exercise id (or its name)")]


class _Action(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    reason: Reason


class ClearAction(_Action):
    """Clear the pause or red flag that holds the runner: the clearance record of the safety net."""

    kind: Literal["clearance"] = "clearance"
    cleared_on: date | None = Field(None, description="the day of the clearance; default: the runner's today")


class AssessmentAction(_Action):
    """Enter an assessment as the tester (the tester is the clinician, whatever the record says)."""

    kind: Literal["assessment"] = "assessment"
    record: AssessmentRecord


class PhaseAction(_Action):
    kind: Literal["phase"] = "phase"
    phase: int = Field(description="1 to 4")


class LadderAction(_Action):
    """Set a strength exercise's ladder level and/or rounds."""

    kind: Literal["ladder"] = "ladder"
    exercise: ExerciseRef
    level: int | None = Field(None, description="a level of the exercise's ladder")
    rounds: int | None = Field(None, description=f"{R.STRENGTH_ROUNDS_MIN} to {R.STRENGTH_ROUNDS_MAX}")


class ExcludeAction(_Action):
    kind: Literal["exclude"] = "exclude"
    exercise: ExerciseRef


class SwapAction(_Action):
    """Do another exercise of the same role in this one's place."""

    kind: Literal["swap"] = "swap"
    exercise: ExerciseRef
    instead: ExerciseRef = Field(description="the exercise done in its place")


class RestoreAction(_Action):
    """Put a left-out or swapped exercise back."""

    kind: Literal["restore"] = "restore"
    exercise: ExerciseRef


class StrengthDaysAction(_Action):
    kind: Literal["strength-days"] = "strength-days"
    days: int = Field(description="strength days a week")


class ThresholdAction(_Action):
    """Make a [V]/[S] safety threshold stricter for this runner, or change a [D] rule."""

    kind: Literal["threshold"] = "threshold"
    threshold: str = Field(max_length=40, description="a threshold id (hipcoach clinic thresholds)")
    value: int


ClinicalActionInput = Annotated[
    ClearAction
    | AssessmentAction
    | PhaseAction
    | LadderAction
    | ExcludeAction
    | SwapAction
    | RestoreAction
    | StrengthDaysAction
    | ThresholdAction,
    Field(discriminator="kind"),
]


@dataclass(frozen=True)
class ActionView:
    """One clinical action as the runner and the clinician see it."""

    id: int
    at: datetime
    on: date  # the runner's day
    by_name: str
    by_profession: str
    kind: str
    target: str | None
    value: dict[str, Any]
    what: str  # "Runner's lunge moved down to level 2"
    reason: str

    @property
    def signature(self) -> str:
        return f"{self.by_name}, {self.by_profession}"

    @property
    def sentence(self) -> str:
        """ "Set by Sam Ortiz, PT on 2 Dec 2026: Runner's lunge moved down to level 2 — knee pain"."""
        verb = "Cleared" if self.kind == "clearance" else "Entered" if self.kind == "assessment" else "Set"
        return f"{verb} by {self.signature} on {day_text(self.on)}: {self.what} — {self.reason}"


def day_text(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


# --- acting -------------------------------------------------------------------------------------------------


def act(
    app: Hipcoach, clinician: ClinicianView, profile_id: int, action: ClinicalActionInput, channel: str
) -> ActionView:
    """Carry out one clinical action for a runner who consented, with its record and audit line."""
    return act_many(app, clinician, profile_id, [action], channel)[0]


def act_many(
    app: Hipcoach,
    clinician: ClinicianView,
    profile_id: int,
    actions: Sequence[ClinicalActionInput],
    channel: str,
) -> list[ActionView]:
    """Several actions in one transaction, in order: all of them are made, or none when one is refused."""
    with app.transaction() as db:
        require_care(db, clinician.id, profile_id)
        return [_act_in(app, db, clinician, profile_id, action, channel) for action in actions]


def _act_in(
    app: Hipcoach,
    db: Session,
    clinician: ClinicianView,
    profile_id: int,
    action: ClinicalActionInput,
    channel: str,
) -> ActionView:
    reason = check_reason(action.reason)
    target, value, what = _DO[action.kind](app, db, clinician, profile_id, action, reason)
    row = m.ClinicalAction(
        profile_id=profile_id,
        clinician_id=clinician.id,
        by_name=clinician.name,
        by_profession=clinician.profession,
        at=app.now(),
        kind=action.kind,
        target=target,
        value={**value, "what": what},
        reason=reason,
    )
    db.add(row)
    db.flush()
    for override in db.scalars(
        select(m.RunnerOverride).where(
            m.RunnerOverride.profile_id == profile_id, m.RunnerOverride.action_id.is_(None)
        )
    ):
        override.action_id = row.id
    record_audit(db, profile_id, clinician, "change", f"{what} — {reason}", channel, app.now())
    return _view(row, local_time(app, _profile(db, profile_id)).date_of(row.at), what)


def check_reason(reason: str) -> str:
    text = reason.strip()
    if not text:
        raise InvalidInput("a reason is required: say in a few words why you made this change")
    if len(text) > REASON_MAX:
        raise InvalidInput(f"the reason is {len(text)} characters long; keep it to {REASON_MAX}")
    return text


Done = tuple[str | None, dict[str, Any], str]  # target, value {before, after}, what changed in words


def _clear(app: Hipcoach, db: Session, who: ClinicianView, profile_id: int, action: Any, reason: str) -> Done:
    today = local_time(app, _profile(db, profile_id)).today
    entry = clearances.ClearanceInput(who.name, who.profession, action.cleared_on or today, reason)
    report = clearances.clear_in(app, db, profile_id, entry, who.user_id, self_reported=False)
    lifted = [*report.clearance.lifted_reported, *report.clearance.lifted_pauses]
    value = {"before": "on hold", "after": report.after.value, "clearance_id": report.clearance.clearance_id}
    return None, value, f"the hold is lifted ({'; '.join(lifted) or 'the pause'})"


def _assessment(
    app: Hipcoach, db: Session, who: ClinicianView, profile_id: int, action: Any, reason: str
) -> Done:
    today = local_time(app, _profile(db, profile_id)).today
    record = action.record.model_copy(update={"tester": who.signature})
    assessments.validate(app, record, today)
    saved = assessments.record_in(app, db, profile_id, record, today)
    day = record.day(today)
    value = {"before": None, "after": saved.view.id, "on": day.isoformat()}
    return None, value, f"assessment of {day_text(day)} entered, {who.signature} as the tester"


def _phase(app: Hipcoach, db: Session, who: ClinicianView, profile_id: int, action: Any, reason: str) -> Done:
    program = _program(db, profile_id)
    before = program.phase
    change = programs.set_phase(app, program, action.phase, who.signature, reason)
    return None, {"before": before, "after": int(change.to_phase)}, f"phase set to {change.to_phase.title}"


def _ladder(
    app: Hipcoach, db: Session, who: ClinicianView, profile_id: int, action: Any, reason: str
) -> Done:
    program = _program(db, profile_id)
    exercise = find_exercise(app.library, action.exercise)
    state = next((row for row in program.exercise_states if row.exercise_id == exercise.id), None)
    if exercise.block is not Block.STRENGTH or state is None:
        if exercise.block is Block.STRENGTH:
            raise Conflict("strength exercises start in phase 2: set the phase first")
        raise InvalidInput(f"{exercise.name} has no ladder or rounds to set: only strength exercises have")
    if action.level is None and action.rounds is None:
        raise InvalidInput("give a level, a number of rounds, or both")
    levels = [rung.level for rung in exercise.ladder]
    if action.level is not None and action.level not in levels:
        raise InvalidInput(
            f"{exercise.name} has levels {R.span(min(levels), max(levels))}; there is no level {action.level}"
        )
    if action.rounds is not None and not R.STRENGTH_ROUNDS_MIN <= action.rounds <= R.STRENGTH_ROUNDS_MAX:
        raise InvalidInput(
            f"rounds must be {R.span(R.STRENGTH_ROUNDS_MIN, R.STRENGTH_ROUNDS_MAX)}, got {action.rounds}"
        )
    before = {"level": state.ladder_level, "rounds": state.rounds}
    words = []
    if action.level is not None and action.level != state.ladder_level:
        way = "up" if action.level > state.ladder_level else "down"
        rung = exercise.level(action.level)
        named = f" ({rung.name})" if rung is not None else ""
        words.append(f"moved {way} to level {action.level}{named}")
        state.ladder_level = action.level
    if action.rounds is not None and action.rounds != state.rounds:
        words.append(f"set to {action.rounds} rounds")
        state.rounds = action.rounds
    if not words:
        raise InvalidInput(f"{exercise.name} is already at level {state.ladder_level}, {state.rounds} rounds")
    after = {"level": state.ladder_level, "rounds": state.rounds}
    return exercise.id, {"before": before, "after": after}, f"{exercise.name} {' and '.join(words)}"


def _exclude(
    app: Hipcoach, db: Session, who: ClinicianView, profile_id: int, action: Any, reason: str
) -> Done:
    exercise = _in_sessions(app.library, action.exercise)
    found = _overrides_for(db, profile_id, exercise.id)
    if "exclude" in found:
        raise Conflict(f"{exercise.name} is already left out")
    before = {"swap": found["swap"].value} if "swap" in found else None
    _drop(db, profile_id, exercise.id)
    db.add(m.RunnerOverride(profile_id=profile_id, kind="exclude", key=exercise.id, value=True))
    return exercise.id, {"before": before, "after": "excluded"}, f"{exercise.name} left out of your sessions"


def _swap(app: Hipcoach, db: Session, who: ClinicianView, profile_id: int, action: Any, reason: str) -> Done:
    exercise = _in_sessions(app.library, action.exercise)
    other = find_exercise(app.library, action.instead)
    choices = swap_choices(app.library, exercise)
    if other.id == exercise.id:
        raise InvalidInput(f"a swap needs another exercise than {exercise.name}")
    if role(other) is not role(exercise):
        raise InvalidInput(
            f"{other.name} is a {role(other).value} exercise and {exercise.name} a {role(exercise).value} "
            f"one: a swap keeps the same role. Choose from: {', '.join(e.name for e in choices)}"
        )
    if other not in choices:
        raise InvalidInput(
            f"{other.name} is already in the {role(exercise).value} circuit, so it cannot stand in"
        )
    found = _overrides_for(db, profile_id, exercise.id)
    if "swap" in found and found["swap"].value == other.id:
        raise Conflict(f"{exercise.name} is already swapped for {other.name}")
    before = found["swap"].value if "swap" in found else ("excluded" if "exclude" in found else None)
    _drop(db, profile_id, exercise.id)
    db.add(m.RunnerOverride(profile_id=profile_id, kind="swap", key=exercise.id, value=other.id))
    return exercise.id, {"before": before, "after": other.id}, f"{other.name} in place of {exercise.name}"


def _restore(
    app: Hipcoach, db: Session, who: ClinicianView, profile_id: int, action: Any, reason: str
) -> Done:
    exercise = find_exercise(app.library, action.exercise)
    found = _overrides_for(db, profile_id, exercise.id)
    if not found:
        raise Conflict(f"{exercise.name} is neither left out nor swapped, so there is nothing to restore")
    before = found["swap"].value if "swap" in found else "excluded"
    _drop(db, profile_id, exercise.id)
    return exercise.id, {"before": before, "after": None}, f"{exercise.name} back in your sessions"


def _strength_days(
    app: Hipcoach, db: Session, who: ClinicianView, profile_id: int, action: Any, reason: str
) -> Done:
    program = _program(db, profile_id)
    before = program.strength_days_per_week
    if action.days == before:
        raise InvalidInput(f"strength days are already {before} a week")
    programs.set_settings(program, strength_days_per_week=action.days)
    return None, {"before": before, "after": action.days}, f"strength days set to {action.days} a week"


def _threshold(
    app: Hipcoach, db: Session, who: ClinicianView, profile_id: int, action: Any, reason: str
) -> Done:
    try:
        spec = overrides.threshold(action.threshold)
        value = overrides.check_value(spec, action.value, evidence_tags(app.library))
        current = runner_overrides.limits_in(db, profile_id)
        overrides.check_limits(replace(current, **{spec.field: value}))
    except overrides.InvalidThreshold as error:
        raise InvalidInput(str(error)) from error
    before = getattr(current, spec.field)
    if value == before:
        raise InvalidInput(f"{spec.id} is already {value} for this runner")
    db.execute(
        delete(m.RunnerOverride).where(
            m.RunnerOverride.profile_id == profile_id,
            m.RunnerOverride.kind == "threshold",
            m.RunnerOverride.key == spec.id,
        )
    )
    if value != spec.default:  # back at the rule's own number, nothing is stored
        db.add(m.RunnerOverride(profile_id=profile_id, kind="threshold", key=spec.id, value=value))
    words = f"{spec.label}: {before}{spec.unit} to {value}{spec.unit}"
    return spec.id, {"before": before, "after": value}, words


_DO = {
    "clearance": _clear,
    "assessment": _assessment,
    "phase": _phase,
    "ladder": _ladder,
    "exclude": _exclude,
    "swap": _swap,
    "restore": _restore,
    "strength-days": _strength_days,
    "threshold": _threshold,
}


# --- reading ------------------------------------------------------------------------------------------------


def actions_of(app: Hipcoach, profile_id: int) -> list[ActionView]:
    """The clinical actions on this runner, newest first (the runner's own, or a clinician with consent)."""
    with app.reading() as db:
        local = local_time(app, _profile(db, profile_id))
        rows = db.scalars(
            select(m.ClinicalAction)
            .where(m.ClinicalAction.profile_id == profile_id)
            .order_by(m.ClinicalAction.at.desc(), m.ClinicalAction.id.desc())
        )
        return [_view(row, local.date_of(row.at)) for row in rows]


@dataclass(frozen=True)
class StrengthLine:
    exercise: Exercise
    level: int
    rounds: int
    ladder: tuple[tuple[int, str], ...]  # (level, name)


@dataclass(frozen=True)
class ThresholdLine:
    spec: overrides.Threshold
    tag: str
    default: int
    current: int

    @property
    def safety(self) -> bool:
        return self.tag in overrides.SAFETY_TAGS


@dataclass(frozen=True)
class Prescription:
    """What the prescribe page shows: the runner's program as a clinician may change it."""

    name: str
    has_program: bool
    on_hold: bool
    phase: Phase | None
    strength_days: int | None
    strength: tuple[StrengthLine, ...]
    excluded: tuple[Exercise, ...]
    swaps: tuple[tuple[Exercise, Exercise], ...]
    in_sessions: tuple[tuple[Exercise, tuple[Exercise, ...]], ...]  # each exercise and its same-role choices
    thresholds: tuple[ThresholdLine, ...]


def prescription(app: Hipcoach, profile_id: int) -> Prescription:
    """Read for a clinician whose consent the caller checked (and logged the read)."""
    library = app.library
    hold = clearances.standing_of(app, profile_id)
    with app.reading() as db:
        program = records.live_program(db, profile_id)
        limits = runner_overrides.limits_in(db, profile_id)
        changed = runner_overrides.exercises_in(db, profile_id)
        strength: tuple[StrengthLine, ...] = ()
        if program is not None:
            strength = tuple(
                StrengthLine(
                    library.exercises[row.exercise_id],
                    row.ladder_level,
                    row.rounds,
                    tuple((rung.level, rung.name) for rung in library.exercises[row.exercise_id].ladder),
                )
                for row in sorted(program.exercise_states, key=lambda r: r.exercise_id)
                if row.exercise_id in library.exercises
            )
        tags = evidence_tags(library)
        return Prescription(
            name=_profile(db, profile_id).name,
            has_program=program is not None,
            on_hold=hold.on_hold,
            phase=Phase(program.phase) if program is not None else None,
            strength_days=program.strength_days_per_week if program is not None else None,
            strength=strength,
            excluded=tuple(library.exercises[i] for i in sorted(changed.excluded) if i in library.exercises),
            swaps=tuple(
                (library.exercises[a], library.exercises[b])
                for a, b in sorted(changed.swaps.items())
                if a in library.exercises and b in library.exercises
            ),
            in_sessions=tuple((e, tuple(swap_choices(library, e))) for e in session_exercises(library)),
            thresholds=tuple(
                ThresholdLine(spec, overrides.tag_of(spec, tags), spec.default, getattr(limits, spec.field))
                for spec in overrides.THRESHOLDS
            ),
        )


# --- the content, as the actions name it -----------------------------------------------------------------


def evidence_tags(library: Library) -> dict[str, str]:
    return {evidence.id: evidence.tag.value for evidence in library.evidence.values()}


def find_exercise(library: Library, text: str) -> Exercise:
    """An exercise by its id or its name (any case)."""
    key = text.strip().lower()
    for exercise in library.exercises.values():
        if key in (exercise.id, exercise.name.lower()):
            return exercise
    raise InvalidInput(f"no exercise {text!r}: use an id from hipcoach exercises (e.g. runners-lunge)")


def session_exercises(library: Library) -> list[Exercise]:
    """The exercises a session is built from, circuit by circuit."""
    found = []
    for block in SESSION_BLOCKS:
        found += [library.exercises[i] for i in library.circuit_for(block).exercise_ids]
    return found


def swap_choices(library: Library, exercise: Exercise) -> list[Exercise]:
    """Exercises that may stand in for ``exercise``: the same role, not already in its circuit."""
    in_circuit = set(library.circuit_for(role(exercise)).exercise_ids)
    return [
        other
        for other in library.exercises.values()
        if role(other) is role(exercise) and other.id not in in_circuit
    ]


def _in_sessions(library: Library, text: str) -> Exercise:
    exercise = find_exercise(library, text)
    if exercise not in session_exercises(library):
        raise InvalidInput(
            f"{exercise.name} is not part of the runner's circuits, so it cannot be left out or swapped"
        )
    return exercise


def _overrides_for(db: Session, profile_id: int, exercise_id: str) -> dict[str, m.RunnerOverride]:
    rows = db.scalars(
        select(m.RunnerOverride).where(
            m.RunnerOverride.profile_id == profile_id,
            m.RunnerOverride.key == exercise_id,
            m.RunnerOverride.kind.in_(("exclude", "swap")),
        )
    )
    return {row.kind: row for row in rows}


def _drop(db: Session, profile_id: int, exercise_id: str) -> None:
    db.execute(
        delete(m.RunnerOverride).where(
            m.RunnerOverride.profile_id == profile_id,
            m.RunnerOverride.key == exercise_id,
            m.RunnerOverride.kind.in_(("exclude", "swap")),
        )
    )
    db.flush()


def _program(db: Session, profile_id: int) -> m.Program:
    program = records.live_program(db, profile_id)
    if program is None:
        raise Conflict("this runner has no program yet: it starts after a screening without red flags")
    return program


def _profile(db: Session, profile_id: int) -> m.Profile:
    profile = db.get(m.Profile, profile_id)
    if profile is None:
        raise not_in_caseload(profile_id)
    return profile


def _view(row: m.ClinicalAction, on: date, what: str | None = None) -> ActionView:
    return ActionView(
        id=row.id,
        at=row.at,
        on=on,
        by_name=row.by_name,
        by_profession=row.by_profession,
        kind=row.kind,
        target=row.target,
        value=dict(row.value or {}),
        what=what if what is not None else str((row.value or {}).get("what", row.kind)),
        reason=row.reason,
    )


def runner_in_caseload(app: Hipcoach, clinician: ClinicianView, name_or_id: str) -> int:
    """A runner of this clinician's caseload by profile id or name (any case); NotFound for anyone else."""
    key = name_or_id.strip()
    with app.reading() as db:
        ids = caseload_profile_ids(db, clinician.id)
        if key.isdigit() and int(key) in ids:
            return int(key)
        names = db.execute(select(m.Profile.id, m.Profile.name).where(m.Profile.id.in_(ids))).all()
        found = [int(row.id) for row in names if row.name.lower() == key.lower()]
        if len(found) == 1:
            return found[0]
    raise NotFound(
        f"no runner {name_or_id!r} in your caseload: use a name or id from hipcoach clinic caseload"
    )
