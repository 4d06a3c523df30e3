"""Who may use each route: the access matrix over every page and API route the app serves.

Every route needs a row in ROUTES (``test_every_route_has_a_row_in_the_access_matrix`` fails for one without),
saying how to call it. Each row is then called by three browsers, in this order:

- an anonymous visitor: public routes answer as usual, pages send to /login (303), the API answers 401, and
  nothing is written;
- another signed-in runner with data of their own: any of the owner's ids is answered 404 (never 403, which
  would tell that it exists); a route about "my" data shows theirs, never the owner's; the owner's history is
  the same afterwards;
- the owner, a runner with a profile, a screening, a session, a check-in and a session draft: the status in
  the row.

What a runner's data looks like in a response is told by markers (email, weight, session note, links to their
items): none of the owner's may appear in the other two browsers' responses.

Below the matrix: tampered ids, changes without their CSRF token (or with another browser's), out-of-range
values (each leaving nothing written), an expired sign-in and a malformed query.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from hipcoach.content import default_library
from hipcoach.domain.content import Block
from hipcoach.domain.week import DayKind
from hipcoach.services import accounts, activities, import_jobs, load, programs, records
from hipcoach.services.clearances import ClearanceInput, record_clearance
from hipcoach.services.context import Hipcoach
from hipcoach.services.import_jobs import Upload
from hipcoach.services.job_queue import JobRunner
from hipcoach.services.sessions import as_prescribed, save_session
from hipcoach.services.transfer import export_profile
from hipcoach.storage.models import Base
from tests.integration.helpers import checkin_flags
from tests.integration.test_service_import_jobs import gpx_run
from tests.sqlite_copy import copy_sqlite
from tests.video_rows import stored_analysis
from tests.web.conftest import PASSWORD, csrf
from tests.web.pages import checkin_form_flags, screening_form, screening_json

ANONYMOUS, OTHER, OWNER = "anonymous", "other", "owner"
PUBLIC, PAGE, API = "public", "page", "api"
SAFE = {"GET", "HEAD", "OPTIONS"}


@dataclass
class Person:
    """A runner of the world, with the ids of their items and what marks their data in a response."""

    email: str
    weight_kg: float
    note: str
    client: TestClient
    profile_id: int = 0
    screening: int = 0
    session: int = 0
    checkin: int = 0
    assessment: int = 0
    run: int = 0
    import_job: int = 0
    clearance: int = 0
    video: int = 0

    def markers(self) -> dict[str, str]:
        """Regular expressions that find this runner's data in a page or a JSON answer."""
        return {
            "email": re.escape(self.email),
            "weight": rf"(?<![\d.]){re.escape(str(self.weight_kg))}(?!\d)",
            "note": re.escape(self.note),
            "screening link": rf"/screening/{self.screening}(?!\d)",
            "session link": rf"/sessions?/(done/)?{self.session}(?!\d)",
            "checkin link": rf"/checkins/{self.checkin}(?!\d)",
            "session id": rf'"session_id":\s*{self.session}(?!\d)',
            "assessment link": rf"/assessments/{self.assessment}(?!\d)",
            "import link": rf"/imports?/{self.import_job}(?!\d)",
            "clearance link": rf"/clearances/{self.clearance}(?!\d)",
            "video link": rf"/videos/{self.video}(?!\d)",
            "run name": re.escape(run_name(self.email)),
            "upload name": re.escape(upload_name(self.email)),
            "video name": re.escape(video_name(self.email)),
        }


@dataclass
class World:
    app: Hipcoach
    owner: Person
    other: Person

    def person(self, role: str) -> Person | None:
        return {OWNER: self.owner, OTHER: self.other}.get(role)


Body = Mapping[str, Any] | Callable[[World, str], Mapping[str, Any]] | None


@dataclass(frozen=True)
class Call:
    """How to call one route, and what each role gets back."""

    access: str  # PUBLIC (anyone), PAGE (signed-in page) or API (signed-in JSON)
    owner: int = 200
    anonymous: int | None = None  # default: the owner's status (public), 303 to /login (page), 401 (API)
    other: int | None = None  # default: 404 where the path names the owner's items, else the owner's status
    ids: Mapping[str, str] = field(default_factory=dict)  # path parameter -> "screening", "session", ...
    url: str | None = None  # for a route whose path has a literal parameter (an exercise id, a file)
    json: Body = None
    form: Body = None
    files: Body = None  # multipart uploads: field -> (file name, bytes, content type)
    redirect: str | None = None  # where the owner is sent by a 303

    def expected(self, role: str) -> int:
        if role == ANONYMOUS:
            if self.anonymous is not None:
                return self.anonymous
            return {PUBLIC: self.owner, PAGE: 303, API: 401}[self.access]
        if role == OTHER:
            if self.ids:
                return 404
            return self.other if self.other is not None else self.owner
        return self.owner


