"""Pause and clearance in the browser's pages and the JSON API, on SQLite and PostgreSQL (BRIEF §2.2): a red
flag holds the runner until a clearance is recorded, retaking the screening lifts nothing, and another account
can neither read nor record a clearance for this runner."""

from __future__ import annotations

import re

from hipcoach.domain.screening import asked_at_screening
from hipcoach.services.context import Hipcoach
from hipcoach.storage import models as m
from tests.integration.helpers import count
from tests.web.conftest import csrf, page_text, post_form
from tests.web.pages import onboard, profile_id

CLEARANCE = {"cleared_by": "Dr Kim Lee", "profession": "sports physician", "note": "Easy running is fine."}


def screen(client, app: Hipcoach, flags=(), signs=("tight-hip-flexors",)) -> int:
    """The screening form with every question answered: yes to ``signs`` and ``flags``, no to the rest."""
    form: dict[str, object] = {
        f"sign.{sign_id}": "yes" if sign_id in signs else "no" for sign_id in app.library.signs
    }
    for flag in asked_at_screening(app.library.red_flags, frozenset(signs)):
        form[f"flag.{flag.id}"] = "yes" if flag.id in flags else "no"
    response = post_form(client, "/screening", form)
    assert response.status_code == 303, page_text(response)[:500]
    return int(response.headers["location"].rsplit("/", 1)[1])


def newcomer(signed_in, email: str = "ana@example.com"):
    client = signed_in(email)
    assert onboard(client).status_code == 303
    return client


def clear(client, clock, **changes):
    return post_form(client, "/clearance", CLEARANCE | {"cleared_on": clock.today().isoformat()} | changes)


def test_a_newcomer_with_a_red_flag_gets_no_program_until_a_clearance(signed_in, hipcoach, clock):
    client = newcomer(signed_in)
    flagged = screen(client, hipcoach, flags=("sharp-pain",))
    referral = client.get(f"/screening/{flagged}")
    assert 'href="/clearance">record their clearance</a>' in referral.text
    assert "Taking the screening again does not lift it" in page_text(referral)

    clock.advance(hours=1)
    retaken = screen(client, hipcoach)  # the tick left out
    result = page_text(client.get(f"/screening/{retaken}"))
    assert "No program has been started" in result and "taking the screening again does not lift it" in result

    page = client.get("/program")
    text = page_text(page)
    assert "No program yet" in text and "See a clinician before you go on" in text
    assert "On hold since 2 November 2026: no program starts until a clearance is recorded" in text
    assert f"What raised it: {hipcoach.library.red_flags['sharp-pain'].question}" in text
    assert '<a class="button" href="/clearance">Record a clearance</a>' in page.text
    assert "Take the screening</a>" not in page.text

    form = page_text(client.get("/clearance"))
    assert "What this clearance lifts" in form and "self-reported" in form

    clock.advance(days=1)
    recorded = clear(client, clock)
    assert recorded.status_code == 303
    record = client.get(recorded.headers["location"])
    text = page_text(record)
    assert "Cleared by Dr Kim Lee , sports physician, on 3 November 2026" in text
    assert "Self-reported: you recorded it." in text and "Easy running is fine." in text
    assert '<a class="button" href="/screening">Take the screening</a>' in record.text

    assert "Phase 1 - mobility" not in page_text(client.get("/program"))
    clock.advance(hours=1)
    screen(client, hipcoach)
    assert "Phase 1 - mobility" in page_text(client.get("/program"))


def test_a_running_program_paused_by_a_red_flag_resumes_after_a_clearance(signed_in, hipcoach, clock):
    client = newcomer(signed_in)
    screen(client, hipcoach)
    clock.advance(days=2)
    screen(client, hipcoach, flags=("night-pain",))
    clock.advance(hours=1)
    retaken = screen(client, hipcoach)
    assert "Your program stays paused" in page_text(client.get(f"/screening/{retaken}"))
    page = page_text(client.get("/program"))
    assert "Your program is paused, on hold since 4 November 2026" in page and "Today's session" not in page

    clock.advance(days=1)
    record = client.get(clear(client, clock).headers["location"])
    assert "Your program runs again where it stopped" in page_text(record)
    page = page_text(client.get("/program"))
    assert "on hold since" not in page and "Today's session" in page

    progress = client.get("/progress")
    assert "Holds and clearances" in page_text(progress)
    assert re.search(r'href="/clearances/\d+">Cleared by Dr Kim Lee, sports physician', progress.text)


def test_a_clearance_without_name_or_profession_is_refused_and_nothing_is_stored(signed_in, hipcoach, clock):
    client = newcomer(signed_in)
    screen(client, hipcoach, flags=("sharp-pain",))
    for missing in ({"cleared_by": " "}, {"profession": ""}, {"cleared_on": "next week"}):
        refused = clear(client, clock, **missing)
        assert refused.status_code == 400
        assert 'role="alert"' in refused.text
    assert "name of who cleared you is missing" in page_text(clear(client, clock, cleared_by=""))
    assert "is not a date" in page_text(clear(client, clock, cleared_on="next week"))
    assert count(hipcoach, m.Clearance) == 0
    assert "See a clinician before you go on" in page_text(client.get("/program"))


