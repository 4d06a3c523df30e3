"""An exercise's figure as SVG, with its text and sides: shared by the web pages, the player, the printed
documents and the CLI."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from markupsafe import Markup

from hipcoach.domain.anatomy import Side
from hipcoach.domain.content import Exercise, Laterality, Library
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


def figure_svg(
    library: Library,
    exercise: Exercise,
    kind: Literal["animated", "strip"] = "animated",
    prefix: str = "",
    side: Side | None = None,
    level: int | None = None,
) -> Markup | None:
    """The exercise's figure as inline SVG (None without an illustration), with ``side`` working if given.

    ``level``: the runner's ladder level, drawn in its own position where it has one (the tall-kneeling halo).
    Markup is safe here: our own renderer writes the SVG and escapes every text it puts in it. ``prefix``
    keeps the ids inside the SVG unique where one page shows the same figure twice.
    """
    drawn = library.illustrations.get(exercise.id)
    if drawn is None:
        return None
    return _drawn(exercise, drawn.at_level(level), kind, prefix, side)


@lru_cache(maxsize=512)
def _drawn(
    exercise: Exercise,
    drawn: Illustration,
    kind: Literal["animated", "strip"],
    prefix: str,
    side: Side | None,
) -> Markup:
    # The same content always draws the same SVG; the session page shows a strip for every exercise.
    illustration = drawn.on_side(side)
    title, description = figure_text(exercise, illustration)
    figure_id = f"{prefix}{'fig' if kind == 'animated' else 'strip'}-{exercise.id}"
    if drawn.level is not None:
        figure_id += f"-level-{drawn.level}"
    if illustration is not drawn:
        figure_id += f"-{side}"
    draw = illustration.animated if kind == "animated" else illustration.strip
    return Markup(draw(title, description, figure_id))
