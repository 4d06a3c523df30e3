"""The video tests' shared, costly input: the demo clip's pose, estimated once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from hipcoach.video.pose import ModelSize, VideoPose, estimate_pose
from tests.video_files import demo_video


@pytest.fixture(scope="session")
def demo_path() -> Path:
    """sports2d's demo clip (skipped where it was not fetched, a failure under CI=true)."""
    return demo_video()


@pytest.fixture(scope="session")
def demo_pose(demo_path: Path) -> VideoPose:
    """The demo's pose with the full model (about 5 s on two cores)."""
    return estimate_pose(demo_path, ModelSize.FULL)
