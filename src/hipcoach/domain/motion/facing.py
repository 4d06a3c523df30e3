"""Which way a person faces in a side view, read from the feet.

Forward in the sagittal plane is the way the toes point, so the heel → toe line gives it. One facing holds
for the whole clip (the majority of the frames where a heel and its toe are both trusted, both feet pooled):
a single frame's foot can point almost at the camera or be mislabelled, and the tests and exercises
analysed here are done on the spot, facing one way. A clip in which the person turns round is not
supported: its minority frames would get mirrored signs.
"""

from __future__ import annotations

from enum import StrEnum

import numpy as np

from hipcoach.domain.anatomy import Side
from hipcoach.domain.motion.landmarks import LandmarkTrack, Part


class Facing(StrEnum):
    SCREEN_RIGHT = "screen-right"
    SCREEN_LEFT = "screen-left"

    @property
    def sign(self) -> float:
        """+1 when forward is the picture's +x."""
        return 1.0 if self is Facing.SCREEN_RIGHT else -1.0


def infer_facing(track: LandmarkTrack) -> Facing | None:
    """The clip's facing by majority of the trusted heel → toe directions; None when no foot is trusted or
    the frames split evenly."""
    votes = 0
    for side in Side:
        trusted = track.confident(side, Part.HEEL) & track.confident(side, Part.TOE)
        forward = track.picture(side, Part.TOE)[:, 0] - track.picture(side, Part.HEEL)[:, 0]
        votes += int(np.sign(forward[trusted]).sum())
    if votes == 0:
        return None
    return Facing.SCREEN_RIGHT if votes > 0 else Facing.SCREEN_LEFT
