"""The analysis of VideoPose data made from hipcoach's own figure recovers the angles it was posed with.

The figure's lunge (standing → the illustration's bottom → standing over 61 frames at 30 fps) is a slow,
smooth movement: the 6 Hz filter leaves its peak within a hundredth of a degree, so 1 degree is room for
rounding only, far below the 4-17 degree error of a real 2-D video (BRIEF §11)."""

from __future__ import annotations

import pytest

from hipcoach.content import default_library
from hipcoach.domain.anatomy import Side
from hipcoach.domain.figure import Camera, Pose, View, mirror, validate
from hipcoach.domain.motion import Angle
from hipcoach.domain.motion.protocols import PROTOCOLS, VideoTest
from hipcoach.video.analyse import analyse_pose
from hipcoach.video.errors import VideoRefused
from hipcoach.video.render import others_text
from tests.unit.video.figure_clips import FPS, clip, down_and_up, with_someone_else

FRAMES = 61
BOTTOM_FRAME = 30
RIGHT_KNEE = 26


def lunge_poses() -> tuple[Pose, Pose]:
    stand, bottom = default_library().illustrations["lunge"].poses
    return stand, bottom


def lunge_clip(camera: Camera | None = None, *, mirrored: bool = False, **changes):
    stand, bottom = lunge_poses()
    if mirrored:
        stand, bottom = mirror(stand), mirror(bottom)
    return clip(down_and_up(stand, bottom, FRAMES), FRAMES, camera or Camera.side(), **changes)


def degrees(result, angle: Angle) -> float:
    value = result.moment.value(angle).degrees
    assert value is not None, result.moment
    return value


def test_the_bottom_of_the_lunge_and_its_known_angles_are_recovered():
    result = analyse_pose(lunge_clip(), VideoTest.LUNGE, Side.RIGHT, View.SIDE)
    assert result.moment.name == "lunge bottom"
    assert result.moment.frame == BOTTOM_FRAME and result.moment.time_s == pytest.approx(BOTTOM_FRAME / FPS)
    assert degrees(result, Angle.KNEE_FLEXION) == pytest.approx(90.0, abs=1.0)
    assert degrees(result, Angle.TRUNK_LEAN) == pytest.approx(0.0, abs=1.0)
    assert result.quality.person_share == 1.0
    assert (
        result.frame_count == FRAMES
        and result.fps == FPS
        and result.duration_s == pytest.approx(FRAMES / FPS)
    )


def test_the_runners_figure_is_posed_from_the_measured_angles_and_can_be_drawn():
    _, bottom = lunge_poses()
    pose = analyse_pose(lunge_clip(), VideoTest.LUNGE, Side.RIGHT, View.SIDE).runner_pose
    for side in Side:
        for joint in ("hip", "knee", "ankle"):
            expected = getattr(bottom.limb(side), joint)
            assert getattr(pose.limb(side), joint) == pytest.approx(expected, abs=1.0), (side, joint)
    assert pose.trunk == pytest.approx(bottom.trunk, abs=1.0)
    validate("runner", [pose])


def test_a_mirrored_lunge_gives_the_other_legs_values():
    # The left leg in front, filmed from the left: the right leg's values of the original clip.
    result = analyse_pose(lunge_clip(Camera(180.0), mirrored=True), VideoTest.LUNGE, Side.LEFT, View.SIDE)
    assert result.moment.side is Side.LEFT and result.moment.frame == BOTTOM_FRAME
    assert degrees(result, Angle.KNEE_FLEXION) == pytest.approx(90.0, abs=1.0)
    assert result.runner_pose.left.knee == pytest.approx(90.0, abs=1.0)
    assert result.runner_pose.right.hip == pytest.approx(-20.0, abs=1.0)


def test_untrusted_frames_never_give_the_key_value():
    doubtful = range(BOTTOM_FRAME - 6, BOTTOM_FRAME + 7)  # 13 frames: longer than a gap is filled
    result = analyse_pose(lunge_clip(unsure={RIGHT_KNEE: doubtful}), VideoTest.LUNGE, Side.RIGHT, View.SIDE)
    assert result.moment.frame is not None and result.moment.frame not in doubtful
    assert degrees(result, Angle.KNEE_FLEXION) < 85.0  # not the real bottom's 90, which was not seen
    quality = result.quality.of(Angle.KNEE_FLEXION, Side.RIGHT)
    assert quality is not None
    assert [(s.first, s.last) for s in quality.not_trusted] == [(doubtful[0], doubtful[-1])]
    assert quality.not_trusted[0].start_s == pytest.approx(doubtful[0] / FPS)


