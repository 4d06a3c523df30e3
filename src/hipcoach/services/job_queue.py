"""Background jobs: one job code per kind, run by the app process itself on SQLite and by procrastinate on
PostgreSQL.

- **The job code** of each :class:`JobKind`: :func:`hipcoach.services.import_jobs.run_job` imports an
  upload, :func:`hipcoach.services.video_jobs.run_analysis` analyses a video; given the app and a row's id,
  each leaves the row finished. Running one again is harmless (a finished job is returned as it is; a file
  imported before adds nothing, and the runs an interrupted try added are counted back; an analysis writes
  nothing until it is complete), so a job may be retried after any crash and still finish once.
- **On SQLite** (the default, ``make run``): :class:`JobRunner`, one thread of the app process. A job runs in
  the process that took its upload; after a restart, one app process per machine (:func:`restart_duty`)
  resumes what was left queued or running.
- **On PostgreSQL**: :class:`ProcrastinateQueue` defers each job into procrastinate's tables (migration
  0011), where any number of workers on any machine share them: `hipcoach worker` processes, and each app
  process itself unless ``HIPCOACH_JOBS=workers``. A job carries the lock ``<kind>:<id>``, so two workers
  never run it at once. Each worker sweeps every few seconds (:func:`sweep`): a job whose worker stopped
  beating (killed, or its machine gone) is put back in the queue, and a job row queued with no queue entry
  (the app process died between storing the row and deferring it) is deferred again.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import IO, Any, Protocol

from sqlalchemy import Connection, select, text
from sqlalchemy.engine import Engine

from hipcoach.services import import_jobs, video_jobs
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import NotFound
from hipcoach.storage import models as m

log = logging.getLogger(__name__)

QUEUE = "hipcoach"


def _run_import(app: Hipcoach, job_id: int, should_stop: Callable[[], bool]) -> str:
    return import_jobs.run_job(app, job_id, should_stop).status


@dataclass(frozen=True)
class JobKind:
    """One kind of background job: its code, and where its rows are (to resume and to sweep them)."""

    name: str
    run: Callable[[Hipcoach, int, Callable[[], bool]], str]  # the status it leaves; "queued": run it again
    pending: Callable[[Hipcoach], list[int]]
    table: Any  # the model whose rows are the jobs, with status and updated_at columns
    active: tuple[str, ...]

    @property
    def task(self) -> str:
        return f"hipcoach.{self.name}"

    def lock(self, job_id: int) -> str:
        """The lock and queueing lock of a job: one run at a time, one waiting entry at a time."""
        return f"{self.name}:{job_id}"


IMPORT = JobKind("import", _run_import, import_jobs.pending_job_ids, m.ImportJob, import_jobs.ACTIVE)
VIDEO = JobKind(
    "video", video_jobs.run_analysis, video_jobs.pending_analysis_ids, m.VideoAnalysis, video_jobs.ACTIVE
)
KINDS = {kind.name: kind for kind in (IMPORT, VIDEO)}
IMPORT_TASK = IMPORT.task


def import_lock(job_id: int) -> str:
    return IMPORT.lock(job_id)


def _pending(app: Hipcoach) -> list[tuple[JobKind, int]]:
    return [(kind, job_id) for kind in KINDS.values() for job_id in kind.pending(app)]


class JobQueue(Protocol):
    """What the web app asks of a queue: start with the app, take jobs, stop with it."""

    def start(self, app: Hipcoach, uploads_dir: Path | None = None, resume: bool = True) -> list[int]: ...

    def submit(self, job_id: int, kind: str = "import") -> None: ...

    def wait_idle(self, timeout: float = 30.0) -> bool: ...

    def shutdown(self) -> None: ...


class _Starts:
    """Starts nest (a test's several clients each run the app's lifespan): only the first start starts the
    queue, only the matching last stop stops it."""

    def __init__(self) -> None:
        self._count = 0
        self._lock = threading.Lock()

    def first(self) -> bool:
        with self._lock:
            self._count += 1
            return self._count == 1

    def last(self) -> bool:
        with self._lock:
            self._count = max(0, self._count - 1)
            return self._count == 0


# --- SQLite: the app process's own thread -------------------------------------------------------------------


class JobRunner:
    """One worker thread for the background jobs of the app process (they are rare; one at a time is plenty).

    ``inline=True`` runs a job at once in the caller's thread: for tests, and for tools without a server.
    """

    def __init__(self, *, inline: bool = False) -> None:
        self.inline = inline
        self.app: Hipcoach | None = None
        self._stop = threading.Event()
        self._executor: ThreadPoolExecutor | None = None
        self._futures: list[Future[str | None]] = []
        self._lock = threading.Lock()
        self._starts = _Starts()

    def start(self, app: Hipcoach, uploads_dir: Path | None = None, resume: bool = True) -> list[int]:
        """Start the worker and submit again the jobs a restart left behind; returns their ids (of any kind).

        With ``uploads_dir``, first remove the uploads there that no waiting job reads (see
        :func:`import_jobs.remove_orphans`). ``resume``: False in every app process but the one holding the
        restart duty (:func:`restart_duty`), so that two processes never run one job at once. Starts nest
        (:class:`_Starts`).
        """
        if not self._starts.first():
            return []
        self.app = app
        self._stop.clear()
        if not self.inline:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hipcoach-import")
        if uploads_dir is not None:
            _remove_orphans(app, uploads_dir)
        pending = _pending(app) if resume else []
        for kind, job_id in pending:
            self.submit(job_id, kind.name)
        return [job_id for _, job_id in pending]

    def submit(self, job_id: int, kind: str = "import") -> None:
        if self.app is None:
            raise RuntimeError("the job runner has not been started")
        job_kind = KINDS[kind]
        if self.inline:
            self._run(job_kind, job_id)
            return
        assert self._executor is not None
        with self._lock:
            self._futures = [f for f in self._futures if not f.done()]
            self._futures.append(self._executor.submit(self._run, job_kind, job_id))

    def _run(self, kind: JobKind, job_id: int) -> str | None:
        assert self.app is not None
        try:
            return kind.run(self.app, job_id, self._stop.is_set)
        except NotFound:  # deleted while it waited: nothing left to do
            log.info("%s job %s is gone; nothing to run", kind.name, job_id)
            return None
        except Exception:
            log.exception("%s job %s could not run", kind.name, job_id)
            return None

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Wait until every submitted job has finished (for tests); False when ``timeout`` passed first."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                futures = list(self._futures)
            if all(f.done() for f in futures):
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)

    def shutdown(self) -> None:
        """Stop after the file under way; an unfinished job stays queued and is resumed on the next start."""
        if not self._starts.last():
            return
        self._stop.set()
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


RESTART_DUTY_FILE = "import-jobs.lock"


def restart_duty(data_dir: Path) -> IO[bytes] | None:
    """The lock of the app process that sweeps the uploads and resumes the jobs a restart left behind, or None
    when another process of this machine holds it (``hipcoach serve --workers N``). Held while the returned
    file stays open; the system lets it go when the process ends, however it ends."""
    data_dir.mkdir(parents=True, exist_ok=True)
    handle = (data_dir / RESTART_DUTY_FILE).open("ab")
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return handle


# An upload folder shared by machines (HIPCOACH_UPLOADS_DIR) may hold another machine's upload in progress:
# one untouched this long is not.
SHARED_UPLOADS_GRACE_S = 3600.0


def _remove_orphans(app: Hipcoach, uploads_dir: Path, spare_newer_than_s: float = 0.0) -> None:
    removed = import_jobs.remove_orphans(app, uploads_dir, spare_newer_than_s)
    if removed:
        log.info("removed %d upload(s) no import job reads: %s", len(removed), ", ".join(removed))


# --- PostgreSQL: procrastinate ------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkerTimes:
    """How a worker notices a dead one: it beats every ``heartbeat_s``; one silent for ``stalled_after_s``
    is dead, and its job goes back to the queue at the next sweep, every ``sweep_every_s``. A job row queued
    for ``lost_after_s`` with no queue entry is deferred again."""

    heartbeat_s: float
    stalled_after_s: float
    sweep_every_s: float
    lost_after_s: float

    @classmethod
    def noticing_within(cls, seconds: float) -> WorkerTimes:
        """Times under which a killed worker's job is back in the queue within about ``seconds``."""
        half = seconds / 2
        return cls(heartbeat_s=half / 3, stalled_after_s=half, sweep_every_s=half / 2, lost_after_s=seconds)


