"""The morning check-in: the form, the decision page, a pause, a new phase, refusals and privacy."""

import re

from hipcoach.domain.content import Block
from hipcoach.storage import models as m
from tests.integration.helpers import count, do_session, morning
from tests.web.conftest import page_text, post_form
from tests.web.pages import checkin_form_flags, onboard, profile_id, runner


def check_in(client, pain="1", tightness="2", pain_after="", red_flags=()):
    """The check-in form, every warning sign answered: Yes to those named, No to the rest."""
    flags = checkin_form_flags(*red_flags) | {f"flag.{flag_id}": "yes" for flag_id in red_flags}
    data = {"pain": pain, "tightness": tightness, "pain_after": pain_after} | flags
    return post_form(client, "/checkin", data)


def test_the_form_asks_pain_tightness_the_hour_after_and_the_warning_signs_again(signed_in):
    client = runner(signed_in, "ana@example.com")
    response = client.get("/checkin")
    text = page_text(response)
    assert response.status_code == 200
    assert "Pain this morning (0-10)" in text and "Hip tightness this morning (0-10)" in text
    assert "Pain about an hour after your last session (optional)" in text
    assert "Please answer each one yes or no" in text
    assert '<label for="flag-saddle-numbness-yes">Yes</label>' in response.text
    assert "Since your last check-in, has your pain been sharp" in text
    assert "checked" not in response.text


def test_the_check_in_asks_what_can_be_new_and_never_the_history(signed_in):
    client = runner(signed_in, "ana@example.com")
    response = client.get("/checkin")
    text = page_text(response)
    for history in ("cancer-history", "long-term-steroids", "earlier-stress-fracture", "missed-periods"):
        assert f'name="flag.{history}"' not in response.text
    assert "treated for cancer" not in text and "Have you ever had a stress fracture" not in text
    assert 'name="flag.possible-femoral-neck-stress-fracture"' in response.text
    assert 'name="flag.foot-bone-stress"' not in response.text  # no foot pain at the screening
    footed = runner(signed_in, "ben@example.com", signs=("foot-pain",))
    assert 'name="flag.foot-bone-stress" value="yes"' in footed.get("/checkin").text


def test_a_check_in_with_a_warning_sign_unanswered_is_refused_naming_it_and_nothing_is_saved(
    signed_in, hipcoach
):
    client = runner(signed_in, "ana@example.com")
    form = {"pain": "1", "tightness": "2", "pain_after": ""} | checkin_form_flags()
    del form["flag.night-pain"]
    response = post_form(client, "/checkin", form)
    text = page_text(response)
    assert response.status_code == 400
    assert "Please answer every question yes or no; nothing was saved" in text
    assert "Since your last check-in, has your pain been severe at night" in text
    assert '<a href="#flag-night-pain">' in response.text and 'value="1"' in response.text
    assert count(hipcoach, m.Checkin) == 0


def test_groin_pain_on_hopping_at_check_in_says_stop_running_today(signed_in):
    client = runner(signed_in, "ana@example.com")
    stopped = check_in(client, red_flags=["possible-femoral-neck-stress-fracture"])
    page = client.get(stopped.headers["location"])
    text = page_text(page)
    assert "Stop running today" in text and "imaging" in text and "your program is paused" in text


def test_a_check_in_after_a_session_shows_the_decision_with_its_reason_and_sources(
    signed_in, hipcoach, clock
):
    client = runner(signed_in, "ana@example.com")
    saved = do_session(hipcoach, profile_id(hipcoach, "ana@example.com"), Block.MOBILITY)
    clock.advance(days=1)
    response = check_in(client, pain="1", tightness="3", pain_after="2")
    assert response.status_code == 303 and response.headers["location"].startswith("/checkins/")
    page = client.get(response.headers["location"])
    text = page_text(page)
    assert "3 November 2026: pain 1/10, tightness 3/10, pain an hour after the session 2/10" in text
    assert "Your session of 2 November 2026" in text
    assert "The whole session" in text and "Stay here" in text and "One more like it and you move up" in text
    assert "Sources" in text and f'href="/sessions/{saved.session_id}"' in page.text
    assert "paused" not in text


def test_a_check_in_without_a_recent_session_is_saved_with_nothing_to_decide(signed_in):
    client = runner(signed_in, "ana@example.com")
    page = client.get(check_in(client).headers["location"])
    assert "nothing to decide today" in page_text(page)


def test_a_red_flag_at_check_in_pauses_with_referral_advice(signed_in, hipcoach, clock):
    client = runner(signed_in, "ana@example.com")
    do_session(hipcoach, profile_id(hipcoach, "ana@example.com"), Block.MOBILITY)
    clock.advance(days=1)
    page = client.get(check_in(client, red_flags=["bladder-bowel-change"]).headers["location"])
    text = page_text(page)
    assert "Seek care today" in text and "bladder or bowel control" in text
    assert "Pause" in text and "your program is paused" in text and "record their clearance" in text
    assert "Sources" in text


