"""The ideal key pose shown beside the runner's: an illustration of good form [D], not a target number.

Where the exercise has an illustration in the content library (the lunge, the step-up) its key pose is used,
so the video page and the exercise page draw the same figure; otherwise the pose the protocol defines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hipcoach.domain.figure.skeleton import Camera, Pose, View
from hipcoach.domain.motion.protocols import PROTOCOLS, VideoTest

if TYPE_CHECKING:
    from hipcoach.domain.content import Library


def ideal_pose(
    test: VideoTest, view: View = View.SIDE, *, library: Library | None = None
) -> tuple[Pose, Camera]:
    """The ideal key pose of ``test`` (right leg working) and the camera to draw it from ``view``.

    ``library``: the content to read the illustration from (default: the packaged content).
    """
    protocol = PROTOCOLS[test]
    pose, camera = protocol.ideal, Camera.of(view)
    if protocol.illustration is not None:
        if library is None:
            from hipcoach.content import default_library

            library = default_library()
        exercise_id, pose_name = protocol.illustration
        drawn = library.illustrations.get(exercise_id)
        found = [key for key in drawn.poses if key.name == pose_name] if drawn is not None else []
        if drawn is not None and found:
            pose = found[0]
            camera = drawn.camera if view is View.SIDE else Camera.of(view)
    return pose, camera
