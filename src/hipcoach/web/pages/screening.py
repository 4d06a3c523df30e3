"""The screening: signs that fit and red flags, then the result, or a referral page when a flag stops it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse

from hipcoach.domain.content import Library, RedFlagLevel
from hipcoach.domain.screening import ScreeningAnswers
from hipcoach.services.errors import ServiceError
from hipcoach.services.screening import load_screening, run_screening
from hipcoach.web.deps import HipcoachDep, ItemId, ProfileId, Runner
from hipcoach.web.pages.common import flag_groups
from hipcoach.web.templating import render

router = APIRouter()

Ticked = Annotated[list[str] | None, Form()]

REFERRAL_TITLES = {
    RedFlagLevel.URGENT: "Seek care today",
    RedFlagLevel.REFER: "See a clinician before you start",
}


def _form(
    request: Request,
    library: Library,
    signs: list[str],
    flags: list[str],
    error: str | None = None,
) -> Response:
    return render(
        request,
        "screening/form.html",
        status_code=400 if error else 200,
        signs=library.signs.values(),
        groups=flag_groups(library),
        chosen_signs=set(signs),
        chosen_flags=set(flags),
        error=error,
    )


@router.get("/screening")
def screening_page(request: Request, app: HipcoachDep, account: Runner) -> Response:
    return _form(request, app.library, [], [])


@router.post("/screening")
def screen(
    request: Request, app: HipcoachDep, profile_id: ProfileId, signs: Ticked = None, red_flags: Ticked = None
) -> Response:
    signs, red_flags = signs or [], red_flags or []
    answers = ScreeningAnswers(frozenset(signs), frozenset(red_flags))
    try:
        report = run_screening(app, profile_id, answers)
    except ServiceError as error:
        return _form(request, app.library, signs, red_flags, str(error))
    return RedirectResponse(f"/screening/{report.screening_id}", status_code=303)


@router.get("/screening/{screening_id:int}")
def screening_result(
    request: Request, app: HipcoachDep, profile_id: ProfileId, screening_id: ItemId
) -> Response:
    stored = load_screening(app, profile_id, screening_id)
    if stored.result.program_allowed:
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
