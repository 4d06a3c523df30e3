"""`hipcoach assess` and `hipcoach assessments` as a runner uses them, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from tests.integration.helpers import screening_answers

REACH_TRIALS = 3


@pytest.fixture
def cli(cli):
    """The shared command runner, with a profile made first."""
    invoke = cli
    result = invoke("init", "--name", "Ana", "--age", "34", "--sex", "female")
    assert result.exit_code == 0, result.output
    return invoke


def leg(limb: float, anterior: float, posteromedial: float, posterolateral: float) -> list[str]:
    """The answers for one leg in the order the guide asks: limb length, then 3 trials per direction."""
    answers = [f"{limb:g}"]
    for reach in (anterior, posteromedial, posterolateral):
        answers += [f"{reach:g}"] * REACH_TRIALS
    return answers


def lines(*answers: str | list[str]) -> str:
    flat: list[str] = []
    for answer in answers:
        flat += answer if isinstance(answer, list) else [answer]
    return "\n".join(flat) + "\n"


def write_json(tmp_path, data, name="assessment.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return str(path)


def readings(left_anterior: float, psfs: float) -> dict:
    values = {"y-balance.left.limb-length": 90, "y-balance.right.limb-length": 90}
    for side, anterior in (("left", left_anterior), ("right", 70)):
        for direction, reach in (("anterior", anterior), ("posteromedial", 95), ("posterolateral", 93)):
            for trial in (1, 2, 3):
                values[f"y-balance.{side}.{direction}.{trial}"] = reach
    values["psfs.1"] = psfs
    return values


def test_a_guided_y_balance_and_knee_to_wall_battery_is_scored_and_saved(cli):
    answers = lines(
        "",  # date: today
        "",  # who measured: me
        "mean",
        leg(90, 65, 95, 93),
        leg(90, 70, 95, 93),
        "10",  # left knee-to-wall
        "9",  # right knee-to-wall
    )
    result = cli("assess", "--tests", "y-balance,knee-to-wall", input=answers)
    assert result.exit_code == 0, result.output
    assert "Y-balance reach test" in result.output and "Record 3 reaches per direction" in result.output
    assert "Left leg limb length (cm)" in result.output
    # (65 + 95 + 93) / (3 x 90) x 100 = 93.7 %, under the 94 % screening mark for women
    assert "93.7%" in result.output
    assert "below 94%" in result.output
    assert "single-leg balance emphasis, because your forward reach on the left leg" in result.output

    listed = cli("assessments")
    assert listed.exit_code == 0, listed.output
    assert cli.clock.today().isoformat() in listed.output
    assert "y-balance, knee-to-wall" in listed.output
    assert "yourself" in listed.output


def test_the_suggested_tests_are_the_ones_a_runner_does_alone_and_psfs_asks_names_then_ratings(cli):
    answers = lines(
        "",  # accept the suggested tests: y-balance, knee-to-wall, psfs
        "",
        "Coach Kim",
        "best",
        leg(90, 70, 100, 100),
        leg(90, 70, 100, 100),
        "x",  # not a number: asked again at once
        "10",
        "10",
        "running hills",
        "4",
        "",  # an empty name ends the list
    )
    result = cli("assess", input=answers)
    assert result.exit_code == 0, result.output
    assert "'x' is not a number" in result.output
    assert "Scored as the best trial" in result.output
    assert "running hills" in result.output and "4.0" in result.output
    assert "Activity 2 (Enter to finish)" in result.output
    assert "Coach Kim" in cli("assessments").output


def test_an_impossible_limb_length_is_named_and_re_entered_without_retyping_the_rest(cli):
    answers = lines(
        "",
        "",
        "mean",
        leg(140, 65, 95, 93),  # 140 cm: no leg is that long
        leg(90, 70, 95, 93),
        "10",
        "9",
        "y",  # re-enter the Y-balance values
        "",  # scoring unchanged
        "90",  # the limb length, corrected
        *[""] * 19,  # Enter keeps every other value
    )
    result = cli("assess", "--tests", "y-balance,knee-to-wall", input=answers)
    assert result.exit_code == 0, result.output
    assert "Y-balance reach test: left leg limb length: 140 cm is outside 50-130 cm" in result.output
    assert "Left leg limb length (cm) [140]" in result.output
    assert "93.7%" in result.output
    assert "Assessment saved" in result.output
    assert len(_rows(cli)) == 1


def test_declining_to_re_enter_saves_nothing(cli):
    answers = lines("", "", "mean", leg(140, 65, 95, 93), leg(90, 70, 95, 93), "n")
    result = cli("assess", "--tests", "y-balance", input=answers)
    assert result.exit_code == 1
    assert "Nothing was saved" in result.output
    assert "No assessments yet" in cli("assessments").output


def test_an_answers_file_records_without_questions(cli, tmp_path):
    data = {
        "on": cli.clock.today().isoformat(),
        "tester": "Dr Lee",
        "scoring": "mean-of-3",
        "readings": readings(65, 4),
        "psfs_activities": {"1": "running hills"},
    }
    result = cli("assess", "--answers", write_json(tmp_path, data))
    assert result.exit_code == 0, result.output
    assert "93.7%" in result.output and "measured by Dr Lee" in result.output
    assert "Dr Lee" in cli("assessments").output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not readable JSON"),
        (json.dumps({"readings": {"psfs.1": 5}, "mood": "good"}), "unknown key mood"),
        (json.dumps({"readings": {"y-balance.left.elbow": 5}}), "unknown reading y-balance.left.elbow"),
        (json.dumps({"readings": {"psfs.1": "five"}}), 'psfs.1 must be a number, got "five"'),
        (
            json.dumps({"readings": readings(65, 4) | {"y-balance.left.limb-length": 140}}),
            "left leg limb length: 140 cm is outside 50-130 cm",
        ),
    ],
)
def test_a_bad_answers_file_is_refused_and_nothing_saved(cli, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    result = cli("assess", "--answers", str(path))
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert "No assessments yet" in cli("assessments").output


def test_a_reassessment_shows_what_changed_beyond_measurement_error(cli, tmp_path):
    earlier = (cli.clock.today() - timedelta(days=28)).isoformat()
    first = {"on": earlier, "readings": readings(65, 4), "psfs_activities": {"1": "running hills"}}
    second = {"readings": readings(70, 8), "psfs_activities": {"1": "running hills"}}
    assert cli("assess", "--answers", write_json(tmp_path, first, "first.json")).exit_code == 0
    result = cli("assess", "--answers", write_json(tmp_path, second, "second.json"))
    assert result.exit_code == 0, result.output

    shown = cli("assessments", "show")  # the latest
    assert shown.exit_code == 0, shown.output
    out = shown.output
    assert f"Since {earlier}" in out
    reach = next(line for line in out.splitlines() if "left anterior reach" in line)
    assert "+5.0 cm" in reach and "no real change (derived)" in reach and "more than 9.7 cm" in reach
    assert "Y-balance reach: derived: 1.96 x sqrt(2) x SEM 3.5 cm" in out
    psfs = next(line for line in out.splitlines() if "PSFS score" in line)
    assert "+4.0 points" in psfs and "improved" in psfs
    composite = next(line for line in out.splitlines() if "left composite reach" in line)
    assert "no error figure; not judged" in composite

    older = _rows(cli)[-1]
    first_shown = cli("assessments", "show", older)
    assert first_shown.exit_code == 0 and "Since" not in first_shown.output


def test_deleting_asks_first_and_then_removes_the_assessment(cli, tmp_path):
    cli(
        "assess",
        "--answers",
        write_json(tmp_path, {"readings": readings(65, 4), "psfs_activities": {"1": "x"}}),
    )
    (assessment_id,) = _rows(cli)
    result = cli("assessments", "delete", assessment_id, input="n\n")
    assert result.exit_code == 1 and "Nothing deleted" in result.output
    assert _rows(cli) == [assessment_id]
    result = cli("assessments", "delete", assessment_id, "--yes")
    assert result.exit_code == 0 and f"Assessment {assessment_id} deleted" in result.output
    assert "No assessments yet" in cli("assessments").output
    missing = cli("assessments", "show", assessment_id)
    assert missing.exit_code == 1 and "no assessment" in missing.output


def test_unknown_tests_are_named_with_the_choices(cli):
    result = cli("assess", "--tests", "y-balance,handstand")
    assert result.exit_code == 1
    assert "unknown test handstand" in result.output and "knee-to-wall" in result.output


def _rows(cli) -> list[str]:
    """The ids in `hipcoach assessments`, newest first."""
    out = cli("assessments").output
    return [line.split("│")[1].strip() for line in out.splitlines() if line.startswith("│")]


def test_hip_ranges_within_the_norms_open_the_strength_phase_once_a_morning_shows_low_pain(cli, tmp_path):
    given = screening_answers({"tight-hip-flexors"})
    answered = {"signs": dict(given.signs), "red_flags": dict(given.red_flags), "age": 34}
    screening = write_json(tmp_path, answered, "screening.json")
    assert cli("check", "--answers", screening).exit_code == 0
    normal = {"flexion": 115, "extension": 12, "abduction": 40, "adduction": 25}
    normal |= {"external-rotation": 50, "internal-rotation": 35}
    hips = {f"hip-range.{side}.{d}": v for side in ("left", "right") for d, v in normal.items()}
    result = cli("assess", "--answers", write_json(tmp_path, {"readings": hips}))
    assert result.exit_code == 0, result.output
    # The ranges stand in for the session and day counts, never for the pain condition (BRIEF §5).
    assert "New phase" not in result.output
    assert "Phase 1" in cli("plan").output

    morning = cli("checkin", "--pain", "1", "--tightness", "2", "--no-red-flags")
    assert morning.exit_code == 0, morning.output
    assert "Phase 2" in morning.output
    assert "Phase 2" in cli("plan").output


def test_assessments_keys_lists_every_reading_an_answers_file_may_hold(cli):
    result = cli("assessments", "keys")
    assert result.exit_code == 0, result.output
    for key in ("y-balance.left.limb-length", "hip-range.right.external-rotation", "psfs.5"):
        assert key in result.output
    assert "dynamometry.hamstrings.right.lever-arm" in result.output


def test_the_terminal_never_rounds_a_value_onto_its_threshold(cli, tmp_path):
    # LSI 179.92 / 200 = 89.96% (under 90%); the left leg's composite 281.91 / 300 = 93.97% (under 94%).
    reach = {"y-balance.left.limb-length": 100, "y-balance.right.limb-length": 100}
    for side, values in (("left", (70, 105, 106.91)), ("right", (70, 110, 110))):
        for direction, value in zip(("anterior", "posteromedial", "posterolateral"), values, strict=True):
            reach |= {f"y-balance.{side}.{direction}.{trial}": value for trial in (1, 2, 3)}
    strength = {
        "dynamometry.hip-abductors.left.force": 179.92,
        "dynamometry.hip-abductors.left.lever-arm": 45,
        "dynamometry.hip-abductors.right.force": 200,
        "dynamometry.hip-abductors.right.lever-arm": 45,
    }
    data = {"body_mass_kg": 61.5, "readings": reach | strength}
    result = cli("assess", "--answers", write_json(tmp_path, data))
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "93.97%" in out and "is 93.97% of limb length, below 94%" in out
    assert "reached 89.96% of the other side" in out
    lsi = next(line for line in result.output.splitlines() if line.strip().startswith("│ hip abductors"))
    assert "89.96%" in lsi
