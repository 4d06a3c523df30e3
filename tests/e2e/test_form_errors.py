"""A refused form on a phone names every problem at once: a summary at the top that takes the focus, each
of its links focusing its field, and the message again beside the field, with what was typed kept."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _summary_link_focuses(page: Page, text: str, field_id: str) -> None:
    page.locator("#form-error").get_by_role("link", name=text).click()
    expect(page.locator(f"#{field_id}")).to_be_focused()


def test_sign_up_and_onboarding_show_every_problem_beside_its_field(new_page, check_page) -> None:
    page: Page = new_page()
    page.goto("/signup")
    page.get_by_label("Email").fill("not an email")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Password again").fill("shorter")
    page.get_by_role("button", name="Create account").click()

    summary = page.locator("#form-error")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("There are 3 problems")
    expect(page.get_by_label("Email")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#email-error")).to_have_text("Error: Please give a valid email address.")
    expect(page.locator("#password_again-error")).to_contain_text("The two passwords are not the same.")
    expect(page.get_by_label("Email")).to_have_value("not an email")
    check_page(page, "sign-up-refused")
    _summary_link_focuses(page, "The two passwords are not the same.", "password_again")
    _summary_link_focuses(page, "Please give a valid email address.", "email")

    email = "fay.forms@example.com"
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url("**/login?signed_up=1")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/onboarding")

    page.get_by_label("Age").fill("9")
    page.get_by_label("Height").fill("99")
    page.get_by_label("Weight").fill("60")
    page.get_by_label("Running distance in a usual week").fill("30")
    page.get_by_label("None of these").check()
    page.get_by_role("button", name="Save and go on to the screening").click()

    expect(page.locator("#form-error")).to_be_focused()
    expect(page.locator("#form-error").get_by_role("heading")).to_have_text("There are 3 problems")
    expect(page.locator("#age-error")).to_contain_text("Age must be between 10 and 110 years, got 9 years.")
    expect(page.locator("#sex-error")).to_contain_text("Please choose an answer for sex")
    expect(page.get_by_label("Age")).to_have_value("9")
    expect(page.get_by_label("Weight")).to_have_value("60")
    check_page(page, "onboarding-refused")
    _summary_link_focuses(page, "Please choose an answer for sex", "sex-female")
    _summary_link_focuses(page, "Age must be between 10 and 110 years, got 9 years.", "age")
