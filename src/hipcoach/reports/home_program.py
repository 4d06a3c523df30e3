"""The home program as a document: the week, each session's exercises and doses, every exercise with its
key poses, cues, faults and ladder, the stop rule, a QR code to the session player and a two-week log."""

from __future__ import annotations

from hipcoach.content.figures import figure_svg
from hipcoach.domain.content import Library
from hipcoach.reports.documents import Document, Toolbar, render
from hipcoach.reports.pdf import Paper
from hipcoach.reports.qr import qr_svg
from hipcoach.services.home_program import HomeProgram

SESSION_PATH = "/session"  # the web session player, which the QR code opens


def home_program_document(
    program: HomeProgram,
    library: Library,
    base_url: str,
    paper: Paper = Paper.A4,
    toolbar: Toolbar | None = None,
) -> Document:
    """The document for ``program``; ``base_url`` is where the runner opens hipcoach (the QR code's link)."""
    figures = {
        entry.exercise.id: figure_svg(library, entry.exercise, "strip", prefix="doc-", level=entry.item.level)
        for entry in program.exercises
    }
    session_url = base_url.rstrip("/") + SESSION_PATH
    return render(
        "home_program.html",
        title=f"Home program: {program.runner}",
        filename=f"hipcoach-home-program-{program.made_on.isoformat()}",
        paper=paper,
        toolbar=toolbar,
        program=program,
        figures=figures,
        qr=qr_svg(session_url, "QR code: the hipcoach session player"),
        session_url=session_url,
    )
