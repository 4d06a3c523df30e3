"""The hipcoach command line: a thin layer over the services the web app uses too.

Each command module imports the services, storage and content it uses inside the command that uses them, so
building the command line (and its --help) loads neither the database layer nor the content library: a
runner types `hipcoach checkin` every morning. tests/integration/test_cli_startup.py holds this; bench/cli.py
measures it.
"""

from __future__ import annotations

import typer

from hipcoach.cli import (
    assess_cmd,
    checkin_cmd,
    clear_cmd,
    clinic_actions_cmd,
    clinic_caseload_cmd,
    clinic_documents_cmd,
    import_cmd,
    load_cmd,
    plan_cmd,
    profiles_cmd,
    progress_cmd,
    report_cmd,
    screening_cmd,
    serve_cmd,
    session_cmd,
    transfer_cmd,
    where_cmd,
    worker_cmd,
)
from hipcoach.cli.account_cmd import account_app
from hipcoach.cli.assessments_cmd import assessments_app
from hipcoach.cli.clinic_cmd import clinic_app
from hipcoach.cli.exercises_cmd import exercises_app
from hipcoach.cli.video_cmd import video_app

app = typer.Typer(
    name="hipcoach",
    help=(
        "hipcoach: screening, a phased hip mobility-then-strength program and pain-guided progression for "
        "runners with tight, sore hips. It educates and guides; it does not diagnose.\n\n"
        "Start with `hipcoach check`, or `hipcoach serve` for the web app."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

app.command()(profiles_cmd.init)
app.command()(profiles_cmd.profiles)
app.command()(screening_cmd.check)
app.command()(plan_cmd.plan)
app.command()(session_cmd.session)
app.command()(checkin_cmd.checkin)
app.command()(clear_cmd.clear)
app.command()(session_cmd.log)
app.command()(progress_cmd.progress)
app.command()(report_cmd.report)
app.add_typer(exercises_app, name="exercises")
app.command()(assess_cmd.assess)
app.add_typer(assessments_app, name="assessments")
app.command()(transfer_cmd.export)
app.command("import")(import_cmd.import_)
app.command()(load_cmd.load)
app.command()(load_cmd.week)
app.add_typer(load_cmd.runs_app, name="runs")
app.command()(where_cmd.where)
app.command()(serve_cmd.serve)
app.command()(worker_cmd.worker)
app.add_typer(clinic_app, name="clinic")
app.add_typer(account_app, name="account")
app.add_typer(video_app, name="video")
clinic_app.command("caseload")(clinic_caseload_cmd.caseload)
clinic_app.command("clear")(clinic_actions_cmd.clear)
clinic_app.command("set")(clinic_actions_cmd.set_)
clinic_app.command("assess")(clinic_actions_cmd.assess)
clinic_app.command("thresholds")(clinic_actions_cmd.thresholds)
clinic_app.command("program")(clinic_documents_cmd.program)
clinic_app.command("report")(clinic_documents_cmd.report)
