"""VideoPose data made from hipcoach's own figure: each frame's pose placed and projected by a camera, its
landmarks put at BlazePose's numbers, so the analysis can be checked against angles known exactly."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from hipcoach.domain.figure import Camera, Joint, Pose, interpolate, place, project
from hipcoach.video.decode import VideoInfo
from hipcoach.video.pose import ModelSize, VideoPose

FPS = 30.0
WIDTH, HEIGHT = 1920, 1080
PIXELS_PER_HEIGHT = 800.0  # the figure is 1 unit tall: 800 px of a 1080 px frame
FLOOR_ROW = 1000.0
CENTRE_X = 960.0

# BlazePose's numbers of the figure's joints (the face gets the head; the hands their grip point).
JOINT_INDEX: dict[int, Joint] = {
    0: Joint.HEAD,
    11: Joint.LEFT_SHOULDER,
    12: Joint.RIGHT_SHOULDER,
    13: Joint.LEFT_ELBOW,
    14: Joint.RIGHT_ELBOW,
    15: Joint.LEFT_WRIST,
    16: Joint.RIGHT_WRIST,
    23: Joint.LEFT_HIP,
    24: Joint.RIGHT_HIP,
    25: Joint.LEFT_KNEE,
    26: Joint.RIGHT_KNEE,
    27: Joint.LEFT_ANKLE,
    28: Joint.RIGHT_ANKLE,
    29: Joint.LEFT_HEEL,
    30: Joint.RIGHT_HEEL,
    31: Joint.LEFT_TOE,
    32: Joint.RIGHT_TOE,
}
FACE_AND_HANDS = dict.fromkeys(range(1, 11), Joint.HEAD) | {
    index: (Joint.LEFT_HAND if index % 2 else Joint.RIGHT_HAND) for index in range(17, 23)
}


def frame_points(pose: Pose, camera: Camera) -> np.ndarray:
    """The 33 image points (x right, y down) of the posed figure seen by ``camera``."""
    picture = project(place(pose), camera)
    points = np.zeros((33, 2))
    for index, joint in (JOINT_INDEX | FACE_AND_HANDS).items():
        x, y = picture[joint]
        points[index] = (CENTRE_X + PIXELS_PER_HEIGHT * x, FLOOR_ROW - PIXELS_PER_HEIGHT * y)
    return points


def clip(
    pose_at: Callable[[int], Pose],
    frame_count: int,
    camera: Camera,
    *,
    unsure: Mapping[int, Sequence[int]] | None = None,
    nobody: Sequence[int] = (),
) -> VideoPose:
    """A VideoPose of the figure posed frame by frame; ``unsure``: BlazePose index → frames where that
    landmark's visibility is 0.1; ``nobody``: frames with no person (NaN points, visibility 0)."""
    points = np.array([frame_points(pose_at(frame), camera) for frame in range(frame_count)])
    visibility = np.ones((frame_count, 33))
    for index, frames in (unsure or {}).items():
        visibility[list(frames), index] = 0.1
    person = np.ones(frame_count, dtype=np.bool_)
    person[list(nobody)] = False
    points[list(nobody)] = np.nan
    visibility[list(nobody)] = 0.0
    info = VideoInfo(WIDTH, HEIGHT, FPS, frame_count, frame_count / FPS, 0, "h264")
    return VideoPose(info, ModelSize.FULL, points, visibility, person)


def with_someone_else(video: VideoPose, frames: Sequence[int], shift: float = 1500.0) -> VideoPose:
    """The clip with ``frames`` showing someone else, ``shift`` pixels to the side (the model followed a
    passer-by there)."""
    points = video.points.copy()
    points[list(frames), :, 0] += shift
    return VideoPose(video.info, video.model, points, video.visibility, video.person)


def down_and_up(start: Pose, bottom: Pose, frame_count: int = 61) -> Callable[[int], Pose]:
    """Standing → bottom → standing: the joint angles interpolated linearly (on a cosine ease), the bottom
    exactly at the middle frame."""
    middle = (frame_count - 1) / 2

    def pose_at(frame: int) -> Pose:
        share = 1.0 - abs(frame - middle) / middle
        eased = (1.0 - np.cos(np.pi * share)) / 2.0
        return interpolate(start, bottom, float(eased))

    return pose_at
