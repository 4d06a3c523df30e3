"""The packaged content: what the brief asks the library to hold."""

from __future__ import annotations

import pytest

from hipcoach.content import default_library, load_library
from hipcoach.domain.content import Block, EvidenceTag, HipDirection, Library, RedFlagLevel
from hipcoach.domain.rules import RULES


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


def test_the_packaged_library_loads_with_every_block_filled(library: Library) -> None:
    blocks = [exercise.block for exercise in library.exercises.values()]

    assert {block: blocks.count(block) for block in Block} == {
        Block.MOBILITY: 8,
        Block.STRENGTH: 3,
        Block.CORE: 5,
        Block.FOOT: 4,
        Block.ACCESSORY: 3,
    }


def test_the_default_library_is_loaded_once_and_shared() -> None:
    assert default_library() is default_library()


def test_circuits_have_the_sizes_rounds_and_rest_the_brief_gives(library: Library) -> None:
    shapes = {
        circuit.block: (len(circuit.exercise_ids), circuit.rounds, circuit.rest_seconds)
        for circuit in library.circuits.values()
    }

    assert shapes == {
        Block.MOBILITY: (8, 1, 30),
        Block.STRENGTH: (3, 2, 75),
        Block.CORE: (5, 2, 45),
        Block.FOOT: (4, 2, 30),
    }


def test_the_mobility_circuit_reaches_all_six_hip_directions(library: Library) -> None:
    circuit = library.circuit_for(Block.MOBILITY)

    covered = {d for exercise_id in circuit.exercise_ids for d in library.exercises[exercise_id].directions}

    assert covered == set(HipDirection)


def test_the_strength_circuit_is_the_source_programs_three_exercises(library: Library) -> None:
    circuit = library.circuit_for(Block.STRENGTH)

    assert circuit.exercise_ids == ("half-kneeling-halo", "runners-lunge", "step-up-knee-drive")
    assert set(circuit.evidence) == {"blagrove2018", "dosing-practice", "source-program"}


def test_strength_doses_match_the_source_program(library: Library) -> None:
    halo, lunge, step_up = library.strength_exercises()

    assert halo.dose.circles_each_direction == 3
    assert lunge.dose.reps_per_side == 6
    assert step_up.dose.reps_per_side == 6


def test_strength_ladders_have_the_brief_lengths_and_start_at_level_one(library: Library) -> None:
    ladders = {
        exercise.id: (exercise.top_level, exercise.default_level) for exercise in library.strength_exercises()
    }

    assert ladders == {"half-kneeling-halo": (4, 1), "runners-lunge": (5, 1), "step-up-knee-drive": (5, 1)}


def test_each_ladder_marks_the_source_programs_own_levels(library: Library) -> None:
    source_levels = {
        exercise.id: [rung.level for rung in exercise.ladder if "source program" in rung.description]
        for exercise in library.strength_exercises()
    }

    assert source_levels == {"half-kneeling-halo": [2], "runners-lunge": [2, 3], "step-up-knee-drive": [2]}


def test_every_strength_exercise_says_why_it_looks_like_running(library: Library) -> None:
    assert all(exercise.why_like_running for exercise in library.strength_exercises())


def test_every_exercise_has_two_to_four_cues_and_two_to_three_faults(library: Library) -> None:
    counts = {
        exercise.id: (len(exercise.cues), len(exercise.faults)) for exercise in library.exercises.values()
    }

    assert {name: c for name, c in counts.items() if not (2 <= c[0] <= 4 and 2 <= c[1] <= 3)} == {}


def test_accessories_belong_to_no_circuit(library: Library) -> None:
    in_circuits = {
        exercise_id for circuit in library.circuits.values() for exercise_id in circuit.exercise_ids
    }
    accessories = {e.id for e in library.exercises.values() if e.block is Block.ACCESSORY}

    assert accessories == {"squat", "lunge", "single-leg-romanian-deadlift"}
    assert not accessories & in_circuits


@pytest.mark.parametrize(
    ("exercise_id", "evidence_id"),
    [
        ("knee-to-wall-ankle-mobilisation", "encarnacion2023"),
        ("active-hamstring-mobilisation", "encarnacion2023"),
        ("single-leg-glute-bridge", "pinheiro2020"),
        ("runners-lunge", "trowell2020"),
    ],
)
def test_exercises_cite_the_study_the_brief_ties_them_to(
    library: Library, exercise_id: str, evidence_id: str
) -> None:
    assert evidence_id in library.exercises[exercise_id].evidence


def test_the_six_signs_are_asked_and_only_foot_pain_adds_the_foot_block(library: Library) -> None:
    adds_foot_block = {sign.id: sign.adds_foot_block for sign in library.signs.values()}

    assert adds_foot_block == {
        "vague-hip-tightness": False,
        "tight-hip-flexors": False,
        "dull-low-back-ache": False,
        "knee-pain": False,
        "recurring-itb": False,
        "foot-pain": True,
    }


