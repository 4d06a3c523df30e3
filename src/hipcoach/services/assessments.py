"""Assessments: record a battery all or nothing, read it back scored, compare it with the one before."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hipcoach.domain.assessment.balance import Scoring
from hipcoach.domain.assessment.battery import (
    PSFS_ACTIVITY_MAX_CHARS,
    BatteryResult,
    InvalidBattery,
    MeasureChange,
    Problem,
    TestId,
    compare_results,
    evaluate,
)
from hipcoach.domain.assessment.common import Sex
from hipcoach.domain.assessment.strength import (
    AGE_MAX_YEARS,
    AGE_MIN_YEARS,
    BODY_MASS_MAX_KG,
    BODY_MASS_MIN_KG,
)
from hipcoach.domain.phases import PhaseChange
from hipcoach.services import programs, records
from hipcoach.services.assessment_input import AssessmentRecord
from hipcoach.services.assessment_rows import latest_row, psfs_activities, result_of
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import InvalidInput, NotFound
from hipcoach.services.runner_time import local_time_for
from hipcoach.storage import models as m


class InvalidAssessment(InvalidInput):
    """The battery cannot be saved; ``problems`` says what is wrong and on which test's screen."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


@dataclass(frozen=True)
class Defaults:
    """What the profile already knows, to fill in a new battery."""

    sex: Sex | None
    age: int | None
    body_mass_kg: float | None
    limb_length_cm: float | None


@dataclass(frozen=True)
class AssessmentView:
    id: int
    assessed_on: date
    tester: str
    notes: str
    record: AssessmentRecord
    result: BatteryResult
    previous_id: int | None
    previous_on: date | None
    changes: tuple[MeasureChange, ...]


@dataclass(frozen=True)
class AssessmentSummary:
    id: int
    assessed_on: date
    tester: str
    tests: tuple[TestId, ...]
    flag_count: int


@dataclass(frozen=True)
class Saved:
    view: AssessmentView
    phase_change: PhaseChange | None


@dataclass(frozen=True)
class HistoryPoint:
    assessment_id: int
    assessed_on: date
    value: float


def defaults(app: Hipcoach, profile_id: int) -> Defaults:
    with app.reading() as db:
        profile = db.get(m.Profile, profile_id)
        if profile is None:
            raise NotFound(f"no profile {profile_id}")
        # A profile may hold what the battery's calculators do not take: such a value is not offered.
        sex = Sex(profile.sex) if profile.sex in (Sex.FEMALE, Sex.MALE) else None
        age = profile.age
        if age is not None and not AGE_MIN_YEARS <= age <= AGE_MAX_YEARS:
            age = None
        mass = profile.weight_kg
        if mass is not None and not BODY_MASS_MIN_KG <= mass <= BODY_MASS_MAX_KG:
            mass = None
        return Defaults(sex, age, mass, profile.limb_length_cm)


def validate(app: Hipcoach, record: AssessmentRecord, today: date) -> BatteryResult:
    """The results, or every problem at once; nothing is written either way. ``today`` is the runner's."""
    problems: list[Problem] = []
    if record.day(today) > today:
        problems.append(Problem(None, f"assessment date: {record.assessed_on} is in the future"))
    try:
        result = evaluate(record.battery_input())
    except InvalidBattery as error:
        problems += error.problems
        raise InvalidAssessment(tuple(problems)) from error
    if problems:
        raise InvalidAssessment(tuple(problems))
    return result


def record_assessment(app: Hipcoach, profile_id: int, record: AssessmentRecord) -> Saved:
    """Save the battery in one transaction; hip ranges within the norms can open the strength phase."""
    today = local_time_for(app, profile_id).today
    validate(app, record, today)
    with app.transaction() as db:
        return record_in(app, db, profile_id, record, today)


def record_in(app: Hipcoach, db: Session, profile_id: int, record: AssessmentRecord, today: date) -> Saved:
    """``record_assessment`` inside a use case's own transaction, once validated (a clinician's entry as
    the tester writes its action and audit line with it)."""
    profile = db.get(m.Profile, profile_id)
    if profile is None:
        raise NotFound(f"no profile {profile_id}")
    row = m.Assessment(
        profile_id=profile_id,
        assessed_on=record.day(today),
        created_at=app.now(),
        tester=record.tester,
        sex=record.sex.value if record.sex else None,
        age=record.age,
        body_mass_kg=record.body_mass_kg,
        scoring=record.scoring.value,
        notes=record.notes,
        readings=[
            m.AssessmentReading(
                key=key,
                value=float(value),
                label=_psfs_label(record, key),
            )
            for key, value in record.readings.items()
        ],
    )
    db.add(row)
    db.flush()
    program = records.live_program(db, profile_id)
    change = None
    if program is not None and program.status == "active":
        change = programs.advance_if_open(app, db, program)
    return Saved(_view(db, row), change)


