"""The session player's API: the draft kept as it goes, resumed, discarded, and finished into one session."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from hipcoach.services import accounts, onboarding
from hipcoach.services.context import Hipcoach
from hipcoach.services.drafts import MAX_DRAFT_BYTES
from hipcoach.services.screening import run_screening
from hipcoach.storage import models as m
from tests.integration.helpers import row_counts, screening_answers
from tests.web.conftest import PASSWORD, csrf

DRAFT = "/api/session/draft"
FINISH = "/api/session/finish"


def give_program(app: Hipcoach, email: str) -> int:
    """Onboard the account and screen it without red flags: a phase 1 program. Returns the profile id."""
    account = accounts.authenticate(app, email, PASSWORD)
    assert account is not None
    entry = onboarding.OnboardingInput(
        age=34,
        sex="female",
        height_cm=168,
        weight_kg=60,
        limb_length_cm=None,
        weekly_distance_km=30,
        equipment=(),
    )
    profile_id, _ = onboarding.save(app, account, entry)
    run_screening(app, profile_id, screening_answers({"tight-hip-flexors"}))
    return profile_id


@pytest.fixture
def runner(signed_in, hipcoach):
    """A signed-in browser whose account has a phase 1 program (a Monday: today is a mobility day)."""

    def make(email: str = "ana@example.com") -> TestClient:
        client = signed_in(email)
        give_program(hipcoach, email)
        return client

    return make


def send(client: TestClient, method: str, url: str, body: Any = None, token: bool = True):
    headers = {"X-CSRF-Token": csrf(client)} if token else {}
    if body is not None:
        headers["Content-Type"] = "application/json"
        return client.request(method, url, content=json.dumps(body), headers=headers)
    return client.request(method, url, headers=headers)


def full_state(plan: dict[str, Any], **answers: Any) -> dict[str, Any]:
    """The player's state after every set of the plan was done as prescribed."""
    exercises = []
    for item in plan["items"]:
        dose = item["dose"]
        sets = [
            {
                "round": round_number,
                "side": side,
                "reps": dose["reps_per_side"] or dose["circles_each_direction"],
                "seconds": dose["hold_seconds"],
                "load_kg": None,
            }
            for round_number in range(1, item["rounds"] + 1)
            for side in item["sides"]
        ]
        exercises.append(
            {
                "exercise_id": item["exercise_id"],
                "ladder_level": item["level"],
                "rounds": item["rounds"],
                "sets": sets,
                "load_kg": None,
                "pain_during": None,
                "rpe": None,
                "hurts": [],
            }
        )
    state = {
        "version": 1,
        "kind": plan["kind"],
        "step": 41,
        "baseline_pain": 2,
        "exercises": exercises,
        "pain_during": 3,
        "rpe": 5,
        "tightness": 2,
        "timer": None,
    }
    return state | answers


def test_the_plan_is_todays_session_with_doses_sides_and_rests(runner):
    client = runner()
    plan = client.get("/api/session/plan").json()
    assert plan["kind"] == "mobility" and plan["phase"] == 1
    first = plan["items"][0]
    assert first["exercise_id"] == "hip-cars" and first["sides"] == ["left", "right"]
    assert first["dose"]["circles_each_direction"] == 2
    assert (first["rounds"], first["rest_seconds"]) == (2, 30)
    assert len(plan["items"]) == 8 and not any(item["logs_effort"] for item in plan["items"])


def test_a_strength_plan_in_phase_1_or_an_unknown_kind_is_refused_with_the_reason(runner):
    client = runner()
    strength = client.get("/api/session/plan", params={"kind": "strength"})
    assert strength.status_code == 400 and "phase 1 is mobility only" in strength.json()["detail"]
    unknown = client.get("/api/session/plan", params={"kind": "yoga"})
    assert unknown.status_code == 422 and unknown.json()["detail"][0]["loc"] == ["query", "kind"]


