"""A phone that was offline sends its session and check-in when the network is back, maybe more than once:
the Idempotency-Key it made once makes each of them one row, whatever the retries."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx2
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from hipcoach.domain.content import Block
from hipcoach.services import client_keys
from hipcoach.storage import models as m
from tests.integration.helpers import checkin_flags, count, do_session
from tests.web.conftest import csrf
from tests.web.live import at_once, live_server
from tests.web.test_player_api import DRAFT, FINISH, full_state, give_program, send

KEY = "0b6a8c1e-6f53-4d1b-9a51-3f2f8a6f1c11"
OTHER_KEY = "7d3e1b40-2a8f-4f07-8a0e-5c1e2b9f4d22"
CHECKINS = "/api/checkins"


def post(client: TestClient, url: str, body: Any = None, key: str | None = KEY) -> httpx2.Response:
    headers = {"X-CSRF-Token": csrf(client)}
    if key is not None:
        headers[client_keys.HEADER] = key
    if body is None:
        return client.post(url, headers=headers)
    headers["Content-Type"] = "application/json"
    return client.post(url, content=json.dumps(body), headers=headers)


@pytest.fixture
def runner(signed_in, hipcoach):
    def make(email: str = "ana@example.com") -> tuple[TestClient, int]:
        client = signed_in(email)
        return client, give_program(hipcoach, email)

    return make


def kept(client: TestClient, **times: str) -> dict[str, Any]:
    """What the player sends of a session it kept on the phone: its whole state, when it began and ended."""
    return {"state": full_state(client.get("/api/session/plan").json())} | times


def sessions_of(hipcoach, profile_id: int) -> list[m.TrainingSession]:
    with hipcoach.reading() as db:
        return list(db.scalars(select(m.TrainingSession).where(m.TrainingSession.profile_id == profile_id)))


def test_a_session_sent_twice_with_one_key_is_saved_once_and_the_retry_gets_the_same_answer(runner, hipcoach):
    client, ana = runner()
    body = kept(client)

    first = post(client, FINISH, body)
    again = post(client, FINISH, body)

    assert first.status_code == 201, first.text
    assert again.status_code == 200 and again.json() == first.json()
    assert [s.client_key for s in sessions_of(hipcoach, ana)] == [KEY]
    assert client.get(first.json()["next"]).status_code == 200


def test_a_session_sent_with_another_key_is_another_session(runner, hipcoach):
    client, ana = runner()
    body = kept(client)

    assert post(client, FINISH, body).status_code == 201
    assert post(client, FINISH, body, key=OTHER_KEY).status_code == 201

    assert sorted(s.client_key for s in sessions_of(hipcoach, ana)) == sorted([KEY, OTHER_KEY])


def test_a_session_kept_offline_removes_the_draft_and_belongs_to_the_day_it_was_started(
    runner, hipcoach, clock
):
    client, ana = runner()
    body = kept(client)
    assert send(client, "PUT", DRAFT, body["state"]).status_code == 200
    yesterday = clock()
    clock.advance(days=1)

    saved = post(
        client, FINISH, body | {"started_at": yesterday.isoformat(), "finished_at": yesterday.isoformat()}
    )

    assert saved.status_code == 201, saved.text
    assert saved.json()["performed_on"] == yesterday.date().isoformat()
    assert client.get(DRAFT).status_code == 404


def test_the_same_key_from_another_runner_is_that_runners_own(runner, hipcoach):
    ana_client, ana = runner("ana@example.com")
    ben_client, ben = runner("ben@example.com")

    ana_saved = post(ana_client, FINISH, kept(ana_client))
    ben_saved = post(ben_client, FINISH, kept(ben_client))

    assert (ana_saved.status_code, ben_saved.status_code) == (201, 201)
    assert ana_saved.json()["session_id"] != ben_saved.json()["session_id"]
    assert len(sessions_of(hipcoach, ana)) == len(sessions_of(hipcoach, ben)) == 1


@pytest.mark.parametrize(
    "key", ["", "short", "x" * 65, "has space-in-it", "semi;colon-key", "-starts-with-dash"]
)
def test_a_bad_key_is_refused_by_name_and_nothing_is_saved(runner, hipcoach, key):
    client, ana = runner()

    finish = post(client, FINISH, kept(client), key=key)
    checkin = post(client, CHECKINS, {"pain": 1, "tightness": 2, "red_flags": checkin_flags()}, key=key)

    for refused in (finish, checkin):
        assert refused.status_code == 422, refused.text
        assert client_keys.HEADER in json.dumps(refused.json()["detail"])
    assert sessions_of(hipcoach, ana) == [] and count(hipcoach, m.Checkin) == 0


def test_a_kept_session_needs_its_key_and_a_finish_without_a_body_still_finishes_the_draft(runner, hipcoach):
    client, ana = runner()
    body = kept(client)

    refused = post(client, FINISH, body, key=None)
    assert refused.status_code == 422 and client_keys.HEADER in refused.text

    assert send(client, "PUT", DRAFT, body["state"]).status_code == 200
    first = post(client, FINISH)  # the online player: the draft on the server, and a key
    again = post(client, FINISH)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["session_id"] == first.json()["session_id"]
    assert len(sessions_of(hipcoach, ana)) == 1


def test_a_session_finished_in_the_future_or_long_ago_by_the_phones_clock_is_refused(runner, hipcoach, clock):
    client, ana = runner()
    later = clock().replace(year=clock().year + 1).isoformat()
    long_ago = (clock() - timedelta(days=60)).isoformat()

    future = post(client, FINISH, kept(client, finished_at=later))
    past = post(client, FINISH, kept(client, started_at=long_ago))
    unreal = post(client, FINISH, kept(client, started_at="0001-01-01T00:00:00+01:00"))

    assert future.status_code == 400 and "future" in future.json()["detail"]
    assert past.status_code == 400 and "more than 28 days ago" in past.json()["detail"]
    assert unreal.status_code == 422 and "this far from now" in unreal.text
    assert sessions_of(hipcoach, ana) == []


def test_a_phone_whose_clock_is_hours_ahead_still_dates_its_session_by_the_servers_clock(
    runner, hipcoach, clock
):
    # The phone's clock is 3 h ahead: it finished 2 h ago by its own clock and sends now. Taken as they are,
    # its times would be an hour in the future; the server trusts only the 2 h.
    client, ana = runner()
    ahead = timedelta(hours=3)
    phone_now = clock() + ahead
    finished_by_phone = phone_now - timedelta(hours=2)
    times = {
        "started_at": (finished_by_phone - timedelta(minutes=30)).isoformat(),
        "finished_at": finished_by_phone.isoformat(),
        "sent_at": phone_now.isoformat(),
    }

    saved = post(client, FINISH, kept(client, **times))

    assert saved.status_code == 201, saved.text
    [session] = sessions_of(hipcoach, ana)
    assert session.finished_at == clock() - timedelta(hours=2)
    assert session.started_at == clock() - timedelta(hours=2, minutes=30)


def test_a_check_in_sent_twice_with_one_key_is_saved_and_decides_once(runner, hipcoach, clock):
    client, ana = runner()
    do_session(hipcoach, ana, Block.MOBILITY)
    clock.advance(days=1)
    body = {"pain": 1, "tightness": 2, "red_flags": checkin_flags()}

    first = post(client, CHECKINS, body)
    again = post(client, CHECKINS, body)
    other = post(client, CHECKINS, body, key=OTHER_KEY)

    assert first.status_code == 201, first.text
    assert again.status_code == 200
    assert {k: v for k, v in again.json().items() if k != "phase_change"} == {
        k: v for k, v in first.json().items() if k != "phase_change"
    }
    assert other.status_code == 201 and other.json()["id"] != first.json()["id"]
    assert other.json()["session_id"] is None  # the session was decided by the first one, once
    with hipcoach.reading() as db:
        keys = sorted(db.scalars(select(m.Checkin.client_key).where(m.Checkin.profile_id == ana)))
    assert keys == sorted([KEY, OTHER_KEY])


@pytest.fixture
def live_url(web_app) -> Iterator[str]:
    with live_server(web_app) as url:
        yield url


def test_one_key_sent_five_times_at_once_makes_one_session_and_one_check_in(
    runner, hipcoach, clock, live_url
):
    client, ana = runner()
    headers = {
        "X-CSRF-Token": csrf(client),
        "Cookie": "; ".join(f"{cookie.name}={cookie.value}" for cookie in client.cookies.jar),
        client_keys.HEADER: KEY,
    }
    body = kept(client)

    def together(url: str, payload: dict[str, Any]) -> list[httpx2.Response]:
        return at_once(5, lambda _: httpx2.post(url, json=payload, headers=headers, timeout=60))

    finished = together(f"{live_url}{FINISH}", body)
    assert sorted(r.status_code for r in finished) == [200] * 4 + [201], [r.text for r in finished]
    assert len({r.json()["session_id"] for r in finished}) == 1
    assert len(sessions_of(hipcoach, ana)) == 1

    clock.advance(days=1)
    checked = together(f"{live_url}{CHECKINS}", {"pain": 1, "tightness": 2, "red_flags": checkin_flags()})
    assert sorted(r.status_code for r in checked) == [200] * 4 + [201], [r.text for r in checked]
    assert len({r.json()["id"] for r in checked}) == 1
    assert count(hipcoach, m.Checkin) == 1
