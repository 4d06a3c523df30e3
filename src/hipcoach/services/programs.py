"""The program: start it, pause and resume it, move through its phases, and show where it stands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from hipcoach.clock import LocalTime
from hipcoach.domain import phases
from hipcoach.domain.assessment.findings import Adaptation
from hipcoach.domain.content import Block
from hipcoach.domain.load import Advice
from hipcoach.domain.phases import Gate, Phase, PhaseChange
from hipcoach.domain.program import (
    LadderRow,
    ProgramSettings,
    SessionPlan,
    WeeklyPlan,
    adapt_session,
    initial_states,
    ladder,
    session_plan,
    todays_kind,
    weekly_plan,
    with_overrides,
)
from hipcoach.domain.progression import ExerciseState
from hipcoach.services import assessment_rows, load, records, runner_overrides
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import InvalidInput
from hipcoach.services.runner_time import local_time
from hipcoach.storage import models as m


@dataclass(frozen=True)
class PhaseStep:
    changed_at: datetime
    from_phase: int | None
    to_phase: int
    reason: str
    overridden_by: str | None
    override_reason: str | None


@dataclass(frozen=True)
class ProgramOverview:
    program_id: int
    status: str
    paused_reason: str | None
    phase: Phase
    started_on: date
    settings: ProgramSettings
    gate: Gate
    week: WeeklyPlan
    todays_kind: Block | None
    local: LocalTime  # the instant the overview was read, in the runner's zone
    states: dict[str, ExerciseState]
    history: tuple[PhaseStep, ...]
    adaptations: tuple[Adaptation, ...] = ()  # from the latest assessment
    load_advice: Advice | None = None  # pain or tightness up after a spike in running (BRIEF §8)
    assessed_on: date | None = None
    assessment_id: int | None = None
    # The strength ladder as the runner now does it, with what a clinician left out or swapped (every surface
    # reads this one; ``states`` stays the stored levels the rules decide on).
    ladder: tuple[LadderRow, ...] = ()

    @property
    def today(self) -> date:
        """The runner's today, in their zone."""
        return self.local.today

    @property
    def paused(self) -> bool:
        return self.status == "paused"


def start_program(app: Hipcoach, db: Session, profile: m.Profile, include_foot: bool) -> m.Program:
    program = m.Program(
        profile_id=profile.id,
        started_on=local_time(app, profile).today,
        status="active",
        phase=int(Phase.MOBILITY),
        include_foot=include_foot,
        created_at=app.now(),
    )
    db.add(program)
    db.flush()
    change = PhaseChange(None, Phase.MOBILITY, "Program started after a screening without red flags.")
    record_phase_change(app, program, change)
    return program


def record_phase_change(
    app: Hipcoach, program: m.Program, change: PhaseChange, checkin: m.Checkin | None = None
) -> None:
    """Move the program to a new phase, keeping the step in its history; strength phases get ladder states."""
    program.phase = int(change.to_phase)
    program.phase_changes.append(
        m.PhaseChange(
            changed_at=app.now(),
            from_phase=int(change.from_phase) if change.from_phase is not None else None,
            to_phase=int(change.to_phase),
            reason=change.reason,
            overridden_by=change.overridden_by,
            override_reason=change.override_reason,
            checkin_id=checkin.id if checkin is not None else None,
        )
    )
    if change.to_phase >= Phase.STRENGTH:
        have = {row.exercise_id for row in program.exercise_states}
        for exercise_id, state in initial_states(app.library).items():
            if exercise_id not in have:
                program.exercise_states.append(
                    m.ExerciseState(
                        exercise_id=exercise_id, ladder_level=state.ladder_level, rounds=state.rounds
                    )
                )


def advance_if_open(
    app: Hipcoach, db: Session, program: m.Program, checkin: m.Checkin | None = None
) -> PhaseChange | None:
    """Apply the current phase's gate: move on when it is open, return the change made (or None)."""
    db.flush()
    progress = records.phase_progress(db, program, app.library, local_time(app, program.profile))
    change = phases.advance(phases.gate(progress))
    if change is not None:
        record_phase_change(app, program, change, checkin)
    return change


def pause(program: m.Program, reason: str, at: datetime) -> None:
    """Pause the program from ``at``: it holds the runner until a clearance recorded after that."""
    program.status = "paused"
    program.paused_reason = reason
    program.paused_at = at


def resume(program: m.Program) -> None:
    """Run the program again; only a recorded clearance calls this (services.clearances)."""
    program.status = "active"
    program.paused_reason = None
    program.paused_at = None


