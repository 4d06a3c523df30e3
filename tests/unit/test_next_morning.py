"""BRIEF §5 "When the next morning is" [D]: a later calendar day in the runner's zone and at least 6 h after
the session. Worked examples by hand, boundaries included."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from hipcoach.domain import rules as R
from hipcoach.domain.next_morning import checked_at, morning_window

MONDAY = date(2026, 11, 2)


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def test_an_evening_session_opens_six_hours_after_it_ended():
    # Ended Monday 19:00: the next day starts at 00:00, but 19:00 + 6 h is Tuesday 01:00.
    window = morning_window(MONDAY, utc(2, 19), UTC)
    assert window.opens_at == utc(3, 1)
    assert not window.is_open(utc(3, 0, 59))
    assert window.is_open(utc(3, 1))  # at the boundary: open
    assert not window.is_open(utc(2, 23, 59))


def test_a_morning_session_opens_at_the_start_of_the_next_day():
    # Ended Monday 08:00: six hours later is still Monday (14:00), so the calendar day decides.
    window = morning_window(MONDAY, utc(2, 8), UTC)
    assert window.opens_at == utc(3, 0)
    assert not window.is_open(utc(2, 14)) and not window.is_open(
        utc(
            2,
            23,
            59,
        )
    )
    assert window.is_open(utc(3, 0))


def test_a_session_ending_at_six_in_the_evening_opens_at_midnight_exactly():
    assert morning_window(MONDAY, utc(2, 18), UTC).opens_at == utc(3, 0)  # both conditions meet at once


def test_a_session_without_a_time_counts_from_the_end_of_its_day():
    assert morning_window(MONDAY, None, UTC).opens_at == utc(3, 6)


def test_the_calendar_day_is_the_runners():
    # Tokyo (UTC+9): a session ending Monday 20:00 there (11:00 UTC) opens Tuesday 02:00 there
    # (Monday 17:00 UTC).
    tokyo = ZoneInfo("Asia/Tokyo")
    window = morning_window(MONDAY, utc(2, 11), tokyo)
    assert window.opens_at == datetime(2026, 11, 3, 2, 0, tzinfo=tokyo)
    assert window.opens_at.astimezone(UTC) == utc(2, 17)


def test_six_hours_are_real_hours_across_a_clock_change():
    # New York leaves summer time on Sunday 1 November 2026 at 02:00. A session ending Saturday 22:00 EDT
    # (Sunday 02:00 UTC) opens six real hours later, 08:00 UTC = 03:00 EST, not at 04:00 on the wall clock.
    new_york = ZoneInfo("America/New_York")
    ended = datetime(2026, 10, 31, 22, 0, tzinfo=new_york)
    window = morning_window(date(2026, 10, 31), ended, new_york)
    assert window.opens_at.astimezone(UTC) == utc(1, 8)
    assert (window.opens_at.hour, window.opens_at.minute) == (3, 0)


def test_the_hours_follow_their_constant(monkeypatch):
    monkeypatch.setattr(R, "NEXT_MORNING_MIN_HOURS", 10)
    assert morning_window(MONDAY, utc(2, 19), UTC).opens_at == utc(3, 5)
    assert morning_window(MONDAY, None, UTC).opens_at == utc(3, 10)


def test_the_opening_is_said_in_the_runners_words():
    assert morning_window(MONDAY, utc(2, 19), UTC).describe_opening() == "at 01:00 on Tuesday 3 November"


@pytest.mark.parametrize(
    ("checked_on", "expected"),
    [
        (date(2026, 11, 3), utc(3, 7)),  # today: now
        (date(2026, 11, 2), utc(2, 23, 59) + timedelta(seconds=59, microseconds=999999)),  # an earlier day
    ],
)
def test_a_check_in_is_taken_now_or_for_an_earlier_day_at_its_end(checked_on, expected):
    assert checked_at(checked_on, utc(3, 7), UTC) == expected
