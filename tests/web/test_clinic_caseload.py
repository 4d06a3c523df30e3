"""The caseload page and its API: only runners who consented, most urgent first, filters and search, the
empty caseload, and one read line per runner listed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from hipcoach.domain.content import Block
from hipcoach.services import clinic
from hipcoach.services.care import ClinicianView
from hipcoach.services.caseload import AUDIT_WHAT
from hipcoach.services.context import Hipcoach
from hipcoach.storage import models as m
from tests.integration.clinic_helpers import CLINICIAN_PASSWORD, give_access, make_clinician
from tests.integration.helpers import do_session, morning, screened_runner
from tests.web.conftest import page_text, post_form


def sign_in(new_client: Callable[[], TestClient], email: str) -> TestClient:
    client = new_client()
    assert post_form(client, "/login", {"email": email, "password": CLINICIAN_PASSWORD}).status_code == 303
    return client


class Room:
    def __init__(self, app: Hipcoach, clock, new_client: Callable[[], TestClient]) -> None:
        self.app = app
        self.sam: ClinicianView = make_clinician(app)
        self.client = sign_in(new_client, "sam@clinic.example")
        # Ana checks in and trains each morning; Bea reports a warning sign; Cal never shared his data.
        self.ana, self.bea, self.cal = (
            screened_runner(app, name) for name in ("Ana Alves", "Bea Brook", "Cal Cole")
        )
        for day in range(4):
            for pid in (self.ana, self.bea, self.cal):
                flags = frozenset({"leg-numbness-tingling"}) if pid == self.bea and day == 3 else frozenset()
                morning(app, pid, pain=1, tightness=3, flags=flags)
                if not flags:
                    do_session(app, pid, Block.MOBILITY)
            clock.advance(days=1)
        give_access(app, self.ana, self.sam)
        give_access(app, self.bea, self.sam)

    def reads(self, profile_id: int) -> list[tuple[str, str]]:
        with self.app.reading() as db:
            rows = db.execute(
                select(m.AuditEvent.what, m.AuditEvent.channel).where(m.AuditEvent.profile_id == profile_id)
            ).all()
        return [(row.what, row.channel) for row in rows]


@pytest.fixture
def room(hipcoach, clock, new_client) -> Room:
    return Room(hipcoach, clock, new_client)


def test_the_page_lists_consented_runners_most_urgent_first(room):
    page = room.client.get("/clinic")
    assert page.status_code == 200
    text = page_text(page)
    assert "Bea Brook" in text and "Ana Alves" in text and "Cal Cole" not in text
    assert text.index("Bea Brook") < text.index("Ana Alves")
    assert "On hold" in text and "waiting for a clearance" in text
    assert f'href="/clinic/runners/{room.bea}"' in page.text
    assert '<svg class="sparkline"' in page.text and "<desc" in page.text
    assert "Pain from 1 to 1 out of 10" in page.text
    assert room.reads(room.ana) == [(AUDIT_WHAT, "web")]
    assert room.reads(room.cal) == []


def test_a_revoked_runner_disappears_from_page_and_api(room):
    (link,) = clinic.access_list(room.app, room.ana)
    clinic.revoke(room.app, room.ana, link.link_id)
    assert "Ana Alves" not in page_text(room.client.get("/clinic"))
    names = [row["name"] for row in room.client.get("/api/clinic/runners").json()["runners"]]
    assert names == ["Bea Brook"]
    assert room.reads(room.ana) == []


def test_filters_and_search_work_without_script(room):
    held = page_text(room.client.get("/clinic", params={"attention": "hold"}))
    assert "Bea Brook" in held and "Ana Alves" not in held
    found = page_text(room.client.get("/clinic", params={"q": "alves"}))
    assert "Ana Alves" in found and "Bea Brook" not in found
    none = page_text(room.client.get("/clinic", params={"phase": "3"}))
    assert "No runner matches these filters." in none and "Show everyone" in none


def test_an_unknown_filter_shows_the_page_again_with_the_problem(room):
    page = room.client.get("/clinic", params={"attention": "soon"})
    assert page.status_code == 400
    assert "There is no attention kind &#39;soon&#39;; use one of hold, pain-rising" in page_text(page)


def test_the_api_gives_the_same_rows_with_filters(room):
    body = room.client.get("/api/clinic/runners").json()
    assert body["total"] == 2
    bea, ana = body["runners"]
    assert (bea["name"], bea["attention"][0]["code"], bea["attention"][0]["rule_id"]) == (
        "Bea Brook",
        "hold",
        "caseload.hold",
    )
    assert ana["name"] == "Ana Alves" and ana["attention"] == []
    assert ana["phase"] == 1 and ana["program_status"] == "active"
    assert [p["pain"] for p in ana["symptoms"]] == [1, 1, 1, 1]
    assert room.reads(room.ana) == [(AUDIT_WHAT, "api")]
    only = room.client.get("/api/clinic/runners", params={"attention": "hold", "q": "bea"}).json()
    assert [row["name"] for row in only["runners"]] == ["Bea Brook"]
    assert room.client.get("/api/clinic/runners", params={"phase": 2}).json()["runners"] == []


@pytest.mark.parametrize("params", [{"attention": "soon"}, {"phase": 5}, {"q": "x" * 81}])
def test_the_api_names_a_bad_filter(room, params):
    response = room.client.get("/api/clinic/runners", params=params)
    assert response.status_code == 422
    assert list(params)[0] in str(response.json()["detail"])


def test_a_runner_account_is_refused_the_api_and_sent_to_join_from_the_page(room, signed_in):
    runner = signed_in("ana@example.com")
    assert runner.get("/api/clinic/runners").status_code == 403
    page = runner.get("/clinic", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/clinic/join"


def test_an_empty_caseload_says_how_to_invite(hipcoach, new_client):
    make_clinician(hipcoach, email="new@clinic.example", name="Noa New")
    client = sign_in(new_client, "new@clinic.example")
    page = client.get("/clinic")
    assert page.status_code == 200
    assert "No runners yet" in page_text(page)
    assert 'href="/clinic/invite"' in page.text
    assert client.get("/api/clinic/runners").json() == {"total": 0, "runners": []}


def test_openapi_lists_the_caseload(room):
    spec = room.client.get("/openapi.json").json()
    operation = spec["paths"]["/api/clinic/runners"]["get"]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "CaseloadPublic"
    )
