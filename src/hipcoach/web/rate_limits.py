"""How often the sign-in, sign-up and password forms may be tried, counted in the database.

Every app process (``hipcoach serve --workers N``, on one machine or several) counts in the same table
(``rate_limit_hits``), so N workers hold the same limits as one. What is kept stays bounded: each key is
hashed to 16 bytes (an email is never stored), at most a few times are kept per key, and a limiter's times
older than its window are deleted whenever it counts again. Times are seconds on a clock every process
shares: the epoch.

An attempt is counted before its password is checked, in one transaction that holds the limiters' lock
(PostgreSQL: an advisory lock; SQLite: its write lock), so forty sent at once for one account, to any
workers, are counted one after another, and only as many as the limit allows are checked. The limits follow
the OWASP Authentication Cheat Sheet: lockout per account and address, never a hard lock of the account.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, Engine, delete, func, insert, select
from starlette.requests import Request

from hipcoach.clock import system_clock
from hipcoach.storage.db import WRITES
from hipcoach.storage.models import RateLimitHit as Hit

# Sign-in. A pair (account, address) that failed this often waits until the oldest failure leaves the window.
LOGIN_WINDOW_S = 15 * 60
FAILURES_PER_ACCOUNT_AND_ADDRESS = 5
# One address failing on any accounts: stops one password sprayed over many accounts; the sprayer's own
# sign-ins in between give nothing back.
FAILURES_PER_ADDRESS = 20
# The account, from browsers that never signed in to it: past this many failures in the account window, each
# next try waits 1 s, 2 s, 4 s ... (doubling, at most the longest delay) after the account's latest failure.
# A browser that signed in to the account before (its device cookie) never waits for this, so guesses from
# strangers cannot lock the owner out; a new browser of the owner's waits at most the longest delay.
ACCOUNT_FAILURES_BEFORE_DELAY = 10
ACCOUNT_DELAY_MAX_S = 300
ACCOUNT_WINDOW_S = 60 * 60
# Changing the password: wrong current passwords per account, in the sign-in window.
PASSWORD_CHANGE_FAILURES = 5
# Sign-up: each costs a 64 MiB password hash; a family or an office behind one address still fits.
SIGNUPS_PER_ADDRESS = 10
SIGNUP_WINDOW_S = 60 * 60
# Password-reset emails asked for, per address: each sends a mail, so a stranger cannot flood an inbox.
RESET_REQUESTS_PER_ADDRESS = 5
RESET_WINDOW_S = 60 * 60
# Every limiter transaction of every process takes this PostgreSQL advisory lock (SQLite: BEGIN IMMEDIATE).
ADVISORY_LOCK = 0x68697063  # "hipc"


class HitStore:
    """The database the limiters count in: the app's own, bound on the first request that needs it."""

    def __init__(self) -> None:
        self.engine: Engine | None = None

    def bind(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One limiter transaction at a time, across every process on this database."""
        if self.engine is None:
            raise RuntimeError("the rate limits are not bound to a database")
        with self.engine.execution_options(**{WRITES: True}).begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(select(func.pg_advisory_xact_lock(ADVISORY_LOCK)))
            yield connection


class RateLimiter:
    """Times of events per key within a sliding window, stored under the limiter's name."""

    def __init__(self, name: str, window_s: float, keep: int) -> None:
        self.name = name
        self.window_s = window_s
        self.keep = keep  # the most times kept per key: enough to decide, never more

    def times(self, db: Connection, key: str, now: float) -> list[float]:
        """The key's times inside the window, oldest first (at most ``keep`` of them)."""
        found = db.execute(
            select(Hit.at).where(*self._of(key), Hit.at > now - self.window_s).order_by(Hit.at, Hit.id)
        )
        return list(found.scalars())[-self.keep :]

    def wait(self, db: Connection, key: str, limit: int, now: float) -> float:
        """Seconds until the key has fewer than ``limit`` times in the window (0: it has now)."""
        recent = self.times(db, key, now)
        if len(recent) < limit:
            return 0.0
        return recent[-limit] + self.window_s - now

    def add(self, db: Connection, key: str, now: float) -> int:
        """Count the key now; returns the row counted."""
        db.execute(delete(Hit).where(Hit.limit_name == self.name, Hit.at <= now - self.window_s))
        row = db.execute(
            insert(Hit).values(limit_name=self.name, key_digest=_digest(key), at=now).returning(Hit.id)
        ).scalar_one()
        beyond_kept = (
            select(Hit.id).where(*self._of(key)).order_by(Hit.at.desc(), Hit.id.desc()).offset(self.keep)
        )
        db.execute(delete(Hit).where(Hit.id.in_(beyond_kept.scalar_subquery())))
        return int(row)

    def remove(self, db: Connection, row: int) -> None:
        """Take back one time counted (an attempt that turned out not to be a failure)."""
        db.execute(delete(Hit).where(Hit.id == row))

    def clear(self, db: Connection, key: str) -> None:
        db.execute(delete(Hit).where(*self._of(key)))

    def stored_keys(self, db: Connection) -> int:
        return int(
            db.scalar(select(func.count(func.distinct(Hit.key_digest))).where(Hit.limit_name == self.name))
            or 0
        )

    def _of(self, key: str) -> tuple[ColumnElement[bool], ...]:
        return (Hit.limit_name == self.name, Hit.key_digest == _digest(key))


def epoch_seconds() -> float:
    """The limiters' clock in production: the same in every process of every machine (unlike monotonic)."""
    return system_clock().timestamp()


def _digest(key: str) -> bytes:
    return hashlib.blake2b(key.encode(), digest_size=16).digest()


@dataclass(frozen=True)
class Refused:
    """Not checked: try again after this many seconds."""

    retry_after_s: int


@dataclass(frozen=True)
class Counted:
    """One time counted: by which limiter, for which key, and the row that holds it (taken back by row)."""

    limiter: RateLimiter
    key: str
    row: int


@dataclass(frozen=True)
class Attempt:
    """An attempt counted as a failure until it is known to be none."""

    counted: tuple[Counted, ...]


def _seconds(wait: float) -> int:
    return max(1, math.ceil(wait))


class LoginLimiter:
    def __init__(self, store: HitStore, clock: Callable[[], float] = epoch_seconds) -> None:
        self.store = store
        self.clock = clock
        self.pairs = RateLimiter("login-pair", LOGIN_WINDOW_S, FAILURES_PER_ACCOUNT_AND_ADDRESS)
        self.addresses = RateLimiter("login-address", LOGIN_WINDOW_S, FAILURES_PER_ADDRESS)
        self.accounts = RateLimiter(
            "login-account", ACCOUNT_WINDOW_S, ACCOUNT_FAILURES_BEFORE_DELAY + _doublings_to_max()
        )

    def begin(self, email: str | None, address: str, trusted: bool) -> Attempt | Refused:
        """Count an attempt before its password is checked, or refuse it unchecked.

        ``email`` is None for one that no account can have (it is counted on the address only, and never
        stored); ``trusted``: the browser signed in to this account before (its device cookie).
        """
        with self.store.transaction() as db:
            now = self.clock()
            keys: list[tuple[RateLimiter, str]] = [(self.addresses, address)]
            wait = self.addresses.wait(db, address, FAILURES_PER_ADDRESS, now)
            if email is not None:
                pair = f"{email}\n{address}"
                keys += [(self.pairs, pair), (self.accounts, email)]
                wait = max(wait, self.pairs.wait(db, pair, FAILURES_PER_ACCOUNT_AND_ADDRESS, now))
                if not trusted:
                    wait = max(wait, self._account_delay(db, email, now))
            if wait > 0:
                return Refused(_seconds(wait))
            return Attempt(tuple(Counted(limiter, key, limiter.add(db, key, now)) for limiter, key in keys))

    def succeeded(self, attempt: Attempt) -> None:
        """The password was right: the pair starts afresh; the address and the account only lose this one
        count (the address's other failures stay: a sprayer's own sign-in must not wipe them)."""
        with self.store.transaction() as db:
            for counted in attempt.counted:
                if counted.limiter is self.pairs:
                    counted.limiter.clear(db, counted.key)
                else:
                    counted.limiter.remove(db, counted.row)

    def not_checked(self, attempt: Attempt) -> None:
        """The password could not be checked (the server was busy): the attempt counts for nothing."""
        with self.store.transaction() as db:
            for counted in attempt.counted:
                counted.limiter.remove(db, counted.row)

    def stored_keys(self) -> int:
        with self.store.transaction() as db:
            return sum(limiter.stored_keys(db) for limiter in (self.pairs, self.addresses, self.accounts))

    def _account_delay(self, db: Connection, email: str, now: float) -> float:
        failures = self.accounts.times(db, email, now)
        beyond = len(failures) - ACCOUNT_FAILURES_BEFORE_DELAY
        if beyond < 0:
            return 0.0
        delay = min(2.0**beyond, ACCOUNT_DELAY_MAX_S)
        return failures[-1] + delay - now


def _doublings_to_max() -> int:
    """How many failures past the threshold it takes for the delay to reach its longest."""
    return math.ceil(math.log2(ACCOUNT_DELAY_MAX_S)) + 1


class CountedLimit:
    """At most ``limit`` attempts per key in a window, each counted before it is carried out."""

    def __init__(
        self,
        name: str,
        limit: int,
        window_s: float,
        store: HitStore,
        clock: Callable[[], float] = epoch_seconds,
    ) -> None:
        self.limit = limit
        self.store = store
        self.clock = clock
        self.counted = RateLimiter(name, window_s, limit)

    def begin(self, key: str) -> Attempt | Refused:
        with self.store.transaction() as db:
            now = self.clock()
            wait = self.counted.wait(db, key, self.limit, now)
            if wait > 0:
                return Refused(_seconds(wait))
            return Attempt((Counted(self.counted, key, self.counted.add(db, key, now)),))

    def give_back(self, attempt: Attempt) -> None:
        with self.store.transaction() as db:
            self.counted.remove(db, attempt.counted[0].row)

    def clear(self, attempt: Attempt) -> None:
        with self.store.transaction() as db:
            self.counted.clear(db, attempt.counted[0].key)


class AuthLimits:
    """Every limit of the account forms, on one clock (a test may move it) and one database."""

    def __init__(self, clock: Callable[[], float] = epoch_seconds) -> None:
        self.store = HitStore()
        self.login = LoginLimiter(self.store, clock)
        self.signup = CountedLimit("signup", SIGNUPS_PER_ADDRESS, SIGNUP_WINDOW_S, self.store, clock)
        self.password_change = CountedLimit(
            "password-change", PASSWORD_CHANGE_FAILURES, LOGIN_WINDOW_S, self.store, clock
        )
        self.password_reset = CountedLimit(
            "password-reset", RESET_REQUESTS_PER_ADDRESS, RESET_WINDOW_S, self.store, clock
        )


def for_request(request: Request) -> AuthLimits:
    """The app's limits, counting in the database of the app that serves ``request``."""
    limits: AuthLimits = request.app.state.auth_limits
    limits.store.bind(request.app.state.hipcoach.engine)
    return limits
