"""The runner's printed documents: the home program and the progress report, as a page to print and a PDF.

``/program/print`` and ``/progress/report`` are the HTML twins (the browser's print gives the same pages);
their ``.pdf`` addresses are the same document made by WeasyPrint, on A4 or US Letter.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from hipcoach.reports.pdf import Paper
from hipcoach.web.deps import HipcoachDep, ProfileId
from hipcoach.web.documents import (
    FromQuery,
    PaperQuery,
    ToQuery,
    handed_out,
    program_document,
    report_document,
)

router = APIRouter(include_in_schema=False)


@router.get("/program/print")
@router.get("/program/print.pdf")
def home_program(
    request: Request, app: HipcoachDep, profile_id: ProfileId, paper: PaperQuery = Paper.A4
) -> Response:
    return handed_out(request, program_document(request, app, profile_id, paper, "/program"))


@router.get("/progress/report")
@router.get("/progress/report.pdf")
def progress_report(
    request: Request,
    app: HipcoachDep,
    profile_id: ProfileId,
    start: FromQuery = None,
    end: ToQuery = None,
    paper: PaperQuery = Paper.A4,
) -> Response:
    return handed_out(request, report_document(request, app, profile_id, paper, start, end, "/progress"))
