"""Batteries to record in tests: readings under their battery keys, built from a few numbers."""

from __future__ import annotations

from datetime import date

from hipcoach.domain.assessment.common import Sex
from hipcoach.services.assessment_input import AssessmentRecord

HIP_NORMAL = {
    "flexion": 115.0,
    "extension": 12.0,
    "abduction": 40.0,
    "adduction": 25.0,
    "external-rotation": 50.0,
    "internal-rotation": 35.0,
}


def reaches(side: str, limb: float, anterior: float, posteromedial: float, posterolateral: float) -> dict:
    readings = {f"y-balance.{side}.limb-length": limb}
    for direction, value in (
        ("anterior", anterior),
        ("posteromedial", posteromedial),
        ("posterolateral", posterolateral),
    ):
        for trial in (1, 2, 3):
            readings[f"y-balance.{side}.{direction}.{trial}"] = value
    return readings


def hips(left: dict | None = None, right: dict | None = None) -> dict:
    readings = {}
    for side, values in (("left", left or HIP_NORMAL), ("right", right or HIP_NORMAL)):
        for direction, value in values.items():
            readings[f"hip-range.{side}.{direction}"] = value
    return readings


def battery(on: date, readings: dict, **context) -> AssessmentRecord:
    context.setdefault("sex", Sex.FEMALE)
    context.setdefault("age", 34)
    context.setdefault("body_mass_kg", 60.0)
    return AssessmentRecord(assessed_on=on, readings=readings, **context)
