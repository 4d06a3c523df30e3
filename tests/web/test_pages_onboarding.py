"""Onboarding: the runner's profile, made once and edited after; out-of-range values refused."""

import re

from hipcoach.storage import models as m
from tests.integration.helpers import count
from tests.web.conftest import page_text, post_form
from tests.web.pages import PROFILE, onboard, profile_of


def test_onboarding_creates_the_profile_named_after_the_account_and_leads_to_the_screening(
    signed_in, hipcoach
):
    client = signed_in("ana@example.com")
    form = client.get("/onboarding")
    assert form.status_code == 200
    text = page_text(form)
    assert "About you" in text and "front of your pelvis" in text and "inside of your ankle" in text
    assert 'name="csrf_token"' in form.text and '<label for="limb_length_cm">' in form.text

    response = onboard(client)
    assert response.status_code == 303 and response.headers["location"] == "/screening"
    profile = profile_of(hipcoach, "ana@example.com")
    assert profile is not None and profile.name == "ana@example.com"
    assert (profile.age, profile.sex, profile.height_cm, profile.weight_kg) == (34, "female", 170, 61.5)
    assert (profile.limb_length_cm, profile.weekly_distance_km, profile.equipment) == (
        88,
        35,
        ["dumbbells", "mat"],
    )
    assert client.get("/screening").status_code == 200


def test_a_second_visit_shows_the_details_and_edits_the_same_profile(signed_in, hipcoach):
    client = signed_in("ana@example.com")
    onboard(client)
    form = client.get("/onboarding")
    assert "Your details" in page_text(form) and 'value="61.5"' in form.text
    response = onboard(
        client, weight_kg="60,5", sex="prefer-not-to-say", limb_length_cm="", equipment=["none"]
    )
    assert response.status_code == 303 and response.headers["location"] == "/program"
    profile = profile_of(hipcoach, "ana@example.com")
    assert profile is not None
    assert (profile.weight_kg, profile.sex, profile.limb_length_cm, profile.equipment) == (
        60.5,
        None,
        None,
        [],
    )
    assert count(hipcoach, m.Profile) == 1


def test_a_long_email_gives_the_profile_a_user_id_name(signed_in, hipcoach):
    email = "a" * 80 + "@example.com"
    onboard(signed_in(email))
    profile = profile_of(hipcoach, email)
    assert profile is not None and profile.name == f"user-{profile.user_id}"


def test_out_of_range_or_unreadable_values_are_refused_by_name_and_nothing_is_written(signed_in, hipcoach):
    client = signed_in("ana@example.com")
    cases = [
        ({"age": "9"}, "Age must be between 10 and 110 years, got 9 years"),
        ({"age": "111"}, "Age must be between 10 and 110"),
        ({"age": "34.5"}, "Age must be a whole number"),
        ({"height_cm": "99"}, "Height must be between 100 and 250 cm, got 99 cm"),
        ({"weight_kg": "300.5"}, "Weight must be between 25 and 300 kg"),
        ({"limb_length_cm": "49"}, "Leg length must be between 50 and 130 cm"),
        ({"weekly_distance_km": "401"}, "Weekly running distance must be between 0 and 400 km"),
        ({"weekly_distance_km": "-1"}, "Weekly running distance must be between 0 and 400 km"),
        ({"height_cm": "tall"}, "Height must be a number"),
        ({"weight_kg": "nan"}, "Weight must be a number"),
        ({"age": ""}, "Please give your age"),
        ({"sex": "robot"}, "listed answers for sex"),
        ({"equipment": ["none", "mat"]}, "not both"),
        ({"equipment": ["trampoline"]}, "Unknown equipment: trampoline"),
    ]
    for changes, message in cases:
        response = onboard(client, **changes)
        assert response.status_code == 400, changes
        assert message in page_text(response), (changes, page_text(response))
        assert 'role="alert"' in response.text
    kept = onboard(client, height_cm="99")
    assert 'value="99"' in kept.text and 'value="61.5"' in kept.text  # what was typed stays in the form
    assert re.search(r'id="equipment-dumbbells" name="equipment" value="dumbbells"\s+checked', kept.text)
    assert count(hipcoach, m.Profile) == 0
    assert client.get("/program").headers["location"] == "/onboarding"


def test_onboarding_needs_a_signed_in_account(anonymous):
    assert anonymous.get("/onboarding").headers["location"] == "/login?next=/onboarding"
    assert post_form(anonymous, "/onboarding", PROFILE).headers["location"].startswith("/login")


def test_every_problem_shows_at_once_beside_its_field_in_sentence_case_with_the_typed_values_kept(
    signed_in, hipcoach
):
    client = signed_in("ana@example.com")
    response = onboard(client, age="9", height_cm="tall", weekly_distance_km="401")
    assert response.status_code == 400
    summary = re.search(r'<div class="error error-summary".*?</div>', response.text, re.S)
    assert summary is not None and "There are 3 problems" in summary.group()
    for field, message in (
        ("age", "Age must be between 10 and 110 years, got 9 years."),
        ("height_cm", "Height must be a number, got &#39;tall&#39;."),
        ("weekly_distance_km", "Weekly running distance must be between 0 and 400 km, got 401 km."),
    ):
        assert f'<a href="#{field}">{message}</a>' in summary.group()
        beside = re.search(
            rf'<p class="field-error" id="{field}-error">.*?</p>\s*<input[^>]*>', response.text, re.S
        )
        assert beside is not None and message in beside.group(), field
        assert f'id="{field}"' in beside.group() and 'aria-invalid="true"' in beside.group()
        described = re.search(r'aria-describedby="([^"]*)"', beside.group())
        assert described is not None and f"{field}-error" in described.group(1).split()
    assert 'value="tall"' in response.text and 'value="401"' in response.text
    assert 'value="61.5"' in response.text
    assert 'id="weight_kg-error"' not in response.text
    assert count(hipcoach, m.Profile) == 0


def test_an_unanswered_choice_links_to_its_first_radio(signed_in):
    response = onboard(signed_in("ana@example.com"), sex=None, age="")
    assert '<a href="#sex-female">Please choose an answer for sex' in response.text
    assert '<a href="#age">Please give your age.</a>' in response.text
