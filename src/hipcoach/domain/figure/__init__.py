"""Exercise illustrations: a 2-D stick figure posed by joint angles, animated between key poses, as SVG.

Pure: standard library only. The angle convention is documented in ``skeleton``.
"""

from hipcoach.domain.figure.interpolate import Frame, ease_in_out, frames, interpolate
from hipcoach.domain.figure.kinematics import Positions, forward_kinematics, lowest, place, pose_positions
from hipcoach.domain.figure.limits import LIMITS, PoseError, limit_problems, validate
from hipcoach.domain.figure.skeleton import Joint, LimbAngles, Pose, Side, View, mirror, segments
from hipcoach.domain.figure.svg import Prop, PropKind, animated_svg, strip_svg

__all__ = [
    "LIMITS",
    "Frame",
    "Joint",
    "LimbAngles",
    "Pose",
    "PoseError",
    "Positions",
    "Prop",
    "PropKind",
    "Side",
    "View",
    "animated_svg",
    "ease_in_out",
    "forward_kinematics",
    "frames",
    "interpolate",
    "limit_problems",
    "lowest",
    "mirror",
    "place",
    "pose_positions",
    "segments",
    "strip_svg",
    "validate",
]
