"""Requests at the same moment against a live server (uvicorn on a local port), on SQLite and PostgreSQL, and
what a request hears when SQLite stays locked by another program."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import httpx2
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from hipcoach.content import default_library
from hipcoach.domain.content import Block
from hipcoach.services import programs
from hipcoach.services.context import Hipcoach
from hipcoach.settings import Settings
from hipcoach.storage import db as storage
from hipcoach.storage import models as m
from hipcoach.web import create_app
from tests.integration.helpers import checkin_flags, count, do_session
from tests.web.conftest import PASSWORD, csrf, page_text, post_form, sign_up
from tests.web.live import at_once, live_server
from tests.web.pages import profile_id, screening_json
from tests.web.test_api import PROFILE, send

RUN = {"started_at": "2026-10-05T06:30:00+00:00", "distance_km": 10.0, "duration_min": 55.0}


@pytest.fixture
def live_url(web_app) -> Iterator[str]:
    """The test's app served by uvicorn on a free local port, its requests handled by worker threads."""
    with live_server(web_app) as url:
        yield url


def screened_runner(signed_in, email: str) -> TestClient:
    client = signed_in(email)
    assert send(client, "PUT", "/api/me/profile", PROFILE).status_code == 201
    assert send(client, "POST", "/api/screenings", screening_json(["tight-hip-flexors"])).status_code == 201
    return client


def post_at_once(calls: int, url: str, browser: TestClient, body: dict) -> list[httpx2.Response]:
    """``calls`` POSTs of ``body`` to ``url``, sent together from as many threads, as ``browser`` (its cookies
    and CSRF token)."""
    headers = {
        "X-CSRF-Token": csrf(browser),
        "Cookie": "; ".join(f"{cookie.name}={cookie.value}" for cookie in browser.cookies.jar),
    }
    return at_once(calls, lambda _: httpx2.post(url, json=body, headers=headers, timeout=60))


def test_five_check_ins_posted_at_once_decide_the_session_once(signed_in, hipcoach, clock, live_url):
    browser = screened_runner(signed_in, "ana@example.com")
    runner = profile_id(hipcoach, "ana@example.com")
    programs.override_phase(hipcoach, runner, 2, by="Sam Ortiz, PT", reason="assessed")
    session_id = do_session(hipcoach, runner, Block.STRENGTH, pain=1, rpe=6).session_id
    clock.advance(days=1)

    body = {"pain": 1, "tightness": 2, "red_flags": checkin_flags()}
    responses = post_at_once(5, f"{live_url}/api/checkins", browser, body)

    assert [r.status_code for r in responses] == [201] * 5, [r.text for r in responses]
    deciding = [r.json() for r in responses if r.json()["session_id"] == session_id]
    assert len(deciding) == 1 and deciding[0]["outcome"] == "hold"
    with hipcoach.reading() as db:
        decided = list(db.scalars(select(m.Decision.exercise_id).where(m.Decision.session_id == session_id)))
    assert decided and len(decided) == len(set(decided))
    ladder = browser.get("/api/program").json()["ladder"]
    assert ladder and {rung["level"] for rung in ladder} == {1}


def test_ten_identical_runs_posted_at_once_are_stored_once(signed_in, hipcoach, live_url):
    browser = screened_runner(signed_in, "ana@example.com")

    responses = post_at_once(10, f"{live_url}/api/runs", browser, RUN)

    assert sorted(r.status_code for r in responses) == [201] + [400] * 9, [r.text for r in responses]
    assert all("already stored" in r.json()["detail"] for r in responses if r.status_code == 400)
    assert count(hipcoach, m.Activity) == 1


@pytest.fixture
def quickly_busy_app(
    sqlite_database_url: str, monkeypatch: pytest.MonkeyPatch, clock, tmp_path
) -> Iterator[tuple[TestClient, sqlite3.Connection]]:
    """A browser on an app on SQLite that waits 50 ms (not 5 s) for a lock before trying again, and another
    program's connection to the same file."""
    monkeypatch.setattr(storage, "SQLITE_BUSY_TIMEOUT_MS", 50)
    monkeypatch.setattr(storage, "_pause_before_retry", lambda attempt: None)
    hipcoach = Hipcoach(storage.open_database(sqlite_database_url), default_library(), clock)
    settings = Settings(data_dir=tmp_path / "data", secret_key="test-secret-key-not-for-production")
    app = create_app(settings, hipcoach)
    other = sqlite3.connect(str(hipcoach.engine.url.database), isolation_level=None)
    with TestClient(app, follow_redirects=False) as client:
        yield client, other
    other.close()
    hipcoach.close()


def test_a_write_while_another_program_holds_sqlite_is_answered_503_with_retry_after(quickly_busy_app):
    client, other_program = quickly_busy_app
    assert sign_up(client, "ana@example.com").status_code == 303
    assert post_form(client, "/login", {"email": "ana@example.com", "password": PASSWORD}).status_code == 303
    assert send(client, "PUT", "/api/me/profile", PROFILE).status_code == 201
    other_program.execute("BEGIN IMMEDIATE")

    refused = send(client, "POST", "/api/runs", RUN)

    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "1"  # the 50 ms busy timeout, in whole seconds
    assert "busy" in refused.json()["detail"] and "nothing was saved" in refused.json()["detail"]
    assert client.get("/api/runs").json() == []  # reading goes on meanwhile
    form = {"on": "2026-10-05", "at": "06:30", "km": "10", "minutes": "55"}
    page = post_form(client, "/running/runs", form)
    assert page.status_code == 503 and page.headers["Retry-After"] == "1"
    assert "nothing was saved" in page_text(page)
    other_program.execute("ROLLBACK")
    assert send(client, "POST", "/api/runs", RUN).status_code == 201
