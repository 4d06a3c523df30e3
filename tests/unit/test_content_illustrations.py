"""Every exercise's illustration as validated content (issue 6), the loader refusing broken ones by name, and
a few proxies for "recognisable at a glance" checked on the key poses' joint positions."""

from __future__ import annotations

import json
import math
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest

from hipcoach.content import DATA_DIR, ContentError, load_library
from hipcoach.content.figures import figure_text
from hipcoach.content.illustrations import ILLUSTRATIONS_FILE, POSES_MAX, POSES_MIN
from hipcoach.domain.content import Laterality, Library
from hipcoach.domain.figure import (
    Joint,
    PropKind,
    Side,
    frames,
    place,
    project,
    segments,
    validate,
    validate_foot,
)
from hipcoach.domain.figure.illustration import Illustration
from hipcoach.domain.figure.skeleton import HEAD_RADIUS

FILE = ILLUSTRATIONS_FILE
ALTERNATING = ("dead-bug", "bird-dog", "ninety-ninety-hip-switches")


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


def positions(illustration: Illustration, pose_name: str) -> dict[Joint, tuple[float, float, float]]:
    """World positions (x forward, y up, z to the figure's right) of the named key pose."""
    pose = next(pose for pose in illustration.poses if pose.name == pose_name)
    return place(pose)


# --- the packaged library -----------------------------------------------------------------------------------


def test_every_exercise_has_an_illustration_of_2_to_4_validated_poses(library: Library):
    assert set(library.illustrations) == set(library.exercises)
    assert len(library.illustrations) == 23
    for exercise_id, illustration in library.illustrations.items():
        assert illustration.exercise_id == exercise_id
        names = illustration.pose_names
        assert POSES_MIN <= len(names) <= POSES_MAX, exercise_id
        if illustration.foot_poses:
            assert not illustration.poses, exercise_id
            validate_foot(exercise_id, illustration.foot_poses)
            continue
        # An alternating exercise may come back to its start between the two sides.
        assert len(set(names)) == len(names) or exercise_id in ALTERNATING, exercise_id
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
        strip = illustration.strip(name, "key poses")
        assert strip.count('class="hcfig-key"') == len(illustration.pose_names)
        assert "<animate" in illustration.animated(name, "the movement")


def test_between_two_frames_no_limb_looks_shorter_by_more_than_one_percent(library: Library):
    # The browser moves each drawn point in a straight line from one frame to the next. Projection is linear,
    # so what it draws half-way is the projection of the 3-D midpoints: a limb turning between two frames
    # is shortest there. Measured on every packaged figure, both sides, every frame.
    worst = 1.0
    expected = segments()
    for exercise_id, illustration in library.illustrations.items():
        if not illustration.poses:
            continue
        order = list(illustration.poses)
        if illustration.both_directions:
            order += [order[0], *reversed(order[1:])]
        placed = [place(frame.pose) for frame in frames(order)]
        for a, b in zip(placed, placed[1:], strict=False):
            for (start, end), length in expected.items():
                if length == 0:
                    continue
                mid_start = [(p + q) / 2 for p, q in zip(a[start], b[start], strict=True)]
                mid_end = [(p + q) / 2 for p, q in zip(a[end], b[end], strict=True)]
                worst = min(worst, math.dist(mid_start, mid_end) / length)
                assert worst > 0.99, (exercise_id, start, end)


# --- recognisability proxies --------------------------------------------------------------------------------


def test_the_halo_weight_circles_the_head_passing_above_it_in_front_and_behind(library: Library):
    halo = library.illustrations["half-kneeling-halo"]
    weights = [prop for prop in halo.props if prop.kind is PropKind.WEIGHT]
    assert len(weights) == 1 and weights[0].joint is not None
    held = weights[0].joint
    places = [place(pose) for pose in halo.poses]
    offsets = [tuple(p[held][i] - p[Joint.HEAD][i] for i in range(3)) for p in places]
    assert any(dx > HEAD_RADIUS for dx, _, _ in offsets), "the weight passes in front of the face"
    assert any(dx < -HEAD_RADIUS for dx, _, _ in offsets), "the weight passes behind the head"
    assert any(dz > HEAD_RADIUS / 2 for _, _, dz in offsets), "... past the right ear"
    assert any(dz < -HEAD_RADIUS / 2 for _, _, dz in offsets), "... and past the left ear"
    assert halo.both_directions, "the circle goes one way, then the other"
    # Seen from a three-quarter camera, so the circle is an ellipse, not a line; its path is drawn dashed.
    assert 20 <= halo.camera.turn <= 70
    assert 'class="hcfig-trail"' in halo.strip("Halo", "key poses")


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
    assert all(box.x <= x <= box.x + box.width and y == pytest.approx(box.height) for x, y, _ in foot)


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


