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
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import InvalidInput, ServiceError
from hipcoach.services.onboarding import whole_number
from hipcoach.services.profiles import AGE_RANGE
from hipcoach.services.screening import (
    AgeNeeded,
    UnansweredQuestions,
    load_screening,
    profile_age,
    run_screening,
)
from hipcoach.services.screening import screening_result as screened
from hipcoach.web.deps import HipcoachDep, ItemId, ProfileId
from hipcoach.web.form_errors import FormErrors, add_unanswered, one_problem
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
    errors: FormErrors | None = None,
) -> Response:
    """``errors``: the age's problem; ``missing`` the questions unanswered; ``error`` one of no field."""
    always = asked_at_screening(library.red_flags, ())
    follow_ups = [
        (sign, tuple(f for f in library.red_flags.values() if f.asked_if_sign == sign.id))
        for sign in library.signs.values()
    ]
    fields = {
        **{sign_id: (SIGN_FIELD + sign_id, sign.question) for sign_id, sign in library.signs.items()},
        **{flag_id: (FLAG_FIELD + flag_id, flag.question) for flag_id, flag in library.red_flags.items()},
    }
    errors = errors or FormErrors()
    add_unanswered(errors, unanswered_questions(missing, fields))
    return render(
        request,
        "screening/form.html",
        status_code=400 if error or errors else 200,
        signs=library.signs.values(),
        groups=flag_groups(always),
        follow_ups=[(sign, flags) for sign, flags in follow_ups if flags],
        values=values,
        age_known=age_known,
        age_range=AGE_RANGE,
        how_asked=RULES["screening.asked-explicitly"].statement,
        error=error,
        errors=errors,
        missing=set(missing),
    )


@router.get("/screening")
def screening_page(request: Request, app: HipcoachDep, profile_id: ProfileId) -> Response:
    return _form(request, app.library, profile_age(app, profile_id) is not None, {})


@router.post("/screening")
async def screen(request: Request, app: HipcoachDep, profile_id: ProfileId) -> Response:
    values = await form_values(request)
    age_known = profile_age(app, profile_id) is not None
    errors = FormErrors()
    age = errors.check("age", lambda: _age(values.get("age")))
    signs, flags = yes_no_answers(values, SIGN_FIELD), yes_no_answers(values, FLAG_FIELD)
    answers = ScreeningAnswers(signs, flags, age)
    if errors:
        missing = _unanswered(app, ScreeningAnswers(signs, flags, AGE_RANGE[0]))
        return _form(request, app.library, age_known, values, missing=missing, errors=errors)
    try:
        report = run_screening(app, profile_id, answers)
    except UnansweredQuestions as error:
        return _form(request, app.library, age_known, values, missing=error.ids)
    except AgeNeeded:
        message = "please give your age: some warning signs depend on it. Nothing was saved"
        return _form(request, app.library, False, values, errors=one_problem("age", message))
    except ServiceError as error:
        return _form(request, app.library, age_known, values, sentence(error))
    return RedirectResponse(f"/screening/{report.screening_id}", status_code=303)


def _age(raw: str | None) -> int | None:
    age = whole_number("age", raw, required=False)
    if age is not None and not AGE_RANGE[0] <= age <= AGE_RANGE[1]:
        raise InvalidInput(f"age must be between {AGE_RANGE[0]} and {AGE_RANGE[1]} years, got {age}")
    return age


def _unanswered(app: Hipcoach, answers: ScreeningAnswers) -> tuple[str, ...]:
    """The questions still without an answer, to name with the other problems (``answers`` with an age in
    range in place of one that could not be read: it only decides which questions are asked)."""
    try:
        screened(app.library, answers)
    except UnansweredQuestions as error:
        return tuple(error.ids)
    except ServiceError:
        pass
    return ()


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
