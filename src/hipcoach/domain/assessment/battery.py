"""A battery of tests read from flat, named readings: one vocabulary for the forms, CLI, API and storage.

Every number a tester writes down has a key such as ``y-balance.left.anterior.2`` or
``dynamometry.hip-abductors.right.force``. A test counts as done when any of its keys is present; then all of
its keys must be. Problems are collected across the whole battery so a form can show them all at once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial
from typing import TypeVar

from hipcoach.domain.assessment.balance import LegReaches, Scoring, YBalanceResult, y_balance
from hipcoach.domain.assessment.change import Comparison, Measure, compare
from hipcoach.domain.assessment.common import AssessmentInputError, Flag, Sex, Side
from hipcoach.domain.assessment.findings import Adaptation, Finding, collect_findings, program_emphasis
from hipcoach.domain.assessment.flags import battery_flags
from hipcoach.domain.assessment.psfs import PSFS_MAX_ACTIVITIES, PsfsScore, psfs_score
from hipcoach.domain.assessment.ranges import (
    KNEE_TO_WALL_ADEQUATE_CM,
    HamstringResult,
    HipDirection,
    HipRangeResult,
    KneeToWallResult,
    ThomasResult,
    active_knee_extension,
    check_angle,
    hip_ranges,
    knee_to_wall,
    ranges_within_norms,
    thomas_test,
)
from hipcoach.domain.assessment.strength import (
    DynamometerReading,
    HamstringQuadricepsResult,
    MuscleGroup,
    StrengthResult,
    hamstring_quadriceps_ratio,
    measure_strength,
    torque_nm,
)

SIDES = (Side.LEFT, Side.RIGHT)
REACH_DIRECTIONS = ("anterior", "posteromedial", "posterolateral")
TRIALS = (1, 2, 3)
PSFS_SLOTS = tuple(range(1, PSFS_MAX_ACTIVITIES + 1))
PSFS_ACTIVITY_MAX_CHARS = 80

T = TypeVar("T")


class TestId(StrEnum):
    """The tests of BRIEF §6 and the PSFS of §7; the ids match the protocols in assessments.toml."""

    __test__ = False  # not a pytest test class, despite the name

    Y_BALANCE = "y-balance"
    HIP_RANGE = "hip-range"
    THOMAS = "thomas"
    ACTIVE_KNEE_EXTENSION = "active-knee-extension"
    STRAIGHT_LEG_RAISE = "straight-leg-raise"
    KNEE_TO_WALL = "knee-to-wall"
    DYNAMOMETRY = "dynamometry"
    PSFS = "psfs"


def slug(name: str) -> str:
    return name.replace(" ", "-")


@dataclass(frozen=True)
class FieldSpec:
    """One number to write down: its key, a label a person understands, and its unit."""

    key: str
    test: TestId
    label: str
    unit: str
    side: Side | None = None


def _fields() -> dict[TestId, tuple[FieldSpec, ...]]:
    specs: dict[TestId, list[FieldSpec]] = {test: [] for test in TestId}
    for side in SIDES:
        y = TestId.Y_BALANCE
        specs[y].append(FieldSpec(f"{y}.{side}.limb-length", y, f"{side} leg limb length", "cm", side))
        for direction in REACH_DIRECTIONS:
            for trial in TRIALS:
                specs[y].append(
                    FieldSpec(
                        f"{y}.{side}.{direction}.{trial}",
                        y,
                        f"{side} leg {direction} reach, trial {trial}",
                        "cm",
                        side,
                    )
                )
    for side in SIDES:
        for hip in HipDirection:
            specs[TestId.HIP_RANGE].append(
                FieldSpec(
                    f"hip-range.{side}.{slug(hip)}", TestId.HIP_RANGE, f"{side} hip {hip}", "degrees", side
                )
            )
    for side in SIDES:
        specs[TestId.THOMAS] += [
            FieldSpec(f"thomas.{side}.hip-angle", TestId.THOMAS, f"{side} hip angle", "degrees", side),
            FieldSpec(f"thomas.{side}.knee-flexion", TestId.THOMAS, f"{side} knee flexion", "degrees", side),
        ]
        specs[TestId.ACTIVE_KNEE_EXTENSION].append(
            FieldSpec(
                f"active-knee-extension.{side}",
                TestId.ACTIVE_KNEE_EXTENSION,
                f"{side} knee extension deficit",
                "degrees",
                side,
            )
        )
        specs[TestId.STRAIGHT_LEG_RAISE].append(
            FieldSpec(
                f"straight-leg-raise.{side}",
                TestId.STRAIGHT_LEG_RAISE,
                f"{side} leg raise angle",
                "degrees",
                side,
            )
        )
        specs[TestId.KNEE_TO_WALL].append(
            FieldSpec(
                f"knee-to-wall.{side}", TestId.KNEE_TO_WALL, f"{side} knee-to-wall distance", "cm", side
            )
        )
    for group in MuscleGroup:
        for side in SIDES:
            base = f"dynamometry.{slug(group)}.{side}"
            specs[TestId.DYNAMOMETRY] += [
                FieldSpec(f"{base}.force", TestId.DYNAMOMETRY, f"{side} {group} force", "N", side),
                FieldSpec(f"{base}.lever-arm", TestId.DYNAMOMETRY, f"{side} {group} lever arm", "cm", side),
            ]
    for slot in PSFS_SLOTS:
        specs[TestId.PSFS].append(FieldSpec(f"psfs.{slot}", TestId.PSFS, f"activity {slot} rating", "points"))
    return {test: tuple(found) for test, found in specs.items()}


FIELDS = _fields()
FIELD_BY_KEY = {spec.key: spec for specs in FIELDS.values() for spec in specs}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the readings; ``test`` says which screen of the battery to go back to."""

    test: TestId | None
    message: str


