"""The assessment battery form, shared by the runner's pages and the clinician's (who enters one as the
tester): which tests, the sections of the battery, reading the typed values, and the two screens.

The form uses the battery's own keys (``y-balance.left.anterior.2``) as field names, so the values typed go
back into the form untouched when something is wrong, and nothing is saved until all of it is right. The
screens post to the URLs they are given; without them, to the runner's own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from pydantic import ValidationError

from hipcoach.domain.assessment.balance import Scoring
from hipcoach.domain.assessment.battery import FIELDS, PSFS_SLOTS, SIDES, Grid, Problem, TestId, grids
from hipcoach.services import assessments as svc
from hipcoach.services.assessment_input import AssessmentRecord, problems_of
from hipcoach.services.context import Hipcoach
from hipcoach.services.onboarding import decimal_number
from hipcoach.web.templating import render

ACTIVITY_FIELD = "psfs-activity.{slot}"
CONTEXT_FIELDS = ("on", "tester", "sex", "age", "body_mass_kg", "scoring", "notes")
NOT_VALUES = ("tests", "csrf_token")  # form fields that are not the battery's values


def field_id(key: str) -> str:
    return "f-" + key.replace(".", "-")


@dataclass
class Section:
    test: TestId
    protocol: Any
    grids: tuple[Grid, ...] = field(default_factory=tuple)


def sections(app: Hipcoach, tests: Sequence[TestId]) -> list[Section]:
    return [Section(test, app.library.protocols[test.value], grids(test)) for test in tests]


def chosen_tests(raw: Sequence[str]) -> list[TestId]:
    wanted = set(raw)
    return [test for test in TestId if test.value in wanted]


# --- reading the form ------------------------------------------------------------------------------------


async def form_values(request: Request) -> dict[str, list[str]]:
    form = await request.form()
    values: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            values.setdefault(key, []).append(value)
    return values


FormValues = Annotated[dict[str, list[str]], Depends(form_values)]


def typed_values(form: Mapping[str, list[str]]) -> dict[str, str]:
    """What was typed in each field (the last value of a repeated one), to read and to show again."""
    return {key: items[-1] for key, items in form.items() if key not in NOT_VALUES}


@dataclass(frozen=True)
class Parsed:
    record: AssessmentRecord | None
    problems: tuple[Problem, ...]


def parse_form(tests: Sequence[TestId], values: Mapping[str, str]) -> Parsed:
    """The record the form describes, or every value that is not even a number, named.

    Turning the typed text into numbers (a decimal comma is fine) is the form's part; the rest is checked
    by ``AssessmentRecord``, as for the API and the CLI.
    """
    problems: list[Problem] = []
    readings: dict[str, float] = {}
    for test in tests:
        for spec in FIELDS[test]:
            raw = values.get(spec.key, "").strip()
            if not raw:
                continue
            number = decimal_number(raw)
            if number is None:
                problems.append(Problem(test, f"{spec.label}: “{raw}” is not a number in {spec.unit}"))
            else:
                readings[spec.key] = number
    activities: dict[int, str] = {}
    if TestId.PSFS in tests:
        for slot in PSFS_SLOTS:
            name = values.get(ACTIVITY_FIELD.format(slot=slot), "").strip()
            if name:
                activities[slot] = name
    context: dict[str, Any] = {
        key: values.get(key, "").strip() or None for key in ("on", "sex", "age", "body_mass_kg", "scoring")
    }
    if context["body_mass_kg"] is not None:
        mass = decimal_number(context["body_mass_kg"])
        if mass is not None:  # otherwise the text goes on, for the model to name it
            context["body_mass_kg"] = mass
    if context["scoring"] is None:
        del context["scoring"]
    try:
        record = AssessmentRecord.model_validate(
            context
            | {
                "readings": readings,
                "psfs_activities": activities,
                "tester": values.get("tester", ""),
                "notes": values.get("notes", ""),
            }
        )
    except ValidationError as error:
        return Parsed(None, tuple(problems) + problems_of(error))
    return Parsed(None, tuple(problems)) if problems else Parsed(record, ())


def context_values(app: Hipcoach, profile_id: int, today: date) -> dict[str, str]:
    """The "about this assessment" fields filled with what the runner's profile already knows."""
    known = svc.defaults(app, profile_id)
    values = {
        "on": today.isoformat(),
        "tester": "",
        "sex": known.sex.value if known.sex else "",
        "age": str(known.age) if known.age is not None else "",
        "body_mass_kg": f"{known.body_mass_kg:g}" if known.body_mass_kg is not None else "",
        "scoring": Scoring.MEAN_OF_3.value,
        "notes": "",
    }
    if known.limb_length_cm is not None:
        for side in SIDES:
            values[f"y-balance.{side}.limb-length"] = f"{known.limb_length_cm:g}"
    return values


# --- the two screens -------------------------------------------------------------------------------------


def choose_page(
    request: Request,
    app: Hipcoach,
    values: Mapping[str, str],
    checked: set[str],
    error: str | None = None,
    **extra: Any,
) -> Response:
    """Choose the tests and the context; ``extra`` may give ``choose_url`` (where the choice goes)."""
    return render(
        request,
        "assessments/choose.html",
        status_code=400 if error else 200,
        protocols=[app.library.protocols[t.value] for t in TestId],
        checked=checked,
        values=values,
        scorings=Scoring,
        error=error,
        **extra,
    )


def battery_page(
    request: Request,
    app: Hipcoach,
    tests: Sequence[TestId],
    values: Mapping[str, str],
    problems: Sequence[Problem],
    **extra: Any,
) -> Response:
    """The battery, one test per screen, with every problem by its test; ``extra`` may give ``form_url``
    (where it is saved), ``tester_fixed`` (who tests, not asked) and ``reason_max`` (a reason is asked)."""
    by_test: dict[str, list[str]] = {}
    for problem in problems:
        by_test.setdefault(problem.test.value if problem.test else "about", []).append(problem.message)
    return render(
        request,
        "assessments/battery.html",
        status_code=400 if problems else 200,
        tests=tests,
        sections=sections(app, tests),
        values=values,
        problems=problems,
        by_test=by_test,
        field_id=field_id,
        scorings=Scoring,
        psfs_slots=PSFS_SLOTS,
        activity_field=ACTIVITY_FIELD,
        protocol_names={t.value: app.library.protocols[t.value].name for t in TestId},
        **extra,
    )
