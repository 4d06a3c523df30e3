"""The clinician's forms and the runner's last one-message forms name every problem at once: a summary
linking to each field, the message in sentence case beside its field (``aria-invalid``,
``aria-describedby``), what was typed kept, status 400, and nothing written."""

from __future__ import annotations

import re

from hipcoach.services import programs
from hipcoach.storage import models as m
from tests.integration.helpers import count
from tests.web import test_clinic_actions
from tests.web.conftest import post_form
from tests.web.pages import checkin_form_flags, profile_id, runner

room = test_clinic_actions.room  # Ana, a runner who shares her data with Sam, a clinician


def summary_of(html: str, box_id: str = "form-error") -> str:
    found = re.search(rf'<div class="error error-summary" role="alert" id="{box_id}".*?</div>', html, re.S)
    assert found is not None, f"no error summary {box_id}"
    return found.group()


def assert_beside(html: str, field: str, message: str, anchor: str | None = None, box: str = "form-error"):
    """``message`` is in the summary, linked to the field's input, and beside that input, which points to
    it; ``anchor``: the input's id where it is not the field's name."""
    anchor = anchor or field.replace(".", "-")
    error_id = field.replace(".", "-") + "-error"
    summary = summary_of(html, box)
    assert f'<a href="#{anchor}">{message}</a>' in summary, (field, summary)
    beside = re.search(
        rf'<p class="field-error" id="{re.escape(error_id)}">.*?</p>\s*<(?:input|select|textarea)\b[^>]*>',
        html,
        re.S,
    )
    assert beside is not None and message in beside.group(), field
    control = beside.group()
    assert f'id="{anchor}"' in control and 'aria-invalid="true"' in control, control
    described = re.search(r'aria-describedby="([^"]*)"', control)
    assert described is not None and error_id in described.group(1).split()


# --- the runner's side: a clinician's sign-up, sharing by code, accepting -------------------------------


def test_the_join_form_names_a_missing_name_profession_and_clinic_at_once(signed_in, hipcoach):
    client = signed_in("sam@clinic.example")
    form = {"name": " ", "profession": "", "clinic": "new", "clinic_name": "", "join_code": "ABCD"}
    page = post_form(client, "/clinic/join", form)
    assert page.status_code == 400
    assert "There are 3 problems" in summary_of(page.text)
    assert_beside(page.text, "name", "Please give your name.")
    assert_beside(page.text, "profession", "Please give your profession.")
    assert_beside(page.text, "clinic_name", "Please give your clinic&#39;s name.")
    assert 'value="ABCD"' in page.text  # the code typed, though a new clinic was chosen
    assert count(hipcoach, m.Clinician) == 0 and count(hipcoach, m.Clinic) == 0


def test_joining_a_clinic_names_the_code_and_the_other_fields_together(signed_in, hipcoach):
    client = signed_in("sam@clinic.example")
    typed = {"name": "Sam Ortiz", "profession": "", "clinic": "join", "clinic_name": "Riverside"}
    unknown = post_form(client, "/clinic/join", typed | {"join_code": "zzzz-zzzz"})
    assert unknown.status_code == 400
    assert "There are 2 problems" in summary_of(unknown.text)
    assert_beside(unknown.text, "profession", "Please give your profession.")
    assert_beside(unknown.text, "join_code", "No clinic has that join code; ask a colleague for it again.")
    assert 'value="zzzz-zzzz"' in unknown.text and 'value="Sam Ortiz"' in unknown.text
    assert re.search(r'id="clinic-join" name="clinic" value="join"\s*checked', unknown.text)

    missing = post_form(client, "/clinic/join", typed | {"name": "", "join_code": " "})
    assert missing.status_code == 400
    assert "There are 3 problems" in summary_of(missing.text)
    assert_beside(missing.text, "name", "Please give your name.")
    assert_beside(missing.text, "profession", "Please give your profession.")
    assert_beside(
        missing.text,
        "join_code",
        "Please give the join code (a colleague finds it on their invite page).",
    )
    assert "clinic_name-error" not in missing.text  # joining: the new clinic's name is not asked
    assert count(hipcoach, m.Clinician) == 0


def test_a_code_that_names_no_clinician_is_said_beside_the_code(room, hipcoach):
    ana, _, _ = room
    before = count(hipcoach, m.CareLink)
    page = post_form(ana, "/clinic/share", {"code": "abc"})
    assert page.status_code == 400
    assert "There is a problem" in summary_of(page.text)
    assert_beside(
        page.text,
        "code",
        "A clinician&#39;s code has 8 characters and an invitation&#39;s 10; the one typed has 3.",
    )
    assert 'value="abc"' in page.text
    assert count(hipcoach, m.CareLink) == before


