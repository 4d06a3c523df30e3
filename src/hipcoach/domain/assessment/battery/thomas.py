"""The modified Thomas test (BRIEF §6): one-joint and two-joint hip flexor length, each side."""

from __future__ import annotations

from collections.abc import Iterable

from hipcoach.domain.assessment.battery.protocol import (
    SIDES,
    BatteryInput,
    BatteryTest,
    FieldSpec,
    Grid,
    MeasureValue,
    Stage,
    TestId,
    sided_grid,
)
from hipcoach.domain.assessment.change import THOMAS_SEM_DEG, Measure
from hipcoach.domain.assessment.common import Flag
from hipcoach.domain.assessment.findings import Finding, FindingKind, where
from hipcoach.domain.assessment.ranges import (
    THOMAS_HIP_ABOVE_HORIZONTAL_DEG,
    THOMAS_KNEE_FLEXION_MIN_DEG,
    ThomasResult,
    thomas_test,
)

ID = TestId.THOMAS


def reliability() -> str:
    """How far to trust the test, from its measurement error as the constant has it now."""
    return (
        f"The test is only moderately reliable (about {THOMAS_SEM_DEG:g} degrees of error, "
        "Peeler & Anderson 2008)."
    )


class Thomas(BatteryTest[ThomasResult]):
    id = ID
    stage = Stage.RANGE
    fields = tuple(
        spec
        for side in SIDES
        for spec in (
            FieldSpec(f"{ID}.{side}.hip-angle", ID, f"{side} hip angle", "degrees", side),
            FieldSpec(
                f"{ID}.{side}.knee-flexion",
                ID,
                f"{side} knee bend from straight (0 = straight)",
                "degrees",
                side,
            ),
        )
    )

    def grids(self) -> tuple[Grid, ...]:
        rows = [
            ("Hip angle above horizontal (°)", f"{ID}.{{side}}.hip-angle"),
            ("Knee bend from straight (°, 0 = straight)", f"{ID}.{{side}}.knee-flexion"),
        ]
        return (sided_grid("Modified Thomas test (degrees)", self.fields, rows),)

    def score(self, given: BatteryInput) -> ThomasResult:
        get = given.readings.get
        return thomas_test(
            get(f"{ID}.left.hip-angle"),
            get(f"{ID}.left.knee-flexion"),
            get(f"{ID}.right.hip-angle"),
            get(f"{ID}.right.knee-flexion"),
        )

    def measures(self, result: ThomasResult) -> Iterable[MeasureValue]:
        for t in (result.left, result.right):
            yield MeasureValue(
                f"{ID}.{t.side}.hip-angle",
                f"{t.side} Thomas hip angle",
                t.hip_angle_deg,
                "degrees",
                Measure.THOMAS_HIP_ANGLE,
                thresholds=(THOMAS_HIP_ABOVE_HORIZONTAL_DEG,),
            )
            yield MeasureValue(
                f"{ID}.{t.side}.knee-flexion",
                f"{t.side} Thomas knee bend from straight",
                t.knee_flexion_deg,
                "degrees",
                Measure.THOMAS_KNEE_FLEXION,
                thresholds=(THOMAS_KNEE_FLEXION_MIN_DEG,),
            )

    def flags(self, result: ThomasResult) -> Iterable[Flag]:
        for t in (result.left, result.right):
            if t.short_one_joint_hip_flexors:
                yield Flag(
                    "thomas.one-joint-short",
                    t.side,
                    f"In the Thomas test your {t.side} thigh stayed {t.hip_angle_deg:g} degrees above "
                    "the horizontal, which suggests short one-joint hip flexors (iliopsoas). "
                    + reliability(),
                    result.evidence,
                )
            if t.short_two_joint_hip_flexors:
                yield Flag(
                    "thomas.two-joint-short",
                    t.side,
                    f"In the Thomas test your {t.side} knee bent only {t.knee_flexion_deg:g} degrees from "
                    f"straight, under {THOMAS_KNEE_FLEXION_MIN_DEG:g}, which suggests a short rectus "
                    "femoris. " + reliability(),
                    result.evidence,
                )

    def findings(self, result: ThomasResult) -> Iterable[Finding]:
        side = where(
            result.left.short_one_joint_hip_flexors or result.left.short_two_joint_hip_flexors,
            result.right.short_one_joint_hip_flexors or result.right.short_two_joint_hip_flexors,
        )
        if side is not None:
            yield Finding(
                FindingKind.SHORT_HIP_FLEXORS,
                side.side,
                f"the Thomas test showed tight hip flexors {side.words}",
                result.evidence,
            )
