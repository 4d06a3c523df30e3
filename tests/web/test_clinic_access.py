"""Who may use each clinician-workspace route: every route under /clinic, /api/clinic, /api/me/access,
/api/me/audit and /account/access × seven browsers.

- anonymous: pages send to /login (303), the API answers 401;
- the subject, a runner with a history and no clinician profile, and their neighbour, another runner: the
  clinician's routes send them to /clinic/join (303) or answer 403; the runner's consent routes (accept,
  share, who has access, revoke, the audit log) answer them as the row says, each about their own data;
- the clinician the subject shares with: the row's status;
- a colleague of the same clinic without access, a clinician of another clinic, and a clinician whose access
  the subject revoked: 404 for anything naming the subject (never 403, which would tell that the runner
  exists), and the clinician's routes as the row says; their caseload never lists the subject. A clinician
  without a runner profile of their own is sent to onboarding (303) or answered 409 on the runner's routes.

Every refused request writes nothing (every table's rows counted before and after) and shows none of the
subject's markers; every allowed read of the subject adds exactly one "read" line to the subject's log. The
world is built once per database for the whole module.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, text

from hipcoach.clock import machine_zone_name
from hipcoach.content import default_library
from hipcoach.services import accounts, clinic
from hipcoach.services.care import ClinicianView
from hipcoach.services.context import Hipcoach
from hipcoach.services.runner_record import add_note
from hipcoach.settings import Settings
from hipcoach.storage import models as m
from hipcoach.storage.db import open_database
from hipcoach.web import create_app
from tests.conftest import TEST_DATABASE_PREFIX
from tests.integration.clinic_helpers import CLINICIAN_PASSWORD, make_clinician
from tests.integration.conftest import Clock
from tests.web.conftest import PASSWORD, csrf, post_form, sign_up
from tests.web.headers import missing_headers
from tests.web.test_access import row_counts, served_routes
from tests.web.test_clinic_runner import Subject, make_subject

ANONYMOUS, SUBJECT, NEIGHBOUR = "anonymous", "subject", "neighbour"
CARING, COLLEAGUE, STRANGER, REVOKED = "caring", "colleague", "stranger", "revoked"
# The order each row is asked in: the refused first, the allowed last, so nothing an allowed change writes
# is counted against a refused one.
ROLES = (ANONYMOUS, STRANGER, COLLEAGUE, REVOKED, NEIGHBOUR, CARING, SUBJECT)
RUNNERS = (SUBJECT, NEIGHBOUR)
CLINICIANS = (CARING, COLLEAGUE, STRANGER, REVOKED)
SAFE = {"GET", "HEAD", "OPTIONS"}

# What a route is about: decides what each role gets unless the row says otherwise.
CLINICIAN_ONLY = "clinician"  # a clinician's own pages and API (caseload, invitations, their log)
CARED = "cared"  # names the subject: only the clinician they share with
RUNNER_SIDE = "runner"  # the runner's consent and log: any runner, about their own data
SIGNED_IN = "signed-in"  # any signed-in account (becoming a clinician, reading an invitation)

SUBJECT_EMAIL, NEIGHBOUR_EMAIL = "ana@example.com", "bob@example.com"
SUBJECT_NOTE = "Ana session: the left hip pinched on the third lunge"
PRIVATE_NOTE = "Sam private: query a labral tear, ask about clicking"


@dataclass
class World:
    app: Hipcoach
    subject: Subject
    neighbour: Subject
    clients: dict[str, TestClient]
    clinicians: dict[str, ClinicianView]
    # Invitations and care links set aside for the rows that use one up (accepting, revoking).
    tokens: dict[str, str] = field(default_factory=dict)
    links: dict[str, int] = field(default_factory=dict)

    def markers(self) -> dict[str, str]:
        """What shows the subject's data in a page or a JSON answer."""
        return {
            "name": re.escape(SUBJECT_EMAIL),
            "session note": re.escape(SUBJECT_NOTE),
            "private note": re.escape(PRIVATE_NOTE),
            "runner link": rf"/clinic/runners/{self.subject.profile_id}(?!\d)",
            "runner id": rf'"runner_id":\s*{self.subject.profile_id}(?!\d)',
        }


Body = Mapping[str, Any] | Callable[[World, str], Mapping[str, Any]] | None


