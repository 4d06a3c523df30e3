"""Forward kinematics: a pose's angles → 3-D joint positions (units of height, y up, floor y = 0), and the
camera's projection of them onto the picture.

Each segment's orientation is its parent's times the joint's rotations (see ``skeleton`` for the order and
signs); its distal joint is the proximal one plus the segment's rest vector turned by that orientation.
Rotations keep lengths, so every frame has the same segment lengths.
"""

from __future__ import annotations

import math

from hipcoach.domain.figure.skeleton import (
    FOREARM,
    HAND,
    HEAD_RADIUS,
    HEEL_OFFSET,
    HIP_HEIGHT,
    NECK_TO_HEAD,
    PELVIS_HALF_WIDTH,
    SHANK,
    SHOULDER_HALF_WIDTH,
    THIGH,
    TOE_OFFSET,
    TRUNK,
    UPPER_ARM,
    Camera,
    Joint,
    Pose,
    Side,
    Vector,
    Vector3,
)

Positions3 = dict[Joint, Vector3]
Positions = dict[Joint, Vector]
Matrix = tuple[Vector3, Vector3, Vector3]  # rows

DOWN: Vector3 = (0.0, -1.0, 0.0)
UP: Vector3 = (0.0, 1.0, 0.0)
IDENTITY: Matrix = ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0))


def _axis(axis: str, degrees: float) -> Matrix:
    """A counter-clockwise turn about a world axis (looking from its positive end)."""
    rad = math.radians(degrees)
    c, s = math.cos(rad), math.sin(rad)
    if axis == "x":
        return ((1.0, 0.0, 0.0), (0.0, c, -s), (0.0, s, c))
    if axis == "y":
        return ((c, 0.0, s), (0.0, 1.0, 0.0), (-s, 0.0, c))
    return ((c, -s, 0.0), (s, c, 0.0), (0.0, 0.0, 1.0))


def _mul(a: Matrix, b: Matrix) -> Matrix:
    (a0, a1, a2), (b0, b1, b2) = a, b
    return (
        (
            a0[0] * b0[0] + a0[1] * b1[0] + a0[2] * b2[0],
            a0[0] * b0[1] + a0[1] * b1[1] + a0[2] * b2[1],
            a0[0] * b0[2] + a0[1] * b1[2] + a0[2] * b2[2],
        ),
        (
            a1[0] * b0[0] + a1[1] * b1[0] + a1[2] * b2[0],
            a1[0] * b0[1] + a1[1] * b1[1] + a1[2] * b2[1],
            a1[0] * b0[2] + a1[1] * b1[2] + a1[2] * b2[2],
        ),
        (
            a2[0] * b0[0] + a2[1] * b1[0] + a2[2] * b2[0],
            a2[0] * b0[1] + a2[1] * b1[1] + a2[2] * b2[1],
            a2[0] * b0[2] + a2[1] * b1[2] + a2[2] * b2[2],
        ),
    )


def _apply(m: Matrix, v: Vector3) -> Vector3:
    return (
        m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2],
        m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2],
        m[2][0] * v[0] + m[2][1] * v[1] + m[2][2] * v[2],
    )


def _turns(*steps: tuple[str, float]) -> Matrix:
    result = IDENTITY
    for axis, degrees in steps:
        if degrees:
            result = _mul(result, _axis(axis, degrees))
    return result


def _at(origin: Vector3, length: float, rest: Vector3, orientation: Matrix) -> Vector3:
    d = _apply(orientation, rest)
    return (origin[0] + length * d[0], origin[1] + length * d[1], origin[2] + length * d[2])


def rotate(vector: Vector, degrees: float) -> Vector:
    """Turn a picture-plane ``vector`` counter-clockwise by ``degrees``."""
    x, y, _ = _apply(_axis("z", degrees), (vector[0], vector[1], 0.0))
    return (x, y)


