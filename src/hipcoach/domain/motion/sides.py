"""Left against right: the difference between paired key values and which side is more flexed."""

from __future__ import annotations

from dataclasses import dataclass

from hipcoach.domain.anatomy import Side
from hipcoach.domain.motion.error import ERROR_MIN_DEG
from hipcoach.domain.motion.moments import KeyValue


@dataclass(frozen=True)
class SideComparison:
    """``difference`` is left minus right (None when either is not measured); ``more`` is the side with
    the larger angle (more flexed; more valgus for FPPA), None when the difference is within error."""

    left: KeyValue
    right: KeyValue
    difference: float | None
    more: Side | None


def compare_sides(left: KeyValue, right: KeyValue) -> SideComparison:
    """Compare one angle's key values of the left and right leg."""
    if left.side is not Side.LEFT or right.side is not Side.RIGHT or left.angle is not right.angle:
        raise ValueError("compare the same angle of the left leg with the right leg")
    if left.degrees is None or right.degrees is None:
        return SideComparison(left, right, None, None)
    difference = left.degrees - right.degrees
    # [D] from BRIEF §11: a left/right gap smaller than the least error of a 2-D angle is not called.
    more = None if abs(difference) < ERROR_MIN_DEG else (Side.LEFT if difference > 0 else Side.RIGHT)
    return SideComparison(left, right, difference, more)
