"""The program for a phase: the week's plan and the exercises of today's session, in order and with doses."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from hipcoach.domain import rules as R
from hipcoach.domain.assessment.findings import Adaptation, Emphasis
from hipcoach.domain.content import Block, Dose, Exercise, Library
from hipcoach.domain.phases import Phase
from hipcoach.domain.progression import ExerciseState
from hipcoach.domain.week import WeekPlacement

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Strength days spread so at least 48 h separate them (BRIEF §8 [S]); Monday = 0.
_STRENGTH_DAYS = {1: (2,), 2: (0, 3), 3: (0, 2, 4)}
# Mobility-only days, in the order they are added, chosen to spread the week [D].
_MOBILITY_ONLY_ORDER = (5, 1, 6, 3, 2, 4, 0)
_PHASE1_MOBILITY_DAYS = (0, 2, 4, 6)
_MOBILITY_SESSIONS_TARGET = 4  # at least 3 a week (BRIEF §4.5); one spare so a missed day still makes 3


# BRIEF §5 [D]: with this screening sign, kneeling exercises carry a padding cue and offer a standing version.
KNEE_PAIN_SIGN = "knee-pain"


@dataclass(frozen=True)
class ProgramSettings:
    strength_days_per_week: int = R.STRENGTH_SESSIONS_MIN
    include_core: bool = True
    include_foot: bool = False
    knee_pain: bool = False  # the knee-pain sign at the latest screening: kneeling exercises get knee care


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


def weekly_plan(
    phase: Phase, settings: ProgramSettings, placement: WeekPlacement | None = None
) -> WeeklyPlan:
    """Mobility at least three times, strength two to three times (one to two in maintenance), 48 h apart.

    With the runner's training week, the days are those ``domain.week.place_sessions`` chose around the runs.
    """
    strength_days: tuple[int, ...] = _STRENGTH_DAYS.get(strength_sessions_per_week(phase, settings), ())
    if placement is not None:
        strength_days = placement.strength_weekdays if phase is not Phase.MOBILITY else ()
        mobility_days = set(placement.mobility_weekdays) | set(strength_days)
    elif phase is Phase.MOBILITY:
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
    if settings.knee_pain:
        rationale.append(R.RULES["plan.knee-care"].statement)
        evidence += R.RULES["plan.knee-care"].evidence
    if placement is not None:
        for rule_id in placement.rule_ids:
            rationale.append(R.RULES[rule_id].statement)
            evidence += R.RULES[rule_id].evidence
        rationale += placement.notes
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
    extra_side: str | None = None  # one more round on this side only: the weaker side from an assessment
    because: tuple[str, ...] = ()  # why an assessment changed this item

    @property
    def sides(self) -> tuple[str, ...]:
        return self.exercise.sides

    @property
    def dose_text(self) -> str:
        """One round's dose in words, per side where the sides work in turn ("3 clockwise + 3
        counter-clockwise circles each side")."""
        return self.dose.describe(each_side=self.sides != ("both",))

    def sides_in_round(self, round_number: int) -> tuple[str, ...]:
        if round_number <= self.rounds:
            return self.sides
        if round_number == self.rounds + 1 and self.extra_side is not None:
            return (self.extra_side,)
        return ()

    @property
    def rounds_to_do(self) -> tuple[tuple[int, tuple[str, ...]], ...]:
        """Every round in the order it is done, with its sides: the prescribed rounds, then the extra one on
        the weaker side. The command line, the web player and "done as prescribed" all walk this."""
        last = self.rounds + (1 if self.extra_side is not None else 0)
        return tuple((number, self.sides_in_round(number)) for number in range(1, last + 1))

    @property
    def set_count(self) -> int:
        return sum(len(sides) for _, sides in self.rounds_to_do)


@dataclass(frozen=True)
class SessionPlan:
    phase: Phase
    kind: Block
    items: tuple[SessionItem, ...]
    adaptations: tuple[Adaptation, ...] = ()  # from the latest assessment, applied to this session
    not_today: tuple[Adaptation, ...] = ()  # from the latest assessment, for the other kind of session

    def blocks(self) -> tuple[Block, ...]:
        return tuple(dict.fromkeys(item.block for item in self.items))


# How long a session takes [D], a hipcoach estimate for the calendar and the home screen, not a rule: one
# controlled rep, one circle of a circling move, and the moment to get into position or change sides.
SECONDS_PER_REP = 3
SECONDS_PER_CIRCLE = 4
SECONDS_TO_SET_UP = 10


