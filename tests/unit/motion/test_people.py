"""One person through the clip: a pose model that hands over to someone walking past is caught by how fast
the hips would have had to move, and only the person seen most is measured."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hipcoach.domain.anatomy import Side
from hipcoach.domain.figure import View
from hipcoach.domain.motion import Angle, LandmarkTrack, Part, analyse
from hipcoach.domain.motion.people import HIP_SPEED_MAX, STEP_FLOOR, follow_one_person
from tests.unit.motion.tracks import Point, standing_side_view, track_of

FPS = 30.0
TORSO = 300.0  # standing_side_view: shoulders at row 200, hips at row 500


def someone_at(dx: float, lean: float = 0.0) -> dict:
    """The standing person moved ``dx`` pixels sideways, the shoulders ``lean`` pixels forward."""
    points = standing_side_view()
    moved = {key: (x + dx, y) for key, (x, y) in points.items()}
    for side in Side:
        x, y = moved[(side, Part.SHOULDER)]
        moved[(side, Part.SHOULDER)] = (x + lean, y)
    return moved


def clip(frames: list[dict[tuple[Side, Part], Point]]):
    return track_of(frames, View.SIDE, fps=FPS)


def test_one_person_throughout_is_kept_whole():
    track = clip([someone_at(5.0 * frame) for frame in range(60)])
    followed = follow_one_person(track)
    assert followed.others == () and followed.person.all() and followed.share == 1.0
    assert followed.track is track


def test_someone_else_followed_for_a_while_is_left_out_and_the_runner_picked_up_again():
    runner, passer_by = someone_at(0.0), someone_at(-700.0, lean=150.0)  # leaning well forward
    frames = [runner] * 40 + [passer_by] * 20 + [runner] * 30
    followed = follow_one_person(clip(frames))
    assert followed.others == ((40, 59),)
    assert followed.person[:40].all() and followed.person[60:].all() and not followed.person[40:60].any()
    assert followed.share == pytest.approx(70 / 90)
    for landmark, points in followed.track.points.items():
        assert np.isnan(points[40:60]).all(), landmark
        assert (followed.track.confidence[landmark][40:60] == 0.0).all()
    # The passer-by's lean never reaches the runner's curve: 20 frames is too long a gap to fill.
    trunk = analyse(followed.track).series(Angle.TRUNK_LEAN, Side.RIGHT)
    assert trunk is not None
    assert np.isnan(trunk.degrees[40:60]).all() and not trunk.trusted[40:60].any()
    assert np.nanmax(np.abs(trunk.degrees)) < 1e-6


def test_the_person_seen_in_most_frames_is_the_one_measured():
    runner, passer_by = someone_at(0.0), someone_at(800.0)
    followed = follow_one_person(clip([passer_by] * 20 + [runner] * 50))
    assert followed.others == ((0, 19),)
    assert followed.person[20:].all()


def test_a_step_the_hips_could_make_is_the_same_person_and_a_faster_one_is_not():
    allowed = HIP_SPEED_MAX / FPS * TORSO  # pixels in one frame
    for step, split in ((0.95 * allowed, False), (1.05 * allowed, True)):
        frames = [someone_at(0.0)] * 40 + [someone_at(step)] * 20
        assert (follow_one_person(clip(frames)).others == ((40, 59),)) is split, step


def test_walking_across_the_picture_is_one_person():
    # 1.5 m/s is 3 torso lengths a second: 30 px a frame here, 2,700 px in all
    followed = follow_one_person(clip([someone_at(3.0 * TORSO / FPS * frame) for frame in range(90)]))
    assert followed.others == ()


def test_after_frames_without_anyone_the_step_allowed_grows_with_the_time_gone():
    gone = 10  # frames without a person: the hips could have moved 25 x 11/30 = 9 torso lengths by then
    reachable = HIP_SPEED_MAX * (gone + 1) / FPS * TORSO * 0.9
    nobody = dict.fromkeys(someone_at(0.0), (math.nan, math.nan))
    frames = [someone_at(0.0)] * 30 + [nobody] * gone + [someone_at(reachable)] * 20
    track = track_of(frames, View.SIDE, fps=FPS, doubtful={key: range(30, 30 + gone) for key in nobody})
    assert follow_one_person(track).others == ()


def test_a_still_runner_filmed_fast_is_never_split_by_the_models_jitter():
    rng = np.random.default_rng(3)
    jitter = STEP_FLOOR * TORSO * 0.5  # half the floor: far beyond 25 torso lengths a second at 240 fps
    frames = [someone_at(float(rng.uniform(-jitter, jitter))) for _ in range(240)]
    assert follow_one_person(track_of(frames, View.SIDE, fps=240.0)).others == ()


def test_frames_without_shoulders_keep_the_person_they_follow():
    """No torso to measure by: the step cannot be judged, so it is not taken for a change of person."""
    frames = [someone_at(0.0)] * 10 + [someone_at(2000.0)] * 10  # a jump judged by nothing
    points = {key: np.array([frame[key] for frame in frames]) for key in frames[0]}
    confidence = {key: np.ones(len(frames)) for key in frames[0]}
    for side in Side:
        points[(side, Part.SHOULDER)][5:15] = np.nan
        confidence[(side, Part.SHOULDER)][5:15] = 0.0
    followed = follow_one_person(LandmarkTrack(FPS, View.SIDE, points, confidence))
    assert followed.others == () and followed.person.all()
