"""When a session's "next morning" check-in opens (BRIEF §5, [D]).

A check-in speaks for the morning after a session only on a later calendar day in the runner's zone and at
least ``NEXT_MORNING_MIN_HOURS`` after the session ended. Before that, what a runner can tell is the pain
about an hour after the session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from hipcoach.domain import rules as R

RULE_ID = "progression.next-morning"


@dataclass(frozen=True)
class MorningWindow:
    """The session a morning check-in would speak for, and the instant its morning opens."""

    session_day: date
    opens_at: datetime  # aware, in the runner's zone

    def is_open(self, at: datetime) -> bool:
        return at >= self.opens_at

    def describe_opening(self) -> str:
        """When the check-in opens, in the runner's words: "at 06:00 on Tuesday 3 November"."""
        return f"at {self.opens_at:%H:%M} on {self.opens_at:%A} {self.opens_at.day} {self.opens_at:%B}"


def morning_window(session_day: date, finished_at: datetime | None, zone: tzinfo) -> MorningWindow:
    """When the morning after a session opens: the later of the next day's start and the session's end plus
    ``NEXT_MORNING_MIN_HOURS``.

    A session saved without a time (logged afterwards) may have ended as late as midnight, so its hours are
    counted from the end of its day: the check-in can never come too early.
    """
    next_day = datetime.combine(session_day + timedelta(days=1), time(), zone).astimezone(UTC)
    ended = finished_at.astimezone(UTC) if finished_at is not None else next_day
    # In UTC: adding hours to a zone's wall clock would be off by an hour across a clock change.
    opens = max(next_day, ended + timedelta(hours=R.NEXT_MORNING_MIN_HOURS))
    return MorningWindow(session_day, opens.astimezone(zone))


def checked_at(checked_on: date, now: datetime, zone: tzinfo) -> datetime:
    """The instant a check-in is taken at: now when it is for today; for an earlier day the hour is unknown,
    so the end of that day (its morning has passed by then if it ever opened that day)."""
    if checked_on >= now.astimezone(zone).date():
        return now
    return datetime.combine(checked_on + timedelta(days=1), time(), zone) - timedelta(microseconds=1)
