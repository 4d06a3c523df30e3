"""The caseload service on a real database: rows for scripted runners, the hold as the clearance rule says it,
one audit line per runner listed, and a fixed number of queries however many runners."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from hipcoach.domain.attention import AttentionKind
from hipcoach.domain.content import Block
from hipcoach.services import caseload, clearances, clinic, programs
from hipcoach.services.assessments import record_assessment
from hipcoach.services.caseload import AUDIT_WHAT, CaseloadFilter
from hipcoach.services.clearances import ClearanceInput
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import InvalidInput
from hipcoach.storage import models as m
from tests.integration.assessment_data import battery
from tests.integration.clinic_helpers import give_access, make_clinician
from tests.integration.helpers import do_session, morning, screened_runner
from tests.integration.test_query_counts import queries

DAYS = 16  # two weeks of mornings and a little more


def script(app: Hipcoach, clock) -> dict[str, int]:
    """Four runners over DAYS days: one who reports a red flag, one whose pain creeps up, one who stops
    checking in, one doing fine. Each does a mobility session a day until their story says otherwise."""
    names = ("Rhea Red", "Pia Rising", "Quinn Quiet", "Fay Fine")
    ids = {name: screened_runner(app, name) for name in names}
    for day in range(DAYS):
        for name, pid in ids.items():
            if name == "Quinn Quiet" and day >= DAYS - 5:
                continue  # stopped five days ago
            if name == "Rhea Red" and day == DAYS - 1:
                continue  # on hold since yesterday's warning sign
            pain = 2 if name == "Pia Rising" and day >= DAYS - 7 else 1
            flags = (
                frozenset({"leg-numbness-tingling"})
                if name == "Rhea Red" and day == DAYS - 2
                else frozenset()
            )
            morning(app, pid, pain=pain, tightness=2, flags=flags)
            if name != "Pia Rising" and not flags:
                do_session(app, pid, Block.MOBILITY)
        clock.advance(days=1)
    return ids


@pytest.fixture
def clinician(app: Hipcoach):
    return make_clinician(app)


def test_rows_say_what_needs_attention_most_urgent_first(app, clock, clinician):
    ids = script(app, clock)
    for pid in ids.values():
        give_access(app, pid, clinician)

    view = caseload.caseload(app, clinician, "cli")

    assert [row.name for row in view.rows] == ["Rhea Red", "Pia Rising", "Quinn Quiet", "Fay Fine"]
    first = {row.name: [item.kind for item in row.attention] for row in view.rows}
    assert first["Rhea Red"] == [AttentionKind.HOLD]
    assert first["Pia Rising"][0] is AttentionKind.PAIN_RISING
    assert AttentionKind.LOW_ADHERENCE in first["Pia Rising"]  # no sessions at all
    assert first["Quinn Quiet"] == [AttentionKind.MISSED_CHECKINS]
    assert first["Fay Fine"] == []
    rows = {row.name: row for row in view.rows}
    quiet = rows["Quinn Quiet"]
    assert quiet.last_checkin == clock.today() - timedelta(days=6)
    assert (
        quiet.attention[0].text
        == f"No check-in for 6 days: the last was on {quiet.last_checkin.isoformat()}."
    )
    fine = rows["Fay Fine"]
    shown = programs.overview(app, fine.profile_id)  # what the runner's program page shows
    assert (fine.phase, fine.program_status) == (shown.phase, "active")
    window = [clock.today() - timedelta(days=d) for d in range(1, 15)]
    assert fine.sessions_planned == sum(1 for d in window if shown.week.day(d.weekday()).kind is not None)
    assert fine.sessions_done == 14  # a session every day
    assert [p.pain for p in fine.symptoms] == [1] * DAYS
    assert rows["Rhea Red"].program_status == "paused"


def test_the_hold_agrees_with_the_clearance_rule(app, clock, clinician):
    ids = script(app, clock)
    # A fifth runner is paused by the pain ceiling, then cleared; a sixth was paused at the screening.
    cleared = screened_runner(app, "Cleo Cleared")
    morning(app, cleared, pain=7)
    clearances.record_clearance(app, cleared, ClearanceInput("Sam Ortiz", "PT", clock.today()))
    ids["Cleo Cleared"] = cleared
    ids["Paula Paused"] = screened_runner(app, "Paula Paused")
    morning(app, ids["Paula Paused"], pain=8)
    for pid in ids.values():
        give_access(app, pid, clinician)

    view = caseload.caseload(app, clinician, "web")

    for row in view.rows:
        on_hold = clearances.standing_of(app, row.profile_id).on_hold
        assert on_hold == (AttentionKind.HOLD in [item.kind for item in row.attention]), row.name
    held = {row.name for row in view.rows if row.attention and row.attention[0].kind is AttentionKind.HOLD}
    assert held == {"Rhea Red", "Paula Paused"}


def test_psfs_change_is_first_against_latest_judged_against_its_error(app, clock, clinician):
    pid = screened_runner(app, "Ana")
    give_access(app, pid, clinician)
    activities = {1: "running 10 km", 2: "stairs"}
    record_assessment(
        app, pid, battery(clock.today(), {"psfs.1": 4, "psfs.2": 6}, psfs_activities=activities)
    )
    clock.advance(days=20)
    record_assessment(
        app, pid, battery(clock.today(), {"psfs.1": 5, "psfs.2": 6}, psfs_activities=activities)
    )
    clock.advance(days=20)
    record_assessment(
        app, pid, battery(clock.today(), {"psfs.1": 8, "psfs.2": 8}, psfs_activities=activities)
    )

    (row,) = caseload.caseload(app, clinician, "web").rows

    assert row.psfs is not None
    assert (row.psfs.first, row.psfs.latest) == (5.0, 8.0)
    assert row.psfs.beyond_error and row.psfs.change.value == "improved"


def test_each_runner_listed_gets_one_read_line_and_no_one_else(app, clock, clinician):
    ana, bea, cal = (screened_runner(app, name) for name in ("Ana", "Bea", "Cal"))
    for pid in (ana, bea):
        give_access(app, pid, clinician)

    caseload.caseload(app, clinician, "cli", CaseloadFilter(search="an"))

    with app.reading() as db:
        lines = db.execute(select(m.AuditEvent.profile_id, m.AuditEvent.what, m.AuditEvent.channel)).all()
    assert [tuple(line) for line in lines] == [(ana, AUDIT_WHAT, "cli")]


def test_a_revoked_runner_leaves_the_caseload(app, clinician):
    ana, bea = screened_runner(app, "Ana"), screened_runner(app, "Bea")
    give_access(app, ana, clinician)
    give_access(app, bea, clinician)
    (link,) = clinic.access_list(app, bea)
    clinic.revoke(app, bea, link.link_id)

    view = caseload.caseload(app, clinician, "web")

    assert [row.name for row in view.rows] == ["Ana"] and view.total == 1


def test_filters_by_kind_phase_and_name(app, clock, clinician):
    ids = script(app, clock)
    for pid in ids.values():
        give_access(app, pid, clinician)

    def names(**given) -> list[str]:
        chosen = caseload.caseload_filter(**given)
        return [row.name for row in caseload.caseload(app, clinician, "web", chosen).rows]

    assert names(attention="missed-checkins") == ["Quinn Quiet"]
    assert names(phase=1) == ["Rhea Red", "Pia Rising", "Quinn Quiet"]
    assert names(phase="2") == ["Fay Fine"]  # two weeks of sessions opened phase 2
    assert names(phase=3) == []
    assert names(search="  fINE ") == ["Fay Fine"]
    with pytest.raises(InvalidInput, match="no attention kind 'soon'"):
        caseload.caseload_filter(attention="soon")
    with pytest.raises(InvalidInput, match="phases run from 1 to 4"):
        caseload.caseload_filter(phase="7")


def test_the_same_number_of_queries_for_3_and_12_runners(app, clock, clinician):
    ids = [screened_runner(app, f"Runner {n:02d}") for n in range(12)]
    for day in range(3):
        for pid in ids:
            morning(app, pid, pain=1 + day % 2)
            do_session(app, pid, Block.MOBILITY)
        clock.advance(days=1)
    for pid in ids[:3]:
        give_access(app, pid, clinician)
    few = queries(app, lambda: caseload.caseload(app, clinician, "web"))
    for pid in ids[3:]:
        give_access(app, pid, clinician)
    many = queries(app, lambda: caseload.caseload(app, clinician, "web"))
    assert few == many
    assert many <= 20


def test_the_cli_prints_the_caseload_most_urgent_first_and_logs_the_reads(app, clock, clinician, cli):
    ids = script(app, clock)
    for pid in ids.values():
        give_access(app, pid, clinician)

    shown = cli("clinic", "caseload", "--clinician", "sam@clinic.example")

    assert shown.exit_code == 0, shown.output
    out = shown.output
    assert out.index("Rhea Red") < out.index("Pia Rising") < out.index("Quinn Quiet") < out.index("Fay Fine")
    assert "On hold" in out and "Missed check-ins" in out
    with app.reading() as db:
        channels = set(db.scalars(select(m.AuditEvent.channel)))
    assert channels == {"cli"}
    quiet = cli("clinic", "caseload", "-c", "sam@clinic.example", "--attention", "missed-checkins")
    assert "Quinn Quiet" in quiet.output and "Fay Fine" not in quiet.output
    found = cli("clinic", "caseload", "-c", "sam@clinic.example", "--search", "fine")
    assert "Fay Fine" in found.output and "Rhea Red" not in found.output


def test_the_cli_names_a_bad_kind_and_an_unknown_clinician(app, clinician, cli):
    bad = cli("clinic", "caseload", "-c", "sam@clinic.example", "--attention", "soon")
    assert bad.exit_code == 2 and "no attention kind 'soon'" in bad.output
    stranger = cli("clinic", "caseload", "-c", "nobody@example.com")
    assert stranger.exit_code != 0 and "no clinician account" in stranger.output


def test_the_cli_says_how_to_invite_when_the_caseload_is_empty(app, clinician, cli):
    shown = cli("clinic", "caseload", "-c", "sam@clinic.example")
    assert shown.exit_code == 0
    assert "No runner shares their data with you yet" in shown.output


def test_the_cli_lists_the_attention_kinds_of_the_domain():
    from hipcoach.cli.clinic_caseload_cmd import ATTENTION_CODES

    assert ATTENTION_CODES == tuple(kind.value for kind in AttentionKind)