def test_an_invitation_that_cannot_be_used_is_said_in_the_summary(room):
    ana, _, _ = room
    page = ana.get("/clinic/accept/no-such-invitation")
    assert page.status_code == 400
    summary = summary_of(page.text)
    assert "There is a problem" in summary and "This invitation is not valid" in summary


# --- the clinician's side: notes, the caseload's filters, the prescribe page ----------------------------


def test_an_empty_note_is_said_beside_the_note(room, hipcoach):
    _, ana_id, sam = room
    page = post_form(sam, f"/clinic/runners/{ana_id}/notes", {"text": "   "})
    assert page.status_code == 400
    assert "There is a problem" in summary_of(page.text)
    message = next(iter(re.findall(r'<a href="#note-text">([^<]*)</a>', page.text)))
    assert message.startswith("The note is empty")
    assert_beside(page.text, "text", message, anchor="note-text")
    assert 'aria-describedby="note-hint text-error"' in page.text
    assert count(hipcoach, m.ClinicianNote) == 0


def test_impossible_caseload_filters_are_each_named_beside_their_field(room):
    _, _, sam = room
    page = sam.get("/clinic", params={"attention": "soon", "phase": "7", "q": "x" * 300})
    assert page.status_code == 400
    assert "There are 3 problems" in summary_of(page.text)
    attention = re.search(r'<a href="#attention">([^<]*)</a>', page.text)
    assert attention is not None and attention.group(1).startswith(
        "There is no attention kind &#39;soon&#39;"
    )
    assert_beside(page.text, "attention", attention.group(1))
    assert_beside(page.text, "phase", "There is no phase &#39;7&#39;; phases run from 1 to 4.")
    assert_beside(page.text, "q", "A search can be at most 80 characters.")
    assert f'value="{"x" * 200}"' in page.text  # the search typed, as much of it as is read
    assert "ana@example.com" in page.text  # the caseload itself, unfiltered


def test_a_refused_threshold_names_its_value_and_its_reason_beside_them(room, hipcoach):
    _, ana_id, sam = room
    before = test_clinic_actions.written(hipcoach)
    page = post_form(
        sam,
        f"/clinic/runners/{ana_id}/threshold",
        {"threshold": "pain-acceptable-max", "value": "many", "reason": " "},
    )
    assert page.status_code == 400
    box = "error-threshold-pain-acceptable-max"
    assert "There are 2 problems" in summary_of(page.text, box)
    assert_beside(
        page.text,
        "threshold.pain-acceptable-max.value",
        "New value must be a number, got &#39;many&#39;.",
        box=box,
    )
    assert_beside(
        page.text,
        "threshold.pain-acceptable-max.reason",
        "A reason is required: say in a few words why you made this change.",
        box=box,
    )
    assert 'value="many"' in page.text
    assert test_clinic_actions.written(hipcoach) == before


def test_a_threshold_the_service_refuses_is_said_beside_the_value(room, hipcoach):
    _, ana_id, sam = room
    page = post_form(
        sam,
        f"/clinic/runners/{ana_id}/threshold",
        {"threshold": "pain-acceptable-max", "value": "7", "reason": "she copes well"},
    )
    assert page.status_code == 400
    box = "error-threshold-pain-acceptable-max"
    message = re.search(
        rf'id="{box}".*?<a href="#threshold-pain-acceptable-max-value">([^<]*)</a>', page.text, re.S
    )
    assert message is not None and "may only be made stricter" in message.group(1)
    assert_beside(page.text, "threshold.pain-acceptable-max.value", message.group(1), box=box)
    assert 'value="7"' in page.text and "she copes well" in page.text


def test_a_clearance_names_a_bad_day_and_a_missing_reason_at_once(room, hipcoach, clock):
    ana, ana_id, sam = room
    clock.advance(days=1)
    flagged = post_form(ana, "/checkin", {"pain": "2", "tightness": "2", **checkin_form_flags("sharp-pain")})
    assert flagged.status_code == 303
    page = post_form(sam, f"/clinic/runners/{ana_id}/clear", {"cleared_on": "next week", "reason": ""})
    assert page.status_code == 400
    assert "There are 2 problems" in summary_of(page.text, "error-clear")
    assert_beside(
        page.text,
        "clear.cleared_on",
        "The day of the clearance, “next week”, is not a date (YYYY-MM-DD).",
        anchor="clear-on",
        box="error-clear",
    )
    assert_beside(
        page.text,
        "clear.reason",
        "A reason is required: say in a few words why you made this change.",
        box="error-clear",
    )
    assert 'value="next week"' in page.text
    assert programs.overview(hipcoach, ana_id).paused


