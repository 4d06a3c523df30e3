"""Writing a printed document to the files a command was given: the PDF, the HTML twin, or both.

Each file is written beside its target under a temporary name and renamed into place, so a failure (a full
disk, WeasyPrint unable to start) never leaves a half-written PDF where the old one was.
"""

from __future__ import annotations

import os
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from hipcoach.cli.common import console, fail, read_settings

if TYPE_CHECKING:
    from hipcoach.reports.documents import Document
    from hipcoach.reports.pdf import Paper

PaperOption = typer.Option("a4", "--paper", help="Paper size of the PDF: a4 or letter.", case_sensitive=False)


def paper_of(value: str) -> Paper:
    from hipcoach.reports.pdf import Paper

    try:
        return Paper(value.lower())
    except ValueError as error:
        raise fail(f"--paper must be one of {', '.join(p.value for p in Paper)}, got {value!r}") from error


def day_option(value: str | None, option: str) -> date | None:
    """A day given as YYYY-MM-DD to ``option``, or None when not given."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as error:
        raise fail(f"{option} must be a day written YYYY-MM-DD, e.g. 2026-03-01; got {value!r}") from error


def need_a_file(pdf: Path | None, html: Path | None, what: str) -> None:
    if pdf is None and html is None:
        raise fail(f"say where to write the {what}: --pdf FILE, --html FILE or both")


def public_url() -> str:
    """Where the runner opens hipcoach, for a document's QR code: HIPCOACH_PUBLIC_URL, else HOST:PORT."""

    settings = read_settings()
    return settings.public_url or f"http://{settings.host}:{settings.port}"


def _replace(target: Path, data: bytes) -> None:
    target = target.expanduser()
    if target.is_dir():
        raise fail(f"{target} is a folder: give a file name, e.g. {target / 'document.pdf'}")
    if not target.parent.is_dir():
        raise fail(f"the folder {target.parent} does not exist")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise fail(f"could not write {target}: {error.strerror or error}") from error


def write_document(document: Document, pdf: Path | None, html: Path | None) -> None:
    """Write the document's PDF and/or HTML and say where, and how long the PDF took."""
    from hipcoach.reports.pdf import DocumentError

    if html is not None:
        _replace(html, document.html.encode("utf-8"))
        console.print(f"Wrote {html} (HTML: open it in a browser to read or print it).")
    if pdf is not None:
        started = time.perf_counter()
        try:
            data = document.pdf()
        except DocumentError as error:
            raise fail(str(error)) from error
        _replace(pdf, data)
        console.print(
            f"Wrote {pdf} ({len(data) // 1024} KB PDF, made in {time.perf_counter() - started:.1f} s)."
        )