class InvalidBattery(ValueError):
    def __init__(self, problems: tuple[Problem, ...]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


@dataclass(frozen=True)
class BatteryInput:
    readings: Mapping[str, float]
    sex: Sex | None = None
    age_years: int | None = None
    body_mass_kg: float | None = None
    scoring: Scoring = Scoring.MEAN_OF_3
    psfs_activities: Mapping[int, str] = field(default_factory=dict)  # slot -> what the runner finds hard


@dataclass(frozen=True)
class MeasureValue:
    """One result worth following over time, with the error that decides whether a change is real."""

    key: str
    label: str
    value: float
    unit: str
    measure: Measure | None  # None: the brief gives no measurement error, so change is shown, not judged
    band: tuple[float, float] | None = None  # the reference band, where there is one
    reference: str | None = None  # what the value is read against, in words

    def __post_init__(self) -> None:
        if self.reference is None and self.band is not None:
            object.__setattr__(self, "reference", f"{self.band[0]:g}-{self.band[1]:g} {self.unit}")


@dataclass(frozen=True)
class BatteryResult:
    tests: tuple[TestId, ...]
    y_balance: YBalanceResult | None
    hip_range: HipRangeResult | None
    thomas: ThomasResult | None
    hamstrings: HamstringResult | None
    straight_leg_raise: Mapping[Side, float] | None
    knee_to_wall: KneeToWallResult | None
    strength: tuple[StrengthResult, ...]
    hamstring_quadriceps: tuple[HamstringQuadricepsResult, ...]
    psfs: PsfsScore | None
    psfs_activities: Mapping[int, str]
    flags: tuple[Flag, ...]
    findings: tuple[Finding, ...]
    adaptations: tuple[Adaptation, ...]
    measures: Mapping[str, MeasureValue]

    @property
    def ranges_within_norms(self) -> bool | None:
        """For the phase-1 gate; None unless all six hip directions were measured."""
        if self.hip_range is None:
            return None
        return ranges_within_norms(self.hip_range, self.thomas, self.hamstrings, self.knee_to_wall)


def tests_done(
    readings: Mapping[str, float], psfs_activities: Mapping[int, str] | None = None
) -> tuple[TestId, ...]:
    """The tests with at least one reading; a named PSFS activity counts too, so a missing rating shows."""
    named = any(name.strip() for name in (psfs_activities or {}).values())
    return tuple(
        test
        for test in TestId
        if any(spec.key in readings for spec in FIELDS[test]) or (test is TestId.PSFS and named)
    )


class _Problems:
    """Runs each test's scoring and keeps its input errors instead of stopping at the first."""

    def __init__(self) -> None:
        self.found: list[Problem] = []

    def run(self, test: TestId, score: Callable[[], T]) -> T | None:
        try:
            return score()
        except AssessmentInputError as error:
            self.found.append(Problem(test, str(error)))
            return None


def evaluate(given: BatteryInput) -> BatteryResult:
    """Score every test that was done, raise its flags and findings, or say everything that is wrong."""
    readings = given.readings
    problems = _Problems()
    for key in readings:
        if key not in FIELD_BY_KEY:
            problems.found.append(Problem(None, f"{key}: not a reading hipcoach knows"))
    done = tests_done(readings, given.psfs_activities)
    if not done and not problems.found:
        problems.found.append(Problem(None, "record at least one test"))
    run = problems.run
    get = readings.get

    y = hips = thomas = hamstrings = ankle = psfs = None
    slr: dict[Side, float] | None = None
    strength: list[StrengthResult] = []
    hq: list[HamstringQuadricepsResult] = []
    if TestId.Y_BALANCE in done:
        y = run(
            TestId.Y_BALANCE,
            lambda: y_balance(
                _leg(readings, Side.LEFT), _leg(readings, Side.RIGHT), _sex(given), given.scoring
            ),
        )
    if TestId.HIP_RANGE in done:
        hips = run(
            TestId.HIP_RANGE,
            lambda: hip_ranges(_hip_side(readings, Side.LEFT), _hip_side(readings, Side.RIGHT)),
        )
    if TestId.THOMAS in done:
        thomas = run(
            TestId.THOMAS,
            lambda: thomas_test(
                get("thomas.left.hip-angle"),
                get("thomas.left.knee-flexion"),
                get("thomas.right.hip-angle"),
                get("thomas.right.knee-flexion"),
            ),
        )
    if TestId.ACTIVE_KNEE_EXTENSION in done:
        hamstrings = run(
            TestId.ACTIVE_KNEE_EXTENSION,
            lambda: active_knee_extension(
                get("active-knee-extension.left"), get("active-knee-extension.right"), _sex(given)
            ),
        )
    if TestId.STRAIGHT_LEG_RAISE in done:
        slr = run(TestId.STRAIGHT_LEG_RAISE, lambda: _straight_leg_raise(readings))
    if TestId.KNEE_TO_WALL in done:
        ankle = run(
            TestId.KNEE_TO_WALL, lambda: knee_to_wall(get("knee-to-wall.left"), get("knee-to-wall.right"))
        )
    if TestId.DYNAMOMETRY in done:
        for group in _groups_done(readings):
            result = run(TestId.DYNAMOMETRY, partial(_strength, readings, given, group))
            if result is not None:
                strength.append(result)
        for side in SIDES:
            ratio = run(TestId.DYNAMOMETRY, partial(_hq, readings, side))
            if ratio is not None:
                hq.append(ratio)
    if TestId.PSFS in done:
        psfs = run(TestId.PSFS, lambda: _psfs(readings, given.psfs_activities))

    if problems.found:
        raise InvalidBattery(tuple(problems.found))
    findings = collect_findings(
        y_balance=y, thomas=thomas, hamstrings=hamstrings, ankle=ankle, strength=strength, hip_range=hips
    )
    return BatteryResult(
        tests=done,
        y_balance=y,
        hip_range=hips,
        thomas=thomas,
        hamstrings=hamstrings,
        straight_leg_raise=slr,
        knee_to_wall=ankle,
        strength=tuple(strength),
        hamstring_quadriceps=tuple(hq),
        psfs=psfs,
        psfs_activities={k: v for k, v in given.psfs_activities.items() if f"psfs.{k}" in readings},
        flags=battery_flags(y, hips, thomas, hamstrings, ankle, tuple(strength), tuple(hq)),
        findings=findings,
        adaptations=program_emphasis(findings),
        measures=_measures(y, hips, thomas, hamstrings, slr, ankle, strength, psfs),
    )


def _sex(given: BatteryInput) -> Sex:
    if given.sex is None:
        raise AssessmentInputError("sex", "needed for this test's reference values; choose female or male")
    return given.sex


def _leg(readings: Mapping[str, float], side: Side) -> LegReaches:
    prefix = f"y-balance.{side}"
    trials = {
        direction: tuple(
            value for trial in TRIALS if (value := readings.get(f"{prefix}.{direction}.{trial}")) is not None
        )
        for direction in REACH_DIRECTIONS
    }
    limb = readings.get(f"{prefix}.limb-length")
    if limb is None:
        raise AssessmentInputError(f"{side} leg limb length", "missing")
    return LegReaches(limb, trials["anterior"], trials["posteromedial"], trials["posterolateral"])


def _hip_side(readings: Mapping[str, float], side: Side) -> dict[HipDirection, float]:
    return {
        direction: value
        for direction in HipDirection
        if (value := readings.get(f"hip-range.{side}.{slug(direction)}")) is not None
    }


def _straight_leg_raise(readings: Mapping[str, float]) -> dict[Side, float]:
    angles = {}
    for side in SIDES:
        label = f"{side} straight-leg raise"
        value = readings.get(f"straight-leg-raise.{side}")
        if value is None:
            raise AssessmentInputError(label, "missing")
        angles[side] = check_angle(label, value)
    return angles


def _groups_done(readings: Mapping[str, float]) -> list[MuscleGroup]:
    return [
        group
        for group in MuscleGroup
        if any(
            f"dynamometry.{slug(group)}.{side}.{part}" in readings
            for side in SIDES
            for part in ("force", "lever-arm")
        )
    ]


def _reading(readings: Mapping[str, float], group: MuscleGroup, side: Side) -> DynamometerReading | None:
    force = readings.get(f"dynamometry.{slug(group)}.{side}.force")
    lever = readings.get(f"dynamometry.{slug(group)}.{side}.lever-arm")
    if force is None and lever is None:
        return None
    if force is None:
        raise AssessmentInputError(f"{side} {group} force", "missing")
    if lever is None:
        raise AssessmentInputError(f"{side} {group} lever arm", "missing")
    return DynamometerReading(force, lever)


def _strength(readings: Mapping[str, float], given: BatteryInput, group: MuscleGroup) -> StrengthResult:
    if given.body_mass_kg is None:
        raise AssessmentInputError("body mass", "needed to express strength per kilogram of body mass")
    return measure_strength(
        group,
        _reading(readings, group, Side.LEFT),
        _reading(readings, group, Side.RIGHT),
        given.body_mass_kg,
        given.age_years,
        given.sex,
    )


def _hq(readings: Mapping[str, float], side: Side) -> HamstringQuadricepsResult | None:
    """The H:Q ratio on one side, when both its hamstrings and quadriceps were tested (torques in N·m)."""
    hamstrings = _reading(readings, MuscleGroup.HAMSTRINGS, side)
    quadriceps = _reading(readings, MuscleGroup.QUADRICEPS, side)
    if hamstrings is None or quadriceps is None:
        return None
    return hamstring_quadriceps_ratio(
        side,
        torque_nm(hamstrings.force_n, hamstrings.lever_arm_cm, f"{side} hamstrings"),
        torque_nm(quadriceps.force_n, quadriceps.lever_arm_cm, f"{side} quadriceps"),
    )


def _psfs(readings: Mapping[str, float], activities: Mapping[int, str]) -> PsfsScore:
    ratings = []
    for slot in PSFS_SLOTS:
        rating = readings.get(f"psfs.{slot}")
        name = activities.get(slot, "").strip()
        if rating is None:
            if name:
                raise AssessmentInputError(f"PSFS activity {slot}", f"{name!r} has no rating")
            continue
        if not name:
            raise AssessmentInputError(f"PSFS activity {slot}", "say which activity the rating is for")
        if len(name) > PSFS_ACTIVITY_MAX_CHARS:
            raise AssessmentInputError(
                f"PSFS activity {slot}", f"keep the name under {PSFS_ACTIVITY_MAX_CHARS} characters"
            )
        ratings.append(rating)
    return psfs_score(ratings)


def _measures(
    y: YBalanceResult | None,
    hips: HipRangeResult | None,
    thomas: ThomasResult | None,
    hamstrings: HamstringResult | None,
    slr: Mapping[Side, float] | None,
    ankle: KneeToWallResult | None,
    strength: list[StrengthResult],
    psfs: PsfsScore | None,
) -> dict[str, MeasureValue]:
    found: list[MeasureValue] = []
    if y:
        for leg in (y.left, y.right):
            for direction in REACH_DIRECTIONS:
                found.append(
                    MeasureValue(
                        f"y-balance.{leg.side}.{direction}",
                        f"{leg.side} {direction} reach",
                        getattr(leg, f"{direction}_cm"),
                        "cm",
                        Measure.Y_BALANCE_REACH,
                    )
                )
            found.append(
                MeasureValue(
                    f"y-balance.{leg.side}.composite",
                    f"{leg.side} composite reach",
                    leg.composite_pct,
                    "% of limb length",
                    None,
                )
            )
    if hips:
        for row in hips.rows:
            band = (row.reference.low, row.reference.high)
            for side, value in ((Side.LEFT, row.left_deg), (Side.RIGHT, row.right_deg)):
                found.append(
                    MeasureValue(
                        f"hip-range.{side}.{slug(row.direction)}",
                        f"{side} hip {row.direction}",
                        value,
                        "degrees",
                        None,
                        band,
                    )
                )
    if thomas:
        for t in (thomas.left, thomas.right):
            found += [
                MeasureValue(
                    f"thomas.{t.side}.hip-angle",
                    f"{t.side} Thomas hip angle",
                    t.hip_angle_deg,
                    "degrees",
                    Measure.THOMAS_HIP_ANGLE,
                ),
                MeasureValue(
                    f"thomas.{t.side}.knee-flexion",
                    f"{t.side} Thomas knee flexion",
                    t.knee_flexion_deg,
                    "degrees",
                    Measure.THOMAS_KNEE_FLEXION,
                ),
            ]
    if hamstrings:
        for h in (hamstrings.left, hamstrings.right):
            found.append(
                MeasureValue(
                    f"active-knee-extension.{h.side}",
                    f"{h.side} knee extension deficit",
                    h.ake_deficit_deg,
                    "degrees",
                    Measure.ACTIVE_KNEE_EXTENSION,
                    reference=f"short above {hamstrings.threshold_deg:g} degrees",
                )
            )
    if slr:
        for side, angle in slr.items():
            found.append(
                MeasureValue(
                    f"straight-leg-raise.{side}",
                    f"{side} straight-leg raise",
                    angle,
                    "degrees",
                    Measure.STRAIGHT_LEG_RAISE,
                )
            )
    if ankle:
        for side, cm in ((Side.LEFT, ankle.left_cm), (Side.RIGHT, ankle.right_cm)):
            found.append(
                MeasureValue(
                    f"knee-to-wall.{side}",
                    f"{side} knee-to-wall",
                    cm,
                    "cm",
                    Measure.KNEE_TO_WALL,
                    reference=f"{KNEE_TO_WALL_ADEQUATE_CM:g} cm or more",
                )
            )
    for result in strength:
        strength_band = (result.expected.band.low, result.expected.band.high) if result.expected else None
        expected = f"{strength_band[0]:.2f}-{strength_band[1]:.2f} N·m/kg expected" if strength_band else None
        for side, value in ((Side.LEFT, result.left_nm_per_kg), (Side.RIGHT, result.right_nm_per_kg)):
            found.append(
                MeasureValue(
                    f"dynamometry.{slug(result.muscle_group)}.{side}",
                    f"{side} {result.muscle_group}",
                    value,
                    "N·m/kg",
                    None,
                    strength_band,
                    expected,
                )
            )
    if psfs:
        found.append(MeasureValue("psfs", "PSFS score", psfs.score, "points", Measure.PSFS, None))
    return {value.key: value for value in found}


@dataclass(frozen=True)
class MeasureChange:
    """One measure on reassessment: the difference, and a verdict where the measurement error is known."""

    key: str
    label: str
    unit: str
    previous: float
    current: float
    comparison: Comparison | None

    @property
    def difference(self) -> float:
        return self.current - self.previous


def compare_results(previous: BatteryResult, current: BatteryResult) -> tuple[MeasureChange, ...]:
    """Every measure present in both assessments, in the current one's order."""
    changes = []
    for key, now in current.measures.items():
        before = previous.measures.get(key)
        if before is None:
            continue
        verdict = compare(now.measure, before.value, now.value) if now.measure is not None else None
        changes.append(MeasureChange(key, now.label, now.unit, before.value, now.value, verdict))
    return tuple(changes)
