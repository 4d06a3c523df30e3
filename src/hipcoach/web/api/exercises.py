"""The exercise library (public): the exercises, and each one in full with its ladder and evidence."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from hipcoach.domain.content import Block, Dose, Exercise
from hipcoach.services.errors import NotFound
from hipcoach.web import schemas as s
from hipcoach.web.api.common import evidence_public
from hipcoach.web.deps import HipcoachDep

router = APIRouter(prefix="/api", tags=["api"])


def _dose(dose: Dose) -> s.DosePublic:
    return s.DosePublic(
        reps_per_side=dose.reps_per_side,
        hold_seconds=dose.hold_seconds,
        circles_each_direction=dose.circles_each_direction,
        text=dose.describe(),
    )


def _exercise_summary(exercise: Exercise) -> dict[str, Any]:
    return {
        "id": exercise.id,
        "name": exercise.name,
        "block": exercise.block.value,
        "summary": exercise.summary,
        "directions": sorted(direction.value for direction in exercise.directions),
        "dose": _dose(exercise.dose),
    }


@router.get("/exercises", response_model=list[s.ExerciseSummary])
def list_exercises(app: HipcoachDep, block: Block | None = None) -> list[s.ExerciseSummary]:
    """The exercise library, optionally one block of it."""
    return [
        s.ExerciseSummary(**_exercise_summary(exercise))
        for exercise in app.library.exercises.values()
        if block is None or exercise.block is block
    ]


@router.get("/exercises/{exercise_id}", response_model=s.ExercisePublic, responses={404: {}})
def get_exercise(exercise_id: str, app: HipcoachDep) -> s.ExercisePublic:
    """One exercise: cues, common faults, easier and harder versions, its ladder and evidence."""
    exercise = app.library.exercises.get(exercise_id)
    if exercise is None:
        raise NotFound(f"no exercise {exercise_id!r}; GET /api/exercises lists them")
    return s.ExercisePublic(
        **_exercise_summary(exercise),
        laterality=exercise.laterality.value,
        equipment=list(exercise.equipment),
        cues=list(exercise.cues),
        faults=list(exercise.faults),
        regression=exercise.regression,
        progression=exercise.progression,
        why_like_running=exercise.why_like_running,
        ladder=[
            s.LadderLevelPublic(
                level=rung.level,
                name=rung.name,
                description=rung.description,
                dose=_dose(exercise.dose_at(rung.level)),
            )
            for rung in exercise.ladder
        ],
        evidence=evidence_public(exercise.evidence),
    )
