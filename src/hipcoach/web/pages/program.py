"""The program page: phase and why, pause, the week, the next phase's gate, the ladder, today's session."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse

from hipcoach.domain.content import Block, Library
from hipcoach.domain.program import session_minutes
from hipcoach.services import clearances, clinical_actions, programs
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import InvalidInput, NotFound, ServiceError
from hipcoach.services.onboarding import whole_number
from hipcoach.web.deps import HipcoachDep, ProfileId
from hipcoach.web.form_errors import FormErrors
from hipcoach.web.templating import render

router = APIRouter()

STRENGTH_DAY_CHOICES = (2, 3)  # BRIEF §4.5, Blagrove 2018: 2-3 strength sessions a week
# The settings form's group of radios is named by its first choice (no input has the group's name as its id).
SETTINGS_INPUTS = {"strength_days": f"strength-days-{STRENGTH_DAY_CHOICES[0]}"}


def named(library: Library, condition: str) -> str:
    """A gate condition with the exercise's name in place of its id ("runners-lunge: level 1 of 3 needed")."""
    exercise_id, sep, rest = condition.partition(":")
    exercise = library.exercises.get(exercise_id)
    return f"{exercise.name}:{rest}" if sep and exercise is not None else condition


def _none(request: Request, standing: clearances.Standing) -> Response:
    """No program yet: the screening comes first, or, on hold, the clearance that must come before it."""
    return render(request, "program/none.html", standing=standing)


def _page(
    request: Request,
    app: Hipcoach,
    profile_id: int,
    errors: FormErrors | None = None,
    saved: bool = False,
    values: dict[str, str] | None = None,
) -> Response:
    """``errors``: the settings form's problems, by field; ``values``: what it sent, shown again."""
    standing = clearances.standing_of(app, profile_id)
    if not standing.has_program:
        return _none(request, standing)
    view = programs.overview(app, profile_id)
    plan = None
    if not view.paused and not standing.on_hold:
        plan = programs.plan_session(app, profile_id, view.todays_kind or Block.MOBILITY)
    return render(
        request,
        "program/page.html",
        status_code=400 if errors else 200,
        view=view,
        standing=standing,
        plan=plan,
        minutes=session_minutes(plan) if plan is not None else None,
        library=app.library,
        met=[named(app.library, c) for c in view.gate.met],
        unmet=[named(app.library, c) for c in view.gate.unmet],
        ladder=view.ladder,
        strength_days=view.week.count(Block.STRENGTH),
        strength_day_choices=STRENGTH_DAY_CHOICES,
        errors=errors,
        values=values,
        saved=saved,
        adaptation_evidence=list(dict.fromkeys(e for a in view.adaptations for e in a.evidence)),
        clinical_actions=clinical_actions.actions_of(app, profile_id),
    )


@router.get("/program")
def program_page(request: Request, app: HipcoachDep, profile_id: ProfileId, saved: bool = False) -> Response:
    return _page(request, app, profile_id, saved=saved)


@router.post("/program/settings")
def program_settings(
    request: Request,
    app: HipcoachDep,
    profile_id: ProfileId,
    strength_days: Annotated[str, Form()] = "",
    core: Annotated[str | None, Form()] = None,
) -> Response:
    values = {"strength_days": strength_days.strip()[:20], "core": "on" if core is not None else ""}
    errors = FormErrors(SETTINGS_INPUTS)
    days = errors.check("strength_days", lambda: _strength_days(strength_days))
    if days is None:
        return _page(request, app, profile_id, errors, values=values)
    try:
        programs.configure(app, profile_id, days, core is not None)
    except NotFound:
        return _none(request, clearances.standing_of(app, profile_id))
    except ServiceError as error:
        errors.add("strength_days", error)
        return _page(request, app, profile_id, errors, values=values)
    return RedirectResponse("/program?saved=true", status_code=303)


def _strength_days(raw: str) -> int:
    days = whole_number("strength days a week", raw)
    if days is None or days not in STRENGTH_DAY_CHOICES:
        raise InvalidInput(f"strength days a week must be 2 or 3, got {raw.strip()}")
    return days
