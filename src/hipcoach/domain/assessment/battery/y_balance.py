"""The Y-balance test (BRIEF §6): three reach directions, three trials each, on each leg."""

from __future__ import annotations

from collections.abc import Iterable

from hipcoach.domain.anatomy import Side
from hipcoach.domain.assessment.balance import (
    ANTERIOR_ASYMMETRY_CM,
    FEMALE_COMPOSITE_MIN_PCT,
    LegReaches,
    YBalanceResult,
    y_balance,
)
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
from hipcoach.domain.assessment.change import Measure
from hipcoach.domain.assessment.common import AssessmentInputError, Flag
from hipcoach.domain.assessment.findings import Finding, FindingKind
from hipcoach.domain.precision import shown

REACH_DIRECTIONS = ("anterior", "posteromedial", "posterolateral")
TRIALS = (1, 2, 3)
ID = TestId.Y_BALANCE


def _fields() -> tuple[FieldSpec, ...]:
    specs = []
    for side in SIDES:
        specs.append(FieldSpec(f"{ID}.{side}.limb-length", ID, f"{side} leg limb length", "cm", side))
        for direction in REACH_DIRECTIONS:
            for trial in TRIALS:
                specs.append(
                    FieldSpec(
                        f"{ID}.{side}.{direction}.{trial}",
                        ID,
                        f"{side} leg {direction} reach, trial {trial}",
                        "cm",
                        side,
                    )
                )
    return tuple(specs)


class YBalance(BatteryTest[YBalanceResult]):
    id = ID
    stage = Stage.BALANCE
    fields = _fields()

    def grids(self) -> tuple[Grid, ...]:
        by_key = {spec.key: spec for spec in self.fields}
        return tuple(
            Grid(
                f"Standing on the {side} leg",
                tuple(f"Trial {t}" for t in TRIALS),
                tuple(
                    (
                        f"{direction.capitalize()} (cm)",
                        tuple(by_key[f"{ID}.{side}.{direction}.{t}"] for t in TRIALS),
                    )
                    for direction in REACH_DIRECTIONS
                ),
                lead=(by_key[f"{ID}.{side}.limb-length"],),
            )
            for side in SIDES
        )

    def score(self, given: BatteryInput) -> YBalanceResult:
        return y_balance(_leg(given, Side.LEFT), _leg(given, Side.RIGHT), given.sex_needed(), given.scoring)

    def measures(self, result: YBalanceResult) -> Iterable[MeasureValue]:
        for leg in (result.left, result.right):
            for direction in REACH_DIRECTIONS:
                yield MeasureValue(
                    f"{ID}.{leg.side}.{direction}",
                    f"{leg.side} {direction} reach",
                    getattr(leg, f"{direction}_cm"),
                    "cm",
                    Measure.Y_BALANCE_REACH,
                )
            yield MeasureValue(
                f"{ID}.{leg.side}.composite",
                f"{leg.side} composite reach",
                leg.composite_pct,
                "% of limb length",
                None,
                thresholds=(FEMALE_COMPOSITE_MIN_PCT,),
            )

    def flags(self, result: YBalanceResult) -> Iterable[Flag]:
        return result.flags

    def findings(self, result: YBalanceResult) -> Iterable[Finding]:
        if not any(f.id == "y-balance.anterior-asymmetry" for f in result.flags):
            return
        shorter = Side.LEFT if result.left.anterior_cm < result.right.anterior_cm else Side.RIGHT
        yield Finding(
            FindingKind.REACH_ASYMMETRY,
            shorter,
            f"your forward reach on the {shorter.value} leg was "
            f"{shown(result.anterior_asymmetry_cm, ANTERIOR_ASYMMETRY_CM, places=1)} cm shorter than on the "
            f"other (more than {ANTERIOR_ASYMMETRY_CM:g} cm)",
            ("plisky2006",),
        )


def _leg(given: BatteryInput, side: Side) -> LegReaches:
    prefix = f"{ID}.{side}"
    readings = given.readings
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
