"""Runs: import them from files, or type one in; the same run from two sources is stored once.

Imports are stored in batches (issue 7): up to ``BATCH_FILES`` files, or what arrives in ``BATCH_SECONDS``,
go in one transaction with one query for the files already imported, one for the stored runs that could
repeat the batch's (the time window the batch covers, matched here with the same 60 s / 2% rule, also against
the runs added earlier in the batch), and one multi-row insert (``executemany``) each for the runs and the
files. Progress is reported for every file once its batch is stored. An interrupted import (Ctrl-C) keeps
every stored batch and, when Ctrl-C arrives while files are being read, also stores the files already read;
only a batch being written when it arrives is lost, whole, and running the import again adds the rest
without duplicates (the files already stored are recognised by their hash).
"""

from __future__ import annotations

import bisect
import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from hipcoach.domain import measures
from hipcoach.domain.units import DEFAULT_UNIT, DistanceUnit
from hipcoach.importers.records import ActivityRecord, FileOutcome
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import InvalidInput, NotFound
from hipcoach.services.locks import hold_runner
from hipcoach.storage import models as m

# The same run seen twice (a watch file and the Strava export): start within 60 s and distance within 2%.
SAME_START = timedelta(seconds=60)
SAME_DISTANCE_FRACTION = 0.02
BATCH_FILES = 200  # files stored in one transaction
BATCH_SECONDS = 2.0  # ... or fewer, when reading them took this long (progress stays lively)
_IN_LIST = 500  # file hashes per IN (...) list, well under SQLite's variable limit


@dataclass(frozen=True)
class Progress:
    """Where a running import stands, for a progress bar."""

    files_done: int
    files_total: int
    runs_added: int
    current: str


@dataclass
class ImportReport:
    files_total: int = 0
    files_done: int = 0
    runs_added: int = 0
    duplicates: int = 0
    already_imported: list[str] = field(default_factory=list)  # files read before: nothing to do
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (source: activity, reason)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    interrupted: bool = False


@dataclass(frozen=True)
class RunView:
    id: int
    started_at: datetime
    distance_m: float | None
    duration_s: float
    moving_s: float | None
    sport: str
    name: str
    source: str


def _problem(record: ActivityRecord) -> str | None:
    """A run no watch can record; the file is then reported, not stored. The bounds are the domain's."""
    if record.started_at.tzinfo is None:
        return "the start time has no time zone"
    longest_s, farthest_m = measures.MAX_RUN_DURATION_MIN * 60, measures.MAX_RUN_DISTANCE_KM * 1000
    if not math.isfinite(record.duration_s) or not 0 <= record.duration_s <= longest_s:
        return f"a duration of {record.duration_s:g} s is impossible"
    if record.distance_m is not None and (
        not math.isfinite(record.distance_m) or not 0 <= record.distance_m <= farthest_m
    ):
        return f"a distance of {record.distance_m:g} m is impossible"
    try:
        measures.not_too_early("the start", record.started_at.date())
        # A ride may well be quicker; a run without a distance has no pace.
        if record.counts_as_running and record.distance_m:
            measures.run_pace(record.distance_m / 1000, record.duration_s / 60)
    except measures.InvalidMeasurement as error:
        return str(error)
    return None


def find_duplicate(
    db: Session, profile_id: int, record: ActivityRecord, excluding: int | None = None
) -> m.Activity | None:
    """A stored run that starts within 60 s of this one and, where both know it, has a distance within 2%
    (``excluding`` a run being corrected, which may well match itself)."""
    query = select(m.Activity).where(
        m.Activity.profile_id == profile_id,
        m.Activity.started_at >= record.started_at - SAME_START,
        m.Activity.started_at <= record.started_at + SAME_START,
    )
    if excluding is not None:
        query = query.where(m.Activity.id != excluding)
    candidates = db.scalars(query)
    return next((stored for stored in candidates if _is_same_run(stored.distance_m, record.distance_m)), None)


def _is_same_run(stored_distance: float | None, distance: float | None) -> bool:
    """The distance half of the rule in :func:`find_duplicate` (the starts are already within 60 s)."""
    if stored_distance is None or distance is None:
        return True
    longer = max(stored_distance, distance)
    return longer == 0 or abs(stored_distance - distance) <= SAME_DISTANCE_FRACTION * longer


