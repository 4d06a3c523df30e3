"""A clinician enters an assessment of a runner in their caseload on the web, as the tester: the runner's
battery form, sent to the clinician's URL with a reason; stored with the clinician as the tester, recorded
as a clinical action and in the runner's log, and read by the runner with the tester's name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from hipcoach.services.care import ClinicianView
from hipcoach.services.context import Hipcoach
from hipcoach.storage import models as m
from tests.integration.clinic_helpers import give_access
from tests.web.conftest import csrf, page_text, post_form
from tests.web.test_clinic_runner import PROFILE, clinician_client

SIGNATURE = "Sam Ortiz, PT"
# The activity scale (PSFS): one activity, rated 4 of 10, entered at the second visit.
PSFS_FORM = {"tests": "psfs", "psfs-activity.1": "running hills", "psfs.1": "4", "reason": "Visit 2"}


@dataclass
class Visit:
    app: Hipcoach
    runner: TestClient
    profile_id: int
    sam: ClinicianView
    sam_client: TestClient
    new_client: Callable[[], TestClient]

    @property
    def base(self) -> str:
        return f"/clinic/runners/{self.profile_id}"


@pytest.fixture
def visit(hipcoach, signed_in, new_client) -> Visit:
    runner = signed_in("ana@example.com")
    answer = runner.put(
        "/api/me/profile", json=PROFILE | {"weight_kg": 61.7}, headers={"X-CSRF-Token": csrf(runner)}
    )
    profile_id = answer.json()["id"]
    sam, sam_client = clinician_client(hipcoach, new_client, "sam@clinic.example", "Sam Ortiz")
    give_access(hipcoach, profile_id, sam)
    return Visit(hipcoach, runner, profile_id, sam, sam_client, new_client)


def counts(app: Hipcoach, profile_id: int) -> tuple[int, int, int]:
    """The runner's assessments, clinical actions and "change" lines of their log."""
    with app.reading() as db:

        def count(model, *where) -> int:
            query = select(func.count()).select_from(model).where(model.profile_id == profile_id, *where)
            return int(db.scalar(query) or 0)

        return (
            count(m.Assessment),
            count(m.ClinicalAction),
            count(m.AuditEvent, m.AuditEvent.action == "change"),
        )


def test_the_clinician_enters_an_assessment_as_the_tester_and_the_runner_reads_it(visit, clock):
    chooser = visit.sam_client.get(f"{visit.base}/assessments/new")
    assert chooser.status_code == 200
    assert "New assessment of ana@example.com" in page_text(chooser)
    assert f'action="{visit.base}/assessments/new"' in chooser.text

    battery = visit.sam_client.get(f"{visit.base}/assessments/new", params={"tests": "psfs"})
    assert battery.status_code == 200
    assert f'action="{visit.base}/assessments"' in battery.text
    assert f"Tester: {SIGNATURE}" in page_text(battery)
    assert 'name="reason"' in battery.text and 'name="tester"' not in battery.text

    form = PSFS_FORM | {"on": clock.today().isoformat(), "tester": "Someone else"}
    saved = post_form(visit.sam_client, f"{visit.base}/assessments", form, follow_redirects=False)
    assert saved.status_code == 303, page_text(saved)
    with visit.app.reading() as db:
        assessment = db.scalars(select(m.Assessment).where(m.Assessment.profile_id == visit.profile_id)).one()
        action = db.scalars(
            select(m.ClinicalAction).where(m.ClinicalAction.profile_id == visit.profile_id)
        ).one()
        changes = db.execute(
            select(m.AuditEvent.actor_name, m.AuditEvent.what, m.AuditEvent.channel).where(
                m.AuditEvent.profile_id == visit.profile_id, m.AuditEvent.action == "change"
            )
        ).all()
    assert saved.headers["location"] == f"{visit.base}/assessments/{assessment.id}"
    assert assessment.tester == SIGNATURE  # the clinician, whatever the form said
    assert (action.kind, action.clinician_id, action.reason) == ("assessment", visit.sam.id, "Visit 2")
    assert len(changes) == 1 and changes[0][0] == "Sam Ortiz" and changes[0][2] == "web"

    shown = visit.sam_client.get(saved.headers["location"])
    assert shown.status_code == 200 and "running hills" in page_text(shown)

    mine = page_text(visit.runner.get("/assessments"))
    assert f"tested by {SIGNATURE}" in mine
    log = page_text(visit.runner.get("/account"))
    assert f"{SIGNATURE} — assessment of 2 Nov 2026 entered, {SIGNATURE} as the tester — Visit 2" in log


def test_an_invalid_reading_and_no_reason_show_the_form_again_with_both_and_nothing_is_written(visit, clock):
    before = counts(visit.app, visit.profile_id)
    form = PSFS_FORM | {"on": clock.today().isoformat(), "psfs.1": "lots", "reason": "  "}
    refused = post_form(visit.sam_client, f"{visit.base}/assessments", form)
    assert refused.status_code == 400
    text = page_text(refused)
    assert "Nothing was saved yet" in text
    assert "“lots” is not a number" in text
    assert "a reason is required" in text
    assert 'value="lots"' in refused.text and 'value="running hills"' in refused.text
    assert counts(visit.app, visit.profile_id) == before


def test_a_reading_out_of_range_is_refused_with_its_message_and_nothing_is_written(visit, clock):
    before = counts(visit.app, visit.profile_id)
    form = PSFS_FORM | {"on": clock.today().isoformat(), "psfs.1": "14"}
    refused = post_form(visit.sam_client, f"{visit.base}/assessments", form)
    assert refused.status_code == 400
    assert "PSFS activity 1: 14 points is outside 0-10 points" in page_text(refused)
    assert counts(visit.app, visit.profile_id) == before


def test_a_clinician_without_access_gets_not_found_and_nothing_is_written(visit, clock):
    _, stranger = clinician_client(visit.app, visit.new_client, "lee@clinic.example", "Lee Park")
    before = counts(visit.app, visit.profile_id)
    assert stranger.get(f"{visit.base}/assessments/new").status_code == 404
    form = PSFS_FORM | {"on": clock.today().isoformat()}
    assert post_form(stranger, f"{visit.base}/assessments", form).status_code == 404
    assert counts(visit.app, visit.profile_id) == before


def test_the_runners_own_form_still_posts_to_their_pages_and_asks_who_tested(visit):
    battery = visit.runner.get("/assessments/new", params={"tests": "psfs"})
    assert battery.status_code == 200
    assert 'action="/assessments"' in battery.text and 'name="tester"' in battery.text
    assert 'name="reason"' not in battery.text
    assert 'action="/assessments/new"' in visit.runner.get("/assessments/new").text
