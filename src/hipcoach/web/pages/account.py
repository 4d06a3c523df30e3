"""The account page: the runner's time zone in words, changed from a searchable list; who can see the runner's
data (revoked in one click) and who looked at it; the password link."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import RedirectResponse

from hipcoach.clock import LocalTime, zone_names
from hipcoach.services import clinic, runner_time
from hipcoach.services.errors import InvalidInput
from hipcoach.web.deps import HipcoachDep, ItemId, ProfileId, Runner, RunnerTime, SignedIn
from hipcoach.web.pages.common import sentence
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
        status_code=400 if error else 200,
        has_profile=profile_id is not None,
        local=local,
        zone_set=zone_set,
        value=value,
        zones=zone_names(),
        error=error,
        access=clinic.access_list(app, profile_id) if profile_id is not None else [],
        audit=clinic.audit_of(app, profile_id) if profile_id is not None else None,
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
    )


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
