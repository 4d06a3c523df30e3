"""How far a clip's angles can be trusted, and the caution every surface shows beside them (BRIEF §11)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from hipcoach.domain.motion.analysis import Analysis
from hipcoach.domain.motion.angles import AngleKey
from hipcoach.domain.motion.cleaning import runs
from hipcoach.domain.motion.error import ERROR_MAX_DEG, ERROR_MIN_DEG
from hipcoach.domain.motion.landmarks import LANDMARKS, Landmark

__all__ = ["CAUTION", "ERROR_MAX_DEG", "ERROR_MIN_DEG", "FrameRanges", "Quality", "summarize"]

CAUTION = (
    f"Angles from one phone camera are 2-D estimates: they can differ from laboratory motion capture by"
    f" {ERROR_MIN_DEG:.0f}-{ERROR_MAX_DEG:.0f} degrees. Use them to follow your own trend and to compare"
    f" left with right, not as a diagnosis."
)

FrameRanges = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Quality:
    """Per angle and side: the share of trusted frames (0..1), the frames filled across short gaps and the
    frames not trusted, as (first, last) ranges a page can print; and the runs left unfiltered."""

    frame_count: int
    trusted_share: Mapping[AngleKey, float]
    filled: Mapping[AngleKey, FrameRanges]
    not_trusted: Mapping[AngleKey, FrameRanges]
    unfiltered: Mapping[AngleKey, FrameRanges]
    landmark_share: Mapping[Landmark, float]
    caution: str = CAUTION


def summarize(analysis: Analysis) -> Quality:
    """The quality of every angle series of an analysed clip."""
    track = analysis.track
    return Quality(
        frame_count=track.frame_count,
        trusted_share={key: float(np.mean(series.trusted)) for key, series in analysis.angles.items()},
        filled={key: tuple(runs(series.filled)) for key, series in analysis.angles.items()},
        not_trusted={key: tuple(runs(~series.trusted)) for key, series in analysis.angles.items()},
        unfiltered={key: series.unfiltered for key, series in analysis.angles.items()},
        landmark_share={landmark: float(np.mean(track.confident(*landmark))) for landmark in LANDMARKS},
    )
