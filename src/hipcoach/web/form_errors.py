"""Every problem of a refused form at once, each by its field, in sentence case.

A page reads each field on its own and keeps going after a bad one, so the runner sees all that is wrong
in one go (the GOV.UK error-summary pattern: a list at the top linking to the fields, the message again
beside each field). ``macros.html`` shows them: ``error_summary``, ``field_error``, ``described``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TypeVar

from pydantic import ValidationError

from hipcoach.domain import measures
from hipcoach.domain.measures import InvalidMeasurement
from hipcoach.services.errors import InvalidFields, InvalidInput
from hipcoach.services.onboarding import whole_number

T = TypeVar("T")

# What Pydantic puts before a validator's own message; the runner never reads it.
_PYDANTIC_PREFIXES = ("Value error, ", "Assertion failed, ")


def as_sentence(message: str) -> str:
    """A message as a sentence: capital first letter, one full stop (or its own ? or !) at the end."""
    text = message.strip()
    for prefix in _PYDANTIC_PREFIXES:
        text = text.removeprefix(prefix)
    text = text[:1].upper() + text[1:]
    return text if re.search(r"[.!?]$", text) else text + "."


def anchor_of(field: str) -> str:
    """The id of a field's input: its name with dots as dashes (``flag.night-pain`` → ``flag-night-pain``)."""
    return field.replace(".", "-")


@dataclass(frozen=True)
class FieldProblem:
    field: str  # the form field's name
    message: str  # a sentence
    anchor: str  # the id of the input the summary's link focuses

    @property
    def error_id(self) -> str:
        return anchor_of(self.field) + "-error"


class FormErrors:
    """The problems of one submission, in the order the fields were read; the first per field counts."""

    def __init__(self, anchors: Mapping[str, str] | None = None) -> None:
        """``anchors``: the input to focus for a field whose id is not its name (a radio group's first)."""
        self._problems: dict[str, FieldProblem] = {}
        self._anchors = dict(anchors or {})

    def add(self, field: str, problem: str | Exception, anchor: str | None = None) -> None:
        if field not in self._problems:
            message = as_sentence(str(problem))
            where = anchor or self._anchors.get(field) or anchor_of(field)
            self._problems[field] = FieldProblem(field, message, where)

    def check(self, field: str, read: Callable[[], T], anchor: str | None = None) -> T | None:
        """What ``read`` returns, or None with its problem noted against ``field``."""
        try:
            return read()
        except InvalidFields as several:
            self.add_all(several)
        except (InvalidInput, InvalidMeasurement) as error:
            self.add(field, error, anchor)
        return None

    def add_all(self, several: InvalidFields) -> None:
        for field, message in several.problems.items():
            self.add(field, message)

    def add_validation(
        self,
        error: ValidationError,
        labels: Mapping[str, str],
        fields: Mapping[str, str] | None = None,
    ) -> None:
        """A Pydantic refusal, one message per field: ``labels`` names a model field for the runner ("Input
        should be at most 10" becomes "Pain should be at most 10"; so does "String should ..."), ``fields``
        maps it to the form's field where the names differ. The bounds in the message are the model's own."""
        for item in error.errors():
            name = ".".join(str(part) for part in item["loc"] if part != "body")
            label = labels.get(name, "This answer")
            message = str(item["msg"])
            subject = re.match(
                r"(Input|String|List|Value|Tuple|Set|Dictionary|Date|Datetime|Time) should ", message
            )
            if subject:
                message = label + message.removeprefix(subject.group(1))
            elif message.startswith("Field required"):
                message = f"Please give {label[:1].lower() + label[1:]}"
            self.add((fields or {}).get(name, name), message)

    def get(self, field: str) -> str | None:
        problem = self._problems.get(field)
        return problem.message if problem else None

    def __contains__(self, field: object) -> bool:
        return field in self._problems

    def __iter__(self) -> Iterator[FieldProblem]:
        return iter(self._problems.values())

    def __len__(self) -> int:
        return len(self._problems)

    def __bool__(self) -> bool:
        return bool(self._problems)


def read_rating(errors: FormErrors, field: str, label: str, raw: str, required: bool = True) -> int | None:
    """A 0-10 rating typed into ``field`` (pain, tightness, effort), its range the domain's."""
    return errors.check(field, lambda: measures.scale(label, whole_number(label, raw, required=required)))


def add_unanswered(errors: FormErrors, questions: Iterable[tuple[str, str]]) -> None:
    """Each yes/no question left without an answer, (its field, its question): the summary lists the
    question, its fieldset says "Please answer yes or no"."""
    for field, question in questions:
        errors.add(field, question)


def one_problem(field: str, problem: str | Exception, anchors: Mapping[str, str] | None = None) -> FormErrors:
    """A refusal that belongs to one field (a service's answer after every field read well)."""
    errors = FormErrors(anchors)
    errors.add(field, problem)
    return errors