# A killed worker's job is back in the queue within about a minute, in `hipcoach worker` (--dead-after) and in
# the app processes' own workers alike.
DEAD_AFTER_S = 60.0
DEFAULT_TIMES = WorkerTimes.noticing_within(DEAD_AFTER_S)


def conninfo(engine: Engine) -> str:
    """The libpq address of a PostgreSQL engine, as procrastinate's own connections need it."""
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)


def queue_app(address: str, pool_size: int = 4) -> Any:
    """A procrastinate app with hipcoach's tasks, connecting to ``address`` when opened."""
    import procrastinate

    queue = procrastinate.App(
        connector=procrastinate.PsycopgConnector(conninfo=address, min_size=1, max_size=pool_size)
    )

    for kind in KINDS.values():
        queue.task(name=kind.task, queue=QUEUE, pass_context=True)(_task_of(kind))
    return queue


def _task_of(kind: JobKind) -> Callable[..., None]:
    from procrastinate.job_context import JobContext

    def run(context: JobContext, job_id: int) -> None:
        hipcoach: Hipcoach = context.additional_context["hipcoach"]
        stopping: threading.Event = context.additional_context["stopping"]
        try:
            status = kind.run(hipcoach, job_id, lambda: stopping.is_set() or context.should_abort())
        except NotFound:  # deleted (with its account, say) while it waited: nothing left to do
            log.info("%s job %s is gone; nothing to run", kind.name, job_id)
            return
        if status == "queued":  # stopped with the worker: the next worker carries on from here
            with hipcoach.transaction() as db:
                defer(db.connection(), kind, job_id, handing_over=True)

    run.__name__ = f"run_{kind.name}"
    return run


