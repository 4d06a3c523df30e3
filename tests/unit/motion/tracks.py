"""Landmark tracks for the tests: hipcoach's own figure filmed by its cameras, or points placed by hand."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from hipcoach.domain.anatomy import Side
from hipcoach.domain.figure import Camera, Joint, Pose, View, place, project
from hipcoach.domain.motion import LANDMARKS, Landmark, LandmarkTrack, Part

# The figure is 1 unit tall; filmed 1000 pixels tall with its floor on image row 1000 (y grows downwards).
PIXELS_PER_HEIGHT = 1000.0
IMAGE_CENTRE_X = 960.0
FLOOR_ROW = 1000.0

Point = tuple[float, float]


def figure_points(pose: Pose, camera: Camera) -> dict[Landmark, Point]:
    """Where the camera sees each landmark of the posed figure, in image pixels (x right, y down)."""
    picture = project(place(pose), camera)
    points: dict[Landmark, Point] = {}
    for side, part in LANDMARKS:
        x, y = picture[Joint.of(side, part.value)]
        points[(side, part)] = (IMAGE_CENTRE_X + PIXELS_PER_HEIGHT * x, FLOOR_ROW - PIXELS_PER_HEIGHT * y)
    return points


def track_of(
    frames: Sequence[Mapping[Landmark, Point]],
    view: View,
    fps: float = 60.0,
    doubtful: Mapping[Landmark, Sequence[int]] | None = None,
) -> LandmarkTrack:
    """A track of the given image points, every landmark sure except the ``doubtful`` frames (0.1)."""
    points = {landmark: np.array([frame[landmark] for frame in frames]) for landmark in LANDMARKS}
    confidence = {landmark: np.ones(len(frames)) for landmark in LANDMARKS}
    for landmark, indices in (doubtful or {}).items():
        confidence[landmark][list(indices)] = 0.1
    return LandmarkTrack(fps, view, points, confidence)


def filmed(
    pose_at: Callable[[int], Pose],
    frame_count: int,
    camera: Camera,
    view: View,
    doubtful: Mapping[Landmark, Sequence[int]] | None = None,
) -> LandmarkTrack:
    """The figure posed frame by frame and filmed at 60 fps."""
    frames = [figure_points(pose_at(frame), camera) for frame in range(frame_count)]
    return track_of(frames, view, doubtful=doubtful)


def landmark(name: str) -> Landmark:
    """``landmark("right_knee")`` is ``(Side.RIGHT, Part.KNEE)``."""
    side, part = name.split("_")
    return (Side(side), Part(part))


def standing_side_view(**moved: Point) -> dict[Landmark, Point]:
    """A person standing upright facing screen-right, both sides overlapping; ``moved`` overrides points
    named like ``right_knee``."""
    upright = {
        Part.SHOULDER: (500.0, 200.0),
        Part.HIP: (500.0, 500.0),
        Part.KNEE: (500.0, 700.0),
        Part.ANKLE: (500.0, 900.0),
        Part.HEEL: (480.0, 950.0),
        Part.TOE: (560.0, 950.0),
    }
    points = {(side, part): upright[part] for side in Side for part in Part}
    return points | {landmark(name): point for name, point in moved.items()}


def gaussian(peak_frame: int, width_frames: float) -> Callable[[int], float]:
    """A smooth bump from 0 to 1 and back, highest at ``peak_frame``."""
    return lambda frame: float(np.exp(-(((frame - peak_frame) / width_frames) ** 2)))
