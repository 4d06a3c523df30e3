"""A battery of tests read from flat, named readings: one vocabulary for the forms, CLI, API and storage.

Every number a tester writes down has a key such as ``y-balance.left.anterior.2`` or
``dynamometry.hip-abductors.right.force``. A test counts as done when any of its keys is present; then all of
its keys must be. Problems are collected across the whole battery so a form can show them all at once.
Each test is one module of this package (see ``protocol.BatteryTest``); this module runs them in turn.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, cast

from hipcoach.domain.anatomy import Side
from hipcoach.domain.assessment.balance import YBalanceResult
from hipcoach.domain.assessment.battery.dynamometry import DynamometryResult
from hipcoach.domain.assessment.battery.protocol import (
    SIDES,
    BatteryInput,
    BatteryTest,
    FieldSpec,
    Grid,
    MeasureValue,
    Stage,
    TestId,
)
from hipcoach.domain.assessment.battery.psfs import PSFS_ACTIVITY_MAX_CHARS, PSFS_SLOTS
from hipcoach.domain.assessment.battery.registry import BY_ID, TESTS
from hipcoach.domain.assessment.battery.y_balance import REACH_DIRECTIONS, TRIALS
from hipcoach.domain.assessment.change import Comparison, compare
from hipcoach.domain.assessment.common import AssessmentInputError, Flag
from hipcoach.domain.assessment.findings import Adaptation, Finding, program_emphasis
from hipcoach.domain.assessment.psfs import PsfsScore
from hipcoach.domain.assessment.ranges import (
    HamstringResult,
    HipRangeResult,
    KneeToWallResult,
    ThomasResult,
    ranges_within_norms,
)
from hipcoach.domain.assessment.strength import HamstringQuadricepsResult, StrengthResult
from hipcoach.domain.precision import shown_signed

__all__ = [
    "FIELDS",
    "FIELD_BY_KEY",
    "PSFS_ACTIVITY_MAX_CHARS",
    "PSFS_SLOTS",
    "REACH_DIRECTIONS",
    "SIDES",
    "TESTS",
    "TRIALS",
    "BatteryInput",
    "BatteryResult",
    "BatteryTest",
    "FieldSpec",
    "Grid",
    "InvalidBattery",
    "MeasureChange",
    "MeasureValue",
    "Problem",
    "Stage",
    "TestId",
    "collect_findings",
    "compare_results",
    "evaluate",
    "grids",
    "tests_done",
]

FIELDS: dict[TestId, tuple[FieldSpec, ...]] = {test.id: test.fields for test in TESTS}
FIELD_BY_KEY = {spec.key: spec for specs in FIELDS.values() for spec in specs}


def grids(test: TestId) -> tuple[Grid, ...]:
    """How a form lays out the test's fields."""
    return BY_ID[test].grids()


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
class BatteryResult:
    tests: tuple[TestId, ...]
    results: Mapping[TestId, Any]  # each test's own result, as its module's ``score`` gives it
    psfs_activities: Mapping[int, str]
    flags: tuple[Flag, ...]
    findings: tuple[Finding, ...]
    adaptations: tuple[Adaptation, ...]
    measures: Mapping[str, MeasureValue]

    @property
    def y_balance(self) -> YBalanceResult | None:
        return cast("YBalanceResult | None", self.results.get(TestId.Y_BALANCE))

    @property
    def hip_range(self) -> HipRangeResult | None:
        return cast("HipRangeResult | None", self.results.get(TestId.HIP_RANGE))

    @property
    def thomas(self) -> ThomasResult | None:
        return cast("ThomasResult | None", self.results.get(TestId.THOMAS))

    @property
    def hamstrings(self) -> HamstringResult | None:
        return cast("HamstringResult | None", self.results.get(TestId.ACTIVE_KNEE_EXTENSION))

    @property
    def straight_leg_raise(self) -> Mapping[Side, float] | None:
        return cast("Mapping[Side, float] | None", self.results.get(TestId.STRAIGHT_LEG_RAISE))

    @property
    def knee_to_wall(self) -> KneeToWallResult | None:
        return cast("KneeToWallResult | None", self.results.get(TestId.KNEE_TO_WALL))

    @property
    def strength(self) -> tuple[StrengthResult, ...]:
        dynamometry = cast("DynamometryResult | None", self.results.get(TestId.DYNAMOMETRY))
        return dynamometry.strength if dynamometry else ()

    @property
    def hamstring_quadriceps(self) -> tuple[HamstringQuadricepsResult, ...]:
        dynamometry = cast("DynamometryResult | None", self.results.get(TestId.DYNAMOMETRY))
        return dynamometry.hamstring_quadriceps if dynamometry else ()

    @property
    def psfs(self) -> PsfsScore | None:
        return cast("PsfsScore | None", self.results.get(TestId.PSFS))

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
    given = BatteryInput(readings, psfs_activities=psfs_activities or {})
    return tuple(test.id for test in TESTS if test.done(given))