def _psfs_label(record: AssessmentRecord, key: str) -> str | None:
    if not key.startswith("psfs."):
        return None
    name = record.psfs_activities.get(int(key.split(".")[1]), "").strip()
    return name[:PSFS_ACTIVITY_MAX_CHARS] or None


def as_record(row: m.Assessment) -> AssessmentRecord:
    return AssessmentRecord(
        assessed_on=row.assessed_on,
        readings={r.key: r.value for r in row.readings},
        sex=Sex(row.sex) if row.sex else None,
        age=row.age,
        body_mass_kg=row.body_mass_kg,
        scoring=Scoring(row.scoring),
        psfs_activities=psfs_activities(row),
        tester=row.tester,
        notes=row.notes,
    )


def _ordered(db: Session, profile_id: int) -> list[m.Assessment]:
    return list(
        db.scalars(
            select(m.Assessment)
            .where(m.Assessment.profile_id == profile_id)
            .options(selectinload(m.Assessment.readings))
            .order_by(m.Assessment.assessed_on, m.Assessment.id)
        )
    )


def _view(db: Session, row: m.Assessment, earlier: m.Assessment | None = None) -> AssessmentView:
    if earlier is None:
        earlier = db.scalar(
            select(m.Assessment)
            .where(
                m.Assessment.profile_id == row.profile_id,
                (m.Assessment.assessed_on < row.assessed_on)
                | ((m.Assessment.assessed_on == row.assessed_on) & (m.Assessment.id < row.id)),
            )
            .options(selectinload(m.Assessment.readings))
            .order_by(m.Assessment.assessed_on.desc(), m.Assessment.id.desc())
            .limit(1)
        )
    result = result_of(row)
    changes = compare_results(result_of(earlier), result) if earlier is not None else ()
    return AssessmentView(
        id=row.id,
        assessed_on=row.assessed_on,
        tester=row.tester,
        notes=row.notes,
        record=as_record(row),
        result=result,
        previous_id=earlier.id if earlier is not None else None,
        previous_on=earlier.assessed_on if earlier is not None else None,
        changes=changes,
    )


def _owned(db: Session, profile_id: int, assessment_id: int) -> m.Assessment:
    row = db.get(m.Assessment, assessment_id, options=[selectinload(m.Assessment.readings)])
    if row is None or row.profile_id != profile_id:
        raise NotFound(f"no assessment {assessment_id} for this profile")
    return row


def get_assessment(app: Hipcoach, profile_id: int, assessment_id: int) -> AssessmentView:
    with app.reading() as db:
        return _view(db, _owned(db, profile_id, assessment_id))


def latest(app: Hipcoach, profile_id: int) -> AssessmentView | None:
    with app.reading() as db:
        row = latest_row(db, profile_id)
        return _view(db, row) if row is not None else None


def list_assessments(app: Hipcoach, profile_id: int) -> list[AssessmentSummary]:
    """Newest first."""
    with app.reading() as db:
        rows = _ordered(db, profile_id)
        summaries = []
        for row in reversed(rows):
            result = result_of(row)
            summaries.append(
                AssessmentSummary(row.id, row.assessed_on, row.tester, result.tests, len(result.flags))
            )
        return summaries


def history(app: Hipcoach, profile_id: int) -> dict[str, list[HistoryPoint]]:
    """Every measure over time, oldest first, for the charts."""
    series: dict[str, list[HistoryPoint]] = {}
    with app.reading() as db:
        for row in _ordered(db, profile_id):
            for key, value in result_of(row).measures.items():
                series.setdefault(key, []).append(HistoryPoint(row.id, row.assessed_on, value.value))
    return series


def delete_assessment(app: Hipcoach, profile_id: int, assessment_id: int) -> None:
    """Remove an assessment entered by mistake, with its readings."""
    with app.transaction() as db:
        db.delete(_owned(db, profile_id, assessment_id))
