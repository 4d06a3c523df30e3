"""The models store and return what the services hand them, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import Engine, delete, func, select, text
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session, sessionmaker

from hipcoach.domain.content import RedFlagLevel
from hipcoach.storage.db import DatabaseUnavailable, open_database
from hipcoach.storage.models import (
    RED_FLAG_LEVELS,
    Base,
    Checkin,
    Decision,
    ExerciseState,
    PhaseChange,
    Profile,
    Program,
    Screening,
    SessionExercise,
    SessionSet,
    TrainingSession,
)

OSLO_SUMMER = timezone(timedelta(hours=2))
STARTED_AT = datetime(2025, 6, 3, 7, 30, 15, 250_000, tzinfo=OSLO_SUMMER)
CREATED_AT = datetime(2025, 5, 1, 6, 0, tzinfo=UTC)  # every row's time is given: storage never reads a clock


def _save_a_week_of_training(session: Session) -> Profile:
    """Add a profile with a screening, a program, one strength session, a check-in and a decision."""
    profile = Profile(name="Kari", age=41, sex="female", created_at=CREATED_AT)
    profile.screenings.append(
        Screening(
            taken_at=CREATED_AT,
            signs=["tight_hip_flexors"],
            red_flags=[],
            red_flag_level="none",
            program_allowed=True,
        )
    )
    program = Program(
        started_on=date(2025, 5, 1), status="active", phase=2, strength_days_per_week=3, created_at=CREATED_AT
    )
    program.exercise_states.append(ExerciseState(exercise_id="glute_bridge", ladder_level=2, rounds=3))
    program.phase_changes.append(
        PhaseChange(changed_at=CREATED_AT, from_phase=1, to_phase=2, reason="Phase 1 gate met")
    )
    profile.programs.append(program)
    training = TrainingSession(
        program=program,
        profile=profile,
        performed_on=date(2025, 6, 3),
        started_at=STARTED_AT,
        finished_at=STARTED_AT + timedelta(minutes=35),
        phase=2,
        kind="strength",
        source="guided",
        baseline_pain=2,
        pain_after=3,
        rpe=6,
        tightness=4,
    )
    bridge = SessionExercise(
        position=1,
        exercise_id="glute_bridge",
        block="strength",
        ladder_level=2,
        prescribed_rounds=3,
        full_dose=True,
        pain_during=2,
        rpe=6,
        load_kg=10.0,
    )
    bridge.sets.extend(SessionSet(round=n, side="both", reps=12, load_kg=10.0) for n in (1, 2, 3))
    side_plank = SessionExercise(
        position=0, exercise_id="side_plank", block="core", prescribed_rounds=2, full_dose=False
    )
    side_plank.sets.extend(
        [SessionSet(round=1, side="left", seconds=30), SessionSet(round=1, side="right", seconds=25)]
    )
    training.exercises.extend([bridge, side_plank])
    checkin = Checkin(
        profile=profile,
        session=training,
        checked_on=date(2025, 6, 4),
        created_at=STARTED_AT + timedelta(days=1),
        pain=2,
        tightness=3,
        red_flags=[],
        red_flag_level="none",
    )
    session.add_all([profile, training, checkin])
    session.flush()
    session.add(
        Decision(
            program_id=program.id,
            session_id=training.id,
            checkin_id=checkin.id,
            exercise_id="glute_bridge",
            outcome="hold",
            reason="One green session so far",
            rule_id="progress.two_green",
            evidence=["silbernagel2007"],
            from_level=2,
            to_level=2,
            from_rounds=3,
            to_rounds=3,
            created_at=STARTED_AT + timedelta(days=1),
        )
    )
    session.commit()
    return profile


def _row_counts(session: Session) -> dict[str, int]:
    return {
        table.name: session.scalar(select(func.count()).select_from(table)) or 0
        for table in Base.metadata.sorted_tables
    }


def test_a_profile_program_session_checkin_and_decision_come_back_as_saved(
    db_session_factory: sessionmaker[Session],
) -> None:
    with db_session_factory() as session:
        profile_id = _save_a_week_of_training(session).id

    with db_session_factory() as session:
        profile = session.get_one(Profile, profile_id)
        (program,) = profile.programs
        assert (program.phase, program.include_core, program.include_foot) == (2, True, False)
        assert [(s.exercise_id, s.ladder_level, s.rounds) for s in program.exercise_states] == [
            ("glute_bridge", 2, 3)
        ]
        assert [(c.from_phase, c.to_phase) for c in program.phase_changes] == [(1, 2)]
        assert profile.screenings[0].signs == ["tight_hip_flexors"]
        training = session.scalars(select(TrainingSession)).one()
        assert training.notes == ""
        assert [e.exercise_id for e in training.exercises] == ["side_plank", "glute_bridge"]
        side_plank, bridge = training.exercises
        assert [(s.side, s.seconds) for s in side_plank.sets] == [("left", 30), ("right", 25)]
        assert [(s.round, s.reps, s.load_kg) for s in bridge.sets] == [(n, 12, 10.0) for n in (1, 2, 3)]
        checkin = session.scalars(select(Checkin)).one()
        assert (checkin.session_id, checkin.pain, checkin.red_flags) == (training.id, 2, [])
        decision = session.scalars(select(Decision)).one()
        assert (decision.outcome, decision.evidence, decision.checkin_id) == (
            "hold",
            ["silbernagel2007"],
            checkin.id,
        )


def test_timestamps_come_back_aware_in_utc_and_equal_to_what_was_saved(
    db_session_factory: sessionmaker[Session],
) -> None:
    with db_session_factory() as session:
        _save_a_week_of_training(session)

    with db_session_factory() as session:
        training = session.scalars(select(TrainingSession)).one()
        assert training.started_at == STARTED_AT
        assert training.started_at is not None and training.started_at.tzinfo == UTC
        assert training.started_at.hour == 5  # 07:30 in Oslo summer time is 05:30 UTC
        created_at = session.scalars(select(Profile.created_at)).one()
        assert created_at.tzinfo == UTC


def test_a_naive_timestamp_is_refused(db_session_factory: sessionmaker[Session]) -> None:
    with db_session_factory() as session:
        session.add(Profile(name="Ola", created_at=datetime(2025, 6, 3, 7, 30)))  # noqa: DTZ001
        with pytest.raises(StatementError, match="naive datetime"):
            session.flush()


def test_a_pain_score_of_11_is_refused_and_nothing_is_written(
    db_session_factory: sessionmaker[Session],
) -> None:
    with db_session_factory() as session:
        profile = Profile(name="Ola", created_at=CREATED_AT)
        session.add_all(
            [
                profile,
                Checkin(
                    profile=profile,
                    checked_on=date(2025, 6, 4),
                    created_at=CREATED_AT,
                    pain=11,
                    tightness=3,
                    red_flags=[],
                    red_flag_level="none",
                ),
            ]
        )
        with pytest.raises(IntegrityError):
            session.commit()
        session.rollback()
        assert set(_row_counts(session).values()) == {0}


def test_deleting_a_profile_deletes_everything_that_belongs_to_it(
    db_session_factory: sessionmaker[Session],
) -> None:
    with db_session_factory() as session:
        profile_id = _save_a_week_of_training(session).id
        session.add(Profile(name="Someone else", created_at=CREATED_AT))
        session.commit()

    with db_session_factory() as session:
        # Nothing is loaded, so the database's ON DELETE CASCADE does the work, not the ORM.
        session.delete(session.get_one(Profile, profile_id))
        session.commit()
        counts = _row_counts(session)
        assert counts == {table: int(table == "profiles") for table in counts}


def test_deleting_a_session_keeps_its_checkin_and_decision_but_unlinks_them(
    db_session_factory: sessionmaker[Session],
) -> None:
    with db_session_factory() as session:
        _save_a_week_of_training(session)
        session.execute(delete(TrainingSession))
        session.commit()
        assert session.scalars(select(Checkin.session_id)).one() is None
        assert session.scalars(select(Decision.session_id)).one() is None
        assert _row_counts(session)["session_sets"] == 0


def test_sqlite_connections_use_wal_enforce_foreign_keys_and_wait_when_busy(sqlite_database_url: str) -> None:
    engine = open_database(sqlite_database_url)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000
    finally:
        engine.dispose()


def test_an_unreachable_database_is_named_with_its_password_masked() -> None:
    with pytest.raises(DatabaseUnavailable) as raised:
        open_database("postgresql://nobody:s3cret@127.0.0.1:1/none").dispose()
    message = str(raised.value)
    assert message.startswith(
        "Could not reach the database at postgresql+psycopg://nobody:***@127.0.0.1:1/none: "
    )
    assert "s3cret" not in message


def test_the_stored_red_flag_levels_are_the_domains() -> None:
    assert RED_FLAG_LEVELS == tuple(level.value for level in RedFlagLevel)


def test_the_engine_fixture_opens_an_empty_migrated_database(engine: Engine) -> None:
    with engine.connect() as connection:
        assert connection.scalar(select(func.count(Profile.id))) == 0


def test_a_session_has_one_checkin_a_second_is_refused_and_those_without_a_session_are_many(
    db_session_factory: sessionmaker[Session],
) -> None:
    def checkin(session_id: int | None) -> Checkin:
        return Checkin(
            profile_id=profile_id,
            session_id=session_id,
            checked_on=date(2025, 6, 4),
            created_at=CREATED_AT,
            pain=1,
            tightness=2,
            red_flags=[],
            red_flag_level="none",
        )

    with db_session_factory() as session:
        profile_id = _save_a_week_of_training(session).id
        training_id = session.scalars(select(TrainingSession.id)).one()
        session.add(checkin(training_id))
        with pytest.raises(IntegrityError):
            session.commit()
        session.rollback()
        session.add_all([checkin(None), checkin(None)])
        session.commit()
        assert session.scalar(select(func.count(Checkin.id))) == 3
