"""A clinician's caseload (BRIEF §10): one row per runner who consented, most in need of attention first.

Every fact is read for all the runners at once (``IN (...)`` queries), so the page asks the database a fixed
number of times whatever the caseload's size. What holds a runner is ``clearances.holds_of``, the same rule
``clearances.standing_of`` applies to one runner; planned sessions come from the weekly plan the runner's
program page shows. Each runner listed gets one "read" line in their audit log, written in one insert.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from hipcoach.domain import rules as R
from hipcoach.domain.assessment.change import Change, Measure, compare
from hipcoach.domain.assessment.psfs import psfs_score
from hipcoach.domain.attention import (
    AttentionItem,
    AttentionKind,
    HoldFact,
    RunnerFacts,
    SpikeFact,
    adherence_window,
    attention,
    by_urgency,
)
from hipcoach.domain.clearance import Hold
from hipcoach.domain.load import Run, spikes
from hipcoach.domain.pain_trend import MorningPain
from hipcoach.domain.phases import Phase
from hipcoach.domain.program import weekly_plan
from hipcoach.domain.units import DistanceUnit, unit_of
from hipcoach.services import clearances, load, records
from hipcoach.services.care import WHAT_MAX, ClinicianView
from hipcoach.services.clinic import caseload_profile_ids
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import InvalidInput
from hipcoach.storage import models as m

AUDIT_WHAT = "your summary in the caseload"
SEARCH_MAX = 80  # a name is at most 80 characters (profiles.name)
PSFS_KEY_PREFIX = "psfs."


@dataclass(frozen=True)
class SymptomPoint:
    """One morning check-in for the sparkline."""

    on: date
    pain: int
    tightness: int


@dataclass(frozen=True)
class PsfsChange:
    """The PSFS score at the first and the latest assessment, judged against its meaningful change."""

    first: float
    latest: float
    first_on: date
    latest_on: date
    change: Change

    @property
    def difference(self) -> float:
        return self.latest - self.first

    @property
    def beyond_error(self) -> bool:
        return self.change is not Change.NO_REAL_CHANGE


@dataclass(frozen=True)
class CaseloadRow:
    profile_id: int
    name: str
    today: date  # in the runner's zone
    phase: Phase | None  # None: no program yet
    program_status: str | None  # "active", "paused", or None without a program
    sessions_done: int
    sessions_planned: int
    symptoms: tuple[
        SymptomPoint, ...
    ]  # the morning check-ins of the last CASELOAD_SPARKLINE_DAYS, oldest first
    last_checkin: date | None
    psfs: PsfsChange | None
    attention: tuple[AttentionItem, ...]  # most urgent first

    @property
    def adherence_pct(self) -> int | None:
        """Sessions done as a share of those planned, at most 100 (extra sessions do not make up for more)."""
        if self.sessions_planned == 0:
            return None
        return min(100, round(100 * self.sessions_done / self.sessions_planned))


@dataclass(frozen=True)
class CaseloadFilter:
    """What the clinician narrowed the caseload to: an attention kind, a phase, a piece of a name."""

    attention: AttentionKind | None = None
    phase: Phase | None = None
    search: str = ""

    def keeps(self, row: CaseloadRow) -> bool:
        if self.attention is not None and all(item.kind is not self.attention for item in row.attention):
            return False
        if self.phase is not None and row.phase is not self.phase:
            return False
        return self.search.casefold() in row.name.casefold()


@dataclass(frozen=True)
class Caseload:
    rows: tuple[CaseloadRow, ...]  # those the filter kept, most urgent first
    total: int  # runners in the caseload, filtered or not
    filter: CaseloadFilter


def caseload_filter(
    attention: str | None = None, phase: int | str | None = None, search: str = ""
) -> CaseloadFilter:
    """The filter from what was typed or sent; InvalidInput naming a kind or phase that does not exist."""
    kind = None
    if attention:
        try:
            kind = AttentionKind(attention)
        except ValueError:
            known = ", ".join(k.value for k in AttentionKind)
            raise InvalidInput(f"there is no attention kind {attention!r}; use one of {known}") from None
    chosen = None
    if phase not in (None, ""):
        try:
            chosen = Phase(int(phase))
        except ValueError:
            raise InvalidInput(f"there is no phase {phase!r}; phases run from 1 to 4") from None
    search = " ".join(search.split())
    if len(search) > SEARCH_MAX:
        raise InvalidInput(f"a search can be at most {SEARCH_MAX} characters")
    return CaseloadFilter(kind, chosen, search)


def caseload(
    app: Hipcoach, clinician: ClinicianView, channel: str, chosen: CaseloadFilter | None = None
) -> Caseload:
    """The clinician's caseload, most urgent first; logs one read for each runner listed."""
    chosen = chosen or CaseloadFilter()
    with app.reading() as db:
        profile_ids = caseload_profile_ids(db, clinician.id)
        rows = _rows(app, db, profile_ids) if profile_ids else []
    kept = tuple(
        row for row in by_urgency(rows, lambda r: r.attention, lambda r: r.name) if chosen.keeps(row)
    )
    if kept:
        with app.transaction() as db:
            record_reads(db, [row.profile_id for row in kept], clinician, AUDIT_WHAT, channel, app.now())
    return Caseload(kept, len(rows), chosen)


