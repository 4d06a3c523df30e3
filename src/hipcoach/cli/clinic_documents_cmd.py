"""`hipcoach clinic program` and `clinic report`: a runner's printed documents for their clinician.

The same documents as the runner's own `plan --pdf` and `report`, for a runner in the clinician's caseload
only; each is written to the runner's "who looked at my data" log (channel "cli") before it is made.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from hipcoach.cli.clinic_actions_cmd import RunnerArgument
from hipcoach.cli.clinic_cmd import ClinicianOption, clinician_for
from hipcoach.cli.common import fail, opened
from hipcoach.cli.document_files import (
    PaperOption,
    day_option,
    need_a_file,
    paper_of,
    public_url,
    write_document,
)

if TYPE_CHECKING:
    from hipcoach.services.context import Hipcoach

PdfOption = typer.Option(None, "--pdf", help="Write the document as a PDF to this file.")
HtmlOption = typer.Option(None, "--html", help="Write the document as an HTML page to this file.")


def _opened_runner(app: Hipcoach, email: str, runner: str, what: str) -> int:
    """The runner, from the clinician's caseload, with this read in their log; a clear error otherwise."""
    from hipcoach.services import care
    from hipcoach.services.clinical_actions import runner_in_caseload
    from hipcoach.services.errors import NotFound

    me = clinician_for(app, email)
    try:
        profile_id = runner_in_caseload(app, me, runner)
        care.open_runner(app, me, profile_id, what, "cli")
    except NotFound as error:
        raise fail(str(error)) from error
    return profile_id


def program(
    runner: RunnerArgument,
    clinician: ClinicianOption,
    pdf: Path | None = PdfOption,
    html: Path | None = HtmlOption,
    paper: str = PaperOption,
) -> None:
    """Write a runner's home program to print and hand over.

    The week, every exercise with its key poses, dose, cues and faults, the stop rule with the runner's own
    numbers, a QR code to the session player and a two-week log sheet.
    """
    need_a_file(pdf, html, "home program")
    chosen = paper_of(paper)
    from hipcoach.reports.home_program import home_program_document
    from hipcoach.services.home_program import home_program

    with opened() as app:
        profile_id = _opened_runner(app, clinician, runner, "your home program, to print")
        document = home_program_document(home_program(app, profile_id), app.library, public_url(), chosen)
        write_document(document, pdf, html)


def report(
    runner: RunnerArgument,
    clinician: ClinicianOption,
    start: str | None = typer.Option(
        None, "--from", help="First day of the report, YYYY-MM-DD (default: 12 weeks before --to)."
    ),
    end: str | None = typer.Option(None, "--to", help="Last day, YYYY-MM-DD (default: the runner's today)."),
    pdf: Path | None = PdfOption,
    html: Path | None = HtmlOption,
    paper: str = PaperOption,
) -> None:
    """Write a runner's progress report for a doctor or an insurer: a page of summary, then the detail."""
    need_a_file(pdf, html, "report")
    first, last = day_option(start, "--from"), day_option(end, "--to")
    chosen = paper_of(paper)
    from hipcoach.reports.progress_report import progress_report_document
    from hipcoach.services.progress_report import progress_report, report_range

    with opened() as app:
        profile_id = _opened_runner(app, clinician, runner, "your progress report")
        first, last = report_range(app, profile_id, first, last)
        document = progress_report_document(
            progress_report(app, profile_id, first, last), app.library, chosen
        )
        write_document(document, pdf, html)
