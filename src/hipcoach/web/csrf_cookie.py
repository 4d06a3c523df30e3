"""Gives every browser a signed CSRF token cookie and puts the token where pages can render it.

A plain ASGI middleware rather than ``@app.middleware("http")``: that wrapper re-streams every response
through extra tasks, a cost paid on each request for what is only a header.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hipcoach.web.security import CSRF_COOKIE, csrf_token_valid, new_csrf_token


class CsrfCookieMiddleware:
    def __init__(self, app: ASGIApp, key: str, secure: bool) -> None:
        self.app = app
        self.key = key
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = HTTPConnection(scope).cookies.get(CSRF_COOKIE)
        fresh = not csrf_token_valid(self.key, token)
        if fresh:
            token = new_csrf_token(self.key)
        state = scope.setdefault("state", {})
        state["csrf_token"] = token
        state["account"] = None
        if not fresh:
            await self.app(scope, receive, send)
            return
        cookie = self._cookie_header(token or "")

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).append("set-cookie", cookie)
            await send(message)

        await self.app(scope, receive, send_with_cookie)

    def _cookie_header(self, token: str) -> str:
        response = Response()
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="lax", secure=self.secure)
        return response.headers["set-cookie"]
