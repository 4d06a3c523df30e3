"""The front door: where a visitor or a signed-in runner lands."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from hipcoach.web.deps import OptionalAccount
from hipcoach.web.templating import render

router = APIRouter()


@router.get("/", include_in_schema=False)
def home(request: Request, account: OptionalAccount) -> Response:
    if account is None:
        return render(request, "home.html")
    if account.profile_id is None:
        # A clinician without a runner profile of their own works from the caseload, not onboarding.
        to = "/clinic" if account.clinician_id is not None else "/onboarding"
        return RedirectResponse(to, status_code=303)
    return RedirectResponse("/program", status_code=303)


@router.get("/hello", include_in_schema=False)
def hello() -> dict[str, str]:
    """The floor for latency benchmarks: no database, no template."""
    return {"hello": "runner"}
