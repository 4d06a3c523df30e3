"""Dates, times and text as every door takes them in, for the API's bodies and any model of a use case.

A date or time is ISO 8601 text, never a number (JSON's 0 was read as 1970-01-01), and not before the earliest
day the domain accepts (``measures.EARLIEST_DAY``). Text holds no NUL character (``measures.NUL``), which
PostgreSQL cannot store: the web app refuses it at its door for every route (``web.text_guard``), and a model
that also comes from a file (the CLI's) carries ``NoNul`` on its text.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BeforeValidator
from pydantic_core import PydanticCustomError

from hipcoach.domain import measures


def _date_as_text(value: object) -> object:
    if isinstance(value, date | str):  # a date handed in from Python, or ISO text
        return value
    raise ValueError("a date is written as text, YYYY-MM-DD (for example 2026-11-02), never as a number")


def _time_as_text(value: object) -> object:
    if isinstance(value, datetime | str):
        return value
    raise ValueError(
        "a time is written as text with its UTC offset (for example 2026-11-02T07:30:00+01:00), "
        "never as a number"
    )


def _day_not_too_early(day: date) -> date:
    return measures.not_too_early("the date", day)


def _time_not_too_early(moment: datetime) -> datetime:
    measures.not_too_early("the date", moment.date())  # the day where it happened, at its own UTC offset
    return moment


NUL_MESSAGE = f"the text {measures.NUL_REFUSED}"


def _no_nul(text: str) -> str:
    if measures.NUL in text:
        raise PydanticCustomError("string_nul", NUL_MESSAGE)
    return text


NoNul = AfterValidator(_no_nul)
IsoDate = Annotated[date, BeforeValidator(_date_as_text), AfterValidator(_day_not_too_early)]
IsoDateTime = Annotated[AwareDatetime, BeforeValidator(_time_as_text), AfterValidator(_time_not_too_early)]