def test_red_flags_carry_the_levels_of_the_brief(library: Library) -> None:
    levels = {flag.id: flag.level for flag in library.red_flags.values()}

    urgent = ["saddle-numbness", "bladder-bowel-change", "progressive-leg-weakness", "back-pain-with-fever"]
    bone_stress = ["possible-femoral-neck-stress-fracture", "foot-bone-stress"]
    refer = [
        "sharp-pain",
        "leg-numbness-tingling",
        "night-pain",
        "unexplained-weight-loss",
        "cancer-history",
        "long-term-steroids",
        "pain-after-trauma",
        "knee-locks-gives-way-swells",
        "missed-periods",
        "earlier-stress-fracture",
        "under-eating",
        "young-runner-pain",
    ]
    assert levels == {
        **dict.fromkeys([*urgent, "cannot-bear-weight-after-fall"], RedFlagLevel.URGENT),
        **dict.fromkeys(bone_stress, RedFlagLevel.BONE_STRESS),
        **dict.fromkeys(refer, RedFlagLevel.REFER),
        "over-50-new-back-pain": RedFlagLevel.NOTE,
    }


def test_the_stress_fracture_flags_say_stop_running_walk_as_pain_allows_and_get_imaging(
    library: Library,
) -> None:
    femoral_neck = library.red_flags["possible-femoral-neck-stress-fracture"]
    foot = library.red_flags["foot-bone-stress"]

    for flag in (femoral_neck, foot):
        assert (
            flag.advice.startswith("Stop running today")
            and "walk only as much as the pain allows" in flag.advice
        )
        assert "imaging" in flag.advice and flag.rule == "screening.bone-stress"
    assert set(femoral_neck.evidence) == {"robertson-wood2017", "hop-test-practice"}
    assert foot.asked_if_sign == "foot-pain"


@pytest.mark.parametrize(
    ("evidence_id", "tag", "doi"),
    [
        ("source-program", EvidenceTag.SECONDARY, None),
        ("downie2013", EvidenceTag.VERIFIED, "10.1136/bmj.f7095"),
        ("ahcpr-lbp", EvidenceTag.VERIFIED, None),
        ("robertson-wood2017", EvidenceTag.VERIFIED, "10.1055/s-0043-103946"),
        ("hop-test-practice", EvidenceTag.SECONDARY, None),
        ("mountjoy2023", EvidenceTag.SECONDARY, "10.1136/bjsports-2023-106994"),
        ("young-runner-practice", EvidenceTag.SECONDARY, None),
        ("foot-stress-fracture-practice", EvidenceTag.SECONDARY, None),
        ("silbernagel2007", EvidenceTag.VERIFIED, "10.1177/0363546506298279"),
        ("pain-monitoring-thresholds", EvidenceTag.SECONDARY, None),
        ("farrar2001", EvidenceTag.VERIFIED, "10.1016/S0304-3959(01)00349-9"),
        ("hipcoach-design", EvidenceTag.DESIGN, None),
        ("dosing-practice", EvidenceTag.SECONDARY, None),
        ("strength-running-practice", EvidenceTag.SECONDARY, None),
        ("trowell2020", EvidenceTag.VERIFIED, "10.1007/s40279-019-01184-9"),
        ("pinheiro2020", EvidenceTag.VERIFIED, "10.1016/j.bjpt.2019.07.011"),
        ("encarnacion2023", EvidenceTag.VERIFIED, "10.1080/14763141.2020.1797863"),
        ("blagrove2018", EvidenceTag.VERIFIED, "10.1007/s40279-017-0835-7"),
        ("thomas-test", EvidenceTag.SECONDARY, "10.1186/s13102-021-00242-y"),
        ("plisky2021", EvidenceTag.VERIFIED, "10.26603/001c.27634"),
        ("frandsen2025", EvidenceTag.VERIFIED, "10.1136/bjsports-2024-109380"),
        ("impellizzeri2020", EvidenceTag.VERIFIED, "10.1007/s40279-020-01378-6"),
        ("petre2021", EvidenceTag.VERIFIED, "10.1007/s40279-021-01426-9"),
    ],
)
def test_evidence_entries_carry_the_tag_and_doi_the_brief_gives(
    library: Library, evidence_id: str, tag: EvidenceTag, doi: str | None
) -> None:
    evidence = library.evidence[evidence_id]

    assert (evidence.tag, evidence.doi) == (tag, doi)


def test_the_evidence_table_names_every_source_the_brief_cites_for_later_features(library: Library) -> None:
    later = set(
        "plisky2006 plisky2021 kattilakoski2023 shaffer2013 wilson2014 thomas-test peeler2008 yildirim2018 "
        "neto2015 ramskov2014 gokeler2017 coombs2002 stratford1995 frandsen2025 buist2008 nielsen2014 "
        "williams2017 gabbett2016 impellizzeri2020 petre2021 doma2014".split()
    )

    assert later - library.evidence.keys() == set()


def test_every_rule_cites_evidence_in_the_table(library: Library) -> None:
    cited = {evidence_id for rule in RULES.values() for evidence_id in rule.evidence}

    assert cited - library.evidence.keys() == set()
