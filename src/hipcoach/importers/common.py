"""Helpers shared by the format parsers: times, distances, tag names, outcomes."""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable
from datetime import UTC, datetime

from hipcoach.importers.records import (
    RUNNING_SPORTS,
    ActivityRecord,
    FileOutcome,
    SkippedActivity,
    skip_reason,
)

EARTH_RADIUS_M = 6_371_008.8


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def as_utc(value: datetime) -> datetime:
    """A naive datetime is taken as UTC; an aware one is converted."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def parse_iso_time(text: str | None) -> datetime | None:
    """An ISO 8601 time as written in GPX and TCX (``2024-03-15T06:12:03Z``, fractions, offsets)."""
    if not text:
        return None
    cleaned = text.strip()
    # More than 6 fractional digits (some apps write nanoseconds) would upset fromisoformat.
    cleaned = re.sub(r"(\.\d{6})\d+", r"\1", cleaned)
    try:
        return as_utc(datetime.fromisoformat(cleaned))
    except ValueError:
        return None


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(min(1.0, a)))


def local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def outcome_from_records(source: str, file_hash: str, records: Iterable[ActivityRecord]) -> FileOutcome:
    """Split records into counted running activities and skipped others (see records.py)."""
    running: list[ActivityRecord] = []
    skipped: list[SkippedActivity] = []
    for record in records:
        if record.sport in RUNNING_SPORTS:
            running.append(record)
        else:
            skipped.append(
                SkippedActivity(name=record.name, sport=record.sport, reason=skip_reason(record.sport))
            )
    return FileOutcome(source=source, file_hash=file_hash, activities=tuple(running), skipped=tuple(skipped))
