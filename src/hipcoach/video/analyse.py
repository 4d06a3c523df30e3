"""A video (or its landmarks) → a ``VideoResult``: one person followed through it, the checks, the angles,
the protocol's key moment of the working leg, the quality, the curves and the runner's key pose as
hipcoach's figure.

The runner's figure is posed from the key frame's measured angles in the figure's own convention (BRIEF §9
and §11: the angles are defined alike): trunk lean, and each leg's hip flexion, knee flexion and ankle
dorsiflexion where they were trusted at that frame, 0 where not. A front view measures the knee's FPPA
only, which cannot pose a figure (it mixes hip adduction, rotation and knee flexion), so its ``runner_pose``
stays the upright figure and ``render.figure_pair_svg`` draws the runner from the key frame's landmarks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from hipcoach.domain.anatomy import Side
from hipcoach.domain.figure.limits import LIMITS
from hipcoach.domain.figure.skeleton import LimbAngles, Pose, View
from hipcoach.domain.motion import CAUTION, Analysis, Angle, analyse, summarize
from hipcoach.domain.motion.people import follow_one_person
from hipcoach.domain.motion.protocols import PROTOCOLS, VideoTest
from hipcoach.video.checks import check_clip, check_view
from hipcoach.video.errors import VideoRefused
from hipcoach.video.pose import ModelSize, Progress, VideoPose
from hipcoach.video.result import (
    AngleQuality,
    Curve,
    LandmarkPoint,
    Stretch,
    VideoQuality,
    VideoResult,
    finite,
    sample_frames,
)

RUNNER = "You"


def analyse_pose(pose: VideoPose, test: VideoTest, side: Side, view: View) -> VideoResult:
    """The result of landmarks already estimated; raises ``VideoRefused`` (see ``checks``) instead of giving
    numbers it cannot stand behind. ``side`` is the working leg (the protocol's ``side_label``)."""
    protocol = PROTOCOLS[test]
    check_view(protocol, view)
    followed = follow_one_person(pose.track(view))
    check_clip(pose.person_share, followed, protocol, side)
    track = followed.track
    try:
        analysis = analyse(track)
    except ValueError as error:  # a frame rate too low for the 6 Hz filter
        raise VideoRefused(
            "The video's frame rate is too low to follow the movement: film again with the phone's normal"
            " video setting."
        ) from error
    moment = protocol.moment(analysis, side)
    fps = track.fps
    keep = [] if moment.frame is None else [moment.frame]
    frames = sample_frames(track.frame_count, keep)
    curve_angles = _curve_angles(protocol.angles(view), view)
    quality = summarize(analysis)
    return VideoResult(
        test=test,
        side=side,
        view=view,
        model=str(pose.model.value),
        fps=fps,
        frame_count=track.frame_count,
        width=pose.info.width,
        height=pose.info.height,
        duration_s=track.frame_count / fps,
        moment=moment,
        curves=tuple(_curve(analysis, angle, each, frames) for angle in curve_angles for each in Side),
        quality=VideoQuality(
            person_share=float(pose.person_share),
            others=_stretches(followed.others, fps),
            angles=tuple(
                AngleQuality(
                    angle=angle,
                    side=each,
                    trusted_share=share,
                    not_trusted=_stretches(quality.not_trusted[(angle, each)], fps),
                    filled=_stretches(quality.filled[(angle, each)], fps),
                )
                for (angle, each), share in quality.trusted_share.items()
            ),
        ),
        key_landmarks=_landmarks(pose, moment.frame),
        runner_pose=runner_pose(analysis, moment.frame, side),
        caution=CAUTION,
    )


def analyse_video(
    path: Path,
    test: VideoTest,
    side: Side,
    view: View,
    model: ModelSize = ModelSize.FULL,
    *,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> tuple[VideoResult, npt.NDArray[np.uint8]]:
    """Estimate the landmarks of the video at ``path`` with ``model``, analyse them, and read the key frame
    (the first frame when no key moment was found). A view the test gives no numbers from is refused before
    the slow estimation. Raises ``VideoError`` / ``AnalysisStopped``."""
    from hipcoach.video.decode import read_frame
    from hipcoach.video.pose import estimate_pose

    check_view(PROTOCOLS[test], view)
    pose = estimate_pose(path, model, progress=progress, should_stop=should_stop)
    result = analyse_pose(pose, test, side, view)
    frame = result.moment.frame
    return result, read_frame(path, 0 if frame is None else frame)


def runner_pose(analysis: Analysis, frame: int | None, side: Side) -> Pose:
    """The runner's pose at ``frame`` as hipcoach's figure (see the module docstring); the upright figure
    when there is no frame or the view is a front view."""
    if frame is None or analysis.track.view is not View.SIDE:
        return Pose(RUNNER)

    def at(angle: Angle, each: Side) -> float | None:
        series = analysis.series(angle, each)
        if series is None or not series.trusted[frame]:
            return None
        return float(series.degrees[frame])

    def limb(each: Side) -> LimbAngles:
        return LimbAngles(
            hip=_within("hip", at(Angle.HIP_FLEXION, each)),
            knee=_within("knee", at(Angle.KNEE_FLEXION, each)),
            ankle=_within("ankle", at(Angle.ANKLE_DORSIFLEXION, each)),
        )

    lean = at(Angle.TRUNK_LEAN, side)
    if lean is None:
        lean = at(Angle.TRUNK_LEAN, side.other)
    return Pose(RUNNER, trunk=_within("trunk", lean), left=limb(Side.LEFT), right=limb(Side.RIGHT))


def _within(joint: str, degrees: float | None) -> float:
    """The measured angle kept inside the figure's anatomical range (a 2-D estimate can overshoot it), so
    the figure can always be drawn; 0 when not measured."""
    if degrees is None:
        return 0.0
    low, high = LIMITS[joint]
    return min(max(degrees, low), high)


def _curve_angles(key_angles: Sequence[Angle], view: View) -> tuple[Angle, ...]:
    """The key angles, and from the side the hip's and knee's flexion too (the issue asks for both)."""
    extra = (Angle.HIP_FLEXION, Angle.KNEE_FLEXION) if view is View.SIDE else ()
    return tuple(dict.fromkeys((*key_angles, *extra)))


def _curve(analysis: Analysis, angle: Angle, side: Side, frames: Sequence[int]) -> Curve:
    series = analysis.series(angle, side)
    fps = analysis.track.fps
    if series is None:
        raise ValueError(f"this view does not measure {angle.label}")
    return Curve(
        angle=angle,
        side=side,
        frames=tuple(frames),
        times_s=tuple(frame / fps for frame in frames),
        degrees=tuple(finite(float(series.degrees[frame])) for frame in frames),
        trusted=tuple(bool(series.trusted[frame]) for frame in frames),
    )


def _stretches(ranges: Sequence[tuple[int, int]], fps: float) -> tuple[Stretch, ...]:
    return tuple(Stretch(first, last, first / fps, last / fps) for first, last in ranges)


def _landmarks(pose: VideoPose, frame: int | None) -> tuple[LandmarkPoint, ...]:
    if frame is None:
        return ()
    points, visibility = pose.points[frame], pose.visibility[frame]
    return tuple(
        (finite(float(x)), finite(float(y)), min(max(float(sure), 0.0), 1.0))
        for (x, y), sure in zip(points, visibility, strict=True)
    )
