"""A refused form on a phone names every problem at once: a summary at the top that takes the focus, each
of its links focusing its field, and the message again beside the field, with what was typed kept."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PASSWORD, sign_in

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


def test_the_players_last_questions_show_every_problem_beside_its_field(new_page, live_server, check_page):
    live_server.runner_with_program("three.answers@example.com")
    page = new_page()
    sign_in(page, "three.answers@example.com")
    page.goto("/session")
    page.get_by_label("Your pain right now").fill("1")
    page.get_by_role("button", name="Start the session").click()
    while page.locator("#step-title").inner_text() != "Session done":
        page.get_by_role("button", name="Skip exercise").click()
    page.get_by_role("spinbutton", name="Worst pain during the session").fill("11")
    page.get_by_role("spinbutton", name="Effort of the whole session (RPE)").fill("")
    page.get_by_role("spinbutton", name="Hip tightness now").fill("3")
    page.get_by_role("button", name="Finish and save").click()
    for name, problem in (("pain_during", "the worst pain"), ("rpe", "the effort of the session")):
        field = page.locator(f"#f-{name}")
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(page.locator(f"#f-{name}-error")).to_contain_text(f"Please give {problem}")
    expect(page.locator("#f-tightness")).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("#f-pain_during")).to_be_focused()
    check_page(page, "player-last-questions-refused")
    page.get_by_role("spinbutton", name="Worst pain during the session").fill("2")
    page.get_by_role("spinbutton", name="Effort of the whole session (RPE)").fill("4")
    page.get_by_role("button", name="Finish and save").click()
    page.wait_for_url(re.compile(r"/session/done/\d+$"))
