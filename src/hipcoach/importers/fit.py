"""FIT activity files, decoded with fitdecode.

- One activity per ``session`` message (multisport files have several): sport / sub_sport (running with
  sub_sport treadmill / trail → ``treadmill`` / ``trail_run``), ``start_time``, ``total_elapsed_time``,
  ``total_timer_time``, ``total_distance``.
- Without a session: the sport from the ``sport`` message (else ``other``), times from the first and last
  timestamped message, distance from the records' largest ``distance``.
- ``utc_offset_s`` from ``activity.local_timestamp - activity.timestamp`` (rounded to the minute).
- Developer fields, HRV messages and compressed timestamps are decoded by fitdecode and need nothing here.
- Errors in plain words: not a FIT file, damaged (bad CRC), cut short (truncated), "no timestamps", or a FIT
  file that is not an activity (a course, settings).

Decoders (issue 7): ``parse_fit(data, decoder="auto")`` first tries :mod:`hipcoach.importers.fastfit`, a numpy
reader that gives exactly fitdecode's values or refuses the file; what it refuses (damaged or truncated files,
layouts it does not map) goes to fitdecode, so errors read as before (an unexpected failure inside the fast
reader also falls back). ``decoder="fitdecode"`` uses
fitdecode only (the reference, and the benchmark's baseline); ``decoder="fast"`` uses the fast reader only and
lets :class:`~hipcoach.importers.fastfit.FastFitUnsupported` through.
"""

from __future__ import annotations

import io
import struct
import warnings
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import fitdecode

from hipcoach.importers import fastfit
from hipcoach.importers.common import as_utc
from hipcoach.importers.records import ActivityRecord, ImportFailure, made_up_name
from hipcoach.importers.sports import sport_from_fit

FIT_EPOCH_S = 631065600  # 1989-12-31T00:00:00Z as a Unix time


@dataclass
class _Collected:
    file_type: object = None
    sessions: list[dict[str, Any]] = field(default_factory=list)
    sport: tuple[object, object] | None = None
    first_time: datetime | None = None
    last_time: datetime | None = None
    max_distance: float | None = None
    activity_time: datetime | None = None
    local_time: datetime | None = None


