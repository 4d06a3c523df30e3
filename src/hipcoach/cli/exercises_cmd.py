"""`hipcoach exercises`: browse the library, show one exercise with its ladder and evidence."""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.table import Table

from hipcoach.cli.common import console, fail
from hipcoach.content import default_library
from hipcoach.domain.content import BLOCK_ORDER, Block

exercises_app = typer.Typer(help="Browse the exercise library.", no_args_is_help=False)


@exercises_app.callback(invoke_without_command=True)
def exercises(ctx: typer.Context) -> None:
    """List every exercise by block; `hipcoach exercises show ID` for one."""
    if ctx.invoked_subcommand is None:
        list_exercises(None)


@exercises_app.command("list")
def list_exercises(
    block: str | None = typer.Option(None, "--block", help="mobility, strength, core, foot or accessory."),
) -> None:
    """List the exercises, optionally of one block."""
    library = default_library()
    if block is not None and block not in {b.value for b in Block}:
        raise fail(f"unknown block {block!r}; choose one of {', '.join(b.value for b in BLOCK_ORDER)}")
    table = Table("Id", "Name", "Block", "Hip directions", "Default dose")
    for b in BLOCK_ORDER:
        if block is not None and b.value != block:
            continue
        for ex in library.exercises.values():
            if ex.block is b:
                directions = ", ".join(sorted(d.value.replace("_", " ") for d in ex.directions))
                table.add_row(ex.id, ex.name, b.value, directions, ex.dose.describe())
    console.print(table)


@exercises_app.command("show")
def show(
    exercise_id: str = typer.Argument(..., help="Exercise id, as listed by `hipcoach exercises`."),
) -> None:
    """Show one exercise: cues, common faults, ladder and evidence."""
    library = default_library()
    ex = library.exercises.get(exercise_id)
    if ex is None:
        raise fail(f"unknown exercise {exercise_id!r}; `hipcoach exercises` lists them")
    console.print(f"[bold]{escape(ex.name)}[/]  ({ex.block.value}, {ex.laterality.value.replace('_', ' ')})")
    console.print(escape(ex.summary))
    if ex.why_like_running:
        console.print(f"[italic]Why it looks like running:[/] {escape(ex.why_like_running)}")
    console.print(f"Dose: {ex.dose.describe()}   Equipment: {', '.join(ex.equipment) or 'none'}")
    console.print("[bold]Cues[/]")
    for cue in ex.cues:
        console.print(f"  - {escape(cue)}")
    console.print("[bold]Common faults[/]")
    for fault in ex.faults:
        console.print(f"  - {escape(fault)}")
    console.print(f"[bold]Easier:[/] {escape(ex.regression)}\n[bold]Harder:[/] {escape(ex.progression)}")
    if ex.ladder:
        ladder = Table("Level", "Name", "What changes", title="Progression ladder")
        for rung in ex.ladder:
            ladder.add_row(str(rung.level), escape(rung.name), escape(rung.description))
        console.print(ladder)
    console.print("[bold]Evidence[/]")
    for evidence_id in ex.evidence:
        item = library.evidence[evidence_id]
        doi = f" doi:{item.doi}" if item.doi else ""
        console.print(f"  [{item.tag.value}] {escape(item.reference)}{doi}")
