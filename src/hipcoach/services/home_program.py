"""The home program: everything a runner needs to do their current program from paper.

Each kind of session in their week (mobility days, strength days) as they do it now, with the clinician's
exclusions, swaps and stricter pain limits applied; every exercise in it once, with its ladder level and the
next one; the stop rule with the runner's own numbers; and the days of the next two weeks for the log sheet.
``reports.home_program`` lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from hipcoach.domain import pain_stop
from hipcoach.domain import rules as R
from hipcoach.domain.content import Block, Exercise, LadderLevel
from hipcoach.domain.phases import Phase
from hipcoach.domain.program import SessionItem, SessionPlan, WeeklyPlan
from hipcoach.services import clearances, profiles, programs, runner_overrides
from hipcoach.services.context import Hipcoach

LOG_DAYS = 14  # the tick-box sheet covers two weeks from the day it is printed


@dataclass(frozen=True)
class ProgramExercise:
    """One exercise of the program as it is done now, with where its ladder goes next."""

    exercise: Exercise
    item: SessionItem  # from the first session kind it appears in
    level: LadderLevel | None
    next_level: LadderLevel | None
    rounds: tuple[tuple[Block, int], ...]  # the rounds on each kind of session day it is part of

    @property
    def rounds_text(self) -> str:
        """ "2 rounds", or "1 round on strength days, 2 on mobility days" where the days differ."""
        counts = {count for _, count in self.rounds}
        if len(counts) == 1:
            (count,) = counts
            return f"{count} round{'' if count == 1 else 's'}"
        return ", ".join(
            f"{count} round{'' if count == 1 else 's'} on {kind.value} days"
            if n == 0
            else f"{count} on {kind.value} days"
            for n, (kind, count) in enumerate(self.rounds)
        )

    @property
    def top_level(self) -> int | None:
        return self.exercise.top_level if self.exercise.ladder else None


@dataclass(frozen=True)
class LogDay:
    on: date
    blocks: tuple[Block, ...]  # the work planned that day; empty on a day off


@dataclass(frozen=True)
class HomeProgram:
    runner: str
    made_on: date  # the runner's today
    phase: Phase
    started_on: date
    week: WeeklyPlan
    sessions: tuple[SessionPlan, ...]  # one per kind of session day in the week, strength days first
    exercises: tuple[ProgramExercise, ...]
    stop_rule: str
    stop_short: str  # the stop rule in one line, under each exercise
    pain_scale: str
    stop_evidence: tuple[str, ...]
    log_days: tuple[LogDay, ...]
    hold_reason: str | None  # set when the runner is on hold: the document then lists no exercises

    @property
    def evidence(self) -> tuple[str, ...]:
        cited = [*self.week.evidence, *self.stop_evidence]
        for entry in self.exercises:
            cited.extend(entry.exercise.evidence)
        return tuple(dict.fromkeys(cited))


def home_program(app: Hipcoach, profile_id: int) -> HomeProgram:
    """The runner's current program for paper (raises NotFound without a program)."""
    standing = clearances.standing_of(app, profile_id)
    view = programs.overview(app, profile_id)  # NotFound without a program
    runner = profiles.name_of(app, profile_id)
    limits = runner_overrides.limits_of(app, profile_id)
    hold_reason = _hold_reason(standing, view)
    sessions: tuple[SessionPlan, ...] = ()
    if hold_reason is None:
        kinds = [k for k in (Block.STRENGTH, Block.MOBILITY) if any(d.kind is k for d in view.week.days)]
        sessions = tuple(programs.plan_session(app, profile_id, kind) for kind in kinds or [Block.MOBILITY])
    days = tuple(
        LogDay(on, view.week.day(on.weekday()).blocks)
        for on in (view.today + timedelta(days=n) for n in range(LOG_DAYS))
    )
    return HomeProgram(
        runner=runner,
        made_on=view.today,
        phase=view.phase,
        started_on=view.started_on,
        week=view.week,
        sessions=sessions,
        exercises=_exercises(sessions),
        stop_rule=pain_stop.rule_statement(limits),
        stop_short=pain_stop.stop_line(limits),
        pain_scale=pain_stop.scale_hint(limits),
        stop_evidence=R.RULES[pain_stop.RULE_ID].evidence,
        log_days=days,
        hold_reason=hold_reason,
    )


def _hold_reason(standing: clearances.Standing, view: programs.ProgramOverview) -> str | None:
    if standing.hold is not None:
        since = f"On hold since {standing.began_on.isoformat()}. " if standing.began_on else ""
        return since + " ".join((*standing.hold.advice, standing.hold.what_lifts))
    if view.paused:
        return view.paused_reason or "The program is paused."
    return None


def _exercises(sessions: tuple[SessionPlan, ...]) -> tuple[ProgramExercise, ...]:
    first: dict[str, SessionItem] = {}
    rounds: dict[str, list[tuple[Block, int]]] = {}
    for plan in sessions:
        for item in plan.items:
            first.setdefault(item.exercise.id, item)
            rounds.setdefault(item.exercise.id, []).append((plan.kind, item.rounds))
    listed = []
    for exercise_id, item in first.items():
        exercise = item.exercise
        level = exercise.level(item.level) if item.level is not None else None
        following = exercise.level(item.level + 1) if item.level is not None else None
        listed.append(ProgramExercise(exercise, item, level, following, tuple(rounds[exercise_id])))
    return tuple(listed)
