"""The battery is its registry: one module per test, each owning its keys, its form layout and its results."""

from __future__ import annotations

from hipcoach.domain.assessment.battery import (
    FIELD_BY_KEY,
    TESTS,
    BatteryInput,
    Stage,
    TestId,
    evaluate,
    grids,
)
from hipcoach.domain.assessment.common import Sex


def test_every_test_id_has_one_module_in_the_battery_order():
    assert [test.id for test in TESTS] == list(TestId)


def test_each_test_owns_its_keys_and_every_key_is_named_once():
    keys = [spec.key for test in TESTS for spec in test.fields]
    assert len(keys) == len(set(keys)) == len(FIELD_BY_KEY)
    for test in TESTS:
        assert all(spec.key.startswith(f"{test.id}.") and spec.test is test.id for spec in test.fields)


def test_the_form_layout_places_every_field_of_a_test_exactly_once():
    for test in TESTS:
        if test.id is TestId.PSFS:
            continue  # named activities with a rating each: the form has its own rows for them
        placed = [
            spec.key
            for grid in grids(test.id)
            for spec in (*grid.lead, *(s for _, row in grid.rows for s in row))
        ]
        assert sorted(placed) == sorted(spec.key for spec in test.fields), test.id


def test_findings_follow_the_method_range_then_balance_then_strength():
    # Short hip flexors (range), a 6 cm anterior reach difference (balance), weak left abductors (strength).
    readings = {"thomas.left.hip-angle": 5.0, "thomas.left.knee-flexion": 80.0}
    readings |= {"thomas.right.hip-angle": -5.0, "thomas.right.knee-flexion": 80.0}
    for side, anterior in (("left", 60.0), ("right", 66.0)):
        readings[f"y-balance.{side}.limb-length"] = 90.0
        for direction, reach in (("anterior", anterior), ("posteromedial", 95.0), ("posterolateral", 93.0)):
            for trial in (1, 2, 3):
                readings[f"y-balance.{side}.{direction}.{trial}"] = reach
    for side, force in (("left", 200.0), ("right", 240.0)):
        readings[f"dynamometry.hip-abductors.{side}.force"] = force
        readings[f"dynamometry.hip-abductors.{side}.lever-arm"] = 40.0
    result = evaluate(BatteryInput(readings, sex=Sex.FEMALE, body_mass_kg=60.0))
    stages = {test.id: test.stage for test in TESTS}
    kinds = [finding.kind.value for finding in result.findings]
    assert kinds == ["short hip flexors", "reach asymmetry", "hip strength asymmetry"]
    assert [stages[t] for t in result.tests] == [Stage.BALANCE, Stage.RANGE, Stage.STRENGTH]
