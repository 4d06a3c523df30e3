from datetime import UTC, date, datetime, time, timedelta

import pytest
from icalendar import Calendar

from hipcoach.domain.week import DayKind, TrainingWeek, place_sessions
from hipcoach.reports.ical import WARM_UP, week_calendar

E, H, L = DayKind.EASY, DayKind.HARD, DayKind.LONG
# Strength Tue + Thu (each with its mobility warm-up) and mobility on Sat: 5 sessions a week.
PLACEMENT = place_sessions(TrainingWeek({0: E, 1: H, 2: E, 3: H, 4: E, 6: L}), 2)
STAMP = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
# A mobility day's session, a strength day's warm-up, and the rest of that strength session, in minutes.
DURATIONS = {"mobility": 21, WARM_UP: 11, "strength": 19}


def calendar(**kwargs) -> Calendar:
    args = {
        "start": date(2026, 3, 23),
        "weeks": 2,
        "tz": "Europe/Berlin",
        "durations": DURATIONS,
        "stamp": STAMP,
    } | kwargs
    return Calendar.from_ical(week_calendar(PLACEMENT, **args))


def test_one_event_per_session_per_week_each_with_an_alarm():
    assert len(PLACEMENT.sessions) == 5
    cal = calendar()
    events = cal.walk("VEVENT")
    assert len(events) == 5 * 2
    for event in events:
        (alarm,) = event.walk("VALARM")
        assert alarm["ACTION"] == "DISPLAY"
        assert alarm.decoded("TRIGGER") == timedelta(minutes=-30)


def test_events_carry_a_tzid_and_the_calendar_a_matching_vtimezone():
    raw = week_calendar(
        PLACEMENT, date(2026, 3, 23), 2, "Europe/Berlin", durations=DURATIONS, stamp=STAMP
    ).decode()
    assert "DTSTART;TZID=Europe/Berlin:20260324T180000" in raw
    cal = Calendar.from_ical(raw)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert cal.get_missing_tzids() == set()


def test_local_time_stays_18_00_across_the_dst_change():
    # 24 Mar 2026 is CET (UTC+1), 31 Mar is CEST (UTC+2): both 18:00 on the wall clock.
    starts = {e.decoded("DTSTART") for e in calendar().walk("VEVENT") if "strength" in str(e["UID"])}
    utc_hours = sorted((s.astimezone(UTC).date(), s.astimezone(UTC).hour) for s in starts)
    # Strength follows the 11-minute warm-up: 18:11 local = 17:11 UTC before, 16:11 UTC after the change.
    assert utc_hours == [
        (date(2026, 3, 24), 17),
        (date(2026, 3, 26), 17),
        (date(2026, 3, 31), 16),
        (date(2026, 4, 2), 16),
    ]


def test_uids_are_stable_and_the_description_says_why():
    first = week_calendar(PLACEMENT, date(2026, 3, 23), 1, "Europe/Berlin", durations=DURATIONS, stamp=STAMP)
    again = week_calendar(PLACEMENT, date(2026, 3, 23), 1, "Europe/Berlin", durations=DURATIONS, stamp=STAMP)
    assert first == again
    events = {str(e["UID"]): e for e in Calendar.from_ical(first).walk("VEVENT")}
    assert set(events) == {
        "2026-03-24-mobility@hipcoach",
        "2026-03-24-strength@hipcoach",
        "2026-03-26-mobility@hipcoach",
        "2026-03-26-strength@hipcoach",
        "2026-03-28-mobility@hipcoach",
    }
    strength = events["2026-03-24-strength@hipcoach"]
    assert str(strength["SUMMARY"]) == "hipcoach: strength circuit"
    assert "hard day" in str(strength["DESCRIPTION"]) and "petre2021" in str(strength["DESCRIPTION"])
    # The warm-up comes first and strength straight after: 18:00-18:11, then 18:11-18:30.
    warm_up = events["2026-03-24-mobility@hipcoach"]
    assert warm_up.decoded("DTEND") - warm_up.decoded("DTSTART") == timedelta(minutes=11)
    assert warm_up.decoded("DTEND") == strength.decoded("DTSTART")
    assert strength.decoded("DTEND") - strength.decoded("DTSTART") == timedelta(minutes=19)
    # A mobility day's session is its own length, not the warm-up's.
    mobility = events["2026-03-28-mobility@hipcoach"]
    assert mobility.decoded("DTEND") - mobility.decoded("DTSTART") == timedelta(minutes=21)


def test_start_time_durations_and_prefix_can_be_chosen():
    cal = calendar(
        weeks=1,
        start_time=time(6, 30),
        durations={"mobility": 25, WARM_UP: 10, "strength": 40},
        title_prefix="Hips",
    )
    event = next(e for e in cal.walk("VEVENT") if str(e["UID"]) == "2026-03-24-strength@hipcoach")
    assert event.decoded("DTSTART").time() == time(6, 40)
    assert event.decoded("DTEND").time() == time(7, 20)
    assert str(event["SUMMARY"]).startswith("Hips: ")


def test_weeks_start_on_the_given_date_not_the_monday_before():
    # Starting on Wednesday 25 Mar: the first week is Wed 25 - Tue 31 Mar, so Tuesday's events fall on 31 Mar.
    dates = sorted(
        {e.decoded("DTSTART").date() for e in calendar(start=date(2026, 3, 25), weeks=1).walk("VEVENT")}
    )
    assert dates == [date(2026, 3, 26), date(2026, 3, 28), date(2026, 3, 31)]


def test_an_unknown_time_zone_is_refused():
    with pytest.raises(ValueError, match="unknown time zone"):
        week_calendar(PLACEMENT, date(2026, 3, 23), 1, "Mars/Olympus", durations=DURATIONS, stamp=STAMP)


def test_a_session_without_a_length_is_refused():
    with pytest.raises(ValueError, match="no length given for the warm-up sessions"):
        week_calendar(
            PLACEMENT,
            date(2026, 3, 23),
            1,
            "Europe/Berlin",
            durations={"mobility": 20, "strength": 30},
            stamp=STAMP,
        )
