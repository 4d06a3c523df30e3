"""`hipcoach check`: the screening, interactive or from an answers file; every question answered yes or no."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.markup import escape
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
    "that mean a clinician should look first. Answer each question y or n. It does not diagnose anything."
)
ANSWERS_SHAPE = '{"signs": {"knee-pain": true, ...}, "red_flags": {"sharp-pain": false, ...}, "age": 34}'
BAD_INPUT = 2  # the exit code for answers the screening cannot take

# Keyed by the level's value, so --help does not load the content types.
_LEVEL_STYLE = {
    "urgent": ("bold white on red", "Seek medical care today"),
    "bone-stress": ("bold white on red", "Stop running today"),
    "refer": ("bold red", "See a clinician before you start"),
    "note": ("yellow", "Worth mentioning to a clinician"),
}


def read_answers(path: Path) -> ScreeningAnswers:
    """Answers from a JSON file: each sign and red flag id mapped to true (yes) or false (no), and the age
    when the profile has none. Whether every question has an answer is the screening's check."""
    from hipcoach.domain.screening import ScreeningAnswers

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise fail(f"answers file {path} does not exist", BAD_INPUT) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise fail(f"answers file {path} is not readable JSON: {error}", BAD_INPUT) from None
    if not isinstance(data, dict) or set(data) - {"signs", "red_flags", "age"}:
        raise fail(
            f"answers file {path} must look like {ANSWERS_SHAPE} (age if the profile has none)", BAD_INPUT
        )
    answers = {key: _yes_no_map(path, key, data.get(key, {})) for key in ("signs", "red_flags")}
    age = data.get("age")
    if age is not None and (isinstance(age, bool) or not isinstance(age, int)):
        raise fail(f'answers file {path}: "age" must be a whole number of years', BAD_INPUT)
    return ScreeningAnswers(answers["signs"], answers["red_flags"], age)


def _yes_no_map(path: Path, key: str, value: Any) -> dict[str, bool]:
    if not isinstance(value, dict) or not all(isinstance(answer, bool) for answer in value.values()):
        raise fail(
            f'answers file {path}: "{key}" must map each id to true (yes) or false (no): {ANSWERS_SHAPE}',
            BAD_INPUT,
        )
    return dict(value)


def ask_age() -> int:
    from hipcoach.services.profiles import AGE_RANGE

    low, high = AGE_RANGE
    console.print(
        "Some warning signs depend on age, so the screening needs yours; it is saved to your profile."
    )
    while True:
        age: int = typer.prompt("Your age in years", type=int)
        if low <= age <= high:
            return age
        console.print(f"[red]Please give an age from {low} to {high}.[/]")


def ask_answers(library: Library, age: int | None) -> ScreeningAnswers:
    """Every question, one by one; each needs a y or an n (Enter alone is no answer)."""
    from hipcoach.domain.screening import ScreeningAnswers, asked_at_screening

    console.print(Panel(INTRO, title="Screening"))
    console.print("[bold]Part 1 of 2 - signs[/]")
    signs = {s.id: typer.confirm(s.question, default=None) for s in library.signs.values()}
    console.print("\n[bold]Part 2 of 2 - warning signs[/] (answer honestly; these keep you safe)")
    yes_signs = {sign_id for sign_id, yes in signs.items() if yes}
    flags = {
        f.id: typer.confirm(f.question, default=None)
        for f in asked_at_screening(library.red_flags, yes_signs)
    }
    return ScreeningAnswers(signs, flags, age)


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
            console.print(f"  - {escape(sign.question)}\n    [dim]{escape(sign.explanation)}[/]")
    style = _LEVEL_STYLE.get(result.level.value)
    if style is not None:
        colour, title = style
        advice = "\n".join(
            f"- {escape(result.reason(flag))}\n  {escape(flag.advice)}" for flag in result.red_flags
        )
        opening = result.explanation[0]
        if not result.program_allowed and report.hold is None:  # every one of them cleared before
            colour, title = "green", "Already cleared by a clinician"
            opening = (
                "A clinician has already cleared you for these answers; they do not hold your program while "
                "they stay the same."
            )
        console.print(Panel(f"{opening}\n\n{advice}", title=title, border_style=colour))
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
    if report.hold is not None:
        console.print(
            "It stays so until a clinician's clearance is recorded: "
            "[bold]hipcoach clear --by NAME --profession TEXT[/] (see [bold]hipcoach plan[/] for what holds "
            "you). Taking the screening again does not lift it."
        )


def check(
    profile: ProfileOption = None,
    answers: Path | None = typer.Option(
        None, "--answers", help=f"JSON file {ANSWERS_SHAPE} answering every question, for scripted screening."
    ),
) -> None:
    """Screen yourself: signs that fit, warning signs, and whether a program is safe to start."""
    from hipcoach.services.errors import InvalidInput
    from hipcoach.services.screening import AgeNeeded, run_screening

    with opened() as app:
        given = read_answers(answers) if answers is not None else None
        runner = _profile_or_new(app, profile)
        if given is None:
            given = ask_answers(app.library, None if runner.age is not None else ask_age())
        try:
            report = run_screening(app, runner.id, given)
        except AgeNeeded as error:
            raise fail(
                f'{error}: the profile has none, so add "age" to the answers file {answers}', BAD_INPUT
            ) from error
        except InvalidInput as error:
            raise fail(str(error), BAD_INPUT) from error
        show_report(app.library, report)