def test_the_ninety_ninety_switches_put_one_shin_in_front_and_the_other_behind_then_swap(library: Library):
    switches = library.illustrations["ninety-ninety-hip-switches"]
    assert switches.working is None and switches.camera.elevation >= 30, "seen from above, both legs alike"
    for front, back, name in (
        (Side.RIGHT, Side.LEFT, "right shin in front, left shin behind"),
        (Side.LEFT, Side.RIGHT, "left shin in front, right shin behind"),
    ):
        at = positions(switches, name)
        pelvis_x = at[Joint.PELVIS][0]
        assert at[Joint.of(front, "ankle")][0] > pelvis_x + 0.2, (name, "front shin ahead of the hips")
        assert at[Joint.of(back, "ankle")][0] < pelvis_x - 0.2, (name, "back shin behind them")
        # Both knees bent near a right angle, both legs low on the floor.
        pose = next(pose for pose in switches.poses if pose.name == name)
        assert all(85 <= pose.limb(side).knee <= 115 for side in Side), name
        assert all(at[Joint.of(side, "knee")][1] < 0.12 for side in Side), name


def test_the_adductor_rock_back_holds_the_working_leg_straight_out_to_the_side(library: Library):
    rock = library.illustrations["adductor-rock-back"]
    assert rock.working is Side.RIGHT
    for pose in rock.poses:
        at = place(pose)
        hip, ankle = at[Joint.RIGHT_HIP], at[Joint.RIGHT_ANKLE]
        assert pose.right.knee == 0, "the leg out to the side is straight"
        assert ankle[2] - hip[2] > 0.3, "the foot is well out to the right of the hip"
        assert at[Joint.LEFT_KNEE][1] < 0.01, "kneeling on the other knee"
    start, back = (place(pose) for pose in rock.poses)
    assert back[Joint.PELVIS][0] < start[Joint.PELVIS][0] - 0.05, "the hips rock back"


def test_the_pallof_press_band_pulls_from_the_side(library: Library):
    pallof = library.illustrations["half-kneeling-pallof-press"]
    [band] = [prop for prop in pallof.props if prop.kind is PropKind.BAND]
    chest, pressed = (place(pose) for pose in pallof.poses)
    hands = pressed[Joint.RIGHT_HAND]
    assert abs(band.z - hands[2]) > 0.5, "the anchor stands beside the runner, not in front"
    assert hands[0] - chest[Joint.RIGHT_HAND][0] > 0.15, "the hands press straight out in front"
    assert abs(hands[2] - pressed[Joint.LEFT_HAND][2]) < 0.15, "... together, at the midline"


def test_alternating_exercises_show_both_sides_in_turn(library: Library):
    for exercise_id in ALTERNATING:
        illustration = library.illustrations[exercise_id]
        assert illustration.working is None and not illustration.per_side, exercise_id
        # Some pose reaches with one side, another with the other: the poses are not all symmetric, and
        # their mirror images are among them.
        asymmetric = [pose for pose in illustration.poses if pose.left != pose.right]
        assert len(asymmetric) >= 2, exercise_id
        for pose in asymmetric:
            assert any(other.left == pose.right and other.right == pose.left for other in asymmetric), (
                pose.name
            )


def test_the_foot_exercises_are_drawn_as_a_close_up_of_the_foot(library: Library):
    short_foot = library.illustrations["short-foot"].foot_poses
    assert [pose.arch for pose in short_foot] == [0, 12], "relaxed, then the arch lifted"
    assert all(pose.big_toe == pose.small_toes == 0 for pose in short_foot), "toes stay long and flat"
    yoga = library.illustrations["toe-yoga"].foot_poses
    assert (yoga[0].big_toe > 0 and yoga[0].small_toes == 0) and (
        yoga[1].big_toe == 0 and yoga[1].small_toes > 0
    )


def test_the_hip_circle_and_the_bridge_read_as_such(library: Library):
    cars = library.illustrations["hip-cars"]
    assert Joint.RIGHT_KNEE in cars.trace, "the knee's circle is drawn"
    out = positions(cars, "circle the knee out")
    assert out[Joint.RIGHT_KNEE][2] - out[Joint.RIGHT_HIP][2] > 0.1, "the knee goes out to the side"
    bridge = positions(library.illustrations["single-leg-glute-bridge"], "push the hips up")
    # Shoulders down, hips lifted into a line with the working knee.
    assert bridge[Joint.RIGHT_SHOULDER][1] < 0.05 and bridge[Joint.PELVIS][1] > 0.12
    shoulder, hip, knee = (bridge[j] for j in (Joint.RIGHT_SHOULDER, Joint.RIGHT_HIP, Joint.RIGHT_KNEE))
    slope_trunk = (hip[1] - shoulder[1]) / (hip[0] - shoulder[0])
    slope_thigh = (knee[1] - hip[1]) / (knee[0] - hip[0])
    assert slope_trunk == pytest.approx(slope_thigh, rel=0.05)


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
        "illustrations.toml: illustration 'squat': unknown view 'top' (use one of side, front, foot)",
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


