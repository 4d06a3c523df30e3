"""The screening: signs that fit and red flags, then the result, or a referral page when a flag stops it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse

from hipcoach.domain.content import Library, RedFlag, RedFlagLevel
from hipcoach.domain.screening import ScreeningAnswers
from hipcoach.services.errors import ServiceError
from hipcoach.services.onboarding import profile_id_of
from hipcoach.services.screening import load_screening, run_screening
from hipcoach.web.deps import HipcoachDep, ItemId, Runner
from hipcoach.web.templating import render

router = APIRouter()

Ticked = Annotated[list[str] | None, Form()]

# The legend says what a "yes" in the group leads to: the runner sees why each question is asked.
_GROUP_LEGENDS = (
    (RedFlagLevel.URGENT, "Warning signs that need care today"),
    (RedFlagLevel.REFER, "Warning signs a clinician should check first"),
    (RedFlagLevel.NOTE, "Worth mentioning to a clinician"),
)
REFERRAL_TITLES = {
    RedFlagLevel.URGENT: "Seek care today",
    RedFlagLevel.REFER: "See a clinician before you start",
}


@dataclass(frozen=True)
class FlagGroup:
    level: RedFlagLevel
    legend: str
    flags: tuple[RedFlag, ...]


def flag_groups(library: Library) -> tuple[FlagGroup, ...]:
    """The red-flag questions grouped by what a yes means, most urgent first; empty groups left out."""
    groups = []
    for level, legend in _GROUP_LEGENDS:
        flags = tuple(f for f in library.red_flags.values() if f.level is level)
        if flags:
            groups.append(FlagGroup(level, legend, flags))
    return tuple(groups)


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
    request: Request, app: HipcoachDep, account: Runner, signs: Ticked = None, red_flags: Ticked = None
) -> Response:
    signs, red_flags = signs or [], red_flags or []
    answers = ScreeningAnswers(frozenset(signs), frozenset(red_flags))
    try:
        report = run_screening(app, profile_id_of(account), answers)
    except ServiceError as error:
        return _form(request, app.library, signs, red_flags, str(error))
    return RedirectResponse(f"/screening/{report.screening_id}", status_code=303)


@router.get("/screening/{screening_id:int}")
def screening_result(request: Request, app: HipcoachDep, account: Runner, screening_id: ItemId) -> Response:
    stored = load_screening(app, profile_id_of(account), screening_id)
    if stored.result.program_allowed:
        return render(request, "screening/result.html", stored=stored, result=stored.result)
    title = REFERRAL_TITLES.get(stored.result.level, REFERRAL_TITLES[RedFlagLevel.REFER])
    return render(request, "screening/referral.html", stored=stored, result=stored.result, title=title)


@router.get("/screening/{screening_id:int}/print")
def screening_print(request: Request, app: HipcoachDep, account: Runner, screening_id: ItemId) -> Response:
    """The advice alone, laid out for paper or a PDF to take to a clinician."""
    stored = load_screening(app, profile_id_of(account), screening_id)
    title = REFERRAL_TITLES.get(stored.result.level, "Your screening result")
    return render(request, "screening/print.html", stored=stored, result=stored.result, title=title)
