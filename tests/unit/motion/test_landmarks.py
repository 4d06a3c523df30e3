"""Landmark tracks: validation that names the problem, and the explicit flip from image y (down) to up."""

from __future__ import annotations

import numpy as np
import pytest

from hipcoach.domain.anatomy import Side
from hipcoach.domain.figure import View
from hipcoach.domain.motion import CONFIDENCE_MIN, LANDMARKS, LandmarkTrack, Part
from tests.unit.motion.tracks import standing_side_view, track_of

KNEE = (Side.LEFT, Part.KNEE)


def arrays(frames: int = 3) -> tuple[dict, dict]:
    points = {landmark: np.tile(standing_side_view()[landmark], (frames, 1)) for landmark in LANDMARKS}
    return points, {landmark: np.ones(frames) for landmark in LANDMARKS}


def test_the_picture_flips_image_y_to_point_up_and_keeps_x():
    track = track_of([standing_side_view()], View.SIDE)
    assert track.picture(Side.LEFT, Part.KNEE).tolist() == [[500.0, -700.0]]
    # The shoulder is higher in the picture than the hip although its image row is smaller.
    assert track.picture(Side.LEFT, Part.SHOULDER)[0, 1] > track.picture(Side.LEFT, Part.HIP)[0, 1]


@pytest.mark.parametrize("fps", [0.5, 0.0, 241.0, float("nan")])
def test_a_frame_rate_outside_1_to_240_is_refused(fps):
    points, confidence = arrays()
    with pytest.raises(ValueError, match="fps must be between 1 and 240"):
        LandmarkTrack(fps, View.SIDE, points, confidence)


def test_an_unknown_view_is_refused():
    points, confidence = arrays()
    with pytest.raises(ValueError, match="view must be 'side' or 'front', got 'top'"):
        LandmarkTrack(30.0, "top", points, confidence)  # type: ignore[arg-type]


def test_a_missing_landmark_is_named():
    points, confidence = arrays()
    del points[(Side.RIGHT, Part.HEEL)]
    with pytest.raises(ValueError, match="points is missing landmarks: right heel"):
        LandmarkTrack(30.0, View.SIDE, points, confidence)


def test_an_empty_track_is_refused():
    points, confidence = arrays(0)
    with pytest.raises(ValueError, match="the track is empty"):
        LandmarkTrack(30.0, View.SIDE, points, confidence)


def test_landmarks_of_different_lengths_are_refused():
    points, confidence = arrays()
    points[KNEE] = points[KNEE][:2]
    with pytest.raises(ValueError, match="left knee has 2 points and 3 confidences, left shoulder has 3"):
        LandmarkTrack(30.0, View.SIDE, points, confidence)


def test_points_must_be_pairs():
    points, confidence = arrays()
    points[KNEE] = np.ones((3, 3))
    with pytest.raises(ValueError, match=r"left knee points must have the shape \(frames, 2\)"):
        LandmarkTrack(30.0, View.SIDE, points, confidence)


def test_a_confidence_that_is_nan_or_outside_0_to_1_is_named_with_its_frame():
    points, confidence = arrays()
    confidence[KNEE][1] = np.nan
    with pytest.raises(ValueError, match="left knee confidence is not a number at frame 1"):
        LandmarkTrack(30.0, View.SIDE, points, confidence)
    confidence[KNEE][1] = 1.5
    with pytest.raises(ValueError, match="left knee confidence must be within 0..1, got 1.5 at frame 1"):
        LandmarkTrack(30.0, View.SIDE, points, confidence)


def test_a_lost_point_is_allowed_only_with_a_low_confidence():
    points, confidence = arrays()
    points[KNEE][2] = np.nan
    with pytest.raises(ValueError, match="left knee point is NaN at frame 2 although its confidence is 1"):
        LandmarkTrack(30.0, View.SIDE, points, confidence)
    confidence[KNEE][2] = CONFIDENCE_MIN / 2
    track = LandmarkTrack(30.0, View.SIDE, points, confidence)
    assert track.confident(Side.LEFT, Part.KNEE).tolist() == [True, True, False]


def test_an_infinite_point_is_refused():
    points, confidence = arrays()
    points[KNEE][0, 0] = np.inf
    with pytest.raises(ValueError, match="left knee point is infinite at frame 0"):
        LandmarkTrack(30.0, View.SIDE, points, confidence)


def test_the_track_keeps_its_own_read_only_copy():
    points, confidence = arrays()
    track = LandmarkTrack(30.0, View.SIDE, points, confidence)
    points[KNEE][0, 0] = 0.0
    assert track.points[KNEE][0, 0] == 500.0
    with pytest.raises(ValueError, match="read-only"):
        track.points[KNEE][0, 0] = 1.0
