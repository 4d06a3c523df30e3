"""Benchmark: a clinic on PostgreSQL, with a job worker and an app process killed halfway.

Creates a scratch PostgreSQL database and seeds RUNNERS runners (bench/web.py's history, WEEKS weeks each)
and CLINICIANS clinicians, each following an equal share of the runners with their consent. Starts, as a
clinic would on one machine, ``hipcoach serve --workers 2`` with ``HIPCOACH_JOBS=workers`` and two
``hipcoach worker`` processes, then drives them for SECONDS:

- runner clients, each request as a runner picked at random: today's session, its plan, the progress page, a
  run typed in (POST /api/runs), and now and then an upload of a zip of GPX runs (POST /api/imports);
- one client per clinician: the caseload page, its API, and a runner's progress report (a document).

Halfway, once both job workers are importing, one of them and one app process are killed with SIGKILL.
uvicorn starts a new app process, and the bench starts a new job worker as a service manager would; the
killed worker's job goes back to the queue once it is found dead (``--dead-after``) and is finished by
another. A request cut off by the
kill is sent once more, as a proxy does with a request whose connection died (a typed run sent again is
refused as a repeat when the first got through, and counts as stored).

Then it waits for every import to finish and checks the database: every run that was acknowledged is stored
exactly once, typed or imported (rows lost: target 0; rows doubled: target 0), and every import job the app
accepted is done (jobs finished exactly once, by their rows and runs). Prints requests/s and p50/p95 per page
against GET /hello of the same servers. Exits 1 when an error, a lost or doubled row, or an unfinished job is
found.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import caseload  # bench/caseload.py: a clinician and the runners who share with them
import httpx2 as httpx
import imports  # bench/imports.py: a GPX run
from sqlalchemy import func, select, text

import web  # bench/web.py: the seeding and the scratch database
from hipcoach.content import default_library
from hipcoach.services.context import Hipcoach
from hipcoach.storage import models as m
from hipcoach.storage.db import open_database
from hipcoach.web.security import SESSION_COOKIE, csrf_token

SECRET = "bench-secret-key-not-for-production-0123456789"
HIPCOACH = str(Path(sys.executable).parent / "hipcoach")
RUNNER_PAGES = ("/session", "/api/session/plan", "/progress")
CLINICIAN_PAGES = ("/clinic", "/api/clinic/runners", "report")
FLOOR = "/hello"
UPLOAD_SHARE = 0.02  # of the runners' requests
TYPED_RUN_SHARE = 0.18
BUSY_WAIT_S = 30  # at most, halfway, for both job workers to be importing
DEAD_AFTER_S = 10
START_TIMEOUT_S = 90
FINISH_TIMEOUT_S = 300


# --- the clinic's people --------------------------------------------------------------------------------


def add_clinicians(url: str, count: int) -> list[tuple[str, list[int]]]:
    """``count`` clinicians, each signed in once and followed by an equal share of the runners: for each, its
    session token and its runners' profile ids."""
    engine = open_database(url)
    app = Hipcoach(engine=engine, library=default_library())
    try:
        with engine.connect() as connection:
            profile_ids = list(connection.scalars(select(m.Profile.id).order_by(m.Profile.id)))
        clinicians = []
        for number in range(count):
            followed = profile_ids[number::count]
            email = f"clinician{number:03d}@bench.example"
            (token,) = caseload.add_clinician(app, 1, email, f"Clinician {number}", followed)
            clinicians.append((token, followed))
        return clinicians
    finally:
        engine.dispose()


def runner_tokens_and_profiles(url: str, tokens: list[str]) -> list[tuple[str, int]]:
    """Each seeded runner's session token with its profile id (seeded in order, one profile per account)."""
    engine = open_database(url)
    try:
        with engine.connect() as connection:
            profiles = list(
                connection.scalars(
                    select(m.Profile.id).where(m.Profile.user_id.is_not(None)).order_by(m.Profile.id)
                )
            )
    finally:
        engine.dispose()
    return list(zip(tokens, profiles[: len(tokens)], strict=True))


# --- the processes --------------------------------------------------------------------------------------


