"""An exercise's illustration: its key poses, props and working side, as the content library holds it.

Most exercises are drawn as the whole figure from a camera; the foot exercises, which happen inside the
foot, as a close-up of one foot seen from its inner side (``foot_poses``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from hipcoach.domain.figure.foot import FootPose
from hipcoach.domain.figure.skeleton import Camera, Joint, Pose, Side, mirror
from hipcoach.domain.figure.svg import Prop, animated_svg, foot_animated_svg, foot_strip_svg, strip_svg


@dataclass(frozen=True)
class Illustration:
    exercise_id: str
    poses: tuple[Pose, ...] = ()  # 2-4 key poses of the whole figure, looped in this order
    camera: Camera = field(default_factory=Camera.side)
    props: tuple[Prop, ...] = ()
    working: Side | None = Side.RIGHT  # the side that works (drawn darker); None when both work alike
    per_side: bool = True  # the other side is the mirror image
    seconds_per_pose: float = 1.2
    foot_poses: tuple[FootPose, ...] = ()  # instead of ``poses``: a close-up of the working foot
    both_directions: bool = False  # the loop runs through the poses, then back the other way round
    trace: tuple[Joint, ...] = ()  # joints whose path is drawn dashed (a knee circling); weights always are
    level: int | None = None  # the ladder level this drawing shows; None: the exercise as it is named
    levels: tuple[Illustration, ...] = ()  # drawings of ladder levels done in another position

    def at_level(self, level: int | None) -> Illustration:
        """The drawing of ``level`` where that level is done in a position of its own (the tall-kneeling
        halo, both knees down), else this one."""
        return next((drawn for drawn in self.levels if drawn.level == level), self)

    @property
    def pose_names(self) -> list[str]:
        return [pose.name for pose in self.foot_poses or self.poses]

    @property
    def _level_suffix(self) -> str:
        return "" if self.level is None else f"-level-{self.level}"

    @property
    def _flip(self) -> bool:
        """The close-up is drawn as the right foot; the left one is its mirror image."""
        return self.working is Side.LEFT

    def animated(self, title: str, description: str, figure_id: str | None = None) -> str:
        figure_id = figure_id or f"fig-{self.exercise_id}{self._level_suffix}"
        if self.foot_poses:
            return foot_animated_svg(
                self.foot_poses,
                title,
                description,
                self.seconds_per_pose,
                flip=self._flip,
                figure_id=figure_id,
            )
        return animated_svg(
            self.poses,
            title,
            description,
            self.seconds_per_pose,
            self.props,
            working=self.working,
            figure_id=figure_id,
            camera=self.camera,
            both_directions=self.both_directions,
            trace=self.trace,
        )

    def strip(self, title: str, description: str, figure_id: str | None = None) -> str:
        figure_id = figure_id or f"strip-{self.exercise_id}{self._level_suffix}"
        if self.foot_poses:
            return foot_strip_svg(self.foot_poses, title, description, flip=self._flip, figure_id=figure_id)
        return strip_svg(
            self.poses,
            title,
            description,
            props=self.props,
            working=self.working,
            figure_id=figure_id,
            camera=self.camera,
            trace=self.trace,
        )

    def on_side(self, side: Side | None) -> Illustration:
        """The illustration with ``side`` working: the mirror image where the drawn side is the other one.

        The figure is reflected across its midline and the camera swings round to the other side, so the
        picture is the drawn one flipped left to right: the working side stays the near one. Only a per-side
        exercise is mirrored; one where both sides work alike, or that is drawn one way only, stays as it is.
        """
        if side is None or not self.per_side or self.working in (None, side):
            return self
        return replace(
            self,
            camera=replace(self.camera, turn=180.0 - self.camera.turn),
            poses=tuple(mirror(pose) for pose in self.poses),
            props=tuple(prop.mirrored() for prop in self.props),
            trace=tuple(joint.mirrored for joint in self.trace),
            working=side,
        )
