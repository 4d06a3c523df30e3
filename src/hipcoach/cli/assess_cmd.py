"""`hipcoach assess`: record an assessment battery, guided one test at a time or from an answers file."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.markup import escape
from rich.panel import Panel

from hipcoach.cli.assessments_cmd import phase_change_panel, show_assessment, test_name
from hipcoach.cli.common import ProfileOption, console, err_console, fail, opened, profile_for
from hipcoach.domain.assessment import MuscleGroup, Scoring, Sex
from hipcoach.domain.assessment.battery import FIELD_BY_KEY, FIELDS, PSFS_SLOTS, FieldSpec, TestId, slug

if TYPE_CHECKING:
    from hipcoach.domain.content import Library
    from hipcoach.services.assessments import AssessmentRecord, Defaults, InvalidAssessment
    from hipcoach.services.context import Hipcoach

TEST_IDS = ", ".join(t.value for t in TestId)
RUNNER_TESTS = (TestId.Y_BALANCE, TestId.KNEE_TO_WALL, TestId.PSFS)
NEEDS_SEX = (TestId.Y_BALANCE, TestId.ACTIVE_KNEE_EXTENSION)  # their reference values differ by sex
SCORING_NAMES = {"mean-of-3": Scoring.MEAN_OF_3, "best": Scoring.BEST}
ANSWER_KEYS = {
    "on",
    "tester",
    "sex",
    "age",
    "body_mass_kg",
    "scoring",
    "readings",
    "psfs_activities",
    "notes",
}
ANSWERS_HELP = (
    'JSON file for a scripted assessment: {"on": "YYYY-MM-DD", "tester": "...", "sex": "female", "age": 34, '
    '"body_mass_kg": 60, "scoring": "mean-of-3" or "best", '
    '"readings": {"y-balance.left.limb-length": 90, ...}, '
    '"psfs_activities": {"1": "running hills"}}. Nothing is asked; nothing is saved if any value is wrong. '
    "`hipcoach assessments keys` lists the reading keys."
)


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
        from hipcoach.services.assessments import AssessmentRecord

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


def _number(path: Path, name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise fail(f"answers file {path}: {name} must be a number, got {json.dumps(value)}")
    return float(value)


def read_answers(
    path: Path, known: Defaults, tester: str | None, on: date | None, today: date
) -> AssessmentRecord:
    """An assessment from a JSON file; the profile fills in sex, age and body mass where the file has none."""
    from hipcoach.services.assessments import AssessmentRecord

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise fail(f"answers file {path} does not exist") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise fail(f"answers file {path} is not readable JSON: {error}") from None
    if not isinstance(data, dict):
        raise fail(f'answers file {path} must be a JSON object with a "readings" object')
    extra = sorted(set(data) - ANSWER_KEYS)
    if extra:
        raise fail(
            f"answers file {path}: unknown key {', '.join(extra)}; allowed: {', '.join(sorted(ANSWER_KEYS))}"
        )
    readings = data.get("readings")
    if not isinstance(readings, dict) or not readings:
        raise fail(f'answers file {path}: "readings" must be an object of reading key -> number')
    unknown = sorted(key for key in readings if key not in FIELD_BY_KEY)
    if unknown:
        raise fail(
            f"answers file {path}: unknown reading {', '.join(unknown)} (e.g. y-balance.left.anterior.1)"
        )
    values = {key: _number(path, key, value) for key, value in readings.items()}

    if on is None and "on" in data:
        try:
            on = date.fromisoformat(str(data["on"]))
        except ValueError:
            raise fail(f'answers file {path}: "on" must be a date YYYY-MM-DD, got {data["on"]!r}') from None
    sex = known.sex
    if data.get("sex") is not None:
        if data["sex"] not in (Sex.FEMALE.value, Sex.MALE.value):
            raise fail(f'answers file {path}: "sex" must be "female" or "male", got {data["sex"]!r}')
        sex = Sex(data["sex"])
    age = known.age
    if data.get("age") is not None:
        age_value = data["age"]
        if isinstance(age_value, bool) or not isinstance(age_value, int):
            raise fail(f'answers file {path}: "age" must be a whole number of years')
        age = age_value
    mass = known.body_mass_kg
    if data.get("body_mass_kg") is not None:
        mass = _number(path, '"body_mass_kg"', data["body_mass_kg"])
    scoring_name = data.get("scoring", "mean-of-3")
    if scoring_name not in SCORING_NAMES:
        raise fail(f'answers file {path}: "scoring" must be "mean-of-3" or "best", got {scoring_name!r}')
    activities = data.get("psfs_activities", {})
    if not isinstance(activities, dict) or not all(
        key in {str(s) for s in PSFS_SLOTS} and isinstance(name, str) for key, name in activities.items()
    ):
        raise fail(f'answers file {path}: "psfs_activities" must map "1".."5" to activity names')
    tester_text = tester if tester is not None else data.get("tester", "")
    notes = data.get("notes", "")
    if not isinstance(tester_text, str) or not isinstance(notes, str):
        raise fail(f'answers file {path}: "tester" and "notes" must be text')
    return AssessmentRecord(
        assessed_on=on or today,
        readings=values,
        sex=sex,
        age=age,
        body_mass_kg=mass,
        scoring=SCORING_NAMES[scoring_name],
        psfs_activities={int(key): name for key, name in activities.items()},
        tester=tester_text.strip(),
        notes=notes,
    )


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
            tested_before = any(k.startswith(f"dynamometry.{slug(group)}.") for k in earlier)
            if not typer.confirm(f"Were the {group.value} tested?", default=tested_before):
                continue
            for spec in FIELDS[TestId.DYNAMOMETRY]:
                if spec.key.startswith(f"dynamometry.{slug(group)}."):
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
    draft: Draft, tests: Iterable[TestId], today: date, on_given: bool, tester_given: bool
) -> None:
    """Date, tester, and sex, age and body mass where a chosen test needs them and the profile lacks them."""
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
        if draft.body_mass_kg is None:
            draft.body_mass_kg = ask_number("Body mass (kg)", low=1)
        if draft.sex is None:
            console.print("[dim]Sex and age give the expected hip-abductor strength (Ramskov 2014).[/]")
            answer = typer.prompt("Sex (female/male, Enter to skip)", default="", show_default=False)
            draft.sex = Sex(answer.strip().lower()) if answer.strip().lower() in ("female", "male") else None
        if draft.age is None:
            draft.age = ask_optional_int("Age in years")


def show_problems(library: Library, error: InvalidAssessment) -> None:
    console.print("[bold red]Some values cannot be right:[/]")
    for problem in error.problems:
        console.print(f"  - {escape(test_name(library, problem.test))}: {escape(problem.message)}")


def guided(
    app: Hipcoach, draft: Draft, tests: tuple[TestId, ...], limb: float | None, today: date
) -> AssessmentRecord:
    """Every chosen test, then re-entry of the tests with problems until all is valid or the user stops."""
    from hipcoach.services.assessments import InvalidAssessment, validate

    guide = Guide(app.library, draft, limb)
    for number, test in enumerate(tests, start=1):
        console.print(f"\n[bold]Test {number} of {len(tests)}[/]")
        guide.enter(test)
    while True:
        record = draft.record()
        try:
            validate(app, record, today)
            return record
        except InvalidAssessment as error:
            show_problems(app.library, error)
            to_redo = list(dict.fromkeys(p.test for p in error.problems))
        for redo in to_redo:
            if redo is None:
                if not typer.confirm("Enter the date and who measured again?", default=True):
                    raise typer.Abort()
                ask_context(draft, tests, today, on_given=False, tester_given=False)
            elif typer.confirm(f"Re-enter the {test_name(app.library, redo)} values?", default=True):
                if redo in NEEDS_SEX and draft.sex is None:
                    draft.sex = ask_sex()
                guide.enter(redo, again=True)
            else:
                raise typer.Abort()


def _option_date(on: datetime | None) -> date | None:
    return on.date() if on is not None else None


def assess(
    profile: ProfileOption = None,
    tests: str | None = typer.Option(
        None,
        "--tests",
        help=(
            f"Tests to do, comma-separated, from: {TEST_IDS}. "
            "Default: asked, suggesting the ones you can do alone (y-balance, knee-to-wall, psfs)."
        ),
        show_default=False,
    ),
    all_tests: bool = typer.Option(
        False, "--all", help="Do every test, including those that need a clinician."
    ),
    on: datetime | None = typer.Option(
        None, "--on", formats=["%Y-%m-%d"], help="Day of the assessment (YYYY-MM-DD); default: asked, today."
    ),
    tester: str | None = typer.Option(
        None, "--tester", help="Who measured (a clinician's name); default: asked, you.", show_default=False
    ),
    answers: Path | None = typer.Option(None, "--answers", help=ANSWERS_HELP, show_default=False),
) -> None:
    """Record an assessment, guided one test at a time, then see what it means.

    Tests: Y-balance, hip range, Thomas, hamstrings, ankle, strength and PSFS. Afterwards: the results, the
    flags, what they change in your program and the change since last time.
    """
    from hipcoach.services.assessments import InvalidAssessment, defaults, record_assessment, validate

    with opened() as app:
        runner = profile_for(app, profile)
        known = defaults(app, runner.id)
        today = app.local(runner.timezone).today
        if answers is not None:
            record = read_answers(answers, known, tester, _option_date(on), today)
            try:
                validate(app, record, today)
            except InvalidAssessment as error:
                show_problems(app.library, error)
                err_console.print("[bold red]Error:[/] the assessment was not saved.")
                raise typer.Exit(1) from None
        else:
            if tests is not None:
                try:
                    chosen = parse_tests(tests)
                except ValueError as error:
                    raise fail(f"--tests: {error}") from None
            elif all_tests:
                chosen = tuple(TestId)
            else:
                chosen = choose_tests(app.library)
            draft = Draft(
                on=_option_date(on) or today,
                tester=tester.strip() if tester else "",
                sex=known.sex,
                age=known.age,
                body_mass_kg=known.body_mass_kg,
            )
            try:
                ask_context(draft, chosen, today, on_given=on is not None, tester_given=tester is not None)
                record = guided(app, draft, chosen, known.limb_length_cm, today)
            except (KeyboardInterrupt, typer.Abort):
                console.print("\n[yellow]Assessment stopped. Nothing was saved.[/]")
                raise typer.Exit(1) from None
        saved = record_assessment(app, runner.id, record)
        console.print(f"\n[bold green]Assessment saved[/] (id {saved.view.id}).\n")
        show_assessment(app.library, saved.view)
        if saved.phase_change is not None:
            console.print(phase_change_panel(saved.phase_change.reason))
