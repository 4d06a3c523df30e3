"""The progress report: what happened in a runner's program between two of their days, as plain data.

Who, the phase now and each phase step in the range with its reason (and who overrode it), adherence week by
week (sessions done against the days the weekly plan held), pain during, an hour after and the next morning
and tightness, each progression decision with its reason and rule, the assessments with their change beyond
error, the PSFS, running load with its spikes, red flags and clearances, and every source cited.
``reports.progress_report`` lays it out. Every query reads the range (or the little before it a comparison
needs) at once: the number of queries does not grow with the history.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from statistics import fmean
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hipcoach.clock import LocalTime
from hipcoach.domain import load as L
from hipcoach.domain import rules as R
from hipcoach.domain.assessment.battery import MeasureChange, compare_results
from hipcoach.domain.assessment.change import THRESHOLDS, Change, Measure
from hipcoach.domain.assessment.ids import TestId
from hipcoach.domain.overrides import Limits
from hipcoach.domain.phases import Phase
from hipcoach.domain.precision import shown
from hipcoach.domain.program import ProgramSettings, WeeklyPlan, weekly_plan
from hipcoach.domain.progression import Outcome
from hipcoach.domain.units import DEFAULT_UNIT, DistanceUnit, unit_of
from hipcoach.services import assessment_rows, clearances, profiles, programs, records, runner_overrides
from hipcoach.services.charts import LineChart, Point, Series, WeekCount, monday_of
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import InvalidInput, NotFound
from hipcoach.services.runner_time import local_time, local_time_for
from hipcoach.storage import models as m

MAX_YEARS = 3  # the longest range a report covers
DEFAULT_WEEKS = 12  # the range when none is given: the twelve weeks up to the runner's today
FIRST_LAST_WEEKS = 4  # pain in the first weeks of the range against the last weeks
NOTES_SHOWN = 12  # the newest session notes printed; the rest are counted
SPIKE_EVIDENCE = ("frandsen2025",)
PAIN_BAND_RULES = ("progression.progress", "progression.hold", "progression.regress")


# --- what the report holds --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhaseStepLine:
    on: date
    from_phase: Phase | None
    to_phase: Phase
    reason: str
    overridden_by: str | None
    override_reason: str | None


@dataclass(frozen=True)
class PhaseSpanLine:
    """One phase as a span of the range's days (the timeline)."""

    phase: Phase
    start: date
    end: date


@dataclass(frozen=True)
class WeekAdherence:
    week_start: date  # a Monday; the first and last weeks may be cut by the range
    planned: int  # days the weekly plan held hipcoach work, inside the range and not on hold
    done: int  # sessions recorded that week

    @property
    def counted(self) -> int:
        """Sessions that count towards adherence: no more than were planned."""
        return min(self.done, self.planned)


@dataclass(frozen=True)
class Adherence:
    weeks: tuple[WeekAdherence, ...]

    @property
    def planned(self) -> int:
        return sum(w.planned for w in self.weeks)

    @property
    def done(self) -> int:
        return sum(w.done for w in self.weeks)

    @property
    def percent(self) -> float | None:
        """Planned sessions done, in percent (extra sessions in a week do not make up for another week)."""
        if not self.planned:
            return None
        return 100.0 * sum(w.counted for w in self.weeks) / self.planned


@dataclass(frozen=True)
class Band:
    """One pain-monitoring band on the 0-10 scale, from the runner's own limits."""

    key: str  # "safe", "acceptable", "too-much"
    label: str
    low: int
    high: int


@dataclass(frozen=True)
class BandCounts:
    """How many readings of one series fell in each band."""

    label: str
    counts: tuple[int, ...]  # in the order of ``ProgressReport.bands``

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class PainComparison:
    """Mean pain during sessions in the first weeks of the range against the last weeks."""

    weeks: int
    first_mean: float | None
    first_count: int
    last_mean: float | None
    last_count: int


