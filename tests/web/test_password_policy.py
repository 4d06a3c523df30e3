"""Passwords: the most common ones and ones made of the email are refused, at sign-up and when changed; and
sign-up answers alike whether the email already has an account (it never says which)."""

from __future__ import annotations

import pytest

from hipcoach.services import accounts
from tests.web.conftest import PASSWORD, page_text, post_form, sign_up


@pytest.mark.parametrize(
    "password", ["1234567890", "qwertyuiop", "Password123", "  1q2w3e4r5t  ", "ILOVEYOU12"]
)
def test_the_most_common_passwords_are_refused(anonymous, password):
    response = sign_up(anonymous, "ana@example.com", password=password)
    assert response.status_code == 400
    assert "among the most common" in page_text(response)


@pytest.mark.parametrize(
    ("email", "password", "refused"),
    [
        ("ana.lopez@example.com", "ana.lopez@example.com", True),  # the email itself
        ("ana.lopez@example.com", "ANA.LOPEZ@EXAMPLE.COM!!", True),  # in capitals, with more
        ("ana.lopez@example.com", "i am ana.lopez 2026", True),  # the part before the @
        ("bobo@example.com", "bobo runs the hills", True),  # a name part of 4 characters: checked
        ("bob@example.com", "bobsleigh up the hills", False),  # of 3: found by chance in words, not checked
    ],
)
def test_a_password_made_of_the_email_is_refused(anonymous, email, password, refused):
    response = sign_up(anonymous, email, password=password)
    if refused:
        assert response.status_code == 400 and "your email" in page_text(response)
    else:
        assert response.status_code == 303


def test_a_changed_password_meets_the_same_rules(signed_in):
    client = signed_in("ana.lopez@example.com")
    for weak, reason in [("1234567890", "among the most common"), ("ana.lopez forever", "your email")]:
        response = post_form(
            client,
            "/account/password",
            {"current_password": PASSWORD, "new_password": weak, "new_password_again": weak},
        )
        assert response.status_code == 400 and reason in page_text(response)


def test_the_password_rules_are_written_from_their_constants(anonymous, monkeypatch):
    monkeypatch.setattr(accounts, "MIN_PASSWORD_LENGTH", 12)
    page = anonymous.get("/signup")
    assert "At least 12 characters" in page_text(page) and 'minlength="12"' in page.text
    refused = sign_up(anonymous, "ana@example.com", password="elevenchars")
    assert "at least 12 characters" in page_text(refused)
    monkeypatch.setattr(accounts, "SHORTEST_NAME_CHECKED", 3)
    assert "your email" in page_text(sign_up(anonymous, "bob@example.com", password="bobsleigh up the hills"))


def test_the_common_list_ships_its_source_and_some_thousands_of_passwords():
    passwords = accounts.common_passwords()
    assert 5_000 < len(passwords) < 50_000
    assert all(password == password.lower() and len(password) >= 8 for password in passwords)
    header = accounts.COMMON_PASSWORDS_FILE.read_text().splitlines()[:12]
    assert any("Django" in line for line in header) and any("BSD" in line for line in header)


def test_sign_up_answers_alike_whether_or_not_the_email_has_an_account(new_client):
    new = sign_up(new_client(), "ana@example.com")
    taken = sign_up(new_client(), "ANA@example.com ", password="another good passphrase")
    taken_same = sign_up(new_client(), "ana@example.com")
    assert new.status_code == taken.status_code == taken_same.status_code == 303
    assert new.headers["location"] == taken.headers["location"] == taken_same.headers["location"]
    for answer in (new, taken, taken_same):
        assert "hc_session" not in answer.headers.get("set-cookie", "")  # nobody is signed in by it
    first, second = new_client(), new_client()
    assert page_text(first.get(new.headers["location"])) == page_text(second.get(taken.headers["location"]))
    # the account kept its password: the second sign-up changed nothing
    owner = new_client()
    kept = post_form(owner, "/login", {"email": "ana@example.com", "password": PASSWORD})
    assert kept.status_code == 303
    other = post_form(
        new_client(), "/login", {"email": "ana@example.com", "password": "another good passphrase"}
    )
    assert other.status_code == 400


def test_after_signing_up_the_page_says_what_happened_and_how_to_go_on(anonymous):
    response = sign_up(anonymous, "ana@example.com")
    page = page_text(anonymous.get(response.headers["location"]))
    assert "If this email was new" in page and "Sign in" in page
