"""The command line shows the pain and effort scales written from domain/rules.py, like the web pages."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from hipcoach.cli import app
from hipcoach.domain import rules as R
from tests.integration.helpers import screening_answers


def test_the_guided_session_shows_the_scales_from_changed_thresholds(cli, tmp_path, monkeypatch):
    assert cli("init", "--name", "Ana", "--age", "34", "--sex", "female").exit_code == 0
    answers = tmp_path / "answers.json"
    given = screening_answers({"tight-hip-flexors"})
    answers.write_text(json.dumps({"signs": dict(given.signs), "red_flags": dict(given.red_flags)}))
    assert cli("check", "--answers", str(answers)).exit_code == 0
    monkeypatch.setattr(R, "PAIN_SAFE_MAX", 2)
    monkeypatch.setattr(R, "PAIN_ACCEPTABLE_MAX", 6)
    monkeypatch.setattr(R, "GREEN_RPE_MAX", 8)

    result = cli("session", "--no-timers", input="\n" * 400)

    assert result.exit_code == 0, result.output
    assert "Pain during an exercise, out of 10: 0-2 is fine, 3-6 is acceptable, above 6 is too much" in (
        result.output
    )
    assert "Effort (RPE): 0 is rest, 10 the hardest effort you can imagine; 8 or less counts toward" in (
        result.output
    )


def test_logging_a_past_session_explains_the_scales_in_its_help():
    result = CliRunner().invoke(app, ["log", "--help"], env={"COLUMNS": "300"})
    assert result.exit_code == 0
    help_text = " ".join(result.output.split())
    assert R.pain_scale_hint() in help_text and R.rpe_scale_hint() in help_text
