"""The job queue (issue 20): the same import job runs in the app's own thread on SQLite and through
procrastinate on PostgreSQL, where `hipcoach worker` processes share it and a killed worker's job is run
again and finished once."""

from __future__ import annotations

import inspect
import io
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import Engine, func, select, text

from hipcoach.cli import worker_cmd
from hipcoach.content import default_library
from hipcoach.services import import_jobs
from hipcoach.services.context import Hipcoach
from hipcoach.services.import_jobs import Upload
from hipcoach.services.job_queue import (
    DEAD_AFTER_S,
    DEFAULT_TIMES,
    SHARED_UPLOADS_GRACE_S,
    JobRunner,
    ProcrastinateQueue,
    WorkerTimes,
    import_lock,
    queue_for,
)
from hipcoach.settings import Settings
from hipcoach.storage import models as m
from hipcoach.storage.db import open_database
from tests.integration.conftest import Clock
from tests.integration.helpers import screened_runner
from tests.integration.test_service_import_jobs import gpx_run, runs_zip, zip_of
from tests.web.live import stop

WORKER_START_TIMEOUT_S = 60
JOB_TIMEOUT_S = 120


def test_on_sqlite_the_app_runs_the_jobs_itself_and_no_worker_is_needed(sqlite_database_url, tmp_path):
    engine = open_database(sqlite_database_url)
    try:
        assert isinstance(queue_for(engine, "app"), JobRunner)
    finally:
        engine.dispose()
    with pytest.raises(ValidationError, match="HIPCOACH_JOBS=workers needs PostgreSQL"):
        Settings(jobs="workers", database_url=sqlite_database_url)
    env = os.environ | {"HIPCOACH_DATABASE_URL": sqlite_database_url, "HIPCOACH_DATA_DIR": str(tmp_path)}
    env.pop("HIPCOACH_JOBS", None)
    done = subprocess.run(
        [_hipcoach(), "worker"], env=env, capture_output=True, text=True, timeout=WORKER_START_TIMEOUT_S
    )
    assert done.returncode == 1
    assert "the job queue needs PostgreSQL" in done.stdout + done.stderr
    assert "runs the imports itself" in done.stdout + done.stderr


def test_the_workers_default_dead_after_is_the_queues_own():
    """`hipcoach worker --dead-after` defaults to the time the app processes' own workers use."""
    parameter = inspect.signature(worker_cmd.worker).parameters["dead_after"]
    assert parameter.default.default == DEAD_AFTER_S
    assert DEFAULT_TIMES == WorkerTimes.noticing_within(DEAD_AFTER_S)


@pytest.fixture
def pg(postgres_database_url: str) -> Iterator[Hipcoach]:
    """A Hipcoach on a migrated PostgreSQL database of its own, at a clock the test moves."""
    engine = open_database(postgres_database_url)
    try:
        yield Hipcoach(engine=engine, library=default_library(), now=Clock())
    finally:
        engine.dispose()


def _queue_rows(engine: Engine, job_id: int) -> list[tuple[str, int]]:
    """The queue's entries of an import job: (status, attempts)."""
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT status, attempts FROM procrastinate_jobs WHERE lock = :lock ORDER BY id"),
            {"lock": import_lock(job_id)},
        )
        return [(str(row.status), int(row.attempts)) for row in rows]


def _events(engine: Engine, job_id: int) -> list[str]:
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT e.type FROM procrastinate_events e JOIN procrastinate_jobs j ON j.id = e.job_id"
                " WHERE j.lock = :lock ORDER BY e.id"
            ),
            {"lock": import_lock(job_id)},
        )
        return [str(row.type) for row in rows]


def _runs_of(engine: Engine, profile_id: int) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(select(func.count()).where(m.Activity.profile_id == profile_id)) or 0)


@pytest.mark.postgres
def test_on_postgresql_the_app_defers_the_job_and_its_own_worker_runs_it_once(pg, tmp_path):
    runner = screened_runner(pg)
    queue = queue_for(pg.engine, "app")
    assert isinstance(queue, ProcrastinateQueue)
    queue.start(pg)
    try:
        job = import_jobs.create_job(pg, runner, [Upload("my runs.zip", io.BytesIO(runs_zip()))], tmp_path)
        queue.submit(job.id)
        queue.submit(job.id)  # submitted twice (a double click, a retry): still one entry in the queue
        assert queue.wait_idle(JOB_TIMEOUT_S)
    finally:
        queue.shutdown()
    done = import_jobs.get_job(pg, runner, job.id)
    assert (done.status, done.runs_added, done.errors_total) == ("done", 3, 1)
    assert _runs_of(pg.engine, runner) == 3
    assert _queue_rows(pg.engine, job.id) == [("succeeded", 1)]
    assert list(tmp_path.iterdir()) == []  # the upload is removed once imported