def test_a_refused_swap_names_both_exercises_and_the_reason_beside_them(room, hipcoach):
    _, ana_id, sam = room
    before = test_clinic_actions.written(hipcoach)
    page = post_form(
        sam, f"/clinic/runners/{ana_id}/swap", {"exercise": "x" * 81, "instead": "y" * 81, "reason": "  "}
    )
    assert page.status_code == 400
    assert "There are 3 problems" in summary_of(page.text, "error-swap")
    assert_beside(
        page.text, "swap.exercise", "The exercise should have at most 80 characters.", box="error-swap"
    )
    assert_beside(
        page.text,
        "swap.instead",
        "The exercise done in its place should have at most 80 characters.",
        box="error-swap",
    )
    assert_beside(
        page.text,
        "swap.reason",
        "A reason is required: say in a few words why you made this change.",
        box="error-swap",
    )
    assert test_clinic_actions.written(hipcoach) == before


def test_strength_days_that_are_no_number_and_no_reason_are_named_together(room, hipcoach):
    _, ana_id, sam = room
    page = post_form(sam, f"/clinic/runners/{ana_id}/strength-days", {"days": "five", "reason": ""})
    assert page.status_code == 400
    box = "error-strength-days"
    assert "There are 2 problems" in summary_of(page.text, box)
    assert_beside(
        page.text,
        "strength-days.days",
        "Strength days a week must be a number, got &#39;five&#39;.",
        anchor="days",
        box=box,
    )
    assert_beside(
        page.text,
        "strength-days.reason",
        "A reason is required: say in a few words why you made this change.",
        box=box,
    )
    # Only the refused form has a box; the others are as they were.
    assert page.text.count("data-error-summary") == 1


def test_a_ladder_change_names_bad_rounds_and_a_missing_reason_and_keeps_the_level_chosen(room, hipcoach):
    _, ana_id, sam = room
    programs.override_phase(hipcoach, ana_id, 2, by="Sam Ortiz, PT", reason="assessed")
    before = test_clinic_actions.written(hipcoach)
    page = post_form(
        sam,
        f"/clinic/runners/{ana_id}/ladder",
        {"exercise": "runners-lunge", "level": "3", "rounds": "lots", "reason": ""},
    )
    assert page.status_code == 400
    box = "error-ladder-runners-lunge"
    assert "There are 2 problems" in summary_of(page.text, box)
    assert_beside(
        page.text, "ladder.runners-lunge.rounds", "Rounds must be a number, got &#39;lots&#39;.", box=box
    )
    assert_beside(
        page.text,
        "ladder.runners-lunge.reason",
        "A reason is required: say in a few words why you made this change.",
        box=box,
    )
    level = re.search(r'<select id="ladder-runners-lunge-level".*?</select>', page.text, re.S)
    assert level is not None and '<option value="3" selected>' in level.group()  # chosen, not the saved 1
    assert '<option value="1" selected>' not in level.group()
    assert test_clinic_actions.written(hipcoach) == before


# --- the runner's program settings and the assessment chooser -----------------------------------------


def test_program_settings_name_impossible_strength_days_beside_the_choice(signed_in, hipcoach):
    client = runner(signed_in, "ana@example.com")
    before = programs.overview(hipcoach, profile_id(hipcoach, "ana@example.com")).settings
    page = post_form(client, "/program/settings", {"strength_days": "5", "core": "on"})
    assert page.status_code == 400
    summary = summary_of(page.text)
    assert '<a href="#strength-days-2">Strength days a week must be 2 or 3, got 5.</a>' in summary
    fieldset = re.search(r'<fieldset class="field-invalid"[^>]*>.*?</fieldset>', page.text, re.S)
    assert fieldset is not None
    group = fieldset.group()
    assert 'aria-invalid="true"' in group
    assert 'aria-describedby="strength-days-hint strength_days-error"' in group
    assert re.search(
        r'id="strength_days-error">.*?Strength days a week must be 2 or 3, got 5.</p>', group, re.S
    )
    assert re.search(r'id="core" name="core" value="on"\s*checked', page.text)  # as sent, not as saved
    assert programs.overview(hipcoach, profile_id(hipcoach, "ana@example.com")).settings == before


def test_choosing_no_test_is_said_beside_the_tests(signed_in):
    client = runner(signed_in, "ana@example.com")
    page = client.get("/assessments/new", params={"tests": ["juggling"], "age": "41"})
    assert page.status_code == 400
    summary = summary_of(page.text)
    assert re.search(r'<a href="#test-[a-z-]+">Choose at least one test.</a>', summary)
    first = re.search(r'<input type="checkbox" id="(test-[a-z-]+)"', page.text)
    assert first is not None and f'href="#{first.group(1)}"' in summary
    fieldset = re.search(
        r'<fieldset class="field-invalid"[^>]*>.*?</legend>\s*<p[^>]*>.*?</p>', page.text, re.S
    )
    assert fieldset is not None
    assert 'aria-invalid="true" aria-describedby="tests-error"' in fieldset.group()
    assert 'id="tests-error"' in fieldset.group() and "Choose at least one test." in fieldset.group()
    assert 'value="41"' in page.text
