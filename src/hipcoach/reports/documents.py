"""The printed documents: one HTML page each, which a browser prints and WeasyPrint turns into the PDF.

A document is rendered once as a complete, self-contained HTML page (stylesheet, figures, charts and QR
code inline), so the page a browser shows and prints and the PDF made from it are the same document. The
templates live beside this module; the web app serves the HTML twin, the CLI and the web the PDF.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from hipcoach.content import default_library
from hipcoach.domain.content import EvidenceTag
from hipcoach.reports.chart_svg import short_day
from hipcoach.reports.pdf import Paper, write_pdf

TEMPLATES_DIR = Path(__file__).parent / "templates"
STYLESHEET = TEMPLATES_DIR / "documents.css"


@dataclass(frozen=True)
class Source:
    """One cited source as a document lists it."""

    id: str
    tag: str
    reference: str
    doi: str | None
    meaning: str  # what the tag tells the reader


def sources(evidence_ids: Iterable[str]) -> list[Source]:
    """Each source cited, once, in the order first cited, with its V/S/D tag."""
    library = default_library()
    found = []
    for evidence_id in dict.fromkeys(evidence_ids):
        item = library.evidence.get(evidence_id)
        if item is not None:
            found.append(Source(item.id, item.tag.value, item.reference, item.doi, item.tag.meaning))
    return found


def long_day(day: date) -> str:
    """A date as a reader on paper reads it: "Tuesday 1 December 2026"."""
    return f"{day:%A} {day.day} {day:%B %Y}"


@lru_cache(maxsize=1)
def _stylesheet() -> Markup:
    """documents.css, read once: it changes only with a release."""
    return Markup(STYLESHEET.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["long_day"] = long_day
    env.filters["short_day"] = short_day
    env.globals["sources"] = sources
    env.globals["tags"] = list(EvidenceTag)
    return env


@dataclass(frozen=True)
class Document:
    """A rendered document: its HTML page and the name its PDF is saved under."""

    title: str
    filename: str  # without extension
    html: str

    def pdf(self) -> bytes:
        return write_pdf(self.html)


@dataclass(frozen=True)
class Toolbar:
    """The links above a document in the browser (never printed): back, and the PDF on either paper."""

    back_href: str
    pdf_href: str  # the PDF's address without its paper query


def render(
    template: str, *, title: str, filename: str, paper: Paper, toolbar: Toolbar | None = None, **context: Any
) -> Document:
    """Render a document's template into a complete HTML page for ``paper``."""
    html = (
        _environment()
        .get_template(template)
        .render(
            title=title,
            paper=paper,
            papers=list(Paper),
            stylesheet=_stylesheet(),
            toolbar=toolbar,
            **context,
        )
    )
    return Document(title=title, filename=filename, html=html)