@pytest.mark.postgres
def test_a_job_row_the_queue_never_got_is_deferred_by_the_sweep(pg, tmp_path):
    """The app process died between storing the job and deferring it: a worker's sweep finds the row."""
    runner = screened_runner(pg)
    job = import_jobs.create_job(pg, runner, [Upload("runs.zip", io.BytesIO(runs_zip(2)))], tmp_path)
    assert _queue_rows(pg.engine, job.id) == []
    pg.now.advance(hours=1)  # type: ignore[attr-defined]
    queue = ProcrastinateQueue(times=WorkerTimes.noticing_within(1.0))
    queue.start(pg)
    try:
        assert queue.wait_idle(JOB_TIMEOUT_S)
    finally:
        queue.shutdown()
    assert import_jobs.get_job(pg, runner, job.id).status == "done"
    assert _runs_of(pg.engine, runner) == 2
    assert _queue_rows(pg.engine, job.id) == [("succeeded", 1)]


def _hipcoach() -> str:
    return str(Path(sys.executable).parent / "hipcoach")


@contextmanager
def worker(database_url: str, data_dir: Path, name: str) -> Iterator[subprocess.Popen[str]]:
    """A `hipcoach worker` process that notices a dead worker within 4 s; stopped (SIGTERM) at the end."""
    env = os.environ | {"HIPCOACH_DATABASE_URL": database_url, "HIPCOACH_DATA_DIR": str(data_dir)}
    process = subprocess.Popen(
        [_hipcoach(), "worker", "--name", name, "--dead-after", "4"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield process
    finally:
        stop(process, timeout=60)
        assert process.stdout is not None
        process.stdout.close()


def _wait_for(what: str, check, timeout: float, process: subprocess.Popen[str] | None = None):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if process is not None and process.poll() is not None:
            assert process.stdout is not None
            raise AssertionError(f"the worker stopped while waiting for {what}: {process.stdout.read()}")
        if time.monotonic() > deadline:
            raise AssertionError(f"no {what} within {timeout} s")
        time.sleep(0.01)


RUNS_IN_BIG_UPLOAD = 1500
# The big upload's runs span 375 days: from a start far enough back that the last is past on any clock.
BIG_UPLOAD_FIRST = datetime(2020, 1, 6, 6, 30, tzinfo=UTC)


@pytest.mark.postgres
def test_a_worker_stopped_or_killed_mid_import_leaves_its_job_to_another_that_finishes_it_once(
    pg, postgres_database_url, tmp_path
):
    runner = screened_runner(pg)
    # Distinct runs six hours apart, none a duplicate of another: the count proves none was added twice.
    archive = zip_of(
        {
            f"runs/{i:04d}.gpx": gpx_run(BIG_UPLOAD_FIRST + timedelta(hours=6 * i), 5)
            for i in range(RUNS_IN_BIG_UPLOAD)
        }
    )
    uploads = Settings(data_dir=tmp_path / "data").uploads_folder()
    job = import_jobs.create_job(pg, runner, [Upload("year.zip", io.BytesIO(archive))], uploads)
    deferring = ProcrastinateQueue(run_here=False)
    deferring.start(pg)
    deferring.submit(job.id)

    def progress_past(files: int):  # type: ignore[no-untyped-def]
        def check() -> import_jobs.JobView | None:
            view = import_jobs.get_job(pg, runner, job.id)
            return view if view.status == "running" and view.files_done > files else None

        return check

    # Stopped as a service manager stops it (SIGTERM): it ends after the file under way, the job waits.
    with worker(postgres_database_url, tmp_path / "data", "first") as first:
        _wait_for("progress on the import", progress_past(0), WORKER_START_TIMEOUT_S, first)
        first.send_signal(signal.SIGTERM)
        assert first.wait(timeout=60) == 0
        assert first.stdout is not None
        assert "back in the queue" in first.stdout.read()
    stopped_at = import_jobs.get_job(pg, runner, job.id)
    assert stopped_at.status == "queued" and 0 < stopped_at.files_done < RUNS_IN_BIG_UPLOAD
    assert [status for status, _ in _queue_rows(pg.engine, job.id)] == ["succeeded", "todo"]

    # Killed outright: it cannot say anything, and the next worker finds it dead by its silence.
    with worker(postgres_database_url, tmp_path / "data", "second") as second:
        midway = _wait_for(
            "more progress", progress_past(stopped_at.files_done), WORKER_START_TIMEOUT_S, second
        )
        second.send_signal(signal.SIGKILL)
        second.wait(timeout=30)
    assert midway.files_done < RUNS_IN_BIG_UPLOAD
    killed_at = import_jobs.get_job(pg, runner, job.id)
    assert killed_at.status == "running"
    assert _runs_of(pg.engine, runner) < RUNS_IN_BIG_UPLOAD

    with worker(postgres_database_url, tmp_path / "data", "third") as third:
        done = _wait_for(
            "the import finished",
            lambda: (view := import_jobs.get_job(pg, runner, job.id)).finished and view,
            JOB_TIMEOUT_S,
            third,
        )
    deferring.shutdown()

    assert done.status == "done", done.message
    assert done.runs_added == RUNS_IN_BIG_UPLOAD
    assert _runs_of(pg.engine, runner) == RUNS_IN_BIG_UPLOAD  # nothing added twice, nothing lost
    # The stopped worker's entry ended and handed over to a new one; that one ran twice: started, put back
    # when its worker was found dead, started, succeeded.
    assert _queue_rows(pg.engine, job.id) == [("succeeded", 1), ("succeeded", 2)]
    events = Counter(_events(pg.engine, job.id))
    assert events["started"] == 3 and events["deferred_for_retry"] == 1
    assert events["succeeded"] == 2 and events["failed"] == 0
    assert not uploads.exists() or list(uploads.iterdir()) == []


@pytest.mark.postgres
def test_a_shared_uploads_folder_keeps_uploads_another_machine_may_be_writing(pg, tmp_path):
    """With the queue, several machines may share the uploads folder: a start removes only what nobody has
    written to for an hour."""
    uploads = tmp_path / "uploads"
    uploads.mkdir()
    now = pg.now().timestamp()

    def left(name: str, seconds_ago: float, folder: bool = False) -> Path:
        path = uploads / name
        if folder:
            path.mkdir()
            (path / "run.gpx").write_text("<gpx/>")
            os.utime(path / "run.gpx", (now - seconds_ago, now - seconds_ago))
            os.utime(path, (now - 2 * SHARED_UPLOADS_GRACE_S,) * 2)  # a folder's own time stays put
        else:
            path.write_bytes(b"PK")
            os.utime(path, (now - seconds_ago, now - seconds_ago))
        return path

    abandoned = left("0001.zip.partial", 2 * SHARED_UPLOADS_GRACE_S)
    abandoned_folder = left("0002.partial", 2 * SHARED_UPLOADS_GRACE_S, folder=True)
    arriving = left("0003.zip.partial", 60)
    arriving_folder = left("0004.partial", 60, folder=True)
    queue = ProcrastinateQueue(run_here=False)
    queue.start(pg, uploads_dir=uploads)
    queue.shutdown()
    assert not abandoned.exists() and not abandoned_folder.exists()
    assert arriving.exists() and arriving_folder.exists()


@pytest.mark.postgres
def test_a_job_deleted_while_it_waited_ends_quietly(pg, tmp_path):
    """The runner deleted their account with an import waiting: its queue entry ends, nothing is retried."""
    runner = screened_runner(pg)
    job = import_jobs.create_job(pg, runner, [Upload("runs.zip", io.BytesIO(runs_zip(1)))], tmp_path)
    queue = ProcrastinateQueue(run_here=False)
    queue.start(pg)
    queue.submit(job.id)
    with pg.transaction() as db:
        db.delete(db.get(m.ImportJob, job.id))
    queue.shutdown()
    working = ProcrastinateQueue()
    working.start(pg)
    try:
        _wait_for("the entry to end", lambda: _queue_rows(pg.engine, job.id) == [("succeeded", 1)], 30)
    finally:
        working.shutdown()
