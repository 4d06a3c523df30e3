"""Benchmark: saving a guided strength session and its check-in through the services, against the floor.

The floor is the same rows (session, exercises, sets) written with plain SQLAlchemy Core in one transaction:
what storage alone costs. The ratio says how much the domain rules, validation and ORM add on top.
Runs on SQLite (a temporary file) and, when it answers, on PostgreSQL (HIPCOACH_TEST_POSTGRES_URL or the
local test server). Not a test: it prints numbers and asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, insert, text
from sqlalchemy.exc import DBAPIError

from hipcoach.content import default_library
from hipcoach.domain.content import Block
from hipcoach.services import programs
from hipcoach.services.checkins import CheckinInput, check_in
from hipcoach.services.context import Hipcoach
from hipcoach.services.profiles import create_profile
from hipcoach.services.screening import ScreeningAnswers, run_screening
from hipcoach.services.sessions import as_prescribed, save_session
from hipcoach.storage import models as m
from hipcoach.storage.db import open_database

POSTGRES_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


class Clock:
    def __init__(self) -> None:
        self.current = datetime(2026, 1, 5, 7, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.current


def service_round(app: Hipcoach, clock: Clock, profile_id: int) -> None:
    plan = programs.plan_session(app, profile_id, Block.STRENGTH)
    save_session(app, profile_id, as_prescribed(plan, app.local(None).today, 1, 2, 6, source="guided"))
    clock.current += timedelta(days=1)
    check_in(app, profile_id, CheckinInput(app.local(None).today, 1, 2))
    clock.current += timedelta(days=1)


def floor_round(app: Hipcoach, program_id: int, profile_id: int, shape: list[tuple[str, int, int]]) -> None:
    """The same rows as one service round, inserted directly."""
    with app.engine.begin() as connection:
        session_id = connection.execute(
            insert(m.TrainingSession).returning(m.TrainingSession.id),
            {
                "program_id": program_id,
                "profile_id": profile_id,
                "performed_on": date(2026, 1, 5),
                "phase": 2,
                "kind": "strength",
                "source": "guided",
                "baseline_pain": 1,
                "pain_during": 2,
                "rpe": 6,
            },
        ).scalar_one()
        for position, (exercise_id, rounds, sides) in enumerate(shape):
            exercise_row = connection.execute(
                insert(m.SessionExercise).returning(m.SessionExercise.id),
                {
                    "session_id": session_id,
                    "position": position,
                    "exercise_id": exercise_id,
                    "block": "strength",
                    "prescribed_rounds": rounds,
                    "full_dose": True,
                },
            ).scalar_one()
            connection.execute(
                insert(m.SessionSet),
                [
                    {"session_exercise_id": exercise_row, "round": r, "side": "left", "reps": 6}
                    for r in range(1, rounds + 1)
                    for _ in range(sides)
                ],
            )
        connection.execute(
            insert(m.Checkin),
            {
                "profile_id": profile_id,
                "session_id": session_id,
                "checked_on": date(2026, 1, 6),
                "created_at": app.now(),
                "pain": 1,
                "tightness": 2,
                "red_flags": [],
                "red_flag_level": "none",
            },
        )


def timed(rounds: int, step: Callable[[], None]) -> list[float]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return times


def run_on(label: str, url: str, rounds: int) -> None:
    clock = Clock()
    app = Hipcoach(open_database(url), default_library(), now=clock)
    try:
        profile = create_profile(app, f"bench-{uuid.uuid4().hex[:8]}")
        run_screening(app, profile.id, ScreeningAnswers(frozenset(), frozenset()))
        programs.override_phase(app, profile.id, 2, by="bench", reason="benchmark")
        plan = programs.plan_session(app, profile.id, Block.STRENGTH)
        shape = [(i.exercise.id, i.rounds, len(i.sides)) for i in plan.items]
        program_id = programs.overview(app, profile.id).program_id
        service = timed(rounds, lambda: service_round(app, clock, profile.id))
        floor = timed(rounds, lambda: floor_round(app, program_id, profile.id, shape))
    finally:
        app.close()
    s50, f50 = statistics.median(service), statistics.median(floor)
    s95 = sorted(service)[int(0.95 * (len(service) - 1))]
    print(
        f"{label:<11} session+check-in via services: p50 {s50 * 1000:7.2f} ms  p95 {s95 * 1000:7.2f} ms | "
        f"same rows via Core (floor): p50 {f50 * 1000:7.2f} ms | ratio {s50 / f50:5.1f}x"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=40, help="sessions saved per database (default 40)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        run_on("SQLite", f"sqlite:///{Path(folder) / 'bench.db'}", args.rounds)
    admin = create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    name = f"hipcoach_bench_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except DBAPIError as error:
        print(f"PostgreSQL   skipped: {' '.join(str(error.orig).split())}")
        return 0
    try:
        run_on("PostgreSQL", admin.url.set(database=name).render_as_string(hide_password=False), args.rounds)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
