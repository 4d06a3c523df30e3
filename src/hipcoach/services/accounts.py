"""Web accounts: sign up, sign in and out, change the password. Each account owns one runner profile."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import Conflict, InvalidInput
from hipcoach.storage import models as m

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256
SESSION_LIFETIME = timedelta(days=30)
# Deliberately loose: the one real test of an address is mail reaching it, and hipcoach sends none.
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

_hasher = PasswordHasher()
# Verifying against this when no account matches keeps a wrong email as slow as a wrong password.
_DUMMY_HASH = _hasher.hash("not a real password, only for timing")


@dataclass(frozen=True)
class Account:
    user_id: int
    email: str
    profile_id: int | None
    timezone: str | None = None  # the runner's zone, once onboarding made their profile and it was set


def normalise_email(email: str) -> str:
    email = email.strip().lower()
    if len(email) > 254 or not EMAIL_PATTERN.match(email):
        raise InvalidInput("please give a valid email address")
    return email


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInput(f"a password can be at most {MAX_PASSWORD_LENGTH} characters")
    return password


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sign_up(app: Hipcoach, email: str, password: str) -> Account:
    email = normalise_email(email)
    password_hash = _hasher.hash(check_password(password))
    with app.transaction() as db:
        if db.scalar(select(m.User.id).where(m.User.email == email)) is not None:
            raise Conflict("an account with this email already exists; sign in instead")
        user = m.User(
            email=email, password_hash=password_hash, created_at=app.now(), password_changed_at=app.now()
        )
        db.add(user)
        db.flush()
        return Account(user.id, user.email, None)


def authenticate(app: Hipcoach, email: str, password: str) -> Account | None:
    """The account for these credentials, or None; never says which of the two was wrong."""
    try:
        email = normalise_email(email)
    except InvalidInput:
        return None
    with app.reading() as db:
        user = db.scalar(select(m.User).where(m.User.email == email))
        if user is None:
            _verify(_DUMMY_HASH, password)
            return None
        if not _verify(user.password_hash, password):
            return None
        return _account(db, user)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _account(db: Session, user: m.User) -> Account:
    profile = db.execute(select(m.Profile.id, m.Profile.timezone).where(m.Profile.user_id == user.id)).first()
    if profile is None:
        return Account(user.id, user.email, None)
    return Account(user.id, user.email, profile.id, profile.timezone)


def start_session(app: Hipcoach, user_id: int) -> str:
    """A new signed-in browser session; returns the token for the cookie (only its hash is kept)."""
    token = secrets.token_urlsafe(32)
    with app.transaction() as db:
        now = app.now()
        db.add(
            m.WebSession(
                user_id=user_id,
                token_hash=token_hash(token),
                created_at=now,
                expires_at=now + SESSION_LIFETIME,
            )
        )
    return token


def account_for_token(app: Hipcoach, token: str | None) -> Account | None:
    if not token:
        return None
    # One query, not three: every signed-in request asks this first.
    with app.reading() as db:
        row = db.execute(
            select(
                m.User.id,
                m.User.email,
                m.Profile.id.label("profile_id"),
                m.Profile.timezone,
                m.WebSession.expires_at,
            )
            .join(m.User, m.User.id == m.WebSession.user_id)
            .outerjoin(m.Profile, m.Profile.user_id == m.User.id)
            .where(m.WebSession.token_hash == token_hash(token))
        ).first()
    if row is None or row.expires_at <= app.now():
        return None
    return Account(row.id, row.email, row.profile_id, row.timezone)


def end_session(app: Hipcoach, token: str | None) -> None:
    if not token:
        return
    with app.transaction() as db:
        db.execute(delete(m.WebSession).where(m.WebSession.token_hash == token_hash(token)))


def change_password(app: Hipcoach, user_id: int, current: str, new: str, keep_token: str) -> None:
    """Change the password and sign out every other browser of this account."""
    check_password(new)
    with app.transaction() as db:
        user = db.get_one(m.User, user_id)
        if not _verify(user.password_hash, current):
            raise InvalidInput("the current password is not right")
        user.password_hash = _hasher.hash(new)
        user.password_changed_at = app.now()
        db.execute(
            delete(m.WebSession).where(
                m.WebSession.user_id == user_id, m.WebSession.token_hash != token_hash(keep_token)
            )
        )
