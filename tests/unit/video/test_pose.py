"""Pose estimation on real and rendered video: BlazePose (full) finds the person, labels the sides, and its
angles come out near angles known exactly.

The demo clip (sports2d's, fetched by ``make``) has **two** people: a man jumping off a box and a woman
walking past, both in profile. Tracking follows one person at a time and may hand over to the other when it
loses the first, so the flipped-video check compares only frames where both runs follow the same person.

The known-angle check films hipcoach's own figure (``hipcoach.domain.figure``) as a filled "mannequin"
(tapered skin-coloured limbs, shorts, a shirt, a head with hair) squatting on both legs, seen from the side,
and BlazePose does see it. A squat on both legs is used, not a single-leg one: with one leg held up, the model
gave the near leg the far leg's label in about 30 % of frames (a side view hides the far leg; the figure's
arbitrary colours do not help), which measures labelling, not angles. In the squat the far leg hides behind
the near one, exactly as in a runner's side-view clip, and is correctly not trusted in most frames.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from PIL import Image

from hipcoach.domain.anatomy import Side
from hipcoach.domain.figure import View
from hipcoach.domain.motion import Angle, Part, analyse, single_leg_squat_bottom
from hipcoach.domain.motion.people import follow_one_person
from hipcoach.video.blazepose import CROP_SIZE, ROI_SCALE, anchors, region_from
from hipcoach.video.decode import VideoInfo, read_frames
from hipcoach.video.errors import AnalysisStopped
from hipcoach.video.pose import BLAZEPOSE, SKELETON, ModelSize, VideoPose, pose_from_frames
from tests.video_mannequin import HEIGHT, HIP, KNEE, SQUAT_FRAMES, WIDTH, mannequin, squat, squat_depth

Floats = npt.NDArray[np.float64]
TRUSTED = 0.5  # hipcoach.domain.motion.CONFIDENCE_MIN
LEGS = (Part.HIP, Part.KNEE, Part.ANKLE)


def body_length(pose: VideoPose) -> Floats:
    """Per frame, the shoulder → hip → knee → ankle chain in pixels (mean of both sides): about 4/5 of the
    person's standing height (Winter's shoulder height 0.818 H less the ankle's 0.039 H), whatever the
    posture, so distances are compared at the person's own scale."""
    p = pose.points
    sides = []
    for shoulder, hip, knee, ankle in ((11, 23, 25, 27), (12, 24, 26, 28)):
        sides.append(
            np.linalg.norm(p[:, shoulder] - p[:, hip], axis=1)
            + np.linalg.norm(p[:, hip] - p[:, knee], axis=1)
            + np.linalg.norm(p[:, knee] - p[:, ankle], axis=1)
        )
    return (sides[0] + sides[1]) / 2.0


# --- the demo clip ---------------------------------------------------------------------------------------


def test_the_demo_has_a_person_in_nearly_every_frame(demo_pose: VideoPose) -> None:
    assert demo_pose.info.frame_count == 230 == len(demo_pose.points)
    assert demo_pose.person_share >= 0.9  # measured 0.97
    nobody = ~demo_pose.person
    assert np.isnan(demo_pose.points[nobody]).all() and (demo_pose.visibility[nobody] == 0).all()


def test_the_trusted_leg_points_lie_inside_the_picture(demo_pose: VideoPose) -> None:
    track = demo_pose.track(View.SIDE)
    width, height = demo_pose.info.width, demo_pose.info.height
    for side in Side:
        for part in LEGS:
            sure = track.confident(side, part)
            assert sure.mean() > 0.5, f"{side} {part} trusted in only {sure.mean():.0%} of frames"
            x, y = track.points[(side, part)][sure].T
            assert ((x >= 0) & (x <= width - 1) & (y >= 0) & (y <= height - 1)).all()