@dataclass(frozen=True)
class Row:
    """How to call one route, and what each role gets."""

    kind: str
    api: bool
    status: int = 200  # for a role the route is for
    roles: Mapping[str, int] = field(default_factory=dict)  # a role's status where it differs
    url: Callable[[World], str] | None = None  # default: the path with the subject's id for {runner_id}
    json: Body = None
    form: Body = None
    redirect: str | None = None  # where a 303 of an allowed role goes
    lists_caseload: bool = False  # shows the clinician's runners (the subject, for the one they share with)

    def expected(self, role: str) -> int:
        if role == ANONYMOUS:
            return 401 if self.api else 303
        if role in self.roles:
            return self.roles[role]
        if self.kind in (CLINICIAN_ONLY, CARED) and role in RUNNERS:
            return 403 if self.api else 303  # to /clinic/join
        if self.kind == CARED and role != CARING:
            return 404
        if self.kind == RUNNER_SIDE and role in CLINICIANS:
            return 409 if self.api else 303  # to onboarding: a clinician account has no runner profile
        return self.status

    def allowed(self, role: str) -> bool:
        if role == ANONYMOUS:
            return False
        if self.kind == CARED:
            return role == CARING
        if self.kind == CLINICIAN_ONLY:
            return role in CLINICIANS
        if self.kind == RUNNER_SIDE:
            return role in RUNNERS
        return True


def _subject_path(template: str) -> Callable[[World], str]:
    return lambda w: template.format(runner_id=w.subject.profile_id)


def _token(key: str) -> Callable[[World], str]:
    return lambda w: f"/clinic/accept/{w.tokens[key]}"


def _link(template: str, key: str) -> Callable[[World], str]:
    return lambda w: template.format(link_id=w.links[key])


JOIN_FORM = {"name": "Alex Doe", "profession": "PT", "clinic": "join", "join_code": "NOT-A-CODE"}
JOIN_JSON = {"name": "Alex Doe", "profession": "PT", "join_code": "NOT-A-CODE"}
NOTE = {"text": "Progressing well; review the lunge in two weeks"}
REASON = {"reason": "Seen in clinic today"}
CLEAR = {"cleared_on": ""} | REASON

