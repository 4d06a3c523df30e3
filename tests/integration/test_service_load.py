"""Running load and the training week through the services: spikes, advice after a spike, the week placed
around the runs, the program following it, and the calendar file."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import icalendar
import pytest

from hipcoach.domain.content import Block
from hipcoach.domain.week import DayKind
from hipcoach.services import activities, history, load, programs, reminders, runner_time
from hipcoach.services.checkins import CheckinInput, check_in
from hipcoach.services.errors import InvalidInput
from tests.integration.helpers import checkin_flags, screened_runner

# The clock starts on Monday 2 November 2026, 07:00 UTC.


def weeks_of_runs(app, runner, weeks: int = 8, long_km: float = 15.0) -> None:
    """Tue hard 10 km (4:30/km), Thu easy 8 km (5:45/km), Sun long, for the weeks before this one."""
    today = app.now().date()
    for week in range(weeks, 0, -1):
        monday = today - timedelta(weeks=week)
        for offset, km, pace in ((1, 10.0, 4.5), (3, 8.0, 5.75), (6, long_km, 5.9)):
            start = datetime.combine(monday + timedelta(days=offset), time(7, 0), UTC)
            activities.add_run(app, runner, start, km, km * pace)


def test_a_long_run_half_again_as_long_is_a_spike_with_its_band(app):
    runner = screened_runner(app)
    runner_time.set_timezone(app, runner, "Europe/Berlin")
    weeks_of_runs(app, runner)
    # the last long run: 15 km -> 22.5 km is +50%: the >30-100% band (HR 1.52)
    activities.add_run(app, runner, datetime(2026, 11, 1, 7, 0, tzinfo=UTC), 22.5, 140)
    summary = load.summary(app, runner, weeks=4)
    (spike,) = summary.spikes
    assert spike.previous_longest_km == pytest.approx(15.0)
    assert spike.increase_pct == pytest.approx(50.0)
    assert spike.band.hazard_ratio == (1.52, 1.16, 2.0)
    assert [round(w.distance_km, 1) for w in summary.weeks][-2:] == [10 + 8 + 15 + 22.5, 0.0]
    assert summary.zone == "Europe/Berlin"


def test_pain_rising_after_a_spike_brings_the_hold_steady_advice(app, clock):
    runner = screened_runner(app)
    weeks_of_runs(app, runner)
    check_in(app, runner, CheckinInput(app.local("UTC").today - timedelta(days=2), 1, 2, checkin_flags()))
    activities.add_run(app, runner, datetime(2026, 11, 1, 7, 0, tzinfo=UTC), 22.5, 140)
    assert load.summary(app, runner).advice is None  # no reading after the spike yet
    report = check_in(app, runner, CheckinInput(app.local("UTC").today, 3, 2, checkin_flags()))
    advice = load.summary(app, runner).advice
    assert advice is not None and advice.rule_id == "load.symptoms-after-spike"
    # the same advice appears with the check-in and in the program
    assert report.load_advice == advice
    assert history.checkin_result(app, runner, report.checkin_id).load_advice == advice
    assert programs.overview(app, runner).load_advice == advice


def test_the_week_is_read_from_the_runs_and_the_program_puts_strength_around_it(app):
    runner = screened_runner(app)
    programs.override_phase(app, runner, 2, by="Sam Ortiz, PT", reason="full range")
    weeks_of_runs(app, runner)
    view = load.week_view(app, runner)
    assert view.inferred
    assert (view.week.kind(1), view.week.kind(3), view.week.kind(6)) == (
        DayKind.HARD,
        DayKind.EASY,
        DayKind.LONG,
    )
    strength = view.placement.strength_weekdays
    assert 5 not in strength and 0 not in strength  # never the day before the long run or the hard day
    week = programs.overview(app, runner).week
    assert tuple(d.weekday for d in week.days if Block.STRENGTH in d.blocks) == strength


def test_a_week_set_by_hand_wins_and_the_calendar_holds_one_event_per_session(app):
    runner = screened_runner(app)
    programs.override_phase(app, runner, 2, by="Sam Ortiz, PT", reason="full range")
    runner_time.set_timezone(app, runner, "Europe/Berlin")
    load.set_week(app, runner, {1: DayKind.HARD, 3: DayKind.HARD, 6: DayKind.LONG})
    view = load.week_view(app, runner)
    assert not view.inferred
    data = reminders.calendar(app, runner, weeks=2, at=time(18, 30))
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert len(events) == 2 * len(view.placement.sessions)
    assert all(e.walk("VALARM") for e in events)
    assert events[0]["DTSTART"].params["TZID"] == "Europe/Berlin"


def test_bad_week_or_time_zone_input_is_refused(app):
    runner = screened_runner(app)
    with pytest.raises(InvalidInput, match="unknown time zone 'Mars/Olympus'"):
        runner_time.set_timezone(app, runner, "Mars/Olympus")
    with pytest.raises(InvalidInput, match="one long run a week"):
        load.set_week(app, runner, {5: DayKind.LONG, 6: DayKind.LONG})
    with pytest.raises(InvalidInput, match="no training week yet"):
        reminders.calendar(app, runner)
