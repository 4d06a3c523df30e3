"""The Patient-Specific Functional Scale (BRIEF §7): up to five activities the runner names and rates."""

from __future__ import annotations

from collections.abc import Iterable

from hipcoach.domain.assessment.battery.protocol import (
    BatteryInput,
    BatteryTest,
    FieldSpec,
    Grid,
    MeasureValue,
    Stage,
    TestId,
)
from hipcoach.domain.assessment.change import Measure
from hipcoach.domain.assessment.common import AssessmentInputError
from hipcoach.domain.assessment.psfs import PSFS_MAX_ACTIVITIES, PsfsScore, psfs_score

ID = TestId.PSFS
PSFS_SLOTS = tuple(range(1, PSFS_MAX_ACTIVITIES + 1))
PSFS_ACTIVITY_MAX_CHARS = 80


class Psfs(BatteryTest[PsfsScore]):
    id = ID
    stage = Stage.OUTCOME
    fields = tuple(FieldSpec(f"{ID}.{slot}", ID, f"activity {slot} rating", "points") for slot in PSFS_SLOTS)

    def grids(self) -> tuple[Grid, ...]:
        return ()  # a name and a rating per activity: the form has its own rows for them

    def done(self, given: BatteryInput) -> bool:
        """A named activity counts too, so that a missing rating shows."""
        named = any(name.strip() for name in given.psfs_activities.values())
        return named or super().done(given)

    def score(self, given: BatteryInput) -> PsfsScore:
        ratings = []
        for slot in PSFS_SLOTS:
            rating = given.readings.get(f"{ID}.{slot}")
            name = given.psfs_activities.get(slot, "").strip()
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

    def measures(self, result: PsfsScore) -> Iterable[MeasureValue]:
        yield MeasureValue(ID.value, "PSFS score", result.score, "points", Measure.PSFS, None)