# Every clinician-workspace route: "METHOD /path" exactly as the app declares it.
ROUTES: dict[str, Row] = {
    # --- becoming a clinician: any signed-in account; a made-up join code is refused, nothing written -------
    "GET /clinic/join": Row(SIGNED_IN, api=False, roles=dict.fromkeys(CLINICIANS, 303), redirect="/clinic"),
    "POST /clinic/join": Row(SIGNED_IN, api=False, status=400, form=JOIN_FORM),
    "POST /api/clinic/join": Row(
        SIGNED_IN, api=True, status=400, roles=dict.fromkeys(CLINICIANS, 409), json=JOIN_JSON
    ),
    # --- the clinician's own pages: caseload, invitations, their log --------------------------------------
    "GET /clinic": Row(CLINICIAN_ONLY, api=False, lists_caseload=True),
    "GET /api/clinic/runners": Row(CLINICIAN_ONLY, api=True, lists_caseload=True),
    "GET /api/clinic/thresholds": Row(CLINICIAN_ONLY, api=True),
    "GET /api/clinic/me": Row(CLINICIAN_ONLY, api=True),
    "GET /clinic/invite": Row(CLINICIAN_ONLY, api=False),
    "POST /clinic/invite": Row(CLINICIAN_ONLY, api=False, form={}),
    "POST /api/clinic/invitations": Row(CLINICIAN_ONLY, api=True, status=201, json={}),
    "GET /clinic/actions": Row(CLINICIAN_ONLY, api=False),
    "GET /api/clinic/actions": Row(CLINICIAN_ONLY, api=True),
    # --- one runner's record: only the clinician the subject shares with -----------------------------------
    "GET /clinic/runners/{runner_id}": Row(CARED, api=False),
    "GET /clinic/runners/{runner_id}/sessions": Row(CARED, api=False),
    "GET /clinic/runners/{runner_id}/home-program": Row(CARED, api=False),
    "GET /clinic/runners/{runner_id}/home-program.pdf": Row(CARED, api=False),
    "GET /clinic/runners/{runner_id}/report": Row(CARED, api=False),
    "GET /clinic/runners/{runner_id}/report.pdf": Row(CARED, api=False),
    "GET /clinic/runners/{runner_id}/sessions/{session_id:int}": Row(
        CARED,
        api=False,
        url=lambda w: f"/clinic/runners/{w.subject.profile_id}/sessions/{w.subject.session_id}",
    ),
    "GET /clinic/runners/{runner_id}/assessments/{assessment_id:int}": Row(
        CARED,
        api=False,
        url=lambda w: f"/clinic/runners/{w.subject.profile_id}/assessments/{w.subject.assessment_id}",
    ),
    "GET /clinic/runners/{runner_id}/videos/{analysis_id:int}": Row(
        CARED, api=False, url=lambda w: f"/clinic/runners/{w.subject.profile_id}/videos/{w.subject.video_id}"
    ),
    "GET /clinic/runners/{runner_id}/videos/{analysis_id:int}/key-frame.jpg": Row(
        CARED,
        api=False,
        url=lambda w: f"/clinic/runners/{w.subject.profile_id}/videos/{w.subject.video_id}/key-frame.jpg",
    ),
    # Entering an assessment as the tester: the form, and one refused for a reading that is not a number.
    "GET /clinic/runners/{runner_id}/assessments/new": Row(CARED, api=False),
    "POST /clinic/runners/{runner_id}/assessments": Row(
        CARED, api=False, status=400, form={"tests": "psfs", "psfs.1": "lots"} | REASON
    ),
    "GET /clinic/runners/{runner_id}/running": Row(CARED, api=False),
    "GET /clinic/runners/{runner_id}/checkins": Row(CARED, api=False),
    "POST /clinic/runners/{runner_id}/notes": Row(
        CARED, api=False, status=303, form=NOTE, redirect="/clinic/runners/"
    ),
    "GET /api/clinic/runners/{runner_id}": Row(CARED, api=True),
    "GET /api/clinic/runners/{runner_id}/sessions": Row(CARED, api=True),
    "GET /api/clinic/runners/{runner_id}/checkins": Row(CARED, api=True),
    "GET /api/clinic/runners/{runner_id}/decisions": Row(CARED, api=True),
    "GET /api/clinic/runners/{runner_id}/assessments": Row(CARED, api=True),
    "GET /api/clinic/runners/{runner_id}/load": Row(CARED, api=True),
    "GET /api/clinic/runners/{runner_id}/notes": Row(CARED, api=True),
    "POST /api/clinic/runners/{runner_id}/notes": Row(CARED, api=True, status=201, json=NOTE),
    # Clinical actions: the page, and a change of each kind; nothing holds the subject, so clearing is
    # refused (400, nothing written), and so is each form sent without what it needs.
    "GET /clinic/runners/{runner_id}/prescribe": Row(CARED, api=False),
    "POST /clinic/runners/{runner_id}/clear": Row(CARED, api=False, status=400, form=CLEAR),
    "POST /clinic/runners/{runner_id}/phase": Row(CARED, api=False, status=400, form={"phase": ""} | REASON),
    "POST /clinic/runners/{runner_id}/ladder": Row(
        CARED, api=False, status=400, form={"exercise": ""} | REASON
    ),
    "POST /clinic/runners/{runner_id}/exclude": Row(
        CARED, api=False, status=400, form={"exercise": ""} | REASON
    ),
    "POST /clinic/runners/{runner_id}/swap": Row(
        CARED, api=False, status=400, form={"exercise": ""} | REASON
    ),
    "POST /clinic/runners/{runner_id}/restore": Row(
        CARED, api=False, status=400, form={"exercise": ""} | REASON
    ),
    "POST /clinic/runners/{runner_id}/threshold": Row(
        CARED, api=False, status=400, form={"threshold": ""} | REASON
    ),
    "POST /clinic/runners/{runner_id}/strength-days": Row(
        CARED, api=False, status=303, form={"days": "3"} | REASON, redirect="/clinic/runners/"
    ),
    "GET /api/clinic/runners/{runner_id}/actions": Row(CARED, api=True),
    "POST /api/clinic/runners/{runner_id}/actions": Row(
        CARED, api=True, status=400, json={"kind": "clearance"} | REASON
    ),
    # --- the runner's side: accepting, sharing, who has access, revoking, who looked -----------------------
    # Any signed-in account may read an invitation; the neighbour accepts it, so for the subject it is used.
    "GET /clinic/accept/{token}": Row(SIGNED_IN, api=False, url=_token("read")),
    "POST /clinic/accept/{token}": Row(
        RUNNER_SIDE,
        api=False,
        status=303,
        roles={SUBJECT: 400},
        url=_token("accept"),
        form={},
        redirect="/account",
    ),
    "GET /clinic/share": Row(RUNNER_SIDE, api=False),
    "POST /clinic/share": Row(RUNNER_SIDE, api=False, status=400, form={"code": "NOPE-NOPE"}),
    "GET /api/me/access": Row(RUNNER_SIDE, api=True),
    "POST /api/me/access": Row(RUNNER_SIDE, api=True, status=400, json={"code": "NOPE-NOPE"}),
    # The subject ends a spare clinician's access; that link is not the neighbour's to end.
    "DELETE /api/me/access/{link_id}": Row(
        RUNNER_SIDE,
        api=True,
        status=204,
        roles={NEIGHBOUR: 404},
        url=_link("/api/me/access/{link_id}", "api"),
    ),
    "POST /account/access/{link_id}/revoke": Row(
        RUNNER_SIDE,
        api=False,
        status=303,
        roles={NEIGHBOUR: 404},
        url=_link("/account/access/{link_id}/revoke", "page"),
        form={},
        redirect="/account",
    ),
    "GET /api/me/audit": Row(RUNNER_SIDE, api=True),
    # The runner's list of what their clinicians changed (outside the prefixes above, so listed here).
    "GET /api/clinical-actions": Row(RUNNER_SIDE, api=True),
}

