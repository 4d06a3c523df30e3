"""`hipcoach clinic program` and `clinic report`: a runner's documents for their clinician at a terminal,
only for a runner who shares with them, each read in the runner's log (channel "cli"). SQLite only: the
consent check and the log are the web's, tested on both databases there; WeasyPrint is the slow part here."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from hipcoach.storage import models as m
from tests.integration.clinic_helpers import give_access, make_clinician
from tests.integration.helpers import screened_runner
from tests.pdf_reading import pdf_text

SAM = ("--clinician", "sam@clinic.example")
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def log_of(app, profile_id: int) -> list[tuple[str, str, str]]:
    with app.reading() as db:
        rows = db.execute(
            select(m.AuditEvent.action, m.AuditEvent.what, m.AuditEvent.channel)
            .where(m.AuditEvent.profile_id == profile_id)
            .order_by(m.AuditEvent.id)
        ).all()
    return [tuple(row) for row in rows]


def test_a_clinician_writes_a_runners_home_program_and_report_and_the_runner_sees_both_reads(
    app, cli, tmp_path
):
    ana = screened_runner(app, "Zoë Ødegård")
    give_access(app, ana, make_clinician(app))

    program = cli("clinic", "program", "Zoë Ødegård", *SAM, "--pdf", str(tmp_path / "p.pdf"))
    assert program.exit_code == 0, program.output
    assert "Home program: Zoë Ødegård" in re.sub(r"\s+", " ", pdf_text((tmp_path / "p.pdf").read_bytes()))
    report = cli(
        "clinic", "report", str(ana), *SAM, "--from", "2026-10-01", "--to", "2026-11-02",
        "--html", str(tmp_path / "r.html"),
    )  # fmt: skip
    assert report.exit_code == 0, report.output
    assert "Progress report: Zoë Ødegård" in (tmp_path / "r.html").read_text(encoding="utf-8")
    assert log_of(app, ana)[-2:] == [
        ("read", "your home program, to print", "cli"),
        ("read", "your progress report", "cli"),
    ]


def test_a_runner_who_does_not_share_gets_no_document_and_no_log_line(app, cli, tmp_path):
    make_clinician(app)
    bea = screened_runner(app, "Bea")
    target = tmp_path / "p.pdf"
    refused = cli("clinic", "program", "Bea", *SAM, "--pdf", str(target))
    assert refused.exit_code == 1 and "no runner 'Bea' in your caseload" in refused.output
    assert not target.exists() and log_of(app, bea) == []
    nowhere = cli("clinic", "report", "Bea", *SAM)
    assert nowhere.exit_code == 1 and "--pdf FILE, --html FILE or both" in nowhere.output
