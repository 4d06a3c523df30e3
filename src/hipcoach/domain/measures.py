"""Checks on what a runner reports, so an impossible value is refused with a message that names it.

The same bounds hold at every door (the API, the web forms, the CLI and the files imported), and every
message is written from the constants here.
"""

from __future__ import annotations

import math
from datetime import date

from hipcoach.domain.precision import COMPARISON_PLACES, places_for
from hipcoach.domain.units import DEFAULT_UNIT, DistanceUnit

SCALE_MIN = 0
SCALE_MAX = 10
MAX_REPS = 200
MAX_SECONDS = 3600
MAX_LOAD_KG = 500.0
# The first day hipcoach takes a date for [D]: it keeps a training history, and no watch file format it
# reads (GPX 1.0 of 2002, FIT, TCX) predates it. An earlier day is a clock that was never set (a FIT
# timestamp of 0 reads 1989-12-31) or a typing slip (1900 for 2000), never a run.
EARLIEST_DAY = date(2000, 1, 1)
# A run typed in or read from a file [D]. Shorter than 100 m is a watch started by mistake; 400 km is longer
# than any ultramarathon a file will hold; a week is longer than any run without sleep.
MIN_RUN_DISTANCE_KM = 0.1
MAX_RUN_DISTANCE_KM = 400.0
MAX_RUN_DURATION_MIN = 7 * 24 * 60
# 90 s per km (40 km/h) is quicker than the 100 m world record run end to end (9.58 s, 37.6 km/h), so no run
# of 100 m or more is that fast: a faster pace is a slip in the distance or the time, or a ride in a car.
FASTEST_PACE_S_PER_KM = 90.0
# The character PostgreSQL cannot store in text, and that no one types: refused in every text field.
NUL = "\x00"
NUL_REFUSED = "contains a NUL character (\\0), which hipcoach cannot store"


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
    """A day of something that happened: not in the future, not before ``EARLIEST_DAY``."""
    if day > today:
        raise InvalidMeasurement(f"{name} {day.isoformat()} is in the future (today is {today.isoformat()})")
    return not_too_early(name, day)


def not_too_early(name: str, day: date) -> date:
    if day < EARLIEST_DAY:
        raise InvalidMeasurement(
            f"{name} {day.isoformat()} is before {EARLIEST_DAY.isoformat()}, "
            "the earliest day hipcoach accepts"
        )
    return day


def run_distance_km(value: float, unit: DistanceUnit = DEFAULT_UNIT) -> float:
    """The distance of a run typed in by hand (in km; the message speaks the runner's ``unit``)."""
    if not math.isfinite(value) or not MIN_RUN_DISTANCE_KM <= value <= MAX_RUN_DISTANCE_KM:
        low, high = unit.from_km(MIN_RUN_DISTANCE_KM), unit.from_km(MAX_RUN_DISTANCE_KM)
        # The bounds in another unit are written inside the range, so a number the text allows is taken.
        low_text = f"{math.ceil(low * 100) / 100:g}" if unit is not DEFAULT_UNIT else f"{low:g}"
        high_text = f"{math.floor(high * 10) / 10:g}" if unit is not DEFAULT_UNIT else f"{high:g}"
        raise InvalidMeasurement(
            f"a distance of {_number(unit.from_km(value), low, high)} {unit} is not a run's: "
            f"hipcoach takes {low_text} to {high_text} {unit}"
        )
    return value


def run_duration_min(value: float) -> float:
    if not math.isfinite(value) or not 0 < value <= MAX_RUN_DURATION_MIN:
        raise InvalidMeasurement(
            f"a duration of {_number(value, 0, MAX_RUN_DURATION_MIN)} min is not a run's: hipcoach takes "
            f"more than 0 and up to {MAX_RUN_DURATION_MIN:g} min ({MAX_RUN_DURATION_MIN / 1440:g} days)"
        )
    return value


def run_pace(distance_km: float, duration_min: float, unit: DistanceUnit = DEFAULT_UNIT) -> None:
    """Refuses a run no one can run: quicker than ``FASTEST_PACE_S_PER_KM``. Both values are finite and the
    distance above 0 (a run without a distance has no pace to check). The message speaks ``unit``."""
    pace_s = duration_min * 60 / distance_km
    if pace_s < FASTEST_PACE_S_PER_KM:
        pace, fastest = unit.pace_seconds(pace_s), unit.pace_seconds(FASTEST_PACE_S_PER_KM)
        places = places_for([pace], [fastest], 0)
        raise InvalidMeasurement(
            f"{unit.from_km(distance_km):g} {unit} in {duration_min:g} min is a pace of "
            f"{pace_text(pace, places)} {unit.per}, faster than {pace_text(fastest)} {unit.per}, quicker "
            "than anyone has run even 100 m; check the distance and the time"
        )


def pace_text(seconds_per_km: float, places: int = 0) -> str:
    """A pace as minutes and seconds ("4:05"), the seconds with ``places`` decimals."""
    minutes, seconds = divmod(round(seconds_per_km, places), 60)
    width = 2 + (places + 1 if places else 0)
    return f"{int(minutes)}:{seconds:0{width}.{places}f}"


def clean_text(name: str, value: str) -> str:
    """Text that can be stored: without the NUL character."""
    if NUL in value:
        raise InvalidMeasurement(f"{name} {NUL_REFUSED}")
    return value


def _number(value: float, *thresholds: float) -> str:
    """A refused number as it was given, at the precision that keeps it on its side of each bound: 0.0999 is
    not written "0.1", and 5e-324 is not written "0"."""
    if not math.isfinite(value) or value == 0:
        return f"{value:g}"
    places = places_for([value], thresholds, 0)
    text = f"{value:.{places}f}"
    if float(text) == 0 or places >= COMPARISON_PLACES:
        return repr(value)
    return text.rstrip("0").rstrip(".") if "." in text else text
