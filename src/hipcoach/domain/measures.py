"""Checks on what a runner reports, so an impossible value is refused with a message that names it."""

from __future__ import annotations

from datetime import date

SCALE_MIN = 0
SCALE_MAX = 10
MAX_REPS = 200
MAX_SECONDS = 3600
MAX_LOAD_KG = 500.0


class InvalidMeasurement(ValueError):
    """A reported value that cannot be true: it names the field and the allowed range."""


def scale(name: str, value: int | None) -> int | None:
    """A 0-10 rating (pain, tightness, RPE), or None when it was not given."""
    if value is None:
        return None
    if not SCALE_MIN <= value <= SCALE_MAX:
        raise InvalidMeasurement(f"{name} must be between {SCALE_MIN} and {SCALE_MAX}, got {value}")
    return value


def count(name: str, value: int | None, maximum: int = MAX_REPS) -> int | None:
    if value is None:
        return None
    if value < 0:
        raise InvalidMeasurement(f"{name} cannot be negative, got {value}")
    if value > maximum:
        raise InvalidMeasurement(f"{name} of {value} is more than the {maximum} hipcoach accepts")
    return value


def load_kg(value: float | None) -> float | None:
    if value is None:
        return None
    if value != value or value < 0:  # NaN compares unequal to itself
        raise InvalidMeasurement(f"load must be 0 kg or more, got {value}")
    if value > MAX_LOAD_KG:
        raise InvalidMeasurement(
            f"a load of {value} kg is more than the {MAX_LOAD_KG:.0f} kg hipcoach accepts"
        )
    return value


def past_or_today(name: str, day: date, today: date) -> date:
    if day > today:
        raise InvalidMeasurement(f"{name} {day.isoformat()} is in the future (today is {today.isoformat()})")
    return day
