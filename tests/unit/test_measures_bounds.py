"""The bounds on what a runner reports (domain/measures.py), worked by hand at each edge: just below, at, just
above. Each message is written from its constant: change the constant and the text follows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from hipcoach.domain import measures
from hipcoach.domain.measures import InvalidMeasurement

TODAY = date(2026, 11, 2)


# --- the earliest day ------------------------------------------------------------------------------------


def test_a_day_before_the_first_of_2000_is_refused_and_the_first_itself_is_taken():
    with pytest.raises(InvalidMeasurement) as refused:
        measures.past_or_today("check-in date", date(1999, 12, 31), TODAY)
    assert str(refused.value) == (
        "check-in date 1999-12-31 is before 2000-01-01, the earliest day hipcoach accepts"
    )
    assert measures.past_or_today("check-in date", date(2000, 1, 1), TODAY) == date(2000, 1, 1)
    assert measures.past_or_today("check-in date", date(2000, 1, 2), TODAY) == date(2000, 1, 2)


def test_1970_and_1900_are_refused():
    for day in (date(1970, 1, 1), date(1900, 6, 1)):
        with pytest.raises(InvalidMeasurement, match="earliest day"):
            measures.past_or_today("session date", day, TODAY)


def test_the_future_is_still_refused_before_the_earliest_day_is_looked_at():
    with pytest.raises(InvalidMeasurement, match="is in the future"):
        measures.past_or_today("check-in date", date(2026, 11, 3), TODAY)


def test_the_earliest_day_in_the_message_is_the_constant(monkeypatch):
    monkeypatch.setattr(measures, "EARLIEST_DAY", date(2010, 3, 1))
    with pytest.raises(InvalidMeasurement, match=r"before 2010-03-01, the earliest day"):
        measures.not_too_early("the start", date(2010, 2, 28))
    assert measures.not_too_early("the start", date(2010, 3, 1)) == date(2010, 3, 1)


# --- a run's distance and duration -----------------------------------------------------------------------


@pytest.mark.parametrize("km", [0.1, 0.11, 42.195, 399.99, 400.0])
def test_a_distance_from_100_m_to_400_km_is_a_run(km):
    assert measures.run_distance_km(km) == km


@pytest.mark.parametrize(
    ("km", "shown"),
    [
        (0.09, "0.09"),
        (0.0999, "0.0999"),  # not "0.1": written at the precision that puts it below the edge
        (5e-324, "5e-324"),  # a distance that rounds to nothing is still written as given
        (0.0, "0"),
        (-3.0, "-3"),
        (400.01, "400.01"),
        (400.0004, "400.0004"),
        (float("inf"), "inf"),
        (float("nan"), "nan"),
    ],
)
def test_a_distance_outside_the_bounds_is_refused_as_given(km, shown):
    with pytest.raises(InvalidMeasurement) as refused:
        measures.run_distance_km(km)
    assert str(refused.value) == f"a distance of {shown} km is not a run's: hipcoach takes 0.1 to 400 km"


@pytest.mark.parametrize("minutes", [0.01, 30.0, 7 * 24 * 60])
def test_a_duration_above_0_up_to_a_week_is_a_run(minutes):
    assert measures.run_duration_min(minutes) == minutes


@pytest.mark.parametrize("minutes", [0.0, -1.0, 10_080.5, float("inf")])
def test_a_duration_of_nothing_or_over_a_week_is_refused(minutes):
    with pytest.raises(InvalidMeasurement) as refused:
        measures.run_duration_min(minutes)
    assert str(refused.value).endswith("hipcoach takes more than 0 and up to 10080 min (7 days)")


def test_the_distance_bounds_in_the_message_are_the_constants(monkeypatch):
    monkeypatch.setattr(measures, "MIN_RUN_DISTANCE_KM", 0.5)
    monkeypatch.setattr(measures, "MAX_RUN_DISTANCE_KM", 250.0)
    with pytest.raises(InvalidMeasurement, match="hipcoach takes 0.5 to 250 km"):
        measures.run_distance_km(0.4)
    with pytest.raises(InvalidMeasurement, match="hipcoach takes 0.5 to 250 km"):
        measures.run_distance_km(251)


# --- pace: no run is quicker than 90 s per km ------------------------------------------------------------


def test_10_km_in_15_min_is_exactly_the_fastest_pace_and_is_taken():
    measures.run_pace(10, 15)  # 15 min * 60 / 10 km = 90 s per km, at the edge
    measures.run_pace(10, 15.01)  # 90.06 s per km


def test_10_km_in_14_99_min_is_refused_and_its_pace_is_written_below_the_edge():
    # 14.99 * 60 / 10 = 89.94 s per km: "1:30" would say it is at the edge, so it reads 1:29.9.
    with pytest.raises(InvalidMeasurement) as refused:
        measures.run_pace(10, 14.99)
    assert str(refused.value) == (
        "10 km in 14.99 min is a pace of 1:29.9 per km, faster than 1:30 per km, quicker than anyone "
        "has run even 100 m; check the distance and the time"
    )


def test_400_km_in_a_thousandth_of_a_minute_is_refused():
    with pytest.raises(InvalidMeasurement, match=r"400 km in 0.001 min is a pace of 0:00 per km"):
        measures.run_pace(400, 0.001)


def test_a_marathon_at_the_world_record_pace_is_taken():
    measures.run_pace(42.195, 121.6)  # 2:01:36, about 2:53 per km


def test_the_fastest_pace_in_the_message_is_the_constant(monkeypatch):
    monkeypatch.setattr(measures, "FASTEST_PACE_S_PER_KM", 120.0)
    measures.run_pace(10, 20)  # 120 s per km: at the new edge
    with pytest.raises(InvalidMeasurement, match=r"a pace of 1:54 per km, faster than 2:00 per km"):
        measures.run_pace(10, 19)


@pytest.mark.parametrize(
    ("seconds", "places", "text"),
    [(245, 0, "4:05"), (89.94, 1, "1:29.9"), (59.6, 0, "1:00"), (0.0015, 0, "0:00"), (600, 0, "10:00")],
)
def test_a_pace_is_written_as_minutes_and_seconds(seconds, places, text):
    assert measures.pace_text(seconds, places) == text


# --- text ------------------------------------------------------------------------------------------------


def test_text_with_a_nul_character_is_refused_and_named():
    assert measures.clean_text("tester", "Dr Lee") == "Dr Lee"
    with pytest.raises(InvalidMeasurement) as refused:
        measures.clean_text("tester", "Dr\x00Lee")
    assert str(refused.value) == "tester contains a NUL character (\\0), which hipcoach cannot store"


# --- the README states the same bounds -------------------------------------------------------------------


def test_the_readme_states_the_bounds_as_the_constants_are():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    limits = " ".join(readme.split("## Limits", 1)[1].split("\n## ", 1)[0].split())
    for stated in (
        f"No date before {measures.EARLIEST_DAY.isoformat()} is taken",
        f"a run is {measures.MIN_RUN_DISTANCE_KM:g} to {measures.MAX_RUN_DISTANCE_KM:g} km",
        f"up to {measures.MAX_RUN_DURATION_MIN / 1440:g} days ({measures.MAX_RUN_DURATION_MIN:,} min)",
        f"no quicker than {measures.pace_text(measures.FASTEST_PACE_S_PER_KM)} per km",
    ):
        assert stated in limits