def draft_state(hipcoach: Hipcoach) -> dict[str, Any]:
    """A session draft that can be finished: one mobility exercise, its answers given."""
    exercise_id = hipcoach.library.circuit_for(Block.MOBILITY).exercise_ids[0]
    return {
        "kind": "mobility",
        "baseline_pain": 1,
        "pain_during": 1,
        "rpe": 5,
        "exercises": [{"exercise_id": exercise_id, "rounds": 1, "sets": [{"round": 1, "side": "left"}]}],
    }


def _draft(world: World, role: str) -> dict[str, Any]:
    return draft_state(world.app)


def _own_credentials(world: World, role: str) -> dict[str, str]:
    person = world.person(role) or world.owner
    return {"email": person.email, "password": PASSWORD}


def _new_account(world: World, role: str) -> dict[str, str]:
    email = f"new-{role}@example.com"
    return {"email": email, "password": PASSWORD, "password_again": PASSWORD}


PROFILE = {"age": 34, "sex": "female", "height_cm": 168, "weekly_distance_km": 30, "equipment": ["mat"]}
PROFILE_FORM = {
    "age": "34",
    "sex": "female",
    "height_cm": "168",
    "weight_kg": "60",
    "limb_length_cm": "",
    "weekly_distance_km": "30",
    "equipment": ["mat"],
}
# A battery: the knee-to-wall test on both sides (the tester names the runner, so it marks their data).
ASSESSMENT_JSON = {
    "on": "2026-11-02",
    "sex": "female",
    "age": 34,
    "readings": {"knee-to-wall.left": 9.5, "knee-to-wall.right": 11.0},
}
ASSESSMENT_FORM = {
    "tests": ["knee-to-wall"],
    "on": "2026-11-02",
    "sex": "female",
    "knee-to-wall.left": "9.5",
    "knee-to-wall.right": "11",
}


def _assessment(world: World, role: str) -> dict[str, Any]:
    return ASSESSMENT_JSON | {"tester": f"physio of {(world.person(role) or world.owner).email}"}


def run_name(email: str) -> str:
    return f"Run of {email}"


def upload_name(email: str) -> str:
    return f"runs-of-{email.split('@')[0]}.gpx"


def video_name(email: str) -> str:
    return f"lunge-of-{email.split('@')[0]}.mp4"


VIDEO_FORM = {"test": "lunge", "view": "side", "side": "left"}


def _video(world: World, role: str) -> dict[str, tuple[str, bytes, str]]:
    """Not a video (the analysis, run at once, refuses it in a moment): the route is what is tested here."""
    return {"video": (f"clip-{role}.mp4", b"not a video at all", "video/mp4")}


RUN_FORM = {"on": "2026-10-20", "at": "07:10", "km": "7.5", "minutes": "44", "name": ""}
RUN_JSON = {"started_at": "2026-10-21T06:10:00+00:00", "distance_km": 7.5, "duration_min": 44}
WEEK_FORM = {f"day-{d}": "rest" for d in range(7)} | {"day-1": "hard", "day-6": "long", "timezone": "UTC"}


def _upload(world: World, role: str) -> dict[str, tuple[str, bytes, str]]:
    """A GPX file of one run (its start differs by role, so each runner imports a run of their own)."""
    start = datetime(2026, 10, 14, 6, 0, tzinfo=UTC) + timedelta(hours=1 if role == OWNER else 2)
    return {"files": (f"upload-{role}.gpx", gpx_run(start).encode(), "application/gpx+xml")}


CLEARANCE_FORM = {"cleared_by": "Dr Lee", "profession": "physiotherapist", "cleared_on": "2026-11-02"}
CLEARANCE_JSON = {"cleared_by": "Dr Lee", "profession": "physiotherapist"}

NEW_PASSWORD = {
    "current_password": PASSWORD,
    "new_password": "another good passphrase",
    "new_password_again": "another good passphrase",
}

