"""Forward kinematics: a pose's angles → joint positions (x, y) in units of height, y up, floor at y = 0.

Each segment's absolute rotation (counter-clockwise positive, 0 = its direction when standing straight) is
its parent's plus the signed joint angle (see ``skeleton`` for the convention); its distal joint is the
proximal one plus the rest vector of the segment turned by that rotation. Rotations keep lengths, so every
frame has the same segment lengths.
"""

from __future__ import annotations

import math

from hipcoach.domain.figure.skeleton import (
    FOREARM,
    HAND,
    HEAD_RADIUS,
    HIP_HEIGHT,
    NECK_TO_HEAD,
    PELVIS_HALF_WIDTH,
    SHANK,
    SHOULDER_HALF_WIDTH,
    THIGH,
    TRUNK,
    UPPER_ARM,
    Joint,
    Pose,
    Side,
    Vector,
    View,
    foot_offsets,
)

Positions = dict[Joint, Vector]

DOWN: Vector = (0.0, -1.0)
UP: Vector = (0.0, 1.0)


def rotate(vector: Vector, degrees: float) -> Vector:
    """Turn ``vector`` counter-clockwise by ``degrees``."""
    rad = math.radians(degrees)
    c, s = math.cos(rad), math.sin(rad)
    return (vector[0] * c - vector[1] * s, vector[0] * s + vector[1] * c)


def _at(origin: Vector, length: float, rest: Vector, rotation: float) -> Vector:
    dx, dy = rotate(rest, rotation)
    return (origin[0] + length * dx, origin[1] + length * dy)


def forward_kinematics(pose: Pose) -> Positions:
    """Joint positions with the pelvis centre at (0, standing hip height), before placing on the floor."""
    trunk_rotation = -pose.trunk
    pelvis: Vector = (0.0, HIP_HEIGHT)
    neck = _at(pelvis, TRUNK, UP, trunk_rotation)
    positions: Positions = {
        Joint.PELVIS: pelvis,
        Joint.NECK: neck,
        Joint.HEAD: _at(neck, NECK_TO_HEAD, UP, trunk_rotation - pose.neck),
    }
    front = pose.view is View.FRONT
    for side in Side:
        angles = pose.limb(side)
        # Side view: both sides turn the same way. Front view: the right side is the left's mirror image.
        sign = -1.0 if front and side is Side.RIGHT else 1.0
        knee_sign = sign if front else -1.0

        def j(part: str, side: Side = side) -> Joint:
            return Joint.of(side, part)

        lateral = (sign, 0.0)  # towards the figure's own side in the front view
        shoulder = _at(neck, SHOULDER_HALF_WIDTH if front else 0.0, lateral, trunk_rotation)
        hip = _at(pelvis, PELVIS_HALF_WIDTH if front else 0.0, lateral, trunk_rotation)
        upper_arm = trunk_rotation + sign * angles.shoulder
        forearm = upper_arm + sign * angles.elbow
        thigh = trunk_rotation + sign * angles.hip
        shank = thigh + knee_sign * angles.knee
        foot = shank + sign * angles.ankle
        elbow = _at(shoulder, UPPER_ARM, DOWN, upper_arm)
        wrist = _at(elbow, FOREARM, DOWN, forearm)
        knee = _at(hip, THIGH, DOWN, thigh)
        ankle = _at(knee, SHANK, DOWN, shank)
        heel, toe = foot_offsets(pose.view, side)
        positions |= {
            j("shoulder"): shoulder,
            j("elbow"): elbow,
            j("wrist"): wrist,
            j("hand"): _at(wrist, HAND, DOWN, forearm),
            j("hip"): hip,
            j("knee"): knee,
            j("ankle"): ankle,
            j("heel"): _at(ankle, 1.0, heel, foot),
            j("toe"): _at(ankle, 1.0, toe, foot),
        }
    return positions


def bottom(joint: Joint, position: Vector) -> float:
    """The lowest height of the body at a joint: the head is a circle, every other joint a point."""
    return position[1] - (HEAD_RADIUS if joint is Joint.HEAD else 0.0)


def lowest(positions: Positions) -> tuple[Joint, float]:
    """The joint that reaches lowest, and how low."""
    joint = min(positions, key=lambda item: bottom(item, positions[item]))
    return joint, bottom(joint, positions[joint])


def place(pose: Pose, positions: Positions | None = None) -> Positions:
    """Positions with the lowest support point at ``pose.ground`` and the anchor joint at ``pose.anchor_x``.

    With no supports flagged, the lowest point of the whole figure rests on the floor.
    """
    raw = forward_kinematics(pose) if positions is None else positions
    contacts = [joint for joint in raw if not pose.support or joint in pose.support]
    low = min(bottom(joint, raw[joint]) for joint in contacts)
    dx = pose.anchor_x - raw[pose.anchor][0]
    dy = pose.ground - low
    return {joint: (x + dx, y + dy) for joint, (x, y) in raw.items()}


def pose_positions(pose: Pose) -> Positions:
    """Forward kinematics, then placed on the floor: the positions a renderer draws."""
    return place(pose)