def test_a_draft_is_kept_and_given_back_with_its_plan_to_resume_from(runner):
    client = runner()
    assert client.get(DRAFT).status_code == 404
    plan = client.get("/api/session/plan").json()
    state = full_state(plan, step=5, pain_during=None, rpe=None, tightness=None)
    rest = {"kind": "rest", "step": 5, "ends_at_ms": 1.79e12, "seconds": 30, "reps": 1, "gap_seconds": 0}
    state["timer"] = rest
    first = send(client, "PUT", DRAFT, state)
    assert first.status_code == 200, first.text
    later = send(client, "PUT", DRAFT, state | {"step": 6})
    assert later.json()["started_at"] == first.json()["started_at"]

    assert 'data-draft="yes"' in client.get("/session").text  # the player asks for it only now
    resumed = client.get(DRAFT).json()
    assert resumed["state"] == state | {"step": 6}
    assert resumed["plan"] == plan  # the same session, rebuilt from what the draft prescribed
    assert resumed["started_at"] == first.json()["started_at"]


def test_finishing_writes_one_session_with_every_set_and_removes_the_draft(runner, hipcoach):
    client = runner()
    plan = client.get("/api/session/plan").json()
    send(client, "PUT", DRAFT, full_state(plan))
    response = send(client, "POST", FINISH)
    assert response.status_code == 201, response.text
    saved = response.json()
    assert saved["next"] == f"/session/done/{saved['session_id']}"
    assert all(saved["full_dose"].values()) and len(saved["full_dose"]) == 8

    with hipcoach.reading() as db:
        sessions = db.scalars(select(m.TrainingSession)).all()
        assert len(sessions) == 1
        session = sessions[0]
        assert (session.source, session.kind, session.baseline_pain, session.pain_during) == (
            "guided",
            "mobility",
            2,
            3,
        )
        assert (session.rpe, session.tightness) == (5, 2)
        assert session.started_at is not None and session.finished_at is not None
        assert [e.exercise_id for e in session.exercises] == [i["exercise_id"] for i in plan["items"]]
        assert sum(len(e.sets) for e in session.exercises) == 32
        figure_four = next(e for e in session.exercises if e.exercise_id == "figure-four-stretch")
        assert {(s.round, s.side, s.seconds) for s in figure_four.sets} == {
            (1, "left", 30),
            (1, "right", 30),
            (2, "left", 30),
            (2, "right", 30),
        }
    assert client.get(DRAFT).status_code == 404
    assert send(client, "POST", FINISH).status_code == 404  # a second tap on "Finish" saves nothing twice


def test_a_bad_value_is_refused_by_name_and_nothing_is_written(runner, hipcoach):
    client = runner()
    plan = client.get("/api/session/plan").json()
    before = row_counts(hipcoach)

    send(client, "PUT", DRAFT, full_state(plan, rpe=11))
    response = send(client, "POST", FINISH)
    assert response.status_code == 400
    assert response.json()["detail"] == "RPE must be between 0 and 10, got 11"
    assert row_counts(hipcoach) == before
    assert client.get(DRAFT).json()["state"]["rpe"] == 11  # the draft stays, to be corrected

    wrong_side = full_state(plan)
    wrong_side["exercises"][0]["sets"][0]["side"] = "middle"
    send(client, "PUT", DRAFT, wrong_side)
    detail = send(client, "POST", FINISH).json()["detail"]
    assert "side must be one of left, right, got 'middle'" in detail

    twice = full_state(plan)
    twice["exercises"][1]["sets"].append(twice["exercises"][1]["sets"][0])
    send(client, "PUT", DRAFT, twice)
    detail = send(client, "POST", FINISH).json()["detail"]
    assert detail.endswith(": round 1, left side is recorded twice")

    send(client, "PUT", DRAFT, full_state(plan, baseline_pain=None))
    detail = send(client, "POST", FINISH).json()["detail"]
    assert detail.startswith("pain before the session is missing")
    assert row_counts(hipcoach) == before


