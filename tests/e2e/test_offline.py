"""The runner's phone app offline, in Chromium: installable; opened once online, then the session page, the
player and the check-in work with no network at all, and what was done reaches the server exactly once when
the network is back, with the tab still open or closed in between.

The check-in comes before the session here, as a runner's morning goes: a check-in sent after a session of
the same day would wait for that session's next morning (the server says so), which is not what these tests
are about.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from sqlalchemy import func, select

from hipcoach.storage import models as m
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, LiveServer, chromium_env, sign_in
from tests.e2e.test_journey import answer_every_question

pytestmark = pytest.mark.browser

WAITING = "Saved on this phone — waiting to sync"


def open_once_online(page: Page, email: str) -> None:
    sign_in(page, email)
    page.goto("/program")
    # the service worker is installed and has kept the runner's pages and files
    expect(page.locator("html[data-offline-ready='yes']")).to_have_count(1, timeout=30_000)


def check_in_offline(page: Page) -> None:
    page.goto("/checkin")
    expect(page.get_by_role("heading", name="Morning check-in", exact=True)).to_be_visible()
    page.get_by_label("Pain this morning").fill("1")
    page.get_by_label("Hip tightness this morning").fill("2")
    answer_every_question(page)
    page.get_by_role("button", name="Save my check-in").click()
    expect(page.locator("#outbox-status")).to_contain_text(f"{WAITING}: your check-in.")


def short_session(page: Page) -> None:
    """A short session: the first exercise shown with its figure, then every one skipped, and finished."""
    page.clock.install()
    page.goto("/session")
    expect(page.locator("#step-title")).to_have_text("Before you start")
    page.get_by_label("Your pain right now").fill("1")
    page.get_by_role("button", name="Start the session").click()
    expect(page.locator("#figure svg")).to_be_visible()  # the figure came from the phone's cache
    expect(page.locator("#save-status, #saved").first).not_to_contain_text("Failed to fetch")
    while page.locator("#step-title").inner_text() != "Session done":
        page.get_by_role("button", name="Skip exercise").click()
    page.get_by_role("spinbutton", name="Worst pain during the session").fill("2")
    page.get_by_role("spinbutton", name="Effort of the whole session (RPE)").fill("4")
    page.get_by_role("spinbutton", name="Hip tightness now").fill("3")
    page.get_by_role("button", name="Finish and save").click()


def session_offline(page: Page) -> None:
    short_session(page)
    expect(page.locator("#outbox-status")).to_contain_text(f"{WAITING}: your check-in and your session.")
    expect(page.get_by_text("Failed to fetch")).to_have_count(0)


def saved(live_server: LiveServer, profile_id: int) -> tuple[int, int]:
    with live_server.hipcoach.reading() as db:
        sessions = db.scalar(
            select(func.count())
            .select_from(m.TrainingSession)
            .where(m.TrainingSession.profile_id == profile_id, m.TrainingSession.client_key.is_not(None))
        )
        checkins = db.scalar(
            select(func.count())
            .select_from(m.Checkin)
            .where(m.Checkin.profile_id == profile_id, m.Checkin.client_key.is_not(None))
        )
    return sessions or 0, checkins or 0


def test_chromium_sees_the_app_as_installable(playwright, live_server, tmp_path):
    """In a browser profile of its own (a Playwright context is a private window, where Chromium installs
    nothing whatever the site does), Chromium reports no reason the app could not be installed."""
    live_server.runner_with_program("install@example.com")
    context = playwright.chromium.launch_persistent_context(
        tmp_path / "profile",
        executable_path=str(CHROMIUM),
        args=CHROMIUM_ARGS,
        env=chromium_env(),
        headless=True,
        viewport=PHONE,
        base_url=live_server.url,
    )
    try:
        page = context.new_page()
        console: list[str] = []
        page.on("console", lambda message: console.append(message.text))
        open_once_online(page, "install@example.com")

        found = page.evaluate(
            """async () => {
              const manifest = await (await fetch(document.querySelector('link[rel=manifest]').href)).json();
              const icons = await Promise.all(manifest.icons.map((i) => fetch(i.src).then((r) => r.ok)));
              const ready = await navigator.serviceWorker.ready;
              return { name: manifest.short_name, icons, active: Boolean(ready.active) };
            }"""
        )
        assert found["name"] == "hipcoach" and found["icons"] and all(found["icons"])
        assert found["active"]
        # A page whose loading began before the worker was active stays uncontrolled (the worker's claim
        # reaches only the pages already there); the runner's next page is controlled.
        if not page.evaluate("Boolean(navigator.serviceWorker.controller)"):
            page.reload()
        assert page.evaluate("Boolean(navigator.serviceWorker.controller)")
        cdp = context.new_cdp_session(page)
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
        assert [text for text in console if "Content Security Policy" in text] == []
    finally:
        context.close()


def test_online_the_player_saves_the_session_once_and_shows_what_was_saved(new_page, live_server):
    profile_id = live_server.runner_with_program("online@example.com")
    page = new_page()
    open_once_online(page, "online@example.com")

    short_session(page)

    page.wait_for_url(re.compile(r"/session/done/\d+$"))
    expect(page.get_by_role("heading", name="Session saved")).to_be_visible()
    assert saved(live_server, profile_id) == (1, 0)
    page.go_back()
    page.reload()
    assert saved(live_server, profile_id) == (1, 0)


def test_a_check_in_and_a_session_done_offline_reach_the_server_once_when_the_network_is_back(
    new_page, live_server, check_page
):
    profile_id = live_server.runner_with_program("offline@example.com")
    first = new_page()
    open_once_online(first, "offline@example.com")
    context: BrowserContext = first.context
    first.close()
    context.set_offline(True)

    page = new_page()
    check_in_offline(page)
    session_offline(page)
    check_page(page, "offline-waiting")
    assert saved(live_server, profile_id) == (0, 0)

    context.set_offline(False)
    expect(page.locator("#outbox-status")).to_contain_text(
        "Synced: your check-in and your session are now saved"
    )
    assert saved(live_server, profile_id) == (1, 1)
    page.reload()
    expect(page.locator("#outbox-status")).to_be_hidden()  # nothing waits, nothing sent twice
    assert saved(live_server, profile_id) == (1, 1)


def test_what_was_done_offline_is_sent_by_the_next_tab_opened_online(new_page, live_server):
    profile_id = live_server.runner_with_program("closed@example.com")
    first = new_page()
    open_once_online(first, "closed@example.com")
    context: BrowserContext = first.context
    first.close()
    context.set_offline(True)
    page = new_page()
    check_in_offline(page)
    session_offline(page)
    page.close()

    context.set_offline(False)
    later = new_page()
    later.goto("/program")  # its page load sends what waits, unless the service worker's sync was first
    for _ in range(50):
        if saved(live_server, profile_id) == (1, 1):
            break
        later.wait_for_timeout(100)
    assert saved(live_server, profile_id) == (1, 1)
    later.reload()
    expect(later.locator("#outbox-status")).to_be_hidden()  # nothing waits any more
    assert saved(live_server, profile_id) == (1, 1)


def waiting_on_phone(page: Page) -> int:
    return page.evaluate("import('/static/outbox.js').then((box) => box.waiting()).then((w) => w.length)")


def test_a_phone_shared_by_two_runners_sends_each_ones_records_to_their_own_account(new_page, live_server):
    ana = live_server.runner_with_program("ana.shared@example.com")
    bo = live_server.runner_with_program("bo.shared@example.com")
    first = new_page()
    open_once_online(first, "ana.shared@example.com")
    context: BrowserContext = first.context
    first.close()
    context.set_offline(True)
    page = new_page()
    check_in_offline(page)
    # Signing out with a record not yet synced asks first; "Cancel" keeps the runner signed in.
    with page.expect_event("dialog") as asked:
        page.get_by_role("button", name="Sign out").click()
    question = asked.value.message
    asked.value.dismiss()
    assert "Your check-in is saved on this phone but not synced yet" in question
    assert "sign in again on this phone" in question
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.close()

    # Ana's sign-in ends without a sign-out (it expired); Bo signs in on the same phone, online.
    context.clear_cookies()
    context.set_offline(False)
    bo_page = new_page()
    open_once_online(bo_page, "bo.shared@example.com")
    expect(bo_page.locator("#outbox-status")).to_be_hidden()  # nothing of Ana's is shown to Bo
    assert waiting_on_phone(bo_page) == 1
    assert saved(live_server, bo) == (0, 0) and saved(live_server, ana) == (0, 0)

    # Bo's own check-in, done offline, is sent although Ana's still waits before it.
    bo_page.close()
    context.set_offline(True)
    bo_page = new_page()
    check_in_offline(bo_page)
    context.set_offline(False)
    expect(bo_page.locator("#outbox-status")).to_contain_text("Synced: your check-in is now saved")
    assert saved(live_server, bo) == (0, 1) and saved(live_server, ana) == (0, 0)
    bo_page.get_by_role("button", name="Sign out").click()
    bo_page.wait_for_url("**/")

    # Ana signs in again: her check-in goes to her account with her new sign-in, once.
    ana_page = new_page()
    sign_in(ana_page, "ana.shared@example.com")
    for _ in range(50):
        if saved(live_server, ana) == (0, 1):
            break
        ana_page.wait_for_timeout(100)
    assert saved(live_server, ana) == (0, 1) and saved(live_server, bo) == (0, 1)
    assert waiting_on_phone(ana_page) == 0
