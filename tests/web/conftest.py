"""Fixtures for the web tests: the app on a fresh database (SQLite and PostgreSQL), and signed-in clients."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from hipcoach.content import default_library
from hipcoach.services import accounts
from hipcoach.services.context import Hipcoach
from hipcoach.services.job_queue import JobRunner
from hipcoach.settings import Settings
from hipcoach.web import create_app
from hipcoach.web.security import CSRF_COOKIE, SESSION_COOKIE
from tests.integration.conftest import Clock
from tests.web.live import page_token

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def quick_password_hashing(monkeypatch):
    """Tests sign many runners up; the production argon2 cost (~0.1 s a hash) would dominate the run.

    The production parameters are checked on their own in test_auth.py.
    """
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def hipcoach(engine: Engine, clock: Clock) -> Hipcoach:
    return Hipcoach(engine=engine, library=default_library(), now=clock)


@pytest.fixture
def web_app(hipcoach: Hipcoach, tmp_path):
    settings = Settings(data_dir=tmp_path / "data", secret_key="test-secret-key-not-for-production")
    app = create_app(settings, hipcoach)
    # The app process's own import thread on both databases: the web tests are about the pages. The queue
    # on PostgreSQL, with real workers, is tested in tests/integration/test_job_queue.py.
    app.state.job_runner = JobRunner()
    return app


@pytest.fixture
def new_client(web_app) -> Iterator[Callable[[], TestClient]]:
    """Make as many independent browsers as a test needs (each with its own cookies)."""
    clients: list[TestClient] = []

    def make() -> TestClient:
        client = TestClient(web_app, follow_redirects=False)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


def csrf(client: TestClient) -> str:
    """The CSRF token this browser's pages carry, read from a page as a browser gets it.

    The token is bound to the browser's session, so it is read again whenever the browser's cookies changed
    (signing in or out); until then the one read last is reused, saving a page load per form.
    """
    cookies = (client.cookies.get(SESSION_COOKIE), client.cookies.get(CSRF_COOKIE))
    seen = getattr(client, "csrf_seen", None)
    if seen is None or seen[0] != cookies:
        token = page_token(client.get("/login").text)
        cookies = (client.cookies.get(SESSION_COOKIE), client.cookies.get(CSRF_COOKIE))
        seen = client.csrf_seen = (cookies, token)  # type: ignore[attr-defined]
    return seen[1]


def post_form(client: TestClient, url: str, data: dict[str, object] | None = None, **kwargs):
    """Submit a form as the browser would: with the page's CSRF token."""
    return client.post(url, data={"csrf_token": csrf(client), **(data or {})}, **kwargs)


def sign_up(client: TestClient, email: str, password: str = PASSWORD):
    return post_form(client, "/signup", {"email": email, "password": password, "password_again": password})


@pytest.fixture
def anonymous(new_client) -> TestClient:
    return new_client()


@pytest.fixture
def signed_in(new_client) -> Callable[[str], TestClient]:
    """A browser signed in to a fresh account with the given email (no onboarding yet): signed up, then
    signed in, as a runner does (signing up does not sign in: it answers alike for a taken email)."""

    def make(email: str) -> TestClient:
        client = new_client()
        response = sign_up(client, email)
        assert response.status_code == 303, response.text
        signed = post_form(client, "/login", {"email": email, "password": PASSWORD})
        assert signed.status_code == 303, signed.text
        return client

    return make


def page_text(response) -> str:
    """The visible text of a page, tags stripped, whitespace squeezed: what a reader sees."""
    text = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.text, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())