@dataclass(frozen=True)
class DecisionRow:
    """One decision, or the same decision taken for several exercises at one check-in."""

    on: date
    exercises: tuple[str, ...]  # the exercises' names, or "Whole session"
    outcome: Outcome
    reason: str
    rule_id: str
    evidence: tuple[str, ...]
    from_level: int | None
    to_level: int | None


@dataclass(frozen=True)
class DecisionCount:
    """Decisions that changed no level (held, or a good session with no step to take), counted."""

    exercise: str
    outcome: Outcome
    count: int


@dataclass(frozen=True)
class ChangeLine:
    label: str
    unit: str
    previous: str
    current: str
    difference: str
    verdict: Change | None  # None: no measurement error known, the change is shown, not judged
    threshold: str | None  # the size a real change needs, in words
    evidence: tuple[str, ...]

    @property
    def beyond_error(self) -> bool:
        return self.verdict is not None and self.verdict is not Change.NO_REAL_CHANGE


@dataclass(frozen=True)
class AssessmentLine:
    on: date
    tester: str
    tests: tuple[str, ...]
    previous_on: date | None
    changes: tuple[ChangeLine, ...]

    @property
    def beyond_error(self) -> tuple[ChangeLine, ...]:
        return tuple(c for c in self.changes if c.beyond_error)


@dataclass(frozen=True)
class PsfsLine:
    on: date
    activities: tuple[tuple[str, float], ...]
    score: float
    change: ChangeLine | None


@dataclass(frozen=True)
class LoadWeekLine:
    week_start: date
    distance_km: float
    run_count: int
    longest_km: float
    change_pct: float | None
    spike: bool


@dataclass(frozen=True)
class SpikeLine:
    on: date
    distance_km: float
    previous_longest_km: float | None
    increase: str
    band: str
    explanation: str


@dataclass(frozen=True)
class RunningLoad:
    weeks: tuple[LoadWeekLine, ...]
    spikes: tuple[SpikeLine, ...]
    total_km: float
    run_count: int
    evidence: tuple[str, ...]
    unit: DistanceUnit = DEFAULT_UNIT  # the runner's, for the text; the numbers above stay in km


@dataclass(frozen=True)
class HoldEvent:
    on: date
    kind: str  # "red-flag", "pause" or "clearance"
    text: str


@dataclass(frozen=True)
class NoteLine:
    on: date
    text: str


@dataclass(frozen=True)
class NextStep:
    phase: Phase | None
    paused: bool
    paused_reason: str | None
    next_phase: Phase | None
    still_needed: tuple[str, ...]
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class ProgressReport:
    runner: str
    start: date
    end: date
    made_on: date  # the runner's today
    limits: Limits
    bands: tuple[Band, ...]
    phase_now: Phase | None
    phase_steps: tuple[PhaseStepLine, ...]  # the steps taken inside the range
    phase_spans: tuple[PhaseSpanLine, ...]
    session_count: int
    sessions_by_kind: tuple[tuple[str, int], ...]
    adherence: Adherence
    symptoms: LineChart | None  # pain during, an hour after, the next morning and tightness
    band_counts: tuple[BandCounts, ...]
    pain_first_last: PainComparison
    decisions: tuple[DecisionRow, ...]  # level changes, step-backs and pauses, one each, oldest first
    counted: tuple[DecisionCount, ...]  # the other decisions, counted per exercise and outcome
    outcome_counts: tuple[tuple[Outcome, int], ...]
    assessments: tuple[AssessmentLine, ...]
    psfs: tuple[PsfsLine, ...]
    load: RunningLoad
    hold_events: tuple[HoldEvent, ...]
    notes: tuple[NoteLine, ...]
    notes_left_out: int
    next_step: NextStep
    evidence: tuple[str, ...]  # every source the report cites, once, in the order first cited

    @property
    def has_sessions(self) -> bool:
        return self.session_count > 0

    @property
    def sessions_per_week(self) -> tuple[WeekCount, ...]:
        return tuple(WeekCount(w.week_start, w.done) for w in self.adherence.weeks)

    @property
    def red_flag_count(self) -> int:
        return sum(1 for e in self.hold_events if e.kind == "red-flag")

    @property
    def pause_count(self) -> int:
        return sum(1 for e in self.hold_events if e.kind == "pause")

    @property
    def clearance_count(self) -> int:
        return sum(1 for e in self.hold_events if e.kind == "clearance")

    @property
    def changes_beyond_error(self) -> tuple[tuple[date, ChangeLine], ...]:
        return tuple((a.on, c) for a in self.assessments for c in a.beyond_error)


