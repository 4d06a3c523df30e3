"""Anatomical limits and the validation of an exercise's key poses.

Joint ranges [S]: the normal active ranges of motion of the American Academy of Orthopaedic Surgeons
(Greene & Heckman, *The Clinical Measurement of Joint Motion*, AAOS 1994) as tabulated in Norkin & White,
*Measurement of Joint Motion: A Guide to Goniometry*, 5th ed., F.A. Davis 2016, rounded outwards a little so
a drawing at a healthy end range passes: hip flexion 120 / extension 30 / abduction 45 / adduction 30 /
internal and external rotation 45, knee flexion 135–150, ankle dorsiflexion 20 / plantar flexion 50,
shoulder flexion 180 / extension 60 / abduction 180 / internal rotation 70 / external rotation 90, elbow
flexion 150, cervical flexion 45–70 / extension 60–75.
Abduction of a flexed hip goes further than the 45° measured standing (a frog stretch, the side leg of an
adductor rock-back): with the hip flexed 60° or more, up to 75° is allowed [D].
The trunk's lean, sideways bend and turn orient the root of the figure, not a joint: it may lie on its back
(lean −90), face down (+90), lie on its side (bend ±90) or, in a bridge, rest on the shoulders with the
hips above them (lean beyond −90), so their range is whatever the drawing can show [D].
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from hipcoach.domain.figure.interpolate import STEPS_PER_POSE, frames
from hipcoach.domain.figure.kinematics import lowest, place
from hipcoach.domain.figure.skeleton import Joint, Pose, mirror, segments

TOLERANCE = 1e-9

# (low, high) in degrees, per joint name; see the module docstring for the sources.
LIMITS: dict[str, tuple[float, float]] = {
    "trunk": (-135.0, 135.0),  # [D] root orientation (a bridge tips the trunk past lying flat)
    "trunk_bend": (-100.0, 100.0),  # [D] root orientation (a side plank lies on its side)
    "trunk_turn": (-180.0, 180.0),  # [D] root orientation
    "neck": (-60.0, 70.0),
    "hip": (-30.0, 130.0),
    "hip_abduction": (-30.0, 50.0),
    "hip_rotation": (-50.0, 50.0),
    "knee": (0.0, 150.0),
    "ankle": (-50.0, 30.0),
    "shoulder": (-60.0, 180.0),
    "shoulder_abduction": (-30.0, 180.0),
    "shoulder_rotation": (-75.0, 95.0),
    "elbow": (0.0, 150.0),
}


FLEXED_HIP = 60.0  # [D] from this much hip flexion on ...
FLEXED_HIP_ABDUCTION = 75.0  # [D] ... the hip may abduct this far


def _range(angles: Mapping[str, float], name: str) -> tuple[float, float]:
    joint = name.removeprefix("left_").removeprefix("right_")
    low, high = LIMITS[joint]
    if joint == "hip_abduction" and angles[name.replace("_abduction", "")] >= FLEXED_HIP:
        high = FLEXED_HIP_ABDUCTION
    return low, high


class PoseError(ValueError):
    """A key pose (or a frame between two) that cannot be drawn, named by exercise and pose."""

    def __init__(self, exercise_id: str, pose_name: str, message: str) -> None:
        super().__init__(f"exercise '{exercise_id}', pose '{pose_name}': {message}")
        self.exercise_id = exercise_id
        self.pose_name = pose_name
        self.message = message


def limit_problems(pose: Pose) -> list[str]:
    """Every angle outside its anatomical range, as readable sentences (empty when the pose is fine)."""
    problems = []
    angles = pose.angles()
    for name, value in angles.items():
        low, high = _range(angles, name)
        if not low - TOLERANCE <= value <= high + TOLERANCE:
            label = name.replace("_", " ")
            problems.append(f"{label} angle {value:g}° is outside its range {low:g}° to {high:g}°")
    return problems


def _check_frame(
    exercise_id: str, pose: Pose, label: str, expected: dict[tuple[Joint, Joint], float]
) -> None:
    positions = place(pose)
    joint, low = lowest(positions)
    if low < -TOLERANCE:
        raise PoseError(
            exercise_id,
            label,
            f"{joint.value.replace('_', ' ')} is {-low:.3f} of body height below the floor",
        )
    for (a, b), length in expected.items():
        actual = math.dist(positions[a], positions[b])
        if abs(actual - length) > TOLERANCE:
            raise PoseError(
                exercise_id, label, f"segment {a.value}–{b.value} is {actual!r} long, not {length!r}"
            )


def validate(
    exercise_id: str, poses: Sequence[Pose], *, per_side: bool = False, steps: int = STEPS_PER_POSE
) -> None:
    """Raise ``PoseError`` unless every key pose, and every frame between them, can be drawn.

    Checks: every angle within ``LIMITS``; no body part below the floor (1e-9); every segment at its length
    in every interpolated frame (1e-9, in 3-D: a camera may foreshorten a limb, the body never stretches
    it). ``per_side``: the mirrored poses (the exercise done on the other side) must pass too.
    """
    if not poses:
        raise PoseError(exercise_id, "-", "an exercise needs at least one key pose")
    sets: list[tuple[str, Sequence[Pose]]] = [("", poses)]
    if per_side:
        sets.append((" (other side)", [mirror(pose) for pose in poses]))
    expected = segments()
    for suffix, group in sets:
        for pose in group:
            problems = limit_problems(pose)
            if problems:
                raise PoseError(exercise_id, pose.name + suffix, "; ".join(problems))
            _check_frame(exercise_id, pose, pose.name + suffix, expected)
        for frame in frames(group, steps):
            label = f"between '{frame.after}' and '{frame.before}'{suffix}"
            _check_frame(exercise_id, frame.pose, label, expected)
