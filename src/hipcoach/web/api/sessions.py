"""One past session in full: every exercise with the sets done."""

from __future__ import annotations

from fastapi import APIRouter

from hipcoach.services import history
from hipcoach.web import schemas as s
from hipcoach.web.api.common import PRIVATE, decision_public
from hipcoach.web.deps import HipcoachDep, ItemId, ProfileId

router = APIRouter(prefix="/api", tags=["api"])


@router.get("/sessions/{session_id}", response_model=s.SessionPublic, responses=PRIVATE)
def get_session(session_id: ItemId, app: HipcoachDep, profile_id: ProfileId) -> s.SessionPublic:
    """One past session: every exercise with the sets done."""
    detail = history.session_detail(app, profile_id, session_id)
    row = detail.row
    return s.SessionPublic(
        id=session_id,
        performed_on=row.on,
        phase=row.phase,
        kind=row.kind,
        source=detail.source,
        baseline_pain=row.baseline_pain,
        pain_during=row.pain_during,
        pain_after=row.pain_after,
        rpe=row.rpe,
        morning_pain=row.morning_pain,
        tightness=row.tightness,
        notes=detail.notes,
        decisions=[decision_public(line) for line in row.decisions],
        exercises=[
            s.SessionExercisePublic(
                position=position,
                name=_exercise_name(app, line.exercise_id),
                **vars(line) | {"sets": [s.SetPublic(**vars(done)) for done in line.sets]},
            )
            for position, line in enumerate(detail.exercises)
        ],
    )


def _exercise_name(app: HipcoachDep, exercise_id: str) -> str:
    exercise = app.library.exercises.get(exercise_id)
    return exercise.name if exercise is not None else exercise_id
