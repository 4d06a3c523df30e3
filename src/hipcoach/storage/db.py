"""Opening the database: engine, migrations to head, and the session factory."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from hipcoach.settings import with_explicit_driver

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# The newest migration's revision. A database already there opens without loading Alembic at all, a good
# part of a command's start-up; tests/integration/test_migrations.py checks it is Alembic's head.
SCHEMA_HEAD = "0005"
# libpq waits forever on a host that drops packets; 10 s is long enough for a slow network.
POSTGRES_CONNECT_TIMEOUT_S = 10
SQLITE_BUSY_TIMEOUT_MS = 5000


class DatabaseUnavailable(RuntimeError):
    """The database at a URL could not be reached; the message names the URL with its password masked."""


def create_engine_for(url: str) -> Engine:
    """Return an engine for ``url`` (nothing is connected yet).

    SQLite connections get WAL, enforced foreign keys and a 5 s busy timeout; PostgreSQL uses psycopg 3.
    """
    parsed = make_url(with_explicit_driver(url))
    connect_args: dict[str, Any] = {}
    if parsed.get_backend_name() == "postgresql" and "connect_timeout" not in parsed.query:
        connect_args["connect_timeout"] = POSTGRES_CONNECT_TIMEOUT_S
    engine = create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _configure_sqlite_connection)
    return engine


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

    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")


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


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Return a session factory for ``engine`` whose objects stay readable after commit."""
    return sessionmaker(bind=engine, expire_on_commit=False)
