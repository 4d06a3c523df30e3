"""Key moments of filmed figures: found at the known frame, never at an untrusted one, sides kept apart."""

from __future__ import annotations

import pytest

from hipcoach.domain.anatomy import Side
from hipcoach.domain.figure import Camera, Joint, LimbAngles, Pose, View, mirror
from hipcoach.domain.motion import (
    NOT_MEASURED,
    Angle,
    KeyValue,
    analyse,
    compare_sides,
    lunge_bottom,
    single_leg_squat_bottom,
    step_up_bottom,
    y_balance_anterior,
)
from tests.unit.motion.tracks import filmed, gaussian, landmark

FRAMES = 80
DEEPEST = 37
depth = gaussian(DEEPEST, 10.0)


def lunge(frame: int) -> Pose:
    """A right-leg-forward lunge, deepest at frame 37: front knee 90, trunk 10 degrees forward."""
    f = depth(frame)
    return Pose(
        "lunge",
        trunk=10.0 * f,
        right=LimbAngles(hip=20.0 + 70.0 * f, knee=5.0 + 85.0 * f),
        left=LimbAngles(hip=-20.0 * f, knee=5.0 + 60.0 * f),
    )


SIDE_CAMERA = Camera.side()


def filmed_lunge(camera: Camera = SIDE_CAMERA, doubtful=None):
    return analyse(filmed(lunge, FRAMES, camera, View.SIDE, doubtful=doubtful))


@pytest.mark.parametrize("camera", [Camera.side(), Camera(180.0)], ids=["facing-right", "facing-left"])
def test_the_bottom_of_a_lunge_is_the_frame_of_deepest_front_knee_flexion(camera):
    bottom = lunge_bottom(filmed_lunge(camera), Side.RIGHT)
    assert (bottom.frame, bottom.time_s) == (DEEPEST, pytest.approx(DEEPEST / 60.0))
    knee, trunk = bottom.value(Angle.KNEE_FLEXION), bottom.value(Angle.TRUNK_LEAN)
    # The 6 Hz filter takes a little off a peak this narrow; 0.5 degrees is far below the 2-D error.
    assert knee.degrees == pytest.approx(90.0, abs=0.5) and trunk.degrees == pytest.approx(10.0, abs=0.5)
    assert (knee.frame, trunk.frame) == (DEEPEST, DEEPEST) and knee.text() == "90°"


def test_an_untrusted_deepest_frame_is_never_chosen_but_the_deepest_trusted_one_is():
    hidden = range(DEEPEST - 2, DEEPEST + 3)
    analysis = filmed_lunge(doubtful={landmark("right_knee"): hidden})
    knee = analysis.series(Angle.KNEE_FLEXION, Side.RIGHT)
    # The gap is filled and filtered, and its middle is the highest value of the series ...
    assert knee.filled[DEEPEST] and knee.degrees[DEEPEST] > knee.degrees[DEEPEST - 3]
    # ... yet the bottom is a trusted frame next to the gap.
    bottom = lunge_bottom(analysis, Side.RIGHT)
    assert bottom.frame in (DEEPEST - 3, DEEPEST + 3)
    assert knee.trusted[bottom.frame]


def test_with_no_trusted_frame_the_bottom_is_not_measured_and_has_no_number():
    bottom = lunge_bottom(filmed_lunge(doubtful={landmark("right_ankle"): range(FRAMES)}), Side.RIGHT)
    assert not bottom.measured and bottom.frame is None and bottom.time_s is None
    assert "no trusted frame of the right leg" in bottom.reason
    assert [value.text() for value in bottom.values] == [NOT_MEASURED, NOT_MEASURED]
    assert all(value.degrees is None for value in bottom.values)


def test_an_angle_untrusted_at_the_bottom_is_not_measured_while_the_others_are():
    bottom = step_up_bottom(filmed_lunge(doubtful={landmark("right_shoulder"): [DEEPEST]}), Side.RIGHT)
    assert bottom.frame == DEEPEST and bottom.value(Angle.KNEE_FLEXION).measured
    trunk = bottom.value(Angle.TRUNK_LEAN)
    assert (trunk.degrees, trunk.frame, trunk.reason) == (None, DEEPEST, "not trusted at this frame")


def test_swapping_left_and_right_landmarks_swaps_the_sides_of_the_results():
    track = filmed(lunge, FRAMES, Camera.side(), View.SIDE)
    original, swapped = analyse(track), analyse(track.swapped())
    right, left = lunge_bottom(original, Side.RIGHT), lunge_bottom(swapped, Side.LEFT)
    assert (left.frame, left.side) == (right.frame, Side.LEFT)
    assert [value.degrees for value in left.values] == [value.degrees for value in right.values]
    assert lunge_bottom(swapped, Side.RIGHT).value(Angle.KNEE_FLEXION).degrees == pytest.approx(
        lunge_bottom(original, Side.LEFT).value(Angle.KNEE_FLEXION).degrees
    )


