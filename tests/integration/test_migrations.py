"""The Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import logging

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.command import downgrade
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import CheckConstraint, Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from hipcoach.storage.db import (
    QUEUE_PREFIX,
    SCHEMA_HEAD,
    alembic_config,
    create_engine_for,
    ours,
    schema_revision,
    upgrade,
)
from hipcoach.storage.models import Base

MODEL_TABLES = set(Base.metadata.tables)


def _tables(engine: Engine) -> set[str]:
    """hipcoach's own tables (the job queue's are counted apart, by :func:`_queue_tables`)."""
    names = set(inspect(engine).get_table_names()) - {"alembic_version"}
    return {name for name in names if not name.startswith(QUEUE_PREFIX)}


def _queue_tables(engine: Engine) -> set[str]:
    return {name for name in inspect(engine).get_table_names() if name.startswith(QUEUE_PREFIX)}


def _queue_routines(engine: Engine) -> int:
    """The job queue's functions and types left in the database (PostgreSQL)."""
    with engine.connect() as connection:
        return int(
            connection.scalar(
                text(
                    "SELECT (SELECT count(*) FROM pg_proc WHERE proname LIKE :pattern)"
                    " + (SELECT count(*) FROM pg_type WHERE typname LIKE :pattern AND typtype IN ('e', 'c'))"
                ),
                {"pattern": QUEUE_PREFIX.replace("_", "\\_") + "%"},
            )
        )


def _current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def test_upgrading_an_empty_database_creates_every_table(database_url: str) -> None:
    engine = create_engine_for(database_url)
    try:
        assert _tables(engine) == set()
        upgrade(engine)
        assert _tables(engine) == MODEL_TABLES
        # The job queue lives in PostgreSQL; on SQLite the jobs run in the app process.
        expected_queue = {"procrastinate_jobs", "procrastinate_events", "procrastinate_workers"}
        if engine.dialect.name == "postgresql":
            assert expected_queue <= _queue_tables(engine)
        else:
            assert _queue_tables(engine) == set()
        assert _current_revision(engine) == ScriptDirectory.from_config(alembic_config()).get_current_head()
    finally:
        engine.dispose()


def test_upgrading_a_database_already_at_head_changes_nothing(database_url: str) -> None:
    engine = create_engine_for(database_url)
    try:
        upgrade(engine)
        revision = _current_revision(engine)
        upgrade(engine)
        assert _current_revision(engine) == revision
        assert _tables(engine) == MODEL_TABLES
    finally:
        engine.dispose()


def test_the_migrations_build_exactly_what_the_models_describe(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True, "include_name": ours}
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_downgrading_to_base_removes_every_table(engine: Engine) -> None:
    with engine.begin() as connection:
        downgrade(alembic_config(connection), "base")
    assert _tables(engine) == set()
    assert _queue_tables(engine) == set()
    if engine.dialect.name == "postgresql":
        assert _queue_routines(engine) == 0


def test_the_migrations_create_every_check_constraint_the_models_name(engine: Engine) -> None:
    # Alembic's comparison skips CHECK constraints, so compare their names here (their SQL text is
    # rewritten by PostgreSQL, e.g. BETWEEN becomes two comparisons).
    inspector = inspect(engine)
    for table in Base.metadata.sorted_tables:
        in_models = {c.name for c in table.constraints if isinstance(c, CheckConstraint)}
        in_database = {c["name"] for c in inspector.get_check_constraints(table.name)}
        assert in_database == in_models, table.name


def test_upgrading_from_the_first_schema_keeps_the_profiles_already_stored(database_url: str) -> None:
    from alembic import command
    from sqlalchemy import text

    engine = create_engine_for(database_url)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0001")
            connection.execute(
                text("INSERT INTO profiles (name, age, created_at) VALUES ('ana', 34, CURRENT_TIMESTAMP)")
            )
        upgrade(engine)
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT name, age, user_id FROM profiles")).all()
        assert [tuple(row) for row in rows] == [("ana", 34, None)]
    finally:
        engine.dispose()


def test_the_fast_path_head_is_alembics_head() -> None:
    # A database at SCHEMA_HEAD opens without Alembic: a new migration must move it, or it is never run.
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == SCHEMA_HEAD


def test_a_database_behind_the_head_is_still_upgraded(database_url: str) -> None:
    engine = create_engine_for(database_url)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0003")
        assert schema_revision(engine) == "0003"
        upgrade(engine)
        assert schema_revision(engine) == SCHEMA_HEAD
        assert "activities" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_a_program_paused_before_clearances_existed_still_holds_after_the_upgrade(database_url: str) -> None:
    from sqlalchemy import text

    engine = create_engine_for(database_url)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0004")
            connection.execute(
                text("INSERT INTO profiles (name, age, created_at) VALUES ('ana', 34, '2026-11-02 07:00:00')")
            )
            connection.execute(
                text(
                    "INSERT INTO programs (profile_id, started_on, status, phase, paused_reason, created_at) "
                    "SELECT id, '2026-11-02', 'paused', 1, 'A red flag came up', '2026-11-02 07:00:00' "
                    "FROM profiles"
                )
            )
        upgrade(engine)
        with engine.begin() as connection:
            paused_at = connection.execute(text("SELECT paused_at FROM programs")).scalar()
            # The new level of BRIEF §2.2 is allowed where red flags are stored.
            connection.execute(
                text(
                    "INSERT INTO screenings (profile_id, taken_at, signs, red_flags, red_flag_level, "
                    "program_allowed) SELECT id, '2026-11-03 07:00:00', '[]', '[]', 'bone-stress', false "
                    "FROM profiles"
                )
            )
        assert paused_at is not None
    finally:
        engine.dispose()


