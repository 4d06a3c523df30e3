"""A refused form names every problem at once: a summary at the top linking to each field, the message in
sentence case beside its field (``aria-invalid``, ``aria-describedby``), and what was typed kept."""

from __future__ import annotations

import re

import pytest
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import select

from hipcoach.services import accounts, password_reset
from hipcoach.storage import models as m
from hipcoach.web.form_errors import FormErrors, as_sentence
from tests.integration.helpers import count
from tests.web import test_clinic_actions
from tests.web.conftest import PASSWORD, post_form, sign_up
from tests.web.pages import onboard, profile_of, runner, screening_form

room = test_clinic_actions.room  # a clinician who cares for a runner, as the prescribe page's tests have


def summary_of(html: str) -> str:
    found = re.search(r'<div class="error error-summary".*?</div>', html, re.S)
    assert found is not None, "no error summary"
    return found.group()


def assert_beside(html: str, field: str, message: str) -> None:
    """``message`` is in the summary, linked to the field, and beside the field, which points to it."""
    anchor = field.replace(".", "-")
    assert f'<a href="#{anchor}">{message}</a>' in summary_of(html), (field, summary_of(html))
    beside = re.search(rf'<p class="field-error" id="{anchor}-error">.*?</p>\s*<input[^>]*>', html, re.S)
    assert beside is not None and message in beside.group(), field
    assert 'aria-invalid="true"' in beside.group()
    described = re.search(r'aria-describedby="([^"]*)"', beside.group())
    assert described is not None and f"{anchor}-error" in described.group(1).split()


def test_sign_up_names_a_bad_email_a_short_password_and_a_different_repeat_at_once(anonymous, hipcoach):
    response = post_form(
        anonymous, "/signup", {"email": "ana at example", "password": "short", "password_again": "other"}
    )
    assert response.status_code == 400
    assert "There are 3 problems" in summary_of(response.text)
    assert_beside(response.text, "email", "Please give a valid email address.")
    assert_beside(
        response.text, "password", f"A password needs at least {accounts.MIN_PASSWORD_LENGTH} characters."
    )
    assert_beside(response.text, "password_again", "The two passwords are not the same.")
    assert 'value="ana at example"' in response.text
    assert count(hipcoach, m.User) == 0


def test_a_password_change_names_every_problem_at_once(signed_in):
    client = signed_in("ana@example.com")
    response = post_form(
        client,
        "/account/password",
        {"current_password": "", "new_password": "ana@example.com-2024", "new_password_again": "x"},
    )
    assert response.status_code == 400
    assert "There are 3 problems" in summary_of(response.text)
    assert_beside(response.text, "current_password", "Please give your current password.")
    assert_beside(
        response.text,
        "new_password",
        "A password must not contain your email, nor the part of it before the @.",
    )
    assert_beside(response.text, "new_password_again", "The two new passwords are not the same.")


def test_a_wrong_current_password_is_named_beside_its_field(signed_in):
    client = signed_in("ana@example.com")
    new = "a much longer passphrase"
    response = post_form(
        client,
        "/account/password",
        {"current_password": "not it at all", "new_password": new, "new_password_again": new},
    )
    assert response.status_code == 400
    assert_beside(response.text, "current_password", "The current password is not right.")
    assert post_form(client, "/login", {"email": "ana@example.com", "password": PASSWORD}).status_code == 303


def test_a_screening_names_an_impossible_age_and_the_unanswered_question_together(signed_in, hipcoach):
    client = signed_in("ana@example.com")
    onboard(client)
    with hipcoach.transaction() as db:
        profile = db.get(m.Profile, profile_of(hipcoach, "ana@example.com").id)
        profile.age = None
    form = screening_form(signs=("knee-pain",)) | {"age": "7"}
    del form["flag.night-pain"]
    response = post_form(client, "/screening", form)
    assert response.status_code == 400
    summary = summary_of(response.text)
    assert "There are 2 problems" in summary and "Please answer every question yes or no" in summary
    assert_beside(response.text, "age", "Age must be between 10 and 110 years, got 7.")
    assert '<a href="#flag-night-pain">' in summary
    assert re.search(r'name="sign.knee-pain" value="yes"\s+checked', response.text)
    assert count(hipcoach, m.Screening) == 0


def test_sign_in_says_once_that_the_email_and_password_do_not_match(anonymous):
    sign_up(anonymous, "ana@example.com")
    response = post_form(anonymous, "/login", {"email": "ana@example.com", "password": "wrong password"})
    assert response.status_code == 400
    summary = summary_of(response.text)
    assert "There is a problem" in summary and "That email and password do not match an account." in summary


class _Reading(BaseModel):
    pain: int = Field(ge=0, le=10)
    note: str


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("age must be a number", "Age must be a number."),
        ("Value error, pain is high", "Pain is high."),
        ("is it sharp?", "Is it sharp?"),
        ("done.", "Done."),
    ],
)
def test_a_message_is_written_as_a_sentence(message, expected):
    assert as_sentence(message) == expected


def test_a_pydantic_refusal_becomes_one_sentence_per_field_with_the_models_own_bounds():
    with pytest.raises(ValidationError) as refused:
        _Reading.model_validate({"pain": 11})
    errors = FormErrors()
    errors.add_validation(
        refused.value, {"pain": "Pain this morning", "note": "A note"}, {"note": "the_note"}
    )
    assert errors.get("pain") == "Pain this morning should be less than or equal to 10."
    assert errors.get("the_note") == "Please give a note."
    assert [problem.anchor for problem in errors] == ["pain", "the_note"]


