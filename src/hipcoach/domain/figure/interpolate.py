"""In-between frames: the joint ANGLES are interpolated (never the positions), so no limb ever stretches."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hipcoach.domain.figure.skeleton import LIMB_JOINTS, LimbAngles, Pose

STEPS_PER_POSE = 12


def ease_in_out(t: float) -> float:
    """Smoothstep: slow out of a key pose, slow into the next (3t² − 2t³)."""
    return t * t * (3.0 - 2.0 * t)


def _lerp(a: float, b: float, t: float) -> float:
    return a + (b - a) * t


def _limb(a: LimbAngles, b: LimbAngles, t: float) -> LimbAngles:
    return LimbAngles(**{name: _lerp(getattr(a, name), getattr(b, name), t) for name in LIMB_JOINTS})


def interpolate(a: Pose, b: Pose, t: float) -> Pose:
    """The pose a fraction ``t`` (0..1) of the way from ``a`` to ``b``.

    Both poses must share a view. The contact points are those of both poses (the lowest of them rests on
    the ground), the anchor is ``a``'s, and the ground height and anchor position move linearly.
    """
    if a.view is not b.view:
        raise ValueError(f"cannot move from pose '{a.name}' ({a.view}) to '{b.name}' ({b.view})")
    left = _limb(a.left, b.left, t)
    right = _limb(a.right, b.right, t)
    return Pose(
        name=a.name if t < 0.5 else b.name,
        view=a.view,
        trunk=_lerp(a.trunk, b.trunk, t),
        neck=_lerp(a.neck, b.neck, t),
        left=left,
        right=right,
        support=a.support | b.support if a.support and b.support else frozenset(),
        ground=_lerp(a.ground, b.ground, t),
        anchor=a.anchor,
        anchor_x=_lerp(a.anchor_x, b.anchor_x, t),
    )


@dataclass(frozen=True)
class Frame:
    """One animation frame: the pose and the key poses it lies between (for error messages)."""

    pose: Pose
    after: str
    before: str
    t: float


def frames(
    poses: Sequence[Pose], steps: int = STEPS_PER_POSE, *, ease: bool = True, loop: bool = True
) -> list[Frame]:
    """``steps`` frames from each key pose to the next, then back to the first when looping.

    The list starts with the first key pose and ends with the pose the loop starts again from (the first
    key pose when looping, the last otherwise), so n poses give ``steps × n + 1`` frames when looping.
    """
    if not poses:
        raise ValueError("an animation needs at least one key pose")
    if steps < 1:
        raise ValueError("steps must be at least 1")
    pairs = list(zip(poses, poses[1:], strict=False))
    if loop:
        pairs.append((poses[-1], poses[0]))
    result = [Frame(poses[0], poses[0].name, poses[0].name, 0.0)]
    for a, b in pairs:
        for step in range(1, steps + 1):
            t = step / steps
            pose = b if step == steps else interpolate(a, b, ease_in_out(t) if ease else t)
            result.append(Frame(pose, a.name, b.name, t))
    return result