# --- gathering it -----------------------------------------------------------------------------------------


def report_range(app: Hipcoach, profile_id: int, start: date | None, end: date | None) -> tuple[date, date]:
    """The range asked for, its gaps filled: up to the runner's today, ``DEFAULT_WEEKS`` before the end."""
    last = end or local_time_for(app, profile_id).today
    return start or last - timedelta(weeks=DEFAULT_WEEKS), last


def check_range(start: date, end: date) -> None:
    """Refuse a range that ends before it starts or spans more than ``MAX_YEARS`` years."""
    if start > end:
        raise InvalidInput(
            f"the report's range starts on {start.isoformat()}, after its end on {end.isoformat()}: "
            "give the earlier day first"
        )
    if end > _years_after(start, MAX_YEARS):
        raise InvalidInput(
            f"the report's range from {start.isoformat()} to {end.isoformat()} is longer than "
            f"{MAX_YEARS} years: choose a shorter one"
        )


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def pain_bands(limits: Limits) -> tuple[Band, ...]:
    """The pain-monitoring bands with the runner's numbers: fine, acceptable, too much."""
    safe, top = limits.pain_safe_max, limits.pain_acceptable_max
    return (
        Band("safe", f"0-{safe}: fine", 0, safe),
        Band("acceptable", f"{R.span(safe + 1, top)}: acceptable", safe + 1, top),
        Band("too-much", f"above {top}: too much", top + 1, 10),
    )