# Every route of the app: "METHOD /path" exactly as the app declares it.
ROUTES: dict[str, Call] = {
    # --- public: the front door, accounts, the library, the API description -----------------------------
    "GET /": Call(PUBLIC, anonymous=200),
    "GET /hello": Call(PUBLIC),
    "GET /sw.js": Call(PUBLIC),
    "GET /manifest.webmanifest": Call(PUBLIC),
    "GET /favicon.ico": Call(PUBLIC),
    "GET /openapi.json": Call(PUBLIC),
    "GET /static": Call(PUBLIC, url="/static/app.css"),
    "GET /signup": Call(PUBLIC),
    "POST /signup": Call(PUBLIC, owner=303, form=_new_account, redirect="/login"),
    "GET /login": Call(PUBLIC),
    "POST /login": Call(PUBLIC, owner=303, form=_own_credentials, redirect="/program"),
    "POST /logout": Call(PUBLIC, owner=303, form={}, redirect="/"),
    "GET /goodbye": Call(PUBLIC),
    "GET /password/forgot": Call(PUBLIC),
    # This server sends no mail (no HIPCOACH_SMTP_URL): the form says so; a made-up link is refused.
    "POST /password/forgot": Call(PUBLIC, owner=200, form={"email": "ana@example.com"}),
    "GET /password/reset": Call(PUBLIC, owner=400, url="/password/reset?token=1.2.made-up"),
    "POST /password/reset": Call(
        PUBLIC,
        owner=400,
        form={"token": "1.2.made-up", "new_password": NEW_PASSWORD["new_password"]}
        | {"new_password_again": NEW_PASSWORD["new_password"]},
    ),
    "GET /exercises": Call(PUBLIC),
    "GET /exercises/{exercise_id}": Call(PUBLIC, url="/exercises/hip-cars"),
    "GET /exercises/{exercise_id}/print": Call(PUBLIC, url="/exercises/hip-cars/print"),
    # The figure of the first illustrated exercise; while the packaged content illustrates none, a 404.
    "GET /exercises/{exercise_id}/figure.svg": (
        Call(PUBLIC, url=f"/exercises/{min(default_library().illustrations)}/figure.svg")
        if default_library().illustrations
        else Call(PUBLIC, owner=404, url="/exercises/hip-cars/figure.svg")
    ),
    "GET /api/exercises": Call(PUBLIC),
    "GET /api/exercises/{exercise_id}": Call(PUBLIC, url="/api/exercises/runners-lunge"),
    "GET /api/screening/questions": Call(PUBLIC),
    "GET /api/assessment-protocols": Call(PUBLIC),
    # --- pages of a signed-in runner --------------------------------------------------------------------
    "GET /account": Call(PAGE),
    "POST /account/timezone": Call(
        PAGE, owner=303, form={"timezone": "America/Los_Angeles"}, redirect="/account"
    ),
    "POST /account/units": Call(PAGE, owner=303, form={"distance_unit": "mi"}, redirect="/account"),
    "GET /account/password": Call(PAGE),
    "POST /account/password": Call(PAGE, form=NEW_PASSWORD),
    "POST /account/delete": Call(PAGE, owner=303, form={"password": PASSWORD}, redirect="/goodbye"),
    # The owner already has runner data: an export is imported only into an account without any.
    "POST /account/import": Call(
        PAGE, owner=400, form={}, files={"file": ("hipcoach-export.json", b"{}", "application/json")}
    ),
    "GET /onboarding": Call(PAGE),
    "POST /onboarding": Call(PAGE, owner=303, form=PROFILE_FORM, redirect="/program"),
    "GET /screening": Call(PAGE),
    "POST /screening": Call(PAGE, owner=303, form=screening_form(["knee-pain"]), redirect="/screening/"),
    "GET /screening/{screening_id:int}": Call(PAGE, ids={"screening_id": "screening"}),
    "GET /screening/{screening_id:int}/print": Call(PAGE, ids={"screening_id": "screening"}),
    "GET /program": Call(PAGE),
    "POST /program/settings": Call(PAGE, owner=303, form={"strength_days": "3"}, redirect="/program"),
    "GET /session": Call(PAGE),
    "POST /session": Call(
        PAGE,
        owner=303,
        form={"kind": "mobility", "baseline_pain": "1", "pain_during": "2", "rpe": "5"},
        redirect="/session/done/",
    ),
    "GET /session/done/{session_id}": Call(PAGE, ids={"session_id": "session"}),
    "GET /checkin": Call(PAGE),
    "POST /checkin": Call(
        PAGE, owner=303, form={"pain": "1", "tightness": "2"} | checkin_form_flags(), redirect="/checkins/"
    ),
    "GET /checkins/{checkin_id:int}": Call(PAGE, ids={"checkin_id": "checkin"}),
    # The world's sessions have had their check-in: too late for the pain an hour after (400); another
    # runner naming the owner's session is told it does not exist.
    "POST /checkin/pain-after": Call(
        PAGE,
        owner=400,
        other=404,
        form=lambda w, role: {"pain_after": "3", "session_id": str(w.owner.session)},
    ),
    "GET /progress": Call(PAGE),
    "GET /progress/report": Call(PAGE),
    "GET /progress/report.pdf": Call(PAGE),
    "GET /program/print": Call(PAGE),
    "GET /program/print.pdf": Call(PAGE),
    "GET /sessions/{session_id:int}": Call(PAGE, ids={"session_id": "session"}),
    "GET /sessions/{session_id:int}/correct": Call(PAGE, ids={"session_id": "session"}),
    "POST /sessions/{session_id:int}/correct": Call(
        PAGE,
        owner=303,
        form={"baseline_pain": "1", "pain_during": "2", "rpe": "5"},
        ids={"session_id": "session"},
        redirect="/sessions/",
    ),
    "GET /sessions/{session_id:int}/delete": Call(PAGE, ids={"session_id": "session"}),
    "POST /sessions/{session_id:int}/delete": Call(
        PAGE, owner=303, form={}, ids={"session_id": "session"}, redirect="/progress?changed=session-deleted"
    ),
    "GET /checkins/{checkin_id:int}/correct": Call(PAGE, ids={"checkin_id": "checkin"}),
    "POST /checkins/{checkin_id:int}/correct": Call(
        PAGE,
        owner=303,
        form={"pain": "1", "tightness": "2"},
        ids={"checkin_id": "checkin"},
        redirect="/checkins/",
    ),
    "GET /checkins/{checkin_id:int}/delete": Call(PAGE, ids={"checkin_id": "checkin"}),
    "POST /checkins/{checkin_id:int}/delete": Call(
        PAGE, owner=303, form={}, ids={"checkin_id": "checkin"}, redirect="/progress?changed=checkin-deleted"
    ),
    "GET /assessments": Call(PAGE),
    "GET /assessments/new": Call(PAGE),
    "POST /assessments": Call(PAGE, owner=303, form=ASSESSMENT_FORM, redirect="/assessments/"),
    "GET /assessments/{assessment_id:int}": Call(PAGE, ids={"assessment_id": "assessment"}),
    "GET /assessments/{assessment_id:int}/delete": Call(PAGE, ids={"assessment_id": "assessment"}),
    "POST /assessments/{assessment_id:int}/delete": Call(
        PAGE, owner=303, form={}, ids={"assessment_id": "assessment"}, redirect="/assessments"
    ),
    # --- the JSON API of a signed-in runner -------------------------------------------------------------
    "GET /api/me": Call(API),
    "PUT /api/me/profile": Call(API, json=PROFILE | {"weight_kg": 60}),
    "POST /api/screenings": Call(API, owner=201, json=screening_json(["knee-pain"])),
    "GET /api/screenings/{screening_id}": Call(API, ids={"screening_id": "screening"}),
    "GET /api/program": Call(API),
    "PUT /api/program/settings": Call(API, json={"strength_days_per_week": 3}),
    "POST /api/checkins": Call(
        API, owner=201, json={"pain": 1, "tightness": 2, "red_flags": checkin_flags()}
    ),
    "GET /api/checkins/{checkin_id}": Call(API, ids={"checkin_id": "checkin"}),
    "GET /api/checkins/next": Call(API),
    "POST /api/checkins/pain-after": Call(
        API, owner=400, other=404, json=lambda w, role: {"pain_after": 3, "session_id": w.owner.session}
    ),
    "GET /api/progress": Call(API),
    "GET /api/sessions/{session_id}": Call(API, ids={"session_id": "session"}),
    "GET /api/export": Call(API),
    "GET /api/session/plan": Call(API),
    "GET /api/offline": Call(API),
    "GET /api/session/draft": Call(API),
    "PUT /api/session/draft": Call(API, json=_draft),
    "DELETE /api/session/draft": Call(API, owner=204),
    "POST /api/session/finish": Call(API, owner=201),
    "GET /api/assessments": Call(API),
    "POST /api/assessments": Call(API, owner=201, json=_assessment),
    "GET /api/assessments/{assessment_id}": Call(API, ids={"assessment_id": "assessment"}),
    "DELETE /api/assessments/{assessment_id}": Call(API, owner=204, ids={"assessment_id": "assessment"}),
    # --- running: load, runs, imports, the training week -------------------------------------------------
    "GET /running": Call(PAGE),
    "POST /running/runs": Call(PAGE, owner=303, form=RUN_FORM, redirect="/running"),
    "GET /running/runs/{run_id}": Call(PAGE, ids={"run_id": "run"}),
    "POST /running/runs/{run_id}": Call(
        PAGE, owner=303, form=RUN_FORM, ids={"run_id": "run"}, redirect="/running?changed=corrected"
    ),
    "GET /running/runs/{run_id}/delete": Call(PAGE, ids={"run_id": "run"}),
    "POST /running/runs/{run_id}/delete": Call(
        PAGE, owner=303, form={}, ids={"run_id": "run"}, redirect="/running?changed=deleted"
    ),
    "GET /running/import": Call(PAGE),
    "POST /running/import": Call(PAGE, owner=303, form={}, files=_upload, redirect="/running/import/"),
    "GET /running/import/{job_id:int}": Call(PAGE, ids={"job_id": "import_job"}),
    "GET /running/week": Call(PAGE),
    "POST /running/week": Call(PAGE, owner=303, form=WEEK_FORM, redirect="/running/week"),
    "GET /running/week.ics": Call(PAGE),
    "GET /api/load": Call(API),
    "GET /api/runs": Call(API),
    "POST /api/runs": Call(API, owner=201, json=RUN_JSON),
    "GET /api/runs/{run_id}": Call(API, ids={"run_id": "run"}),
    "DELETE /api/runs/{run_id}": Call(API, owner=204, ids={"run_id": "run"}),
    "POST /api/imports": Call(API, owner=202, files=_upload),
    "GET /api/imports/{job_id}": Call(API, ids={"job_id": "import_job"}),
    "GET /api/week": Call(API),
    # --- video analyses -----------------------------------------------------------------------------------
    "GET /videos": Call(PAGE),
    "GET /videos/new": Call(PAGE),
    "POST /videos": Call(PAGE, owner=303, form=VIDEO_FORM, files=_video, redirect="/videos/"),
    "GET /videos/{analysis_id:int}": Call(PAGE, ids={"analysis_id": "video"}),
    "GET /videos/{analysis_id:int}/key-frame.jpg": Call(PAGE, ids={"analysis_id": "video"}),
    "GET /videos/{analysis_id:int}/video": Call(PAGE, ids={"analysis_id": "video"}),
    "GET /videos/{analysis_id:int}/delete-video": Call(PAGE, ids={"analysis_id": "video"}),
    "POST /videos/{analysis_id:int}/delete-video": Call(
        PAGE, owner=303, form={}, ids={"analysis_id": "video"}, redirect="/videos/"
    ),
    "GET /videos/{analysis_id:int}/delete": Call(PAGE, ids={"analysis_id": "video"}),
    "POST /videos/{analysis_id:int}/delete": Call(
        PAGE, owner=303, form={}, ids={"analysis_id": "video"}, redirect="/videos?deleted=1"
    ),
    "GET /api/videos": Call(API),
    "POST /api/videos": Call(API, owner=202, form=VIDEO_FORM, files=_video),
    "GET /api/videos/{analysis_id}": Call(API, ids={"analysis_id": "video"}),
    "PUT /api/week": Call(API, json={"days": {"1": "hard", "6": "long"}, "timezone": "UTC"}),
    "GET /api/week.ics": Call(API),
    # --- holds and clearances: nothing holds either runner now, so recording one is refused ---------------
    "GET /clearance": Call(PAGE),
    "POST /clearance": Call(PAGE, owner=400, form=CLEARANCE_FORM),
    "GET /clearances/{clearance_id:int}": Call(PAGE, ids={"clearance_id": "clearance"}),
    "GET /api/clearances": Call(API),
    "POST /api/clearances": Call(API, owner=400, json=CLEARANCE_JSON),
    "GET /api/clearances/{clearance_id}": Call(API, ids={"clearance_id": "clearance"}),
}


