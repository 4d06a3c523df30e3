"""The home screen on a phone: today's to-do, then the session ticked and the pain an hour after asked."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from hipcoach.domain.content import Block
from hipcoach.services import runner_time, today
from tests.e2e.conftest import sign_in
from tests.integration.helpers import do_session

pytestmark = pytest.mark.browser


def test_the_home_screen_shows_todays_to_do_and_ticks_what_is_done(new_page, live_server, check_page):
    email = "today@example.com"
    profile_id = live_server.runner_with_program(email)
    hipcoach = live_server.hipcoach
    todo = today.today(hipcoach, profile_id)  # the server's clock: whichever weekday this runs on
    assert todo is not None

    page = new_page()
    sign_in(page, email)
    page.goto("/")
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
    session = page.locator("#todo-session")
    if todo.kind is not None:
        expect(session).to_contain_text(f"About {todo.minutes} minutes")
        expect(session.get_by_role("link", name="Start your session")).to_be_visible()
    else:  # the program starts today: a first session is offered even on a rest day of the week
        expect(session).to_contain_text(f"about {todo.minutes} minutes")
        expect(session.get_by_role("link", name="Start your first session")).to_be_visible()
    check_page(page, "to-do")

    day = runner_time.local_time_for(hipcoach, profile_id).today
    do_session(hipcoach, profile_id, todo.kind or Block.MOBILITY, on=day)
    page.reload()
    expect(session).to_contain_text("Done today")
    expect(session).to_contain_text("Done:")
    expect(page.locator("#todo-pain-after")).to_contain_text("Pain about an hour after")
    expect(page.get_by_role("link", name="Give the pain an hour after")).to_be_visible()
    check_page(page, "session-done")
