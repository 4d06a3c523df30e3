"""A runner corrects or deletes a session or a check-in: the decisions taken on it are withdrawn (kept,
marked, no longer counted), the ladder goes back where nothing later moved it, the latest check-in is decided
again; a pause and a red flag are not undone. On SQLite and PostgreSQL, with a clock the test moves."""

import pytest
from sqlalchemy import select

from hipcoach.domain.content import Block
from hipcoach.domain.progression import Outcome
from hipcoach.services import checkins, corrections, history, programs, records, transfer
from hipcoach.services.clearances import ClearanceInput, record_clearance
from hipcoach.services.errors import Conflict, InvalidFields
from hipcoach.storage import models as m
from tests.integration.helpers import do_session, morning, screened_runner


def strength_runner(app):
    runner = screened_runner(app)
    programs.override_phase(app, runner, 2, by="Sam Ortiz, PT", reason="full range on assessment")
    return runner


def levels(app, runner) -> set[int]:
    return {s.ladder_level for s in programs.overview(app, runner).states.values()}


def decisions_of(app, checkin_id):
    with app.reading() as db:
        rows = db.scalars(
            select(m.Decision).where(m.Decision.checkin_id == checkin_id).order_by(m.Decision.id)
        )
        return [(d.outcome, d.withdrawn_reason) for d in rows]


def decisions_of_session(app, session_id):
    with app.reading() as db:
        rows = db.scalars(select(m.Decision).where(m.Decision.session_id == session_id))
        return [(d.outcome, d.withdrawn_reason) for d in rows]


def climbed_to_level_two(app, clock):
    """Two green strength sessions: the second morning moves every exercise from level 1 to 2."""
    runner = strength_runner(app)
    do_session(app, runner, Block.STRENGTH, pain=2, rpe=6)
    clock.advance(days=1)
    assert morning(app, runner, pain=1).outcome is Outcome.HOLD
    clock.advance(days=2)
    second = do_session(app, runner, Block.STRENGTH, pain=3, rpe=7)
    clock.advance(days=1)
    report = morning(app, runner, pain=1)
    assert report.outcome is Outcome.PROGRESS and levels(app, runner) == {2}
    return runner, second.session_id, report.checkin_id


SESSION_AS_DONE = {"baseline_pain": 1, "pain_during": 3, "pain_after": None, "rpe": 7, "tightness": None}


def test_correcting_the_worst_pain_of_the_latest_session_withdraws_and_decides_again(app, clock):
    runner, session_id, checkin_id = climbed_to_level_two(app, clock)
    done = corrections.correct_session(app, runner, session_id, SESSION_AS_DONE | {"pain_during": 6})
    assert done.decided_again
    assert {e.text for e in done.effects} == {"back to level 1, 2 rounds"}
    kept = decisions_of(app, checkin_id)
    withdrawn = [outcome for outcome, why in kept if why]
    standing = [outcome for outcome, why in kept if not why]
    assert set(withdrawn) == {"progress"} and set(standing) == {"regress"}
    assert all("corrected" in why for _, why in kept if why)
    assert levels(app, runner) == {1}  # a pain of 6 never climbs: back from 2, and no step up again
    detail = history.session_detail(app, runner, session_id)
    assert detail.row.pain_during == 6 and detail.row.corrected
    assert all(e.pain_during is None or e.pain_during <= 6 for e in detail.exercises)


def test_a_correction_that_changes_no_deciding_number_withdraws_nothing(app, clock):
    runner, session_id, checkin_id = climbed_to_level_two(app, clock)
    done = corrections.correct_session(app, runner, session_id, SESSION_AS_DONE | {"tightness": 4})
    assert done.effects == () and not done.decided_again
    assert all(why is None for _, why in decisions_of(app, checkin_id))
    assert levels(app, runner) == {2}
    corrected = corrections.correct_checkin(app, runner, checkin_id, {"pain": 1, "tightness": 5})
    assert corrected.effects == ()
    assert history.checkin_result(app, runner, checkin_id).tightness == 5


def test_deleting_the_latest_check_in_puts_the_ladder_back_and_the_session_waits_again(app, clock):
    runner, session_id, checkin_id = climbed_to_level_two(app, clock)
    preview = corrections.checkin_consequences(app, runner, checkin_id, deleting=True)
    done = corrections.delete_checkin(app, runner, checkin_id)
    assert done.effects == preview.effects and done.effects
    assert levels(app, runner) == {1}
    withdrawn = decisions_of_session(app, session_id)
    assert withdrawn and all(why and "check-in of" in why and "deleted" in why for _, why in withdrawn)
    waiting = checkins.awaiting_morning(app, runner)
    assert waiting is not None and waiting.session_id == session_id
    # Checked in again, the session is decided afresh, and the withdrawn step up is not counted twice.
    again = morning(app, runner, pain=1)
    assert again.session_id == session_id and again.outcome is Outcome.PROGRESS
    assert levels(app, runner) == {2}


