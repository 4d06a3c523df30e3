"""The one clock: every "now" in hipcoach comes from here, and every "today" is the runner's, in their zone.

A clock is any callable returning the current instant as an aware UTC datetime. The application holds one
(:class:`hipcoach.services.context.Hipcoach`); tests hand in their own. :class:`LocalTime` is one instant as
one runner lives it, so "today", "this week" and "the next morning" are read in the runner's zone and never
in the server's: a runner in Los Angeles training at 19:00 on a UTC server trains on their own day.

This module is the only place in ``src/`` that reads the real time (a test checks it).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

Clock = Callable[[], datetime]

# An IANA name is at most 30 characters today; this bound is the database column's and the forms'.
MAX_ZONE_NAME_LENGTH = 64


def system_clock() -> datetime:
    """The real current instant, aware and in UTC."""
    return datetime.now(UTC)


class UnknownZone(ValueError):
    """A time zone name that is not in the IANA database."""


@lru_cache(maxsize=1)
def _known_zones() -> frozenset[str]:
    # available_timezones() walks the zone database on disk (~8 ms a call); every request checks a name.
    return frozenset(available_timezones())


@lru_cache(maxsize=1)
def zone_names() -> tuple[str, ...]:
    """Every zone a runner may choose, sorted: the IANA regions and UTC (no legacy aliases like 'EST5EDT')."""
    return tuple(sorted(z for z in _known_zones() if "/" in z or z == "UTC"))


def runner_zone_name(chosen: str | None) -> str:
    """The zone a runner lives in: the one they chose, else the machine's."""
    return chosen or machine_zone_name()


def zone(name: str) -> ZoneInfo:
    """The zone called ``name``; :class:`UnknownZone` names a misspelt or made-up one."""
    if not name or len(name) > MAX_ZONE_NAME_LENGTH or name not in _known_zones():
        raise UnknownZone(f"unknown time zone {name!r} (use an IANA name such as Europe/Berlin)")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise UnknownZone(f"unknown time zone {name!r} (use an IANA name such as Europe/Berlin)") from error


@lru_cache(maxsize=1)
def machine_zone_name() -> str:
    """The zone of the machine hipcoach runs on (TZ, then /etc/localtime's target), else UTC.

    Only the command line falls back to it, for a runner who has not set a zone yet: there the machine is
    usually the runner's own.
    """
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        candidates.append(str(Path("/etc/localtime").resolve()).split("zoneinfo/", 1)[1])
    except (OSError, IndexError):
        pass
    for name in candidates:
        try:
            zone(name)
        except UnknownZone:
            continue
        return name
    return "UTC"


@dataclass(frozen=True)
class LocalTime:
    """One instant as one runner lives it: their zone, their wall clock, their date."""

    instant: datetime  # aware
    zone_name: str

    @classmethod
    def of(cls, instant: datetime, zone_name: str | None) -> LocalTime:
        """``instant`` in ``zone_name``; the machine's zone when the runner has not set one."""
        if instant.tzinfo is None:
            raise ValueError("an instant must be timezone-aware")
        name = runner_zone_name(zone_name)
        zone(name)  # refuse an unknown name here, not on first use
        return cls(instant, name)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.zone_name)

    @property
    def now(self) -> datetime:
        """The runner's wall-clock time, aware."""
        return self.instant.astimezone(self.tz)

    @property
    def today(self) -> date:
        return self.now.date()

    def date_of(self, moment: datetime) -> date:
        """The runner's calendar day of an earlier or later instant (in their zone as it is now)."""
        return moment.astimezone(self.tz).date()

    def describe(self) -> str:
        """The zone in words, as a settings page shows it: 'Europe/Berlin, now 21:30'."""
        return f"{self.zone_name.replace('_', ' ')}, now {self.now:%H:%M}"
