"""The player's page: it carries the plan and the CSRF token for the script, and works without the script."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from hipcoach.services import accounts, onboarding, programs
from hipcoach.storage import models as m
from tests.web.conftest import PASSWORD, csrf, page_text, post_form
from tests.web.test_player_api import give_program


@pytest.fixture
def runner(signed_in, hipcoach):
    def make(email: str = "ana@example.com"):
        client = signed_in(email)
        give_program(hipcoach, email)
        return client

    return make


def embedded_plan(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="session-plan">(.*?)</script>', html, re.S)
    assert found is not None
    return json.loads(found.group(1))


def test_the_player_page_carries_the_plan_the_token_and_a_plain_list(runner):
    client = runner()
    response = client.get("/session")
    assert response.status_code == 200
    token = re.search(r'<meta name="csrf-token" content="([^"]+)">', response.text)
    assert token is not None and token.group(1) == csrf(client)  # the one its forms carry
    assert embedded_plan(response.text) == client.get("/api/session/plan").json()
    text = page_text(response)
    assert "Today's mobility session" in text and "Hip CARs" in text
    assert "2 clockwise + 2 counter-clockwise circles each side, 2 rounds" in text
    assert "Log the session as done" in text and "Sources" in text
    assert '<script type="module" src="/static/player/main.js"></script>' in response.text


def test_without_the_script_the_form_logs_the_session_as_prescribed(runner, hipcoach):
    client = runner()
    response = post_form(
        client, "/session", {"kind": "mobility", "baseline_pain": "1", "pain_during": "2", "rpe": "5"}
    )
    assert response.status_code == 303
    done = client.get(response.headers["location"])
    text = page_text(done)
    # Saved without a time: its morning opens at 06:00 the next day; until then, the pain an hour after.
    assert "Next: the pain about an hour after" in text
    assert "for your session of Monday 2 November opens at 06:00 on Tuesday 3 November" in text
    assert 'action="/checkin/pain-after"' in done.text and "Go to the check-in" not in text
    with hipcoach.reading() as db:
        session = db.scalars(select(m.TrainingSession)).one()
        assert (session.source, session.baseline_pain, session.pain_during) == ("logged", 1, 2)
        assert session.rpe == 5
        assert all(e.full_dose for e in session.exercises) and len(session.exercises) == 8


def test_a_bad_value_in_the_plain_form_is_named_and_nothing_is_saved(runner, hipcoach):
    client = runner()
    response = post_form(
        client, "/session", {"kind": "mobility", "baseline_pain": "1", "pain_during": "12", "rpe": "5"}
    )
    assert response.status_code == 400
    assert "pain during the session must be between 0 and 10, got 12" in page_text(response)
    assert 'value="12"' in response.text  # the answers stay in the form
    with hipcoach.reading() as db:
        assert db.scalars(select(m.TrainingSession)).first() is None


def test_strength_can_be_chosen_once_phase_2_is_open(signed_in, hipcoach):
    client = signed_in("ana@example.com")
    profile_id = give_program(hipcoach, "ana@example.com")
    assert "Do a strength session instead" not in client.get("/session").text
    programs.override_phase(hipcoach, profile_id, 2, by="Sam Ortiz, PT", reason="full range on assessment")
    page = client.get("/session", params={"kind": "strength"})
    plan = embedded_plan(page.text)
    assert plan["kind"] == "strength"
    lunge = next(item for item in plan["items"] if item["exercise_id"] == "runners-lunge")
    assert lunge["logs_effort"] and lunge["level"] == 1 and lunge["level_name"]
    assert "Do a mobility session instead" in page.text


def test_without_a_program_the_page_points_to_the_screening(signed_in, hipcoach):
    client = signed_in("ana@example.com")
    account = accounts.authenticate(hipcoach, "ana@example.com", PASSWORD)
    assert account is not None
    onboarding.save(hipcoach, account, onboarding.OnboardingInput(34, "female", 168, 60, None, 30, ()))
    response = client.get("/session")
    assert response.status_code == 200
    assert "no program yet" in page_text(response).lower() and 'href="/screening"' in response.text


def test_a_paused_program_says_why_there_is_no_session(runner, hipcoach):
    client = runner()
    with hipcoach.transaction() as db:
        program = db.scalars(select(m.Program)).one()
        programs.pause(program, "A red flag came up at a check-in.", at=hipcoach.now())
    response = client.get("/session")
    assert "The program is paused: A red flag came up at a check-in." in page_text(response)


def test_signed_out_the_player_sends_you_to_sign_in(anonymous):
    response = anonymous.get("/session")
    assert response.status_code == 303 and response.headers["location"] == "/login?next=/session"


def test_the_player_page_says_whether_a_session_is_under_way(signed_in, hipcoach):
    """The player asks for the draft only when there is one (issue 18: no 404 on every load)."""
    from hipcoach.services import drafts
    from tests.web.pages import profile_id, runner

    client = runner(signed_in, "draft@example.com")
    assert 'data-draft="no"' in client.get("/session").text
    assert not drafts.has_draft(hipcoach, profile_id(hipcoach, "draft@example.com"))
