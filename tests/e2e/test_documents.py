"""The printed documents in a real browser (issue 17): the runner reaches them from the program and progress
pages, each HTML twin passes axe and is photographed, and the browser's own print of the twin says what the
PDF says (the same HTML and stylesheet make both)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer, sign_in
from tests.pdf_reading import pdf_info, pdf_text

pytestmark = pytest.mark.browser


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_a_runner_prints_the_home_program_and_the_browsers_print_matches_the_pdf(
    new_page, live_server: LiveServer, check_page
):
    live_server.runner_with_program("printer@example.com")
    page: Page = new_page()
    sign_in(page, "printer@example.com")
    page.goto("/program")
    page.get_by_role("link", name="Print your home program").click()
    expect(page.get_by_role("heading", name="Home program: printer@example.com")).to_be_visible()
    expect(page.get_by_role("img", name="QR code: the hipcoach session player")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    check_page(page, "home-program")

    printed = page.pdf(prefer_css_page_size=True)  # what "Save as PDF" in the browser gives
    ours = page.request.get(live_server.url + "/program/print.pdf").body()
    browser_text, our_text = words(pdf_text(printed)), words(pdf_text(ours))
    for line in ("When to stop", "Two-week log", "Hip CARs (controlled articular rotations)"):
        assert line in browser_text and line in our_text
    assert (
        "Print this page" not in browser_text and "PDF, US Letter" not in browser_text
    )  # toolbar not printed
    assert "(A4)" in pdf_info(printed)["Page size"] and "(A4)" in pdf_info(ours)["Page size"]


def test_a_runner_asks_for_a_progress_report_for_dates_of_their_choice(
    new_page, live_server: LiveServer, check_page
):
    live_server.runner_with_program("reporter@example.com")
    page: Page = new_page()
    sign_in(page, "reporter@example.com")
    page.goto("/progress")
    today = live_server.clock().date()
    page.locator("#report-from").fill((today - timedelta(days=365)).isoformat())
    page.locator("#report-to").fill(today.isoformat())
    page.get_by_role("button", name="Show the report").click()
    expect(page.get_by_role("heading", name="Progress report: reporter@example.com")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    check_page(page, "progress-report")
    link = page.get_by_role("link", name="PDF, US Letter")
    assert f"to={today.isoformat()}" in (link.get_attribute("href") or "")