PREFIXES = ("/clinic", "/api/clinic", "/api/me/access", "/api/me/audit", "/account/access")


def covered(route: str) -> bool:
    """Whether the route belongs to this matrix: its path is one of PREFIXES or under one."""
    path = route.split(" ", 1)[1]
    return any(path == prefix or path.startswith(prefix + "/") for prefix in PREFIXES)


# --- the world, once per database --------------------------------------------------------------------------


@pytest.fixture(
    scope="module",
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
    ],
)
def matrix_database(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[str]:
    """A fresh database for the module's world: a SQLite file, or a PostgreSQL database dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('clinic-matrix') / 'hipcoach.db'}"
        return
    admin = request.getfixturevalue("postgres_admin")
    if isinstance(admin, str):
        if os.environ.get("CI") == "true":
            pytest.fail(admin)
        pytest.skip(admin)
    assert isinstance(admin, Engine)
    name = f"{TEST_DATABASE_PREFIX}{uuid.uuid4().hex}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _browser(web_app, opened: list[TestClient]) -> TestClient:
    client = TestClient(web_app, follow_redirects=False)
    client.__enter__()
    opened.append(client)
    return client


def _clinician(
    app: Hipcoach,
    web_app,
    opened: list[TestClient],
    email: str,
    name: str,
    clinic_name: str,
    join_code: str = "",
) -> tuple[ClinicianView, TestClient]:
    view = make_clinician(app, email=email, name=name, clinic_name=clinic_name, join_code=join_code)
    client = _browser(web_app, opened)
    assert post_form(client, "/login", {"email": email, "password": CLINICIAN_PASSWORD}).status_code == 303
    return view, client


def _grant(app: Hipcoach, profile_id: int, clinician: ClinicianView) -> int:
    """The runner accepts the clinician's invitation; the id of the care link it makes."""
    invitation = clinic.invite(app, clinician)
    clinic.accept_invitation(app, profile_id, token=invitation.token)
    return next(a.link_id for a in clinic.access_list(app, profile_id) if a.clinician.id == clinician.id)


@pytest.fixture(scope="module")
def world(matrix_database: str, tmp_path_factory) -> Iterator[World]:
    opened: list[TestClient] = []
    with pytest.MonkeyPatch.context() as patch:
        # As conftest does per test: quick password hashing, and the machine's zone is UTC.
        patch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
        patch.setenv("TZ", "UTC")
        machine_zone_name.cache_clear()
        engine = open_database(matrix_database)
        clock = Clock()
        app = Hipcoach(engine=engine, library=default_library(), now=clock)
        data_dir = tmp_path_factory.mktemp("clinic-matrix-data")
        web_app = create_app(
            Settings(data_dir=Path(data_dir), secret_key="test-secret-key-not-for-production"), app
        )

        def signed_in(email: str) -> TestClient:
            client = _browser(web_app, opened)
            assert sign_up(client, email).status_code == 303
            assert post_form(client, "/login", {"email": email, "password": PASSWORD}).status_code == 303
            return client

        try:
            subject = make_subject(app, clock, signed_in, SUBJECT_EMAIL, SUBJECT_NOTE)
            neighbour = make_subject(app, clock, signed_in, NEIGHBOUR_EMAIL, "Bob session: all good")
            sam, sam_client = _clinician(
                app, web_app, opened, "sam@riverside.example", "Sam Ortiz", "Riverside"
            )
            join_code = clinic.clinician_profile(app, sam).clinic_join_code
            kim, kim_client = _clinician(
                app, web_app, opened, "kim@riverside.example", "Kim Lee", "", join_code
            )
            lou, lou_client = _clinician(
                app, web_app, opened, "lou@harbour.example", "Lou Park", "Harbour Clinic"
            )
            rex, rex_client = _clinician(
                app, web_app, opened, "rex@harbour.example", "Rex Stone", "Harbour Clinic 2"
            )
            _grant(app, subject.profile_id, sam)
            add_note(app, sam, subject.profile_id, PRIVATE_NOTE, "web")
            # Every other clinician has a caseload of their own (the neighbour), so a list they get is not
            # empty by accident; the revoked one had the subject too, and wrote a note while they could.
            for view in (kim, lou, rex):
                _grant(app, neighbour.profile_id, view)
            rex_link = _grant(app, subject.profile_id, rex)
            add_note(app, rex, subject.profile_id, "Rex note, written before the access ended", "web")
            clinic.revoke(app, subject.profile_id, rex_link)
            # Spare clinicians: their invitations and links are used up by the rows that accept and revoke.
            spare_a, _ = _clinician(app, web_app, opened, "a@spare.example", "Ada Spare", "Spare A")
            spare_b, _ = _clinician(app, web_app, opened, "b@spare.example", "Ben Spare", "Spare B")
            spare_c, _ = _clinician(app, web_app, opened, "c@spare.example", "Cat Spare", "Spare C")
            tokens = {
                "read": clinic.invite(app, spare_a).token,
                "accept": clinic.invite(app, spare_a).token,
            }
            links = {
                "api": _grant(app, subject.profile_id, spare_b),
                "page": _grant(app, subject.profile_id, spare_c),
            }
            clients = {
                ANONYMOUS: _browser(web_app, opened),
                SUBJECT: subject.client,
                NEIGHBOUR: neighbour.client,
                CARING: sam_client,
                COLLEAGUE: kim_client,
                STRANGER: lou_client,
                REVOKED: rex_client,
            }
            clinicians = {CARING: sam, COLLEAGUE: kim, STRANGER: lou, REVOKED: rex}
            yield World(app, subject, neighbour, clients, clinicians, tokens, links)
        finally:
            for client in opened:
                client.__exit__(None, None, None)
            engine.dispose()
            machine_zone_name.cache_clear()


# --- the matrix --------------------------------------------------------------------------------------------


def test_every_clinician_workspace_route_has_a_row(world):
    web_app = world.clients[ANONYMOUS].app
    served = served_routes(web_app)
    missing = sorted({route for route in served if covered(route)} - ROUTES.keys())
    stale = sorted(ROUTES.keys() - served)
    assert not missing, f"routes without a row in tests/web/test_clinic_access.py ROUTES: {missing}"
    assert not stale, f"rows in ROUTES for routes the app no longer serves: {stale}"


def url_of(route: str, row: Row, world: World) -> str:
    if row.url is not None:
        return row.url(world)
    return route.split(" ", 1)[1].format(runner_id=world.subject.profile_id)


def call(world: World, route: str, row: Row, role: str, token: bool = True):
    method = route.split(" ", 1)[0]
    client = world.clients[role]
    url = url_of(route, row, world)
    if method in SAFE:
        return client.request(method, url)
    body = row.form if row.form is not None else row.json
    if callable(body):
        body = body(world, role)
    if row.form is not None:
        data = dict(body or {}) | ({"csrf_token": csrf(client)} if token else {})
        return client.request(method, url, data=data)
    headers = {"X-CSRF-Token": csrf(client)} if token else {}
    return client.request(method, url, json=body, headers=headers)


def audit_of(app: Hipcoach, profile_id: int) -> list[tuple[str, str]]:
    with app.reading() as db:
        rows = db.execute(
            select(m.AuditEvent.actor_name, m.AuditEvent.action)
            .where(m.AuditEvent.profile_id == profile_id)
            .order_by(m.AuditEvent.id)
        ).all()
    return [(row.actor_name, row.action) for row in rows]


def leaks(world: World, text_: str, role: str) -> list[str]:
    """The subject's markers in a response to ``role``: all of them count for a stranger to the subject's
    data; the subject may see their own data, never a clinician's private note."""
    if role == CARING:
        return []
    markers = world.markers()
    if role == SUBJECT:
        markers = {"private note": markers["private note"]}
    return [kind for kind, pattern in markers.items() if re.search(pattern, text_)]


REFUSAL_LOCATIONS = {"/login", "/clinic/join", "/onboarding"}


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_clinic_access(route, world):
    row = ROUTES[route]
    app, subject = world.app, world.subject
    method = route.split(" ", 1)[0]
    for role in ROLES:
        counts, log = row_counts(app), audit_of(app, subject.profile_id)
        response = call(world, route, row, role)
        expected = row.expected(role)
        assert response.status_code == expected, f"{role}: {response.status_code} {response.text[:300]}"
        location = response.headers.get("location", "")
        refused = not row.allowed(role) or response.status_code >= 400
        if response.status_code == 303 and refused:
            wanted = "/login" if role == ANONYMOUS else "/clinic/join" if role in RUNNERS else "/onboarding"
            assert location.startswith(wanted), f"{role}: sent to {location}"
        elif response.status_code == 303 and row.redirect is not None:
            assert location.startswith(row.redirect), f"{role}: sent to {location}"
        assert not leaks(world, response.text, role), (
            f"{role} sees the subject's {leaks(world, response.text, role)}"
        )
        # The security headers, as test_security_headers.py checks them on every other route.
        assert not missing_headers(response, cacheable=False), f"{role}: {missing_headers(response, False)}"
        new_lines = audit_of(app, subject.profile_id)[len(log) :]
        after = row_counts(app)
        if refused:
            assert after == counts, f"{role}: a refused request wrote something"
        elif method in SAFE:
            # A read writes nothing but its lines in the log: one for the subject, from the clinician they
            # share with, where the route shows the subject; none otherwise.
            reads_subject = role == CARING and (row.kind == CARED or row.lists_caseload)
            assert new_lines == ([("Sam Ortiz", "read")] if reads_subject else []), role
            assert {k: v for k, v in after.items() if k != "audit_events"} == {
                k: v for k, v in counts.items() if k != "audit_events"
            }, f"{role}: a read wrote something"
        elif row.kind == CARED:
            assert ("Sam Ortiz", "change") in new_lines, "a change to the subject is in their log"


def test_a_clinician_without_access_never_finds_the_subject_in_their_caseload(world):
    for role in (COLLEAGUE, STRANGER, REVOKED):
        client = world.clients[role]
        caseload = client.get("/api/clinic/runners")
        assert caseload.status_code == 200
        assert SUBJECT_EMAIL not in caseload.text and NEIGHBOUR_EMAIL in caseload.text, role
        page = client.get("/clinic")
        assert SUBJECT_EMAIL not in page.text and NEIGHBOUR_EMAIL in page.text, role
    assert SUBJECT_EMAIL in world.clients[CARING].get("/api/clinic/runners").text


CHANGES = sorted(route for route in ROUTES if route.split(" ", 1)[0] not in SAFE)


@pytest.mark.parametrize("route", CHANGES)
def test_a_change_without_its_csrf_token_is_refused_and_nothing_is_written(route, world):
    row = ROUTES[route]
    role = next(r for r in (CARING, SUBJECT, NEIGHBOUR, COLLEAGUE) if row.allowed(r))
    counts = row_counts(world.app)
    refused = call(world, route, row, role, token=False)
    assert refused.status_code == 403
    assert row_counts(world.app) == counts


RUNNER_ROUTES = sorted(route for route in ROUTES if "{runner_id}" in route)
TAMPERED = ("0", "-1", "abc", "1.5", "987654", str(2**31), str(2**63))


@pytest.mark.parametrize("route", RUNNER_ROUTES)
def test_a_tampered_runner_id_is_not_found(route, world):
    path = route.split(" ", 1)[1]
    client = world.clients[CARING]
    for tampered in TAMPERED:
        url = re.sub(r"\{(\w+)(:\w+)?\}", tampered, path)
        response = client.get(url)
        assert response.status_code in (404, 405, 422), f"{url}: {response.status_code}"


def test_the_subject_reads_each_clinician_read_in_their_log_but_never_a_note_text(world):
    assert world.clients[CARING].get(f"/clinic/runners/{world.subject.profile_id}/running").status_code == 200
    log = world.clients[SUBJECT].get("/api/me/audit")
    assert log.status_code == 200
    newest = log.json()["lines"][0]
    assert ("Sam Ortiz" in newest["who"], newest["what"]) == (True, "your running load")
    assert PRIVATE_NOTE not in log.text and "added a private note" in log.text
