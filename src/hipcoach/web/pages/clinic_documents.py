"""A runner's printed documents for their clinician: the home program to hand over and the progress report
to send on. Read through ``CaredRunnerId`` like the rest of the record: 404 without consent, and every read
is written to the runner's log under the route's summary."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from hipcoach.reports.pdf import Paper
from hipcoach.web.deps import CaredRunnerId, Clinician, HipcoachDep
from hipcoach.web.documents import (
    FromQuery,
    PaperQuery,
    ToQuery,
    handed_out,
    program_document,
    report_document,
)

router = APIRouter(prefix="/clinic/runners/{runner_id}", include_in_schema=False)


def back_to(runner_id: int) -> str:
    return f"/clinic/runners/{runner_id}"


@router.get("/home-program", summary="your home program, to print")
@router.get("/home-program.pdf", summary="your home program as a PDF")
def runner_home_program(
    request: Request,
    app: HipcoachDep,
    clinician: Clinician,
    runner_id: CaredRunnerId,
    paper: PaperQuery = Paper.A4,
) -> Response:
    return handed_out(request, program_document(request, app, runner_id, paper, back_to(runner_id)))


@router.get("/report", summary="your progress report")
@router.get("/report.pdf", summary="your progress report as a PDF")
def runner_report(
    request: Request,
    app: HipcoachDep,
    clinician: Clinician,
    runner_id: CaredRunnerId,
    start: FromQuery = None,
    end: ToQuery = None,
    paper: PaperQuery = Paper.A4,
) -> Response:
    document = report_document(request, app, runner_id, paper, start, end, back_to(runner_id))
    return handed_out(request, document)