def test_the_week_form_names_two_long_runs_an_unknown_zone_and_a_bad_time_at_once(signed_in, hipcoach):
    client = runner(signed_in, "ana@example.com")
    week = {f"day-{d}": "rest" for d in range(7)} | {"day-5": "long", "day-6": "long"}
    response = post_form(
        client, "/running/week", week | {"timezone": "Mars/Olympus", "reminder_time": "half past six"}
    )
    assert response.status_code == 400
    summary = summary_of(response.text)
    assert "There are 3 problems" in summary
    assert '<a href="#day-6">Mark one long run a week at most.</a>' in summary
    assert re.search(
        r'id="day-6-error">.*?</p>\s*<select id="day-6" name="day-6" aria-invalid="true"', response.text, re.S
    )
    assert '<a href="#timezone">' in summary and 'id="timezone-error"' in response.text
    assert_beside(
        response.text, "reminder_time", "&#39;half past six&#39; is not a time of day; write it like 18:30."
    )
    assert 'value="Mars/Olympus"' in response.text and 'value="half past six"' in response.text
    with hipcoach.reading() as db:
        assert db.scalar(select(m.Profile.training_week)) is None


def test_a_clearance_names_a_missing_name_a_missing_profession_and_a_bad_day_at_once(signed_in, hipcoach):
    client = signed_in("ana@example.com")
    onboard(client)
    post_form(client, "/screening", screening_form(red_flags=("sharp-pain",)))
    response = post_form(
        client,
        "/clearance",
        {"cleared_by": " ", "profession": "", "cleared_on": "next week", "note": "Easy running is fine."},
    )
    assert response.status_code == 400
    assert "There are 3 problems" in summary_of(response.text)
    assert_beside(response.text, "cleared_by", "The name of who cleared you is missing.")
    assert_beside(
        response.text, "profession", "Their profession is missing (for example physiotherapist or doctor)."
    )
    assert_beside(
        response.text, "cleared_on", "The day you were cleared, “next week”, is not a date (YYYY-MM-DD)."
    )
    assert 'value="next week"' in response.text and "Easy running is fine." in response.text
    assert count(hipcoach, m.Clearance) == 0


def test_a_clinicians_refused_change_names_every_problem_of_its_form(room):
    _, ana_id, sam = room
    refused = post_form(
        sam, f"/clinic/runners/{ana_id}/swap", {"exercise": "x" * 81, "instead": "y" * 81, "reason": " "}
    )
    assert refused.status_code == 400
    box = re.search(r'id="error-swap".*?</div>', refused.text, re.S)
    assert box is not None
    problems = box.group()
    assert "The exercise should have at most 80 characters." in problems
    assert "The exercise done in its place should have at most 80 characters." in problems


def test_a_password_reset_names_a_weak_password_and_a_different_repeat_at_once(anonymous, hipcoach):
    sign_up(anonymous, "ana@example.com")
    found = password_reset.request_reset(hipcoach, anonymous.app.state.secret_key, "ana@example.com")
    assert found is not None
    anonymous.get(f"/password/reset?token={found.token}")
    response = post_form(
        anonymous,
        "/password/reset",
        {"token": found.token, "new_password": "short", "new_password_again": "shorter"},
    )
    assert response.status_code == 400
    assert "There are 2 problems" in summary_of(response.text)
    assert_beside(
        response.text, "new_password", f"A password needs at least {accounts.MIN_PASSWORD_LENGTH} characters."
    )
    assert_beside(response.text, "new_password_again", "The two new passwords are not the same.")
    assert f'value="{found.token}"' in response.text


def test_the_account_pages_one_field_forms_put_their_problem_beside_the_field(signed_in, hipcoach):
    client = runner(signed_in, "ana@example.com")
    zone = post_form(client, "/account/timezone", {"timezone": "Mars/Olympus"})
    assert zone.status_code == 400
    summary = summary_of(zone.text)
    assert "There is a problem" in summary and '<a href="#timezone">' in summary
    assert re.search(
        r'id="timezone-error">.*?Mars/Olympus.*?</p>\s*<input[^>]*aria-invalid="true"', zone.text, re.S
    )
    assert 'value="Mars/Olympus"' in zone.text
    deleted = post_form(client, "/account/delete", {"password": "not my password"})
    assert deleted.status_code == 400
    assert '<a href="#delete-password">' in summary_of(deleted.text)
    assert re.search(r'id="password-error">.*?</p>\s*<input[^>]*id="delete-password"', deleted.text, re.S)
    assert count(hipcoach, m.User) == 1


def test_a_run_added_by_hand_names_every_bad_field_beside_it(signed_in, hipcoach):
    client = runner(signed_in, "ana@example.com")
    response = post_form(
        client,
        "/running/runs",
        {"on": "yesterday", "at": "", "km": "far", "minutes": "20000", "name": "Park"},
    )
    assert response.status_code == 400
    summary = summary_of(response.text)
    assert "There are 3 problems" in summary and "The run was not saved." in summary
    for anchor, field, message in (
        ("run-on", "on", "Date: “yesterday” is not a date (YYYY-MM-DD)."),
        ("run-distance", "km", "Distance: “far” is not a number of kilometres."),
        ("run-minutes", "minutes", "Duration: a duration of 20000 min is not a run&#39;s"),
    ):
        assert f'<a href="#{anchor}">{message}' in summary
        beside = re.search(rf'id="{field}-error">.*?</p>\s*<input[^>]*>', response.text, re.S)
        assert beside is not None and message in beside.group() and 'aria-invalid="true"' in beside.group()
    assert 'value="far"' in response.text and 'value="Park"' in response.text
    assert count(hipcoach, m.Activity) == 0
