"""The clinician's prescribe page: clear a pause, set the phase, a level or rounds, leave out or swap an
exercise, strength days, and the runner's thresholds (BRIEF §10).

Every route names the runner by ``{runner_id}`` through ``CaredRunnerId`` (404 without live consent). Each
form posts to its own route; the change is made by ``services.clinical_actions`` (recorded with who, when
and why, and logged for the runner), then 303 back here with a confirmation. A refused change shows the page
again with the message next to its form (400), and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
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
from hipcoach.services.errors import NotFound, ServiceError
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
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
) -> Response:
    return render(
        request,
        "clinic/prescribe.html",
        status_code=400 if errors else 200,
        runner_id=profile_id,
        p=clinical_actions.prescription(app, profile_id),
        actions=clinical_actions.actions_of(app, profile_id),
        done=DONE.get(done or ""),
        errors=errors or {},
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


def _act(
    request: Request,
    app: Hipcoach,
    clinician: ClinicianView,
    runner_id: int,
    name: str,
    build: Callable[[], Any],
    form: dict[str, str],
) -> Response:
    """Build the action from the form and carry it out; the page again with the error next to ``name``."""
    try:
        action = build()
        clinical_actions.act(app, clinician, runner_id, action, "web")
    except ValidationError as error:
        problems = FormErrors()
        problems.add_validation(error, _LABELS)
        message = " ".join(problem.message for problem in problems)
        return _page(request, app, runner_id, errors={name: message}, form=form)
    except NotFound:
        raise  # consent ended between the check and the change: 404, as for any runner not in the caseload
    except ServiceError as error:
        return _page(request, app, runner_id, errors={name: sentence(error)}, form=form)
    return RedirectResponse(f"/clinic/runners/{runner_id}/prescribe?done={action.kind}", status_code=303)


def _number(label: str, raw: str) -> int:
    value = whole_number(label, raw)  # required: a missing one is refused with its label
    return value if value is not None else 0


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
    return _act(
        request,
        app,
        clinician,
        runner_id,
        "clear",
        lambda: ClearAction.model_validate({"reason": reason, "cleared_on": cleared_on.strip() or None}),
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
    form = {"phase.reason": reason}
    return _act(
        request,
        app,
        clinician,
        runner_id,
        "phase",
        lambda: PhaseAction(phase=_number("phase", phase), reason=reason),
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
    form = {f"ladder.{exercise}.reason": reason}

    def build() -> LadderAction:
        return LadderAction(
            exercise=exercise,
            level=whole_number("level", level, required=False),
            rounds=whole_number("rounds", rounds, required=False),
            reason=reason,
        )

    return _act(request, app, clinician, runner_id, f"ladder.{exercise}", build, form)


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
        lambda: ExcludeAction(exercise=exercise, reason=reason),
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
        lambda: SwapAction(exercise=exercise, instead=instead, reason=reason),
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
    form = {f"restore.{exercise}.reason": reason}
    return _act(
        request,
        app,
        clinician,
        runner_id,
        f"restore.{exercise}",
        lambda: RestoreAction(exercise=exercise, reason=reason),
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
    form = {"strength-days.reason": reason}
    return _act(
        request,
        app,
        clinician,
        runner_id,
        "strength-days",
        lambda: StrengthDaysAction(days=_number("strength days a week", days), reason=reason),
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
    form = {f"threshold.{threshold}.reason": reason, f"threshold.{threshold}.value": value}
    return _act(
        request,
        app,
        clinician,
        runner_id,
        f"threshold.{threshold}",
        lambda: ThresholdAction(threshold=threshold, value=_number("value", value), reason=reason),
        form,
    )
