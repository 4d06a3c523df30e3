"""Running load and the training week: weekly volume, spikes, ACWR as context, where the sessions go."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hipcoach.domain import load as L
from hipcoach.domain import rules as R
from hipcoach.domain.phases import Phase, SymptomReading
from hipcoach.domain.program import ProgramSettings, strength_sessions_per_week
from hipcoach.domain.units import DEFAULT_UNIT, DistanceUnit, unit_of
from hipcoach.domain.week import DayKind, TrainingWeek, WeekPlacement, infer_week, place_sessions
from hipcoach.reports.ical import week_calendar
from hipcoach.services import records
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import InvalidInput, NotFound
from hipcoach.services.runner_time import local_time, zone_of
from hipcoach.storage import models as m

ADVICE_SYMPTOM_DAYS = 21  # check-ins read for the after-spike advice: its 14-day look-back plus a week
PHASE1_MOBILITY_SESSIONS = 4  # as the plan without a training week: at least 3, one spare


@dataclass(frozen=True)
class LoadSummary:
    zone: str
    run_count: int
    weeks: list[L.WeekLoad]
    spikes: list[L.Spike]  # only the runs that were a spike, newest last
    acwr: list[L.AcwrPoint]
    advice: L.Advice | None
    acwr_caveat: str
    history: L.HistoryCoverage  # where the records begin, and so what can be judged (BRIEF §8)
    history_notes: tuple[str, ...] = ()  # what these weeks cannot judge yet, in words
    unit: DistanceUnit = DEFAULT_UNIT  # the runner's; the numbers above stay in km


def _profile(db: Session, profile_id: int) -> m.Profile:
    profile = db.get(m.Profile, profile_id)
    if profile is None:
        raise NotFound(f"no profile {profile_id}")
    return profile


def _runs(db: Session, profile_id: int, since: datetime | None = None) -> list[L.Run]:
    query = select(m.Activity.id, m.Activity.started_at, m.Activity.distance_m, m.Activity.duration_s).where(
        m.Activity.profile_id == profile_id, m.Activity.distance_m.is_not(None)
    )
    if since is not None:
        query = query.where(m.Activity.started_at >= since)
    return [
        L.Run(row.started_at, row.distance_m, row.duration_s, row.id)
        for row in db.execute(query.order_by(m.Activity.started_at))
    ]


def _first_run_at(db: Session, profile_id: int) -> datetime | None:
    """Where the runner's records begin: the start of the first run stored."""
    return db.scalar(
        select(func.min(m.Activity.started_at)).where(
            m.Activity.profile_id == profile_id, m.Activity.distance_m.is_not(None)
        )
    )


def summary(app: Hipcoach, profile_id: int, weeks: int = L.DEFAULT_WEEKS_SHOWN) -> LoadSummary:
    """The last ``weeks`` weeks: volume, spikes and the acute:chronic ratio; advice when symptoms rose."""
    if not 1 <= weeks <= 520:
        raise InvalidInput(f"weeks must be between 1 and 520, got {weeks}")
    with app.reading() as db:
        profile = _profile(db, profile_id)
        local = local_time(app, profile)
        tz, today = local.tz, local.today
        first = L.week_start(today) - timedelta(weeks=weeks - 1)
        # 30 days before the first week for spikes, and 28 more for the chronic load to warm up
        since = datetime.combine(first - timedelta(days=60), time(), tz)
        runs = _runs(db, profile_id, since)
        count = db.scalar(
            select(func.count()).select_from(m.Activity).where(m.Activity.profile_id == profile_id)
        )
        symptoms = _symptoms(db, profile_id, today)
        begins = _first_run_at(db, profile_id)
        unit = unit_of(profile.distance_unit)
    all_spikes = L.spikes(runs, begins, unit=unit)
    shown = [s for s in all_spikes if s.is_spike and s.run.local_date(tz) >= first]
    history = L.history_coverage(begins, tz)
    return LoadSummary(
        zone=local.zone_name,
        run_count=int(count or 0),
        weeks=L.weekly_load(runs, tz, first, today, begins),
        spikes=shown,
        acwr=[p for p in L.acwr(runs, tz, first - timedelta(days=28), today, begins) if p.day >= first],
        advice=L.load_advice(all_spikes, symptoms, today, tz),
        acwr_caveat=L.ACWR_CAVEAT,
        history=history,
        history_notes=history.notes(first),
        unit=unit,
    )


def advice_now(db: Session, profile: m.Profile, today: date) -> L.Advice | None:
    """The after-spike advice for today, read with the least data it needs (for the plan and the check-in)."""
    tz = zone_of(profile)
    # spikes of the last 14 days, each against the 30 days before it
    since = datetime.combine(
        today - timedelta(days=R.SYMPTOM_SPIKE_LOOKBACK_DAYS + R.SPIKE_WINDOW_DAYS + 1), time(), tz
    )
    runs = _runs(db, profile.id, since)
    if not runs:
        return None
    symptoms = _symptoms(db, profile.id, today)
    spikes = L.spikes(runs, _first_run_at(db, profile.id), unit=unit_of(profile.distance_unit))
    return L.load_advice(spikes, symptoms, today, tz)


