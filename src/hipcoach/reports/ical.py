"""The placed training week as an iCalendar file that Apple, Google and Outlook calendars can import."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Alarm, Calendar, Event

from hipcoach.domain.week import WEEKDAY_NAMES, PlacedSession, WeekPlacement

WARM_UP = "warm-up"  # the key of ``durations`` for the mobility warm-up of a strength day
REMINDER_MINUTES = 30
PRODID = "-//hipcoach//training week//EN"
_TITLES = {"mobility": "hip mobility circuit", "strength": "strength circuit"}


def week_calendar(
    placement: WeekPlacement,
    start: date,
    weeks: int,
    tz: str,
    start_time: time = time(18, 0),
    title_prefix: str = "hipcoach",
    *,
    durations: Mapping[str, int],
    stamp: datetime,
) -> bytes:
    """One event per placed session per week, ``weeks`` weeks from ``start`` (week n = start + 7n .. +6).

    Times are local wall-clock times in ``tz`` (an IANA name such as "Europe/Berlin"): every DTSTART carries
    a TZID and the file holds the matching VTIMEZONE, so daylight-saving changes land right. On a day with
    strength, the mobility warm-up starts at ``start_time`` and strength follows straight after it.
    ``durations`` gives each event's minutes by kind: "mobility" for a mobility day's session, "warm-up" for
    the mobility warm-up of a strength day and "strength" for the rest of that day's session.
    Each event has a stable UID (``<date>-<kind>@hipcoach``), so importing again updates rather than
    duplicates, the reasons for the placement in its description, and a reminder 30 minutes before.
    ``stamp`` (DTSTAMP) is when the file was made: the caller's clock, so the same clock gives the same file.
    """
    if weeks < 0:
        raise ValueError("weeks cannot be negative")
    try:
        zone = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {tz!r}; use an IANA name such as 'Europe/Berlin'") from None
    missing = sorted({"mobility", WARM_UP, "strength"} - durations.keys())
    if missing:
        raise ValueError(f"no length given for the {', '.join(missing)} sessions")
    dtstamp = stamp.astimezone(UTC)

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{title_prefix} training week")
    calendar.add("x-wr-timezone", tz)

    for week in range(weeks):
        first = start + timedelta(weeks=week)
        for offset in range(7):
            day = first + timedelta(days=offset)
            todays = [s for s in placement.sessions if s.weekday == day.weekday()]
            begin = datetime.combine(day, start_time, tzinfo=zone)
            strength_day = any(s.kind == "strength" for s in todays)
            for session in todays:  # mobility first on a strength day: it is the warm-up
                key = WARM_UP if strength_day and session.kind == "mobility" else session.kind
                length = timedelta(minutes=durations[key])
                calendar.add_component(_event(session, day, begin, length, title_prefix, dtstamp))
                begin += length

    calendar.add_missing_timezones(
        first_date=datetime.combine(start - timedelta(days=1), time()),
        last_date=datetime.combine(start + timedelta(weeks=max(weeks, 1), days=1), time()),
    )
    return bytes(calendar.to_ical())


def _event(
    session: PlacedSession, day: date, begin: datetime, length: timedelta, prefix: str, dtstamp: datetime
) -> Event:
    event = Event()
    event.add("uid", f"{day.isoformat()}-{session.kind}@hipcoach")
    event.add("dtstamp", dtstamp)
    event.add("dtstart", begin)
    event.add("dtend", begin + length)
    event.add("summary", f"{prefix}: {_TITLES[session.kind]}")
    lines = [f"{WEEKDAY_NAMES[session.weekday]}, {session.kind}: {session.timing}.", "", "Why this day:"]
    lines += [f"- {reason}" for reason in session.why]
    if session.evidence:
        lines += ["", "Sources: " + ", ".join(session.evidence)]
    event.add("description", "\n".join(lines))
    event.add("categories", [prefix, session.kind])

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"{prefix}: {_TITLES[session.kind]} in {REMINDER_MINUTES} minutes")
    alarm.add("trigger", timedelta(minutes=-REMINDER_MINUTES))
    event.add_component(alarm)
    return event
