"""Range tests: hip range in six directions, modified Thomas test, hamstrings, knee-to-wall (BRIEF §6)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from hipcoach.domain.anatomy import HipDirection
from hipcoach.domain.assessment.common import (
    Band,
    BandPosition,
    Sex,
    Side,
    above,
    below,
    check_range,
    require,
)

# Anatomical limits for a goniometer reading [D]: a joint angle is 0-180 degrees. The Thomas-test hip angle is
# measured from the horizontal, thigh above (+) or below (-), so it lies within -90..+90 degrees.
ANGLE_MIN_DEG = 0.0
ANGLE_MAX_DEG = 180.0
THOMAS_HIP_MIN_DEG = -90.0
THOMAS_HIP_MAX_DEG = 90.0
KNEE_TO_WALL_MAX_CM = 30.0  # [D] no ankle reaches further

# Wilson 2014, Am Fam Physician 89(1):27-34 [S]: reference hip ranges in degrees.


HIP_REFERENCE_DEG = {
    HipDirection.FLEXION: Band(110.0, 120.0),
    HipDirection.EXTENSION: Band(10.0, 15.0),
    HipDirection.ABDUCTION: Band(30.0, 50.0),
    HipDirection.ADDUCTION: Band(20.0, 30.0),
    HipDirection.EXTERNAL_ROTATION: Band(40.0, 60.0),
    HipDirection.INTERNAL_ROTATION: Band(30.0, 40.0),
}
# Modified Thomas test (doi 10.1186/s13102-021-00242-y): hip above horizontal -> short one-joint hip flexors;
# knee flexion below 67 degrees -> short two-joint hip flexors.
THOMAS_HIP_ABOVE_HORIZONTAL_DEG = 0.0
THOMAS_KNEE_FLEXION_MIN_DEG = 67.0
# Yildirim 2018, Balkan Med J 35(5):388-393: active knee extension deficit above which hamstrings are short.
AKE_DEFICIT_SHORT_DEG = {Sex.MALE: 33.0, Sex.FEMALE: 23.4}
# Knee-to-wall [S]: about 9-10 cm is commonly taken as adequate; we take the lower end, 9 cm.
KNEE_TO_WALL_ADEQUATE_CM = 9.0


@dataclass(frozen=True)
class HipRangeRow:
    direction: HipDirection
    left_deg: float
    right_deg: float
    reference: Band
    left_position: BandPosition
    right_position: BandPosition

    @property
    def difference_deg(self) -> float:
        """Left minus right."""
        return self.left_deg - self.right_deg


@dataclass(frozen=True)
class HipRangeResult:
    rows: tuple[HipRangeRow, ...]
    evidence: tuple[str, ...] = ("wilson2014",)

    def row(self, direction: HipDirection) -> HipRangeRow:
        return next(r for r in self.rows if r.direction is direction)

    @property
    def any_below(self) -> bool:
        return any(BandPosition.BELOW in (r.left_position, r.right_position) for r in self.rows)


@dataclass(frozen=True)
class ThomasSide:
    side: Side
    hip_angle_deg: float
    knee_flexion_deg: float
    short_one_joint_hip_flexors: bool
    short_two_joint_hip_flexors: bool


@dataclass(frozen=True)
class ThomasResult:
    left: ThomasSide
    right: ThomasSide
    evidence: tuple[str, ...] = ("thomas-test", "peeler2008")


@dataclass(frozen=True)
class HamstringSide:
    side: Side
    ake_deficit_deg: float
    short: bool


@dataclass(frozen=True)
class HamstringResult:
    threshold_deg: float
    left: HamstringSide
    right: HamstringSide
    evidence: tuple[str, ...] = ("yildirim2018",)


@dataclass(frozen=True)
class KneeToWallResult:
    left_cm: float
    right_cm: float
    left_adequate: bool
    right_adequate: bool
    evidence: tuple[str, ...] = ("knee-to-wall-practice",)

    @property
    def difference_cm(self) -> float:
        """Left minus right."""
        return self.left_cm - self.right_cm


def check_angle(field: str, value: float) -> float:
    return check_range(field, value, ANGLE_MIN_DEG, ANGLE_MAX_DEG, "degrees")


def hip_ranges(left: Mapping[HipDirection, float], right: Mapping[HipDirection, float]) -> HipRangeResult:
    """Each of the six directions on both sides against Wilson 2014's reference range."""
    rows = []
    for direction, band in HIP_REFERENCE_DEG.items():
        left_deg = check_angle(
            f"left hip {direction.label}", require(f"left hip {direction.label}", left.get(direction))
        )
        right_deg = check_angle(
            f"right hip {direction.label}", require(f"right hip {direction.label}", right.get(direction))
        )
        rows.append(
            HipRangeRow(
                direction, left_deg, right_deg, band, band.position(left_deg), band.position(right_deg)
            )
        )
    return HipRangeResult(tuple(rows))