# --- the world: two runners with a history each ----------------------------------------------------------


def send(
    client: TestClient,
    method: str,
    url: str,
    *,
    json: Any = None,
    form: Any = None,
    files: Any = None,
    token: bool = True,
):
    """A request as the browser or a script makes it: forms carry the CSRF field, API changes its header."""
    if method in SAFE:
        return client.request(method, url)
    if form is not None:
        data = dict(form) | ({"csrf_token": csrf(client)} if token else {})
        return client.request(method, url, data=data, files=files)
    headers = {"X-CSRF-Token": csrf(client)} if token else {}
    if files is not None:
        return client.request(method, url, files=files, headers=headers)
    return client.request(method, url, json=json, headers=headers)


def _runner(
    signed_in, hipcoach: Hipcoach, clock, email: str, weight_kg: float, note: str, uploads: Path
) -> Person:
    person = Person(email, weight_kg, note, signed_in(email))
    client = person.client
    profile = send(client, "PUT", "/api/me/profile", json=PROFILE | {"weight_kg": weight_kg})
    person.profile_id = profile.json()["id"]
    person.screening = send(
        client, "POST", "/api/screenings", json=screening_json(["tight-hip-flexors"])
    ).json()["id"]
    plan = programs.plan_session(hipcoach, person.profile_id, Block.MOBILITY)
    record = as_prescribed(
        plan, hipcoach.local("UTC").today, baseline_pain=1, pain_during=1, rpe=5, source="guided"
    )
    person.session = save_session(hipcoach, person.profile_id, replace(record, notes=note)).session_id
    clock.advance(days=1)  # the session's morning check-in opens the next day
    checkin = {"pain": 1, "tightness": 2, "red_flags": checkin_flags()}
    person.checkin = send(client, "POST", "/api/checkins", json=checkin).json()["id"]
    assert send(client, "PUT", "/api/session/draft", json=draft_state(hipcoach)).status_code == 200
    battery = ASSESSMENT_JSON | {"tester": f"physio of {email}"}
    person.assessment = send(client, "POST", "/api/assessments", json=battery).json()["id"]
    started = datetime(2026, 10, 12, 6, 30, tzinfo=UTC)
    person.run = activities.add_run(hipcoach, person.profile_id, started, 9.0, 50, run_name(email)).id
    upload = Upload(upload_name(email), gpx_run(started + timedelta(days=2)).encode())
    job = import_jobs.create_job(hipcoach, person.profile_id, [upload], uploads)
    person.import_job = import_jobs.run_job(hipcoach, job.id).id
    person.video = stored_analysis(hipcoach, person.profile_id, video_name(email), uploads=uploads)
    load.set_week(hipcoach, person.profile_id, {1: DayKind.HARD, 3: DayKind.EASY, 6: DayKind.LONG})
    # A pause, and the clearance that lifted it (its clinician named after the runner: it marks their data).
    with hipcoach.transaction() as db:
        program = records.require_program(db, person.profile_id)
        programs.pause(program, "Paused for the access matrix.", hipcoach.now())
    clearance = ClearanceInput(f"Dr for {email}", "physiotherapist", hipcoach.local("UTC").today)
    person.clearance = record_clearance(hipcoach, person.profile_id, clearance).clearance.clearance_id
    return person


