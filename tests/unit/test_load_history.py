"""Spikes need history (BRIEF §8): a run is judged only when the records cover the 30 days before it; the
change over two weeks and the ACWR only once 28 days are covered. And the load texts write each number at
the precision that decides its band (BRIEF §6). Worked examples with the boundaries: 29/30 days, 27/28."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from hipcoach.domain import rules as R
from hipcoach.domain.load import (
    NOT_ENOUGH_HISTORY,
    Run,
    SpikeBand,
    acwr,
    history_coverage,
    increase_text,
    spikes,
    weekly_load,
)

BERLIN = ZoneInfo("Europe/Berlin")
T0 = datetime(2026, 5, 1, 7, 0, tzinfo=UTC)


def run(at: datetime, km: float) -> Run:
    return Run(at.astimezone(UTC), km * 1000, km * 330)


def berlin(day: date, hour: int = 8) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=BERLIN)


# --- a run is judged only when the records cover its 30 days --------------------------------------------


@pytest.mark.parametrize(
    ("first_run_before", "judged"),
    [
        (timedelta(days=29), False),  # 29 days of records: not enough
        (timedelta(days=30, seconds=-1), False),  # one second short of 30 x 24 h
        (timedelta(days=30), True),  # exactly 30 x 24 h: the window is covered
        (timedelta(days=31), True),
    ],
)
def test_a_run_is_judged_only_when_the_first_run_is_at_least_30_days_earlier(first_run_before, judged):
    # A 5 km first run, then a 10 km run 3 days before the 20 km run: +100% against 10 km when judged.
    runs = [run(T0 - first_run_before, 5.0), run(T0 - timedelta(days=3), 10.0), run(T0, 20.0)]
    last = spikes(runs)[-1]
    if judged:
        assert last.band is SpikeBand.OVER_30_TO_100 and last.is_spike
        assert last.increase_pct == pytest.approx(100.0)
    else:
        assert last.band is SpikeBand.NOT_ENOUGH_HISTORY and not last.is_spike
        assert (last.previous_longest_km, last.increase_pct) == (None, None)
        assert last.explanation.startswith("Not enough history to judge this 20.0 km run")
        assert "less than 30 days before it" in last.explanation


def test_an_imported_history_s_first_week_is_not_a_spike_against_five_days_of_data():
    # A watch export that starts on Monday: 5 km, 5 km, then 12 km on Friday (+140% "against" 5 days).
    monday = date(2026, 5, 4)
    runs = [run(berlin(monday), 5.0), run(berlin(monday + timedelta(days=2)), 5.0)]
    runs.append(run(berlin(monday + timedelta(days=4)), 12.0))
    result = spikes(runs)
    assert [s.band for s in result] == [SpikeBand.NOT_ENOUGH_HISTORY] * 3
    assert not any(s.is_spike for s in result)


def test_records_known_to_begin_earlier_let_the_first_runs_be_judged():
    # The same runs, but the records begin 40 days earlier (the service passes the first stored run).
    runs = [run(T0, 10.0), run(T0 + timedelta(days=3), 12.0)]
    first, second = spikes(runs, history_start=T0 - timedelta(days=40))
    assert first.band is SpikeBand.NO_RECENT_RUN and "nothing to compare it with" in first.explanation
    assert second.band is SpikeBand.OVER_10_TO_30


def test_a_longer_window_needs_longer_records(monkeypatch):
    monkeypatch.setattr(R, "SPIKE_WINDOW_DAYS", 42)
    runs = [run(T0 - timedelta(days=35), 5.0), run(T0 - timedelta(days=3), 10.0), run(T0, 20.0)]
    last = spikes(runs)[-1]
    assert last.band is SpikeBand.NOT_ENOUGH_HISTORY
    assert "less than 42 days before it" in last.explanation
    assert SpikeBand.NO_RECENT_RUN.label == "no run in the previous 42 days"
    assert "at least 42 days before it" in R.build_rules()["load.history-needed"].statement


# --- the week's changes need the weeks they compare -----------------------------------------------------

# Weeks of Monday 4, 11, 18 and 25 May 2026; one 10 km run each Wednesday, 15 km in the last week.
MONDAYS = [date(2026, 5, 4) + timedelta(weeks=n) for n in range(4)]


def four_weeks() -> list[Run]:
    return [run(berlin(m + timedelta(days=2)), km) for m, km in zip(MONDAYS, (10, 10, 10, 15), strict=True)]


@pytest.mark.parametrize(
    ("records_begin", "two_weeks_known"),
    [
        (MONDAYS[0], True),  # Monday 4 May: the 28 days 4-31 May are covered
        (MONDAYS[0] + timedelta(days=1), False),  # Tuesday 5 May: 27 days covered
    ],
)
def test_the_two_week_change_is_given_only_with_28_days_of_records(records_begin, two_weeks_known):
    weeks = weekly_load(four_weeks(), BERLIN, history_start=berlin(records_begin, hour=6))
    last = weeks[-1]
    assert last.enough_history_for_two_weeks is two_weeks_known
    if two_weeks_known:
        # (15 + 10) vs (10 + 10) = +25%
        assert last.two_week_change_pct == pytest.approx(25.0)
    else:
        assert last.two_week_change_pct is None and last.context is None
    # The week before is covered either way: 15 vs 10 = +50%.
    assert last.change_pct == pytest.approx(50.0) and last.enough_history_for_change


@pytest.mark.parametrize(
    ("records_begin", "week_known"),
    [(MONDAYS[2], True), (MONDAYS[2] + timedelta(days=1), False)],  # 14 days covered, then 13
)
def test_the_change_from_the_week_before_needs_both_weeks(records_begin, week_known):
    last = weekly_load(four_weeks(), BERLIN, history_start=berlin(records_begin, hour=6))[-1]
    assert last.enough_history_for_change is week_known
    assert (last.change_pct is not None) is week_known


def test_the_week_change_follows_its_constant(monkeypatch):
    monkeypatch.setattr(R, "WEEK_CHANGE_HISTORY_DAYS", 21)
    last = weekly_load(four_weeks(), BERLIN, history_start=berlin(MONDAYS[2], hour=6))[-1]
    assert last.change_pct is None and not last.enough_history_for_change
    assert "The change from the week before needs 21 days" in R.build_rules()["load.history-needed"].statement


def test_plus_108_percent_over_two_weeks_is_not_computed_against_empty_weeks():
    # An import that begins on Monday 11 May: 12 km + 13 km in two weeks "against" two empty weeks.
    runs = [
        run(berlin(MONDAYS[1] + timedelta(days=2)), 12.0),
        run(berlin(MONDAYS[2] + timedelta(days=2)), 13.0),
    ]
    weeks = weekly_load(runs, BERLIN, first=MONDAYS[0], last=MONDAYS[2])
    assert [w.two_week_change_pct for w in weeks] == [None, None, None]
    assert not any(w.enough_history_for_two_weeks for w in weeks)
    assert all(w.context is None for w in weeks)


# --- the ratio needs 28 days -----------------------------------------------------------------------------


def test_the_ratio_is_given_only_on_days_with_28_days_of_records_behind_them():
    first = date(2026, 5, 1)
    runs = [run(berlin(first + timedelta(days=d)), 8.0) for d in range(0, 40, 2)]
    points = acwr(runs, BERLIN, first, first + timedelta(days=30))
    by_day = {p.day: p for p in points}
    day_27 = by_day[first + timedelta(days=26)]  # 1-27 May: 27 days of records
    day_28 = by_day[first + timedelta(days=27)]  # 1-28 May: 28 days
    assert day_27.ratio is None and not day_27.enough_history
    assert day_28.ratio is not None and day_28.enough_history
    # The first day would have read 3.625 "against" one day of data; now it reads nothing.
    assert points[0].ratio is None and points[0].acute_km == pytest.approx(8.0 * 0.25)


def test_a_longer_trend_window_holds_the_ratio_back_longer(monkeypatch):
    monkeypatch.setattr(R, "TREND_HISTORY_DAYS", 35)
    first = date(2026, 5, 1)
    runs = [run(berlin(first + timedelta(days=d)), 8.0) for d in range(0, 40, 2)]
    points = {p.day: p for p in acwr(runs, BERLIN, first, first + timedelta(days=36))}
    assert points[first + timedelta(days=33)].ratio is None
    assert points[first + timedelta(days=34)].ratio is not None
    assert "acute:chronic ratio 35" in R.build_rules()["load.history-needed"].statement


# --- what a view says it cannot judge --------------------------------------------------------------------


def test_the_notes_say_what_the_records_cannot_judge_yet():
    coverage = history_coverage(datetime(2026, 5, 4, 6, 0, tzinfo=UTC), BERLIN)
    assert coverage.first_day == date(2026, 5, 4)
    assert coverage.spikes_judged_from == date(2026, 6, 3)  # 4 May 08:00 Berlin + 30 x 24 h
    assert coverage.trends_from == date(2026, 5, 31)  # 4-31 May: 28 days
    spike_note, trend_note = coverage.notes(date(2026, 4, 27))
    assert NOT_ENOUGH_HISTORY in spike_note and "first recorded run (4 May 2026)" in spike_note
    assert "less than 30 days after" in spike_note
    assert "from 31 May 2026 on" in trend_note and "28 days of records" in trend_note
    # A view that starts after both dates has nothing to say.
    assert coverage.notes(date(2026, 6, 8)) == ()
    assert history_coverage(None, BERLIN).notes(date(2026, 6, 8)) == ()


# --- the numbers in the texts agree with the band ----------------------------------------------------------


@pytest.mark.parametrize(
    ("km", "longer", "band"),
    [
        (11.03, "10.3% longer", SpikeBand.OVER_10_TO_30),  # never "10% longer" in the 10-30% band
        (11.0, "10% longer", SpikeBand.UP_TO_10),  # exactly 10%: at most 10% longer
        (10.97, "9.7% longer", SpikeBand.UP_TO_10),
        (13.004, "30.04% longer", SpikeBand.OVER_30_TO_100),  # just over 30%
        (20.0, "100% longer", SpikeBand.OVER_30_TO_100),
    ],
)
def test_a_spike_s_percentage_is_written_on_the_side_of_the_band_edge_it_lies(km, longer, band):
    judged = spikes([run(T0, 10.0), run(T0 + timedelta(days=3), km)], history_start=T0 - timedelta(days=60))
    assert judged[1].band is band
    assert f"was {longer} compared with your longest run of the previous 30 days" in judged[1].explanation


def test_the_distances_are_written_finely_enough_to_agree_with_the_band():
    # 11.04 km after 10.0 km is +10.4%: written "11.0 km" and "10.0 km" it would read as exactly 10%.
    judged = spikes(
        [run(T0, 10.0), run(T0 + timedelta(days=3), 11.04)], history_start=T0 - timedelta(days=60)
    )
    assert judged[1].explanation.startswith("This 11.04 km run was 10.4% longer")
    assert "(10.00 km)" in judged[1].explanation


def test_the_increase_is_written_with_its_sign_against_the_band_edges():
    assert increase_text(10.3) == "+10.3%"
    assert increase_text(10.0) == "+10%"
    assert increase_text(-20.0) == "-20%"
    assert increase_text(99.96) == "+99.96%"


def test_the_band_labels_and_the_within_text_follow_the_band_edges(monkeypatch):
    assert SpikeBand.OVER_10_TO_30.label == "more than 10% and up to 30% longer"
    assert SpikeBand.OVER_100.label == "more than twice as long"
    monkeypatch.setattr(R, "SPIKE_BAND_EDGES_PCT", (15.0, 40.0, 100.0))
    assert SpikeBand.UP_TO_10.label == "at most 15% longer"
    assert SpikeBand.OVER_10_TO_30.label == "more than 15% and up to 40% longer"
    calm = spikes([run(T0, 10.0), run(T0 + timedelta(days=3), 11.2)], history_start=T0 - timedelta(days=60))
    assert "That is within 15%" in calm[1].explanation and "was 12% longer" in calm[1].explanation


def test_a_two_week_change_just_over_30_percent_is_not_written_as_30():
    # (15 + 11.04) vs (10 + 10) = 26.04 / 20 = +30.2%: above 30%, written "30.2%".
    runs = [
        run(berlin(m + timedelta(days=2)), km) for m, km in zip(MONDAYS, (10, 10, 11.04, 15), strict=True)
    ]
    last = weekly_load(runs, BERLIN, history_start=berlin(MONDAYS[0], hour=6))[-1]
    assert last.context is not None and "add up to 30.2% more distance" in last.context
