"""The session player in a real browser: countdowns that run, counters that move, skip, back, resume, finish.

Timers run on Playwright's fake clock (``page.clock``): a 30 s rest takes no real 30 s, and the page is
none the wiser, because it reads the time only from Date.now().
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from hipcoach.services import programs
from hipcoach.storage import models as m
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser

HALF_KNEELING = "Half-kneeling hip flexor mobilisation with overhead reach"


def countdown(page: Page) -> int:
    return int(page.locator("#countdown").inner_text())


def test_the_player_times_counts_skips_goes_back_resumes_and_saves(new_page, live_server, check_page):
    profile_id = live_server.runner_with_program("player@example.com")
    page = new_page()
    page.clock.install()
    sign_in(page, "player@example.com")
    page.goto("/session")

    title = page.locator("#step-title")
    counter = page.locator("#counter")
    expect(title).to_have_text("Before you start")
    check_page(page, "baseline")
    page.get_by_label("Your pain right now").fill("2")
    page.get_by_role("button", name="Start the session").click()

    # Hip CARs: circles both ways, each side, two rounds
    expect(title).to_have_text("Hip CARs (controlled articular rotations)")
    expect(counter).to_have_text("Round 1 of 2 · left side")
    expect(page.locator("#dose")).to_contain_text("counter-clockwise")
    check_page(page, "first-exercise")
    page.get_by_role("button", name="Done", exact=True).click()
    expect(counter).to_have_text("Round 1 of 2 · right side")
    page.get_by_role("button", name="Done", exact=True).click()

    # the rest between rounds counts down by itself and moves on when it ends
    expect(title).to_have_text("Rest")
    expect(counter).to_have_text("Next: Round 2 of 2 · left side")
    expect(page.locator("#countdown")).to_have_text("30")
    page.clock.fast_forward(4_000)
    expect(page.locator("#countdown")).to_have_text("26")
    # The screenshot comes after the exact count: it takes real time, which a loaded machine makes long.
    check_page(page, "rest")
    page.clock.fast_forward(27_000)
    expect(counter).to_have_text("Round 2 of 2 · left side")
    expect(title).to_have_text("Hip CARs (controlled articular rotations)")

    # back skips the rest and shows the set already done; skip moves to the next exercise
    page.get_by_role("button", name="Back").click()
    expect(counter).to_have_text("Round 1 of 2 · right side")
    expect(page.locator("#dose")).to_contain_text("Saved: 2 done.")
    page.get_by_role("button", name="Skip exercise").click()
    expect(title).to_have_text(HALF_KNEELING)
    expect(counter).to_have_text("Round 1 of 2 · left side")

    # five reps, each held 5 s on its own countdown with 3 s to get ready between them; the set is recorded
    # when the last hold ends (5 x 5 s + 4 x 3 s)
    page.get_by_role("button", name="Start hold").click()
    expect(page.locator("#timer-label")).to_have_text("Rep 1 of 5: hold")
    first = countdown(page)
    page.clock.fast_forward(2_000)
    expect(page.locator("#countdown")).not_to_have_text(str(first))
    assert countdown(page) < first
    page.clock.fast_forward(4_000)
    expect(page.locator("#timer-label")).to_have_text("Rep 2 of 5: get ready")
    page.clock.fast_forward(2_000)
    expect(page.locator("#timer-label")).to_have_text("Rep 2 of 5: hold")
    check_page(page, "hold")
    page.clock.fast_forward(30_000)
    expect(counter).to_have_text("Round 1 of 2 · right side")
    expect(page.locator("#save-status")).to_contain_text("Saved at")

    # closing the tab and opening the player again offers to resume where the runner was
    page.close()
    page = new_page()
    page.clock.install()
    page.goto("/session")
    expect(
        page.get_by_role("heading", name=re.compile(r"Resume your mobility session from .+\?"))
    ).to_be_visible()
    expect(page.locator("#resume-detail")).to_contain_text(f"exercise 2 of 8: {HALF_KNEELING}")
    check_page(page, "resume")
    page.get_by_role("button", name="Resume").click()
    title = page.locator("#step-title")
    counter = page.locator("#counter")
    expect(title).to_have_text(HALF_KNEELING)
    expect(counter).to_have_text("Round 1 of 2 · right side")

    # a plain hold that is stopped early records the seconds actually held, and says so before moving on
    for _ in range(2):
        page.get_by_role("button", name="Skip exercise").click()
    expect(title).to_have_text("Adductor rock-back")
    page.get_by_role("button", name="Skip exercise").click()
    expect(title).to_have_text("Figure-4 stretch")
    page.get_by_role("button", name="Start hold").click()
    expect(page.locator("#countdown")).to_have_text("30")
    page.clock.fast_forward(12_000)
    expect(page.locator("#countdown")).to_have_text("18")
    page.get_by_role("button", name="Stop hold").click()
    expect(page.locator("#dose")).to_contain_text("Saved: held 12 s of 30.")
    page.get_by_role("button", name="Next", exact=True).click()
    expect(counter).to_have_text("Round 1 of 2 · right side")

    while title.inner_text() != "Session done":
        page.get_by_role("button", name="Skip exercise").click()
        expect(page.locator("#save-status")).to_contain_text("Saved")
    check_page(page, "end")
    # (the hidden form of the page without JavaScript has the same labels; roles see only what is shown)
    page.get_by_role("spinbutton", name="Worst pain during the session").fill("3")
    page.get_by_role("spinbutton", name="Effort of the whole session (RPE)").fill("4")
    page.get_by_role("spinbutton", name="Hip tightness now").fill("2")
    page.get_by_role("button", name="Finish and save").click()
    page.wait_for_url(re.compile(r"/session/done/\d+$"))
    expect(page.get_by_role("heading", name="Next: the pain about an hour after")).to_be_visible()
    check_page(page, "saved")

    with live_server.hipcoach.reading() as db:
        session = db.scalars(
            select(m.TrainingSession).where(m.TrainingSession.profile_id == profile_id)
        ).one()
        assert (
            session.source,
            session.baseline_pain,
            session.pain_during,
            session.rpe,
            session.tightness,
        ) == (
            "guided",
            2,
            3,
            4,
            2,
        )
        sets = {
            e.exercise_id: sorted((s.round, s.side, s.reps, s.seconds) for s in e.sets)
            for e in session.exercises
        }
        draft = db.scalars(select(m.SessionDraft).where(m.SessionDraft.profile_id == profile_id)).first()
    assert sets["hip-cars"] == [(1, "left", 2, None), (1, "right", 2, None)]
    assert sets["half-kneeling-hip-flexor-mobilisation"] == [(1, "left", 5, 5)]
    assert sets["figure-four-stretch"] == [(1, "left", None, 12)]
    assert sets["adductor-rock-back"] == []
    assert draft is None


def test_a_wrong_answer_is_named_on_the_page_and_nothing_moves_on(new_page, live_server):
    live_server.runner_with_program("typo@example.com")
    page = new_page()
    sign_in(page, "typo@example.com")
    page.goto("/session")
    page.get_by_label("Your pain right now").fill("12")
    page.get_by_role("button", name="Start the session").click()
    expect(page.get_by_role("alert")).to_have_text(
        "Please give your pain right now as a whole number from 0 to 10."
    )
    expect(page.locator("#step-title")).to_have_text("Before you start")
    expect(page.get_by_label("Your pain right now")).to_be_focused()


def test_without_javascript_the_session_is_a_list_with_a_form_to_log_it(browser, live_server):
    live_server.runner_with_program("nojs@example.com")
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, base_url=live_server.url, java_script_enabled=False
    )
    try:
        page = context.new_page()
        sign_in(page, "nojs@example.com")
        page.goto("/session")
        expect(page.locator("#player")).to_be_hidden()
        expect(page.get_by_role("heading", name="Hip CARs (controlled articular rotations)")).to_be_visible()
        page.get_by_label("Your pain before the session").fill("1")
        page.get_by_label("Worst pain during the session").fill("2")
        page.get_by_label("Effort of the whole session (RPE)").fill("5")
        page.get_by_role("button", name="Log the session as done").click()
        page.wait_for_url(re.compile(r"/session/done/\d+$"))
        expect(page.get_by_role("heading", name="Next: the pain about an hour after")).to_be_visible()
    finally:
        context.close()


def test_a_countdown_keeps_time_while_the_phone_sleeps_and_after_the_tab_is_reopened(new_page, live_server):
    live_server.runner_with_program("sleepy@example.com")
    page = new_page()
    page.clock.install()
    sign_in(page, "sleepy@example.com")
    page.goto("/session")
    page.get_by_label("Your pain right now").fill("0")
    page.get_by_role("button", name="Start the session").click()
    for _ in range(2):
        page.get_by_role("button", name="Done", exact=True).click()
    expect(page.locator("#countdown")).to_have_text("30")
    expect(page.locator("#save-status")).to_contain_text("Saved at")
    rest_started = page.evaluate("Date.now()") / 1000

    # A sleeping phone runs no timers: the clock is paused, then the wall clock jumps 21 s on. The moment the
    # page is visible again it shows the time left, computed from when the rest ends.
    page.clock.pause_at(rest_started + 0.1)
    page.clock.set_system_time(rest_started + 21)
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    expect(page.locator("#countdown")).to_have_text("9")

    # The countdown is part of the draft: reopened 4 s later, the rest carries on where it is by now.
    page.close()
    page = new_page()
    page.clock.install(time=rest_started + 25)
    page.goto("/session")
    page.get_by_role("button", name="Resume").click()
    expect(page.locator("#step-title")).to_have_text("Rest")
    expect(page.locator("#countdown")).to_have_text("5")
    page.clock.fast_forward(6_000)
    expect(page.locator("#counter")).to_have_text("Round 2 of 2 · left side")


def test_a_strength_exercise_asks_for_reps_load_pain_and_effort_after_its_sets(
    new_page, live_server, check_page
):
    profile_id = live_server.runner_with_program("strong@example.com")
    programs.override_phase(live_server.hipcoach, profile_id, 2, by="Sam Ortiz, PT", reason="full range")
    page = new_page()
    page.clock.install()
    sign_in(page, "strong@example.com")
    page.goto("/session?kind=strength")
    title = page.locator("#step-title")
    counter = page.locator("#counter")
    page.get_by_label("Your pain right now").fill("1")
    page.get_by_role("button", name="Start the session").click()
    while title.inner_text() != "Half-kneeling halo":  # past the mobility warm-up
        page.get_by_role("button", name="Skip exercise").click()
    expect(page.locator("#level")).to_have_text(re.compile(r"^Level \d: .+"))
    for _ in range(2):
        page.get_by_role("button", name="Done", exact=True).click()
    expect(title).to_have_text("Rest")
    expect(page.locator("#countdown")).to_have_text("1:15")  # the strength circuit's 75 s between rounds
    page.clock.fast_forward(76_000)
    expect(counter).to_have_text("Round 2 of 2 · left side")
    for _ in range(2):
        page.get_by_role("button", name="Done", exact=True).click()

    expect(counter).to_have_text("How did it go?")
    expect(page.get_by_label("Round 1 · left side")).to_have_value("3")  # the prescribed circles each way
    check_page(page, "effort")
    page.get_by_label("Round 2 · right side").fill("2")
    page.get_by_label("Load in kg").fill("8")
    page.get_by_role("spinbutton", name="Pain during this exercise").fill("2")
    page.get_by_role("spinbutton", name="Effort (RPE)").fill("7")
    page.get_by_role("button", name="Save and continue").click()
    expect(title).to_have_text("Runner's lunge with overhead press")

    while title.inner_text() != "Session done":
        page.get_by_role("button", name="Skip exercise").click()
    expect(page.get_by_role("spinbutton", name="Worst pain during the session")).to_have_count(0)
    page.get_by_role("spinbutton", name="Effort of the whole session (RPE)").fill("6")
    page.get_by_role("spinbutton", name="Hip tightness now").fill("1")
    page.get_by_role("button", name="Finish and save").click()
    page.wait_for_url(re.compile(r"/session/done/\d+$"))

    with live_server.hipcoach.reading() as db:
        session = db.scalars(
            select(m.TrainingSession).where(m.TrainingSession.profile_id == profile_id)
        ).one()
        halo = next(e for e in session.exercises if e.exercise_id == "half-kneeling-halo")
        assert (session.kind, session.pain_during, session.rpe) == (
            "strength",
            2,
            6,
        )  # worst of the exercises
        assert (halo.load_kg, halo.pain_during, halo.rpe, halo.full_dose) == (8.0, 2, 7, False)
        assert sorted((s.round, s.side, s.reps, s.load_kg) for s in halo.sets) == [
            (1, "left", 3, 8.0),
            (1, "right", 3, 8.0),
            (2, "left", 3, 8.0),
            (2, "right", 2, 8.0),
        ]


def test_the_player_works_from_the_keyboard_with_a_visible_focus(new_page, live_server):
    live_server.runner_with_program("keys@example.com")
    page = new_page()
    page.clock.install()
    sign_in(page, "keys@example.com")
    page.goto("/session")
    page.get_by_label("Your pain right now").focus()
    page.keyboard.type("1")
    page.keyboard.press("Enter")
    counter = page.locator("#counter")
    expect(counter).to_have_text("Round 1 of 2 · left side")
    primary = page.get_by_role("button", name="Done", exact=True)
    expect(primary).to_be_focused()
    outline = primary.evaluate("button => getComputedStyle(button).outlineStyle")
    assert outline == "solid"  # app.css's :focus-visible ring
    page.keyboard.press("Enter")
    expect(counter).to_have_text("Round 1 of 2 · right side")
    page.keyboard.press("Space")
    expect(page.locator("#step-title")).to_have_text("Rest")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Back")).to_be_focused()
    page.keyboard.press("Enter")
    expect(counter).to_have_text("Round 1 of 2 · right side")