def _symptoms(db: Session, profile_id: int, today: date) -> list[SymptomReading]:
    return [
        SymptomReading(c.checked_on, c.pain, c.tightness)
        for c in db.execute(
            select(m.Checkin.checked_on, m.Checkin.pain, m.Checkin.tightness)
            .where(
                m.Checkin.profile_id == profile_id,
                m.Checkin.checked_on >= today - timedelta(days=ADVICE_SYMPTOM_DAYS),
            )
            .order_by(m.Checkin.checked_on, m.Checkin.id)
        )
    ]


# --- the training week --------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekView:
    zone: str
    week: TrainingWeek | None
    inferred: bool  # True: read from the last 8 weeks of runs, not set by the runner
    placement: WeekPlacement | None
    phase: Phase | None


def _stored_week(profile: m.Profile) -> TrainingWeek | None:
    if not profile.training_week:
        return None
    return TrainingWeek({int(day): DayKind(kind) for day, kind in profile.training_week.items()})


WEEK_RUNS_WEEKS = 10  # the runs read to infer the training week: its 8 full weeks and the current one


def week_runs_since(profile: m.Profile, today: date) -> datetime:
    """The first moment whose runs ``training_week`` reads."""
    return datetime.combine(today - timedelta(weeks=WEEK_RUNS_WEEKS), time(), zone_of(profile))


def training_week(db: Session, profile: m.Profile, today: date) -> tuple[TrainingWeek | None, bool]:
    stored = _stored_week(profile)
    if stored is not None:
        return stored, False
    return training_week_from(profile, _runs(db, profile.id, week_runs_since(profile, today)), today)


def training_week_from(
    profile: m.Profile, runs: list[L.Run], today: date
) -> tuple[TrainingWeek | None, bool]:
    """``training_week`` from runs already read (at least those since ``week_runs_since``)."""
    stored = _stored_week(profile)
    if stored is not None:
        return stored, False
    since = week_runs_since(profile, today)
    return infer_week([run for run in runs if run.started_at >= since], zone_of(profile), today), True


def placement_for(
    db: Session, profile: m.Profile, program: m.Program | None, today: date
) -> WeekPlacement | None:
    """Where this week's hipcoach sessions go around the runs; None without a training week."""
    week, _ = training_week(db, profile, today)
    settings = records.program_settings(program) if week is not None and program is not None else None
    return placement_in(week, program, settings)


def placement_in(
    week: TrainingWeek | None, program: m.Program | None, settings: ProgramSettings | None
) -> WeekPlacement | None:
    """``placement_for`` from the training week and the program's settings already read."""
    if week is None:
        return None
    if program is None or settings is None:
        return place_sessions(week, 2)
    phase = Phase(program.phase)
    strength = strength_sessions_per_week(phase, settings)
    mobility = PHASE1_MOBILITY_SESSIONS if phase is Phase.MOBILITY else 3
    return place_sessions(week, strength, mobility)


def week_view(app: Hipcoach, profile_id: int) -> WeekView:
    with app.reading() as db:
        profile = _profile(db, profile_id)
        local = local_time(app, profile)
        today = local.today
        week, inferred = training_week(db, profile, today)
        program = records.live_program(db, profile_id)
        placement = placement_for(db, profile, program, today) if week is not None else None
        return WeekView(
            local.zone_name, week, inferred, placement, Phase(program.phase) if program is not None else None
        )


def set_week(app: Hipcoach, profile_id: int, days: dict[int, DayKind]) -> WeekView:
    """The runner's usual week; days left out are rest days. An empty week: read it from the runs again."""
    bad = [d for d in days if d not in range(7)]
    if bad:
        raise InvalidInput(f"weekdays run from 0 (Monday) to 6 (Sunday), not {bad}")
    if sum(1 for kind in days.values() if kind is DayKind.LONG) > 1:
        raise InvalidInput("mark one long run a week at most")
    with app.transaction() as db:
        profile = _profile(db, profile_id)
        profile.training_week = {str(d): k.value for d, k in sorted(days.items())} or None
    return week_view(app, profile_id)


def calendar(
    app: Hipcoach,
    profile_id: int,
    weeks: int,
    start_time: time,
    start: date | None = None,
    *,
    durations: Mapping[str, int],
) -> bytes:
    """An iCalendar file: the placed sessions repeated for ``weeks`` weeks, each with a reminder; the use
    case is ``reminders.calendar``, which gives the runner's time and each session's length."""
    if not 1 <= weeks <= 26:
        raise InvalidInput(f"weeks must be between 1 and 26, got {weeks}")
    view = week_view(app, profile_id)
    if view.placement is None:
        raise InvalidInput(
            "no training week yet: mark your usual week (`hipcoach week --set`) or import at least three "
            "weeks of runs"
        )
    first = start or app.local(view.zone).today
    return week_calendar(
        view.placement, first, weeks, view.zone, start_time, durations=durations, stamp=app.now()
    )
