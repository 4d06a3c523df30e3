"""`hipcoach assess` at work: the guided entry one test at a time, and the answers file.

Loaded when the command runs, so building the command line loads no part of the battery.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.panel import Panel

from hipcoach.cli.assessment_view import test_name
from hipcoach.cli.common import console, fail
from hipcoach.domain.assessment.balance import Scoring
from hipcoach.domain.assessment.battery import FIELD_BY_KEY, FIELDS, PSFS_SLOTS, FieldSpec, Problem, TestId
from hipcoach.domain.assessment.common import Sex
from hipcoach.domain.assessment.strength import MuscleGroup

if TYPE_CHECKING:
    from hipcoach.domain.content import Library
    from hipcoach.services.assessment_input import AssessmentRecord
    from hipcoach.services.assessments import Defaults
    from hipcoach.services.context import Hipcoach

RUNNER_TESTS = (TestId.Y_BALANCE, TestId.KNEE_TO_WALL, TestId.PSFS)
NEEDS_SEX = (TestId.Y_BALANCE, TestId.ACTIVE_KNEE_EXTENSION)  # their reference values differ by sex


@dataclass
class Draft:
    """What has been entered so far; a test can be entered again without losing the others."""

    on: date
    tester: str
    sex: Sex | None
    age: int | None
    body_mass_kg: float | None
    scoring: Scoring = Scoring.MEAN_OF_3
    readings: dict[str, float] = field(default_factory=dict)
    psfs_activities: dict[int, str] = field(default_factory=dict)

    def record(self) -> AssessmentRecord:
        from hipcoach.services.assessment_input import AssessmentRecord

        return AssessmentRecord(
            assessed_on=self.on,
            readings=dict(self.readings),
            sex=self.sex,
            age=self.age,
            body_mass_kg=self.body_mass_kg,
            scoring=self.scoring,
            psfs_activities=dict(self.psfs_activities),
            tester=self.tester,
        )

    def forget(self, test: TestId) -> None:
        for spec in FIELDS[test]:
            self.readings.pop(spec.key, None)
        if test is TestId.PSFS:
            self.psfs_activities.clear()


def parse_tests(text: str) -> tuple[TestId, ...]:
    """Comma-separated test ids, in the battery's order; an unknown id is an error naming the choices."""
    wanted = {part.strip() for part in text.split(",") if part.strip()}
    known = {t.value for t in TestId}
    unknown = sorted(wanted - known)
    if unknown:
        raise ValueError(
            f"unknown test {', '.join(unknown)}; choose from {', '.join(t.value for t in TestId)}"
        )
    if not wanted:
        raise ValueError("choose at least one test")
    return tuple(t for t in TestId if t.value in wanted)


# --- answers file --------------------------------------------------------------------------------


def read_answers(
    path: Path, known: Defaults, tester: str | None, on: date | None, today: date
) -> AssessmentRecord:
    """An assessment from a JSON file in the API's shape; the profile fills in sex, age and body mass
    where the file has none, and ``--tester``/``--on`` win over the file."""
    from pydantic import ValidationError

    from hipcoach.services.assessment_input import AssessmentRecord, problems_of

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise fail(f"answers file {path} does not exist") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise fail(f"answers file {path} is not readable JSON: {error}") from None
    if not isinstance(data, dict):
        raise fail(f'answers file {path} must be a JSON object with a "readings" object')
    profile = {"sex": known.sex, "age": known.age, "body_mass_kg": known.body_mass_kg}
    given = {key: value for key, value in data.items() if value is not None}
    options = {"on": on, "tester": tester}
    try:
        record = AssessmentRecord.model_validate(
            {key: value for key, value in profile.items() if value is not None}
            | given
            | {key: value for key, value in options.items() if value is not None}
        )
    except ValidationError as error:
        messages = "; ".join(problem.message for problem in problems_of(error))
        raise fail(f"answers file {path}: {messages}") from None
    return record.model_copy(update={"assessed_on": record.day(today)})


# --- prompts -------------------------------------------------------------------------------------


def ask_number(question: str, default: float | None = None, low: float | None = None) -> float:
    """Ask until the answer is a number (and at least ``low``); the calculators check plausibility later."""
    while True:
        shown = f"{default:g}" if default is not None else None
        answer = typer.prompt(question, default=shown, show_default=shown is not None).strip()
        try:
            value = float(answer.replace(",", "."))
        except ValueError:
            console.print(f"[red]'{escape(answer)}' is not a number; please type a number such as 42.5.[/]")
            continue
        if not math.isfinite(value):
            console.print("[red]Please type an ordinary number.[/]")
        elif low is not None and value < low:
            console.print(f"[red]Please give {low:g} or more.[/]")
        else:
            return value