@dataclass(frozen=True)
class Snapshot:
    """A world as built once on SQLite: a copy of its database, its two runners and the clock's time then."""

    database: Path
    owner: Person
    other: Person
    now: datetime


# Building the world (two runners signed up, each with a history) takes most of each test's time; on SQLite
# it is built once per run and every test starts from a copy of that database, with the runners' cookies.
_SQLITE_WORLD: list[Snapshot] = []


def _with_cookies_of(person: Person, client: TestClient) -> Person:
    for cookie in person.client.cookies.jar:
        client.cookies.jar.set_cookie(cookie)
    return replace(person, client=client)


@pytest.fixture
def world(signed_in, new_client, hipcoach, web_app, clock, tmp_path_factory) -> World:
    # Imports run at once, in the request: the matrix reads a finished job, and no thread outlives a test.
    jobs = JobRunner(inline=True)
    jobs.start(hipcoach)
    web_app.state.job_runner = jobs
    sqlite = hipcoach.engine.dialect.name == "sqlite"
    if sqlite and _SQLITE_WORLD:
        built = _SQLITE_WORLD[0]
        copy_sqlite(built.database, hipcoach.engine)
        clock.current = built.now
        owner, other = (_with_cookies_of(p, new_client()) for p in (built.owner, built.other))
        return World(hipcoach, owner, other)
    uploads = web_app.state.settings.data_dir / "uploads"
    owner = _runner(
        signed_in, hipcoach, clock, "ana@example.com", 61.7, "ana's private note about her left hip", uploads
    )
    other = _runner(
        signed_in, hipcoach, clock, "bob@example.com", 83.3, "bob's private note about his right hip", uploads
    )
    if sqlite:
        database = tmp_path_factory.mktemp("access-world") / "world.db"
        copy_sqlite(hipcoach.engine, database)
        _SQLITE_WORLD.append(Snapshot(database, owner, other, clock.current))
    return World(hipcoach, owner, other)


