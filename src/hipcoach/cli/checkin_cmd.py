"""`hipcoach checkin`: next-morning pain and tightness, red flags asked again, and the decision."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from hipcoach.cli.common import ProfileOption, cite, console, exercise_name, opened, profile_for
from hipcoach.cli.load_cmd import show_advice
from hipcoach.cli.session_cmd import ask_scale

if TYPE_CHECKING:
    from hipcoach.domain.content import Library
    from hipcoach.services.checkins import CheckinReport

_OUTCOME_STYLE = {"progress": "green", "hold": "yellow", "regress": "red", "pause": "bold red"}


def ask_red_flags(library: Library) -> frozenset[str]:
    console.print("[bold]Warning signs since your last check-in[/]")
    for flag in library.red_flags.values():
        console.print(f"  - {escape(flag.question)}")
    if not typer.confirm("Did any of these happen?", default=False):
        return frozenset()
    return frozenset(f.id for f in library.red_flags.values() if typer.confirm(f.question, default=False))


def ask_optional_scale(question: str) -> int | None:
    while True:
        answer = typer.prompt(f"{question} (0-10, Enter to skip)", default="", show_default=False).strip()
        if not answer:
            return None
        if answer.isdigit() and 0 <= int(answer) <= 10:
            return int(answer)
        console.print("[red]Please give a number from 0 to 10, or press Enter.[/]")


def show_checkin(library: Library, report: CheckinReport) -> None:
    if report.red_flags:
        advice = "\n".join(f"- {escape(flag.advice)}" for flag in report.red_flags)
        console.print(
            Panel(advice, title=f"Warning signs ({report.red_flag_level.value})", border_style="red")
        )
    if report.session_date is None:
        console.print(
            "Check-in saved. There was no recent session without a check-in, so no decision to make."
        )
    else:
        table = Table(
            "Exercise", "Decision", "Why", title=f"Your session of {report.session_date.isoformat()}"
        )
        evidence: list[str] = []
        for decision in report.decisions:
            name = exercise_name(library, decision.before.exercise_id, "Whole session")
            style = _OUTCOME_STYLE[decision.outcome.value]
            table.add_row(name, f"[{style}]{decision.outcome.value}[/]", escape(decision.reason))
            evidence += decision.evidence
        console.print(table)
        console.print(f"[dim]{cite(library, evidence)}[/]")
    if report.paused:
        console.print(
            "[bold red]Your program is paused.[/] See a clinician; once cleared, "
            "run [bold]hipcoach check[/] again to carry on."
        )
    if report.phase_change is not None:
        console.print(Panel(escape(report.phase_change.reason), title="New phase", border_style="green"))
    show_advice(library, report.load_advice)


def checkin(
    profile: ProfileOption = None,
    pain: int | None = typer.Option(None, "--pain", help="Pain this morning (0-10)."),
    tightness: int | None = typer.Option(None, "--tightness", help="Hip tightness this morning (0-10)."),
    pain_after: int | None = typer.Option(
        None, "--pain-after", help="Pain about an hour after the last session (0-10); optional."
    ),
    red_flag: list[str] = typer.Option([], "--red-flag", help="A red flag id that applies (repeatable)."),
    no_red_flags: bool = typer.Option(False, "--no-red-flags", help="None of the warning signs apply."),
    on: datetime | None = typer.Option(
        None, "--date", formats=["%Y-%m-%d"], help="Day of the check-in; default today."
    ),
) -> None:
    """Morning check-in: how the last session settled, and whether to progress, hold, regress or pause."""
    from hipcoach.services.checkins import CheckinInput, check_in

    with opened() as app:
        runner = profile_for(app, profile)
        if pain is None:  # interactive: ask in the order a morning goes
            pain = ask_scale("Pain this morning")
            tightness = tightness if tightness is not None else ask_scale("Hip tightness this morning")
            if pain_after is None:
                pain_after = ask_optional_scale("Pain about an hour after your last session")
        if tightness is None:
            tightness = ask_scale("Hip tightness this morning")
        flags = frozenset(red_flag) if red_flag or no_red_flags else ask_red_flags(app.library)
        entry = CheckinInput(
            checked_on=on.date() if on else app.local(runner.timezone).today,
            pain=pain,
            tightness=tightness,
            red_flags=flags,
            pain_after_session=pain_after,
        )
        show_checkin(app.library, check_in(app, runner.id, entry))
