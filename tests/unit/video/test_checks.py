"""Refusals before numbers: no one in the video, the foot or hips out of the picture, the wrong view. Each
is one plain sentence with no number in it."""

from __future__ import annotations

import re

import pytest

from hipcoach.content import default_library
from hipcoach.domain.anatomy import Side
from hipcoach.domain.figure import Camera, View
from hipcoach.domain.motion.people import follow_one_person
from hipcoach.domain.motion.protocols import PROTOCOLS, VideoTest
from hipcoach.video.checks import FRONT_SPREAD_MIN, SIDE_SPREAD_MAX, body_spread, check_clip, check_view
from hipcoach.video.errors import VideoRefused
from hipcoach.video.ideal import ideal_pose
from tests.unit.video.figure_clips import clip, down_and_up, with_someone_else

LUNGE = PROTOCOLS[VideoTest.LUNGE]
FRAMES = 31
RIGHT_ANKLE, RIGHT_TOE, LEFT_HIP, RIGHT_HIP = 28, 32, 23, 24


def lunge(camera: Camera, **changes):
    stand, bottom = default_library().illustrations["lunge"].poses
    return clip(down_and_up(stand, bottom, FRAMES), FRAMES, camera, **changes)


def check(video, view: View, side: Side = Side.RIGHT) -> None:
    check_clip(video.person_share, follow_one_person(video.track(view)), LUNGE, side)


def refusal(video, view: View, side: Side = Side.RIGHT) -> str:
    with pytest.raises(VideoRefused) as caught:
        check(video, view, side)
    message = str(caught.value)
    assert not re.search(r"\d", message), message  # nothing to measure yet, so no number
    return message


SIDE, FRONT = Camera.of(View.SIDE), Camera.of(View.FRONT)


def test_the_figure_filmed_from_the_side_passes_as_a_side_view_and_is_refused_as_a_front_view():
    video = lunge(SIDE)
    check(video, View.SIDE)
    assert refusal(video, View.FRONT).startswith("This looks filmed from the side")


def test_the_figure_filmed_from_the_front_passes_as_a_front_view_and_is_refused_as_a_side_view():
    video = lunge(FRONT)
    check(video, View.FRONT)
    message = refusal(video, View.SIDE)
    assert message.startswith("This looks filmed from the front") and "square to the side" in message


@pytest.mark.parametrize(
    ("turn", "low", "high"),
    [
        (0, 0.0, 0.01),
        (10, 0.13, 0.15),
        (20, 0.26, 0.28),
        (30, 0.38, 0.41),
        (45, 0.54, 0.60),
        (90, 0.77, 0.91),
    ],
)
def test_the_spread_measured_on_the_figure_grows_as_the_camera_turns_to_the_front(turn, low, high):
    # The numbers the thresholds in checks.py are chosen from, in every ideal key pose.
    for test in VideoTest:
        pose, _ = ideal_pose(test)
        spread = body_spread(clip(lambda _, pose=pose: pose, 2, Camera(turn)).track(View.SIDE))
        assert spread is not None and low <= spread <= high, (test, spread)


def test_the_thresholds_leave_a_band_where_a_slightly_turned_phone_still_measures():
    # Between the figure at 10 and 20 degrees off the side, and between 20 and 30 degrees.
    assert 0.15 < FRONT_SPREAD_MIN < 0.26 and 0.28 < SIDE_SPREAD_MAX < 0.38
    check(lunge(Camera(20)), View.SIDE)
    check(lunge(Camera(20)), View.FRONT)
    refusal(lunge(Camera(30)), View.SIDE)
    refusal(lunge(Camera(10)), View.FRONT)


def test_no_one_in_most_of_the_video_is_refused():
    video = lunge(SIDE, nobody=range(0, 16))
    assert refusal(video, View.SIDE).startswith("No one was found in most of the video")


def test_a_person_in_most_of_the_video_is_enough():
    check(lunge(SIDE, nobody=range(0, 15)), View.SIDE)


def test_three_people_each_in_less_than_half_of_the_video_are_refused():
    # 12, 11 and 8 frames; the third stands 13 torso lengths from where the first was 0.4 s before, further
    # than anyone runs in that time, so it is not the first one back
    video = with_someone_else(with_someone_else(lunge(SIDE), range(12, 23)), range(23, FRAMES), -3000.0)
    assert refusal(video, View.SIDE).startswith("More than one person was in the picture")


def test_someone_walking_past_for_a_moment_leaves_the_clip_measured():
    check(with_someone_else(lunge(SIDE), range(20, 26), 700.0), View.SIDE)


def test_the_working_foot_out_of_the_picture_is_refused_naming_it():
    video = lunge(SIDE, unsure={RIGHT_ANKLE: range(0, 20), RIGHT_TOE: range(0, 20)})
    assert refusal(video, View.SIDE).startswith("Your right foot is out of the picture")
    check(video, View.SIDE, Side.LEFT)  # the left foot was in the picture all along


def test_the_hips_out_of_the_picture_are_refused():
    video = lunge(SIDE, unsure={LEFT_HIP: range(0, 20), RIGHT_HIP: range(0, 20)})
    assert refusal(video, View.SIDE).startswith("Your hips are out of the picture")


def test_a_test_without_numbers_from_the_view_is_refused_before_analysis():
    with pytest.raises(VideoRefused) as caught:
        check_view(PROTOCOLS[VideoTest.Y_BALANCE], View.FRONT)
    message = str(caught.value)
    assert message.startswith("The Y-balance anterior reach is measured from a side view, not from the front")
    assert not re.search(r"\d", message)
    check_view(PROTOCOLS[VideoTest.Y_BALANCE], View.SIDE)
