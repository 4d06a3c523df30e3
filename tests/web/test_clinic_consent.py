"""The clinician's sign-up, invitations and the runner's consent in the browser's pages and the JSON API, on
SQLite and PostgreSQL (BRIEF §10): a clinician signs up and invites, the runner accepts by link or code, sees
who looked at their data and revokes in one click, after which the clinician's next request is refused."""

from __future__ import annotations

import re
from typing import Annotated

import pytest
from fastapi import APIRouter, Depends

from hipcoach.services.context import Hipcoach
from hipcoach.storage import models as m
from hipcoach.web.deps import cared_runner_id
from tests.integration.helpers import count
from tests.web.conftest import PASSWORD, csrf, page_text, post_form
from tests.web.pages import onboard, profile_id

SAM = {"name": "Sam Ortiz", "profession": "PT", "clinic": "new", "clinic_name": "Riverside Physio"}


@pytest.fixture
def web_app(web_app):
    """The app with one clinician route that reads a runner, as the workspace's pages do (logged, 404 without
    consent): these tests need a clinician's request without depending on the runner pages themselves."""
    probe = APIRouter()

    @probe.get("/api/clinic/runners/{runner_id}/probe", summary="your check-ins")
    def read_runner(runner_id: Annotated[int, Depends(cared_runner_id)]) -> dict[str, int]:
        return {"runner": runner_id}

    web_app.include_router(probe)
    return web_app


def api(client, method: str, url: str, body: dict | None = None):
    return client.request(method, url, json=body, headers={"X-CSRF-Token": csrf(client)})


def clinician(signed_in, email: str = "sam@clinic.example", **form):
    client = signed_in(email)
    joined = post_form(client, "/clinic/join", SAM | form)
    assert joined.status_code == 303 and joined.headers["location"] == "/clinic", page_text(joined)[:400]
    return client


def runner(signed_in, email: str = "ana@example.com"):
    client = signed_in(email)
    assert onboard(client).status_code == 303
    assert post_form(client, "/account/timezone", {"timezone": "Europe/Berlin"}).status_code == 303
    return client


def invitation(client) -> tuple[str, str]:
    """The link and the code of a new invitation, as its page shows them once."""
    page = post_form(client, "/clinic/invite")
    assert page.status_code == 200
    link = re.search(r'id="invitation-link" value="([^"]+)"', page.text)
    code = re.search(r'id="invitation-code">([^<]+)<', page.text)
    assert link and code
    return link.group(1), code.group(1)


def rows(app: Hipcoach) -> tuple[int, int, int]:
    return count(app, m.CareLink), count(app, m.Invitation), count(app, m.AuditEvent)


def probe(client, runner_id: int):
    return client.get(f"/api/clinic/runners/{runner_id}/probe")


# --- the clinician's sign-up -----------------------------------------------------------------------------


def test_the_join_form_names_each_problem_and_keeps_what_was_typed(signed_in, hipcoach):
    client = signed_in("sam@clinic.example")
    assert "Set up your clinician profile" in page_text(client.get("/clinic/join"))
    for form, message in (
        (SAM | {"name": " "}, "Please give your name."),
        (SAM | {"profession": ""}, "Please give your profession."),
        (SAM | {"clinic_name": ""}, "Please give your clinic&#39;s name."),
        (SAM | {"clinic": "join", "join_code": ""}, "Please give the join code"),
        (SAM | {"clinic": "join", "join_code": "ZZZZ-ZZZZ"}, "No clinic has that join code"),
    ):
        page = post_form(client, "/clinic/join", form)
        assert page.status_code == 400 and message in page_text(page)
        assert 'value="Riverside Physio"' in page.text or form["clinic_name"] == ""
    assert count(hipcoach, m.Clinician) == 0

    assert post_form(client, "/clinic/join", SAM).headers["location"] == "/clinic"
    assert client.get("/clinic/join").headers["location"] == "/clinic"  # once is enough
    again = post_form(client, "/clinic/join", SAM)
    assert again.status_code == 400 and "already has a clinician profile" in page_text(again)
    assert count(hipcoach, m.Clinician) == 1


