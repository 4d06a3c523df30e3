"""A runner's record for their clinician: the detail page, its sub-pages and API show what the runner sees,
each read lands in the runner's log, and the clinicians' private notes stay private."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from hipcoach.domain.content import Block
from hipcoach.services import activities, clinic, history, programs
from hipcoach.services.care import ClinicianView
from hipcoach.services.context import Hipcoach
from hipcoach.services.runner_record import NOTE_ADDED, NOTE_MAX_CHARS, decisions
from hipcoach.services.sessions import as_prescribed, save_session
from hipcoach.storage import models as m
from tests.integration.clinic_helpers import CLINICIAN_PASSWORD, give_access, make_clinician
from tests.integration.helpers import checkin_flags
from tests.video_rows import stored_analysis
from tests.web.conftest import csrf, page_text, post_form
from tests.web.pages import screening_json

PROFILE = {"age": 34, "sex": "female", "height_cm": 168, "weekly_distance_km": 30, "equipment": ["mat"]}
# Two batteries a month apart: the knee-to-wall test on both sides and the activity scale (PSFS), the left
# ankle and the activity much better the second time.
FIRST_BATTERY = {
    "on": "2026-10-05",
    "sex": "female",
    "age": 34,
    "tester": "Dr Okafor",
    "readings": {"knee-to-wall.left": 6.0, "knee-to-wall.right": 11.0, "psfs.1": 3},
    "psfs_activities": {"1": "running hills"},
}
SECOND_BATTERY = FIRST_BATTERY | {
    "on": "2026-11-02",
    "readings": {"knee-to-wall.left": 10.5, "knee-to-wall.right": 11.0, "psfs.1": 7},
}


@dataclass
class Subject:
    """A runner with a history: a session with a note, its check-in and decision, two assessments, a run."""

    email: str
    client: TestClient
    profile_id: int
    session_id: int
    checkin_id: int
    assessment_id: int
    session_note: str
    decision_reason: str
    video_id: int = 0


def headers(client: TestClient) -> dict[str, str]:
    return {"X-CSRF-Token": csrf(client)}


def make_subject(
    app: Hipcoach, clock, signed_in: Callable[[str], TestClient], email: str, note: str
) -> Subject:
    """A web runner's account with a profile, a screening, a session, a check-in, two batteries and a run."""
    client = signed_in(email)
    h = headers(client)
    profile_id = client.put("/api/me/profile", json=PROFILE | {"weight_kg": 61.7}, headers=h).json()["id"]
    assert (
        client.post("/api/screenings", json=screening_json(["tight-hip-flexors"]), headers=h).status_code
        == 201
    )
    plan = programs.plan_session(app, profile_id, Block.MOBILITY)
    record = as_prescribed(
        plan, app.local("UTC").today, baseline_pain=1, pain_during=1, rpe=5, source="guided"
    )
    session_id = save_session(app, profile_id, replace(record, notes=note)).session_id
    clock.advance(days=1)  # the session's morning check-in opens the next day
    checkin = {"pain": 1, "tightness": 2, "red_flags": checkin_flags()}
    checkin_id = client.post("/api/checkins", json=checkin, headers=h).json()["id"]
    assert client.post("/api/assessments", json=FIRST_BATTERY, headers=h).status_code == 201
    assessment_id = client.post("/api/assessments", json=SECOND_BATTERY, headers=h).json()["id"]
    started = datetime(2026, 10, 26, 6, 30, tzinfo=UTC)
    activities.add_run(app, profile_id, started, 9.0, 50, f"Run of {email}")
    reasons = [d.reason for row in history.history(app, profile_id) for d in row.decisions]
    assert reasons, "the check-in decided the session"
    video_id = stored_analysis(app, profile_id, f"lunge of {email}.mp4")
    return Subject(
        email, client, profile_id, session_id, checkin_id, assessment_id, note, reasons[0], video_id
    )


def clinician_client(
    app: Hipcoach, new_client: Callable[[], TestClient], email: str, name: str, join_code: str = ""
) -> tuple[ClinicianView, TestClient]:
    """A clinician's account and a browser signed in to it."""
    view = make_clinician(app, email=email, name=name, clinic_name="Riverside Physio", join_code=join_code)
    client = new_client()
    signed = post_form(client, "/login", {"email": email, "password": CLINICIAN_PASSWORD})
    assert signed.status_code == 303, signed.text
    return view, client


def audit_lines(app: Hipcoach, profile_id: int) -> list[tuple[str, str, str, str]]:
    """The runner's log: (who, action, what, channel), oldest first."""
    with app.reading() as db:
        rows = db.execute(
            select(m.AuditEvent.actor_name, m.AuditEvent.action, m.AuditEvent.what, m.AuditEvent.channel)
            .where(m.AuditEvent.profile_id == profile_id)
            .order_by(m.AuditEvent.id)
        ).all()
    return [tuple(row) for row in rows]