def _input_errors(error: BaseException) -> Iterable[AssessmentInputError]:
    if isinstance(error, BaseExceptionGroup):
        for inner in error.exceptions:
            yield from _input_errors(inner)
    elif isinstance(error, AssessmentInputError):
        yield error
    else:
        raise error


def evaluate(given: BatteryInput) -> BatteryResult:
    """Score every test that was done, raise its flags and findings, or say everything that is wrong."""
    problems = [
        Problem(None, f"unknown reading {key}: not a reading hipcoach knows")
        for key in given.readings
        if key not in FIELD_BY_KEY
    ]
    done = [test for test in TESTS if test.done(given)]
    if not done and not problems:
        problems.append(Problem(None, "record at least one test"))
    results: dict[TestId, Any] = {}
    for test in done:
        try:
            results[test.id] = test.score(given)
        except (AssessmentInputError, ExceptionGroup) as error:
            problems += [Problem(test.id, str(each)) for each in _input_errors(error)]
    if problems:
        raise InvalidBattery(tuple(problems))
    findings = _findings(results)
    return BatteryResult(
        tests=tuple(test.id for test in done),
        results=results,
        psfs_activities={
            slot: name
            for slot, name in given.psfs_activities.items()
            if f"{TestId.PSFS}.{slot}" in given.readings
        },
        flags=tuple(flag for test in done for flag in test.flags(results[test.id])),
        findings=findings,
        adaptations=program_emphasis(findings),
        measures={m.key: m for test in done for m in test.measures(results[test.id])},
    )


def _findings(results: Mapping[TestId, Any]) -> tuple[Finding, ...]:
    """In the method's order: range first, then balance, then strength (a stable sort keeps test order)."""
    ordered = sorted((test for test in TESTS if test.id in results), key=lambda test: test.stage)
    return tuple(finding for test in ordered for finding in test.findings(results[test.id]))


def collect_findings(
    y_balance: YBalanceResult | None = None,
    thomas: ThomasResult | None = None,
    hamstrings: HamstringResult | None = None,
    ankle: KneeToWallResult | None = None,
    strength: Iterable[StrengthResult] = (),
    hip_range: HipRangeResult | None = None,
) -> tuple[Finding, ...]:
    """The findings in a set of assessment results that should shape the program."""
    strength = tuple(strength)
    given: dict[TestId, Any] = {
        TestId.Y_BALANCE: y_balance,
        TestId.HIP_RANGE: hip_range,
        TestId.THOMAS: thomas,
        TestId.ACTIVE_KNEE_EXTENSION: hamstrings,
        TestId.KNEE_TO_WALL: ankle,
        TestId.DYNAMOMETRY: DynamometryResult(strength, ()) if strength else None,
    }
    return _findings({test: result for test, result in given.items() if result is not None})


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

    @property
    def difference_text(self) -> str:
        """The difference with its sign, never rounded onto or across the size a real change needs."""
        limit = (self.comparison.threshold.value,) if self.comparison is not None else ()
        return shown_signed(self.difference, *limit, places=1)


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
