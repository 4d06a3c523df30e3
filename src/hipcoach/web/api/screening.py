"""The screening: its questions (public), and screening the signed-in runner."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, status

from hipcoach.domain.content import Sign
from hipcoach.domain.screening import ScreeningAnswers, ScreeningResult
from hipcoach.services.screening import AgeNeeded, UnansweredQuestions, load_screening, run_screening
from hipcoach.web import schemas as s
from hipcoach.web.api.common import (
    PRIVATE,
    evidence_public,
    invalid,
    red_flag_public,
    refused_answers,
    unknown,
)
from hipcoach.web.deps import HipcoachDep, ItemId, ProfileId

router = APIRouter(prefix="/api", tags=["api"])


def _sign(sign: Sign) -> s.SignPublic:
    return s.SignPublic(id=sign.id, question=sign.question, explanation=sign.explanation)


@router.get("/screening/questions", response_model=s.ScreeningQuestions)
def screening_questions(app: HipcoachDep) -> s.ScreeningQuestions:
    """The screening questions (public: they are the same for everyone)."""
    return s.ScreeningQuestions(
        signs=[_sign(sign) for sign in app.library.signs.values()],
        red_flags=[red_flag_public(flag) for flag in app.library.red_flags.values() if not flag.from_profile],
    )


def _screening(
    screening_id: int, taken_at: datetime, result: ScreeningResult, action: str | None = None
) -> s.ScreeningPublic:
    return s.ScreeningPublic(
        id=screening_id,
        taken_at=taken_at,
        signs=[_sign(sign) for sign in result.signs],
        red_flags=[red_flag_public(flag) for flag in result.red_flags],
        red_flag_level=result.level.value,
        program_allowed=result.program_allowed,
        explanation=list(result.explanation),
        evidence=evidence_public(result.evidence),
        program_action=action,
    )


@router.post(
    "/screenings", status_code=status.HTTP_201_CREATED, response_model=s.ScreeningPublic, responses=PRIVATE
)
def create_screening(body: s.ScreeningCreate, app: HipcoachDep, profile_id: ProfileId) -> s.ScreeningPublic:
    """Screen the runner: starts, resumes or pauses the program; a red flag never leaves it running.

    Every question needs a true or a false: a body with one missing is refused (422, naming the ids). The
    age comes from the profile; a profile without one needs ``age`` here.
    """
    asked = {flag.id for flag in app.library.red_flags.values() if not flag.from_profile}
    for field, ids, known in (("signs", body.signs, app.library.signs), ("red_flags", body.red_flags, asked)):
        missing = unknown(list(ids), known)
        if missing:
            raise invalid(field, f"unknown id(s) {', '.join(missing)}; see GET /api/screening/questions")
    answers = ScreeningAnswers(body.signs, body.red_flags, body.age)
    try:
        report = run_screening(app, profile_id, answers)
    except UnansweredQuestions as error:
        raise refused_answers(error, app.library.signs.keys()) from error
    except AgeNeeded as error:
        raise invalid("age", str(error)) from error
    stored = load_screening(app, profile_id, report.screening_id)
    return _screening(report.screening_id, stored.taken_at, report.result, report.action.value)


@router.get("/screenings/{screening_id}", response_model=s.ScreeningPublic, responses=PRIVATE)
def get_screening(screening_id: ItemId, app: HipcoachDep, profile_id: ProfileId) -> s.ScreeningPublic:
    stored = load_screening(app, profile_id, screening_id)
    return _screening(stored.screening_id, stored.taken_at, stored.result)
