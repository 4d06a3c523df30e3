"""Knee pain as a sign (BRIEF §5 [D]): the session of a runner who said yes to knee pain pads the knee in
every kneeling exercise and offers it standing; without the sign nothing changes."""

from __future__ import annotations

from hipcoach.domain.content import Block
from hipcoach.services import programs
from tests.integration.helpers import screened_runner


def kneeling_item(app, runner: int):
    plan = programs.plan_session(app, runner, Block.MOBILITY)
    return next(i for i in plan.items if i.exercise.id == "half-kneeling-hip-flexor-mobilisation")


def test_the_knee_pain_sign_pads_kneeling_exercises_and_offers_them_standing(app):
    runner = screened_runner(app, signs=frozenset({"knee-pain", "tight-hip-flexors"}))
    item = kneeling_item(app, runner)
    care = app.library.exercises[item.exercise.id].kneeling
    assert care is not None
    assert item.exercise.cues[0] == care.padding
    assert item.because == (
        f"because you have knee pain: pad the knee, or if kneeling still hurts, {care.standing}",
    )


def test_without_the_sign_the_kneeling_exercise_is_as_written(app):
    runner = screened_runner(app, signs=frozenset({"tight-hip-flexors"}))
    item = kneeling_item(app, runner)
    assert item.exercise == app.library.exercises[item.exercise.id] and item.because == ()
