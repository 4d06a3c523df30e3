"""Text and sides of an exercise's figure: shared by the web pages, the player and the CLI."""

from __future__ import annotations

from hipcoach.domain.content import Exercise, Laterality
from hipcoach.domain.figure.illustration import Illustration


def _first_sentence(text: str) -> str:
    head, dot, _ = text.strip().partition(". ")
    return head + "." if dot else head


def figure_text(exercise: Exercise, illustration: Illustration) -> tuple[str, str]:
    """The figure's text alternative: (title, description) for its <title> and <desc>.

    The description says what the exercise does, which side works and names the key poses in order, so a
    reader who cannot see the picture gets what it shows.
    """
    if illustration.foot_poses:
        foot = illustration.working.value if illustration.working else "working"
        side = (
            f"A close-up of the {foot} foot, seen from its inner side, the big toe darker than the small "
            "toes; the other foot does the same."
        )
    elif illustration.working is None and exercise.laterality is Laterality.ALTERNATING:
        side = "The sides take turns; the side further away is drawn a shade lighter."
    elif illustration.working is None:
        side = "Both sides work alike."
    elif illustration.per_side:
        side = (
            f"The {illustration.working.value} side works and is drawn darker; "
            "the other side is done the same way, mirrored."
        )
    else:
        side = f"The {illustration.working.value} side works and is drawn darker."
    poses = "; ".join(f"{index}. {name}" for index, name in enumerate(illustration.pose_names, start=1))
    rung = exercise.level(illustration.level) if illustration.level is not None else None
    if rung is not None:  # a level done in a position of its own is named and described as that level
        return rung.name, f"{_first_sentence(rung.description)} {side} The key poses are: {poses}."
    return exercise.name, f"{_first_sentence(exercise.summary)} {side} The key poses are: {poses}."
