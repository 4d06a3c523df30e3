"""FIT files written by the test encoder: sessions, fall-backs, extras, and damaged files."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest

from hipcoach.importers import parse_bytes
from tests.unit.importers.fit_writer import (
    FILE_COURSE,
    SPORT_CYCLING,
    SPORT_RUNNING,
    SPORT_WALKING,
    SUB_TRAIL,
    SUB_TREADMILL,
    activity_fit,
    crc16,
    no_timestamp_fit,
)

START = datetime(2024, 3, 15, 6, 12, 3, tzinfo=UTC)


def test_crc16_matches_the_fit_reference_value() -> None:
    # The FIT SDK's CRC is CRC-16/ARC; its check value for "123456789" is 0xBB3D.
    assert crc16(b"123456789") == 0xBB3D


def test_a_running_session_gives_its_totals() -> None:
    data = activity_fit(START, seconds=3000, timer_seconds=2900, distance_m=10_000.0)
    outcome = parse_bytes("morning.fit", data)
    assert outcome.error is None
    assert outcome.skipped == ()
    (record,) = outcome.activities
    assert record.sport == "run"
    assert record.counts_as_running
    assert record.started_at == START
    assert record.started_at.tzinfo is not None
    assert record.duration_s == pytest.approx(3000.0)
    assert record.moving_s == pytest.approx(2900.0)
    assert record.distance_m == pytest.approx(10_000.0)
    assert record.source_format == "fit"
    assert record.utc_offset_s == 3600
    assert record.name == "Run 2024-03-15"


def test_developer_fields_hrv_laps_and_compressed_timestamps_do_not_break_it() -> None:
    data = activity_fit(START, developer_fields=True, hrv=True, compressed_timestamps=True, laps=4)
    outcome = parse_bytes("extras.fit", data)
    assert outcome.error is None
    assert [r.sport for r in outcome.activities] == ["run"]
    assert outcome.activities[0].distance_m == pytest.approx(5000.0)


def test_compressed_timestamps_count_when_there_is_no_session() -> None:
    # 1810 s every 10 s: the last record (index 181) has a compressed timestamp header.
    data = activity_fit(
        START,
        seconds=1810,
        with_session=False,
        with_sport_message=True,
        compressed_timestamps=True,
        laps=0,
        local_offset_s=None,
    )
    (record,) = parse_bytes("c.fit", data).activities
    assert record.duration_s == pytest.approx(1810.0)
    assert record.utc_offset_s is None


@pytest.mark.parametrize(
    ("sub_sport", "expected"),
    [(SUB_TREADMILL, "treadmill"), (SUB_TRAIL, "trail_run")],
)
def test_running_sub_sports(sub_sport: int, expected: str) -> None:
    (record,) = parse_bytes("x.fit", activity_fit(START, sub_sport=sub_sport, gps=False)).activities
    assert record.sport == expected
    assert record.counts_as_running


def test_a_watch_without_gps_still_gives_distance_from_the_session() -> None:
    (record,) = parse_bytes("x.fit", activity_fit(START, gps=False, distance_m=4200.0)).activities
    assert record.distance_m == pytest.approx(4200.0)


def test_without_a_session_it_falls_back_to_records_and_the_sport_message() -> None:
    data = activity_fit(START, seconds=1200, with_session=False, with_sport_message=True, distance_m=3000.0)
    (record,) = parse_bytes("x.fit", data).activities
    assert record.sport == "run"
    assert record.started_at == START
    assert record.duration_s == pytest.approx(1200.0)
    assert record.distance_m == pytest.approx(3000.0)
    assert record.moving_s is None


def test_without_any_sport_information_the_activity_is_skipped_as_other() -> None:
    outcome = parse_bytes("x.fit", activity_fit(START, with_session=False, with_sport_message=False))
    assert outcome.activities == ()
    assert [s.sport for s in outcome.skipped] == ["other"]


@pytest.mark.parametrize(("sport", "normalised"), [(SPORT_CYCLING, "cycling"), (SPORT_WALKING, "walk")])
def test_non_running_files_are_skipped_with_a_reason(sport: int, normalised: str) -> None:
    outcome = parse_bytes("ride.fit", activity_fit(START, sport=sport))
    assert outcome.error is None
    assert outcome.activities == ()
    (skipped,) = outcome.skipped
    assert skipped.sport == normalised
    assert skipped.reason == f"{normalised} is not running"


def test_gzipped_fit_is_read_and_hashed_as_stored() -> None:
    raw = activity_fit(START, sport=SPORT_RUNNING)
    packed = gzip.compress(raw)
    outcome = parse_bytes("123.fit.gz", packed)
    assert outcome.error is None
    assert len(outcome.activities) == 1
    import hashlib

    assert outcome.file_hash == hashlib.sha256(packed).hexdigest()


def test_truncated_file_is_an_error() -> None:
    data = activity_fit(START)
    outcome = parse_bytes("cut.fit", data[: len(data) // 2])
    assert outcome.error is not None and "truncated" in outcome.error
    assert outcome.activities == ()


def test_bad_crc_is_an_error() -> None:
    data = activity_fit(START)
    broken = data[:-2] + bytes([data[-2] ^ 0xFF, data[-1]])
    outcome = parse_bytes("bad.fit", broken)
    assert outcome.error is not None and "checksum" in outcome.error


def test_a_fit_without_timestamps_is_an_error() -> None:
    outcome = parse_bytes("empty-times.fit", no_timestamp_fit())
    assert outcome.error is not None and outcome.error.startswith("no timestamps")


def test_a_jpeg_named_fit_is_an_error() -> None:
    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200)
    outcome = parse_bytes("photo.fit", jpeg)
    assert outcome.error == "not a FIT file (its header is not a FIT header)"


def test_empty_file_is_an_error() -> None:
    assert parse_bytes("empty.fit", b"").error == "the file is empty"


def test_a_course_file_is_not_an_activity() -> None:
    outcome = parse_bytes("course.fit", activity_fit(START, file_type=FILE_COURSE))
    assert outcome.error is not None and "course" in outcome.error


def test_local_date_names_the_activity() -> None:
    late = datetime(2024, 3, 15, 23, 30, tzinfo=UTC)
    (record,) = parse_bytes("x.fit", activity_fit(late, local_offset_s=2 * 3600)).activities
    assert record.name == "Run 2024-03-16"  # 01:30 local time the next day
    assert record.utc_offset_s == 7200
