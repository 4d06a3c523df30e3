"""A result's JSON round-trips exactly, refuses what it cannot read naming the field, and two legs'
results compare."""

from __future__ import annotations

import copy
import json
from dataclasses import replace

import pytest

from hipcoach.content import default_library
from hipcoach.domain.anatomy import Side
from hipcoach.domain.figure import Camera, View, mirror
from hipcoach.domain.motion import Angle
from hipcoach.domain.motion.protocols import VideoTest
from hipcoach.video.analyse import analyse_pose
from hipcoach.video.result import (
    CURVE_POINTS_MAX,
    RESULT_VERSION,
    Stretch,
    VideoResult,
    compare,
    sample_frames,
)
from tests.unit.video.figure_clips import clip, down_and_up

FRAMES = 61


def lunge(side: Side, knee_bottom: float = 90.0) -> VideoResult:
    stand, bottom = default_library().illustrations["lunge"].poses
    bottom = replace(bottom, right=replace(bottom.right, knee=knee_bottom))
    camera = Camera.side()
    if side is Side.LEFT:
        stand, bottom, camera = mirror(stand), mirror(bottom), Camera(180.0)
    # A few doubtful frames so the quality has stretches to write.
    video = clip(
        down_and_up(stand, bottom, FRAMES), FRAMES, camera, unsure={26: range(0, 3), 25: range(0, 3)}
    )
    return analyse_pose(video, VideoTest.LUNGE, side, View.SIDE)


@pytest.fixture(scope="module")
def right() -> VideoResult:
    return lunge(Side.RIGHT)


def test_the_json_round_trips_exactly_through_text(right):
    passer_by = Stretch(first=3, last=9, start_s=0.1, end_s=0.3)
    for result in (right, replace(right, quality=replace(right.quality, others=(passer_by,)))):
        text = json.dumps(result.to_json(), allow_nan=False)  # no NaN anywhere: null where not measured
        back = VideoResult.from_json(json.loads(text))
        assert back == result
        assert json.dumps(back.to_json(), allow_nan=False) == text


def test_the_json_holds_versions_times_and_nulls(right):
    data = right.to_json()
    assert data["version"] == RESULT_VERSION and data["test"] == "lunge" and data["view"] == "side"
    knee = next(c for c in data["curves"] if c["angle"] == "knee-flexion" and c["side"] == "right")
    assert (
        knee["times_s"][30] == pytest.approx(1.0) and knee["degrees"][:3] == [None] * 3
    )  # doubtful at the start: never made up
    knee_quality = next(
        q for q in data["quality"]["angles"] if q["angle"] == "knee-flexion" and q["side"] == "right"
    )
    assert knee_quality["not_trusted"] == [{"first": 0, "last": 2, "start_s": 0.0, "end_s": 2 / 30}]


def broken(result: VideoResult, change) -> str:
    data = copy.deepcopy(result.to_json())
    change(data)
    with pytest.raises(ValueError) as caught:
        VideoResult.from_json(data)
    return str(caught.value)


def test_reading_names_the_field_that_is_wrong(right):
    assert broken(right, lambda d: d.update(version=2)).startswith("result.version")
    assert broken(right, lambda d: d.update(test="squat")).startswith("result.test: 'squat' is not one of")
    assert broken(right, lambda d: d.pop("side")) == "result.side: missing"
    assert broken(right, lambda d: d["moment"]["values"][0].update(angle="elbow")).startswith(
        "result.moment.values[0].angle"
    )
    assert broken(right, lambda d: d["curves"][0]["degrees"].pop()).startswith(
        "result.curves[0].degrees: 60 values"
    )
    assert broken(right, lambda d: d["key_landmarks"].pop()).startswith("result.key_landmarks: 32 points")
    assert broken(right, lambda d: d["key_landmarks"][0].pop()).startswith("result.key_landmarks[0]")
    assert broken(right, lambda d: d["quality"].update(person_share=1.5)).startswith(
        "result.quality.person_share"
    )
    assert broken(right, lambda d: d["runner_pose"]["right"].update(knee="bent")).startswith(
        "result.runner_pose.right.knee"
    )
    assert broken(right, lambda d: d.update(fps=float("nan"))).startswith("result.fps")


def test_curves_keep_at_most_about_three_hundred_points_and_always_the_key_frame():
    frames = sample_frames(3600, [1234])
    assert len(frames) <= CURVE_POINTS_MAX + 2
    assert 1234 in frames and frames[0] == 0 and frames[-1] == 3599
    assert sample_frames(61, [30]) == list(range(61))


def test_the_left_leg_compares_with_the_right_angle_by_angle(right):
    left = lunge(Side.LEFT, knee_bottom=90.0)
    deeper_right = lunge(Side.RIGHT, knee_bottom=100.0)
    same = compare(left, right)
    assert [c.left.angle for c in same] == [Angle.KNEE_FLEXION, Angle.TRUNK_LEAN]
    assert same[0].difference == pytest.approx(0.0, abs=1.0) and same[0].more is None
    deeper = compare(left, deeper_right)[0]
    assert deeper.difference == pytest.approx(-10.0, abs=1.0) and deeper.more is Side.RIGHT


def test_only_two_legs_of_the_same_test_and_view_compare(right):
    with pytest.raises(ValueError, match="the left leg with the video of the right leg"):
        compare(right, right)
    with pytest.raises(ValueError, match="same test"):
        compare(replace(lunge(Side.LEFT), test=VideoTest.STEP_UP), right)
