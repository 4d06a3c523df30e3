from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from hipcoach.domain import rules as R
from hipcoach.domain.load import (
    ACWR_CAVEAT,
    Run,
    SpikeBand,
    acwr,
    load_advice,
    spike_band,
    spikes,
    weekly_load,
)
from hipcoach.domain.phases import SymptomReading

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
T0 = datetime(2026, 5, 1, 7, 0, tzinfo=UTC)
# Records that began well before the runs a test looks at, so that every run can be judged.
LONG_AGO = T0 - timedelta(days=90)


def run(at: datetime, km: float, minutes: float = 60.0) -> Run:
    """A run stored the way an importer stores it: in UTC."""
    return Run(at.astimezone(UTC), km * 1000, minutes * 60)


def local(tz: ZoneInfo, *args: int) -> datetime:
    return datetime(*args, tzinfo=tz)


# --- Run -------------------------------------------------------------------------------------------------


def test_a_run_needs_an_aware_start_time():
    with pytest.raises(ValueError, match="time zone"):
        Run(datetime(2026, 5, 1, 7, 0), 10_000, 3600)  # noqa: DTZ001 (the point of the test)


# --- weekly load -----------------------------------------------------------------------------------------


def test_weeks_start_on_monday_and_sum_distance_time_count_and_longest():
    # Mon 4 May 2026: 8 km + 12 km on Wed; next week nothing; the week after 5 km.
    runs = [
        run(local(BERLIN, 2026, 5, 4, 7, 0), 8, 45),
        run(local(BERLIN, 2026, 5, 6, 18, 0), 12, 70),
        run(local(BERLIN, 2026, 5, 18, 7, 0), 5, 30),
    ]
    weeks = weekly_load(runs, BERLIN)
    assert [w.week_start for w in weeks] == [date(2026, 5, 4), date(2026, 5, 11), date(2026, 5, 18)]
    first, empty, third = weeks
    assert first.distance_km == pytest.approx(20.0)
    assert first.duration_s == pytest.approx(115 * 60)
    assert (first.run_count, first.longest_km) == (2, pytest.approx(12.0))
    # The records begin that week: the week before is not known, so there is no change to give.
    assert first.change_pct is None and not first.enough_history_for_change
    # An empty week between is listed as zeros: 0 vs 20 km = -100%.
    assert (empty.distance_km, empty.run_count, empty.longest_km) == (0.0, 0, 0.0)
    assert empty.change_pct == pytest.approx(-100.0) and empty.enough_history_for_change
    # After an empty week there is nothing to compare with.
    assert third.change_pct is None
    # Two weeks would be (5 + 0) vs (20 + 0) = -75%, but the records reach back three weeks, not four.
    assert third.two_week_change_pct is None and not third.enough_history_for_two_weeks
    # With records from further back the two-week change is there: (5 + 0) vs (20 + 0) = -75%.
    known = weekly_load(runs, BERLIN, history_start=LONG_AGO)
    assert known[2].two_week_change_pct == pytest.approx(-75.0)


def test_first_and_last_widen_the_range_with_empty_weeks():
    runs = [run(local(BERLIN, 2026, 5, 6, 7, 0), 10)]
    weeks = weekly_load(runs, BERLIN, first=date(2026, 4, 29), last=date(2026, 5, 13))
    # 29 Apr is a Wednesday -> week of Mon 27 Apr; 13 May -> week of Mon 11 May.
    assert [w.week_start for w in weeks] == [date(2026, 4, 27), date(2026, 5, 4), date(2026, 5, 11)]
    assert [w.distance_km for w in weeks] == [0.0, pytest.approx(10.0), 0.0]
    assert weekly_load([], BERLIN) == []


def test_a_run_at_2330_local_sunday_belongs_to_that_sundays_week_even_when_utc_says_monday():
    # New York, Sunday 10 May 2026 23:30 EDT (UTC-4) = Monday 11 May 03:30 UTC.
    sunday_night = run(local(NEW_YORK, 2026, 5, 10, 23, 30), 10)
    assert sunday_night.started_at.weekday() == 0  # UTC says Monday
    (week,) = weekly_load([sunday_night], NEW_YORK)
    assert week.week_start == date(2026, 5, 4)


