"""The JSON API: onboarding, screening, program, check-ins, progress, sessions, export and the library."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from hipcoach.domain.content import Block
from hipcoach.storage import models as m
from tests.integration.helpers import checkin_flags, count, do_session
from tests.web.conftest import csrf
from tests.web.pages import screening_json
from tests.web.test_access import api_routes

PROFILE = {
    "age": 34,
    "sex": "female",
    "height_cm": 168,
    "weight_kg": 61.5,
    "limb_length_cm": 88,
    "weekly_distance_km": 35,
    "equipment": ["mat", "band"],
}


NO_FLAGS = checkin_flags()


def send(client: TestClient, method: str, url: str, body: object = None):
    """An API change as a script would send it: JSON with the CSRF header."""
    return client.request(method, url, json=body, headers={"X-CSRF-Token": csrf(client)})


@pytest.fixture
def runner(signed_in) -> TestClient:
    """A signed-in account that has finished onboarding (no screening yet)."""
    client = signed_in("ana@example.com")
    assert send(client, "PUT", "/api/me/profile", PROFILE).status_code == 201
    return client


@pytest.fixture
def screened(runner) -> TestClient:
    assert send(runner, "POST", "/api/screenings", screening_json(["tight-hip-flexors"])).status_code == 201
    return runner


def field_errors(response) -> dict[str, str]:
    return {".".join(str(p) for p in e["loc"][1:]): e["msg"] for e in response.json()["detail"]}


def test_onboarding_creates_the_profile_once_then_replaces_its_fields(signed_in):
    client = signed_in("ana@example.com")
    assert client.get("/api/me").json() == {"email": "ana@example.com", "profile": None}
    first = send(client, "PUT", "/api/me/profile", PROFILE)
    assert first.status_code == 201
    assert first.json()["equipment"] == ["band", "mat"]  # stored in the onboarding form's order
    again = send(client, "PUT", "/api/me/profile", PROFILE | {"weight_kg": 60, "sex": None})
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    profile = client.get("/api/me").json()["profile"]
    assert profile["weight_kg"] == 60 and profile["sex"] is None and profile["limb_length_cm"] == 88


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("age", 9),
        ("age", 111),
        ("height_cm", 99.9),
        ("weight_kg", 301),
        ("limb_length_cm", 131),
        ("weekly_distance_km", -1),
        ("sex", "robot"),
        ("equipment", ["trampoline"]),
    ],
)
def test_an_out_of_range_profile_field_is_refused_by_name_and_nothing_is_written(
    signed_in, hipcoach, field, value
):
    client = signed_in("ana@example.com")
    response = send(client, "PUT", "/api/me/profile", PROFILE | {field: value})
    assert response.status_code == 422
    assert field in field_errors(response)
    assert count(hipcoach, m.Profile) == 0


def test_an_unknown_field_is_refused(signed_in):
    response = send(signed_in("ana@example.com"), "PUT", "/api/me/profile", PROFILE | {"user_id": 7})
    assert response.status_code == 422 and "user_id" in field_errors(response)


def test_the_runner_routes_ask_for_onboarding_first(signed_in):
    client = signed_in("ana@example.com")
    response = client.get("/api/program")
    assert response.status_code == 409 and "onboarding" in response.json()["detail"]


def test_screening_questions_list_signs_and_red_flags_with_their_ids(anonymous):
    body = anonymous.get("/api/screening/questions").json()
    assert {"tight-hip-flexors"} <= {sign["id"] for sign in body["signs"]}
    assert all(flag["level"] in ("refer", "bone-stress", "urgent") for flag in body["red_flags"])
    flags = {flag["id"]: flag for flag in body["red_flags"]}
    assert "young-runner-pain" not in flags and "over-50-new-back-pain" not in flags  # worked out, not asked
    assert (
        flags["cancer-history"]["asked"] == "history" and flags["cancer-history"]["checkin_question"] is None
    )
    assert flags["sharp-pain"]["asked"] == "every-time"
    assert flags["sharp-pain"]["checkin_question"].startswith("Since your last check-in")
    assert flags["foot-bone-stress"]["asked_if_sign"] == "foot-pain"


def test_a_screening_without_red_flags_starts_the_program_and_can_be_read_back(runner):
    response = send(runner, "POST", "/api/screenings", screening_json(["tight-hip-flexors"]))
    assert response.status_code == 201
    result = response.json()
    assert result["program_action"] == "started" and result["program_allowed"] is True
    assert result["evidence"] and all(item["tag"] in "VSD" for item in result["evidence"])
    stored = runner.get(f"/api/screenings/{result['id']}").json()
    assert stored["signs"] == result["signs"] and stored["program_action"] is None


def test_an_urgent_red_flag_starts_no_program(runner, anonymous):
    flags = anonymous.get("/api/screening/questions").json()["red_flags"]
    urgent = next(flag["id"] for flag in flags if flag["level"] == "urgent")
    result = send(runner, "POST", "/api/screenings", screening_json([], [urgent])).json()
    assert result["red_flag_level"] == "urgent" and result["program_action"] == "not-started"
    assert runner.get("/api/program").status_code == 404


def test_an_unknown_screening_answer_is_refused_by_field_and_nothing_is_written(runner, hipcoach):
    response = send(runner, "POST", "/api/screenings", screening_json(["tight-hip-flexors", "made-up"]))
    assert response.status_code == 422
    assert "made-up" in field_errors(response)["signs"]
    assert count(hipcoach, m.Screening) == 0


def test_a_screening_with_questions_unanswered_is_refused_naming_the_ids_and_nothing_is_written(
    runner, hipcoach
):
    body = screening_json(["knee-pain"])
    del body["signs"]["foot-pain"], body["red_flags"]["night-pain"], body["red_flags"]["missed-periods"]
    response = send(runner, "POST", "/api/screenings", body)
    assert response.status_code == 422
    errors = field_errors(response)
    assert errors["signs"].startswith("no answer (true or false) for: foot-pain;")
    assert errors["red_flags"].startswith("no answer (true or false) for: night-pain, missed-periods;")
    assert count(hipcoach, m.Screening) == 0 and count(hipcoach, m.Program) == 0


@pytest.mark.parametrize(
    "body",
    [
        {"signs": ["knee-pain"], "red_flags": []},  # the old shape: the yes ids only
        {"signs": {"knee-pain": None}, "red_flags": {}},
        {"signs": {"knee-pain": "yes"}, "red_flags": {}},
        {"red_flags": {}},
    ],
)
def test_a_screening_body_that_is_not_a_true_or_false_per_question_is_refused(runner, hipcoach, body):
    response = send(runner, "POST", "/api/screenings", body)
    assert response.status_code == 422 and "signs" in {e.split(".")[0] for e in field_errors(response)}
    assert count(hipcoach, m.Screening) == 0


def test_an_age_flag_cannot_be_answered_and_a_15_year_old_with_knee_pain_gets_no_program(runner, hipcoach):
    answered = send(runner, "POST", "/api/screenings", screening_json([], ["young-runner-pain"]))
    assert answered.status_code == 422 and "young-runner-pain" in field_errors(answered)["red_flags"]
    assert send(runner, "PUT", "/api/me/profile", PROFILE | {"age": 15}).status_code == 200
    result = send(runner, "POST", "/api/screenings", screening_json(["knee-pain"]))
    assert result.status_code == 201
    body = result.json()
    assert body["red_flag_level"] == "refer" and body["program_action"] == "not-started"
    assert [flag["id"] for flag in body["red_flags"]] == ["young-runner-pain"]
    assert body["red_flags"][0]["question"] is None
    assert (
        body["red_flags"][0]["reason"]
        == "You are under 18 and have pain around the hip, groin, thigh or knee."
    )
    assert runner.get("/api/program").status_code == 404


def test_a_profile_without_an_age_needs_one_in_the_body(runner, hipcoach):
    with hipcoach.transaction() as db:
        for profile in db.query(m.Profile):
            profile.age = None
    refused = send(runner, "POST", "/api/screenings", screening_json(["knee-pain"]))
    assert refused.status_code == 422 and "age" in field_errors(refused)
    assert count(hipcoach, m.Screening) == 0
    result = send(runner, "POST", "/api/screenings", screening_json(["dull-low-back-ache"], age=60))
    assert result.status_code == 201 and result.json()["red_flag_level"] == "note"
    assert runner.get("/api/me").json()["profile"]["age"] == 60


def test_a_possible_stress_fracture_is_its_own_level(runner):
    body = screening_json(["foot-pain"], ["foot-bone-stress"])
    result = send(runner, "POST", "/api/screenings", body).json()
    assert result["red_flag_level"] == "bone-stress" and result["program_action"] == "not-started"


def test_the_program_shows_phase_week_gate_and_todays_kind(screened):
    program = screened.get("/api/program").json()
    assert program["phase"]["number"] == 1 and program["status"] == "active"
    assert len(program["week"]) == 7 and program["why"] and program["evidence"]
    assert program["gate"]["next_phase"]["number"] == 2 and not program["gate"]["is_open"]
    assert program["gate"]["unmet"] and program["ladder"] == []
    assert program["todays_kind"] == "mobility"  # the clock starts on a Monday


def test_program_settings_change_and_out_of_range_is_refused(screened):
    changed = send(
        screened, "PUT", "/api/program/settings", {"strength_days_per_week": 3, "include_core": False}
    )
    assert changed.status_code == 200
    assert changed.json()["settings"] == {
        "strength_days_per_week": 3,
        "include_core": False,
        "include_foot": False,
    }
    refused = send(screened, "PUT", "/api/program/settings", {"strength_days_per_week": 4})
    assert refused.status_code == 422 and "strength_days_per_week" in field_errors(refused)
    assert screened.get("/api/program").json()["settings"]["strength_days_per_week"] == 3


def test_a_checkin_after_a_session_decides_and_shows_in_progress_and_the_session(screened, hipcoach, clock):
    profile_id = screened.get("/api/me").json()["profile"]["id"]
    saved = do_session(hipcoach, profile_id, Block.MOBILITY, pain=1, rpe=5)
    clock.advance(days=1)
    body = {"pain": 1, "tightness": 3, "pain_after_session": 1, "red_flags": checkin_flags()}
    response = send(screened, "POST", "/api/checkins", body)
    assert response.status_code == 201
    checkin = response.json()
    assert checkin["session_id"] == saved.session_id and checkin["program_status"] == "active"
    assert [d["outcome"] for d in checkin["decisions"]] == ["hold"] and checkin["outcome"] == "hold"
    stored = screened.get(f"/api/checkins/{checkin['id']}").json()
    assert stored["decisions"] == checkin["decisions"] and stored["outcome"] is None

    rows = screened.get("/api/progress").json()["rows"]
    assert [r["session_id"] for r in rows] == [saved.session_id]
    assert rows[0]["morning_pain"] == 1 and rows[0]["decisions"][0]["outcome"] == "hold"

    session = screened.get(f"/api/sessions/{saved.session_id}").json()
    assert session["kind"] == "mobility" and session["pain_after"] == 1
    assert session["exercises"] and all(e["sets"] for e in session["exercises"])
    assert session["exercises"][0]["name"]


def test_a_checkin_with_a_red_flag_pauses_the_program(screened, anonymous):
    flags = anonymous.get("/api/screening/questions").json()["red_flags"]
    refer = next(flag["id"] for flag in flags if flag["level"] == "refer" and flag["asked"] == "every-time")
    checkin = send(
        screened, "POST", "/api/checkins", {"pain": 2, "tightness": 2, "red_flags": checkin_flags(refer)}
    ).json()
    assert checkin["program_status"] == "paused" and checkin["red_flag_level"] == "refer"
    assert checkin["red_flags"][0]["advice"]
    assert screened.get("/api/program").json()["status"] == "paused"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"pain": 11, "tightness": 2, "red_flags": NO_FLAGS}, "pain"),
        ({"pain": 1, "tightness": -1, "red_flags": NO_FLAGS}, "tightness"),
        ({"pain": 1, "tightness": 2, "pain_after_session": 12, "red_flags": NO_FLAGS}, "pain_after_session"),
        ({"pain": 1, "tightness": 2, "red_flags": NO_FLAGS | {"made-up": True}}, "red_flags"),
        ({"pain": 1, "tightness": 2, "red_flags": NO_FLAGS | {"cancer-history": False}}, "red_flags"),
        ({"pain": 1, "tightness": 2, "red_flags": ["night-pain"]}, "red_flags"),
        ({"pain": 1, "tightness": 2}, "red_flags"),
        ({"pain": 1, "tightness": 2, "red_flags": {}}, "red_flags"),
        ({"pain": 1, "tightness": 2, "red_flags": NO_FLAGS | {"sharp-pain": None}}, "red_flags.sharp-pain"),
        ({"pain": "a lot", "tightness": 2, "red_flags": NO_FLAGS}, "pain"),
        ({"tightness": 2, "red_flags": NO_FLAGS}, "pain"),
    ],
)
def test_a_bad_checkin_is_refused_by_field_and_nothing_is_written(screened, hipcoach, body, field):
    response = send(screened, "POST", "/api/checkins", body)
    assert response.status_code == 422 and field in field_errors(response)
    assert count(hipcoach, m.Checkin) == 0


def test_a_checkin_with_a_warning_sign_unanswered_names_it_and_asks_no_history(screened, hipcoach):
    answers = {k: v for k, v in NO_FLAGS.items() if k != "sharp-pain"}
    response = send(screened, "POST", "/api/checkins", {"pain": 1, "tightness": 2, "red_flags": answers})
    assert response.status_code == 422
    assert field_errors(response)["red_flags"].startswith("no answer (true or false) for: sharp-pain;")
    history = send(
        screened,
        "POST",
        "/api/checkins",
        {"pain": 1, "tightness": 2, "red_flags": NO_FLAGS | {"cancer-history": True}},
    )
    assert "not asked at a check-in: cancer-history" in field_errors(history)["red_flags"]
    assert count(hipcoach, m.Checkin) == 0


def test_a_checkin_in_the_future_is_refused_with_the_reason(screened, hipcoach):
    response = send(
        screened,
        "POST",
        "/api/checkins",
        {"pain": 1, "tightness": 2, "checked_on": "2030-01-01", "red_flags": NO_FLAGS},
    )
    assert response.status_code == 400 and "in the future" in response.json()["detail"]
    assert count(hipcoach, m.Checkin) == 0


def test_the_export_is_the_profiles_whole_history_as_a_file(screened):
    response = screened.get("/api/export")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    body = response.json()
    assert body["format"] == "hipcoach-export" and body["profile"]["name"] == "ana@example.com"
    assert len(body["screenings"]) == 1 and len(body["programs"]) == 1


def test_the_exercise_library_is_public(anonymous):
    exercises = anonymous.get("/api/exercises").json()
    assert exercises and {"id", "name", "block", "dose"} <= exercises[0].keys()
    strength = anonymous.get("/api/exercises", params={"block": "strength"}).json()
    assert strength and all(e["block"] == "strength" for e in strength)
    lunge = next(e for e in strength if e["id"] == "runners-lunge")
    detail = anonymous.get(f"/api/exercises/{lunge['id']}").json()
    assert detail["cues"] and detail["ladder"] and detail["evidence"]
    assert anonymous.get("/api/exercises/no-such-thing").status_code == 404
    assert anonymous.get("/api/exercises", params={"block": "juggling"}).status_code == 422


def test_openapi_lists_every_api_route_with_its_schemas(anonymous):
    spec = anonymous.get("/openapi.json").json()
    routes = api_routes(anonymous.app)
    assert ("GET", "/api/program") in routes and ("POST", "/api/checkins") in routes
    for method, path in routes:
        assert method.lower() in spec["paths"][path], f"{method} {path} is not in /openapi.json"
    for name in ("ProfileUpdate", "ProfilePublic", "ScreeningCreate", "CheckinCreate", "ProgramPublic"):
        assert name in spec["components"]["schemas"]
    screening = spec["components"]["schemas"]["ScreeningCreate"]
    assert '"red_flags": {"sharp-pain": false' in screening["description"]
    assert screening["required"] == ["signs", "red_flags"]
    assert screening["properties"]["signs"]["additionalProperties"] == {"type": "boolean"}
    assert "red_flags" in spec["components"]["schemas"]["CheckinCreate"]["required"]
    # The interactive docs pages load their scripts from a CDN; hipcoach fetches nothing from one.
    assert anonymous.get("/docs").status_code == 404
    assert anonymous.get("/redoc").status_code == 404
