"""What more than one page uses: the page for a runner without a program, the red-flag questions grouped by
what a yes means, an exercise's stick figure as inline SVG, and reading a form."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Form, Request, Response

from hipcoach.domain.content import RedFlag, RedFlagLevel
from hipcoach.web.templating import render

TextField = Annotated[str, Form()]


def no_program(request: Request) -> Response:
    """The page for a runner without a program yet: the screening comes first."""
    return render(request, "program/none.html")


def sentence(error: Exception) -> str:
    """A service's message ("time zone ... unknown") as a sentence for the page: capitalised, full stop."""
    message = str(error).rstrip()
    ending = "" if message.endswith((".", "!", "?")) else "."
    return message[:1].upper() + message[1:] + ending


async def form_values(request: Request) -> dict[str, str]:
    """The submitted form's text fields (the last value of a repeated one)."""
    form = await request.form()
    return {key: value for key, value in form.multi_items() if isinstance(value, str)}


# --- red flags and other yes/no questions ----------------------------------------------------------------

# The legend says what a "yes" in the group leads to: the runner sees why each question is asked.
_GROUP_LEGENDS = (
    (RedFlagLevel.URGENT, "Warning signs that need care today"),
    (RedFlagLevel.BONE_STRESS, "Signs of a possible stress fracture: stop running today"),
    (RedFlagLevel.REFER, "Warning signs a clinician should check first"),
    (RedFlagLevel.NOTE, "Worth mentioning to a clinician"),
)
YES, NO = "yes", "no"
# A question's radio group in a form is named after its id: "sign.knee-pain", "flag.night-pain".
SIGN_FIELD, FLAG_FIELD = "sign.", "flag."


@dataclass(frozen=True)
class FlagGroup:
    level: RedFlagLevel
    legend: str
    flags: tuple[RedFlag, ...]


def flag_groups(flags: Iterable[RedFlag]) -> tuple[FlagGroup, ...]:
    """The red-flag questions grouped by what a yes means, most urgent first; empty groups left out."""
    flags = tuple(flags)
    groups = []
    for level, legend in _GROUP_LEGENDS:
        of_level = tuple(f for f in flags if f.level is level)
        if of_level:
            groups.append(FlagGroup(level, legend, of_level))
    return tuple(groups)


def yes_no_answers(values: Mapping[str, str], prefix: str) -> dict[str, bool]:
    """The answers of the form's ``prefix.<id>`` radio groups: "yes" and "no" only; anything else (or no
    choice) leaves the question unanswered, never a no."""
    answers = {}
    for name, value in values.items():
        if name.startswith(prefix) and value in (YES, NO):
            answers[name.removeprefix(prefix)] = value == YES
    return answers


async def _flag_answers(request: Request) -> dict[str, bool]:
    return yes_no_answers(await form_values(request), FLAG_FIELD)


# The red-flag answers of the submitted form, for a route that reads its other fields as parameters.
FlagAnswers = Annotated[dict[str, bool], Depends(_flag_answers)]


def unanswered_questions(
    ids: Iterable[str], fields: Mapping[str, tuple[str, str]]
) -> tuple[tuple[str, str], ...]:
    """(anchor, question) of each question left unanswered, for the list of what still needs an answer;
    ``fields`` maps a question's id to its form field's name and its question."""
    listed = []
    for question_id in ids:
        name, question = fields.get(question_id, (question_id, question_id))
        listed.append((name.replace(".", "-"), question))
    return tuple(listed)
