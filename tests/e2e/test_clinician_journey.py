"""A physical therapist and a runner in two phone-sized browsers, on SQLite and on PostgreSQL (BRIEF §10).

The clinician signs up and invites; the runner accepts; the runner reports a red flag at a check-in; the
caseload shows that runner first; the clinician clears the pause with a note and moves the runner's lunge
down a level because of knee pain; the runner sees both, with the clinician's name; the runner revokes
access and the clinician's next request is refused. Every page reached is checked with axe and photographed.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import Engine, func, select, text

from hipcoach.services import programs
from hipcoach.services.context import open_hipcoach
from hipcoach.settings import Settings
from hipcoach.storage import models as m
from hipcoach.web import create_app
from tests.conftest import TEST_DATABASE_PREFIX
from tests.e2e.conftest import PASSWORD, LiveServer, ServerClock, open_context, sign_in
from tests.e2e.test_journey import answer_every_question
from tests.web.live import live_server as serving

pytestmark = pytest.mark.browser

LUNGE = "runners-lunge"
CLINICIAN_EMAIL = "sam.ortiz@riverside.example"


@pytest.fixture(
    scope="module",
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
    ],
)
def clinic_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, postgres_admin: Engine | str
) -> Iterator[LiveServer]:
    """A live server of its own on each database: the journey writes a whole clinic."""
    folder = tmp_path_factory.mktemp(f"clinic-{request.param}")
    name = None
    if request.param == "sqlite":
        url = f"sqlite:///{folder / 'clinic.db'}"
    else:
        if isinstance(postgres_admin, str):
            if os.environ.get("CI") == "true":
                pytest.fail(postgres_admin)
            pytest.skip(postgres_admin)
        name = f"{TEST_DATABASE_PREFIX}{uuid.uuid4().hex}"
        with postgres_admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        url = postgres_admin.url.set(database=name).render_as_string(hide_password=False)
    settings = Settings(data_dir=folder, database_url=url, secret_key="e2e-secret-key-not-for-production")
    clock = ServerClock()
    hipcoach = open_hipcoach(settings, now=clock)
    try:
        with serving(create_app(settings, hipcoach), lifespan="on") as base_url:
            yield LiveServer(base_url, hipcoach, clock)
    finally:
        hipcoach.close()
        if name is not None and not isinstance(postgres_admin, str):
            with postgres_admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _page(browser: Browser, server: LiveServer) -> Page:
    context = open_context(browser, server)
    context.set_default_timeout(15_000)
    return context.new_page()


def _runner_in_phase_two(server: LiveServer, email: str, lunge_level: int) -> int:
    """A runner with a program in phase 2, their lunge at ``lunge_level`` (made through the services)."""
    profile_id = server.runner_with_program(email)
    programs.override_phase(server.hipcoach, profile_id, 2, "the runner", "assessed ranges are within norms")
    with server.hipcoach.transaction() as db:
        state = db.scalars(
            select(m.ExerciseState)
            .join(m.Program, m.Program.id == m.ExerciseState.program_id)
            .where(m.Program.profile_id == profile_id, m.ExerciseState.exercise_id == LUNGE)
        ).one()
        state.ladder_level = lunge_level
    return profile_id


def _count(server: LiveServer, model: type[m.Base], **where: object) -> int:
    with server.hipcoach.reading() as db:
        query = select(func.count()).select_from(model)
        for column, value in where.items():
            query = query.where(getattr(model, column) == value)
        return db.scalar(query) or 0


def test_a_clinician_invites_sees_a_red_flag_first_clears_it_adjusts_and_loses_access_on_revoke(
    browser: Browser, clinic_server: LiveServer, check_page
) -> None:
    server = clinic_server
    flagged_id = _runner_in_phase_two(server, "ana.flag@example.com", lunge_level=2)
    calm_id = _runner_in_phase_two(server, "ben.calm@example.com", lunge_level=1)

    # The clinician signs up and sets up a clinician profile.
    clinician = _page(browser, server)
    clinician.goto("/signup")
    clinician.get_by_label("Email").fill(CLINICIAN_EMAIL)
    clinician.get_by_label("Password", exact=True).fill(PASSWORD)
    clinician.get_by_label("Password again").fill(PASSWORD)
    clinician.get_by_role("button", name="Create account").click()
    clinician.wait_for_url("**/login?signed_up=1")
    sign_in(clinician, CLINICIAN_EMAIL)
    clinician.goto("/clinic/join")
    check_page(clinician, "join")
    clinician.get_by_label("Your name").fill("Sam Ortiz")
    clinician.get_by_label("Profession").fill("PT")
    clinician.get_by_label("New clinic's name").fill("Riverside Physio")
    clinician.get_by_role("button", name="Set up my clinician profile").click()
    clinician.wait_for_url("**/clinic")
    check_page(clinician, "empty-caseload")

    # Two invitations, one per runner, each accepted from the link.
    for email in ("ben.calm@example.com", "ana.flag@example.com"):
        clinician.goto("/clinic/invite")
        clinician.get_by_role("button", name="Make an invitation").click()
        link = clinician.locator("#invitation-link").input_value()
        check_page(clinician, "invitation")
        runner = _page(browser, server)
        sign_in(runner, email)
        runner.goto(link.removeprefix(server.url))
        expect(runner.get_by_text("Sam Ortiz, PT")).to_be_visible()
        check_page(runner, "accept")
        runner.get_by_role("button", name="Give access").click()
        runner.context.close()
    assert _count(server, m.CareLink, clinician_id=_clinician_id(server)) == 2

    # The flagged runner reports a red flag at the next morning's check-in: the program pauses.
    runner = _page(browser, server)
    sign_in(runner, "ana.flag@example.com")
    runner.goto("/checkin")
    runner.get_by_label("Pain this morning").fill("3")
    runner.get_by_label("Hip tightness this morning").fill("4")
    answer_every_question(runner, ("Since your last check-in, has your pain been sharp",))
    runner.get_by_role("button", name="Save my check-in").click()
    expect(runner.get_by_role("heading", name="Your check-in")).to_be_visible()
    with server.hipcoach.reading() as db:
        program = db.scalars(select(m.Program).where(m.Program.profile_id == flagged_id)).one()
        assert program.status == "paused"

    # The caseload shows the flagged runner first.
    clinician.goto("/clinic")
    rows = clinician.locator("[data-runner-id]")
    expect(rows.first).to_have_attribute("data-runner-id", str(flagged_id))
    expect(rows).to_have_count(2)
    check_page(clinician, "caseload")

    # The clinician clears the pause with a note and moves the lunge down one level for knee pain.
    clinician.locator(f"[data-runner-id='{flagged_id}'] a").first.click()
    check_page(clinician, "runner")
    clinician.goto(f"/clinic/runners/{flagged_id}/prescribe")
    check_page(clinician, "prescribe")
    clear_form = clinician.locator("form#clear")
    clear_form.get_by_label("Your note").fill("Examined today: the sharp pain was a muscle strain. Carry on.")
    clear_form.get_by_role("button").click()
    expect(clinician.get_by_text("cleared", exact=False).first).to_be_visible()
    ladder = clinician.locator(f"form#ladder-{LUNGE}")
    ladder.get_by_label("Level").select_option("1")
    ladder.get_by_label("Reason").fill("Knee pain when kneeling: easier version for now.")
    ladder.get_by_role("button").click()
    check_page(clinician, "prescribed")
    with server.hipcoach.reading() as db:
        program = db.scalars(select(m.Program).where(m.Program.profile_id == flagged_id)).one()
        assert program.status == "active"
        lunge = next(s for s in program.exercise_states if s.exercise_id == LUNGE)
        assert lunge.ladder_level == 1
        clearance = db.scalars(select(m.Clearance).where(m.Clearance.profile_id == flagged_id)).one()
        assert not clearance.self_reported and clearance.recorded_by_user_id is not None

    # The runner sees both, with the clinician's name; and who looked at their data.
    runner.goto("/program")
    expect(runner.get_by_text("Sam Ortiz, PT").first).to_be_visible()
    expect(runner.get_by_text("Knee pain when kneeling: easier version for now.")).to_be_visible()
    check_page(runner, "runner-program")
    runner.goto("/account")
    expect(runner.get_by_text("Sam Ortiz").first).to_be_visible()
    check_page(runner, "runner-account")

    # The runner revokes access; the clinician's next request is refused and the caseload has one runner.
    runner.get_by_role("button", name="Revoke").first.click()
    expect(runner.get_by_text("Revoked", exact=False).first).to_be_visible()
    response = clinician.goto(f"/clinic/runners/{flagged_id}")
    assert response is not None and response.status == 404
    clinician.goto("/clinic")
    expect(clinician.locator("[data-runner-id]")).to_have_count(1)
    expect(clinician.locator(f"[data-runner-id='{calm_id}']")).to_have_count(1)
    check_page(clinician, "after-revoke")


def _clinician_id(server: LiveServer) -> int:
    with server.hipcoach.reading() as db:
        return db.scalars(select(m.Clinician.id)).one()
