"""Sign-up limits, the attack replayed: each argon2 hash takes 64 MiB, so sign-ups sent at once are hashed a
few at a time, and one address gets a few new accounts an hour; a refusal says when to come back."""

from __future__ import annotations

from sqlalchemy import func, select

from hipcoach.services import accounts
from hipcoach.storage import models as m
from hipcoach.web import rate_limits as limits
from hipcoach.web.rate_limits import AuthLimits
from tests.web.conftest import PASSWORD, page_text, sign_up
from tests.web.live import at_once, browser, live_server
from tests.web.test_login_limits import CountingHasher, Ticking

SIGN_UPS = 30


def accounts_stored(hipcoach) -> int:
    with hipcoach.reading() as db:
        return int(db.scalar(select(func.count()).select_from(m.User)) or 0)


def test_thirty_sign_ups_at_once_hash_a_few_at_a_time_and_one_address_gets_its_hourly_few(
    web_app, hipcoach, monkeypatch
):
    hasher = CountingHasher()
    monkeypatch.setattr(accounts, "_hasher", hasher)
    with live_server(web_app) as base:
        browsers = [browser(base) for _ in range(SIGN_UPS)]

        def sign_up_at_once(index: int):
            client, token = browsers[index]
            form = {"email": f"runner{index}@example.com", "password": PASSWORD, "password_again": PASSWORD}
            return client.post("/signup", data=form | {"csrf_token": token})

        answers = at_once(SIGN_UPS, sign_up_at_once)
        for client, _ in browsers:
            client.close()
    allowed = limits.SIGNUPS_PER_ADDRESS
    assert sorted(answer.status_code for answer in answers) == [303] * allowed + [429] * (SIGN_UPS - allowed)
    assert accounts_stored(hipcoach) == allowed == hasher.hashed
    assert hasher.most_at_once <= accounts.HASHES_AT_ONCE
    refused = next(answer for answer in answers if answer.status_code == 429)
    assert int(refused.headers["retry-after"]) > 0
    assert "new accounts" in page_text(refused)


def test_an_address_gets_its_hourly_sign_ups_and_then_waits_the_hour_out(web_app, new_client, hipcoach):
    clock = Ticking()
    web_app.state.auth_limits = AuthLimits(clock=clock)
    browser_ = new_client()
    for index in range(limits.SIGNUPS_PER_ADDRESS):
        assert sign_up(browser_, f"runner{index}@example.com").status_code == 303
    refused = sign_up(browser_, "one-more@example.com")
    assert refused.status_code == 429 and refused.headers["retry-after"] == str(limits.SIGNUP_WINDOW_S)
    clock.advance(limits.SIGNUP_WINDOW_S - 1)
    assert sign_up(browser_, "one-more@example.com").headers["retry-after"] == "1"
    clock.advance(1)
    assert sign_up(browser_, "one-more@example.com").status_code == 303
    assert accounts_stored(hipcoach) == limits.SIGNUPS_PER_ADDRESS + 1


def test_a_refused_form_is_not_counted(web_app, new_client):
    """A sign-up refused for its input costs no hash, so it does not use up the address's sign-ups."""
    web_app.state.auth_limits = AuthLimits(clock=Ticking())
    browser_ = new_client()
    for _ in range(limits.SIGNUPS_PER_ADDRESS + 1):
        assert sign_up(browser_, "runner@example.com", password="1234567890").status_code == 400
    assert sign_up(browser_, "runner@example.com").status_code == 303


def test_the_sign_up_refusal_is_written_from_its_constants(web_app, new_client, monkeypatch):
    monkeypatch.setattr(limits, "SIGNUPS_PER_ADDRESS", 2)
    web_app.state.auth_limits = AuthLimits(clock=Ticking())
    browser_ = new_client()
    for index in range(2):
        assert sign_up(browser_, f"runner{index}@example.com").status_code == 303
    refused = sign_up(browser_, "one-more@example.com")
    assert refused.status_code == 429
    assert "At most 2 new accounts an hour" in page_text(refused)


def test_when_every_hashing_slot_is_taken_a_sign_up_is_answered_busy_and_nothing_is_written(
    anonymous, hipcoach, monkeypatch
):
    monkeypatch.setattr(accounts, "HASH_WAIT_S", 0.05)
    taken = [accounts._hashing.acquire(timeout=1) for _ in range(accounts.HASHES_AT_ONCE)]
    try:
        assert all(taken)
        busy = sign_up(anonymous, "ana@example.com")
    finally:
        for _ in taken:
            accounts._hashing.release()
    assert busy.status_code == 503 and int(busy.headers["retry-after"]) > 0
    assert "busy" in page_text(busy)
    assert accounts_stored(hipcoach) == 0
    assert sign_up(anonymous, "ana@example.com").status_code == 303
