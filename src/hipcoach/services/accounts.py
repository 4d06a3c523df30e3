"""Web accounts: sign up, sign in and out, change the password. Each account owns one runner profile."""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hipcoach.services import profiles, transfer, video_jobs
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import Conflict, InvalidInput, NotFound, TryAgainLater
from hipcoach.storage import models as m

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256
MAX_EMAIL_LENGTH = 254  # the users table's column, and the most an address may have (RFC 5321)
# The part of the email before the @ is refused inside a password from this length on; a shorter one turns
# up by chance inside ordinary words ("ana" in "banana").
SHORTEST_NAME_CHECKED = 4
COMMON_PASSWORDS_FILE = Path(__file__).parent / "data" / "common_passwords.txt"
SESSION_LIFETIME = timedelta(days=30)
# Deliberately loose: the one real test of an address is mail reaching it, and hipcoach sends none.
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# argon2 with the library's defaults takes 64 MiB a hash (and a check): at most this many at once bounds the
# memory of eighty sign-ins or sign-ups arriving together to 256 MiB; the others wait their turn.
HASHES_AT_ONCE = 4
HASH_WAIT_S = 10.0  # longer than this in the queue: the server is overwhelmed, and says so (503)
HASH_BUSY_RETRY_S = 5

_hasher = PasswordHasher()
_hashing = threading.BoundedSemaphore(HASHES_AT_ONCE)
# Verifying against this when no account matches keeps a wrong email as slow as a wrong password.
_DUMMY_HASH = _hasher.hash("not a real password, only for timing")


class HashingBusy(TryAgainLater):
    """Every password-hashing slot stayed taken for HASH_WAIT_S: nothing was done."""


class WrongPassword(InvalidInput):
    """The current password given to change it is not the account's."""


@dataclass(frozen=True)
class Account:
    user_id: int
    email: str
    profile_id: int | None
    timezone: str | None = None  # the runner's zone, once onboarding made their profile and it was set
    clinician_id: int | None = None  # the account's clinician profile, once it has one (BRIEF §10)


def normalise_email(email: str) -> str:
    email = email.strip().lower()
    if len(email) > MAX_EMAIL_LENGTH or not EMAIL_PATTERN.match(email):
        raise InvalidInput("please give a valid email address")
    return email


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def check_password(password: str, email: str) -> str:
    """The password, if it may be used for the account of ``email`` (normalised); else InvalidInput."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInput(f"a password can be at most {MAX_PASSWORD_LENGTH} characters")
    folded = password.strip().lower()
    if folded in common_passwords():
        raise InvalidInput(
            "that password is among the most common ones, which are guessed first; please choose another"
        )
    name = email.split("@", 1)[0]
    if email in folded or (len(name) >= SHORTEST_NAME_CHECKED and name in folded):
        raise InvalidInput("a password must not contain your email, nor the part of it before the @")
    return password


def password_rules() -> str:
    """The rules in a line, for the forms' hint."""
    return f"At least {MIN_PASSWORD_LENGTH} characters, not a common password, and not made of your email."


@contextmanager
def _hashing_slot() -> Iterator[None]:
    if not _hashing.acquire(timeout=HASH_WAIT_S):
        raise HashingBusy(
            "hipcoach is busy with other sign-ins; please try again in a moment", HASH_BUSY_RETRY_S
        )
    try:
        yield
    finally:
        _hashing.release()


def _hash(password: str) -> str:
    with _hashing_slot():
        return _hasher.hash(password)


def _verify(password_hash: str, password: str) -> bool:
    with _hashing_slot():
        try:
            return _hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sign_up(app: Hipcoach, email: str, password: str) -> Account:
    """A new account; Conflict if the email has one (the web answers both alike, so as not to tell)."""
    email = normalise_email(email)
    # Hashed before looking: a taken email costs the same time as a new one.
    password_hash = _hash(check_password(password, email))
    taken = Conflict("an account with this email already exists; sign in instead")
    try:
        with app.transaction() as db:
            if db.scalar(select(m.User.id).where(m.User.email == email)) is not None:
                raise taken
            user = m.User(
                email=email, password_hash=password_hash, created_at=app.now(), password_changed_at=app.now()
            )
            db.add(user)
            db.flush()
            return Account(user.id, user.email, None)
    except IntegrityError as error:  # the same email signed up at the same moment
        raise taken from error


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


