"""The program page: phase and why, the week, the gate, today's session, the ladder, pause and settings."""

import re

from hipcoach.domain.content import Block
from hipcoach.services import programs
from hipcoach.storage import models as m
from tests.integration.helpers import count, do_session, morning
from tests.web.conftest import page_text, post_form
from tests.web.pages import onboard, profile_id, runner


def test_the_program_shows_the_phase_the_week_the_gate_and_todays_session(signed_in):
    client = runner(signed_in, "ana@example.com")
    response = client.get("/program")
    text = page_text(response)
    assert response.status_code == 200
    assert "Phase 1 - mobility" in text and "Win back range in all six hip directions" in text
    assert "Why this phase" in text and "Range comes first" in text and "Sources" in text
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"):
        assert day in text
    assert "Monday today" in text  # the test clock starts on a Monday
    assert "Monday today Mobility Tuesday Rest from hipcoach work" in text
    assert "What opens Phase 2 - strength on the new range" in text
    assert "0 of 6 mobility sessions logged" in text and "Still to do:" in text
    assert "Today's session" in text and "Hip CARs" in text and "2 rounds" in text
    assert '<a class="button" href="/session">Start today\'s session</a>' in response.text
    assert "Your strength ladder" not in text  # no strength work in phase 1


def test_in_phase_two_the_ladder_and_gate_use_exercise_names(signed_in, hipcoach):
    client = runner(signed_in, "ana@example.com")
    runner_id = profile_id(hipcoach, "ana@example.com")
    programs.override_phase(hipcoach, runner_id, 2, "Sam Ortiz, PT", "full range on assessment")
    text = page_text(client.get("/program"))
    assert "Phase 2 - strength on the new range" in text
    assert "Your strength ladder" in text and "1 of 4: Tall-kneeling halo" in text
    assert "lunge with overhead press: level 1 of 3 needed" in text
    assert "runners-lunge:" not in text
    assert "Mobility + strength + core" in text and "48 hours" in text


def test_a_red_flag_at_check_in_shows_the_pause_and_what_to_do(signed_in, hipcoach):
    client = runner(signed_in, "ana@example.com")
    runner_id = profile_id(hipcoach, "ana@example.com")
    do_session(hipcoach, runner_id, Block.MOBILITY)
    morning(hipcoach, runner_id, flags={"leg-numbness-tingling"})
    response = client.get("/program")
    text = page_text(response)
    assert "See a clinician before you go on" in text and "Your program is paused, on hold since" in text
    assert "What raised it:" in text and "What lifts it:" in text
    assert '<a class="button" href="/clearance">Record a clearance</a>' in response.text
    assert 'href="/screening"' not in response.text  # retaking the screening lifts nothing
    assert "Start today's session" not in text


def test_settings_change_strength_days_and_core_and_bad_values_are_refused(signed_in, hipcoach):
    client = runner(signed_in, "ana@example.com")
    runner_id = profile_id(hipcoach, "ana@example.com")
    saved = post_form(client, "/program/settings", {"strength_days": "3"})  # core left unticked: off
    assert saved.status_code == 303 and saved.headers["location"] == "/program?saved=true"
    view = programs.overview(hipcoach, runner_id)
    assert (view.settings.strength_days_per_week, view.settings.include_core) == (3, False)
    assert "Your settings are saved" in page_text(client.get(saved.headers["location"]))
    refusals = (("5", "must be 2 or 3, got 5"), ("1", "must be 2 or 3"), ("two", "must be a number"))
    for bad, message in refusals:
        refused = post_form(client, "/program/settings", {"strength_days": bad, "core": "on"})
        assert refused.status_code == 400 and message in page_text(refused)
    view = programs.overview(hipcoach, runner_id)
    assert (view.settings.strength_days_per_week, view.settings.include_core) == (3, False)
    assert re.search(r'id="strength-days-3"[^>]*checked', client.get("/program").text)


def test_without_a_program_the_page_sends_the_runner_to_the_screening(signed_in, hipcoach):
    client = signed_in("ana@example.com")
    onboard(client)
    response = client.get("/program")
    assert response.status_code == 200
    assert "No program yet" in page_text(response) and 'href="/screening"' in response.text
    assert "No program yet" in page_text(post_form(client, "/program/settings", {"strength_days": "2"}))
    assert count(hipcoach, m.Program) == 0


def test_the_program_needs_an_account_and_a_profile(signed_in, anonymous):
    assert anonymous.get("/program").headers["location"] == "/login?next=/program"
    assert (
        post_form(anonymous, "/program/settings", {"strength_days": "2"})
        .headers["location"]
        .startswith("/login")
    )
    assert signed_in("new@example.com").get("/program").headers["location"] == "/onboarding"


def test_a_newcomer_on_a_rest_day_is_offered_a_first_session_at_the_top_of_the_page(signed_in, clock):
    """Issue 18: day 1 must not greet a new runner with "Today is a rest day" and the start button far
    down."""
    clock.advance(days=1)  # a Tuesday: no hipcoach work in phase 1's week
    client = runner(signed_in, "new@example.com")
    page = client.get("/program")
    text = page_text(page)
    assert "Tuesday today Rest from hipcoach work" in text
    assert "Your program starts today" in text and "Today is a rest day" not in text
    start = page.text.index('href="/session">Start today\'s session</a>')
    assert start < page.text.index("Why this phase")  # before the explanations, near the top of a phone

    clock.advance(days=7)  # the next Tuesday: a rest day of a program under way
    text = page_text(client.get("/program"))
    assert "Today is a rest day from hipcoach work" in text and "Your program starts today" not in text
