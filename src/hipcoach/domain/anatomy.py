"""The body's words that every part of hipcoach shares: the two sides, the six hip directions and the regions
where trouble is felt.

An enum's value is its wire code, the spelling that goes into reading keys, files, URLs and the database;
``label`` is what a person reads.
"""

from __future__ import annotations

from enum import StrEnum


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"

    @property
    def other(self) -> Side:
        return Side.RIGHT if self is Side.LEFT else Side.LEFT

    @property
    def lateral(self) -> float:
        """The sign of this side along the figure's world z axis (the figure's right is +z)."""
        return 1.0 if self is Side.RIGHT else -1.0

    @property
    def label(self) -> str:
        return self.value


class HipDirection(StrEnum):
    """The six directions of hip range (BRIEF §1: mobility comes back in all six)."""

    FLEXION = "flexion"
    EXTENSION = "extension"
    ABDUCTION = "abduction"
    ADDUCTION = "adduction"
    EXTERNAL_ROTATION = "external-rotation"
    INTERNAL_ROTATION = "internal-rotation"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ")


class BodyRegion(StrEnum):
    """Where a screening sign's trouble is felt; the age rules read it (BRIEF §2.2)."""

    HIP = "hip"
    GROIN = "groin"
    THIGH = "thigh"
    KNEE = "knee"
    LOW_BACK = "low-back"
    FOOT = "foot"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ")
