"""Hip range in all six directions, both sides, against reference bands (BRIEF §6)."""

from __future__ import annotations

from collections.abc import Iterable

from hipcoach.domain.anatomy import HipDirection, Side
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
from hipcoach.domain.assessment.common import BandPosition, Flag
from hipcoach.domain.assessment.findings import Finding, FindingKind, where
from hipcoach.domain.assessment.ranges import HipRangeResult, hip_ranges

ID = TestId.HIP_RANGE


class HipRange(BatteryTest[HipRangeResult]):
    id = ID
    stage = Stage.RANGE
    fields = tuple(
        FieldSpec(f"{ID}.{side}.{hip}", ID, f"{side} hip {hip.label}", "degrees", side)
        for side in SIDES
        for hip in HipDirection
    )

    def grids(self) -> tuple[Grid, ...]:
        rows = [(f"{d.label.capitalize()} (°)", f"{ID}.{{side}}.{d}") for d in HipDirection]
        return (sided_grid("Hip range (degrees)", self.fields, rows),)

    def score(self, given: BatteryInput) -> HipRangeResult:
        return hip_ranges(_side(given, Side.LEFT), _side(given, Side.RIGHT))

    def measures(self, result: HipRangeResult) -> Iterable[MeasureValue]:
        for row in result.rows:
            band = (row.reference.low, row.reference.high)
            for side, value in ((Side.LEFT, row.left_deg), (Side.RIGHT, row.right_deg)):
                yield MeasureValue(
                    f"{ID}.{side}.{row.direction}",
                    f"{side} hip {row.direction.label}",
                    value,
                    "degrees",
                    None,
                    band,
                )

    def flags(self, result: HipRangeResult) -> Iterable[Flag]:
        for row in result.rows:
            for side, value, position in (
                (Side.LEFT, row.left_deg, row.left_position),
                (Side.RIGHT, row.right_deg, row.right_position),
            ):
                if position is BandPosition.BELOW:
                    yield Flag(
                        f"{ID}.{row.direction}-below",
                        side,
                        f"Your {side} hip {row.direction.label} measured {value:g} degrees, under the usual "
                        f"{row.reference.low:g}-{row.reference.high:g} degrees (reference ranges from "
                        "Wilson 2014, a secondary source). Range comes first in this method, so this "
                        "direction gets attention in the mobility work.",
                        result.evidence,
                    )

    def findings(self, result: HipRangeResult) -> Iterable[Finding]:
        # [D] hip extension under its reference band is the same restriction the Thomas test looks for
        row = result.row(HipDirection.EXTENSION)
        side = where(row.left_position is BandPosition.BELOW, row.right_position is BandPosition.BELOW)
        if side is not None:
            yield Finding(
                FindingKind.SHORT_HIP_FLEXORS,
                side.side,
                f"your hip extension was under {row.reference.low:g} degrees {side.words}",
                result.evidence,
            )


def _side(given: BatteryInput, side: Side) -> dict[HipDirection, float]:
    return {
        direction: value
        for direction in HipDirection
        if (value := given.readings.get(f"{ID}.{side}.{direction}")) is not None
    }
