"""`hipcoach plan`: the phase and why, the week, today's session, and what opens the next phase."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from hipcoach.cli.clear_cmd import hold_panel
from hipcoach.cli.common import ProfileOption, cite, console, fail, opened, profile_for
from hipcoach.cli.document_files import PaperOption, paper_of, public_url, write_document
from hipcoach.cli.load_cmd import show_advice

if TYPE_CHECKING:
    from hipcoach.domain.content import Library
    from hipcoach.domain.program import SessionPlan
    from hipcoach.services.clearances import Standing
    from hipcoach.services.clinical_actions import ActionView
    from hipcoach.services.programs import ProgramOverview


def session_table(plan: SessionPlan) -> Table:
    table = Table(
        "#", "Block", "Exercise", "Dose per side", "Rounds", "Rest", title=f"{plan.kind.value} session"
    )
    for number, item in enumerate(plan.items, start=1):
        name = item.exercise.name
        if item.level_name:
            name += f"\n[dim]level {item.level}: {item.level_name}[/]"
        for reason in item.because:
            name += f"\n[italic]changed {reason}[/]"
        rounds = str(item.rounds)
        if item.extra_side:
            rounds += f" + 1 {item.extra_side}"
        table.add_row(
            str(number),
            item.block.value,
            name,
            item.dose_text,
            rounds,
            f"{item.rest_seconds} s",
        )
    return table


def show_adaptations(library: Library, view: ProgramOverview) -> None:
    """What the latest assessment changed in the program, each with its reason."""
    from hipcoach.domain.program import STRENGTH_ONLY

    if not view.adaptations or view.assessed_on is None:
        return
    lines = [
        f"- {a.emphasis.value}{f' ({a.side.value})' if a.side else ''}"
        f"{' in strength sessions' if a.emphasis in STRENGTH_ONLY else ''}, {a.because}"
        for a in view.adaptations
    ]
    evidence = tuple(dict.fromkeys(e for a in view.adaptations for e in a.evidence))
    console.print(Panel("\n".join(lines), title=f"From your assessment on {view.assessed_on.isoformat()}"))
    console.print(f"[dim]{cite(library, evidence)}[/]")


def show_clinician_changes(actions: Sequence[ActionView]) -> None:
    """Every change a clinician made to the program, newest first, with who, when and why."""
    if actions:
        lines = [f"- {escape(action.sentence)}" for action in actions]
        console.print(Panel("\n".join(lines), title="Changes by your clinician"))


def show_overview(library: Library, view: ProgramOverview, standing: Standing | None = None) -> None:
    status = "[bold red]PAUSED[/] - " + (view.paused_reason or "") if view.paused else "active"
    body = f"{view.phase.purpose}\nStatus: {status}\nStarted: {view.started_on.isoformat()}"
    console.print(Panel(body, title=view.phase.title))
    if standing is not None and standing.hold is not None and standing.began_on is not None:
        hold_panel(library, standing.hold, standing.began_on.isoformat())

    week = Table("Day", "hipcoach work", title="This week")
    for day in view.week.days:
        mark = " (today)" if day.weekday == view.today.weekday() else ""
        week.add_row(day.name + mark, " + ".join(b.value for b in day.blocks) or "rest from hipcoach work")
    console.print(week)
    for line in view.week.rationale:
        console.print(f"- {line}")
    console.print(f"[dim]{cite(library, view.week.evidence)}[/]")

    if view.ladder:
        ladder = Table("Strength exercise", "Level", "Rounds", title="Ladder")
        for row in view.ladder:
            if row.change is not None:  # left out or swapped by the runner's clinician
                ladder.add_row(row.name, row.change, "-")
                continue
            level = f"{row.level} of {row.top_level}: {row.level_name or '?'}"
            ladder.add_row(row.name, level, str(row.rounds))
        console.print(ladder)

    show_advice(library, view.load_advice)
    show_adaptations(library, view)
    gate = view.gate
    if gate.next_phase is not None:
        lines = [f"[green]done[/]  {m}" for m in gate.met] + [f"[yellow]to do[/] {u}" for u in gate.unmet]
        console.print(Panel("\n".join(lines), title=f"What opens {gate.next_phase.title}"))
        console.print(f"[dim]{cite(library, gate.evidence)}[/]")
    if view.history:
        console.print("[bold]Phase history[/]")
        for step in view.history:
            who = f" (override by {step.overridden_by}: {step.override_reason})" if step.overridden_by else ""
            console.print(
                f"  {view.local.date_of(step.changed_at):%Y-%m-%d}  phase {step.to_phase}: {step.reason}{who}"
            )


def plan(
    profile: ProfileOption = None,
    strength_days: int | None = typer.Option(
        None, "--strength-days", min=1, max=3, help="Strength sessions a week."
    ),
    core: bool | None = typer.Option(None, "--core/--no-core", help="Include the optional core circuit."),
    set_phase: int | None = typer.Option(
        None, "--set-phase", min=1, max=4, help="Override the phase (needs --by, --reason)."
    ),
    by: str | None = typer.Option(None, "--by", help="Who overrides the phase (clinician, coach or runner)."),
    reason: str | None = typer.Option(None, "--reason", help="Why the phase is overridden."),
    pdf: Path | None = typer.Option(
        None, "--pdf", help="Write your home program as a PDF to this file, to print (A4 unless --paper)."
    ),
    html: Path | None = typer.Option(
        None, "--html", help="Write your home program as an HTML page to this file, to print from a browser."
    ),
    paper: str = PaperOption,
) -> None:
    """Show your program: phase and why, the week's plan, today's session and what opens the next phase.

    With --pdf or --html, write the home program to print instead: the week, each session's exercises with
    their doses, every exercise's key poses, cues and faults, the stop rule, a QR code to the session player
    and a two-week log sheet.
    """
    from hipcoach.domain.content import Block
    from hipcoach.services import clearances, clinical_actions, programs

    with opened() as app:
        runner = profile_for(app, profile)
        standing = clearances.standing_of(app, runner.id)
        if not standing.has_program:
            if standing.hold is not None and standing.began_on is not None:
                hold_panel(app.library, standing.hold, standing.began_on.isoformat())
                raise fail(
                    "there is no program yet: it starts after a clearance and a screening without red flags"
                )
        if set_phase is not None:
            change = programs.override_phase(app, runner.id, set_phase, by or "", reason or "")
            console.print(f"[bold]{change.reason}[/] Reason recorded: {change.override_reason}")
        if strength_days is not None or core is not None:
            programs.configure(app, runner.id, strength_days, core)
        if pdf is not None or html is not None:
            from hipcoach.reports.home_program import home_program_document
            from hipcoach.services.home_program import home_program

            program = home_program(app, runner.id)
            document = home_program_document(program, app.library, public_url(), paper_of(paper))
            write_document(document, pdf, html)
            return
        view = programs.overview(app, runner.id)
        show_overview(app.library, view, standing)
        show_clinician_changes(clinical_actions.actions_of(app, runner.id))
        if view.paused:
            return
        kind = view.todays_kind
        if kind is None:
            console.print("Today is a rest day from hipcoach work (a mobility session is always fine).")
            kind = Block.MOBILITY
        console.print(session_table(programs.plan_session(app, runner.id, kind)))
        console.print("Start it with [bold]hipcoach session[/].")
