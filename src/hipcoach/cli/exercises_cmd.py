"""`hipcoach exercises`: browse the library, show one exercise with its ladder and evidence."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.table import Table

from hipcoach.cli.common import console, fail
from hipcoach.domain.anatomy import Side

if TYPE_CHECKING:
    from hipcoach.domain.content import Exercise, Library

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
    from hipcoach.content import default_library
    from hipcoach.domain.content import BLOCK_ORDER, Block

    library = default_library()
    if block is not None and block not in {b.value for b in Block}:
        raise fail(f"unknown block {block!r}; choose one of {', '.join(b.value for b in BLOCK_ORDER)}")
    table = Table("Id", "Name", "Block", "Hip directions", "Default dose")
    for b in BLOCK_ORDER:
        if block is not None and b.value != block:
            continue
        for ex in library.exercises.values():
            if ex.block is b:
                directions = ", ".join(sorted(d.label for d in ex.directions))
                table.add_row(ex.id, ex.name, b.value, directions, ex.dose.describe())
    console.print(table)


@exercises_app.command("show")
def show(
    exercise_id: str = typer.Argument(..., help="Exercise id, as listed by `hipcoach exercises`."),
    svg: Path | None = typer.Option(
        None,
        "--svg",
        help="Write the exercise's moving stick figure to this SVG file instead.",
        dir_okay=False,
    ),
    strip: bool = typer.Option(
        False, "--strip", help="With --svg: write the key poses side by side (for print) instead."
    ),
    side: Side | None = typer.Option(
        None,
        "--side",
        help="With --svg: draw this side working (a per-side exercise's other side is the mirror image).",
    ),
) -> None:
    """Show one exercise: cues, common faults, ladder and evidence (or write its figure with --svg)."""
    from hipcoach.content import default_library

    library = default_library()
    ex = library.exercises.get(exercise_id)
    if ex is None:
        raise fail(f"unknown exercise {exercise_id!r}; `hipcoach exercises` lists them")
    if (strip or side) and svg is None:
        raise fail("--strip and --side say which figure --svg FILE writes; give --svg FILE too")
    if svg is not None:
        write_figure(library, ex, svg, strip, side)
        return
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


def write_figure(library: Library, ex: Exercise, path: Path, strip: bool, side: Side | None = None) -> None:
    """Write the exercise's figure (moving, or the strip of key poses) to ``path``, all or nothing."""
    from hipcoach.content.figures import figure_text

    drawn = library.illustrations.get(ex.id)
    if drawn is None:
        raise fail(f"{ex.id!r} has no illustration yet, so there is no figure to write")
    illustration = drawn.on_side(side)

    title, description = figure_text(ex, illustration)
    text = illustration.strip(title, description) if strip else illustration.animated(title, description)
    tmp = path.with_name(path.name + ".partial")
    try:
        tmp.write_text(text + "\n", encoding="utf-8")
        tmp.replace(path)  # never leave a half-written picture under the real name
    except OSError as error:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise fail(f"could not write {path}: {error.strerror}") from None
    what = "key poses" if strip else "moving figure"
    console.print(f"Wrote the {what} of {escape(ex.name)} to {escape(str(path))}.")
