"""The clinical content: evidence, exercises, circuits and screening questions, kept as TOML data files
in ``data/`` and validated as they load.

``load_library()`` reads a data directory and raises ContentError listing every problem it finds;
``default_library()`` is the packaged content, loaded once and shared.
"""

from __future__ import annotations

from functools import cache

from hipcoach.content.errors import ContentError
from hipcoach.content.loader import DATA_DIR, load_library
from hipcoach.domain.content import Library

__all__ = ["DATA_DIR", "ContentError", "default_library", "load_library"]


@cache
def default_library() -> Library:
    """The packaged content, validated on first use and shared after; raises ContentError if it is broken.

    Its figures are read when first drawn (see ``IllustrationsOnFirstUse``).
    """
    return load_library(figures_on_first_use=True)
