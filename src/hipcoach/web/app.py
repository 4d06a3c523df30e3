"""The FastAPI application: pages for the browser and a JSON API, on the same services as the CLI."""

from __future__ import annotations

import math
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from hipcoach.services.accounts import account_for_token
from hipcoach.services.context import Hipcoach, open_hipcoach
from hipcoach.services.errors import NotFound, ServiceError, TryAgainLater
from hipcoach.services.job_queue import JobQueue, queue_for, restart_duty
from hipcoach.settings import Settings, secret_key
from hipcoach.web.body_limit import BodyLimitMiddleware
from hipcoach.web.csrf_cookie import CsrfCookieMiddleware
from hipcoach.web.deps import ClinicianRequired, CsrfFailed, LoginRequired, OnboardingRequired, csrf_protect
from hipcoach.web.pages.progress import PageCache
from hipcoach.web.rate_limits import AuthLimits
from hipcoach.web.routers import ROUTERS
from hipcoach.web.security import session_token
from hipcoach.web.security_headers import SecurityHeadersMiddleware
from hipcoach.web.templating import render
from hipcoach.web.text_guard import refuse_unstorable_text

STATIC_DIR = Path(__file__).parent / "static"


def create_app(settings: Settings | None = None, hipcoach: Hipcoach | None = None) -> FastAPI:
    """Build the app; it opens (and upgrades) the configured database on start unless given ``hipcoach``."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = hipcoach is None
        app.state.hipcoach = hipcoach or open_hipcoach(settings)
        len(app.state.hipcoach.library.illustrations)  # read on first use: a broken figure stops the start
        if app.state.job_runner is None:
            app.state.job_runner = queue_for(app.state.hipcoach.engine, settings.jobs)
        jobs: JobQueue = app.state.job_runner
        # One app process of the machine resumes the imports a restart left behind, after removing the
        # uploads no job reads any more; every process runs the imports it receives.
        duty = restart_duty(settings.data_dir)
        uploads = settings.uploads_folder()
        jobs.start(app.state.hipcoach, uploads_dir=uploads if duty else None, resume=duty is not None)
        try:
            yield
        finally:
            jobs.shutdown()
            if duty is not None:
                duty.close()
            if owned:
                app.state.hipcoach.close()

    app = FastAPI(
        title="hipcoach",
        description="Screening, phased programs and pain-guided progression for runners with tight hips.",
        lifespan=lifespan,
        # The CSRF check first; then text that cannot be stored is refused, whatever the route (text_guard).
        dependencies=[Depends(csrf_protect), Depends(refuse_unstorable_text)],
        # FastAPI's /docs and /redoc pages load their scripts from a CDN; the OpenAPI JSON alone is served.
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.secret_key = secret_key(settings)
    app.state.auth_limits = AuthLimits()  # sign-in, sign-up and password-change limits
    app.state.progress_pages = PageCache()
    # Background imports: chosen by the database on start (job_queue.queue_for); tests may set their own.
    app.state.job_runner = None
    if hipcoach is not None:  # tests hand in their own; also usable before the lifespan runs
        app.state.hipcoach = hipcoach
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    for router in ROUTERS:
        app.include_router(router)
    app.add_middleware(CsrfCookieMiddleware, key=app.state.secret_key, secure=settings.secure_cookies)
    app.add_middleware(BodyLimitMiddleware)  # outside the CSRF cookie: a body is bounded before anything else
    # Added last, so outermost: every answer carries the headers, another middleware's refusals too.
    app.add_middleware(SecurityHeadersMiddleware)
    _add_error_pages(app)
    return app


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _add_error_pages(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _: LoginRequired) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": "sign in first"}, status_code=401)
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)

    @app.exception_handler(OnboardingRequired)
    async def onboarding_required(request: Request, _: OnboardingRequired) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": "finish onboarding first"}, status_code=409)
        return RedirectResponse("/onboarding", status_code=303)

    @app.exception_handler(ClinicianRequired)
    async def clinician_required(request: Request, _: ClinicianRequired) -> Response:
        if _wants_json(request):
            return JSONResponse(
                {"detail": "this needs a clinician profile: set one up at /clinic/join"}, status_code=403
            )
        return RedirectResponse("/clinic/join", status_code=303)

    @app.exception_handler(CsrfFailed)
    async def csrf_failed(request: Request, _: CsrfFailed) -> Response:
        message = (
            "This form has expired or did not come from hipcoach. Go back, reload the page and try again."
        )
        if _wants_json(request):
            return JSONResponse({"detail": "missing or wrong CSRF token"}, status_code=403)
        return render(request, "error.html", status_code=403, title="Form expired", message=message)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, error: NotFound) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": str(error)}, status_code=404)
        return _error_page(request, 404, "Not found", str(error))

    @app.exception_handler(TryAgainLater)
    async def try_again_later(request: Request, error: TryAgainLater) -> Response:
        # 503 and Retry-After: nothing was saved, and the same request may be sent again as it is.
        headers = {"Retry-After": str(error.retry_after_s)}
        if _wants_json(request):
            return JSONResponse({"detail": str(error)}, status_code=503, headers=headers)
        page = render(request, "error.html", status_code=503, title="Busy, try again", message=str(error))
        page.headers.update(headers)
        return page

    @app.exception_handler(ServiceError)
    async def service_error(request: Request, error: ServiceError) -> Response:
        if _wants_json(request):
            return JSONResponse({"detail": str(error)}, status_code=400)
        return render(request, "error.html", status_code=400, title="That did not work", message=str(error))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        problems = error.errors()
        if problems and all(problem["loc"][0] == "path" for problem in problems):
            # An id in the URL that cannot exist names nothing, like one that does not exist: not found.
            if _wants_json(request):
                return JSONResponse({"detail": "not found"}, status_code=404)
            return _error_page(request, 404, "Not found", "There is no such page.")
        if _wants_json(request):
            return JSONResponse({"detail": _json_safe(jsonable_encoder(problems))}, status_code=422)
        message = "; ".join(f"{problem['loc'][-1]}: {problem['msg']}" for problem in problems)
        return render(request, "error.html", status_code=422, title="That did not work", message=message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if _wants_json(request):
            return JSONResponse(
                {"detail": error.detail}, status_code=error.status_code, headers=error.headers
            )
        title = "Not found" if error.status_code == 404 else "Something went wrong"
        message = "There is no such page." if error.status_code == 404 else str(error.detail)
        return _error_page(request, error.status_code, title, message)


def _error_page(request: Request, status_code: int, title: str, message: str) -> Response:
    """An error page with the navigation of whoever is signed in: no route ran to look them up, so a
    signed-in runner on a missing page would be offered "Sign in" otherwise."""
    if getattr(request.state, "account", None) is None and session_token(request):
        request.state.account = account_for_token(request.app.state.hipcoach, session_token(request))
    return render(request, "error.html", status_code=status_code, title=title, message=message)


def _json_safe(value: Any) -> Any:
    """The validation errors as JSON can carry them: an infinite or NaN input is echoed as text."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, list):
        return [_json_safe(item) for item in value]
    if isinstance(value, dict):
        return {key: _json_safe(item) for key, item in value.items()}
    return value