def test_a_colleague_joins_the_clinic_by_the_code_on_the_invite_page(signed_in, hipcoach):
    sam = clinician(signed_in)
    join_code = re.search(r'id="join-code">([^<]+)<', sam.get("/clinic/invite").text)
    assert join_code
    kim = clinician(
        signed_in, "kim@clinic.example", name="Kim Lee", clinic="join", join_code=join_code.group(1).lower()
    )
    me = kim.get("/api/clinic/me").json()
    assert me["clinic"]["name"] == "Riverside Physio" and me["colleagues"] == 1 and me["runners"] == 0


def test_a_clinician_without_a_runner_profile_lands_on_the_clinic_not_onboarding(signed_in, new_client):
    client = clinician(signed_in)
    assert client.get("/").headers["location"] == "/clinic"
    nav = page_text(client.get("/clinic/invite")).split("Skip to content")[1][:120]
    assert "Clinic Library Account" in nav and "Program" not in nav
    account = client.get("/account")
    assert account.status_code == 200 and "Your clinician profile" in page_text(account)
    assert "Who can see your data" not in page_text(account)  # no runner data of their own

    fresh = new_client()
    signed = post_form(fresh, "/login", {"email": "sam@clinic.example", "password": PASSWORD})
    assert signed.headers["location"] == "/clinic"


def test_sign_up_and_sign_in_lead_a_clinician_to_their_profile(anonymous):
    assert 'href="/signup?next=/clinic/join"' in anonymous.get("/login").text
    assert "Physical therapist or coach?" in page_text(anonymous.get("/signup"))
    assert anonymous.get("/clinic/join").headers["location"] == "/login?next=/clinic/join"
    signup = anonymous.get("/signup?next=/clinic/join")
    assert '<input type="hidden" name="next" value="/clinic/join">' in signup.text
    made = post_form(
        anonymous,
        "/signup",
        {
            "email": "lee@clinic.example",
            "password": PASSWORD,
            "password_again": PASSWORD,
            "next": "/clinic/join",
        },
    )
    assert made.headers["location"] == "/login?signed_up=1&next=/clinic/join"
    login = anonymous.get(made.headers["location"])
    assert '<input type="hidden" name="next" value="/clinic/join">' in login.text
    signed = post_form(
        anonymous,
        "/login",
        {"email": "lee@clinic.example", "password": PASSWORD, "next": "/clinic/join"},
    )
    assert signed.headers["location"] == "/clinic/join"


def test_a_crafted_next_on_sign_up_leads_nowhere_else(anonymous):
    signup = anonymous.get("/signup?next=https://evil.example/")
    assert "evil.example" not in signup.text


# --- the invitation, end to end --------------------------------------------------------------------------


def test_invite_accept_look_and_revoke_end_to_end(signed_in, anonymous, hipcoach, clock):
    sam = clinician(signed_in)
    ana = runner(signed_in)
    ana_id = profile_id(hipcoach, "ana@example.com")
    assert probe(sam, ana_id).status_code == 404  # no consent yet: as if Ana did not exist

    link, code = invitation(sam)
    assert link.startswith("http://testserver/clinic/accept/") and len(code) == 10
    path = link.removeprefix("http://testserver")
    page = page_text(sam.get("/clinic/invite"))
    assert code not in page and path not in page  # shown once only

    visitor = anonymous.get(path)
    assert visitor.status_code == 303 and visitor.headers["location"] == f"/login?next={path}"
    login = anonymous.get(visitor.headers["location"])
    assert f'<input type="hidden" name="next" value="{path}">' in login.text
    back = post_form(anonymous, "/login", {"email": "ana@example.com", "password": PASSWORD, "next": path})
    assert back.headers["location"] == path  # signed in, back at the invitation

    asks = ana.get(path)
    text = page_text(asks)
    assert asks.status_code == 200
    assert "Share your data with Sam Ortiz, PT?" in text and "Riverside Physio" in text
    assert "Everything in your hipcoach" in text and "Clear a pause" in text and "end their access" in text
    assert rows(hipcoach)[0] == 0  # looking at the invitation shares nothing

    clock.advance(hours=1)
    accepted = post_form(ana, path)
    assert accepted.status_code == 303 and accepted.headers["location"].startswith("/account?shared=")
    account = page_text(ana.get(accepted.headers["location"]))
    assert "Sam Ortiz, PT (Riverside Physio) can now see your data" in account
    assert "Sam Ortiz, PT , Riverside Physio Since 2 Nov 2026, by their invitation" in account
    assert "No clinician has looked at your data" in account

    assert probe(sam, ana_id).json() == {"runner": ana_id}
    assert sam.get("/api/clinic/me").json()["runners"] == 1
    account = page_text(ana.get("/account"))
    assert "Sam Ortiz, PT — viewed your check-ins — 2 Nov 2026 09:00 (API)" in account  # Berlin: UTC+1
    actions = page_text(sam.get("/clinic/actions"))
    assert "ana@example.com — viewed your check-ins — 2 Nov 2026" in actions

    used = post_form(ana, path)  # the same link again
    assert used.status_code == 400 and "may have expired or been used already" in page_text(used)

    link_id = ana.get("/api/me/access").json()[0]["id"]
    revoked = post_form(ana, f"/account/access/{link_id}/revoke")
    assert revoked.status_code == 303
    confirmed = page_text(ana.get(revoked.headers["location"]))
    assert "Revoked: Sam Ortiz, PT can no longer see your data" in confirmed
    assert "Only you." in confirmed
    assert "viewed your check-ins" in confirmed  # the log stays
    assert probe(sam, ana_id).status_code == 404
    assert "A runner who has since ended your access" in page_text(sam.get("/clinic/actions"))


