"""`hipcoach clear`: record that a clinician cleared you, which lifts a hold (BRIEF §2.2)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.panel import Panel

from hipcoach.cli.common import ProfileOption, cite, console, fail, opened, profile_for

if TYPE_CHECKING:
    from hipcoach.domain.clearance import Hold
    from hipcoach.domain.content import Library
    from hipcoach.services.clearances import ClearanceReport

# Shown by `hipcoach plan` too; keyed by the hold's level value, so --help loads no content types.
HOLD_TITLES = {
    "urgent": "On hold: seek medical care today",
    "bone-stress": "On hold: stop running, see a clinician within days",
    "refer": "On hold: see a clinician first",
}
PAUSE_TITLE = "On hold: your program is paused"


def hold_panel(library: Library, hold: Hold, began_on: str) -> None:
    """What holds the runner, the advice, and what lifts it (as the program page shows it)."""
    lines = [f"Since {began_on}."]
    lines += [f"- Warning sign: {escape(reported)}" for reported in hold.reported]
    lines += [f"- {escape(line)}" for line in hold.advice]
    lines.append(f"\n[bold]What lifts it:[/] {escape(hold.what_lifts)}")
    lines.append(
        "When a clinician has cleared you: [bold]hipcoach clear --by NAME --profession TEXT[/] "
        "(add --on DATE and --note TEXT)."
    )
    title = HOLD_TITLES.get(hold.level.value, PAUSE_TITLE)
    console.print(Panel("\n".join(lines), title=title, border_style="red"))
    console.print(f"[dim]{cite(library, hold.evidence)}[/]")


def clear(
    by: str = typer.Option(
        ..., "--by", help="The name of the clinician who cleared you.", show_default=False
    ),
    profession: str = typer.Option(
        ..., "--profession", help="Their profession, e.g. physiotherapist or doctor.", show_default=False
    ),
    on: datetime | None = typer.Option(
        None, "--on", formats=["%Y-%m-%d"], help="The day they cleared you (YYYY-MM-DD); default today."
    ),
    note: str = typer.Option("", "--note", help="What they said, e.g. any limits on running or exercise."),
    profile: ProfileOption = None,
) -> None:
    """Record that a clinician cleared you to go on: it lifts the red flag or pause that holds your program.

    Kept as self-reported, naming the clinician. Refused when nothing is on hold.

    Retaking the screening never lifts a hold; a clearance does.
    """
    from hipcoach.services.clearances import ClearanceInput, record_clearance
    from hipcoach.services.errors import InvalidInput

    with opened() as app:
        runner = profile_for(app, profile)
        day = on.date() if on is not None else app.local(runner.timezone).today
        try:
            report = record_clearance(app, runner.id, ClearanceInput(by, profession, day, note))
        except InvalidInput as error:
            raise fail(str(error), code=2) from error
        show_clearance(report)


def show_clearance(report: ClearanceReport) -> None:
    from hipcoach.services.clearances import AfterClearance

    view = report.clearance
    lifted = [f"- {escape(reported)}" for reported in view.lifted_reported]
    lifted += [f"- the pause: {escape(reason)}" for reason in view.lifted_pauses]
    body = (
        f"Cleared by {escape(view.cleared_by)}, {escape(view.profession)}, on {view.cleared_on.isoformat()} "
        "(self-reported: you recorded it).\nIt lifts:\n" + ("\n".join(lifted) or "- the hold")
    )
    if view.note:
        body += f"\nNote: {escape(view.note)}"
    console.print(Panel(body, title="Clearance recorded", border_style="green"))
    next_step = {
        AfterClearance.RESUMED: "Your program runs again where it stopped: [bold]hipcoach plan[/].",
        AfterClearance.SCREEN_TO_START: "Take the screening to start your program: [bold]hipcoach check[/].",
        AfterClearance.CONTINUES: "Your program carries on: [bold]hipcoach plan[/].",
    }
    console.print(next_step[report.after])
