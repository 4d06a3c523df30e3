"""Uploading runs on a phone: a GPX zip becomes a background import, its page reaches done, the load shows."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in
from tests.integration.test_service_import_jobs import gpx_run, zip_of

pytestmark = pytest.mark.browser


def test_a_runner_uploads_a_zip_watches_the_import_and_reads_the_load(
    new_page, live_server, check_page, tmp_path
):
    live_server.runner_with_program("running@example.com")
    today = live_server.hipcoach.now()
    start = today.replace(hour=6, minute=30, second=0, microsecond=0) - timedelta(weeks=5)
    files = {f"runs/{i:02d}.gpx": gpx_run(start + timedelta(days=3 * i), 5 + (i % 3)) for i in range(10)}
    files[f"runs/{10:02d}.gpx"] = gpx_run(start + timedelta(days=31), 16)  # a spike run
    files["runs/broken.gpx"] = "<gpx><trk>no end"
    archive = tmp_path / "my-runs.zip"
    archive.write_bytes(zip_of(files))

    page = new_page()
    sign_in(page, "running@example.com")
    page.goto("/running")
    expect(page.get_by_role("heading", name="Running", exact=True)).to_be_visible()
    check_page(page, "empty")
    page.get_by_role("link", name="Upload runs").first.click()
    page.get_by_label("Files or a zip").set_input_files(str(archive))
    check_page(page, "upload")
    page.get_by_role("button", name="Upload and import").click()

    expect(page).to_have_url(re.compile(r"/running/import/\d+$"))
    expect(page.locator("#job-status")).to_have_text("done", timeout=20_000)
    expect(page.locator("main")).to_contain_text("11 runs added")
    expect(page.locator(".problem-list")).to_contain_text("my-runs.zip!runs/broken.gpx")
    check_page(page, "status")

    page.get_by_role("link", name="See your running load").click()
    expect(page.locator("svg.chart").first).to_be_visible()
    expect(page.locator("#acwr-caveat")).to_contain_text("context only")
    expect(page.locator(".spike-list")).to_contain_text("16.0 km")
    check_page(page, "load")

    page.locator(".run-list a").first.click()
    expect(page.get_by_role("heading", name="Correct it")).to_be_visible()
    check_page(page, "run")
    page.get_by_role("link", name="Delete this run…").click()
    check_page(page, "run-delete")
    page.get_by_role("button", name="Yes, delete it").click()
    expect(page.locator("main")).to_contain_text("The run was deleted.")

    page.goto("/running/week")
    check_page(page, "week")
