"""Hipcoach's own figure rendered as a filled "mannequin" (tapered skin-coloured limbs, shorts, a shirt, a
head with hair) on a plain wall, which BlazePose sees as a person: videos whose joint angles are known exactly
(tests/unit/video/test_pose.py), and clips of one person seen square from the side for the tests that upload
a video (``figure_clip``)."""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path

import numpy as np
import numpy.typing as npt
from PIL import Image, ImageDraw

from hipcoach.domain.anatomy import Side
from hipcoach.domain.figure import Camera, Joint, LimbAngles, Pose, place
from hipcoach.domain.figure.kinematics import view_point

Floats = npt.NDArray[np.float64]

WIDTH, HEIGHT, PIXELS_PER_HEIGHT, FLOOR = 480, 640, 520, 600
SKIN, SHIRT, SHORTS, SHOE, HAIR = (222, 170, 135), (40, 90, 170), (35, 35, 45), (245, 245, 245), (60, 40, 30)
SQUAT_FRAMES = 60
KNEE, HIP, ANKLE, TRUNK = 90.0, 75.0, 30.0, 35.0  # the squat's bottom


def squat_depth(frame: int) -> float:
    """0 standing, 1 at the bottom (the middle frame), on a cosine."""
    return 0.5 - 0.5 * math.cos(2 * math.pi * frame / SQUAT_FRAMES)


def squat(depth: float) -> Pose:
    legs = LimbAngles(hip=HIP * depth, knee=KNEE * depth, ankle=ANKLE * depth, shoulder=70 * depth)
    return Pose("squat", trunk=TRUNK * depth, left=legs, right=legs)


def mannequin(pose: Pose, camera: Camera | None = None) -> np.ndarray:
    """The posed figure seen by ``camera`` (from its right side, facing screen-right, by default), filled,
    on a plain wall."""
    camera = camera or Camera.side()
    points: dict[Joint, Floats] = {}
    depth: dict[Joint, float] = {}
    for joint, position in place(pose).items():
        x, y, towards_viewer = view_point(position, camera)
        points[joint] = np.array((WIDTH / 2 + x * PIXELS_PER_HEIGHT, FLOOR - y * PIXELS_PER_HEIGHT))
        depth[joint] = towards_viewer
    image = Image.new("RGB", (WIDTH, HEIGHT), (205, 205, 198))
    draw = ImageDraw.Draw(image)

    def limb(
        start: Floats, end: Floats, start_radius: float, end_radius: float, colour: tuple[int, ...]
    ) -> None:
        along = end - start
        across = np.array((-along[1], along[0])) / (np.hypot(*along) or 1.0)
        a, b = start_radius * PIXELS_PER_HEIGHT, end_radius * PIXELS_PER_HEIGHT
        corners = (start + across * a, end + across * b, end - across * b, start - across * a)
        draw.polygon([(float(x), float(y)) for x, y in corners], fill=colour)
        for (x, y), r in ((start, a), (end, b)):
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)

    def side_of_body(side: Side, shade: float) -> None:
        def at(part: str) -> Floats:
            return points[Joint.of(side, part)]

        def tint(colour: tuple[int, int, int]) -> tuple[int, ...]:
            return tuple(int(value * shade) for value in colour)

        limb(at("hip"), at("knee"), 0.05, 0.033, tint(SKIN))
        limb(at("hip"), at("hip") + 0.45 * (at("knee") - at("hip")), 0.056, 0.048, tint(SHORTS))
        limb(at("knee"), at("ankle"), 0.034, 0.02, tint(SKIN))
        limb(at("ankle"), at("heel"), 0.024, 0.022, tint(SHOE))
        limb(at("heel"), at("toe"), 0.022, 0.016, tint(SHOE))
        limb(at("shoulder"), at("elbow"), 0.03, 0.024, tint(SKIN))
        limb(at("shoulder"), at("shoulder") + 0.4 * (at("elbow") - at("shoulder")), 0.034, 0.03, tint(SHIRT))
        limb(at("elbow"), at("wrist"), 0.024, 0.018, tint(SKIN))
        limb(at("wrist"), at("hand"), 0.02, 0.018, tint(SKIN))

    far, near = sorted(Side, key=lambda side: depth[Joint.of(side, "hip")])
    side_of_body(far, 0.8)
    neck, pelvis, head = points[Joint.NECK], points[Joint.PELVIS], points[Joint.HEAD]
    limb(pelvis, pelvis + 0.35 * (neck - pelvis), 0.075, 0.068, SHORTS)
    limb(pelvis + 0.3 * (neck - pelvis), neck, 0.07, 0.075, SHIRT)
    limb(neck, neck + 0.5 * (head - neck), 0.025, 0.025, SKIN)
    r = 0.062 * PIXELS_PER_HEIGHT
    box = (head[0] - r, head[1] - r, head[0] + r, head[1] + r)
    draw.ellipse(box, fill=SKIN)
    draw.chord(box, 150, 390, fill=HAIR)  # hair on the back of the head: the figure faces screen-right
    side_of_body(near, 1.0)
    return np.asarray(image)


def figure_clip(target: Path, bottom: Pose | None = None, facing: Side = Side.RIGHT, fps: int = 30) -> Path:
    """Two seconds of the mannequin going from standing down to ``bottom`` and back (a squat by default),
    seen square from its ``facing`` side (that leg nearer the camera), as an H.264 MP4 at ``target``: one
    person, side-on, throughout."""
    import av

    from tests.unit.video.figure_clips import down_and_up

    camera = Camera.side() if facing is Side.RIGHT else Camera(180.0)
    pose_at = (
        (lambda index: squat(squat_depth(index)))
        if bottom is None
        else down_and_up(Pose("standing"), bottom, SQUAT_FRAMES + 1)
    )
    with av.open(str(target), "w") as writer:
        out = writer.add_stream("libx264", rate=fps)
        out.width, out.height, out.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        out.codec_context.time_base = Fraction(1, fps)
        for index in range(SQUAT_FRAMES):
            picture = av.VideoFrame.from_ndarray(mannequin(pose_at(index), camera), format="rgb24")
            picture = picture.reformat(format="yuv420p")
            picture.pts, picture.time_base = index, Fraction(1, fps)
            for packet in out.encode(picture):
                writer.mux(packet)
        for packet in out.encode():
            writer.mux(packet)
    return target


def y_balance_clip(target: Path) -> Path:
    """The mannequin reaching forward on its left leg (the Y-balance's anterior reach), seen from its left."""
    from hipcoach.domain.figure import mirror
    from hipcoach.domain.motion.protocols import VideoTest
    from hipcoach.video.ideal import ideal_pose

    reach, _ = ideal_pose(VideoTest.Y_BALANCE)  # on the right leg
    return figure_clip(target, mirror(reach), Side.LEFT)