def test_weekly_sums_across_the_spring_dst_change_in_berlin():
    # Clocks go forward on Sunday 29 March 2026 (CET +1 -> CEST +2).
    runs = [
        # Mon 23 Mar 00:15 CET = Sun 22 Mar 23:15 UTC: local Monday -> week of 23 Mar.
        run(local(BERLIN, 2026, 3, 23, 0, 15), 6),
        # Sun 29 Mar 23:30 CEST = 21:30 UTC, after the change: still week of 23 Mar.
        run(local(BERLIN, 2026, 3, 29, 23, 30), 10),
        # Mon 30 Mar 00:30 CEST = Sun 29 Mar 22:30 UTC; a fixed +1 h offset would call it Sunday 23:30.
        run(local(BERLIN, 2026, 3, 30, 0, 30), 7),
    ]
    first, second = weekly_load(runs, BERLIN)
    assert (first.week_start, first.distance_km, first.run_count) == (date(2026, 3, 23), 16.0, 2)
    assert (second.week_start, second.distance_km, second.run_count) == (date(2026, 3, 30), 7.0, 1)
    # 7 vs 16 km: (7 - 16) / 16 = -56.25%.
    assert second.change_pct == pytest.approx(-56.25)


def test_weekly_sums_across_the_autumn_dst_change_in_berlin():
    # Clocks go back on Sunday 25 October 2026 (CEST +2 -> CET +1).
    runs = [
        run(local(BERLIN, 2026, 10, 19, 7, 0), 10),  # Monday of the week
        # Sun 25 Oct 23:30 CET = 22:30 UTC; a fixed +2 h offset would call it Monday 00:30.
        run(local(BERLIN, 2026, 10, 25, 23, 30), 5),
        run(local(BERLIN, 2026, 10, 26, 7, 0), 12),
    ]
    first, second = weekly_load(runs, BERLIN)
    assert (first.week_start, first.distance_km) == (date(2026, 10, 19), 15.0)
    assert (second.week_start, second.distance_km) == (date(2026, 10, 26), 12.0)
    # 12 vs 15 km = -20%.
    assert second.change_pct == pytest.approx(-20.0)


def test_two_week_change_over_30_percent_is_shown_as_calm_context():
    # Weekly km: 10, 10, 12, 15. Last week: (15 + 12) vs (10 + 10) = 27 / 20 - 1 = +35% > 30%.
    mondays = [date(2026, 5, 4) + timedelta(weeks=n) for n in range(4)]
    runs = [
        run(datetime(d.year, d.month, d.day, 8, tzinfo=BERLIN), km)
        for d, km in zip(mondays, (10, 10, 12, 15), strict=True)
    ]
    weeks = weekly_load(runs, BERLIN)
    third, fourth = weeks[2], weeks[3]
    # Third week: (12 + 10) vs (10 + 0) would be +120% against a week before the records began: not shown.
    assert third.two_week_change_pct is None and third.context is None
    assert fourth.change_pct == pytest.approx(25.0)  # 15 vs 12
    assert fourth.two_week_change_pct == pytest.approx(35.0)
    assert fourth.context is not None and "not a reason to worry" in fourth.context
    assert "35% more distance" in fourth.context
    assert "nielsen2014" in fourth.evidence
    # Week 2: (10 + 10) vs (0 + 0) -> no comparison, no note.
    assert weeks[1].two_week_change_pct is None and weeks[1].context is None


def test_two_week_change_of_exactly_30_percent_gets_no_note():
    # (13 + 13) vs (10 + 10) = +30% exactly: not above 30%.
    mondays = [date(2026, 5, 4) + timedelta(weeks=n) for n in range(4)]
    runs = [
        run(datetime(d.year, d.month, d.day, 8, tzinfo=BERLIN), km)
        for d, km in zip(mondays, (10, 10, 13, 13), strict=True)
    ]
    assert weekly_load(runs, BERLIN)[3].context is None


# --- spikes ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("km", "band"),
    [
        (10.5, SpikeBand.UP_TO_10),  # +5%
        (11.0, SpikeBand.UP_TO_10),  # +10% exactly: no spike
        (11.01, SpikeBand.OVER_10_TO_30),  # +10.1%
        (13.0, SpikeBand.OVER_10_TO_30),  # +30% exactly: still the first band
        (13.01, SpikeBand.OVER_30_TO_100),  # +30.1%
        (20.0, SpikeBand.OVER_30_TO_100),  # +100% exactly: still the second band
        (20.01, SpikeBand.OVER_100),  # +100.1%
        (8.0, SpikeBand.UP_TO_10),  # shorter: -20%
    ],
)
def test_spike_bands_at_and_around_each_edge(km, band):
    first, second = spikes([run(T0, 10.0), run(T0 + timedelta(days=3), km)], history_start=LONG_AGO)
    assert first.band is SpikeBand.NO_RECENT_RUN
    assert second.previous_longest_km == pytest.approx(10.0)
    assert second.band is band
    assert second.is_spike is band.is_spike