def record_reads(
    db: Session, profile_ids: Sequence[int], clinician: ClinicianView, what: str, channel: str, at: datetime
) -> None:
    """``care.record_audit``'s "read" line for many runners, in one insert."""
    db.execute(
        insert(m.AuditEvent),
        [
            {
                "profile_id": profile_id,
                "actor_user_id": clinician.user_id,
                "actor_name": clinician.name,
                "actor_profession": clinician.profession,
                "at": at,
                "action": "read",
                "what": what[:WHAT_MAX],
                "channel": channel,
            }
            for profile_id in profile_ids
        ],
    )


# --- reading every runner at once ------------------------------------------------------------------------


def _rows(app: Hipcoach, db: Session, profile_ids: list[int]) -> list[CaseloadRow]:
    profiles = {p.id: p for p in db.scalars(select(m.Profile).where(m.Profile.id.in_(profile_ids)))}
    now = app.now()
    local = {pid: app.local(profiles[pid].timezone) for pid in profiles}
    today = {pid: local[pid].today for pid in profiles}
    earliest = min(today.values())

    programs = _live_programs(db, profile_ids)
    signs = _latest_signs(db, profile_ids)
    holds = clearances.holds_of(db, app.library, {pid: programs.get(pid) for pid in profiles})
    trend_days = max(R.CASELOAD_SPARKLINE_DAYS, 2 * R.PAIN_TREND_DAYS)
    checkins = _checkins(db, profile_ids, earliest - timedelta(days=trend_days))
    last_checkin = _last_checkins(db, profile_ids)
    done_days = _session_days(db, profile_ids, earliest - timedelta(days=R.CASELOAD_ADHERENCE_DAYS))
    regressions = _regressions(db, profile_ids, now - timedelta(days=R.CASELOAD_REGRESSION_DAYS))
    run_days = max(R.CASELOAD_SPIKE_DAYS + R.SPIKE_WINDOW_DAYS + 1, 7 * load.WEEK_RUNS_WEEKS)
    runs = _runs(
        db, profile_ids, datetime.combine(earliest - timedelta(days=run_days + 1), time(), now.tzinfo)
    )
    first_runs = _first_runs(db, profile_ids)
    psfs = _psfs(db, profile_ids)

    rows = []
    for pid, profile in profiles.items():
        day = today[pid]
        program = programs.get(pid)
        hold = holds[pid]
        window = adherence_window(day, program.started_on if program is not None else None)
        planned = done = 0
        if program is not None and window is not None:
            settings = records.program_settings(program, signs.get(pid, []))
            week, _ = load.training_week_from(profile, runs[pid], day)
            plan = weekly_plan(Phase(program.phase), settings, load.placement_in(week, program, settings))
            first, last = window
            days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
            planned = sum(1 for d in days if plan.day(d.weekday()).kind is not None)
            done = sum(1 for d in done_days[pid] if first <= d <= last)
        mine = checkins[pid]
        trend_from = day - timedelta(days=2 * R.PAIN_TREND_DAYS)
        facts = RunnerFacts(
            today=day,
            hold=_hold_fact(hold, local[pid].date_of) if hold is not None else None,
            morning_pains=[MorningPain(c.on, c.pain) for c in mine if trend_from < c.on <= day],
            regressions=[local[pid].date_of(at) for at in regressions[pid]],
            spike=_spike(runs[pid], first_runs.get(pid), local[pid].tz, day, unit_of(profile.distance_unit)),
            last_checkin=last_checkin.get(pid),
            program_started_on=program.started_on if program is not None else None,
            sessions_done=done,
            sessions_planned=planned,
        )
        rows.append(
            CaseloadRow(
                profile_id=pid,
                name=profile.name,
                today=day,
                phase=Phase(program.phase) if program is not None else None,
                program_status=program.status if program is not None else None,
                sessions_done=done,
                sessions_planned=planned,
                symptoms=tuple(c for c in mine if c.on > day - timedelta(days=R.CASELOAD_SPARKLINE_DAYS)),
                last_checkin=last_checkin.get(pid),
                psfs=psfs.get(pid),
                attention=attention(facts),
            )
        )
    return rows


