""" "This hurts" in a real browser, at phone size: 7/10 on the second strength exercise stops it, the runner
takes the easier level, finishes, and the saved session shows it; and the same action by keyboard alone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select, update

from hipcoach.services import programs
from hipcoach.storage import models as m
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser

LUNGE = "Runner's lunge with overhead press"
NOTE = "Runner's lunge with overhead press: stopped for pain of 7/10 (above 5/10); went on at level 1."


def strength_runner_with_lunge_at_level_two(live_server, email: str) -> int:
    app = live_server.hipcoach
    profile_id = live_server.runner_with_program(email)
    programs.override_phase(app, profile_id, 2, by="Sam Ortiz, PT", reason="full range")
    with app.transaction() as db:
        program_id = db.scalar(select(m.Program.id).where(m.Program.profile_id == profile_id))
        db.execute(
            update(m.ExerciseState)
            .where(m.ExerciseState.program_id == program_id, m.ExerciseState.exercise_id == "runners-lunge")
            .values(ladder_level=2)
        )
    return profile_id


def open_at_the_lunge(page: Page, email: str) -> None:
    page.clock.install()
    sign_in(page, email)
    page.goto("/session?kind=strength")
    page.get_by_label("Your pain right now").fill("1")
    page.get_by_role("button", name="Start the session").click()
    title = page.locator("#step-title")
    while title.inner_text() != LUNGE:  # past the mobility warm-up and the first strength exercise
        page.get_by_role("button", name="Skip exercise").click()


def test_7_of_10_on_the_lunge_stops_it_the_easier_level_goes_on_and_the_saved_session_shows_it(
    new_page, live_server, check_page
):
    profile_id = strength_runner_with_lunge_at_level_two(live_server, "hurts@example.com")
    page = new_page()
    open_at_the_lunge(page, "hurts@example.com")
    title, counter, level = page.locator("#step-title"), page.locator("#counter"), page.locator("#level")
    expect(page.locator("#position")).to_have_text(re.compile(r"^Exercise \d+ of \d+ · strength$"))
    expect(level).to_have_text("Level 2: Runner's lunge, two-arm press")
    page.get_by_role("button", name="Done", exact=True).click()  # round 1, left side
    expect(counter).to_have_text("Round 1 of 2 · right side")

    page.get_by_role("button", name="This hurts").click()
    expect(counter).to_have_text("This hurts")
    expect(page.get_by_role("button", name="Skip exercise")).to_be_hidden()
    expect(page.get_by_role("spinbutton", name="How much does it hurt?")).to_be_focused()
    check_page(page, "ask")
    page.get_by_role("spinbutton", name="How much does it hurt?").fill("7")
    sharp = page.get_by_role("group", name="Is the pain sharp, shooting, burning or stinging?")
    sharp.get_by_role("radio", name="No", exact=True).check()
    page.get_by_role("button", name="Record the pain").click()

    expect(counter).to_have_text("Stop this exercise")
    expect(page.locator("#stop-reason")).to_have_text(
        "7/10: Pain above 5/10 is too much: this exercise stops here."
    )
    for hidden in ("Back", "Skip exercise", "This hurts"):
        expect(page.get_by_role("button", name=hidden)).to_be_hidden()
    easier = page.get_by_label("Go on at the easier level: level 1, Split-squat hold with two-arm press")
    expect(easier).to_be_focused()
    expect(page.get_by_label("Leave this exercise for today")).to_be_visible()
    check_page(page, "stop")
    # the choice waits in the draft: a reload brings it back, not the exercise
    expect(page.locator("#save-status")).to_contain_text("Saved at")
    page.reload()
    page.get_by_role("button", name="Resume").click()
    expect(page.locator("#stop-reason")).to_be_visible()
    page.get_by_label("Go on at the easier level: level 1, Split-squat hold with two-arm press").check()
    page.get_by_role("button", name="Continue").click()

    # on at level 1, on the set where it hurt
    expect(title).to_have_text(LUNGE)
    expect(level).to_have_text("Level 1: Split-squat hold with two-arm press")
    expect(counter).to_have_text("Round 1 of 2 · right side")
    expect(page.locator("#hurt-note")).to_have_text("Stopped at 7/10. You chose: go on at the easier level.")
    check_page(page, "easier")
    page.get_by_role("button", name="Done", exact=True).click()
    expect(title).to_have_text("Rest")
    page.get_by_role("button", name="Skip rest").click()
    for _ in range(2):
        page.get_by_role("button", name="Done", exact=True).click()

    expect(counter).to_have_text("How did it go?")
    pain = page.get_by_role("spinbutton", name="Pain during this exercise")
    expect(pain).to_have_value("7")  # the worst pain reported during it
    page.get_by_role("spinbutton", name="Effort (RPE)").fill("6")
    page.get_by_role("button", name="Save and continue").click()
    while title.inner_text() != "Session done":
        page.get_by_role("button", name="Skip exercise").click()
    page.get_by_role("spinbutton", name="Effort of the whole session (RPE)").fill("6")
    page.get_by_role("spinbutton", name="Hip tightness now").fill("2")
    page.get_by_role("button", name="Finish and save").click()
    page.wait_for_url(re.compile(r"/session/done/\d+$"))
    expect(page.locator("#session-notes")).to_have_text(f"What hurt: {NOTE}")
    expect(page.get_by_text(re.compile(rf"Not at the full dose: .*{re.escape(LUNGE)}"))).to_be_visible()
    check_page(page, "saved")

    with live_server.hipcoach.reading() as db:
        session = db.scalars(
            select(m.TrainingSession).where(m.TrainingSession.profile_id == profile_id)
        ).one()
        lunge = next(e for e in session.exercises if e.exercise_id == "runners-lunge")
        assert (lunge.ladder_level, lunge.pain_during, lunge.full_dose, lunge.rpe) == (1, 7, False, 6)
        assert len(lunge.sets) == 4
        assert (session.pain_during, session.notes) == (7, NOTE)
    page.goto(f"/sessions/{session.id}")
    expect(page.get_by_text(f"Notes: {NOTE}")).to_be_visible()
    expect(page.locator("main")).to_contain_text("level 1")


def test_this_hurts_works_from_the_keyboard_and_pain_within_the_threshold_goes_on(new_page, live_server):
    strength_runner_with_lunge_at_level_two(live_server, "hurtkeys@example.com")
    page = new_page()
    open_at_the_lunge(page, "hurtkeys@example.com")
    counter = page.locator("#counter")
    page.get_by_role("button", name="This hurts").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("spinbutton", name="How much does it hurt?")).to_be_focused()
    page.keyboard.type("4")
    page.keyboard.press("Tab")  # into the yes/no question
    page.keyboard.press("ArrowDown")  # "No"
    expect(page.get_by_role("radio", name="No", exact=True)).to_be_checked()
    page.keyboard.press("Enter")

    expect(counter).to_have_text("Round 1 of 2 · left side")
    expect(page.locator("#hurt-note")).to_have_text(
        "Noted: 4/10. Pain of 4-5/10 is acceptable: carry on, and say so again if it goes above 5/10 or "
        "turns sharp, shooting, burning or stinging."
    )
    expect(page.get_by_role("button", name="Done", exact=True)).to_be_focused()
    expect(page.locator("#level")).to_have_text("Level 2: Runner's lunge, two-arm press")

    # "Back to the exercise" leaves without a report
    page.get_by_role("button", name="This hurts").click()
    page.get_by_role("button", name="Back to the exercise").click()
    expect(counter).to_have_text("Round 1 of 2 · left side")
