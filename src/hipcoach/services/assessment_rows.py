"""Stored assessments read back as battery input; shared by the assessment use cases and the phase gate."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hipcoach.domain.assessment.balance import Scoring
from hipcoach.domain.assessment.battery import BatteryInput, BatteryResult, evaluate
from hipcoach.domain.assessment.common import Sex
from hipcoach.storage import models as m


def psfs_activities(row: m.Assessment) -> dict[int, str]:
    return {int(r.key.split(".")[1]): r.label for r in row.readings if r.label and r.key.startswith("psfs.")}


def battery_input(row: m.Assessment) -> BatteryInput:
    return BatteryInput(
        readings={r.key: r.value for r in row.readings},
        sex=Sex(row.sex) if row.sex else None,
        age_years=row.age,
        body_mass_kg=row.body_mass_kg,
        scoring=Scoring(row.scoring),
        psfs_activities=psfs_activities(row),
    )


def result_of(row: m.Assessment) -> BatteryResult:
    """Scored again from the stored readings, so a corrected formula corrects every past assessment too."""
    return evaluate(battery_input(row))


def latest_row(db: Session, profile_id: int, since: date | None = None) -> m.Assessment | None:
    query = select(m.Assessment).where(m.Assessment.profile_id == profile_id)
    if since is not None:
        query = query.where(m.Assessment.assessed_on >= since)
    return db.scalar(
        query.options(selectinload(m.Assessment.readings))
        .order_by(m.Assessment.assessed_on.desc(), m.Assessment.id.desc())
        .limit(1)
    )


def ranges_within_norms(db: Session, profile_id: int, since: date) -> bool | None:
    """From the newest assessment of the current phase that measured the hip; None when there is none."""
    row = db.scalar(
        select(m.Assessment)
        .where(
            m.Assessment.profile_id == profile_id,
            m.Assessment.assessed_on >= since,
            m.Assessment.readings.any(m.AssessmentReading.key.startswith("hip-range.")),
        )
        .options(selectinload(m.Assessment.readings))
        .order_by(m.Assessment.assessed_on.desc(), m.Assessment.id.desc())
        .limit(1)
    )
    return result_of(row).ranges_within_norms if row is not None else None
