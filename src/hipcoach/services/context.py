"""The application handle the CLI and web app hold: database, content library and clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from hipcoach.content import default_library
from hipcoach.domain.content import Library
from hipcoach.settings import Settings, resolved_database_url
from hipcoach.storage.db import open_database, session_factory


def system_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Hipcoach:
    """Everything a use case needs. Build one with :func:`open_hipcoach`; close it when done."""

    engine: Engine
    library: Library
    now: Callable[[], datetime] = system_now
    _sessions: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        self._sessions = session_factory(self.engine)

    def today(self) -> date:
        """Today in the runner's local time zone (the machine's)."""
        return self.now().astimezone().date()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action: everything inside commits together or not at all."""
        with self._sessions.begin() as session:
            yield session

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
    now: Callable[[], datetime] = system_now,
) -> Hipcoach:
    """Open (and upgrade) the configured database and load the content library."""
    settings = settings or Settings()
    engine = open_database(resolved_database_url(settings))
    return Hipcoach(engine=engine, library=library or default_library(), now=now)