def _account(db: Session, user: m.User) -> Account:
    profile = db.execute(select(m.Profile.id, m.Profile.timezone).where(m.Profile.user_id == user.id)).first()
    clinician_id = db.scalar(select(m.Clinician.id).where(m.Clinician.user_id == user.id))
    if profile is None:
        return Account(user.id, user.email, None, clinician_id=clinician_id)
    return Account(user.id, user.email, profile.id, profile.timezone, clinician_id)


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
                m.Clinician.id.label("clinician_id"),
            )
            .join(m.User, m.User.id == m.WebSession.user_id)
            .outerjoin(m.Profile, m.Profile.user_id == m.User.id)
            .outerjoin(m.Clinician, m.Clinician.user_id == m.User.id)
            .where(m.WebSession.token_hash == token_hash(token))
        ).first()
    if row is None or row.expires_at <= app.now():
        return None
    return Account(row.id, row.email, row.profile_id, row.timezone, row.clinician_id)


def end_session(app: Hipcoach, token: str | None) -> None:
    if not token:
        return
    with app.transaction() as db:
        db.execute(delete(m.WebSession).where(m.WebSession.token_hash == token_hash(token)))


def change_password(app: Hipcoach, user_id: int, current: str, new: str, keep_token: str) -> None:
    """Change the password and sign out every other browser of this account.

    WrongPassword when ``current`` is not the account's. The hashing is done before the write, so no
    transaction waits on it.
    """
    with app.reading() as db:
        user = db.get_one(m.User, user_id)
        email, old_hash = user.email, user.password_hash
    check_password(new, email)
    if not _verify(old_hash, current):
        raise WrongPassword("the current password is not right")
    new_hash = _hash(new)
    with app.transaction() as db:
        user = db.get_one(m.User, user_id)
        if user.password_hash != old_hash:
            raise Conflict("the password was changed meanwhile from another browser; sign in again")
        user.password_hash = new_hash
        user.password_changed_at = app.now()
        db.execute(
            delete(m.WebSession).where(
                m.WebSession.user_id == user_id, m.WebSession.token_hash != token_hash(keep_token)
            )
        )


def new_password_hash(password: str, email: str) -> str:
    """The hash to store for a new password, once it passes the password rules (InvalidInput if not)."""
    return _hash(check_password(password, email))


def set_password(app: Hipcoach, email: str, new: str) -> None:
    """Set an account's password without the current one (the server's operator, at the command line);
    every browser signed in to it is signed out."""
    email = normalise_email(email)
    new_hash = new_password_hash(new, email)
    with app.transaction() as db:
        user = db.scalar(select(m.User).where(m.User.email == email))
        if user is None:
            raise NotFound(f"no account uses {email}")
        user.password_hash = new_hash
        user.password_changed_at = app.now()
        db.execute(delete(m.WebSession).where(m.WebSession.user_id == user.id))


def delete_account(app: Hipcoach, user_id: int, password: str) -> None:
    """Delete the account and everything of it, once ``password`` is its own (WrongPassword if not).

    The database's foreign keys take every row that belongs to the account with it: the runner's profile
    and all their records, their sessions, and a clinician profile with its care links, invitations and
    notes. Lines that name the account elsewhere keep the name and profession copied into them (a runner's
    log of who looked at their data) and lose only the link. A clinic left with no clinician goes too, and
    the runner's stored videos are deleted from the uploads folder.
    """
    with app.reading() as db:
        password_hash = db.get_one(m.User, user_id).password_hash
    if not _verify(password_hash, password):
        raise WrongPassword("that is not the password of this account, so nothing was deleted")
    videos = video_jobs.stored_videos(app, user_id)
    with app.transaction() as db:
        clinic_id = db.scalar(select(m.Clinician.clinic_id).where(m.Clinician.user_id == user_id))
        db.execute(delete(m.User).where(m.User.id == user_id))
        if clinic_id is not None:
            others = db.scalar(select(m.Clinician.id).where(m.Clinician.clinic_id == clinic_id).limit(1))
            if others is None:
                db.execute(delete(m.Clinic).where(m.Clinic.id == clinic_id))
    for video in videos:  # kept videos, or ones waiting for analysis: files, not rows
        video.unlink(missing_ok=True)


def import_into(app: Hipcoach, account: Account, raw: bytes) -> None:
    """Import an export file as this account's runner data, all of it or nothing.

    Only into an account without runner data: merging two histories could mix two programs' decisions, and
    replacing one would destroy records the runner may still want (they can delete the account first).
    """
    if account.profile_id is not None:
        raise Conflict("this account already has runner data, so nothing was imported")
    with app.reading() as db:
        free = not profiles.name_taken(db, account.email)
    name = (
        account.email
        if free and len(account.email) <= profiles.MAX_NAME_LENGTH
        else f"user-{account.user_id}"
    )
    transfer.import_profile(app, raw, rename=name, user_id=account.user_id)
