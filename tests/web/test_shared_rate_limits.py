"""The sign-in limits live in the database (issue 20): what they keep there, and that app processes sharing a
database hold one limit, with X-Forwarded-For believed only from a trusted proxy.

The processes are real ``hipcoach serve`` commands on free ports, as on two machines: one with one app
process that trusts no proxy, one with two app processes (``--workers 2``) behind a trusted proxy.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx2 as httpx
import pytest
from sqlalchemy import Engine, func, select

from hipcoach.storage.models import RateLimitHit
from hipcoach.web import rate_limits as limits
from hipcoach.web.rate_limits import HitStore, LoginLimiter
from tests.web.live import app_processes, browser, free_port, stop

SECRET = "shared-secret-key-of-both-servers-0123456789"
WRONG = "not the password at all"
START_TIMEOUT_S = 60


def test_the_limiter_keeps_hashes_a_few_times_per_key_and_forgets_them_after_the_window(engine: Engine):
    store = HitStore()
    store.bind(engine)
    now = [1_000_000.0]
    limiter = LoginLimiter(store, clock=lambda: now[0])
    for index in range(60):
        email = f"{index:0>240}@example.com"  # as long as an email may be
        assert not isinstance(limiter.begin(email, f"10.0.0.{index}", trusted=False), limits.Refused)
        now[0] += 0.001
    assert limiter.stored_keys() == 3 * 60  # an address, a pair and an account per attempt
    with engine.connect() as db:
        assert db.scalar(select(func.max(func.length(RateLimitHit.key_digest)))) == 16  # hashes, never emails

    # One account guessed from new addresses by a browser that signed in to it before (no delay): only as
    # many of its times are kept as the account's delay needs.
    for index in range(40):
        limiter.begin("owner@example.com", f"10.1.0.{index}", trusted=True)
        now[0] += 0.001
    with engine.connect() as db:
        kept = db.scalar(select(func.count()).where(RateLimitHit.limit_name == "login-account"))
    assert kept == 60 + limiter.accounts.keep

    now[0] += limits.ACCOUNT_WINDOW_S + 1  # every window has passed: the next count drops what expired
    limiter.begin("late@example.com", "10.9.9.9", trusted=False)
    assert limiter.stored_keys() == 3


@contextmanager
def served(database_url: str, data_dir: Path, *options: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """``hipcoach serve`` with ``options`` on a free port of this machine: (its address, the process)."""
    port = free_port()
    env = os.environ | {
        "HIPCOACH_DATABASE_URL": database_url,
        "HIPCOACH_DATA_DIR": str(data_dir),
        "HIPCOACH_SECRET_KEY": SECRET,
        "COLUMNS": "200",
    }
    command = [str(Path(sys.executable).parent / "hipcoach"), "serve", "--port", str(port), *options]
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if server.poll() is not None:
                raise AssertionError(f"hipcoach serve {' '.join(options)} stopped: {server.stdout.read()}")  # type: ignore[union-attr]
            try:
                if httpx.get(f"{base}/login", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"hipcoach serve {' '.join(options)} did not answer in time")
            time.sleep(0.2)
        yield base, server
    finally:
        stop(server)
        server.stdout.close()  # type: ignore[union-attr]


def failed_sign_ins(base: str, count: int, first: int, forwarded_for: str | None = None) -> list[int]:
    """``count`` sign-ins with wrong passwords for distinct emails, each from a new browser (a new
    connection); their statuses."""
    statuses = []
    for index in range(first, first + count):
        client, token = browser(base)
        headers = {"X-Forwarded-For": forwarded_for.format(index)} if forwarded_for else {}
        form = {"csrf_token": token, "email": f"guess{index}@example.com", "password": WRONG}
        statuses.append(client.post("/login", data=form, headers=headers).status_code)
        client.close()
    return statuses


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the app processes in /proc")
def test_app_processes_sharing_a_database_hold_one_limit_and_only_a_trusted_proxy_names_the_browser(
    database_url: str, tmp_path: Path
):
    with ExitStack() as stack:
        # A first start migrates the database; the two servers then start side by side.
        lone, _ = stack.enter_context(served(database_url, tmp_path / "machine-a"))
        proxied, two = stack.enter_context(
            served(database_url, tmp_path / "machine-b", "--workers", "2", "--trusted-proxies", "127.0.0.1")
        )
        assert len(app_processes(two)) == 2

        # Behind the trusted proxy, each browser it names is counted on its own address: 25 sign-ins from
        # 25 addresses are each checked, none refused.
        assert failed_sign_ins(proxied, 25, 0, forwarded_for="203.0.113.{}") == [400] * 25

        # The lone server trusts no proxy: a made-up X-Forwarded-For changes nothing, the sender (127.0.0.1)
        # is counted. Half of the address's failures there, half on the other machine's two processes.
        half = limits.FAILURES_PER_ADDRESS // 2
        assert failed_sign_ins(lone, half, 100, forwarded_for="198.51.100.{}") == [400] * half
        rest = limits.FAILURES_PER_ADDRESS - half
        assert failed_sign_ins(proxied, rest, 200) == [400] * rest

        # The address has used its failures, counted across both servers: the next is refused on each.
        assert failed_sign_ins(lone, 1, 300) == [429]
        assert failed_sign_ins(proxied, 1, 400) == [429]
