"""Writes at the same moment, on SQLite and PostgreSQL: what the same calls give one after the other.

Each test starts its calls together (a barrier) on threads sharing one ``Hipcoach``, as the web app's worker
threads do, then counts the rows.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from hipcoach.cli import app as cli_app
from hipcoach.content import default_library
from hipcoach.domain.content import Block
from hipcoach.domain.progression import Outcome
from hipcoach.domain.rules import count_word
from hipcoach.services import activities, programs
from hipcoach.services.checkins import CheckinReport
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import InvalidInput, TryAgainLater
from hipcoach.services.transfer import export_profile, import_profile
from hipcoach.storage import db as storage
from hipcoach.storage import models as m
from tests.integration.helpers import count, do_session, morning, screened_runner
from tests.integration.test_service_activities import outcome, run

RUN_START = datetime(2026, 10, 5, 6, 30, tzinfo=UTC)
T = TypeVar("T")


def at_once(calls: int, call: Callable[[int], T]) -> list[T | Exception]:
    """``call(0)`` .. ``call(calls - 1)`` on as many threads, released together; each result or its error."""
    start = threading.Barrier(calls)

    def one(index: int) -> T | Exception:
        start.wait()
        try:
            return call(index)
        except Exception as error:  # the test looks at each error
            return error

    with ThreadPoolExecutor(calls) as pool:
        return list(pool.map(one, range(calls)))


def strength_runner(app, clock) -> tuple[int, int]:
    """A runner in phase 2 with one green strength session done yesterday: (profile, session)."""
    runner = screened_runner(app)
    programs.override_phase(app, runner, 2, by="Sam Ortiz, PT", reason="assessed")
    saved = do_session(app, runner, Block.STRENGTH, pain=1, rpe=6)
    clock.advance(days=1)
    return runner, saved.session_id


def test_five_check_ins_at_once_after_one_strength_session_decide_it_once(app, clock):
    runner, session_id = strength_runner(app, clock)
    results = at_once(5, lambda _: morning(app, runner, pain=1))

    assert all(isinstance(result, CheckinReport) for result in results), results
    reports = [r for r in results if isinstance(r, CheckinReport)]
    deciding = [r for r in reports if r.session_id == session_id]
    # One green session holds (two in a row progress): the session is decided once, as in sequence.
    assert len(deciding) == 1 and deciding[0].outcome is Outcome.HOLD
    assert all(r.session_id is None and r.decisions == () for r in reports if r is not deciding[0])
    with app.reading() as db:
        decided = list(db.scalars(select(m.Decision.exercise_id).where(m.Decision.session_id == session_id)))
        checkins = list(db.scalars(select(m.Checkin.id).where(m.Checkin.session_id == session_id)))
    assert decided and len(decided) == len(set(decided))  # one decision per strength exercise
    assert len(checkins) == 1
    assert {s.ladder_level for s in programs.overview(app, runner).states.values()} == {1}


def test_ten_identical_runs_typed_in_at_once_are_stored_once(app):
    runner = screened_runner(app)
    results = at_once(10, lambda _: activities.add_run(app, runner, RUN_START, 10.0, 55.0))

    stored = [r for r in results if isinstance(r, activities.RunView)]
    refused = [r for r in results if isinstance(r, InvalidInput)]
    assert len(stored) == 1 and len(refused) == 9, results
    assert all("already stored" in str(error) for error in refused)
    assert count(app, m.Activity) == 1


def test_the_same_run_imported_from_four_files_at_once_is_stored_once(app):
    runner = screened_runner(app)
    # Two copies of the watch file and two of the export's file of the same run (30 s later, 1% longer).
    files = [
        outcome("watch.fit", run(RUN_START)),
        outcome("watch.fit", run(RUN_START)),
        outcome("export.gpx", run(RUN_START + timedelta(seconds=30), 10.1, fmt="gpx")),
        outcome("export.gpx", run(RUN_START + timedelta(seconds=30), 10.1, fmt="gpx")),
    ]
    results = at_once(4, lambda i: activities.import_outcomes(app, runner, [files[i]], files_total=1))

    assert all(isinstance(result, activities.ImportReport) for result in results), results
    assert sum(r.runs_added for r in results if isinstance(r, activities.ImportReport)) == 1
    assert count(app, m.Activity) == 1
    assert count(app, m.ImportedFile) == 2


def test_twenty_writers_at_once_each_store_their_runs_and_none_is_refused(app):
    runner = screened_runner(app)

    def five_runs(writer: int) -> int:
        for n in range(5):
            activities.add_run(app, runner, RUN_START - timedelta(hours=5 * writer + n), 8.0, 45.0)
        return writer

    results = at_once(20, five_runs)

    assert results == list(range(20))
    assert count(app, m.Activity) == 100


def test_a_file_exported_with_two_check_ins_for_one_session_imports_with_the_first_deciding_it(app, clock):
    # Check-ins sent at once before issue 14 could both name the session, and an export kept them so.
    runner, _ = strength_runner(app, clock)
    morning(app, runner, pain=1)
    data = export_profile(app, runner)
    (first,) = data["checkins"]
    data["checkins"].append({**first, "ref": first["ref"] + 1, "pain": 3})

    copy = import_profile(app, json.dumps(data).encode(), rename="Ana again")

    stored = export_profile(app, copy.id)["checkins"]
    assert [(c["session_ref"], c["pain"]) for c in stored] == [(first["session_ref"], 1), (None, 3)]


@pytest.fixture
def quickly_busy(sqlite_database_url: str, monkeypatch: pytest.MonkeyPatch, clock) -> Iterator[Hipcoach]:
    """A hipcoach on SQLite that waits 50 ms for a lock (not 5 s) before a write tries again."""
    monkeypatch.setattr(storage, "SQLITE_BUSY_TIMEOUT_MS", 50)
    app = Hipcoach(engine=storage.open_database(sqlite_database_url), library=default_library(), now=clock)
    yield app
    app.close()


@pytest.fixture
def other_writer(quickly_busy: Hipcoach) -> Iterator[sqlite3.Connection]:
    """Another program's connection to the same file (a CLI import, say), free until it begins a write."""
    database = quickly_busy.engine.url.database
    assert database is not None
    connection = sqlite3.connect(database, isolation_level=None)
    yield connection
    connection.close()


