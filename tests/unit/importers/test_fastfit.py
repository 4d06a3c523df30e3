"""The fast FIT reader against the reference decoder, fitdecode (issue 7).

- Differential: every file of the corpus (written by ``fit_writer`` with what real watches write, plus the
  real files in ``../shared/data/real``) decoded both ways: identical per-record values and session
  summaries, and ``parse_fit`` gives the same activities (or the same error) with either decoder.
- Property: byte flips and truncations (and byte flips with the CRC signed again, so the damage reaches the
  message walk) never crash, and whatever the fast reader accepts equals fitdecode's reading.
- A 10-hour 1 Hz file decodes right within 50 MB of extra memory.
"""

from __future__ import annotations

import io
import struct
import tracemalloc
import warnings
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import fitdecode
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hipcoach.importers import fastfit
from hipcoach.importers.fit import Decoder, collect, parse_fit
from hipcoach.importers.records import ImportFailure
from tests.unit.importers.fit_writer import (
    FILE_COURSE,
    SPORT_CYCLING,
    SPORT_RUNNING,
    SPORT_SWIMMING,
    SUB_GENERIC,
    SUB_TRAIL,
    SUB_TREADMILL,
    activity_fit,
    corpus_fit,
    crc16,
    fit_time,
    no_timestamp_fit,
)

START = datetime(2024, 3, 15, 6, 12, 3, tzinfo=UTC)
REAL = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "real"
SESSION_KEYS = (
    "timestamp",
    "start_time",
    "sport",
    "sub_sport",
    "total_elapsed_time",
    "total_timer_time",
    "total_distance",
)
ARRAYS = ("timestamp", "distance", "speed", "heart_rate", "cadence", "position_lat", "position_long")

GENERATED: dict[str, Callable[[], bytes]] = {
    "plain": lambda: corpus_fit(START),
    "developer-fields": lambda: corpus_fit(START, developer_fields=True),
    "compressed-timestamps": lambda: corpus_fit(START, compressed_timestamps=True),
    "redefined-mid-file": lambda: corpus_fit(START, redefine_every=7),
    "big-endian": lambda: corpus_fit(START, big_endian=True),
    "invalid-sentinels": lambda: corpus_fit(START, invalid_every=4),
    "multisport": lambda: corpus_fit(
        START,
        sports=((SPORT_SWIMMING, SUB_GENERIC), (SPORT_CYCLING, SUB_GENERIC), (SPORT_RUNNING, SUB_GENERIC)),
    ),
    "pauses": lambda: corpus_fit(START, pause=(120, 240)),
    "hrv": lambda: corpus_fit(START, hrv=True),
    "no-gps": lambda: corpus_fit(START, gps=False),
    "treadmill": lambda: corpus_fit(START, gps=False, sports=((SPORT_RUNNING, SUB_TREADMILL),)),
    "enhanced-speed": lambda: corpus_fit(START, enhanced_speed=True),
    "12-byte-header": lambda: corpus_fit(START, header_size=12),
    "header-crc-zero": lambda: corpus_fit(START, header_crc=False),
    "everything": lambda: corpus_fit(
        START,
        big_endian=True,
        redefine_every=5,
        invalid_every=3,
        pause=(60, 90),
        hrv=True,
        developer_fields=True,
        compressed_timestamps=True,
        enhanced_speed=True,
        sports=((SPORT_RUNNING, SUB_TRAIL), (SPORT_CYCLING, SUB_GENERIC)),
        local_offset_s=-5 * 3600,
    ),
    "chained": lambda: (
        corpus_fit(START, seconds=300) + corpus_fit(START, seconds=200, compressed_timestamps=True)
    ),
    # the files test_fit.py uses
    "activity-extras": lambda: activity_fit(
        START, developer_fields=True, hrv=True, compressed_timestamps=True
    ),
    "no-session": lambda: activity_fit(
        START, with_session=False, with_sport_message=True, compressed_timestamps=True, local_offset_s=None
    ),
    "no-sport-info": lambda: activity_fit(START, with_session=False, with_sport_message=False),
    "course": lambda: activity_fit(START, file_type=FILE_COURSE),
    "no-timestamps": no_timestamp_fit,
}
REAL_FILES = sorted(REAL.glob("*.fit")) if REAL.is_dir() else []


def _corpus_ids() -> list[str]:
    return [*GENERATED, *(f"real:{path.name}" for path in REAL_FILES)]


def _load(name: str) -> bytes:
    if name.startswith("real:"):
        return (REAL / name.removeprefix("real:")).read_bytes()
    return GENERATED[name]()


# ----------------------------------------------------------------------------------------------- reference


def _first_by_name(frame: Any) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for item in frame.fields:
        if isinstance(item.name, str) and item.name not in values:
            values[item.name] = item.value
    return values