def note_count(app: Hipcoach) -> int:
    with app.reading() as db:
        return int(db.scalar(select(func.count()).select_from(m.ClinicianNote)) or 0)


@dataclass
class Room:
    app: Hipcoach
    ana: Subject
    sam: ClinicianView
    sam_client: TestClient
    new_client: Callable[[], TestClient]


@pytest.fixture
def room(hipcoach, clock, signed_in, new_client) -> Room:
    ana = make_subject(
        hipcoach, clock, signed_in, "ana@example.com", "Ana note: the left hip pinched on lunges"
    )
    sam, sam_client = clinician_client(hipcoach, new_client, "sam@clinic.example", "Sam Ortiz")
    give_access(hipcoach, ana.profile_id, sam)
    return Room(hipcoach, ana, sam, sam_client, new_client)


def test_the_detail_page_shows_the_runners_record_and_the_read_is_logged(room):
    app, ana = room.app, room.ana
    before = audit_lines(app, ana.profile_id)
    page = room.sam_client.get(f"/clinic/runners/{ana.profile_id}")
    assert page.status_code == 200
    text = page_text(page)
    assert ana.email in text
    assert ana.decision_reason in text  # the decision with its reason
    assert f"Rule {decisions(app, ana.profile_id)[0].rule_id}" in text  # and the rule that took it
    assert "Assessment of 2 November 2026" in text and "tested by Dr Okafor" in text
    assert "Real change" in text  # the knee-to-wall change is judged against its measurement error
    assert "3.0 of 10 on 5 October 2026, 7.0 of 10 on 2 November 2026" in text
    assert "From the first to the latest: +4.0 points, improved" in text
    assert "9.0" in text  # the week's running distance
    assert f"/clinic/runners/{ana.profile_id}/prescribe" in page.text
    assert audit_lines(app, ana.profile_id) == [
        *before,
        ("Sam Ortiz", "read", "your program and history", "web"),
    ]


def test_the_sub_pages_show_the_session_note_the_assessment_and_the_load_each_read_logged(room):
    app, ana, client = room.app, room.ana, room.sam_client
    base = f"/clinic/runners/{ana.profile_id}"
    pages = {
        f"{base}/sessions": ("your sessions, check-ins and the decisions taken", ana.decision_reason),
        f"{base}/sessions/{ana.session_id}": ("one of your sessions", ana.session_note),
        f"{base}/assessments/{ana.assessment_id}": ("one of your assessments", "Knee-to-wall"),
        f"{base}/running": ("your running load", "9.0"),
        f"{base}/checkins": ("your check-ins and the warning signs reported", "tightness 2/10"),
        f"{base}/videos/{ana.video_id}": ("a video analysis of yours", "knee flexion"),
        f"{base}/videos/{ana.video_id}/key-frame.jpg": ("the key-frame picture of a video of yours", ""),
    }
    for url, (what, shown) in pages.items():
        before = audit_lines(app, ana.profile_id)
        page = client.get(url)
        assert page.status_code == 200, url
        assert shown.lower() in page_text(page).lower(), url
        assert audit_lines(app, ana.profile_id) == [*before, ("Sam Ortiz", "read", what, "web")], url


def test_the_clinician_reads_a_video_analysis_without_the_runners_changes_or_their_video(room):
    base = f"/clinic/runners/{room.ana.profile_id}"
    detail = room.sam_client.get(base)
    assert (
        f"{base}/videos/{room.ana.video_id}" in detail.text
        and "Lunge, right leg, from the side" in page_text(detail)
    )
    page = room.sam_client.get(f"{base}/videos/{room.ana.video_id}")
    text = page_text(page)
    assert "Lunge: right front leg, from the side" in text and "You and good form" in text
    assert f"{base}/videos/{room.ana.video_id}/key-frame.jpg" in page.text
    for change in ("/delete", "Film it again", "Film your other leg"):
        assert change not in page.text


def test_another_runners_session_or_assessment_is_not_found_under_this_runner(room, clock, signed_in):
    bob = make_subject(room.app, clock, signed_in, "bob@example.com", "bob's own note")
    base = f"/clinic/runners/{room.ana.profile_id}"
    for url in (
        f"{base}/sessions/{bob.session_id}",
        f"{base}/assessments/{bob.assessment_id}",
        f"{base}/videos/{bob.video_id}",
        f"{base}/videos/{bob.video_id}/key-frame.jpg",
    ):
        page = room.sam_client.get(url)
        assert page.status_code == 404, url
        assert "bob" not in page.text


