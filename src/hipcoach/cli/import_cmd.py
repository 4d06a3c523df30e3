"""`hipcoach import`: runs from watch files, folders and Strava exports, or a profile from an export."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from hipcoach.cli.common import ProfileOption, console, fail, opened, profile_for
from hipcoach.cli.transfer_cmd import import_profile_file

if TYPE_CHECKING:
    from hipcoach.services import activities
    from hipcoach.services.activities import ImportReport

SHOWN_PROBLEMS = 20  # the rest are counted; a decade of files can hold hundreds of skipped rides


def _is_export(paths: list[Path]) -> bool:
    """A .json file is a hipcoach export: no activity format is JSON."""
    return len(paths) == 1 and paths[0].suffix.lower() == ".json"


def import_(
    paths: list[Path] = typer.Argument(
        ...,
        help="FIT, GPX or TCX files (plain or .gz), folders of them, Strava export zips, a CSV of runs "
        "(date,distance_km,duration_min[,name]); or one file written by `hipcoach export`.",
        show_default=False,
    ),
    profile: ProfileOption = None,
    as_name: str | None = typer.Option(
        None, "--as", help="For a hipcoach export: import under this profile name instead."
    ),
) -> None:
    """Import runs from files, folders and Strava exports, or a profile from a hipcoach export.

    Each run is stored once however often it is imported; a bad file is named and skipped. Ctrl-C stops
    after the current file: run the same command again to go on.
    """
    from hipcoach.services import activities

    if _is_export(paths):
        import_profile_file(paths[0], as_name)
        return
    if as_name is not None:
        raise fail("--as is for a hipcoach export file; runs are imported into --profile")
    with opened() as app:
        runner = profile_for(app, profile)
        started = time.monotonic()
        with Progress(
            TextColumn("[bold]Importing[/]"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files · {task.fields[runs]} runs · {task.fields[rate]}/s"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task("import", total=None, runs=0, rate="0.0")

            def show(step: activities.Progress) -> None:
                elapsed = max(time.monotonic() - started, 1e-6)
                bar.update(
                    task,
                    total=step.files_total,
                    completed=step.files_done,
                    runs=step.runs_added,
                    rate=f"{step.runs_added / elapsed:.1f} runs",
                )

            report = activities.import_paths(app, runner.id, paths, show)
        _summary(report, time.monotonic() - started)
        if report.interrupted:
            raise typer.Exit(130)


def _summary(report: ImportReport, seconds: float) -> None:
    rate = report.files_done / seconds if seconds > 0 else 0.0
    console.print(
        f"[bold]{report.runs_added} runs added[/] from {report.files_done} of {report.files_total} files "
        f"in {seconds:.1f} s ({rate:.1f} files a second)."
    )
    if report.duplicates:
        console.print(
            f"{report.duplicates} runs were already stored (same start and distance) and are kept once."
        )
    if report.already_imported:
        console.print(f"{len(report.already_imported)} files were imported before; nothing to do for them.")
    for title, items in (("Not counted", report.skipped), ("Could not be read", report.errors)):
        if not items:
            continue
        console.print(f"[bold]{title}: {len(items)}[/]")
        for source, reason in items[:SHOWN_PROBLEMS]:
            console.print(f"  {escape(source)}: {escape(reason)}")
        if len(items) > SHOWN_PROBLEMS:
            console.print(f"  … and {len(items) - SHOWN_PROBLEMS} more")
    if report.interrupted:
        console.print(
            "[yellow]Interrupted.[/] Everything read so far is saved; run the same command again to go on "
            "(no run is imported twice)."
        )
