"""Kilometres or miles (issue 18): one definition of the units, worked by hand, and every text that writes a
distance speaks the runner's unit while the numbers stay in km."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from pydantic import ValidationError

from hipcoach.domain import load as L
from hipcoach.domain import measures
from hipcoach.domain.attention import RunnerFacts, SpikeFact, attention
from hipcoach.domain.units import KM_PER_MILE, DistanceUnit, unit_of
from hipcoach.reports.load_svg import weekly_distance_bars
from hipcoach.services.transfer_schema import Export
from hipcoach.storage.models import DISTANCE_UNITS

KM, MI = DistanceUnit.KM, DistanceUnit.MI


def test_the_storage_codes_are_the_units_wire_codes():
    assert DISTANCE_UNITS == tuple(unit.value for unit in DistanceUnit)


def test_the_export_takes_the_units_codes_and_refuses_others():
    assert Export.model_fields["distance_unit"].annotation is DistanceUnit
    assert Export.model_fields["distance_unit"].default is KM
    with pytest.raises(ValidationError):
        Export.__pydantic_validator__.validate_assignment(Export.model_construct(), "distance_unit", "miles")


@pytest.mark.parametrize(
    ("km", "unit", "text"),
    [
        (10.0, MI, "6.2 mi"),  # 10 / 1.609344 = 6.21
        (26.2 * 1.609344, KM, "42.2 km"),  # a marathon, 26.2 mi = 42.16 km
        (5.0, KM, "5.0 km"),
        (5.0, MI, "3.1 mi"),  # 3.107
        (0.0, MI, "0.0 mi"),
    ],
)
def test_a_distance_is_written_in_the_unit_with_one_decimal(km, unit, text):
    assert unit.text(km) == text


def test_typing_miles_stores_km_and_reading_them_back_gives_the_miles():
    assert MI.to_km(26.2) == pytest.approx(42.1648, abs=1e-4)
    assert MI.from_km(MI.to_km(6.2)) == pytest.approx(6.2)
    assert KM.to_km(7.5) == 7.5 and KM.from_km(7.5) == 7.5
    assert KM_PER_MILE == 1.609344


def test_charts_and_documents_write_at_most_one_decimal_and_no_unit():
    assert MI.short(10.0) == "6.2" and MI.short(0) == "0" and KM.short(20.0) == "20"


def test_a_pace_per_km_becomes_a_pace_per_mile():
    assert MI.pace_seconds(300) == pytest.approx(482.8, abs=0.1)  # 5:00 per km is 8:03 per mile
    assert (KM.per, MI.per) == ("per km", "per mile")


def test_an_unchosen_unit_is_kilometres_and_the_labels_are_words():
    assert unit_of(None) is KM and unit_of("mi") is MI
    assert (KM.label, MI.label) == ("kilometres", "miles")


def test_a_refused_run_names_its_distance_and_the_bounds_in_miles():
    with pytest.raises(measures.InvalidMeasurement) as refused:
        measures.run_distance_km(MI.to_km(300), MI)
    assert str(refused.value) == "a distance of 300 mi is not a run's: hipcoach takes 0.07 to 248.5 mi"
    # what the text allows is taken: 0.07 mi and 248.5 mi are runs
    measures.run_distance_km(MI.to_km(0.07), MI)
    measures.run_distance_km(MI.to_km(248.5), MI)


def test_a_pace_no_one_can_run_is_told_per_mile():
    with pytest.raises(measures.InvalidMeasurement) as refused:
        measures.run_pace(MI.to_km(10), 20, MI)
    assert str(refused.value).startswith(
        "10 mi in 20 min is a pace of 2:00 per mile, faster than 2:25 per mile"
    )


def _run(day: int, km: float) -> L.Run:
    return L.Run(datetime(2026, 10, 1, 7, tzinfo=UTC) + timedelta(days=day), km * 1000, km * 360)


def test_a_spike_is_explained_in_miles_with_the_same_band():
    runs = [_run(0, MI.to_km(5)), _run(35, MI.to_km(5)), _run(40, MI.to_km(10))]
    spike = L.spikes(runs, unit=MI)[-1]
    assert spike.band is L.SpikeBand.OVER_30_TO_100
    assert spike.explanation.startswith("This 10.0 mi run was 100% longer")
    assert "(5.0 mi)" in spike.explanation and "km" not in spike.explanation
    in_km = L.spikes(runs)[-1]
    # 16.1 km after 8.0 km would read as more than double: in km the text needs two decimals
    assert (
        in_km.band is spike.band
        and "This 16.09 km run" in in_km.explanation
        and "(8.05 km)" in in_km.explanation
    )


def test_the_weekly_bars_are_drawn_in_miles():
    class Week:
        def __init__(self, start: date, km: float) -> None:
            self.week_start, self.distance_km = start, km

    svg = str(weekly_distance_bars([Week(date(2026, 11, 2), 16.09344)], set(), "w", MI))
    assert ">mi</text>" in svg and "10 mi a week" in svg and "Week of 2 Nov: 10 mi" in svg
    assert "km" not in svg


def test_the_clinicians_caseload_names_a_spike_in_the_runners_unit():
    spike = SpikeFact(date(2026, 11, 24), MI.to_km(15), MI.to_km(10), 50.0, MI)
    (item,) = attention(RunnerFacts(today=date(2026, 11, 25), spike=spike))
    assert (
        item.text
        == "A 15.0 mi run on 2026-11-24 was +50% against the longest of the 30 days before it (10.0 mi)."
    )