def test_a_note_is_kept_shown_to_the_clinicians_with_access_and_logged_without_its_text(room):
    app, ana, client = room.app, room.ana, room.sam_client
    url = f"/clinic/runners/{ana.profile_id}/notes"
    text = "Suspect adductor tendinopathy; ask about morning stiffness"
    saved = post_form(client, url, {"text": text})
    assert saved.status_code == 303 and saved.headers["location"].startswith(
        f"/clinic/runners/{ana.profile_id}"
    )
    page = page_text(client.get(saved.headers["location"]))
    assert text in page and "Sam Ortiz, PT (you)" in page and "Your note is kept" in page
    assert ("Sam Ortiz", "change", NOTE_ADDED, "web") in audit_lines(app, ana.profile_id)
    assert all(text not in line[2] for line in audit_lines(app, ana.profile_id))

    # A colleague the runner also shares with sees it, with its author.
    join_code = clinic.clinician_profile(app, room.sam).clinic_join_code
    kim, kim_client = clinician_client(app, room.new_client, "kim@clinic.example", "Kim Lee", join_code)
    give_access(app, ana.profile_id, kim)
    notes = kim_client.get(f"/api/clinic/runners/{ana.profile_id}/notes")
    assert notes.status_code == 200
    assert [(n["author"], n["mine"], n["text"]) for n in notes.json()] == [("Sam Ortiz, PT", False, text)]

    # Once the runner ends Sam's access, Sam's notes are no longer shown to anyone.
    link = next(a for a in clinic.access_list(app, ana.profile_id) if a.clinician.id == room.sam.id)
    clinic.revoke(app, ana.profile_id, link.link_id)
    assert kim_client.get(f"/api/clinic/runners/{ana.profile_id}/notes").json() == []
    assert client.get(f"/clinic/runners/{ana.profile_id}").status_code == 404


@pytest.mark.parametrize(
    ("text", "message"),
    [("   ", "The note is empty"), ("x" * (NOTE_MAX_CHARS + 1), f"at most {NOTE_MAX_CHARS:,} characters")],
)
def test_an_empty_or_too_long_note_is_refused_with_the_form_again_and_nothing_written(room, text, message):
    app, ana = room.app, room.ana
    notes, log = note_count(app), audit_lines(app, ana.profile_id)
    page = post_form(room.sam_client, f"/clinic/runners/{ana.profile_id}/notes", {"text": text})
    assert page.status_code == 400
    assert message in page_text(page) and 'name="text"' in page.text
    assert note_count(app) == notes
    # Showing the form again reads the record: nothing but that read is logged, no change.
    assert all(line[1] == "read" for line in audit_lines(app, ana.profile_id)[len(log) :])


def test_the_notes_api_keeps_a_note_and_refuses_a_blank_or_long_one(room):
    app, ana, client = room.app, room.ana, room.sam_client
    url = f"/api/clinic/runners/{ana.profile_id}/notes"
    created = client.post(url, json={"text": "Lunge pain settling"}, headers=headers(client))
    assert created.status_code == 201
    assert created.json()["author"] == "Sam Ortiz, PT" and created.json()["mine"] is True
    assert ("Sam Ortiz", "change", NOTE_ADDED, "api") in audit_lines(app, ana.profile_id)
    count = note_count(app)
    blank = client.post(url, json={"text": "  "}, headers=headers(client))
    assert blank.status_code == 400 and "empty" in blank.json()["detail"]
    long = client.post(url, json={"text": "x" * (NOTE_MAX_CHARS + 1)}, headers=headers(client))
    assert long.status_code == 422 and long.json()["detail"][0]["loc"] == ["body", "text"]
    assert note_count(app) == count


def test_the_runner_never_sees_a_note_text_on_their_pages_or_in_their_export(room):
    app, ana = room.app, room.ana
    secret = "Private: query hypermobility, discuss with Dr Okafor"
    assert (
        post_form(room.sam_client, f"/clinic/runners/{ana.profile_id}/notes", {"text": secret}).status_code
        == 303
    )
    for url in (
        "/program",
        "/progress",
        "/account",
        f"/sessions/{ana.session_id}",
        f"/checkins/{ana.checkin_id}",
        "/assessments",
        "/running",
        "/api/export",
        "/api/progress",
        "/api/me",
    ):
        seen = ana.client.get(url)
        assert seen.status_code == 200, url
        assert secret not in seen.text, url
    with app.reading() as db:
        assert db.scalar(select(func.count()).select_from(m.ClinicianNote)) == 1  # it was kept


