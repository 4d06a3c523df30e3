"""Recording a battery on a phone: one test per screen with Back and Next, then the results at a glance."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser


def fill_leg(page: Page, side: str, limb: str, reaches: tuple[str, str, str]) -> None:
    page.get_by_label(f"{side.capitalize()} leg limb length").fill(limb)
    for direction, value in zip(("anterior", "posteromedial", "posterolateral"), reaches, strict=True):
        for trial in (1, 2, 3):
            page.get_by_label(f"{side.capitalize()} leg {direction} reach, trial {trial} (cm)").fill(value)


def test_a_runner_steps_through_the_battery_and_reads_the_results(new_page, live_server, check_page):
    live_server.runner_with_program("assess@example.com")
    page = new_page()
    sign_in(page, "assess@example.com")
    page.goto("/assessments")
    page.get_by_role("link", name="New assessment").click()
    expect(page.get_by_label("Y-balance reach test")).to_be_checked()
    expect(page.get_by_label("Knee-to-wall ankle test")).to_be_checked()
    check_page(page, "choose")
    page.get_by_role("button", name="Start the battery").click()

    counter = page.locator("#step-counter")
    visible = page.locator(".battery-step:visible")
    expect(counter).to_have_text(re.compile(r"Step 1 of \d+: About this assessment"))
    expect(visible).to_have_count(1)
    expect(page.get_by_role("button", name="Save the assessment")).to_be_hidden()
    next_button = page.get_by_role("button", name="Next")

    next_button.click()
    expect(counter).to_contain_text("Step 2 of")
    expect(visible).to_have_count(1)
    expect(visible).to_have_id("step-y-balance")
    check_page(page, "y-balance")
    fill_leg(page, "left", "90", ("65", "95", "93"))
    fill_leg(page, "right", "90", ("70", "95", "93"))

    while not page.locator("#step-knee-to-wall").is_visible():
        next_button.click()
    expect(visible).to_have_count(1)
    page.get_by_label("Left knee-to-wall distance (cm)").fill("10")
    page.get_by_label("Right knee-to-wall distance (cm)").fill("10,5")
    page.get_by_role("button", name="Back").click()
    expect(visible).to_have_id("step-y-balance")
    while next_button.is_visible():
        next_button.click()
    page.get_by_role("button", name="Save the assessment").click()

    page.wait_for_url(re.compile(r"/assessments/\d+$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Assessment of")
    expect(page.get_by_role("img", name="Y-balance reach, both legs")).to_be_visible()
    expect(page.get_by_text("Y-balance composite: left 93.7%, right 95.6% of limb length")).to_be_visible()
    expect(page.get_by_role("heading", name="Anterior asymmetry (left)")).to_be_visible()
    check_page(page, "results")


def test_a_refused_battery_opens_the_screen_with_the_problem(new_page, live_server):
    live_server.runner_with_program("assess-bad@example.com")
    page = new_page()
    sign_in(page, "assess-bad@example.com")
    page.goto("/assessments/new?tests=y-balance&tests=knee-to-wall")
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Left knee-to-wall distance (cm)").fill("ten")
    page.get_by_label("Right knee-to-wall distance (cm)").fill("9")
    page.get_by_role("button", name="Save the assessment").click()
    expect(page.get_by_role("alert")).to_contain_text("is not a number in cm")
    expect(page.locator(".battery-step:visible")).to_have_id("step-knee-to-wall")
    expect(page.get_by_label("Left knee-to-wall distance (cm)")).to_have_value("ten")