def _thomas_side(side: Side, hip_angle_deg: float, knee_flexion_deg: float) -> ThomasSide:
    hip = check_range(
        f"{side.value} Thomas hip angle", hip_angle_deg, THOMAS_HIP_MIN_DEG, THOMAS_HIP_MAX_DEG, "degrees"
    )
    knee = check_angle(f"{side.value} Thomas knee flexion", knee_flexion_deg)
    return ThomasSide(
        side, hip, knee, above(hip, THOMAS_HIP_ABOVE_HORIZONTAL_DEG), below(knee, THOMAS_KNEE_FLEXION_MIN_DEG)
    )


def thomas_test(
    left_hip_angle_deg: float | None,
    left_knee_flexion_deg: float | None,
    right_hip_angle_deg: float | None,
    right_knee_flexion_deg: float | None,
) -> ThomasResult:
    """Modified Thomas test: hip angle above horizontal and knee flexion, each side."""
    return ThomasResult(
        _thomas_side(
            Side.LEFT,
            require("left Thomas hip angle", left_hip_angle_deg),
            require("left Thomas knee flexion", left_knee_flexion_deg),
        ),
        _thomas_side(
            Side.RIGHT,
            require("right Thomas hip angle", right_hip_angle_deg),
            require("right Thomas knee flexion", right_knee_flexion_deg),
        ),
    )


def active_knee_extension(
    left_deficit_deg: float | None, right_deficit_deg: float | None, sex: Sex
) -> HamstringResult:
    """AKE deficit above 33.0 degrees (men) or 23.4 (women) means short hamstrings (Yildirim 2018)."""
    threshold = AKE_DEFICIT_SHORT_DEG[sex]
    sides = []
    for side, value in ((Side.LEFT, left_deficit_deg), (Side.RIGHT, right_deficit_deg)):
        field = f"{side.value} active knee extension deficit"
        deficit = check_angle(field, require(field, value))
        sides.append(HamstringSide(side, deficit, above(deficit, threshold)))
    return HamstringResult(threshold, sides[0], sides[1])


def knee_to_wall(left_cm: float | None, right_cm: float | None) -> KneeToWallResult:
    """Knee-to-wall distance each side; about 9 cm or more is taken as adequate [S]."""
    left = check_range(
        "left knee-to-wall", require("left knee-to-wall", left_cm), 0.0, KNEE_TO_WALL_MAX_CM, "cm"
    )
    right = check_range(
        "right knee-to-wall", require("right knee-to-wall", right_cm), 0.0, KNEE_TO_WALL_MAX_CM, "cm"
    )
    return KneeToWallResult(
        left, right, not below(left, KNEE_TO_WALL_ADEQUATE_CM), not below(right, KNEE_TO_WALL_ADEQUATE_CM)
    )


def ranges_within_norms(
    hips: HipRangeResult,
    thomas: ThomasResult | None = None,
    hamstrings: HamstringResult | None = None,
    ankle: KneeToWallResult | None = None,
) -> bool:
    """True when no range falls short of its norm, for PhaseProgress.ranges_within_norms (BRIEF §5).

    [D] A range above its reference band is not a restriction, so only "below" counts against the gate; the
    Thomas, hamstring and ankle tests count when they were done.
    """
    if hips.any_below:
        return False
    if thomas and any(
        s.short_one_joint_hip_flexors or s.short_two_joint_hip_flexors for s in (thomas.left, thomas.right)
    ):
        return False
    if hamstrings and (hamstrings.left.short or hamstrings.right.short):
        return False
    return not (ankle and not (ankle.left_adequate and ankle.right_adequate))
