"""The browser tests' clock: the server, the page and Chromium itself (its service worker, its cookies)
agree on the day, which is never the real one, and a test moves the server and the page on together."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from tests.e2e.conftest import E2E_START, LiveServer

pytestmark = pytest.mark.browser


def browser_now(page) -> datetime:
    return datetime.fromisoformat(page.evaluate("new Date().toISOString()"))


def test_the_phone_and_the_server_start_from_the_same_fixed_moment(new_page, live_server: LiveServer):
    page = new_page()
    page.set_content("<p>clock</p>")
    server, phone = live_server.clock(), browser_now(page)
    assert E2E_START <= server < E2E_START + timedelta(hours=2)  # the whole browser suite runs well within
    assert abs(phone - server) < timedelta(seconds=5)


def test_moving_on_a_day_moves_the_phone_and_the_server_together(new_page, live_server: LiveServer):
    page = new_page()
    page.set_content("<p>clock</p>")
    today: date = live_server.clock().date()
    try:
        live_server.move_on(timedelta(days=1), page)
        assert live_server.clock().date() == today + timedelta(days=1)
        assert browser_now(page).date() == today + timedelta(days=1)
    finally:
        live_server.move_on(timedelta())
    assert live_server.clock().date() == today


def test_chromium_itself_runs_on_the_tests_clock_where_playwright_set_none(browser, live_server: LiveServer):
    """What Playwright's page clock cannot reach (a service worker, a worker, cookie expiry) reads Chromium's
    own clock, which libfaketime moves to the same date."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content("<p>clock</p>")
        in_worker = page.evaluate(
            """() => new Promise((done) => {
              const code = "postMessage(new Date().toISOString())";
              const worker = new Worker(URL.createObjectURL(new Blob([code], { type: "text/javascript" })));
              worker.onmessage = (event) => done(event.data);
            })"""
        )
        for moment in (browser_now(page), datetime.fromisoformat(in_worker)):
            assert abs(moment - live_server.clock()) < timedelta(seconds=5)
    finally:
        context.close()


def test_the_readme_names_the_moment_the_browser_tests_start_at():
    readme = " ".join((Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8").split())
    assert f"run from {E2E_START.day} {E2E_START:%B %Y, %H:%M} UTC" in readme