def row_counts(app: Hipcoach) -> dict[str, int]:
    with app.reading() as db:
        return {
            table.name: int(db.scalar(select(func.count()).select_from(table)) or 0)
            for table in Base.metadata.sorted_tables
        }


def history_of(app: Hipcoach, person: Person) -> dict[str, Any]:
    exported = export_profile(app, person.profile_id)
    exported.pop("exported_at")
    return exported


# --- the matrix ------------------------------------------------------------------------------------------


def served_routes(app: FastAPI) -> set[str]:
    """Every "METHOD /path" the app serves (a mounted folder as GET of its path; HEAD comes with GET)."""
    served = set()
    for route in iter_route_contexts(app.routes):
        for method in route.methods or {"GET"}:
            if method != "HEAD":
                served.add(f"{method} {route.path}")
    return served


def api_routes(app: FastAPI) -> list[tuple[str, str]]:
    """The JSON API's routes as (method, path), for the check that /openapi.json lists them all."""
    return sorted(
        (key.split(" ")[0], key.split(" ")[1])
        for key in served_routes(app)
        if key.split(" ")[1].startswith("/api/")
    )


def test_every_route_has_a_row_in_the_access_matrix(web_app):
    # The clinician workspace's routes have their rows in the seven-role matrix of test_clinic_access.py
    # (imported here, not at the top: that module builds on this one).
    from tests.web.test_clinic_access import ROUTES as CLINIC_ROUTES

    served = served_routes(web_app)
    missing = sorted(served - ROUTES.keys() - CLINIC_ROUTES.keys())
    stale = sorted(ROUTES.keys() - served)
    assert not missing, f"routes without a row in tests/web/test_access.py ROUTES: {missing}"
    assert not stale, f"rows in ROUTES for routes the app no longer serves: {stale}"


