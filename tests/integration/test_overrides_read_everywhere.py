"""What a clinician left out or swapped reaches the runner's program overview, its ladder gate and
`hipcoach plan`; a stricter pain maximum reaches the guided session's pain scale. On SQLite and PostgreSQL
(BRIEF §10)."""

from __future__ import annotations

import pytest

from hipcoach.domain import rules as R
from hipcoach.services import programs
from hipcoach.services.clinical_actions import (
    ExcludeAction,
    LadderAction,
    SwapAction,
    ThresholdAction,
    act,
)
from tests.integration.clinic_helpers import give_access, make_clinician
from tests.integration.helpers import morning, screened_runner


def in_phase_2(app):
    ana = screened_runner(app)
    sam = make_clinician(app)
    give_access(app, ana, sam)
    programs.override_phase(app, ana, 2, by="Sam Ortiz, PT", reason="assessed")
    return ana, sam


def test_the_overview_ladder_shows_a_left_out_exercise_and_the_one_done_in_a_swapped_ones_place(app):
    ana, sam = in_phase_2(app)
    act(app, sam, ana, ExcludeAction(exercise="half-kneeling-halo", reason="shoulder pain"), "web")
    act(app, sam, ana, SwapAction(exercise="runners-lunge", instead="lunge", reason="no weights"), "web")

    rows = {row.exercise_id: row for row in programs.overview(app, ana).ladder}

    assert rows["half-kneeling-halo"].change == "Left out by your clinician"
    assert rows["runners-lunge"].change == "Your clinician put Lunge (static or reverse) in its place"
    assert rows["step-up-knee-drive"].change is None and rows["step-up-knee-drive"].level == 1


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (ExcludeAction(exercise="runners-lunge", reason="knee pain"), "left out by your clinician"),
        (
            SwapAction(exercise="runners-lunge", instead="lunge", reason="no weights"),
            "swapped by your clinician for Lunge (static or reverse)",
        ),
    ],
)
def test_a_left_out_or_swapped_exercise_does_not_hold_the_runner_in_phase_2(app, clock, change, said):
    ana, sam = in_phase_2(app)
    for exercise_id in ("half-kneeling-halo", "step-up-knee-drive"):
        level = LadderAction(exercise=exercise_id, level=R.PHASE3_LADDER_LEVEL, reason="strong")
        act(app, sam, ana, level, "web")
    held = programs.overview(app, ana).gate
    assert not held.is_open and held.unmet == ("runners-lunge: level 1 of 3 needed",)

    act(app, sam, ana, change, "web")
    gate = programs.overview(app, ana).gate
    assert gate.is_open and f"runners-lunge: {said}, so it does not hold this step" in gate.met

    clock.advance(days=1)
    morning(app, ana)
    assert int(programs.overview(app, ana).phase) == 3


def test_hipcoach_plan_shows_the_ladder_as_the_runner_does_it(app, cli):
    ana, sam = in_phase_2(app)
    act(app, sam, ana, ExcludeAction(exercise="half-kneeling-halo", reason="shoulder pain"), "web")
    act(app, sam, ana, SwapAction(exercise="runners-lunge", instead="lunge", reason="no weights"), "web")

    plan = cli("plan", "--profile", "Ana")

    assert plan.exit_code == 0, plan.output
    lines = plan.output.splitlines()
    halo = next(line for line in lines if "Half-kneeling halo" in line and "│" in line)
    lunge = next(line for line in lines if "Runner's lunge with overhead" in line and "│" in line)
    assert "Left out by your clinician" in halo and "1 of 4" not in halo
    assert "Your clinician put Lunge" in lunge
    step_up = next(line for line in lines if "Step-up with knee drive" in line and "│" in line)
    assert "1 of 5" in step_up


def test_the_guided_session_gives_the_runners_stricter_pain_numbers(app, cli):
    ana, sam = in_phase_2(app)
    act(app, sam, ana, ThresholdAction(threshold="pain-safe-max", value=2, reason="flare-prone"), "web")
    act(app, sam, ana, ThresholdAction(threshold="pain-acceptable-max", value=4, reason="flare-prone"), "web")

    result = cli("session", "--profile", "Ana", "--no-timers", input="\n" * 400)

    assert result.exit_code == 0, result.output
    assert "Pain during an exercise, out of 10: 0-2 is fine, 3-4 is acceptable, above 4 is too much" in (
        result.output
    )