def test_check_ins_that_shared_a_session_keep_the_first_linked_and_a_new_one_is_refused(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    def checkin(session_id: str) -> str:
        return (
            "INSERT INTO checkins (profile_id, session_id, checked_on, created_at, pain, tightness, "
            f"red_flags, red_flag_level) SELECT id, {session_id}, '2026-11-03', '2026-11-03 07:00:00', 1, 2, "
            "'[]', 'none' FROM profiles"
        )

    engine = create_engine_for(database_url)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0005")
            connection.execute(
                text("INSERT INTO profiles (name, age, created_at) VALUES ('ana', 34, '2026-11-02 07:00:00')")
            )
            connection.execute(
                text(
                    "INSERT INTO programs (profile_id, started_on, status, phase, created_at) "
                    "SELECT id, '2026-11-02', 'active', 2, '2026-11-02 07:00:00' FROM profiles"
                )
            )
            for day in ("2026-11-01", "2026-11-02"):
                connection.execute(
                    text(
                        "INSERT INTO training_sessions (program_id, profile_id, performed_on, phase, kind, "
                        f"source) SELECT id, profile_id, '{day}', 2, 'strength', 'guided' FROM programs"
                    )
                )
            # Three check-ins sent at once for the first session, one for the second, one with none.
            for session_id in ("1", "1", "2", "1", "NULL"):
                connection.execute(text(checkin(session_id)))
        with caplog.at_level(logging.WARNING):
            upgrade(engine)
        with engine.connect() as connection:
            links = connection.execute(text("SELECT id, session_id FROM checkins ORDER BY id")).all()
        assert [tuple(row) for row in links] == [(1, 1), (2, None), (3, 2), (4, None), (5, None)]
        assert "2 check-in(s) named a session" in caplog.text
        with pytest.raises(IntegrityError), engine.begin() as connection:
            connection.execute(text(checkin("2")))
    finally:
        engine.dispose()


def test_a_runners_history_survives_the_upgrade_that_rebuilds_the_profiles_table(database_url: str) -> None:
    from sqlalchemy import text

    engine = create_engine_for(database_url)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0007")
            connection.execute(
                text("INSERT INTO profiles (name, age, created_at) VALUES ('ana', 34, '2026-11-02 07:00:00')")
            )
            connection.execute(
                text(
                    "INSERT INTO programs (profile_id, started_on, status, phase, created_at) "
                    "SELECT id, '2026-11-02', 'active', 2, '2026-11-02 07:00:00' FROM profiles"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO training_sessions (program_id, profile_id, performed_on, phase, kind, "
                    "source) SELECT id, profile_id, '2026-11-03', 2, 'strength', 'guided' FROM programs"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO checkins (profile_id, session_id, checked_on, created_at, pain, tightness, "
                    "red_flags, red_flag_level) SELECT profile_id, id, '2026-11-04', '2026-11-04 07:00:00', "
                    "1, 2, '[]', 'none' FROM training_sessions"
                )
            )
        upgrade(engine)
        with engine.connect() as connection:
            counts = [
                connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
                for table in ("profiles", "programs", "training_sessions", "checkins")
            ]
            unit = connection.execute(text("SELECT distance_unit FROM profiles")).scalar()
        assert counts == [1, 1, 1, 1]
        assert unit == "km"
    finally:
        engine.dispose()


def test_the_upgrade_that_rebuilds_the_check_ins_keeps_each_decision_linked_to_its_check_in(
    database_url: str,
) -> None:
    from sqlalchemy import text

    engine = create_engine_for(database_url)
    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "0004")
            connection.execute(
                text("INSERT INTO profiles (name, age, created_at) VALUES ('ana', 34, '2026-11-02 07:00:00')")
            )
            connection.execute(
                text(
                    "INSERT INTO programs (profile_id, started_on, status, phase, created_at) "
                    "SELECT id, '2026-11-02', 'active', 2, '2026-11-02 07:00:00' FROM profiles"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO checkins (profile_id, checked_on, created_at, pain, tightness, red_flags, "
                    "red_flag_level) SELECT id, '2026-11-03', '2026-11-03 07:00:00', 1, 2, '[]', 'none' "
                    "FROM profiles"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO decisions (program_id, checkin_id, outcome, rule_id, reason, created_at, "
                    "from_level, to_level, evidence) SELECT programs.id, checkins.id, 'hold', "
                    "'progress.hold', 'Stay here', '2026-11-03 07:00:00', 1, 1, '[]' FROM programs, checkins"
                )
            )
        upgrade(engine)
        with engine.connect() as connection:
            linked = connection.execute(text("SELECT checkin_id FROM decisions")).scalar()
        assert linked is not None
    finally:
        engine.dispose()