def _time(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return as_utc(value)
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0x10000000:
        # below 0x10000000 FIT times are relative (system) times, not dates
        return datetime.fromtimestamp(FIT_EPOCH_S + value, tz=UTC)
    return None


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if value >= 0 else None


def _fields(message: Any) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for item in message.fields:
        name = item.name
        if isinstance(name, str) and name not in values:
            values[name] = item.value
    return values


def _collect(data: bytes) -> _Collected:
    collected = _Collected()
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
                values = _fields(frame)
                when = _time(values.get("timestamp"))
                if when is not None:
                    if collected.first_time is None or when < collected.first_time:
                        collected.first_time = when
                    if collected.last_time is None or when > collected.last_time:
                        collected.last_time = when
                name = frame.name
                if name == "file_id" and collected.file_type is None:
                    collected.file_type = values.get("type")
                elif name == "session":
                    collected.sessions.append(values)
                elif name == "sport" and collected.sport is None:
                    collected.sport = (values.get("sport"), values.get("sub_sport"))
                elif name == "record":
                    distance = _number(values.get("distance"))
                    if distance is not None and (
                        collected.max_distance is None or distance > collected.max_distance
                    ):
                        collected.max_distance = distance
                elif name == "activity":
                    collected.activity_time = when
                    local = values.get("local_timestamp")
                    if isinstance(local, datetime):
                        collected.local_time = local.replace(tzinfo=None)
                    elif isinstance(local, int):
                        # FIT's local_timestamp is wall-clock time of no zone: naive on purpose, it is only
                        # compared with the UTC timestamp to find the offset.
                        collected.local_time = datetime(1989, 12, 31) + timedelta(seconds=local)  # noqa: DTZ001
    return collected


def _read(data: bytes) -> _Collected:
    if not data:
        raise ImportFailure("the file is empty")
    try:
        return _collect(data)
    except fitdecode.FitHeaderError as exc:
        raise ImportFailure("not a FIT file (its header is not a FIT header)") from exc
    except fitdecode.FitCRCError as exc:
        raise ImportFailure("the FIT file is damaged (its checksum does not match)") from exc
    except fitdecode.FitEOFError as exc:
        raise ImportFailure("the FIT file is cut short (truncated)") from exc
    except (fitdecode.FitError, ValueError, KeyError, IndexError, TypeError, OverflowError) as exc:
        raise ImportFailure(f"the FIT file could not be decoded ({exc.__class__.__name__}: {exc})") from exc
    except (AssertionError, struct.error, ArithmeticError, AttributeError) as exc:
        # fitdecode asserts on a message that runs past the declared data size, and a header longer than
        # 14 bytes trips its struct unpacking: still a broken file, not a crash
        raise ImportFailure(f"the FIT file could not be decoded ({exc.__class__.__name__}: {exc})") from exc


def _fit_time(value: int | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(FIT_EPOCH_S + value, tz=UTC)


def _from_fast(fast: fastfit.FastFit) -> _Collected:
    return _Collected(
        file_type=fast.file_type,
        sessions=fast.sessions,
        sport=fast.sport,
        first_time=_fit_time(fast.first_time),
        last_time=_fit_time(fast.last_time),
        max_distance=fast.max_distance,
        activity_time=fast.activity_time,
        local_time=fast.local_time,
    )


Decoder = Literal["auto", "fitdecode", "fast"]


def collect(data: bytes, decoder: Decoder = "auto") -> _Collected:
    """What parse_fit reads from a FIT file, by the chosen decoder (see the module docstring)."""
    if decoder != "fitdecode" and data:
        try:
            return _from_fast(fastfit.decode(data))
        except Exception:  # FastFitUnsupported, or a surprise: fitdecode is the reference either way
            if decoder == "fast":
                raise
    elif decoder == "fast":
        raise fastfit.FastFitUnsupported("the file is empty")
    return _read(data)


def _offset(collected: _Collected) -> int | None:
    if collected.local_time is None or collected.activity_time is None:
        return None
    delta = (collected.local_time - collected.activity_time.replace(tzinfo=None)).total_seconds()
    if abs(delta) > 14 * 3600:
        return None
    return int(round(delta / 60.0)) * 60


def parse_fit(data: bytes, *, decoder: Decoder = "auto") -> list[ActivityRecord]:
    collected = collect(data, decoder)
    file_type = collected.file_type
    if isinstance(file_type, str) and file_type != "activity":
        raise ImportFailure(f"not an activity: this FIT file holds a {file_type.replace('_', ' ')}")
    offset = _offset(collected)
    records: list[ActivityRecord] = []
    for session in collected.sessions:
        record = _from_session(session, collected, offset)
        if record is not None:
            records.append(record)
    if records:
        return records
    if collected.first_time is None or collected.last_time is None:
        raise ImportFailure("no timestamps: the FIT file has no timed data")
    sport_values = collected.sport or (None, None)
    sport = sport_from_fit(*sport_values)
    local_start = collected.first_time + timedelta(seconds=offset or 0)
    return [
        ActivityRecord(
            sport=sport,
            started_at=collected.first_time,
            duration_s=(collected.last_time - collected.first_time).total_seconds(),
            moving_s=None,
            distance_m=collected.max_distance,
            name=made_up_name(sport, local_start),
            source_format="fit",
            utc_offset_s=offset,
        )
    ]


def _from_session(
    session: dict[str, Any], collected: _Collected, offset: int | None
) -> ActivityRecord | None:
    elapsed = _number(session.get("total_elapsed_time"))
    timer = _number(session.get("total_timer_time"))
    start = _time(session.get("start_time"))
    end = _time(session.get("timestamp"))
    if start is None:
        if end is not None and elapsed is not None:
            start = end - timedelta(seconds=elapsed)
        else:
            start = collected.first_time
    if start is None:
        return None
    if elapsed is None:
        last = end or collected.last_time
        elapsed = max(0.0, (last - start).total_seconds()) if last is not None else 0.0
    distance = _number(session.get("total_distance"))
    if distance is None and len(collected.sessions) == 1:
        distance = collected.max_distance
    sport = sport_from_fit(session.get("sport"), session.get("sub_sport"))
    if sport == "other" and collected.sport is not None and len(collected.sessions) == 1:
        sport = sport_from_fit(*collected.sport)
    local_start = start + timedelta(seconds=offset or 0)
    return ActivityRecord(
        sport=sport,
        started_at=start,
        duration_s=elapsed,
        moving_s=timer,
        distance_m=distance,
        name=made_up_name(sport, local_start),
        source_format="fit",
        utc_offset_s=offset,
    )
