"""Benchmark: the web app's heaviest pages under concurrent signed-in runners, against the floor.

Seeds a database with RUNNERS runners, each with a year of history (about three sessions a week with every
exercise and set, the next morning's check-in and its decisions, a program that has moved through its
phases), serves the real app with uvicorn on 127.0.0.1 in a child process, and drives it with CLIENTS
concurrent httpx clients, each signed in as a different runner, for a fixed number of requests per page (or
until a time bound, whichever comes first). The floor is GET /hello of the same app: no database, no
template. Runs on SQLite (a temporary file) and, when it answers, on PostgreSQL (a scratch database, dropped
afterwards). Not a test: it prints p50/p95 per page and their ratios to the floor, and fails only when a page
answers anything but 200.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

import httpx2 as httpx
from argon2 import PasswordHasher
from sqlalchemy import Connection, Engine, create_engine, func, insert, select, text
from sqlalchemy.exc import DBAPIError

from hipcoach.clock import LocalTime, system_clock
from hipcoach.content import default_library
from hipcoach.domain.content import Block, Library
from hipcoach.domain.phases import Phase
from hipcoach.domain.program import ProgramSettings, session_plan, weekly_plan
from hipcoach.domain.progression import ExerciseState
from hipcoach.domain.rules import RULES
from hipcoach.services.accounts import SESSION_LIFETIME, token_hash
from hipcoach.settings import with_explicit_driver
from hipcoach.storage import models as m
from hipcoach.storage.db import open_database
from hipcoach.web.security import SESSION_COOKIE

POSTGRES_ADMIN = os.environ.get(
    "HIPCOACH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
PAGES = ("/hello", "/session", "/api/session/plan", "/progress")
FLOOR = "/hello"
TARGET_RATIO = 2.0
ADHERENCE = 0.75  # share of planned sessions done: 4 planned days a week -> about 3 sessions
RUNNERS_PER_BATCH = 10
# The runners never sign in (their sessions are seeded), so one hash serves them all.
PASSWORD_HASH = PasswordHasher().hash("bench runners never sign in with it")
# Insertion order: every row's parents come before it.
TABLES = (
    m.User,
    m.WebSession,
    m.Profile,
    m.Screening,
    m.Program,
    m.ExerciseState,
    m.PhaseChange,
    m.TrainingSession,
    m.SessionExercise,
    m.SessionSet,
    m.Checkin,
    m.Decision,
)


# --- seeding ---------------------------------------------------------------------------------------------


@dataclass
class Batch:
    """Rows for a few runners, with ids given here so children can name their parents without a round trip."""

    next_id: dict[str, int]
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, model: type[m.Base], **row: Any) -> int:
        table = model.__tablename__
        row_id = self.next_id.get(table, 1)
        self.next_id[table] = row_id + 1
        self.rows.setdefault(table, []).append({"id": row_id, **row})
        return row_id


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, clock_time(hour, minute), tzinfo=UTC)


@dataclass(frozen=True)
class Timeline:
    """When a runner's phases opened (day offsets from the program's start) and the week they follow."""

    starts: dict[Phase, int]
    settings: ProgramSettings

    def phase_on(self, offset: int) -> Phase:
        return max((p for p, start in self.starts.items() if start <= offset), default=Phase.MOBILITY)


def timeline(rng: random.Random, days: int) -> Timeline:
    strength = 21 + rng.randint(0, 14)  # BRIEF §5 gate: at least 14 days and 6 mobility sessions
    elongated = strength + 80 + rng.randint(0, 60)
    maintenance = elongated + 100 + rng.randint(0, 120)
    starts = {Phase.MOBILITY: 0}
    for phase, start in (
        (Phase.STRENGTH, strength),
        (Phase.ELONGATED, elongated),
        (Phase.MAINTENANCE, maintenance),
    ):
        if start < days:
            starts[phase] = start
    settings = ProgramSettings(
        strength_days_per_week=rng.choice((2, 3)),
        include_core=rng.random() < 0.7,
        include_foot=rng.random() < 0.2,
    )
    return Timeline(starts, settings)


def ladder(library: Library, line: Timeline, offset: int) -> dict[str, ExerciseState]:
    """Where each strength exercise stands on a day: climbing about one level a month once phase 2 opens."""
    phase = line.phase_on(offset)
    if phase is Phase.MOBILITY:
        return {}
    states = {}
    for exercise in library.strength_exercises():
        top = exercise.top_level
        if phase is Phase.STRENGTH:
            level = 1 + (offset - line.starts[Phase.STRENGTH]) // 30
        elif phase is Phase.ELONGATED:
            level = 3 + (offset - line.starts[Phase.ELONGATED]) // 40
        else:
            level = top
        level = max(1, min(top, level))
        rounds = 3 if level == top and phase is not Phase.STRENGTH else 2
        states[exercise.id] = ExerciseState(exercise.id, level, rounds, top)
    return states


def add_runner(
    batch: Batch, library: Library, rng: random.Random, number: int, today: date, days: int
) -> str:
    """One runner's account, signed-in session, profile and year of history; returns the session token."""
    started = today - timedelta(days=days - rng.randint(0, 6))
    created = at(started, 7)
    email = f"runner{number:04d}@bench.example"
    user_id = batch.add(
        m.User, email=email, password_hash=PASSWORD_HASH, created_at=created, password_changed_at=created
    )
    token = secrets.token_urlsafe(32)
    now = system_clock()
    batch.add(
        m.WebSession,
        user_id=user_id,
        token_hash=token_hash(token),
        created_at=now,
        expires_at=now + SESSION_LIFETIME,
    )
    profile_id = batch.add(
        m.Profile,
        name=email,
        age=rng.randint(18, 65),
        sex=rng.choice(("female", "male", "other", None)),
        created_at=created,
        user_id=user_id,
        height_cm=rng.randint(150, 195),
        weight_kg=rng.randint(48, 95),
        limb_length_cm=rng.randint(78, 100),
        weekly_distance_km=rng.randint(10, 80),
        equipment=rng.sample(("dumbbells", "step", "band", "wall", "mat"), rng.randint(0, 3)),
    )
    batch.add(
        m.Screening,
        profile_id=profile_id,
        taken_at=created,
        signs=["tight-hip-flexors", "vague-hip-tightness"],
        red_flags=[],
        red_flag_level="none",
        program_allowed=True,
    )
    span = (today - started).days
    line = timeline(rng, span)
    final = line.phase_on(span)
    program_id = batch.add(
        m.Program,
        profile_id=profile_id,
        started_on=started,
        status="active",
        phase=int(final),
        paused_reason=None,
        strength_days_per_week=line.settings.strength_days_per_week,
        include_core=line.settings.include_core,
        include_foot=line.settings.include_foot,
        created_at=created,
    )
    for exercise_id, state in ladder(library, line, span).items():
        batch.add(
            m.ExerciseState,
            program_id=program_id,
            exercise_id=exercise_id,
            ladder_level=state.ladder_level,
            rounds=state.rounds,
            load_kg=None,
        )
    previous: Phase | None = None
    for phase, offset in sorted(line.starts.items()):
        batch.add(
            m.PhaseChange,
            program_id=program_id,
            changed_at=at(started + timedelta(days=offset), 7, 5),
            from_phase=int(previous) if previous is not None else None,
            to_phase=int(phase),
            reason=f"{phase.title} unlocked."
            if previous
            else "Program started after a screening without red flags.",
            overridden_by=None,
            override_reason=None,
        )
        previous = phase
    for offset in range(span):
        day = started + timedelta(days=offset)
        phase = line.phase_on(offset)
        kind = weekly_plan(phase, line.settings).day(day.weekday()).kind
        if kind is not None and rng.random() < ADHERENCE:
            states = ladder(library, line, offset)
            add_session(
                batch, library, rng, profile_id, program_id, day, phase, kind, states, line.settings, today
            )
    return token