def test_a_point_outside_the_picture_is_never_trusted(demo_pose: VideoPose) -> None:
    x, y = demo_pose.points[..., 0], demo_pose.points[..., 1]
    outside = (x < 0) | (x > demo_pose.info.width - 1) | (y < 0) | (y > demo_pose.info.height - 1)
    assert outside.any(), "the demo should have points beyond the edge (people walk out of the picture)"
    assert (demo_pose.visibility[outside] == 0).all()


def test_left_and_right_legs_keep_their_labels_from_frame_to_frame(demo_pose: VideoPose) -> None:
    """A label swap: a frame whose left leg, called "right", would match the previous frame better."""
    left, right = [23, 25, 27], [24, 26, 28]
    points, sure = demo_pose.points, demo_pose.visibility >= TRUSTED
    whole = sure[:, left + right].all(axis=1)
    pairs = np.flatnonzero(whole[:-1] & whole[1:])
    before, after = points[pairs], points[pairs + 1]

    def moved(now: list[int], then: list[int]) -> Floats:
        return np.linalg.norm(after[:, now] - before[:, then], axis=2).sum(axis=1)

    kept = moved(left, left) + moved(right, right)
    swapped = moved(left, right) + moved(right, left)
    assert len(pairs) > 100
    # Measured 10 of 142 (7 %): the far leg of a side view is briefly mislabelled, as BlazePose does.
    assert np.mean(swapped < kept) < 0.15


def trunk_lean_steps(track) -> Floats:
    """The trunk lean's change from one frame to the next, where both frames are trusted, both sides."""
    analysis = analyse(track)
    steps = []
    for side in Side:
        lean = analysis.series(Angle.TRUNK_LEAN, side)
        assert lean is not None
        both = lean.trusted[:-1] & lean.trusted[1:]
        steps.append(np.abs(np.diff(lean.degrees))[both])
    return np.concatenate(steps)


def test_the_person_measured_is_never_swapped_for_someone_walking_past(demo_pose: VideoPose) -> None:
    """The demo's tracking hands over from the man to the woman walking past and back to a walker (the hips'
    centre jumps 6 and 9 torso lengths in one frame). Without ``follow_one_person`` the trusted trunk lean
    steps by up to 47 degrees between two frames there; with it, the other person's frames are left out and
    the steps stay within what one body did: at most 12.7 degrees measured (the man landing from his jump),
    tested at 15."""
    track = demo_pose.track(View.SIDE)
    assert trunk_lean_steps(track).max() > 30.0  # the jump the guard is for

    followed = follow_one_person(track)
    assert len(followed.others) >= 1
    left_out = sum(last - first + 1 for first, last in followed.others)
    assert 10 <= left_out <= 0.4 * demo_pose.info.frame_count  # measured 31 frames, 5.63-6.63 s
    assert followed.share >= 0.5  # the clip is still measured (check_clip)
    assert trunk_lean_steps(followed.track).max() <= 15.0


def test_a_mirrored_video_gives_mirrored_sides(demo_path: Path, demo_pose: VideoPose) -> None:
    """The flipped clip's left landmarks lie where the original's right ones are, mirrored.

    Tolerance: the median distance, per landmark over the frames trusted in both runs, within 6 % of the
    shoulder-to-ankle chain (about the width of a knee or an ankle: the landmark lands on the same joint).
    Measured 1.5 % (shoulders) to 4.1 % (foot index). And it must be well under the distance to the landmark
    of the same label (6 to 23 % measured), or the check would pass for a model that ignores sides.
    """
    info = demo_pose.info
    flipped = pose_from_frames((mirror_image(frame) for frame in read_frames(demo_path)), info)
    mirrored = flipped.points.copy()
    mirrored[..., 0] = info.width - 1 - mirrored[..., 0]
    size = body_length(demo_pose)
    hip_centre = demo_pose.points[:, [23, 24]].mean(axis=1)
    same_person = np.linalg.norm(mirrored[:, [23, 24]].mean(axis=1) - hip_centre, axis=1) < 0.1 * size
    assert same_person.sum() >= 0.8 * info.frame_count  # measured 201 of 230
    for side, part in BLAZEPOSE:
        original = BLAZEPOSE[(side, part)]
        opposite = BLAZEPOSE[(side.other, part)]
        both = same_person & (flipped.visibility[:, original] >= TRUSTED)
        both &= demo_pose.visibility[:, opposite] >= TRUSTED
        assert both.sum() > 100, f"{side} {part}"

        to_opposite = median_share(mirrored[both, original], demo_pose.points[both, opposite], size[both])
        to_same = median_share(mirrored[both, original], demo_pose.points[both, original], size[both])
        assert to_opposite < 0.06, f"flipped {side} {part} is {to_opposite:.1%} from the original's"
        assert to_opposite < 0.5 * to_same, f"{side} {part}: the sides did not swap"


