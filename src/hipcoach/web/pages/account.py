"""The account page: the runner's time zone in words, changed from a searchable list; the password link."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import RedirectResponse

from hipcoach.clock import LocalTime, zone_names
from hipcoach.services import runner_time
from hipcoach.services.errors import InvalidInput
from hipcoach.web.deps import HipcoachDep, ProfileId, Runner, RunnerTime
from hipcoach.web.pages.common import sentence
from hipcoach.web.templating import render

router = APIRouter(include_in_schema=False)


def _page(
    request: Request, local: LocalTime, zone_set: bool, value: str, error: str | None, saved: bool
) -> Response:
    return render(
        request,
        "account/page.html",
        status_code=400 if error else 200,
        local=local,
        zone_set=zone_set,
        value=value,
        zones=zone_names(),
        error=error,
        saved=saved,
    )


@router.get("/account")
def account_page(
    request: Request, account: Runner, local: RunnerTime, saved: Annotated[bool, Query()] = False
) -> Response:
    return _page(request, local, account.timezone is not None, local.zone_name, None, saved)


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
        return _page(request, local, account.timezone is not None, timezone, sentence(error), False)
    return RedirectResponse("/account?saved=true", status_code=303)
