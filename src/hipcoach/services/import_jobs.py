"""Imports in the background: an upload is stored, a job row tracks it, one worker thread imports it.

- :func:`create_job` streams the upload into ``<data_dir>/uploads`` (capped; nothing is left behind when it
  is refused) and queues a job row. The upload is written under a ``.partial`` name and renamed once
  complete; the folder is the server's alone (0700, its files 0600).
- :func:`run_job` imports it through :func:`hipcoach.services.activities.import_paths`, writing progress to
  the row now and then, and deletes the upload when the job is finished (done or failed). A finished job
  keeps its counts and only the first :data:`MAX_PROBLEMS_KEPT` problems of each kind, so a bad archive of
  100,000 entries stores, and each status poll returns, a few KB.
- :mod:`hipcoach.services.job_queue` runs the jobs: a thread of the app process on SQLite, procrastinate's
  workers on PostgreSQL. On start it removes what no waiting job reads (an upload cut off by a killed server,
  one whose job finished just before the kill), and the jobs a restart or a killed worker left queued or
  running are run again. That is safe: each file is its own transaction and a file imported before adds
  nothing, and the runs this job already added are counted back from the imported-file rows of its upload.
"""

from __future__ import annotations

import io
import logging
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select

from hipcoach.services import activities
from hipcoach.services.activities import ImportReport, Progress
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import InvalidInput, NotFound
from hipcoach.storage import models as m

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 1024**3  # 1 GB: a decade of a keen runner's Strava export fits with room to spare
ACCEPTED_SUFFIXES = (".fit", ".gpx", ".tcx", ".csv", ".fit.gz", ".gpx.gz", ".tcx.gz", ".csv.gz", ".zip")
PROGRESS_EVERY_S = 0.5
PROGRESS_EVERY_FILES = 50
ACTIVE = ("queued", "running")
_CHUNK = 1024 * 1024
PARTIAL = ".partial"  # an upload still being written; renamed without it once complete
# Per kind (files that could not be read, activities left out): enough to see what went wrong and fix it;
# the counts say how many there were in all.
MAX_PROBLEMS_KEPT = 100
MAX_PROBLEM_TEXT = 500  # characters of a source or a reason (a parser's message can quote the file)
_TOTALS = "totals"  # the problems list's last entry: the counts, as {"kind": "totals", "errors": "N", ...}


class UploadRefused(InvalidInput):
    """An upload that is not stored: too big, empty, or not an activity file by its name."""


class _Stopped(Exception):
    """The worker is stopping: the job goes back to the queue after the file under way."""


@dataclass(frozen=True)
class Upload:
    """One file as the browser sent it: its name and a stream (or its bytes)."""

    name: str
    data: BinaryIO | bytes


@dataclass(frozen=True)
class JobView:
    id: int
    status: str
    upload_name: str
    created_at: datetime
    updated_at: datetime
    files_total: int
    files_done: int
    runs_added: int
    duplicates: int
    already_imported: int
    problems: list[dict[str, str]] = field(default_factory=list)  # the first MAX_PROBLEMS_KEPT of each kind
    message: str = ""
    errors_total: int = 0  # files that could not be read, all of them
    skipped_total: int = 0  # activities left out, all of them

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")

    @property
    def percent(self) -> int:
        if self.status == "done":
            return 100
        return int(100 * self.files_done / self.files_total) if self.files_total else 0


def _view(job: m.ImportJob) -> JobView:
    stored = list(job.problems or [])
    problems = [p for p in stored if p.get("kind") != _TOTALS]
    totals = next((p for p in stored if p.get("kind") == _TOTALS), None)
    if totals is None:  # a job finished before the counts were kept listed every problem
        totals = {
            "errors": str(sum(p.get("kind") == "error" for p in problems)),
            "skipped": str(sum(p.get("kind") == "skipped" for p in problems)),
        }
    return JobView(
        id=job.id,
        status=job.status,
        upload_name=job.upload_name,
        created_at=job.created_at,
        updated_at=job.updated_at,
        files_total=job.files_total,
        files_done=job.files_done,
        runs_added=job.runs_added,
        duplicates=job.duplicates,
        already_imported=job.already_imported,
        problems=problems,
        message=job.message,
        errors_total=int(totals["errors"]),
        skipped_total=int(totals["skipped"]),
    )


