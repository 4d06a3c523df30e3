"""The CSRF token is bound to the browser's session: a token the server gave someone else, planted as a cookie
and repeated in the form, opens nothing; the token changes when the browser signs in or out; over HTTPS (or
behind a trusted proxy that says so) the cookies carry the ``__Host-`` prefix and ``Secure``."""

from __future__ import annotations

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient

from hipcoach.settings import Settings
from hipcoach.web import create_app
from hipcoach.web.security import CSRF_COOKIE, SESSION_COOKIE
from tests.web.conftest import PASSWORD, csrf, post_form, sign_up
from tests.web.live import live_server, page_token
from tests.web.pages import PROFILE, profile_of


def plant(client: TestClient, name: str, value: str) -> None:
    """What an attacker who can write a cookie for the site does: replace the browser's own."""
    client.cookies.delete(name)
    client.cookies.set(name, value)


def forged_onboarding(victim: TestClient, token: str):
    return victim.post("/onboarding", data=PROFILE | {"csrf_token": token})


def test_a_token_from_another_browser_planted_as_the_cookie_opens_nothing(signed_in, new_client, hipcoach):
    victim = signed_in("ana@example.com")
    attacker = new_client()
    token = page_token(attacker.get("/login").text)  # a token the server really issued, to the attacker
    plant(victim, CSRF_COOKIE, token)
    assert forged_onboarding(victim, token).status_code == 403
    plant(victim, CSRF_COOKIE, attacker.cookies[CSRF_COOKIE])  # the attacker's whole cookie, with its token
    assert forged_onboarding(victim, token).status_code == 403
    eve = signed_in("eve@example.com")  # a signed-in attacker's token is bound to the attacker's session
    assert forged_onboarding(victim, csrf(eve)).status_code == 403
    assert profile_of(hipcoach, "ana@example.com") is None
    assert forged_onboarding(victim, csrf(victim)).status_code == 303  # the victim's own page works


def test_the_token_changes_at_sign_in_and_out_and_the_old_one_is_refused(anonymous, new_client):
    assert sign_up(new_client(), "ana@example.com").status_code == 303
    before = csrf(anonymous)
    assert (
        post_form(anonymous, "/login", {"email": "ana@example.com", "password": PASSWORD}).status_code == 303
    )
    signed_in = csrf(anonymous)
    assert signed_in != before
    assert forged_onboarding(anonymous, before).status_code == 403
    assert anonymous.post("/logout", data={"csrf_token": signed_in}).status_code == 303
    after = csrf(anonymous)
    assert after not in (before, signed_in)
    assert (
        anonymous.post("/login", data={"csrf_token": before, "email": "x@y.zz", "password": "p"}).status_code
        == 403
    )


def test_two_browsers_of_one_account_have_tokens_of_their_own(signed_in, new_client):
    phone = signed_in("ana@example.com")
    laptop = new_client()
    assert post_form(laptop, "/login", {"email": "ana@example.com", "password": PASSWORD}).status_code == 303
    assert csrf(phone) != csrf(laptop)
    assert forged_onboarding(laptop, csrf(phone)).status_code == 403


def cookie_headers(response) -> dict[str, str]:
    """Each cookie a response sets: name -> the whole Set-Cookie header, lower case."""
    return {header.split("=", 1)[0]: header.lower() for header in response.headers.get_list("set-cookie")}


def test_over_https_every_cookie_is_host_prefixed_and_secure_and_the_forms_work(web_app):
    with TestClient(web_app, base_url="https://testserver", follow_redirects=False) as client:
        page = client.get("/signup")
        visitor = cookie_headers(page)[f"__Host-{CSRF_COOKIE}"]
        assert (
            "secure" in visitor and "path=/" in visitor and "domain" not in visitor and "httponly" in visitor
        )
        form = {"email": "ana@example.com", "password": PASSWORD, "password_again": PASSWORD}
        assert client.post("/signup", data=form | {"csrf_token": page_token(page.text)}).status_code == 303
        login = client.get("/login")
        signed = client.post(
            "/login",
            data={"csrf_token": page_token(login.text), "email": "ana@example.com", "password": PASSWORD},
        )
        assert signed.status_code == 303
        set_now = cookie_headers(signed)
        assert set(set_now) >= {f"__Host-{SESSION_COOKIE}", f"__Host-{CSRF_COOKIE}"}
        assert all("secure" in header for header in set_now.values())
        assert not any(name in set_now for name in (SESSION_COOKIE, CSRF_COOKIE))
        onboarding = client.get("/onboarding")
        assert onboarding.status_code == 200  # the prefixed session cookie signs the browser in
        filled = PROFILE | {"csrf_token": page_token(onboarding.text)}
        assert client.post("/onboarding", data=filled).status_code == 303
        # An upload reads the prefixed session cookie too (only a signed-in runner may send a big body).
        token = page_token(client.get("/running/import").text)
        gpx = b'<?xml version="1.0"?><gpx version="1.1" creator="t"></gpx>'
        upload = client.post(
            "/api/imports",
            headers={"X-CSRF-Token": token},
            files=[("files", ("empty.gpx", gpx, "application/gpx+xml"))],
        )
        assert upload.status_code == 202, upload.text


def test_the_secure_cookies_setting_marks_them_when_https_ends_in_front_of_the_app(tmp_path, hipcoach):
    settings = Settings(data_dir=tmp_path / "data", secret_key="test-secret", secure_cookies=True)
    with TestClient(create_app(settings, hipcoach), follow_redirects=False) as client:
        visitor = cookie_headers(client.get("/login"))[f"__Host-{CSRF_COOKIE}"]
    assert "secure" in visitor


def test_over_plain_http_the_cookies_are_plain_and_a_prefixed_one_is_ignored(anonymous, signed_in):
    page = anonymous.get("/login")
    visitor = cookie_headers(page)[CSRF_COOKIE]
    assert "secure" not in visitor and "httponly" in visitor and "samesite=lax" in visitor
    ana = signed_in("ana@example.com")
    plant(anonymous, f"__Host-{SESSION_COOKIE}", ana.cookies[SESSION_COOKIE])
    assert anonymous.get("/onboarding").status_code == 303  # only the name this scheme uses is read


@pytest.mark.parametrize(("trusted", "secure"), [("127.0.0.1", True), ("192.0.2.1", False)])
def test_behind_a_proxy_only_a_trusted_one_can_say_https(web_app, trusted, secure):
    """As `hipcoach serve` runs it, uvicorn believes X-Forwarded-Proto only from the addresses it trusts
    (FORWARDED_ALLOW_IPS, by default this machine alone)."""
    with live_server(web_app, forwarded_allow_ips=trusted) as base:
        with httpx.Client(base_url=base) as client:
            page = client.get("/login", headers={"X-Forwarded-Proto": "https"})
    names = cookie_headers(page)
    if secure:
        assert "secure" in names[f"__Host-{CSRF_COOKIE}"]
    else:
        assert "secure" not in names[CSRF_COOKIE]
