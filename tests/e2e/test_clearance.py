"""A newcomer in a phone-sized browser cannot get a program past a red flag without a recorded clearance
(BRIEF §2.2, pause and clearance): retaking the screening starts nothing; a clearance, then a screening, does.

Every page reached is checked with axe and photographed (``check_page``).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select

from hipcoach.storage import models as m
from tests.e2e.conftest import LiveServer
from tests.e2e.test_journey import profile_of, sign_up_and_onboard

pytestmark = pytest.mark.browser


def answer_screening(page: Page, yes: tuple[str, ...]) -> None:
    """Answer every question the screening asks: yes to the fields named in ``yes``, no to all others."""
    page.goto("/screening")
    for radio in page.locator("fieldset.flag-group:not(.flag-group-follow-up) input[value=no]").all():
        radio.check()
    for field in yes:
        page.locator(f"#{field.replace('.', '-')}-yes").check()
    page.get_by_role("button", name="See my result").click()


def programs_of(live_server: LiveServer, profile_id: int) -> int:
    with live_server.hipcoach.reading() as db:
        return db.scalar(select(func.count()).where(m.Program.profile_id == profile_id)) or 0


def test_a_red_flag_holds_a_newcomer_until_a_clearance_is_recorded(new_page, live_server, check_page):
    page = new_page()
    sign_up_and_onboard(page, "held@example.com", check_page)
    profile_id = profile_of(live_server, "held@example.com")

    answer_screening(page, ("sign.tight-hip-flexors", "flag.sharp-pain"))
    expect(page.get_by_role("heading", name="See a clinician before you start")).to_be_visible()
    expect(page.get_by_role("link", name="record their clearance")).to_be_visible()
    check_page(page, "referral")

    answer_screening(page, ("sign.tight-hip-flexors",))  # the tick left out
    expect(page.get_by_text("No program has been started:")).to_be_visible()
    check_page(page, "retaken")
    assert programs_of(live_server, profile_id) == 0

    page.goto("/program")
    expect(page.get_by_role("heading", name="No program yet")).to_be_visible()
    expect(page.get_by_role("heading", name="See a clinician before you go on")).to_be_visible()
    expect(page.get_by_role("link", name="Take the screening")).to_have_count(0)
    check_page(page, "on-hold")

    page.get_by_role("link", name="Record a clearance").click()
    expect(page.get_by_role("heading", name="Record a clearance")).to_be_visible()
    check_page(page, "form")
    page.get_by_role("button", name="Record the clearance").click()  # empty: the browser asks for the name
    expect(page.get_by_role("heading", name="Record a clearance")).to_be_visible()
    page.get_by_label("Who cleared you").fill("Dr Kim Lee")
    page.get_by_label("Their profession").fill("sports physician")
    page.get_by_label("Note").fill("Easy running is fine; build up slowly.")
    page.get_by_role("button", name="Record the clearance").click()

    expect(page.get_by_text("Self-reported: you recorded it.")).to_be_visible()
    check_page(page, "recorded")
    with live_server.hipcoach.reading() as db:
        clearance = db.scalars(select(m.Clearance).where(m.Clearance.profile_id == profile_id)).one()
    assert (clearance.cleared_by, clearance.profession) == ("Dr Kim Lee", "sports physician")
    assert clearance.lifted_flags == ["sharp-pain"] and clearance.self_reported
    assert programs_of(live_server, profile_id) == 0

    page.get_by_role("link", name="Take the screening").click()
    answer_screening(page, ("sign.tight-hip-flexors",))
    page.get_by_role("link", name="See your program").click()
    expect(page.get_by_role("heading", name="Phase 1 - mobility")).to_be_visible()
    expect(page.get_by_role("link", name="Start today's session")).to_be_visible()
    check_page(page, "program")
    assert programs_of(live_server, profile_id) == 1
