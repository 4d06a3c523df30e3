"""Joint angles from a landmark track, frame by frame, in the figure's convention (BRIEF §9 and §11).

0 = a segment aligned with its parent, flexion positive, as in ``hipcoach.domain.figure.skeleton``:

* knee flexion = 180 − the hip–knee–ankle angle (0 straight; a 2-D angle cannot show hyperextension);
* hip flexion = the turn from the trunk's downward line (shoulder → hip) to the thigh (hip → knee), positive
  when the thigh is in front of the trunk line: "in front" is the facing direction (``facing``);
* ankle dorsiflexion = 90 − the angle between the shank (ankle → knee) and the foot (heel → toe): a foot at
  right angles to the shank is 0, toes towards the shin positive;
* trunk lean = the trunk line (hip → shoulder) from the picture's vertical, forward positive, so the camera
  must be level;
* knee FPPA (frontal-plane projection angle, front view) = 180 − the hip–knee–ankle angle in the picture,
  positive when the knee lies on the midline side of the hip → ankle line (valgus), negative (varus) on the
  outside. The midline side is the direction of the other hip, so the sign holds for either leg, for a
  person facing the camera or turned away, and for a mirrored selfie video.

The sagittal angles are measured in a side view, FPPA in a front view; each view gives only its own.
An angle is NaN (untrusted) in a frame where any landmark it needs is below ``CONFIDENCE_MIN``, or where it
lies beyond what the joint can do (``PLAUSIBLE``: a model sure of a wrong point), and hip flexion and trunk
lean are NaN throughout when the facing cannot be read from the feet.
"""

from __future__ import annotations

from enum import StrEnum

import numpy as np

from hipcoach.domain.anatomy import Side
from hipcoach.domain.figure.limits import LIMITS
from hipcoach.domain.figure.skeleton import View
from hipcoach.domain.motion.error import ERROR_MAX_DEG
from hipcoach.domain.motion.facing import Facing
from hipcoach.domain.motion.geometry import UP, between, turn
from hipcoach.domain.motion.landmarks import Flags, Floats, LandmarkTrack, Part


class Angle(StrEnum):
    KNEE_FLEXION = "knee-flexion"
    HIP_FLEXION = "hip-flexion"
    ANKLE_DORSIFLEXION = "ankle-dorsiflexion"
    TRUNK_LEAN = "trunk-lean"
    KNEE_FPPA = "knee-fppa"

    @property
    def label(self) -> str:
        return "knee FPPA" if self is Angle.KNEE_FPPA else self.value.replace("-", " ")

    @property
    def view(self) -> View:
        """The camera this angle is measured from."""
        return View.FRONT if self is Angle.KNEE_FPPA else View.SIDE


ANGLES_BY_VIEW: dict[View, tuple[Angle, ...]] = {
    view: tuple(angle for angle in Angle if angle.view is view) for view in View
}

# The landmarks of the angle's own side each angle is built on (FPPA also needs the other hip).
NEEDS: dict[Angle, tuple[Part, ...]] = {
    Angle.KNEE_FLEXION: (Part.HIP, Part.KNEE, Part.ANKLE),
    Angle.HIP_FLEXION: (Part.SHOULDER, Part.HIP, Part.KNEE),
    Angle.ANKLE_DORSIFLEXION: (Part.KNEE, Part.ANKLE, Part.HEEL, Part.TOE),
    Angle.TRUNK_LEAN: (Part.SHOULDER, Part.HIP),
    Angle.KNEE_FPPA: (Part.HIP, Part.KNEE, Part.ANKLE),
}

AngleKey = tuple[Angle, Side]


def _widened(joint: str, low_floor: float | None = None) -> tuple[float, float]:
    low, high = LIMITS[joint]
    low = low - ERROR_MAX_DEG if low_floor is None else low_floor
    return low, high + ERROR_MAX_DEG


# [D] The joint's anatomical range (figure.limits, AAOS norms) widened by the largest error of a 2-D angle
# (BRIEF §11): a value beyond it is no body's, so a landmark the model was sure of was wrong in that frame.
# Knee flexion starts at 0 (180 − an angle ≤ 180 cannot go below it). Trunk lean and FPPA have no joint range
# to hold them to.
PLAUSIBLE: dict[Angle, tuple[float, float]] = {
    Angle.KNEE_FLEXION: _widened("knee", low_floor=0.0),
    Angle.HIP_FLEXION: _widened("hip"),
    Angle.ANKLE_DORSIFLEXION: _widened("ankle"),
}


def joint_angles(track: LandmarkTrack, facing: Facing | None) -> dict[AngleKey, Floats]:
    """Every angle of the track's view for both sides, degrees per frame, NaN where not trusted."""
    result: dict[AngleKey, Floats] = {}
    for side in Side:
        for angle in ANGLES_BY_VIEW[track.view]:
            raw = _measure(track, angle, side, facing)
            trusted = _trusted(track, angle, side)
            if angle in PLAUSIBLE:
                low, high = PLAUSIBLE[angle]
                with np.errstate(invalid="ignore"):
                    trusted &= (raw >= low) & (raw <= high)
            result[(angle, side)] = np.where(trusted, raw, np.nan)
    return result


def _trusted(track: LandmarkTrack, angle: Angle, side: Side) -> Flags:
    trusted = np.ones(track.frame_count, dtype=np.bool_)
    for part in NEEDS[angle]:
        trusted &= track.confident(side, part)
    if angle is Angle.KNEE_FPPA:
        trusted &= track.confident(side.other, Part.HIP)
    return trusted


def _measure(track: LandmarkTrack, angle: Angle, side: Side, facing: Facing | None) -> Floats:
    def at(part: Part) -> Floats:
        return track.picture(side, part)

    # Untrusted frames may hold NaN points; their results are masked out by the caller.
    with np.errstate(invalid="ignore"):
        if angle is Angle.KNEE_FLEXION:
            return 180.0 - between(at(Part.HIP) - at(Part.KNEE), at(Part.ANKLE) - at(Part.KNEE))
        if angle is Angle.ANKLE_DORSIFLEXION:
            return 90.0 - between(at(Part.KNEE) - at(Part.ANKLE), at(Part.TOE) - at(Part.HEEL))
        if angle is Angle.KNEE_FPPA:
            return _fppa(at(Part.HIP), at(Part.KNEE), at(Part.ANKLE), track.picture(side.other, Part.HIP))
        if facing is None:
            return np.full(track.frame_count, np.nan)
        if angle is Angle.HIP_FLEXION:
            # Counter-clockwise is forward for a person facing screen-right (+x), backward facing left.
            return facing.sign * turn(at(Part.HIP) - at(Part.SHOULDER), at(Part.KNEE) - at(Part.HIP))
        # The trunk leaning forward turns the vertical clockwise when facing screen-right.
        return -facing.sign * turn(UP, at(Part.SHOULDER) - at(Part.HIP))


def _fppa(hip: Floats, knee: Floats, ankle: Floats, other_hip: Floats) -> Floats:
    size = 180.0 - between(hip - knee, ankle - knee)
    leg = ankle - hip
    from_hip = knee - hip
    along = np.sum(from_hip * leg, axis=1) / np.sum(leg * leg, axis=1)
    off_line = from_hip - along[:, None] * leg
    towards_midline = np.sign(np.sum(off_line * (other_hip - hip), axis=1))
    # A straight leg is 0 whichever side rounding puts the knee; a leg lying along the line of the hips has
    # no inside or outside, so no FPPA.
    signed = np.where(towards_midline == 0.0, np.nan, towards_midline * size)
    return np.where(size == 0.0, 0.0, signed)