def test_spike_band_reports_the_hazard_ratios_from_frandsen():
    assert spike_band(10.1).hazard_ratio == (1.64, 1.31, 2.05)
    assert spike_band(50).hazard_ratio == (1.52, 1.16, 2.00)
    assert spike_band(150).hazard_ratio == (2.28, 1.50, 3.48)
    assert spike_band(10).hazard_ratio is None


def test_each_run_is_compared_with_the_longest_of_the_previous_30_days():
    runs = [
        run(T0, 12.0),
        run(T0 + timedelta(days=5), 8.0),
        run(T0 + timedelta(days=10), 15.0),  # vs 12 km: +25%
    ]
    result = spikes(runs, history_start=LONG_AGO)
    assert [s.previous_longest_km for s in result] == [None, pytest.approx(12.0), pytest.approx(12.0)]
    assert result[1].increase_pct == pytest.approx(-33.333, abs=1e-3)  # 8 vs 12
    last = result[2]
    assert last.increase_pct == pytest.approx(25.0)
    assert last.band is SpikeBand.OVER_10_TO_30
    assert "5,205 runners" in last.explanation and "not a prediction" in last.explanation
    assert last.evidence == ("frandsen2025",) and last.rule_id in R.RULES


def test_the_30_day_window_includes_exactly_30_days_and_not_a_second_more():
    # 10 km, then 15 km exactly 30 x 24 h later: compared, +50%.
    at_edge = spikes([run(T0, 10.0), run(T0 + timedelta(days=30), 15.0)], history_start=LONG_AGO)[1]
    assert at_edge.band is SpikeBand.OVER_30_TO_100
    assert at_edge.increase_pct == pytest.approx(50.0)
    # One second later the 10 km run is outside the window: no comparison, and it says so.
    past_edge = spikes(
        [run(T0, 10.0), run(T0 + timedelta(days=30, seconds=1), 15.0)], history_start=LONG_AGO
    )[1]
    assert past_edge.band is SpikeBand.NO_RECENT_RUN
    assert (past_edge.previous_longest_km, past_edge.increase_pct) == (None, None)
    assert "nothing to compare" in past_edge.explanation
    assert not past_edge.is_spike


def test_runs_at_the_same_instant_are_not_compared_with_each_other():
    result = spikes([run(T0, 10.0), run(T0, 30.0)], history_start=LONG_AGO)
    assert all(s.band is SpikeBand.NO_RECENT_RUN for s in result)


def test_spikes_come_back_in_start_order_whatever_the_input_order():
    later, earlier = run(T0 + timedelta(days=2), 20.0), run(T0, 10.0)
    result = spikes([later, earlier], history_start=LONG_AGO)
    assert [s.run for s in result] == [earlier, later]
    assert result[1].band is SpikeBand.OVER_30_TO_100  # +100%


# --- ACWR ------------------------------------------------------------------------------------------------


def test_acwr_by_hand_for_a_small_series():
    # Daily km: 1 May 10, 2 May 0, 3 May 5. Acute lambda = 2/8 = 0.25, chronic lambda = 2/29.
    runs = [run(local(BERLIN, 2026, 5, 1, 8, 0), 10), run(local(BERLIN, 2026, 5, 3, 8, 0), 5)]
    day1, day2, day3 = acwr(runs, BERLIN, date(2026, 5, 1), date(2026, 5, 3), history_start=LONG_AGO)
    # Acute: 10 x 0.25 = 2.5; 0 + 0.75 x 2.5 = 1.875; 5 x 0.25 + 0.75 x 1.875 = 1.25 + 1.40625 = 2.65625.
    assert [p.acute_km for p in (day1, day2, day3)] == pytest.approx([2.5, 1.875, 2.65625])
    # Chronic: 10 x 2/29 = 0.689655; 0.689655 x 27/29 = 0.642093; 5 x 2/29 + 0.642093 x 27/29
    #          = 0.344828 + 0.597811 = 0.942638.
    assert [p.chronic_km for p in (day1, day2, day3)] == pytest.approx(
        [0.689655, 0.642093, 0.942638], abs=1e-6
    )
    # Ratio day 1: 2.5 / 0.689655 = 3.625 (high only because the averages start from 0 on 1 May; the
    # records here begin long before, so it is shown).
    assert day1.ratio == pytest.approx(3.625)
    assert day3.ratio == pytest.approx(2.65625 / 0.942638, rel=1e-6)
    assert [p.distance_km for p in (day1, day2, day3)] == [10.0, 0.0, 5.0]