class _Runs:
    """Stored runs (start, distance) in a time window, sorted by start, for the duplicate rule."""

    def __init__(self, runs: Iterable[tuple[datetime, float | None]]) -> None:
        pairs = sorted(runs, key=lambda run: run[0])
        self._starts = [start for start, _ in pairs]
        self._distances = [distance for _, distance in pairs]

    def has(self, record: ActivityRecord) -> bool:
        low = bisect.bisect_left(self._starts, record.started_at - SAME_START)
        high = bisect.bisect_right(self._starts, record.started_at + SAME_START)
        return any(_is_same_run(self._distances[i], record.distance_m) for i in range(low, high))

    def add(self, record: ActivityRecord) -> None:
        at = bisect.bisect_right(self._starts, record.started_at)
        self._starts.insert(at, record.started_at)
        self._distances.insert(at, record.distance_m)


@dataclass
class _FileResult:
    """What one file of a batch did, merged into the report once the batch is stored."""

    source: str
    added: int = 0
    duplicates: int = 0
    already_imported: bool = False
    skipped: list[tuple[str, str]] = field(default_factory=list)
    error: str | None = None


def _store_batch(app: Hipcoach, profile_id: int, batch: list[FileOutcome]) -> list[_FileResult]:
    """The batch's files in one transaction (all or nothing); one result per file, in order."""
    results = [_FileResult(outcome.source) for outcome in batch]
    storable: list[tuple[FileOutcome, _FileResult]] = []
    for outcome, result in zip(batch, results, strict=True):
        if outcome.error is not None:
            result.error = outcome.error
            continue
        problems = [p for p in (_problem(r) for r in outcome.activities) if p]
        if problems:
            result.error = problems[0]
            continue
        storable.append((outcome, result))
    if not storable:
        return results
    now = app.now()
    with app.transaction() as db:
        hold_runner(db, profile_id)  # another import or typed-in run at once waits, then sees these
        seen = _imported_hashes(db, profile_id, {outcome.file_hash for outcome, _ in storable})
        starts = [r.started_at for outcome, _ in storable for r in outcome.activities if r.counts_as_running]
        runs = _Runs(_runs_between(db, profile_id, min(starts), max(starts)) if starts else ())
        activity_rows: list[dict[str, object]] = []
        file_rows: list[dict[str, object]] = []
        for outcome, result in storable:
            if outcome.file_hash in seen:
                result.already_imported = True
                continue
            seen.add(outcome.file_hash)
            for record in outcome.activities:
                if not record.counts_as_running:
                    result.skipped.append(
                        (f"{outcome.source}: {record.name}", f"{record.sport} is not running")
                    )
                    continue
                if runs.has(record):
                    result.duplicates += 1
                    continue
                runs.add(record)  # the next record, of this file or a later one, must see this one
                activity_rows.append(_row_values(profile_id, record, outcome.source, now))
                result.added += 1
            for skipped in outcome.skipped:
                result.skipped.append((f"{outcome.source}: {skipped.name}", skipped.reason))
            file_rows.append(
                {
                    "profile_id": profile_id,
                    "file_hash": outcome.file_hash,
                    "source": outcome.source[:500],
                    "imported_at": now,
                    "runs_added": result.added,
                    "duplicates": result.duplicates,
                    "skipped": len(outcome.skipped),
                }
            )
        if activity_rows:
            db.execute(insert(m.Activity), activity_rows)
        if file_rows:
            db.execute(insert(m.ImportedFile), file_rows)
    return results


def _imported_hashes(db: Session, profile_id: int, hashes: set[str]) -> set[str]:
    found: set[str] = set()
    ordered = sorted(hashes)
    for i in range(0, len(ordered), _IN_LIST):
        found.update(
            db.scalars(
                select(m.ImportedFile.file_hash).where(
                    m.ImportedFile.profile_id == profile_id,
                    m.ImportedFile.file_hash.in_(ordered[i : i + _IN_LIST]),
                )
            )
        )
    return found


def _runs_between(
    db: Session, profile_id: int, first: datetime, last: datetime
) -> list[tuple[datetime, float | None]]:
    rows = db.execute(
        select(m.Activity.started_at, m.Activity.distance_m).where(
            m.Activity.profile_id == profile_id,
            m.Activity.started_at >= first - SAME_START,
            m.Activity.started_at <= last + SAME_START,
        )
    )
    return [(started_at, distance) for started_at, distance in rows]


