"""The program for a phase: the week's plan and the exercises of today's session, in order and with doses."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from hipcoach.domain import rules as R
from hipcoach.domain.content import Block, Dose, Exercise, Library
from hipcoach.domain.phases import Phase
from hipcoach.domain.progression import ExerciseState

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Strength days spread so at least 48 h separate them (BRIEF §8 [S]); Monday = 0.
_STRENGTH_DAYS = {1: (2,), 2: (0, 3), 3: (0, 2, 4)}
# Mobility-only days, in the order they are added, chosen to spread the week [D].
_MOBILITY_ONLY_ORDER = (5, 1, 6, 3, 2, 4, 0)
_PHASE1_MOBILITY_DAYS = (0, 2, 4, 6)
_MOBILITY_SESSIONS_TARGET = 4  # at least 3 a week (BRIEF §4.5); one spare so a missed day still makes 3


@dataclass(frozen=True)
class ProgramSettings:
    strength_days_per_week: int = R.STRENGTH_SESSIONS_MIN
    include_core: bool = True
    include_foot: bool = False


@dataclass(frozen=True)
class PlannedDay:
    weekday: int
    blocks: tuple[Block, ...]

    @property
    def name(self) -> str:
        return WEEKDAYS[self.weekday]

    @property
    def kind(self) -> Block | None:
        """The session type of the day: strength days carry their mobility warm-up."""
        if Block.STRENGTH in self.blocks:
            return Block.STRENGTH
        if Block.MOBILITY in self.blocks:
            return Block.MOBILITY
        return None


@dataclass(frozen=True)
class WeeklyPlan:
    phase: Phase
    days: tuple[PlannedDay, ...]  # all seven, Monday first; empty blocks = rest from hipcoach work
    rationale: tuple[str, ...]
    evidence: tuple[str, ...]

    def day(self, weekday: int) -> PlannedDay:
        return self.days[weekday]

    def count(self, block: Block) -> int:
        return sum(1 for day in self.days if block in day.blocks)


def strength_sessions_per_week(phase: Phase, settings: ProgramSettings) -> int:
    if phase is Phase.MOBILITY:
        return 0
    if phase is Phase.MAINTENANCE:
        return min(settings.strength_days_per_week, R.MAINTENANCE_STRENGTH_SESSIONS_MAX)
    return max(R.STRENGTH_SESSIONS_MIN, min(settings.strength_days_per_week, R.STRENGTH_SESSIONS_MAX))


def weekly_plan(phase: Phase, settings: ProgramSettings) -> WeeklyPlan:
    """Mobility at least three times, strength two to three times (one to two in maintenance), 48 h apart."""
    strength_days = _STRENGTH_DAYS.get(strength_sessions_per_week(phase, settings), ())
    if phase is Phase.MOBILITY:
        mobility_days = set(_PHASE1_MOBILITY_DAYS)
    else:
        mobility_days = set(strength_days)
        for weekday in _MOBILITY_ONLY_ORDER:
            if len(mobility_days) >= _MOBILITY_SESSIONS_TARGET:
                break
            mobility_days.add(weekday)

    days = []
    for weekday in range(7):
        blocks: list[Block] = []
        if weekday in mobility_days:
            blocks.append(Block.MOBILITY)
        if weekday in strength_days:
            blocks.append(Block.STRENGTH)
            if settings.include_core:
                blocks.append(Block.CORE)
        if blocks and settings.include_foot:
            blocks.append(Block.FOOT)
        days.append(PlannedDay(weekday, tuple(blocks)))

    rationale = [R.RULES["method.mobility-first"].statement, R.RULES["dose.mobility-frequency"].statement]
    evidence = list(R.RULES["method.mobility-first"].evidence + R.RULES["dose.mobility-frequency"].evidence)
    if strength_days:
        for rule_id in ("dose.strength-frequency", "plan.strength-spacing"):
            rationale.append(R.RULES[rule_id].statement)
            evidence += R.RULES[rule_id].evidence
    if settings.include_foot:
        rationale.append(R.RULES["plan.foot-block"].statement)
        evidence += R.RULES["plan.foot-block"].evidence
    return WeeklyPlan(phase, tuple(days), tuple(rationale), tuple(dict.fromkeys(evidence)))


@dataclass(frozen=True)
class SessionItem:
    """One exercise of a session with everything needed to do it."""

    exercise: Exercise
    block: Block
    level: int | None
    level_name: str | None
    dose: Dose
    rounds: int
    rest_seconds: int

    @property
    def sides(self) -> tuple[str, ...]:
        return self.exercise.sides


@dataclass(frozen=True)
class SessionPlan:
    phase: Phase
    kind: Block
    items: tuple[SessionItem, ...]

    def blocks(self) -> tuple[Block, ...]:
        return tuple(dict.fromkeys(item.block for item in self.items))


# Phase 1 works the mobility circuit twice through; later it is a one-round warm-up [D].
PHASE1_MOBILITY_ROUNDS = 2
WARM_UP_MOBILITY_ROUNDS = 1


def initial_states(library: Library) -> dict[str, ExerciseState]:
    """Where each strength exercise starts when phase 2 opens: its default (lowest) level, two rounds."""
    return {
        exercise.id: ExerciseState(
            exercise.id, exercise.default_level, R.STRENGTH_ROUNDS_MIN, exercise.top_level
        )
        for exercise in library.strength_exercises()
    }


def session_plan(
    phase: Phase,
    kind: Block,
    library: Library,
    states: Mapping[str, ExerciseState],
    settings: ProgramSettings,
) -> SessionPlan:
    """The exercises of a mobility or strength session, in the order mobility -> strength -> core -> foot."""
    if kind is Block.STRENGTH and phase is Phase.MOBILITY:
        raise ValueError("strength sessions start in phase 2, after the mobility phase")
    if kind not in (Block.MOBILITY, Block.STRENGTH):
        raise ValueError(f"a session is either mobility or strength, not {kind.value}")

    items: list[SessionItem] = []
    mobility_rounds = PHASE1_MOBILITY_ROUNDS if kind is Block.MOBILITY else WARM_UP_MOBILITY_ROUNDS
    items += _circuit_items(library, Block.MOBILITY, mobility_rounds)
    if kind is Block.STRENGTH:
        fallback = initial_states(library)
        circuit = library.circuit_for(Block.STRENGTH)
        for exercise in library.strength_exercises():
            state = states.get(exercise.id, fallback[exercise.id])
            rung = exercise.level(state.ladder_level)
            items.append(
                SessionItem(
                    exercise=exercise,
                    block=Block.STRENGTH,
                    level=state.ladder_level,
                    level_name=rung.name if rung else None,
                    dose=exercise.dose_at(state.ladder_level),
                    rounds=state.rounds,
                    rest_seconds=circuit.rest_seconds,
                )
            )
        if settings.include_core:
            items += _circuit_items(library, Block.CORE, None)
    if settings.include_foot:
        items += _circuit_items(library, Block.FOOT, None)
    return SessionPlan(phase, kind, tuple(items))


def _circuit_items(library: Library, block: Block, rounds: int | None) -> list[SessionItem]:
    circuit = library.circuit_for(block)
    return [
        SessionItem(
            exercise=library.exercises[exercise_id],
            block=block,
            level=None,
            level_name=None,
            dose=library.exercises[exercise_id].dose,
            rounds=rounds if rounds is not None else circuit.rounds,
            rest_seconds=circuit.rest_seconds,
        )
        for exercise_id in circuit.exercise_ids
    ]


def todays_kind(plan: WeeklyPlan, today: date) -> Block | None:
    """The session planned for a date, or None on a day off from hipcoach work."""
    return plan.day(today.weekday()).kind


@dataclass(frozen=True)
class DoneSet:
    """One side of one round as it was done."""

    round: int
    side: str
    reps: int | None = None
    seconds: int | None = None


def is_full_dose(exercise: Exercise, level: int | None, rounds: int, done: list[DoneSet]) -> bool:
    """Every prescribed round and side was done with at least the prescribed reps, circles and hold."""
    dose = exercise.dose_at(level) if level is not None else exercise.dose
    wanted_reps = dose.reps_per_side or dose.circles_each_direction
    by_slot = {(s.round, s.side): s for s in done}
    for round_number in range(1, rounds + 1):
        for side in exercise.sides:
            entry = by_slot.get((round_number, side))
            if entry is None:
                return False
            if wanted_reps and (entry.reps or 0) < wanted_reps:
                return False
            if dose.hold_seconds and not dose.reps_per_side and (entry.seconds or 0) < dose.hold_seconds:
                return False
    return True
