"""`hipcoach init` and `hipcoach profiles`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.table import Table

from hipcoach.cli.common import console, opened

if TYPE_CHECKING:
    from hipcoach.services.context import Hipcoach
    from hipcoach.services.profiles import ProfileView


def ask_profile(app: Hipcoach, name: str | None, age: int | None, sex: str | None) -> ProfileView:
    """Create a profile; with no name given, ask for name, age and sex (the last two may be skipped)."""
    from hipcoach.services.profiles import create_profile
    from hipcoach.storage.models import SEXES

    if name is not None:
        return create_profile(app, name, age, sex)
    name = typer.prompt("Your name (or a nickname)")
    if age is None:
        answer = typer.prompt("Your age (Enter to skip)", default="", show_default=False)
        age = int(answer) if answer.strip().isdigit() else None
    if sex is None:
        answer = typer.prompt(f"Sex ({'/'.join(SEXES)}, Enter to skip)", default="", show_default=False)
        sex = answer.strip().lower() or None
    return create_profile(app, name, age, sex)


def init(
    name: str | None = typer.Option(None, "--name", help="Profile name."),
    age: int | None = typer.Option(None, "--age", help="Age in years (10-110)."),
    sex: str | None = typer.Option(None, "--sex", help="female, male or other."),
) -> None:
    """Create a runner profile (several can share one database)."""
    with opened() as app:
        profile = ask_profile(app, name, age, sex)
        console.print(
            f"Profile [bold]{profile.name}[/] created. Next: [bold]hipcoach check[/] to screen yourself."
        )


def profiles() -> None:
    """List the runner profiles in this database."""
    from hipcoach.services.profiles import list_profiles

    with opened() as app:
        rows = list_profiles(app)
        if not rows:
            console.print("No profiles yet: create one with [bold]hipcoach init[/].")
            return
        table = Table("Name", "Age", "Sex")
        for p in rows:
            table.add_row(p.name, str(p.age or "-"), p.sex or "-")
        console.print(table)
