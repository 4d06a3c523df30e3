"""Filming a lunge on a phone (issue 19): from the exercise page to the filming guidance, the upload, the
analysis running in the background with its progress, and the results: the angles, the runner's figure
beside the ideal one, the key frame with the skeleton, the curves. The clip is 3 s of the real demo video."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from hipcoach.services import assessments
from tests.e2e.conftest import sign_in
from tests.integration.assessment_data import battery, reaches
from tests.video_mannequin import figure_clip, y_balance_clip

pytestmark = pytest.mark.browser


def test_a_runner_films_a_lunge_and_reads_the_angles_beside_the_ideal_figure(
    new_page, live_server, check_page, tmp_path
):
    clip = figure_clip(tmp_path / "my lunge.mp4")
    live_server.runner_with_program("filming@example.com")
    page = new_page()
    sign_in(page, "filming@example.com")
    page.goto("/exercises/lunge")
    page.get_by_role("link", name="Film it from the side").click()
    expect(page.get_by_role("heading", name="How to film it, from the side")).to_be_visible()
    expect(page.locator(".ideal-figure svg")).to_be_visible()
    expect(page.locator("main")).to_contain_text("deleted as soon as it has been analysed")
    check_page(page, "guidance")

    page.get_by_label("Right").check()
    page.get_by_label("Your video").set_input_files(str(clip))
    page.get_by_role("button", name="Upload and analyse").click()
    expect(page).to_have_url(re.compile(r"/videos/\d+$"))
    expect(page.get_by_role("heading", name="You and good form")).to_be_visible(timeout=60_000)
    expect(page.locator(".key-values")).to_contain_text("knee flexion")
    expect(page.locator(".video-figure svg")).to_be_visible()
    expect(page.locator(".video-curves svg")).to_be_visible()
    loaded = page.locator(".key-frame img").evaluate("img => img.complete && img.naturalWidth > 0")
    assert loaded, "the key frame did not load"
    expect(page.locator("main")).to_contain_text("The video was deleted after the analysis")
    check_page(page, "results")

    page.get_by_role("link", name="Your videos").first.click()
    expect(page.locator(".video-list")).to_contain_text("Lunge, right front leg, from the side")
    check_page(page, "list")


def test_a_video_filmed_from_the_wrong_side_gets_a_message_and_the_guidance_again(
    new_page, live_server, check_page, tmp_path
):
    clip = figure_clip(tmp_path / "from the side.mp4")
    live_server.runner_with_program("wrong-view@example.com")
    page = new_page()
    sign_in(page, "wrong-view@example.com")
    page.goto("/videos/new")
    page.get_by_role("link", name="Lunge, filmed from the front").click()
    page.get_by_label("Left").check()
    page.get_by_label("Your video").set_input_files(str(clip))
    page.get_by_role("button", name="Upload and analyse").click()
    expect(page.get_by_role("heading", name="No angles from this video")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("alert")).to_contain_text("filmed from the side")
    check_page(page, "refused")
    page.get_by_role("link", name="Film it again").click()
    expect(page.get_by_role("heading", name="How to film it, from the front")).to_be_visible()


def test_a_runner_films_the_y_balance_reach_from_the_assessment_and_reads_it_beside_the_distance(
    new_page, live_server, check_page, tmp_path
):
    clip = y_balance_clip(tmp_path / "reach.mp4")
    profile_id = live_server.runner_with_program("reach@example.com")
    app = live_server.hipcoach
    readings = reaches("left", 90, 65, 95, 93) | reaches("right", 90, 68, 96, 94)
    saved = assessments.record_assessment(app, profile_id, battery(app.local("UTC").today, readings))
    page = new_page()
    sign_in(page, "reach@example.com")
    page.goto(f"/assessments/{saved.view.id}")
    page.get_by_role("link", name="film the left leg").click()
    expect(page.get_by_role("heading", name="Film your y-balance anterior reach")).to_be_visible()
    expect(page.get_by_label("Left")).to_be_checked()
    page.get_by_label("Your video").set_input_files(str(clip))
    page.get_by_role("button", name="Upload and analyse").click()
    expect(page.get_by_role("heading", name="You and good form")).to_be_visible(timeout=60_000)
    key_values = page.locator(".key-values")
    expect(key_values).to_contain_text("hip flexion")
    expect(key_values).to_contain_text("knee flexion")
    expect(key_values).to_contain_text("Anterior reach (your assessment)")
    expect(key_values).to_contain_text("65.0 cm")
    check_page(page, "y-balance")
    page.goto(f"/assessments/{saved.view.id}")
    expect(page.locator("main")).to_contain_text("Left stance leg")