def url_for(route: str, call: Call, person: Person) -> str:
    if call.url is not None:
        return call.url
    path = route.split(" ", 1)[1]
    return re.sub(r"\{(\w+)(:\w+)?\}", lambda m: str(getattr(person, call.ids[m.group(1)])), path)


def body_for(body: Body, world: World, role: str) -> Mapping[str, Any] | None:
    return body(world, role) if callable(body) else body


def request_as(world: World, route: str, call: Call, role: str, client: TestClient, **kwargs: Any):
    method = route.split(" ", 1)[0]
    url = url_for(route, call, world.owner)  # every role asks for the owner's items
    return send(
        client,
        method,
        url,
        json=body_for(call.json, world, role),
        form=body_for(call.form, world, role),
        files=body_for(call.files, world, role),
        **kwargs,
    )


def leaks(text: str, person: Person) -> list[str]:
    return [kind for kind, pattern in person.markers().items() if re.search(pattern, text)]


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_access(route, world, anonymous):
    call = ROUTES[route]
    app, owner, other = world.app, world.owner, world.other

    counts, owners_history = row_counts(app), history_of(app, owner)
    seen = request_as(world, route, call, ANONYMOUS, anonymous)
    assert seen.status_code == call.expected(ANONYMOUS), f"anonymous: {seen.status_code} {seen.text[:300]}"
    if call.access != PUBLIC:
        if call.access == PAGE:
            assert seen.headers["location"].startswith("/login")
        assert row_counts(app) == counts, "an anonymous request wrote something"
    assert not leaks(seen.text, owner), f"the owner's {leaks(seen.text, owner)} shown to a visitor"

    theirs = request_as(world, route, call, OTHER, other.client)
    assert theirs.status_code == call.expected(OTHER), f"other: {theirs.status_code} {theirs.text[:300]}"
    assert not leaks(theirs.text, owner), f"the owner's {leaks(theirs.text, owner)} shown to another runner"
    assert history_of(app, owner) == owners_history, "another runner's request changed the owner's history"

    mine = request_as(world, route, call, OWNER, owner.client)
    assert mine.status_code == call.owner, f"owner: {mine.status_code} {mine.text[:300]}"
    if call.redirect is not None:
        assert mine.headers["location"].startswith(call.redirect)
    if call.access != PUBLIC and not call.ids:
        # A page of "my" data shows the other runner theirs wherever it shows the owner the owner's.
        for kind in leaks(mine.text, owner):
            assert re.search(other.markers()[kind], theirs.text), f"other runner does not see their {kind}"


# --- tampered ids, CSRF, out-of-range values -------------------------------------------------------------

ID_ROUTES = sorted(route for route, call in ROUTES.items() if call.ids)
TAMPERED = ("0", "-1", "abc", "1.5", "1%20OR%201=1", "987654", str(2**31), str(2**63), str(10**20))


@pytest.mark.parametrize("route", ID_ROUTES)
def test_a_tampered_id_is_not_found_or_refused_never_an_error(route, world):
    path = route.split(" ", 1)[1]
    for tampered in TAMPERED:
        url = re.sub(r"\{(\w+)(:\w+)?\}", tampered, path)
        response = world.owner.client.get(url)
        assert response.status_code in (404, 422), f"{url}: {response.status_code}"


CHANGES = sorted(route for route, call in ROUTES.items() if route.split(" ")[0] not in SAFE)


@pytest.mark.parametrize("route", CHANGES)
def test_a_change_without_its_csrf_token_is_refused_and_nothing_is_written(route, world):
    call = ROUTES[route]
    app, owner = world.app, world.owner
    counts, history = row_counts(app), history_of(app, owner)
    refused = request_as(world, route, call, OWNER, owner.client, token=False)
    assert refused.status_code == 403
    # A forged page replays the owner's form with a token of its own: the owner's cookie does not match it.
    forged_token = csrf(world.other.client)
    method, url = route.split(" ", 1)[0], url_for(route, call, owner)
    form = body_for(call.form, world, OWNER)
    if form is not None:
        replayed = owner.client.request(method, url, data=dict(form) | {"csrf_token": forged_token})
    else:
        replayed = owner.client.request(
            method, url, json=body_for(call.json, world, OWNER), headers={"X-CSRF-Token": forged_token}
        )
    assert replayed.status_code == 403
    assert row_counts(app) == counts and history_of(app, owner) == history


