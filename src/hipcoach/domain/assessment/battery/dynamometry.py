"""Hand-held dynamometry (BRIEF §6): torque per kilogram for each muscle group tested, symmetry, H:Q ratio."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from hipcoach.domain.anatomy import Side
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
from hipcoach.domain.assessment.common import AssessmentInputError, BandPosition, Flag
from hipcoach.domain.assessment.findings import Finding, FindingKind, where
from hipcoach.domain.assessment.strength import (
    LSI_PASS_PCT,
    RAMSKOV_PLACES,
    RAMSKOV_TEST,
    DynamometerReading,
    ExpectedTorque,
    HamstringQuadricepsResult,
    MuscleGroup,
    StrengthResult,
    hamstring_quadriceps_ratio,
    measure_strength,
    torque_nm,
)
from hipcoach.domain.precision import shown

ID = TestId.DYNAMOMETRY
PARTS = (("force", "Force (N)", "force", "N"), ("lever-arm", "Lever arm (cm)", "lever arm", "cm"))
TORQUE_PLACES = 2  # N·m/kg in hundredths, as Ramskov 2014 reports its means
# How a group is tested where the form must say it: the abductors as Ramskov tested them, or the band is void.
_HOW = {MuscleGroup.HIP_ABDUCTORS: f", {RAMSKOV_TEST}"}
# The findings that shape the program come from the hip muscles; the knee muscles are read for the H:Q ratio.
HIP_GROUPS = (MuscleGroup.HIP_ABDUCTORS, MuscleGroup.HIP_EXTENSORS)


@dataclass(frozen=True)
class DynamometryResult:
    strength: tuple[StrengthResult, ...]
    hamstring_quadriceps: tuple[HamstringQuadricepsResult, ...]


class Dynamometry(BatteryTest[DynamometryResult]):
    id = ID
    stage = Stage.STRENGTH
    fields = tuple(
        FieldSpec(f"{ID}.{group}.{side}.{part}", ID, f"{side} {group.label} {words}", unit, side)
        for group in MuscleGroup
        for side in SIDES
        for part, _row, words, unit in PARTS
    )

    def grids(self) -> tuple[Grid, ...]:
        by_key = {spec.key: spec for spec in self.fields}
        return tuple(
            Grid(
                f"{group.label.capitalize()}{_HOW.get(group, '')} (optional)",
                ("Left", "Right"),
                tuple(
                    (row, tuple(by_key[f"{ID}.{group}.{side}.{part}"] for side in SIDES))
                    for part, row, _words, _unit in PARTS
                ),
                optional=True,
            )
            for group in MuscleGroup
        )

    def score(self, given: BatteryInput) -> DynamometryResult:
        """Every group and ratio that can be scored; every bad value named, as a group of errors."""
        errors: list[AssessmentInputError] = []
        strength = []
        for group in groups_done(given):
            try:
                strength.append(_strength(given, group))
            except AssessmentInputError as error:
                errors.append(error)
        ratios = []
        for side in SIDES:
            try:
                ratio = _hq(given, side)
            except AssessmentInputError as error:
                errors.append(error)
                continue
            if ratio is not None:
                ratios.append(ratio)
        if errors:
            raise ExceptionGroup("dynamometry", errors)
        return DynamometryResult(tuple(strength), tuple(ratios))

    def measures(self, result: DynamometryResult) -> Iterable[MeasureValue]:
        for s in result.strength:
            band = (s.expected.band.low, s.expected.band.high) if s.expected else None
            expected = f"{expected_band_text(s.expected)} N·m/kg expected" if s.expected else None
            for side, value in ((Side.LEFT, s.left_nm_per_kg), (Side.RIGHT, s.right_nm_per_kg)):
                yield MeasureValue(
                    f"{ID}.{s.muscle_group}.{side}",
                    f"{side} {s.muscle_group.label}",
                    value,
                    "N·m/kg",
                    None,
                    band,
                    expected,
                    places=TORQUE_PLACES,
                )

    def flags(self, result: DynamometryResult) -> Iterable[Flag]:
        for s in result.strength:
            if not s.symmetry.passes:
                yield Flag(
                    "strength.asymmetry",
                    s.symmetry.weaker_side,
                    f"Your {s.symmetry.weaker_side} {s.muscle_group.label} reached "
                    f"{lsi_text(s.symmetry.lsi_pct)}% of the other side. The {LSI_PASS_PCT:g}% pass mark "
                    "comes from return-to-sport testing after knee ligament surgery (Gokeler 2017), "
                    "borrowed here as a guide.",
                    s.symmetry.evidence,
                )
            if s.expected is None:
                continue
            for side, value, position in (
                (Side.LEFT, s.left_nm_per_kg, s.left_band),
                (Side.RIGHT, s.right_nm_per_kg, s.right_band),
            ):
                if position is BandPosition.BELOW:
                    yield Flag(
                        "strength.abductors-below-expected",
                        side,
                        f"Your {side} hip abductors produced {torque_text(value, s.expected)} N·m/kg, "
                        f"under the {expected_band_text(s.expected)} N·m/kg expected for your age and sex "
                        f"in novice runners tested the same way, in {RAMSKOV_TEST} (Ramskov 2014).",
                        s.expected.evidence,
                    )
        for ratio in result.hamstring_quadriceps:
            if ratio.below_reference:
                yield Flag("strength.hq-low", ratio.side, ratio.explanation, ratio.evidence)

    def findings(self, result: DynamometryResult) -> Iterable[Finding]:
        for s in result.strength:
            if s.muscle_group not in HIP_GROUPS:
                continue
            muscle = s.muscle_group.label
            if not s.symmetry.passes:
                yield Finding(
                    FindingKind.HIP_STRENGTH_ASYMMETRY,
                    s.symmetry.weaker_side,
                    f"your {s.symmetry.weaker_side} {muscle} were {lsi_text(s.symmetry.lsi_pct)}% as "
                    f"strong as the other side, under {LSI_PASS_PCT:g}%",
                    s.symmetry.evidence,
                )
            if s.expected is None:
                continue
            side = where(s.left_band is BandPosition.BELOW, s.right_band is BandPosition.BELOW)
            if side is not None:
                yield Finding(
                    FindingKind.HIP_ABDUCTOR_WEAKNESS,
                    side.side,
                    f"your {muscle} tested below the range expected for your age and sex {side.words}",
                    s.expected.evidence,
                )


def lsi_text(lsi_pct: float) -> str:
    """The limb symmetry index in whole percent, or finer where that would round onto the pass mark."""
    return shown(lsi_pct, LSI_PASS_PCT, places=0)


def expected_band_text(expected: ExpectedTorque) -> str:
    """Ramskov's band at the equation's own precision: its edges written exactly as they are applied."""
    return f"{expected.band.low:.{RAMSKOV_PLACES}f}-{expected.band.high:.{RAMSKOV_PLACES}f}"


def torque_text(value: float, expected: ExpectedTorque | None) -> str:
    """Torque per kilogram in hundredths, or finer where that would round onto or across the band's edges."""
    edges = (expected.band.low, expected.band.high) if expected else ()
    return shown(value, *edges, places=TORQUE_PLACES)


