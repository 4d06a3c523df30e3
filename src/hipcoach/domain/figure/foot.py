"""A close-up of one foot seen from its inner (medial) side, for foot exercises a stick figure cannot show.

"Short foot" (the arch lifts, the ball of the foot slides back toward the heel, the toes stay long and flat)
and "toe yoga" (the big toe and the small toes lift and press independently) happen inside the foot, so they
get their own small skeleton. Units are body height H; x points forward (toes at +x), y up, floor y = 0, heel
on the floor at x = 0.

Lengths: foot length 0.152H and ankle height 0.039H [S] (Winter DA, *Biomechanics and Motor Control of Human
Movement*, 4th ed., Wiley 2009, Fig. 4.1). The rest are drawing choices [D]: the heel 0.25 of the foot length
behind the ankle (as in the whole-body figure); the ball of the foot (first metatarsal head) at 0.72 of the
foot length from the heel, near the usual ~70–73 %, so the big toe is the remaining 0.28; the small toes 0.8
of the big toe; a 0.07H piece of shank; the relaxed arch apex at 0.45 of the heel→ball span, 0.012H up.

The sole is two rigid struts hinged at the arch apex: heel→apex (the rearfoot, carrying the ankle) and
apex→ball (the forefoot). ``arch`` rotates the rearfoot strut about the heel; the forefoot strut follows so
the ball stays on the floor (a closed chain, one degree of freedom). The apex rises and the ball, hence the
whole foot, moves back toward the heel: the foot gets shorter, as in the exercise. The shank stays vertical.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from hipcoach.domain.figure.interpolate import STEPS_PER_POSE, ease_in_out
from hipcoach.domain.figure.kinematics import rotate
from hipcoach.domain.figure.limits import TOLERANCE, PoseError
from hipcoach.domain.figure.skeleton import ANKLE_HEIGHT, FOOT_LENGTH, HEEL_BEHIND_ANKLE

BALL_FROM_HEEL = 0.72 * FOOT_LENGTH  # [D] first metatarsal head
BIG_TOE_LENGTH = FOOT_LENGTH - BALL_FROM_HEEL  # [D] the remaining 0.28
SMALL_TOES_LENGTH = 0.8 * BIG_TOE_LENGTH  # [D]
SHANK_PIECE = 0.07  # [D]
ARCH_APEX_AT = 0.45  # [D] fraction of the relaxed heel→ball span
ARCH_APEX_HEIGHT = 0.012  # [D]

# (low, high) in degrees [S]: AAOS normal active ranges (Greene & Heckman, *The Clinical Measurement of Joint
# Motion*, AAOS 1994) as tabulated in Norkin & White, *Measurement of Joint Motion*, 5th ed., F.A. Davis 2016:
# first MTP extension 70°, lesser MTP extension 40°. A toe pressing down stays flat on the floor (0°), so
# flexion is not drawn. The arch range is a drawing range [D].
FOOT_LIMITS: dict[str, tuple[float, float]] = {
    "arch": (0.0, 15.0),
    "big_toe": (0.0, 70.0),
    "small_toes": (0.0, 40.0),
}


class FootPoint(StrEnum):
    KNEE_CUT = "knee_cut"
    ANKLE = "ankle"
    HEEL = "heel"
    ARCH = "arch"
    BALL = "ball"
    BIG_TOE = "big_toe"
    SMALL_TOES = "small_toes"


@dataclass(frozen=True)
class FootPose:
    """A key pose in degrees: arch lift, and first / lesser MTP extension (toe tips lifting, positive)."""

    name: str
    arch: float = 0.0
    big_toe: float = 0.0
    small_toes: float = 0.0


Point = tuple[float, float]

_APEX: Point = (ARCH_APEX_AT * BALL_FROM_HEEL, ARCH_APEX_HEIGHT)
_ANKLE: Point = (HEEL_BEHIND_ANKLE, ANKLE_HEIGHT)
_REAR = math.hypot(*_APEX)
_FORE = math.hypot(BALL_FROM_HEEL - _APEX[0], ARCH_APEX_HEIGHT)

# The pieces that never change length, with that length; the top line ankle→ball spans the hinge, so it may.
FOOT_SEGMENTS: dict[tuple[FootPoint, FootPoint], float] = {
    (FootPoint.KNEE_CUT, FootPoint.ANKLE): SHANK_PIECE,
    (FootPoint.ANKLE, FootPoint.HEEL): math.hypot(*_ANKLE),
    (FootPoint.ANKLE, FootPoint.ARCH): math.hypot(_APEX[0] - _ANKLE[0], _APEX[1] - _ANKLE[1]),
    (FootPoint.HEEL, FootPoint.ARCH): _REAR,
    (FootPoint.ARCH, FootPoint.BALL): _FORE,
    (FootPoint.BALL, FootPoint.BIG_TOE): BIG_TOE_LENGTH,
    (FootPoint.BALL, FootPoint.SMALL_TOES): SMALL_TOES_LENGTH,
}


def _toe(ball: Point, length: float, degrees: float) -> Point:
    return (
        ball[0] + length * math.cos(math.radians(degrees)),
        ball[1] + length * math.sin(math.radians(degrees)),
    )


def foot_positions(pose: FootPose) -> dict[FootPoint, Point]:
    """Heel at the origin; the ball is where the forefoot strut, hanging from the apex, meets the floor."""
    apex = rotate(_APEX, pose.arch)
    ankle = rotate(_ANKLE, pose.arch)
    ball = (apex[0] + math.sqrt(_FORE**2 - apex[1] ** 2), 0.0)
    return {
        FootPoint.KNEE_CUT: (ankle[0], ankle[1] + SHANK_PIECE),
        FootPoint.ANKLE: ankle,
        FootPoint.HEEL: (0.0, 0.0),
        FootPoint.ARCH: apex,
        FootPoint.BALL: ball,
        FootPoint.BIG_TOE: _toe(ball, BIG_TOE_LENGTH, pose.big_toe),
        FootPoint.SMALL_TOES: _toe(ball, SMALL_TOES_LENGTH, pose.small_toes),
    }


def foot_runs(positions: Mapping[FootPoint, Point]) -> dict[str, list[list[Point]]]:
    """The polylines a renderer strokes, by part; the small toes come before the big toe, which is nearer."""
    parts = {
        "shank": [[FootPoint.KNEE_CUT, FootPoint.ANKLE]],
        "rearfoot": [[FootPoint.ANKLE, FootPoint.HEEL]],
        "sole": [[FootPoint.HEEL, FootPoint.ARCH, FootPoint.BALL]],
        "top": [[FootPoint.ANKLE, FootPoint.BALL]],
        "small-toes": [[FootPoint.BALL, FootPoint.SMALL_TOES]],
        "big-toe": [[FootPoint.BALL, FootPoint.BIG_TOE]],
    }
    return {part: [[positions[p] for p in run] for run in runs] for part, runs in parts.items()}


def foot_problems(pose: FootPose) -> list[str]:
    """Every angle outside its range, as readable sentences (empty when the pose is fine)."""
    problems = []
    for name, (low, high) in FOOT_LIMITS.items():
        value: float = getattr(pose, name)
        if not low - TOLERANCE <= value <= high + TOLERANCE:
            label = name.replace("_", " ")
            problems.append(f"{label} angle {value:g}° is outside its range {low:g}° to {high:g}°")
    return problems


def interpolate_foot(a: FootPose, b: FootPose, t: float) -> FootPose:
    """The pose a fraction ``t`` from ``a`` to ``b``: angles, not positions, so nothing stretches."""
    return FootPose(
        name=a.name if t < 0.5 else b.name,
        arch=a.arch + (b.arch - a.arch) * t,
        big_toe=a.big_toe + (b.big_toe - a.big_toe) * t,
        small_toes=a.small_toes + (b.small_toes - a.small_toes) * t,
    )


def foot_frames(poses: Sequence[FootPose], steps: int = STEPS_PER_POSE) -> list[FootPose]:
    """Eased frames through the key poses and back: ``steps × n + 1``, from and to ``poses[0]``."""
    if not poses:
        raise ValueError("an animation needs at least one key pose")
    if steps < 1:
        raise ValueError("steps must be at least 1")
    result = [poses[0]]
    for i, a in enumerate(poses):
        b = poses[(i + 1) % len(poses)]
        result.extend(
            b if k == steps else interpolate_foot(a, b, ease_in_out(k / steps)) for k in range(1, steps + 1)
        )
    return result


def _check_frame(exercise_id: str, pose: FootPose, label: str) -> None:
    positions = foot_positions(pose)
    point, (_, low) = min(positions.items(), key=lambda item: item[1][1])
    if low < -TOLERANCE:
        raise PoseError(exercise_id, label, f"{point.value.replace('_', ' ')} is {-low:.3g} below the floor")
    for (a, b), length in FOOT_SEGMENTS.items():
        actual = math.dist(positions[a], positions[b])
        if abs(actual - length) > TOLERANCE:
            raise PoseError(
                exercise_id, label, f"piece {a.value}–{b.value} is {actual!r} long, not {length!r}"
            )


def validate_foot(exercise_id: str, poses: Sequence[FootPose], steps: int = STEPS_PER_POSE) -> None:
    """Raise ``PoseError`` unless every key pose, and every frame between them, can be drawn."""
    if not poses:
        raise PoseError(exercise_id, "-", "an exercise needs at least one key pose")
    for pose in poses:
        problems = foot_problems(pose)
        if problems:
            raise PoseError(exercise_id, pose.name, "; ".join(problems))
        _check_frame(exercise_id, pose, pose.name)
    for index, frame in enumerate(foot_frames(poses, steps)[1:]):
        a, b = poses[index // steps], poses[(index // steps + 1) % len(poses)]
        _check_frame(exercise_id, frame, f"between '{a.name}' and '{b.name}'")
