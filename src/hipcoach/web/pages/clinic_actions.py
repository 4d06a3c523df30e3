"""The clinician's prescribe page: clear a pause, set the phase, a level or rounds, leave out or swap an
exercise, strength days, and the runner's thresholds (BRIEF §10).

Every route names the runner by ``{runner_id}`` through ``CaredRunnerId`` (404 without live consent). Each
form posts to its own route; the change is made by ``services.clinical_actions`` (recorded with who, when
and why, and logged for the runner), then 303 back here with a confirmation. A refused change shows the page
again (400) with every problem of its form at once, listed in a box at the form's top that links to each
field and said again beside the field; nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import ValidationError

from hipcoach.domain import rules as R
from hipcoach.domain.phases import Phase
from hipcoach.services import clinical_actions
from hipcoach.services.care import ClinicianView
from hipcoach.services.clinical_actions import (
    ClearAction,
    ExcludeAction,
    LadderAction,
    PhaseAction,
    RestoreAction,
    StrengthDaysAction,
    SwapAction,
    ThresholdAction,
)
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import InvalidFields, InvalidInput, NotFound, ServiceError
from hipcoach.services.onboarding import whole_number
from hipcoach.web.deps import CaredRunnerId, Clinician, HipcoachDep
from hipcoach.web.form_errors import FormErrors
from hipcoach.web.pages.common import sentence
from hipcoach.web.templating import render

router = APIRouter(prefix="/clinic/runners/{runner_id}", include_in_schema=False)

Text = Annotated[str, Form()]
# What the confirmation says after each form, by the action's kind.
DONE = {
    "clearance": "The hold is cleared. The runner sees it cleared by you.",
    "phase": "The phase is set.",
    "ladder": "The exercise's level and rounds are set.",
    "exclude": "The exercise is left out of the runner's sessions.",
    "swap": "The exercise is swapped.",
    "restore": "The exercise is back in the runner's sessions.",
    "strength-days": "Strength days are set.",
    "threshold": "The threshold is set.",
}


def _page(
    request: Request,
    app: Hipcoach,
    profile_id: int,
    done: str | None = None,
    failed: str | None = None,
    errors: FormErrors | None = None,
    error: str | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    """``failed``: the form refused (its key, e.g. ``swap`` or ``threshold.pain-acceptable-max``), with its
    fields' problems in ``errors`` (named ``<key>.<field>``) and ``error`` one that belongs to none."""
    return render(
        request,
        "clinic/prescribe.html",
        status_code=400 if failed else 200,
        runner_id=profile_id,
        p=clinical_actions.prescription(app, profile_id),
        actions=clinical_actions.actions_of(app, profile_id),
        done=DONE.get(done or ""),
        failed=failed,
        errors=errors,
        error=error,
        form=form or {},
        reason_max=clinical_actions.REASON_MAX,
        rounds_choices=range(R.STRENGTH_ROUNDS_MIN, R.STRENGTH_ROUNDS_MAX + 1),
        phases=list(Phase),
        strength_day_choices=range(1, R.STRENGTH_SESSIONS_MAX + 1),
    )


@router.get("/prescribe", summary="your program, to change it")
def prescribe_page(
    request: Request, app: HipcoachDep, runner_id: CaredRunnerId, done: str | None = None
) -> Response:
    return _page(request, app, runner_id, done=done)


# What a clinician reads for each field of the actions when the model refuses it: every problem, in words.
_LABELS = {
    "reason": "Your reason",
    "cleared_on": "The day of the clearance",
    "phase": "The phase",
    "exercise": "The exercise",
    "instead": "The exercise done in its place",
    "level": "The level",
    "rounds": "The rounds",
    "days": "The strength days",
    "threshold": "The threshold",
    "value": "The value",
}
# The field of its form a refusal by the service is about, once every field read well (by the action's kind);
# a kind not here (a clearance, a ladder, a restore) has its refusal in the form's box alone.
_REFUSED_FIELD = {
    "phase": "phase",
    "exclude": "exercise",
    "swap": "instead",
    "strength-days": "days",
    "threshold": "value",
}
# A clearance's refusal by field (services.clearances), as the clinician's form names them.
_CLEARANCE_FIELDS = {"cleared_on": "cleared_on", "note": "reason"}


def _act(
    request: Request,
    app: Hipcoach,
    clinician: ClinicianView,
    runner_id: int,
    key: str,
    errors: FormErrors,
    build: Callable[[], Any],
    reason: str,
    form: dict[str, str],
) -> Response:
    """Build the action of form ``key`` and carry it out; ``errors`` holds what reading its fields found.
    Every problem of the form at once, each by its field (``<key>.<field>``), and nothing written."""
    action = None
    if not errors:  # a field that is not even a number leaves nothing for the model to check
        try:
            action = build()
        except ValidationError as error:
            errors.add_validation(error, _LABELS, {field: f"{key}.{field}" for field in _LABELS})
    errors.check(f"{key}.reason", lambda: clinical_actions.check_reason(reason))
    if errors or action is None:
        return _page(request, app, runner_id, failed=key, errors=errors, form=form)
    try:
        clinical_actions.act(app, clinician, runner_id, action, "web")
    except NotFound:
        raise  # consent ended between the check and the change: 404, as for any runner not in the caseload
    except InvalidFields as several:
        named = {_CLEARANCE_FIELDS.get(field): message for field, message in several.problems.items()}
        if None in named:
            return _page(request, app, runner_id, failed=key, error=sentence(several), form=form)
        for field, message in named.items():
            errors.add(f"{key}.{field}", message)
        return _page(request, app, runner_id, failed=key, errors=errors, form=form)
    except ServiceError as error:
        field = _REFUSED_FIELD.get(action.kind)
        if field is None:
            return _page(request, app, runner_id, failed=key, error=sentence(error), form=form)
        errors.add(f"{key}.{field}", error)
        return _page(request, app, runner_id, failed=key, errors=errors, form=form)
    return RedirectResponse(f"/clinic/runners/{runner_id}/prescribe?done={action.kind}", status_code=303)