OUT_OF_RANGE = [
    ("PUT /api/me/profile", {"json": PROFILE | {"weight_kg": 60, "age": 300}}),
    ("PUT /api/me/profile", {"json": PROFILE | {"weight_kg": 0}}),
    ("PUT /api/me/profile", {"json": PROFILE | {"weight_kg": 60, "height_cm": float("inf")}}),
    ("POST /api/checkins", {"json": {"pain": 11, "tightness": 2}}),
    ("POST /api/checkins", {"json": {"pain": 1, "tightness": 2, "pain_after_session": -1}}),
    ("PUT /api/program/settings", {"json": {"strength_days_per_week": 9}}),
    ("POST /api/screenings", {"json": screening_json(["not-a-sign"])}),
    ("POST /api/screenings", {"json": screening_json(["knee-pain"], age=7)}),
    ("PUT /api/session/draft", {"json": {"kind": "yoga", "exercises": []}}),
    ("POST /onboarding", {"form": PROFILE_FORM | {"age": "300"}}),
    ("POST /onboarding", {"form": PROFILE_FORM | {"weight_kg": "-5"}}),
    ("POST /checkin", {"form": {"pain": "11", "tightness": "2"} | checkin_form_flags()}),
    ("POST /checkin", {"form": {"pain": "1", "tightness": "2"}}),
    ("POST /checkin/pain-after", {"form": {"pain_after": "11"}}),
    ("POST /api/checkins/pain-after", {"json": {"pain_after": -1}}),
    ("POST /program/settings", {"form": {"strength_days": "7"}}),
    ("POST /session", {"form": {"kind": "mobility", "baseline_pain": "12", "pain_during": "2", "rpe": "5"}}),
    ("POST /screening", {"form": screening_form(["not-a-sign"])}),
    ("POST /screening", {"form": {"sign.knee-pain": "yes"}}),
    ("POST /api/assessments", {"json": ASSESSMENT_JSON | {"readings": {"knee-to-wall.left": 31.0}}}),
    ("POST /api/assessments", {"json": ASSESSMENT_JSON | {"readings": {"knee-to-wall.left": float("inf")}}}),
    ("POST /assessments", {"form": ASSESSMENT_FORM | {"knee-to-wall.left": "nine"}}),
    ("POST /assessments", {"form": ASSESSMENT_FORM | {"knee-to-wall.right": "-2"}}),
    ("POST /api/runs", {"json": RUN_JSON | {"distance_km": -1}}),
    ("POST /api/runs", {"json": RUN_JSON | {"duration_min": float("inf")}}),
    ("POST /running/runs", {"form": RUN_FORM | {"km": "-3"}}),
    ("PUT /api/week", {"json": {"days": {"5": "long", "6": "long"}, "timezone": "Europe/Paris"}}),
    ("POST /running/week", {"form": WEEK_FORM | {"day-5": "long", "timezone": "Europe/Paris"}}),
    ("POST /api/clearances", {"json": {"cleared_by": " ", "profession": "physiotherapist"}}),
    ("POST /api/clearances", {"json": {"cleared_by": "Dr Lee"}}),
    ("POST /clearance", {"form": CLEARANCE_FORM | {"profession": ""}}),
    ("POST /clearance", {"form": CLEARANCE_FORM | {"cleared_on": "yesterday"}}),
]


@pytest.mark.parametrize(("route", "bad"), OUT_OF_RANGE, ids=[f"{r} {b}"[:60] for r, b in OUT_OF_RANGE])
def test_an_out_of_range_value_is_refused_and_nothing_is_written(route, bad, world):
    assert route in ROUTES
    app, owner = world.app, world.owner
    counts, history = row_counts(app), history_of(app, owner)
    method, url = route.split(" ", 1)
    if "json" in bad:
        # Sent as text: JSON has no infinity, but a careless client may still write one (as Python does).
        response = owner.client.request(
            method,
            url,
            content=json.dumps(bad["json"]),
            headers={"X-CSRF-Token": csrf(owner.client), "Content-Type": "application/json"},
        )
    else:
        response = send(owner.client, method, url, form=bad["form"])
    assert 400 <= response.status_code < 500, f"{response.status_code} {response.text[:300]}"
    assert row_counts(app) == counts and history_of(app, owner) == history


def test_an_expired_sign_in_opens_nothing(world, clock):
    clock.advance(days=accounts.SESSION_LIFETIME.days + 1)
    assert world.owner.client.get("/api/me").status_code == 401
    response = world.owner.client.get("/program")
    assert response.status_code == 303 and response.headers["location"].startswith("/login")


def test_a_malformed_query_is_told_on_a_page_and_by_field_in_the_api(world):
    page = world.owner.client.get("/program", params={"saved": "maybe"})
    assert page.status_code == 422 and page.headers["content-type"].startswith("text/html")
    assert "saved" in page.text
    api = world.owner.client.get("/api/exercises", params={"block": "juggling"})
    assert api.status_code == 422 and api.json()["detail"][0]["loc"] == ["query", "block"]
