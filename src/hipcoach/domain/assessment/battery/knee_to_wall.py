"""Knee-to-wall: ankle dorsiflexion as the toe's distance from the wall, each side (BRIEF §6)."""

from __future__ import annotations

from collections.abc import Iterable

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
from hipcoach.domain.assessment.common import Flag
from hipcoach.domain.assessment.findings import Finding, FindingKind, where
from hipcoach.domain.assessment.ranges import KNEE_TO_WALL_ADEQUATE_CM, KneeToWallResult, knee_to_wall

ID = TestId.KNEE_TO_WALL


class KneeToWall(BatteryTest[KneeToWallResult]):
    id = ID
    stage = Stage.RANGE
    fields = tuple(
        FieldSpec(f"{ID}.{side}", ID, f"{side} knee-to-wall distance", "cm", side) for side in SIDES
    )

    def grids(self) -> tuple[Grid, ...]:
        return (sided_grid("Knee-to-wall", self.fields, [("Toe to wall (cm)", f"{ID}.{{side}}")]),)

    def score(self, given: BatteryInput) -> KneeToWallResult:
        return knee_to_wall(given.readings.get(f"{ID}.left"), given.readings.get(f"{ID}.right"))

    def measures(self, result: KneeToWallResult) -> Iterable[MeasureValue]:
        for side, cm in ((Side.LEFT, result.left_cm), (Side.RIGHT, result.right_cm)):
            yield MeasureValue(
                f"{ID}.{side}",
                f"{side} knee-to-wall",
                cm,
                "cm",
                Measure.KNEE_TO_WALL,
                reference=f"{KNEE_TO_WALL_ADEQUATE_CM:g} cm or more",
                thresholds=(KNEE_TO_WALL_ADEQUATE_CM,),
            )

    def flags(self, result: KneeToWallResult) -> Iterable[Flag]:
        for side, cm, adequate in (
            (Side.LEFT, result.left_cm, result.left_adequate),
            (Side.RIGHT, result.right_cm, result.right_adequate),
        ):
            if not adequate:
                yield Flag(
                    "knee-to-wall.short",
                    side,
                    f"Your {side} knee-to-wall distance was {cm:g} cm. About "
                    f"{KNEE_TO_WALL_ADEQUATE_CM:g} cm or more is commonly taken as enough ankle "
                    "bend for running (a rule of thumb from practice, not a study's cut-off).",
                    result.evidence,
                )

    def findings(self, result: KneeToWallResult) -> Iterable[Finding]:
        side = where(not result.left_adequate, not result.right_adequate)
        if side is not None:
            yield Finding(
                FindingKind.SHORT_ANKLE_RANGE,
                side.side,
                f"your knee-to-wall distance was short {side.words}",
                result.evidence,
            )