def test_revoking_needs_the_pages_token_and_only_ever_the_runners_own(signed_in, hipcoach):
    sam = clinician(signed_in)
    ana = runner(signed_in)
    ben = runner(signed_in, "ben@example.com")
    ana_id = profile_id(hipcoach, "ana@example.com")
    accepted = post_form(ana, invitation(sam)[0].removeprefix("http://testserver"))
    assert accepted.status_code == 303
    link_id = ana.get("/api/me/access").json()[0]["id"]

    forged = ana.post(f"/account/access/{link_id}/revoke")
    assert forged.status_code == 403
    assert post_form(ben, f"/account/access/{link_id}/revoke").status_code == 404
    assert api(ben, "DELETE", f"/api/me/access/{link_id}").status_code == 404
    assert probe(sam, ana_id).status_code == 200


def test_an_expired_or_forged_link_says_so_and_writes_nothing(signed_in, hipcoach, clock):
    sam = clinician(signed_in)
    ana = runner(signed_in)
    path = invitation(sam)[0].removeprefix("http://testserver")
    clock.advance(days=7)
    before = rows(hipcoach)
    for url in (path, "/clinic/accept/not-a-real-token"):
        page = ana.get(url)
        assert page.status_code == 400 and "This invitation cannot be used" in page_text(page)
        refused = post_form(ana, url)
        assert refused.status_code == 400 and "may have expired or been used already" in page_text(refused)
    assert ana.get("/clinic/accept/bad%20token!").status_code == 404
    assert rows(hipcoach) == before


def test_a_clinician_who_runs_too_cannot_accept_their_own_invitation(signed_in, hipcoach):
    sam = clinician(signed_in)
    assert onboard(sam).status_code == 303  # Sam runs too
    path = invitation(sam)[0].removeprefix("http://testserver")
    page = page_text(sam.get(path))
    assert "This is your own invitation" in page and "Give access" not in page
    before = rows(hipcoach)
    refused = post_form(sam, path)
    assert refused.status_code == 400 and "this is your own invitation" in page_text(refused).lower()
    assert rows(hipcoach) == before
    nav = page_text(sam.get("/account")).split("Skip to content")[1][:80]
    assert nav.startswith(" hipcoach Clinic Program")


# --- sharing by code -------------------------------------------------------------------------------------


def test_a_runner_types_a_code_and_each_wrong_code_is_named(signed_in, hipcoach):
    sam = clinician(signed_in)
    ana = runner(signed_in)
    share_code = sam.get("/api/clinic/me").json()["share_code"]
    assert "Share with a clinician" in page_text(ana.get("/clinic/share"))
    before = rows(hipcoach)
    for typed, message in (
        ("", "Please type the code"),
        ("ABC", "the one typed has 3"),
        ("ABCDEFGH", "No clinician has that code"),
        ("ABCDEFGHJK", "may have expired or been used already"),
    ):
        page = post_form(ana, "/clinic/share", {"code": typed})
        assert page.status_code == 400 and message in page_text(page), page_text(page)[:300]
    assert rows(hipcoach) == before

    shared = post_form(ana, "/clinic/share", {"code": share_code.lower()})
    assert shared.status_code == 303
    assert "Since 2 Nov 2026, by their code" in page_text(ana.get(shared.headers["location"]))
    again = post_form(ana, "/clinic/share", {"code": share_code})
    assert again.status_code == 400 and "already has access" in page_text(again)


