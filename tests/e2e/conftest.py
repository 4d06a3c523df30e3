"""Browser tests: the real app served by uvicorn on a free local port, driven by Playwright with Chromium.

- ``live_server``: one app for all the browser tests, on its own SQLite file, with its ``Hipcoach`` at hand
  so a test can set things up or check them through the services.
- ``browser``: Debian's Chromium (``/usr/bin/chromium``). Where it is missing every browser test is skipped
  with the reason, except under ``CI=true``, where that is a failure.
- The clock: the server's (``live_server.clock``) and the browser's start at ``E2E_START`` whatever the real
  date and hour, and run at real speed. Chromium and Playwright's driver run under Debian's libfaketime,
  moved by the same offset, so pages, service workers, cookies and Playwright's own ``page.clock`` all keep
  that date; a test moves the server and a page on together (``LiveServer.move_on``). Without libfaketime
  the browser tests skip with the reason, and fail under ``CI=true``.
- ``new_page``: pages in a fresh browser context at phone size (390x844), axe-core injected into every page.
- ``check_page``: asserts no serious or critical axe violations and no page wider than a 360 px phone, and
  writes screenshots at 390x844, 360x780 and 1280x800 to ``tests/e2e/screenshots/``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from hipcoach.clock import system_clock
from hipcoach.services import accounts, onboarding
from hipcoach.services.context import Hipcoach, open_hipcoach
from hipcoach.services.screening import run_screening
from hipcoach.settings import Settings
from hipcoach.web import create_app
from tests.integration.helpers import screening_answers
from tests.web.live import live_server as serving

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HERE = Path(__file__).parent
AXE_SCRIPT = HERE / "vendor" / "axe.min.js"
SCREENSHOTS = HERE / "screenshots"
PHONE = {"width": 390, "height": 844}
SMALL_PHONE = {"width": 360, "height": 780}
# The innermost elements that reach past the right edge of the screen: what makes a page too wide.
WIDEST_ELEMENTS = """() => {
  const right = (el) => Math.round(el.getBoundingClientRect().right);
  const clipped = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  const past = (el) => right(el) > window.innerWidth + 1 && !clipped(el);
  return [...document.querySelectorAll("body *")]
    .filter((el) => past(el) && ![...el.children].some(past))
    .slice(0, 5)
    .map((el) => `${el.tagName.toLowerCase()}.${el.className} to ${right(el)}px`);
}"""
DESKTOP = {"width": 1280, "height": 800}
PASSWORD = "correct horse battery"
# Serious and critical are what stop someone from using a page; minor and moderate are reported, not failed.
BLOCKING_IMPACTS = ("serious", "critical")
# Where the browser tests' clock starts, whatever the real date: a Wednesday at 09:00 UTC, years from the day
# the tests were written. On the real clock, the next morning's check-in (from 06:00) failed after midnight.
E2E_START = datetime(2030, 1, 16, 9, 0, tzinfo=UTC)
# The one offset from the real clock that both the server and Chromium run on, in whole seconds (libfaketime's
# FAKETIME="+N" takes seconds).
E2E_OFFSET = timedelta(seconds=round((E2E_START - system_clock()).total_seconds()))
LIBFAKETIME = sorted(Path("/usr/lib").glob("*/faketime/libfaketime.so.1"))


def chromium_env() -> dict[str, str]:
    """The environment of Playwright's driver and of Chromium: the real clock moved by ``E2E_OFFSET`` in every
    one of their processes (Playwright's page clock counts from the driver's: on the real clock, it replayed
    years of a page's timers and hung). Monotonic clocks stay real, and FAKETIME_FORCE_MONOTONIC_FIX=0: with
    it Chromium took 14 s to start and 19 s to open a page, waiting on timers."""
    return dict(
        os.environ,
        LD_PRELOAD=str(LIBFAKETIME[0]),
        FAKETIME=f"{int(E2E_OFFSET.total_seconds()):+d}",
        FAKETIME_DONT_FAKE_MONOTONIC="1",
        FAKETIME_FORCE_MONOTONIC_FIX="0",
    )


@dataclass
class ServerClock:
    """The live server's clock: the real one moved by ``E2E_OFFSET`` (so from about ``E2E_START``), and on by
    ``ahead`` while a test needs a later day."""

    ahead: timedelta = timedelta()

    def __call__(self) -> datetime:
        return system_clock() + E2E_OFFSET + self.ahead


@dataclass
class LiveServer:
    url: str
    hipcoach: Hipcoach
    clock: ServerClock = field(default_factory=ServerClock)

    def runner_with_program(self, email: str) -> int:
        """An account with a profile and a phase 1 program, made through the services; returns the profile."""
        account = accounts.sign_up(self.hipcoach, email, PASSWORD)
        entry = onboarding.OnboardingInput(34, "female", 168.0, 60.0, None, 30.0, ())
        profile_id, _ = onboarding.save(self.hipcoach, account, entry)
        run_screening(self.hipcoach, profile_id, screening_answers({"tight-hip-flexors"}))
        return profile_id

    def move_on(self, by: timedelta, page: Page | None = None) -> None:
        """Move the server's clock on by ``by`` from where it would be (zero brings it back), and the
        clock of ``page``'s browser with it."""
        self.clock.ahead = by
        if page is not None:
            page.clock.set_system_time(self.clock())


def open_context(browser: Browser, server: LiveServer, **options: Any) -> BrowserContext:
    """A browser context at phone size with axe-core in every page."""
    context = browser.new_context(viewport=PHONE, base_url=server.url, **options)
    context.add_init_script(path=AXE_SCRIPT)
    return context


@pytest.fixture(scope="package")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("live")
    settings = Settings(
        data_dir=folder,
        database_url=f"sqlite:///{folder / 'e2e.db'}",
        secret_key="e2e-secret-key-not-for-production",
    )
    clock = ServerClock()
    hipcoach = open_hipcoach(settings, now=clock)
    try:
        with serving(create_app(settings, hipcoach), lifespan="on") as url:
            yield LiveServer(url, hipcoach, clock)
    finally:
        hipcoach.close()


@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    reason = None
    if not CHROMIUM.exists():
        reason = f"Chromium is not installed at {CHROMIUM} (Debian: apt-get install chromium)"
    elif not LIBFAKETIME:
        reason = "libfaketime is missing: it runs Chromium on the tests' clock (apt-get install faketime)"
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    saved = dict(os.environ)
    os.environ.update(chromium_env())  # the driver starts with this process's environment
    try:
        driver = sync_playwright().start()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    try:
        yield driver
    finally:
        driver.stop()


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    chromium = playwright.chromium.launch(
        executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True, env=chromium_env()
    )
    yield chromium
    chromium.close()


@pytest.fixture
def new_page(browser: Browser, live_server: LiveServer) -> Iterator[Callable[[], Page]]:
    """Open pages in one fresh browser context (own cookies), at phone size, with axe-core loaded."""
    context = open_context(browser, live_server)
    context.set_default_timeout(10_000)

    def make() -> Page:
        return context.new_page()

    yield make
    context.close()


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now; the serious and critical violations, described."""
    found: list[dict[str, Any]] = page.evaluate(
        """async () => {
            const result = await window.axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
            }));
        }"""
    )
    return [v for v in found if v["impact"] in BLOCKING_IMPACTS]


@pytest.fixture
def check_page(request: pytest.FixtureRequest) -> Callable[[Page, str], None]:
    """Check a page with axe and photograph it at phone and desktop size, named after test and step."""
    SCREENSHOTS.mkdir(exist_ok=True)
    prefix = request.node.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")

    def check(page: Page, step: str) -> None:
        page.wait_for_load_state("load")
        violations = axe_violations(page)
        assert not violations, f"{step} ({page.url}): {violations}"
        viewport = page.viewport_size or PHONE
        page.screenshot(path=SCREENSHOTS / f"{prefix}--{step}--390.png", full_page=True)
        page.set_viewport_size(SMALL_PHONE)
        page.screenshot(path=SCREENSHOTS / f"{prefix}--{step}--360.png", full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= SMALL_PHONE["width"], (
            f"{step} ({page.url}) is {width} px wide on a 360 px phone: {page.evaluate(WIDEST_ELEMENTS)}"
        )
        page.set_viewport_size(DESKTOP)
        page.screenshot(path=SCREENSHOTS / f"{prefix}--{step}--1280.png", full_page=True)
        page.set_viewport_size(viewport)

    return check


def sign_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/login" not in url)