@cache
def _deferrer() -> Any:
    """A procrastinate app that only defers, on a connection it is handed (it never opens one itself)."""
    return queue_app("")


def defer(connection: Connection, kind: JobKind, job_id: int, handing_over: bool = False) -> bool:
    """Put a job in the queue, in ``connection``'s transaction; False when it is waiting or running there
    already (a second submit, a sweep racing the app), so that it runs once. ``handing_over``: the job's own
    run, stopping, hands the rest to the next worker (its entry still runs until it returns)."""
    from procrastinate.exceptions import AlreadyEnqueued

    lock = kind.lock(job_id)
    if not handing_over and _in_queue(connection, kind, lock):
        return False
    raw = connection.connection.dbapi_connection
    try:
        with connection.begin_nested():  # a refusal must not end the caller's transaction
            _deferrer().configure_task(
                kind.task, queue=QUEUE, lock=lock, queueing_lock=lock, connection=raw
            ).defer(job_id=job_id)
    except AlreadyEnqueued:  # another process deferred it since we looked
        return False
    return True


def defer_import(connection: Connection, job_id: int, handing_over: bool = False) -> bool:
    return defer(connection, IMPORT, job_id, handing_over)


def _in_queue(connection: Connection, kind: JobKind, lock: str) -> bool:
    """Whether the job of ``lock`` is waiting or running in the queue."""
    found = connection.execute(
        text(
            "SELECT 1 FROM procrastinate_jobs WHERE task_name = :task AND lock = :lock"
            " AND status IN ('todo', 'doing') LIMIT 1"
        ),
        {"task": kind.task, "lock": lock},
    )
    return found.first() is not None


async def sweep(queue: Any, hipcoach: Hipcoach, times: WorkerTimes) -> tuple[int, int]:
    """Put back in the queue the jobs of workers that stopped beating, and defer the job rows left with no
    queue entry; returns (jobs retried, rows deferred)."""
    stalled = await queue.job_manager.get_stalled_jobs(
        queue=QUEUE, seconds_since_heartbeat=times.stalled_after_s
    )
    retried = 0
    for job in stalled:
        try:
            await queue.job_manager.retry_job(job)
        except Exception:  # another worker's sweep put it back first, or it finished meanwhile
            log.debug("job %s was no longer to retry", job.id, exc_info=True)
            continue
        log.warning("job %s (%s) lost its worker; it went back to the queue", job.id, job.call_string)
        retried += 1
    deferred = await asyncio.to_thread(_defer_lost, hipcoach, times.lost_after_s)
    return retried, deferred


def _defer_lost(hipcoach: Hipcoach, lost_after_s: float) -> int:
    cutoff = hipcoach.now() - timedelta(seconds=lost_after_s)
    deferred = 0
    for kind in KINDS.values():
        with hipcoach.transaction() as db:
            table = kind.table
            rows = db.scalars(
                select(table.id).where(table.status.in_(kind.active), table.updated_at < cutoff)
            )
            for job_id in rows.all():
                if defer(db.connection(), kind, job_id):
                    log.warning("%s job %s had no queue entry; deferred again", kind.name, job_id)
                    deferred += 1
    return deferred


