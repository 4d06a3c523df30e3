"""A clinician changes a runner's program on the prescribe page and through the API; the runner sees each
change with the clinician's name and reason, on SQLite and PostgreSQL (BRIEF §10)."""

from __future__ import annotations

import html
import json
import re

import pytest
from fastapi.testclient import TestClient

from hipcoach.services import programs
from hipcoach.storage import models as m
from tests.integration.clinic_helpers import CLINICIAN_PASSWORD, give_access, make_clinician
from tests.integration.helpers import count
from tests.web.conftest import csrf, page_text, post_form
from tests.web.pages import checkin_form_flags, profile_id, runner


@pytest.fixture
def room(hipcoach, signed_in, new_client):
    ana = runner(signed_in, "ana@example.com")
    ana_id = profile_id(hipcoach, "ana@example.com")
    sam = make_clinician(hipcoach)
    give_access(hipcoach, ana_id, sam)
    sam_client = new_client()
    signed = post_form(sam_client, "/login", {"email": "sam@clinic.example", "password": CLINICIAN_PASSWORD})
    assert signed.status_code == 303
    return ana, ana_id, sam_client


def api(client: TestClient, method: str, url: str, body: dict | None = None):
    return client.request(method, url, json=body, headers={"X-CSRF-Token": csrf(client)})


def text(response) -> str:
    return html.unescape(page_text(response))


def written(app) -> tuple[int, int, int]:
    return count(app, m.ClinicalAction), count(app, m.AuditEvent), count(app, m.RunnerOverride)


def test_the_prescribe_page_shows_the_runners_values_and_a_change_reaches_the_runner(hipcoach, room):
    ana, ana_id, sam = room
    programs.override_phase(hipcoach, ana_id, 2, by="Sam Ortiz, PT", reason="assessed")
    base = f"/clinic/runners/{ana_id}"

    page = text(sam.get(f"{base}/prescribe"))
    assert "Change ana@example.com's program" in page
    assert "Runner's lunge with overhead press" in page and "Default 5/10; now 5/10" in page

    moved = post_form(
        sam,
        f"{base}/ladder",
        {"exercise": "runners-lunge", "level": "1", "rounds": "3", "reason": "knee pain"},
    )
    assert moved.status_code == 303 and moved.headers["location"] == f"{base}/prescribe?done=ladder"
    assert "level and rounds are set" in page_text(sam.get(moved.headers["location"]))

    program = text(ana.get("/program"))
    assert "Changes by your clinician" in program
    assert "Set by Sam Ortiz, PT on 2 Nov 2026: Runner's lunge with overhead press set to 3 rounds" in program
    assert "— knee pain" in program
    mine = ana.get("/api/clinical-actions").json()
    assert [a["by"] for a in mine] == ["Sam Ortiz, PT"] and mine[0]["reason"] == "knee pain"


def test_a_refused_form_shows_the_page_again_with_the_error_next_to_it_and_writes_nothing(hipcoach, room):
    ana, ana_id, sam = room
    before = written(hipcoach)
    refused = post_form(
        sam,
        f"/clinic/runners/{ana_id}/threshold",
        {"threshold": "pain-acceptable-max", "value": "7", "reason": "trying"},
    )
    assert refused.status_code == 400
    assert 'id="error-threshold-pain-acceptable-max"' in refused.text
    assert "may only be made stricter" in page_text(refused)
    empty = post_form(sam, f"/clinic/runners/{ana_id}/exclude", {"exercise": "hip-cars", "reason": " "})
    assert empty.status_code == 400 and "A reason is required" in page_text(empty)
    assert written(hipcoach) == before


def test_the_clinician_clears_a_red_flag_pause_and_the_runner_sees_it_cleared_by_them(hipcoach, clock, room):
    ana, ana_id, sam = room
    clock.advance(days=1)
    flagged = post_form(ana, "/checkin", {"pain": "2", "tightness": "2", **checkin_form_flags("sharp-pain")})
    assert flagged.status_code == 303
    assert "Clear the hold" in page_text(sam.get(f"/clinic/runners/{ana_id}/prescribe"))

    cleared = post_form(sam, f"/clinic/runners/{ana_id}/clear", {"reason": "Examined: a muscle strain."})
    assert cleared.status_code == 303
    assert not programs.overview(hipcoach, ana_id).paused
    program = page_text(ana.get("/program"))
    assert "Cleared by Sam Ortiz, PT on 3 Nov 2026" in program and "Examined: a muscle strain." in program


def test_the_api_takes_an_action_by_kind_and_lists_them(hipcoach, room):
    ana, ana_id, sam = room
    url = f"/api/clinic/runners/{ana_id}/actions"
    made = api(sam, "POST", url, {"kind": "exclude", "exercise": "hip-cars", "reason": "hip pinch"})
    assert made.status_code == 201, made.text
    assert made.json()["sentence"].startswith("Set by Sam Ortiz, PT on 2 Nov 2026: Hip CARs")
    across = api(
        sam, "POST", url, {"kind": "swap", "exercise": "leg-swings", "instead": "dead-bug", "reason": "x"}
    )
    assert across.status_code == 400 and "keeps the same role" in across.json()["detail"]
    unknown = api(sam, "POST", url, {"kind": "teleport", "reason": "x"})
    assert unknown.status_code == 422
    listed = sam.get(url).json()
    assert [a["kind"] for a in listed] == ["exclude"]
    schema = sam.get("/openapi.json").json()
    assert "/api/clinic/runners/{runner_id}/actions" in schema["paths"]


def test_another_clinician_and_a_revoked_one_get_404_and_nothing_is_written(hipcoach, room, new_client):
    ana, ana_id, sam = room
    make_clinician(hipcoach, email="kim@else.example", name="Kim Lee", clinic_name="Elsewhere")
    kim = new_client()
    post_form(kim, "/login", {"email": "kim@else.example", "password": CLINICIAN_PASSWORD})
    before = written(hipcoach)
    body = {"kind": "phase", "phase": 2, "reason": "x"}
    assert api(kim, "POST", f"/api/clinic/runners/{ana_id}/actions", body).status_code == 404
    assert kim.get(f"/clinic/runners/{ana_id}/prescribe").status_code == 404
    links = ana.get("/api/me/access").json()
    link_id = links[0]["id"] if isinstance(links, list) else links["access"][0]["id"]
    assert api(ana, "DELETE", f"/api/me/access/{link_id}").status_code in (200, 204)
    assert api(sam, "POST", f"/api/clinic/runners/{ana_id}/actions", body).status_code == 404
    posted = post_form(sam, f"/clinic/runners/{ana_id}/phase", {"phase": "2", "reason": "x"})
    assert posted.status_code == 404
    assert written(hipcoach) == before


def test_the_player_stops_an_exercise_at_the_runners_stricter_maximum(hipcoach, room):
    ana, ana_id, sam = room
    for threshold, value in (("pain-safe-max", 2), ("pain-acceptable-max", 3)):
        body = {"kind": "threshold", "threshold": threshold, "value": value, "reason": "flare-prone"}
        assert api(sam, "POST", f"/api/clinic/runners/{ana_id}/actions", body).status_code == 201
    page = ana.get("/session").text
    limits = json.loads(re.search(r'id="player-limits">(.*?)</script>', page, re.S).group(1))
    assert (limits["pain_safe_max"], limits["pain_acceptable_max"]) == (2, 3)
    assert (
        limits["pain_stop"]["verdicts"]["too-much"]
        == "Pain above 3/10 is too much: this exercise stops here."
    )
