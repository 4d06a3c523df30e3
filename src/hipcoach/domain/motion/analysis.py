"""A clip analysed: its landmarks, the facing read from them and every angle series cleaned."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from hipcoach.domain.anatomy import Side
from hipcoach.domain.figure.skeleton import View
from hipcoach.domain.motion.angles import Angle, AngleKey, joint_angles
from hipcoach.domain.motion.cleaning import CleanSeries, check_cutoff, clean
from hipcoach.domain.motion.facing import Facing, infer_facing
from hipcoach.domain.motion.landmarks import LandmarkTrack, Part


@dataclass(frozen=True, eq=False)
class Analysis:
    """``facing`` is None in a front view, or in a side view whose feet were never trusted."""

    track: LandmarkTrack
    facing: Facing | None
    angles: Mapping[AngleKey, CleanSeries]

    def series(self, angle: Angle, side: Side) -> CleanSeries | None:
        """The cleaned series, or None when this view does not measure the angle."""
        return self.angles.get((angle, side))

    def hip_height(self, side: Side) -> CleanSeries:
        """The hip's height in the picture (pixels, up positive; the series' ``degrees`` hold pixels here),
        cleaned like an angle: finds the bottom of a squat or lunge in a front view, where knee flexion
        cannot be measured."""
        height = self.track.picture(side, Part.HIP)[:, 1]
        return clean(np.where(self.track.confident(side, Part.HIP), height, np.nan), self.track.fps)


def analyse(track: LandmarkTrack, facing: Facing | None = None) -> Analysis:
    """Angles of the track's view for both sides, gap-filled and filtered (see ``cleaning``).

    ``facing`` overrides the one read from the feet (a side view only). Raises ``ValueError`` when the frame
    rate is too low for the filter.
    """
    check_cutoff(track.fps)
    if track.view is not View.SIDE:
        facing = None
    elif facing is None:
        facing = infer_facing(track)
    raw = joint_angles(track, facing)
    return Analysis(track, facing, {key: clean(values, track.fps) for key, values in raw.items()})
