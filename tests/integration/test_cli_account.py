"""`hipcoach account reset-password`: the operator sets a forgotten password when the server sends no mail."""

from __future__ import annotations

from hipcoach.services import accounts

OLD = "correct horse battery"
NEW = "a brand new passphrase"


def test_the_operator_sets_a_new_password_and_signs_every_browser_out(cli, app):
    account = accounts.sign_up(app, "ana@example.com", OLD)
    token = accounts.start_session(app, account.user_id)
    done = cli("account", "reset-password", "Ana@Example.com", input=f"{NEW}\n{NEW}\n")
    assert done.exit_code == 0, done.output
    assert "ana@example.com is set" in done.output
    assert accounts.authenticate(app, "ana@example.com", NEW) is not None
    assert accounts.authenticate(app, "ana@example.com", OLD) is None
    assert accounts.account_for_token(app, token) is None


def test_an_unknown_email_or_a_weak_password_is_refused_by_name(cli, app):
    accounts.sign_up(app, "ana@example.com", OLD)
    unknown = cli("account", "reset-password", "bob@example.com", input=f"{NEW}\n{NEW}\n")
    assert unknown.exit_code == 1 and "no account uses bob@example.com" in unknown.output
    weak = cli("account", "reset-password", "ana@example.com", input="short\nshort\n")
    assert weak.exit_code == 1 and "at least 10 characters" in weak.output
    assert accounts.authenticate(app, "ana@example.com", OLD) is not None
