"""The account page: the runner's time zone in words, changed from a searchable list; who can see the runner's
data (revoked in one click) and who looked at it; the password link; downloading and importing one's data;
deleting the account."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, Request, Response, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse

from hipcoach.clock import LocalTime, zone_names
from hipcoach.domain.units import DistanceUnit
from hipcoach.services import accounts, clinic, distance_units, runner_time
from hipcoach.services.accounts import Account
from hipcoach.services.errors import InvalidInput, ServiceError, TryAgainLater
from hipcoach.services.transfer import MAX_IMPORT_BYTES
from hipcoach.web import rate_limits
from hipcoach.web.deps import HipcoachDep, ItemId, ProfileId, Runner, RunnerTime, SignedIn
from hipcoach.web.pages.common import sentence
from hipcoach.web.rate_limits import Refused
from hipcoach.web.security import SESSION_COOKIE, delete_cookie, renew_visitor, request_is_secure
from hipcoach.web.templating import render

router = APIRouter(include_in_schema=False)


def _page(
    request: Request,
    app: HipcoachDep,
    profile_id: int | None,
    local: LocalTime,
    zone_set: bool,
    value: str,
    error: str | None,
    **notices: object,
) -> Response:
    """The whole page; an account without a runner profile (a clinician's) has no zone, access or log."""
    return render(
        request,
        "account/page.html",
        status_code=400 if error or notices.get("units_error") else 200,
        has_profile=profile_id is not None,
        local=local,
        zone_set=zone_set,
        value=value,
        zones=zone_names(),
        error=error,
        access=clinic.access_list(app, profile_id) if profile_id is not None else [],
        audit=clinic.audit_of(app, profile_id) if profile_id is not None else None,
        units=list(DistanceUnit),
        unit=distance_units.unit_of_profile(app, profile_id) if profile_id is not None else None,
        **notices,
    )


@router.get("/account")
def account_page(
    request: Request,
    app: HipcoachDep,
    account: SignedIn,
    saved: Annotated[bool, Query()] = False,
    shared: Annotated[int | None, Query(ge=1)] = None,
    revoked: Annotated[int | None, Query(ge=1)] = None,
    imported: Annotated[bool, Query()] = False,
    units_saved: Annotated[bool, Query()] = False,
) -> Response:
    """``shared``: the clinician just given access; ``revoked``: the access just ended (to confirm them)."""
    local = app.local(account.timezone)
    profile_id = account.profile_id
    ended = clinic.ended_access(app, profile_id, revoked) if profile_id and revoked else None
    return _page(
        request,
        app,
        profile_id,
        local,
        account.timezone is not None,
        local.zone_name,
        None,
        saved=saved,
        shared=shared,
        ended=ended,
        imported=imported,
        units_saved=units_saved,
    )


@router.post("/account/units")
def change_units(
    request: Request,
    app: HipcoachDep,
    account: Runner,
    profile_id: ProfileId,
    local: RunnerTime,
    distance_unit: Annotated[str, Form()] = "",
) -> Response:
    """Kilometres or miles, for every page, document, calendar and command; the runs stay stored in km."""
    try:
        distance_units.set_unit(app, profile_id, distance_units.parse_unit(distance_unit))
    except InvalidInput as error:
        zone_set = account.timezone is not None
        return _page(
            request, app, profile_id, local, zone_set, local.zone_name, None, units_error=sentence(error)
        )
    return RedirectResponse("/account?units_saved=true", status_code=303)


@router.post("/account/timezone")
def change_timezone(
    request: Request,
    app: HipcoachDep,
    account: Runner,
    profile_id: ProfileId,
    local: RunnerTime,
    timezone: Annotated[str, Form()] = "",
) -> Response:
    """A runner who moves or travels changes their zone; what they recorded keeps the instant it happened."""
    try:
        runner_time.set_timezone(app, profile_id, timezone)
    except InvalidInput as error:
        zone_set = account.timezone is not None
        return _page(request, app, profile_id, local, zone_set, timezone, sentence(error), saved=False)
    return RedirectResponse("/account?saved=true", status_code=303)


@router.post("/account/access/{link_id}/revoke")
def revoke_access(app: HipcoachDep, profile_id: ProfileId, link_id: ItemId) -> Response:
    """Ends one clinician's access at once; their next request is refused."""
    clinic.revoke(app, profile_id, link_id)
    return RedirectResponse(f"/account?revoked={link_id}", status_code=303)


def _refused(
    request: Request, app: HipcoachDep, account: Account, status: int, **notices: object
) -> Response:
    """The page again with one of the forms below refused, its message next to it."""
    local = app.local(account.timezone)
    zone_set = account.timezone is not None
    response = _page(request, app, account.profile_id, local, zone_set, local.zone_name, None, **notices)
    response.status_code = status
    return response


@router.post("/account/delete")
def delete_account(
    request: Request, app: HipcoachDep, account: SignedIn, password: Annotated[str, Form()] = ""
) -> Response:
    """Limited like the password form: a borrowed session must not become a way to guess the password."""
    limit = rate_limits.for_request(request).password_change
    attempt = limit.begin(f"user:{account.user_id}")
    if isinstance(attempt, Refused):
        message = "Too many wrong passwords. Please wait a while and try again; nothing was deleted."
        response = _refused(request, app, account, 429, delete_error=message)
        response.headers["Retry-After"] = str(attempt.retry_after_s)
        return response
    try:
        accounts.delete_account(app, account.user_id, password)
    except accounts.WrongPassword as error:
        return _refused(request, app, account, 400, delete_error=sentence(error))
    except TryAgainLater:
        limit.give_back(attempt)
        raise
    limit.clear(attempt)
    response = RedirectResponse("/goodbye", status_code=303)
    secure = request_is_secure(request)
    delete_cookie(response, SESSION_COOKIE, secure)
    renew_visitor(response, secure)
    return response


@router.get("/goodbye")
def goodbye(request: Request) -> Response:
    return render(request, "account/goodbye.html")


@router.post("/account/import")
async def import_data(
    request: Request, app: HipcoachDep, account: SignedIn, file: Annotated[UploadFile | None, File()] = None
) -> Response:
    """Only into an account without runner data (accounts.import_into says why); all or nothing."""
    raw = await file.read(MAX_IMPORT_BYTES + 1) if file is not None else b""
    try:
        if len(raw) > MAX_IMPORT_BYTES:
            raise InvalidInput(
                f"the file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB, so it is no export"
            )
        if not raw:
            raise InvalidInput("please choose the export file (hipcoach-export.json) to import")
        await run_in_threadpool(accounts.import_into, app, account, raw)
    except ServiceError as error:
        if isinstance(error, TryAgainLater):
            raise
        return _refused(request, app, account, 400, import_error=sentence(error))
    return RedirectResponse("/account?imported=true", status_code=303)
