"""How often the sign-in, sign-up and password forms may be tried, kept in memory and bounded.

One process serves hipcoach, so the counts live in it; a restart forgives what was counted, which is
acceptable. What is kept cannot grow without end, however many distinct emails or addresses arrive: each key
is hashed to 16 bytes, at most a few times are kept per key, keys whose times are all older than the window
are dropped, and past ``MAX_KEYS`` keys the least recently counted are forgotten.

An attempt is counted before its password is checked (under a lock), so forty sent at once for one account
are counted one after another, and only as many as the limit allows are checked. The limits follow the
OWASP Authentication Cheat Sheet: lockout per account and address, never a hard lock of the account itself.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

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
# Keys per limiter: about 300 bytes each, so about 3 MiB a limiter at most, whatever arrives.
MAX_KEYS = 10_000


class RateLimiter:
    """Times of events per key within a sliding window; not thread-safe (the callers below hold a lock)."""

    def __init__(self, window_s: float, keep: int, max_keys: int = MAX_KEYS) -> None:
        self.window_s = window_s
        self.keep = keep  # the most times kept per key: enough to decide, never more
        self.max_keys = max_keys
        # In the order last counted (a key counted again moves to the end): the expired ones come first. An
        # OrderedDict, as a plain dict emptied from the front has to step over every deleted slot to find it.
        self._times: OrderedDict[bytes, list[float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._times)

    def times(self, key: str, now: float) -> list[float]:
        """The key's times inside the window, oldest first (at most ``keep`` of them)."""
        kept = self._times.get(_digest(key))
        return [] if kept is None else [at for at in kept if at > now - self.window_s]

    def wait(self, key: str, limit: int, now: float) -> float:
        """Seconds until the key has fewer than ``limit`` times in the window (0: it has now)."""
        recent = self.times(key, now)
        if len(recent) < limit:
            return 0.0
        return recent[-limit] + self.window_s - now

    def add(self, key: str, now: float) -> None:
        self._drop_expired(now)
        digest = _digest(key)
        kept = [at for at in self._times.get(digest, ()) if at > now - self.window_s]
        kept.append(now)
        self._times[digest] = kept[-self.keep :]
        self._times.move_to_end(digest)
        while len(self._times) > self.max_keys:
            self._times.popitem(last=False)

    def remove(self, key: str, at: float) -> None:
        """Take back one time counted (an attempt that turned out not to be a failure)."""
        digest = _digest(key)
        kept = self._times.get(digest)
        if kept is not None and at in kept:
            kept.remove(at)
            if not kept:
                del self._times[digest]

    def clear(self, key: str) -> None:
        self._times.pop(_digest(key), None)

    def _drop_expired(self, now: float) -> None:
        while self._times:
            oldest, times = next(iter(self._times.items()))
            if times[-1] > now - self.window_s:
                return
            del self._times[oldest]


def _digest(key: str) -> bytes:
    return hashlib.blake2b(key.encode(), digest_size=16).digest()


@dataclass(frozen=True)
class Refused:
    """Not checked: try again after this many seconds."""

    retry_after_s: int


@dataclass(frozen=True)
class Attempt:
    """An attempt counted as a failure until it is known to be none."""

    keys: tuple[tuple[RateLimiter, str], ...]
    at: float


def _seconds(wait: float) -> int:
    return max(1, math.ceil(wait))


class LoginLimiter:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.pairs = RateLimiter(LOGIN_WINDOW_S, FAILURES_PER_ACCOUNT_AND_ADDRESS)
        self.addresses = RateLimiter(LOGIN_WINDOW_S, FAILURES_PER_ADDRESS)
        self.accounts = RateLimiter(ACCOUNT_WINDOW_S, ACCOUNT_FAILURES_BEFORE_DELAY + _doublings_to_max())
        self._lock = threading.Lock()

    def begin(self, email: str | None, address: str, trusted: bool) -> Attempt | Refused:
        """Count an attempt before its password is checked, or refuse it unchecked.

        ``email`` is None for one that no account can have (it is counted on the address only, and never
        stored); ``trusted``: the browser signed in to this account before (its device cookie).
        """
        with self._lock:
            now = self.clock()
            keys: list[tuple[RateLimiter, str]] = [(self.addresses, address)]
            wait = self.addresses.wait(address, FAILURES_PER_ADDRESS, now)
            if email is not None:
                pair = f"{email}\n{address}"
                keys += [(self.pairs, pair), (self.accounts, email)]
                wait = max(wait, self.pairs.wait(pair, FAILURES_PER_ACCOUNT_AND_ADDRESS, now))
                if not trusted:
                    wait = max(wait, self._account_delay(email, now))
            if wait > 0:
                return Refused(_seconds(wait))
            for limiter, key in keys:
                limiter.add(key, now)
            return Attempt(tuple(keys), now)

    def succeeded(self, attempt: Attempt) -> None:
        """The password was right: the pair starts afresh; the address and the account only lose this one
        count (the address's other failures stay: a sprayer's own sign-in must not wipe them)."""
        with self._lock:
            for limiter, key in attempt.keys:
                if limiter is self.pairs:
                    limiter.clear(key)
                else:
                    limiter.remove(key, attempt.at)

    def not_checked(self, attempt: Attempt) -> None:
        """The password could not be checked (the server was busy): the attempt counts for nothing."""
        with self._lock:
            for limiter, key in attempt.keys:
                limiter.remove(key, attempt.at)

    def stored_keys(self) -> int:
        return len(self.pairs) + len(self.addresses) + len(self.accounts)

    def _account_delay(self, email: str, now: float) -> float:
        failures = self.accounts.times(email, now)
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

    def __init__(self, limit: int, window_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.clock = clock
        self.counted = RateLimiter(window_s, limit)
        self._lock = threading.Lock()

    def begin(self, key: str) -> Attempt | Refused:
        with self._lock:
            now = self.clock()
            wait = self.counted.wait(key, self.limit, now)
            if wait > 0:
                return Refused(_seconds(wait))
            self.counted.add(key, now)
            return Attempt(((self.counted, key),), now)

    def give_back(self, attempt: Attempt) -> None:
        with self._lock:
            self.counted.remove(attempt.keys[0][1], attempt.at)

    def clear(self, attempt: Attempt) -> None:
        with self._lock:
            self.counted.clear(attempt.keys[0][1])


class AuthLimits:
    """Every limit of the account forms, on one clock (a test may move it)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.login = LoginLimiter(clock)
        self.signup = CountedLimit(SIGNUPS_PER_ADDRESS, SIGNUP_WINDOW_S, clock)
        self.password_change = CountedLimit(PASSWORD_CHANGE_FAILURES, LOGIN_WINDOW_S, clock)
        self.password_reset = CountedLimit(RESET_REQUESTS_PER_ADDRESS, RESET_WINDOW_S, clock)