def groups_done(given: BatteryInput) -> list[MuscleGroup]:
    return [
        group
        for group in MuscleGroup
        if any(f"{ID}.{group}.{side}.{part[0]}" in given.readings for side in SIDES for part in PARTS)
    ]


def _reading(given: BatteryInput, group: MuscleGroup, side: Side) -> DynamometerReading | None:
    force = given.readings.get(f"{ID}.{group}.{side}.force")
    lever = given.readings.get(f"{ID}.{group}.{side}.lever-arm")
    if force is None and lever is None:
        return None
    if force is None:
        raise AssessmentInputError(f"{side} {group.label} force", "missing")
    if lever is None:
        raise AssessmentInputError(f"{side} {group.label} lever arm", "missing")
    return DynamometerReading(force, lever)


def _strength(given: BatteryInput, group: MuscleGroup) -> StrengthResult:
    if given.body_mass_kg is None:
        raise AssessmentInputError("body mass", "needed to express strength per kilogram of body mass")
    return measure_strength(
        group,
        _reading(given, group, Side.LEFT),
        _reading(given, group, Side.RIGHT),
        given.body_mass_kg,
        given.age_years,
        given.sex,
    )


def _hq(given: BatteryInput, side: Side) -> HamstringQuadricepsResult | None:
    """The H:Q ratio on one side, when both its hamstrings and quadriceps were tested (torques in N·m)."""
    hamstrings = _reading(given, MuscleGroup.HAMSTRINGS, side)
    quadriceps = _reading(given, MuscleGroup.QUADRICEPS, side)
    if hamstrings is None or quadriceps is None:
        return None
    return hamstring_quadriceps_ratio(
        side,
        torque_nm(hamstrings.force_n, hamstrings.lever_arm_cm, f"{side} hamstrings"),
        torque_nm(quadriceps.force_n, quadriceps.lever_arm_cm, f"{side} quadriceps"),
    )
