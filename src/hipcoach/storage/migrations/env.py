"""Alembic environment: runs the migrations on the connection it is handed, or on the configured database.

hipcoach builds its Alembic config in code (hipcoach.storage.db.alembic_config) and passes the connection in
``config.attributes["connection"]``, so no alembic.ini is needed and tests migrate their own databases.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from hipcoach.settings import Settings, resolved_database_url
from hipcoach.storage.db import create_engine_for, ours
from hipcoach.storage.models import Base

target_metadata = Base.metadata


def _configured_url() -> str:
    return context.config.get_main_option("sqlalchemy.url") or resolved_database_url(Settings())


def _run_on(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_name=ours,
        # SQLite cannot ALTER most things in place; batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    """Write the migration SQL for the configured database instead of running it."""
    context.configure(
        url=_configured_url(), target_metadata=target_metadata, literal_binds=True, render_as_batch=True
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations on the handed-in connection, or on a connection of our own."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run_on(connection)
        return
    engine = create_engine_for(_configured_url())
    try:
        with engine.begin() as own_connection:
            _run_on(own_connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
