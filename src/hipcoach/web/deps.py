"""Shared dependencies: the application handle, the signed-in account and its profile id, the background
import runner, and the CSRF check on every change."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path as FilePath
from typing import Annotated

from fastapi import Depends, Path, Request

from hipcoach.clock import LocalTime
from hipcoach.services import care
from hipcoach.services.accounts import Account, account_for_token
from hipcoach.services.care import ClinicianView
from hipcoach.services.context import Hipcoach
from hipcoach.services.job_queue import JobQueue
from hipcoach.settings import Settings
from hipcoach.web.security import (
    CSRF_COOKIE,
    CSRF_FIELD,
    CSRF_HEADER,
    csrf_matches,
    csrf_token,
    read_cookie,
    session_token,
)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Row ids are 32-bit on PostgreSQL; a larger one in a URL is refused before it reaches the database (where
# SQLite fails on anything past 64 bits) and answered 404, like any id that names nothing.
MAX_ROW_ID = 2**31 - 1


class LoginRequired(Exception):
    """Raised for a page or API call that needs a signed-in account; pages redirect, the API answers 401."""


class OnboardingRequired(Exception):
    """Raised for a page that needs the account's runner profile, before onboarding made it."""


class ClinicianRequired(Exception):
    """Raised for a clinician's page or API call from an account without a clinician profile."""


class CsrfFailed(Exception):
    """A change arrived without the token of the page it came from (a forged or replayed form)."""


# The pure dependencies are coroutines: FastAPI runs plain ones in a worker thread, a hop on every request.
async def hipcoach(request: Request) -> Hipcoach:
    """The application with its clock read once for this request: every "now" in it is the same instant."""
    app: Hipcoach = request.app.state.hipcoach
    return app.at_one_instant()


HipcoachDep = Annotated[Hipcoach, Depends(hipcoach)]


def current_account(request: Request, app: HipcoachDep) -> Account | None:
    account = account_for_token(app, session_token(request))
    request.state.account = account
    return account


async def require_account(account: Annotated[Account | None, Depends(current_account)]) -> Account:
    if account is None:
        raise LoginRequired()
    return account


async def require_profile(account: Annotated[Account, Depends(require_account)]) -> Account:
    if account.profile_id is None:
        raise OnboardingRequired()
    return account


async def runner_profile_id(account: Annotated[Account, Depends(require_profile)]) -> int:
    """The signed-in runner's profile id: only ever their own, never one from the URL."""
    assert account.profile_id is not None  # require_profile sent the account to onboarding otherwise
    return account.profile_id


async def runner_time(app: HipcoachDep, account: Annotated[Account, Depends(require_profile)]) -> LocalTime:
    """This request's instant in the runner's zone: their today, their week."""
    return app.local(account.timezone)


async def job_runner(request: Request) -> JobQueue:
    """The app's queue of background imports."""
    runner: JobQueue = request.app.state.job_runner
    return runner


async def uploads_dir(request: Request) -> FilePath:
    """Where an upload is kept until its import job has read it."""
    settings: Settings = request.app.state.settings
    return settings.uploads_folder()


async def require_clinician(
    app: HipcoachDep, account: Annotated[Account, Depends(require_account)]
) -> ClinicianView:
    """The signed-in account's clinician profile; pages send an account without one to /clinic/join."""
    if account.clinician_id is None:
        raise ClinicianRequired()
    clinician = care.clinician_for_user(app, account.user_id)
    if clinician is None:  # the profile went between the two reads
        raise ClinicianRequired()
    return clinician


def _audit_what(request: Request) -> str:
    """What the runner reads in their log for this request: the route's summary, else its path."""
    route = request.scope.get("route")
    summary = getattr(route, "summary", None)
    return summary or request.url.path


def cared_runner_id(
    request: Request,
    app: HipcoachDep,
    clinician: Annotated[ClinicianView, Depends(require_clinician)],
    runner_id: Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="a runner in your caseload")],
) -> int:
    """The runner named in the URL, if they have consented to this clinician (404 otherwise, as for a runner
    who does not exist). A read is logged where the runner sees it; a change is logged by its use case."""
    if request.method in SAFE_METHODS:
        channel = "api" if request.url.path.startswith("/api/") else "web"
        care.open_runner(app, clinician, runner_id, _audit_what(request), channel)
    else:
        with app.reading() as db:
            care.require_care(db, clinician.id, runner_id)
    return runner_id


OptionalAccount = Annotated[Account | None, Depends(current_account)]
SignedIn = Annotated[Account, Depends(require_account)]
Runner = Annotated[Account, Depends(require_profile)]
ProfileId = Annotated[int, Depends(runner_profile_id)]
RunnerTime = Annotated[LocalTime, Depends(runner_time)]
ItemId = Annotated[int, Path(ge=1, le=MAX_ROW_ID, description="the id of one of your own items")]
Jobs = Annotated[JobQueue, Depends(job_runner)]
UploadsDir = Annotated[FilePath, Depends(uploads_dir)]
Clinician = Annotated[ClinicianView, Depends(require_clinician)]
CaredRunnerId = Annotated[int, Depends(cared_runner_id)]


async def csrf_protect(request: Request) -> AsyncIterator[None]:
    """Every request that changes something must carry the CSRF token from its page (form field or header):
    the one bound to this browser's session (before sign-in, to its visitor id), see web/security.py.

    Reading the token may parse a multipart upload; its temporary files are closed when the request ends,
    whether or not the route declares them.
    """
    if request.method in SAFE_METHODS:
        yield
        return
    try:
        submitted = request.headers.get(CSRF_HEADER)
        if submitted is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")
        ):
            form = await request.form()
            value = form.get(CSRF_FIELD)
            submitted = value if isinstance(value, str) else None
        expected = csrf_token(
            request.app.state.secret_key, session_token(request), read_cookie(request, CSRF_COOKIE)
        )
        if not csrf_matches(expected, submitted):
            raise CsrfFailed()
        yield
    finally:
        await request.close()
