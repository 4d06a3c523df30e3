"""Sign up, sign in, sign out, change the password and reset a forgotten one by email, each within its rate
limit (web/rate_limits.py)."""

from __future__ import annotations

import logging
import math
from typing import Annotated, Any
from urllib.parse import quote, urlencode, urlparse

from fastapi import APIRouter, BackgroundTasks, Form, Request, Response
from fastapi.responses import RedirectResponse
from pydantic import SecretStr

from hipcoach.services import accounts, mail, password_reset
from hipcoach.services.errors import Conflict, InvalidInput, ServiceError, TryAgainLater
from hipcoach.web import rate_limits
from hipcoach.web.deps import HipcoachDep, SignedIn
from hipcoach.web.documents import base_url
from hipcoach.web.form_errors import FormErrors, one_problem
from hipcoach.web.pages.common import sentence
from hipcoach.web.rate_limits import AuthLimits, Refused
from hipcoach.web.security import (
    DEVICE_COOKIE,
    DEVICE_LIFETIME_S,
    SESSION_COOKIE,
    cookie_name,
    delete_cookie,
    device_known,
    device_token,
    renew_visitor,
    request_is_secure,
    session_token,
    set_cookie,
)
from hipcoach.web.templating import render

router = APIRouter()
logger = logging.getLogger(__name__)
SIGNED_UP = "/login?signed_up=1"


def _safe_next(target: str | None, default: str = "/") -> str:
    """Only paths on this site: a crafted ?next= must never send a runner elsewhere."""
    if not target:
        return default
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def _limits(request: Request) -> AuthLimits:
    return rate_limits.for_request(request)


def _address(request: Request) -> str:
    """The browser's address: behind one of the trusted proxies (HIPCOACH_TRUSTED_PROXIES), the address it
    forwarded, which uvicorn sets; from any other sender, the sender's own."""
    return request.client.host if request.client else "?"


def _shown(email: str) -> str:
    """The email as typed, to fill the form again; never more than any address can be."""
    return email[: accounts.MAX_EMAIL_LENGTH]


def _password_form() -> dict[str, Any]:
    return {"min_length": accounts.MIN_PASSWORD_LENGTH, "rules": accounts.password_rules()}


def wait_in_words(seconds: int) -> str:
    if seconds < 60:
        return f"about {seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"about {minutes} minute{'s' if minutes != 1 else ''}"


def _new_password_errors(
    email_field: str, email: str, password_field: str, password: str, password_again: str
) -> FormErrors:
    """Everything wrong with a new password (and the email it goes with) at once, by field."""
    errors = FormErrors()
    wanted = errors.check(email_field, lambda: accounts.normalise_email(email))
    errors.check(password_field, lambda: accounts.check_password(password, wanted or email.strip().lower()))
    if password != password_again:
        errors.add(f"{password_field}_again", "the two passwords are not the same")
    return errors


def _check_new_password(errors: FormErrors, email: str, password: str, password_again: str) -> None:
    """The new-password fields of the change and the reset forms: the password rules, typed twice alike."""
    errors.check("new_password", lambda: accounts.check_password(password, email))
    if password != password_again:
        errors.add("new_password_again", "the two new passwords are not the same")


def _too_many(request: Request, template: str, refused: Refused, message: str, **context: Any) -> Response:
    response = render(request, template, status_code=429, error=message, **context)
    response.headers["Retry-After"] = str(refused.retry_after_s)
    return response


def _signed_in(request: Request, token: str, to: str) -> Response:
    """Signed in: the session cookie, and a new visitor id (no CSRF token from before sign-in works after)."""
    response = RedirectResponse(to, status_code=303)
    secure = request_is_secure(request)
    max_age = int(accounts.SESSION_LIFETIME.total_seconds())
    set_cookie(response, SESSION_COOKIE, token, secure, max_age=max_age)
    renew_visitor(response, secure)
    return response


@router.get("/signup")
def signup_page(request: Request, next: str | None = None) -> Response:
    """``next``: where sign-in leads afterwards (an invitation's page, the clinician's sign-up)."""
    return render(
        request, "auth/signup.html", email="", error=None, next=_safe_next(next, ""), **_password_form()
    )


