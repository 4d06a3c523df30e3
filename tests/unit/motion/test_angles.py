"""Joint angles worked by hand, and recovered from hipcoach's own figure filmed from the side and front.

Tolerance for the figure: the landmarks are exact projections of known angles (no noise), scaled to pixels
of the order of 1e3, and the angles come from atan2, so only double-precision rounding remains (about 1e-13
degrees); 1e-6 degrees leaves ample room while any error of convention (a sign, a neutral, a mirrored facing)
shows as whole degrees.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from hipcoach.domain.anatomy import Side
from hipcoach.domain.figure import Camera, LimbAngles, Pose, View, mirror
from hipcoach.domain.motion import Angle, Facing, Part, infer_facing, joint_angles
from hipcoach.domain.motion.angles import PLAUSIBLE
from hipcoach.domain.motion.error import ERROR_MAX_DEG
from tests.unit.motion.tracks import figure_points, landmark, standing_side_view, track_of

GEOMETRY_TOLERANCE = 1e-6


def angles_of(points, view=View.SIDE):
    track = track_of([points], view)
    return {key: float(values[0]) for key, values in joint_angles(track, infer_facing(track)).items()}


def test_a_right_angle_at_the_knee_is_90_degrees_of_flexion_and_a_straight_leg_0():
    bent = angles_of(standing_side_view(left_ankle=(300.0, 700.0)))  # shank straight back from the knee
    assert bent[(Angle.KNEE_FLEXION, Side.LEFT)] == pytest.approx(90.0)
    assert angles_of(standing_side_view())[(Angle.KNEE_FLEXION, Side.LEFT)] == pytest.approx(0.0)


def test_standing_upright_every_sagittal_angle_is_0():
    upright = angles_of(standing_side_view())
    assert all(value == pytest.approx(0.0, abs=1e-12) for value in upright.values())


@pytest.mark.parametrize("facing", [1.0, -1.0], ids=["facing-right", "facing-left"])
def test_a_thigh_30_degrees_ahead_of_a_vertical_trunk_is_30_degrees_of_hip_flexion(facing):
    thigh = 200.0
    knee = (500.0 + facing * thigh * math.sin(math.radians(30)), 500.0 + thigh * math.cos(math.radians(30)))
    heel, toe = (500.0 - facing * 20.0, 950.0), (500.0 + facing * 60.0, 950.0)
    points = standing_side_view(right_knee=knee, right_heel=heel, right_toe=toe, left_heel=heel, left_toe=toe)
    track = track_of([points], View.SIDE)
    assert infer_facing(track) is (Facing.SCREEN_RIGHT if facing > 0 else Facing.SCREEN_LEFT)
    assert angles_of(points)[(Angle.HIP_FLEXION, Side.RIGHT)] == pytest.approx(30.0)
    # The same thigh behind the trunk line is extension: negative.
    behind = (1000.0 - knee[0], knee[1])
    extended = angles_of(points | {landmark("right_knee"): behind})
    assert extended[(Angle.HIP_FLEXION, Side.RIGHT)] == pytest.approx(-30.0)


def test_toes_lifted_10_degrees_towards_the_shin_is_10_degrees_of_dorsiflexion():
    toe = (480.0 + 80.0 * math.cos(math.radians(10)), 950.0 - 80.0 * math.sin(math.radians(10)))
    assert angles_of(standing_side_view(left_toe=toe))[(Angle.ANKLE_DORSIFLEXION, Side.LEFT)] == (
        pytest.approx(10.0)
    )


def test_shoulders_20_degrees_ahead_of_the_hips_are_a_20_degree_forward_lean():
    shoulder = (500.0 + 300.0 * math.sin(math.radians(20)), 500.0 - 300.0 * math.cos(math.radians(20)))
    angles = angles_of(standing_side_view(left_shoulder=shoulder))
    assert angles[(Angle.TRUNK_LEAN, Side.LEFT)] == pytest.approx(20.0)
    # A forward lean with the thigh still vertical is hip flexion of the same size.
    assert angles[(Angle.HIP_FLEXION, Side.LEFT)] == pytest.approx(20.0)


def front_view(right_knee_x: float, left_knee_x: float) -> dict:
    """Facing the camera: the right leg on the viewer's left (x 450), the left on the viewer's right."""
    points = {}
    for side, hip_x, knee_x in ((Side.RIGHT, 450.0, right_knee_x), (Side.LEFT, 550.0, left_knee_x)):
        rows = {Part.SHOULDER: 200.0, Part.HIP: 500.0, Part.ANKLE: 900.0, Part.HEEL: 950.0, Part.TOE: 960.0}
        points |= {(side, part): (hip_x, row) for part, row in rows.items()}
        points[(side, Part.KNEE)] = (knee_x, 700.0)
    return points


def test_a_knee_inside_the_hip_ankle_line_is_positive_fppa_for_either_leg():
    deviation = 2 * math.degrees(math.atan2(30.0, 200.0))  # 30 px off the line halfway down a 400 px leg
    valgus = angles_of(front_view(right_knee_x=480.0, left_knee_x=520.0), View.FRONT)
    assert valgus[(Angle.KNEE_FPPA, Side.RIGHT)] == pytest.approx(deviation)
    assert valgus[(Angle.KNEE_FPPA, Side.LEFT)] == pytest.approx(deviation)
    varus = angles_of(front_view(right_knee_x=420.0, left_knee_x=580.0), View.FRONT)
    assert varus[(Angle.KNEE_FPPA, Side.RIGHT)] == pytest.approx(-deviation)
    assert varus[(Angle.KNEE_FPPA, Side.LEFT)] == pytest.approx(-deviation)
    assert angles_of(front_view(450.0, 550.0), View.FRONT)[(Angle.KNEE_FPPA, Side.LEFT)] == 0.0


def test_a_front_view_gives_only_fppa_and_a_side_view_never_does():
    assert {angle for angle, _ in angles_of(front_view(450.0, 550.0), View.FRONT)} == {Angle.KNEE_FPPA}
    assert Angle.KNEE_FPPA not in {angle for angle, _ in angles_of(standing_side_view())}


LUNGE = Pose(
    "lunge",
    trunk=20.0,
    right=LimbAngles(hip=70.0, knee=80.0, ankle=10.0),
    left=LimbAngles(hip=-10.0, knee=30.0, ankle=-20.0),
)


@pytest.mark.parametrize(
    ("camera", "facing"),
    [(Camera.side(), Facing.SCREEN_RIGHT), (Camera(180.0), Facing.SCREEN_LEFT)],
    ids=["facing-right", "mirrored-facing-left"],
)
def test_the_figures_sagittal_angles_come_back_from_its_side_view(camera, facing):
    track = track_of([figure_points(LUNGE, camera)], View.SIDE)
    assert infer_facing(track) is facing
    angles = joint_angles(track, infer_facing(track))
    for side in Side:
        limb = LUNGE.limb(side)
        expected = {
            Angle.KNEE_FLEXION: limb.knee,
            Angle.HIP_FLEXION: limb.hip,
            Angle.ANKLE_DORSIFLEXION: limb.ankle,
            Angle.TRUNK_LEAN: LUNGE.trunk,
        }
        for angle, degrees in expected.items():
            assert angles[(angle, side)][0] == pytest.approx(degrees, abs=GEOMETRY_TOLERANCE), (angle, side)


# Hip rotation of 90 degrees turns the knee's bend into the frontal plane, so from the front the knee angle
# is seen whole: internal rotation swings the foot out and the knee in (valgus), external the reverse.
FRONTAL_BEND = Pose(
    "frontal bend",
    right=LimbAngles(hip_abduction=10.0, hip_rotation=-90.0, knee=30.0),
    left=LimbAngles(hip_abduction=-5.0, hip_rotation=90.0, knee=20.0),
)


@pytest.mark.parametrize("turn", [90.0, 270.0], ids=["from-the-front", "from-behind"])
def test_the_figures_frontal_knee_angle_comes_back_as_fppa_signed_by_side(turn):
    for pose, right, left in ((FRONTAL_BEND, 30.0, -20.0), (mirror(FRONTAL_BEND), -20.0, 30.0)):
        track = track_of([figure_points(pose, Camera(turn))], View.FRONT)
        angles = joint_angles(track, None)
        assert angles[(Angle.KNEE_FPPA, Side.RIGHT)][0] == pytest.approx(right, abs=GEOMETRY_TOLERANCE)
        assert angles[(Angle.KNEE_FPPA, Side.LEFT)][0] == pytest.approx(left, abs=GEOMETRY_TOLERANCE)


def test_an_angle_needing_a_doubtful_landmark_is_nan_in_that_frame_only():
    frames = [standing_side_view()] * 3
    track = track_of(frames, View.SIDE, doubtful={landmark("left_knee"): [1]})
    angles = joint_angles(track, infer_facing(track))
    assert np.isnan(angles[(Angle.KNEE_FLEXION, Side.LEFT)]).tolist() == [False, True, False]
    assert np.isnan(angles[(Angle.HIP_FLEXION, Side.LEFT)]).tolist() == [False, True, False]
    assert not np.isnan(angles[(Angle.TRUNK_LEAN, Side.LEFT)]).any()  # no knee in it
    assert not np.isnan(angles[(Angle.KNEE_FLEXION, Side.RIGHT)]).any()


def test_without_a_trusted_foot_hip_flexion_and_trunk_lean_are_not_measured():
    doubtful = {(side, part): [0] for side in Side for part in (Part.HEEL, Part.TOE)}
    track = track_of([standing_side_view()], View.SIDE, doubtful=doubtful)
    assert infer_facing(track) is None
    angles = joint_angles(track, None)
    assert np.isnan(angles[(Angle.HIP_FLEXION, Side.LEFT)][0])
    assert np.isnan(angles[(Angle.TRUNK_LEAN, Side.LEFT)][0])
    assert angles[(Angle.KNEE_FLEXION, Side.LEFT)][0] == pytest.approx(0.0)


def test_a_knee_folded_beyond_what_a_knee_can_do_is_not_trusted_in_that_frame():
    # The hip stands 200 px above the knee. An ankle just below the hip folds the knee about 177 degrees,
    # which no knee does (150, the AAOS range, plus the 17-degree error of a 2-D angle is the most allowed);
    # a shank 40 degrees from the thigh, out behind, is 140 degrees of flexion, which a deep squat reaches.
    folded = standing_side_view(left_ankle=(510.0, 510.0))
    behind = (500.0 - 200.0 * math.sin(math.radians(40)), 700.0 - 200.0 * math.cos(math.radians(40)))
    track = track_of([standing_side_view(), folded, standing_side_view(left_ankle=behind)], View.SIDE)
    knee = joint_angles(track, infer_facing(track))[(Angle.KNEE_FLEXION, Side.LEFT)]
    assert np.isnan(knee).tolist() == [False, True, False]
    assert knee[2] == pytest.approx(140.0)
    assert PLAUSIBLE[Angle.KNEE_FLEXION] == (0.0, 150.0 + ERROR_MAX_DEG)
