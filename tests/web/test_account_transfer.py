"""Downloading one's data from the account page and importing it into another account."""

from __future__ import annotations

import json

from hipcoach.services import transfer
from hipcoach.web import body_limit
from tests.web.conftest import page_text, post_form
from tests.web.test_access import row_counts
from tests.web.test_clinic_runner import make_subject

SESSION_NOTE = "Felt the left hip loosen after the second round"


def upload(client, raw: bytes, name: str = "hipcoach-export.json"):
    return post_form(client, "/account/import", files={"file": (name, raw, "application/json")})


def comparable(exported: dict) -> dict:
    """An export less what differs between two accounts: the moment it was made and the profile's name."""
    exported = dict(exported)
    exported.pop("exported_at")
    exported["profile"] = {k: v for k, v in exported["profile"].items() if k != "name"}
    return exported


def test_the_download_imported_into_a_new_account_shows_the_same_history(hipcoach, clock, signed_in):
    ana = make_subject(hipcoach, clock, signed_in, "ana@example.com", SESSION_NOTE)
    page = ana.client.get("/account")
    assert 'href="/api/export"' in page.text and "Download my data" in page_text(page)
    assert 'action="/account/import"' not in page.text, "an account with data is offered no import"
    download = ana.client.get("/api/export")
    assert download.status_code == 200 and "attachment" in download.headers["content-disposition"]

    zoe = signed_in("zoe@example.com")
    assert 'action="/account/import"' in zoe.get("/account").text
    imported = upload(zoe, download.content)
    assert imported.status_code == 303 and imported.headers["location"] == "/account?imported=true"
    assert "Your data is imported" in page_text(zoe.get(imported.headers["location"]))

    assert comparable(zoe.get("/api/export").json()) == comparable(download.json())
    mine, theirs = page_text(ana.client.get("/progress")), page_text(zoe.get("/progress"))
    assert theirs.replace("zoe@example.com", "ana@example.com") == mine


def test_a_bad_file_is_refused_by_name_and_nothing_is_written(hipcoach, clock, signed_in):
    ana = make_subject(hipcoach, clock, signed_in, "ana@example.com", SESSION_NOTE)
    good = ana.client.get("/api/export").json()
    zoe = signed_in("zoe@example.com")
    damaged = good | {"sessions": [good["sessions"][0] | {"program_ref": 99}]}
    before = row_counts(hipcoach)
    for raw, said in (
        (b"not json at all", "not valid JSON"),
        (json.dumps({"hello": "world"}).encode(), "not a hipcoach export"),
        (json.dumps(damaged).encode(), "the export is damaged"),
        (b"", "please choose the export file"),
    ):
        refused = upload(zoe, raw)
        assert refused.status_code == 400, raw[:40]
        assert said.lower() in page_text(refused).lower()
        assert row_counts(hipcoach) == before, "a refused file wrote something"


def test_an_account_with_data_is_never_overwritten(hipcoach, clock, signed_in):
    ana = make_subject(hipcoach, clock, signed_in, "ana@example.com", SESSION_NOTE)
    download = ana.client.get("/api/export")
    before = row_counts(hipcoach)
    refused = upload(ana.client, download.content)
    assert refused.status_code == 400 and "already has runner data" in page_text(refused)
    assert row_counts(hipcoach) == before


def test_a_file_over_the_limit_is_refused_before_it_is_read(signed_in, monkeypatch):
    zoe = signed_in("zoe@example.com")
    monkeypatch.setattr(transfer, "MAX_IMPORT_BYTES", 10)
    monkeypatch.setattr("hipcoach.web.pages.account.MAX_IMPORT_BYTES", 10)
    refused = upload(zoe, b'{"format": "hipcoach-export"}')
    assert refused.status_code == 400 and "larger than" in page_text(refused)


def test_an_upload_is_refused_before_it_is_read_when_too_large_or_not_signed_in(
    anonymous, signed_in, monkeypatch
):
    monkeypatch.setattr(body_limit, "MAX_DATA_IMPORT_BODY_BYTES", 1000)
    too_large = upload(signed_in("zoe@example.com"), b" " * 5000)
    assert too_large.status_code == 413
    stranger = anonymous.post("/account/import", files={"file": ("x.json", b"{}", "application/json")})
    assert stranger.status_code == 303 and stranger.headers["location"].startswith("/login")