def test_acwr_ratio_is_none_while_the_chronic_load_is_zero_and_earlier_runs_are_ignored():
    runs = [run(local(BERLIN, 2026, 4, 30, 8, 0), 10)]  # the day before start: ignored
    points = acwr(runs, BERLIN, date(2026, 5, 1), date(2026, 5, 2), history_start=LONG_AGO)
    assert [(p.acute_km, p.chronic_km, p.ratio) for p in points] == [(0.0, 0.0, None)] * 2
    assert acwr(runs, BERLIN, date(2026, 5, 2), date(2026, 5, 1)) == []


def test_acwr_caveat_gives_the_context_not_a_verdict():
    for words in ("context only", "team sports", "0.574", "fewer injuries"):
        assert words in ACWR_CAVEAT


# --- symptoms after a spike ------------------------------------------------------------------------------

SPIKE_DAY = date(2026, 5, 10)


def spike_history() -> list:
    # 10 km on 1 May, then 14 km on 10 May: +40%, a spike.
    runs = [run(local(BERLIN, 2026, 5, 1, 8, 0), 10), run(local(BERLIN, 2026, 5, 10, 8, 0), 14)]
    return spikes(runs, history_start=LONG_AGO)


def reading(day: int, pain: int, tightness: int) -> SymptomReading:
    return SymptomReading(date(2026, 5, day), pain, tightness)


def test_advice_fires_when_pain_rises_a_point_within_a_week_of_a_spike():
    # Baseline on the spike day: pain 2. Three days later pain 3 (+1): hold the long run and volume.
    symptoms = [reading(8, 2, 3), reading(10, 2, 3), reading(13, 3, 3)]
    advice = load_advice(spike_history(), symptoms, today=date(2026, 5, 14))
    assert advice is not None
    assert advice.rule_id == "load.symptoms-after-spike"
    assert advice.baseline == reading(10, 2, 3) and advice.latest == reading(13, 3, 3)
    assert "flat" in advice.text and "design choice" in advice.text
    assert advice.spike.band is SpikeBand.OVER_30_TO_100
    assert advice.evidence == ("hipcoach-design", "frandsen2025")


def test_advice_fires_on_tightness_too():
    symptoms = [reading(9, 1, 2), reading(12, 1, 4)]
    assert load_advice(spike_history(), symptoms, today=date(2026, 5, 12)) is not None


@pytest.mark.parametrize(
    ("symptoms", "today", "why"),
    [
        ([reading(10, 2, 3), reading(13, 2, 3)], date(2026, 5, 14), "no rise"),
        ([reading(10, 2, 3), reading(18, 4, 3)], date(2026, 5, 18), "rise 8 days after the spike, too late"),
        ([reading(10, 2, 3), reading(12, 4, 3), reading(15, 2, 3)], date(2026, 5, 15), "back to baseline"),
        ([reading(10, 2, 3), reading(12, 4, 3)], date(2026, 5, 25), "spike 15 days ago, outside 14 days"),
        ([reading(12, 4, 3)], date(2026, 5, 14), "no reading before the spike to compare with"),
        ([reading(10, 2, 3), reading(12, 4, 3)], date(2026, 5, 11), "the rise is after today"),
    ],
)
def test_advice_does_not_fire(symptoms, today, why):
    assert load_advice(spike_history(), symptoms, today=today) is None, why


def test_advice_still_holds_while_symptoms_stay_up_within_14_days():
    # Rise on day 3 (within 7), still up on day 12 (within 14): keep holding.
    symptoms = [reading(10, 2, 3), reading(13, 4, 3), reading(22, 3, 3)]
    assert load_advice(spike_history(), symptoms, today=date(2026, 5, 24)) is not None


def test_no_advice_without_a_spike():
    # 10 km then 11 km (+10%): not a spike, whatever the symptoms do.
    calm = spikes(
        [run(local(BERLIN, 2026, 5, 1, 8, 0), 10), run(local(BERLIN, 2026, 5, 10, 8, 0), 11)],
        history_start=LONG_AGO,
    )
    symptoms = [reading(10, 2, 3), reading(12, 6, 6)]
    assert load_advice(calm, symptoms, today=date(2026, 5, 12)) is None


def test_load_rules_are_registered_with_their_evidence():
    for rule_id in (
        "load.spike-bands",
        "load.weekly-change",
        "load.acwr-context",
        "load.symptoms-after-spike",
        "load.history-needed",
    ):
        assert R.RULES[rule_id].evidence
    assert R.SPIKE_BAND_EDGES_PCT == (10.0, 30.0, 100.0)
    assert R.ACWR_ACUTE_DAYS == 7 and R.ACWR_CHRONIC_DAYS == 28
