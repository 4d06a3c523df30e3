"""The medial close-up of one foot: worked positions, rigid pieces, limits and frames."""

from __future__ import annotations

import math

import pytest

from hipcoach.domain.figure.foot import (
    FOOT_SEGMENTS,
    FootPoint,
    FootPose,
    foot_frames,
    foot_positions,
    foot_problems,
    foot_runs,
    interpolate_foot,
    validate_foot,
)
from hipcoach.domain.figure.limits import PoseError

P = FootPoint


def _close(actual: tuple[float, float], expected: tuple[float, float], tol: float = 1e-12) -> None:
    assert actual == pytest.approx(expected, abs=tol)


def test_rest_pose_positions_worked_by_hand() -> None:
    # Foot length 0.152: ball at 0.72 × 0.152 = 0.10944, big toe 0.28 × 0.152 = 0.04256 → tip at 0.152,
    # small toes 0.8 × 0.04256 = 0.034048 → tip at 0.143488. Ankle 0.25 × 0.152 = 0.038 ahead of the heel,
    # 0.039 up; the knee cut 0.07 straight above it (0.109). Arch apex at 0.45 × 0.10944 = 0.049248, 0.012 up.
    at = foot_positions(FootPose("rest"))
    _close(at[P.HEEL], (0.0, 0.0))
    _close(at[P.BALL], (0.10944, 0.0))
    _close(at[P.BIG_TOE], (0.152, 0.0))
    _close(at[P.SMALL_TOES], (0.143488, 0.0))
    _close(at[P.ANKLE], (0.038, 0.039))
    _close(at[P.KNEE_CUT], (0.038, 0.109))
    _close(at[P.ARCH], (0.049248, 0.012))


def test_big_toe_extension_rotates_the_toe_about_the_ball() -> None:
    # 60° of first MTP extension: tip = ball + 0.04256 × (cos 60°, sin 60°) = (0.10944 + 0.02128, 0.036858…).
    at = foot_positions(FootPose("lift", big_toe=60))
    _close(at[P.BIG_TOE], (0.10944 + 0.04256 * 0.5, 0.04256 * math.sqrt(3) / 2))
    _close(at[P.SMALL_TOES], (0.143488, 0.0))  # the small toes stay down


def test_arch_lift_shortens_the_foot_and_raises_the_apex() -> None:
    # Rearfoot strut √(0.049248² + 0.012²) = 0.050689 at 13.694°; at arch 10 it is at 23.694°, so the apex is
    # at (0.046416, 0.020370) and the ball at 0.046416 + √(0.061377² − 0.020370²) = 0.104314.
    balls, apexes = [], []
    for arch in (0, 5, 10, 15):
        at = foot_positions(FootPose("short foot", arch=arch))
        assert at[P.HEEL] == (0.0, 0.0)
        assert at[P.BALL][1] == pytest.approx(0.0, abs=1e-12)
        balls.append(at[P.BALL][0])
        apexes.append(at[P.ARCH][1])
    assert balls == sorted(balls, reverse=True) and len(set(balls)) == 4
    assert apexes == sorted(apexes) and len(set(apexes)) == 4
    assert balls[2] == pytest.approx(0.1043139, abs=1e-6)
    assert apexes[2] == pytest.approx(0.0203695, abs=1e-6)


def test_rigid_pieces_keep_their_length_in_every_frame() -> None:
    poses = [
        FootPose("rest"),
        FootPose("short foot", arch=15),
        FootPose("big toe up", arch=4, big_toe=70),
        FootPose("small toes up", small_toes=40),
    ]
    frames = foot_frames(poses)
    assert len({(f.arch, f.big_toe, f.small_toes) for f in frames}) > 4
    for frame in frames:
        at = foot_positions(frame)
        for (a, b), length in FOOT_SEGMENTS.items():
            assert math.dist(at[a], at[b]) == pytest.approx(length, abs=1e-9)
        assert min(y for _, y in at.values()) >= -1e-9
    validate_foot("toe-yoga", poses)


def test_runs_name_the_stroked_parts() -> None:
    at = foot_positions(FootPose("rest"))
    runs = foot_runs(at)
    assert set(runs) == {"shank", "rearfoot", "sole", "top", "small-toes", "big-toe"}
    assert runs["sole"] == [[at[P.HEEL], at[P.ARCH], at[P.BALL]]]
    assert runs["big-toe"] == [[at[P.BALL], at[P.BIG_TOE]]]


def test_big_toe_beyond_its_range_is_refused_with_a_sentence() -> None:
    pose = FootPose("too far", big_toe=90)
    assert foot_problems(pose) == ["big toe angle 90° is outside its range 0° to 70°"]
    with pytest.raises(PoseError) as caught:
        validate_foot("toe-yoga", [FootPose("rest"), pose])
    assert caught.value.exercise_id == "toe-yoga"
    assert caught.value.pose_name == "too far"
    assert str(caught.value) == (
        "exercise 'toe-yoga', pose 'too far': big toe angle 90° is outside its range 0° to 70°"
    )


def test_negative_small_toes_and_no_poses_are_refused() -> None:
    with pytest.raises(PoseError, match="small toes angle -10° is outside its range 0° to 40°"):
        validate_foot("toe-yoga", [FootPose("press", small_toes=-10)])
    with pytest.raises(PoseError, match="at least one key pose"):
        validate_foot("toe-yoga", [])
    assert foot_problems(FootPose("fine", arch=15, big_toe=70, small_toes=40)) == []


def test_frames_count_and_easing() -> None:
    a, b = FootPose("down"), FootPose("up", big_toe=60, arch=12)
    frames = foot_frames([a, b])
    assert len(frames) == 12 * 2 + 1
    assert frames[0] == a and frames[12] == b and frames[-1] == a
    # Step 3 of 12: t = 0.25, eased 3t² − 2t³ = 0.1875 − 0.03125 = 0.15625 → 0.15625 × 60 = 9.375.
    assert frames[3].big_toe == pytest.approx(9.375)
    assert frames[3].arch == pytest.approx(0.15625 * 12)
    assert frames[6].big_toe == pytest.approx(30.0)  # the midpoint is unchanged by easing
    assert len(foot_frames([a], steps=4)) == 5
    assert interpolate_foot(a, b, 0.25).big_toe == pytest.approx(15.0)  # linear; easing is foot_frames'
    assert interpolate_foot(a, b, 0.75).name == "up"