def test_a_draft_of_the_wrong_shape_or_size_or_with_an_unknown_exercise_is_refused(runner):
    client = runner()
    plan = client.get("/api/session/plan").json()
    state = full_state(plan)
    state["exercises"][2]["sets"][1]["reps"] = "six"
    response = send(client, "PUT", DRAFT, state)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "exercises", 2, "sets", 1, "reps"]

    unknown = full_state(plan)
    unknown["exercises"][0]["exercise_id"] = "handstand"
    refused = send(client, "PUT", DRAFT, unknown)
    assert refused.status_code == 400 and "'handstand' is not an exercise" in refused.json()["detail"]

    huge = full_state(plan, notes="x" * MAX_DRAFT_BYTES)
    assert send(client, "PUT", DRAFT, huge).status_code == 413
    assert send(client, "PUT", DRAFT, full_state(plan, notes="a note")).status_code == 422  # no such field
    assert client.get(DRAFT).status_code == 404


def test_another_account_can_neither_read_nor_finish_nor_discard_your_draft(runner):
    ana = runner("ana@example.com")
    bob = runner("bob@example.com")
    plan = ana.get("/api/session/plan").json()
    send(ana, "PUT", DRAFT, full_state(plan, step=3))

    assert bob.get(DRAFT).status_code == 404
    assert send(bob, "POST", FINISH).status_code == 404
    assert send(bob, "DELETE", DRAFT).status_code == 204
    assert ana.get(DRAFT).json()["state"]["step"] == 3
    assert bob.get("/session/done/1").status_code == 404


def test_changes_without_the_csrf_header_are_refused_and_change_nothing(runner):
    client = runner()
    plan = client.get("/api/session/plan").json()
    assert send(client, "PUT", DRAFT, full_state(plan), token=False).status_code == 403
    assert client.get(DRAFT).status_code == 404
    send(client, "PUT", DRAFT, full_state(plan))
    assert send(client, "POST", FINISH, token=False).status_code == 403
    assert send(client, "DELETE", DRAFT, token=False).status_code == 403
    assert client.get(DRAFT).status_code == 200


def test_the_api_answers_401_when_signed_out_and_409_before_onboarding(anonymous, signed_in):
    for method, url in (("GET", DRAFT), ("GET", "/api/session/plan"), ("PUT", DRAFT), ("POST", FINISH)):
        response = send(anonymous, method, url, {} if method == "PUT" else None)
        assert response.status_code == 401, (method, url)
    newcomer = signed_in("new@example.com")
    assert newcomer.get(DRAFT).status_code == 409


def test_discarding_the_draft_starts_over(runner):
    client = runner()
    plan = client.get("/api/session/plan").json()
    send(client, "PUT", DRAFT, full_state(plan))
    assert send(client, "DELETE", DRAFT).status_code == 204
    assert client.get(DRAFT).status_code == 404


def test_a_strength_draft_is_not_finished_in_phase_1_and_infinity_is_no_load(runner, hipcoach):
    client = runner()
    plan = client.get("/api/session/plan").json()
    before = row_counts(hipcoach)
    send(client, "PUT", DRAFT, full_state(plan, kind="strength"))
    refused = send(client, "POST", FINISH)
    assert refused.status_code == 400 and "phase 1 is mobility only" in refused.json()["detail"]
    assert row_counts(hipcoach) == before

    infinite = full_state(plan)
    infinite["exercises"][0]["load_kg"] = float("inf")  # json.dumps writes Infinity, as careless clients do
    assert send(client, "PUT", DRAFT, infinite).status_code == 422


def test_a_draft_needs_a_program(signed_in, hipcoach):
    client = signed_in("ana@example.com")
    account = accounts.authenticate(hipcoach, "ana@example.com", PASSWORD)
    assert account is not None
    onboarding.save(hipcoach, account, onboarding.OnboardingInput(34, "female", 168, 60, None, 30, ()))
    state = {"kind": "mobility", "exercises": [{"exercise_id": "hip-cars", "rounds": 2}]}
    response = send(client, "PUT", DRAFT, state)
    assert response.status_code == 404 and "no program yet" in response.json()["detail"]