def accepted_name(name: str) -> bool:
    return name.lower().endswith(ACCEPTED_SUFFIXES)


def _suffix(name: str) -> str:
    lower = name.lower()
    return next(s for s in sorted(ACCEPTED_SUFFIXES, key=len, reverse=True) if lower.endswith(s))


def _safe_name(name: str) -> str:
    """The last part of a browser's file name, with only harmless characters (kept for the problems list)."""
    base = re.split(r"[\\/]", name)[-1].strip()
    return re.sub(r"[^\w.\- ]", "_", base)[:200] or "upload"


def copy_upload(upload: Upload, target: Path, budget: int) -> int:
    """Write one upload to ``target`` (readable by the server only); returns its size. Raises UploadRefused
    past ``budget`` bytes."""
    stream = io.BytesIO(upload.data) if isinstance(upload.data, bytes) else upload.data
    written = 0
    with open(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
        while chunk := stream.read(_CHUNK):
            written += len(chunk)
            if written > budget:
                raise UploadRefused("too big")
            out.write(chunk)
    return written


def size_text(n: int) -> str:
    if n >= 1024**3:
        return f"{n / 1024**3:g} GB"
    return f"{n / 1024**2:g} MB"


def create_job(
    app: Hipcoach,
    profile_id: int,
    uploads: Sequence[Upload],
    uploads_dir: Path,
    max_bytes: int = MAX_UPLOAD_BYTES,
) -> JobView:
    """Store the upload (one file, several, or a zip) and queue its import; nothing is kept on refusal.

    One file is kept as ``<uuid><suffix>``; several go into a folder ``<uuid>/`` under their own names. Either
    is written with ``.partial`` after its name and renamed once complete.
    """
    uploads = [u for u in uploads if u.name]
    if not uploads:
        raise UploadRefused("choose a file to upload (.fit, .gpx, .tcx, .csv, plain or .gz, or a .zip)")
    wrong = [u.name for u in uploads if not accepted_name(u.name)]
    if wrong:
        raise UploadRefused(
            f"not an activity file: {', '.join(wrong)} (expected .fit, .gpx, .tcx, .csv, plain or .gz, "
            "or a .zip)"
        )
    with app.reading() as db:
        if db.get(m.Profile, profile_id) is None:
            raise NotFound(f"no profile {profile_id}")
    private_folder(uploads_dir)
    key = uuid.uuid4().hex
    if len(uploads) == 1:
        stored = uploads_dir / f"{key}{_suffix(uploads[0].name)}"
        writing = stored.with_name(stored.name + PARTIAL)
        targets = [writing]
        upload_name = _safe_name(uploads[0].name)
    else:
        stored = uploads_dir / key
        writing = stored.with_name(stored.name + PARTIAL)
        writing.mkdir(mode=0o700)
        names: list[str] = []
        for upload in uploads:
            name = _safe_name(upload.name)
            while name.lower() in (n.lower() for n in names):
                name = f"copy-{name}"
            names.append(name)
        targets = [writing / name for name in names]
        upload_name = f"{len(names)} files: " + ", ".join(names)
    try:
        budget = max_bytes
        total = 0
        for upload, target in zip(uploads, targets, strict=True):
            size = copy_upload(upload, target, budget)
            budget -= size
            total += size
        if total == 0:
            raise UploadRefused("the upload is empty")
        os.replace(writing, stored)  # complete: a start-up sweep removes a .partial left by a killed server
    except UploadRefused as error:
        remove_path(writing)
        if str(error) == "too big":
            raise UploadRefused(
                f"the upload is larger than {size_text(max_bytes)}, the limit; upload the export in parts "
                "or only the newest files"
            ) from None
        raise
    except BaseException:
        remove_path(writing)
        raise
    try:
        return _queue(app, profile_id, upload_name, stored)
    except BaseException:
        remove_path(stored)
        raise


def _queue(app: Hipcoach, profile_id: int, upload_name: str, stored: Path) -> JobView:
    now = app.now()
    with app.transaction() as db:
        job = m.ImportJob(
            profile_id=profile_id,
            created_at=now,
            updated_at=now,
            status="queued",
            upload_name=upload_name[:255],
            stored_path=str(stored),
            problems=[],
            message="",
        )
        db.add(job)
        db.flush()
        return _view(job)


def remove_path(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def private_folder(folder: Path) -> None:
    """Create ``folder`` readable by the server only, or make an existing one so."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if folder.stat().st_mode & 0o077:
        folder.chmod(0o700)


def remove_orphans(app: Hipcoach, uploads_dir: Path, spare_newer_than_s: float = 0.0) -> list[str]:
    """Remove from ``uploads_dir`` whatever no queued or running job reads and no video analysis keeps;
    returns the names removed.

    A server killed mid-upload leaves a ``.partial`` file or folder with no job; killed between finishing a
    job and removing its upload, a file whose job is done. Run at start. ``spare_newer_than_s``: entries
    changed that recently are left alone, for a folder shared by several machines, where another machine's
    upload may be arriving (it writes as it arrives) or about to get its job.
    """
    private_folder(uploads_dir)
    with app.reading() as db:
        waiting = {
            Path(path).resolve()
            for path in db.scalars(select(m.ImportJob.stored_path).where(m.ImportJob.status.in_(ACTIVE)))
        }
        # A video waits here to be analysed, or stays because its runner chose to keep it.
        videos = select(m.VideoAnalysis.stored_path).where(m.VideoAnalysis.stored_path != "")
        waiting |= {Path(path).resolve() for path in db.scalars(videos)}
    removed: list[str] = []
    recent = app.now().timestamp() - spare_newer_than_s
    for entry in sorted(uploads_dir.iterdir()):
        if spare_newer_than_s and _changed_at(entry) > recent:
            continue
        if entry.resolve() not in waiting:
            remove_path(entry)
            removed.append(entry.name)
    return removed


def _changed_at(entry: Path) -> float:
    """When an upload was last written to: a folder's newest file, as a folder's own time does not move
    while a file in it grows."""
    try:
        times = [entry.stat().st_mtime]
        if entry.is_dir() and not entry.is_symlink():
            times += [child.stat().st_mtime for child in entry.iterdir()]
    except OSError:
        return 0.0
    return max(times)


def get_job(app: Hipcoach, profile_id: int, job_id: int) -> JobView:
    """One of this profile's jobs; another profile's job is not found, like one that does not exist."""
    with app.reading() as db:
        job = db.get(m.ImportJob, job_id)
        if job is None or job.profile_id != profile_id:
            raise NotFound(f"no import {job_id} for this profile")
        return _view(job)


def list_jobs(app: Hipcoach, profile_id: int, limit: int = 20) -> list[JobView]:
    """Newest first."""
    with app.reading() as db:
        rows = db.scalars(
            select(m.ImportJob)
            .where(m.ImportJob.profile_id == profile_id)
            .order_by(m.ImportJob.created_at.desc(), m.ImportJob.id.desc())
            .limit(limit)
        )
        return [_view(job) for job in rows]


def pending_job_ids(app: Hipcoach) -> list[int]:
    """Jobs a restart left queued or running, oldest first."""
    with app.reading() as db:
        return list(
            db.scalars(select(m.ImportJob.id).where(m.ImportJob.status.in_(ACTIVE)).order_by(m.ImportJob.id))
        )


def _display(source: str, stored: Path, upload_name: str) -> str:
    """A source as the runner knows it: the upload's name instead of where it waited on disk."""
    prefix = str(stored)
    if not source.startswith(prefix):
        return source
    rest = source[len(prefix) :]
    if stored.suffix or not rest.startswith(("/", "\\")):
        return upload_name + rest  # one file: "<upload name>" or "<upload name>!inner/file.gpx"
    return rest[1:]  # several files: the file's own name


def _update(app: Hipcoach, job_id: int, **values: object) -> None:
    with app.transaction() as db:
        job = db.get(m.ImportJob, job_id)
        if job is None:
            return
        for key, value in values.items():
            setattr(job, key, value)
        job.updated_at = app.now()


def _earlier_files(app: Hipcoach, profile_id: int, stored: Path) -> dict[str, tuple[int, int]]:
    """Files of this upload stored by an earlier, interrupted try: source -> (runs added, duplicates)."""
    with app.reading() as db:
        rows = db.execute(
            select(m.ImportedFile.source, m.ImportedFile.runs_added, m.ImportedFile.duplicates).where(
                m.ImportedFile.profile_id == profile_id,
                m.ImportedFile.source.startswith(str(stored), autoescape=True),
            )
        )
        return {row.source: (row.runs_added, row.duplicates) for row in rows}


def run_job(app: Hipcoach, job_id: int, should_stop: Callable[[], bool] | None = None) -> JobView:
    """Import a queued (or interrupted) job; a finished job is returned as it is.

    ``should_stop`` is asked after each file: once it answers True the job goes back to "queued", to be
    carried on by the next run."""
    with app.transaction() as db:
        job = db.get(m.ImportJob, job_id)
        if job is None:
            raise NotFound(f"no import {job_id}")
        if job.status in ("done", "failed"):
            return _view(job)
        resumed = job.status == "running" or job.files_done > 0
        job.status = "running"
        job.updated_at = app.now()
        profile_id, stored, upload_name = job.profile_id, Path(job.stored_path), job.upload_name
    if not stored.exists():
        _update(app, job_id, status="failed", message="the uploaded file is gone; upload it again")
        return get_job(app, profile_id, job_id)
    earlier = _earlier_files(app, profile_id, stored) if resumed else {}
    earlier_runs = sum(runs for runs, _ in earlier.values())
    last = {"time": time.monotonic(), "files": 0}

    def progress(p: Progress) -> None:
        now = time.monotonic()
        if (
            now - last["time"] >= PROGRESS_EVERY_S
            or p.files_done - last["files"] >= PROGRESS_EVERY_FILES
            or p.files_done == p.files_total
        ):
            _update(
                app,
                job_id,
                files_done=p.files_done,
                files_total=p.files_total,
                runs_added=earlier_runs + p.runs_added,
            )
            last["time"], last["files"] = now, p.files_done
        if should_stop is not None and should_stop():
            raise _Stopped()

    try:
        report = activities.import_paths(app, profile_id, [stored], progress=progress)
    except _Stopped:
        _update(app, job_id, status="queued", message="")
        return get_job(app, profile_id, job_id)
    except Exception as error:  # a job must end in a state the runner can read, whatever went wrong
        log.exception("import job %s failed", job_id)
        _update(app, job_id, status="failed", message=f"the import stopped: {error}")
        remove_path(stored)
        return get_job(app, profile_id, job_id)
    if report.interrupted:
        _update(app, job_id, status="queued")
        return get_job(app, profile_id, job_id)
    _finish(app, job_id, report, earlier, stored, upload_name)
    remove_path(stored)
    return get_job(app, profile_id, job_id)


def _finish(
    app: Hipcoach,
    job_id: int,
    report: ImportReport,
    earlier: dict[str, tuple[int, int]],
    stored: Path,
    upload_name: str,
) -> None:
    # Files this job stored on an earlier try come back as "already imported": they count as this job's.
    again = [source for source in report.already_imported if source in earlier]
    before = [source for source in report.already_imported if source not in earlier]
    runs = report.runs_added + sum(earlier[s][0] for s in again)
    duplicates = report.duplicates + sum(earlier[s][1] for s in again)
    kept = MAX_PROBLEMS_KEPT
    problems = [
        _problem(_display(source, stored, upload_name), reason.replace(stored.name, upload_name), "error")
        for source, reason in report.errors[:kept]
    ] + [
        _problem(_display(source, stored, upload_name), reason, "skipped")
        for source, reason in report.skipped[:kept]
    ]
    errors = len(report.errors)
    problems.append({"kind": _TOTALS, "errors": str(errors), "skipped": str(len(report.skipped))})
    parts = [f"{runs} run{'' if runs == 1 else 's'} added"]
    if duplicates:
        parts.append(f"{duplicates} already stored from another file")
    if before:
        parts.append(f"{len(before)} file{'' if len(before) == 1 else 's'} imported before")
    if errors:
        parts.append(f"{errors} file{'' if errors == 1 else 's'} could not be read")
    _update(
        app,
        job_id,
        status="done",
        files_total=report.files_total,
        files_done=report.files_done,
        runs_added=runs,
        duplicates=duplicates,
        already_imported=len(before),
        problems=problems,
        message="; ".join(parts) + ".",
    )


def _problem(source: str, reason: str, kind: str) -> dict[str, str]:
    return {"source": source[:MAX_PROBLEM_TEXT], "reason": reason[:MAX_PROBLEM_TEXT], "kind": kind}
