"""Screening pages: the checklist, the result, and a referral page with no program after a red flag."""

import re

from hipcoach.storage import models as m
from tests.integration.helpers import count
from tests.web.conftest import page_text, post_form
from tests.web.pages import onboard, runner, screen


def test_the_form_lists_the_six_signs_and_the_warning_signs_in_labelled_groups(signed_in):
    client = signed_in("ana@example.com")
    onboard(client)
    response = client.get("/screening")
    text = page_text(response)
    assert response.status_code == 200
    assert "cannot diagnose" in text
    assert response.text.count('name="signs"') == 6
    for legend in (
        "Part 1 of 2: signs that fit you",
        "Warning signs that need care today",
        "Warning signs a clinician should check first",
        "Worth mentioning to a clinician",
    ):
        assert f"<legend>{legend}</legend>" in response.text
    assert '<label for="flag-saddle-numbness">' in response.text


def test_signs_without_red_flags_show_the_result_and_start_the_program(signed_in):
    client = signed_in("ana@example.com")
    onboard(client)
    screening_id = screen(
        client, signs=("tight-hip-flexors", "foot-pain"), red_flags=("over-50-new-back-pain",)
    )
    result = client.get(f"/screening/{screening_id}")
    text = page_text(result)
    assert result.status_code == 200
    assert "2 of the signs fit" in text and "not a diagnosis" in text
    assert "When stretching brings only short relief" in text  # the sign's explanation
    assert "worth mentioning to a clinician" in text  # the note-level flag is noted, no stop
    assert "foot-and-ankle block" in text
    assert "Sources" in text and 'href="/program"' in result.text
    assert "Phase 1 - mobility" in page_text(client.get("/program"))


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


def test_a_refer_level_flag_says_to_see_a_clinician_before_starting(signed_in):
    client = signed_in("ana@example.com")
    onboard(client)
    screening_id = screen(client, red_flags=("possible-femoral-neck-stress-fracture",))
    text = page_text(client.get(f"/screening/{screening_id}"))
    assert "See a clinician before you start" in text and "Stop running and see a doctor soon" in text
    assert "Seek care today" not in text
    assert "No program yet" in page_text(client.get("/program"))


def test_a_red_flag_on_a_second_screening_pauses_the_running_program(signed_in):
    client = runner(signed_in, "ana@example.com")
    screening_id = screen(client, red_flags=("night-pain",))
    assert "Your program is paused" in page_text(client.get(f"/screening/{screening_id}"))
    assert "Your program is paused" in page_text(client.get("/program"))


def test_an_unknown_answer_is_refused_with_the_form_kept_and_nothing_written(signed_in, hipcoach):
    client = signed_in("ana@example.com")
    onboard(client)
    response = post_form(client, "/screening", {"signs": ["knee-pain", "made-up"], "red_flags": []})
    assert response.status_code == 400
    assert "unknown screening answer id(s): made-up" in page_text(response)
    assert re.search(r'value="knee-pain"\s+checked', response.text)
    assert count(hipcoach, m.Screening) == 0 and count(hipcoach, m.Program) == 0


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
    assert post_form(fresh, "/screening", {"signs": ["knee-pain"]}).headers["location"] == "/onboarding"
