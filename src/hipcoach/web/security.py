"""CSRF tokens (signed double-submit cookie) and the login rate limit."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections import deque
from collections.abc import Callable

CSRF_COOKIE = "hc_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SESSION_COOKIE = "hc_session"


def new_csrf_token(key: str) -> str:
    nonce = secrets.token_urlsafe(24)
    return f"{nonce}.{_sign(key, nonce)}"


def csrf_token_valid(key: str, token: str | None) -> bool:
    """A token this server made (the signature stops a cookie planted by a sibling site)."""
    if not token or "." not in token:
        return False
    nonce, signature = token.rsplit(".", 1)
    return hmac.compare_digest(signature, _sign(key, nonce))


def csrf_matches(key: str, cookie: str | None, submitted: str | None) -> bool:
    return (
        csrf_token_valid(key, cookie)
        and submitted is not None
        and hmac.compare_digest(cookie or "", submitted)
    )


def _sign(key: str, nonce: str) -> str:
    return hmac.new(key.encode(), nonce.encode(), hashlib.sha256).hexdigest()[:32]


class LoginLimiter:
    """At most ``max_failures`` failed sign-ins per address and per account in ``window_s`` seconds.

    Kept in memory: one process serves hipcoach, and a restart forgiving old failures is acceptable.
    """

    def __init__(
        self, max_failures: int = 5, window_s: float = 900.0, clock: Callable[[], float] = time.monotonic
    ):
        self.max_failures = max_failures
        self.window_s = window_s
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}

    def retry_after(self, *keys: str) -> int:
        """Seconds until another try is allowed (0: allowed now)."""
        now = self.clock()
        wait = 0.0
        for key in keys:
            failures = self._recent(key, now)
            if len(failures) >= self.max_failures:
                wait = max(wait, failures[0] + self.window_s - now)
        return int(wait) + (1 if wait else 0)

    def failed(self, *keys: str) -> None:
        now = self.clock()
        for key in keys:
            self._recent(key, now).append(now)

    def succeeded(self, *keys: str) -> None:
        for key in keys:
            self._failures.pop(key, None)

    def _recent(self, key: str, now: float) -> deque[float]:
        failures = self._failures.setdefault(key, deque())
        while failures and failures[0] <= now - self.window_s:
            failures.popleft()
        return failures
