"""Recording a clearance (BRIEF §2.2): the form that lifts a hold, and one recorded clearance."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from hipcoach.domain.clearance import (
    MAX_NAME_LENGTH,
    MAX_NOTE_LENGTH,
    MAX_PROFESSION_LENGTH,
    InvalidClearance,
    check_clearance,
)
from hipcoach.services import clearances
from hipcoach.services.clearances import ClearanceInput
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import InvalidFields, ServiceError
from hipcoach.web.deps import HipcoachDep, ItemId, ProfileId, Runner
from hipcoach.web.form_errors import FormErrors
from hipcoach.web.pages.common import TextField, sentence
from hipcoach.web.templating import render

router = APIRouter()

LIMITS = {"name": MAX_NAME_LENGTH, "profession": MAX_PROFESSION_LENGTH, "note": MAX_NOTE_LENGTH}


def _form(
    request: Request,
    app: Hipcoach,
    profile_id: int,
    values: dict[str, str] | None = None,
    error: str | None = None,
    errors: FormErrors | None = None,
) -> Response:
    """``errors``: the fields' problems; ``error`` one that belongs to no field."""
    standing = clearances.standing_of(app, profile_id)
    return render(
        request,
        "clearance/form.html",
        status_code=400 if error or errors else 200,
        standing=standing,
        values=values or {"cleared_on": standing.today.isoformat()},
        limits=LIMITS,
        error=error,
        errors=errors,
    )


@router.get("/clearance")
def clearance_form(request: Request, app: HipcoachDep, profile_id: ProfileId) -> Response:
    return _form(request, app, profile_id)


@router.post("/clearance")
def record_clearance(
    request: Request,
    app: HipcoachDep,
    account: Runner,
    profile_id: ProfileId,
    cleared_by: TextField = "",
    profession: TextField = "",
    cleared_on: TextField = "",
    note: TextField = "",
) -> Response:
    values = {"cleared_by": cleared_by, "profession": profession, "cleared_on": cleared_on, "note": note}
    errors = FormErrors()
    try:
        day = date.fromisoformat(cleared_on.strip())
    except ValueError:
        # The other fields are checked all the same, so the runner sees every problem at once.
        standing = clearances.standing_of(app, profile_id)
        try:
            check_clearance(cleared_by, profession, note, None, standing.today, standing.today)
        except InvalidClearance as other:
            errors.add_all(InvalidFields(other.problems))
        errors.add("cleared_on", f"the day you were cleared, “{cleared_on}”, is not a date (YYYY-MM-DD)")
        return _form(request, app, profile_id, values, errors=errors)
    try:
        report = clearances.record_clearance(
            app, profile_id, ClearanceInput(cleared_by, profession, day, note), account.user_id
        )
    except InvalidFields as several:
        errors.add_all(several)
        return _form(request, app, profile_id, values, errors=errors)
    except ServiceError as error:
        return _form(request, app, profile_id, values, sentence(error))
    return RedirectResponse(f"/clearances/{report.clearance.clearance_id}", status_code=303)


@router.get("/clearances/{clearance_id:int}")
def clearance_page(
    request: Request, app: HipcoachDep, profile_id: ProfileId, clearance_id: ItemId
) -> Response:
    view = clearances.clearance(app, profile_id, clearance_id)
    return render(
        request,
        "clearance/record.html",
        view=view,
        standing=clearances.standing_of(app, profile_id),
        summary=clearances.describe(view),
    )
