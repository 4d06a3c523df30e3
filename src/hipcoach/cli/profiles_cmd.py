"""`hipcoach init` and `hipcoach profiles`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.table import Table

from hipcoach.cli.common import ProfileOption, console, fail, opened, profile_for

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


def profiles(
    units: str | None = typer.Option(
        None,
        "--units",
        help="Set how distances are shown and typed for a profile (with --profile when there are several): "
        "km or mi.",
    ),
    profile: ProfileOption = None,
) -> None:
    """List the runner profiles in this database, or set a profile's distance unit with --units."""
    from hipcoach.services import distance_units
    from hipcoach.services.errors import ServiceError
    from hipcoach.services.profiles import list_profiles

    with opened() as app:
        if units is not None:
            try:
                unit = distance_units.parse_unit(units)
            except ServiceError as error:
                raise fail(f"--units: {error}") from None
            runner = profile_for(app, profile)
            distance_units.set_unit(app, runner.id, unit)
            console.print(
                f"{escape(runner.name)}: distances are now shown and typed in {unit.label} ({unit})."
            )
            return
        rows = list_profiles(app)
        if not rows:
            console.print("No profiles yet: create one with [bold]hipcoach init[/].")
            return
        table = Table("Name", "Age", "Sex", "Units")
        for p in rows:
            unit = distance_units.unit_of_profile(app, p.id)
            table.add_row(escape(p.name), str(p.age or "-"), p.sex or "-", unit.label)
        console.print(table)