def overview(app: Hipcoach, profile_id: int) -> ProgramOverview:
    with app.reading() as db:
        program = records.require_program(db, profile_id)
        return _overview(app, db, program)


def _overview(app: Hipcoach, db: Session, program: m.Program) -> ProgramOverview:
    settings = records.program_settings(program)
    phase = Phase(program.phase)
    local = local_time(app, program.profile)
    today = local.today
    week = weekly_plan(phase, settings, load.placement_for(db, program.profile, program, today))
    assessed = assessment_rows.latest_row(db, program.profile_id)
    states = records.exercise_states(program, app.library)
    changed = runner_overrides.exercises_in(db, program.profile_id)  # a clinician's exclusions and swaps
    return ProgramOverview(
        program_id=program.id,
        status=program.status,
        paused_reason=program.paused_reason,
        phase=phase,
        started_on=program.started_on,
        settings=settings,
        gate=phases.gate(records.phase_progress(db, program, app.library, local)),
        week=week,
        todays_kind=todays_kind(week, today),
        local=local,
        states=states,
        ladder=ladder(states, app.library, changed.excluded, changed.swaps),
        history=tuple(
            PhaseStep(c.changed_at, c.from_phase, c.to_phase, c.reason, c.overridden_by, c.override_reason)
            for c in program.phase_changes
        ),
        adaptations=assessment_rows.result_of(assessed).adaptations if assessed is not None else (),
        assessed_on=assessed.assessed_on if assessed is not None else None,
        assessment_id=assessed.id if assessed is not None else None,
        load_advice=load.advice_now(db, program.profile, today),
    )


def plan_session(app: Hipcoach, profile_id: int, kind: Block | None = None) -> SessionPlan:
    """Today's session: the planned kind for today, or the one asked for; mobility on a day off."""
    # Not overview(): its phase gate reads the whole phase's history, which a plan does not need.
    with app.reading() as db:
        program = records.require_program(db, profile_id)
        if program.status == "paused":
            why = (program.paused_reason or "").rstrip(".")
            raise InvalidInput(
                f"the program is paused: {why}. A clinician's clearance lifts the pause: record it on the "
                "program page or with hipcoach clear"
            )
        phase = Phase(program.phase)
        settings = records.program_settings(program)
        states = records.exercise_states(program, app.library)
        assessed = assessment_rows.latest_row(db, profile_id)
        adaptations = assessment_rows.result_of(assessed).adaptations if assessed is not None else ()
        changed = runner_overrides.exercises_in(db, profile_id)  # a clinician's exclusions and swaps
        if kind is None:
            today = local_time(app, program.profile).today
            placement = load.placement_for(db, program.profile, program, today)
            kind = todays_kind(weekly_plan(phase, settings, placement), today) or Block.MOBILITY
    if kind is Block.STRENGTH and phase is Phase.MOBILITY:
        raise InvalidInput("strength sessions start in phase 2; phase 1 is mobility only")
    plan = adapt_session(session_plan(phase, kind, app.library, states, settings), adaptations, app.library)
    return with_overrides(plan, changed.excluded, changed.swaps, app.library)


def override_phase(app: Hipcoach, profile_id: int, to_phase: int, by: str, reason: str) -> PhaseChange:
    """A clinician's (or the runner's) recorded decision to set the phase."""
    with app.transaction() as db:
        return set_phase(app, records.require_program(db, profile_id), to_phase, by, reason)


def set_phase(app: Hipcoach, program: m.Program, to_phase: int, by: str, reason: str) -> PhaseChange:
    """``override_phase`` inside a use case's own transaction (a clinician's action writes more with it)."""
    try:
        change = phases.override(Phase(program.phase), to_phase, by, reason)
    except phases.InvalidOverride as error:
        raise InvalidInput(str(error)) from error
    record_phase_change(app, program, change)
    return change


def configure(
    app: Hipcoach,
    profile_id: int,
    strength_days_per_week: int | None = None,
    include_core: bool | None = None,
) -> ProgramOverview:
    """Change how many strength days a week (2-3) and whether the core circuit is included."""
    with app.transaction() as db:
        program = records.require_program(db, profile_id)
        set_settings(program, strength_days_per_week, include_core)
        db.flush()
        return _overview(app, db, program)


def set_settings(
    program: m.Program, strength_days_per_week: int | None = None, include_core: bool | None = None
) -> None:
    """``configure`` inside a use case's own transaction."""
    if strength_days_per_week is not None:
        if not 1 <= strength_days_per_week <= 3:
            raise InvalidInput(f"strength days per week must be 1, 2 or 3, got {strength_days_per_week}")
        program.strength_days_per_week = strength_days_per_week
    if include_core is not None:
        program.include_core = include_core
