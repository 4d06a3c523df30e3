"""Accounts: sign up, sign in and out, change the password, CSRF on every form, login rate limit."""

from sqlalchemy import func, select

from hipcoach.storage import models as m
from hipcoach.web.security import SESSION_COOKIE
from tests.web.conftest import PASSWORD, page_text, post_form, sign_up


def test_signing_up_leads_to_sign_in_and_signing_in_to_onboarding(anonymous):
    response = sign_up(anonymous, "ana@example.com")
    assert response.status_code == 303 and response.headers["location"] == "/login?signed_up=1"
    assert SESSION_COOKIE not in anonymous.cookies  # signing up alone signs nobody in
    signed = post_form(anonymous, "/login", {"email": "ana@example.com", "password": PASSWORD})
    assert signed.status_code == 303 and signed.headers["location"] == "/onboarding"
    [cookie] = [
        h.lower() for h in signed.headers.get_list("set-cookie") if h.startswith(f"{SESSION_COOKIE}=")
    ]
    assert "httponly" in cookie and "samesite=lax" in cookie


def test_a_second_sign_up_with_the_same_email_makes_no_second_account(anonymous, new_client, hipcoach):
    sign_up(anonymous, "ana@example.com")
    response = sign_up(new_client(), "ANA@example.com ")
    assert response.status_code == 303 and response.headers["location"] == "/login?signed_up=1"
    with hipcoach.reading() as db:
        assert db.scalar(select(func.count()).select_from(m.User)) == 1


def test_a_short_password_or_a_bad_email_is_refused_with_the_reason(anonymous):
    response = post_form(
        anonymous, "/signup", {"email": "ana@x.org", "password": "short", "password_again": "short"}
    )
    assert response.status_code == 400 and "at least 10 characters" in page_text(response)
    response = sign_up(anonymous, "not-an-email")
    assert response.status_code == 400 and "valid email" in page_text(response)


def test_a_form_without_its_csrf_token_is_refused_and_nothing_is_written(anonymous, new_client):
    response = anonymous.post(
        "/signup", data={"email": "eve@example.com", "password": PASSWORD, "password_again": PASSWORD}
    )
    assert response.status_code == 403
    assert "expired" in page_text(response)
    # the account was not created: signing up with the same email still works
    assert sign_up(new_client(), "eve@example.com").status_code == 303


def test_a_forged_csrf_token_is_refused(anonymous):
    anonymous.get("/login")
    response = anonymous.post(
        "/login", data={"csrf_token": "forged.0000", "email": "a@b.co", "password": PASSWORD}
    )
    assert response.status_code == 403


def test_sign_out_ends_the_session_on_the_server(signed_in, anonymous):
    client = signed_in("ana@example.com")
    token = client.cookies[SESSION_COOKIE]
    post_form(client, "/logout")
    anonymous.cookies.set(SESSION_COOKIE, token)  # a copied cookie opens nothing after sign-out
    assert anonymous.get("/account/password").status_code == 303


def test_sign_in_works_and_a_wrong_password_does_not_say_which_part_was_wrong(anonymous, new_client):
    sign_up(anonymous, "ana@example.com")
    browser = new_client()
    wrong = post_form(browser, "/login", {"email": "ana@example.com", "password": "wrong password!"})
    unknown = post_form(browser, "/login", {"email": "nobody@example.com", "password": PASSWORD})
    assert wrong.status_code == unknown.status_code == 400
    assert "do not match an account" in page_text(wrong) and "do not match an account" in page_text(unknown)
    ok = post_form(browser, "/login", {"email": "ana@example.com", "password": PASSWORD})
    assert ok.status_code == 303 and ok.headers["location"] == "/onboarding"


def test_sign_in_never_redirects_off_site(anonymous, new_client):
    sign_up(anonymous, "ana@example.com")
    response = post_form(
        new_client(),
        "/login",
        {"email": "ana@example.com", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.headers["location"] == "/onboarding"


def test_login_is_rate_limited_after_five_failures(anonymous, new_client):
    sign_up(anonymous, "ana@example.com")
    browser = new_client()
    for _ in range(5):
        post_form(browser, "/login", {"email": "ana@example.com", "password": "wrong password!"})
    blocked = post_form(browser, "/login", {"email": "ana@example.com", "password": PASSWORD})
    assert blocked.status_code == 429
    assert "Too many attempts" in page_text(blocked)
    assert int(blocked.headers["retry-after"]) > 0


def test_changing_the_password_signs_out_other_browsers(signed_in, new_client):
    phone = signed_in("ana@example.com")
    laptop = new_client()
    post_form(laptop, "/login", {"email": "ana@example.com", "password": PASSWORD})
    response = post_form(
        phone,
        "/account/password",
        {
            "current_password": PASSWORD,
            "new_password": "a brand new passphrase",
            "new_password_again": "a brand new passphrase",
        },
    )
    assert response.status_code == 200 and "password is changed" in page_text(response)
    assert laptop.get("/account/password").status_code == 303  # signed out
    assert phone.get("/account/password").status_code == 200  # this browser stays in
    wrong = post_form(
        phone,
        "/account/password",
        {"current_password": "not it at all", "new_password": "x" * 12, "new_password_again": "x" * 12},
    )
    assert wrong.status_code == 400 and "current password is not right" in page_text(wrong)


def test_the_home_page_and_the_hello_floor_are_public(anonymous):
    assert anonymous.get("/").status_code == 200
    assert anonymous.get("/hello").json() == {"hello": "runner"}


def test_passwords_are_stored_as_argon2id_hashes_with_the_library_defaults():
    from argon2 import PasswordHasher, Type

    from hipcoach.services import accounts

    production = PasswordHasher()
    stored = accounts._DUMMY_HASH
    assert stored.startswith("$argon2id$")
    assert f"m={production.memory_cost},t={production.time_cost},p={production.parallelism}" in stored
    assert production.type is Type.ID
