"""What a video must show before its angles are given: a person, the working leg's foot and the hips in the
picture, and the view the test is measured from. Each refusal is one sentence telling the runner what to
film differently; it never carries a number (there is none to trust yet).

Whether the working leg is the one nearer the camera is not checked: a pose model labels the far leg of a
side view with little certainty either way, and nothing here could tell a wrong ``--side`` from a leg hidden
behind the other, so the clip is analysed and its untrusted frames say what was hidden.
"""

from __future__ import annotations

import numpy as np

from hipcoach.domain.anatomy import Side
from hipcoach.domain.figure.skeleton import View
from hipcoach.domain.motion.landmarks import LandmarkTrack, Part
from hipcoach.domain.motion.people import Followed
from hipcoach.domain.motion.protocols import Protocol
from hipcoach.video.errors import VideoRefused

# [D] A clip is a recording of one person doing the test: with nobody found in half of it or more, or the
# person measured (``domain.motion.people``) in less than half of it, what is left is too little to measure.
PERSON_SHARE_MIN = 0.5
# [D] The working foot and the hips must be trusted in most of the frames with a person, or the key moment
# would be found among the few frames that happened to show them.
VISIBLE_SHARE_MIN = 0.5

# [D] How turned the body is, read from the picture: the left-right spread of the hips and of the shoulders
# against the torso's length, (|hips dx| + |shoulders dx|) / (2 x torso), the median of the frames where all
# four are trusted. Measured on hipcoach's own figure (Winter's proportions; tests/unit/video/test_checks.py):
# 0 seen square from the side, 0.14 at 10 degrees off the side, 0.27 at 20, 0.39-0.40 at 30, 0.55-0.59 at
# 45 and 0.78-0.90 from the front, in every ideal key pose. Measured with BlazePose on the demo video
# (.cache/video/demo.mp4, 30 fps, 20-frame windows): a man facing the camera 0.47-0.53, the same man and a
# woman walking side on 0.04-0.14; a real body's landmark hips sit closer together than the figure's, so its
# front view reads lower. A side view is refused above 0.35 (the figure turned 30 degrees or more off the
# side, a real person facing the camera); a front view below 0.20 (the figure within about 15 degrees of the
# side, a real person side on). Between the two the clip is analysed: a phone a little off square still
# measures roughly (BRIEF §11's 4-17 degree error), but the angles of one view mean nothing from the other.
SIDE_SPREAD_MAX = 0.35
FRONT_SPREAD_MIN = 0.20


def check_view(protocol: Protocol, view: View) -> None:
    """Refuse a view the test gives no numbers from (the Y-balance reach is measured from the side)."""
    if view in protocol.views:
        return
    wanted = " or ".join(f"a {shown.value} view" for shown in protocol.views)
    raise VideoRefused(
        f"The {protocol.name} is measured from {wanted}, not from the {view.value}: film it again with"
        f" the phone {_placement(protocol.views[0], protocol.side_label)}."
    )


def check_clip(person_share: float, followed: Followed, protocol: Protocol, side: Side) -> None:
    """Refuse a clip with no one in most of it, or the same person in too little of it, filmed from the
    other view than ``track.view``, or with the working foot or the hips out of the picture."""
    if person_share < PERSON_SHARE_MIN:
        raise VideoRefused(
            "No one was found in most of the video: film again in good light, with your whole body in the"
            " picture from start to end."
        )
    if followed.share < PERSON_SHARE_MIN:
        raise VideoRefused(
            "More than one person was in the picture, and none of them in most of the video: film again"
            " with only you in the picture from start to end."
        )
    track = followed.track
    found = np.zeros(track.frame_count, dtype=np.bool_)
    for part in Part:
        for each in Side:
            found |= track.confident(each, part)
    if not found.any():
        raise VideoRefused(
            "No part of your body could be made out in the video: film again in good light, in clothes that"
            " stand out from the background."
        )
    # The view first: a side video analysed as a front one would otherwise be refused for a hidden leg.
    spread = body_spread(track)
    if spread is not None and track.view is View.SIDE and spread > SIDE_SPREAD_MAX:
        raise VideoRefused(
            f"This looks filmed from the front, but the {protocol.name} is measured here from the side: film"
            f" again with the phone {_placement(View.SIDE, protocol.side_label)}, or choose the front view."
        )
    if spread is not None and track.view is View.FRONT and spread < FRONT_SPREAD_MIN:
        raise VideoRefused(
            f"This looks filmed from the side, but you chose the front view: film again with the phone"
            f" {_placement(View.FRONT, protocol.side_label)}, or choose the side view."
        )
    foot = track.confident(side, Part.ANKLE) & track.confident(side, Part.TOE)
    if _share(foot, found) < VISIBLE_SHARE_MIN:
        raise VideoRefused(
            f"Your {side.value} foot is out of the picture or hidden in most of the video: step back from"
            " the phone, or tilt it down, so your whole body shows from head to feet."
        )
    hips = track.confident(Side.LEFT, Part.HIP) | track.confident(Side.RIGHT, Part.HIP)
    if _share(hips, found) < VISIBLE_SHARE_MIN:
        raise VideoRefused(
            "Your hips are out of the picture or hidden in most of the video: step back from the phone so"
            " your whole body shows from head to feet, in clothes that show your hips."
        )


def body_spread(track: LandmarkTrack) -> float | None:
    """How turned to the camera the body is (see ``SIDE_SPREAD_MAX``): 0 side on, 0.5-0.8 face on; None
    when no frame shows both hips and both shoulders."""
    sure = np.ones(track.frame_count, dtype=np.bool_)
    for each in Side:
        sure &= track.confident(each, Part.HIP) & track.confident(each, Part.SHOULDER)
    if not sure.any():
        return None

    def at(each: Side, part: Part) -> np.ndarray:
        return track.picture(each, part)[sure]

    hips = np.abs(at(Side.LEFT, Part.HIP)[:, 0] - at(Side.RIGHT, Part.HIP)[:, 0])
    shoulders = np.abs(at(Side.LEFT, Part.SHOULDER)[:, 0] - at(Side.RIGHT, Part.SHOULDER)[:, 0])
    mid_hip = (at(Side.LEFT, Part.HIP) + at(Side.RIGHT, Part.HIP)) / 2
    mid_shoulder = (at(Side.LEFT, Part.SHOULDER) + at(Side.RIGHT, Part.SHOULDER)) / 2
    torso = np.hypot(*(mid_shoulder - mid_hip).T)
    usable = torso > 0
    if not usable.any():
        return None
    return float(np.median((hips[usable] + shoulders[usable]) / (2 * torso[usable])))


def _share(shown: np.ndarray, found: np.ndarray) -> float:
    return float(np.mean(shown[found]))


def _placement(view: View, leg: str) -> str:
    if view is View.SIDE:
        return f"square to the side of your {leg}, about hip height"
    return "straight in front of you at knee height"
