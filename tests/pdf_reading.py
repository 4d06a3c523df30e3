"""Reading a PDF as a person would: its text (poppler's pdftotext), its pages as pictures (pdftoppm), and how
much of each page is ink. Tests that need poppler-utils skip with the reason where it is absent, except
under ``CI=true``, where a missing tool is a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from PIL import Image

SCREENSHOTS = Path(__file__).parent / "e2e" / "screenshots"


def require_poppler() -> None:
    missing = [tool for tool in ("pdftotext", "pdftoppm", "pdfinfo") if shutil.which(tool) is None]
    if missing:
        reason = f"{', '.join(missing)} missing: install Debian's poppler-utils to read the PDFs in tests"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


def has_emoji_font() -> bool:
    """Whether the system has a colour emoji font for WeasyPrint to draw emoji with. Without one an emoji
    in a document is not checked (a newcomer's machine), except under ``CI=true``, where that fails."""
    fc_list = shutil.which("fc-list")
    fonts = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True).stdout if fc_list else ""
    if "emoji" in fonts.lower():
        return True
    if os.environ.get("CI") == "true":
        pytest.fail("no emoji font: install Debian's fonts-noto-color-emoji (make test does, as root)")
    return False


def _run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=120).stdout


def pdf_text(pdf: bytes) -> str:
    """The PDF's text as pdftotext reads it: pages in order, each column read down before the next."""
    require_poppler()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.pdf"
        path.write_bytes(pdf)
        return _run("pdftotext", str(path), "-")


def pdf_info(pdf: bytes) -> dict[str, str]:
    require_poppler()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.pdf"
        path.write_bytes(pdf)
        lines = _run("pdfinfo", str(path)).splitlines()
    return {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in lines)}


def page_images(pdf: bytes, name: str, dpi: int = 40) -> list[Path]:
    """Each page as a PNG, kept in the screenshot folder as ``<name>-<page>.png``."""
    require_poppler()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob(f"{name}-*.png"):
        old.unlink()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.pdf"
        path.write_bytes(pdf)
        _run("pdftoppm", "-r", str(dpi), "-png", str(path), str(SCREENSHOTS / name))
    return sorted(SCREENSHOTS.glob(f"{name}-*.png"))


def ink(png: Path, box: tuple[float, float, float, float] = (0, 0, 1, 1)) -> float:
    """The share of the page (or of ``box``, as fractions of its width and height) that is not white."""
    with Image.open(png) as image:
        grey = image.convert("L")
        w, h = grey.size
        part = grey.crop((int(box[0] * w), int(box[1] * h), int(box[2] * w), int(box[3] * h)))
        counts = part.histogram()  # pixels per grey level, 0 black to 255 white
    return sum(counts[:200]) / max(1, sum(counts))
