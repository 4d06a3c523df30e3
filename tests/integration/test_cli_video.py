"""`hipcoach video analyse` on the cached demo video (tests/video_files.py), and `video guide`.

Without the cached video the demo runs are skipped with the reason, except under ``CI=true``, where that is
a failure."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from hipcoach.cli import app
from hipcoach.cli.video_cmd import ChosenModel, ChosenTest, ChosenView, _trust_text
from hipcoach.domain.anatomy import Side
from hipcoach.domain.figure import View
from hipcoach.domain.motion import Angle
from hipcoach.domain.motion.protocols import VideoTest
from hipcoach.video.pose import ModelSize
from hipcoach.video.result import AngleQuality, Stretch
from tests.video_files import demo_video
from tests.video_mannequin import y_balance_clip

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def demo() -> Path:
    return demo_video()


def run(*args: str):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})


def test_analyse_prints_the_key_values_and_writes_three_files(demo, tmp_path):
    result = run("video", "analyse", str(demo), "--test", "lunge", "--side", "right", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "Lunge, right front leg, side view" in result.output
    assert "lunge bottom at " in result.output
    assert "knee flexion " in result.output and "trunk lean " in result.output
    assert "A person was found in " in result.output and "2-D estimates" in result.output
    # the demo's tracking hands over to a woman walking past: those frames are named and left out
    assert "Someone else was followed from " in result.output
    assert "knee flexion: trusted in " in result.output and "ankle dorsiflexion" not in result.output
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == ["demo-curves.svg", "demo-figure.svg", "demo-key-frame.jpg"]
    assert ET.parse(tmp_path / "demo-curves.svg").getroot().tag == f"{SVG}svg"
    figure = ET.parse(tmp_path / "demo-figure.svg").getroot()
    assert [t.text for t in figure.iter(f"{SVG}text")] == ["1. You", "2. Ideal form"]
    image = Image.open(io.BytesIO((tmp_path / "demo-key-frame.jpg").read_bytes()))
    assert image.format == "JPEG" and max(image.size) == 960
    assert f"Wrote {tmp_path / 'demo-curves.svg'}" in result.output


def test_the_demo_filmed_side_on_is_refused_as_a_front_view(demo, tmp_path):
    result = run(
        "video",
        "analyse",
        str(demo),
        "-t",
        "lunge",
        "-s",
        "right",
        "--view",
        "front",
        "--model",
        "lite",
        "-o",
        str(tmp_path),
    )
    assert result.exit_code == 1
    assert "This looks filmed from the side, but you chose the front view" in result.output
    assert "Traceback" not in result.output and list(tmp_path.iterdir()) == []


def test_a_y_balance_prints_the_stance_legs_hip_and_knee_beside_the_reach_entered(demo, tmp_path):
    clip = y_balance_clip(tmp_path / "reach.mp4")
    result = run(
        "video", "analyse", str(clip), "-t", "y-balance", "-s", "left", "--reach", "62.5", "-o", str(tmp_path)
    )
    assert result.exit_code == 0, result.output
    assert "Y-balance anterior reach, left stance leg, side view" in result.output
    assert "hip flexion" in result.output and "knee flexion" in result.output
    assert "Anterior reach (measured with the tape): 62.5 cm." in result.output


@pytest.mark.parametrize(
    ("test", "reach", "message"),
    [
        ("lunge", "60", "--reach is the Y-balance's anterior reach"),
        ("y-balance", "0", "--reach 0 cm is outside 0-260 cm"),
        ("y-balance", "300", "--reach 300 cm is outside 0-260 cm"),
    ],
)
def test_a_reach_for_another_test_or_out_of_range_is_refused_before_reading_the_video(
    tmp_path, test, reach, message
):
    path = tmp_path / "reach.mp4"
    path.write_text("never read")
    result = run("video", "analyse", str(path), "-t", test, "-s", "left", "--reach", reach)
    assert result.exit_code == 1 and message in result.output


def test_a_text_file_is_refused_in_one_line(tmp_path):
    path = tmp_path / "notes.mp4"
    path.write_text("not a video\n")
    result = run("video", "analyse", str(path), "--test", "lunge", "--side", "left")
    assert result.exit_code == 1
    assert "This file is not a video hipcoach can read" in result.output and "Traceback" not in result.output


def test_the_y_balance_from_the_front_is_refused_before_reading_the_video(tmp_path):
    path = tmp_path / "reach.mp4"
    path.write_text("never read")
    result = run("video", "analyse", str(path), "--test", "y-balance", "--side", "left", "--view", "front")
    assert result.exit_code == 1 and "measured from a side view, not from the front" in result.output


def test_a_missing_file_gets_typers_clear_error():
    result = run("video", "analyse", "no-such-video.mp4", "--test", "lunge", "--side", "left")
    assert result.exit_code == 2 and "does not exist" in result.output


def test_help_lists_the_tests_views_and_models():
    result = run("video", "analyse", "--help")
    assert result.exit_code == 0
    for word in (*(test.value for test in VideoTest), "side", "front", "full", "lite"):
        assert word in result.output


def test_the_command_lines_choices_are_the_analysis_own():
    assert [c.value for c in ChosenTest] == [t.value for t in VideoTest]
    assert {c.value for c in ChosenView} == {v.value for v in View}
    assert {c.value for c in ChosenModel} == {m.value for m in ModelSize}


def test_guide_prints_the_filming_guidance():
    result = run("video", "guide", "--test", "lunge", "--view", "front")
    assert result.exit_code == 0
    assert (
        "Filming the Lunge (front view)" in result.output and "knee height straight in front" in result.output
    )
    refused = run("video", "guide", "--test", "y-balance", "--view", "front")
    assert refused.exit_code == 1 and "measured from a side view" in refused.output


def test_the_untrusted_stretches_are_listed_four_at_most_and_the_rest_counted():
    stretches = tuple(Stretch(10 * i, 10 * i + 4, i / 3, (10 * i + 4) / 30) for i in range(6))
    quality = AngleQuality(Angle.KNEE_FLEXION, Side.LEFT, 0.5, stretches, ())
    assert _trust_text(quality) == (
        "knee flexion: trusted in 50% of the frames; not trusted at 0.00-0.13 s, 0.33-0.47 s, 0.67-0.80 s,"
        " 1.00-1.13 s and 2 more stretches"
    )
    assert _trust_text(AngleQuality(Angle.KNEE_FLEXION, Side.LEFT, 1.0, (), ())) == (
        "knee flexion: trusted in 100% of the frames"
    )