# --- the JSON API ----------------------------------------------------------------------------------------


def test_the_api_covers_sign_up_invitations_access_and_the_logs(signed_in, hipcoach):
    lee = signed_in("lee@clinic.example")
    assert lee.get("/api/clinic/me").status_code == 403
    for body in (
        {"name": "Lee", "profession": "PT"},
        {"name": "Lee", "profession": "PT", "clinic_name": "A", "join_code": "B"},
    ):
        assert api(lee, "POST", "/api/clinic/join", body).status_code == 422
    bad = api(lee, "POST", "/api/clinic/join", {"name": "", "profession": "PT", "clinic_name": "Lakeside"})
    assert bad.status_code == 400 and "name" in bad.json()["detail"]
    made = api(
        lee,
        "POST",
        "/api/clinic/join",
        {"name": "Lee Park", "profession": "coach", "clinic_name": "Lakeside"},
    )
    assert made.status_code == 201
    assert made.json()["signature"] == "Lee Park, coach" and made.json()["clinic"]["name"] == "Lakeside"
    assert (
        api(
            lee, "POST", "/api/clinic/join", {"name": "L", "profession": "PT", "clinic_name": "X"}
        ).status_code
        == 409
    )

    new = api(lee, "POST", "/api/clinic/invitations")
    assert new.status_code == 201
    assert new.json()["link"].startswith("http://testserver/clinic/accept/")
    assert new.json()["expires_at"].startswith("2026-11-09T07:00:00")

    ana = runner(signed_in)
    assert api(ana, "POST", "/api/me/access", {}).status_code == 422
    assert api(ana, "POST", "/api/me/access", {"token": "x", "code": "y"}).status_code == 422
    forged = api(ana, "POST", "/api/me/access", {"token": "forged"})
    assert forged.status_code == 400 and "may have expired" in forged.json()["detail"]

    token = new.json()["link"].rsplit("/", 1)[1]
    granted = api(ana, "POST", "/api/me/access", {"token": token})
    assert granted.status_code == 201
    assert (
        granted.json()["clinician"]["signature"] == "Lee Park, coach"
        and granted.json()["via"] == "invitation"
    )
    share_code = lee.get("/api/clinic/me").json()["share_code"]
    duplicate = api(ana, "POST", "/api/me/access", {"code": share_code})
    assert duplicate.status_code == 409 and "already has access" in duplicate.json()["detail"]
    assert [item["clinician"]["name"] for item in ana.get("/api/me/access").json()] == ["Lee Park"]

    ana_id = profile_id(hipcoach, "ana@example.com")
    assert probe(lee, ana_id).status_code == 200
    audit = ana.get("/api/me/audit").json()
    assert audit["older"] == 0
    assert [(line["who"], line["text"], line["channel"]) for line in audit["lines"]] == [
        ("Lee Park, coach", "viewed your check-ins", "api")
    ]
    mine = lee.get("/api/clinic/actions").json()["lines"]
    assert [(line["runner_id"], line["runner_name"], line["action"]) for line in mine] == [
        (ana_id, "ana@example.com", "read")
    ]

    link_id = granted.json()["id"]
    assert api(ana, "DELETE", f"/api/me/access/{link_id}").status_code == 204
    assert api(ana, "DELETE", f"/api/me/access/{link_id}").status_code == 404
    assert ana.get("/api/me/access").json() == []
    assert probe(lee, ana_id).status_code == 404
    assert lee.get("/api/clinic/actions").json()["lines"][0]["runner_name"] is None


def test_a_clinician_without_a_runner_profile_is_told_to_set_one_up_before_sharing(signed_in, hipcoach):
    sam = clinician(signed_in)
    kim = clinician(signed_in, "kim@other.example", name="Kim Lee", clinic_name="Track Club")
    path = invitation(sam)[0].removeprefix("http://testserver")
    page = page_text(kim.get(path))
    assert "you need a runner profile first" in page and "Give access" not in page
    before = rows(hipcoach)
    assert post_form(kim, path).headers["location"] == "/onboarding"
    assert rows(hipcoach) == before
