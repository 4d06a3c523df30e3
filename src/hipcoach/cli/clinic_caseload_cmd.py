"""`hipcoach clinic caseload`: the clinician's runners as a table, most in need of attention first."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.table import Table

from hipcoach.cli.clinic_cmd import ClinicianOption, clinician_for
from hipcoach.cli.common import console, fail, opened

if TYPE_CHECKING:
    from hipcoach.services.caseload import CaseloadRow

# The kinds, for --help without importing the domain (a test checks they match AttentionKind).
ATTENTION_CODES = ("hold", "pain-rising", "regression", "spike", "missed-checkins", "low-adherence")


def caseload(
    clinician: ClinicianOption,
    attention: str = typer.Option(
        "",
        "--attention",
        help=f"Only runners with this item: {', '.join(ATTENTION_CODES)}.",
        show_default=False,
    ),
    phase: int | None = typer.Option(None, "--phase", help="Only runners in this phase (1-4).", min=1, max=4),
    search: str = typer.Option(
        "", "--search", help="Only runners whose name contains this.", show_default=False
    ),
) -> None:
    """Your caseload: each runner who shares their data with you, with what needs attention first.

    Every runner listed sees this look in their "who looked at my data" log.
    """
    from hipcoach.services import caseload as service
    from hipcoach.services.errors import InvalidInput

    with opened() as app:
        me = clinician_for(app, clinician)
        try:
            chosen = service.caseload_filter(attention, phase, search)
        except InvalidInput as error:
            raise fail(str(error), code=2) from error
        view = service.caseload(app, me, "cli", chosen)
    if view.total == 0:
        console.print(
            "No runner shares their data with you yet. Make an invitation at /clinic/invite in the web app, "
            f"or give runners your code {me.share_code}."
        )
        return
    if not view.rows:
        console.print(f"None of your {view.total} runners matches these filters.")
        return
    table = Table(title=f"Your caseload: {len(view.rows)} of {view.total} runners, most urgent first")
    for column in (
        "Id",
        "Runner",
        "Phase",
        "Adherence",
        "Pain / tightness",
        "Last check-in",
        "PSFS",
        "Needs",
    ):
        table.add_column(column, overflow="fold")
    for row in view.rows:
        table.add_row(*_cells(row))
    console.print(table)


def _cells(row: CaseloadRow) -> tuple[str, ...]:
    phase = (
        f"{row.phase.value}" + (" (paused)" if row.program_status == "paused" else "") if row.phase else "-"
    )
    adherence = (
        f"{row.sessions_done} of {row.sessions_planned} ({row.adherence_pct}%)"
        if row.sessions_planned
        else "-"
    )
    latest = row.symptoms[-1] if row.symptoms else None
    symptoms = f"{latest.pain} / {latest.tightness}" if latest is not None else "-"
    psfs = f"{row.psfs.difference:+.1f} ({row.psfs.change.value})" if row.psfs is not None else "-"
    needs = "\n".join(f"[bold]{item.label}[/]: {escape(item.text)}" for item in row.attention) or "nothing"
    return (
        str(row.profile_id),
        escape(row.name),
        phase,
        adherence,
        symptoms,
        row.last_checkin.isoformat() if row.last_checkin else "none",
        psfs,
        needs,
    )