REACH_PEAK = 30
reach = gaussian(REACH_PEAK, 12.0)


def y_balance(frame: int) -> Pose:
    """Standing on the right foot (heel anchored), the left foot reaching forward, furthest at frame 30."""
    f = reach(frame)
    return Pose(
        "Y-balance anterior",
        trunk=15.0 * f,
        right=LimbAngles(hip=10.0 + 30.0 * f, knee=10.0 + 45.0 * f, ankle=25.0 * f),
        left=LimbAngles(hip=10.0 + 55.0 * f, knee=5.0),
        support=frozenset({Joint.RIGHT_HEEL, Joint.RIGHT_TOE}),
        anchor=Joint.RIGHT_HEEL,
    )


@pytest.mark.parametrize("camera", [Camera.side(), Camera(180.0)], ids=["facing-right", "facing-left"])
def test_the_y_balance_reach_is_found_at_its_furthest_frame_with_the_stance_legs_angles(camera):
    moment = y_balance_anterior(analyse(filmed(y_balance, 70, camera, View.SIDE)))
    assert (moment.frame, moment.side) == (REACH_PEAK, Side.RIGHT)
    assert moment.value(Angle.HIP_FLEXION).degrees == pytest.approx(40.0, abs=0.5)
    assert moment.value(Angle.KNEE_FLEXION).degrees == pytest.approx(55.0, abs=0.5)


def test_the_y_balance_stance_leg_follows_the_landmarks_when_the_sides_are_swapped():
    track = filmed(y_balance, 70, Camera.side(), View.SIDE)
    moment = y_balance_anterior(analyse(track.swapped()))
    assert (moment.frame, moment.side) == (REACH_PEAK, Side.LEFT)
    assert moment.value(Angle.KNEE_FLEXION).side is Side.LEFT


def test_the_y_balance_reach_is_not_measured_from_the_front():
    moment = y_balance_anterior(analyse(filmed(y_balance, 70, Camera.of(View.FRONT), View.FRONT)))
    assert not moment.measured and "side view" in moment.reason


def squat(internal_rotation: float):
    def pose(frame: int) -> Pose:
        f = depth(frame)
        stance = LimbAngles(hip=60.0 * f, knee=80.0 * f, ankle=20.0 * f, hip_rotation=-internal_rotation * f)
        return Pose("single-leg squat", trunk=20.0 * f, right=stance, left=LimbAngles(hip=30.0, knee=60.0))

    return pose


@pytest.mark.parametrize(("internal_rotation", "sign"), [(15.0, 1.0), (-15.0, -1.0)], ids=["in", "out"])
def test_a_single_leg_squat_from_the_front_has_its_bottom_at_the_lowest_hip_and_fppa_there(
    internal_rotation, sign
):
    for pose_at, side in (
        (squat(internal_rotation), Side.RIGHT),
        (lambda f: mirror(squat(internal_rotation)(f)), Side.LEFT),
    ):
        track = filmed(pose_at, FRAMES, Camera.of(View.FRONT), View.FRONT)
        bottom = single_leg_squat_bottom(analyse(track), side)
        assert bottom.frame == DEEPEST
        fppa = bottom.value(Angle.KNEE_FPPA)
        # Internal rotation of a bent hip takes the knee towards the midline: valgus, positive.
        assert fppa.degrees * sign > 5.0, fppa


def test_left_against_right_gives_the_difference_and_the_more_flexed_side():
    def value(side: Side, degrees: float | None) -> KeyValue:
        return KeyValue(Angle.KNEE_FLEXION, side, degrees, 10, 0.5)

    comparison = compare_sides(value(Side.LEFT, 62.0), value(Side.RIGHT, 50.0))
    assert (comparison.difference, comparison.more) == (pytest.approx(12.0), Side.LEFT)
    assert compare_sides(value(Side.LEFT, 40.0), value(Side.RIGHT, 50.0)).more is Side.RIGHT
    # Smaller than the least error of a 2-D angle (BRIEF §11, 4 degrees): no side is called.
    assert compare_sides(value(Side.LEFT, 52.0), value(Side.RIGHT, 50.0)).more is None
    unmeasured = compare_sides(value(Side.LEFT, None), value(Side.RIGHT, 50.0))
    assert (unmeasured.difference, unmeasured.more) == (None, None)
    with pytest.raises(ValueError, match="left leg with the right leg"):
        compare_sides(value(Side.RIGHT, 50.0), value(Side.LEFT, 50.0))
