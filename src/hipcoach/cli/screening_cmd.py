"""`hipcoach check`: the screening, interactive or from an answers file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.panel import Panel

from hipcoach.cli.common import ProfileOption, cite, console, fail, opened
from hipcoach.cli.profiles_cmd import ask_profile

if TYPE_CHECKING:
    from hipcoach.domain.content import Library
    from hipcoach.domain.screening import ScreeningAnswers
    from hipcoach.services.context import Hipcoach
    from hipcoach.services.profiles import ProfileView
    from hipcoach.services.screening import ScreeningReport

INTRO = (
    "hipcoach asks about signs that tight or weak hips may be behind your trouble, and about warning signs "
    "that mean a clinician should look first. It does not diagnose anything."
)

# Keyed by the level's value, so --help does not load the content types.
_LEVEL_STYLE = {
    "urgent": ("bold white on red", "Seek medical care today"),
    "refer": ("bold red", "See a clinician before you start"),
    "note": ("yellow", "Worth mentioning to a clinician"),
}


def read_answers(path: Path) -> ScreeningAnswers:
    """Answers from a JSON file: {"signs": [ids...], "red_flags": [ids...]}."""
    from hipcoach.domain.screening import ScreeningAnswers

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise fail(f"answers file {path} does not exist") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise fail(f"answers file {path} is not readable JSON: {error}") from None
    if not isinstance(data, dict) or set(data) - {"signs", "red_flags"}:
        raise fail(f'answers file {path} must be an object with only "signs" and "red_flags" lists')
    lists = {}
    for key in ("signs", "red_flags"):
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(f'answers file {path}: "{key}" must be a list of ids')
        lists[key] = frozenset(value)
    return ScreeningAnswers(lists["signs"], lists["red_flags"])


def ask_answers(library: Library) -> ScreeningAnswers:
    from hipcoach.domain.screening import ScreeningAnswers

    console.print(Panel(INTRO, title="Screening"))
    console.print("[bold]Part 1 of 2 - signs[/]")
    signs = frozenset(s.id for s in library.signs.values() if typer.confirm(s.question, default=False))
    console.print("\n[bold]Part 2 of 2 - warning signs[/] (answer honestly; these keep you safe)")
    flags = frozenset(f.id for f in library.red_flags.values() if typer.confirm(f.question, default=False))
    return ScreeningAnswers(signs, flags)


def _profile_or_new(app: Hipcoach, name: str | None) -> ProfileView:
    from hipcoach.services.profiles import list_profiles, resolve_profile

    if name is None and not list_profiles(app):
        console.print("Welcome to hipcoach. First, a profile so your answers and sessions are kept.")
        return ask_profile(app, None, None, None)
    return resolve_profile(app, name)


def show_report(library: Library, report: ScreeningReport) -> None:
    from hipcoach.services.screening import ProgramAction

    result = report.result
    if result.signs:
        console.print("\n[bold]Signs that fit:[/]")
        for sign in result.signs:
            console.print(f"  - {sign.question}\n    [dim]{sign.explanation}[/]")
    style = _LEVEL_STYLE.get(result.level.value)
    if style is not None:
        colour, title = style
        advice = "\n".join(f"- {flag.advice}" for flag in result.red_flags)
        console.print(Panel(f"{result.explanation[0]}\n\n{advice}", title=title, border_style=colour))
    for line in result.explanation[1:] if style else result.explanation:
        console.print(line)
    console.print(f"[dim]{cite(library, result.evidence)}[/]")
    messages = {
        ProgramAction.STARTED: "Your program has started in phase 1 (mobility): [bold]hipcoach plan[/].",
        ProgramAction.RESUMED: "Your program is running again. See it with [bold]hipcoach plan[/].",
        ProgramAction.CONTINUED: "Your program carries on. See it with [bold]hipcoach plan[/].",
        ProgramAction.PAUSED: "[bold red]Your program is paused[/] until a clinician has seen you.",
        ProgramAction.NOT_STARTED: "[bold red]No program has been started.[/]",
    }
    console.print(messages[report.action])


def check(
    profile: ProfileOption = None,
    answers: Path | None = typer.Option(
        None, "--answers", help='JSON file {"signs": [...], "red_flags": [...]} for scripted screening.'
    ),
) -> None:
    """Screen yourself: signs that fit, warning signs, and whether a program is safe to start."""
    from hipcoach.services.screening import run_screening

    with opened() as app:
        given = read_answers(answers) if answers is not None else None
        runner = _profile_or_new(app, profile)
        report = run_screening(app, runner.id, given or ask_answers(app.library))
        show_report(app.library, report)
