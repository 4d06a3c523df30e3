"""Shared database fixtures: a test that asks for ``database_url`` runs once on SQLite, once on PostgreSQL.

- ``database_url``: the URL of a fresh, empty database that is removed after the test. Ids ``sqlite`` and
  ``postgresql``; the PostgreSQL run carries the ``postgres`` marker (deselect with ``-m "not postgres"``).
- ``engine``: an Engine on that database, migrated to the newest schema, disposed after the test.
- ``db_session_factory``: a ``sessionmaker`` bound to ``engine`` (objects stay readable after commit).

PostgreSQL is found at ``HIPCOACH_TEST_POSTGRES_URL`` (default
``postgresql+psycopg://postgres@127.0.0.1:5432/test``); each test gets its own database created from there.
Where PostgreSQL cannot be reached its runs are skipped with the reason, except under ``CI=true``, where they
fail: CI must never pass by skipping them.
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from hipcoach.clock import machine_zone_name
from hipcoach.settings import with_explicit_driver
from hipcoach.storage.db import open_database, session_factory
from tests.sqlite_copy import copy_sqlite

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _sleep_on_a_timed_wait(seconds: float) -> None:
    threading.Event().wait(seconds)


# .ci/run also runs the suite with the clock moved years away, under Debian's libfaketime (0.9.10). It must
# leave the monotonic clock alone (FAKETIME_DONT_FAKE_MONOTONIC=1), or every timed wait waits years; but then
# it answers the absolute monotonic clock_nanosleep that time.sleep uses with EINVAL. Under faketime only,
# sleeping is a timed wait of the same length.
if "faketime" in os.environ.get("LD_PRELOAD", ""):
    time.sleep = _sleep_on_a_timed_wait
TEST_DATABASE_PREFIX = "hipcoach_t_"


def postgres_admin_url() -> str:
    """Return the URL of the PostgreSQL database that test databases are created from."""
    return with_explicit_driver(os.environ.get("HIPCOACH_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL))


class SchemaTemplates:
    """A database at the newest schema, migrated once per run, copied for each test that asks for ``engine``.

    Migrating a new database takes 0.12 to 0.2 s; a copy takes a few milliseconds on SQLite (the backup API)
    and about 25 ms on PostgreSQL (CREATE DATABASE ... TEMPLATE). The copy is what the migrations built, so
    test_migrations.py checks them through it as well as from the empty databases it migrates itself.
    """

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._sqlite: Path | None = None
        self._postgres: str | None = None
        self._admin: Engine | None = None

    def sqlite_copy(self, destination: Path) -> None:
        if self._sqlite is None:
            source = self._folder / "template.db"
            open_database(f"sqlite:///{source}").dispose()
            self._sqlite = source
        copy_sqlite(self._sqlite, destination)

    def postgres(self, admin: Engine) -> str:
        if self._postgres is None:
            name = f"{TEST_DATABASE_PREFIX}template_{uuid.uuid4().hex}"
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
            self._postgres, self._admin = name, admin
            # Disposed at once: PostgreSQL copies a template only while nobody is connected to it.
            open_database(admin.url.set(database=name).render_as_string(hide_password=False)).dispose()
        return self._postgres

    def drop(self) -> None:
        if self._postgres is not None and self._admin is not None:
            with self._admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{self._postgres}" WITH (FORCE)'))
            # The admin engine may already be disposed of (session fixtures end in either order).
            self._admin.dispose()


@pytest.fixture(scope="session")
def schema_templates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SchemaTemplates]:
    templates = SchemaTemplates(tmp_path_factory.mktemp("schema-template"))
    yield templates
    templates.drop()


def _migrated(request: pytest.FixtureRequest) -> bool:
    # A test asking for ``engine`` gets its database migrated to the newest schema anyway.
    return "engine" in request.fixturenames


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[Engine | str]:
    """Yield an AUTOCOMMIT engine on the admin database, or the reason PostgreSQL cannot be reached.

    Asked once per run, so an absent server costs one connection attempt rather than one per test.
    """
    url = postgres_admin_url()
    engine = create_engine(url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})
    try:
        with engine.connect():
            pass
    except DBAPIError as error:
        engine.dispose()
        reason = " ".join(str(error.orig).split())
        yield f"PostgreSQL not reachable at {make_url(url).render_as_string(hide_password=True)}: {reason}"
        return
    yield engine
    engine.dispose()


@pytest.fixture
def postgres_database_url(
    postgres_admin: Engine | str, schema_templates: SchemaTemplates, request: pytest.FixtureRequest
) -> Iterator[str]:
    """Yield the URL of a freshly created PostgreSQL database, dropped after the test: empty, or a copy of
    the newest schema when the test also asks for ``engine``."""
    if isinstance(postgres_admin, str):
        if os.environ.get("CI") == "true":
            pytest.fail(postgres_admin)
        pytest.skip(postgres_admin)
    # A database per test (~25 ms to create and drop) rather than a schema per test (~5 ms less):
    # full isolation, and reflection sees exactly what a real deployment would.
    name = f"{TEST_DATABASE_PREFIX}{uuid.uuid4().hex}"
    template = schema_templates.postgres(postgres_admin) if _migrated(request) else "template1"
    with postgres_admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    try:
        yield postgres_admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        # FORCE ends connections a test left open, so one leak cannot keep the database around.
        with postgres_admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def sqlite_database_url(
    tmp_path: Path, schema_templates: SchemaTemplates, request: pytest.FixtureRequest
) -> str:
    """Return the URL of a SQLite file in the test's own folder: not created until first connected, or a copy
    of the newest schema when the test also asks for ``engine``."""
    path = tmp_path / "hipcoach.db"
    if _migrated(request):
        schema_templates.sqlite_copy(path)
    return f"sqlite:///{path}"


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
    ]
)
def database_url(request: pytest.FixtureRequest) -> str:
    """Return the URL of a fresh, empty database: once SQLite, once PostgreSQL."""
    fixture_name = "sqlite_database_url" if request.param == "sqlite" else "postgres_database_url"
    url: str = request.getfixturevalue(fixture_name)
    return url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """Yield an engine on the test's database, migrated to head, and dispose of it afterwards."""
    opened = open_database(database_url)
    try:
        yield opened
    finally:
        opened.dispose()


@pytest.fixture
def db_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Return a session factory on the test's migrated database."""
    return session_factory(engine)


@pytest.fixture(autouse=True)
def machine_zone_utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The machine's zone is UTC in every test, whatever the developer's machine says: a runner who has not
    set a zone falls back to it. Tests of other zones set the runner's zone, or TZ, themselves."""
    monkeypatch.setenv("TZ", "UTC")
    machine_zone_name.cache_clear()
    yield
    machine_zone_name.cache_clear()