def progress_report(app: Hipcoach, profile_id: int, start: date, end: date) -> ProgressReport:
    """The report for the runner's days ``start`` to ``end``, both included."""
    check_range(start, end)
    runner = profiles.name_of(app, profile_id)  # NotFound for an unknown runner
    limits = runner_overrides.limits_of(app, profile_id)
    S, C, D, PC = m.TrainingSession, m.Checkin, m.Decision, m.PhaseChange
    with app.reading() as db:
        profile = db.get(m.Profile, profile_id)
        if profile is None:
            raise NotFound("There is no such runner.")
        local = local_time(app, profile)
        unit = unit_of(profile.distance_unit)
        program = records.live_program(db, profile_id)
        program_ids = select(m.Program.id).where(m.Program.profile_id == profile_id)
        steps = db.execute(
            select(PC.changed_at, PC.from_phase, PC.to_phase, PC.reason, PC.overridden_by, PC.override_reason)
            .where(PC.program_id.in_(program_ids))
            .order_by(PC.changed_at, PC.id)
        ).all()
        sessions = db.execute(
            select(S.id, S.performed_on, S.kind, S.pain_during, S.pain_after, S.tightness, S.notes)
            .where(S.profile_id == profile_id, S.performed_on >= start, S.performed_on <= end)
            .order_by(S.performed_on, S.id)
        ).all()
        checkins = db.execute(
            select(C.id, C.session_id, C.checked_on, C.pain, C.tightness)
            .where(C.profile_id == profile_id, C.checked_on >= start, C.checked_on <= end)
            .order_by(C.checked_on, C.id)
        ).all()
        # A decision is dated by its check-in's day; one made without a check-in by when it was made.
        since = datetime.combine(start - timedelta(days=1), time(), local.tz)
        until = datetime.combine(end + timedelta(days=2), time(), local.tz)
        decisions = db.execute(
            select(
                D.created_at,
                C.checked_on,
                D.exercise_id,
                D.outcome,
                D.reason,
                D.rule_id,
                D.evidence,
                D.from_level,
                D.to_level,
            )
            .outerjoin(C, C.id == D.checkin_id)
            .where(D.program_id.in_(program_ids), D.created_at >= since, D.created_at < until)
            .where(records.STANDING)  # a decision withdrawn by a correction is not reported
            .order_by(D.id)
        ).all()
        assessed = list(
            db.scalars(
                select(m.Assessment)
                .where(m.Assessment.profile_id == profile_id, m.Assessment.assessed_on <= end)
                .options(selectinload(m.Assessment.readings))
                .order_by(m.Assessment.assessed_on, m.Assessment.id)
            )
        )
        runs_since = datetime.combine(start - timedelta(days=L.DEFAULT_WEEKS_SHOWN * 7), time(), local.tz)
        runs = [
            L.Run(r.started_at, r.distance_m, r.duration_s, r.id)
            for r in db.execute(
                select(m.Activity.id, m.Activity.started_at, m.Activity.distance_m, m.Activity.duration_s)
                .where(
                    m.Activity.profile_id == profile_id,
                    m.Activity.distance_m.is_not(None),
                    m.Activity.started_at >= runs_since,
                    m.Activity.started_at < until,
                )
                .order_by(m.Activity.started_at)
            )
        ]
        runs_begin = db.scalar(
            select(m.Activity.started_at)
            .where(m.Activity.profile_id == profile_id, m.Activity.distance_m.is_not(None))
            .order_by(m.Activity.started_at)
            .limit(1)
        )
        settings = records.program_settings(program) if program is not None else None
    decisions = [d for d in decisions if start <= _decided_on(d, local) <= end]
    holds = [h for h in clearances.hold_history(app, profile_id) if start <= h.on <= end]
    next_step = _next_step(app, profile_id, program is not None)

    phase_steps = tuple(
        PhaseStepLine(
            local.date_of(s.changed_at),
            Phase(s.from_phase) if s.from_phase is not None else None,
            Phase(s.to_phase),
            s.reason,
            s.overridden_by,
            s.override_reason,
        )
        for s in steps
    )
    hold_events = tuple(HoldEvent(h.on, h.kind, h.text) for h in holds)
    adherence = _adherence(
        start,
        min(end, local.today),
        [s.performed_on for s in sessions],
        phase_steps,
        settings,
        _hold_days(clearances_lines=hold_events, start=start, end=end),
    )
    symptoms = _symptoms(sessions, checkins)
    bands = pain_bands(limits)
    decision_rows, counted, outcome_counts = _decisions(app, decisions, local)
    assessment_lines, psfs_lines = _assessments(assessed, start)
    load = _load(runs, runs_begin, local, start, end, unit)
    notes = [NoteLine(s.performed_on, s.notes.strip()) for s in sessions if s.notes.strip()]
    shown_notes = tuple(notes[-NOTES_SHOWN:])
    report = ProgressReport(
        runner=runner,
        start=start,
        end=end,
        made_on=local.today,
        limits=limits,
        bands=bands,
        phase_now=next_step.phase,
        phase_steps=tuple(p for p in phase_steps if start <= p.on <= end),
        phase_spans=_spans(phase_steps, start, min(end, local.today)),
        session_count=len(sessions),
        sessions_by_kind=tuple(Counter(s.kind for s in sessions).most_common()),
        adherence=adherence,
        symptoms=symptoms,
        band_counts=_band_counts(symptoms, bands),
        pain_first_last=_first_last(sessions, start, end),
        decisions=decision_rows,
        counted=counted,
        outcome_counts=outcome_counts,
        assessments=assessment_lines,
        psfs=psfs_lines,
        load=load,
        hold_events=hold_events,
        notes=shown_notes,
        notes_left_out=len(notes) - len(shown_notes),
        next_step=next_step,
        evidence=(),
    )
    return _with_evidence(report)


