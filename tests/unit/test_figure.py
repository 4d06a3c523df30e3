"""The stick figure: forward kinematics worked by hand, angle interpolation, limits, and the SVG."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from hipcoach.domain.figure import (
    Camera,
    Joint,
    LimbAngles,
    Pose,
    PoseError,
    Prop,
    PropKind,
    Side,
    View,
    animated_svg,
    forward_kinematics,
    frames,
    interpolate,
    mirror,
    place,
    project,
    segments,
    strip_svg,
    validate,
)

SVG = "{http://www.w3.org/2000/svg}"
FEET = frozenset({Joint.LEFT_HEEL, Joint.LEFT_TOE, Joint.RIGHT_HEEL, Joint.RIGHT_TOE})


def close(actual: tuple[float, ...], expected: tuple[float, float]) -> bool:
    """The picture-plane (x, y) of a position, to 1e-12 (seen from the side, z drops out)."""
    return math.isclose(actual[0], expected[0], abs_tol=1e-12) and math.isclose(
        actual[1], expected[1], abs_tol=1e-12
    )


def close3(actual: tuple[float, float, float], expected: tuple[float, float, float]) -> bool:
    return all(math.isclose(a, e, abs_tol=1e-12) for a, e in zip(actual, expected, strict=True))


# --- a demo exercise: half-kneeling single-arm overhead press, kneeling on the right knee -----------------
# Back (right) leg: hip extended 10°, knee 100°, toes tucked (ankle −5°), the knee on the floor.
# Front (left) leg: hip and knee 100°, so the shank is vertical (thigh +100°, shank 100 − 100 = 0°) and the
# foot flat (foot rotation 0 + ankle 0). Check of the heights: the kneeling knee is THIGH·cos 10° =
# 0.245 × 0.9848 = 0.2413 below the hip; the front sole is THIGH·cos 100° + SHANK + ankle height =
# −0.0425 + 0.246 + 0.039 = 0.2425 below it. The tucked back toe reaches a hair lower still, so it is the
# support that touches the floor; the front sole and the back knee hover under 0.003 H above it, invisible
# at drawing size.
KNEELING = frozenset({Joint.LEFT_HEEL, Joint.LEFT_TOE, Joint.RIGHT_KNEE, Joint.RIGHT_TOE})


def half_kneeling(name: str, shoulder: float, elbow: float) -> Pose:
    return Pose(
        name,
        left=LimbAngles(hip=100, knee=100, shoulder=shoulder, elbow=elbow),
        right=LimbAngles(hip=-10, knee=100, ankle=-5),
        support=KNEELING,
        anchor=Joint.RIGHT_KNEE,
        anchor_x=-0.2,
    )


PRESS = [
    half_kneeling("weight at the shoulder", shoulder=20, elbow=140),
    half_kneeling("press overhead", shoulder=175, elbow=0),
]
PRESS_PROPS = (Prop(PropKind.WEIGHT, joint=Joint.LEFT_HAND), Prop(PropKind.MAT, x=-0.6, width=1.2))


# --- forward kinematics, worked by hand ---------------------------------------------------------------------


def test_standing_straight_stacks_winter_segment_lengths_up_from_the_floor():
    positions = place(Pose("stand"))
    # Sole on the floor (y = 0); ankle 0.039 above it; knee = ankle + shank = 0.039 + 0.246 = 0.285;
    # hip = knee + thigh = 0.285 + 0.245 = 0.530; neck = hip + trunk 0.288 = 0.818; head centre 0.818 + 0.117
    # = 0.935, its top 0.935 + 0.065 = 1.000: the figure is exactly one height tall.
    assert close(positions[Joint.LEFT_TOE], (0.152 * 0.75, 0.0))
    assert close(positions[Joint.LEFT_HEEL], (-0.152 * 0.25, 0.0))
    assert close(positions[Joint.LEFT_ANKLE], (0.0, 0.039))
    assert close(positions[Joint.RIGHT_KNEE], (0.0, 0.285))
    assert close(positions[Joint.PELVIS], (0.0, 0.530))
    assert close(positions[Joint.NECK], (0.0, 0.818))
    assert math.isclose(positions[Joint.HEAD][1] + 0.065, 1.0)
    # Arms hang: elbow 0.818 − 0.186 = 0.632 (Winter's elbow height 0.630), wrist 0.632 − 0.146 = 0.486
    # (Winter 0.485), grip point 0.486 − 0.054 = 0.432.
    assert close(positions[Joint.LEFT_ELBOW], (0.0, 0.632))
    assert close(positions[Joint.LEFT_WRIST], (0.0, 0.486))
    assert close(positions[Joint.LEFT_HAND], (0.0, 0.432))


def test_hip_and_knee_at_90_put_the_thigh_horizontal_and_the_shank_vertical():
    raw = forward_kinematics(Pose("sit", left=LimbAngles(hip=90, knee=90)))
    # Hip at (0, 0.530). Thigh rotation 0 + 90 = 90°: pointing forward, so the knee is 0.245 ahead at the
    # same height. Shank rotation 90 − 90 = 0°: straight down, so the ankle is 0.246 below the knee.
    # Foot rotation 0 + 0 = 0: the toe is 0.114 ahead of and 0.039 below the ankle.
    assert close(raw[Joint.LEFT_KNEE], (0.245, 0.530))
    assert close(raw[Joint.LEFT_ANKLE], (0.245, 0.530 - 0.246))
    assert close(raw[Joint.LEFT_TOE], (0.245 + 0.114, 0.530 - 0.246 - 0.039))
    # The right leg still stands, so after placing, the right sole is on the floor and the left foot is
    # lifted by the difference, 0.245 (the thigh no longer points down).
    placed = place(Pose("sit", left=LimbAngles(hip=90, knee=90)))
    assert math.isclose(placed[Joint.LEFT_TOE][1], 0.245) and math.isclose(placed[Joint.RIGHT_TOE][1], 0.0)


def test_shoulder_and_elbow_at_90_point_the_arm_forward_and_the_forearm_up():
    raw = forward_kinematics(Pose("arm", right=LimbAngles(shoulder=90, elbow=90)))
    # Upper arm rotation 90°: forward, elbow 0.186 ahead of the shoulder (0, 0.818). Forearm rotation
    # 90 + 90 = 180°: straight up, wrist 0.146 above the elbow.
    assert close(raw[Joint.RIGHT_ELBOW], (0.186, 0.818))
    assert close(raw[Joint.RIGHT_WRIST], (0.186, 0.818 + 0.146))


def test_trunk_tilt_leans_forward_and_knee_flexion_takes_the_shank_back():
    raw = forward_kinematics(Pose("lean", trunk=90, left=LimbAngles(knee=90)))
    # Trunk tilt 90: the neck is a trunk length (0.288) in front of the pelvis, at its height.
    assert close(raw[Joint.NECK], (0.288, 0.530))
    # Thigh rotation −90 + 0 = −90°: the thigh continues the trunk line backwards (hip 0 = aligned);
    # shank rotation −90 − 90 = −180°: straight up from the knee.
    assert close(raw[Joint.LEFT_KNEE], (-0.245, 0.530))
    assert close(raw[Joint.LEFT_ANKLE], (-0.245, 0.530 + 0.246))


def test_the_figure_is_three_dimensional_shoulders_and_hips_sit_out_at_their_widths():
    raw = forward_kinematics(Pose("stand"))
    # The figure's right is +z: shoulders at ±0.259/2 = ±0.1295, hips at ±0.191/2 = ±0.0955 from the midline.
    assert close3(raw[Joint.RIGHT_SHOULDER], (0.0, 0.818, 0.1295))
    assert close3(raw[Joint.LEFT_HIP], (0.0, 0.530, -0.0955))


def test_shoulder_abduction_lifts_the_arm_out_and_external_rotation_makes_a_goalpost():
    raw = forward_kinematics(
        Pose(
            "t",
            left=LimbAngles(shoulder_abduction=90),
            right=LimbAngles(shoulder_abduction=90, shoulder_rotation=90, elbow=90),
        )
    )
    # Abducted 90°, each upper arm points straight out to its own side: elbow 0.1295 + 0.186 = 0.3155 out.
    assert close3(raw[Joint.LEFT_ELBOW], (0.0, 0.818, -0.3155))
    assert close3(raw[Joint.RIGHT_ELBOW], (0.0, 0.818, 0.3155))
    # Turned out 90° and bent 90°, the right forearm points up: the wrist a forearm (0.146) above the elbow.
    assert close3(raw[Joint.RIGHT_WRIST], (0.0, 0.818 + 0.146, 0.3155))


def test_hip_external_rotation_in_sitting_swings_the_foot_towards_the_midline():
    raw = forward_kinematics(Pose("sit", right=LimbAngles(hip=90, knee=90, hip_rotation=30)))
    # Flexed 90°, the thigh points forward: knee 0.245 ahead of the hip (0, 0.530, 0.0955). Turned out 30°
    # about the thigh, the hanging shank tips 30° inwards: the ankle is 0.246·cos 30° = 0.21304 below the knee
    # and 0.246·sin 30° = 0.123 nearer the midline, at z = 0.0955 − 0.123 = −0.0275.
    assert close3(raw[Joint.RIGHT_KNEE], (0.245, 0.530, 0.0955))
    assert close3(raw[Joint.RIGHT_ANKLE], (0.245, 0.530 - 0.246 * math.cos(math.radians(30)), 0.0955 - 0.123))


def test_trunk_bend_and_turn_orient_the_whole_figure():
    # Bent 90° towards its right, the trunk lies along +z: the neck a trunk length (0.288) out at hip height.
    assert close3(
        forward_kinematics(Pose("lie on the right side", trunk_bend=-90))[Joint.NECK], (0, 0.530, 0.288)
    )
    # Turned 90° to its left, the figure faces −z and its right hip comes forward to x = +0.0955.
    assert close3(forward_kinematics(Pose("turn", trunk_turn=90))[Joint.RIGHT_HIP], (0.0955, 0.530, 0.0))


def test_the_camera_projects_side_front_and_from_above():
    positions = place(Pose("stand"))
    left_hip = positions[Joint.LEFT_HIP]  # (0, 0.530, −0.0955)
    # From the side the z axis points at the viewer and drops out; from the front the figure's left is on the
    # viewer's right (+x); from straight above (elevation 90) nearer the viewer (+z) is lower in the picture.
    assert close(project(positions, Camera.side())[Joint.LEFT_HIP], (0.0, 0.530))
    assert close(project(positions, Camera.of(View.FRONT))[Joint.LEFT_HIP], (0.0955, 0.530))
    assert close(project(positions, Camera(0.0, 90.0))[Joint.LEFT_HIP], (0.0, 0.0955))
    assert left_hip[2] == pytest.approx(-0.0955)


def test_a_flagged_support_rests_on_the_floor_and_the_anchor_stays_put():
    positions = place(PRESS[0])
    # The lowest support, the tucked back toe, is on the floor; the front sole and the back knee are within
    # 0.003 H of it (see the arithmetic at KNEELING).
    assert min(positions[joint][1] for joint in KNEELING) == 0.0
    assert math.isclose(positions[Joint.RIGHT_TOE][1], 0.0, abs_tol=1e-12)
    assert all(0 <= positions[joint][1] < 0.003 for joint in KNEELING)
    assert math.isclose(positions[Joint.RIGHT_KNEE][0], -0.2)


# --- interpolation ------------------------------------------------------------------------------------------


def test_interpolation_moves_angles_and_eases_at_the_key_poses():
    a, b = PRESS
    assert interpolate(a, b, 0.5).left.shoulder == pytest.approx(97.5)
    sequence = frames(PRESS, steps=10, max_turn=None)
    assert len(sequence) == 2 * 10 + 1
    assert sequence[0].pose == a and sequence[10].pose == b and sequence[-1].pose == a
    # Ease in-out: the first step moves less than a tenth of the way.
    assert sequence[1].pose.left.shoulder - a.left.shoulder < (b.left.shoulder - a.left.shoulder) / 10


def test_a_big_move_gets_more_frames_and_every_key_pose_the_same_time():
    small = [Pose("a"), Pose("b", right=LimbAngles(hip=20))]
    assert len(frames(small)) == 2 * 12 + 1  # 20° of hip: 12 frames each way are plenty
    # The press turns the left arm through 155° at the shoulder plus 140° at the elbow: at smoothstep's peak
    # (1.5 × the average rate) 15° a frame needs ceil(1.5 × 295 / 15) = 30 frames each way.
    sequence = frames(PRESS)
    assert len(sequence) == 2 * 30 + 1
    assert [f.time for f in sequence][30] == pytest.approx(0.5) and sequence[-1].time == pytest.approx(1.0)
    times = [f.time for f in sequence]
    assert times == sorted(times) and times[0] == 0.0


def test_every_interpolated_frame_keeps_every_segment_length_to_1e_9():
    poses = [
        Pose("a", trunk=-20, neck=30, left=LimbAngles(40, 0, 10, 170, 0), right=LimbAngles(-30)),
        Pose("b", trunk=45, right=LimbAngles(20, 10, -20, -30, 150), left=LimbAngles(-10, 5)),
        Pose("c", trunk=90, left=LimbAngles(120, 150, 30), right=LimbAngles(0, 60, -50)),
        Pose(
            "d",
            trunk_bend=-70,
            trunk_turn=40,
            left=LimbAngles(hip=60, hip_abduction=40, hip_rotation=-45, shoulder_abduction=120, elbow=90),
            right=LimbAngles(knee=90, shoulder=30, shoulder_rotation=80),
        ),
    ]
    expected = segments()
    for frame in frames(poses, steps=17):
        positions = place(frame.pose)
        for (a, b), length in expected.items():
            assert abs(math.dist(positions[a], positions[b]) - length) <= 1e-9


# --- limits and validation ----------------------------------------------------------------------------------


def test_a_knee_at_200_degrees_is_refused_naming_the_exercise_and_the_pose():
    poses = [Pose("start"), Pose("impossible kick", left=LimbAngles(knee=200))]
    with pytest.raises(PoseError) as error:
        validate("leg-swing", poses)
    assert error.value.exercise_id == "leg-swing" and error.value.pose_name == "impossible kick"
    message = str(error.value)
    assert "leg-swing" in message and "impossible kick" in message
    assert "left knee angle 200° is outside its range 0° to 150°" in message


KNEES = frozenset({Joint.LEFT_KNEE, Joint.RIGHT_KNEE})


def kneeling_lean(name: str, shoulder: float) -> Pose:
    """Kneeling on both knees, toes pointed, the trunk leaning 80° forward over vertical thighs."""
    # Thigh rotation −80 + 80 = 0: vertical. Shank rotation 0 − 110 = −110°: back and up from the knee.
    limbs = LimbAngles(hip=80, knee=110, ankle=-20, shoulder=shoulder)
    return Pose(name, trunk=80, left=limbs, right=limbs, support=KNEES)


def test_a_hand_through_the_floor_is_refused():
    # Knees on the floor, so the hips are a thigh (0.245) above it; the shoulders are 0.245 + 0.288·cos 80°
    # = 0.245 + 0.050 = 0.295 up. Shoulder 80 hangs the arm straight down (rotation −80 + 80 = 0), and the
    # arm, 0.186 + 0.146 + 0.054 = 0.386 long, reaches 0.295 − 0.386 = −0.091: through the floor.
    with pytest.raises(PoseError, match=r"'reach down'.*left hand is 0\.091 of body height below the floor"):
        validate("kneeling-reach", [kneeling_lean("reach down", shoulder=80)])


def test_a_frame_between_poses_that_dips_below_the_floor_is_named_by_its_key_poses():
    # The arm sweeps from forward-up (shoulder 180) to back (−40); on the way it hangs at the floor.
    up, back = kneeling_lean("up", shoulder=180), kneeling_lean("back", shoulder=-40)
    validate("sweep", [up])
    validate("sweep", [back])
    with pytest.raises(PoseError, match=r"between 'up' and 'back'.*hand is .* below the floor"):
        validate("sweep", [up, back])


def test_per_side_checks_the_mirror_image():
    validate("half-kneeling-press", PRESS, per_side=True)
    assert mirror(PRESS[0]).left == PRESS[0].right and Joint.LEFT_KNEE in mirror(PRESS[0]).support
    # Done on the other side, a sideways bend and a turn go the other way; a forward lean does not.
    bent = mirror(Pose("bend", trunk=10, trunk_bend=20, trunk_turn=30, anchor_z=0.2))
    assert (bent.trunk, bent.trunk_bend, bent.trunk_turn, bent.anchor_z) == (10, -20, -30, -0.2)
    # The mirror image of a pose is the reflection of its positions across the midline plane (z → −z).
    pose = Pose("odd", trunk_turn=25, right=LimbAngles(hip=50, hip_abduction=30, hip_rotation=20, knee=40))
    original, reflected = forward_kinematics(pose), forward_kinematics(mirror(pose))
    for joint, (x, y, z) in original.items():
        other = Joint.of(joint.side.other, joint.part) if joint.side else joint
        assert close3(reflected[other], (x, y, -z))


def test_a_flexed_hip_may_abduct_further_than_a_straight_one():
    # 45° of abduction is the standing norm (refused past 50); flexed 60° or more, 75° is allowed [D].
    assert (
        validate("frog", [Pose("wide", trunk=80, left=LimbAngles(hip=70, knee=90, hip_abduction=70))]) is None
    )
    with pytest.raises(PoseError, match="left hip abduction angle 70° is outside its range -30° to 50°"):
        validate("splits", [Pose("wide", left=LimbAngles(hip_abduction=70))])


# --- SVG ----------------------------------------------------------------------------------------------------


def test_the_animated_svg_parses_names_itself_and_falls_back_to_a_strip_under_reduced_motion():
    svg = animated_svg(
        PRESS,
        "Half-kneeling press",
        "Kneeling on the right knee, press the weight overhead.",
        props=PRESS_PROPS,
    )
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.get("viewBox")
    assert root.findtext(f"{SVG}title") == "Half-kneeling press"
    assert root.findtext(f"{SVG}desc", "").startswith("Kneeling on the right knee")
    style = root.findtext(f"{SVG}style", "")
    assert "@media (prefers-reduced-motion: reduce)" in style and "strip{display:none}" in style
    animations = list(root.iter(f"{SVG}animate"))
    assert animations and all(a.get("repeatCount") == "indefinite" for a in animations)
    frame_count = len(frames(PRESS))
    for animation in animations:
        assert len(animation.get("values", "").split(";")) == frame_count
        assert len(animation.get("keyTimes", "").split(";")) == frame_count
    groups = {g.get("class"): g for g in root.iter(f"{SVG}g")}
    strip = groups["hcfig-strip"]
    assert len([g for g in strip.iter(f"{SVG}g") if g.get("class") == "hcfig-figure"]) == 2
    # The held weight moves with the hand; the mat lies on the floor.
    assert any(c.get("class") == "hcfig-weight" and c.find(f"{SVG}animate") is not None for c in root.iter())


def test_the_working_side_is_darker_and_thicker():
    svg = ET.fromstring(animated_svg(PRESS, "t", "d", working=Side.LEFT))
    moving = svg.find(f"{SVG}g[@class='hcfig-anim']")
    assert moving is not None
    paths = {p.get("class"): p for p in moving.iter(f"{SVG}path")}
    assert float(paths["hcfig-left-arm"].get("stroke-width", 0)) > float(
        paths["hcfig-right-arm"].get("stroke-width", 0)
    )
    assert paths["hcfig-left-arm"].get("stroke") != paths["hcfig-right-arm"].get("stroke")


@pytest.mark.parametrize("count", [1, 2, 3])
def test_a_strip_has_one_figure_per_pose_with_its_name(count: int):
    poses = (PRESS * 2)[:count]
    root = ET.fromstring(strip_svg(poses, "Strip", "Key poses", props=PRESS_PROPS))
    figures = [g for g in root.iter(f"{SVG}g") if g.get("class") == "hcfig-figure"]
    assert len(figures) == count
    assert root.findtext(f"{SVG}title") == "Strip" and root.findtext(f"{SVG}desc") == "Key poses"
    assert [t.text for t in root.iter(f"{SVG}text")][0] == "1. weight at the shoulder"
    assert root.find(f".//{SVG}animate") is None


def test_titles_are_escaped_and_props_draw():
    props = (Prop(PropKind.BOX, x=0.2, width=0.3, height=0.15), Prop(PropKind.WALL, x=-0.4))
    root = ET.fromstring(strip_svg([Pose("stand")], "Step <up> & drive", "d", props=props))
    assert root.findtext(f"{SVG}title") == "Step <up> & drive"
    assert len(list(root.iter(f"{SVG}rect"))) == 1 and len(list(root.iter(f"{SVG}line"))) == 2  # floor, wall
    with pytest.raises(ValueError):
        Prop(PropKind.WEIGHT)


def test_a_band_is_a_line_from_the_holding_joint_to_its_fixed_anchor():
    pose = half_kneeling("press out", shoulder=85, elbow=0)
    band = Prop(PropKind.BAND, joint=Joint.RIGHT_HAND, x=0.1, height=0.4)
    hand_x, hand_y, _ = place(pose)[Joint.RIGHT_HAND]
    root = ET.fromstring(strip_svg([pose, pose], "Pallof press", "d", props=(band,)))
    lines = [line for line in root.iter(f"{SVG}line") if line.get("class") == "hcfig-band"]
    assert len(lines) == 2  # one per key pose of the strip
    line = lines[0]
    floor = next(line for line in root.iter(f"{SVG}line") if line.get("class") is None)
    x1, y1, x2, y2 = (float(line.get(name, "nan")) for name in ("x1", "y1", "x2", "y2"))
    # The anchor sits 0.4 of height above the floor; the free end is at the hand (to the 2-decimal rounding).
    assert y1 == pytest.approx(float(floor.get("y1", "nan")) - 0.4 * 100, abs=0.01)
    assert (x2 - x1) / 100 == pytest.approx(hand_x - 0.1, abs=1e-3)
    assert (y1 - y2) / 100 == pytest.approx(hand_y - 0.4, abs=1e-3)
    assert len([c for c in root.iter(f"{SVG}circle") if c.get("class") == "hcfig-band-anchor"]) == 2
    # Animated, the anchor end stays put and the free end follows the hand.
    moving = ET.fromstring(animated_svg([pose, half_kneeling("chest", 20, 130)], "P", "d", props=(band,)))
    animated = next(line for line in moving.iter(f"{SVG}line") if line.get("class") == "hcfig-band")
    assert {a.get("attributeName") for a in animated.iter(f"{SVG}animate")} == {"x2", "y2"}
    with pytest.raises(ValueError):
        Prop(PropKind.BAND, x=0.1, height=0.4)


def test_the_demo_exercise_renders_and_validates(tmp_path):
    validate("half-kneeling-press", PRESS, per_side=True)
    svg = animated_svg(PRESS, "Half-kneeling press", "demo", props=PRESS_PROPS, working=Side.LEFT)
    (tmp_path / "figure-demo.svg").write_text(svg, encoding="utf-8")
    ET.parse(tmp_path / "figure-demo.svg")


def test_a_long_pose_name_wraps_under_its_figure_instead_of_widening_the_strip():
    short = ET.fromstring(strip_svg([Pose("stand")], "s", "d"))
    long_name = "stand tall with both feet flat and the arms hanging loose"
    wrapped = ET.fromstring(strip_svg([Pose(long_name)], "s", "d"))
    [text] = wrapped.iter(f"{SVG}text")
    lines = [span.text or "" for span in text.iter(f"{SVG}tspan")]
    assert len(lines) >= 2 and all(len(line) <= 26 for line in lines)
    assert " ".join(lines) == f"1. {long_name}"
    width = float(wrapped.get("viewBox", "").split()[2])
    assert width <= 26 * 6.5 + 10 + 1  # as wide as one line of 26 characters, not the whole name
    assert float(wrapped.get("viewBox", "").split()[3]) > float(short.get("viewBox", "").split()[3])
