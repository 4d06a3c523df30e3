"""A runner's own training log as CSV.

Format (UTF-8, comma separated, a header line first; column order free, extra columns ignored)::

    date,distance_km,duration_min,name,sport
    2024-03-15,10.2,55.5,Easy run,run
    2024-03-16T07:30:00+01:00,5,28,,
    2024-03-17 18:00,21.1,118

- ``date``: an ISO date (``2024-03-15``), or an ISO date and time with or without an offset. A time without an
  offset is taken as UTC; a bare date is placed at 12:00 UTC, so it stays on that calendar day in every time
  zone from UTC−12 to UTC+11.
- ``distance_km``: kilometres, decimal point or comma; may be empty (unknown).
- ``duration_min``: minutes, elapsed (required).
- ``name`` (optional): the activity's name; default e.g. "Run 2024-03-15".
- ``sport`` (optional): run, trail run, treadmill, ride, walk, hike, swim …; default ``run``.

A row that cannot be read is listed as skipped with the line number and the reason; the other rows still
import.
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, time

from hipcoach.importers.common import as_utc
from hipcoach.importers.records import ActivityRecord, ImportFailure, SkippedActivity, made_up_name
from hipcoach.importers.sports import fold, sport_from_text

REQUIRED = ("date", "distance_km", "duration_min")


def is_log_header(header: list[str]) -> bool:
    names = {_fold_header(cell) for cell in header}
    return all(column in names for column in REQUIRED)


def _fold_header(cell: str) -> str:
    return cell.strip().lstrip("\ufeff").strip().lower()


def _number(text: str) -> float | None:
    cleaned = text.strip().replace(",", ".")
    if not cleaned:
        return None
    value = float(cleaned)  # ValueError is reported for the row
    if value < 0:
        raise ValueError(f"negative number {text!r}")
    return value


def _when(text: str) -> datetime:
    cleaned = text.strip()
    try:
        return datetime.combine(date.fromisoformat(cleaned), time(12, 0), tzinfo=UTC)
    except ValueError:
        pass
    try:
        return as_utc(datetime.fromisoformat(cleaned))
    except ValueError as exc:
        raise ValueError(f"unreadable date {cleaned!r} (expected e.g. 2024-03-15)") from exc


def parse_log(text: str) -> tuple[list[ActivityRecord], list[SkippedActivity]]:
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or not is_log_header(header):
        raise ImportFailure(
            "not a recognised CSV: expected a header 'date,distance_km,duration_min[,name][,sport]'"
        )
    index = {_fold_header(cell): position for position, cell in enumerate(header)}
    records: list[ActivityRecord] = []
    skipped: list[SkippedActivity] = []

    def cell(row: list[str], column: str) -> str:
        position = index.get(column)
        return row[position].strip() if position is not None and position < len(row) else ""

    for line_number, row in enumerate(reader, start=2):
        if not any(value.strip() for value in row):
            continue
        sport_text = cell(row, "sport")
        sport = sport_from_text(sport_text) if sport_text else "run"
        if sport is None:
            sport = "other" if fold(sport_text) else "run"
        try:
            started = _when(cell(row, "date"))
            distance_km = _number(cell(row, "distance_km"))
            minutes = _number(cell(row, "duration_min"))
            if minutes is None:
                raise ValueError("the duration is missing")
        except ValueError as exc:
            skipped.append(
                SkippedActivity(name=f"line {line_number}", sport=sport, reason=f"unreadable row: {exc}")
            )
            continue
        records.append(
            ActivityRecord(
                sport=sport,
                started_at=started,
                duration_s=minutes * 60.0,
                moving_s=None,
                distance_m=distance_km * 1000.0 if distance_km is not None else None,
                name=cell(row, "name") or made_up_name(sport, started),
                source_format="csv",
            )
        )
    return records, skipped