def _number(value: object) -> float:
    return float("nan") if value is None else float(value)  # type: ignore[arg-type]


def reference(data: bytes) -> tuple[dict[str, np.ndarray], list[dict[str, Any]]]:
    """Per-record arrays and session summaries as fitdecode reads them (the definition of "right")."""
    columns: dict[str, list[float]] = {name: [] for name in ARRAYS}
    sessions: list[dict[str, Any]] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = fitdecode.FitReader(
            io.BytesIO(data),
            check_crc=fitdecode.CrcCheck.RAISE,
            error_handling=fitdecode.ErrorHandling.IGNORE,
        )
        with reader:
            for frame in reader:
                if not isinstance(frame, fitdecode.FitDataMessage):
                    continue
                if frame.name == "session":
                    named = _first_by_name(frame)
                    sessions.append({key: named.get(key) for key in SESSION_KEYS})
                if frame.name != "record":
                    continue
                by_number: dict[int, Any] = {}
                compressed_time = None
                for item in frame.fields:
                    if item.field_def is None:  # expanded components, and the compressed-header timestamp
                        if item.name == "timestamp":
                            compressed_time = item.raw_value
                    elif not item.field_def.is_dev:
                        by_number.setdefault(item.field_def.def_num, item)
                stamp = by_number[253].raw_value if 253 in by_number else compressed_time
                columns["timestamp"].append(_number(stamp))
                columns["distance"].append(_number(by_number[5].value if 5 in by_number else None))
                speed = by_number[73].value if 73 in by_number else None
                if speed is None and 6 in by_number:
                    speed = by_number[6].value
                columns["speed"].append(_number(speed))
                columns["heart_rate"].append(_number(by_number[3].value if 3 in by_number else None))
                columns["cadence"].append(_number(by_number[4].value if 4 in by_number else None))
                for number, name in ((0, "position_lat"), (1, "position_long")):
                    raw = by_number[number].value if number in by_number else None
                    columns[name].append(float("nan") if raw is None else raw * (180.0 / 2**31))
    return {name: np.array(values, dtype=np.float64) for name, values in columns.items()}, sessions


def _outcome(data: bytes, decoder: Decoder) -> object:
    try:
        return parse_fit(data, decoder=decoder)
    except ImportFailure as exc:
        return f"error: {exc}"


def _assert_same_as_reference(data: bytes, fast: fastfit.FastFit) -> None:
    arrays, sessions = reference(data)
    assert fast.records is not None
    for name in ARRAYS:
        np.testing.assert_array_equal(getattr(fast.records, name), arrays[name], err_msg=name, strict=True)
    assert fast.sessions == sessions
    auto, ref = collect(data, "fast"), collect(data, "fitdecode")
    ref.sessions = [{key: session.get(key) for key in SESSION_KEYS} for session in ref.sessions]
    assert auto == ref


# ----------------------------------------------------------------------------------------------- differential


@pytest.mark.parametrize("name", _corpus_ids())
def test_the_fast_reader_reads_every_corpus_file_exactly_like_fitdecode(name: str) -> None:
    data = _load(name)
    fast = fastfit.decode(data)  # every corpus file is one the fast reader handles: no silent fall-back
    _assert_same_as_reference(data, fast)
    assert _outcome(data, "auto") == _outcome(data, "fitdecode")


def test_real_files_are_in_the_corpus() -> None:
    if not REAL.is_dir():
        pytest.skip(f"{REAL} is absent: the real FIT files are not part of this checkout")
    assert REAL_FILES, f"no .fit files in {REAL}"


def test_the_corpus_exercises_what_it_claims() -> None:
    multisport = fastfit.decode(_load("multisport"))
    assert [s["sport"] for s in multisport.sessions] == ["swimming", "cycling", "running"]
    invalid = fastfit.decode(_load("invalid-sentinels")).records
    assert invalid is not None
    for name in ("heart_rate", "cadence", "speed", "position_lat", "position_long", "distance"):
        column = getattr(invalid, name)
        assert np.isnan(column).any() and not np.isnan(column).all(), name
    paused = parse_fit(_load("pauses"))[0]
    assert paused.moving_s is not None and paused.moving_s < paused.duration_s
    compressed = fastfit.decode(_load("compressed-timestamps")).records
    assert compressed is not None and not np.isnan(compressed.timestamp).any()
    assert np.all(np.diff(compressed.timestamp) == 5)
    chained = fastfit.decode(_load("chained"))
    assert len(chained.sessions) == 2