def test_the_check_in_that_opens_phase_two_says_so(signed_in, hipcoach, clock):
    client = runner(signed_in, "ana@example.com")
    runner_id = profile_id(hipcoach, "ana@example.com")
    for _ in range(6):  # six mobility sessions over more than 14 days, tightness still high the next morning
        do_session(hipcoach, runner_id, Block.MOBILITY)
        clock.advance(days=1)
        morning(hipcoach, runner_id, pain=1, tightness=6)
        clock.advance(days=2)
    do_session(hipcoach, runner_id, Block.MOBILITY)
    clock.advance(days=1)
    page = client.get(check_in(client, pain="1", tightness="2").headers["location"])
    text = page_text(page)
    assert "A new phase opens" in text and "Phase 2 - strength on the new range unlocked" in text
    assert "Phase 2 - strength on the new range" in page_text(client.get("/program"))


def test_out_of_range_or_missing_values_are_refused_with_the_form_kept_and_nothing_written(
    signed_in, hipcoach
):
    client = runner(signed_in, "ana@example.com")
    cases = [
        ({"pain": "11"}, "Pain this morning must be between 0 and 10, got 11."),
        ({"tightness": "-1"}, "Tightness this morning must be between 0 and 10, got -1."),
        ({"pain_after": "12"}, "Pain an hour after your last session must be between 0 and 10, got 12."),
        ({"pain": ""}, "Please give your pain this morning."),
        ({"pain": "a lot"}, "Pain this morning must be a number"),
        ({"red_flags": ["not-a-flag"]}, "Unknown red flag id(s): not-a-flag."),
    ]
    for changes, message in cases:
        response = check_in(client, **changes)
        assert response.status_code == 400, changes
        assert message in page_text(response), (changes, page_text(response))
    kept = check_in(client, pain="11", tightness="4", red_flags=["night-pain"])
    assert 'value="11"' in kept.text and 'value="4"' in kept.text
    assert re.search(r'name="flag.night-pain" value="yes"\s+checked', kept.text)
    assert count(hipcoach, m.Checkin) == 0


def test_another_runners_check_in_and_a_missing_one_are_not_found(signed_in):
    ana = runner(signed_in, "ana@example.com")
    anas = check_in(ana).headers["location"]
    ben = signed_in("ben@example.com")
    onboard(ben)
    assert ben.get(anas).status_code == 404
    assert ben.get("/checkins/999999").status_code == 404
    assert ana.get(anas).status_code == 200


def test_check_in_needs_a_program_a_profile_and_an_account(signed_in, anonymous, hipcoach):
    client = signed_in("ana@example.com")
    assert client.get("/checkin").headers["location"] == "/onboarding"
    onboard(client)
    assert "No program yet" in page_text(client.get("/checkin"))
    assert "No program yet" in page_text(check_in(client))
    assert count(hipcoach, m.Checkin) == 0
    assert anonymous.get("/checkin").headers["location"] == "/login?next=/checkin"
    assert anonymous.get("/checkins/1").headers["location"] == "/login?next=/checkins/1"


def test_every_problem_of_a_check_in_shows_at_once_beside_its_field_with_what_was_typed_kept(
    signed_in, hipcoach
):
    client = runner(signed_in, "ana@example.com")
    form = {"pain": "11", "tightness": "lots", "pain_after": "3"} | checkin_form_flags()
    del form["flag.night-pain"]
    response = post_form(client, "/checkin", form)
    assert response.status_code == 400
    summary = re.search(r'<div class="error error-summary".*?</div>', response.text, re.S)
    assert summary is not None and "There are 3 problems" in summary.group()
    assert "Please answer every question yes or no; nothing was saved." in summary.group()
    for field, message in (
        ("pain", "Pain this morning must be between 0 and 10, got 11."),
        ("tightness", "Tightness this morning must be a number, got &#39;lots&#39;."),
    ):
        assert f'<a href="#{field}">{message}</a>' in summary.group()
        beside = re.search(
            rf'<p class="field-error" id="{field}-error">.*?</p>\s*<input[^>]*>', response.text, re.S
        )
        assert beside is not None and message in beside.group() and 'aria-invalid="true"' in beside.group()
        assert re.search(rf'aria-describedby="{field}-hint {field}-error"', beside.group())
    assert '<a href="#flag-night-pain">' in summary.group()
    assert re.search(r'id="flag-night-pain" aria-describedby="flag-night-pain-error"', response.text)
    assert 'value="11"' in response.text and 'value="lots"' in response.text and 'value="3"' in response.text
    assert 'id="pain_after-error"' not in response.text
    assert count(hipcoach, m.Checkin) == 0