async def work(
    hipcoach: Hipcoach,
    *,
    name: str,
    concurrency: int = 1,
    times: WorkerTimes = DEFAULT_TIMES,
    stopping: threading.Event | None = None,
    signals: bool = True,
    ready: Callable[[], None] | None = None,
) -> None:
    """Run a procrastinate worker on hipcoach's queue until it is stopped (a signal when ``signals``, or
    the task being cancelled), sweeping as it goes. ``stopping`` is set once it stops taking jobs: the
    job under way then stops after its file and goes back to the queue."""
    stopping = stopping or threading.Event()
    queue = queue_app(conninfo(hipcoach.engine), pool_size=concurrency + 3)
    async with queue.open_async():
        worker = asyncio.create_task(
            queue.run_worker_async(
                queues=[QUEUE],
                name=name,
                concurrency=concurrency,
                additional_context={"hipcoach": hipcoach, "stopping": stopping},
                install_signal_handlers=signals,
                update_heartbeat_interval=times.heartbeat_s,
                stalled_worker_timeout=times.stalled_after_s,
                # A stopping worker lets its job finish the file under way, then hands the rest back.
                shutdown_graceful_timeout=0.0,
            )
        )
        sweeper = asyncio.create_task(_sweep_forever(queue, hipcoach, times))
        if ready is not None:
            ready()
        try:
            await asyncio.shield(worker)
        except asyncio.CancelledError:
            stopping.set()
            worker.cancel()
            await asyncio.gather(worker, return_exceptions=True)
            raise
        finally:
            stopping.set()
            sweeper.cancel()
            await asyncio.gather(sweeper, return_exceptions=True)


async def _sweep_forever(queue: Any, hipcoach: Hipcoach, times: WorkerTimes) -> None:
    while True:
        try:
            await sweep(queue, hipcoach, times)
        except Exception:  # a failed sweep (the database restarting, say) is tried again at the next
            log.exception("the job queue sweep failed")
        await asyncio.sleep(times.sweep_every_s)


class ProcrastinateQueue:
    """The app's side of procrastinate: it defers every job, and runs a worker of its own in a thread unless
    ``run_here`` is False (``HIPCOACH_JOBS=workers``: only `hipcoach worker` processes run them)."""

    def __init__(self, *, run_here: bool = True, times: WorkerTimes = DEFAULT_TIMES) -> None:
        self.run_here = run_here
        self.times = times
        self.app: Hipcoach | None = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._stopping = threading.Event()
        self._starts = _Starts()

    def start(self, app: Hipcoach, uploads_dir: Path | None = None, resume: bool = True) -> list[int]:
        """Start the app's own worker (its sweeps resume what a restart left); returns no ids, as the queue
        itself keeps the jobs. ``uploads_dir``: remove the uploads no waiting job reads first."""
        if not self._starts.first():
            return []
        self.app = app
        if uploads_dir is not None:
            _remove_orphans(app, uploads_dir, SHARED_UPLOADS_GRACE_S)
        if self.run_here:
            self._stopping.clear()
            started = threading.Event()
            self._thread = threading.Thread(
                target=self._run_worker, args=(app, started), name="hipcoach-jobs", daemon=True
            )
            self._thread.start()
            started.wait(30)
        return []

    def _run_worker(self, app: Hipcoach, started: threading.Event) -> None:
        async def main() -> None:
            self._loop = asyncio.get_running_loop()
            self._task = asyncio.current_task()
            await work(
                app,
                name=f"hipcoach-app-{threading.get_native_id()}",
                times=self.times,
                stopping=self._stopping,
                signals=False,
                ready=started.set,
            )

        try:
            asyncio.run(main())
        except asyncio.CancelledError:
            pass
        except Exception:
            log.exception("the app's job worker stopped")
        finally:
            started.set()

    def submit(self, job_id: int, kind: str = "import") -> None:
        if self.app is None:
            raise RuntimeError("the job queue has not been started")
        with self.app.transaction() as db:
            defer(db.connection(), KINDS[kind], job_id)

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Wait until no job is queued or running (for tests); False when ``timeout`` passed first."""
        assert self.app is not None
        deadline = time.monotonic() + timeout
        while _pending(self.app):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True

    def shutdown(self) -> None:
        """Stop the app's own worker: the job under way stops after its file and goes back to the queue."""
        if not self._starts.last():
            return
        self._stopping.set()
        loop, task, thread = self._loop, self._task, self._thread
        if loop is not None and task is not None:
            loop.call_soon_threadsafe(task.cancel)
        if thread is not None:
            thread.join(60)
        self._thread = self._loop = self._task = None


def queue_for(engine: Engine, jobs: str) -> JobQueue:
    """The queue an app process uses: its own thread on SQLite; procrastinate on PostgreSQL, with a worker
    in the app process unless ``jobs`` is "workers"."""
    if engine.dialect.name == "postgresql":
        return ProcrastinateQueue(run_here=jobs != "workers")
    return JobRunner()
