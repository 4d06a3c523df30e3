"""Runs: import them from files (each file in its own transaction, so an interrupted import resumes), or type
one in; the same run from two sources is stored once."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hipcoach.importers.records import ActivityRecord, FileOutcome
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import InvalidInput, NotFound
from hipcoach.storage import models as m

# The same run seen twice (a watch file and the Strava export): start within 60 s and distance within 2%.
SAME_START = timedelta(seconds=60)
SAME_DISTANCE_FRACTION = 0.02
MAX_RUN_DISTANCE_M = 400_000  # longer than any ultramarathon a file will hold [D]
MAX_RUN_DURATION_S = 7 * 24 * 3600


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
    """A run no watch can record; the file is then reported, not stored."""
    if record.started_at.tzinfo is None:
        return "the start time has no time zone"
    if not math.isfinite(record.duration_s) or not 0 <= record.duration_s <= MAX_RUN_DURATION_S:
        return f"a duration of {record.duration_s:g} s is impossible"
    if record.distance_m is not None and (
        not math.isfinite(record.distance_m) or not 0 <= record.distance_m <= MAX_RUN_DISTANCE_M
    ):
        return f"a distance of {record.distance_m:g} m is impossible"
    return None


def find_duplicate(db: Session, profile_id: int, record: ActivityRecord) -> m.Activity | None:
    """A stored run that starts within 60 s of this one and, where both know it, has a distance within 2%."""
    candidates = db.scalars(
        select(m.Activity).where(
            m.Activity.profile_id == profile_id,
            m.Activity.started_at >= record.started_at - SAME_START,
            m.Activity.started_at <= record.started_at + SAME_START,
        )
    )
    for stored in candidates:
        if stored.distance_m is None or record.distance_m is None:
            return stored
        longer = max(stored.distance_m, record.distance_m)
        if longer == 0 or abs(stored.distance_m - record.distance_m) <= SAME_DISTANCE_FRACTION * longer:
            return stored
    return None


def _store_file(app: Hipcoach, profile_id: int, outcome: FileOutcome, report: ImportReport) -> int:
    """One file in one transaction; returns the runs it added."""
    problems = [p for p in (_problem(r) for r in outcome.activities) if p]
    if problems:
        report.errors.append((outcome.source, problems[0]))
        return 0
    with app.transaction() as db:
        if db.scalar(
            select(m.ImportedFile.id).where(
                m.ImportedFile.profile_id == profile_id, m.ImportedFile.file_hash == outcome.file_hash
            )
        ):
            report.already_imported.append(outcome.source)
            return 0
        added = duplicates = 0
        for record in outcome.activities:
            if not record.counts_as_running:
                report.skipped.append((f"{outcome.source}: {record.name}", f"{record.sport} is not running"))
                continue
            if find_duplicate(db, profile_id, record) is not None:
                duplicates += 1
                continue
            db.add(_row(profile_id, record, outcome.source, app.now()))
            db.flush()  # the next record of the same file must see this one
            added += 1
        for skipped in outcome.skipped:
            report.skipped.append((f"{outcome.source}: {skipped.name}", skipped.reason))
        db.add(
            m.ImportedFile(
                profile_id=profile_id,
                file_hash=outcome.file_hash,
                source=outcome.source[:500],
                imported_at=app.now(),
                runs_added=added,
                duplicates=duplicates,
                skipped=len(outcome.skipped),
            )
        )
    report.duplicates += duplicates
    return added


def _row(profile_id: int, record: ActivityRecord, source: str, now: datetime) -> m.Activity:
    return m.Activity(
        profile_id=profile_id,
        started_at=record.started_at,
        duration_s=record.duration_s,
        moving_s=record.moving_s,
        distance_m=record.distance_m,
        sport=record.sport,
        name=record.name[:200],
        source_format=record.source_format,
        source=source[:500],
        external_id=record.external_id,
        utc_offset_s=record.utc_offset_s,
        imported_at=now,
    )


def import_outcomes(
    app: Hipcoach,
    profile_id: int,
    outcomes: Iterable[FileOutcome],
    files_total: int,
    progress: Callable[[Progress], None] | None = None,
) -> ImportReport:
    """Store what the importers read, file by file. Ctrl-C stops after the file under way; run it again."""
    _require_profile(app, profile_id)
    report = ImportReport(files_total=files_total)
    try:
        for outcome in outcomes:
            if outcome.error is not None:
                report.errors.append((outcome.source, outcome.error))
            else:
                report.runs_added += _store_file(app, profile_id, outcome, report)
            report.files_done += 1
            if progress is not None:
                progress(Progress(report.files_done, files_total, report.runs_added, outcome.source))
    except KeyboardInterrupt:
        report.interrupted = True
    return report


def import_paths(
    app: Hipcoach,
    profile_id: int,
    paths: Sequence[Path],
    progress: Callable[[Progress], None] | None = None,
) -> ImportReport:
    """Import files, folders and zips; every bad file is named with its reason and the rest goes in."""
    from hipcoach.importers import count_files, scan  # the parsers load only when an import runs

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise InvalidInput(f"no such file or folder: {', '.join(missing)}")
    return import_outcomes(app, profile_id, scan(paths), count_files(paths), progress)


def add_run(
    app: Hipcoach,
    profile_id: int,
    started_at: datetime,
    distance_km: float,
    duration_min: float,
    name: str = "",
) -> RunView:
    """A run typed in by hand; refused when it repeats one already stored."""
    if started_at.tzinfo is None:
        raise InvalidInput("the start time needs a time zone")
    if started_at > app.now():
        raise InvalidInput(f"{started_at:%Y-%m-%d %H:%M} is in the future")
    if not (math.isfinite(distance_km) and 0 < distance_km <= MAX_RUN_DISTANCE_M / 1000):
        raise InvalidInput(f"distance: {distance_km:g} km is outside 0-{MAX_RUN_DISTANCE_M // 1000} km")
    if not (math.isfinite(duration_min) and 0 < duration_min <= MAX_RUN_DURATION_S / 60):
        raise InvalidInput(f"duration: {duration_min:g} min is not a run's length")
    record = ActivityRecord(
        sport="run",
        started_at=started_at.astimezone(UTC),
        duration_s=duration_min * 60,
        moving_s=None,
        distance_m=distance_km * 1000,
        name=name.strip() or f"Run {started_at:%Y-%m-%d}",
        source_format="manual",
    )
    with app.transaction() as db:
        _require_profile_in(db, profile_id)
        if find_duplicate(db, profile_id, record) is not None:
            raise InvalidInput(f"a run starting at {started_at:%Y-%m-%d %H:%M} is already stored")
        row = _row(profile_id, record, "typed in", app.now())
        db.add(row)
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