def _row_values(profile_id: int, record: ActivityRecord, source: str, now: datetime) -> dict[str, object]:
    return {
        "profile_id": profile_id,
        "started_at": record.started_at,
        "duration_s": record.duration_s,
        "moving_s": record.moving_s,
        "distance_m": record.distance_m,
        "sport": record.sport,
        "name": record.name[:200],
        "source_format": record.source_format,
        "source": source[:500],
        "external_id": record.external_id,
        "utc_offset_s": record.utc_offset_s,
        "imported_at": now,
    }


def _row(profile_id: int, record: ActivityRecord, source: str, now: datetime) -> m.Activity:
    return m.Activity(**_row_values(profile_id, record, source, now))


def import_outcomes(
    app: Hipcoach,
    profile_id: int,
    outcomes: Iterable[FileOutcome],
    files_total: int,
    progress: Callable[[Progress], None] | None = None,
    *,
    batch_files: int = BATCH_FILES,
    batch_seconds: float = BATCH_SECONDS,
) -> ImportReport:
    """Store what the importers read, in batches (see the module docstring). Ctrl-C stops after storing the
    files already read; a batch being written when it arrives is lost whole. Run it again for the rest."""
    _require_profile(app, profile_id)
    report = ImportReport(files_total=files_total)
    batch: list[FileOutcome] = []
    began = time.monotonic()
    try:
        for outcome in outcomes:
            if not batch:
                began = time.monotonic()
            batch.append(outcome)
            if len(batch) >= batch_files or time.monotonic() - began >= batch_seconds:
                pending, batch = batch, []
                _flush(app, profile_id, pending, report, progress)
    except KeyboardInterrupt:
        report.interrupted = True
    except Exception:
        if batch:  # the files read before the source failed are kept, as they were file by file
            _flush(app, profile_id, batch, report, progress)
        raise
    if batch:
        try:
            _flush(app, profile_id, batch, report, progress)
        except KeyboardInterrupt:
            report.interrupted = True
    return report


def _flush(
    app: Hipcoach,
    profile_id: int,
    batch: list[FileOutcome],
    report: ImportReport,
    progress: Callable[[Progress], None] | None,
) -> None:
    """Store one batch, count it in the report, then report progress file by file."""
    results = _store_batch(app, profile_id, batch)
    done, added = report.files_done, report.runs_added
    for result in results:
        if result.error is not None:
            report.errors.append((result.source, result.error))
        if result.already_imported:
            report.already_imported.append(result.source)
        report.skipped.extend(result.skipped)
        report.duplicates += result.duplicates
        report.runs_added += result.added
    report.files_done += len(results)
    if progress is not None:
        for result in results:
            done += 1
            added += result.added
            progress(Progress(done, report.files_total, added, result.source))


def import_paths(
    app: Hipcoach,
    profile_id: int,
    paths: Sequence[Path],
    progress: Callable[[Progress], None] | None = None,
    *,
    workers: int | None = None,
    decoder: str = "auto",
) -> ImportReport:
    """Import files, folders and zips; every bad file is named with its reason and the rest goes in.

    ``workers``: processes that parse the files (default: two where there are two cores, see
    :func:`hipcoach.importers.scanner.default_workers`); ``decoder`` picks the FIT decoder (for benchmarks).
    """
    from contextlib import closing

    from hipcoach.importers import count_files, scan  # the parsers load only when an import runs
    from hipcoach.importers.scanner import default_workers

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise InvalidInput(f"no such file or folder: {', '.join(missing)}")
    total = count_files(paths)
    workers = default_workers() if workers is None else workers
    with closing(scan(paths, workers=workers, decoder=decoder)) as outcomes:  # closing stops the workers
        return import_outcomes(app, profile_id, outcomes, total, progress)


def _typed_run(
    app: Hipcoach,
    started_at: datetime,
    distance_km: float,
    duration_min: float,
    name: str,
    unit: DistanceUnit,
) -> ActivityRecord:
    """A run as the runner typed it, checked against the bounds every run is held to."""
    if started_at.tzinfo is None:
        raise InvalidInput("the start time needs a time zone")
    if started_at > app.now():
        raise InvalidInput(f"{started_at:%Y-%m-%d %H:%M} is in the future")
    try:
        measures.not_too_early("the start", started_at.date())
        measures.run_distance_km(distance_km, unit)
        measures.run_duration_min(duration_min)
        measures.run_pace(distance_km, duration_min, unit)
    except measures.InvalidMeasurement as error:
        raise InvalidInput(str(error)) from error
    return ActivityRecord(
        sport="run",
        started_at=started_at.astimezone(UTC),
        duration_s=duration_min * 60,
        moving_s=None,
        distance_m=distance_km * 1000,
        name=name.strip() or f"Run {started_at:%Y-%m-%d}",
        source_format="manual",
    )


