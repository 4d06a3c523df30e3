"""A year of a runner's history, driven through the real services with the test's clock.

``build_year`` screens a runner with signs, then for 52 weeks: sessions on Monday, Wednesday and Friday (only
Monday and Friday every fourth week), each with its next-morning check-in and, for most, the pain about an
hour after; two runs each weekend with one run far longer than the month before (a spike); three assessments
(the PSFS among them) with changes beyond error; one check-in that raises a red flag and the clearance after
it; a few sessions that hurt (a step back) among many green ones (steps up), so the phase moves on; and a
session note with an emoji. Module-scoped fixtures can call it once and share the history.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from hipcoach.domain.content import Block
from hipcoach.domain.phases import Phase
from hipcoach.services import activities, assessments, clearances, programs, records
from hipcoach.services.checkins import CheckinInput, check_in
from hipcoach.services.context import Hipcoach
from hipcoach.services.profiles import create_profile
from hipcoach.services.screening import run_screening
from hipcoach.services.sessions import as_prescribed, save_session
from tests.integration.assessment_data import HIP_NORMAL, battery, hips, reaches
from tests.integration.helpers import checkin_flags, screening_answers

WEEKS = 52
EMOJI_NOTE = "felt great 🏃"
SPIKE_WEEK = 30  # the weekend's long run is more than twice the month's longest
RED_FLAG_WEEK = 26  # Tuesday's check-in answers yes to night pain; a clearance follows on Wednesday
SORE_WEEKS = (14, 40)  # Monday's session hurts (pain during above the acceptable maximum): a step back
ASSESSMENT_WEEKS = (0, 20, 45)
PSFS_ACTIVITY = "running hills"
PSFS_RATINGS = (3.0, 5.0, 7.0)  # each change is 2 points: the PSFS's meaningful change
ANTERIOR_REACH = (55.0, 58.0, 70.0)  # cm, limb 90 cm: the last change is beyond error, the first is not
PAIN_AFTER = 2
# The first assessment finds the hip below the norms: phase 1 runs its sessions and days.
TIGHT_HIP = {**HIP_NORMAL, "extension": 2.0, "internal-rotation": 20.0}


@dataclass(frozen=True)
class YearFacts:
    """What the builder did, for tests to compare the report with."""

    profile_id: int
    first_day: date
    last_day: date  # the runner's today when the year is done
    red_flag_day: date
    clearance_day: date
    spike_day: date
    note_day: date


def _session(app: Hipcoach, profile_id: int, kind: Block, pain: int, notes: str = "") -> None:
    plan = programs.plan_session(app, profile_id, kind)
    record = as_prescribed(
        plan, app.local("UTC").today, baseline_pain=1, pain_during=pain, rpe=6, pain_after=PAIN_AFTER
    )
    save_session(app, profile_id, replace(record, notes=notes, source="guided"))


def _morning(app: Hipcoach, profile_id: int, flags: frozenset[str] = frozenset()) -> None:
    entry = CheckinInput(app.local("UTC").today, 1, 2, checkin_flags(*flags))
    check_in(app, profile_id, entry)


def _assess(app: Hipcoach, profile_id: int, index: int) -> None:
    readings = {
        **reaches("left", 90.0, ANTERIOR_REACH[index], 90.0, 85.0),
        **reaches("right", 90.0, ANTERIOR_REACH[index], 90.0, 85.0),
        **(hips() if index else hips(TIGHT_HIP, TIGHT_HIP)),
        "psfs.1": PSFS_RATINGS[index],
    }
    record = battery(
        app.local("UTC").today, readings, tester="Sam Ortiz, PT", psfs_activities={1: PSFS_ACTIVITY}
    )
    assessments.record_assessment(app, profile_id, record)


def build_year_facts(app: Hipcoach, clock, name: str = "Zoë Ødegård") -> YearFacts:  # noqa: ANN001
    """The year, with the days a test checks against. The clock ends a year after it began."""
    profile = create_profile(app, name, age=34, sex="female")
    run_screening(app, profile.id, screening_answers({"tight-hip-flexors"}))
    pid = profile.id
    first = clock.today()
    red_flag_day = clearance_day = spike_day = note_day = first
    for week in range(WEEKS):
        monday = clock.current
        # Monday: a session; an assessment in its weeks, before it.
        if week in ASSESSMENT_WEEKS:
            _assess(app, pid, ASSESSMENT_WEEKS.index(week))
        strength = Block.STRENGTH if phase_seen(app, pid) is not Phase.MOBILITY else Block.MOBILITY
        notes = EMOJI_NOTE if week == 10 else ""
        if notes:
            note_day = clock.today()
        _session(app, pid, strength, pain=6 if week in SORE_WEEKS else 2, notes=notes)
        clock.advance(days=1)  # Tuesday
        if week == RED_FLAG_WEEK:
            red_flag_day = clock.today()
            _morning(app, pid, flags=frozenset({"night-pain"}))
            clock.advance(days=1)  # Wednesday: the doctor saw nothing worrying
            clearance_day = clock.today()
            cleared = clearances.ClearanceInput("Dr Ada Nwosu", "sports physician", clearance_day)
            clearances.record_clearance(app, pid, cleared)
        else:
            _morning(app, pid)
            clock.advance(days=1)  # Wednesday
        if week % 4 != 3:
            _session(app, pid, Block.MOBILITY, pain=1)
            clock.advance(days=1)  # Thursday
            _morning(app, pid)
            clock.advance(days=1)  # Friday
        else:
            clock.advance(days=2)
        strength = Block.STRENGTH if phase_seen(app, pid) is not Phase.MOBILITY else Block.MOBILITY
        _session(app, pid, strength, pain=2)
        clock.advance(days=1)  # Saturday
        _morning(app, pid)
        long_run = 18.0 if week == SPIKE_WEEK else 8.0
        started = clock.current - timedelta(hours=1)
        activities.add_run(app, pid, started, 5.0, 30)
        clock.advance(days=1)  # Sunday
        if week == SPIKE_WEEK:
            spike_day = clock.today()
        activities.add_run(app, pid, clock.current - timedelta(hours=1), long_run, long_run * 6)
        clock.current = monday + timedelta(weeks=1)
    return YearFacts(pid, first, clock.today(), red_flag_day, clearance_day, spike_day, note_day)


def phase_seen(app: Hipcoach, profile_id: int) -> Phase:
    with app.reading() as db:
        return Phase(records.require_program(db, profile_id).phase)


def build_year(app: Hipcoach, clock, name: str = "Zoë Ødegård") -> int:  # noqa: ANN001
    """A runner with a year of history (see the module); their profile id."""
    return build_year_facts(app, clock, name).profile_id
