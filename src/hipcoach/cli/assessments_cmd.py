"""`hipcoach assessments`: list the assessments, show one scored with what it changes, delete one."""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.table import Table

from hipcoach.cli.common import ProfileOption, console, opened, profile_for

assessments_app = typer.Typer(
    help="List your assessments, show one with its results and changes, or delete one.",
    no_args_is_help=False,
)


@assessments_app.callback(invoke_without_command=True)
def assessments_(ctx: typer.Context, profile: ProfileOption = None) -> None:
    """List your assessments, newest first; `show [ID]` for results, `delete ID` to remove one."""
    if ctx.invoked_subcommand is None:
        list_assessments(profile)


@assessments_app.command("list")
def list_assessments(profile: ProfileOption = None) -> None:
    """List your assessments, newest first, with the tests done and the number of flags."""
    from hipcoach.services import assessments

    with opened() as app:
        runner = profile_for(app, profile)
        rows = assessments.list_assessments(app, runner.id)
        if not rows:
            console.print("No assessments yet. Record one with [bold]hipcoach assess[/].")
            return
        table = Table("Id", "Date", "Tester", "Tests", "Flags", title=f"Assessments of {escape(runner.name)}")
        for row in rows:
            table.add_row(
                str(row.id),
                row.assessed_on.isoformat(),
                escape(row.tester) or "yourself",
                ", ".join(t.value for t in row.tests),
                str(row.flag_count),
            )
        console.print(table)


@assessments_app.command("show")
def show(
    assessment_id: int | None = typer.Argument(
        None, metavar="[ID]", help="The assessment's id (see `hipcoach assessments`); default: the latest."
    ),
    profile: ProfileOption = None,
) -> None:
    """Show one assessment: results per test, flags, program changes, and change since the one before."""
    from hipcoach.services import assessments

    with opened() as app:
        runner = profile_for(app, profile)
        if assessment_id is None:
            view = assessments.latest(app, runner.id)
            if view is None:
                console.print("No assessments yet. Record one with [bold]hipcoach assess[/].")
                return
        else:
            view = assessments.get_assessment(app, runner.id, assessment_id)
        from hipcoach.cli.assessment_view import show_assessment

        show_assessment(app.library, view)


@assessments_app.command("delete")
def delete(
    assessment_id: int = typer.Argument(..., metavar="ID", help="The assessment's id to delete."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Delete without asking for confirmation."),
    profile: ProfileOption = None,
) -> None:
    """Delete an assessment entered by mistake, with all its readings."""
    from hipcoach.services import assessments

    with opened() as app:
        runner = profile_for(app, profile)
        view = assessments.get_assessment(app, runner.id, assessment_id)
        if not yes:
            tests = ", ".join(t.value for t in view.result.tests)
            if not typer.confirm(
                f"Delete assessment {view.id} of {view.assessed_on.isoformat()} ({tests})?", default=False
            ):
                console.print("Nothing deleted.")
                raise typer.Exit(1)
        assessments.delete_assessment(app, runner.id, assessment_id)
        console.print(f"Assessment {assessment_id} deleted.")


@assessments_app.command("keys")
def keys() -> None:
    """List every reading an --answers file may hold: its key, what it is and its unit."""
    from hipcoach.cli.assessment_view import test_name
    from hipcoach.domain.assessment.battery import FIELDS

    with opened() as app:
        table = Table("Key", "Reading", "Unit", title="Readings for `hipcoach assess --answers`")
        for test, specs in FIELDS.items():
            table.add_section()
            for spec in specs:
                table.add_row(spec.key, f"{test_name(app.library, test)}: {spec.label}", spec.unit)
        console.print(table)
