"""The assessment test protocols (BRIEF §6-7) as validated content, and the assessment rules in the
registry."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hipcoach.content import DATA_DIR, load_library
from hipcoach.content.loader import SECTIONS
from hipcoach.domain.assessment.balance import TRIALS_PER_DIRECTION
from hipcoach.domain.content import PROTOCOL_IDS, Library, MeasurementUnit, PerformedBy
from hipcoach.domain.rules import RULES
from tests.unit.test_content_loader import (
    REMOVE,
    copy_entry,
    edit_entry,
    problems_of,
    read_data,
    remove_entry,
)

FILE = "assessments.toml"


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def edit_test(data_dir: Path, test_id: str, **changes: object) -> None:
    edit_entry(data_dir, FILE, "test", test_id, **changes)


# --- the packaged protocols --------------------------------------------------------------------------


def test_the_assessments_file_is_one_of_the_files_the_loader_reads() -> None:
    assert SECTIONS[FILE] == {"test": "test"}


def test_every_one_of_the_eight_tests_has_a_protocol(library: Library) -> None:
    assert set(library.protocols) == set(PROTOCOL_IDS)
    assert len(PROTOCOL_IDS) == 8 and "y-balance" in PROTOCOL_IDS and "psfs" in PROTOCOL_IDS


def test_each_protocol_has_four_to_eight_steps_and_cites_evidence(library: Library) -> None:
    for protocol in library.protocols.values():
        assert 4 <= len(protocol.steps) <= 8, protocol.id
        assert all(step.strip() for step in protocol.steps), protocol.id
        assert protocol.evidence, protocol.id
        assert set(protocol.evidence) <= set(library.evidence), protocol.id
        assert protocol.name and protocol.summary and protocol.measures and protocol.counts, protocol.id


def test_each_protocol_records_in_the_unit_its_calculator_reads(library: Library) -> None:
    units = {protocol_id: protocol.unit for protocol_id, protocol in library.protocols.items()}

    assert units == {
        "y-balance": MeasurementUnit.CM,
        "knee-to-wall": MeasurementUnit.CM,
        "hip-range": MeasurementUnit.DEGREES,
        "thomas": MeasurementUnit.DEGREES,
        "active-knee-extension": MeasurementUnit.DEGREES,
        "straight-leg-raise": MeasurementUnit.DEGREES,
        "dynamometry": MeasurementUnit.NEWTONS,
        "psfs": MeasurementUnit.POINTS,
    }


def test_runners_can_do_the_tape_measure_tests_alone_the_rest_need_a_clinician(library: Library) -> None:
    runner = {p.id for p in library.protocols.values() if p.who is PerformedBy.RUNNER}

    assert runner == {"y-balance", "knee-to-wall", "psfs"}


def test_y_balance_asks_for_three_trials_per_direction_after_practice_and_says_how_to_measure_the_leg(
    library: Library,
) -> None:
    protocol = library.protocols["y-balance"]
    text = " ".join(protocol.steps)

    assert protocol.trials == 3 == TRIALS_PER_DIRECTION
    assert "best 3" in protocol.counts and "best trial" in protocol.counts
    assert "ASIS" in text and "medial malleolus" in text and "Lie on your back" in text
    assert "Practise" in text


def test_dynamometry_records_force_and_lever_arm_per_side_for_four_muscle_groups(library: Library) -> None:
    protocol = library.protocols["dynamometry"]
    text = " ".join(protocol.steps)

    for muscle_group in ("hip abductors", "hip extensors", "quadriceps", "hamstrings"):
        assert muscle_group in text
    assert "lever arm in cm from the joint centre" in text
    assert "force in newtons" in text
    assert protocol.sides and protocol.trials >= 1


def test_only_the_psfs_is_scored_without_sides(library: Library) -> None:
    assert {p.id for p in library.protocols.values() if not p.sides} == {"psfs"}


def test_every_protocol_names_its_equipment_except_the_psfs(library: Library) -> None:
    assert {p.id for p in library.protocols.values() if not p.equipment} == {"psfs"}
    assert "goniometer" in library.protocols["thomas"].equipment
    assert "hand-held dynamometer" in library.protocols["dynamometry"].equipment


# --- loader errors -----------------------------------------------------------------------------------


def test_an_unknown_evidence_id_names_the_file_and_the_test(data_dir: Path) -> None:
    edit_test(data_dir, "thomas", evidence=["thomas-test", "no-such-paper"])

    assert problems_of(data_dir) == ("assessments.toml: test 'thomas': unknown evidence id 'no-such-paper'",)


def test_missing_or_empty_steps_are_reported(data_dir: Path) -> None:
    edit_test(data_dir, "thomas", steps=REMOVE)
    edit_test(data_dir, "psfs", steps=[])

    assert set(problems_of(data_dir)) == {
        "assessments.toml: test 'thomas': missing required field 'steps'",
        "assessments.toml: test 'psfs': has no steps",
    }


def test_too_many_steps_are_reported(data_dir: Path) -> None:
    edit_test(data_dir, "hip-range", steps=[f"Step {n}." for n in range(1, 10)])

    assert problems_of(data_dir) == (
        "assessments.toml: test 'hip-range': has 9 steps; a protocol takes 4 to 8",
    )


@pytest.mark.parametrize(
    ("field", "value", "allowed"),
    [
        ("who", "coach", "runner, clinician"),
        ("unit", "inches", "cm, degrees, N, points"),
    ],
)
def test_an_unknown_who_or_unit_is_reported_with_the_allowed_values(
    data_dir: Path, field: str, value: str, allowed: str
) -> None:
    edit_test(data_dir, "knee-to-wall", **{field: value})

    assert problems_of(data_dir) == (
        f"assessments.toml: test 'knee-to-wall': unknown {field} '{value}' (use one of {allowed})",
    )


def test_trials_below_one_are_reported(data_dir: Path) -> None:
    edit_test(data_dir, "straight-leg-raise", trials=0)

    assert problems_of(data_dir) == (
        "assessments.toml: test 'straight-leg-raise': field 'trials' must be at least 1, not 0",
    )


def test_y_balance_trials_must_match_the_calculator(data_dir: Path) -> None:
    edit_test(data_dir, "y-balance", trials=2)

    assert problems_of(data_dir) == (
        "assessments.toml: test 'y-balance': trials is 2, but the calculator scores 3 trials per direction",
    )


def test_an_unknown_test_id_is_reported_and_the_test_it_replaced_is_missing(data_dir: Path) -> None:
    edit_test(data_dir, "knee-to-wall", id="ankle-lunge")

    problems = problems_of(data_dir)

    assert problems[0].startswith(
        "assessments.toml: test 'ankle-lunge': unknown test id 'ankle-lunge' (use one of y-balance, "
    )
    assert problems[1].startswith("assessments.toml: no test 'knee-to-wall' (every one of y-balance, ")
    assert len(problems) == 2


def test_a_missing_test_is_reported(data_dir: Path) -> None:
    remove_entry(data_dir, FILE, "test", "psfs")

    (problem,) = problems_of(data_dir)

    assert problem.startswith("assessments.toml: no test 'psfs'")


def test_a_duplicate_test_is_reported(data_dir: Path) -> None:
    copy_entry(data_dir, FILE, "test", "psfs", name="Another PSFS")

    assert problems_of(data_dir) == (
        "assessments.toml: test 'psfs': duplicate id; ids must be unique within the file",
    )


def test_a_missing_assessments_file_is_named(data_dir: Path) -> None:
    (data_dir / FILE).unlink()

    assert problems_of(data_dir) == (f"assessments.toml: file not found in {data_dir}",)


def test_every_problem_in_the_file_is_reported_at_once(data_dir: Path) -> None:
    edit_test(data_dir, "dynamometry", unit="kg", counts=REMOVE)
    edit_test(data_dir, "hip-range", sides="yes")

    problems = problems_of(data_dir)

    assert "assessments.toml: test 'dynamometry': missing required field 'counts'" in problems
    assert any(p.startswith("assessments.toml: test 'dynamometry': unknown unit 'kg'") for p in problems)
    assert "assessments.toml: test 'hip-range': field 'sides' must be true or false" in problems
    assert len(problems) == 3


def test_an_unchanged_copy_loads_the_same_protocols(data_dir: Path) -> None:
    assert read_data(data_dir, FILE) == read_data(DATA_DIR, FILE)
    assert load_library(data_dir).protocols == load_library().protocols


# --- the rule registry -------------------------------------------------------------------------------


def test_every_rule_cites_evidence_that_is_in_the_table(library: Library) -> None:
    for rule in RULES.values():
        assert rule.evidence, rule.id
        assert set(rule.evidence) <= set(library.evidence), rule.id


def test_the_assessment_rules_are_registered_with_their_numbers() -> None:
    expected = {
        "assessment.y-balance-anterior-asymmetry": "4 cm",
        "assessment.y-balance-female-composite": "94%",
        "assessment.hip-range-reference": "flexion 110-120",
        "assessment.thomas": "67 degrees",
        "assessment.ake-short": "33.0 degrees (men) or 23.4 degrees (women)",
        "assessment.knee-to-wall-adequate": "9 cm",
        "assessment.abductor-expected": "1.600 - 0.005 x age",
        "assessment.lsi-pass": "90%",
        "assessment.hq-ratio": "0.6",
        "assessment.change-beyond-error": "Y-balance reach more than 9.7 cm",
        "assessment.psfs-meaningful": "2 points",
        "assessment.findings-to-program": "single-leg balance",
    }
    for rule_id, number in expected.items():
        assert number in RULES[rule_id].statement, rule_id
    assert RULES["assessment.findings-to-program"].evidence == ("hipcoach-design",)
    assert "derived" in RULES["assessment.change-beyond-error"].statement