def ask_date(default: date, today: date) -> date:
    while True:
        answer = typer.prompt("Date of the assessment (YYYY-MM-DD)", default=default.isoformat()).strip()
        try:
            day = date.fromisoformat(answer)
        except ValueError:
            console.print("[red]Please give the date as YYYY-MM-DD.[/]")
            continue
        if day > today:
            console.print("[red]That date is in the future.[/]")
            continue
        return day


def ask_sex() -> Sex:
    while True:
        answer = typer.prompt("Sex, for the reference values (female/male)").strip().lower()
        if answer in (Sex.FEMALE.value, Sex.MALE.value):
            return Sex(answer)
        console.print("[red]Please answer female or male.[/]")


def ask_optional_int(question: str) -> int | None:
    while True:
        answer = typer.prompt(f"{question} (Enter to skip)", default="", show_default=False).strip()
        if not answer:
            return None
        if answer.isdigit():
            return int(answer)
        console.print("[red]Please give a whole number, or press Enter.[/]")


def choose_tests(library: Library) -> tuple[TestId, ...]:
    console.print("[bold]Which tests?[/]")
    for test in TestId:
        protocol = library.protocols[test.value]
        who = "on your own" if protocol.who == "runner" else "needs a clinician and instruments"
        console.print(f"  {test.value:<22} {escape(protocol.name)} [dim]({who})[/]")
    while True:
        answer = typer.prompt(
            "Tests to do, separated by commas", default=",".join(t.value for t in RUNNER_TESTS)
        )
        try:
            return parse_tests(answer)
        except ValueError as error:
            console.print(f"[red]{escape(str(error))}[/]")


def show_protocol(library: Library, test: TestId) -> None:
    protocol = library.protocols[test.value]
    lines = [protocol.summary, ""]
    if protocol.equipment:
        lines.append(f"Equipment: {', '.join(protocol.equipment)}")
    lines += [f"{number}. {step}" for number, step in enumerate(protocol.steps, start=1)]
    lines += ["", f"Write down: {protocol.measures}", f"What counts: {protocol.counts}"]
    console.print(Panel("\n".join(escape(line) for line in lines), title=escape(protocol.name)))


class Guide:
    """Asks a test's values one field at a time; a re-entry offers the earlier values as defaults."""

    def __init__(self, library: Library, draft: Draft, limb_length_cm: float | None) -> None:
        self.library = library
        self.draft = draft
        self.limb_length_cm = limb_length_cm

    def _field(self, spec: FieldSpec, earlier: Mapping[str, float], default: float | None = None) -> None:
        previous = earlier.get(spec.key, default)
        self.draft.readings[spec.key] = ask_number(f"{spec.label.capitalize()} ({spec.unit})", previous)

    def enter(self, test: TestId, again: bool = False) -> None:
        earlier = {k: v for k, v in self.draft.readings.items() if FIELD_BY_KEY[k].test is test}
        earlier_activities = dict(self.draft.psfs_activities)
        self.draft.forget(test)
        if again:
            console.print(f"[bold]{escape(test_name(self.library, test))}[/] again (Enter keeps a value)")
        else:
            show_protocol(self.library, test)
        if test is TestId.Y_BALANCE:
            self._scoring()
            for spec in FIELDS[test]:
                limb = self.limb_length_cm if spec.key.endswith("limb-length") else None
                self._field(spec, earlier, limb)
        elif test is TestId.DYNAMOMETRY:
            self._dynamometry(earlier)
        elif test is TestId.PSFS:
            self._psfs(earlier, earlier_activities)
        else:
            for spec in FIELDS[test]:
                self._field(spec, earlier)

    def _scoring(self) -> None:
        current = "best" if self.draft.scoring is Scoring.BEST else "mean"
        while True:
            answer = typer.prompt(
                "Score by the mean of 3 trials or the best trial? (mean/best)", default=current
            )
            choice = answer.strip().lower()
            if choice in ("mean", "mean-of-3", "m"):
                self.draft.scoring = Scoring.MEAN_OF_3
                return
            if choice in ("best", "b"):
                self.draft.scoring = Scoring.BEST
                return
            console.print("[red]Please answer mean or best.[/]")

    def _dynamometry(self, earlier: Mapping[str, float]) -> None:
        for group in MuscleGroup:
            tested_before = any(k.startswith(f"dynamometry.{group}.") for k in earlier)
            if not typer.confirm(f"Were the {group.label} tested?", default=tested_before):
                continue
            for spec in FIELDS[TestId.DYNAMOMETRY]:
                if spec.key.startswith(f"dynamometry.{group}."):
                    self._field(spec, earlier)

    def _psfs(self, earlier: Mapping[str, float], activities: Mapping[int, str]) -> None:
        console.print(
            "Name up to five activities your hip makes hard; press Enter on an empty name to finish."
        )
        for slot in PSFS_SLOTS:
            before = activities.get(slot, "")
            name = typer.prompt(
                f"Activity {slot} (Enter to finish)", default=before, show_default=bool(before)
            ).strip()
            if not name:
                return
            self.draft.psfs_activities[slot] = name
            while True:
                rating = ask_number(f"How well can you do {name!r} now (0-10)", earlier.get(f"psfs.{slot}"))
                if 0 <= rating <= 10:
                    break
                console.print("[red]Please give a rating from 0 to 10.[/]")
            self.draft.readings[f"psfs.{slot}"] = rating


