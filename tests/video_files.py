"""The real video the video tests read: sports2d's demo clip (BSD-3-Clause; VP9, 1768x994, 230 frames at
30 fps: a man on a box who jumps off, and a woman walking past, both filmed side-on), fetched from the
sports2d wheel by ``make .cache/video/demo.mp4`` (a dependency of ``make test``) and never committed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

DEMO_VIDEO = Path(__file__).resolve().parents[1] / ".cache" / "video" / "demo.mp4"
FETCH = "run `make .cache/video/demo.mp4` to fetch the demo video (sports2d wheel)"


def demo_video() -> Path:
    """The demo clip's path; skips the test where it is absent, fails under CI=true."""
    if not DEMO_VIDEO.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"the demo video {DEMO_VIDEO} is missing under CI: {FETCH}")
        pytest.skip(f"no demo video at {DEMO_VIDEO}: {FETCH}")
    return DEMO_VIDEO