def set_seconds(dose: Dose) -> int:
    """One side of one round: each rep with its hold, both directions of circles, or the hold alone.

    Held reps have the player's pause between them (``REP_REST_SECONDS``), as the runner does them.
    """
    if dose.circles_each_direction:
        return 2 * dose.circles_each_direction * SECONDS_PER_CIRCLE
    if dose.reps_per_side:
        pauses = (dose.reps_per_side - 1) * R.REP_REST_SECONDS if dose.hold_seconds else 0
        return dose.reps_per_side * (SECONDS_PER_REP + (dose.hold_seconds or 0)) + pauses
    return dose.hold_seconds or 0


def session_seconds(plan: SessionPlan) -> int:
    """Every set the session walks (``rounds_to_do``), each with its set-up, and the rests between rounds."""
    total = 0
    for item in plan.items:
        rounds = item.rounds_to_do
        total += item.set_count * (set_seconds(item.dose) + SECONDS_TO_SET_UP)
        total += max(len(rounds) - 1, 0) * item.rest_seconds
    return total


def session_minutes(plan: SessionPlan) -> int:
    """``session_seconds`` in whole minutes, rounded up: "about N minutes" never promises less."""
    return -(-session_seconds(plan) // 60)


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
    if settings.knee_pain:
        items = [with_knee_care(item) for item in items]
    return SessionPlan(phase, kind, tuple(items))


def with_knee_care(item: SessionItem) -> SessionItem:
    """A kneeling exercise for a runner with knee pain: pad the knee first, or do it standing (BRIEF §5)."""
    care = item.exercise.kneeling
    if care is None:
        return item
    padded = replace(item.exercise, cues=(care.padding, *item.exercise.cues))
    reason = f"because you have knee pain: pad the knee, or if kneeling still hurts, {care.standing}"
    return replace(item, exercise=padded, because=(*item.because, reason))


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


# Findings -> session (BRIEF §6, mapping [D]). Mobility emphasis: one more round of the move that works that
# range. Bridge and step-up: one more round of each (the bridge is added when the core circuit is off).
# Single-leg balance: the single-leg Romanian deadlift joins strength sessions. Extra round on the weaker
# side: every two-sided strength exercise gets one more round on that side only.
EMPHASIS_EXTRA_ROUND: Mapping[Emphasis, tuple[str, ...]] = {
    Emphasis.EXTENSION_RANGE_MOBILITY: ("half-kneeling-hip-flexor-mobilisation",),
    Emphasis.SOLEUS_MOBILITY: ("knee-to-wall-ankle-mobilisation",),
    Emphasis.HAMSTRING_MOBILITY: ("active-hamstring-mobilisation",),
    Emphasis.BRIDGE_AND_STEP_UP: ("step-up-knee-drive", "single-leg-glute-bridge"),
}
EMPHASIS_ADDED: Mapping[Emphasis, tuple[tuple[str, Block], ...]] = {
    Emphasis.BRIDGE_AND_STEP_UP: (("single-leg-glute-bridge", Block.CORE),),
    Emphasis.SINGLE_LEG_BALANCE: (("single-leg-romanian-deadlift", Block.ACCESSORY),),
}
STRENGTH_ONLY = frozenset(
    {Emphasis.EXTRA_ROUND_WEAKER_SIDE, Emphasis.BRIDGE_AND_STEP_UP, Emphasis.SINGLE_LEG_BALANCE}
)
EMPHASIS_ROUNDS_MAX = 5  # what a session record accepts per exercise


def adapt_session(plan: SessionPlan, adaptations: Sequence[Adaptation], library: Library) -> SessionPlan:
    """Apply an assessment's emphases to a session; each changed item says why.

    Two findings with the same emphasis (tight hip flexors on the Thomas test and short hip extension, say)
    change an exercise once and give both reasons.
    """
    if not adaptations:
        return plan
    items = list(plan.items)
    applied: list[Adaptation] = []
    later: list[Adaptation] = []
    seen: set[tuple[Emphasis, str]] = set()
    for adaptation in adaptations:
        if adaptation.emphasis in STRENGTH_ONLY and plan.kind is not Block.STRENGTH:
            later.append(adaptation)
            continue
        changed = _apply(items, adaptation, library, seen)
        (applied if changed else later).append(adaptation)
    return replace(plan, items=tuple(items), adaptations=tuple(applied), not_today=tuple(later))


def _apply(
    items: list[SessionItem], adaptation: Adaptation, library: Library, seen: set[tuple[Emphasis, str]]
) -> bool:
    emphasis = adaptation.emphasis
    changed = False
    present = {item.exercise.id for item in items}
    for exercise_id, block in EMPHASIS_ADDED.get(emphasis, ()):
        if exercise_id in present or exercise_id not in library.exercises:
            continue
        exercise = library.exercises[exercise_id]
        circuit = library.circuit_for(Block.STRENGTH if block is Block.ACCESSORY else block)
        items.insert(
            _after_strength(items),
            SessionItem(
                exercise,
                block,
                None,
                None,
                exercise.dose,
                circuit.rounds,
                circuit.rest_seconds,
                because=(adaptation.because,),
            ),
        )
        present.add(exercise_id)
        seen.add((emphasis, exercise_id))
        changed = True
    for index, item in enumerate(items):
        if emphasis is Emphasis.EXTRA_ROUND_WEAKER_SIDE:
            side = adaptation.side.value if adaptation.side is not None else None
            if item.block is not Block.STRENGTH or side not in item.sides or len(item.sides) < 2:
                continue
            if item.extra_side is None:
                items[index] = replace(item, extra_side=side, because=(*item.because, adaptation.because))
                changed = True
            continue
        if item.exercise.id not in EMPHASIS_EXTRA_ROUND.get(emphasis, ()):
            continue
        key = (emphasis, item.exercise.id)
        if adaptation.because in item.because:
            continue
        if key in seen:
            items[index] = replace(item, because=(*item.because, adaptation.because))
        elif item.rounds < EMPHASIS_ROUNDS_MAX:
            items[index] = replace(item, rounds=item.rounds + 1, because=(*item.because, adaptation.because))
            seen.add(key)
        changed = True
    return changed


def _after_strength(items: list[SessionItem]) -> int:
    """Where an added exercise goes: after the strength circuit, or at the end of the session."""
    last = max((i for i, item in enumerate(items) if item.block is Block.STRENGTH), default=len(items) - 1)
    return last + 1


def role(exercise: Exercise) -> Block:
    """The part of a session an exercise can take: its block; an accessory does strength work (BRIEF §10)."""
    return Block.STRENGTH if exercise.block is Block.ACCESSORY else exercise.block


def with_overrides(
    plan: SessionPlan, excluded: frozenset[str], swaps: Mapping[str, str], library: Library
) -> SessionPlan:
    """A clinician's changes to the runner's sessions: an excluded exercise is left out, a swapped one
    replaced in its place by the exercise done instead (at its lowest level, with the rounds it replaces)."""
    if not excluded and not swaps:
        return plan
    present = {item.exercise.id for item in plan.items}
    items: list[SessionItem] = []
    for item in plan.items:
        exercise_id = item.exercise.id
        if exercise_id in excluded:
            continue
        other_id = swaps.get(exercise_id)
        if other_id is None or other_id not in library.exercises:
            items.append(item)
            continue
        if other_id in present:  # already done in this session: doing it twice is not what was asked
            continue
        other = library.exercises[other_id]
        level = other.default_level if other.ladder else None
        rung = other.level(level) if level is not None else None
        items.append(
            replace(
                item,
                exercise=other,
                level=level,
                level_name=rung.name if rung is not None else None,
                dose=other.dose_at(level) if level is not None else other.dose,
                extra_side=item.extra_side if item.extra_side in other.sides else None,
                because=(*item.because, f"because your clinician put it in place of {item.exercise.name}"),
            )
        )
        present.add(other_id)
    return replace(plan, items=tuple(items))


@dataclass(frozen=True)
class LadderRow:
    """One strength exercise of the program's ladder as the runner now does it: on its level, left out by
    their clinician, or with another exercise in its place (BRIEF §10)."""

    exercise_id: str
    name: str
    level: int
    top_level: int
    level_name: str | None
    rounds: int
    left_out: bool = False
    instead_id: str | None = None  # the exercise done in its place
    instead_name: str | None = None

    @property
    def change(self) -> str | None:
        """The clinician's change in words; None when the runner climbs this ladder as planned."""
        if self.left_out:
            return "Left out by your clinician"
        if self.instead_name is not None:
            return f"Your clinician put {self.instead_name} in its place"
        return None


def ladder(
    states: Mapping[str, ExerciseState],
    library: Library,
    excluded: frozenset[str] = frozenset(),
    swaps: Mapping[str, str] | None = None,
) -> tuple[LadderRow, ...]:
    """The ladder with a clinician's changes read as ``with_overrides`` reads them for a session: an excluded
    exercise is left out (before any swap); a swap to an exercise the library has puts that one in its place.
    """
    swaps = swaps or {}
    rows = []
    for exercise_id, state in states.items():
        exercise = library.exercises.get(exercise_id)
        rung = exercise.level(state.ladder_level) if exercise is not None else None
        other = library.exercises.get(swaps.get(exercise_id, ""))
        left_out = exercise_id in excluded
        rows.append(
            LadderRow(
                exercise_id,
                exercise.name if exercise is not None else exercise_id,
                state.ladder_level,
                state.top_level,
                rung.name if rung is not None else None,
                state.rounds,
                left_out=left_out,
                instead_id=other.id if other is not None and not left_out else None,
                instead_name=other.name if other is not None and not left_out else None,
            )
        )
    return tuple(rows)
