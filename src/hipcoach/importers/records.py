"""The plain records the importers produce; the contract with the service that saves them.

Decisions (issue 4):

- **Running in ``activities``, everything else in ``skipped``.** A ``FileOutcome`` lists a running activity
  (``run``, ``trail_run``, ``treadmill``) in ``activities`` and a non-running one (a ride, a walk, a swim, an
  activity of unknown type) only in ``skipped``, with the reason ("cycling is not running"). So every
  ``ActivityRecord`` a service receives has ``counts_as_running`` true; the property stays for callers that
  build records themselves.
- **Unknown extensions.** While walking a folder or a zip archive, files that are not activity files (photos,
  ``README.txt``, Strava's ``media/``) are passed over silently and not counted by ``count_files``. A path
  given explicitly, or a name given to ``parse_bytes``, with an unknown extension gives an error outcome "not
  an activity file".
- **Times** are timezone-aware UTC; ``utc_offset_s`` is set only when the file tells the local time.

``scan``, ``count_files`` and ``parse_bytes`` live in :mod:`hipcoach.importers.scanner` and are re-exported
from :mod:`hipcoach.importers` (and reachable from this module too).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

RUNNING_SPORTS = frozenset({"run", "trail_run", "treadmill"})
SPORTS = frozenset({"run", "trail_run", "treadmill", "cycling", "walk", "hike", "swim", "other"})


@dataclass(frozen=True)
class ActivityRecord:
    sport: str  # normalised: run | trail_run | treadmill | cycling | walk | hike | swim | other
    started_at: datetime  # timezone-aware, UTC
    duration_s: float  # elapsed, first to last timestamp (or the file's total elapsed time)
    moving_s: float | None  # timer time without pauses, when the file says
    distance_m: float | None  # None when unknown
    name: str  # activity name or a made-up one like "Run 2024-03-15"
    source_format: str  # fit | gpx | tcx | strava | csv
    external_id: str | None = None  # e.g. the Strava activity id
    utc_offset_s: int | None = None  # local time offset when the file tells it (FIT activity.local_timestamp)

    @property
    def counts_as_running(self) -> bool:
        return self.sport in RUNNING_SPORTS


@dataclass(frozen=True)
class SkippedActivity:
    name: str
    sport: str
    reason: str  # e.g. "cycling is not running"


@dataclass(frozen=True)
class FileOutcome:
    source: str  # what the user recognises: the path, or "export.zip!activities/123.fit.gz"
    file_hash: str  # sha256 hex of the file's bytes as stored (before gunzip)
    activities: tuple[ActivityRecord, ...] = ()  # running activities only (see the module docstring)
    skipped: tuple[SkippedActivity, ...] = ()  # activities not counted, with the reason
    error: str | None = None  # set when the file could not be read: says why, in plain words


@dataclass(frozen=True)
class ImportLimits:
    """Caps that keep a hostile or broken file from exhausting memory.

    - ``max_file_bytes``: one activity file, after gunzip / unzip.
    - ``max_archive_bytes``: a zip archive: its size on disk and the sum of its entries' uncompressed sizes
      (declared, and actually read).
    - ``max_entries``: entries in one zip archive.
    - ``max_ratio``: uncompressed / compressed size of the whole archive, and of any entry or gz file
      larger than ``ratio_floor_bytes`` (small files of repetitive text legitimately compress well).
    """

    max_file_bytes: int = 100 * 1024 * 1024
    max_archive_bytes: int = 2 * 1024 * 1024 * 1024
    max_entries: int = 100_000
    max_ratio: float = 200.0
    ratio_floor_bytes: int = 1024 * 1024


class ImportFailure(Exception):
    """A file could not be read; the message says why in plain words and becomes ``FileOutcome.error``."""


def skip_reason(sport: str) -> str:
    if sport == "other":
        return "the activity type is not running (or is unknown)"
    return f"{sport} is not running"


_SPORT_LABELS = {
    "run": "Run",
    "trail_run": "Trail run",
    "treadmill": "Treadmill run",
    "cycling": "Ride",
    "walk": "Walk",
    "hike": "Hike",
    "swim": "Swim",
    "other": "Activity",
}


def made_up_name(sport: str, when: datetime) -> str:
    """A name for an activity whose file gives none, e.g. "Run 2024-03-15"."""
    return f"{_SPORT_LABELS.get(sport, 'Activity')} {when.date().isoformat()}"


def __getattr__(name: str) -> Any:
    # The contract names scan / count_files / parse_bytes with the records; imported lazily to avoid a cycle.
    if name in {"scan", "count_files", "parse_bytes"}:
        from hipcoach.importers import scanner

        return getattr(scanner, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
