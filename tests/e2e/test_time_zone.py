"""The runner's time zone comes from their browser: signing up from Berlin makes a Berlin runner, with no
dropdown touched, and the account page names the zone and its time and offers the browser's zone."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from hipcoach.storage import models as m
from tests.e2e.conftest import LiveServer, open_context
from tests.e2e.test_journey import sign_up_and_onboard

pytestmark = pytest.mark.browser


@pytest.fixture
def berlin_page(browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    """A phone-sized browser whose system zone is Europe/Berlin."""
    context = open_context(browser, live_server, timezone_id="Europe/Berlin")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def zone_of(live_server: LiveServer, email: str) -> str | None:
    with live_server.hipcoach.reading() as db:
        return db.scalar(
            select(m.Profile.timezone)
            .join(m.User, m.User.id == m.Profile.user_id)
            .where(m.User.email == email)
        )


def test_a_berlin_browser_signs_up_as_a_berlin_runner(berlin_page: Page, live_server, check_page):
    sign_up_and_onboard(berlin_page, "zoe.berlin@example.com", check_page)
    assert zone_of(live_server, "zoe.berlin@example.com") == "Europe/Berlin"

    berlin_page.goto("/account")
    expect(berlin_page.locator("#zone-now")).to_have_text(re.compile(r"^Europe/Berlin, now \d\d:\d\d$"))
    check_page(berlin_page, "account")
    # The stored zone is the browser's, so there is nothing to offer.
    expect(berlin_page.get_by_role("button", name=re.compile("Use this browser's zone"))).to_be_hidden()

    field = berlin_page.get_by_role("combobox", name="Time zone")
    field.fill("America/Los_Angeles")
    offer = berlin_page.get_by_role("button", name="Use this browser's zone (Europe/Berlin)")
    berlin_page.get_by_role("button", name="Save the time zone").click()
    berlin_page.wait_for_url("**/account?saved=true")
    assert zone_of(live_server, "zoe.berlin@example.com") == "America/Los_Angeles"
    expect(berlin_page.locator("#zone-now")).to_contain_text("America/Los Angeles, now")

    expect(offer).to_be_visible()  # the runner is elsewhere now: one tap takes the browser's zone back
    offer.click()
    expect(field).to_have_value("Europe/Berlin")
