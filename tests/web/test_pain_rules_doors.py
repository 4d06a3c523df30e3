"""BRIEF §5 through the pages and the JSON API, on SQLite and PostgreSQL: the session-saved page asks for the
pain an hour after and says when the morning check-in opens; the check-in page and the API refuse a morning
check-in before then; a session without pain scores decides nothing; pain 6 an hour after steps back.
The clock starts on Monday 2 November 2026 at 07:00 UTC, the runner's zone."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from hipcoach.domain import rules as R
from hipcoach.services import programs
from tests.integration.helpers import checkin_flags, row_counts
from tests.web.conftest import csrf, page_text, post_form
from tests.web.pages import checkin_form_flags, profile_id, runner
from tests.web.test_player_api import full_state


def send(client: TestClient, method: str, url: str, body: Any = None):
    headers = {"X-CSRF-Token": csrf(client), "Content-Type": "application/json"}
    return client.request(
        method, url, content=json.dumps(body) if body is not None else None, headers=headers
    )


def finish_a_session(client: TestClient, kind: str = "mobility", **answers: Any) -> int:
    """Today's session through the player's API, every set done: saved with its times (finished now)."""
    plan = client.get("/api/session/plan", params={"kind": kind}).json()
    assert send(client, "PUT", "/api/session/draft", full_state(plan, **answers)).status_code == 200
    finished = send(client, "POST", "/api/session/finish")
    assert finished.status_code == 201, finished.text
    return finished.json()["session_id"]


def morning_form(pain="1", tightness="2", pain_after=""):
    return {"pain": pain, "tightness": tightness, "pain_after": pain_after} | checkin_form_flags()


def morning_json(pain=1, tightness=2):
    return {"pain": pain, "tightness": tightness, "red_flags": checkin_flags()}


@pytest.fixture
def ana(signed_in):
    return runner(signed_in, "ana@example.com")


# --- (a) the same evening: the hour after, and the morning check-in waiting for its time -----------------


def test_an_evening_session_asks_the_hour_after_and_the_morning_waits_for_the_next_day_and_six_hours(
    ana, hipcoach, clock
):
    clock.advance(hours=13)  # Monday 20:00
    session_id = finish_a_session(ana, baseline_pain=1, pain_during=2)
    done = ana.get(f"/session/done/{session_id}")
    text = page_text(done)
    assert "Next: the pain about an hour after" in text
    assert "for your session of Monday 2 November opens at 02:00 on Tuesday 3 November" in text
    assert R.pain_after_hint() in text and "Go to the check-in" not in text

    clock.advance(hours=1)
    saved = post_form(
        ana, "/checkin/pain-after", {"pain_after": "3", "session_id": str(session_id), "back": "done"}
    )
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/session/done/{session_id}#pain-after-form"
    assert "Saved: 3/10. 3/10 or less an hour after: the pain has settled." in page_text(
        ana.get(f"/session/done/{session_id}")
    )

    waiting = ana.get("/checkin")
    assert waiting.status_code == 200
    text = page_text(waiting)
    assert "Morning check-in: not yet" in text and "opens at 02:00 on Tuesday 3 November" in text
    assert "Pain this morning" not in text
    assert "answer the warning-sign questions now" in text

    before = row_counts(hipcoach)
    refused = post_form(ana, "/checkin", morning_form())
    assert refused.status_code == 400
    assert "opens at 02:00 on Tuesday 3 November" in page_text(refused)
    assert "nothing was saved" in page_text(refused)
    assert row_counts(hipcoach) == before

    clock.current += timedelta(hours=4, minutes=59)  # Tuesday 01:59: a later day, 5 h 59 min after
    assert "Morning check-in: not yet" in page_text(ana.get("/checkin"))
    clock.current += timedelta(minutes=1)  # 02:00
    form = ana.get("/checkin")
    assert "Pain this morning" in page_text(form)
    assert 'name="pain_after"' in form.text and 'value="3"' in form.text  # what was given last night
    checked = post_form(ana, "/checkin", morning_form(pain_after="3"))
    assert checked.status_code == 303, page_text(checked)
    result = page_text(ana.get(checked.headers["location"]))
    assert "Your session of 2 November 2026" in result and "One more like it and you move up" in result


def test_the_wait_page_states_the_rule_from_its_constants(ana, clock, monkeypatch):
    finish_a_session(ana)
    monkeypatch.setattr(R, "NEXT_MORNING_MIN_HOURS", 20)
    monkeypatch.setattr(R, "PAIN_ACCEPTABLE_MAX", 6)
    text = page_text(ana.get("/checkin"))
    assert "at least 20 hours after the session ended" in text
    assert "opens at 03:00 on Tuesday 3 November" in text  # 07:00 + 20 h
    assert "above 6 means a step back at the morning check-in" in text


def test_a_bad_hour_after_value_is_refused_on_the_wait_page_and_nothing_changes(ana, hipcoach):
    session_id = finish_a_session(ana)
    refused = post_form(ana, "/checkin/pain-after", {"pain_after": "11", "session_id": str(session_id)})
    assert refused.status_code == 400
    assert "must be between 0 and 10, got 11" in page_text(refused)
    # By its field, with what was typed kept, and the summary at the top linking to it (issue 18).
    assert 'id="pain_after-error"' in refused.text and 'aria-invalid="true"' in refused.text
    assert 'value="11"' in refused.text and 'href="#pain_after"' in refused.text
    api = send(ana, "GET", "/api/checkins/next").json()
    assert api["waiting"]["pain_after"] is None


# --- the same through the JSON API --------------------------------------------------------------------


def test_the_api_says_when_the_morning_opens_and_refuses_a_check_in_before(ana, hipcoach, clock):
    assert ana.get("/api/checkins/next").json()["waiting"] is None
    clock.advance(hours=13)  # Monday 20:00
    session_id = finish_a_session(ana)
    following = ana.get("/api/checkins/next").json()
    assert following["waiting"] == {
        "session_id": session_id,
        "session_date": "2026-11-02",
        "kind": "mobility",
        "opens_at": "2026-11-03T02:00:00Z",
        "is_open": False,
        "pain_after": None,
    }
    assert "at least 6 hours after the session ended" in following["rule"]

    before = row_counts(hipcoach)
    refused = send(ana, "POST", "/api/checkins", morning_json())
    assert refused.status_code == 400
    assert "opens at 02:00 on Tuesday 3 November" in refused.json()["detail"]
    assert row_counts(hipcoach) == before

    given = send(ana, "POST", "/api/checkins/pain-after", {"pain_after": 6})
    assert given.status_code == 200 and given.json()["pain_after"] == 6

    # (d) pain 6 an hour after: the next morning steps back.
    clock.advance(hours=11)  # Tuesday 07:00
    checked = send(ana, "POST", "/api/checkins", morning_json())
    assert checked.status_code == 201, checked.text
    body = checked.json()
    assert body["session_id"] == session_id and body["outcome"] == "regress"
    assert body["decisions"][0]["reason"].startswith(
        "Step back: pain an hour after the session was 6/10, above 5/10."
    )
    late = send(ana, "POST", "/api/checkins/pain-after", {"pain_after": 2, "session_id": session_id})
    assert late.status_code == 400 and "no longer waits" in late.json()["detail"]


# --- (c) a session saved through the API without pain scores ------------------------------------------


def test_a_session_saved_through_the_api_without_pain_scores_decides_nothing(ana, hipcoach, clock):
    programs.override_phase(
        hipcoach, profile_id(hipcoach, "ana@example.com"), 2, by="Sam Ortiz, PT", reason="x"
    )
    levels = ana.get("/api/program").json()
    finish_a_session(ana, kind="strength", pain_during=None, rpe=None)  # no exercise has a pain either
    clock.advance(days=1)
    checked = send(ana, "POST", "/api/checkins", morning_json())
    assert checked.status_code == 201, checked.text
    decisions = checked.json()["decisions"]
    assert decisions and checked.json()["outcome"] == "hold"
    for decision in decisions:
        assert decision["reason"] == (
            "Not enough information to move on: the pain during the session was not recorded, so nothing "
            "changes."
        )
        assert decision["from_level"] == decision["to_level"]
    assert ana.get("/api/program").json()["ladder"] == levels["ladder"]


def test_a_morning_at_the_ceiling_without_a_session_pauses_and_says_why_on_the_pages(ana, clock):
    clock.advance(days=1)
    checked = post_form(ana, "/checkin", morning_form(pain="6"))
    assert checked.status_code == 303, page_text(checked)
    result = page_text(ana.get(checked.headers["location"]))
    assert "Your morning pain" in result
    assert "The program is paused: your morning pain is 6/10, at or above the ceiling of 6/10." in result
    assert "Your program is paused" in result
    progress = page_text(ana.get("/progress"))
    assert "Program: Pause The program is paused: your morning pain is 6/10" in progress
