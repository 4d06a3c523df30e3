"""HTML to PDF with WeasyPrint, on paper of the reader's size, fetching nothing from the network.

WeasyPrint lays out the same HTML and CSS a browser prints (so the HTML twin and the PDF agree), draws the
inline SVG figures and charts as vectors, keeps the text selectable and embeds subsets of the fonts it used,
emoji included where the system has a colour emoji font. It needs Pango from the system (the Makefile
checks for it). It is imported on first use: loading it takes most of a second that `hipcoach --help` and
the web app's start should not pay.
"""

from __future__ import annotations

import logging
import re
from enum import StrEnum
from typing import Any


class Paper(StrEnum):
    """The paper a document is laid out for; the value is its wire code (CLI option, URL query)."""

    A4 = "a4"
    LETTER = "letter"

    @property
    def css_size(self) -> str:
        return {Paper.A4: "A4", Paper.LETTER: "letter"}[self]

    @property
    def label(self) -> str:
        return {Paper.A4: "A4", Paper.LETTER: "US Letter"}[self]


class DocumentError(RuntimeError):
    """The PDF could not be made (a missing system library, most likely): the message says what to do."""


# Everything a document shows is inline (SVG, the QR code, the stylesheet): a link to anything else, even a
# file on this machine, is refused, so rendering never waits on the network or reads what it should not.
ALLOWED_SCHEMES = frozenset({"data"})


# The figures style their strokes and fills with CSS inside each SVG, which WeasyPrint's SVG renderer applies
# but its HTML stylesheet reader also sees and calls unknown; only those warnings are dropped.
_SVG_ONLY_PROPERTY = re.compile(r"^Ignored `(fill|stroke|stroke-[a-z]+|paint-order|vector-effect)\b")


class _SvgPropertyFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not _SVG_ONLY_PROPERTY.match(record.getMessage())


logging.getLogger("weasyprint").addFilter(_SvgPropertyFilter())


def _offline_fetcher() -> Any:
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=ALLOWED_SCHEMES, timeout=1)


def write_pdf(html: str) -> bytes:
    """The PDF of a complete HTML document (its page size comes from its own ``@page`` rule)."""
    try:
        from weasyprint import HTML
    except OSError as error:  # WeasyPrint loads Pango with ctypes when imported
        raise DocumentError(
            "making a PDF needs the Pango library from the system (Debian: apt-get install libpango-1.0-0 "
            f"libpangoft2-1.0-0 fonts-dejavu-core): {error}"
        ) from error
    # Tagged (headings, lists, tables and the figures' text alternatives in the structure tree), so a screen
    # reader reads the PDF in order; it costs no measurable time here.
    document = HTML(string=html, url_fetcher=_offline_fetcher(), base_url=None)
    pdf: bytes = document.write_pdf(pdf_tags=True)
    return pdf