def forward_kinematics(pose: Pose) -> Positions3:
    """Joint positions with the pelvis centre at (0, standing hip height, 0), before placing on the floor."""
    trunk = _turns(("y", pose.trunk_turn), ("z", -pose.trunk), ("x", -pose.trunk_bend))
    pelvis: Vector3 = (0.0, HIP_HEIGHT, 0.0)
    neck = _at(pelvis, TRUNK, UP, trunk)
    positions: Positions3 = {
        Joint.PELVIS: pelvis,
        Joint.NECK: neck,
        Joint.HEAD: _at(neck, NECK_TO_HEAD, UP, _mul(trunk, _axis("z", -pose.neck))),
    }
    for side in Side:
        angles = pose.limb(side)
        # Abduction and external rotation turn the right limb towards +z, the left towards −z.
        out = -side.lateral

        def j(part: str, side: Side = side) -> Joint:
            return Joint.of(side, part)

        lateral: Vector3 = (0.0, 0.0, side.lateral)
        shoulder = _at(neck, SHOULDER_HALF_WIDTH, lateral, trunk)
        hip = _at(pelvis, PELVIS_HALF_WIDTH, lateral, trunk)
        upper_arm = _mul(
            trunk,
            _turns(
                ("z", angles.shoulder),
                ("x", out * angles.shoulder_abduction),
                ("y", out * angles.shoulder_rotation),
            ),
        )
        forearm = _mul(upper_arm, _axis("z", angles.elbow))
        thigh = _mul(
            trunk,
            _turns(("z", angles.hip), ("x", out * angles.hip_abduction), ("y", out * angles.hip_rotation)),
        )
        shank = _mul(thigh, _axis("z", -angles.knee))
        foot = _mul(shank, _axis("z", angles.ankle))
        elbow = _at(shoulder, UPPER_ARM, DOWN, upper_arm)
        wrist = _at(elbow, FOREARM, DOWN, forearm)
        knee = _at(hip, THIGH, DOWN, thigh)
        ankle = _at(knee, SHANK, DOWN, shank)
        positions |= {
            j("shoulder"): shoulder,
            j("elbow"): elbow,
            j("wrist"): wrist,
            j("hand"): _at(wrist, HAND, DOWN, forearm),
            j("hip"): hip,
            j("knee"): knee,
            j("ankle"): ankle,
            j("heel"): _at(ankle, 1.0, HEEL_OFFSET, foot),
            j("toe"): _at(ankle, 1.0, TOE_OFFSET, foot),
        }
    return positions


def bottom(joint: Joint, position: Vector3) -> float:
    """The lowest height of the body at a joint: the head is a ball, every other joint a point."""
    return position[1] - (HEAD_RADIUS if joint is Joint.HEAD else 0.0)


def lowest(positions: Positions3) -> tuple[Joint, float]:
    """The joint that reaches lowest, and how low."""
    joint = min(positions, key=lambda item: bottom(item, positions[item]))
    return joint, bottom(joint, positions[joint])


def place(pose: Pose, positions: Positions3 | None = None) -> Positions3:
    """Positions with the lowest support point at ``pose.ground`` and the anchor joint at
    (``anchor_x``, ``anchor_z``). With no supports flagged, the lowest point of the figure rests on the floor.
    """
    raw = forward_kinematics(pose) if positions is None else positions
    contacts = [joint for joint in raw if not pose.support or joint in pose.support]
    low = min(bottom(joint, raw[joint]) for joint in contacts)
    ax, _, az = raw[pose.anchor]
    dx, dy, dz = pose.anchor_x - ax, pose.ground - low, pose.anchor_z - az
    return {joint: (x + dx, y + dy, z + dz) for joint, (x, y, z) in raw.items()}


def view_point(point: Vector3, camera: Camera) -> tuple[float, float, float]:
    """A world point as the camera sees it: (picture x, picture y, depth towards the viewer)."""
    x, y, z = _apply(_axis("y", -camera.turn), point)
    e = math.radians(camera.elevation)
    return x, y * math.cos(e) - z * math.sin(e), y * math.sin(e) + z * math.cos(e)


def project(positions: Positions3, camera: Camera) -> Positions:
    """The picture-plane positions (x right, y up) the camera sees."""
    result: Positions = {}
    for joint, point in positions.items():
        x, y, _ = view_point(point, camera)
        result[joint] = (x, y)
    return result