@pytest.mark.parametrize(
    ("label", "damage"),
    [
        ("truncated", lambda data: data[: len(data) // 2]),
        ("bad CRC", lambda data: data[:-2] + bytes([data[-2] ^ 0xFF, data[-1]])),
        ("trailing garbage", lambda data: data + b"garbage!" * 3),
        ("not FIT", lambda data: b"\xff\xd8\xff\xe0" + data[4:]),
        ("header CRC", lambda data: data[:12] + bytes([data[12] ^ 1]) + data[13:]),
    ],
)
def test_damaged_files_go_to_fitdecode_and_read_as_before(
    label: str, damage: Callable[[bytes], bytes]
) -> None:
    data = damage(corpus_fit(START))
    with pytest.raises(fastfit.FastFitUnsupported):
        fastfit.decode(data)
    outcome = _outcome(data, "auto")
    assert outcome == _outcome(data, "fitdecode")
    assert isinstance(outcome, str) and outcome.startswith("error: "), label


def test_the_decoder_switch() -> None:
    data = corpus_fit(START, seconds=120)
    assert parse_fit(data, decoder="fast") == parse_fit(data, decoder="fitdecode") == parse_fit(data)
    with pytest.raises(fastfit.FastFitUnsupported):
        parse_fit(data[:-1], decoder="fast")
    with pytest.raises(ImportFailure, match="empty"):
        parse_fit(b"", decoder="auto")


def test_crc16_matches_the_encoder_on_every_size() -> None:
    rng = np.random.default_rng(7)
    for size in (0, 1, 63, 64, 65, 2047, 2048, 2049, 4096, 10_000, 131_073):
        blob = rng.integers(0, 256, size, dtype=np.uint8).tobytes()
        assert fastfit.crc16(blob) == crc16(blob), size


# ----------------------------------------------------------------------------------------------- property

_SMALL = [
    corpus_fit(START, seconds=150, developer_fields=True, hrv=True, compressed_timestamps=True),
    corpus_fit(START, seconds=150, big_endian=True, redefine_every=4, invalid_every=3, pause=(40, 40)),
    activity_fit(START, seconds=200),
]


def _resign(data: bytes) -> bytes:
    """Sign a damaged body again (file CRC, and the header CRC), so the damage reaches the message walk."""
    header_size = data[0]
    header = data[:header_size]
    if header_size == 14:
        header = header[:12] + struct.pack("<H", crc16(header[:12]))
    body = header + data[header_size:-2]
    return body + struct.pack("<H", crc16(body))


def _check_agreement(data: bytes) -> None:
    auto = _outcome(data, "auto")  # never raises anything but ImportFailure (turned into a string here)
    assert auto == _outcome(data, "fitdecode")
    try:
        fast = fastfit.decode(data)
    except fastfit.FastFitUnsupported:
        return
    _assert_same_as_reference(data, fast)  # accepted: fitdecode reads it, and reads the same


_PROPERTY = settings(
    derandomize=True,
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@_PROPERTY
@given(
    which=st.integers(0, len(_SMALL) - 1),
    flips=st.lists(st.tuples(st.integers(0, 10**6), st.integers(1, 255)), min_size=1, max_size=4),
)
def test_byte_flips_never_crash_nor_give_different_data(which: int, flips: list[tuple[int, int]]) -> None:
    data = bytearray(_SMALL[which])
    for where, mask in flips:
        data[where % len(data)] ^= mask
    _check_agreement(bytes(data))


@_PROPERTY
@given(which=st.integers(0, len(_SMALL) - 1), keep=st.floats(0.0, 1.0))
def test_truncations_never_crash_nor_give_different_data(which: int, keep: float) -> None:
    data = _SMALL[which]
    _check_agreement(data[: int(len(data) * keep)])


@settings(
    derandomize=True,
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    which=st.integers(0, len(_SMALL) - 1),
    flips=st.lists(st.tuples(st.integers(0, 10**6), st.integers(1, 255)), min_size=1, max_size=3),
)
def test_damage_behind_a_valid_crc_is_refused_or_read_exactly(
    which: int, flips: list[tuple[int, int]]
) -> None:
    data = bytearray(_SMALL[which])
    header_size = data[0]
    body = len(data) - header_size - 2
    for where, mask in flips:
        data[header_size + where % body] ^= mask
    _check_agreement(_resign(bytes(data)))


# ----------------------------------------------------------------------------------------------- long files


def test_a_ten_hour_file_decodes_right_within_fifty_megabytes() -> None:
    seconds = 10 * 3600
    data = corpus_fit(START, seconds=seconds, record_every_s=1, developer_fields=True, hrv=True)
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        fast = fastfit.decode(data)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 50 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"
    records = fast.records
    assert records is not None and len(records) == seconds + 1
    steps = np.arange(seconds + 1)
    np.testing.assert_array_equal(records.timestamp, fit_time(START) + steps.astype(np.float64))
    np.testing.assert_array_equal(records.distance, (300 * steps).astype(np.float64) / 100.0)
    np.testing.assert_array_equal(records.heart_rate, (120 + steps % 40).astype(np.float64))
    (activity,) = parse_fit(data)
    assert activity.duration_s == seconds and activity.distance_m == 300.0 * seconds / 100
