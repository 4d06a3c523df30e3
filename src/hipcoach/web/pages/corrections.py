"""Correct or delete a session or a check-in: the form, the question before a deletion, and what each does to
the decisions taken on it (services.corrections)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse

from hipcoach.services import corrections, history
from hipcoach.services.context import Hipcoach
from hipcoach.services.corrections import (
    CHECKIN_FIELDS,
    CHECKIN_REQUIRED,
    SESSION_FIELDS,
    SESSION_REQUIRED,
    Consequences,
)
from hipcoach.services.errors import Conflict, InvalidFields
from hipcoach.web.deps import HipcoachDep, ItemId, ProfileId
from hipcoach.web.form_errors import FormErrors, read_rating
from hipcoach.web.pages.common import form_values, sentence
from hipcoach.web.templating import render

router = APIRouter(include_in_schema=False)

# The labels of the forms' fields (the services name them in their messages).
SESSION_LABELS = {
    "baseline_pain": "Pain before the session",
    "pain_during": "Worst pain during the session",
    "pain_after": "Pain about an hour after",
    "rpe": "Effort (RPE)",
    "tightness": "Tightness after the session",
}
CHECKIN_LABELS = {"pain": "Morning pain", "tightness": "Morning tightness"}
assert SESSION_LABELS.keys() == SESSION_FIELDS.keys() and CHECKIN_LABELS.keys() == CHECKIN_FIELDS.keys()


def _read(
    values: Mapping[str, str], labels: Mapping[str, str], required: tuple[str, ...]
) -> tuple[dict[str, int | None], FormErrors]:
    errors = FormErrors()
    numbers = {
        field: read_rating(errors, field, label, values.get(field, ""), required=field in required)
        for field, label in labels.items()
    }
    return numbers, errors


# --- sessions -----------------------------------------------------------------------------------------------


def _session_form(
    request: Request,
    app: Hipcoach,
    profile_id: int,
    session_id: int,
    values: Mapping[str, str] | None = None,
    errors: FormErrors | None = None,
    error: str | None = None,
) -> Response:
    detail = history.session_detail(app, profile_id, session_id)
    row = detail.row
    stored = {field: getattr(row, field) for field in SESSION_FIELDS}
    return render(
        request,
        "corrections/session.html",
        status_code=400 if errors or error else 200,
        detail=detail,
        labels=SESSION_LABELS,
        required=SESSION_REQUIRED,
        values=values or {k: "" if v is None else str(v) for k, v in stored.items()},
        errors=errors,
        error=error,
        consequences=corrections.session_consequences(app, profile_id, session_id, deleting=False),
        library=app.library,
    )


@router.get("/sessions/{session_id:int}/correct")
def session_correction_page(
    request: Request, app: HipcoachDep, profile_id: ProfileId, session_id: ItemId
) -> Response:
    return _session_form(request, app, profile_id, session_id)


@router.post("/sessions/{session_id:int}/correct")
async def correct_session(
    request: Request, app: HipcoachDep, profile_id: ProfileId, session_id: ItemId
) -> Response:
    values = await form_values(request)

    def save() -> Response:
        numbers, errors = _read(values, SESSION_LABELS, SESSION_REQUIRED)
        if errors:
            return _session_form(request, app, profile_id, session_id, values, errors)
        try:
            corrections.correct_session(app, profile_id, session_id, numbers)
        except InvalidFields as several:
            errors.add_all(several)
            return _session_form(request, app, profile_id, session_id, values, errors)
        except Conflict as refused:
            return _session_form(request, app, profile_id, session_id, values, error=sentence(refused))
        return RedirectResponse(f"/sessions/{session_id}?changed=corrected", status_code=303)

    return await run_in_threadpool(save)


def _delete_session_page(
    request: Request, app: Hipcoach, profile_id: int, session_id: int, status_code: int = 200
) -> Response:
    detail = history.session_detail(app, profile_id, session_id)
    consequences = corrections.session_consequences(app, profile_id, session_id, deleting=True)
    back = f"/sessions/{session_id}"
    return _delete_page(request, app, consequences, "session", detail.row.on, back, status_code)


@router.get("/sessions/{session_id:int}/delete")
def delete_session_page(
    request: Request, app: HipcoachDep, profile_id: ProfileId, session_id: ItemId
) -> Response:
    return _delete_session_page(request, app, profile_id, session_id)


@router.post("/sessions/{session_id:int}/delete")
def delete_session(request: Request, app: HipcoachDep, profile_id: ProfileId, session_id: ItemId) -> Response:
    try:
        corrections.delete_session(app, profile_id, session_id)
    except Conflict:
        return _delete_session_page(request, app, profile_id, session_id, status_code=409)
    return RedirectResponse("/progress?changed=session-deleted", status_code=303)


# --- check-ins ----------------------------------------------------------------------------------------------


def _checkin_form(
    request: Request,
    app: Hipcoach,
    profile_id: int,
    checkin_id: int,
    values: Mapping[str, str] | None = None,
    errors: FormErrors | None = None,
    error: str | None = None,
) -> Response:
    stored = history.checkin_result(app, profile_id, checkin_id)
    return render(
        request,
        "corrections/checkin.html",
        status_code=400 if errors or error else 200,
        stored=stored,
        labels=CHECKIN_LABELS,
        required=CHECKIN_REQUIRED,
        values=values or {field: str(getattr(stored, field)) for field in CHECKIN_FIELDS},
        errors=errors,
        error=error,
        consequences=corrections.checkin_consequences(app, profile_id, checkin_id, deleting=False),
        library=app.library,
    )


@router.get("/checkins/{checkin_id:int}/correct")
def checkin_correction_page(
    request: Request, app: HipcoachDep, profile_id: ProfileId, checkin_id: ItemId
) -> Response:
    return _checkin_form(request, app, profile_id, checkin_id)


@router.post("/checkins/{checkin_id:int}/correct")
async def correct_checkin(
    request: Request, app: HipcoachDep, profile_id: ProfileId, checkin_id: ItemId
) -> Response:
    values = await form_values(request)

    def save() -> Response:
        numbers, errors = _read(values, CHECKIN_LABELS, CHECKIN_REQUIRED)
        if errors:
            return _checkin_form(request, app, profile_id, checkin_id, values, errors)
        try:
            corrections.correct_checkin(app, profile_id, checkin_id, numbers)
        except InvalidFields as several:
            errors.add_all(several)
            return _checkin_form(request, app, profile_id, checkin_id, values, errors)
        except Conflict as refused:
            return _checkin_form(request, app, profile_id, checkin_id, values, error=sentence(refused))
        return RedirectResponse(f"/checkins/{checkin_id}?changed=corrected", status_code=303)

    return await run_in_threadpool(save)


def _delete_checkin_page(
    request: Request, app: Hipcoach, profile_id: int, checkin_id: int, status_code: int = 200
) -> Response:
    stored = history.checkin_result(app, profile_id, checkin_id)
    consequences = corrections.checkin_consequences(app, profile_id, checkin_id, deleting=True)
    back = f"/checkins/{checkin_id}"
    return _delete_page(request, app, consequences, "check-in", stored.checked_on, back, status_code)


@router.get("/checkins/{checkin_id:int}/delete")
def delete_checkin_page(
    request: Request, app: HipcoachDep, profile_id: ProfileId, checkin_id: ItemId
) -> Response:
    return _delete_checkin_page(request, app, profile_id, checkin_id)


@router.post("/checkins/{checkin_id:int}/delete")
def delete_checkin(request: Request, app: HipcoachDep, profile_id: ProfileId, checkin_id: ItemId) -> Response:
    try:
        corrections.delete_checkin(app, profile_id, checkin_id)
    except Conflict:
        return _delete_checkin_page(request, app, profile_id, checkin_id, status_code=409)
    return RedirectResponse("/progress?changed=checkin-deleted", status_code=303)


def _delete_page(
    request: Request,
    app: Hipcoach,
    consequences: Consequences,
    what: str,
    on: date,
    back: str,
    status_code: int = 200,
) -> Response:
    """The question before a deletion, with what it does, or why it cannot be done now."""
    return render(
        request,
        "corrections/delete.html",
        status_code=status_code,
        consequences=consequences,
        what=what,
        on=on,
        back=back,
        library=app.library,
    )