def test_camera_loop_and_trace_fields_are_checked(data_dir: Path):
    illustrations = read_illustrations(data_dir)
    squat = find(illustrations, "squat")
    squat["elevation"] = 120
    squat["both_directions"] = True  # with only 2 poses there is no way round
    squat["trace"] = ["left_tail"]
    write_illustrations(data_dir, illustrations)
    problems = problems_of(data_dir)
    assert set(problems) == {
        f"{FILE}: illustration 'squat': elevation must be between -90 and 90 degrees, not 120",
        f"{FILE}: illustration 'squat': both_directions needs at least 3 key poses to go round",
        f"{FILE}: illustration 'squat': unknown joint 'left_tail' (use one of "
        + ", ".join(joint.value for joint in Joint)
        + ")",
    }


def test_a_foot_close_up_takes_foot_angles_only_and_is_validated(data_dir: Path):
    illustrations = read_illustrations(data_dir)
    yoga = find(illustrations, "toe-yoga")
    yoga["pose"][0]["big_toe"] = 90
    yoga["pose"][1]["hip"] = 10
    yoga["props"] = [{"kind": "mat", "x": 0.0, "width": 0.3}]
    write_illustrations(data_dir, illustrations)
    assert set(problems_of(data_dir)) == {
        f"{FILE}: illustration 'toe-yoga': pose 'big toe down, small toes up': unknown field 'hip'",
        f"{FILE}: illustration 'toe-yoga': a foot close-up has no props",
        f"{FILE}: illustration 'toe-yoga': pose 'big toe up, small toes down': big toe angle 90° is outside "
        "its range 0° to 70°",
    }


@pytest.mark.parametrize("exercise_id", ["hip-cars", "half-kneeling-pallof-press", "runners-lunge"])
def test_the_other_side_is_the_same_picture_flipped_left_to_right(library: Library, exercise_id: str):
    right = library.illustrations[exercise_id]
    left = right.on_side(Side.LEFT)
    assert left.working is Side.LEFT
    for drawn, mirrored in zip(right.poses, left.poses, strict=True):
        seen = project(place(drawn), right.camera)
        seen_left = project(place(mirrored), left.camera)
        for joint, (x, y) in seen.items():
            other = Joint.of(joint.side.other, joint.part) if joint.side else joint
            assert seen_left[other] == pytest.approx((-x, y), abs=1e-9), (drawn.name, joint)


# --- figures read on first use (the packaged library the CLI and web app share) ---------------------------


def test_figures_read_on_first_use_are_the_same_figures(library):
    later = load_library(figures_on_first_use=True)
    assert dict(later.illustrations) == dict(library.illustrations)


def test_a_broken_figure_read_on_first_use_is_refused_by_name_when_first_asked_for(data_dir):
    illustrations = read_illustrations(data_dir)
    find(illustrations, "squat")["view"] = "top"
    write_illustrations(data_dir, illustrations)
    later = load_library(data_dir, figures_on_first_use=True)  # the rest of the library is there at once
    assert "squat" in later.exercises
    with pytest.raises(ContentError, match="illustration 'squat'"):
        later.illustrations.get("squat")


# --- a ladder level done in a position of its own -----------------------------------------------------------


def test_the_tall_kneeling_halo_is_drawn_on_both_knees_and_the_other_levels_half_kneeling(library: Library):
    halo = library.illustrations["half-kneeling-halo"]
    tall = halo.at_level(1)
    assert tall is not halo and tall.level == 1
    for pose in tall.poses:
        placed = place(pose)
        assert placed[Joint.LEFT_KNEE][1] < 0.01 and placed[Joint.RIGHT_KNEE][1] < 0.01, pose.name
    # Levels 2-4 kneel on one knee, the front foot on the floor: the exercise's own drawing.
    for level in (2, 3, 4, None):
        assert halo.at_level(level) is halo
    for pose in halo.poses:
        assert place(pose)[Joint.LEFT_KNEE][1] > 0.1, pose.name
    # The figure says what it shows: the level's name and description, not the half-kneeling summary.
    title, description = figure_text(library.exercises["half-kneeling-halo"], tall)
    assert title == "Tall-kneeling halo" and description.startswith("Both knees down, a light weight.")
    assert 'aria-labelledby="strip-half-kneeling-halo-level-1-title' in tall.strip(title, description)


def test_a_level_drawing_for_a_level_the_ladder_lacks_or_twice_is_refused(data_dir: Path):
    illustrations = read_illustrations(data_dir)
    tall = next(i for i in illustrations if i["exercise"] == "half-kneeling-halo" and i.get("level") == 1)
    illustrations.append({**tall, "level": 9})
    illustrations.append(tall)
    write_illustrations(data_dir, illustrations)
    assert problems_of(data_dir) == (
        f"{FILE}: illustration 'half-kneeling-halo' level 9: level 9 is not on the exercise's ladder",
        f"{FILE}: illustration 'half-kneeling-halo' level 1: a second illustration for this level; each "
        "level has one at most",
    )
