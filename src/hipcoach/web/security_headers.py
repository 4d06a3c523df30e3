"""The security headers every answer carries: what the browser may load and run, framing, the referrer and
sniffing; and nothing kept in a cache but the static files and the pictures that say otherwise.

A plain ASGI middleware, like ``csrf_cookie``: it only adds headers, so it never re-streams a body.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Everything from hipcoach's own origin and nothing else: no CDN, no inline or injected script. Styles may be
# inline because the stick figure carries a <style> of its own (its reduced-motion rule), in the exercise page
# and in the player, which fetches the SVG and puts it in the page; a style can change what a page looks
# like, never run anything. The player's plan is a <script type="application/json">, which is never run.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",  # the service worker, served from the root (web/pages/app_shell.py)
        "manifest-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    )
)
HEADERS: dict[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    "Referrer-Policy": "same-origin",  # a link to a paper's DOI does not tell the journal where it was
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# A runner's pages and data must not stay in a shared computer's cache, nor in a proxy's.
NO_STORE = "no-store"
# The stylesheets and scripts are the same for everyone: the browser may keep them (and revalidates them).
CACHEABLE_PREFIXES = ("/static/",)


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cacheable = str(scope["path"]).startswith(CACHEABLE_PREFIXES)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                # A route that sets its own caching (a public figure) knows its content; the rest is private.
                if not cacheable and "cache-control" not in headers:
                    headers["Cache-Control"] = NO_STORE
            await send(message)

        await self.app(scope, receive, send_with_headers)
