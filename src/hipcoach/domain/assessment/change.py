"""On reassessment: improved, worse or no real change, judged against measurement error (BRIEF §6)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from hipcoach.domain.assessment.common import COMPARISON_PLACES

# Shaffer 2013, Mil Med 178(11):1264-1270: SEM 2.0-3.5 cm for the mean of three trials. We take the
# conservative upper end; a real change is one beyond 1.96 x sqrt(2) x SEM (derived).
Y_BALANCE_SEM_CM = 3.5
# Neto 2015, J Sport Rehabil 24(4): smallest real change 7-8 degrees (AKE), 6-7 degrees (SLR);
# we use the upper bounds.
AKE_SMALLEST_REAL_CHANGE_DEG = 8.0
SLR_SMALLEST_REAL_CHANGE_DEG = 7.0
# Knee-to-wall [S]: a change of 1 cm or more is beyond error.
KNEE_TO_WALL_REAL_CHANGE_CM = 1.0
# Peeler & Anderson 2008, J Athl Train 43(5):470-476: modified Thomas test SEM about 7 degrees.
THOMAS_SEM_DEG = 7.0
# Stratford 1995 with secondary sources [S]: a PSFS change of about 2 points is meaningful.
PSFS_MEANINGFUL_CHANGE = 2.0


def change_beyond_error(sem: float) -> float:
    """The smallest change two measurements can show beyond error at 95%: 1.96 x sqrt(2) x SEM."""
    return 1.96 * math.sqrt(2) * sem


class Change(StrEnum):
    IMPROVED = "improved"
    WORSE = "worse"
    NO_REAL_CHANGE = "no real change"


@dataclass(frozen=True)
class Threshold:
    """How large a change must be before it counts, and where that number comes from."""

    value: float
    unit: str
    derived: bool
    inclusive: bool  # True: a change of exactly ``value`` counts; False: it must be larger
    basis: str
    evidence: tuple[str, ...]


class Measure(StrEnum):
    Y_BALANCE_REACH = "Y-balance reach"
    ACTIVE_KNEE_EXTENSION = "active knee extension deficit"
    STRAIGHT_LEG_RAISE = "straight-leg raise"
    KNEE_TO_WALL = "knee-to-wall"
    THOMAS_HIP_ANGLE = "Thomas test hip angle"
    THOMAS_KNEE_FLEXION = "Thomas test knee flexion"
    PSFS = "PSFS score"

    @property
    def higher_is_better(self) -> bool:
        return self not in (Measure.ACTIVE_KNEE_EXTENSION, Measure.THOMAS_HIP_ANGLE)


_THOMAS = Threshold(
    change_beyond_error(THOMAS_SEM_DEG),
    "degrees",
    derived=True,
    inclusive=False,
    basis=f"derived: 1.96 x sqrt(2) x SEM {THOMAS_SEM_DEG:g} degrees (Peeler & Anderson 2008)",
    evidence=("peeler2008",),
)

THRESHOLDS = {
    Measure.Y_BALANCE_REACH: Threshold(
        change_beyond_error(Y_BALANCE_SEM_CM),
        "cm",
        derived=True,
        inclusive=False,
        basis=(
            f"derived: 1.96 x sqrt(2) x SEM {Y_BALANCE_SEM_CM:g} cm, the upper end of Shaffer 2013's "
            "2.0-3.5 cm for the mean of three trials"
        ),
        evidence=("shaffer2013",),
    ),
    Measure.ACTIVE_KNEE_EXTENSION: Threshold(
        AKE_SMALLEST_REAL_CHANGE_DEG,
        "degrees",
        derived=False,
        inclusive=True,
        basis=f"smallest real change {AKE_SMALLEST_REAL_CHANGE_DEG:g} degrees, upper end of Neto 2015's 7-8",
        evidence=("neto2015",),
    ),
    Measure.STRAIGHT_LEG_RAISE: Threshold(
        SLR_SMALLEST_REAL_CHANGE_DEG,
        "degrees",
        derived=False,
        inclusive=True,
        basis=f"smallest real change {SLR_SMALLEST_REAL_CHANGE_DEG:g} degrees, upper end of Neto 2015's 6-7",
        evidence=("neto2015",),
    ),
    Measure.KNEE_TO_WALL: Threshold(
        KNEE_TO_WALL_REAL_CHANGE_CM,
        "cm",
        derived=False,
        inclusive=True,
        basis=f"a change of {KNEE_TO_WALL_REAL_CHANGE_CM:g} cm or more, as commonly used in practice",
        evidence=("knee-to-wall-practice",),
    ),
    Measure.THOMAS_HIP_ANGLE: _THOMAS,
    Measure.THOMAS_KNEE_FLEXION: _THOMAS,
    Measure.PSFS: Threshold(
        PSFS_MEANINGFUL_CHANGE,
        "points",
        derived=False,
        inclusive=True,
        basis=f"a change of {PSFS_MEANINGFUL_CHANGE:g} points in the mean, from secondary sources",
        evidence=("stratford1995",),
    ),
}


@dataclass(frozen=True)
class Comparison:
    measure: Measure
    previous: float
    current: float
    change: Change
    threshold: Threshold

    @property
    def difference(self) -> float:
        """Current minus previous, in the measure's own unit."""
        return self.current - self.previous


def compare(measure: Measure, previous: float, current: float) -> Comparison:
    """Call a reassessment improved, worse or no real change against the measure's threshold."""
    threshold = THRESHOLDS[measure]
    size = round(abs(current - previous), COMPARISON_PLACES)
    limit = round(threshold.value, COMPARISON_PLACES)
    real = size >= limit if threshold.inclusive else size > limit
    if not real:
        return Comparison(measure, previous, current, Change.NO_REAL_CHANGE, threshold)
    went_up = current > previous
    change = Change.IMPROVED if went_up == measure.higher_is_better else Change.WORSE
    return Comparison(measure, previous, current, change, threshold)
