"""Sign-in limits, each attack replayed: a stranger's guesses never lock the owner out, spraying many accounts
from one address is limited even with the sprayer's own sign-ins in between, forty guesses at once for one
account are counted before any is checked, the password form is limited too, and a server sent huge emails
keeps none of them. What the limiter stores, and that it holds across app processes, is in
test_shared_rate_limits.py."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx2 as httpx
import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from hipcoach.services import accounts
from hipcoach.web import rate_limits as limits
from hipcoach.web.rate_limits import AuthLimits
from tests.web.conftest import PASSWORD, page_text, post_form, sign_up
from tests.web.live import at_once, browser, free_port, live_server

WRONG = "not the password at all"
HOME, ELSEWHERE = "198.51.100.7", "203.0.113.9"


class Ticking:
    """The limiter's clock (seconds, like the epoch clock it stands for), moved on by the test."""

    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def ticking(web_app) -> Ticking:
    clock = Ticking()
    web_app.state.auth_limits = AuthLimits(clock=clock)
    return clock


@pytest.fixture
def browser_at(web_app) -> Iterator[Callable[[str], TestClient]]:
    """A new browser (its own cookies) whose requests come from the address given."""
    clients: list[TestClient] = []

    def make(address: str) -> TestClient:
        client = TestClient(web_app, follow_redirects=False, client=(address, 50000))
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


def login(client: TestClient, email: str, password: str):
    return post_form(client, "/login", {"email": email, "password": password})


def owner_at_home(browser_at, email: str = "ana@example.com") -> TestClient:
    """The owner's own browser at home: it signed up and signed in there once, then signed out."""
    home = browser_at(HOME)
    assert sign_up(home, email).status_code == 303
    assert login(home, email, PASSWORD).status_code == 303
    assert post_form(home, "/logout").status_code == 303
    return home


def test_a_stranger_guessing_never_locks_the_owner_out(browser_at, ticking):
    home = owner_at_home(browser_at)
    stranger = browser_at(ELSEWHERE)
    for _ in range(limits.FAILURES_PER_ACCOUNT_AND_ADDRESS):
        assert login(stranger, "ana@example.com", WRONG).status_code == 400
    refused = login(stranger, "ana@example.com", PASSWORD)  # even the right password: this pair waits
    assert refused.status_code == 429 and "Too many attempts" in page_text(refused)
    # A crowd of strangers, one guess each from its own address.
    for index in range(40):
        login(browser_at(f"192.0.2.{index + 1}"), "ana@example.com", WRONG)
    assert login(home, "ana@example.com", PASSWORD).status_code == 303  # the owner's browser: in at once


def test_in_a_new_browser_the_owner_waits_at_most_the_longest_delay(browser_at, ticking):
    assert sign_up(browser_at(HOME), "ana@example.com").status_code == 303
    for index in range(40):
        login(browser_at(f"192.0.2.{index + 1}"), "ana@example.com", WRONG)
    traveller = browser_at("100.64.0.1")
    first = login(traveller, "ana@example.com", PASSWORD)
    assert first.status_code == 429
    wait = int(first.headers["retry-after"])
    assert 0 < wait <= limits.ACCOUNT_DELAY_MAX_S
    ticking.advance(wait)
    assert login(traveller, "ana@example.com", PASSWORD).status_code == 303


def test_the_account_delay_grows_from_one_second_and_never_passes_its_longest(browser_at, ticking):
    """Worked example: the first failures from unknown browsers are free; after that the account's next try
    from an unknown browser waits 1 s, then 2 s, 4 s ... doubling up to the longest delay, counted from
    the account's latest failure."""
    assert sign_up(browser_at(HOME), "ana@example.com").status_code == 303
    free = limits.ACCOUNT_FAILURES_BEFORE_DELAY
    for index in range(free):  # below the threshold: no delay
        assert login(browser_at(f"192.0.2.{index + 1}"), "ana@example.com", WRONG).status_code == 400
    waits = []
    for index in range(12):  # 1 + 2 + ... + 256 + 3 x 300 s: all inside the account's window
        attempt = login(browser_at(f"192.0.2.{100 + index}"), "ana@example.com", WRONG)
        assert attempt.status_code == 429  # at the threshold: a wait, then the try is checked
        waits.append(int(attempt.headers["retry-after"]))
        ticking.advance(waits[-1] - 1)
        too_soon = login(browser_at(f"192.0.2.{150 + index}"), "ana@example.com", WRONG)
        assert too_soon.status_code == 429 and int(too_soon.headers["retry-after"]) == 1
        ticking.advance(1)
        assert login(browser_at(f"192.0.2.{200 + index}"), "ana@example.com", WRONG).status_code == 400
    assert waits == [min(2**step, limits.ACCOUNT_DELAY_MAX_S) for step in range(12)]


def test_the_pair_lockout_holds_exactly_its_window(browser_at, ticking):
    assert sign_up(browser_at(HOME), "ana@example.com").status_code == 303
    stranger = browser_at(ELSEWHERE)
    for _ in range(limits.FAILURES_PER_ACCOUNT_AND_ADDRESS - 1):
        login(stranger, "ana@example.com", WRONG)
    assert login(stranger, "ana@example.com", WRONG).status_code == 400  # the last one allowed, checked
    refused = login(stranger, "ana@example.com", PASSWORD)
    assert refused.status_code == 429 and refused.headers["retry-after"] == str(limits.LOGIN_WINDOW_S)
    ticking.advance(limits.LOGIN_WINDOW_S - 1)
    assert login(stranger, "ana@example.com", PASSWORD).headers["retry-after"] == "1"
    ticking.advance(1)
    assert login(stranger, "ana@example.com", PASSWORD).status_code == 303