@router.post("/signup")
def signup(
    request: Request,
    app: HipcoachDep,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    password_again: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    """Answers alike whether or not the email has an account: both go to sign in, with the same words.

    Nothing else would be honest without mail to the address: signing in at once, or saying the email is
    taken, would tell anyone which emails have an account here.
    """
    next = _safe_next(next, "")
    form = {"email": _shown(email), "next": next, **_password_form()}
    errors = _new_password_errors("email", email, "password", password, password_again)
    if errors:
        return render(request, "auth/signup.html", status_code=400, errors=errors, **form)
    attempt = _limits(request).signup.begin(_address(request))
    if isinstance(attempt, Refused):
        message = (
            f"At most {rate_limits.SIGNUPS_PER_ADDRESS} new accounts an hour can be made from one address. "
            f"Please try again in {wait_in_words(attempt.retry_after_s)}."
        )
        return _too_many(request, "auth/signup.html", attempt, message, **form)
    try:
        accounts.sign_up(app, email, password)
    except Conflict:
        pass  # the same answer as for a new account
    except TryAgainLater:
        _limits(request).signup.give_back(attempt)  # nothing was done: it does not count
        raise
    return RedirectResponse(SIGNED_UP + (f"&next={quote(next)}" if next else ""), status_code=303)


@router.get("/login")
def login_page(request: Request, next: str | None = None, signed_up: bool = False) -> Response:
    return render(
        request, "auth/login.html", email="", error=None, next=_safe_next(next, ""), signed_up=signed_up
    )


@router.post("/login")
def login(
    request: Request,
    app: HipcoachDep,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    form = {"email": _shown(email), "next": next, "signed_up": False}
    try:
        wanted: str | None = accounts.normalise_email(email)
    except InvalidInput:
        wanted = None  # no account can have it: counted on the address alone, and never kept
    secret = request.app.state.secret_key
    secure = request_is_secure(request)
    device = request.cookies.get(cookie_name(DEVICE_COOKIE, secure))
    trusted = wanted is not None and device_known(secret, device, wanted)
    limiter = _limits(request).login
    attempt = limiter.begin(wanted, _address(request), trusted)
    if isinstance(attempt, Refused):
        message = f"Too many attempts. Please wait {wait_in_words(attempt.retry_after_s)} and try again."
        return _too_many(request, "auth/login.html", attempt, message, **form)
    try:
        account = accounts.authenticate(app, email, password) if wanted is not None else None
    except TryAgainLater:
        limiter.not_checked(attempt)
        raise
    if account is None:
        error = "That email and password do not match an account."
        return render(request, "auth/login.html", status_code=400, error=error, **form)
    limiter.succeeded(attempt)
    default = "/program" if account.profile_id else "/clinic" if account.clinician_id else "/onboarding"
    response = _signed_in(request, accounts.start_session(app, account.user_id), _safe_next(next, default))
    set_cookie(
        response, DEVICE_COOKIE, device_token(secret, account.email), secure, max_age=DEVICE_LIFETIME_S
    )
    return response


@router.post("/logout")
def logout(request: Request, app: HipcoachDep) -> Response:
    accounts.end_session(app, session_token(request))
    response = RedirectResponse("/", status_code=303)
    secure = request_is_secure(request)
    delete_cookie(response, SESSION_COOKIE, secure)
    renew_visitor(response, secure)
    return response


@router.get("/account/password")
def password_page(request: Request, account: SignedIn) -> Response:
    return render(request, "auth/password.html", error=None, done=False, **_password_form())


@router.post("/account/password")
def change_password(
    request: Request,
    app: HipcoachDep,
    account: SignedIn,
    current_password: Annotated[str, Form()] = "",
    new_password: Annotated[str, Form()] = "",
    new_password_again: Annotated[str, Form()] = "",
) -> Response:
    """Limited per account like a sign-in: a borrowed session must not become a way to guess the password."""
    form = {"done": False, **_password_form()}
    errors = FormErrors()
    if not current_password:
        errors.add("current_password", "please give your current password")
    _check_new_password(errors, account.email, new_password, new_password_again)
    if errors:
        return render(request, "auth/password.html", status_code=400, errors=errors, **form)
    limit = _limits(request).password_change
    attempt = limit.begin(f"user:{account.user_id}")
    if isinstance(attempt, Refused):
        message = f"Too many attempts. Please wait {wait_in_words(attempt.retry_after_s)} and try again."
        return _too_many(request, "auth/password.html", attempt, message, **form)
    try:
        accounts.change_password(
            app, account.user_id, current_password, new_password, session_token(request) or ""
        )
    except accounts.WrongPassword as error:
        wrong = one_problem("current_password", error)
        return render(request, "auth/password.html", status_code=400, errors=wrong, **form)
    except ServiceError as error:
        limit.give_back(attempt)  # not a guess of the password: it does not count
        if isinstance(error, TryAgainLater):
            raise
        return render(request, "auth/password.html", status_code=400, error=sentence(error), **form)
    limit.clear(attempt)
    return render(request, "auth/password.html", error=None, **(form | {"done": True}))


def _mail_server(request: Request) -> str | None:
    configured: SecretStr | None = request.app.state.settings.smtp_url
    return configured.get_secret_value() if configured is not None else None


def _reset_mail_body(link: str) -> str:
    minutes = int(password_reset.RESET_LIFETIME.total_seconds() // 60)
    return (
        "Hello,\n\n"
        "Someone, probably you, asked to set a new password for your hipcoach account.\n"
        f"Open this link within {minutes} minutes to choose one:\n\n{link}\n\n"
        "The link works once. If you did not ask for it, ignore this email: your password stays as it is.\n"
    )


def send_reset_mail(server: str, sender: str, to: str, link: str) -> None:
    """Sent after the answer has gone out, so how long the mail server takes tells nothing either."""
    try:
        mail.send(server, mail.message(sender, to, "Set a new hipcoach password", _reset_mail_body(link)))
    except mail.MailError:
        logger.exception("the password-reset email could not be sent")


@router.get("/password/forgot")
def forgot_page(request: Request) -> Response:
    return render(
        request, "auth/forgot.html", email="", error=None, sent=False, mail=bool(_mail_server(request))
    )


@router.post("/password/forgot")
def forgot(
    request: Request, app: HipcoachDep, tasks: BackgroundTasks, email: Annotated[str, Form()] = ""
) -> Response:
    """The same answer whether or not an account uses the address; only its owner learns, by the mail."""
    server = _mail_server(request)
    form: dict[str, Any] = {"email": _shown(email), "sent": False, "mail": server is not None}
    if server is None:
        return render(request, "auth/forgot.html", error=None, **form)
    attempt = _limits(request).password_reset.begin(_address(request))
    if isinstance(attempt, Refused):
        message = (
            f"At most {rate_limits.RESET_REQUESTS_PER_ADDRESS} reset emails an hour can be asked for from "
            f"one address. Please try again in {wait_in_words(attempt.retry_after_s)}."
        )
        return _too_many(request, "auth/forgot.html", attempt, message, **form)
    found = password_reset.request_reset(app, request.app.state.secret_key, email)
    if found is not None:
        link = f"{base_url(request).rstrip('/')}/password/reset?{urlencode({'token': found.token})}"
        sender: str = request.app.state.settings.mail_from
        tasks.add_task(send_reset_mail, server, sender, found.email, link)
    return render(request, "auth/forgot.html", error=None, **(form | {"sent": True}))


@router.get("/password/reset")
def reset_page(request: Request, app: HipcoachDep, token: str = "") -> Response:
    try:
        password_reset.check_token(app, request.app.state.secret_key, token)
    except ServiceError as error:
        return render(
            request, "auth/reset.html", status_code=400, token="", error=sentence(error), **_password_form()
        )
    return render(request, "auth/reset.html", token=token, error=None, **_password_form())


@router.post("/password/reset")
def reset(
    request: Request,
    app: HipcoachDep,
    token: Annotated[str, Form()] = "",
    new_password: Annotated[str, Form()] = "",
    new_password_again: Annotated[str, Form()] = "",
) -> Response:
    """Every browser signed in to the account is signed out; this one is signed in with the new password."""
    form = {"token": token, **_password_form()}
    secret = request.app.state.secret_key
    try:
        _, email, _ = password_reset.check_token(app, secret, token)
        errors = FormErrors()
        _check_new_password(errors, email, new_password, new_password_again)
        if errors:
            return render(request, "auth/reset.html", status_code=400, errors=errors, **form)
        user_id = password_reset.reset_password(app, secret, token, new_password)
    except password_reset.InvalidResetLink as error:
        return render(
            request, "auth/reset.html", status_code=400, error=sentence(error), **(form | {"token": ""})
        )
    except InvalidInput as error:
        return render(request, "auth/reset.html", status_code=400, error=sentence(error), **form)
    return _signed_in(request, accounts.start_session(app, user_id), "/")
