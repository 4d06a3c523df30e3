"""Landmark tracks: where a pose model saw each joint in each frame of a video, and how sure it was.

Points arrive in **image coordinates**: pixels, x to the right, **y down** (row 0 is the top of the picture),
as every video decoder and pose model gives them. The angles are worked in the figure's picture plane
(``hipcoach.domain.figure``: x right, **y up**), so ``picture`` flips y explicitly; nothing else reads the raw
image points.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from hipcoach.domain.anatomy import Side
from hipcoach.domain.figure.skeleton import View

Floats = npt.NDArray[np.float64]
Flags = npt.NDArray[np.bool_]

# [D] BRIEF §11 asks to say which frames were not trusted. 0.5 is the usual default minimum confidence of
# 2-D pose models (MediaPipe Pose's min_tracking_confidence, for one): below it the model itself rates the
# point more likely wrong than right, so an angle built on it is not shown as a measurement.
CONFIDENCE_MIN = 0.5

# [D] Below 1 frame a second it is not video; 240 fps is the fastest slow motion a phone records.
FPS_MIN = 1.0
FPS_MAX = 240.0


class Part(StrEnum):
    """The landmarks the angles need, on each side. ``TOE`` is the tip of the foot (a model's foot index)."""

    SHOULDER = "shoulder"
    HIP = "hip"
    KNEE = "knee"
    ANKLE = "ankle"
    HEEL = "heel"
    TOE = "toe"


Landmark = tuple[Side, Part]
LANDMARKS: tuple[Landmark, ...] = tuple((side, part) for side in Side for part in Part)


def describe(landmark: Landmark) -> str:
    side, part = landmark
    return f"{side.value} {part.value}"


@dataclass(frozen=True, eq=False)
class LandmarkTrack:
    """One clip's landmarks: per landmark an (frames, 2) array of image points and a (frames,) confidence.

    A point may be NaN only where its confidence is below ``CONFIDENCE_MIN`` (the model lost it).
    Construction validates and raises ``ValueError`` naming the problem; the arrays are copied read-only.
    """

    fps: float
    view: View
    points: Mapping[Landmark, Floats]
    confidence: Mapping[Landmark, Floats]

    def __post_init__(self) -> None:
        if not FPS_MIN <= self.fps <= FPS_MAX:
            raise ValueError(f"fps must be between {FPS_MIN:g} and {FPS_MAX:g}, got {self.fps!r}")
        try:
            view = View(self.view)
        except ValueError:
            raise ValueError(f"view must be 'side' or 'front', got {self.view!r}") from None
        object.__setattr__(self, "view", view)
        for name, given in (("points", self.points), ("confidence", self.confidence)):
            missing = [describe(landmark) for landmark in LANDMARKS if landmark not in given]
            if missing:
                raise ValueError(f"{name} is missing landmarks: {', '.join(missing)}")
        points = {landmark: _frozen(self.points[landmark]) for landmark in LANDMARKS}
        confidence = {landmark: _frozen(self.confidence[landmark]) for landmark in LANDMARKS}
        if all(sure.size == 0 for sure in confidence.values()):
            raise ValueError("the track is empty: it has no frames")
        _check_shapes(points, confidence)
        for landmark in LANDMARKS:
            _check_values(landmark, points[landmark], confidence[landmark])
        object.__setattr__(self, "points", points)
        object.__setattr__(self, "confidence", confidence)

    @property
    def frame_count(self) -> int:
        return len(self.confidence[LANDMARKS[0]])

    def times(self) -> Floats:
        """Each frame's time in seconds from the first frame."""
        return np.arange(self.frame_count, dtype=np.float64) / self.fps

    def picture(self, side: Side, part: Part) -> Floats:
        """The landmark in the picture plane: image pixels with y flipped to point **up** (x unchanged)."""
        image = self.points[(side, part)]
        return np.column_stack((image[:, 0], -image[:, 1]))

    def confident(self, side: Side, part: Part) -> Flags:
        """Frames where the model is sure enough of this landmark to build an angle on it."""
        return self.confidence[(side, part)] >= CONFIDENCE_MIN

    def swapped(self) -> LandmarkTrack:
        """The same clip with every left and right label exchanged (a model that labels sides wrongly)."""
        return LandmarkTrack(
            self.fps,
            self.view,
            {(side.other, part): self.points[(side, part)] for side, part in LANDMARKS},
            {(side.other, part): self.confidence[(side, part)] for side, part in LANDMARKS},
        )


def _frozen(values: object) -> Floats:
    array = np.array(values, dtype=np.float64)
    array.setflags(write=False)
    return array


def _check_shapes(points: Mapping[Landmark, Floats], confidence: Mapping[Landmark, Floats]) -> None:
    first = LANDMARKS[0]
    frames = len(confidence[first]) if confidence[first].ndim == 1 else -1
    for landmark in LANDMARKS:
        name = describe(landmark)
        point, sure = points[landmark], confidence[landmark]
        if point.ndim != 2 or point.shape[1] != 2:
            raise ValueError(f"{name} points must have the shape (frames, 2), got {point.shape}")
        if sure.ndim != 1:
            raise ValueError(f"{name} confidence must have the shape (frames,), got {sure.shape}")
        if len(point) != frames or len(sure) != frames:
            raise ValueError(
                f"{name} has {len(point)} points and {len(sure)} confidences, {describe(first)} has"
                f" {frames}: every landmark needs one point and one confidence per frame"
            )


def _check_values(landmark: Landmark, point: Floats, sure: Floats) -> None:
    name = describe(landmark)
    bad = np.flatnonzero(~np.isfinite(sure))
    if bad.size:
        raise ValueError(f"{name} confidence is not a number at frame {bad[0]}")
    bad = np.flatnonzero((sure < 0.0) | (sure > 1.0))
    if bad.size:
        raise ValueError(f"{name} confidence must be within 0..1, got {sure[bad[0]]:g} at frame {bad[0]}")
    if np.isinf(point).any():
        frame = np.flatnonzero(np.isinf(point).any(axis=1))[0]
        raise ValueError(f"{name} point is infinite at frame {frame}")
    lost_but_sure = np.isnan(point).any(axis=1) & (sure >= CONFIDENCE_MIN)
    if lost_but_sure.any():
        frame = np.flatnonzero(lost_but_sure)[0]
        raise ValueError(
            f"{name} point is NaN at frame {frame} although its confidence is {sure[frame]:g}"
            f" (a missing point needs a confidence below {CONFIDENCE_MIN:g})"
        )
