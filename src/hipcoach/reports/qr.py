"""A QR code as inline SVG (segno, pure Python): the printed program's link to the session player."""

from __future__ import annotations

import io

import segno
from markupsafe import Markup, escape


def qr_svg(url: str, label: str) -> Markup:
    """The QR code of ``url`` as an SVG element that names itself ``label`` for a screen reader.

    Error correction "M" survives a crease or a coffee ring on a fridge door; black on white, with the
    standard quiet zone of four modules, is what every phone camera reads.
    """
    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="svg", scale=4, border=4, xmldecl=False, svgns=True, title=label, nl=False)
    svg = out.getvalue().decode("ascii")
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))