def test_a_success_resets_only_its_own_pair_so_spraying_between_own_sign_ins_is_limited(browser_at, ticking):
    for victim in range(limits.FAILURES_PER_ADDRESS + 1):  # each signed up at home, an address of their own
        assert (
            sign_up(browser_at(f"198.51.100.{victim + 10}"), f"victim{victim}@example.com").status_code == 303
        )
    assert sign_up(browser_at(HOME), "eve@example.com").status_code == 303
    sprayer = browser_at(ELSEWHERE)
    statuses = []
    for victim in range(limits.FAILURES_PER_ADDRESS + 1):
        statuses.append(login(sprayer, f"victim{victim}@example.com", WRONG).status_code)
        assert login(sprayer, "eve@example.com", PASSWORD).status_code in (303, 429)
        post_form(sprayer, "/logout")
    assert statuses == [400] * limits.FAILURES_PER_ADDRESS + [429]


def test_a_success_forgives_the_owner_s_own_typos(browser_at, ticking):
    home = owner_at_home(browser_at)
    for _ in range(limits.FAILURES_PER_ACCOUNT_AND_ADDRESS - 1):
        login(home, "ana@example.com", WRONG)
    assert login(home, "ana@example.com", PASSWORD).status_code == 303
    post_form(home, "/logout")
    for _ in range(limits.FAILURES_PER_ACCOUNT_AND_ADDRESS - 1):
        assert login(home, "ana@example.com", WRONG).status_code == 400
    assert login(home, "ana@example.com", PASSWORD).status_code == 303


class CountingHasher(PasswordHasher):
    """The tests' quick hasher, counting the passwords it checks and how many it checks at once."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.lock = threading.Lock()
        self.checked = self.hashed = self.running = self.most_at_once = 0

    def _enter(self) -> None:
        with self.lock:
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        time.sleep(0.05)  # long enough for the threads to overlap

    def _leave(self) -> None:
        with self.lock:
            self.running -= 1

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        self._enter()
        try:
            with self.lock:
                self.checked += 1
            return super().verify(hash, password)
        finally:
            self._leave()

    def hash(self, password: str | bytes, *, salt: bytes | None = None) -> str:
        self._enter()
        try:
            with self.lock:
                self.hashed += 1
            return super().hash(password, salt=salt)
        finally:
            self._leave()


def test_forty_guesses_at_once_for_one_account_are_counted_before_any_is_checked(
    web_app, anonymous, monkeypatch
):
    assert sign_up(anonymous, "ana@example.com").status_code == 303
    hasher = CountingHasher()
    monkeypatch.setattr(accounts, "_hasher", hasher)
    with live_server(web_app) as base:
        browsers = [browser(base) for _ in range(40)]
        answers = at_once(
            40,
            lambda index: browsers[index][0].post(
                "/login",
                data={"csrf_token": browsers[index][1], "email": "ana@example.com", "password": WRONG},
            ),
        )
        for client, _ in browsers:
            client.close()
    statuses = sorted(answer.status_code for answer in answers)
    allowed = limits.FAILURES_PER_ACCOUNT_AND_ADDRESS
    assert statuses == [400] * allowed + [429] * (40 - allowed)
    assert hasher.checked == allowed


def test_the_password_form_is_limited_by_account(signed_in, ticking):
    client = signed_in("ana@example.com")

    def change(current: str):
        return post_form(
            client,
            "/account/password",
            {
                "current_password": current,
                "new_password": "a fresh long phrase",
                "new_password_again": "a fresh long phrase",
            },
        )

    for _ in range(limits.PASSWORD_CHANGE_FAILURES):
        assert change(WRONG).status_code == 400
    refused = change(PASSWORD)
    assert refused.status_code == 429 and refused.headers["retry-after"] == str(limits.LOGIN_WINDOW_S)
    assert "Too many attempts" in page_text(refused)
    ticking.advance(limits.LOGIN_WINDOW_S)
    assert change(PASSWORD).status_code == 200


def test_an_email_longer_than_any_account_is_refused_like_a_wrong_one(anonymous):
    response = login(anonymous, "a" * 250 + "@example.com", PASSWORD)
    assert response.status_code == 400 and "do not match an account" in page_text(response)


SERVER_SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import uvicorn
    from hipcoach.settings import Settings
    from hipcoach.web import create_app

    folder = Path(sys.argv[1])
    settings = Settings(data_dir=folder, database_url=f"sqlite:///{folder / 'hc.db'}", secret_key="k" * 32)
    uvicorn.run(create_app(settings), host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
    """
)


def _rss_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads the server's memory from /proc")
def test_a_server_sent_300_sign_ins_with_60_kb_emails_grows_by_under_6_mib(tmp_path):
    """The probe's attack, scaled to a test and to the form size the server takes: before, each sign-in kept
    its email as a limiter key forever (300 x 60 KB = 18 MB never released). Now an email longer than any
    account's is never stored."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER_SCRIPT, str(tmp_path), str(port)], env=os.environ | {"CI": ""}
    )
    try:
        client, token = _wait_for_login_page(f"http://127.0.0.1:{port}", server)
        huge = "x" * 60_000 + "@example.com"

        def send(count: int) -> None:
            for index in range(count):
                form = {"csrf_token": token, "email": f"{index}{huge}", "password": WRONG}
                assert client.post("/login", data=form).status_code in (400, 429)

        send(20)  # warm up: templates compiled, the pools filled
        before = _rss_kib(server.pid)
        send(300)
        grown = _rss_kib(server.pid) - before
        client.close()
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
    assert grown < 6 * 1024, f"the server grew by {grown} KiB"


def _wait_for_login_page(base: str, server: subprocess.Popen):
    deadline = time.monotonic() + 60
    while True:
        if server.poll() is not None:
            raise RuntimeError("the server stopped")
        try:
            return browser(base)
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
