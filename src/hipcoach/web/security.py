"""The browser's cookies and what they prove: the session, the CSRF token bound to it, the device cookie.

Over HTTPS every cookie is named with the ``__Host-`` prefix and marked ``Secure``: a browser then accepts it
only from this very host over HTTPS, so a sibling site or a plain-HTTP page cannot plant one. Over plain
HTTP (hipcoach on a laptop) the prefix would make browsers drop the cookie, so the plain names are used.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from starlette.requests import HTTPConnection
from starlette.responses import Response

CSRF_COOKIE = "hc_csrf"  # a random visitor id: the token of a browser not signed in is bound to it
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SESSION_COOKIE = "hc_session"
DEVICE_COOKIE = "hc_device"  # proof that this browser once signed in to an account (see rate_limits)
SECURE_PREFIX = "__Host-"
DEVICE_LIFETIME_S = 365 * 24 * 3600
# What the server issues is 22 to 43 URL-safe characters; anything else is ignored rather than signed.
_WELL_FORMED = re.compile(r"[A-Za-z0-9_-]{16,64}")
_DEVICE = re.compile(r"([A-Za-z0-9_-]{16,64})\.([0-9a-f]{64})")


def served_securely(scheme: str, always: bool) -> bool:
    """HTTPS as this app sees it: uvicorn sets the scheme from X-Forwarded-Proto only for a trusted proxy
    (FORWARDED_ALLOW_IPS); ``always`` is the secure_cookies setting, for HTTPS ended in front of the app."""
    return always or scheme in ("https", "wss")


def request_is_secure(connection: HTTPConnection) -> bool:
    return served_securely(connection.url.scheme, connection.app.state.settings.secure_cookies)


def cookie_name(name: str, secure: bool) -> str:
    return SECURE_PREFIX + name if secure else name


def read_cookie(connection: HTTPConnection, name: str) -> str | None:
    """The cookie under the name this scheme uses, if it has the form the server gives such values."""
    value = connection.cookies.get(cookie_name(name, request_is_secure(connection)))
    return value if well_formed(value) else None


def session_token(connection: HTTPConnection) -> str | None:
    return read_cookie(connection, SESSION_COOKIE)


def well_formed(value: str | None) -> bool:
    return value is not None and _WELL_FORMED.fullmatch(value) is not None


def new_visitor_id() -> str:
    return secrets.token_urlsafe(24)


def csrf_token(key: str, session: str | None, visitor: str | None) -> str | None:
    """The token a page of this browser carries: bound to its session, or before sign-in to its visitor id.

    A token issued to anyone else, planted in this browser, matches neither: it was made from another session
    or visitor id, and this browser's session cookie cannot be read or set by another site.
    """
    if well_formed(session):
        return _sign(key, f"csrf|session|{session}")
    if well_formed(visitor):
        return _sign(key, f"csrf|visitor|{visitor}")
    return None


def csrf_matches(expected: str | None, submitted: str | None) -> bool:
    return expected is not None and submitted is not None and hmac.compare_digest(expected, submitted)


def device_token(key: str, email: str) -> str:
    nonce = secrets.token_urlsafe(16)
    return f"{nonce}.{_sign(key, f'device|{email}|{nonce}')}"


def device_known(key: str, token: str | None, email: str) -> bool:
    """Whether this browser signed in to the account of ``email`` before (its device cookie says so)."""
    found = _DEVICE.fullmatch(token or "")
    return found is not None and hmac.compare_digest(
        found.group(2), _sign(key, f"device|{email}|{found.group(1)}")
    )


def account_tag(key: str, user_id: int) -> str:
    """What marks a record kept offline as this account's (static/outbox.js), without naming the account: a
    phone shared by two runners sends each one's records only from their own pages."""
    return _sign(key, f"outbox|{user_id}")[:16]


def _sign(key: str, message: str) -> str:
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()


def set_cookie(response: Response, name: str, value: str, secure: bool, max_age: int | None = None) -> None:
    response.set_cookie(
        cookie_name(name, secure),
        value,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=secure,
        path="/",
    )


def delete_cookie(response: Response, name: str, secure: bool) -> None:
    response.delete_cookie(cookie_name(name, secure), path="/", secure=secure, httponly=True, samesite="lax")


def renew_visitor(response: Response, secure: bool) -> None:
    """A new visitor id at each sign-in and sign-out: a token from before is worth nothing after."""
    set_cookie(response, CSRF_COOKIE, new_visitor_id(), secure)
