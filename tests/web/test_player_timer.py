"""The player's hold timer: each rep held on its own with a gap before the next, kept in the draft so a
reload resumes it, and a hold stopped part-way saved as what was held (never as the full dose)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from sqlalchemy import select

from hipcoach.domain import rules
from hipcoach.storage import models as m
from tests.web.test_player_api import DRAFT, FINISH, full_state, give_program, send

# A hold of 5 reps of 5 s started at T0 on the browser's clock, 3 s between the reps: it ends 37 s later.
T0 = 1_790_000_000_000
HOLD = {"kind": "hold", "step": 6, "ends_at_ms": T0 + 37_000, "seconds": 5, "reps": 5, "gap_seconds": 3}


@pytest.fixture
def client(signed_in, hipcoach):
    """A signed-in browser whose account has a phase 1 program: a mobility session with held reps."""
    browser = signed_in("timer@example.com")
    give_program(hipcoach, "timer@example.com")
    return browser


def held_reps_item(plan: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    """The first exercise of the plan whose reps are each held, with its place in the plan."""
    return next(
        (index, item)
        for index, item in enumerate(plan["items"])
        if item["dose"]["reps_per_side"] and item["dose"]["hold_seconds"]
    )


def page_plan(html: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="session-plan">(.*?)</script>', html, re.S)
    assert found is not None
    plan: dict[str, Any] = json.loads(found.group(1))
    return plan


def test_the_gap_between_reps_comes_from_the_rules_with_no_copy_to_update(client, monkeypatch):
    plan = client.get("/api/session/plan").json()
    assert {item["rep_rest_seconds"] for item in plan["items"]} == {rules.REP_REST_SECONDS}
    assert "pause to let go and get ready" in rules.RULES["dose.rep-rest"].statement

    monkeypatch.setattr(rules, "REP_REST_SECONDS", 7)
    assert {item["rep_rest_seconds"] for item in client.get("/api/session/plan").json()["items"]} == {7}
    assert {item["rep_rest_seconds"] for item in page_plan(client.get("/session").text)["items"]} == {7}


def test_a_hold_under_way_is_kept_with_its_gap_and_an_older_one_without_resumes_with_none(client):
    plan = client.get("/api/session/plan").json()
    state = full_state(plan, step=6, pain_during=None, rpe=None, tightness=None, timer=HOLD)
    assert send(client, "PUT", DRAFT, state).status_code == 200
    assert client.get(DRAFT).json()["state"]["timer"] == HOLD

    # saved by a player from before the gap: its reps were started back to back and resume so
    older = {key: value for key, value in HOLD.items() if key != "gap_seconds"} | {"ends_at_ms": T0 + 25_000}
    assert send(client, "PUT", DRAFT, state | {"timer": older}).status_code == 200
    assert client.get(DRAFT).json()["state"]["timer"] == older | {"gap_seconds": 0}


def test_a_timer_of_the_wrong_shape_is_refused_by_name(client):
    plan = client.get("/api/session/plan").json()
    state = full_state(plan, step=6)
    for timer, field in (
        (HOLD | {"gap_seconds": -3}, "gap_seconds"),
        (HOLD | {"gap_seconds": "3"}, "gap_seconds"),
        (HOLD | {"reps": 0}, "reps"),
        (HOLD | {"phase": "gap"}, "phase"),  # the phase follows from the time; it is never stored
    ):
        response = send(client, "PUT", DRAFT, state | {"timer": timer})
        assert response.status_code == 422, timer
        assert response.json()["detail"][0]["loc"] == ["body", "timer", field]
    assert client.get(DRAFT).status_code == 404


def finish_with(client, plan: dict[str, Any], index: int, first_set: dict[str, Any]) -> dict[str, Any]:
    """Finish the session done as prescribed except the first set of one exercise."""
    state = full_state(plan)
    state["exercises"][index]["sets"][0] |= first_set
    assert send(client, "PUT", DRAFT, state).status_code == 200
    response = send(client, "POST", FINISH)
    assert response.status_code == 201, response.text
    saved: dict[str, Any] = response.json()
    return saved


def test_a_hold_stopped_in_rep_1_is_saved_as_held_and_short_of_the_full_dose(client, hipcoach):
    plan = client.get("/api/session/plan").json()
    index, item = held_reps_item(plan)
    # "Stop hold" 4 s into rep 1: no rep complete, the 4 s kept
    saved = finish_with(client, plan, index, {"reps": 0, "seconds": 4})
    assert saved["full_dose"][item["exercise_id"]] is False
    assert sum(saved["full_dose"].values()) == len(plan["items"]) - 1
    with hipcoach.reading() as db:
        sets = db.scalars(
            select(m.SessionSet)
            .join(m.SessionExercise)
            .where(m.SessionExercise.exercise_id == item["exercise_id"], m.SessionSet.round == 1)
        ).all()
        assert {(s.side, s.reps, s.seconds) for s in sets} == {
            ("left", 0, 4),
            ("right", item["dose"]["reps_per_side"], item["dose"]["hold_seconds"]),
        }
    page = client.get(saved["next"]).text  # what the runner reads once it is saved
    assert re.search(rf"Not at the full dose: [^.]*{re.escape(item['name'])}", page)


def test_a_hold_stopped_after_some_reps_counts_them_and_is_short_of_the_full_dose(client):
    plan = client.get("/api/session/plan").json()
    index, item = held_reps_item(plan)
    complete = item["dose"]["reps_per_side"] - 1  # stopped in the last rep's hold, or in the gap before it
    saved = finish_with(client, plan, index, {"reps": complete, "seconds": item["dose"]["hold_seconds"]})
    assert saved["full_dose"][item["exercise_id"]] is False


def test_a_plain_hold_stopped_early_is_short_of_the_full_dose(client):
    plan = client.get("/api/session/plan").json()
    index, item = next(
        (index, item)
        for index, item in enumerate(plan["items"])
        if item["dose"]["hold_seconds"] and not item["dose"]["reps_per_side"]
    )
    saved = finish_with(client, plan, index, {"seconds": item["dose"]["hold_seconds"] - 1})
    assert saved["full_dose"][item["exercise_id"]] is False
