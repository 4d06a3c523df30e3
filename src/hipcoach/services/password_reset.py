"""Password reset by email: a signed link, valid for an hour and only until the password changes.

Nothing is stored: the token carries the account and its expiry, and its signature also covers a fingerprint
of the current password hash, so setting a new password (by this link or any other way) ends every link sent
before. No table, and no migration, is needed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select

from hipcoach.services import accounts
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import InvalidInput
from hipcoach.storage import models as m

RESET_LIFETIME = timedelta(hours=1)
MAX_TOKEN_LENGTH = 200
INVALID_LINK = (
    "this reset link cannot be used: it has expired, was already used, or was copied incompletely. "
    "Please ask for a new one"
)
# Signed when no account has the address, so an unknown address costs the same work as a known one.
_NO_ACCOUNT_HASH = "no account has this address"


class InvalidResetLink(InvalidInput):
    """The token is expired, used, tampered with or names no account."""


@dataclass(frozen=True)
class ResetMail:
    email: str
    token: str


def _signature(secret: str, user_id: int, expires: int, password_hash: str) -> str:
    fingerprint = hashlib.sha256(password_hash.encode()).hexdigest()
    signed = f"password-reset\n{user_id}\n{expires}\n{fingerprint}".encode()
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def make_token(secret: str, user_id: int, password_hash: str, now: datetime) -> str:
    expires = int((now + RESET_LIFETIME).timestamp())
    return f"{user_id}.{expires}.{_signature(secret, user_id, expires, password_hash)}"


def request_reset(app: Hipcoach, secret: str, email: str) -> ResetMail | None:
    """The mail to send for ``email``, or None when no account has it (the caller answers both alike)."""
    try:
        wanted = accounts.normalise_email(email)
    except InvalidInput:
        wanted = None
    with app.reading() as db:
        user = db.scalar(select(m.User).where(m.User.email == wanted)) if wanted else None
        found = (user.id, user.email, user.password_hash) if user is not None else None
    if found is None:
        make_token(secret, 0, _NO_ACCOUNT_HASH, app.now())
        return None
    user_id, address, password_hash = found
    return ResetMail(address, make_token(secret, user_id, password_hash, app.now()))


def _parsed(token: str) -> tuple[int, int, str]:
    parts = token.strip().split(".")
    if len(token) > MAX_TOKEN_LENGTH or len(parts) != 3 or not (parts[0].isdigit() and parts[1].isdigit()):
        raise InvalidResetLink(INVALID_LINK)
    return int(parts[0]), int(parts[1]), parts[2]


def check_token(app: Hipcoach, secret: str, token: str) -> tuple[int, str, str]:
    """(user id, email, password hash) the token may reset; InvalidResetLink otherwise."""
    user_id, expires, signature = _parsed(token)
    with app.reading() as db:
        user = db.get(m.User, user_id)
        found = (user.id, user.email, user.password_hash) if user is not None else None
    if found is None:
        raise InvalidResetLink(INVALID_LINK)
    expected = _signature(secret, user_id, expires, found[2])
    if not hmac.compare_digest(expected, signature):
        raise InvalidResetLink(INVALID_LINK)
    if datetime.fromtimestamp(expires, UTC) <= app.now():
        raise InvalidResetLink(INVALID_LINK)
    return found


def reset_password(app: Hipcoach, secret: str, token: str, new_password: str) -> int:
    """Set the new password, end every signed-in session of the account; returns the account's id."""
    user_id, email, old_hash = check_token(app, secret, token)
    new_hash = accounts.new_password_hash(new_password, email)
    with app.transaction() as db:
        user = db.get_one(m.User, user_id)
        if user.password_hash != old_hash:  # used at the same moment in another tab
            raise InvalidResetLink(INVALID_LINK)
        user.password_hash = new_hash
        user.password_changed_at = app.now()
        db.execute(delete(m.WebSession).where(m.WebSession.user_id == user_id))
    return user_id
