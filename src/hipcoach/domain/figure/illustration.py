"""An exercise's illustration: its key poses, props and working side, as the content library holds it."""

from __future__ import annotations

from dataclasses import dataclass

from hipcoach.domain.figure.skeleton import Pose, Side, View
from hipcoach.domain.figure.svg import Prop, animated_svg, strip_svg


@dataclass(frozen=True)
class Illustration:
    exercise_id: str
    view: View
    poses: tuple[Pose, ...]  # 2-4 key poses, looped in this order
    props: tuple[Prop, ...] = ()
    working: Side | None = Side.RIGHT  # the side that works (drawn darker); None when both work alike
    per_side: bool = True  # the other side is the mirror image
    seconds_per_pose: float = 1.2

    def animated(self, title: str, description: str, figure_id: str | None = None) -> str:
        return animated_svg(
            self.poses,
            title,
            description,
            self.seconds_per_pose,
            self.props,
            working=self.working,
            figure_id=figure_id or f"fig-{self.exercise_id}",
        )

    def strip(self, title: str, description: str, figure_id: str | None = None) -> str:
        return strip_svg(
            self.poses,
            title,
            description,
            props=self.props,
            working=self.working,
            figure_id=figure_id or f"strip-{self.exercise_id}",
        )
