"""Sign up, sign in, sign out and change the password."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlparse

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse

from hipcoach.services import accounts
from hipcoach.services.errors import InvalidInput, ServiceError
from hipcoach.web.deps import HipcoachDep, SignedIn
from hipcoach.web.security import SESSION_COOKIE
from hipcoach.web.templating import render

router = APIRouter()


def _safe_next(target: str | None, default: str = "/") -> str:
    """Only paths on this site: a crafted ?next= must never send a runner elsewhere."""
    if not target:
        return default
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def _signed_in(request: Request, token: str, to: str) -> Response:
    response = RedirectResponse(to, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(accounts.SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=request.app.state.settings.secure_cookies,
    )
    return response


@router.get("/signup")
def signup_page(request: Request) -> Response:
    return render(request, "auth/signup.html", email="", error=None)


@router.post("/signup")
def signup(
    request: Request,
    app: HipcoachDep,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    password_again: Annotated[str, Form()] = "",
) -> Response:
    try:
        if password != password_again:
            raise InvalidInput("the two passwords are not the same")
        account = accounts.sign_up(app, email, password)
    except ServiceError as error:
        return render(request, "auth/signup.html", status_code=400, email=email, error=str(error))
    return _signed_in(request, accounts.start_session(app, account.user_id), "/onboarding")


@router.get("/login")
def login_page(request: Request, next: str | None = None) -> Response:
    return render(request, "auth/login.html", email="", error=None, next=_safe_next(next, ""))


@router.post("/login")
def login(
    request: Request,
    app: HipcoachDep,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    limiter = request.app.state.login_limiter
    keys = (f"ip:{request.client.host if request.client else '?'}", f"email:{email.strip().lower()}")
    wait = limiter.retry_after(*keys)
    if wait:
        minutes = max(1, round(wait / 60))
        plural = "s" if minutes > 1 else ""
        error = f"Too many attempts. Please wait about {minutes} minute{plural} and try again."
        response = render(request, "auth/login.html", status_code=429, email=email, error=error, next=next)
        response.headers["Retry-After"] = str(wait)
        return response
    account = accounts.authenticate(app, email, password)
    if account is None:
        limiter.failed(*keys)
        error = "That email and password do not match an account."
        return render(request, "auth/login.html", status_code=400, email=email, error=error, next=next)
    limiter.succeeded(*keys)
    default = "/program" if account.profile_id else "/onboarding"
    return _signed_in(request, accounts.start_session(app, account.user_id), _safe_next(next, default))


@router.post("/logout")
def logout(request: Request, app: HipcoachDep) -> Response:
    accounts.end_session(app, request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/account/password")
def password_page(request: Request, account: SignedIn) -> Response:
    return render(request, "auth/password.html", error=None, done=False)


@router.post("/account/password")
def change_password(
    request: Request,
    app: HipcoachDep,
    account: SignedIn,
    current_password: Annotated[str, Form()] = "",
    new_password: Annotated[str, Form()] = "",
    new_password_again: Annotated[str, Form()] = "",
) -> Response:
    try:
        if new_password != new_password_again:
            raise InvalidInput("the two new passwords are not the same")
        accounts.change_password(
            app, account.user_id, current_password, new_password, request.cookies.get(SESSION_COOKIE, "")
        )
    except ServiceError as error:
        return render(request, "auth/password.html", status_code=400, error=str(error), done=False)
    return render(request, "auth/password.html", error=None, done=True)
