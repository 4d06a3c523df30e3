"""`hipcoach exercises show ID --svg FILE`: the exercise's figure written to a file, moving or as a strip."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from typer.testing import CliRunner

from hipcoach import content
from hipcoach.cli import app
from tests.web.test_pages_figures import ILLUSTRATED, PLAIN, demo_library

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def cli(monkeypatch):
    """The CLI over the packaged content with exactly one illustration (the demo); no database needed."""
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setattr(content, "default_library", demo_library)  # read by the command when it runs
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, list(args))

    return invoke


def test_svg_writes_the_moving_figure_with_its_title_and_description(cli, tmp_path):
    path = tmp_path / "figure.svg"
    result = cli("exercises", "show", ILLUSTRATED, "--svg", str(path))
    assert result.exit_code == 0, result.output
    assert "Wrote the moving figure" in result.output and "Cues" not in result.output
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text == "Half-kneeling hip flexor mobilisation with overhead reach"
    assert desc is not None and desc.text and "The key poses are: 1. weight at the shoulder" in desc.text
    assert root.find(f".//{SVG}animate") is not None
    assert [p.name for p in tmp_path.iterdir()] == ["figure.svg"]  # no partial file left behind


def test_strip_writes_the_key_poses_side_by_side_replacing_the_file(cli, tmp_path):
    path = tmp_path / "strip.svg"
    path.write_text("old")
    result = cli("exercises", "show", ILLUSTRATED, "--svg", str(path), "--strip")
    assert result.exit_code == 0, result.output
    root = ET.parse(path).getroot()
    assert root.find(f".//{SVG}animate") is None
    assert [t.text for t in root.iter(f"{SVG}text")] == ["1. weight at the shoulder", "2. press overhead"]


def test_side_draws_the_other_side_as_the_mirror_image(cli, tmp_path):
    right, left = tmp_path / "right.svg", tmp_path / "left.svg"
    assert cli("exercises", "show", ILLUSTRATED, "--svg", str(right), "--strip").exit_code == 0
    result = cli("exercises", "show", ILLUSTRATED, "--svg", str(left), "--strip", "--side", "left")
    assert result.exit_code == 0, result.output
    # The demo is drawn working on the right; the left side's picture is its mirror image.
    descriptions = [ET.parse(path).getroot().findtext(f"{SVG}desc") or "" for path in (left, right)]
    assert "The left side works" in descriptions[0] and "The right side works" in descriptions[1]
    result = cli("exercises", "show", ILLUSTRATED, "--side", "left")
    assert result.exit_code == 1 and "give --svg FILE too" in result.output


def test_an_exercise_without_an_illustration_is_a_clear_error_and_writes_nothing(cli, tmp_path):
    path = tmp_path / "none.svg"
    result = cli("exercises", "show", PLAIN, "--svg", str(path))
    assert result.exit_code == 1
    assert f"'{PLAIN}' has no illustration yet" in result.output
    assert not list(tmp_path.iterdir())


def test_strip_without_svg_and_an_unwritable_file_are_clear_errors(cli, tmp_path):
    result = cli("exercises", "show", ILLUSTRATED, "--strip")
    assert result.exit_code == 1 and "give --svg FILE too" in result.output
    result = cli("exercises", "show", ILLUSTRATED, "--svg", str(tmp_path / "missing" / "figure.svg"))
    assert result.exit_code == 1 and "could not write" in result.output
    assert not (tmp_path / "missing").exists()


def test_show_without_svg_still_prints_the_exercise(cli):
    result = cli("exercises", "show", ILLUSTRATED)
    assert result.exit_code == 0 and "Cues" in result.output
