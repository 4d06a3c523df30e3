"""What more than one page uses: the page for a runner without a program, the red-flag questions grouped by
what a yes means, an exercise's stick figure as inline SVG, and reading a form."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Literal

from fastapi import Form, Request, Response
from markupsafe import Markup

from hipcoach.content.figures import figure_text
from hipcoach.domain.anatomy import Side
from hipcoach.domain.content import Exercise, Library, RedFlag, RedFlagLevel
from hipcoach.domain.figure.illustration import Illustration
from hipcoach.web.templating import render

TextField = Annotated[str, Form()]


def no_program(request: Request) -> Response:
    """The page for a runner without a program yet: the screening comes first."""
    return render(request, "program/none.html")


def sentence(error: Exception) -> str:
    """A service's message ("time zone ... unknown") as a sentence for the page: capitalised, full stop."""
    message = str(error)
    return message[:1].upper() + message[1:] + "."


async def form_values(request: Request) -> dict[str, str]:
    """The submitted form's text fields (the last value of a repeated one)."""
    form = await request.form()
    return {key: value for key, value in form.multi_items() if isinstance(value, str)}


# --- red flags -------------------------------------------------------------------------------------------

# The legend says what a "yes" in the group leads to: the runner sees why each question is asked.
_GROUP_LEGENDS = (
    (RedFlagLevel.URGENT, "Warning signs that need care today"),
    (RedFlagLevel.REFER, "Warning signs a clinician should check first"),
    (RedFlagLevel.NOTE, "Worth mentioning to a clinician"),
)


@dataclass(frozen=True)
class FlagGroup:
    level: RedFlagLevel
    legend: str
    flags: tuple[RedFlag, ...]


def flag_groups(library: Library) -> tuple[FlagGroup, ...]:
    """The red-flag questions grouped by what a yes means, most urgent first; empty groups left out."""
    groups = []
    for level, legend in _GROUP_LEGENDS:
        flags = tuple(f for f in library.red_flags.values() if f.level is level)
        if flags:
            groups.append(FlagGroup(level, legend, flags))
    return tuple(groups)


# --- the stick figure ------------------------------------------------------------------------------------


def figure_svg(
    library: Library,
    exercise: Exercise,
    kind: Literal["animated", "strip"] = "animated",
    prefix: str = "",
    side: Side | None = None,
) -> Markup | None:
    """The exercise's figure as inline SVG (None without an illustration), with ``side`` working if given.

    Markup is safe here: our own renderer writes the SVG and escapes every text it puts in it. ``prefix``
    keeps the ids inside the SVG unique where one page shows the same figure twice.
    """
    drawn = library.illustrations.get(exercise.id)
    if drawn is None:
        return None
    return _drawn(exercise, drawn, kind, prefix, side)


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
    if illustration is not drawn:
        figure_id += f"-{side}"
    draw = illustration.animated if kind == "animated" else illustration.strip
    return Markup(draw(title, description, figure_id))
