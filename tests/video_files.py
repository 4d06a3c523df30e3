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


def short_clip(source: Path, target: Path, first: int = 20, frames: int = 90, scale: float = 0.5) -> Path:
    """Frames ``first`` .. ``first + frames`` of ``source`` at ``scale`` of its size, as H.264 at the same
    frame rate: in the demo, the man on the box before he jumps, in a third of the time to analyse."""
    from fractions import Fraction

    import av

    with av.open(str(source)) as reader, av.open(str(target), "w") as writer:
        stream = reader.streams.video[0]
        width = int(stream.codec_context.width * scale) // 2 * 2
        height = int(stream.codec_context.height * scale) // 2 * 2
        rate = round(float(stream.average_rate or 30))
        out = writer.add_stream("libx264", rate=rate)
        out.width, out.height, out.pix_fmt = width, height, "yuv420p"
        out.codec_context.time_base = Fraction(1, rate)
        for index, frame in enumerate(reader.decode(stream)):
            if index < first:
                continue
            if index >= first + frames:
                break
            picture = frame.reformat(width=width, height=height, format="yuv420p")
            picture.pts, picture.time_base = index - first, Fraction(1, rate)
            for packet in out.encode(picture):
                writer.mux(packet)
        for packet in out.encode():
            writer.mux(packet)
    return target
