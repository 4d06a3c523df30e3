"""Opening the database: engine, migrations to head, and the session factory."""

from __future__ import annotations

import math
import os
import random
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from hipcoach.settings import with_explicit_driver

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# The newest migration's revision. A database already there opens without loading Alembic at all, a good
# part of a command's start-up; tests/integration/test_migrations.py checks it is Alembic's head.
SCHEMA_HEAD = "0012"
# The job queue's own tables, functions and types on PostgreSQL (procrastinate's, migration 0011): no model
# describes them, so the schema comparisons and table listings leave them out by this prefix.
QUEUE_PREFIX = "procrastinate_"
# libpq waits forever on a host that drops packets; 10 s is long enough for a slow network.
POSTGRES_CONNECT_TIMEOUT_S = 10
SQLITE_BUSY_TIMEOUT_MS = 5000
# A write transaction that still finds SQLite locked after the busy timeout tries to begin again, this many
# times in all, before giving up with DatabaseBusy: 20 writers at once queue behind each other for longer than
# one timeout now and then (issue 14), and nothing has been read or written yet when BEGIN fails.
SQLITE_WRITE_ATTEMPTS = 3
# The execution option that marks a connection's transactions as writes (see session_factory).
WRITES = "hipcoach_writes"


class DatabaseUnavailable(RuntimeError):
    """The database at a URL could not be reached; the message names the URL with its password masked."""


class DatabaseBusy(RuntimeError):
    """Other writers kept SQLite locked through every attempt to begin a write; nothing was read or written.

    ``retry_after_s``: about when trying again should find the database free (one busy timeout).
    """

    def __init__(self) -> None:
        self.retry_after_s = math.ceil(SQLITE_BUSY_TIMEOUT_MS / 1000)
        super().__init__(
            "the database is busy with other changes; nothing was saved. Try again in a few seconds"
        )


def ours(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's ``include_name`` filter: the tables hipcoach's models describe, not the job queue's."""
    return not (type_ == "table" and name is not None and name.startswith(QUEUE_PREFIX))


def create_engine_for(url: str) -> Engine:
    """Return an engine for ``url`` (nothing is connected yet).

    SQLite connections get WAL, enforced foreign keys and a 5 s busy timeout, and hipcoach issues their BEGIN
    itself (SQLAlchemy's pysqlite recipe): a write transaction takes the write lock at ``BEGIN IMMEDIATE``,
    so what it reads cannot change before it writes; PostgreSQL uses psycopg 3.
    """
    parsed = make_url(with_explicit_driver(url))
    connect_args: dict[str, Any] = {}
    if parsed.get_backend_name() == "postgresql" and "connect_timeout" not in parsed.query:
        connect_args["connect_timeout"] = POSTGRES_CONNECT_TIMEOUT_S
    engine = create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "do_connect", _create_private_sqlite_file)
        event.listen(engine, "connect", _configure_sqlite_connection)
        event.listen(engine, "begin", _begin_sqlite_transaction)
    return engine


def _create_private_sqlite_file(_dialect: Any, _record: Any, cargs: list[Any], _cparams: Any) -> None:
    # SQLite would create a new file as the umask allows (0644: any local user reads the health data); made
    # 0600 first, it keeps that mode, and SQLite gives its -wal and -shm files the same.
    path = cargs[0] if cargs and isinstance(cargs[0], str) else ""
    if path and path != ":memory:" and not path.startswith("file:"):
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except OSError:  # already there; or a folder missing or not writable, which SQLite then reports
            pass


def _configure_sqlite_connection(dbapi_connection: Any, _connection_record: Any) -> None:
    # These pragmas are per connection (WAL is also stored in the file), so every new connection sets them:
    # WAL lets the web app read while one writer writes; SQLite ignores foreign keys unless told otherwise.
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()
    # pysqlite would BEGIN on its own only before the first change, after the reads a decision rests on;
    # _begin_sqlite_transaction begins instead, when SQLAlchemy does.
    dbapi_connection.isolation_level = None


def _begin_sqlite_transaction(connection: Connection) -> None:
    """BEGIN IMMEDIATE for a write (the lock is taken now, waiting up to the busy timeout, and tried again
    up to SQLITE_WRITE_ATTEMPTS times), a plain BEGIN for a read (WAL: a snapshot, never waits)."""
    if not connection.get_execution_options().get(WRITES):
        connection.exec_driver_sql("BEGIN")
        return
    for attempt in range(1, SQLITE_WRITE_ATTEMPTS + 1):
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            return
        except OperationalError as error:
            if "database is locked" not in str(error.orig):
                raise
            if attempt == SQLITE_WRITE_ATTEMPTS:
                raise DatabaseBusy() from error
            _pause_before_retry(attempt)


def _pause_before_retry(attempt: int) -> None:
    # Writers that timed out together would otherwise all try again at the same instant.
    time.sleep(random.uniform(0, 0.05 * attempt))


def alembic_config(connection: Connection | None = None) -> Config:
    """Return an Alembic config for the packaged migrations, bound to ``connection`` when one is given."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine) -> None:
    """Bring the database behind ``engine`` to the newest schema; a database already there is left as is."""
    if schema_revision(engine) == SCHEMA_HEAD:
        return
    from alembic import command

    # A write: two processes starting at once on one SQLite file migrate one after the other.
    with engine.execution_options(**{WRITES: True}).connect() as connection:
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:
            _sqlite_foreign_keys(connection, on=False)
        try:
            with connection.begin():
                command.upgrade(alembic_config(connection), "head")
                if sqlite:
                    _refuse_broken_links(connection)
        finally:
            if sqlite:
                _sqlite_foreign_keys(connection, on=True)


def _sqlite_foreign_keys(connection: Connection, *, on: bool) -> None:
    # SQLite changes a table's constraints by copying it, dropping the old one and renaming the copy; with
    # foreign keys enforced, that drop first deletes the table's rows and cascades to every child row (a
    # runner's programs and sessions go with their profile). The pragma only acts outside a transaction, so
    # it is set on the driver's connection before SQLAlchemy begins one.
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def _refuse_broken_links(connection: Connection) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        tables = ", ".join(sorted({str(row[0]) for row in broken}))
        raise RuntimeError(f"the schema upgrade left rows pointing at missing parents in: {tables}")


def schema_revision(engine: Engine) -> str | None:
    """The revision the database says it is at; None for a new database (or one Alembic never touched)."""
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError:  # no alembic_version table yet
        return None


def open_database(url: str) -> Engine:
    """Return an engine for ``url`` whose database is migrated to the newest schema.

    Raises DatabaseUnavailable when the database cannot be reached.
    """
    engine = create_engine_for(url)
    try:
        # Connect once up front so that "cannot reach it" is told apart from a failing migration.
        with engine.connect():
            pass
    except DBAPIError as error:
        engine.dispose()
        # psycopg's reasons span lines ("Connection refused\n\tIs the server running..."); keep them on one.
        reason = " ".join(str(error.orig if error.orig is not None else error).split())
        where = engine.url.render_as_string(hide_password=True)
        raise DatabaseUnavailable(f"Could not reach the database at {where}: {reason}") from error
    try:
        upgrade(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


def session_factory(engine: Engine, *, writes: bool = False) -> sessionmaker[Session]:
    """Return a session factory for ``engine`` whose objects stay readable after commit.

    ``writes``: its transactions change the database; on SQLite they hold the write lock from their BEGIN.
    """
    bind = engine.execution_options(**{WRITES: True}) if writes else engine
    return sessionmaker(bind=bind, expire_on_commit=False)
