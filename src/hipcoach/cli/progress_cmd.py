"""`hipcoach progress`: the trend of pain and tightness, with every decision and its reason."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table

from hipcoach.cli.common import ProfileOption, console, exercise_name, opened, profile_for

PAIN_KEY = (
    "Ph phase; pain (0-10) Pre before, Dur during, 1h an hour after, Morn next morning; "
    "RPE effort; Tight tightness"
)


def _n(value: int | None) -> str:
    return "-" if value is None else str(value)


def progress(profile: ProfileOption = None) -> None:
    """Show each session and check-in with pain, tightness and the decision taken."""
    from hipcoach.domain.content import RedFlagLevel
    from hipcoach.services.clearances import hold_history
    from hipcoach.services.history import history

    with opened() as app:
        runner = profile_for(app, profile)
        rows = history(app, runner.id)
        holds = hold_history(app, runner.id)
        if holds:
            console.print("[bold]Holds and clearances[/]")
            for line in holds:
                console.print(f"  {line.on.isoformat()}  {escape(line.text)}")
        if not rows:
            console.print("Nothing logged yet. Do a session with [bold]hipcoach session[/].")
            return
        table = Table(title=f"Progress of {runner.name}", caption=PAIN_KEY)
        table.add_column("Date", no_wrap=True)
        table.add_column("Session", no_wrap=True)
        for header in ("Ph", "Pre", "Dur", "1h", "RPE", "Morn", "Tight"):
            table.add_column(header, justify="right", no_wrap=True)
        table.add_column("Decision and why", ratio=1, min_width=30)
        for row in rows:
            lines = []
            for d in row.decisions:
                name = exercise_name(app.library, d.exercise_id, "session")
                step = f" {d.from_level}->{d.to_level}" if d.from_level != d.to_level else ""
                lines.append(f"{name}: {d.outcome}{step} - {escape(d.reason)}")
            if row.red_flag_level not in (None, "none"):
                lines.append(f"warning sign: {RedFlagLevel(row.red_flag_level).label}")
            table.add_row(
                row.on.isoformat(),
                row.kind or "check-in",
                _n(row.phase),
                _n(row.baseline_pain),
                _n(row.pain_during),
                _n(row.pain_after),
                _n(row.rpe),
                _n(row.morning_pain),
                _n(row.tightness),
                "\n".join(lines) or "-",
            )
        console.print(table)
