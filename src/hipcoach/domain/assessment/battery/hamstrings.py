"""Active knee extension: hamstring length by the knee's extension deficit, each side (BRIEF §6)."""

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
from hipcoach.domain.assessment.change import Measure
from hipcoach.domain.assessment.common import Flag
from hipcoach.domain.assessment.findings import Finding, FindingKind, where
from hipcoach.domain.assessment.ranges import HamstringResult, active_knee_extension

ID = TestId.ACTIVE_KNEE_EXTENSION


class ActiveKneeExtension(BatteryTest[HamstringResult]):
    id = ID
    stage = Stage.RANGE
    fields = tuple(
        FieldSpec(f"{ID}.{side}", ID, f"{side} knee extension deficit", "degrees", side) for side in SIDES
    )

    def grids(self) -> tuple[Grid, ...]:
        rows = [("Knee extension deficit (°)", f"{ID}.{{side}}")]
        return (sided_grid("Active knee extension", self.fields, rows),)

    def score(self, given: BatteryInput) -> HamstringResult:
        get = given.readings.get
        return active_knee_extension(get(f"{ID}.left"), get(f"{ID}.right"), given.sex_needed())

    def measures(self, result: HamstringResult) -> Iterable[MeasureValue]:
        for h in (result.left, result.right):
            yield MeasureValue(
                f"{ID}.{h.side}",
                f"{h.side} knee extension deficit",
                h.ake_deficit_deg,
                "degrees",
                Measure.ACTIVE_KNEE_EXTENSION,
                reference=f"short above {result.threshold_deg:g} degrees",
                thresholds=(result.threshold_deg,),
            )

    def flags(self, result: HamstringResult) -> Iterable[Flag]:
        for h in (result.left, result.right):
            if h.short:
                yield Flag(
                    "hamstrings.short",
                    h.side,
                    f"Your {h.side} knee stopped {h.ake_deficit_deg:g} degrees short of straight, "
                    f"more than the {result.threshold_deg:g} degrees Yildirim 2018 used to call "
                    "hamstrings short for your sex.",
                    result.evidence,
                )

    def findings(self, result: HamstringResult) -> Iterable[Finding]:
        side = where(result.left.short, result.right.short)
        if side is not None:
            yield Finding(
                FindingKind.SHORT_HAMSTRINGS,
                side.side,
                f"your knee would not straighten far enough in the hamstring test {side.words}",
                result.evidence,
            )