def test_with_nothing_on_hold_the_form_says_so_and_a_clearance_is_refused(signed_in, hipcoach, clock):
    client = newcomer(signed_in)
    screen(client, hipcoach)
    assert "Nothing is on hold" in page_text(client.get("/clearance"))
    refused = clear(client, clock)
    assert refused.status_code == 400 and "Nothing is on hold" in page_text(refused)
    assert count(hipcoach, m.Clearance) == 0


# --- the JSON API -------------------------------------------------------------------------------------------


def api_post(client, url: str, body: dict):
    return client.post(url, json=body, headers={"X-CSRF-Token": csrf(client)})


def test_the_api_shows_the_hold_records_a_clearance_and_resumes_the_program(signed_in, hipcoach, clock):
    client = newcomer(signed_in)
    screen(client, hipcoach)
    clock.advance(days=1)
    screen(client, hipcoach, flags=("leg-numbness-tingling",))

    listed = client.get("/api/clearances").json()
    assert listed["on_hold"] and listed["has_program"] and listed["clearances"] == []
    hold = listed["hold"]
    assert hold["level"] == "refer" and [f["id"] for f in hold["red_flags"]] == ["leg-numbness-tingling"]
    assert hold["began_on"] == "2026-11-03" and hold["rule_id"] == "clearance.hold"
    assert "Taking the screening again does not lift a hold" in hold["what_lifts"]

    missing = api_post(client, "/api/clearances", {"cleared_by": "Dr Kim Lee"})
    assert missing.status_code == 422 and "profession" in missing.text
    blank = api_post(client, "/api/clearances", {"cleared_by": "  ", "profession": "doctor"})
    assert blank.status_code == 422 and "cleared_by" in blank.text
    assert count(hipcoach, m.Clearance) == 0

    clock.advance(hours=2)
    made = api_post(client, "/api/clearances", {"cleared_by": "Dr Kim Lee", "profession": "doctor"})
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["program"] == "resumed" and body["self_reported"] is True
    assert body["lifted_red_flags"] == ["leg-numbness-tingling"] and body["cleared_on"] == "2026-11-03"
    assert client.get("/api/program").json()["status"] == "active"
    assert client.get(f"/api/clearances/{body['id']}").json()["cleared_by"] == "Dr Kim Lee"
    listed = client.get("/api/clearances").json()
    assert not listed["on_hold"] and listed["hold"] is None and len(listed["clearances"]) == 1

    again = api_post(client, "/api/clearances", {"cleared_by": "Dr Kim Lee", "profession": "doctor"})
    assert again.status_code == 400 and "nothing is on hold" in again.json()["detail"]


def test_another_account_can_neither_read_nor_record_a_clearance_for_this_runner(signed_in, hipcoach, clock):
    ana = newcomer(signed_in, "ana@example.com")
    screen(ana, hipcoach, flags=("sharp-pain",))
    clock.advance(days=1)
    clearance_id = api_post(ana, "/api/clearances", CLEARANCE).json()["id"]
    clock.advance(hours=1)
    screen(ana, hipcoach, flags=("sharp-pain",))  # on hold again

    bob = newcomer(signed_in, "bob@example.com")
    assert bob.get(f"/api/clearances/{clearance_id}").status_code == 404
    assert bob.get(f"/clearances/{clearance_id}").status_code == 404
    assert "Dr Kim Lee" not in bob.get("/api/clearances").text
    # Bob's clearance is his own: nothing holds him, so it is refused, and Ana stays on hold.
    assert api_post(bob, "/api/clearances", CLEARANCE).status_code == 400
    assert clear(bob, clock).status_code == 400
    assert count(hipcoach, m.Clearance) == 1
    assert ana.get("/api/clearances").json()["on_hold"]
    ana_id = profile_id(hipcoach, "ana@example.com")
    with hipcoach.reading() as db:
        assert {c.profile_id for c in db.query(m.Clearance)} == {ana_id}


def test_a_cleared_history_answer_shows_as_cleared_and_starts_the_program(signed_in, hipcoach, clock):
    client = newcomer(signed_in)
    screen(client, hipcoach, flags=("cancer-history",))
    clock.advance(days=1)
    assert clear(client, clock).status_code == 303
    clock.advance(hours=1)
    again = client.get(f"/screening/{screen(client, hipcoach, flags=('cancer-history',))}")
    text = page_text(again)
    assert "Your screening result" in text and "See a clinician before you start" not in text
    question = hipcoach.library.red_flags["cancer-history"].question
    assert f"Already cleared by a clinician, so not raised again: {question}" in text
    assert "Phase 1 - mobility" in page_text(client.get("/program"))