def test_a_write_that_finds_sqlite_locked_past_the_busy_timeout_tries_again_and_goes_through(
    quickly_busy, other_writer, monkeypatch
):
    runner = screened_runner(quickly_busy)
    pauses: list[int] = []

    def other_writer_finishes(attempt: int) -> None:
        pauses.append(attempt)
        other_writer.execute("COMMIT")

    monkeypatch.setattr(storage, "_pause_before_retry", other_writer_finishes)
    other_writer.execute("BEGIN IMMEDIATE")

    activities.add_run(quickly_busy, runner, RUN_START, 10.0, 55.0)

    assert pauses == [1]  # the first BEGIN timed out; the second found the database free
    assert count(quickly_busy, m.Activity) == 1


def test_a_write_locked_out_through_every_try_is_refused_with_when_to_try_again_and_saves_nothing(
    quickly_busy, other_writer, monkeypatch
):
    runner = screened_runner(quickly_busy)
    pauses: list[int] = []
    monkeypatch.setattr(storage, "_pause_before_retry", pauses.append)
    other_writer.execute("BEGIN IMMEDIATE")

    with pytest.raises(TryAgainLater, match="busy") as refused:
        activities.add_run(quickly_busy, runner, RUN_START, 10.0, 55.0)

    assert pauses == list(range(1, storage.SQLITE_WRITE_ATTEMPTS))
    assert refused.value.retry_after_s == 1  # the 50 ms busy timeout, in whole seconds
    assert activities.list_runs(quickly_busy, runner) == []  # reading goes on while another writes
    other_writer.execute("ROLLBACK")
    assert count(quickly_busy, m.Activity) == 0


def test_the_command_line_says_the_database_is_busy_and_saves_nothing(sqlite_database_url, monkeypatch):
    monkeypatch.setenv("HIPCOACH_DATABASE_URL", sqlite_database_url)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("HIPCOACH_PROFILE", raising=False)
    monkeypatch.setattr(storage, "SQLITE_BUSY_TIMEOUT_MS", 50)
    monkeypatch.setattr(storage, "_pause_before_retry", lambda attempt: None)
    command = CliRunner()
    assert command.invoke(cli_app, ["init", "--name", "Ana", "--age", "34"]).exit_code == 0
    other_program = sqlite3.connect(sqlite_database_url.removeprefix("sqlite:///"), isolation_level=None)
    other_program.execute("BEGIN IMMEDIATE")
    try:
        result = command.invoke(cli_app, ["runs", "add", "2026-10-05 06:30", "10", "55"])
    finally:
        other_program.execute("ROLLBACK")
        other_program.close()
    assert result.exit_code == 1 and "busy" in result.output and "nothing was saved" in result.output
    assert "Run 2026-10-05" not in command.invoke(cli_app, ["runs", "list"]).output


def test_the_readme_states_the_sqlite_wait_and_tries_as_configured():
    readme = " ".join((Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8").split())
    tries = count_word(storage.SQLITE_WRITE_ATTEMPTS)
    expected = f"waiting up to {storage.SQLITE_BUSY_TIMEOUT_MS // 1000} s for it, {tries} times over"
    assert expected in readme
