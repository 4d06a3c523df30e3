"""Correct or delete a session or a check-in from the runner's pages: the form with every problem by its
field, the question before a deletion with what it does, the decisions kept and marked withdrawn on every page
that shows them, and nobody else's records."""

from __future__ import annotations

from sqlalchemy import func, select

from hipcoach.domain.content import Block
from hipcoach.services import programs
from hipcoach.storage import models as m
from tests.integration.helpers import do_session, morning
from tests.web.conftest import page_text, post_form
from tests.web.pages import profile_id, runner


def strength_morning(client_app, clock, runner_id):
    """A strength session, then its morning check-in a day later: the ladder decisions are taken."""
    programs.override_phase(client_app, runner_id, 2, by="Sam Ortiz, PT", reason="full range")
    saved = do_session(client_app, runner_id, Block.STRENGTH, pain=2, rpe=6)
    clock.advance(days=1)
    report = morning(client_app, runner_id, pain=1)
    return saved.session_id, report.checkin_id


def count(hipcoach, model) -> int:
    with hipcoach.reading() as db:
        return int(db.scalar(select(func.count()).select_from(model)) or 0)


def test_the_session_form_is_filled_and_a_correction_marks_the_old_decision_withdrawn(
    signed_in, hipcoach, clock
):
    client = runner(signed_in, "ana@example.com")
    ana = profile_id(hipcoach, "ana@example.com")
    session_id, _ = strength_morning(hipcoach, clock, ana)

    page = client.get(f"/sessions/{session_id}")
    assert f'href="/sessions/{session_id}/correct"' in page.text
    form = client.get(f"/sessions/{session_id}/correct")
    assert form.status_code == 200
    assert 'name="pain_during"' in form.text and 'value="2"' in form.text
    assert "This is your latest check-in, so the decision is taken again" in page_text(form)

    saved = post_form(
        client, f"/sessions/{session_id}/correct", {"baseline_pain": "1", "pain_during": "7", "rpe": "6"}
    )
    assert (
        saved.status_code == 303 and saved.headers["location"] == f"/sessions/{session_id}?changed=corrected"
    )
    shown = client.get(saved.headers["location"])
    text = page_text(shown)
    assert "Your correction is saved." in text
    assert "Withdrawn on" in text and "numbers were corrected" in text
    assert 'class="withdrawn"' in shown.text
    assert "Corrected by the runner" in text
    # The progress table says the row was corrected; the withdrawn decision is there, marked.
    progress = page_text(client.get("/progress"))
    assert "corrected" in progress and "Withdrawn on" in progress


def test_two_impossible_numbers_are_each_shown_by_their_field_and_nothing_changes(signed_in, hipcoach, clock):
    client = runner(signed_in, "ana@example.com")
    ana = profile_id(hipcoach, "ana@example.com")
    session_id, _ = strength_morning(hipcoach, clock, ana)
    refused = post_form(
        client, f"/sessions/{session_id}/correct", {"baseline_pain": "", "pain_during": "12", "rpe": "6"}
    )
    assert refused.status_code == 400
    assert 'id="baseline_pain-error"' in refused.text and 'id="pain_during-error"' in refused.text
    assert 'aria-invalid="true"' in refused.text and 'value="12"' in refused.text
    assert "There are 2 problems" in page_text(refused) and "Nothing was changed." in page_text(refused)
    with hipcoach.reading() as db:
        assert db.get(m.TrainingSession, session_id).pain_during == 2


def test_a_check_in_is_deleted_after_the_question_and_its_session_waits_again(signed_in, hipcoach, clock):
    client = runner(signed_in, "ana@example.com")
    ana = profile_id(hipcoach, "ana@example.com")
    session_id, checkin_id = strength_morning(hipcoach, clock, ana)

    question = client.get(f"/checkins/{checkin_id}/delete")
    text = page_text(question)
    assert question.status_code == 200
    assert "Delete your check-in of" in text and "waits for its morning check-in again" in text
    assert "marked withdrawn" in text

    deleted = post_form(client, f"/checkins/{checkin_id}/delete", {})
    assert deleted.status_code == 303 and deleted.headers["location"] == "/progress?changed=checkin-deleted"
    assert "The check-in was deleted." in page_text(client.get(deleted.headers["location"]))
    assert count(hipcoach, m.Checkin) == 0
    session_page = page_text(client.get(f"/sessions/{session_id}"))
    assert "Withdrawn on" in session_page and "was deleted" in session_page


def test_a_session_is_deleted_and_its_check_in_stays_on_its_own(signed_in, hipcoach, clock):
    client = runner(signed_in, "ana@example.com")
    ana = profile_id(hipcoach, "ana@example.com")
    session_id, checkin_id = strength_morning(hipcoach, clock, ana)
    question = page_text(client.get(f"/sessions/{session_id}/delete"))
    assert "its morning check-in stays" in question
    deleted = post_form(client, f"/sessions/{session_id}/delete", {})
    assert deleted.headers["location"] == "/progress?changed=session-deleted"
    assert count(hipcoach, m.TrainingSession) == 0 and count(hipcoach, m.Checkin) == 1
    assert client.get(f"/sessions/{session_id}").status_code == 404
    stays = page_text(client.get(f"/checkins/{checkin_id}"))
    assert "Withdrawn on" in stays


def test_a_check_in_that_paused_the_program_cannot_change_until_a_clearance(signed_in, hipcoach, clock):
    client = runner(signed_in, "ana@example.com")
    ana = profile_id(hipcoach, "ana@example.com")
    do_session(hipcoach, ana, Block.MOBILITY)
    clock.advance(days=1)
    report = morning(hipcoach, ana, pain=2, flags={"leg-numbness-tingling"})
    form = client.get(f"/checkins/{report.checkin_id}/correct")
    assert form.status_code == 200 and "a pause ends only with a clinician" in page_text(form)
    assert 'action="/checkins/' not in form.text  # no form to send
    refused = post_form(client, f"/checkins/{report.checkin_id}/delete", {})
    assert refused.status_code == 409 and "clearance" in page_text(refused)
    assert count(hipcoach, m.Checkin) == 1


def test_another_runner_can_neither_see_nor_change_them(signed_in, hipcoach, clock):
    runner(signed_in, "ana@example.com")
    ana = profile_id(hipcoach, "ana@example.com")
    session_id, checkin_id = strength_morning(hipcoach, clock, ana)
    other = runner(signed_in, "bo@example.com")
    for url in (f"/sessions/{session_id}/correct", f"/checkins/{checkin_id}/correct"):
        assert other.get(url).status_code == 404
    changed = post_form(other, f"/sessions/{session_id}/correct", {"baseline_pain": "1", "pain_during": "9"})
    assert changed.status_code == 404
    assert post_form(other, f"/checkins/{checkin_id}/delete", {}).status_code == 404
    assert post_form(other, f"/sessions/{session_id}/delete", {}).status_code == 404
    assert count(hipcoach, m.TrainingSession) == 1 and count(hipcoach, m.Checkin) == 1
