"""Gives every browser a visitor id cookie and puts its CSRF token where pages can render it.

The token is bound to the browser's session (before sign-in, to the visitor id): see web/security.py.
A plain ASGI middleware rather than ``@app.middleware("http")``: that wrapper re-streams every response
through extra tasks, a cost paid on each request for what is only a header.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hipcoach.web.security import (
    CSRF_COOKIE,
    SESSION_COOKIE,
    cookie_name,
    csrf_token,
    new_visitor_id,
    served_securely,
    set_cookie,
    well_formed,
)


class CsrfCookieMiddleware:
    def __init__(self, app: ASGIApp, key: str, secure: bool) -> None:
        self.app = app
        self.key = key
        self.always_secure = secure  # the secure_cookies setting: HTTPS ends in front of the app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        secure = served_securely(scope.get("scheme", "http"), self.always_secure)
        cookies = HTTPConnection(scope).cookies
        visitor_name = cookie_name(CSRF_COOKIE, secure)
        visitor = cookies.get(visitor_name)
        fresh = not well_formed(visitor)  # none yet, or not one the server could have given
        if fresh:
            visitor = new_visitor_id()
        token = csrf_token(self.key, cookies.get(cookie_name(SESSION_COOKIE, secure)), visitor)
        state = scope.setdefault("state", {})
        state["csrf_token"] = token or ""
        state["account"] = None
        if not fresh:
            await self.app(scope, receive, send)
            return
        cookie = _set_cookie_header(visitor or "", secure)

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                # A sign-in or sign-out sets a new visitor id of its own; that one stands.
                if not any(value.startswith(f"{visitor_name}=") for value in headers.getlist("set-cookie")):
                    headers.append("set-cookie", cookie)
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def _set_cookie_header(visitor: str, secure: bool) -> str:
    response = Response()
    set_cookie(response, CSRF_COOKIE, visitor, secure)
    return response.headers["set-cookie"]
