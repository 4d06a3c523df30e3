"""Every exercise's illustration as validated content (issue 6), the loader refusing broken ones by name, and
a few proxies for "recognisable at a glance" checked on the key poses' joint positions."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest

from hipcoach.content import DATA_DIR, ContentError, load_library
from hipcoach.content.illustrations import ILLUSTRATIONS_FILE, POSES_MAX, POSES_MIN
from hipcoach.domain.content import Laterality, Library
from hipcoach.domain.figure import Joint, PropKind, Side, place, validate
from hipcoach.domain.figure.illustration import Illustration
from hipcoach.domain.figure.skeleton import HEAD_RADIUS

FILE = ILLUSTRATIONS_FILE


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


# --- helpers: edit a copy of illustrations.toml -------------------------------------------------------------


def read_illustrations(data_dir: Path) -> list[dict[str, Any]]:
    with (data_dir / ILLUSTRATIONS_FILE).open("rb") as handle:
        return tomllib.load(handle)["illustration"]  # type: ignore[no-any-return]


def value(item: Any) -> str:
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, int | float):
        return repr(item)
    if isinstance(item, str):
        return json.dumps(item)  # a JSON string is a valid TOML basic string
    if isinstance(item, list):
        return "[" + ", ".join(value(part) for part in item) + "]"
    if isinstance(item, dict):
        return "{ " + ", ".join(f"{key} = {value(part)}" for key, part in item.items()) + " }"
    raise TypeError(f"test helper cannot write {item!r}")


def write_illustrations(data_dir: Path, illustrations: list[dict[str, Any]]) -> None:
    lines: list[str] = []
    for illustration in illustrations:
        lines.append("[[illustration]]")
        lines += [f"{key} = {value(item)}" for key, item in illustration.items() if key != "pose"]
        for pose in illustration.get("pose", []):
            lines.append("[[illustration.pose]]")
            lines += [f"{key} = {value(item)}" for key, item in pose.items()]
        lines.append("")
    (data_dir / ILLUSTRATIONS_FILE).write_text("\n".join(lines), encoding="utf-8")


def find(illustrations: list[dict[str, Any]], exercise_id: str) -> dict[str, Any]:
    for illustration in illustrations:
        if illustration["exercise"] == exercise_id:
            return illustration
    raise AssertionError(f"test setup: no illustration for '{exercise_id}'")


def problems_of(data_dir: Path) -> tuple[str, ...]:
    with pytest.raises(ContentError) as caught:
        load_library(data_dir)
    return caught.value.problems


def positions(illustration: Illustration, pose_name: str) -> dict[Joint, tuple[float, float]]:
    pose = next(pose for pose in illustration.poses if pose.name == pose_name)
    return place(pose)


# --- the packaged library -----------------------------------------------------------------------------------


def test_every_exercise_has_an_illustration_of_2_to_4_validated_poses(library: Library):
    assert set(library.illustrations) == set(library.exercises)
    assert len(library.illustrations) == 23
    for exercise_id, illustration in library.illustrations.items():
        assert illustration.exercise_id == exercise_id
        assert POSES_MIN <= len(illustration.poses) <= POSES_MAX, exercise_id
        assert len({pose.name for pose in illustration.poses}) == len(illustration.poses), exercise_id
        assert all(pose.view is illustration.view for pose in illustration.poses), exercise_id
        validate(exercise_id, illustration.poses, per_side=illustration.per_side)  # raises if not drawable


def test_per_side_exercises_name_their_working_side_and_draw_both_sides(library: Library):
    for exercise_id, exercise in library.exercises.items():
        illustration = library.illustrations[exercise_id]
        if exercise.laterality is Laterality.PER_SIDE:
            assert illustration.per_side and illustration.working is not None, exercise_id
        if exercise.laterality is Laterality.BILATERAL:
            assert not illustration.per_side, exercise_id


def test_every_illustration_renders_as_a_strip_and_an_animation(library: Library):
    for exercise_id, illustration in library.illustrations.items():
        name = library.exercises[exercise_id].name
        assert illustration.strip(name, "key poses").count('class="hcfig-key"') == len(illustration.poses)
        assert "<animate" in illustration.animated(name, "the movement")


# --- recognisability proxies --------------------------------------------------------------------------------


def test_the_halo_weight_circles_the_head_passing_above_it_in_front_and_behind(library: Library):
    halo = library.illustrations["half-kneeling-halo"]
    weights = [prop for prop in halo.props if prop.kind is PropKind.WEIGHT]
    assert len(weights) == 1 and weights[0].joint is not None
    held = weights[0].joint
    places = [place(pose) for pose in halo.poses]
    offsets = [(p[held][0] - p[Joint.HEAD][0], p[held][1] - p[Joint.HEAD][1]) for p in places]
    assert any(dy > HEAD_RADIUS for _, dy in offsets), "the weight passes above the head"
    assert any(dx > HEAD_RADIUS for dx, _ in offsets), "the weight passes in front of the face"
    assert any(dx < -HEAD_RADIUS for dx, _ in offsets), "the weight passes behind the head"


def test_the_runners_lunge_keeps_the_back_leg_long_with_the_hip_extended(library: Library):
    lunge = library.illustrations["runners-lunge"]
    bottom = positions(lunge, "lower, back leg long")
    back = lunge.working
    assert back is Side.RIGHT
    hip, knee = bottom[Joint.of(back, "hip")], bottom[Joint.of(back, "knee")]
    assert knee[0] < hip[0], "the back knee is behind the hip: the hip is extended"
    front_knee = bottom[Joint.of(back.other, "knee")]
    assert front_knee[0] > hip[0], "the front knee is ahead of the hip"
    # ... and the press ends with the weight overhead.
    top = positions(lunge, "drive up and press")
    assert top[Joint.RIGHT_HAND][1] > top[Joint.HEAD][1] + HEAD_RADIUS


def test_the_step_up_has_a_box_and_drives_the_other_knee_above_the_hip(library: Library):
    step_up = library.illustrations["step-up-knee-drive"]
    boxes = [prop for prop in step_up.props if prop.kind is PropKind.BOX]
    assert len(boxes) == 1
    box = boxes[0]
    assert step_up.working is Side.RIGHT
    drive = positions(step_up, "stand up, drive the knee")
    assert drive[Joint.LEFT_KNEE][1] > drive[Joint.LEFT_HIP][1], "the free knee drives above hip height"
    foot = drive[Joint.RIGHT_HEEL], drive[Joint.RIGHT_TOE]
    assert all(box.x <= x <= box.x + box.width and y == pytest.approx(box.height) for x, y in foot)


def test_lying_exercises_lie_and_kneeling_ones_kneel(library: Library):
    for exercise_id in ("dead-bug", "figure-four-stretch", "active-hamstring-mobilisation"):
        for pose in library.illustrations[exercise_id].poses:
            placed = place(pose)
            assert placed[Joint.HEAD][1] < 0.2 and placed[Joint.PELVIS][1] < 0.1, (exercise_id, pose.name)
    for exercise_id in (
        "half-kneeling-halo",
        "half-kneeling-pallof-press",
        "half-kneeling-hip-flexor-mobilisation",
    ):
        for pose in library.illustrations[exercise_id].poses:
            assert place(pose)[Joint.RIGHT_KNEE][1] < 0.01, (exercise_id, pose.name)


# --- the loader refuses broken illustrations, naming them ---------------------------------------------------


def test_a_knee_at_200_degrees_is_refused_naming_the_exercise_and_the_pose(data_dir: Path):
    illustrations = read_illustrations(data_dir)
    pose = find(illustrations, "runners-lunge")["pose"][1]
    pose["right"]["knee"] = 200
    write_illustrations(data_dir, illustrations)
    problems = problems_of(data_dir)
    assert len(problems) == 1
    assert problems[0].startswith(
        "illustrations.toml: illustration 'runners-lunge': pose 'lower, back leg long': right knee angle 200°"
    )


def test_a_hand_through_the_floor_is_refused_naming_the_exercise_and_the_pose(data_dir: Path):
    illustrations = read_illustrations(data_dir)
    # Lying on the back, an arm reaching down past the shoulders goes through the floor.
    find(illustrations, "dead-bug")["pose"][0]["left"]["shoulder"] = -60
    write_illustrations(data_dir, illustrations)
    (problem,) = problems_of(data_dir)
    assert problem.startswith(
        "illustrations.toml: illustration 'dead-bug': pose 'arms up, knees over hips': "
    )
    assert "below the floor" in problem


def test_a_missing_illustration_is_refused(data_dir: Path):
    illustrations = read_illustrations(data_dir)
    illustrations.remove(find(illustrations, "toe-yoga"))
    write_illustrations(data_dir, illustrations)
    assert problems_of(data_dir) == ("illustrations.toml: exercise 'toe-yoga' has no illustration (add one)",)


def test_an_illustration_of_an_unknown_exercise_and_a_second_one_are_refused(data_dir: Path):
    illustrations = read_illustrations(data_dir)
    illustrations.append({**find(illustrations, "squat"), "exercise": "sumo-squat"})
    illustrations.append(find(illustrations, "lunge"))
    write_illustrations(data_dir, illustrations)
    assert problems_of(data_dir) == (
        f"{FILE}: illustration 'sumo-squat': unknown exercise 'sumo-squat' (not in exercises.toml)",
        f"{FILE}: illustration 'lunge': a second illustration for this exercise; each exercise has one",
    )


def test_field_problems_are_named_by_illustration_and_pose(data_dir: Path):
    illustrations = read_illustrations(data_dir)
    squat = find(illustrations, "squat")
    squat["view"] = "top"
    squat["pose"] = squat["pose"][:1]
    squat["pose"][0]["support"] = ["left_heel", "left_paw"]
    squat["pose"][0]["tilt"] = 3
    bridge = find(illustrations, "single-leg-glute-bridge")
    bridge["per_side"] = False
    bridge["props"] = [{"kind": "weight"}]
    write_illustrations(data_dir, illustrations)
    problems = problems_of(data_dir)
    assert set(problems) == {
        "illustrations.toml: illustration 'squat': unknown view 'top' (use one of side, front)",
        f"{FILE}: illustration 'squat': pose 'stand, weight at the chest': unknown joint 'left_paw' "
        "(use one of " + ", ".join(joint.value for joint in Joint) + ")",
        "illustrations.toml: illustration 'squat': pose 'stand, weight at the chest': unknown field 'tilt'",
        "illustrations.toml: illustration 'squat': has 1 key poses; an illustration has 2 to 4",
        "illustrations.toml: illustration 'single-leg-glute-bridge': prop #1: a weight needs the joint that "
        'holds it, e.g. joint = "right_hand"',
        "illustrations.toml: illustration 'single-leg-glute-bridge': the exercise is done per side: "
        "set per_side = true and the working side",
    }


def test_the_pallof_press_band_runs_from_the_hands_to_a_fixed_anchor(library: Library):
    pallof = library.illustrations["half-kneeling-pallof-press"]
    bands = [prop for prop in pallof.props if prop.kind is PropKind.BAND]
    assert len(bands) == 1 and bands[0].joint is Joint.RIGHT_HAND and bands[0].height > 0
    assert 'class="hcfig-band"' in pallof.strip("Pallof press", "key poses")


def test_a_band_without_a_joint_is_reported(data_dir: Path):
    illustrations = read_illustrations(data_dir)
    find(illustrations, "half-kneeling-pallof-press")["props"] = [{"kind": "band", "x": 0.1, "height": 0.4}]
    write_illustrations(data_dir, illustrations)
    assert problems_of(data_dir) == (
        "illustrations.toml: illustration 'half-kneeling-pallof-press': prop #1: a band needs the joint that "
        'holds it, e.g. joint = "right_hand"',
    )


def test_a_missing_illustrations_file_is_reported(data_dir: Path):
    (data_dir / ILLUSTRATIONS_FILE).unlink()
    assert problems_of(data_dir) == (f"illustrations.toml: file not found in {data_dir}",)
