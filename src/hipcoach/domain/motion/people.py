"""One person through the clip: where a pose model's tracking hands over from the runner to someone else.

A single-person model (BlazePose) follows whoever it finds; when it loses the runner it may pick up a person
walking past, and the angles then jump from one body to another within a frame. No body moves that fast: the
hips' centre, measured in torso lengths (shoulders' centre to hips' centre, the body's own scale in the
picture), can only travel ``HIP_SPEED_MAX`` torso lengths a second. A step beyond that between two frames
with a person starts a new stretch. Stretches are then joined into people: a stretch continues the person
whose last frame it could have reached at that speed (the nearest such one), or starts a new person. The
person seen in the most frames is the one measured; every other frame is treated as a frame without a person
(no point, no confidence), so it is never trusted, never filled across more than ``MAX_GAP_FRAMES`` and never
filtered into the runner's curves.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hipcoach.domain.anatomy import Side
from hipcoach.domain.motion.cleaning import runs
from hipcoach.domain.motion.landmarks import LANDMARKS, Flags, Floats, LandmarkTrack, Part

# [D] The fastest the hips' centre can move, in torso lengths a second. A sprinter's hips reach about
# 10-12 m/s and a torso (shoulder to hip, 0.288 of the height by Winter's proportions) is about 0.5 m for a
# 1.75 m runner, so 25 torso lengths a second is beyond any runner; a test on the spot moves far slower.
# Measured on the demo video (30 fps): within one person at most 0.28 torso lengths a frame (8 a second,
# people walking and jumping off a box); where tracking handed over, 6.1 and 9.3 in one frame.
HIP_SPEED_MAX = 25.0
# [D] Below this step (torso lengths) two frames are always the same person, whatever the frame rate: the
# model's own jitter at 240 fps would otherwise split a still runner, and two people closer than a quarter
# of a torso overlap in the picture, where no 2-D model tells them apart.
STEP_FLOOR = 0.25


@dataclass(frozen=True, eq=False)
class Followed:
    """The clip with only the person measured: ``track`` has every other frame emptied; ``person`` marks the
    frames of the person measured, ``others`` those of anyone else the model followed, as (first, last)
    frame ranges."""

    track: LandmarkTrack
    person: Flags
    others: tuple[tuple[int, int], ...]

    @property
    def share(self) -> float:
        """The share of frames (0..1) showing the person measured."""
        return float(np.mean(self.person)) if len(self.person) else 0.0


def follow_one_person(track: LandmarkTrack) -> Followed:
    """Keep the person seen in the most frames (see the module docstring)."""
    centre, torso = _hips_and_torso(track)
    seen: Flags = np.asarray(~np.isnan(centre).any(axis=1), dtype=np.bool_)
    person_of = np.full(track.frame_count, -1)
    ends: list[int] = []  # per person, its last frame so far
    previous: int | None = None
    for frame in np.flatnonzero(seen):
        if previous is not None and _reachable(centre, torso, previous, int(frame), track.fps):
            person_of[frame] = person_of[previous]
        else:
            person_of[frame] = _continued(centre, torso, ends, int(frame), track.fps)
            if person_of[frame] == len(ends):
                ends.append(int(frame))
        ends[person_of[frame]] = int(frame)
        previous = int(frame)
    if not ends:
        return Followed(track, seen, ())
    counts = np.bincount(person_of[seen], minlength=len(ends))
    chosen = int(np.argmax(counts))  # the first person seen wins a tie
    person = person_of == chosen
    other = seen & ~person
    if not other.any():
        return Followed(track, person, ())
    return Followed(_emptied(track, other), person, tuple(runs(other)))


def _hips_and_torso(track: LandmarkTrack) -> tuple[Floats, Floats]:
    """Per frame, the hips' centre (image pixels) and the torso's length; NaN without a person. Points of
    low confidence still place a person (the model gives them only when it has found one)."""

    def centre(part: Part) -> Floats:
        return (track.points[(Side.LEFT, part)] + track.points[(Side.RIGHT, part)]) / 2.0

    hips = centre(Part.HIP)
    torso = np.linalg.norm(centre(Part.SHOULDER) - hips, axis=1)
    return hips, torso


def _reachable(centre: Floats, torso: Floats, earlier: int, later: int, fps: float) -> bool:
    sizes = [float(size) for size in (torso[earlier], torso[later]) if np.isfinite(size)]
    scale = sum(sizes) / len(sizes) if sizes else 0.0
    if not scale > 0:
        return True  # no scale to judge by: a degenerate frame is not a change of person
    step = float(np.linalg.norm(centre[later] - centre[earlier])) / scale
    return step <= max(STEP_FLOOR, HIP_SPEED_MAX * (later - earlier) / fps)


def _continued(centre: Floats, torso: Floats, ends: list[int], frame: int, fps: float) -> int:
    """The person, among those seen so far, that ``frame`` continues (the nearest reachable one), or a new
    one (``len(ends)``)."""
    reachable = [
        (float(np.linalg.norm(centre[frame] - centre[end])), person)
        for person, end in enumerate(ends)
        if _reachable(centre, torso, end, frame, fps)
    ]
    return min(reachable)[1] if reachable else len(ends)


def _emptied(track: LandmarkTrack, frames: Flags) -> LandmarkTrack:
    points = {}
    confidence = {}
    for landmark in LANDMARKS:
        points[landmark] = np.where(frames[:, None], np.nan, track.points[landmark])
        confidence[landmark] = np.where(frames, 0.0, track.confidence[landmark])
    return LandmarkTrack(track.fps, track.view, points, confidence)