def mirror_image(frame: np.ndarray) -> np.ndarray:
    """``frame[:, ::-1]``, made contiguous by Pillow (twice as fast as numpy's copy of a reversed view)."""
    return np.asarray(Image.fromarray(frame).transpose(Image.Transpose.FLIP_LEFT_RIGHT))


def median_share(points: Floats, others: Floats, size: Floats) -> float:
    """The median distance between paired points, as a share of the body's size in that frame."""
    return float(np.median(np.linalg.norm(points - others, axis=1) / size))


# --- frames without a person, progress, stopping -------------------------------------------------------


def wall_and_noise(count: int) -> list[np.ndarray]:
    rng = np.random.default_rng(19)
    wall = [np.full((240, 320, 3), (196, 188, 170), dtype=np.uint8) for _ in range(count // 2)]
    noise = [rng.integers(0, 256, (240, 320, 3), dtype=np.uint8) for _ in range(count - count // 2)]
    return wall + noise


def test_a_video_without_a_person_is_an_untrusted_track() -> None:
    frames = wall_and_noise(30)
    calls: list[tuple[int, int]] = []
    info = VideoInfo(320, 240, 30.0, 30, 1.0, 0, "h264")
    pose = pose_from_frames(
        frames, info, ModelSize.LITE, progress=lambda done, total: calls.append((done, total))
    )
    assert pose.person_share == 0.0 and not pose.person.any()
    track = pose.track(View.SIDE)
    for landmark in track.points:
        assert np.isnan(track.points[landmark]).all()
        assert (track.confidence[landmark] == 0).all()
    assert calls == [(10, 30), (20, 30), (30, 30)]


def test_should_stop_ends_the_estimate_between_frames() -> None:
    asked = []

    def stop() -> bool:
        asked.append(True)
        return len(asked) > 3

    with pytest.raises(AnalysisStopped):
        pose_from_frames(
            wall_and_noise(10), VideoInfo(320, 240, 30.0, 10, 1 / 3, 0, "h264"), should_stop=stop
        )
    assert len(asked) == 4


def test_the_skeleton_joins_body_landmarks_only() -> None:
    joined = {index for pair in SKELETON for index in pair}
    assert joined == set(range(11, 17)) | set(range(23, 33))
    assert set(BLAZEPOSE.values()) <= joined


# --- the two stages' geometry (MediaPipe's rules, no model run) ------------------------------------------


def test_the_detectors_anchors_follow_mediapipes_grid() -> None:
    centres = anchors()
    assert centres.shape == (2254, 2)  # 28×28×2 + 14×14×2 + 7×7×6, the detector's output rows
    assert np.allclose(centres[:2], 0.5 / 28) and np.allclose(centres[2], (1.5 / 28, 0.5 / 28))
    assert np.allclose(centres[1568], 0.5 / 14)  # the stride-16 grid starts after 28×28×2
    assert np.allclose(centres[-6:], 6.5 / 7)  # the three stride-32 layers share one 7×7 grid


@pytest.mark.parametrize("direction", [0.0, 37.0, 90.0, 180.0, -120.0])
def test_the_region_stands_the_body_upright_in_the_crop(direction: float) -> None:
    """Hip centre → size point is the crop's "up", whatever its direction in the picture; the crop is
    2 × 1.25 times their distance wide, centred on the hip centre."""
    centre = np.array([400.0, 300.0])
    heading = math.radians(direction)
    size_point = centre + 150.0 * np.array([math.cos(heading), -math.sin(heading)])  # y down
    region = region_from(centre, size_point)
    assert region.size == pytest.approx(2 * 150.0 * ROI_SCALE)
    matrix = region.crop_matrix()

    def to_image(x: float, y: float) -> Floats:
        return matrix[:, :2] @ np.array([x, y]) + matrix[:, 2]

    half = CROP_SIZE / 2
    assert to_image(half, half) == pytest.approx(centre)
    assert to_image(half, half - half / ROI_SCALE) == pytest.approx(size_point)
    right = to_image(CROP_SIZE, half) - centre  # the crop's right edge is a quarter turn clockwise on screen
    up = size_point - centre
    assert up[0] * right[1] - up[1] * right[0] > 0  # screen up (0, -1) × screen right (1, 0) > 0


# --- known angles: hipcoach's own figure, filmed --------------------------------------------------------


@pytest.fixture(scope="module")
def filmed_squat() -> VideoPose:
    frames = [mannequin(squat(squat_depth(frame))) for frame in range(SQUAT_FRAMES)]
    info = VideoInfo(WIDTH, HEIGHT, 30.0, SQUAT_FRAMES, SQUAT_FRAMES / 30.0, 0, "rawvideo")
    return pose_from_frames(frames, info, ModelSize.FULL)


@pytest.mark.parametrize(
    ("angle", "truth"),
    [(Angle.KNEE_FLEXION, lambda depth: KNEE * depth), (Angle.HIP_FLEXION, lambda depth: HIP * depth)],
    ids=["knee", "hip"],
)
def test_the_filmed_figure_gives_back_its_near_legs_angles(
    filmed_squat: VideoPose, angle: Angle, truth: Callable[[Floats], Floats]
) -> None:
    """The near (right) leg's flexion against the figure's own angles, frame by frame, after the product's
    cleaning. Tolerances from BRIEF §11 (2-D video against motion capture: 4-17°): a median error within 8°
    (twice the band's low end) and 90 % of frames within 17° (its high end). Measured: knee 3.8° median,
    12.7° at the 90th percentile; hip 3.5° and 10.0°; trusted in 93 % and 95 % of frames."""
    analysis = analyse(filmed_squat.track(View.SIDE))
    assert analysis.facing is not None and analysis.facing.sign > 0  # facing screen-right
    series = analysis.series(angle, Side.RIGHT)
    assert series is not None
    assert series.trusted.mean() >= 0.8
    depth = np.array([squat_depth(frame) for frame in range(SQUAT_FRAMES)])
    error = np.abs(series.degrees - truth(depth))[series.trusted]
    assert np.median(error) <= 8.0
    assert np.percentile(error, 90) <= 17.0


def test_the_filmed_figures_bottom_is_found_with_its_knee_angle(filmed_squat: VideoPose) -> None:
    """The product's own key moment on the filmed squat: the bottom within 3 frames (0.1 s) of the
    figure's, its knee flexion within 10° of 90° (measured 87-90° around the bottom)."""
    bottom = single_leg_squat_bottom(analyse(filmed_squat.track(View.SIDE)), Side.RIGHT)
    assert bottom.frame is not None and abs(bottom.frame - SQUAT_FRAMES // 2) <= 3
    knee = bottom.value(Angle.KNEE_FLEXION).degrees
    assert knee is not None and knee == pytest.approx(KNEE, abs=10.0)


def test_the_leg_hidden_behind_the_other_is_not_trusted(filmed_squat: VideoPose) -> None:
    """Seen from the right, the left leg is behind the right one: the model must say it cannot see it
    rather than guess (trusted in 5 % of frames, measured)."""
    track = filmed_squat.track(View.SIDE)
    assert track.confident(Side.LEFT, Part.KNEE).mean() < 0.5
    assert track.confident(Side.RIGHT, Part.KNEE).mean() > 0.8
