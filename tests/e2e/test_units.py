"""Miles on a phone (issue 18): the runner picks them on the account page, and the running page then asks for
and shows miles; both pages pass axe and fit a 360 px screen."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_journey import sign_up_and_onboard

pytestmark = pytest.mark.browser


def test_a_runner_switches_to_miles_and_the_running_page_follows(new_page: Callable[[], Page], check_page):
    page = new_page()
    sign_up_and_onboard(page, "mia.miles@example.com", check_page)
    page.goto("/account")
    units = page.get_by_role("group", name="Show and type distances in")
    expect(units.get_by_label("Kilometres")).to_be_checked()
    units.get_by_label("Miles").check()
    page.get_by_role("button", name="Save the units").click()
    page.wait_for_url("**/account?units_saved=true")
    expect(page.get_by_role("status")).to_contain_text("distances are now in miles")
    check_page(page, "account-miles")

    page.goto("/running")
    distance = page.get_by_label("Distance (miles)")
    expect(distance).to_be_visible()
    check_page(page, "running-miles")
