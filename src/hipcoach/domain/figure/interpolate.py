"""In-between frames: the joint ANGLES are interpolated (never the positions), so no limb ever stretches."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from hipcoach.domain.figure.skeleton import BODY_ANGLES, LIMB_JOINTS, LimbAngles, Pose

STEPS_PER_POSE = 12
# A drawn segment turns at most this much from one frame to the next (more frames where the move is big),
# so the straight line a browser draws between two frames keeps a limb within 1 − cos(7.5°) = 0.9 % of its
# length.
MAX_TURN = 15.0
PEAK_SPEED = 1.5  # smoothstep's fastest rate, at mid-way, relative to the average


def ease_in_out(t: float) -> float:
    """Smoothstep: slow out of a key pose, slow into the next (3t² − 2t³)."""
    return t * t * (3.0 - 2.0 * t)


def _lerp(a: float, b: float, t: float) -> float:
    return a + (b - a) * t


def _limb(a: LimbAngles, b: LimbAngles, t: float) -> LimbAngles:
    return LimbAngles(**{name: _lerp(getattr(a, name), getattr(b, name), t) for name in LIMB_JOINTS})


def interpolate(a: Pose, b: Pose, t: float) -> Pose:
    """The pose a fraction ``t`` (0..1) of the way from ``a`` to ``b``.

    The contact points are those of both poses (the lowest of them rests on the ground), the anchor is
    ``a``'s, and the ground height and anchor position move linearly.
    """
    left = _limb(a.left, b.left, t)
    right = _limb(a.right, b.right, t)
    return Pose(
        name=a.name if t < 0.5 else b.name,
        trunk=_lerp(a.trunk, b.trunk, t),
        trunk_bend=_lerp(a.trunk_bend, b.trunk_bend, t),
        trunk_turn=_lerp(a.trunk_turn, b.trunk_turn, t),
        neck=_lerp(a.neck, b.neck, t),
        left=left,
        right=right,
        support=a.support | b.support if a.support and b.support else frozenset(),
        ground=_lerp(a.ground, b.ground, t),
        anchor=a.anchor,
        anchor_x=_lerp(a.anchor_x, b.anchor_x, t),
        anchor_z=_lerp(a.anchor_z, b.anchor_z, t),
    )


@dataclass(frozen=True)
class Frame:
    """One animation frame: the pose, the key poses it lies between (for error messages), how far it is
    between them before easing (``t``) and when it is shown, as a fraction of the whole loop (``time``)."""

    pose: Pose
    after: str
    before: str
    t: float
    time: float = 0.0


def _turn_between(a: Pose, b: Pose) -> float:
    """The most a drawn segment can turn from ``a`` to ``b``: the trunk's change plus a limb chain's."""
    angles_a, angles_b = a.angles(), b.angles()
    change = {name: abs(angles_b[name] - angles_a[name]) for name in angles_a}
    body = sum(change[name] for name in BODY_ANGLES)
    limbs = [sum(change[f"{side}_{name}"] for name in LIMB_JOINTS) for side in ("left", "right")]
    return body + max(limbs)


def steps_between(a: Pose, b: Pose, steps: int = STEPS_PER_POSE, max_turn: float | None = MAX_TURN) -> int:
    """How many frames to draw from ``a`` to ``b``: ``steps``, or more where a segment would turn more than
    ``max_turn`` degrees from one frame to the next at the movement's fastest (None: always ``steps``)."""
    if max_turn is None:
        return steps
    return max(steps, math.ceil(PEAK_SPEED * _turn_between(a, b) / max_turn))


def frames(
    poses: Sequence[Pose],
    steps: int = STEPS_PER_POSE,
    *,
    ease: bool = True,
    loop: bool = True,
    max_turn: float | None = MAX_TURN,
) -> list[Frame]:
    """At least ``steps`` frames from each key pose to the next (more for a big move, see
    ``steps_between``), then back to the first when looping; each key pose gets the same share of time.

    The list starts with the first key pose and ends with the pose the loop starts again from (the first
    key pose when looping, the last otherwise); with ``max_turn=None``, n poses give ``steps × n + 1``
    frames when looping.
    """
    if not poses:
        raise ValueError("an animation needs at least one key pose")
    if steps < 1:
        raise ValueError("steps must be at least 1")
    pairs = list(zip(poses, poses[1:], strict=False))
    if loop:
        pairs.append((poses[-1], poses[0]))
    result = [Frame(poses[0], poses[0].name, poses[0].name, 0.0)]
    for index, (a, b) in enumerate(pairs):
        count = steps_between(a, b, steps, max_turn)
        for step in range(1, count + 1):
            t = step / count
            pose = b if step == count else interpolate(a, b, ease_in_out(t) if ease else t)
            result.append(Frame(pose, a.name, b.name, t, (index + t) / max(len(pairs), 1)))
    return result
