"""The pictures of a result: the curves and the figure pair parse as SVG and say their numbers in text, the
key frame is a JPEG of the asked size with the skeleton drawn where the landmarks are."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from dataclasses import replace

import numpy as np
import pytest
from PIL import Image

from hipcoach.content import default_library
from hipcoach.domain.anatomy import Side
from hipcoach.domain.figure import Camera, View, mirror
from hipcoach.domain.motion.protocols import VideoTest
from hipcoach.video.analyse import analyse_pose
from hipcoach.video.render import BONE, DOUBTFUL, curves_svg, figure_pair_svg, key_frame_jpeg
from hipcoach.video.result import VideoResult
from tests.unit.video.figure_clips import HEIGHT, WIDTH, clip, down_and_up

SVG = "{http://www.w3.org/2000/svg}"
FRAMES = 61
RIGHT_HIP, RIGHT_KNEE, LEFT_HEEL = 24, 26, 29


def lunge(camera: Camera, side: Side = Side.RIGHT, view: View = View.SIDE, **changes) -> VideoResult:
    stand, bottom = default_library().illustrations["lunge"].poses
    if side is Side.LEFT:
        stand, bottom = mirror(stand), mirror(bottom)
    video = clip(down_and_up(stand, bottom, FRAMES), FRAMES, camera, **changes)
    return analyse_pose(video, VideoTest.LUNGE, side, view)


@pytest.fixture(scope="module")
def result() -> VideoResult:
    # The left heel doubtful throughout (drawn hollow); the right knee doubtful at the start (shaded).
    return lunge(Camera.side(), unsure={LEFT_HEEL: range(FRAMES), RIGHT_KNEE: range(0, 4)})


def texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def test_the_curves_name_their_angles_axes_and_key_values(result):
    svg = curves_svg(result)
    shown = texts(svg)
    assert (
        "knee flexion (degrees)" in shown
        and "trunk lean (degrees)" in shown
        and "hip flexion (degrees)" in shown
    )
    assert "lunge bottom, 1.00 s: 90°" in shown and "lunge bottom, 1.00 s: 0°" in shown
    assert "time (seconds)" in shown and "degrees" in shown
    assert "right leg (filmed)" in shown and "left leg" in shown
    root = ET.fromstring(svg)
    assert root.findtext(f"{SVG}title") == "Lunge: angles over time, right front leg"
    description = root.findtext(f"{SVG}desc") or ""
    assert (
        "knee flexion 90°" in description
        and "knee flexion of the right leg from 0.00 s to 0.10 s" in description
    )
    assert len(root.findall(f".//{SVG}rect[@class='not-trusted']")) == 2  # knee and hip flexion need the knee
    assert len(root.findall(f".//{SVG}line[@class='key-frame']")) == 3
    dashed = [p for p in root.iter(f"{SVG}polyline") if p.get("stroke-dasharray")]
    assert dashed and all(
        p.get("class") == "side-left" for p in dashed
    )  # the other leg: dashed, not colour alone


def test_every_text_is_escaped(result):
    moment = replace(result.moment, name='<b>"bottom" & co</b>')
    svg = curves_svg(replace(result, moment=moment))
    assert any(text.startswith('<b>"bottom" & co</b>, 1.00 s') for text in texts(svg))


def test_the_figure_pair_shows_you_beside_the_ideal_form(result):
    svg = figure_pair_svg(result)
    assert texts(svg) == ["1. You", "2. Ideal form"]
    root = ET.fromstring(svg)
    assert "knee flexion 90°" in (root.findtext(f"{SVG}desc") or "")
    assert len(root.findall(f".//{SVG}g[@class='hcfig-figure']")) == 2


def test_the_left_legs_figure_pair_is_drawn_from_the_left():
    svg = figure_pair_svg(lunge(Camera(180.0), Side.LEFT))
    assert texts(svg) == ["1. You", "2. Ideal form"]


def test_a_front_views_pair_draws_the_runner_from_the_landmarks():
    svg = figure_pair_svg(lunge(Camera.of(View.FRONT), view=View.FRONT))
    assert texts(svg) == ["You", "1. Ideal form"]
    root = ET.fromstring(svg)
    assert root.find(f".//{SVG}polyline[@class='hcfig-right-leg']") is not None


def test_the_key_frame_is_scaled_with_the_skeleton_over_it(result):
    frame = np.full((HEIGHT, WIDTH, 3), 90, dtype=np.uint8)
    image = Image.open(io.BytesIO(key_frame_jpeg(frame, result, max_side=960)))
    assert image.format == "JPEG" and image.size == (960, 540)
    pixels = np.asarray(image.convert("RGB")).astype(int)
    points = result.key_landmarks

    def at(index: int, towards: int | None = None) -> np.ndarray:
        x, y, _ = points[index]
        if towards is not None:
            x2, y2, _ = points[towards]
            x, y = (x + x2) / 2, (y + y2) / 2
        return pixels[round(y / 2), round(x / 2)]

    assert np.abs(at(RIGHT_HIP, RIGHT_KNEE) - BONE).max() < 40  # the right thigh, drawn in cyan
    assert np.abs(at(RIGHT_KNEE) - (255, 255, 255)).max() < 40  # a trusted joint: a filled dot
    assert np.abs(at(LEFT_HEEL) - (255, 255, 255)).max() > 60  # a doubtful joint: not filled, ...
    x, y, _ = points[LEFT_HEEL]
    ring = pixels[round(y / 2) - 6 : round(y / 2) + 7, round(x / 2) - 6 : round(x / 2) + 7]
    assert (np.abs(ring - DOUBTFUL).max(axis=2) < 40).any()  # ... a grey ring


def test_a_small_frame_is_not_enlarged(result):
    frame = np.zeros((HEIGHT // 4, WIDTH // 4, 3), dtype=np.uint8)
    image = Image.open(io.BytesIO(key_frame_jpeg(frame, result)))
    assert image.size == (WIDTH // 4, HEIGHT // 4)


def test_the_untrusted_stretches_are_written_four_at_most_and_the_rest_counted():
    from hipcoach.domain.anatomy import Side
    from hipcoach.domain.motion import Angle
    from hipcoach.video.render import stretches_text
    from hipcoach.video.result import AngleQuality, Stretch

    def quality(count: int) -> AngleQuality:
        stretches = tuple(Stretch(10 * i, 10 * i + 4, i / 3, (10 * i + 4) / 30) for i in range(count))
        return AngleQuality(Angle.KNEE_FLEXION, Side.LEFT, 0.5, stretches, ())

    assert stretches_text(quality(0)) == "none"
    assert stretches_text(quality(1)) == "0.00-0.13 s"
    four = "0.00-0.13 s, 0.33-0.47 s, 0.67-0.80 s, 1.00-1.13 s"
    assert stretches_text(quality(5)) == f"{four} and 1 more stretch"
    assert stretches_text(quality(7)).endswith("1.00-1.13 s and 3 more stretches")
