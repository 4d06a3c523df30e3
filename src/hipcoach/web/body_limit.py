"""Every request body is bounded before it is read (issue 14).

Without a bound, the whole body was read (a form spooled to disk, JSON held in memory three times over) before
the CSRF and sign-in checks could refuse it. Now:

- a body that declares a ``Content-Length`` over its limit is answered 413 at once, unread;
- a body sent in chunks is counted as it arrives, and reading stops with a 413 as soon as it passes the limit;
- the upload routes take up to the upload cap, and only from a signed-in browser: without a valid session
  cookie an upload is answered 401 (a page: sent to sign in) before a byte of it is read.

The limits are here, once; the README's "Limits" section states them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from anyio import to_thread
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import HTTPConnection
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hipcoach.services.accounts import account_for_token
from hipcoach.services.import_jobs import MAX_UPLOAD_BYTES
from hipcoach.services.transfer import MAX_IMPORT_BYTES
from hipcoach.services.video_jobs import MAX_VIDEO_BYTES
from hipcoach.web.security import session_token

# A page's largest form (an assessment, or a note of 2,000 characters written in any script and URL-encoded)
# is a few tens of KB.
MAX_FORM_BYTES = 64 * 1024
# The largest JSON the API takes is a session draft (at most 256 KB, checked by its route).
MAX_JSON_BYTES = 1024 * 1024
# The upload's boundaries, part headers and CSRF field around the files, which the upload cap counts alone.
MULTIPART_ALLOWANCE = 1024 * 1024
MAX_UPLOAD_BODY_BYTES = MAX_UPLOAD_BYTES + MULTIPART_ALLOWANCE
UPLOAD_ROUTES = frozenset({("POST", "/running/import"), ("POST", "/api/imports")})
VIDEO_ROUTES = frozenset({("POST", "/videos"), ("POST", "/api/videos")})
MAX_VIDEO_BODY_BYTES = MAX_VIDEO_BYTES + MULTIPART_ALLOWANCE
# A runner's own export file, imported from the account page.
DATA_IMPORT_ROUTE = ("POST", "/account/import")
MAX_DATA_IMPORT_BODY_BYTES = MAX_IMPORT_BYTES + MULTIPART_ALLOWANCE

SignedIn = Callable[[Scope], Awaitable[bool]]


class BodyTooLarge(HTTPException):
    """Raised while reading a body that has passed its limit; the app's error pages answer it."""

    def __init__(self, message: str) -> None:
        super().__init__(status_code=413, detail=message)


def size_text(n: int) -> str:
    """A byte count as people write it: 64 KB, 1 MB, 1 GB."""
    for unit, size in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= size:
            return f"{n / size:g} {unit}"
    return f"{n} bytes"


def _limit(scope: Scope, headers: Headers) -> tuple[int, str]:
    """The most this request's body may be, and the refusal that names it."""
    if (scope["method"], scope["path"]) in UPLOAD_ROUTES:
        return MAX_UPLOAD_BODY_BYTES, (
            f"the upload is larger than {size_text(MAX_UPLOAD_BYTES)}, the limit; upload the export in parts "
            "or only the newest files"
        )
    if (scope["method"], scope["path"]) in VIDEO_ROUTES:
        return MAX_VIDEO_BODY_BYTES, (
            f"the video is larger than {size_text(MAX_VIDEO_BYTES)}, the limit; film a shorter clip"
        )
    if (scope["method"], scope["path"]) == DATA_IMPORT_ROUTE:
        return MAX_DATA_IMPORT_BODY_BYTES, (
            f"the file is larger than {size_text(MAX_IMPORT_BYTES)}, the most an export may be"
        )
    if headers.get("content-type", "").split(";")[0].strip().lower() == "application/json":
        return (
            MAX_JSON_BYTES,
            f"the request body is larger than {size_text(MAX_JSON_BYTES)}, the most it may be",
        )
    return MAX_FORM_BYTES, f"the form sent is larger than {size_text(MAX_FORM_BYTES)}, the most a form may be"


def _declared_length(headers: Headers) -> int | None:
    try:
        return int(headers["content-length"])
    except (KeyError, ValueError):
        return None  # chunked, or a header the server itself refuses


def _wants_json(scope: Scope) -> bool:
    return str(scope["path"]).startswith("/api/")


async def signed_in(scope: Scope) -> bool:
    """Whether the request carries the cookie of a session that is still valid (one database read)."""
    token = session_token(HTTPConnection(scope))
    if not token:
        return False
    hipcoach = scope["app"].state.hipcoach
    return await to_thread.run_sync(account_for_token, hipcoach, token) is not None


class BodyLimitMiddleware:
    """A plain ASGI middleware: it sees the headers before anyone reads the body, and wraps ``receive``."""

    def __init__(self, app: ASGIApp, is_signed_in: SignedIn = signed_in) -> None:
        self.app = app
        self.is_signed_in = is_signed_in

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        route = (scope["method"], scope["path"])
        if (
            route in UPLOAD_ROUTES or route in VIDEO_ROUTES or route == DATA_IMPORT_ROUTE
        ) and not await self.is_signed_in(scope):
            await _sign_in_first(scope)(scope, receive, send)
            return
        limit, message = _limit(scope, headers)
        declared = _declared_length(headers)
        if declared is not None and declared > limit:
            await _too_large(scope, message)(scope, receive, send)
            return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            event = await receive()
            if event["type"] == "http.request":
                received += len(event.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(message)
            return event

        async def tracked(event: Message) -> None:
            nonlocal started
            started = started or event["type"] == "http.response.start"
            await send(event)

        try:
            await self.app(scope, counted, tracked)
        except BodyTooLarge:
            # Read outside the routes' error handling (by a middleware further in, say): answered here.
            if started:
                raise
            await _too_large(scope, message)(scope, receive, send)


def _too_large(scope: Scope, message: str) -> Response:
    headers = {"Connection": "close"}  # the rest of the body is never read
    if _wants_json(scope):
        return JSONResponse({"detail": message}, status_code=413, headers=headers)
    return PlainTextResponse(message[0].upper() + message[1:] + ".", status_code=413, headers=headers)


def _sign_in_first(scope: Scope) -> Response:
    headers = {"Connection": "close"}
    if _wants_json(scope):
        return JSONResponse({"detail": "sign in first"}, status_code=401, headers=headers)
    return RedirectResponse(f"/login?next={scope['path']}", status_code=303, headers=headers)