def test_deleting_an_older_session_withdraws_its_decisions_but_later_ones_stand(app, clock):
    runner, second_session, second_checkin = climbed_to_level_two(app, clock)
    clock.advance(days=2)
    do_session(app, runner, Block.STRENGTH, pain=6)
    clock.advance(days=1)
    assert morning(app, runner, pain=1).outcome is Outcome.REGRESS
    assert levels(app, runner) == {1}
    done = corrections.delete_session(app, runner, second_session)
    assert {e.text for e in done.effects} == {"stays at level 1, 2 rounds: a later change moved it since"}
    assert levels(app, runner) == {1}
    assert [why for _, why in decisions_of(app, second_checkin)] and all(
        why and "was deleted" in why for _, why in decisions_of(app, second_checkin)
    )
    stored = history.checkin_result(app, runner, second_checkin)
    assert stored.session_id is None  # the morning's own report stays, as a check-in alone
    with app.reading() as db:
        look_back = records.earlier_decisions(db, programs_id(app, runner), None, 10)
    assert all(d.outcome is not Outcome.PROGRESS for d in look_back)


def programs_id(app, runner) -> int:
    with app.reading() as db:
        return records.require_program(db, runner).id


def test_a_check_in_that_paused_the_program_changes_only_after_a_clearance(app, clock):
    runner = strength_runner(app)
    for _ in range(2):
        do_session(app, runner, Block.STRENGTH, pain=7)
        clock.advance(days=1)
        report = morning(app, runner, pain=1)
        clock.advance(days=1)
    assert report.paused
    preview = corrections.checkin_consequences(app, runner, report.checkin_id, deleting=True)
    assert preview.blocked and "clearance" in preview.blocked
    with pytest.raises(Conflict, match="clearance"):
        corrections.correct_checkin(app, runner, report.checkin_id, {"pain": 0, "tightness": 1})
    with pytest.raises(Conflict, match="clearance"):
        corrections.delete_session(app, runner, report.session_id)
    assert programs.overview(app, runner).status == "paused"
    record_clearance(app, runner, ClearanceInput("Dr Kim Lee", "physiotherapist", app.local("UTC").today))
    done = corrections.delete_checkin(app, runner, report.checkin_id)
    assert done.effects and programs.overview(app, runner).status == "active"


def test_a_red_flag_stays_on_record_but_its_pain_can_be_corrected(app, clock):
    runner = screened_runner(app)
    do_session(app, runner, Block.MOBILITY)
    clock.advance(days=1)
    report = morning(app, runner, pain=2, flags={"leg-numbness-tingling"})
    record_clearance(app, runner, ClearanceInput("Dr Kim Lee", "physiotherapist", app.local("UTC").today))
    with pytest.raises(Conflict, match="warning sign stays on record"):
        corrections.delete_checkin(app, runner, report.checkin_id)
    corrections.correct_checkin(app, runner, report.checkin_id, {"pain": 3, "tightness": 2})
    stored = history.checkin_result(app, runner, report.checkin_id)
    assert stored.pain == 3 and [f.id for f in stored.red_flags] == ["leg-numbness-tingling"]


def test_impossible_numbers_are_refused_each_by_its_field_and_nothing_changes(app, clock):
    runner, session_id, _ = climbed_to_level_two(app, clock)
    with pytest.raises(InvalidFields) as refused:
        corrections.correct_session(
            app, runner, session_id, SESSION_AS_DONE | {"pain_during": 11, "rpe": -1, "baseline_pain": None}
        )
    assert set(refused.value.problems) == {"pain_during", "rpe", "baseline_pain"}
    assert history.session_detail(app, runner, session_id).row.pain_during == 3
    assert levels(app, runner) == {2}


def test_the_progress_stamp_changes_with_a_correction_and_a_deletion(app, clock):
    runner, session_id, checkin_id = climbed_to_level_two(app, clock)
    before = history.history_version(app, runner)
    corrections.correct_checkin(app, runner, checkin_id, {"pain": 1, "tightness": 6})
    corrected = history.history_version(app, runner)
    assert corrected != before
    first = history.history(app, runner)[0]
    corrections.delete_session(app, runner, first.session_id)
    assert history.history_version(app, runner) != corrected


def test_withdrawn_marks_travel_with_an_export(app, clock):
    runner, session_id, checkin_id = climbed_to_level_two(app, clock)
    corrections.correct_session(app, runner, session_id, SESSION_AS_DONE | {"pain_during": 6})
    exported = transfer.export_profile(app, runner)
    marked = [d for d in exported["decisions"] if d["withdrawn_reason"]]
    assert marked and all(d["withdrawn_at"] for d in marked)
    assert any(s["corrected_at"] for s in exported["sessions"])