@dataclass
class Clinic:
    base: str
    server: subprocess.Popen[bytes]
    workers: list[subprocess.Popen[bytes]]
    stack: ExitStack
    env: dict[str, str]

    def start_worker(self, name: str) -> subprocess.Popen[bytes]:
        worker = subprocess.Popen(
            [HIPCOACH, "worker", "--name", name, "--dead-after", str(DEAD_AFTER_S)],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.stack.callback(web.stop, worker)
        return worker


def importing(url: str) -> int:
    """How many import jobs workers are running now."""
    engine = open_database(url)
    try:
        with engine.connect() as connection:
            return int(
                connection.scalar(text("SELECT count(*) FROM procrastinate_jobs WHERE status = 'doing'")) or 0
            )
    finally:
        engine.dispose()


def _env(url: str, data_dir: Path) -> dict[str, str]:
    return os.environ | {
        "HIPCOACH_DATABASE_URL": url,
        "HIPCOACH_DATA_DIR": str(data_dir),
        "HIPCOACH_SECRET_KEY": SECRET,
        "HIPCOACH_JOBS": "workers",
    }


@contextmanager
def clinic(url: str, data_dir: Path, app_workers: int, job_workers: int) -> Iterator[Clinic]:
    port = web.free_port()
    env = _env(url, data_dir)
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    with ExitStack() as stack:
        server = subprocess.Popen(
            [HIPCOACH, "serve", "--port", str(port), "--workers", str(app_workers)], env=env, **quiet
        )
        stack.callback(web.stop, server)
        base = f"http://127.0.0.1:{port}"
        running = Clinic(base, server, [], stack, env)
        running.workers = [running.start_worker(f"bench-{number}") for number in range(job_workers)]
        web.wait_until_up(base, server, START_TIMEOUT_S)
        yield running


# --- the load -------------------------------------------------------------------------------------------


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    resent: Counter[str] = field(default_factory=Counter)
    typed: dict[int, set[datetime]] = field(default_factory=lambda: defaultdict(set))
    uploaded: dict[int, set[datetime]] = field(default_factory=lambda: defaultdict(set))
    jobs: dict[int, int] = field(default_factory=dict)  # job id -> runs in its upload


@dataclass
class Person:
    token: str
    profile_id: int
    client: httpx.AsyncClient

    @property
    def csrf(self) -> dict[str, str]:
        return {"X-CSRF-Token": csrf_token(SECRET, self.token, None) or ""}


async def send(
    tally: Tally, page: str, client: httpx.AsyncClient, method: str, path: str, **options: object
) -> httpx.Response | None:
    """One request, timed under ``page``; sent once more when its connection died (a killed app process)."""
    for attempt in (1, 2):
        started = time.perf_counter()
        try:
            response = await client.request(method, path, **options)  # type: ignore[arg-type]
        except httpx.TransportError as error:
            if attempt == 1:
                tally.resent[page] += 1
                await asyncio.sleep(0.2)
                continue
            tally.errors.append(f"{page}: {type(error).__name__} twice")
            return None
        tally.latencies[page].append(time.perf_counter() - started)
        response.resent = attempt == 2  # type: ignore[attr-defined]
        return response
    return None


def _expect(tally: Tally, page: str, response: httpx.Response | None, *codes: int) -> bool:
    if response is None:
        return False
    if response.status_code not in codes:
        tally.errors.append(f"{page}: {response.status_code} {response.text[:160]}")
        return False
    return True


def upload_zip(starts: list[datetime]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, start in enumerate(starts):
            archive.writestr(f"runs/{index}.gpx", imports._gpx(start, 1200))
    return buffer.getvalue()


class Starts:
    """A fresh start time for each run of each runner: no two runs of a runner overlap, so each is stored
    once or counted a repeat."""

    def __init__(self) -> None:
        self._next: dict[int, datetime] = {}

    def take(self, profile_id: int) -> datetime:
        first = datetime(2026, 1, 1, 6, 0, tzinfo=UTC) + timedelta(minutes=profile_id % 60)
        start = self._next.get(profile_id, first)
        self._next[profile_id] = start + timedelta(hours=3)
        return start


async def runner_loop(
    runners: list[Person], rng: random.Random, tally: Tally, starts: Starts, deadline: float, per_upload: int
) -> None:
    while time.perf_counter() < deadline:
        person = rng.choice(runners)
        roll = rng.random()
        if roll < UPLOAD_SHARE:
            when = [starts.take(person.profile_id) for _ in range(per_upload)]
            body = upload_zip(when)
            response = await send(
                tally,
                "POST /api/imports",
                person.client,
                "POST",
                "/api/imports",
                files={"files": ("runs.zip", body, "application/zip")},
                headers=person.csrf,
            )
            if _expect(tally, "POST /api/imports", response, 202):
                assert response is not None
                tally.jobs[response.json()["id"]] = per_upload
                tally.uploaded[person.profile_id].update(when)
        elif roll < UPLOAD_SHARE + TYPED_RUN_SHARE:
            start = starts.take(person.profile_id)
            run = {"started_at": start.isoformat(), "distance_km": 8.0, "duration_min": 44.0, "name": "bench"}
            response = await send(
                tally, "POST /api/runs", person.client, "POST", "/api/runs", json=run, headers=person.csrf
            )
            stored = response is not None and (
                response.status_code == 201
                or (getattr(response, "resent", False) and response.status_code == 400)  # the first got in
            )
            if stored:
                tally.typed[person.profile_id].add(start)
            else:
                _expect(tally, "POST /api/runs", response, 201)
        else:
            page = rng.choice(RUNNER_PAGES)
            _expect(tally, page, await send(tally, page, person.client, "GET", page), 200)


async def clinician_loop(
    person: Person, followed: list[int], rng: random.Random, tally: Tally, deadline: float
) -> None:
    while time.perf_counter() < deadline:
        page = rng.choice(CLINICIAN_PAGES)
        path = f"/clinic/runners/{rng.choice(followed)}/report" if page == "report" else page
        label = "/clinic/runners/{id}/report" if page == "report" else page
        _expect(tally, label, await send(tally, label, person.client, "GET", path), 200)


async def floor_loop(client: httpx.AsyncClient, tally: Tally, deadline: float) -> None:
    while time.perf_counter() < deadline:
        _expect(tally, FLOOR, await send(tally, FLOOR, client, "GET", FLOOR), 200)
        await asyncio.sleep(0.05)


async def drive(
    url: str,
    running: Clinic,
    runners: list[tuple[str, int]],
    clinicians: list[tuple[str, list[int]]],
    args: argparse.Namespace,
) -> tuple[Tally, float, list[str]]:
    rng = random.Random(args.seed)
    tally = Tally()
    starts = Starts()
    limits = httpx.Limits(max_connections=4)

    def client(token: str) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            base_url=running.base, cookies={SESSION_COOKIE: token}, timeout=120, limits=limits
        )

    pool = [Person(token, pid, client(token)) for token, pid in runners]
    staff = [(Person(token, 0, client(token)), followed) for token, followed in clinicians]
    anonymous = httpx.AsyncClient(base_url=running.base, timeout=60)
    kills: list[str] = []
    started = time.perf_counter()
    deadline = started + args.seconds

    async def kill_halfway() -> None:
        await asyncio.sleep(args.seconds / 2)
        # Killed while importing, so that its job is one to take back: both workers busy, either will do.
        busy_by = time.perf_counter() + BUSY_WAIT_S
        while (
            await asyncio.to_thread(importing, url) < len(running.workers) and time.perf_counter() < busy_by
        ):
            await asyncio.sleep(0.05)
        busy = await asyncio.to_thread(importing, url)
        victim = running.workers[0]
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        kills.append(
            f"job worker {victim.pid} at {time.perf_counter() - started:.0f} s, {busy} jobs being imported"
        )
        running.workers[0] = running.start_worker("bench-restarted")
        processes = web.app_processes(running.server)
        if processes:
            os.kill(processes[0], signal.SIGKILL)
            kills.append(f"app process {processes[0]} at {time.perf_counter() - started:.0f} s")

    try:
        shares = [pool[i :: args.clients] for i in range(args.clients)]
        await asyncio.gather(
            *(
                runner_loop(share, random.Random(rng.random()), tally, starts, deadline, args.runs_per_upload)
                for share in shares
            ),
            *(
                clinician_loop(person, followed, random.Random(rng.random()), tally, deadline)
                for person, followed in staff
            ),
            floor_loop(anonymous, tally, deadline),
            kill_halfway(),
        )
    finally:
        await asyncio.gather(
            *(p.client.aclose() for p in pool), *(p.client.aclose() for p, _ in staff), anonymous.aclose()
        )
    return tally, time.perf_counter() - started, kills


# --- the check ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    jobs_retried: int  # taken back from a dead worker
    jobs_done: int
    jobs_not_done: list[str]
    lost: int
    doubled: int
    waited_s: float


def check(url: str, tally: Tally) -> Outcome:
    """Wait for the imports, then compare what the clients were told was stored with what is."""
    engine = open_database(url)
    try:
        started = time.monotonic()
        while True:
            with engine.connect() as connection:
                active = connection.scalar(
                    select(func.count()).where(m.ImportJob.status.in_(("queued", "running")))
                )
            if not active or time.monotonic() - started > FINISH_TIMEOUT_S:
                break
            time.sleep(0.5)
        waited = time.monotonic() - started
        with engine.connect() as connection:
            jobs = {
                row.id: row
                for row in connection.execute(
                    select(m.ImportJob.id, m.ImportJob.status, m.ImportJob.runs_added, m.ImportJob.message)
                )
            }
            stored: dict[int, Counter[datetime]] = defaultdict(Counter)
            for row in connection.execute(
                select(m.Activity.profile_id, m.Activity.started_at).where(
                    m.Activity.started_at >= datetime(2026, 1, 1, tzinfo=UTC) - timedelta(days=1)
                )
            ):
                when = row.started_at if row.started_at.tzinfo else row.started_at.replace(tzinfo=UTC)
                stored[row.profile_id][when] += 1
            retried = connection.scalar(
                text("SELECT count(*) FROM procrastinate_events WHERE type = 'deferred_for_retry'")
            )
    finally:
        engine.dispose()
    not_done = [
        f"job {job_id}: {jobs[job_id].status} {jobs[job_id].message}"
        if job_id in jobs
        else f"job {job_id}: gone"
        for job_id in tally.jobs
        if job_id not in jobs or jobs[job_id].status != "done"
    ]
    lost = doubled = 0
    for profile_id in set(tally.typed) | set(tally.uploaded):
        for when in tally.typed[profile_id] | tally.uploaded[profile_id]:
            count = stored[profile_id][when]
            lost += count == 0
            doubled += count > 1
    return Outcome(int(retried or 0), len(tally.jobs) - len(not_done), not_done, lost, doubled, waited)


def report(tally: Tally, wall_s: float, kills: list[str], outcome: Outcome, args: argparse.Namespace) -> bool:
    floor = statistics.quantiles(tally.latencies[FLOOR], n=20)[18] if len(tally.latencies[FLOOR]) > 1 else 0
    total = sum(len(v) for v in tally.latencies.values())
    print(
        f"\n{args.runners} runners, {args.clinicians} clinicians; {args.clients} runner clients and one per "
        f"clinician for {wall_s:.0f} s: {total:,} requests, {total / wall_s:.0f}/s"
    )
    print(f"  killed halfway: {'; '.join(kills) or 'nothing (no process found)'}")
    print(f"  {'page':<32}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'p95/floor':>11}{'resent':>8}")
    for page in sorted(tally.latencies, key=lambda p: (p != FLOOR, p)):
        times = sorted(tally.latencies[page])
        p50 = statistics.median(times)
        p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
        ratio = f"{p95 / floor:>10.1f}x" if floor and page != FLOOR else f"{'':>11}"
        print(
            f"  {page:<32}{len(times):>9}{p50 * 1000:>9.1f}{p95 * 1000:>9.1f}{ratio}{tally.resent[page]:>8}"
        )
    typed = sum(len(v) for v in tally.typed.values())
    uploaded = sum(len(v) for v in tally.uploaded.values())
    print(f"  errors: {len(tally.errors)} (target 0)")
    for error in tally.errors[:10]:
        print(f"    {error}")
    print(
        f"  import jobs: {len(tally.jobs)} accepted, {outcome.jobs_done} done, {outcome.jobs_retried} taken "
        f"back from a dead worker (all finished {outcome.waited_s:.0f} s after the load)"
    )
    for line in outcome.jobs_not_done[:10]:
        print(f"    {line}")
    print(
        f"  runs acknowledged: {typed} typed, {uploaded} in uploads; lost {outcome.lost} (target 0), "
        f"stored twice {outcome.doubled} (target 0)"
    )
    return not tally.errors and not outcome.jobs_not_done and not outcome.lost and not outcome.doubled


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runners", type=int, default=500, help="runners seeded (default 500)")
    parser.add_argument(
        "--clinicians", type=int, default=20, help="clinicians, each with a share (default 20)"
    )
    parser.add_argument("--weeks", type=int, default=8, help="weeks of history per runner (default 8)")
    parser.add_argument("--clients", type=int, default=30, help="concurrent runner clients (default 30)")
    parser.add_argument("--seconds", type=float, default=60, help="how long the load runs (default 60)")
    parser.add_argument(
        "--runs-per-upload", type=int, default=40, help="GPX runs in each uploaded zip (default 40)"
    )
    parser.add_argument("--seed", type=int, default=20)
    args = parser.parse_args()
    if not Path("/proc/self/stat").exists():
        print("bench/clinic.py finds uvicorn's app processes in /proc (Linux)")
        return 2
    with web.scratch_postgres() as url:
        if url is None:
            return 2
        rng = random.Random(args.seed)
        engine = open_database(url)
        try:
            began = time.perf_counter()
            tokens = web.seed(engine, args.runners, args.weeks, rng)
        finally:
            engine.dispose()
        runners = runner_tokens_and_profiles(url, tokens)
        clinicians = add_clinicians(url, args.clinicians)
        print(
            f"seeded {args.runners} runners x {args.weeks} weeks and {args.clinicians} clinicians "
            f"in {time.perf_counter() - began:.0f} s"
        )
        with tempfile.TemporaryDirectory() as data_dir, clinic(url, Path(data_dir), 2, 2) as running:
            processes = web.app_processes(running.server)
            print(f"serving at {running.base}: 2 app processes {processes}, 2 job workers")
            tally, wall, kills = asyncio.run(drive(url, running, runners, clinicians, args))
            outcome = check(url, tally)
        return 0 if report(tally, wall, kills, outcome, args) else 1


if __name__ == "__main__":
    sys.exit(main())