def test_the_y_balance_reach_gives_the_stance_legs_hip_and_knee_flexion():
    reach = PROTOCOLS[VideoTest.Y_BALANCE].ideal
    stand = Pose("stand", support=reach.support, anchor=reach.anchor)
    video = clip(down_and_up(stand, reach, FRAMES), FRAMES, Camera.side())
    result = analyse_pose(video, VideoTest.Y_BALANCE, Side.RIGHT, View.SIDE)
    assert result.moment.frame == BOTTOM_FRAME
    assert degrees(result, Angle.HIP_FLEXION) == pytest.approx(reach.right.hip, abs=1.0)
    assert degrees(result, Angle.KNEE_FLEXION) == pytest.approx(reach.right.knee, abs=1.0)


def test_a_front_view_gives_the_fppa_and_no_figure_pose():
    result = analyse_pose(lunge_clip(Camera.of(View.FRONT)), VideoTest.LUNGE, Side.RIGHT, View.FRONT)
    assert result.moment.frame == BOTTOM_FRAME  # the lowest hip
    assert [value.angle for value in result.moment.values] == [Angle.KNEE_FPPA]
    assert {curve.angle for curve in result.curves} == {Angle.KNEE_FPPA}
    assert result.runner_pose == Pose("You")


def test_curves_hold_the_key_angles_and_hip_and_knee_flexion_for_both_legs():
    result = analyse_pose(lunge_clip(), VideoTest.LUNGE, Side.RIGHT, View.SIDE)
    keys = {(curve.angle, curve.side) for curve in result.curves}
    angles = (Angle.KNEE_FLEXION, Angle.TRUNK_LEAN, Angle.HIP_FLEXION)
    assert keys == {(angle, side) for angle in angles for side in Side}
    knee = result.curve(Angle.KNEE_FLEXION, Side.RIGHT)
    assert knee is not None and len(knee.frames) == FRAMES and all(knee.trusted)
    assert len(result.key_landmarks) == 33


def test_the_y_balance_from_the_front_is_refused_before_anything_is_measured():
    with pytest.raises(VideoRefused, match="measured from a side view"):
        analyse_pose(lunge_clip(Camera.of(View.FRONT)), VideoTest.Y_BALANCE, Side.RIGHT, View.FRONT)


def test_someone_walking_past_is_left_out_and_the_lunge_still_measured():
    video = with_someone_else(lunge_clip(), range(5, 13))
    result = analyse_pose(video, VideoTest.LUNGE, Side.RIGHT, View.SIDE)
    assert result.moment.frame == BOTTOM_FRAME
    assert degrees(result, Angle.KNEE_FLEXION) == pytest.approx(90.0, abs=1.0)
    (others,) = result.quality.others
    assert (others.first, others.last) == (5, 12)
    assert (others.start_s, others.end_s) == pytest.approx((5 / FPS, 12 / FPS))
    assert others_text(result.quality) == (
        "Someone else was followed from 0.17 s to 0.40 s; those frames were left out of every angle."
    )
    knee = result.quality.of(Angle.KNEE_FLEXION, Side.RIGHT)
    assert knee is not None and any(s.first <= 5 and s.last >= 12 for s in knee.not_trusted)


def test_a_key_moment_is_never_taken_from_someone_else():
    video = with_someone_else(lunge_clip(), range(BOTTOM_FRAME - 5, BOTTOM_FRAME + 6))
    result = analyse_pose(video, VideoTest.LUNGE, Side.RIGHT, View.SIDE)
    assert result.moment.frame not in range(BOTTOM_FRAME - 5, BOTTOM_FRAME + 6)
    assert [(s.first, s.last) for s in result.quality.others] == [(BOTTOM_FRAME - 5, BOTTOM_FRAME + 5)]
    assert others_text(analyse_pose(lunge_clip(), VideoTest.LUNGE, Side.RIGHT, View.SIDE).quality) is None
