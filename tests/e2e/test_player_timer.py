"""The hold timer in a real browser: each rep held on its own with a pause to get ready before the next, a
reload mid-pause that picks up where the set is by now, and "Stop hold" that says what it saved.

The page's clock is Playwright's (``page.clock``), paused, so every second shown is exact (and resumed for
``check_page``: a screenshot waits for a frame, which a paused clock never draws).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from hipcoach.domain import rules
from hipcoach.storage import models as m
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser

HALF_KNEELING = "Half-kneeling hip flexor mobilisation with overhead reach"  # 5 reps, each held 5 s
HOLD_MS = 5_000
GAP_MS = rules.REP_REST_SECONDS * 1000


def rep_starts_ms(rep: int) -> int:
    """When a rep's hold begins, from the moment "Start hold" was pressed."""
    return (rep - 1) * (HOLD_MS + GAP_MS)


def test_each_rep_is_held_on_its_own_resumes_mid_pause_and_a_stop_says_what_it_saved(
    new_page, live_server, check_page
):
    profile_id = live_server.runner_with_program("holds@example.com")
    page = new_page()
    page.clock.install()
    sign_in(page, "holds@example.com")
    page.goto("/session")
    page.get_by_label("Your pain right now").fill("1")
    page.get_by_role("button", name="Start the session").click()
    page.get_by_role("button", name="Skip exercise").click()
    expect(page.locator("#step-title")).to_have_text(HALF_KNEELING)
    page.clock.pause_at(page.evaluate("Date.now()") / 1000 + 0.5)  # a moment ahead: the clock never goes back

    label = page.locator("#timer-label")
    seconds = page.locator("#countdown")
    announced = page.locator("#announce")
    page.get_by_role("button", name="Start hold").click()
    expect(label).to_have_text("Rep 1 of 5: hold")
    expect(seconds).to_have_text("5")
    expect(page.locator("#save-status")).to_contain_text("Saved at")

    # rep 1's hold ends: a pause to let go and get ready, said out loud, then rep 2's hold
    page.clock.run_for(HOLD_MS + 100)
    expect(label).to_have_text("Rep 2 of 5: get ready")
    expect(seconds).to_have_text(str(rules.REP_REST_SECONDS))
    expect(announced).to_have_text(f"Rep 1 done. Let go. Rep 2 of 5 in {rules.REP_REST_SECONDS} seconds.")
    page.clock.run_for(GAP_MS)
    expect(label).to_have_text("Rep 2 of 5: hold")
    expect(seconds).to_have_text("5")
    expect(announced).to_have_text("Rep 2 of 5: hold.")

    # The tab is closed; reopened in the pause before rep 3, it shows that pause and the seconds it has left.
    draft = page.evaluate("fetch('/api/session/draft').then((response) => response.json())")
    hold_started_s = (draft["state"]["timer"]["ends_at_ms"] - rep_starts_ms(5) - HOLD_MS) / 1000
    page.close()
    page = new_page()
    reopened_s = hold_started_s + (rep_starts_ms(3) - GAP_MS + 100) / 1000
    page.clock.install(time=reopened_s - 0.5)
    page.clock.pause_at(reopened_s)
    page.goto("/session")
    page.get_by_role("button", name="Resume").click()
    label = page.locator("#timer-label")
    seconds = page.locator("#countdown")
    expect(page.locator("#counter")).to_have_text("Round 1 of 2 · left side")
    expect(label).to_have_text("Rep 3 of 5: get ready")
    expect(seconds).to_have_text(str(rules.REP_REST_SECONDS))
    page.clock.run_for(GAP_MS)
    expect(label).to_have_text("Rep 3 of 5: hold")
    page.clock.run_for(4_000)
    expect(seconds).to_have_text("1")

    # stopped 4 s into rep 3: the two complete reps are saved, and the screen says so until "Next"
    page.get_by_role("button", name="Stop hold").click()
    dose = page.locator("#dose")
    expect(dose).to_contain_text("Saved: 2 of 5 reps, each held 5 s. A rep counts once its whole hold is")
    page.clock.run_for(100)
    expect(page.locator("#announce")).to_contain_text("Hold stopped. Saved: 2 of 5 reps")
    page.get_by_role("button", name="Next", exact=True).click()

    # stopped 4 s into rep 1: not a silent "0 reps", but the seconds held
    expect(page.locator("#counter")).to_have_text("Round 1 of 2 · right side")
    page.get_by_role("button", name="Start hold").click()
    page.clock.run_for(4_200)
    page.get_by_role("button", name="Stop hold").click()
    expect(dose).to_contain_text("Saved: 0 of 5 reps. You held the first rep 4 s of 5.")
    page.clock.resume()  # a screenshot waits for the next frame, which a paused clock never draws
    check_page(page, "hold-stopped")

    while page.locator("#step-title").inner_text() != "Session done":
        page.get_by_role("button", name="Skip exercise").click()
    page.get_by_role("spinbutton", name="Worst pain during the session").fill("1")
    page.get_by_role("spinbutton", name="Effort of the whole session (RPE)").fill("3")
    page.get_by_role("spinbutton", name="Hip tightness now").fill("2")
    page.get_by_role("button", name="Finish and save").click()
    page.wait_for_url(re.compile(r"/session/done/\d+$"))
    expect(page.get_by_text(re.compile(f"Not at the full dose: .*{HALF_KNEELING}"))).to_be_visible()

    with live_server.hipcoach.reading() as db:
        session = db.scalars(
            select(m.TrainingSession).where(m.TrainingSession.profile_id == profile_id)
        ).one()
        half_kneeling = next(
            e for e in session.exercises if e.exercise_id == "half-kneeling-hip-flexor-mobilisation"
        )
        assert sorted((s.round, s.side, s.reps, s.seconds) for s in half_kneeling.sets) == [
            (1, "left", 2, 5),
            (1, "right", 0, 4),
        ]
        assert half_kneeling.full_dose is False
