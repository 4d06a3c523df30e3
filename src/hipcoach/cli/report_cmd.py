"""`hipcoach report`: the progress report for a range of days, as a PDF (and its HTML twin) to send on."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from hipcoach.cli.common import ProfileOption, console, opened, profile_for
from hipcoach.cli.document_files import PaperOption, day_option, need_a_file, paper_of, write_document


def report(
    start: str | None = typer.Option(
        None, "--from", help="First day of the report, YYYY-MM-DD (default: 12 weeks before --to)."
    ),
    end: str | None = typer.Option(None, "--to", help="Last day of the report, YYYY-MM-DD (default: today)."),
    pdf: Path | None = typer.Option(None, "--pdf", help="Write the report as a PDF to this file."),
    html: Path | None = typer.Option(
        None, "--html", help="Write the report as an HTML page to this file, to read or print from a browser."
    ),
    paper: str = PaperOption,
    profile: ProfileOption = None,
) -> None:
    """Write your progress report for a doctor or a clinician: one page of summary, then the detail.

    Phases with their reasons, adherence, pain and tightness charted with the pain-monitoring bands, each
    program decision with its reason and rule, assessments with the changes beyond measurement error, the
    PSFS, running load and spikes, red flags and clearances, and every source cited.
    """
    need_a_file(pdf, html, "report")
    first, last = day_option(start, "--from"), day_option(end, "--to")
    chosen = paper_of(paper)
    from hipcoach.reports.progress_report import progress_report_document
    from hipcoach.services.progress_report import progress_report, report_range

    with opened() as app:
        runner = profile_for(app, profile)
        started = time.perf_counter()
        first, last = report_range(app, runner.id, first, last)
        document = progress_report_document(progress_report(app, runner.id, first, last), app.library, chosen)
        write_document(document, pdf, html)
        console.print(
            f"Progress report of {runner.name}, {first.isoformat()} to {last.isoformat()}: "
            f"done in {time.perf_counter() - started:.1f} s."
        )
