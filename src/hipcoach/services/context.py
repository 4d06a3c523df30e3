"""The application handle the CLI and web app hold: database, content library and clock."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from hipcoach.clock import Clock, LocalTime, system_clock
from hipcoach.content import default_library
from hipcoach.domain.content import Library
from hipcoach.services.errors import TryAgainLater
from hipcoach.settings import Settings, resolved_database_url
from hipcoach.storage.db import DatabaseBusy, open_database, session_factory


@dataclass
class Hipcoach:
    """Everything a use case needs. Build one with :func:`open_hipcoach`; close it when done."""

    engine: Engine
    library: Library
    now: Clock = system_clock
    _sessions: sessionmaker[Session] = field(init=False)
    _writes: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        self._sessions = session_factory(self.engine)
        self._writes = session_factory(self.engine, writes=True)

    def local(self, zone_name: str | None) -> LocalTime:
        """Now, as a runner in ``zone_name`` lives it (the machine's zone when they have set none)."""
        return LocalTime.of(self.now(), zone_name)

    def at_one_instant(self) -> Hipcoach:
        """This handle with the clock stopped at this instant: a web request reads one
        "now", so a request that straddles midnight cannot date one record today and the next tomorrow."""
        instant = self.now()
        stopped = copy.copy(self)  # shares the engine, the library and the session factory
        stopped.now = lambda: instant
        return stopped

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action: everything inside commits together or not at all.

        On SQLite it holds the database's write lock from its first statement, so two actions at once run
        one after the other, each reading what the other stored; on PostgreSQL a use case whose decision
        rests on what it reads first takes its runner's row lock (services.locks). TryAgainLater when other
        writers kept SQLite locked too long: nothing was done.
        """
        try:
            with self._writes.begin() as session:
                yield session
        except DatabaseBusy as error:
            raise TryAgainLater(str(error), error.retry_after_s) from error

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._sessions() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()


def open_hipcoach(
    settings: Settings | None = None,
    *,
    library: Library | None = None,
    now: Clock = system_clock,
) -> Hipcoach:
    """Open (and upgrade) the configured database and load the content library."""
    settings = settings or Settings()
    engine = open_database(resolved_database_url(settings))
    return Hipcoach(engine=engine, library=library or default_library(), now=now)
