"""A newcomer's whole journey in a phone-sized browser, and the red-flag path that ends at a referral.

Every page reached is checked with axe (no serious or critical violations) and photographed at 390x844 and
1280x800 (``check_page``).
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from hipcoach.storage import models as m
from tests.e2e.conftest import PASSWORD, LiveServer

pytestmark = pytest.mark.browser

TIGHT_HIP_FLEXORS = "Do the fronts of your hips feel tight"
SHARP_PAIN = "Is your pain sharp, shooting, burning or stinging"


def sign_up_and_onboard(page: Page, email: str, check_page) -> None:
    page.goto("/")
    check_page(page, "home")
    page.get_by_role("link", name="Get started").click()
    expect(page.get_by_role("heading", name="Create your account")).to_be_visible()
    check_page(page, "signup")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    page.wait_for_url("**/login?signed_up=1")  # signing up never says whether the email had an account
    check_page(page, "signed-up")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/onboarding")
    check_page(page, "onboarding")
    page.get_by_label("Age").fill("34")
    page.get_by_label("Female").check()
    page.get_by_label("Height").fill("168")
    page.get_by_label("Weight").fill("60")
    page.get_by_label("Running distance in a usual week").fill("30")
    page.get_by_label("None of these").check()
    page.get_by_role("button", name="Save and go on to the screening").click()
    page.wait_for_url("**/screening")


def answer_every_question(page: Page, yes: tuple[str, ...] = ()) -> None:
    """Answer each yes/no question on the page as a runner does: Yes to the questions named (by their start),
    No to every other; nothing is left for the page to take as a no."""
    for group in page.locator("fieldset.yes-no").all():
        question = group.locator("legend").inner_text()
        group.get_by_label("Yes" if question.startswith(yes) else "No", exact=True).check()


def profile_of(live_server: LiveServer, email: str) -> int:
    with live_server.hipcoach.reading() as db:
        user = db.scalars(select(m.User).where(m.User.email == email)).one()
        return db.scalars(select(m.Profile.id).where(m.Profile.user_id == user.id)).one()


def play_whole_session(page: Page) -> int:
    """Do every set of the session in the player, letting each hold and rest run out; returns the steps."""
    title = page.locator("#step-title")
    counter = page.locator("#counter")
    primary = page.locator("#primary")
    countdown = page.locator("#countdown")
    steps = 0
    seen_hold = seen_rest = False
    while title.inner_text() != "Session done":
        before = counter.inner_text()
        action = primary.inner_text()
        if action == "Start hold":
            primary.click()
            first = int(countdown.inner_text())
            page.clock.fast_forward(1_000)
            expect(countdown).not_to_have_text(str(first))  # the hold visibly counts down
            page.clock.fast_forward(60_000)  # longer than any hold of the session: it ends by itself
            seen_hold = True
        elif action == "Skip rest":
            first = int(countdown.inner_text())
            page.clock.fast_forward(1_000)
            expect(countdown).not_to_have_text(str(first))
            page.clock.fast_forward(120_000)  # the rest ends by itself and the next round starts
            seen_rest = True
        else:
            assert action == "Done", action
            primary.click()
        expect(counter).not_to_have_text(before)
        steps += 1
    assert seen_hold and seen_rest
    return steps


def test_a_newcomer_signs_up_is_screened_does_a_session_checks_in_and_sees_progress(
    new_page, live_server, check_page
):
    page = new_page()
    page.clock.install()
    sign_up_and_onboard(page, "newcomer@example.com", check_page)

    check_page(page, "screening")
    page.get_by_role("button", name="See my result").click()  # nothing answered: the browser asks first
    expect(page.get_by_role("heading", name="Your screening result")).to_have_count(0)
    answer_every_question(page, yes=(TIGHT_HIP_FLEXORS,))
    page.get_by_role("button", name="See my result").click()
    expect(page.get_by_role("heading", name="Your screening result")).to_be_visible()
    check_page(page, "screening-result")

    page.get_by_role("link", name="See your program").click()
    expect(page.get_by_role("heading", name="Phase 1 - mobility")).to_be_visible()
    check_page(page, "program")

    page.get_by_role("link", name="Start today's session").click()
    expect(page.locator("#step-title")).to_have_text("Before you start")
    check_page(page, "session")
    page.get_by_label("Your pain right now").fill("1")
    page.get_by_role("button", name="Start the session").click()
    expect(page.locator("#counter")).to_have_text("Round 1 of 2 · left side")
    steps = play_whole_session(page)
    assert steps == 32 + 8  # every side of every round of the eight exercises, and a rest between rounds
    expect(page.locator("#counter")).to_have_text("32 of 32 sets done")
    page.get_by_role("spinbutton", name="Worst pain during the session").fill("2")
    page.get_by_role("spinbutton", name="Effort of the whole session (RPE)").fill("5")
    page.get_by_role("spinbutton", name="Hip tightness now").fill("3")
    page.get_by_role("button", name="Finish and save").click()
    page.wait_for_url(re.compile(r"/session/done/\d+$"))
    expect(page.get_by_role("heading", name="Next: the pain about an hour after")).to_be_visible()
    expect(page.locator("#morning-opens")).to_contain_text("The morning check-in for your session of")
    check_page(page, "session-saved")
    page.get_by_label("Pain about an hour after the session").fill("2")
    page.get_by_role("button", name="Save the pain an hour after").click()
    expect(page.locator("#pain-after-saved")).to_contain_text("Saved: 2/10.")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Check-in").click()
    expect(page.get_by_role("heading", name="Morning check-in: not yet")).to_be_visible()
    check_page(page, "checkin-not-yet")

    live_server.move_on(timedelta(days=1), page)  # the next morning, on the server and on the phone
    try:
        page.reload()
        expect(page.get_by_role("heading", name="Morning check-in", exact=True)).to_be_visible()
        check_page(page, "checkin")
        page.get_by_label("Pain this morning").fill("1")
        page.get_by_label("Hip tightness this morning").fill("2")
        answer_every_question(page)
        page.get_by_role("button", name="Save my check-in").click()
        expect(page.get_by_role("heading", name="Your check-in")).to_be_visible()
        expect(page.get_by_role("heading", name=re.compile("^Your session of"))).to_be_visible()
        check_page(page, "checkin-result")

        page.get_by_role("navigation", name="Main").get_by_role("link", name="Progress").click()
        expect(page.get_by_role("heading", name="Your progress")).to_be_visible()
        log = page.locator("table.history")
        expect(log.get_by_role("link", name="Mobility")).to_be_visible()
        check_page(page, "progress")
        log.get_by_role("link", name="Mobility").click()
        expect(page.get_by_role("heading", name=re.compile("^Mobility session"))).to_be_visible()
        check_page(page, "session-detail")

        page.get_by_role("navigation", name="Main").get_by_role("link", name="Library").click()
        expect(page.get_by_role("heading", name="Exercise library")).to_be_visible()
        check_page(page, "library")
        page.get_by_role("link", name="Half-kneeling halo").first.click()
        expect(page.get_by_role("heading", name="Half-kneeling halo")).to_be_visible()
        check_page(page, "exercise")

        profile_id = profile_of(live_server, "newcomer@example.com")
        with live_server.hipcoach.reading() as db:
            session = db.scalars(
                select(m.TrainingSession).where(m.TrainingSession.profile_id == profile_id)
            ).one()
            assert (session.source, session.baseline_pain, session.pain_during, session.rpe) == (
                "guided",
                1,
                2,
                5,
            )
            assert all(e.full_dose for e in session.exercises)
            assert sum(len(e.sets) for e in session.exercises) == 32
            checkin = db.scalars(select(m.Checkin).where(m.Checkin.profile_id == profile_id)).one()
            assert checkin.session_id == session.id
            assert session.pain_after == 2
    finally:
        live_server.move_on(timedelta())


def test_a_red_flag_at_screening_ends_at_the_referral_page_with_no_program(new_page, live_server, check_page):
    page = new_page()
    sign_up_and_onboard(page, "referred@example.com", check_page)
    answer_every_question(page, yes=(TIGHT_HIP_FLEXORS, SHARP_PAIN))
    page.get_by_role("button", name="See my result").click()
    expect(page.get_by_role("heading", name="See a clinician before you start")).to_be_visible()
    expect(page.get_by_text("No program has been started.")).to_be_visible()
    check_page(page, "referral")

    page.goto("/session")
    expect(page.get_by_role("heading", name="No program yet")).to_be_visible()
    check_page(page, "no-program")

    profile_id = profile_of(live_server, "referred@example.com")
    with live_server.hipcoach.reading() as db:
        assert db.scalars(select(m.Program).where(m.Program.profile_id == profile_id)).first() is None
        screening = db.scalars(select(m.Screening).where(m.Screening.profile_id == profile_id)).one()
        assert not screening.program_allowed and screening.red_flag_level == "refer"
