"""`hipcoach account`: what the server's operator does for a web account, e.g. set a forgotten password."""

from __future__ import annotations

import typer

from hipcoach.cli.common import console, opened

account_app = typer.Typer(help="Web accounts: set a forgotten password (when the server sends no email).")


@account_app.command("reset-password")
def reset_password(
    email: str = typer.Argument(..., help="The email the account signs in with."),
    password: str = typer.Option(
        ..., prompt="New password", hide_input=True, confirmation_prompt=True, help="The new password."
    ),
) -> None:
    """Set a new password for a web account; every browser signed in to it is signed out."""
    from hipcoach.services import accounts

    with opened() as app:
        accounts.set_password(app, email, password)
    console.print(f"The password of {email.strip().lower()} is set; its browsers are signed out.")
