"""Exercise illustrations: a stick figure posed by joint angles in 3-D, seen from a camera, animated between
key poses as SVG; and a close-up of one foot for the exercises that happen inside it.

Pure: standard library only. The angle convention is documented in ``skeleton``.
"""

from hipcoach.domain.figure.foot import FootPoint, FootPose, foot_frames, foot_positions, validate_foot
from hipcoach.domain.figure.interpolate import Frame, ease_in_out, frames, interpolate
from hipcoach.domain.figure.kinematics import (
    Positions,
    Positions3,
    forward_kinematics,
    lowest,
    place,
    project,
)
from hipcoach.domain.figure.limits import LIMITS, PoseError, limit_problems, validate
from hipcoach.domain.figure.skeleton import Camera, Joint, LimbAngles, Pose, Side, View, mirror, segments
from hipcoach.domain.figure.svg import (
    Prop,
    PropKind,
    animated_svg,
    foot_animated_svg,
    foot_strip_svg,
    strip_svg,
)

__all__ = [
    "LIMITS",
    "Camera",
    "FootPoint",
    "FootPose",
    "Frame",
    "Joint",
    "LimbAngles",
    "Pose",
    "PoseError",
    "Positions",
    "Positions3",
    "Prop",
    "PropKind",
    "Side",
    "View",
    "animated_svg",
    "ease_in_out",
    "foot_animated_svg",
    "foot_frames",
    "foot_positions",
    "foot_strip_svg",
    "forward_kinematics",
    "frames",
    "interpolate",
    "limit_problems",
    "lowest",
    "mirror",
    "place",
    "project",
    "segments",
    "strip_svg",
    "validate",
    "validate_foot",
]
