"""Importers: turn activity files (FIT, GPX, TCX, a Strava bulk export, a CSV log) into plain records.

Nothing here touches storage; a service saves what :func:`scan` / :func:`parse_bytes` return. The contract and
the decisions (running vs skipped, unknown extensions, sport defaults) are described in
:mod:`hipcoach.importers.records` and the format modules.
"""

from hipcoach.importers.records import (
    RUNNING_SPORTS,
    ActivityRecord,
    FileOutcome,
    ImportLimits,
    SkippedActivity,
)
from hipcoach.importers.scanner import count_files, parse_bytes, scan

__all__ = [
    "RUNNING_SPORTS",
    "ActivityRecord",
    "FileOutcome",
    "ImportLimits",
    "SkippedActivity",
    "count_files",
    "parse_bytes",
    "scan",
]