def add_run(
    app: Hipcoach,
    profile_id: int,
    started_at: datetime,
    distance_km: float,
    duration_min: float,
    name: str = "",
    unit: DistanceUnit = DEFAULT_UNIT,
) -> RunView:
    """A run typed in by hand; refused when it repeats one already stored. ``unit`` is the one the runner
    typed the distance in: only the messages speak it."""
    record = _typed_run(app, started_at, distance_km, duration_min, name, unit)
    with app.transaction() as db:
        if hold_runner(db, profile_id) is None:  # the same run sent twice at once: the second waits
            raise NotFound(f"no profile {profile_id}")
        if find_duplicate(db, profile_id, record) is not None:
            raise InvalidInput(f"a run starting at {started_at:%Y-%m-%d %H:%M} is already stored")
        row = _row(profile_id, record, "typed in", app.now())
        db.add(row)
        db.flush()
        return _view(row)


def edit_run(
    app: Hipcoach,
    profile_id: int,
    run_id: int,
    started_at: datetime,
    distance_km: float,
    duration_min: float,
    name: str = "",
    unit: DistanceUnit = DEFAULT_UNIT,
) -> RunView:
    """Correct a stored run (a watch that lost its signal, a run typed in wrong), with the checks of a new
    one. Weekly distance and spikes are worked out from the runs whenever they are shown, so nothing else
    needs changing; the run keeps where it came from."""
    record = _typed_run(app, started_at, distance_km, duration_min, name, unit)
    with app.transaction() as db:
        hold_runner(db, profile_id)
        row = db.get(m.Activity, run_id)
        if row is None or row.profile_id != profile_id:
            raise NotFound(f"no run {run_id} for this profile")
        if find_duplicate(db, profile_id, record, excluding=run_id) is not None:
            raise InvalidInput(f"another run starting at {started_at:%Y-%m-%d %H:%M} is already stored")
        row.started_at = record.started_at
        row.distance_m = record.distance_m
        row.duration_s = record.duration_s
        row.moving_s = None  # the watch's moving time no longer matches a corrected duration
        row.name = record.name[:200]
        db.flush()
        return _view(row)


def _view(row: m.Activity) -> RunView:
    return RunView(
        row.id, row.started_at, row.distance_m, row.duration_s, row.moving_s, row.sport, row.name, row.source
    )


def list_runs(app: Hipcoach, profile_id: int, since: datetime | None = None) -> list[RunView]:
    """Oldest first."""
    with app.reading() as db:
        query = select(m.Activity).where(m.Activity.profile_id == profile_id)
        if since is not None:
            query = query.where(m.Activity.started_at >= since)
        return [_view(row) for row in db.scalars(query.order_by(m.Activity.started_at, m.Activity.id))]


def run_count(app: Hipcoach, profile_id: int) -> int:
    with app.reading() as db:
        return int(
            db.scalar(select(func.count()).select_from(m.Activity).where(m.Activity.profile_id == profile_id))
            or 0
        )


def get_run(app: Hipcoach, profile_id: int, run_id: int) -> RunView:
    with app.reading() as db:
        row = db.get(m.Activity, run_id)
        if row is None or row.profile_id != profile_id:
            raise NotFound(f"no run {run_id} for this profile")
        return _view(row)


def recent_runs(app: Hipcoach, profile_id: int, count: int) -> list[RunView]:
    """The latest ``count`` runs, newest first."""
    with app.reading() as db:
        rows = db.scalars(
            select(m.Activity)
            .where(m.Activity.profile_id == profile_id)
            .order_by(m.Activity.started_at.desc(), m.Activity.id.desc())
            .limit(count)
        )
        return [_view(row) for row in rows]


def delete_run(app: Hipcoach, profile_id: int, run_id: int) -> None:
    with app.transaction() as db:
        row = db.get(m.Activity, run_id)
        if row is None or row.profile_id != profile_id:
            raise NotFound(f"no run {run_id} for this profile")
        db.delete(row)


def _require_profile(app: Hipcoach, profile_id: int) -> None:
    with app.reading() as db:
        _require_profile_in(db, profile_id)


def _require_profile_in(db: Session, profile_id: int) -> None:
    if db.get(m.Profile, profile_id) is None:
        raise NotFound(f"no profile {profile_id}")