def add_session(
    batch: Batch,
    library: Library,
    rng: random.Random,
    profile_id: int,
    program_id: int,
    day: date,
    phase: Phase,
    kind: Block,
    states: dict[str, ExerciseState],
    settings: ProgramSettings,
    today: date,
) -> None:
    """A session done as planned that day, then the next morning's check-in and its decisions."""
    plan = session_plan(phase, kind, library, states, settings)
    baseline, during = rng.randint(0, 2), rng.randint(0, 4)
    rpe = rng.randint(4, 8)
    session_id = batch.add(
        m.TrainingSession,
        program_id=program_id,
        profile_id=profile_id,
        performed_on=day,
        started_at=at(day, 18),
        finished_at=at(day, 18, 40),
        phase=int(phase),
        kind=kind.value,
        source="guided",
        baseline_pain=baseline,
        pain_during=during,
        pain_after=rng.randint(0, 3),
        rpe=rpe,
        tightness=rng.randint(1, 5),
        notes="",
    )
    for position, item in enumerate(plan.items):
        strength = item.block is Block.STRENGTH
        exercise_row = batch.add(
            m.SessionExercise,
            session_id=session_id,
            position=position,
            exercise_id=item.exercise.id,
            block=item.block.value,
            ladder_level=item.level,
            prescribed_rounds=item.rounds,
            full_dose=rng.random() < 0.9,
            pain_during=during if strength else None,
            rpe=rpe if strength else None,
            load_kg=None,
        )
        reps = item.dose.reps_per_side or item.dose.circles_each_direction
        for round_number in range(1, item.rounds + 1):
            for side in item.sides:
                batch.add(
                    m.SessionSet,
                    session_exercise_id=exercise_row,
                    round=round_number,
                    side=side,
                    reps=reps,
                    load_kg=None,
                    seconds=item.dose.hold_seconds,
                )
    morning = day + timedelta(days=1)
    if morning > today:
        return  # tonight's session waits for tomorrow's check-in
    created = at(morning, 7)
    checkin_id = batch.add(
        m.Checkin,
        profile_id=profile_id,
        session_id=session_id,
        checked_on=morning,
        created_at=created,
        pain=rng.randint(0, 3),
        tightness=rng.randint(1, 4),
        red_flags=[],
        red_flag_level="none",
    )
    targets = [i for i in plan.items if i.block is Block.STRENGTH] or [None]
    for item in targets:
        outcome, rule_id = rng.choice(
            (("hold", "progression.green-once"), ("progress", "progression.progress"))
        )
        batch.add(
            m.Decision,
            program_id=program_id,
            session_id=session_id,
            checkin_id=checkin_id,
            exercise_id=item.exercise.id if item is not None else None,
            outcome=outcome,
            reason="A good session: low pain, manageable effort. One more like it and you move up.",
            rule_id=rule_id,
            evidence=list(RULES[rule_id].evidence),
            from_level=item.level if item is not None else None,
            to_level=item.level if item is not None else None,
            from_rounds=item.rounds if item is not None else None,
            to_rounds=item.rounds if item is not None else None,
            created_at=created,
        )


