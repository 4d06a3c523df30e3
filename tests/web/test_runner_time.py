"""The runner's clock on a UTC server: "today", the next morning and the week are the runner's own.

The server's zone is UTC in every test (see ``tests/conftest.py``); each runner here lives somewhere else.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from hipcoach.domain.content import Block
from hipcoach.services import activities
from hipcoach.services.errors import InvalidInput
from tests.integration.helpers import do_session
from tests.web.conftest import csrf, page_text, post_form
from tests.web.pages import checkin_form_flags, onboard, profile_id, profile_of, screen

LOS_ANGELES = "America/Los_Angeles"  # UTC-8 in November (summer time ended on 1 November 2026)


def runner_in(signed_in, email: str, zone: str):
    """A runner onboarded from a browser in ``zone`` (the page's script sends it), screened, in phase 1."""
    client = signed_in(email)
    assert onboard(client, timezone=zone).status_code == 303
    screen(client)
    return client


def test_the_browsers_zone_becomes_the_profiles_at_onboarding(signed_in, hipcoach):
    runner_in(signed_in, "ana@example.com", "Europe/Berlin")
    assert profile_of(hipcoach, "ana@example.com").timezone == "Europe/Berlin"


def test_an_edit_from_another_zone_keeps_the_runners_zone(signed_in, hipcoach):
    client = runner_in(signed_in, "ana@example.com", "Europe/Berlin")
    assert onboard(client, timezone="Asia/Tokyo", weight_kg="62").status_code == 303
    assert profile_of(hipcoach, "ana@example.com").timezone == "Europe/Berlin"


def test_a_zone_the_server_does_not_know_is_left_for_the_runner_to_choose(signed_in, hipcoach):
    runner_in(signed_in, "ana@example.com", "Mars/Olympus_Mons")
    assert profile_of(hipcoach, "ana@example.com").timezone is None
    client = signed_in("bea@example.com")
    assert onboard(client).status_code == 303  # no script ran: no zone sent
    assert profile_of(hipcoach, "bea@example.com").timezone is None


def test_a_session_at_19_in_los_angeles_is_dated_that_day_and_the_next_morning_checks_it_in(
    signed_in, hipcoach, clock
):
    client = runner_in(signed_in, "ana@example.com", LOS_ANGELES)
    # Monday 2 November, 19:00 in Los Angeles: already Tuesday 03:00 on the server.
    clock.current = datetime(2026, 11, 3, 3, 0, tzinfo=UTC)
    saved = post_form(client, "/session", {"baseline_pain": "1", "pain_during": "2", "rpe": "5"})
    assert saved.status_code == 303, saved.text
    session_id = int(saved.headers["location"].rsplit("/", 1)[1])
    session = client.get(f"/api/sessions/{session_id}").json()
    assert session["performed_on"] == "2026-11-02"

    # Tuesday 07:00 in Los Angeles (15:00 on the server): the morning after that session.
    clock.current = datetime(2026, 11, 3, 15, 0, tzinfo=UTC)
    checked = post_form(client, "/checkin", {"pain": "1", "tightness": "2"} | checkin_form_flags())
    assert checked.status_code == 303, checked.text
    checkin = client.get(checked.headers["location"].replace("/checkins/", "/api/checkins/")).json()
    assert checkin["checked_on"] == "2026-11-03"
    assert checkin["session_id"] == session_id
    assert checkin["decisions"], "the morning check-in decides for the evening's session"


def test_the_week_starts_on_the_runners_monday(signed_in, hipcoach, clock):
    client = runner_in(signed_in, "ana@example.com", LOS_ANGELES)
    # Sunday 8 November, 19:00 in Los Angeles; on the server it is already Monday the 9th.
    clock.current = datetime(2026, 11, 9, 3, 0, tzinfo=UTC)
    activities.add_run(
        hipcoach,
        profile_id(hipcoach, "ana@example.com"),
        datetime(2026, 11, 9, 2, 0, tzinfo=UTC),  # Sunday 18:00 in Los Angeles
        10.0,
        60.0,
    )
    load = client.get("/api/load", params={"weeks": 1}).json()
    assert load["zone"] == LOS_ANGELES
    [week] = load["weeks"]
    assert week["week_start"] == "2026-11-02"
    assert week["distance_km"] == 10.0  # Sunday evening's run is in this week, not the next
    assert client.get("/api/program").json()["today"] == "2026-11-08"


def test_two_runners_far_apart_see_their_own_today_at_the_same_instant(signed_in, hipcoach, clock):
    auckland = runner_in(signed_in, "kiri@example.com", "Pacific/Auckland")  # UTC+13 in November
    honolulu = runner_in(signed_in, "leilani@example.com", "Pacific/Honolulu")  # UTC-10
    clock.current = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
    assert auckland.get("/api/program").json()["today"] == "2026-11-03"
    assert honolulu.get("/api/program").json()["today"] == "2026-11-02"
    # A session dated 3 November is today's in Auckland and still tomorrow's in Honolulu.
    assert do_session(
        hipcoach, profile_id(hipcoach, "kiri@example.com"), Block.MOBILITY, on=date(2026, 11, 3)
    )
    with pytest.raises(InvalidInput, match="is in the future"):
        do_session(
            hipcoach, profile_id(hipcoach, "leilani@example.com"), Block.MOBILITY, on=date(2026, 11, 3)
        )


def test_the_account_page_names_the_zone_and_its_time_and_changes_it(signed_in, hipcoach, clock):
    client = runner_in(signed_in, "ana@example.com", "Europe/Berlin")
    clock.current = datetime(2026, 11, 2, 20, 30, tzinfo=UTC)  # 21:30 in Berlin (winter time)
    page = client.get("/account")
    assert page.status_code == 200
    assert "Europe/Berlin, now 21:30" in page_text(page)
    assert re.search(r'<input[^>]*name="timezone"[^>]*list="timezone-list"', page.text)
    assert '<option value="America/Los_Angeles">' in page.text  # the searchable list holds every region

    moved = post_form(client, "/account/timezone", {"timezone": " America/Los_Angeles "})
    assert moved.status_code == 303 and moved.headers["location"] == "/account?saved=true"
    assert "America/Los Angeles, now 12:30" in page_text(client.get("/account?saved=true"))

    refused = client.post("/account/timezone", data={"csrf_token": csrf(client), "timezone": "Berlin"})
    assert refused.status_code == 400
    assert "Unknown time zone" in page_text(refused) and "Berlin" in page_text(refused)
    assert profile_of(hipcoach, "ana@example.com").timezone == LOS_ANGELES


def test_changing_the_zone_keeps_the_instant_of_what_was_recorded(signed_in, hipcoach, clock):
    client = runner_in(signed_in, "ana@example.com", "Europe/Berlin")
    clock.current = datetime(2026, 11, 2, 6, 30, tzinfo=UTC)  # 07:30 in Berlin
    post_form(client, "/running/runs", {"on": "2026-11-02", "at": "07:00", "km": "8", "minutes": "45"})
    before = client.get("/api/runs").json()
    post_form(client, "/account/timezone", {"timezone": "Asia/Tokyo"})
    after = client.get("/api/runs").json()
    assert [r["started_at"] for r in after] == [r["started_at"] for r in before]
    assert datetime.fromisoformat(after[0]["started_at"]) == datetime(2026, 11, 2, 6, 0, tzinfo=UTC)