def _number(label: str, raw: str) -> int:
    value = whole_number(label, raw)  # required: a missing one is refused with its label
    return value if value is not None else 0


def _day(raw: str) -> date | None:
    """The day of a clearance as typed (YYYY-MM-DD), or None when left empty (the runner's today)."""
    text = raw.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"the day of the clearance, “{text}”, is not a date (YYYY-MM-DD)") from None


@router.post("/clear")
def clear(
    request: Request,
    app: HipcoachDep,
    clinician: Clinician,
    runner_id: CaredRunnerId,
    reason: Text = "",
    cleared_on: Text = "",
) -> Response:
    form = {"clear.reason": reason, "clear.cleared_on": cleared_on}
    errors = FormErrors({"clear.cleared_on": "clear-on"})
    day = errors.check("clear.cleared_on", lambda: _day(cleared_on))
    return _act(
        request,
        app,
        clinician,
        runner_id,
        "clear",
        errors,
        lambda: ClearAction(reason=reason, cleared_on=day),
        reason,
        form,
    )


@router.post("/phase")
def phase(
    request: Request,
    app: HipcoachDep,
    clinician: Clinician,
    runner_id: CaredRunnerId,
    phase: Text = "",
    reason: Text = "",
) -> Response:
    form = {"phase.reason": reason, "phase.phase": phase}
    errors = FormErrors({"phase.phase": "phase"})
    number = errors.check("phase.phase", lambda: _number("phase", phase))
    return _act(
        request,
        app,
        clinician,
        runner_id,
        "phase",
        errors,
        lambda: PhaseAction(phase=number or 0, reason=reason),
        reason,
        form,
    )


@router.post("/ladder")
def ladder(
    request: Request,
    app: HipcoachDep,
    clinician: Clinician,
    runner_id: CaredRunnerId,
    exercise: Text = "",
    level: Text = "",
    rounds: Text = "",
    reason: Text = "",
) -> Response:
    key = f"ladder.{exercise}"
    form = {f"{key}.reason": reason, f"{key}.level": level, f"{key}.rounds": rounds}
    errors = FormErrors()
    chosen_level = errors.check(f"{key}.level", lambda: whole_number("level", level, required=False))
    chosen_rounds = errors.check(f"{key}.rounds", lambda: whole_number("rounds", rounds, required=False))

    def build() -> LadderAction:
        return LadderAction(exercise=exercise, level=chosen_level, rounds=chosen_rounds, reason=reason)

    return _act(request, app, clinician, runner_id, key, errors, build, reason, form)


@router.post("/exclude")
def exclude(
    request: Request,
    app: HipcoachDep,
    clinician: Clinician,
    runner_id: CaredRunnerId,
    exercise: Text = "",
    reason: Text = "",
) -> Response:
    form = {"exclude.reason": reason, "exclude.exercise": exercise}
    return _act(
        request,
        app,
        clinician,
        runner_id,
        "exclude",
        FormErrors(),
        lambda: ExcludeAction(exercise=exercise, reason=reason),
        reason,
        form,
    )


@router.post("/swap")
def swap(
    request: Request,
    app: HipcoachDep,
    clinician: Clinician,
    runner_id: CaredRunnerId,
    exercise: Text = "",
    instead: Text = "",
    reason: Text = "",
) -> Response:
    form = {"swap.reason": reason, "swap.exercise": exercise, "swap.instead": instead}
    return _act(
        request,
        app,
        clinician,
        runner_id,
        "swap",
        FormErrors(),
        lambda: SwapAction(exercise=exercise, instead=instead, reason=reason),
        reason,
        form,
    )


@router.post("/restore")
def restore(
    request: Request,
    app: HipcoachDep,
    clinician: Clinician,
    runner_id: CaredRunnerId,
    exercise: Text = "",
    reason: Text = "",
) -> Response:
    key = f"restore.{exercise}"
    form = {f"{key}.reason": reason}
    return _act(
        request,
        app,
        clinician,
        runner_id,
        key,
        FormErrors(),
        lambda: RestoreAction(exercise=exercise, reason=reason),
        reason,
        form,
    )


@router.post("/strength-days")
def strength_days(
    request: Request,
    app: HipcoachDep,
    clinician: Clinician,
    runner_id: CaredRunnerId,
    days: Text = "",
    reason: Text = "",
) -> Response:
    form = {"strength-days.reason": reason, "strength-days.days": days}
    errors = FormErrors({"strength-days.days": "days"})
    number = errors.check("strength-days.days", lambda: _number("strength days a week", days))
    return _act(
        request,
        app,
        clinician,
        runner_id,
        "strength-days",
        errors,
        lambda: StrengthDaysAction(days=number or 0, reason=reason),
        reason,
        form,
    )


@router.post("/threshold")
def threshold(
    request: Request,
    app: HipcoachDep,
    clinician: Clinician,
    runner_id: CaredRunnerId,
    threshold: Text = "",
    value: Text = "",
    reason: Text = "",
) -> Response:
    key = f"threshold.{threshold}"
    form = {f"{key}.reason": reason, f"{key}.value": value}
    errors = FormErrors()
    number = errors.check(f"{key}.value", lambda: _number("new value", value))

    def build() -> ThresholdAction:
        return ThresholdAction(threshold=threshold, value=number or 0, reason=reason)

    return _act(request, app, clinician, runner_id, key, errors, build, reason, form)
