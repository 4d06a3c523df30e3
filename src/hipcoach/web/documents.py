"""The printed documents as the web hands them out: the HTML twin to read and print, or the PDF to download.

The runner's pages and the clinician's pages build the same documents through the same services; only who
asks (``ProfileId`` or ``CaredRunnerId``) and where "back" goes differ.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Query, Request, Response
from fastapi.responses import HTMLResponse

from hipcoach.reports.documents import Document, Toolbar
from hipcoach.reports.home_program import home_program_document
from hipcoach.reports.pdf import DocumentError, Paper
from hipcoach.reports.progress_report import progress_report_document
from hipcoach.services import home_program, progress_report
from hipcoach.services.context import Hipcoach

PaperQuery = Annotated[Paper, Query(description="the paper the document is laid out for")]
FromQuery = Annotated[date | None, Query(alias="from", description="first day of the report (YYYY-MM-DD)")]
ToQuery = Annotated[date | None, Query(alias="to", description="last day of the report (YYYY-MM-DD)")]


def base_url(request: Request) -> str:
    """Where runners open hipcoach: the configured public address, else the one this request came in on."""
    configured: str | None = request.app.state.settings.public_url
    return configured or str(request.base_url)


def handed_out(request: Request, document: Document) -> Response:
    """The document as its address asks: the PDF at a ``.pdf`` address, otherwise the page."""
    if request.url.path.endswith(".pdf"):
        return as_pdf(document)
    return HTMLResponse(document.html)


def as_pdf(document: Document) -> Response:
    """The document as a PDF download; 503 with the reason where this server cannot make PDFs."""
    try:
        pdf = document.pdf()
    except DocumentError as error:
        return Response(str(error), status_code=503, media_type="text/plain; charset=utf-8")
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{document.filename}.pdf"'},
    )


def program_document(request: Request, app: Hipcoach, profile_id: int, paper: Paper, back: str) -> Document:
    """The home program of ``profile_id``, with "back" to ``back`` and its PDF beside the page."""
    return home_program_document(
        home_program.home_program(app, profile_id),
        app.library,
        base_url(request),
        paper,
        Toolbar(back, f"{request.url.path.removesuffix('.pdf')}.pdf"),
    )


def report_document(
    request: Request,
    app: Hipcoach,
    profile_id: int,
    paper: Paper,
    start: date | None,
    end: date | None,
    back: str,
) -> Document:
    """The progress report of ``profile_id`` from ``start`` to ``end`` (the last weeks up to the runner's
    today when not given)."""
    first, last = progress_report.report_range(app, profile_id, start, end)
    query = f"?from={first.isoformat()}&to={last.isoformat()}"
    return progress_report_document(
        progress_report.progress_report(app, profile_id, first, last),
        app.library,
        paper,
        Toolbar(back, f"{request.url.path.removesuffix('.pdf')}.pdf{query}"),
    )