def _decided_on(row: Any, local: LocalTime) -> date:
    checked_on: date | None = getattr(row, "checked_on", None)
    created_at: datetime = row.created_at
    return checked_on if checked_on is not None else local.date_of(created_at)


def _phase_on(day: date, steps: Sequence[PhaseStepLine]) -> Phase | None:
    phase = None
    for step in steps:
        if step.on > day:
            break
        phase = step.to_phase
    return phase


def _hold_days(clearances_lines: Sequence[HoldEvent], start: date, end: date) -> set[date]:
    """The days the runner was held (a red flag or a pause until the clearance after it): nothing planned."""
    held: set[date] = set()
    since: date | None = None
    for line in clearances_lines:
        if line.kind == "clearance":
            if since is not None:
                held.update(_days(since, line.on - timedelta(days=1)))
            since = None
        elif since is None:
            since = line.on + timedelta(days=1)  # the day it was raised was a day of work already
    if since is not None:
        held.update(_days(since, end))
    return {d for d in held if start <= d <= end}


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _adherence(
    start: date,
    end: date,
    session_days: Sequence[date],
    steps: Sequence[PhaseStepLine],
    settings: ProgramSettings | None,
    held: set[date],
) -> Adherence:
    """Sessions done against the days the weekly plan held work, week by week (Monday to Sunday)."""
    if end < start:
        return Adherence(())
    plans: dict[Phase, WeeklyPlan] = {}
    done = Counter(monday_of(d) for d in session_days)
    planned: Counter[date] = Counter()
    for day in _days(start, end):
        phase = _phase_on(day, steps)
        if phase is None or settings is None or day in held:
            continue
        if phase not in plans:
            plans[phase] = weekly_plan(phase, settings)
        if plans[phase].day(day.weekday()).blocks:
            planned[monday_of(day)] += 1
    weeks = []
    week = monday_of(start)
    while week <= end:
        weeks.append(WeekAdherence(week, planned[week], done[week]))
        week += timedelta(weeks=1)
    return Adherence(tuple(weeks))


_SERIES = (
    ("during", "Pain during the session"),
    ("after", "Pain about an hour after"),
    ("morning", "Pain the next morning"),
    ("tightness", "Tightness"),
)


def _symptoms(sessions: Sequence[Any], checkins: Sequence[Any]) -> LineChart | None:
    points: dict[str, list[Point]] = {key: [] for key, _ in _SERIES}
    checked_sessions = set()
    for c in checkins:
        points["morning"].append(Point(c.checked_on, c.pain))
        points["tightness"].append(Point(c.checked_on, c.tightness))
        if c.session_id is not None:
            checked_sessions.add(c.session_id)
    for s in sessions:
        on = s.performed_on
        if s.pain_during is not None:
            points["during"].append(Point(on, s.pain_during))
        if s.pain_after is not None:
            points["after"].append(Point(on, s.pain_after))
        if s.tightness is not None and s.id not in checked_sessions:
            points["tightness"].append(Point(on, s.tightness))
    if not any(points.values()):
        return None
    points["tightness"].sort(key=lambda p: p.on)
    days = [p.on for series in points.values() for p in series]
    return LineChart(
        tuple(Series(key, label, tuple(points[key])) for key, label in _SERIES), min(days), max(days)
    )


def _band_counts(chart: LineChart | None, bands: Sequence[Band]) -> tuple[BandCounts, ...]:
    if chart is None:
        return ()
    counted = []
    for series in chart.series:
        if series.key == "tightness":
            continue
        counts = tuple(sum(1 for p in series.points if b.low <= p.value <= b.high) for b in bands)
        counted.append(BandCounts(series.label, counts))
    return tuple(counted)


