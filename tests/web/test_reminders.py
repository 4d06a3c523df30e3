"""The runner's training time on the week page, and the calendar's events: at that time in their zone, each
as long as its session takes."""

from __future__ import annotations

import html
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar

from hipcoach.domain.content import Block
from hipcoach.domain.program import session_minutes
from hipcoach.services import programs, reminders
from tests.web.conftest import csrf, page_text, post_form
from tests.web.pages import profile_id, runner

EMAIL = "ana@example.com"
TOKYO = ZoneInfo("Asia/Tokyo")
WEEK = {f"day-{d}": "rest" for d in range(7)} | {"day-1": "hard", "day-3": "easy", "day-6": "long"}


def events(response) -> dict[str, tuple[datetime, datetime]]:
    """UID -> (start, end) on Tokyo's wall clock."""
    assert response.status_code == 200, response.text
    found = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    return {
        str(e["UID"]): (e.decoded("DTSTART").astimezone(TOKYO), e.decoded("DTEND").astimezone(TOKYO))
        for e in found
    }


def test_the_saved_time_places_each_session_for_as_long_as_its_plan_takes(signed_in, hipcoach):
    client = runner(signed_in, EMAIL)
    pid = profile_id(hipcoach, EMAIL)
    programs.override_phase(hipcoach, pid, 2, by="Sam Ortiz, PT", reason="full range")  # strength days too
    saved = post_form(client, "/running/week", WEEK | {"timezone": "Asia/Tokyo", "reminder_time": "06:45"})
    assert saved.status_code == 303, saved.text
    page = client.get("/running/week")
    assert 'name="reminder_time" value="06:45"' in page.text

    mobility = session_minutes(programs.plan_session(hipcoach, pid, Block.MOBILITY))
    strength_plan = programs.plan_session(hipcoach, pid, Block.STRENGTH)
    strength = session_minutes(strength_plan)
    assert f"about {mobility} minutes on a mobility day and about {strength} minutes" in page_text(page)

    found = events(client.get("/running/week.ics", params={"weeks": 1}))
    strength_uids = [uid for uid in found if uid.endswith("-strength@hipcoach")]
    mobility_only = [
        uid
        for uid in found
        if uid.endswith("-mobility@hipcoach") and uid.replace("mobility", "strength") not in found
    ]
    assert strength_uids and mobility_only
    for uid in strength_uids:  # the warm-up at 06:45, strength straight after, done when the session is
        warm_start, warm_end = found[uid.replace("strength", "mobility")]
        start, end = found[uid]
        assert warm_start.time() == time(6, 45) and warm_end == start
        assert end - warm_start == timedelta(minutes=strength)
    for uid in mobility_only:
        start, end = found[uid]
        assert start.time() == time(6, 45) and end - start == timedelta(minutes=mobility)


def test_an_explicit_time_wins_for_that_file_and_the_api_uses_the_saved_one(signed_in, hipcoach):
    client = runner(signed_in, EMAIL)
    post_form(client, "/running/week", WEEK | {"timezone": "Asia/Tokyo", "reminder_time": "19:30"})
    assert {s.time() for s, _ in events(client.get("/api/week.ics")).values()} == {time(19, 30)}
    at_seven = events(client.get("/running/week.ics", params={"at": "07:00"}))
    assert {s.time() for s, _ in at_seven.values()} == {time(7, 0)}
    assert reminders.saved_time(hipcoach, profile_id(hipcoach, EMAIL)) == time(19, 30)


def test_without_a_chosen_time_sessions_start_at_the_default_and_emptying_it_goes_back(signed_in, hipcoach):
    client = runner(signed_in, EMAIL)
    post_form(client, "/running/week", WEEK | {"timezone": "Asia/Tokyo"})
    default = reminders.DEFAULT_REMINDER_TIME
    assert {s.time() for s, _ in events(client.get("/running/week.ics")).values()} == {default}
    post_form(client, "/running/week", WEEK | {"timezone": "Asia/Tokyo", "reminder_time": "05:30"})
    post_form(client, "/running/week", WEEK | {"timezone": "Asia/Tokyo", "reminder_time": ""})
    assert reminders.saved_time(hipcoach, profile_id(hipcoach, EMAIL)) is None


def test_a_time_that_is_not_a_time_is_refused_naming_it_and_nothing_is_saved(signed_in, hipcoach):
    client = runner(signed_in, EMAIL)
    refused = post_form(client, "/running/week", WEEK | {"timezone": "Asia/Tokyo", "reminder_time": "7pm"})
    assert refused.status_code == 400
    assert "'7pm' is not a time of day; write it like 18:30." in html.unescape(page_text(refused))
    assert 'value="7pm"' in refused.text  # what was typed stays, to be put right
    assert reminders.saved_time(hipcoach, profile_id(hipcoach, EMAIL)) is None
    assert "No training week yet" in page_text(client.get("/running/week"))


def test_the_api_sets_and_shows_the_time_and_each_days_length(signed_in, hipcoach):
    client = runner(signed_in, EMAIL)
    headers = {"X-CSRF-Token": csrf(client)}
    body = {"days": {"1": "hard", "6": "long"}, "timezone": "Asia/Tokyo", "reminder_time": "06:15"}
    week = client.put("/api/week", json=body, headers=headers)
    assert week.status_code == 200, week.text
    pid = profile_id(hipcoach, EMAIL)
    mobility = session_minutes(programs.plan_session(hipcoach, pid, Block.MOBILITY))
    assert week.json()["reminder_time"] == "06:15"
    assert week.json()["session_minutes"]["mobility"] == mobility
    kept = client.put("/api/week", json={"days": {"1": "hard"}}, headers=headers)  # left out: kept
    assert kept.json()["reminder_time"] == "06:15"
    cleared = client.put("/api/week", json={"days": {"1": "hard"}, "reminder_time": None}, headers=headers)
    assert cleared.json()["reminder_time"] is None
    refused = client.put("/api/week", json={"days": {}, "reminder_time": "7pm"}, headers=headers)
    assert refused.status_code == 422