def insert_batch(connection: Connection, batch: Batch) -> None:
    for model in TABLES:
        rows = batch.rows.pop(model.__tablename__, [])
        if rows:
            connection.execute(insert(model.__table__), rows)


def seed(engine: Engine, runners: int, weeks: int, rng: random.Random) -> list[str]:
    """Fill the database; returns one signed-in session token per runner."""
    library = default_library()
    today = LocalTime.of(system_clock(), None).today  # the server dates in its own zone too
    batch = Batch(next_id={})
    tokens = []
    with engine.begin() as connection:
        for number in range(runners):
            tokens.append(add_runner(batch, library, rng, number, today, weeks * 7))
            if (number + 1) % RUNNERS_PER_BATCH == 0:
                insert_batch(connection, batch)
        insert_batch(connection, batch)
        if engine.dialect.name == "postgresql":
            # Ids were given explicitly: move each sequence past them so the app's own inserts do not collide.
            for model in TABLES:
                table = model.__tablename__
                sequence = f"pg_get_serial_sequence('{table}', 'id')"
                connection.execute(text(f"SELECT setval({sequence}, (SELECT max(id) FROM {table}))"))
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("ANALYZE"))
    return tokens


def volume(engine: Engine) -> str:
    with engine.connect() as connection:
        counts = {
            model.__tablename__: connection.scalar(select(func.count()).select_from(model.__table__)) or 0
            for model in (m.TrainingSession, m.SessionExercise, m.SessionSet, m.Checkin, m.Decision)
        }
    return ", ".join(f"{count:,} {name.replace('_', ' ')}" for name, count in counts.items())


