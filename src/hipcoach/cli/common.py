"""What every command shares: the console, opening the app, choosing the profile, error messages."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from hipcoach.clock import Clock, system_clock

if TYPE_CHECKING:
    from hipcoach.domain.content import Library
    from hipcoach.services.context import Hipcoach
    from hipcoach.services.profiles import ProfileView
    from hipcoach.settings import Settings

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

ProfileOption = Annotated[
    str | None,
    typer.Option(
        "--profile",
        "-p",
        envvar="HIPCOACH_PROFILE",
        help="Runner profile to use; may be left out when there is only one.",
        show_default=False,
    ),
]


def fail(message: str, code: int = 1) -> typer.Exit:
    err_console.print(f"[bold red]Error:[/] {escape(message)}")
    return typer.Exit(code)


def read_settings() -> Settings:
    """The HIPCOACH_* settings; a wrong one stops the command with a line naming it, not a traceback."""
    from pydantic import ValidationError

    from hipcoach.settings import Settings

    try:
        return Settings()
    except ValidationError as error:
        problems = []
        for problem in error.errors():
            cause = problem.get("ctx", {}).get("error")
            text = str(cause) if cause is not None else problem["msg"]
            where = "_".join(str(part) for part in problem["loc"]).upper()
            problems.append(f"HIPCOACH_{where}: {text}" if where else text)
        raise fail("; ".join(problems)) from None


# The clock every command opens hipcoach with: the real one, unless a caller (a test, an embedding
# program) sets another for its context, as it would set any other input.
COMMAND_CLOCK: ContextVar[Clock] = ContextVar("hipcoach_command_clock", default=system_clock)


@contextmanager
def opened() -> Iterator[Hipcoach]:
    """Open hipcoach for one command; known failures become a one-line message and exit code 1."""
    from hipcoach.content import ContentError
    from hipcoach.services.context import open_hipcoach
    from hipcoach.services.errors import ServiceError
    from hipcoach.storage.db import DatabaseBusy, DatabaseUnavailable

    try:
        app = open_hipcoach(read_settings(), now=COMMAND_CLOCK.get())
    except (DatabaseUnavailable, DatabaseBusy) as error:  # busy: another program holds it through an upgrade
        raise fail(str(error)) from error
    except ContentError as error:
        raise fail(f"the content library is invalid:\n{error}") from error
    try:
        yield app
    except ServiceError as error:
        raise fail(str(error)) from error
    finally:
        app.close()


def profile_for(app: Hipcoach, name: str | None) -> ProfileView:
    from hipcoach.services.errors import ServiceError
    from hipcoach.services.profiles import resolve_profile

    try:
        return resolve_profile(app, name)
    except ServiceError as error:
        raise fail(str(error)) from error


def cite(library: Library, evidence_ids: tuple[str, ...] | list[str]) -> str:
    """A short "Sources:" line naming each piece of evidence with its tag."""
    parts = []
    for evidence_id in dict.fromkeys(evidence_ids):
        item = library.evidence.get(evidence_id)
        if item is None:
            continue
        parts.append(f"{item.id} [{item.tag.value}]")
    return "Sources: " + ", ".join(parts) + "  (V read in the source, S practice, D our design choice)"


def exercise_name(library: Library, exercise_id: str | None, otherwise: str) -> str:
    """The exercise's name, or ``otherwise`` for a session-wide entry or an id the library no longer has."""
    exercise = library.exercises.get(exercise_id) if exercise_id is not None else None
    return exercise.name if exercise is not None else otherwise
