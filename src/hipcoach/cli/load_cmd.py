"""`hipcoach load`, `hipcoach week` and `hipcoach runs`: running volume and spikes, the training week with the
sessions placed around it, and runs typed in by hand."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from hipcoach.cli.common import ProfileOption, cite, console, fail, opened, profile_for
from hipcoach.domain import rules
from hipcoach.domain.load import DEFAULT_WEEKS_SHOWN, NOT_ENOUGH_HISTORY, Advice, WeekLoad, increase_text
from hipcoach.domain.week import WEEKDAY_NAMES, DayKind

if TYPE_CHECKING:
    from hipcoach.domain.content import Library

SPARK = "▁▂▃▄▅▆▇█"
DAY_NAMES = {name[:3].lower(): number for number, name in enumerate(WEEKDAY_NAMES)}


def sparkline(values: list[float]) -> str:
    top = max(values, default=0.0)
    if top <= 0:
        return SPARK[0] * len(values)
    return "".join(SPARK[min(len(SPARK) - 1, int(v / top * (len(SPARK) - 1) + 0.5))] for v in values)


def _duration(seconds: float) -> str:
    minutes = round(seconds / 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:+.0f}%"


def _week_change(week: WeekLoad) -> str:
    return _pct(week.change_pct) if week.enough_history_for_change else NOT_ENOUGH_HISTORY


def load(
    profile: ProfileOption = None,
    weeks: int = typer.Option(DEFAULT_WEEKS_SHOWN, "--weeks", min=1, max=520, help="Weeks to show."),
) -> None:
    """Weekly distance and time, the longest run, spikes against the last 30 days, and ACWR as context."""
    from hipcoach.services import load as load_service

    with opened() as app:
        runner = profile_for(app, profile)
        view = load_service.summary(app, runner.id, weeks)
        unit = view.unit
        if view.run_count == 0:
            console.print(
                "No runs yet. Import them with [bold]hipcoach import PATH[/] (watch files, a folder or a "
                "Strava export zip) or type one in with [bold]hipcoach runs add[/]."
            )
            return
        table = Table(
            "Week of",
            unit.value,
            "time",
            "runs",
            f"longest {unit}",
            "vs last week",
            title=f"Running load ({view.zone}, {unit.label})",
        )
        this_week = view.weeks[-1].week_start if view.weeks else None
        for week in view.weeks:
            current = week.week_start == this_week
            table.add_row(
                f"{week.week_start:%d %b %Y}" + (" (so far)" if current else ""),
                unit.number(week.distance_km),
                _duration(week.duration_s),
                str(week.run_count),
                unit.number(week.longest_km),
                "-" if current else _week_change(week),
            )
        console.print(table)
        console.print(f"Weekly {unit}: {sparkline([w.distance_km for w in view.weeks])}")
        notes = [w.context for w in view.weeks if w.context]
        for note in notes[-3:]:
            console.print(f"[dim]{escape(note)}[/]")
        if view.weeks:
            console.print(f"[dim]{cite(app.library, view.weeks[0].evidence)}[/]")

        if view.spikes:
            spikes = Table(
                "Run", unit.value, "longest before", "longer by", "band", title="Spikes (one run much longer)"
            )
            for spike in view.spikes:
                local = spike.run.started_at.astimezone(ZoneInfo(view.zone))
                spikes.add_row(
                    f"{local:%a %d %b %Y}",
                    unit.number(spike.run.distance_km),
                    unit.number(spike.previous_longest_km) if spike.previous_longest_km is not None else "-",
                    increase_text(spike.increase_pct) if spike.increase_pct is not None else "-",
                    spike.band.label,
                )
            console.print(spikes)
            console.print(escape(view.spikes[-1].explanation))
            console.print(f"[dim]{cite(app.library, view.spikes[-1].evidence)}[/]")
        else:
            console.print(
                f"No spikes: no run was more than {rules.SPIKE_BAND_EDGES_PCT[0]:g}% longer than your "
                f"longest of the {rules.SPIKE_WINDOW_DAYS} days before."
            )
        for note in view.history_notes:
            console.print(f"[dim]{escape(note)}[/]")

        latest = next((p for p in reversed(view.acwr) if p.ratio is not None), None)
        if latest is not None:
            console.print(
                f"Acute:chronic ratio on {latest.day:%d %b}: {latest.ratio:.2f} (weighted daily averages: "
                f"{unit.text(latest.acute_km)} over 7 days, {unit.text(latest.chronic_km)} over 28 days)."
            )
            console.print(f"[dim]{escape(view.acwr_caveat)}[/]")
        elif view.acwr and not view.acwr[-1].enough_history:
            console.print(f"Acute:chronic ratio: {NOT_ENOUGH_HISTORY} yet.")
        show_advice(app.library, view.advice)


def show_advice(library: Library, advice: Advice | None) -> None:
    """The after-spike advice of BRIEF §8, in `load`, `plan` and `checkin`."""
    if advice is None:
        return
    body = escape(advice.text) + "\n" + "\n".join(f"- {escape(line)}" for line in advice.because)
    console.print(Panel(body, title=escape(advice.headline), border_style="yellow"))
    console.print(f"[dim]{cite(library, advice.evidence)}[/]")


def parse_week(text: str) -> dict[int, DayKind]:
    """ "mon=easy,tue=hard,sun=long" -> weekday -> kind; days left out are rest days."""
    days: dict[int, DayKind] = {}
    kinds = {k.value: k for k in DayKind}
    for part in filter(None, (p.strip() for p in text.split(","))):
        day, sep, kind = part.partition("=")
        number = DAY_NAMES.get(day.strip().lower()[:3])
        if not sep or number is None or kind.strip().lower() not in kinds:
            raise ValueError(
                f"{part!r} is not DAY=KIND; days mon..sun, kinds {', '.join(kinds)} (e.g. tue=hard,sun=long)"
            )
        days[number] = kinds[kind.strip().lower()]
    return days


def week(
    profile: ProfileOption = None,
    set_week: str | None = typer.Option(
        None,
        "--set",
        help="Your usual week, e.g. 'mon=easy,tue=hard,thu=hard,sat=easy,sun=long' (other days rest); "
        "'none' to read it from your runs again.",
    ),
    timezone: str | None = typer.Option(None, "--timezone", help="Your time zone, e.g. Europe/Berlin."),
    ical: Path | None = typer.Option(None, "--ical", help="Write the sessions as an iCalendar file here."),
    weeks: int = typer.Option(4, "--weeks", min=1, max=26, help="Weeks the calendar file covers."),
    at: str | None = typer.Option(
        None, "--at", help="Time of day for the sessions in this calendar file (HH:MM); default: --remind-at."
    ),
    remind_at: str | None = typer.Option(
        None,
        "--remind-at",
        help="Keep the time of day you train (HH:MM, in your time zone; 'none' for the default): "
        "the calendar uses it from now on.",
    ),
) -> None:
    """Your training week and where the strength and mobility sessions go around your runs, with why.

    --ical writes them to a calendar file with a reminder for each, each session as long as it takes.
    """
    from hipcoach.services import load as load_service
    from hipcoach.services import reminders, runner_time
    from hipcoach.services.errors import InvalidInput

    with opened() as app:
        runner = profile_for(app, profile)
        if timezone is not None:
            console.print(f"Time zone set to {runner_time.set_timezone(app, runner.id, timezone)}.")
        if remind_at is not None:
            try:
                chosen = reminders.parse_time("" if remind_at.strip().lower() == "none" else remind_at)
            except InvalidInput as error:
                raise fail(f"--remind-at: {error}") from None
            reminders.set_time(app, runner.id, chosen)
            shown = (chosen or reminders.DEFAULT_REMINDER_TIME).strftime("%H:%M")
            console.print(f"Your sessions go in the calendar at {shown}.")
        if set_week is not None:
            try:
                days = {} if set_week.strip().lower() == "none" else parse_week(set_week)
            except ValueError as error:
                raise fail(str(error)) from None
            load_service.set_week(app, runner.id, days)
        view = load_service.week_view(app, runner.id)
        if view.week is None:
            console.print(
                "No training week yet. Mark your usual week, e.g. [bold]hipcoach week --set "
                "'tue=hard,thu=easy,sun=long'[/], or import at least three weeks of runs."
            )
            return
        source = "read from your last 8 weeks of runs" if view.inferred else "as you set it"
        table = Table("Day", "Running", "hipcoach", "When and why", title=f"Your week ({source})")
        for weekday, name in enumerate(WEEKDAY_NAMES):
            placed = [s for s in view.placement.sessions if s.weekday == weekday] if view.placement else []
            table.add_row(
                name,
                view.week.kind(weekday).value,
                " + ".join(s.kind for s in placed) or "-",
                "\n".join(escape(f"{s.timing}: {' '.join(s.why)}") for s in placed),
            )
        console.print(table)
        if view.placement is not None:
            for note in view.placement.notes:
                console.print(f"[yellow]{escape(note)}[/]")
            console.print(f"[dim]{cite(app.library, view.placement.evidence)}[/]")
        if ical is not None:
            try:
                start_time = reminders.parse_time(at) if at is not None else None
            except InvalidInput as error:
                raise fail(f"--at: {error}") from None
            data = reminders.calendar(app, runner.id, weeks, start_time)
            tmp = ical.with_name(ical.name + ".partial")
            try:
                tmp.write_bytes(data)
                tmp.replace(ical)
            except OSError as error:
                raise fail(f"could not write {ical}: {error.strerror}") from None
            console.print(f"Wrote {weeks} weeks of sessions to {ical} (one event each, with a reminder).")


runs_app = typer.Typer(help="Runs typed in by hand, and the runs hipcoach holds.", no_args_is_help=True)


@runs_app.command("add")
def add(
    when: str = typer.Argument(..., help="Start, 'YYYY-MM-DD HH:MM' (or a date: 07:00), in your time zone."),
    distance: float = typer.Argument(
        ..., help="Distance, in your unit (km or mi: `hipcoach profiles units`)."
    ),
    duration_min: float = typer.Argument(..., help="Duration in minutes."),
    name: str = typer.Option("", "--name", help="A name for the run."),
    profile: ProfileOption = None,
) -> None:
    """Type in a run (refused when the same run is already stored)."""
    from hipcoach.services import activities, distance_units

    with opened() as app:
        runner = profile_for(app, profile)
        zone = app.local(runner.timezone).tz
        unit = distance_units.unit_of_profile(app, runner.id)
        try:
            moment = datetime.fromisoformat(when if " " in when or "T" in when else f"{when} 07:00")
        except ValueError:
            raise fail(f"{when!r} is not a date and time like 2026-11-20 07:30") from None
        added = activities.add_run(
            app, runner.id, moment.replace(tzinfo=zone), unit.to_km(distance), duration_min, name, unit
        )
        console.print(
            f"Run {added.id} added: {escape(added.name)}, {distance:g} {unit} in {duration_min:g} min."
        )


@runs_app.command("list")
def list_runs(
    profile: ProfileOption = None,
    last: int = typer.Option(20, "--last", min=1, help="How many of the latest runs to show."),
) -> None:
    """The latest runs hipcoach holds, newest first."""
    from hipcoach.services import activities, distance_units

    with opened() as app:
        runner = profile_for(app, profile)
        zone = app.local(runner.timezone).tz
        unit = distance_units.unit_of_profile(app, runner.id)
        rows = activities.recent_runs(app, runner.id, last)[::-1]
        table = Table("Id", "Start", unit.value, "time", "Name", "From", title=f"Runs ({len(rows)} shown)")
        for row in reversed(rows):
            table.add_row(
                str(row.id),
                f"{row.started_at.astimezone(zone):%Y-%m-%d %H:%M}",
                unit.number(row.distance_m / 1000, 2) if row.distance_m is not None else "-",
                _duration(row.duration_s),
                escape(row.name),
                escape(row.source),
            )
        console.print(table)


@runs_app.command("delete")
def delete(
    run_id: int = typer.Argument(..., help="The run's id (see `hipcoach runs list`)."),
    profile: ProfileOption = None,
) -> None:
    """Delete one run."""
    from hipcoach.services import activities

    with opened() as app:
        runner = profile_for(app, profile)
        activities.delete_run(app, runner.id, run_id)
        console.print(f"Run {run_id} deleted.")