def _hold_fact(hold: Hold, date_of: Any) -> HoldFact:
    return HoldFact(since=date_of(hold.since), red_flags=hold.reported, paused=bool(hold.pauses))


def _live_programs(db: Session, profile_ids: list[int]) -> dict[int, m.Program]:
    """Each runner's current program, as ``records.live_program`` picks it (the latest live one)."""
    found: dict[int, m.Program] = {}
    for program in db.scalars(
        select(m.Program)
        .where(m.Program.profile_id.in_(profile_ids), m.Program.status.in_(records.LIVE_STATUSES))
        .order_by(m.Program.id)
    ):
        found[program.profile_id] = program
    return found


def _latest_signs(db: Session, profile_ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for row in db.execute(
        select(m.Screening.profile_id, m.Screening.signs)
        .where(m.Screening.profile_id.in_(profile_ids))
        .order_by(m.Screening.id)
    ):
        found[row.profile_id] = list(row.signs or [])
    return found


def _checkins(db: Session, profile_ids: list[int], since: date) -> dict[int, list[SymptomPoint]]:
    found: dict[int, list[SymptomPoint]] = defaultdict(list)
    C = m.Checkin
    for row in db.execute(
        select(C.profile_id, C.checked_on, C.pain, C.tightness)
        .where(C.profile_id.in_(profile_ids), C.checked_on >= since)
        .order_by(C.checked_on, C.id)
    ):
        found[row.profile_id].append(SymptomPoint(row.checked_on, row.pain, row.tightness))
    return found


def _last_checkins(db: Session, profile_ids: list[int]) -> dict[int, date]:
    C = m.Checkin
    rows = db.execute(
        select(C.profile_id, func.max(C.checked_on))
        .where(C.profile_id.in_(profile_ids))
        .group_by(C.profile_id)
    )
    return {row[0]: row[1] for row in rows}


def _session_days(db: Session, profile_ids: list[int], since: date) -> dict[int, set[date]]:
    found: dict[int, set[date]] = defaultdict(set)
    S = m.TrainingSession
    for row in db.execute(
        select(S.profile_id, S.performed_on)
        .where(S.profile_id.in_(profile_ids), S.performed_on >= since)
        .distinct()
    ):
        found[row.profile_id].add(row.performed_on)
    return found


def _regressions(db: Session, profile_ids: list[int], since: datetime) -> dict[int, list[datetime]]:
    """When each step-back of the period was decided: one per session or check-in, however many exercises."""
    D = m.Decision
    seen: set[tuple[int, str, int]] = set()
    found: dict[int, list[datetime]] = defaultdict(list)
    for row in db.execute(
        select(m.Program.profile_id, D.id, D.session_id, D.checkin_id, D.created_at)
        .join(m.Program, m.Program.id == D.program_id)
        .where(m.Program.profile_id.in_(profile_ids), D.outcome == "regress", D.created_at >= since)
        .where(records.STANDING)
        .order_by(D.id)
    ):
        cause = ("session", row.session_id) if row.session_id is not None else ("check-in", row.checkin_id)
        key = (row.profile_id, *(cause if cause[1] is not None else ("decision", row.id)))
        if key in seen:
            continue
        seen.add(key)
        found[row.profile_id].append(row.created_at)
    return found


def _runs(db: Session, profile_ids: list[int], since: datetime) -> dict[int, list[Run]]:
    A = m.Activity
    found: dict[int, list[Run]] = defaultdict(list)
    for row in db.execute(
        select(A.profile_id, A.id, A.started_at, A.distance_m, A.duration_s)
        .where(A.profile_id.in_(profile_ids), A.distance_m.is_not(None), A.started_at >= since)
        .order_by(A.started_at)
    ):
        found[row.profile_id].append(Run(row.started_at, row.distance_m, row.duration_s, row.id))
    return found


def _first_runs(db: Session, profile_ids: list[int]) -> dict[int, datetime]:
    A = m.Activity
    rows = db.execute(
        select(A.profile_id, func.min(A.started_at))
        .where(A.profile_id.in_(profile_ids), A.distance_m.is_not(None))
        .group_by(A.profile_id)
    )
    return {row[0]: row[1] for row in rows}


def _spike(
    runs: list[Run], first_run: datetime | None, tz: Any, today: date, unit: DistanceUnit
) -> SpikeFact | None:
    """The latest spike among the runs of the last CASELOAD_SPIKE_DAYS days."""
    recent_from = today - timedelta(days=R.CASELOAD_SPIKE_DAYS - 1)
    since = datetime.combine(recent_from - timedelta(days=R.SPIKE_WINDOW_DAYS + 1), time(), tz)
    window = [run for run in runs if run.started_at >= since]
    if not window or window[-1].local_date(tz) < recent_from:
        return None
    judged_from = datetime.combine(recent_from, time(), tz)
    found = [s for s in spikes(window, first_run, judged_from) if s.is_spike]
    if not found:
        return None
    latest = found[-1]
    assert latest.previous_longest_km is not None and latest.increase_pct is not None
    return SpikeFact(
        latest.run.local_date(tz),
        latest.run.distance_km,
        latest.previous_longest_km,
        latest.increase_pct,
        unit,
    )


def _psfs(db: Session, profile_ids: list[int]) -> dict[int, PsfsChange]:
    """The PSFS score of the first and the latest assessment that rated it, for runners with two or more."""
    A, AR = m.Assessment, m.AssessmentReading
    ratings: dict[int, dict[tuple[date, int], list[float]]] = defaultdict(lambda: defaultdict(list))
    for row in db.execute(
        select(A.profile_id, A.id, A.assessed_on, AR.value)
        .join(AR, AR.assessment_id == A.id)
        .where(A.profile_id.in_(profile_ids), AR.key.like(f"{PSFS_KEY_PREFIX}%"))
        .order_by(A.assessed_on, A.id, AR.id)
    ):
        ratings[row.profile_id][(row.assessed_on, row.id)].append(row.value)
    found = {}
    for pid, sittings in ratings.items():
        if len(sittings) < 2:
            continue
        (first_on, _), (latest_on, _) = min(sittings), max(sittings)
        first = psfs_score(sittings[min(sittings)]).score
        latest = psfs_score(sittings[max(sittings)]).score
        found[pid] = PsfsChange(
            first, latest, first_on, latest_on, compare(Measure.PSFS, first, latest).change
        )
    return found
