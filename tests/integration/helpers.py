"""Short ways to drive the services through a runner's weeks."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from hipcoach.content import default_library
from hipcoach.domain.content import Block
from hipcoach.domain.screening import ScreeningAnswers, asked_at_screening
from hipcoach.services import programs
from hipcoach.services.checkins import CheckinInput, CheckinReport, check_in
from hipcoach.services.context import Hipcoach
from hipcoach.services.profiles import create_profile
from hipcoach.services.screening import run_screening
from hipcoach.services.sessions import SavedSession, as_prescribed, save_session
from hipcoach.storage import models as m


def screening_answers(signs=(), flags=(), age: int | None = None) -> ScreeningAnswers:
    """Every screening question answered: yes to the signs and red flags named, no to all the others."""
    library = default_library()
    asked = asked_at_screening(library.red_flags, set(signs))
    return ScreeningAnswers(
        {sign_id: sign_id in signs for sign_id in library.signs} | dict.fromkeys(signs, True),
        {flag.id: flag.id in flags for flag in asked} | dict.fromkeys(flags, True),
        age,
    )


def checkin_flags(*yes: str) -> dict[str, bool]:
    """Every warning sign a check-in can ask, answered: yes to those named, no to the rest."""
    return {f.id: f.id in yes for f in default_library().red_flags.values() if f.asked_at_checkin}


def screened_runner(
    app: Hipcoach, name: str = "Ana", signs: frozenset[str] = frozenset({"tight-hip-flexors"})
) -> int:
    profile = create_profile(app, name, age=34, sex="female")
    run_screening(app, profile.id, screening_answers(signs))
    return profile.id


def do_session(
    app: Hipcoach, profile_id: int, kind: Block, pain: int = 1, rpe: int = 6, on: date | None = None
) -> SavedSession:
    plan = programs.plan_session(app, profile_id, kind)
    record = as_prescribed(
        plan, on or app.local("UTC").today, baseline_pain=1, pain_during=pain, rpe=rpe, source="guided"
    )
    return save_session(app, profile_id, record)


def morning(
    app: Hipcoach, profile_id: int, pain: int = 1, tightness: int = 2, flags=frozenset()
) -> CheckinReport:
    return check_in(
        app, profile_id, CheckinInput(app.local("UTC").today, pain, tightness, checkin_flags(*flags))
    )


def count(app: Hipcoach, model: type) -> int:
    with app.reading() as db:
        return int(db.scalar(select(func.count()).select_from(model)) or 0)


def row_counts(app: Hipcoach) -> dict[str, int]:
    tables = (
        m.Profile,
        m.Screening,
        m.Program,
        m.TrainingSession,
        m.SessionExercise,
        m.SessionSet,
        m.Checkin,
        m.Decision,
        m.PhaseChange,
        m.ExerciseState,
        m.Assessment,
        m.AssessmentReading,
    )
    return {t.__tablename__: count(app, t) for t in tables}
