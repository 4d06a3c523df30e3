"""One assessment model whatever the door: the API body, the CLI's answers file and the web form agree.

The bounds come from the domain, the API documents them, and the same bad value gets the same words.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
import typer
from pydantic import ValidationError

from hipcoach.cli.assess_guide import read_answers
from hipcoach.domain.assessment.balance import Scoring
from hipcoach.domain.assessment.common import Sex
from hipcoach.domain.assessment.strength import (
    AGE_MAX_YEARS,
    AGE_MIN_YEARS,
    BODY_MASS_MAX_KG,
    BODY_MASS_MIN_KG,
)
from hipcoach.services.assessment_input import AssessmentRecord, problems_of
from hipcoach.services.assessments import Defaults
from hipcoach.web.assessment_form import parse_form
from tests.web.conftest import csrf, page_text, post_form
from tests.web.pages import runner

ANSWERS = {
    "on": "2026-11-02",
    "tester": "  Sam Ortiz, PT ",
    "sex": "female",
    "age": 34,
    "body_mass_kg": 60.5,
    "scoring": "best",
    "readings": {"knee-to-wall.left": 9.5, "knee-to-wall.right": 10, "psfs.1": 6},
    "psfs_activities": {"1": "running hills"},
    "notes": "after a rest week",
}
FORM = {
    "on": "2026-11-02",
    "tester": "  Sam Ortiz, PT ",
    "sex": "female",
    "age": "34",
    "body_mass_kg": "60,5",
    "scoring": "best",
    "knee-to-wall.left": "9,5",
    "knee-to-wall.right": "10",
    "psfs.1": "6",
    "psfs-activity.1": "running hills",
    "notes": "after a rest week",
}
NO_DEFAULTS = Defaults(sex=None, age=None, body_mass_kg=None, limb_length_cm=None)


def test_the_form_and_the_answers_file_describe_the_same_record(tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(ANSWERS))
    from_file = read_answers(path, NO_DEFAULTS, None, None, date(2026, 11, 3))
    from_form = parse_form(["knee-to-wall", "psfs"], FORM).record
    assert from_form == from_file
    assert from_file.tester == "Sam Ortiz, PT" and from_file.scoring is Scoring.BEST
    assert from_file.sex is Sex.FEMALE and from_file.psfs_activities == {1: "running hills"}


def test_the_api_documents_the_bounds_the_domain_sets(anonymous):
    schema = anonymous.get("/openapi.json").json()
    body = schema["paths"]["/api/assessments"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    model = schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[-1]]
    age = next(s for s in model["properties"]["age"]["anyOf"] if s.get("type") == "integer")
    mass = next(s for s in model["properties"]["body_mass_kg"]["anyOf"] if s.get("type") == "number")
    assert (age["minimum"], age["maximum"]) == (AGE_MIN_YEARS, AGE_MAX_YEARS)
    assert (mass["minimum"], mass["maximum"]) == (BODY_MASS_MIN_KG, BODY_MASS_MAX_KG)
    assert set(model["properties"]) == set(AssessmentRecord.model_json_schema(by_alias=True)["properties"])


@pytest.mark.parametrize(
    ("changes", "form_changes", "message"),
    [
        ({"age": AGE_MIN_YEARS - 1}, {"age": str(AGE_MIN_YEARS - 1)}, "age: 9 is outside 10-100 years"),
        (
            {"body_mass_kg": BODY_MASS_MAX_KG + 1},
            {"body_mass_kg": f"{BODY_MASS_MAX_KG + 1:g}"},
            "body mass: 251 kg is outside 25-250 kg",
        ),
        ({"mood": "good"}, None, "unknown key mood"),
    ],
)
def test_the_same_bad_value_gets_the_same_words_at_every_door(
    signed_in, tmp_path, capsys, changes, form_changes, message
):
    with pytest.raises(ValidationError) as refused:
        AssessmentRecord.model_validate(ANSWERS | changes)
    assert [p.message for p in problems_of(refused.value)][0].startswith(message)

    path = tmp_path / "answers.json"
    path.write_text(json.dumps(ANSWERS | changes))
    with pytest.raises(typer.Exit):
        read_answers(path, NO_DEFAULTS, None, None, date(2026, 11, 3))
    assert message in " ".join(capsys.readouterr().err.split())

    client = runner(signed_in, "ana@example.com")
    answer = client.post("/api/assessments", json=ANSWERS | changes, headers={"X-CSRF-Token": csrf(client)})
    assert answer.status_code == 422
    # The API answers in FastAPI's shape, the field's place in "loc"; a bound's words are the same.
    problems = answer.json()["detail"]
    assert [p["loc"][-1] for p in problems] == list(changes)
    if "outside" in message:
        assert problems[0]["msg"] == message

    if form_changes is not None:
        page = post_form(client, "/assessments", {"tests": ["knee-to-wall", "psfs"]} | FORM | form_changes)
        assert page.status_code == 400 and message in page_text(page)
    assert client.get("/api/assessments").json() == []
