"""The front door: where a visitor lands, and the runner's to-do for today."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from hipcoach.services import today
from hipcoach.web.deps import HipcoachDep, OptionalAccount
from hipcoach.web.templating import render

router = APIRouter()


@router.get("/", include_in_schema=False)
def home(request: Request, app: HipcoachDep, account: OptionalAccount) -> Response:
    if account is None:
        return render(request, "home.html")
    profile_id = account.profile_id
    if profile_id is None:
        # A clinician without a runner profile of their own works from the caseload, not onboarding.
        to = "/clinic" if account.clinician_id is not None else "/onboarding"
        return RedirectResponse(to, status_code=303)
    todo = today.today(app, profile_id)
    if todo is None:
        return RedirectResponse("/program", status_code=303)  # it says what comes first: the screening
    return render(request, "today.html", todo=todo)


@router.get("/hello", include_in_schema=False)
def hello() -> dict[str, str]:
    """The floor for latency benchmarks: no database, no template."""
    return {"hello": "runner"}