def test_the_api_gives_the_summary_sessions_checkins_decisions_assessments_and_load(room):
    app, ana, client = room.app, room.ana, room.sam_client
    base = f"/api/clinic/runners/{ana.profile_id}"
    before = len(audit_lines(app, ana.profile_id))

    summary = client.get(base).json()
    assert summary["name"] == ana.email and summary["status"] == "active" and summary["on_hold"] is False
    assert summary["phase"]["number"] == 1 and summary["program"]["ladder"] is not None

    rows = client.get(f"{base}/sessions").json()["rows"]
    assert [r["session_id"] for r in rows if r["session_id"]] == [ana.session_id]

    checkins = client.get(f"{base}/checkins").json()
    assert [c["id"] for c in checkins] == [ana.checkin_id]

    decisions = client.get(f"{base}/decisions").json()
    assert decisions and decisions[0]["reason"] == ana.decision_reason
    assert decisions[0]["rule_id"] and decisions[0]["session_id"] == ana.session_id

    batteries = client.get(f"{base}/assessments").json()
    assert [b["id"] for b in batteries][0] == ana.assessment_id
    change = {c["key"]: c for c in batteries[0]["changes"]}["knee-to-wall.left"]
    assert change["previous"] == 6.0 and change["current"] == 10.5 and change["verdict"]

    load = client.get(f"{base}/load", params={"weeks": 8}).json()
    assert load["run_count"] == 1 and len(load["weeks"]) == 8

    whats = [line[2] for line in audit_lines(app, ana.profile_id)[before:]]
    assert whats == [
        "your summary and program",
        "your sessions and check-ins",
        "your check-ins",
        "your progression decisions",
        "your assessments",
        "your running load",
    ]
    assert all(line[3] == "api" for line in audit_lines(app, ana.profile_id)[before:])


def test_openapi_lists_the_clinicians_runner_routes(room):
    paths = room.sam_client.get("/openapi.json").json()["paths"]
    for suffix in ("", "/sessions", "/checkins", "/decisions", "/assessments", "/load", "/notes"):
        assert f"/api/clinic/runners/{{runner_id}}{suffix}" in paths, suffix


def test_a_runner_on_hold_shows_what_raised_it_what_lifts_it_and_the_way_to_clear_it(room, clock):
    ana = room.ana
    clock.advance(days=1)
    flagged = {"pain": 3, "tightness": 2, "red_flags": checkin_flags("night-pain")}
    assert ana.client.post("/api/checkins", json=flagged, headers=headers(ana.client)).status_code == 201

    page = room.sam_client.get(f"/clinic/runners/{ana.profile_id}")
    text = page_text(page)
    assert "On hold since 4 November 2026" in text and "The program is paused" in text
    assert "What lifts it:" in text and "Rule clearance.hold" in text
    assert f'href="/clinic/runners/{ana.profile_id}/prescribe">Clear the pause' in page.text
    checkins = page_text(room.sam_client.get(f"/clinic/runners/{ana.profile_id}/checkins"))
    assert "Warning signs reported" in checkins and "Pain 3/10" in checkins
    summary = room.sam_client.get(f"/api/clinic/runners/{ana.profile_id}").json()
    assert summary["on_hold"] is True and summary["status"] == "paused"
    assert [f["id"] for f in summary["hold"]["red_flags"]] == ["night-pain"]


def test_a_clinical_action_shows_on_the_detail_page_with_who_set_it_and_why(room):
    ana = room.ana
    reason = "Long runs on Saturdays clash with a third strength day"
    done = post_form(
        room.sam_client, f"/clinic/runners/{ana.profile_id}/strength-days", {"days": "3", "reason": reason}
    )
    assert done.status_code == 303
    text = page_text(room.sam_client.get(f"/clinic/runners/{ana.profile_id}"))
    assert "set by Sam Ortiz, PT" in text and reason in text


def test_a_runner_held_before_any_program_shows_the_hold_and_no_program(room, signed_in):
    app = room.app
    cara = signed_in("cara@example.com")
    h = headers(cara)
    profile_id = cara.put("/api/me/profile", json=PROFILE | {"weight_kg": 58.0}, headers=h).json()["id"]
    flagged = screening_json(["tight-hip-flexors"], ["leg-numbness-tingling"])
    assert cara.post("/api/screenings", json=flagged, headers=h).status_code == 201
    give_access(app, profile_id, room.sam)

    page = room.sam_client.get(f"/clinic/runners/{profile_id}")
    assert page.status_code == 200
    text = page_text(page)
    assert "No program starts until a clearance is recorded" in text and "No program yet" in text
    assert "Nothing logged yet" in text and "No assessments yet" in text and "No runs recorded" in text
    summary = room.sam_client.get(f"/api/clinic/runners/{profile_id}").json()
    assert (summary["status"], summary["phase"], summary["program"]) == ("no-program", None, None)
    assert summary["hold"]["level"] == "refer"
    for suffix in ("/sessions", "/checkins", "/decisions", "/assessments", "/load", "/notes"):
        assert room.sam_client.get(f"/api/clinic/runners/{profile_id}{suffix}").status_code == 200, suffix
    for suffix in ("/sessions", "/checkins", "/running"):
        assert room.sam_client.get(f"/clinic/runners/{profile_id}{suffix}").status_code == 200, suffix
