"""The screening and the check-in's warning signs as services, on SQLite and PostgreSQL: every question
answered or nothing is saved, the age from the profile, what each door stores and reads back."""

from __future__ import annotations

import pytest

from hipcoach.domain.content import Block, RedFlagLevel
from hipcoach.services import programs
from hipcoach.services.checkins import CheckinInput, check_in
from hipcoach.services.errors import InvalidInput, NotFound
from hipcoach.services.profiles import create_profile
from hipcoach.services.screening import (
    AgeNeeded,
    ProgramAction,
    UnansweredQuestions,
    checkin_questions,
    load_screening,
    profile_age,
    run_screening,
)
from hipcoach.storage import models as m
from tests.integration.helpers import (
    checkin_flags,
    do_session,
    row_counts,
    screened_runner,
    screening_answers,
)


def test_a_screening_with_a_question_unanswered_is_refused_by_id_and_nothing_is_saved(app):
    runner = create_profile(app, "Ana", age=34)
    given = screening_answers({"knee-pain"})
    signs = {k: v for k, v in given.signs.items() if k != "foot-pain"}
    flags = {k: v for k, v in given.red_flags.items() if k != "night-pain"}
    before = row_counts(app)
    with pytest.raises(UnansweredQuestions) as refused:
        run_screening(app, runner.id, type(given)(signs, flags, None))
    assert refused.value.ids == ("foot-pain", "night-pain")
    assert "foot-pain, night-pain" in str(refused.value) and "Nothing was saved" in str(refused.value)
    assert row_counts(app) == before


def test_without_an_age_on_the_profile_the_screening_asks_for_one_and_keeps_it(app):
    runner = create_profile(app, "Ben")
    before = row_counts(app)
    with pytest.raises(AgeNeeded, match="age"):
        run_screening(app, runner.id, screening_answers({"knee-pain"}))
    assert row_counts(app) == before
    with pytest.raises(InvalidInput, match="between 10 and 110"):
        run_screening(app, runner.id, screening_answers({"knee-pain"}, age=7))
    assert row_counts(app) == before

    report = run_screening(app, runner.id, screening_answers({"knee-pain"}, age=40))
    assert report.action is ProgramAction.STARTED
    assert profile_age(app, runner.id) == 40


def test_a_15_year_old_with_knee_pain_is_referred_and_gets_no_program_even_after_a_birthday(app):
    runner = create_profile(app, "Cy", age=15)
    report = run_screening(app, runner.id, screening_answers({"knee-pain"}))
    assert report.action is ProgramAction.NOT_STARTED
    assert report.result.level is RedFlagLevel.REFER
    with pytest.raises(NotFound):
        programs.overview(app, runner.id)
    with app.reading() as db:
        row = db.get(m.Screening, report.screening_id)
        assert row is not None
        assert (row.signs, row.red_flags, row.red_flag_level) == (
            ["knee-pain"],
            ["young-runner-pain"],
            "refer",
        )
    with app.transaction() as db:
        profile = db.get(m.Profile, runner.id)
        assert profile is not None
        profile.age = 18
    stored = load_screening(app, runner.id, report.screening_id)
    assert stored.result.level is RedFlagLevel.REFER and not stored.result.program_allowed


def test_a_55_year_old_with_a_dull_low_back_ache_starts_with_a_note(app):
    runner = create_profile(app, "Dee", age=55)
    report = run_screening(app, runner.id, screening_answers({"dull-low-back-ache"}))
    assert report.action is ProgramAction.STARTED
    assert report.result.level is RedFlagLevel.NOTE
    assert [flag.id for flag in report.result.red_flags] == ["over-50-new-back-pain"]


def test_a_possible_stress_fracture_is_stored_at_its_own_level(app):
    runner = create_profile(app, "Eve", age=28)
    report = run_screening(app, runner.id, screening_answers({"foot-pain"}, {"foot-bone-stress"}))
    assert report.action is ProgramAction.NOT_STARTED
    with app.reading() as db:
        row = db.get(m.Screening, report.screening_id)
        assert row is not None and row.red_flag_level == "bone-stress" and not row.program_allowed
    assert load_screening(app, runner.id, report.screening_id).result.level is RedFlagLevel.BONE_STRESS


def test_the_check_in_asks_no_history_and_the_foot_bone_only_after_foot_pain(app):
    plain = screened_runner(app, "Fay")
    footed = screened_runner(app, "Gus", signs=frozenset({"foot-pain"}))
    asked = {flag.id for flag in checkin_questions(app, plain)}
    assert not asked & {"cancer-history", "long-term-steroids", "earlier-stress-fracture", "missed-periods"}
    assert "foot-bone-stress" not in asked and "sharp-pain" in asked
    assert {flag.id for flag in checkin_questions(app, footed)} == asked | {"foot-bone-stress"}


def test_a_check_in_with_a_warning_sign_unanswered_is_refused_and_nothing_is_saved(app):
    runner = screened_runner(app)
    do_session(app, runner, Block.MOBILITY)
    answers = checkin_flags()
    del answers["sharp-pain"]
    before = row_counts(app)
    with pytest.raises(UnansweredQuestions) as refused:
        check_in(app, runner, CheckinInput(app.local("UTC").today, 1, 2, answers))
    assert refused.value.ids == ("sharp-pain",)
    with pytest.raises(InvalidInput, match="does not ask about cancer-history"):
        check_in(
            app,
            runner,
            CheckinInput(app.local("UTC").today, 1, 2, checkin_flags() | {"cancer-history": False}),
        )
    assert row_counts(app) == before


def test_a_check_in_stores_only_the_yes_answers(app):
    runner = screened_runner(app)
    report = check_in(app, runner, CheckinInput(app.local("UTC").today, 1, 2, checkin_flags("night-pain")))
    assert [flag.id for flag in report.red_flags] == ["night-pain"] and report.paused
    with app.reading() as db:
        row = db.get(m.Checkin, report.checkin_id)
        assert row is not None and row.red_flags == ["night-pain"] and row.red_flag_level == "refer"
