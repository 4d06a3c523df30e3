"""Screening pages: every question answered Yes or No, the result, and a referral page with no program after a
red flag; the age from the profile, asked when it has none."""

import re

from hipcoach.content import default_library
from hipcoach.domain.screening import asked_at_screening
from hipcoach.storage import models as m
from tests.integration.helpers import count
from tests.web.conftest import page_text, post_form
from tests.web.pages import onboard, profile_of, runner, screen, screening_form

LIBRARY = default_library()


def test_the_form_asks_each_sign_and_warning_sign_yes_or_no_with_neither_chosen(signed_in):
    client = signed_in("ana@example.com")
    onboard(client)
    response = client.get("/screening")
    text = page_text(response)
    assert response.status_code == 200
    assert "cannot diagnose" in text
    asked = [*LIBRARY.signs, *(f.id for f in LIBRARY.red_flags.values() if not f.from_profile)]
    for kind, question_id in [("sign", i) for i in LIBRARY.signs] + [("flag", i) for i in asked[6:]]:
        assert f'name="{kind}.{question_id}" value="yes"' in response.text
        assert f'name="{kind}.{question_id}" value="no"' in response.text
    assert response.text.count('type="radio"') == 2 * len(asked)
    assert "checked" not in response.text
    for legend in (
        "Warning signs that need care today",
        "Signs of a possible stress fracture: stop running today",
        "Warning signs a clinician should check first",
    ):
        assert f"<legend>{legend}</legend>" in response.text
    assert '<label for="flag-saddle-numbness-yes">Yes</label>' in response.text
    assert "Are you over 50" not in text and "young-runner-pain" not in response.text
    assert "Only if you answered yes to: Do you get foot pain now and then?" in text
    assert 'name="age"' not in response.text  # the profile has one
    assert "an answer left out is never taken as a no" in text


def test_signs_without_red_flags_show_the_result_and_start_the_program(signed_in):
    client = signed_in("ana@example.com")
    onboard(client)
    screening_id = screen(client, signs=("tight-hip-flexors", "foot-pain"))
    result = client.get(f"/screening/{screening_id}")
    text = page_text(result)
    assert result.status_code == 200
    assert "2 of the signs fit" in text and "not a diagnosis" in text
    assert "When stretching brings only short relief" in text  # the sign's explanation
    assert "None of the warning signs apply to you." in text
    assert "foot-and-ankle block" in text
    assert "Sources" in text and 'href="/program"' in result.text
    assert "Phase 1 - mobility" in page_text(client.get("/program"))


def test_a_55_year_old_with_a_dull_low_back_ache_is_told_it_is_worth_mentioning(signed_in):
    client = signed_in("ana@example.com")
    onboard(client, age="55")
    text = page_text(client.get(f"/screening/{screen(client, signs=('dull-low-back-ache',))}"))
    assert "None of the warning signs apply" not in text
    assert "worth mentioning to a clinician" in text
    assert "You are over 50 and have low back pain." in text
    assert "Phase 1 - mobility" in page_text(client.get("/program"))


def test_a_15_year_old_with_knee_pain_gets_a_referral_and_no_program(signed_in, hipcoach):
    client = signed_in("ana@example.com")
    onboard(client, age="15")
    page = client.get(f"/screening/{screen(client, signs=('knee-pain',))}")
    text = page_text(page)
    assert "See a clinician before you start" in text
    assert "You are under 18 and have pain around the hip, groin, thigh or knee." in text
    assert "From your profile and the signs you answered." in text
    assert "growth plate" in text and "No program has been started" in text
    assert "No program yet" in page_text(client.get("/program"))
    assert count(hipcoach, m.Program) == 0


def test_an_urgent_red_flag_gives_a_referral_page_for_today_and_no_program(signed_in, hipcoach):
    client = signed_in("ana@example.com")
    onboard(client)
    screening_id = screen(client, signs=("tight-hip-flexors",), red_flags=("saddle-numbness", "sharp-pain"))
    page = client.get(f"/screening/{screening_id}")
    text = page_text(page)
    assert "Seek care today" in text and "needs medical care today" in text
    assert "pressure on the nerves at the base of the spine" in text  # each flag's advice
    assert "needs someone to examine you first" in text
    assert "No program has been started" in text and "Sources" in text
    printable = client.get(f"/screening/{screening_id}/print")
    assert printable.status_code == 200 and "Seek care today" in page_text(printable)
    assert "https://doi.org/10.1136/bmj.f7095" in printable.text  # sources written out for paper
    assert "No program yet" in page_text(client.get("/program"))
    assert count(hipcoach, m.Program) == 0


def test_a_possible_femoral_neck_stress_fracture_says_stop_running_today(signed_in):
    client = signed_in("ana@example.com")
    onboard(client)
    screening_id = screen(client, red_flags=("possible-femoral-neck-stress-fracture",))
    text = page_text(client.get(f"/screening/{screening_id}"))
    assert "Stop running today" in text and "walk only as much as the pain allows" in text
    assert "imaging" in text and "Seek care today" not in text
    assert "No program yet" in page_text(client.get("/program"))
    assert "Stop running today" in page_text(client.get(f"/screening/{screening_id}/print"))


