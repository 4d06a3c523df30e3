"""The straight-leg raise: the angle a straight leg reaches, each side; followed, not flagged (BRIEF §6)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

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
    sided_grid,
)
from hipcoach.domain.assessment.change import Measure
from hipcoach.domain.assessment.common import AssessmentInputError
from hipcoach.domain.assessment.ranges import check_angle

ID = TestId.STRAIGHT_LEG_RAISE


class StraightLegRaise(BatteryTest[Mapping[Side, float]]):
    id = ID
    stage = Stage.RANGE
    fields = tuple(
        FieldSpec(f"{ID}.{side}", ID, f"{side} leg raise angle", "degrees", side) for side in SIDES
    )

    def grids(self) -> tuple[Grid, ...]:
        return (sided_grid("Straight-leg raise", self.fields, [("Leg raise angle (°)", f"{ID}.{{side}}")]),)

    def score(self, given: BatteryInput) -> Mapping[Side, float]:
        angles = {}
        for side in SIDES:
            label = f"{side} straight-leg raise"
            value = given.readings.get(f"{ID}.{side}")
            if value is None:
                raise AssessmentInputError(label, "missing")
            angles[side] = check_angle(label, value)
        return angles

    def measures(self, result: Mapping[Side, float]) -> Iterable[MeasureValue]:
        for side, angle in result.items():
            yield MeasureValue(
                f"{ID}.{side}", f"{side} straight-leg raise", angle, "degrees", Measure.STRAIGHT_LEG_RAISE
            )
