"""The content security policy keeps every page working in a real browser: a runner's tour of the pages, the
exercise figure (its own reduced-motion style), the charts and the player raise no violation, in the console
or as an event, and what the policy must stop (an inline script) is stopped.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in
from tests.e2e.test_figures import illustrated  # noqa: F401 (a fixture: an exercise with a figure)

pytestmark = pytest.mark.browser

# Each page records what the policy blocked, from the first moment of the document on.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`);
});
"""
PAGES = (
    "/program",
    "/checkin",
    "/progress",
    "/running",
    "/running/week",
    "/running/import",
    "/assessments",
    "/assessments/new",
    "/account",
    "/screening",
    "/clearance",
    "/exercises",
)


def watched(new_page: Callable[[], Page]) -> tuple[Page, list[str]]:
    page = new_page()
    page.add_init_script(RECORD_VIOLATIONS)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    return page, console


def violations(page: Page, console: list[str]) -> list[str]:
    reported = [text for text in console if "Content Security Policy" in text]
    return reported + list(page.evaluate("window.__cspViolations || []"))


def test_a_runners_pages_the_figure_and_the_player_break_no_rule_of_the_policy(
    new_page,
    live_server,
    illustrated,  # noqa: F811
):
    live_server.runner_with_program("policy@example.com")
    page, console = watched(new_page)
    sign_in(page, "policy@example.com")
    found: dict[str, list[str]] = {}
    for url in (
        *PAGES,
        f"/exercises/{illustrated}",
        f"/exercises/{illustrated}/print",
        f"/exercises/{illustrated}/figure.svg",
    ):
        page.goto(url)
        page.wait_for_load_state("load")
        found[url] = violations(page, console)
        console.clear()
    page.goto("/session?kind=mobility")
    page.get_by_label("Your pain right now").fill("1")
    page.get_by_role("button", name="Start the session").click()  # the player's script runs the session
    expect(page.locator("#step-title")).not_to_have_text("Before you start")
    found["/session"] = violations(page, console)
    assert {url: blocked for url, blocked in found.items() if blocked} == {}


def test_the_figures_own_style_still_swaps_in_the_key_poses_under_reduced_motion(
    new_page,
    illustrated,  # noqa: F811
):
    page, console = watched(new_page)
    page.emulate_media(reduced_motion="reduce")
    page.goto(f"/exercises/{illustrated}")
    expect(page.locator(f"#fig-{illustrated}-strip")).to_be_visible()
    expect(page.locator(f"#fig-{illustrated}-moving")).to_be_hidden()
    assert violations(page, console) == []


def test_an_injected_inline_script_does_not_run(new_page):
    page, console = watched(new_page)
    page.goto("/login")
    # What an injection into a page would be: a script element written into the document.
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.__injected = true";
            document.body.appendChild(script);
        }"""
    )
    assert page.evaluate("window.__injected === true") is False
    assert any("script-src" in blocked for blocked in violations(page, console))