def _first_last(sessions: Sequence[Any], start: date, end: date) -> PainComparison:
    """Mean pain during sessions in the first ``FIRST_LAST_WEEKS`` weeks of the range against the last ones
    (halves of the range when it is shorter than twice that)."""
    days = (end - start).days + 1
    weeks = FIRST_LAST_WEEKS if days >= 2 * 7 * FIRST_LAST_WEEKS else max(days // 14, 0)
    span = timedelta(weeks=weeks) if weeks else timedelta(days=max(days // 2, 1))
    pains = [(s.performed_on, s.pain_during) for s in sessions if s.pain_during is not None]
    first = [p for on, p in pains if on < start + span]
    last = [p for on, p in pains if on > end - span]
    return PainComparison(
        weeks,
        fmean(first) if first else None,
        len(first),
        fmean(last) if last else None,
        len(last),
    )


def _listed(outcome: Outcome, from_level: int | None, to_level: int | None) -> bool:
    """A step back or a pause always gets its own row; a step up only when it changed a level."""
    if outcome in (Outcome.REGRESS, Outcome.PAUSE):
        return True
    return outcome is Outcome.PROGRESS and from_level is not None and from_level != to_level


def _decisions(
    app: Hipcoach, rows: Sequence[Any], local: LocalTime
) -> tuple[tuple[DecisionRow, ...], tuple[DecisionCount, ...], tuple[tuple[Outcome, int], ...]]:
    listed: dict[tuple[Any, ...], list[str]] = {}
    others: Counter[tuple[str, Outcome]] = Counter()
    outcomes: Counter[Outcome] = Counter()
    for d in rows:
        exercise_id = d.exercise_id
        exercise = app.library.exercises.get(exercise_id) if exercise_id else None
        name = exercise.name if exercise is not None else "Whole session"
        outcome = Outcome(d.outcome)
        outcomes[outcome] += 1
        if not _listed(outcome, d.from_level, d.to_level):
            others[(name, outcome)] += 1
            continue
        evidence = tuple(d.evidence or ())
        key = (_decided_on(d, local), outcome, d.reason, d.rule_id, evidence, d.from_level, d.to_level)
        listed.setdefault(key, []).append(name)
    rows = tuple(
        DecisionRow(on, tuple(names), outcome, reason, rule_id, evidence, from_level, to_level)
        for (on, outcome, reason, rule_id, evidence, from_level, to_level), names in listed.items()
    )
    return (
        rows,
        tuple(DecisionCount(name, outcome, n) for (name, outcome), n in sorted(others.items())),
        tuple((o, outcomes[o]) for o in Outcome if outcomes[o]),
    )


def _value(value: float, unit: str) -> str:
    return f"{shown(value, places=1)} {unit}".strip()


def _change_line(change: MeasureChange) -> ChangeLine:
    comparison = change.comparison
    threshold = THRESHOLDS.get(comparison.measure) if comparison is not None else None
    return ChangeLine(
        label=change.label,
        unit=change.unit,
        previous=_value(change.previous, change.unit),
        current=_value(change.current, change.unit),
        difference=change.difference_text,
        verdict=comparison.change if comparison is not None else None,
        threshold=f"{threshold.value:.1f} {threshold.unit}" if threshold is not None else None,
        evidence=threshold.evidence if threshold is not None else (),
    )


def _assessments(
    rows: Sequence[m.Assessment], start: date
) -> tuple[tuple[AssessmentLine, ...], tuple[PsfsLine, ...]]:
    lines, psfs = [], []
    earlier = None
    earlier_result = None
    for row in rows:
        result = assessment_rows.result_of(row)
        if row.assessed_on >= start:
            changes: tuple[MeasureChange, ...] = (
                compare_results(earlier_result, result) if earlier_result is not None else ()
            )
            change_lines = tuple(_change_line(c) for c in changes)
            lines.append(
                AssessmentLine(
                    on=row.assessed_on,
                    tester=row.tester,
                    tests=tuple(str(t.value) for t in result.tests),
                    previous_on=earlier.assessed_on if earlier is not None else None,
                    changes=change_lines,
                )
            )
            score = result.measures.get(TestId.PSFS.value)
            if score is not None:
                activities = assessment_rows.psfs_activities(row)
                readings = {r.key: r.value for r in row.readings}
                psfs.append(
                    PsfsLine(
                        on=row.assessed_on,
                        activities=tuple(
                            (activities[slot], readings[f"{TestId.PSFS.value}.{slot}"])
                            for slot in sorted(activities)
                            if f"{TestId.PSFS.value}.{slot}" in readings
                        ),
                        score=score.value,
                        change=next(
                            (c for c, raw in zip(change_lines, changes, strict=True) if raw.key == score.key),
                            None,
                        ),
                    )
                )
        earlier, earlier_result = row, result
    return tuple(lines), tuple(psfs)


def _load(
    runs: Sequence[L.Run],
    begins: datetime | None,
    local: LocalTime,
    start: date,
    end: date,
    unit: DistanceUnit = DEFAULT_UNIT,
) -> RunningLoad:
    tz = local.tz
    in_range = [r for r in runs if start <= r.local_date(tz) <= end]
    judged_from = datetime.combine(start, time(), tz)
    spikes = [s for s in L.spikes(runs, begins, judged_from=judged_from, unit=unit) if s.is_spike]
    spikes = [s for s in spikes if s.run.local_date(tz) <= end]
    spike_weeks = {L.week_start(s.run.local_date(tz)) for s in spikes}
    weeks = L.weekly_load(runs, tz, start, end, begins) if in_range else []
    evidence: list[str] = []
    for week in weeks[:1]:
        evidence.extend(week.evidence)
    if spikes:
        evidence.extend(spikes[0].evidence)
    return RunningLoad(
        weeks=tuple(
            LoadWeekLine(
                w.week_start,
                w.distance_km,
                w.run_count,
                w.longest_km,
                w.change_pct,
                w.week_start in spike_weeks,
            )
            for w in weeks
        ),
        spikes=tuple(
            SpikeLine(
                s.run.local_date(tz),
                s.run.distance_km,
                s.previous_longest_km,
                L.increase_text(s.increase_pct) if s.increase_pct is not None else "",
                s.band.label,
                s.explanation,
            )
            for s in spikes
        ),
        total_km=sum(r.distance_km for r in in_range),
        run_count=len(in_range),
        evidence=tuple(evidence),
        unit=unit,
    )


def _spans(steps: Sequence[PhaseStepLine], start: date, end: date) -> tuple[PhaseSpanLine, ...]:
    """The phases over the range's days (cut to the range), oldest first."""
    if end < start:
        return ()
    spans = []
    for index, step in enumerate(steps):
        begin = step.on
        finish = steps[index + 1].on if index + 1 < len(steps) else end
        begin, finish = max(begin, start), min(finish, end)
        if finish < begin or (index + 1 < len(steps) and steps[index + 1].on <= start):
            continue
        spans.append(PhaseSpanLine(step.to_phase, begin, finish))
    return tuple(spans)


def _next_step(app: Hipcoach, profile_id: int, has_program: bool) -> NextStep:
    if not has_program:
        return NextStep(None, False, None, None, (), ())
    view = programs.overview(app, profile_id)
    gate = view.gate
    return NextStep(
        phase=view.phase,
        paused=view.paused,
        paused_reason=view.paused_reason,
        next_phase=gate.next_phase,
        still_needed=gate.unmet,
        evidence=gate.evidence,
    )


def _with_evidence(report: ProgressReport) -> ProgressReport:
    cited: list[str] = []
    for rule_id in PAIN_BAND_RULES:
        cited.extend(R.RULES[rule_id].evidence)
    for row in report.decisions:
        cited.extend(row.evidence)
    if report.counted:
        cited.extend(R.RULES["progression.hold"].evidence)
    for line in report.assessments:
        for change in line.changes:
            cited.extend(change.evidence)
    if report.psfs:
        cited.extend(THRESHOLDS[Measure.PSFS].evidence)
    cited.extend(report.load.evidence)
    cited.extend(report.next_step.evidence)
    return replace(report, evidence=tuple(dict.fromkeys(cited)))
