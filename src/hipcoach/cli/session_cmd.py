"""`hipcoach session` (guided, with timers) and `hipcoach log` (a past session, as prescribed)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.panel import Panel

from hipcoach.cli import timers
from hipcoach.cli.common import ProfileOption, console, fail, opened, profile_for
from hipcoach.cli.plan_cmd import session_table
from hipcoach.domain import pain_stop
from hipcoach.domain import rules as R
from hipcoach.domain.rules import pain_scale_hint, rpe_scale_hint

if TYPE_CHECKING:
    from hipcoach.domain.content import Block
    from hipcoach.domain.overrides import Limits
    from hipcoach.domain.program import SessionItem, SessionPlan
    from hipcoach.services.context import Hipcoach
    from hipcoach.services.sessions import ExerciseRecord, SetRecord

KindOption = typer.Option(None, "--kind", help="mobility or strength; default: what today's plan says.")


CHOICE_KEYS = {
    pain_stop.Choice.EASIER: "e",
    pain_stop.Choice.SMALLER_RANGE: "r",
    pain_stop.Choice.STOPPED: "s",
}


@dataclass
class PainDuring:
    """What "it hurts" answers said during one exercise."""

    worst: int | None = None
    stopped: bool = False  # pain stopped it (BRIEF §5): not at the full dose, whatever was done after

    def noted(self, pain: int) -> None:
        self.worst = pain if self.worst is None else max(self.worst, pain)

    def at_least(self, answer: int | None) -> int | None:
        """An answer about pain during, never below the worst reported while it was done."""
        if answer is None or self.worst is None:
            return answer if answer is not None else self.worst
        return max(answer, self.worst)


def ask_scale(question: str, default: int | None = None) -> int:
    """Ask for a 0-10 rating until a valid one is given."""
    while True:
        value: int = typer.prompt(f"{question} (0-10)", type=int, default=default)
        if 0 <= value <= 10:
            return value
        console.print("[red]Please give a number from 0 to 10.[/]")


def ask_choice(question: str, keys: dict[str, pain_stop.Choice]) -> pain_stop.Choice:
    """Ask until one of ``keys`` is typed; no default, so a stray Enter never chooses for the runner."""
    while True:
        answer: str = typer.prompt(f"{question} ({'/'.join(keys)})").strip().lower()
        if answer in keys:
            return keys[answer]
        console.print(f"[red]Please type one of {', '.join(keys)}.[/]")


def ask_count(question: str, default: int) -> int:
    while True:
        value: int = typer.prompt(question, type=int, default=default)
        if value >= 0:
            return value
        console.print("[red]Please give 0 or more.[/]")


def _parse_kind(kind: str | None) -> Block | None:
    from hipcoach.domain.content import Block

    if kind is None:
        return None
    if kind not in ("mobility", "strength"):
        raise fail(f"--kind must be mobility or strength, got {kind!r}")
    return Block(kind)


class Player:
    """Walks through a session one exercise at a time and collects what was done."""

    def __init__(self, plan: SessionPlan, use_timers: bool, limits: Limits | None = None) -> None:
        self.plan = plan
        self.use_timers = use_timers
        self.limits = limits  # the runner's, where a clinician made the pain maximum stricter
        self.notes: list[str] = []  # one sentence for each exercise pain stopped, kept with the session
        self.worst_pain: int | None = None  # the worst pain reported during any exercise

    def run(self) -> list[ExerciseRecord]:
        done = []
        total = len(self.plan.items)
        for number, item in enumerate(self.plan.items, start=1):
            done.append(self._exercise(number, total, item))
        return done

    def _exercise(self, number: int, total: int, item: SessionItem) -> ExerciseRecord:
        from hipcoach.domain.content import Block
        from hipcoach.services.sessions import ExerciseRecord, SetRecord

        exercise = item.exercise
        title = f"{number}/{total} - {item.block.value} - {exercise.name}"
        lines = [exercise.summary]
        if item.level_name:
            lines.append(f"Level {item.level}: {item.level_name}")
        lines.append(f"Dose: {item.dose_text}, {item.rounds} round{'s' if item.rounds > 1 else ''}")
        lines += [f"- {cue}" for cue in exercise.cues]
        console.print(Panel("\n".join(escape(line) for line in lines), title=escape(title)))
        answer = typer.prompt("Enter to start, s to skip this exercise", default="", show_default=False)
        if answer.strip().lower() == "s":
            console.print("[dim]Skipped.[/]")
            return ExerciseRecord(exercise.id, item.level, item.rounds, ())

        sets = []
        pain = PainDuring()
        rounds = item.rounds_to_do
        left_for_today = False
        for round_number, sides in rounds:
            for side in sides:
                sets.append(self._set(item, round_number, side))
                item, left_for_today = self._ask_if_it_hurts(item, pain)
                if left_for_today:
                    break
            if left_for_today:
                break
            if round_number < len(rounds):
                timers.countdown(console, item.rest_seconds, "Rest", enabled=self.use_timers)
        if pain.worst is not None:
            self.worst_pain = max(self.worst_pain or 0, pain.worst)
        if item.block is not Block.STRENGTH or left_for_today:
            return ExerciseRecord(
                exercise.id,
                item.level,
                item.rounds,
                tuple(sets),
                pain_during=pain.worst,
                pain_stop=pain.stopped,
            )
        load_text = typer.prompt("Load used in kg (Enter for bodyweight)", default="", show_default=False)
        try:
            load = float(load_text) if load_text.strip() else None
        except ValueError:
            console.print("[yellow]Not a number; recorded as bodyweight.[/]")
            load = None
        return ExerciseRecord(
            exercise_id=exercise.id,
            ladder_level=item.level,
            rounds=item.rounds,
            sets=tuple(SetRecord(s.round, s.side, s.reps, s.seconds, load) for s in sets),
            pain_during=pain.at_least(ask_scale(f"Pain during {exercise.name}", pain.worst or 0)),
            rpe=ask_scale("Effort (RPE)", 6),
            load_kg=load,
            pain_stop=pain.stopped,
        )

    def _ask_if_it_hurts(self, item: SessionItem, pain: PainDuring) -> tuple[SessionItem, bool]:
        """After a set: any pain? Pain that stops the exercise offers an easier level, a smaller range or
        leaving it. Gives the item to go on with (its easier level, when chosen) and whether it was left."""
        answer = typer.prompt("Enter to go on, h if it hurts", default="", show_default=False)
        if answer.strip().lower() != "h":
            return item, False
        score = ask_scale("How much does it hurt?")
        sharp = typer.confirm(pain_stop.kinds_question(), default=None)
        pain.noted(score)
        check = pain_stop.check(score, sharp, self.limits)
        if not check.stops:
            console.print(escape(check.message))
            return item, False
        console.print(f"[bold red]{escape(check.message)}[/]")
        pain.stopped = True
        exercise = item.exercise
        easier = pain_stop.easier_level(exercise, item.level)
        offers = pain_stop.choice_texts()
        choices = [c for c in pain_stop.Choice if c is not pain_stop.Choice.EASIER or easier is not None]
        for choice in choices:
            offer = offers[choice.value]
            if choice is pain_stop.Choice.EASIER and easier is not None:
                offer += f": level {easier.level}, {easier.name}"
            console.print(f"  {CHOICE_KEYS[choice]}  {escape(offer)}")
        chosen = ask_choice("What now?", {CHOICE_KEYS[c]: c for c in choices})
        to_level = easier.level if chosen is pain_stop.Choice.EASIER and easier is not None else None
        self.notes.append(pain_stop.stop_note(exercise.name, score, sharp, chosen, to_level, self.limits))
        if to_level is not None and easier is not None:
            item = replace(item, level=to_level, level_name=easier.name, dose=exercise.dose_at(to_level))
            console.print(f"On at level {to_level}: {escape(easier.name)}, {escape(item.dose.describe())}.")
        return item, chosen is pain_stop.Choice.STOPPED

    def _set(self, item: SessionItem, round_number: int, side: str) -> SetRecord:
        from hipcoach.services.sessions import SetRecord

        dose = item.dose
        where = "" if side == "both" else f" - {side} side"
        label = f"Round {round_number}/{item.rounds}" if round_number <= item.rounds else "Extra round"
        console.print(f"[bold]{label}{where}[/]: {escape(dose.describe())}")
        seconds = None
        if dose.hold_seconds and dose.reps_per_side:
            count = dose.reps_per_side
            for rep in range(1, count + 1):
                if rep > 1:  # the web player's pause between held reps, the same length
                    ready = f"Rep {rep} of {count}: get ready"
                    timers.countdown(console, R.REP_REST_SECONDS, ready, enabled=self.use_timers)
                hold = f"Rep {rep} of {count}: hold"
                timers.countdown(console, dose.hold_seconds, hold, enabled=self.use_timers)
            seconds = dose.hold_seconds
        elif dose.hold_seconds:
            completed = timers.countdown(console, dose.hold_seconds, "Hold", enabled=self.use_timers)
            seconds = dose.hold_seconds if completed else ask_count("Seconds held", 0)
        wanted = dose.reps_per_side or dose.circles_each_direction
        reps = None
        if wanted:
            unit = "Circles each way" if dose.circles_each_direction else "Reps"
            reps = ask_count(f"{unit} done", wanted)
        return SetRecord(round_number, side, reps=reps, seconds=seconds)


def session(
    profile: ProfileOption = None,
    kind: str | None = KindOption,
    no_timers: bool = typer.Option(
        False, "--no-timers", help="Skip hold and rest countdowns (use your own watch)."
    ),
) -> None:
    """Do today's session, guided one exercise at a time with hold and rest timers."""
    from hipcoach.domain.content import Block
    from hipcoach.services import programs, runner_overrides
    from hipcoach.services.sessions import SessionRecord, save_session

    with opened() as app:
        runner = profile_for(app, profile)
        plan = programs.plan_session(app, runner.id, _parse_kind(kind))
        console.print(session_table(plan))
        limits = runner_overrides.limits_of(app, runner.id)  # a clinician's stricter numbers, if any
        console.print(f"Pain during an exercise, out of 10: {pain_stop.scale_hint(limits)}")
        console.print(f"Effort (RPE): {rpe_scale_hint()}")
        started = app.now()
        baseline = ask_scale("Before you start: your pain right now", 0)
        player = Player(plan, not no_timers, limits)
        try:
            exercises = player.run()
        except (KeyboardInterrupt, typer.Abort):
            console.print("\n[yellow]Session stopped. Nothing was saved.[/]")
            raise typer.Exit(1) from None
        player_worst = player.worst_pain
        worst = (
            PainDuring(player_worst).at_least(ask_scale("Worst pain during the session", player_worst or 0))
            if plan.kind is Block.MOBILITY
            else None
        )
        record = SessionRecord(
            performed_on=app.local(runner.timezone).date_of(started),  # the runner's day it began
            kind=plan.kind,
            baseline_pain=baseline,
            exercises=tuple(exercises),
            pain_during=worst,
            rpe=ask_scale("Effort of the whole session (RPE)", 5),
            tightness=ask_scale("Hip tightness now", 0),
            source="guided",
            started_at=started,
            finished_at=app.now(),
            notes=" ".join(player.notes),
        )
        saved = save_session(app, runner.id, record)
        short = [app.library.exercises[e].name for e, full in saved.full_dose.items() if not full]
        console.print(f"[bold green]Session saved[/] ({len(exercises)} exercises).")
        if short:
            console.print(
                f"Not at the full dose: {', '.join(short)} (fine; it just won't count toward a step up)."
            )
        if record.notes:
            console.print(f"What hurt: {escape(record.notes)}")
        _after_the_session(app, runner.id, saved.session_id)


