"""Text and sides of an exercise's figure: shared by the web pages, the player and the CLI."""

from __future__ import annotations

from dataclasses import replace

from hipcoach.domain.content import Exercise
from hipcoach.domain.figure.illustration import Illustration
from hipcoach.domain.figure.skeleton import Joint, Side, mirror


def _first_sentence(text: str) -> str:
    head, dot, _ = text.strip().partition(". ")
    return head + "." if dot else head


def figure_text(exercise: Exercise, illustration: Illustration) -> tuple[str, str]:
    """The figure's text alternative: (title, description) for its <title> and <desc>.

    The description says what the exercise does, which side works and names the key poses in order, so a
    reader who cannot see the picture gets what it shows.
    """
    if illustration.working is None:
        side = "Both sides work alike."
    elif illustration.per_side:
        side = (
            f"The {illustration.working.value} side works and is drawn darker; "
            "the other side is done the same way, mirrored."
        )
    else:
        side = f"The {illustration.working.value} side works and is drawn darker."
    poses = "; ".join(f"{index}. {pose.name}" for index, pose in enumerate(illustration.poses, start=1))
    return exercise.name, f"{_first_sentence(exercise.summary)} {side} The key poses are: {poses}."


def _other_joint(joint: Joint | None) -> Joint | None:
    if joint is None or joint.side is None:
        return joint
    return Joint.of(joint.side.other, joint.part)


def on_side(illustration: Illustration, side: Side | None) -> Illustration:
    """The illustration with ``side`` working: the mirror image where the drawn side is the other one.

    Only a per-side exercise is mirrored; one where both sides work alike, or that is drawn one way only,
    stays as it is.
    """
    if side is None or not illustration.per_side or illustration.working in (None, side):
        return illustration
    return replace(
        illustration,
        poses=tuple(mirror(pose) for pose in illustration.poses),
        props=tuple(replace(prop, joint=_other_joint(prop.joint)) for prop in illustration.props),
        working=side,
    )
