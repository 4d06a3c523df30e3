"""What every assessment shares: sides, sex, flags, bands and input checks that name the field."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from hipcoach.domain.anatomy import Side as Side  # re-exported for the assessment modules
from hipcoach.domain.precision import COMPARISON_PLACES as COMPARISON_PLACES  # one rounding for all rules

T = TypeVar("T")


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"


class BandPosition(StrEnum):
    BELOW = "below"
    WITHIN = "within"
    ABOVE = "above"


class AssessmentInputError(ValueError):
    """A value no measurement can produce; the message names the field so the form can point at it."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


@dataclass(frozen=True)
class Band:
    low: float
    high: float

    def position(self, value: float) -> BandPosition:
        rounded = round(value, COMPARISON_PLACES)
        if rounded < round(self.low, COMPARISON_PLACES):
            return BandPosition.BELOW
        if rounded > round(self.high, COMPARISON_PLACES):
            return BandPosition.ABOVE
        return BandPosition.WITHIN


@dataclass(frozen=True)
class Flag:
    """A finding worth a look, what it means, where its threshold comes from."""

    id: str
    side: Side | None
    explanation: str
    evidence: tuple[str, ...]


def above(value: float, threshold: float) -> bool:
    return round(value, COMPARISON_PLACES) > round(threshold, COMPARISON_PLACES)


def below(value: float, threshold: float) -> bool:
    return round(value, COMPARISON_PLACES) < round(threshold, COMPARISON_PLACES)


def check_range(field: str, value: float, low: float, high: float, unit: str) -> float:
    """Return ``value`` when it lies in [low, high], else raise an error naming the field."""
    if value != value or not low <= value <= high:  # value != value catches NaN
        raise AssessmentInputError(field, f"{value:g} {unit} is outside {low:g}-{high:g} {unit}")
    return float(value)


def require(field: str, value: T | None) -> T:
    if value is None:
        raise AssessmentInputError(field, "missing")
    return value


def require_trials(field: str, trials: Sequence[float], needed: int) -> Sequence[float]:
    if len(trials) < needed:
        raise AssessmentInputError(field, f"{len(trials)} trial(s) recorded, {needed} needed")
    return trials


def other(side: Side) -> Side:
    return side.other
