"""`hipcoach checkin`: next-morning pain and tightness, red flags asked again, and the decision."""

from __future__ import annotations

from collections.abc import Sequence
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
    from hipcoach.domain.content import Library, RedFlag
    from hipcoach.services.checkins import AwaitingMorning, CheckinReport
    from hipcoach.services.context import Hipcoach

_OUTCOME_STYLE = {"progress": "green", "hold": "yellow", "regress": "red", "pause": "bold red"}


def red_flag_answers(asked: Sequence[RedFlag], yes: Sequence[str], no_to_the_rest: bool) -> dict[str, bool]:
    """Each warning sign the check-in asks, answered: yes to those named with --red-flag, no to the others
    with --no-red-flags, else each one asked in turn (y or n; Enter alone is no answer)."""
    answers = dict.fromkeys(yes, True)
    rest = [flag for flag in asked if flag.id not in answers]
    if no_to_the_rest:
        return answers | dict.fromkeys((flag.id for flag in rest), False)
    if rest:
        console.print("[bold]Warning signs since your last check-in[/] (answer each y or n)")
    for flag in rest:
        answers[flag.id] = typer.confirm(flag.checkin_question, default=None)
    return answers


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
        console.print(Panel(advice, title=report.red_flag_level.checkin_title, border_style="red"))
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
            "[bold red]Your program is paused.[/] See a clinician; once cleared, record it with "
            "[bold]hipcoach clear --by NAME --profession TEXT[/] to carry on."
        )
    if report.phase_change is not None:
        console.print(Panel(escape(report.phase_change.reason), title="New phase", border_style="green"))
    show_advice(library, report.load_advice)


def show_morning_not_open(waiting: AwaitingMorning) -> None:
    day = waiting.session_date
    console.print(
        f"The morning check-in for your session of {day:%A} {day.day} {day:%B} opens "
        f"[bold]{escape(waiting.window.describe_opening())}[/]."
    )


def record_hour_after(
    app: Hipcoach, profile_id: int, waiting: AwaitingMorning, pain_after: int | None
) -> None:
    """Before the morning opens: the pain about an hour after the session, asked when not given."""
    from hipcoach.domain.progression import hour_after_meaning
    from hipcoach.domain.rules import pain_after_hint
    from hipcoach.services import runner_overrides
    from hipcoach.services.checkins import record_pain_after

    show_morning_not_open(waiting)
    if pain_after is None:
        console.print(f"Until then: the pain about an hour after the session. {escape(pain_after_hint())}")
        pain_after = ask_scale("Pain about an hour after the session")
    saved = record_pain_after(app, profile_id, pain_after, waiting.session_id)
    assert saved.pain_after is not None
    meaning = hour_after_meaning(saved.pain_after, runner_overrides.limits_of(app, profile_id))
    console.print(f"Saved: pain {saved.pain_after}/10 an hour after. {escape(meaning)}")
    console.print("Run [bold]hipcoach checkin[/] again once the morning check-in opens.")


def checkin(
    profile: ProfileOption = None,
    pain: int | None = typer.Option(None, "--pain", help="Pain this morning (0-10)."),
    tightness: int | None = typer.Option(None, "--tightness", help="Hip tightness this morning (0-10)."),
    pain_after: int | None = typer.Option(
        None, "--pain-after", help="Pain about an hour after the last session (0-10); optional."
    ),
    red_flag: list[str] = typer.Option(
        [], "--red-flag", help="A warning sign (red flag id) that happened (repeatable)."
    ),
    no_red_flags: bool = typer.Option(
        False, "--no-red-flags", help="No to each warning sign not named by --red-flag (else each is asked)."
    ),
    on: datetime | None = typer.Option(
        None, "--date", formats=["%Y-%m-%d"], help="Day of the check-in; default today."
    ),
) -> None:
    """Morning check-in: how the last session settled, and whether to progress, hold, regress or pause.

    Before the morning after the last session opens, it asks for (or keeps --pain-after as) the pain about an
    hour after the session instead, and says when the morning check-in opens.
    """
    from hipcoach.services.checkins import CheckinInput, awaiting_morning, check_in
    from hipcoach.services.screening import checkin_questions

    with opened() as app:
        runner = profile_for(app, profile)
        waiting = awaiting_morning(app, runner.id) if on is None and pain is None else None
        if waiting is not None and not waiting.is_open:
            record_hour_after(app, runner.id, waiting, pain_after)
            return
        if pain is None:  # interactive: ask in the order a morning goes
            pain = ask_scale("Pain this morning")
            tightness = tightness if tightness is not None else ask_scale("Hip tightness this morning")
            if pain_after is None:
                pain_after = ask_optional_scale("Pain about an hour after your last session")
        if tightness is None:
            tightness = ask_scale("Hip tightness this morning")
        flags = red_flag_answers(checkin_questions(app, runner.id), red_flag, no_red_flags)
        entry = CheckinInput(
            checked_on=on.date() if on else app.local(runner.timezone).today,
            pain=pain,
            tightness=tightness,
            red_flags=flags,
            pain_after_session=pain_after,
        )
        show_checkin(app.library, check_in(app, runner.id, entry))
