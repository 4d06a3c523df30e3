"""Anatomical limits and the validation of an exercise's key poses.

Joint ranges [S]: the normal active ranges of motion of the American Academy of Orthopaedic Surgeons
(Greene & Heckman, *The Clinical Measurement of Joint Motion*, AAOS 1994) as tabulated in Norkin & White,
*Measurement of Joint Motion: A Guide to Goniometry*, 5th ed., F.A. Davis 2016, rounded outwards a little so
a drawing at a healthy end range passes: hip flexion 120 / extension 30 / abduction 45 / adduction 30, knee
flexion 135–150, ankle dorsiflexion 20 / plantar flexion 50, shoulder flexion 180 / extension 60 / abduction
180, elbow flexion 150, cervical flexion 45–70 / extension 60–75 / lateral flexion 45.
The trunk is the root of the figure, not a joint: it may lie on its back (−90) or face down (+90), so its
range is whatever the drawing can show, ±100 [D].
"""

from __future__ import annotations

from collections.abc import Sequence

from hipcoach.domain.figure.interpolate import STEPS_PER_POSE, frames
from hipcoach.domain.figure.kinematics import lowest, place
from hipcoach.domain.figure.skeleton import Joint, Pose, View, mirror, segments

TOLERANCE = 1e-9

# (low, high) in degrees, per view and joint name; see the module docstring for the sources.
LIMITS: dict[View, dict[str, tuple[float, float]]] = {
    View.SIDE: {
        "trunk": (-100.0, 100.0),  # [D] root orientation
        "neck": (-60.0, 70.0),
        "hip": (-30.0, 130.0),
        "knee": (0.0, 150.0),
        "ankle": (-50.0, 30.0),
        "shoulder": (-60.0, 180.0),
        "elbow": (0.0, 150.0),
    },
    View.FRONT: {
        "trunk": (-100.0, 100.0),  # [D] root orientation (a side plank tilts the trunk sideways)
        "neck": (-45.0, 45.0),
        "hip": (-30.0, 50.0),  # adduction negative, abduction positive
        "knee": (-10.0, 10.0),  # the knee barely moves in the frontal plane
        "ankle": (-20.0, 35.0),  # eversion negative, inversion (sole outwards) positive
        "shoulder": (-30.0, 180.0),
        "elbow": (0.0, 150.0),
    },
}


class PoseError(ValueError):
    """A key pose (or a frame between two) that cannot be drawn, named by exercise and pose."""

    def __init__(self, exercise_id: str, pose_name: str, message: str) -> None:
        super().__init__(f"exercise '{exercise_id}', pose '{pose_name}': {message}")
        self.exercise_id = exercise_id
        self.pose_name = pose_name
        self.message = message


def limit_problems(pose: Pose) -> list[str]:
    """Every angle outside its anatomical range, as readable sentences (empty when the pose is fine)."""
    table = LIMITS[pose.view]
    problems = []
    for name, value in pose.angles().items():
        joint = name.removeprefix("left_").removeprefix("right_")
        low, high = table[joint]
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
        xa, ya = positions[a]
        xb, yb = positions[b]
        actual = ((xa - xb) ** 2 + (ya - yb) ** 2) ** 0.5
        if abs(actual - length) > TOLERANCE:
            raise PoseError(
                exercise_id, label, f"segment {a.value}–{b.value} is {actual!r} long, not {length!r}"
            )


def validate(
    exercise_id: str, poses: Sequence[Pose], *, per_side: bool = False, steps: int = STEPS_PER_POSE
) -> None:
    """Raise ``PoseError`` unless every key pose, and every frame between them, can be drawn.

    Checks: one view for all poses; every angle within ``LIMITS``; no body part below the floor (1e-9);
    every segment at its length in every interpolated frame (1e-9). ``per_side``: the mirrored poses (the
    exercise done on the other side) must pass too.
    """
    if not poses:
        raise PoseError(exercise_id, "-", "an exercise needs at least one key pose")
    sets: list[tuple[str, Sequence[Pose]]] = [("", poses)]
    if per_side:
        sets.append((" (other side)", [mirror(pose) for pose in poses]))
    for suffix, group in sets:
        view = group[0].view
        expected = segments(view)
        for pose in group:
            if pose.view is not view:
                raise PoseError(
                    exercise_id,
                    pose.name + suffix,
                    f"is drawn from the {pose.view}, the others from the {view}",
                )
            problems = limit_problems(pose)
            if problems:
                raise PoseError(exercise_id, pose.name + suffix, "; ".join(problems))
            _check_frame(exercise_id, pose, pose.name + suffix, expected)
        for frame in frames(group, steps):
            label = f"between '{frame.after}' and '{frame.before}'{suffix}"
            _check_frame(exercise_id, frame.pose, label, expected)
