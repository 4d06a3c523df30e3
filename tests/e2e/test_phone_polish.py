"""What a new user tripped over on a phone (issue 18), in a real browser: the player's first load asks the
server for nothing that is not there, a signed-in runner's dead link keeps their navigation, the time and
file inputs are full size, and no page is wider than a 360 px phone, long names included."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from hipcoach.domain.content import Block
from hipcoach.services import activities, assessments, history
from tests.e2e.conftest import LiveServer, sign_in
from tests.integration.assessment_data import battery, hips, reaches
from tests.integration.helpers import do_session
from tests.integration.test_service_import_jobs import gpx_run

pytestmark = pytest.mark.browser


def test_opening_the_player_with_no_session_under_way_requests_nothing_that_fails(
    new_page, live_server: LiveServer
):
    live_server.runner_with_program("fresh-player@example.com")
    page = new_page()
    sign_in(page, "fresh-player@example.com")
    failed: list[str] = []
    page.on(
        "response",
        lambda response: (
            failed.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    page.goto("/session")
    expect(page.locator("#step-title")).to_have_text("Before you start")
    page.wait_for_load_state("networkidle")
    assert failed == []


def test_a_dead_link_keeps_a_signed_in_runners_navigation(new_page, live_server: LiveServer):
    live_server.runner_with_program("lost@example.com")
    page = new_page()
    sign_in(page, "lost@example.com")
    page.goto("/no-such-page")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    expect(page.get_by_role("link", name="Sign in")).to_have_count(0)
    expect(page.get_by_role("link", name="Account")).to_be_visible()


def test_the_time_and_file_inputs_are_as_large_as_the_other_fields(new_page, live_server: LiveServer):
    live_server.runner_with_program("inputs@example.com")
    page = new_page()
    sign_in(page, "inputs@example.com")
    for path, field in (("/running", "#run-at"), ("/running/import", "#files")):
        page.goto(path)
        box = page.locator(field).bounding_box()
        assert box is not None and box["height"] >= 44, (path, box)


# A name with no place to break a line: what made /running 919 px wide on a 390 px phone (issue 18).
LONG_NAME = "Sunday_long_run_along_the_river_and_back_over_the_hills_" * 3
NARROW = {"width": 360, "height": 800}


def test_no_page_is_wider_than_a_360_px_phone_with_long_names(new_page, live_server: LiveServer, tmp_path):
    profile_id = live_server.runner_with_program("narrow@example.com")
    app, now = live_server.hipcoach, live_server.clock()
    for day in range(1, 40, 3):
        activities.add_run(app, profile_id, now - timedelta(days=day), 8 + day / 4, 50, LONG_NAME)
    do_session(app, profile_id, Block.MOBILITY, on=now.date())
    for weeks_ago, anterior in ((5, 55.0), (1, 70.0)):  # two batteries: the results and change tables
        readings = {**reaches("left", 90.0, anterior, 90.0, 85.0), **reaches("right", 90.0, 60.0, 90.0, 85.0)}
        readings |= hips() | {"psfs.1": 3.0 + weeks_ago}
        on = now.date() - timedelta(weeks=weeks_ago)
        assessments.record_assessment(
            app, profile_id, battery(on, readings, psfs_activities={1: LONG_NAME[:80]})
        )
    assessed = [a.id for a in assessments.list_assessments(app, profile_id)]
    page = new_page()
    page.set_viewport_size(NARROW)
    sign_in(page, "narrow@example.com")

    upload = tmp_path / f"{LONG_NAME}.gpx"
    upload.write_text(gpx_run(now - timedelta(days=50)), encoding="utf-8")
    page.goto("/running/import")
    page.locator("#files").set_input_files(str(upload))
    page.get_by_role("button", name="Upload and import").click()
    expect(page.locator("#job-status")).to_have_text("done", timeout=20_000)
    paths = [page.url.removeprefix(live_server.url)]

    sessions = [row.session_id for row in history.history(app, profile_id) if row.session_id]
    paths += ["/", "/program", "/session", "/checkin", "/progress", "/running", "/running/import", "/week"]
    paths += [
        "/assessments",
        "/assessments/new",
        "/account",
        "/exercises",
        "/exercises/hip-cars",
        "/screening",
        *(f"/assessments/{a}" for a in assessed),
    ]
    paths += ["/program/print", "/progress/report", *(f"/sessions/{s}" for s in sessions)]
    paths += [f"/sessions/{sessions[0]}/correct", f"/sessions/{sessions[0]}/delete"]
    wider = {}
    for path in paths:
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > NARROW["width"]:
            wider[path] = width
    assert wider == {}


def test_on_a_phone_the_header_is_compact_and_the_players_figure_and_button_are_above_the_fold(
    new_page, live_server: LiveServer
):
    live_server.runner_with_program("fold@example.com")
    page = new_page()  # 390 x 844
    sign_in(page, "fold@example.com")
    page.goto("/session")
    header = page.locator(".site-header").bounding_box()
    assert header is not None and header["height"] <= 100, header
    page.get_by_label("Your pain right now").fill("1")
    page.get_by_role("button", name="Start the session").click()
    expect(page.locator("#step-title")).to_have_text("Hip CARs (controlled articular rotations)")
    figure = page.locator(".player-figure svg").first.bounding_box()
    button = page.locator("#primary").bounding_box()
    assert figure is not None and figure["height"] >= 240, figure
    assert button is not None and button["y"] + button["height"] <= 844, button
