"""`hipcoach clear` and the hold on the command line, on SQLite and PostgreSQL (BRIEF §2.2): a red flag holds
the runner through `check` again and `plan`, until `clear` records who cleared them."""

from __future__ import annotations

import json

import pytest

from hipcoach.content import default_library
from hipcoach.domain.screening import asked_at_screening

LIBRARY = default_library()
NAME = ["--by", "Dr Kim Lee", "--profession", "sports physician"]


def answers_file(tmp_path, flags=(), signs=("tight-hip-flexors",)) -> str:
    """An answers file with every question answered: yes to ``signs`` and ``flags``, no to the rest."""
    asked = asked_at_screening(LIBRARY.red_flags, frozenset(signs))
    data = {
        "signs": {sign_id: sign_id in signs for sign_id in LIBRARY.signs},
        "red_flags": {flag.id: flag.id in flags for flag in asked},
    }
    path = tmp_path / f"answers-{len(flags)}.json"
    path.write_text(json.dumps(data))
    return str(path)


def test_a_red_flag_holds_through_a_retaken_screening_until_hipcoach_clear(cli, tmp_path, clock):
    assert cli("init", "--name", "Ana", "--age", "34", "--sex", "female").exit_code == 0
    flagged = cli("check", "--answers", answers_file(tmp_path, flags=("sharp-pain",)))
    assert flagged.exit_code == 0, flagged.output
    assert "No program has been started" in flagged.output and "hipcoach clear --by NAME" in flagged.output

    clock.advance(hours=1)
    retaken = cli("check", "--answers", answers_file(tmp_path))
    assert retaken.exit_code == 0, retaken.output
    assert "No program has been started" in retaken.output
    assert "Taking the screening again does not lift it" in retaken.output

    plan = cli("plan")
    assert plan.exit_code == 1
    assert "On hold: see a clinician first" in plan.output and "Since 2026-11-02" in plan.output
    assert "What lifts it:" in plan.output and "no program yet" in plan.output

    clock.advance(days=1)
    cleared = cli("clear", *NAME, "--note", "Easy running is fine.")
    assert cleared.exit_code == 0, cleared.output
    assert "Clearance recorded" in cleared.output
    assert "Cleared by Dr Kim Lee, sports physician, on 2026-11-03 (self-reported" in cleared.output
    assert LIBRARY.red_flags["sharp-pain"].question[:40] in cleared.output
    assert "Take the screening to start your program" in cleared.output

    clock.advance(hours=1)
    started = cli("check", "--answers", answers_file(tmp_path))
    assert "program has started in phase 1" in started.output
    assert cli("plan").exit_code == 0

    progress = cli("progress")
    assert "Holds and clearances" in progress.output and "Cleared by Dr Kim Lee" in progress.output


def test_a_paused_program_shows_the_hold_in_plan_and_resumes_after_clear(cli, tmp_path, clock):
    assert cli("init", "--name", "Ana", "--age", "34", "--sex", "female").exit_code == 0
    cli("check", "--answers", answers_file(tmp_path))
    clock.advance(days=1)
    paused = cli("check", "--answers", answers_file(tmp_path, flags=("night-pain",)))
    assert "Your program is paused" in paused.output

    plan = cli("plan")
    assert plan.exit_code == 0, plan.output
    assert "PAUSED" in plan.output and "On hold: see a clinician first" in plan.output
    assert "hipcoach session" not in plan.output

    resumed = cli("clear", *NAME, "--on", "2026-11-03")
    assert resumed.exit_code == 0, resumed.output
    assert "Your program runs again where it stopped" in resumed.output
    plan = cli("plan")
    assert "PAUSED" not in plan.output and "On hold" not in plan.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--by", "Dr Kim Lee"], "Missing option '--profession'"),
        (["--profession", "doctor"], "Missing option '--by'"),
        (["--by", " ", "--profession", "doctor"], "name of who cleared you is missing"),
        ([*NAME, "--on", "yesterday"], "Invalid value for '--on'"),
        ([*NAME, "--on", "2026-11-01"], "before the hold began on 2026-11-02"),
    ],
)
def test_a_clearance_with_a_missing_or_bad_value_exits_2_and_stores_nothing(cli, tmp_path, args, message):
    assert cli("init", "--name", "Ana", "--age", "34", "--sex", "female").exit_code == 0
    cli("check", "--answers", answers_file(tmp_path, flags=("sharp-pain",)))
    refused = cli("clear", *args)
    assert refused.exit_code == 2
    assert message in " ".join(refused.output.split())
    assert "On hold" in cli("plan").output  # still held: nothing was recorded


def test_clear_with_nothing_on_hold_says_so(cli, tmp_path):
    assert cli("init", "--name", "Ana", "--age", "34", "--sex", "female").exit_code == 0
    cli("check", "--answers", answers_file(tmp_path))
    refused = cli("clear", *NAME)
    assert refused.exit_code == 1
    assert "nothing is on hold" in refused.output


def test_clear_help_says_what_it_does(cli):
    shown = cli("clear", "--help")
    assert shown.exit_code == 0
    text = " ".join(shown.output.split())
    assert "lifts the red flag or pause" in text and "self-reported" in text
    assert "--by" in text and "--profession" in text and "--on" in text and "--note" in text


def test_a_cleared_15_year_old_with_knee_pain_can_start_with_the_same_answers(cli, tmp_path, clock):
    assert cli("init", "--name", "Zoe", "--age", "15", "--sex", "female").exit_code == 0
    knee = answers_file(tmp_path, signs=("knee-pain",))
    referred = cli("check", "--answers", knee)
    assert "under 18" in referred.output and "No program has been started" in referred.output

    clock.advance(days=2)
    assert cli("clear", *NAME, "--note", "Growth plates fine.").exit_code == 0
    clock.advance(hours=1)
    again = cli("check", "--answers", knee)  # still 15, still knee pain: the same answers, already cleared
    assert again.exit_code == 0, again.output
    assert "Already cleared by a clinician" in again.output
    assert "program has started in phase 1" in again.output
