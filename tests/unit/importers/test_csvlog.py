"""A runner's own CSV log."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hipcoach.importers import parse_bytes

LOG = """date,distance_km,duration_min,name,sport
2024-03-15,10.2,55.5,Easy run,run
2024-03-16T07:30:00+01:00,5,28,,
2024-03-17 18:00,"21,1",118,Long one,Trail Run
2024-03-18,30,60,Commute,ride
not a date,5,30,,
2024-03-19,5,,,

"""


def test_a_log_with_optional_columns() -> None:
    outcome = parse_bytes("log.csv", LOG.encode())
    assert outcome.error is None
    easy, short, long_run = outcome.activities
    assert easy.started_at == datetime(2024, 3, 15, 12, 0, tzinfo=UTC)  # a bare date sits at noon UTC
    assert easy.distance_m == pytest.approx(10_200.0)
    assert easy.duration_s == pytest.approx(55.5 * 60)
    assert easy.moving_s is None
    assert easy.name == "Easy run"
    assert easy.source_format == "csv"
    assert short.started_at == datetime(2024, 3, 16, 6, 30, tzinfo=UTC)
    assert short.sport == "run"
    assert short.name == "Run 2024-03-16"
    assert long_run.sport == "trail_run"
    assert long_run.distance_m == pytest.approx(21_100.0)
    ride, bad_date, no_duration = outcome.skipped
    assert ride.sport == "cycling" and ride.reason == "cycling is not running"
    assert bad_date.name == "line 6" and "unreadable date" in bad_date.reason
    assert no_duration.name == "line 7" and "duration" in no_duration.reason


def test_minimal_columns_in_another_order_with_a_bom() -> None:
    text = "\ufeffduration_min,date,distance_km\n30,2024-01-02,\n"
    (record,) = parse_bytes("mine.csv", text.encode("utf-8")).activities
    assert record.distance_m is None
    assert record.duration_s == pytest.approx(1800.0)


def test_an_unknown_csv_is_an_error() -> None:
    outcome = parse_bytes("other.csv", b"when,how far\n2024-01-01,5\n")
    assert outcome.error is not None
    assert (
        outcome.error.startswith("not a recognised CSV") and "date,distance_km,duration_min" in outcome.error
    )


def test_an_empty_csv_is_an_error() -> None:
    assert parse_bytes("empty.csv", b"").error == "the file is empty"