# --- serving and load ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def serve(url: str, port: int) -> None:
    """The child process: the real app with uvicorn, one worker, no access log."""
    import uvicorn

    from hipcoach.settings import Settings
    from hipcoach.web import create_app

    with tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(
            database_url=url, data_dir=Path(data_dir), secret_key="bench-secret-key-not-for-production"
        )
        uvicorn.run(create_app(settings), host="127.0.0.1", port=port, log_level="warning", access_log=False)


def stop(process: subprocess.Popen[Any], timeout: float = 60) -> None:
    """SIGTERM, as a service manager stops a server; SIGKILL when it has not ended in ``timeout``."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def app_processes(server: subprocess.Popen[Any]) -> list[int]:
    """The app processes uvicorn runs for ``hipcoach serve --workers N`` (Linux: its children in /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == server.pid and b"spawn_main" in cmdline:
            found.append(int(stat.parent.name))
    return found


def wait_until_up(base: str, server: subprocess.Popen[Any], timeout: float = 60) -> None:
    """Return once the app at ``base`` answers GET /hello; RuntimeError when ``server`` ends first or time
    runs out."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if httpx.get(f"{base}{FLOOR}", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the app did not start on {base}")
        time.sleep(0.2)


@contextmanager
def served(url: str, app_workers: int = 1) -> Iterator[str]:
    """The app on a free port: one process of our own, or ``hipcoach serve --workers N`` for several."""
    port = free_port()
    data_dir: tempfile.TemporaryDirectory[str] | None = None
    if app_workers == 1:
        child = subprocess.Popen([sys.executable, __file__, "--serve", url, "--port", str(port)])
    else:
        data_dir = tempfile.TemporaryDirectory(prefix="hipcoach-bench-")
        env = os.environ | {
            "HIPCOACH_DATABASE_URL": url,
            "HIPCOACH_DATA_DIR": data_dir.name,
            "HIPCOACH_SECRET_KEY": "bench-secret-key-not-for-production",
        }
        command = [str(Path(sys.executable).parent / "hipcoach"), "serve", "--port", str(port)]
        command += ["--workers", str(app_workers)]
        child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, child)
        yield base
    finally:
        stop(child, timeout=10)
        if data_dir is not None:
            data_dir.cleanup()


@dataclass(frozen=True)
class Measured:
    page: str
    latencies: list[float]
    wall_s: float

    def quantile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies)

    @property
    def p95(self) -> float:
        return self.quantile(0.95)


async def measure(clients: list[httpx.AsyncClient], page: str, requests: int, seconds: float) -> Measured:
    """All clients ask for ``page`` until ``requests`` answers came back or ``seconds`` passed."""
    latencies: list[float] = []
    left = requests
    deadline = time.perf_counter() + seconds

    async def client_loop(client: httpx.AsyncClient) -> None:
        nonlocal left
        while left > 0 and time.perf_counter() < deadline:
            left -= 1
            start = time.perf_counter()
            response = await client.get(page)
            latencies.append(time.perf_counter() - start)
            if response.status_code != 200:
                raise RuntimeError(f"GET {page} answered {response.status_code}")

    started = time.perf_counter()
    await asyncio.gather(*(client_loop(client) for client in clients))
    return Measured(page, latencies, time.perf_counter() - started)


async def drive(
    base: str, tokens: list[str], pages: tuple[str, ...], requests: int, seconds: float
) -> list[Measured]:
    """Each client is signed in as its own runner; all ask for one page at a time, as fast as they can."""
    clients = [
        httpx.AsyncClient(base_url=base, cookies={SESSION_COOKIE: token}, timeout=60) for token in tokens
    ]
    try:
        for client in clients:  # warm-up: connections open, the app's caches and the database's pages warm
            for page in pages:
                response = await client.get(page)
                if response.status_code != 200:
                    raise RuntimeError(f"GET {page} answered {response.status_code}: {response.text[:200]}")
        results = []
        for page in pages:
            results.append(await measure(clients, page, requests, seconds))
        return results
    finally:
        await asyncio.gather(*(client.aclose() for client in clients))


def report(label: str, results: list[Measured], clients: int) -> bool:
    floor = next(r for r in results if r.page == FLOOR)
    print(f"\n{label}: {clients} concurrent clients")
    headers = ("requests", "p50 ms", "p95 ms", "p50/floor", "p95/floor", "req/s")
    print(
        f"  {'page':<22}" + "".join(f"{h:>{w}}" for h, w in zip(headers, (9, 9, 9, 11, 11, 8), strict=True))
    )
    within = True
    for r in results:
        ratio = r.p95 / floor.p95
        within &= ratio <= TARGET_RATIO
        mark = "" if r is floor else ("  ok" if ratio <= TARGET_RATIO else f"  over {TARGET_RATIO:g}x")
        print(
            f"  {'GET ' + r.page:<22}{len(r.latencies):>9}{r.p50 * 1000:>9.1f}{r.p95 * 1000:>9.1f}"
            f"{r.p50 / floor.p50:>10.1f}x{ratio:>10.1f}x{len(r.latencies) / r.wall_s:>8.0f}{mark}"
        )
    return within


def run_on(label: str, url: str, args: argparse.Namespace) -> bool:
    rng = random.Random(args.seed)
    engine = open_database(url)
    try:
        started = time.perf_counter()
        tokens = seed(engine, args.runners, args.weeks, rng)
        took = time.perf_counter() - started
        print(
            f"{label}: seeded {args.runners} runners x {args.weeks} weeks in {took:.0f} s ({volume(engine)})"
        )
    finally:
        engine.dispose()
    chosen = rng.sample(tokens, min(args.clients, len(tokens)))
    with served(url, args.app_workers) as base:
        results = asyncio.run(drive(base, chosen, PAGES, args.requests, args.seconds))
    processes = f", {args.app_workers} app processes" if args.app_workers > 1 else ""
    return report(label + processes, results, len(chosen))


@contextmanager
def scratch_postgres() -> Iterator[str | None]:
    admin = create_engine(
        with_explicit_driver(POSTGRES_ADMIN),
        isolation_level="AUTOCOMMIT",
        connect_args={"connect_timeout": 5},
    )
    name = f"hipcoach_bench_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except DBAPIError as error:
        print(f"\nPostgreSQL skipped: {' '.join(str(error.orig).split())}")
        admin.dispose()
        yield None
        return
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runners", type=int, default=200, help="runners seeded (default 200)")
    parser.add_argument("--weeks", type=int, default=52, help="weeks of history each (default 52)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    parser.add_argument("--requests", type=int, default=1000, help="requests per page (default 1000)")
    parser.add_argument("--seconds", type=float, default=60, help="time bound per page (default 60)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed of the seeded history")
    parser.add_argument("--only", choices=("sqlite", "postgresql"), help="run one database only")
    parser.add_argument(
        "--app-workers", type=int, default=1, help="app processes (hipcoach serve --workers N; default 1)"
    )
    parser.add_argument("--serve", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port)
        return 0
    if args.only != "postgresql":
        with tempfile.TemporaryDirectory() as folder:
            run_on("SQLite", f"sqlite:///{Path(folder) / 'bench.db'}", args)
    if args.only != "sqlite":
        with scratch_postgres() as url:
            if url is not None:
                run_on("PostgreSQL", url, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
