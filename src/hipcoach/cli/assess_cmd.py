"""`hipcoach assess`: record an assessment battery, guided one test at a time or from an answers file."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import typer

from hipcoach.cli.common import ProfileOption, console, err_console, fail, opened, profile_for
from hipcoach.domain.assessment.ids import TestId

TEST_IDS = ", ".join(t.value for t in TestId)
ANSWERS_HELP = (
    'JSON file for a scripted assessment: {"on": "YYYY-MM-DD", "tester": "...", "sex": "female", "age": 34, '
    '"body_mass_kg": 60, "scoring": "mean-of-3" or "best", '
    '"readings": {"y-balance.left.limb-length": 90, ...}, '
    '"psfs_activities": {"1": "running hills"}}. Nothing is asked; nothing is saved if any value is wrong. '
    "`hipcoach assessments keys` lists the reading keys."
)


def _option_date(on: datetime | None) -> date | None:
    return on.date() if on is not None else None


def assess(
    profile: ProfileOption = None,
    tests: str | None = typer.Option(
        None,
        "--tests",
        help=(
            f"Tests to do, comma-separated, from: {TEST_IDS}. "
            "Default: asked, suggesting the ones you can do alone (y-balance, knee-to-wall, psfs)."
        ),
        show_default=False,
    ),
    all_tests: bool = typer.Option(
        False, "--all", help="Do every test, including those that need a clinician."
    ),
    on: datetime | None = typer.Option(
        None, "--on", formats=["%Y-%m-%d"], help="Day of the assessment (YYYY-MM-DD); default: asked, today."
    ),
    tester: str | None = typer.Option(
        None, "--tester", help="Who measured (a clinician's name); default: asked, you.", show_default=False
    ),
    answers: Path | None = typer.Option(None, "--answers", help=ANSWERS_HELP, show_default=False),
) -> None:
    """Record an assessment, guided one test at a time, then see what it means.

    Tests: Y-balance, hip range, Thomas, hamstrings, ankle, strength and PSFS. Afterwards: the results, the
    flags, what they change in your program and the change since last time.
    """
    from hipcoach.cli.assess_guide import (
        Draft,
        ask_context,
        choose_tests,
        guided,
        parse_tests,
        read_answers,
        show_problems,
    )
    from hipcoach.cli.assessment_view import phase_change_panel, show_assessment
    from hipcoach.services.assessments import InvalidAssessment, defaults, record_assessment, validate

    with opened() as app:
        runner = profile_for(app, profile)
        known = defaults(app, runner.id)
        today = app.local(runner.timezone).today
        if answers is not None:
            record = read_answers(answers, known, tester, _option_date(on), today)
            try:
                validate(app, record, today)
            except InvalidAssessment as error:
                show_problems(app.library, error.problems)
                err_console.print("[bold red]Error:[/] the assessment was not saved.")
                raise typer.Exit(1) from None
        else:
            if tests is not None:
                try:
                    chosen = parse_tests(tests)
                except ValueError as error:
                    raise fail(f"--tests: {error}") from None
            elif all_tests:
                chosen = tuple(TestId)
            else:
                chosen = choose_tests(app.library)
            draft = Draft(
                on=_option_date(on) or today,
                tester=tester.strip() if tester else "",
                sex=known.sex,
                age=known.age,
                body_mass_kg=known.body_mass_kg,
            )
            try:
                ask_context(draft, chosen, today, on_given=on is not None, tester_given=tester is not None)
                record = guided(app, draft, chosen, known.limb_length_cm, today)
            except (KeyboardInterrupt, typer.Abort):
                console.print("\n[yellow]Assessment stopped. Nothing was saved.[/]")
                raise typer.Exit(1) from None
        saved = record_assessment(app, runner.id, record)
        console.print(f"\n[bold green]Assessment saved[/] (id {saved.view.id}).\n")
        show_assessment(app.library, saved.view)
        if saved.phase_change is not None:
            console.print(phase_change_panel(saved.phase_change.reason))