def ask_context(
    draft: Draft,
    tests: Iterable[TestId],
    today: date,
    on_given: bool,
    tester_given: bool,
    again: bool = False,
) -> None:
    """Date, tester, and sex, age and body mass where a chosen test needs them and the profile lacks them.

    ``again``: the context had a problem, so body mass and age are asked again, the earlier answer offered.
    """
    chosen = set(tests)
    if not on_given:
        draft.on = ask_date(draft.on, today)
    if not tester_given:
        draft.tester = typer.prompt(
            "Who measured? (Enter: you did)", default=draft.tester, show_default=bool(draft.tester)
        ).strip()
    if draft.sex is None and chosen & set(NEEDS_SEX):
        draft.sex = ask_sex()
    if TestId.DYNAMOMETRY in chosen:
        if draft.body_mass_kg is None or again:
            draft.body_mass_kg = ask_number("Body mass (kg)", draft.body_mass_kg, low=1)
        if draft.sex is None:
            console.print("[dim]Sex and age give the expected hip-abductor strength (Ramskov 2014).[/]")
            answer = typer.prompt("Sex (female/male, Enter to skip)", default="", show_default=False)
            draft.sex = Sex(answer.strip().lower()) if answer.strip().lower() in ("female", "male") else None
        if draft.age is None or again:
            draft.age = ask_optional_int("Age in years")


def show_problems(library: Library, problems: Iterable[Problem]) -> None:
    console.print("[bold red]Some values cannot be right:[/]")
    for problem in problems:
        console.print(f"  - {escape(test_name(library, problem.test))}: {escape(problem.message)}")


def guided(
    app: Hipcoach, draft: Draft, tests: tuple[TestId, ...], limb: float | None, today: date
) -> AssessmentRecord:
    """Every chosen test, then re-entry of the tests with problems until all is valid or the user stops."""
    from pydantic import ValidationError

    from hipcoach.services.assessment_input import problems_of
    from hipcoach.services.assessments import InvalidAssessment, validate

    guide = Guide(app.library, draft, limb)
    for number, test in enumerate(tests, start=1):
        console.print(f"\n[bold]Test {number} of {len(tests)}[/]")
        guide.enter(test)
    while True:
        problems: tuple[Problem, ...]
        try:
            record = draft.record()
            validate(app, record, today)
            return record
        except ValidationError as error:
            problems = problems_of(error)
        except InvalidAssessment as error:
            problems = error.problems
        show_problems(app.library, problems)
        for redo in dict.fromkeys(p.test for p in problems):
            if redo is None:
                if not typer.confirm("Enter the date and who measured again?", default=True):
                    raise typer.Abort()
                ask_context(draft, tests, today, on_given=False, tester_given=False, again=True)
            elif typer.confirm(f"Re-enter the {test_name(app.library, redo)} values?", default=True):
                if redo in NEEDS_SEX and draft.sex is None:
                    draft.sex = ask_sex()
                guide.enter(redo, again=True)
            else:
                raise typer.Abort()
