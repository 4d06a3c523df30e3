"""`hipcoach check` and the check-in's warning signs on the command line, on SQLite and PostgreSQL: every
question answered y or n, the age from the profile (asked when it has none), the new levels shown."""

from __future__ import annotations

import json

import pytest

from hipcoach.content import default_library
from hipcoach.domain.screening import asked_at_screening
from tests.integration.helpers import checkin_flags, screening_answers


def answers_file(tmp_path, body) -> str:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(body))
    return str(path)


def full_answers(signs=(), flags=(), **extra):
    given = screening_answers(signs, flags)
    return {"signs": dict(given.signs), "red_flags": dict(given.red_flags)} | extra


def screenings(cli) -> int:
    return len(json.loads(cli("export").output)["screenings"])


def test_an_answers_file_with_a_question_unanswered_is_refused_naming_it_and_nothing_is_saved(cli, tmp_path):
    assert cli("init", "--name", "Ana", "--age", "34").exit_code == 0
    body = full_answers({"knee-pain"})
    del body["red_flags"]["night-pain"], body["signs"]["foot-pain"]
    result = cli("check", "--answers", answers_file(tmp_path, body))
    assert result.exit_code == 2, result.output
    assert "foot-pain, night-pain" in result.output and "Traceback" not in result.output
    assert screenings(cli) == 0


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"signs": ["knee-pain"], "red_flags": []}, '"signs" must map each id to true (yes) or false (no)'),
        ({"signs": {"knee-pain": "yes"}, "red_flags": {}}, "must map each id to true (yes) or false (no)"),
        ({"signs": {}, "red_flags": {}, "age": "forty"}, '"age" must be a whole number of years'),
        ({"sign": {}}, "must look like"),
    ],
)
def test_an_answers_file_of_the_wrong_shape_is_refused_with_its_shape(cli, tmp_path, body, message):
    assert cli("init", "--name", "Ben", "--age", "34").exit_code == 0
    result = cli("check", "--answers", answers_file(tmp_path, body))
    assert result.exit_code == 2, result.output
    assert message in " ".join(result.output.split())
    assert screenings(cli) == 0


def test_a_profile_without_an_age_needs_it_in_the_answers_file_which_then_keeps_it(cli, tmp_path):
    assert cli("init", "--name", "Cy").exit_code == 0
    refused = cli("check", "--answers", answers_file(tmp_path, full_answers({"knee-pain"})))
    assert refused.exit_code == 2 and 'add "age"' in refused.output
    assert screenings(cli) == 0
    result = cli("check", "--answers", answers_file(tmp_path, full_answers({"knee-pain"}, age=15)))
    assert result.exit_code == 0, result.output
    assert "See a clinician before you start" in result.output
    assert "You are under 18 and have pain around the hip, groin, thigh or knee." in result.output
    assert "No program has been started" in result.output
    assert "Cy" in cli("profiles").output and "15" in cli("profiles").output
    assert cli("plan").exit_code == 1


def test_interactive_screening_asks_the_age_when_the_profile_has_none_and_takes_no_enter_for_a_no(cli):
    library = default_library()
    assert cli("init", "--name", "Dee").exit_code == 0
    answers = ["55"]
    answers += ["\ny" if sign_id == "dull-low-back-ache" else "n" for sign_id in library.signs]
    answers += ["n" for _ in asked_at_screening(library.red_flags, {"dull-low-back-ache"})]
    result = cli("check", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Your age in years" in result.output and "Error: invalid input" in result.output
    assert "Worth mentioning to a clinician" in result.output
    assert "You are over 50 and have low back pain." in result.output
    assert "program has started" in result.output


def test_a_possible_stress_fracture_says_stop_running_today(cli, tmp_path):
    assert cli("init", "--name", "Eve", "--age", "29").exit_code == 0
    body = full_answers({"foot-pain"}, {"foot-bone-stress"})
    result = cli("check", "--answers", answers_file(tmp_path, body))
    assert result.exit_code == 0, result.output
    assert "Stop running today" in result.output and "imaging" in result.output
    assert "No program has been started" in result.output


def test_the_check_in_asks_each_warning_sign_not_named_and_never_the_history(cli, tmp_path):
    assert cli("init", "--name", "Fay", "--age", "34").exit_code == 0
    assert (
        cli("check", "--answers", answers_file(tmp_path, full_answers({"tight-hip-flexors"}))).exit_code == 0
    )
    asked = len(checkin_flags()) - 1  # night-pain is named
    result = cli(
        "checkin", "--pain", "1", "--tightness", "2", "--red-flag", "night-pain", input="n\n" * asked
    )
    assert result.exit_code == 0, result.output
    assert "Since your last check-in, has your pain been sharp" in result.output
    assert "Since your last check-in, has your pain been severe at night" not in result.output
    assert "cancer" not in result.output and "stress fracture?" not in result.output
    assert "program is paused" in result.output and "See a clinician before you go on" in result.output
