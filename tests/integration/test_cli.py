"""The command line as a runner uses it, on SQLite and PostgreSQL: screen, plan, session, check-in."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from typer.testing import CliRunner

from hipcoach.cli import app
from hipcoach.clock import machine_zone_name
from hipcoach.content import default_library
from hipcoach.domain.screening import asked_at_screening
from tests.integration.helpers import checkin_flags, screening_answers


def write_answers(tmp_path, signs=(), red_flags=(), age=34):
    """An answers file answering every question (yes to the signs and red flags named, no to the rest), with
    the age for a profile made without one."""
    given = screening_answers(signs, red_flags, age)
    body = {"signs": dict(given.signs), "red_flags": dict(given.red_flags)}
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(body | ({"age": age} if age is not None else {})))
    return str(path)


def test_a_newcomers_whole_journey_from_screening_to_a_progression_decision(cli, tmp_path):
    result = cli("init", "--name", "Ana", "--age", "34", "--sex", "female")
    assert result.exit_code == 0, result.output
    assert "Profile Ana created" in result.output

    answers = write_answers(tmp_path, signs=["tight-hip-flexors", "foot-pain"])
    result = cli("check", "--answers", answers)
    assert result.exit_code == 0, result.output
    assert "2 of the signs fit" in result.output
    assert "program has started in phase 1" in result.output

    result = cli("plan")
    assert result.exit_code == 0, result.output
    assert "Phase 1 - mobility" in result.output
    assert "What opens Phase 2" in result.output
    assert "0 of 6 mobility sessions logged" in result.output

    result = cli("session", input="\n" * 400)
    assert result.exit_code == 0, result.output
    assert "Session saved" in result.output
    assert "Round 2/2" in result.output  # phase 1 goes twice through the circuit
    library = default_library()
    holds = [
        e for e in library.exercises.values() if e.dose.hold_seconds and e.block.value in ("mobility", "foot")
    ]
    assert holds and len(cli.waited) > 0, "hold and rest countdowns ran"
    held_reps = [e for e in holds if e.dose.reps_per_side and e.dose.reps_per_side > 1]
    assert held_reps  # each rep held on its own, with the player's pause before the next
    reps = held_reps[0].dose.reps_per_side
    assert f"Rep 2 of {reps}: get ready: done" in result.output
    assert f"Rep {reps} of {reps}: hold: done" in result.output
    said = " ".join(result.output.split())
    assert "The morning check-in opens at 00:00 on Tuesday 3 November" in said  # 07:00 + 6 h is earlier

    cli.clock.advance(days=1)  # the next morning
    result = cli("checkin", "--pain", "0", "--tightness", "2", "--no-red-flags")  # baseline was 0 (default)
    assert result.exit_code == 0, result.output
    assert "hold" in result.output and "One more like it" in result.output

    result = cli("progress")
    assert result.exit_code == 0, result.output
    session_day = cli.clock.today() - timedelta(days=1)
    assert session_day.isoformat() in result.output and "mobility" in result.output

    export_path = tmp_path / "ana.json"
    assert cli("export", "-o", str(export_path)).exit_code == 0
    result = cli("import", str(export_path), "--as", "Ana copy")
    assert result.exit_code == 0, result.output
    assert "Imported profile Ana copy" in result.output
    result = cli("progress", "--profile", "Ana copy")
    assert "One more like it" in result.output


def test_a_red_flag_answer_gives_the_referral_and_no_program(cli, tmp_path):
    cli("init", "--name", "Ben", "--age", "40")
    result = cli("check", "--answers", write_answers(tmp_path, ["dull-low-back-ache"], ["sharp-pain"]))
    assert result.exit_code == 0, result.output
    assert "See a clinician before you start" in result.output
    assert "No program has been started" in result.output
    result = cli("plan")
    assert result.exit_code == 1
    assert "no program yet" in result.output


def test_an_urgent_flag_says_seek_care_today(cli, tmp_path):
    cli("init", "--name", "Cy", "--age", "40")
    result = cli("check", "--answers", write_answers(tmp_path, [], ["saddle-numbness"]))
    assert "Seek medical care today" in result.output


def test_interactive_screening_creates_the_first_profile_and_asks_every_question(cli):
    library = default_library()
    answers = ["Dee", "41", "female"]
    answers += ["y" if sign_id == "knee-pain" else "n" for sign_id in library.signs]
    answers += ["n" for _ in asked_at_screening(library.red_flags, {"knee-pain"})]
    result = cli("check", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "1 of the signs fit" in result.output
    assert "program has started" in result.output
    assert "Have you ever had a stress fracture?" in result.output
    assert "Are you over 50" not in result.output


def test_a_red_flag_at_check_in_pauses_the_program(cli, tmp_path):
    cli("init", "--name", "Eve")
    cli("check", "--answers", write_answers(tmp_path, ["tight-hip-flexors"]))
    cli("session", "--no-timers", input="\n" * 400)
    result = cli("checkin", "--pain", "2", "--tightness", "2", "--red-flag", "night-pain", "--no-red-flags")
    assert result.exit_code == 0, result.output
    assert "program is paused" in result.output
    assert "PAUSED" in cli("plan").output


def test_logging_a_past_session_before_the_program_started_is_refused(cli, tmp_path):
    cli("init", "--name", "Fay")
    cli("check", "--answers", write_answers(tmp_path, ["tight-hip-flexors"]))
    yesterday = (cli.clock.today() - timedelta(days=1)).isoformat()
    result = cli("log", "--date", yesterday, "--baseline-pain", "1", "--pain-during", "2", "--rpe", "5")
    assert result.exit_code == 1
    assert "cannot belong to it" in result.output
    result = cli(
        "log",
        "--date",
        cli.clock.today().isoformat(),
        "--baseline-pain",
        "1",
        "--pain-during",
        "2",
        "--rpe",
        "5",
    )
    assert result.exit_code == 0, result.output
    assert "Logged a mobility session" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("checkin", "--pain", "11", "--tightness", "2", "--no-red-flags"),
            "pain must be between 0 and 10, got 11",
        ),
        (
            ("log", "--date", "2999-01-01", "--baseline-pain", "1", "--pain-during", "1", "--rpe", "5"),
            "in the future",
        ),
        (("exercises", "show", "moonwalk"), "unknown exercise 'moonwalk'"),
        (
            ("checkin", "--pain", "1", "--tightness", "1", "--red-flag", "made-up", "--no-red-flags"),
            "unknown red flag",
        ),
    ],
)
def test_bad_input_gets_a_clear_error_and_exit_code_one(cli, tmp_path, args, message):
    cli("init", "--name", "Gus")
    cli("check", "--answers", write_answers(tmp_path, ["tight-hip-flexors"]))
    result = cli(*args)
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_corrupt_import_and_unknown_answer_ids_are_refused(cli, tmp_path):
    cli("init", "--name", "Hal")
    corrupt = tmp_path / "corrupt.json"
    corrupt.write_bytes(b"\x00\x01 not json")
    result = cli("import", str(corrupt))
    assert result.exit_code == 1 and "not valid JSON" in result.output
    result = cli("check", "--answers", write_answers(tmp_path, ["made-up-sign"]))
    assert result.exit_code == 2 and "made-up-sign" in result.output
    assert "No program" not in result.output


def test_the_exercise_library_lists_and_shows_an_exercise_with_its_ladder_and_evidence(cli):
    library = default_library()
    result = cli("exercises")
    assert result.exit_code == 0
    for exercise in library.exercises.values():
        assert exercise.id in result.output
    strength = library.strength_exercises()[0]
    result = cli("exercises", "show", strength.id)
    assert result.exit_code == 0, result.output
    assert "Progression ladder" in result.output
    assert strength.ladder[-1].name in result.output
    assert "[V]" in result.output or "[S]" in result.output


def test_an_unreachable_database_is_named_without_a_traceback(monkeypatch):
    monkeypatch.setenv("HIPCOACH_DATABASE_URL", "postgresql://nobody:secret@127.0.0.1:1/none")
    result = CliRunner().invoke(app, ["profiles"])
    assert result.exit_code == 1
    assert "Could not reach the database" in result.output
    assert "secret" not in result.output and "Traceback" not in result.output


def test_where_names_the_database_without_its_password(monkeypatch):
    monkeypatch.setenv("HIPCOACH_DATABASE_URL", "postgresql://coach:secret@db.example/hipcoach")
    result = CliRunner().invoke(app, ["where"])
    assert result.exit_code == 0
    assert "postgresql+psycopg://coach:***@db.example/hipcoach" in result.output
    assert "secret" not in result.output


def test_where_defaults_to_sqlite_in_the_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("HIPCOACH_DATABASE_URL", raising=False)
    monkeypatch.setenv("HIPCOACH_DATA_DIR", str(tmp_path))
    result = CliRunner().invoke(app, ["where"], env={"COLUMNS": "300"})
    assert f"sqlite:///{tmp_path}/hipcoach.db" in result.output


def test_an_interactive_check_in_asks_pain_tightness_red_flags_and_the_hour_after(cli, tmp_path):
    cli("init", "--name", "Ivy")
    cli("check", "--answers", write_answers(tmp_path, ["tight-hip-flexors"]))
    cli("session", "--no-timers", input="2\n" + "\n" * 400)  # pain before: 2
    cli.clock.advance(days=1)  # the next morning
    # pain this morning: 2; tightness: 3; pain an hour after: 2; each warning sign: no
    warning_signs = len(checkin_flags())
    result = cli("checkin", input="2\n3\n2\n" + "n\n" * warning_signs)
    assert result.exit_code == 0, result.output
    assert "Warning signs since your last check-in" in result.output
    assert "Since your last check-in, has your pain been sharp" in result.output
    assert "Have you ever been treated for cancer?" not in result.output
    assert "One more like it" in result.output
    progress = cli("progress")
    assert "1h an hour after" in progress.output


def test_the_command_line_dates_by_the_machines_zone_until_the_runner_sets_one(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("TZ", "America/Los_Angeles")
    machine_zone_name.cache_clear()
    assert cli("init", "--name", "Ana", "--age", "34", "--sex", "female").exit_code == 0
    assert cli("check", "--answers", write_answers(tmp_path, signs=["tight-hip-flexors"])).exit_code == 0
    # Monday 2 November, 19:00 on this Los Angeles laptop; 03:00 on Tuesday in UTC.
    cli.clock.current = datetime(2026, 11, 3, 3, 0, tzinfo=UTC)
    assert cli("session", "--no-timers", input="\n" * 400).exit_code == 0
    assert "2026-11-02" in cli("progress").output

    # Moved to Auckland and said so. At 11:30 UTC it is already Wednesday there (00:30), still Tuesday in
    # Los Angeles and in UTC, and more than 6 hours after the session: its morning is open.
    assert "Pacific/Auckland" in cli("week", "--timezone", "Pacific/Auckland").output
    cli.clock.current = datetime(2026, 11, 3, 11, 30, tzinfo=UTC)
    checked = cli("checkin", "--pain", "0", "--tightness", "2", "--no-red-flags")
    assert checked.exit_code == 0, checked.output
    assert "Your session of 2026-11-02" in checked.output
    assert [c["checked_on"] for c in json.loads(cli("export").output)["checkins"]] == ["2026-11-04"]
