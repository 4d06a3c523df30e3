"""Exercise figures in a real browser: the exercise page's moving figure at phone size, and the player's.

Where the packaged content has no illustration for the half-kneeling hip flexor mobilisation yet, the live
server's library gets the demo one for the length of the test (the app reads ``Hipcoach.library`` on every
request).
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import sign_in
from tests.web.test_pages_figures import ILLUSTRATED, demo_illustration

pytestmark = pytest.mark.browser

HALF_KNEELING = "Half-kneeling hip flexor mobilisation with overhead reach"
# The picture is labelled by its title and its description together: the name, then what it shows.
NAME = HALF_KNEELING  # the exercise's name; what the figure shows is its description
DESCRIPTION = re.compile(r"The key poses are: 1\. ")


def _exercise_id(live_server, name: str) -> str:
    return next(e.id for e in live_server.hipcoach.library.exercises.values() if e.name == name)


def _moves(page: Page, moving: Locator) -> bool:
    """Whether the drawn parts are somewhere else after a moment."""
    where = (
        "g => Array.from(g.querySelectorAll('path'))"
        ".map(p => { const b = p.getBBox(); return [b.x, b.y, b.width, b.height]; })"
    )
    before = moving.evaluate(where)
    page.wait_for_timeout(700)
    return bool(moving.evaluate(where) != before)


@pytest.fixture
def illustrated(live_server, monkeypatch) -> str:
    """The id of an exercise with an illustration in the live server's library (the demo where none)."""
    library = live_server.hipcoach.library
    if ILLUSTRATED not in library.illustrations:
        illustrations = {**library.illustrations, ILLUSTRATED: demo_illustration()}
        monkeypatch.setattr(live_server.hipcoach, "library", replace(library, illustrations=illustrations))
    return ILLUSTRATED


def test_the_exercise_page_shows_a_moving_figure_with_its_text_alternative(new_page, illustrated, check_page):
    page = new_page()
    page.goto(f"/exercises/{illustrated}")
    figure = page.locator("figure.exercise-figure svg[role=img]")
    expect(figure).to_be_visible()
    expect(figure).to_have_accessible_name(NAME)
    expect(figure).to_have_accessible_description(DESCRIPTION)
    assert figure.locator("animate").count() > 0
    assert page.viewport_size == {"width": 390, "height": 844}
    box = figure.bounding_box()
    assert box is not None and 0 < box["width"] <= 390 and box["height"] > 80  # fits the phone, big enough
    # It moves: the limbs are not where they were a moment ago.
    assert _moves(page, figure.locator(f"#fig-{illustrated}-moving"))
    check_page(page, "figure")


def test_with_reduced_motion_the_key_poses_stand_side_by_side(new_page, illustrated):
    page = new_page()
    page.emulate_media(reduced_motion="reduce")
    page.goto(f"/exercises/{illustrated}")
    expect(page.locator(f"#fig-{illustrated}-strip")).to_be_visible()
    expect(page.locator(f"#fig-{illustrated}-moving")).to_be_hidden()


def test_the_handout_and_the_player_show_the_figure(new_page, live_server, illustrated, check_page):
    page = new_page()
    page.goto(f"/exercises/{illustrated}/print")
    expect(page.locator(".handout-strip svg[role=img]")).to_be_visible()
    check_page(page, "handout")

    live_server.runner_with_program("figures@example.com")
    sign_in(page, "figures@example.com")
    page.goto("/session?kind=mobility")
    page.get_by_label("Your pain right now").fill("1")
    page.get_by_role("button", name="Start the session").click()
    title = page.locator("#step-title")
    for _ in range(10):  # skip to the illustrated exercise
        if title.inner_text() == HALF_KNEELING:
            break
        # each exercise shows its figure, or (without an illustration) nothing and no error
        if _exercise_id(live_server, title.inner_text()) in live_server.hipcoach.library.illustrations:
            expect(page.locator("#figure svg[role=img]")).to_be_visible()
        else:
            expect(page.locator("#figure")).to_be_hidden()
        page.get_by_role("button", name="Skip exercise").click()
    expect(title).to_have_text(HALF_KNEELING)
    expect(page.locator("#counter")).to_have_text("Round 1 of 2 · left side")
    figure = page.locator("#figure svg[role=img]")
    expect(figure).to_be_visible()
    expect(figure).to_have_accessible_name(NAME)
    drawn = live_server.hipcoach.library.illustrations[illustrated]
    mirrored = drawn.per_side and drawn.working is not None
    if mirrored:  # the left side's set shows the mirror image
        expect(figure).to_have_accessible_description(re.compile("The left side works"))
    assert figure.locator("animate").count() > 0
    check_page(page, "player")
    page.get_by_role("button", name="Start hold").click()
    page.get_by_role("button", name="Stop hold").click()
    page.get_by_role("button", name="Next", exact=True).click()
    expect(page.locator("#counter")).to_have_text("Round 1 of 2 · right side")
    if mirrored:
        expect(page.locator("#figure svg[role=img]")).to_have_accessible_description(
            re.compile("The right side works")
        )


# Drawn in 3-D from above or at an angle, as a foot close-up, or moving a weight both ways round the head.
SHOWCASE = (
    "ninety-ninety-hip-switches",
    "adductor-rock-back",
    "half-kneeling-halo",
    "half-kneeling-pallof-press",
    "toe-yoga",
)


@pytest.mark.parametrize("exercise_id", SHOWCASE)
def test_three_d_and_close_up_figures_fit_a_phone_and_move(new_page, live_server, exercise_id, check_page):
    if exercise_id not in live_server.hipcoach.library.illustrations:
        pytest.skip(f"the packaged content has no illustration for {exercise_id}")
    page = new_page()
    page.goto(f"/exercises/{exercise_id}")
    figure = page.locator("figure.exercise-figure svg[role=img]")
    expect(figure).to_be_visible()
    box = figure.bounding_box()
    assert box is not None and 0 < box["width"] <= 390 and box["height"] > 80
    assert _moves(page, figure.locator(f"#fig-{exercise_id}-moving")), "the figure moves"
    check_page(page, f"figure-{exercise_id}")
