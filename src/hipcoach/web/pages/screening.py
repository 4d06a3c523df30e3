"""The screening: each sign and red flag answered yes or no, then the result, or a referral page when a flag
stops it. A form with a question left unanswered is shown again, the unanswered ones marked; nothing is saved.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from hipcoach.domain.content import Library, RedFlagLevel
from hipcoach.domain.rules import RULES
from hipcoach.domain.screening import ScreeningAnswers, asked_at_screening
from hipcoach.services.errors import ServiceError
from hipcoach.services.onboarding import whole_number
from hipcoach.services.profiles import AGE_RANGE
from hipcoach.services.screening import (
    AgeNeeded,
    UnansweredQuestions,
    load_screening,
    profile_age,
    run_screening,
)
from hipcoach.web.deps import HipcoachDep, ItemId, ProfileId
from hipcoach.web.pages.common import (
    FLAG_FIELD,
    SIGN_FIELD,
    flag_groups,
    form_values,
    sentence,
    unanswered_questions,
    yes_no_answers,
)
from hipcoach.web.templating import render

router = APIRouter()

REFERRAL_TITLES = {
    RedFlagLevel.URGENT: "Seek care today",
    RedFlagLevel.BONE_STRESS: "Stop running today",
    RedFlagLevel.REFER: "See a clinician before you start",
}


def _form(
    request: Request,
    library: Library,
    age_known: bool,
    values: Mapping[str, str],
    error: str | None = None,
    missing: Collection[str] = (),
) -> Response:
    always = asked_at_screening(library.red_flags, ())
    follow_ups = [
        (sign, tuple(f for f in library.red_flags.values() if f.asked_if_sign == sign.id))
        for sign in library.signs.values()
    ]
    fields = {
        **{sign_id: (SIGN_FIELD + sign_id, sign.question) for sign_id, sign in library.signs.items()},
        **{flag_id: (FLAG_FIELD + flag_id, flag.question) for flag_id, flag in library.red_flags.items()},
    }
    return render(
        request,
        "screening/form.html",
        status_code=400 if error or missing else 200,
        signs=library.signs.values(),
        groups=flag_groups(always),
        follow_ups=[(sign, flags) for sign, flags in follow_ups if flags],
        values=values,
        age_known=age_known,
        age_range=AGE_RANGE,
        how_asked=RULES["screening.asked-explicitly"].statement,
        error=error,
        missing=set(missing),
        unanswered=unanswered_questions(missing, fields),
    )


@router.get("/screening")
def screening_page(request: Request, app: HipcoachDep, profile_id: ProfileId) -> Response:
    return _form(request, app.library, profile_age(app, profile_id) is not None, {})


@router.post("/screening")
async def screen(request: Request, app: HipcoachDep, profile_id: ProfileId) -> Response:
    values = await form_values(request)
    age_known = profile_age(app, profile_id) is not None
    try:
        age = whole_number("age", values.get("age"), required=False)
        signs, flags = yes_no_answers(values, SIGN_FIELD), yes_no_answers(values, FLAG_FIELD)
        answers = ScreeningAnswers(signs, flags, age)
        report = run_screening(app, profile_id, answers)
    except UnansweredQuestions as error:
        return _form(request, app.library, age_known, values, missing=error.ids)
    except AgeNeeded:
        message = "Please give your age: some warning signs depend on it. Nothing was saved."
        return _form(request, app.library, False, values, message)
    except ServiceError as error:
        return _form(request, app.library, age_known, values, sentence(error))
    return RedirectResponse(f"/screening/{report.screening_id}", status_code=303)


@router.get("/screening/{screening_id:int}")
def screening_result(
    request: Request, app: HipcoachDep, profile_id: ProfileId, screening_id: ItemId
) -> Response:
    stored = load_screening(app, profile_id, screening_id)
    if not stored.refers:  # a history flag a clearance had lifted does not refer again
        return render(request, "screening/result.html", stored=stored, result=stored.result)
    title = REFERRAL_TITLES.get(stored.result.level, REFERRAL_TITLES[RedFlagLevel.REFER])
    return render(request, "screening/referral.html", stored=stored, result=stored.result, title=title)


@router.get("/screening/{screening_id:int}/print")
def screening_print(
    request: Request, app: HipcoachDep, profile_id: ProfileId, screening_id: ItemId
) -> Response:
    """The advice alone, laid out for paper or a PDF to take to a clinician."""
    stored = load_screening(app, profile_id, screening_id)
    title = REFERRAL_TITLES.get(stored.result.level, "Your screening result")
    return render(request, "screening/print.html", stored=stored, result=stored.result, title=title)
