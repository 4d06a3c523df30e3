"""`hipcoach clinic clear`, `clinic set` and `clinic thresholds` against the same database as the web app."""

from __future__ import annotations

import json

from sqlalchemy import select

from hipcoach.services import programs
from hipcoach.storage import models as m
from tests.integration.assessment_data import hips
from tests.integration.clinic_helpers import give_access, make_clinician
from tests.integration.helpers import count, morning, screened_runner

SAM = ("--clinician", "sam@clinic.example")


def test_clinic_clear_lifts_the_pause_as_the_clinicians_clearance(app, cli, clock):
    ana = screened_runner(app)
    give_access(app, ana, make_clinician(app))
    clock.advance(days=1)
    morning(app, ana, flags={"sharp-pain"})

    cleared = cli("clinic", "clear", "Ana", *SAM, "--note", "A muscle strain; easy running is fine.")

    assert cleared.exit_code == 0, cleared.output
    assert "Cleared by Sam Ortiz, PT on 3 Nov 2026" in cleared.output
    assert not programs.overview(app, ana).paused
    with app.reading() as db:
        clearance = db.scalar(select(m.Clearance))
        assert clearance.self_reported is False and clearance.cleared_by == "Sam Ortiz"
        assert db.scalar(select(m.AuditEvent.channel).where(m.AuditEvent.action == "change")) == "cli"
    plan = cli("plan", "--profile", "Ana")
    assert "Changes by your clinician" in plan.output and "easy running is fine" in plan.output


def test_clinic_set_makes_every_change_or_none(app, cli):
    ana = screened_runner(app)
    give_access(app, ana, make_clinician(app))
    programs.override_phase(app, ana, 2, by="Sam Ortiz, PT", reason="assessed")

    refused = cli(
        "clinic", "set", str(ana), *SAM, "--reason", "knee", "--level", "runners-lunge=2",
        "--threshold", "pain-acceptable-max=7",
    )  # fmt: skip
    assert refused.exit_code == 2 and "only be made stricter" in refused.output
    assert "Nothing was changed" in refused.output and count(app, m.ClinicalAction) == 0

    done = cli(
        "clinic", "set", "ana", *SAM, "--reason", "knee pain on kneeling", "--level", "runners-lunge=2",
        "--rounds", "runners-lunge=3", "--strength-days", "3", "--swap", "step-up-knee-drive=lunge",
        "--threshold", "pain-acceptable-max=4",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "Runner's lunge with overhead press moved up to level 2" in done.output
    assert count(app, m.ClinicalAction) == 4
    assert "Lunge (static or reverse) in place of Step-up with knee drive" in done.output


def test_a_runner_outside_the_caseload_is_not_found_and_thresholds_are_listed(app, cli):
    screened_runner(app, "Bea")
    make_clinician(app)
    missing = cli("clinic", "set", "Bea", *SAM, "--reason", "x", "--phase", "2")
    assert missing.exit_code == 1 and "no runner 'Bea' in your caseload" in missing.output
    listed = cli("clinic", "thresholds")
    assert (
        listed.exit_code == 0
        and "pain-acceptable-max" in listed.output
        and "silbernagel2007" in listed.output
    )


def test_clinic_assess_records_the_clinician_as_the_tester(app, cli, tmp_path):
    ana = screened_runner(app)
    give_access(app, ana, make_clinician(app))
    answers = tmp_path / "battery.json"
    answers.write_text(json.dumps({"tester": "someone else", "readings": hips()}), encoding="utf-8")

    done = cli("clinic", "assess", "Ana", *SAM, "--answers", str(answers), "--reason", "first visit")

    assert done.exit_code == 0, done.output
    assert "Entered by Sam Ortiz, PT on 2 Nov 2026: assessment of 2 Nov 2026 entered" in done.output
    with app.reading() as db:
        assert db.scalar(select(m.Assessment.tester)) == "Sam Ortiz, PT"