def _after_the_session(app: Hipcoach, profile_id: int, session_id: int) -> None:
    """What comes next: the pain about an hour after, then the morning check-in when it opens."""
    from hipcoach.services.checkins import awaiting_morning

    waiting = awaiting_morning(app, profile_id)
    if waiting is None or waiting.session_id != session_id:
        return
    console.print(
        "In about an hour, run [bold]hipcoach checkin[/] to give the pain an hour after the session. "
        f"The morning check-in opens {escape(waiting.window.describe_opening())}: run it again then to see "
        "what comes next."
    )


def log(
    profile: ProfileOption = None,
    on: datetime = typer.Option(..., "--date", formats=["%Y-%m-%d"], help="Day of the session (YYYY-MM-DD)."),
    kind: str | None = KindOption,
    baseline_pain: int | None = typer.Option(None, "--baseline-pain", help="Pain before the session (0-10)."),
    pain_during: int | None = typer.Option(
        None, "--pain-during", help=f"Worst pain during the session (0-10): {pain_scale_hint()}"
    ),
    rpe: int | None = typer.Option(None, "--rpe", help=f"Effort of the session (RPE): {rpe_scale_hint()}"),
) -> None:
    """Log a session you did on an earlier day, done as prescribed."""
    from hipcoach.domain.content import Block
    from hipcoach.services import programs
    from hipcoach.services.sessions import as_prescribed, save_session

    with opened() as app:
        runner = profile_for(app, profile)
        day: date = on.date()
        planned_kind = _parse_kind(kind)
        if planned_kind is None:  # what the plan had for that weekday; mobility on a day off
            planned_kind = programs.overview(app, runner.id).week.day(day.weekday()).kind or Block.MOBILITY
        plan = programs.plan_session(app, runner.id, planned_kind)
        record = as_prescribed(
            plan,
            performed_on=day,
            baseline_pain=baseline_pain
            if baseline_pain is not None
            else ask_scale("Pain before the session"),
            pain_during=pain_during
            if pain_during is not None
            else ask_scale("Worst pain during the session"),
            rpe=rpe if rpe is not None else ask_scale("Effort (RPE)"),
        )
        saved = save_session(app, runner.id, record)
        console.print(f"Logged a {saved.kind.value} session on {saved.performed_on.isoformat()}.")
