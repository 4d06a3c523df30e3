"""Fixtures for the service and CLI tests: a hipcoach on a fresh database with a clock the test controls."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

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
