"""A video's pose: BlazePose's 33 body landmarks in every frame, and the domain's landmark track from them.

A landmark's confidence is the model's own doubt and nothing kinder: the lower of its visibility (seen, not
hidden behind the body) and its presence (inside the picture), and 0 for a point outside the picture, so a
body cut off by the picture's edge reads as "not trusted", never as a guessed point. A frame without a
person has NaN points and confidence 0.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from hipcoach.domain.anatomy import Side
from hipcoach.domain.figure.skeleton import View
from hipcoach.domain.motion.landmarks import Landmark, LandmarkTrack, Part
from hipcoach.video.blazepose import BODY_LANDMARKS, BlazePose, ModelSize
from hipcoach.video.decode import Picture, VideoInfo, probe, read_frames
from hipcoach.video.errors import AnalysisStopped, VideoError

__all__ = [
    "BLAZEPOSE",
    "SKELETON",
    "ModelSize",
    "Progress",
    "VideoPose",
    "estimate_pose",
    "pose_from_frames",
]

Progress = Callable[[int, int], None]
PROGRESS_EVERY = 10  # frames between two progress calls

# BlazePose's landmark numbers (MediaPipe's pose landmark model card); its "left" is the person's left.
_INDEX = {
    Part.SHOULDER: (11, 12),
    Part.HIP: (23, 24),
    Part.KNEE: (25, 26),
    Part.ANKLE: (27, 28),
    Part.HEEL: (29, 30),
    Part.TOE: (31, 32),  # the foot index: the tip of the foot
}
BLAZEPOSE: Mapping[Landmark, int] = {
    (side, part): pair[0 if side is Side.LEFT else 1] for part, pair in _INDEX.items() for side in Side
}
# The body without face and fingers: shoulders, arms, trunk, legs, feet.
SKELETON: tuple[tuple[int, int], ...] = (
    (11, 12),
    (11, 13),
    (13, 15),
    (12, 14),
    (14, 16),
    (11, 23),
    (12, 24),
    (23, 24),
    (23, 25),
    (25, 27),
    (27, 29),
    (29, 31),
    (27, 31),
    (24, 26),
    (26, 28),
    (28, 30),
    (30, 32),
    (28, 32),
)


@dataclass(frozen=True, eq=False)
class VideoPose:
    """BlazePose's landmarks in every frame of one video.

    ``points`` (frames, 33, 2) image pixels of the upright frame (x right, y down), NaN without a person;
    ``visibility`` (frames, 33) 0..1, the landmark's confidence (see the module docstring); ``person``
    (frames,) whether a person was found."""

    info: VideoInfo
    model: ModelSize
    points: npt.NDArray[np.float64]
    visibility: npt.NDArray[np.float64]
    person: npt.NDArray[np.bool_]

    @property
    def person_share(self) -> float:
        """The share of frames (0..1) in which a person was found."""
        return float(np.mean(self.person)) if len(self.person) else 0.0

    def track(self, view: View) -> LandmarkTrack:
        """The domain's 12 landmarks, as seen from ``view``."""
        return LandmarkTrack(
            self.info.fps,
            view,
            {landmark: self.points[:, index] for landmark, index in BLAZEPOSE.items()},
            {landmark: self.visibility[:, index] for landmark, index in BLAZEPOSE.items()},
        )


def estimate_pose(
    path: Path,
    model: ModelSize = ModelSize.FULL,
    *,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
    threads: int | None = None,
) -> VideoPose:
    """Decode the video and find the person's landmarks in every frame.

    Raises ``VideoError`` for a video that cannot be read, ``AnalysisStopped`` when ``should_stop()`` says so
    (checked before every frame)."""
    info = probe(path)
    return pose_from_frames(
        read_frames(path), info, model, progress=progress, should_stop=should_stop, threads=threads
    )


def pose_from_frames(
    frames: Iterable[Picture],
    info: VideoInfo,
    model: ModelSize = ModelSize.FULL,
    *,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
    threads: int | None = None,
) -> VideoPose:
    """The same as ``estimate_pose`` on upright RGB frames already decoded; ``info`` gives their size and
    frame rate (its frame count is corrected to the frames actually given)."""
    estimator = BlazePose(ModelSize(model), threads)
    points: list[npt.NDArray[np.float64]] = []
    confidence: list[npt.NDArray[np.float64]] = []
    person: list[bool] = []
    reported = (0, 0)
    nowhere = np.full((BODY_LANDMARKS, 2), np.nan)
    unsure = np.zeros(BODY_LANDMARKS)
    for frame in frames:
        if should_stop is not None and should_stop():
            raise AnalysisStopped("stopped before the video's pose was finished")
        if frame.shape != (info.height, info.width, 3):
            raise ValueError(
                f"frame {len(points)} has the shape {frame.shape}, the video is"
                f" {info.width}×{info.height} RGB"
            )
        found = estimator(frame)
        person.append(found is not None)
        if found is None:
            points.append(nowhere)
            confidence.append(unsure)
        else:
            points.append(found.points)
            confidence.append(_confidence(found.points, found.visibility, found.presence, info))
        if progress is not None and len(points) % PROGRESS_EVERY == 0:
            reported = (len(points), max(info.frame_count, len(points)))
            progress(*reported)
    if not points:
        raise VideoError("Not one picture of this video could be read.")
    if progress is not None and reported != (len(points), len(points)):
        progress(len(points), len(points))
    if len(points) != info.frame_count:
        info = dataclasses.replace(info, frame_count=len(points), duration_s=len(points) / info.fps)
    return VideoPose(
        info=info,
        model=ModelSize(model),
        points=np.array(points),
        visibility=np.array(confidence),
        person=np.array(person, dtype=np.bool_),
    )


def _confidence(
    points: npt.NDArray[np.float64],
    visibility: npt.NDArray[np.float64],
    presence: npt.NDArray[np.float64],
    info: VideoInfo,
) -> npt.NDArray[np.float64]:
    inside = (
        (points[:, 0] >= 0.0)
        & (points[:, 0] <= info.width - 1)
        & (points[:, 1] >= 0.0)
        & (points[:, 1] <= info.height - 1)
    )
    return np.where(inside, np.minimum(visibility, presence), 0.0)
