"""The content loader's validation: each broken edit of a copy of the packaged data is reported, naming
the file and the entry, and all problems are reported together."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest

from hipcoach.content import DATA_DIR, ContentError, load_library

REMOVE = object()  # a field value that means "delete this field"
BLOCKS = "mobility, strength, core, foot, accessory"
FLAG_LEVELS = "note, refer, bone-stress, urgent"


# --- helpers: edit one entry of a copied data file ---------------------------------------------------


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def read_data(data_dir: Path, file: str) -> dict[str, Any]:
    with (data_dir / file).open("rb") as handle:
        return tomllib.load(handle)


def write_data(data_dir: Path, file: str, document: dict[str, Any]) -> None:
    (data_dir / file).write_text(dump_toml(document), encoding="utf-8")


def dump_toml(document: dict[str, Any]) -> str:
    """Write the subset of TOML the data files use: [[section]] tables with text, numbers, booleans, lists,
    inline tables and one level of nested [[section.key]] tables."""
    lines: list[str] = []
    for section, tables in document.items():
        for table in tables:
            lines.append(f"[[{section}]]")
            nested = {key: value for key, value in table.items() if is_table_list(value)}
            lines.extend(f"{key} = {toml_value(value)}" for key, value in table.items() if key not in nested)
            for key, rows in nested.items():
                for row in rows:
                    lines.append(f"[[{section}.{key}]]")
                    lines.extend(f"{name} = {toml_value(value)}" for name, value in row.items())
            lines.append("")
    return "\n".join(lines)


def is_table_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, dict) for item in value)


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{key} = {toml_value(item)}" for key, item in value.items()) + " }"
    raise TypeError(f"test helper cannot write {value!r}")


def find_entry(document: dict[str, Any], section: str, entry_id: str) -> dict[str, Any]:
    for entry in document[section]:
        if entry.get("id") == entry_id:
            return entry  # type: ignore[no-any-return]
    raise AssertionError(f"test setup: no [[{section}]] with id '{entry_id}'")


def edit_entry(data_dir: Path, file: str, section: str, entry_id: str, **changes: Any) -> None:
    """Set fields of one entry; a value of REMOVE deletes the field."""
    document = read_data(data_dir, file)
    entry = find_entry(document, section, entry_id)
    for key, value in changes.items():
        if value is REMOVE:
            del entry[key]
        else:
            entry[key] = value
    write_data(data_dir, file, document)


def edit_exercise(data_dir: Path, exercise_id: str, **changes: Any) -> None:
    edit_entry(data_dir, "exercises.toml", "exercise", exercise_id, **changes)


def edit_circuit(data_dir: Path, circuit_id: str, **changes: Any) -> None:
    edit_entry(data_dir, "circuits.toml", "circuit", circuit_id, **changes)


def remove_entry(data_dir: Path, file: str, section: str, entry_id: str) -> None:
    document = read_data(data_dir, file)
    document[section].remove(find_entry(document, section, entry_id))
    write_data(data_dir, file, document)


def copy_entry(data_dir: Path, file: str, section: str, entry_id: str, **changes: Any) -> None:
    """Append a copy of one entry, with some fields changed."""
    document = read_data(data_dir, file)
    document[section].append({**find_entry(document, section, entry_id), **changes})
    write_data(data_dir, file, document)


def ladder(*levels: int) -> list[dict[str, Any]]:
    return [{"level": level, "name": f"Level {level}", "description": "A rung."} for level in levels]


def problems_of(data_dir: Path) -> tuple[str, ...]:
    with pytest.raises(ContentError) as caught:
        load_library(data_dir)
    return caught.value.problems


# --- reading the files -------------------------------------------------------------------------------


def test_an_unchanged_copy_of_the_data_loads(data_dir: Path) -> None:
    assert load_library(data_dir).exercises.keys() == load_library().exercises.keys()


def test_malformed_toml_names_the_file_and_the_line(data_dir: Path) -> None:
    (data_dir / "circuits.toml").write_text('[[circuit]]\nid = "mobility"\nrounds = = 2\n', encoding="utf-8")

    (problem,) = problems_of(data_dir)

    assert problem.startswith("circuits.toml: not valid TOML:")
    assert "line 3" in problem


def test_a_missing_file_is_named(data_dir: Path) -> None:
    (data_dir / "screening.toml").unlink()

    assert problems_of(data_dir) == (f"screening.toml: file not found in {data_dir}",)


def test_a_misspelt_section_is_reported(data_dir: Path) -> None:
    document = read_data(data_dir, "screening.toml")
    document["red_flags"] = document.pop("red_flag")
    write_data(data_dir, "screening.toml", document)

    assert problems_of(data_dir) == (
        "screening.toml: unknown section 'red_flags' (expected [[sign]], [[red_flag]])",
        "screening.toml: no [[red_flag]] entries",
    )


# --- fields of one entry -----------------------------------------------------------------------------


def test_a_missing_required_field_names_the_field_and_the_entry(data_dir: Path) -> None:
    edit_exercise(data_dir, "bird-dog", summary=REMOVE)

    assert problems_of(data_dir) == ("exercises.toml: exercise 'bird-dog': missing required field 'summary'",)


def test_an_entry_without_an_id_is_named_by_its_position(data_dir: Path) -> None:
    edit_entry(data_dir, "evidence.toml", "evidence", "doma2014", id=REMOVE)

    problem, *citing = problems_of(data_dir)

    assert problem.startswith("evidence.toml: evidence #")
    assert problem.endswith("(no id): missing required field 'id'")
    assert all("unknown evidence id 'doma2014'" in p for p in citing)  # the rules that cite it


def test_a_field_of_the_wrong_type_is_reported(data_dir: Path) -> None:
    edit_circuit(data_dir, "core", rounds="two")

    assert problems_of(data_dir) == ("circuits.toml: circuit 'core': field 'rounds' must be a whole number",)


def test_a_misspelt_optional_field_is_reported_as_unknown(data_dir: Path) -> None:
    edit_entry(data_dir, "screening.toml", "sign", "foot-pain", adds_foot_blok=True)

    assert problems_of(data_dir) == ("screening.toml: sign 'foot-pain': unknown field 'adds_foot_blok'",)


def test_an_id_that_is_not_kebab_case_is_reported(data_dir: Path) -> None:
    edit_entry(data_dir, "screening.toml", "sign", "knee-pain", id="Knee_Pain")

    assert problems_of(data_dir) == (
        "screening.toml: sign 'Knee_Pain': id 'Knee_Pain' must be kebab-case (lowercase words joined by '-')",
    )


@pytest.mark.parametrize(
    ("file", "section", "entry_id", "field", "value", "allowed"),
    [
        ("exercises.toml", "exercise", "squat", "block", "cardio", BLOCKS),
        ("exercises.toml", "exercise", "squat", "laterality", "both", "bilateral, per_side, alternating"),
        ("evidence.toml", "evidence", "doma2014", "tag", "A", "V, S, D"),
        ("screening.toml", "red_flag", "night-pain", "level", "high", FLAG_LEVELS),
        ("screening.toml", "red_flag", "night-pain", "level", "none", FLAG_LEVELS),
        ("circuits.toml", "circuit", "core", "block", "abs", BLOCKS),
    ],
)
def test_an_unknown_enum_value_is_reported_with_the_allowed_values(
    data_dir: Path, file: str, section: str, entry_id: str, field: str, value: str, allowed: str
) -> None:
    edit_entry(data_dir, file, section, entry_id, **{field: value})

    kind = section.replace("_", " ")
    expected = f"{file}: {kind} '{entry_id}': unknown {field} '{value}' (use one of {allowed})"
    assert expected in problems_of(data_dir)


@pytest.mark.parametrize(
    ("field", "value", "noun"),
    [
        ("directions", ["flexion", "sideways"], "direction 'sideways'"),
        ("positions", ["stable", "lying"], "position 'lying'"),
    ],
)
def test_an_unknown_direction_or_position_is_reported(
    data_dir: Path, field: str, value: list[str], noun: str
) -> None:
    edit_exercise(data_dir, "squat", **{field: value})

    (problem,) = problems_of(data_dir)

    assert problem.startswith(f"exercises.toml: exercise 'squat': unknown {noun} (use one of ")


def test_a_duplicate_id_is_reported(data_dir: Path) -> None:
    copy_entry(data_dir, "exercises.toml", "exercise", "squat", name="Another squat")

    assert problems_of(data_dir) == (
        "exercises.toml: exercise 'squat': duplicate id; ids must be unique within the file",
    )


def test_a_doi_written_as_a_link_is_reported(data_dir: Path) -> None:
    edit_entry(data_dir, "evidence.toml", "evidence", "farrar2001", doi="https://doi.org/10.1016/x")

    assert problems_of(data_dir) == (
        "evidence.toml: evidence 'farrar2001': doi 'https://doi.org/10.1016/x' must start with '10.' "
        "(leave out 'https://doi.org/')",
    )


# --- evidence ids ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "section", "entry_id"),
    [
        ("exercises.toml", "exercise", "runners-lunge"),
        ("circuits.toml", "circuit", "strength"),
        ("screening.toml", "sign", "knee-pain"),
        ("screening.toml", "red_flag", "sharp-pain"),
    ],
)
def test_an_unknown_evidence_id_names_the_file_and_the_entry(
    data_dir: Path, file: str, section: str, entry_id: str
) -> None:
    edit_entry(data_dir, file, section, entry_id, evidence=["source-program", "foo"])

    kind = section.replace("_", " ")
    assert problems_of(data_dir) == (f"{file}: {kind} '{entry_id}': unknown evidence id 'foo'",)


def test_an_entry_that_cites_no_evidence_is_reported(data_dir: Path) -> None:
    edit_exercise(data_dir, "dead-bug", evidence=[])

    assert problems_of(data_dir) == (
        "exercises.toml: exercise 'dead-bug': cites no evidence (add at least one id from evidence.toml)",
    )


def test_a_rule_citing_evidence_missing_from_the_table_is_reported(data_dir: Path) -> None:
    remove_entry(data_dir, "evidence.toml", "evidence", "farrar2001")

    problems = problems_of(data_dir)

    assert "rules: rule 'pain.meaningful-change': unknown evidence id 'farrar2001'" in problems
    assert all(p.startswith("rules: rule '") for p in problems)
    assert all(p.endswith(": unknown evidence id 'farrar2001'") for p in problems)


# --- exercises ---------------------------------------------------------------------------------------


def test_an_exercise_without_cues_is_reported(data_dir: Path) -> None:
    edit_exercise(data_dir, "toe-yoga", cues=[])

    assert problems_of(data_dir) == ("exercises.toml: exercise 'toe-yoga': has no cues",)


def test_an_exercise_without_a_dose_is_reported(data_dir: Path) -> None:
    edit_exercise(data_dir, "toe-yoga", dose=REMOVE)

    assert problems_of(data_dir) == ("exercises.toml: exercise 'toe-yoga': missing required field 'dose'",)


def test_a_dose_with_no_reps_hold_or_circles_counts_as_no_dose(data_dir: Path) -> None:
    edit_exercise(data_dir, "toe-yoga", dose={})

    assert problems_of(data_dir) == (
        "exercises.toml: exercise 'toe-yoga': "
        "has no dose (give reps_per_side, hold_seconds or circles_each_direction)",
    )


def test_a_dose_mixing_circles_with_reps_is_reported(data_dir: Path) -> None:
    edit_exercise(data_dir, "half-kneeling-halo", dose={"circles_each_direction": 3, "reps_per_side": 6})

    assert problems_of(data_dir) == (
        "exercises.toml: exercise 'half-kneeling-halo': dose: "
        "circles_each_direction cannot be combined with reps_per_side or hold_seconds",
    )


def test_a_ladder_that_skips_a_level_names_the_missing_level(data_dir: Path) -> None:
    edit_exercise(data_dir, "runners-lunge", ladder=ladder(1, 2, 4, 5))

    assert problems_of(data_dir) == (
        "exercises.toml: exercise 'runners-lunge': ladder skips level 3 (levels must run 1 to 5 in order)",
    )


def test_a_ladder_that_repeats_a_level_names_the_repeated_level(data_dir: Path) -> None:
    edit_exercise(data_dir, "step-up-knee-drive", ladder=ladder(1, 2, 2, 3, 4))

    assert problems_of(data_dir) == ("exercises.toml: exercise 'step-up-knee-drive': ladder repeats level 2",)


def test_a_ladder_out_of_order_is_reported(data_dir: Path) -> None:
    edit_exercise(data_dir, "step-up-knee-drive", ladder=ladder(1, 3, 2, 4))

    assert problems_of(data_dir) == (
        "exercises.toml: exercise 'step-up-knee-drive': "
        "ladder levels are out of order (1, 3, 2, 4); list them 1 to 4",
    )


def test_a_strength_exercise_with_fewer_than_four_ladder_levels_is_reported(data_dir: Path) -> None:
    edit_exercise(data_dir, "half-kneeling-halo", ladder=ladder(1, 2, 3))

    assert problems_of(data_dir) == (
        "exercises.toml: exercise 'half-kneeling-halo': "
        "a strength exercise needs at least 4 ladder levels, found 3",
    )


def test_a_strength_exercise_without_why_like_running_is_reported(data_dir: Path) -> None:
    edit_exercise(data_dir, "half-kneeling-halo", why_like_running=REMOVE)

    assert problems_of(data_dir) == (
        "exercises.toml: exercise 'half-kneeling-halo': a strength exercise needs why_like_running",
    )


def test_a_default_level_outside_the_ladder_is_reported(data_dir: Path) -> None:
    edit_exercise(data_dir, "runners-lunge", default_level=6)

    assert problems_of(data_dir) == (
        "exercises.toml: exercise 'runners-lunge': default_level 6 is not on the ladder (levels 1 to 5)",
    )


def test_a_ladder_level_missing_its_name_names_the_level(data_dir: Path) -> None:
    rungs = ladder(1, 2, 3, 4)
    del rungs[2]["name"]
    edit_exercise(data_dir, "half-kneeling-halo", ladder=rungs)

    assert problems_of(data_dir) == (
        "exercises.toml: exercise 'half-kneeling-halo': ladder level 3: missing required field 'name'",
    )


# --- circuits ----------------------------------------------------------------------------------------


def mobility_ids(data_dir: Path) -> list[str]:
    ids: list[str] = find_entry(read_data(data_dir, "circuits.toml"), "circuit", "mobility")["exercises"]
    return ids


def test_a_circuit_naming_an_unknown_exercise_is_reported(data_dir: Path) -> None:
    edit_circuit(data_dir, "mobility", exercises=[*mobility_ids(data_dir)[:-1], "hip-circles"])

    assert problems_of(data_dir) == ("circuits.toml: circuit 'mobility': unknown exercise 'hip-circles'",)


def test_a_circuit_holding_an_exercise_of_another_block_is_reported(data_dir: Path) -> None:
    edit_circuit(data_dir, "mobility", exercises=[*mobility_ids(data_dir), "dead-bug"])

    assert problems_of(data_dir) == (
        "circuits.toml: circuit 'mobility': exercise 'dead-bug' belongs to block 'core', not 'mobility'",
    )


def test_a_strength_circuit_resting_outside_the_dosing_rule_is_reported(data_dir: Path) -> None:
    edit_circuit(data_dir, "strength", rest_seconds=30)

    assert problems_of(data_dir) == (
        "circuits.toml: circuit 'strength': rest_seconds 30 is outside the 60-90 s between strength rounds",
    )


def test_a_circuit_listing_an_exercise_twice_is_reported(data_dir: Path) -> None:
    edit_circuit(data_dir, "foot", exercises=["short-foot", "toe-yoga", "short-foot"])

    assert problems_of(data_dir) == (
        "circuits.toml: circuit 'foot': lists exercise 'short-foot' more than once",
    )


def test_a_mobility_circuit_that_misses_hip_directions_names_them(data_dir: Path) -> None:
    kept = [i for i in mobility_ids(data_dir) if i not in {"hip-cars", "leg-swings"}]
    edit_circuit(data_dir, "mobility", exercises=kept)
    edit_exercise(data_dir, "ninety-ninety-hip-switches", directions=["external-rotation"])

    assert problems_of(data_dir) == (
        "circuits.toml: circuit 'mobility': misses hip directions adduction, internal-rotation; "
        "each needs at least one exercise",
    )


@pytest.mark.parametrize(
    ("circuit_id", "exercises", "wanted"),
    [
        ("mobility", ["hip-cars", "leg-swings", "figure-four-stretch"], "6 to 9"),
        ("strength", ["half-kneeling-halo", "runners-lunge"], "exactly 3"),
        ("core", ["dead-bug", "bird-dog", "side-plank-leg-lift"], "4 to 6"),
        ("foot", ["short-foot", "toe-yoga"], "3 to 4"),
    ],
)
def test_a_circuit_of_the_wrong_size_is_reported(
    data_dir: Path, circuit_id: str, exercises: list[str], wanted: str
) -> None:
    edit_circuit(data_dir, circuit_id, exercises=exercises)

    assert problems_of(data_dir) == (
        f"circuits.toml: circuit '{circuit_id}': has {len(exercises)} exercises; "
        f"a {circuit_id} circuit takes {wanted}",
    )


def test_a_missing_circuit_is_reported_by_block(data_dir: Path) -> None:
    remove_entry(data_dir, "circuits.toml", "circuit", "core")

    assert problems_of(data_dir) == ("circuits.toml: no circuit for block 'core'",)


def test_a_second_circuit_for_a_block_is_reported(data_dir: Path) -> None:
    copy_entry(data_dir, "circuits.toml", "circuit", "core", id="core-again")

    assert problems_of(data_dir) == (
        "circuits.toml: circuit 'core-again': a second circuit for block 'core' (the first is 'core')",
    )


# --- screening ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("section", "entry_id"), [("sign", "recurring-itb"), ("red_flag", "night-pain")])
def test_a_screening_entry_without_a_question_is_reported(
    data_dir: Path, section: str, entry_id: str
) -> None:
    edit_entry(data_dir, "screening.toml", section, entry_id, question=REMOVE)

    kind = section.replace("_", " ")
    expected = f"screening.toml: {kind} '{entry_id}': missing required field 'question'"
    assert problems_of(data_dir) == (expected,)


def test_an_empty_question_is_reported(data_dir: Path) -> None:
    edit_entry(data_dir, "screening.toml", "red_flag", "sharp-pain", question="  ")

    assert problems_of(data_dir) == ("screening.toml: red flag 'sharp-pain': field 'question' is empty",)


@pytest.mark.parametrize(
    ("entry_id", "changes", "problem"),
    [
        (
            "young-runner-pain",
            {"question": "Are you under 18?"},
            "a flag worked out from the profile is never asked: leave out 'question'",
        ),
        ("sharp-pain", {"checkin_question": REMOVE}, "missing required field 'checkin_question'"),
        (
            "cancer-history",
            {"checkin_question": "Since your last check-in, have you had cancer?"},
            "only a flag asked every time (asked = \"every-time\") has a 'checkin_question'",
        ),
        ("night-pain", {"asked": "sometimes"}, None),
        ("night-pain", {"rule": "screening.made-up"}, "unknown rule 'screening.made-up'"),
        ("missed-periods", {"question": "Periods gone for {missed_months} months?"}, "names no known number"),
        ("missed-periods", {"question": "Periods gone for {three months?"}, "has a stray brace"),
    ],
)
def test_a_red_flag_asked_the_wrong_way_is_reported(
    data_dir: Path, entry_id: str, changes: dict[str, Any], problem: str | None
) -> None:
    edit_entry(data_dir, "screening.toml", "red_flag", entry_id, **changes)
    problems = problems_of(data_dir)
    assert len(problems) == 1 and problems[0].startswith(f"screening.toml: red flag '{entry_id}': ")
    if problem is not None:
        assert problem in problems[0]


def test_a_sign_names_its_region(data_dir: Path) -> None:
    edit_entry(data_dir, "screening.toml", "sign", "knee-pain", region="elbow")

    assert problems_of(data_dir) == (
        "screening.toml: sign 'knee-pain': unknown region 'elbow' "
        "(use one of hip, groin, thigh, knee, low-back, foot)",
    )


def test_a_follow_up_question_names_a_sign_of_the_file(data_dir: Path) -> None:
    edit_entry(data_dir, "screening.toml", "red_flag", "foot-bone-stress", asked_if_sign="foot-ache")

    assert problems_of(data_dir) == (
        "screening.toml: red flag 'foot-bone-stress': asked_if_sign names no sign 'foot-ache'",
    )


def test_the_flags_worked_out_from_the_age_must_be_in_the_file_and_never_asked(data_dir: Path) -> None:
    document = read_data(data_dir, "screening.toml")
    document["red_flag"] = [flag for flag in document["red_flag"] if flag["id"] != "young-runner-pain"]
    older = find_entry(document, "red_flag", "over-50-new-back-pain")
    older.update(asked="screening", question="Are you over 50 with back pain?")
    write_data(data_dir, "screening.toml", document)

    assert problems_of(data_dir) == (
        "screening.toml: no red flag 'young-runner-pain' (the screening works it out from age)",
        "screening.toml: red flag 'over-50-new-back-pain': the screening works it out from the age, so it "
        'needs asked = "from-profile"',
    )


def test_a_flag_from_the_profile_that_no_rule_works_out_is_reported(data_dir: Path) -> None:
    edit_entry(data_dir, "screening.toml", "red_flag", "night-pain", asked="from-profile", question=REMOVE)
    edit_entry(data_dir, "screening.toml", "red_flag", "night-pain", checkin_question=REMOVE)

    assert problems_of(data_dir) == (
        "screening.toml: red flag 'night-pain': no rule works it out from the profile "
        "(those are young-runner-pain, over-50-new-back-pain)",
    )


# --- reporting ---------------------------------------------------------------------------------------


def test_every_problem_is_reported_at_once_each_on_its_own_line(data_dir: Path) -> None:
    edit_exercise(data_dir, "toe-yoga", cues=[])
    edit_circuit(data_dir, "strength", evidence=["foo"])
    edit_entry(data_dir, "screening.toml", "sign", "knee-pain", question=REMOVE)

    with pytest.raises(ContentError) as caught:
        load_library(data_dir)

    assert str(caught.value).splitlines() == [
        "hipcoach content has 3 problems:",
        "exercises.toml: exercise 'toe-yoga': has no cues",
        "circuits.toml: circuit 'strength': unknown evidence id 'foo'",
        "screening.toml: sign 'knee-pain': missing required field 'question'",
    ]


def test_content_error_is_a_value_error(data_dir: Path) -> None:
    edit_exercise(data_dir, "toe-yoga", cues=[])

    with pytest.raises(ValueError, match="toe-yoga"):
        load_library(data_dir)
