"""`hipcoach clinic clear`, `clinic set` and `clinic thresholds`: a clinician's changes to a runner's program.

The same use case as the web's prescribe page (``services.clinical_actions``): the runner's consent is
checked, each change is recorded with who, when and why, and the runner sees it (channel "cli"). The
changes of one `clinic set` are made together, or none of them when one is refused.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from hipcoach.cli.clinic_cmd import ClinicianOption, clinician_for
from hipcoach.cli.common import console, fail, opened

if TYPE_CHECKING:
    from hipcoach.services.clinical_actions import ActionView

RunnerArgument = Annotated[
    str, typer.Argument(help="The runner: their name or id in your caseload.", show_default=False)
]


def clear(
    runner: RunnerArgument,
    clinician: ClinicianOption,
    note: str = typer.Option(
        ..., "--note", help="What you found and why they may go on; the runner reads it.", show_default=False
    ),
    on: datetime | None = typer.Option(
        None, "--on", formats=["%Y-%m-%d"], help="The day of the clearance (YYYY-MM-DD); default today."
    ),
) -> None:
    """Clear the red flag or pause that holds a runner: recorded as your clearance, not self-reported."""
    from hipcoach.services.clinical_actions import ClearAction

    action = ClearAction(reason=note, cleared_on=on.date() if on is not None else None)
    _run(clinician, runner, [action])


def set_(
    runner: RunnerArgument,
    clinician: ClinicianOption,
    reason: str = typer.Option(..., "--reason", help="Why; the runner reads it.", show_default=False),
    phase: int | None = typer.Option(None, "--phase", help="Set the phase (1-4)."),
    level: list[str] = typer.Option([], "--level", help="EXERCISE=N: a strength exercise's ladder level."),
    rounds: list[str] = typer.Option([], "--rounds", help="EXERCISE=N: a strength exercise's rounds."),
    strength_days: int | None = typer.Option(None, "--strength-days", help="Strength days a week."),
    exclude: list[str] = typer.Option([], "--exclude", help="EXERCISE: leave it out of the sessions."),
    swap: list[str] = typer.Option([], "--swap", help="EXERCISE=OTHER: do OTHER (same role) in its place."),
    restore: list[str] = typer.Option([], "--restore", help="EXERCISE: put a left-out or swapped one back."),
    threshold: list[str] = typer.Option(
        [], "--threshold", help="ID=VALUE: a threshold for this runner (see hipcoach clinic thresholds)."
    ),
) -> None:
    """Change a runner's program: phase, ladder level or rounds, strength days, exercises, thresholds.

    Each change is recorded with your name and the reason, and the runner sees it. All the changes of one
    command are made together, or none when one is refused.
    """
    from pydantic import ValidationError

    try:
        actions = _actions(reason, phase, level, rounds, strength_days, exclude, swap, restore, threshold)
    except ValidationError as error:
        problem = error.errors()[0]
        raise fail(f"{'.'.join(str(part) for part in problem['loc'])}: {problem['msg']}", code=2) from None
    if not actions:
        raise fail(
            "nothing to set: give at least one of --phase, --level, --rounds, --strength-days, --exclude, "
            "--swap, --restore or --threshold",
            code=2,
        )
    _run(clinician, runner, actions)


def _actions(
    reason: str,
    phase: int | None,
    level: list[str],
    rounds: list[str],
    strength_days: int | None,
    exclude: list[str],
    swap: list[str],
    restore: list[str],
    threshold: list[str],
) -> list[Any]:
    from hipcoach.services import clinical_actions as c

    actions: list[Any] = []
    if phase is not None:
        actions.append(c.PhaseAction(phase=phase, reason=reason))
    if strength_days is not None:
        actions.append(c.StrengthDaysAction(days=strength_days, reason=reason))
    ladder: dict[str, dict[str, int]] = {}
    for option, items in (("level", level), ("rounds", rounds)):
        for item in items:
            name, value = _pair(f"--{option}", item)
            ladder.setdefault(name, {})[option] = _whole(f"--{option}", value)
    actions += [c.LadderAction(exercise=name, reason=reason, **values) for name, values in ladder.items()]
    actions += [c.ExcludeAction(exercise=name, reason=reason) for name in exclude]
    for item in swap:
        name, other = _pair("--swap", item)
        actions.append(c.SwapAction(exercise=name, instead=other, reason=reason))
    actions += [c.RestoreAction(exercise=name, reason=reason) for name in restore]
    for item in threshold:
        name, value = _pair("--threshold", item)
        actions.append(c.ThresholdAction(threshold=name, value=_whole("--threshold", value), reason=reason))
    return actions


def assess(
    runner: RunnerArgument,
    clinician: ClinicianOption,
    answers: Path = typer.Option(
        ...,
        "--answers",
        help="The battery as JSON, in the API's shape (see hipcoach assess --help).",
        show_default=False,
    ),
    reason: str = typer.Option(
        ..., "--reason", help="Why, e.g. the visit; the runner reads it.", show_default=False
    ),
    on: datetime | None = typer.Option(
        None, "--on", formats=["%Y-%m-%d"], help="Day of the assessment (YYYY-MM-DD); default today."
    ),
) -> None:
    """Enter an assessment you measured: recorded with you as the tester, and shown to the runner."""
    from hipcoach.cli.assess_guide import read_answers, show_problems
    from hipcoach.services.assessments import InvalidAssessment, defaults
    from hipcoach.services.clinical_actions import AssessmentAction, act, runner_in_caseload
    from hipcoach.services.errors import NotFound, ServiceError
    from hipcoach.services.runner_time import local_time_for

    with opened() as app:
        me = clinician_for(app, clinician)
        try:
            profile_id = runner_in_caseload(app, me, runner)
        except NotFound as error:
            raise fail(str(error)) from error
        today = local_time_for(app, profile_id).today  # the runner's today
        day = on.date() if on is not None else None
        record = read_answers(answers, defaults(app, profile_id), me.signature, day, today)
        try:
            done = act(app, me, profile_id, AssessmentAction(record=record, reason=reason), "cli")
        except InvalidAssessment as error:
            show_problems(app.library, error.problems)
            raise fail("the assessment was not saved") from None
        except ServiceError as error:
            raise fail(f"{error}. Nothing was saved.", code=2) from error
    _show(done)


def thresholds() -> None:
    """The thresholds a clinician may set for one runner: V and S only stricter, D either way."""
    from hipcoach.domain import overrides
    from hipcoach.services.clinical_actions import evidence_tags

    with opened() as app:
        tags = evidence_tags(app.library)
    table = Table(title="Thresholds you may set for a runner (--threshold ID=VALUE)")
    for column in ("Id", "What", "Tag", "Default", "Range", "Stricter is", "Evidence"):
        table.add_column(column, overflow="fold")
    for spec in overrides.THRESHOLDS:
        tag = overrides.tag_of(spec, tags)
        table.add_row(
            spec.id,
            escape(spec.label),
            tag,
            f"{spec.default}{spec.unit}",
            f"{spec.low}-{spec.high}",
            spec.stricter.value if tag in overrides.SAFETY_TAGS else f"{spec.stricter.value} (either way)",
            ", ".join(spec.evidence()),
        )
    console.print(table)


def _run(email: str, runner: str, actions: list[Any]) -> None:
    from hipcoach.services.clinical_actions import act_many, runner_in_caseload
    from hipcoach.services.errors import NotFound, ServiceError

    with opened() as app:
        me = clinician_for(app, email)
        try:
            profile_id = runner_in_caseload(app, me, runner)
            done = act_many(app, me, profile_id, actions, "cli")
        except NotFound as error:
            raise fail(str(error)) from error
        except ServiceError as error:
            raise fail(f"{error}. Nothing was changed.", code=2) from error
    for view in done:
        _show(view)


def _show(view: ActionView) -> None:
    console.print(escape(view.sentence))


def _pair(option: str, item: str) -> tuple[str, str]:
    name, sep, value = item.partition("=")
    if not sep or not name.strip() or not value.strip():
        raise fail(f"{option} takes NAME=VALUE, got {item!r}", code=2)
    return name.strip(), value.strip()


def _whole(option: str, value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise fail(f"{option}: {value!r} is not a whole number", code=2) from None
