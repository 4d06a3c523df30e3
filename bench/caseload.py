"""Benchmark: a clinician's caseload page and its API with a full caseload, against the floor (BRIEF §10).

Seeds RUNNERS runners with WEEKS weeks of history each (bench/web.py's sessions, sets, check-ins and
decisions, plus three runs a week and two assessments with PSFS ratings; a few runners on hold after a
warning sign), all sharing their data with one clinician. Counts the SQL statements of one caseload request
in-process (a ``before_cursor_execute`` listener), once with all the runners and once with a tenth of them:
the count must be the same. Then serves the real app with uvicorn in a child process and drives
GET /clinic and GET /api/clinic/runners with CLIENTS concurrent clients signed in as that clinician, against
the floor GET /hello of the same app in the same run. Runs on SQLite (a temporary file) and, when it
answers, on PostgreSQL (a scratch database, dropped afterwards). Not a test: it prints the numbers and fails
only when a page answers anything but 200 or the query count depends on the caseload's size.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import secrets
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, insert, select, update

import web  # bench/web.py: the seeding, the served app, the load driver and the report
from hipcoach.clock import LocalTime, system_clock
from hipcoach.content import default_library
from hipcoach.services import caseload
from hipcoach.services.accounts import SESSION_LIFETIME, token_hash
from hipcoach.services.care import clinician_by_email
from hipcoach.services.clinic import become_clinician
from hipcoach.services.context import Hipcoach
from hipcoach.storage import models as m
from hipcoach.storage.db import open_database

PAGES = ("/hello", "/clinic", "/api/clinic/runners")
CLINICIAN_EMAIL = "clinician@bench.example"
RUNS_PER_WEEK = 3
ON_HOLD_SHARE = 0.05  # runners whose last check-in reported a warning sign
PSFS_ACTIVITIES = ("running 10 km", "stairs", "sitting an hour")


def add_history(engine: Engine, rng: random.Random, weeks: int) -> None:
    """Runs, two assessments with PSFS ratings, and a warning sign for a few runners, for every runner."""
    today = LocalTime.of(system_clock(), None).today
    with engine.begin() as connection:
        profiles = connection.execute(select(m.Profile.id, m.Profile.created_at)).all()
        runs: list[dict[str, Any]] = []
        assessments: list[dict[str, Any]] = []
        for profile in profiles:
            longest = rng.uniform(8, 16)
            for week in range(weeks):
                monday = today - timedelta(weeks=weeks - week, days=today.weekday())
                for weekday in rng.sample(range(7), RUNS_PER_WEEK):
                    day = monday + timedelta(days=weekday)
                    if day > today:
                        continue
                    km = longest * rng.uniform(0.4, 1.0) * (1.3 if rng.random() < 0.05 else 1.0)
                    started = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=6)
                    runs.append(
                        {
                            "profile_id": profile.id,
                            "started_at": started,
                            "duration_s": km * 330,
                            "moving_s": km * 320,
                            "distance_m": km * 1000,
                            "sport": "running",
                            "name": "",
                            "source_format": "gpx",
                            "source": "",
                            "imported_at": started,
                        }
                    )
            for offset in (weeks * 7 - 3, rng.randint(1, 20)):
                day = today - timedelta(days=offset)
                assessments.append(
                    {
                        "profile_id": profile.id,
                        "assessed_on": day,
                        "created_at": datetime.combine(day, datetime.min.time(), UTC),
                        "tester": "",
                        "sex": "female",
                        "age": 34,
                        "body_mass_kg": 60.0,
                        "scoring": "mean-of-3",
                        "notes": "",
                    }
                )
        connection.execute(insert(m.Activity), runs)
        connection.execute(insert(m.Assessment), assessments)
        readings = [
            {"assessment_id": row.id, "key": f"psfs.{slot}", "value": float(rng.randint(2, 9)), "label": name}
            for row in connection.execute(select(m.Assessment.id))
            for slot, name in enumerate(PSFS_ACTIVITIES, start=1)
        ]
        connection.execute(insert(m.AssessmentReading), readings)
        held = rng.sample([p.id for p in profiles], max(1, int(len(profiles) * ON_HOLD_SHARE)))
        now = system_clock()
        connection.execute(
            insert(m.Checkin),
            [
                {
                    "profile_id": pid,
                    "checked_on": today,
                    "created_at": now - timedelta(hours=1),
                    "pain": 3,
                    "tightness": 3,
                    "red_flags": ["leg-numbness-tingling"],
                    "red_flag_level": "refer",
                }
                for pid in held
            ],
        )
        connection.execute(
            update(m.Program)
            .where(m.Program.profile_id.in_(held))
            .values(status="paused", paused_at=now - timedelta(hours=1), paused_reason="A warning sign.")
        )


def add_clinician(
    app: Hipcoach,
    clients: int,
    email: str = CLINICIAN_EMAIL,
    name: str = "Sam Ortiz",
    profile_ids: list[int] | None = None,
) -> list[str]:
    """A clinician whom the runners ``profile_ids`` (default: every runner) share with, signed in from
    ``clients`` browsers; returns their session tokens."""
    now = system_clock()
    with app.engine.begin() as connection:
        user_id = connection.execute(
            insert(m.User).returning(m.User.id),
            {
                "email": email,
                "password_hash": web.PASSWORD_HASH,
                "created_at": now,
                "password_changed_at": now,
            },
        ).scalar_one()
        tokens = [secrets.token_urlsafe(32) for _ in range(clients)]
        connection.execute(
            insert(m.WebSession),
            [
                {
                    "user_id": user_id,
                    "token_hash": token_hash(token),
                    "created_at": now,
                    "expires_at": now + SESSION_LIFETIME,
                }
                for token in tokens
            ],
        )
    clinician = become_clinician(app, user_id, name, "PT", "Bench Physio")
    with app.engine.begin() as connection:
        if profile_ids is None:
            profile_ids = list(connection.scalars(select(m.Profile.id)))
        connection.execute(
            insert(m.CareLink),
            [
                {"profile_id": pid, "clinician_id": clinician.id, "granted_at": now, "granted_via": "code"}
                for pid in profile_ids
            ],
        )
    return tokens


@contextmanager
def counting(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def queries_per_request(app: Hipcoach) -> tuple[int, int, int]:
    """Statements of one caseload (the service, as GET /clinic calls it) with every runner and with a tenth
    of them; and the rows listed."""
    clinician = clinician_by_email(app, CLINICIAN_EMAIL)
    with counting(app.engine) as full:
        listed = len(caseload.caseload(app, clinician, "web").rows)
    with app.engine.begin() as connection:
        ids = connection.scalars(select(m.CareLink.id).where(m.CareLink.clinician_id == clinician.id)).all()
        revoked = ids[len(ids) // 10 :]
        connection.execute(
            update(m.CareLink).where(m.CareLink.id.in_(revoked)).values(revoked_at=system_clock())
        )
    with counting(app.engine) as tenth:
        caseload.caseload(app, clinician, "web")
    with app.engine.begin() as connection:
        connection.execute(update(m.CareLink).where(m.CareLink.id.in_(revoked)).values(revoked_at=None))
    return len(full), len(tenth), listed


def run_on(label: str, url: str, args: argparse.Namespace) -> bool:
    rng = random.Random(args.seed)
    engine = open_database(url)
    try:
        started = time.perf_counter()
        web.seed(engine, args.runners, args.weeks, rng)
        add_history(engine, rng, args.weeks)
        app = Hipcoach(engine=engine, library=default_library())
        tokens = add_clinician(app, args.clients)
        took = time.perf_counter() - started
        print(
            f"{label}: seeded {args.runners} runners x {args.weeks} weeks in {took:.0f} s "
            f"({web.volume(engine)})"
        )
        full, tenth, listed = queries_per_request(app)
        print(
            f"  SQL statements per caseload: {full} with {listed} runners, {tenth} with a tenth of them"
            + ("  (fixed)" if full == tenth else "  (GROWS WITH THE CASELOAD)")
        )
    finally:
        engine.dispose()
    with web.served(url) as base:
        results = asyncio.run(web.drive(base, tokens, PAGES, args.requests, args.seconds))
    web.report(label, results, len(tokens))
    return full == tenth


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runners", type=int, default=300, help="runners in the caseload (default 300)")
    parser.add_argument("--weeks", type=int, default=26, help="weeks of history each (default 26)")
    parser.add_argument("--clients", type=int, default=20, help="concurrent clients (default 20)")
    parser.add_argument("--requests", type=int, default=200, help="requests per page (default 200)")
    parser.add_argument("--seconds", type=float, default=60, help="time bound per page (default 60)")
    parser.add_argument("--seed", type=int, default=2026, help="random seed of the seeded history")
    parser.add_argument("--only", choices=("sqlite", "postgresql"), help="run one database only")
    args = parser.parse_args()
    fixed = True
    if args.only != "postgresql":
        with tempfile.TemporaryDirectory() as folder:
            fixed &= run_on("SQLite", f"sqlite:///{Path(folder) / 'bench.db'}", args)
    if args.only != "sqlite":
        with web.scratch_postgres() as url:
            if url is not None:
                fixed &= run_on("PostgreSQL", url, args)
    return 0 if fixed else 1


if __name__ == "__main__":
    sys.exit(main())
