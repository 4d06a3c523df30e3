"""The player in a real browser after an assessment found a weaker side: one extra round, on that side only,
with the reason on screen, and saved with the session."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from hipcoach.domain.assessment.common import Sex
from hipcoach.services import assessments, programs
from hipcoach.services.assessment_input import AssessmentRecord
from hipcoach.storage import models as m
from tests.e2e.conftest import sign_in

pytestmark = pytest.mark.browser


def test_a_weaker_side_gets_an_extra_round_in_the_player(new_page, live_server, check_page):
    app = live_server.hipcoach
    profile_id = live_server.runner_with_program("weaker@example.com")
    programs.override_phase(app, profile_id, 2, by="Sam Ortiz, PT", reason="full range")
    # left 200 N x 0.40 m / 60 kg = 1.33 N·m/kg, right 240 x 0.40 / 60 = 1.60: LSI 83% -> left is weaker
    readings = {}
    for side, force in (("left", 200.0), ("right", 240.0)):
        readings[f"dynamometry.hip-abductors.{side}.force"] = force
        readings[f"dynamometry.hip-abductors.{side}.lever-arm"] = 40.0
    assessments.record_assessment(
        app,
        profile_id,
        AssessmentRecord(
            assessed_on=app.local("UTC").today, readings=readings, sex=Sex.FEMALE, age=34, body_mass_kg=60.0
        ),
    )

    page = new_page()
    page.clock.install()
    sign_in(page, "weaker@example.com")
    page.goto("/session?kind=strength")
    title = page.locator("#step-title")
    counter = page.locator("#counter")
    page.get_by_label("Your pain right now").fill("1")
    page.get_by_role("button", name="Start the session").click()
    while title.inner_text() != "Half-kneeling halo":  # past the mobility warm-up
        page.get_by_role("button", name="Skip exercise").click()
    expect(page.locator("#notes")).to_contain_text("Changed for you because your left hip abductors were 83%")
    for expected in ("Round 1 of 2 · left side", "Round 1 of 2 · right side"):
        expect(counter).to_have_text(expected)
        page.get_by_role("button", name="Done", exact=True).click()
    page.clock.fast_forward(76_000)
    for expected in ("Round 2 of 2 · left side", "Round 2 of 2 · right side"):
        expect(counter).to_have_text(expected)
        page.get_by_role("button", name="Done", exact=True).click()
    page.clock.fast_forward(76_000)
    expect(counter).to_have_text("Extra round · left side")
    check_page(page, "extra-round")
    page.get_by_role("button", name="Done", exact=True).click()
    expect(counter).to_have_text("How did it go?")
    expect(page.get_by_label("Extra round · left side")).to_have_value("3")
    page.get_by_role("spinbutton", name="Pain during this exercise").fill("2")
    page.get_by_role("spinbutton", name="Effort (RPE)").fill("6")
    page.get_by_role("button", name="Save and continue").click()
    while title.inner_text() != "Session done":
        page.get_by_role("button", name="Skip exercise").click()
    page.get_by_role("spinbutton", name="Effort of the whole session (RPE)").fill("6")
    page.get_by_role("spinbutton", name="Hip tightness now").fill("1")
    page.get_by_role("button", name="Finish and save").click()
    page.wait_for_url(re.compile(r"/session/done/\d+$"))

    with app.reading() as db:
        halo = db.scalars(
            select(m.SessionExercise)
            .join(m.TrainingSession)
            .where(
                m.TrainingSession.profile_id == profile_id,
                m.SessionExercise.exercise_id == "half-kneeling-halo",
            )
        ).one()
        assert sorted((s.round, s.side) for s in halo.sets) == [
            (1, "left"),
            (1, "right"),
            (2, "left"),
            (2, "right"),
            (3, "left"),
        ]
        assert halo.full_dose is True
