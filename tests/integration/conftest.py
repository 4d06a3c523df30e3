"""Fixtures for the service and CLI tests: a hipcoach on a fresh database with a clock the test controls."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from hipcoach.cli import app as cli_app
from hipcoach.cli import timers
from hipcoach.cli.common import COMMAND_CLOCK
from hipcoach.content import default_library
from hipcoach.services.context import Hipcoach


@dataclass
class Clock:
    """A wall clock that only moves when the test says so. Starts on a Monday morning."""

    current: datetime = datetime(2026, 11, 2, 7, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.current

    def advance(self, days: int = 0, hours: int = 0) -> None:
        self.current += timedelta(days=days, hours=hours)

    def today(self, zone: str = "UTC") -> date:
        """The date in ``zone`` now (the tests' machine zone is UTC)."""
        return self.current.astimezone(ZoneInfo(zone)).date()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(autouse=True)
def pinned_command_clock(clock: Clock) -> Iterator[Clock]:
    """Every CLI command a test runs reads the test's clock, never the real date."""
    token = COMMAND_CLOCK.set(clock)
    yield clock
    COMMAND_CLOCK.reset(token)


@pytest.fixture
def app(engine: Engine, clock: Clock) -> Iterator[Hipcoach]:
    hipcoach = Hipcoach(engine=engine, library=default_library(), now=clock)
    yield hipcoach


@pytest.fixture
def cli(database_url: str, monkeypatch: pytest.MonkeyPatch, clock: Clock):
    """Run a hipcoach command on the test's database at the test's clock, in a 200-column terminal.

    Timers never wait: the seconds they would have waited are kept in ``cli.waited``. A test module that
    needs more (a profile made first) overrides this fixture and asks for it by the same name.
    """
    monkeypatch.setenv("HIPCOACH_DATABASE_URL", database_url)
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("HIPCOACH_PROFILE", raising=False)
    waited: list[float] = []
    monkeypatch.setattr(timers, "sleep", waited.append)
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(cli_app, list(args), input=input)

    invoke.clock = clock  # type: ignore[attr-defined]
    invoke.waited = waited  # type: ignore[attr-defined]
    return invoke
