"""Patient-Specific Functional Scale: up to five hard activities, each 0-10, score = mean (Stratford 1995)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean

from hipcoach.domain.assessment.common import AssessmentInputError, check_range

PSFS_MAX_ACTIVITIES = 5  # Stratford 1995
PSFS_RATING_MAX = 10


@dataclass(frozen=True)
class PsfsScore:
    ratings: tuple[float, ...]
    score: float
    evidence: tuple[str, ...] = ("stratford1995",)


def psfs_score(ratings: Sequence[float]) -> PsfsScore:
    """The mean of one to five activity ratings, each 0 (unable) to 10 (as before the problem)."""
    if not ratings:
        raise AssessmentInputError("PSFS activities", "rate at least one activity")
    if len(ratings) > PSFS_MAX_ACTIVITIES:
        raise AssessmentInputError("PSFS activities", f"{len(ratings)} given, at most {PSFS_MAX_ACTIVITIES}")
    checked = tuple(
        check_range(f"PSFS activity {i}", rating, 0, PSFS_RATING_MAX, "points")
        for i, rating in enumerate(ratings, start=1)
    )
    return PsfsScore(checked, fmean(checked))
