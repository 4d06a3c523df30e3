"""A number typed wrong (issue 18): the runner corrects a session's worst pain from its page, sees the old
decision kept and marked withdrawn, then deletes the morning check-in after the question; every page passes
axe and fits a 360 px screen."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from hipcoach.domain.content import Block
from hipcoach.services import programs
from tests.e2e.conftest import LiveServer, sign_in
from tests.integration.helpers import do_session, morning

pytestmark = pytest.mark.browser


def test_a_runner_corrects_a_session_and_deletes_a_check_in(new_page, live_server: LiveServer, check_page):
    app = live_server.hipcoach
    profile_id = live_server.runner_with_program("corrects.a.typo@example.com")
    programs.override_phase(app, profile_id, 2, by="Sam Ortiz, PT", reason="full range on assessment")
    session_id = do_session(app, profile_id, Block.STRENGTH, pain=2, rpe=6).session_id
    live_server.move_on(timedelta(days=1))  # the next morning
    try:
        checkin_id = morning(app, profile_id, pain=1).checkin_id
        page = new_page()
        sign_in(page, "corrects.a.typo@example.com")
        page.goto(f"/sessions/{session_id}")
        page.get_by_role("link", name="Correct this session").click()
        expect(page.get_by_role("heading", name=re.compile("^Correct your strength session"))).to_be_visible()
        check_page(page, "correct-session")
        page.get_by_label("Worst pain during the session").fill("7")
        page.get_by_label("Pain before the session").fill("")
        page.get_by_role("button", name="Save the correction").click()
        expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
        expect(page.get_by_label("Pain before the session")).to_have_attribute("aria-invalid", "true")
        check_page(page, "correct-session-refused")
        page.get_by_label("Pain before the session").fill("1")
        page.get_by_role("button", name="Save the correction").click()
        expect(page.get_by_role("status")).to_contain_text("Your correction is saved.")
        expect(page.locator("li.withdrawn").first).to_contain_text("numbers were corrected")
        check_page(page, "session-corrected")

        page.goto(f"/checkins/{checkin_id}")
        page.get_by_role("link", name="delete it").click()
        expect(page.get_by_role("heading", name=re.compile("^Delete your check-in of"))).to_be_visible()
        check_page(page, "delete-checkin")
        page.get_by_role("button", name="Yes, delete it").click()
        page.wait_for_url("**/progress?changed=checkin-deleted")
        expect(page.get_by_role("status").first).to_contain_text("The check-in was deleted.")
        check_page(page, "progress-after-delete")
    finally:
        live_server.move_on(timedelta())