def test_a_missed_period_refers_for_bone_health(signed_in):
    client = signed_in("ana@example.com")
    onboard(client)
    text = page_text(client.get(f"/screening/{screen(client, red_flags=('missed-periods',))}"))
    assert "See a clinician before you start" in text and "short of energy for the training" in text


def test_a_red_flag_on_a_second_screening_pauses_the_running_program(signed_in):
    client = runner(signed_in, "ana@example.com")
    screening_id = screen(client, red_flags=("night-pain",))
    assert "Your program is paused" in page_text(client.get(f"/screening/{screening_id}"))
    assert "Your program is paused" in page_text(client.get("/program"))


def test_an_unanswered_warning_sign_is_refused_naming_it_with_the_answers_kept_and_nothing_saved(
    signed_in, hipcoach
):
    client = signed_in("ana@example.com")
    onboard(client)
    form = screening_form(signs=("knee-pain",))
    del form["flag.night-pain"]
    response = post_form(client, "/screening", form)
    text = page_text(response)
    assert response.status_code == 400
    assert "Please answer every question yes or no; nothing was saved" in text
    assert LIBRARY.red_flags["night-pain"].question in text
    assert '<a href="#flag-night-pain">' in response.text
    assert re.search(r'class="yes-no unanswered" id="flag-night-pain"', response.text)
    assert re.search(r'name="sign.knee-pain" value="yes"\s+checked', response.text)
    assert count(hipcoach, m.Screening) == 0 and count(hipcoach, m.Program) == 0


def test_a_form_answered_by_ticking_only_the_yeses_is_refused(signed_in, hipcoach):
    client = signed_in("ana@example.com")
    onboard(client)
    response = post_form(client, "/screening", {"sign.knee-pain": "yes", "flag.night-pain": "maybe"})
    assert response.status_code == 400
    text = page_text(response)
    assert LIBRARY.signs["foot-pain"].question in text and LIBRARY.red_flags["night-pain"].question in text
    assert count(hipcoach, m.Screening) == 0


def test_foot_pain_makes_the_foot_bone_question_one_to_answer(signed_in, hipcoach):
    client = signed_in("ana@example.com")
    onboard(client)
    form = screening_form(signs=("foot-pain",))
    del form["flag.foot-bone-stress"]
    response = post_form(client, "/screening", form)
    assert response.status_code == 400 and '<a href="#flag-foot-bone-stress">' in response.text
    assert count(hipcoach, m.Screening) == 0
    without_foot_pain = screening_form(signs=("knee-pain",))
    assert "flag.foot-bone-stress" not in without_foot_pain
    assert post_form(client, "/screening", without_foot_pain).status_code == 303


def test_an_unknown_answer_is_refused_with_the_form_kept_and_nothing_written(signed_in, hipcoach):
    client = signed_in("ana@example.com")
    onboard(client)
    response = post_form(client, "/screening", screening_form(signs=("knee-pain",)) | {"sign.made-up": "yes"})
    assert response.status_code == 400
    assert "Unknown screening answer id(s): made-up." in page_text(response)
    assert re.search(r'name="sign.knee-pain" value="yes"\s+checked', response.text)
    assert count(hipcoach, m.Screening) == 0 and count(hipcoach, m.Program) == 0


def test_a_profile_without_an_age_is_asked_for_it_which_is_then_kept(signed_in, hipcoach):
    client = signed_in("ana@example.com")
    onboard(client)
    with hipcoach.transaction() as db:
        profile = db.get(m.Profile, profile_of(hipcoach, "ana@example.com").id)
        profile.age = None
    page = client.get("/screening")
    assert 'name="age"' in page.text and "Some warning signs depend on age" in page_text(page)
    refused = post_form(client, "/screening", screening_form(signs=("knee-pain",)))
    assert refused.status_code == 400 and "Please give your age" in page_text(refused)
    assert count(hipcoach, m.Screening) == 0
    assert (
        post_form(client, "/screening", screening_form(signs=("knee-pain",)) | {"age": "16"}).status_code
        == 303
    )
    assert profile_of(hipcoach, "ana@example.com").age == 16
    assert "No program yet" in page_text(client.get("/program"))


def test_another_runners_screening_and_a_missing_one_are_not_found(signed_in):
    ana = signed_in("ana@example.com")
    onboard(ana)
    anas = screen(ana, red_flags=("sharp-pain",))
    ben = signed_in("ben@example.com")
    onboard(ben)
    for url in (f"/screening/{anas}", f"/screening/{anas}/print", "/screening/999999", "/screening/abc"):
        response = ben.get(url)
        assert response.status_code == 404, url
        assert "sharp" not in response.text
    assert ana.get(f"/screening/{anas}").status_code == 200


def test_screening_needs_an_account_and_a_profile(signed_in, anonymous):
    assert anonymous.get("/screening").headers["location"] == "/login?next=/screening"
    assert anonymous.get("/screening/1").headers["location"].startswith("/login")
    fresh = signed_in("new@example.com")
    assert fresh.get("/screening").headers["location"] == "/onboarding"
    assert post_form(fresh, "/screening", screening_form(("knee-pain",))).headers["location"] == "/onboarding"


def test_the_questions_asked_at_the_screening_never_include_the_age_flags():
    asked = {f.id for f in asked_at_screening(LIBRARY.red_flags, set(LIBRARY.signs))}
    assert asked.isdisjoint({"young-runner-pain", "over-50-new-back-pain"})
