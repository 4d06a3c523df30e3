"""Assessment pages: record the battery one test per screen, read the results at a glance, compare.

The battery form uses the battery's own keys (``y-balance.left.anterior.2``) as field names, so the values
a runner typed go back into the form untouched when something is wrong, and nothing is saved until all of
it is right.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import RedirectResponse

from hipcoach.domain.assessment import HipDirection, Scoring, Sex
from hipcoach.domain.assessment.battery import (
    FIELDS,
    PSFS_SLOTS,
    REACH_DIRECTIONS,
    SIDES,
    TRIALS,
    FieldSpec,
    Problem,
    TestId,
    slug,
)
from hipcoach.domain.assessment.change import THRESHOLDS
from hipcoach.domain.assessment.strength import MuscleGroup
from hipcoach.domain.content import PerformedBy
from hipcoach.domain.phases import Phase
from hipcoach.services import assessments as svc
from hipcoach.services.assessment_rows import SCORING_BY_CODE, SCORING_CODES
from hipcoach.services.assessments import AssessmentRecord, AssessmentView, InvalidAssessment
from hipcoach.services.context import Hipcoach
from hipcoach.services.onboarding import decimal_number, profile_id_of
from hipcoach.web import assessment_charts as charts
from hipcoach.web.deps import HipcoachDep, ItemId, Runner, RunnerTime
from hipcoach.web.templating import render

router = APIRouter(include_in_schema=False)

ACTIVITY_FIELD = "psfs-activity.{slot}"
CONTEXT_FIELDS = ("on", "tester", "sex", "age", "body_mass_kg", "scoring", "notes")


def field_id(key: str) -> str:
    return "f-" + key.replace(".", "-")


@dataclass(frozen=True)
class Grid:
    """A table of inputs: one row per measurement, one column per side (or trial)."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[FieldSpec, ...]], ...]
    lead: tuple[FieldSpec, ...] = ()  # single fields above the table (a leg's length)
    optional: bool = False


@dataclass
class Section:
    test: TestId
    protocol: Any
    grids: list[Grid] = field(default_factory=list)


def _spec(key: str) -> FieldSpec:
    return next(spec for specs in FIELDS.values() for spec in specs if spec.key == key)


def _sided(caption: str, rows: Sequence[tuple[str, str]]) -> Grid:
    """Rows of (label, key pattern with {side})."""
    return Grid(
        caption,
        ("Left", "Right"),
        tuple((label, tuple(_spec(pattern.format(side=side)) for side in SIDES)) for label, pattern in rows),
    )


def _grids(test: TestId) -> list[Grid]:
    if test is TestId.Y_BALANCE:
        return [
            Grid(
                f"Standing on the {side} leg",
                tuple(f"Trial {t}" for t in TRIALS),
                tuple(
                    (
                        f"{direction.capitalize()} (cm)",
                        tuple(_spec(f"y-balance.{side}.{direction}.{t}") for t in TRIALS),
                    )
                    for direction in REACH_DIRECTIONS
                ),
                lead=(_spec(f"y-balance.{side}.limb-length"),),
            )
            for side in SIDES
        ]
    if test is TestId.HIP_RANGE:
        return [
            _sided(
                "Hip range (degrees)",
                [(f"{d.capitalize()} (°)", f"hip-range.{{side}}.{slug(d)}") for d in HipDirection],
            )
        ]
    if test is TestId.THOMAS:
        return [
            _sided(
                "Modified Thomas test (degrees)",
                [
                    ("Hip angle above horizontal (°)", "thomas.{side}.hip-angle"),
                    ("Knee flexion (°)", "thomas.{side}.knee-flexion"),
                ],
            )
        ]
    if test is TestId.ACTIVE_KNEE_EXTENSION:
        return [
            _sided("Active knee extension", [("Knee extension deficit (°)", "active-knee-extension.{side}")])
        ]
    if test is TestId.STRAIGHT_LEG_RAISE:
        return [_sided("Straight-leg raise", [("Leg raise angle (°)", "straight-leg-raise.{side}")])]
    if test is TestId.KNEE_TO_WALL:
        return [_sided("Knee-to-wall", [("Toe to wall (cm)", "knee-to-wall.{side}")])]
    if test is TestId.DYNAMOMETRY:
        return [
            Grid(
                f"{group.capitalize()} (optional)",
                ("Left", "Right"),
                tuple(
                    (label, tuple(_spec(f"dynamometry.{slug(group)}.{side}.{part}") for side in SIDES))
                    for label, part in (("Force (N)", "force"), ("Lever arm (cm)", "lever-arm"))
                ),
                optional=True,
            )
            for group in MuscleGroup
        ]
    return []


def sections(app: Hipcoach, tests: Sequence[TestId]) -> list[Section]:
    return [Section(test, app.library.protocols[test.value], _grids(test)) for test in tests]


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


@dataclass(frozen=True)
class Parsed:
    record: AssessmentRecord | None
    problems: tuple[Problem, ...]


def parse_form(app: Hipcoach, tests: Sequence[TestId], values: Mapping[str, str], today: date) -> Parsed:
    """The record the form describes, or every value that is not even a number, named."""
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
    on = today
    raw_on = values.get("on", "").strip()
    if raw_on:
        try:
            on = date.fromisoformat(raw_on)
        except ValueError:
            problems.append(Problem(None, f"assessment date: “{raw_on}” is not a date (YYYY-MM-DD)"))
    sex_raw = values.get("sex", "")
    sex = Sex(sex_raw) if sex_raw in {s.value for s in Sex} else None
    age = None
    raw_age = values.get("age", "").strip()
    if raw_age:
        if raw_age.isdigit() and len(raw_age) <= 3:
            age = int(raw_age)  # the range is the service's to check
        else:
            problems.append(Problem(None, f"age: “{raw_age}” is not a whole number of years"))
    mass = None
    raw_mass = values.get("body_mass_kg", "").strip()
    if raw_mass:
        mass = decimal_number(raw_mass)
        if mass is None:
            problems.append(Problem(None, f"body mass: “{raw_mass}” is not a number in kg"))
    scoring = SCORING_BY_CODE.get(values.get("scoring", ""), Scoring.MEAN_OF_3)
    if problems:
        return Parsed(None, tuple(problems))
    record = AssessmentRecord(
        assessed_on=on,
        readings=readings,
        sex=sex,
        age=age,
        body_mass_kg=mass,
        scoring=scoring,
        psfs_activities=activities,
        tester=values.get("tester", ""),
        notes=values.get("notes", ""),
    )
    return Parsed(record, ())


# --- pages -----------------------------------------------------------------------------------------------


@router.get("/assessments")
def assessment_list(request: Request, app: HipcoachDep, account: Runner) -> Response:
    items = svc.list_assessments(app, profile_id_of(account))
    return render(
        request,
        "assessments/list.html",
        items=items,
        protocols=app.library.protocols,
        deleted=request.query_params.get("deleted") == "1",
    )


def _context_values(app: Hipcoach, profile_id: int, today: date) -> dict[str, str]:
    known = svc.defaults(app, profile_id)
    values = {
        "on": today.isoformat(),
        "tester": "",
        "sex": known.sex.value if known.sex else "",
        "age": str(known.age) if known.age is not None else "",
        "body_mass_kg": f"{known.body_mass_kg:g}" if known.body_mass_kg is not None else "",
        "scoring": SCORING_CODES[Scoring.MEAN_OF_3],
        "notes": "",
    }
    if known.limb_length_cm is not None:
        for side in SIDES:
            values[f"y-balance.{side}.limb-length"] = f"{known.limb_length_cm:g}"
    return values


@router.get("/assessments/new")
def new_assessment(
    request: Request,
    app: HipcoachDep,
    account: Runner,
    local: RunnerTime,
    tests: Annotated[list[str] | None, Query()] = None,
) -> Response:
    """Without ``tests``: choose the tests and the context. With them: the battery, one test per screen."""
    profile_id = profile_id_of(account)
    values = _context_values(app, profile_id, local.today)
    if tests is None:
        runner_tests = [t for t in TestId if app.library.protocols[t.value].who is PerformedBy.RUNNER]
        return render(
            request,
            "assessments/choose.html",
            protocols=[app.library.protocols[t.value] for t in TestId],
            checked={t.value for t in runner_tests},
            values=values,
            scorings=SCORING_CODES,
            error=None,
        )
    chosen = chosen_tests(tests)
    for key in CONTEXT_FIELDS:
        if key in request.query_params:
            values[key] = request.query_params[key]
    if not chosen:
        return render(
            request,
            "assessments/choose.html",
            status_code=400,
            protocols=[app.library.protocols[t.value] for t in TestId],
            checked=set(),
            values=values,
            scorings=SCORING_CODES,
            error="Choose at least one test.",
        )
    return _battery(request, app, chosen, values, ())


def _battery(
    request: Request,
    app: Hipcoach,
    tests: Sequence[TestId],
    values: Mapping[str, str],
    problems: Sequence[Problem],
) -> Response:
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
        scorings=SCORING_CODES,
        psfs_slots=PSFS_SLOTS,
        activity_field=ACTIVITY_FIELD,
        protocol_names={t.value: app.library.protocols[t.value].name for t in TestId},
    )


@router.post("/assessments")
def create_assessment(
    request: Request, app: HipcoachDep, account: Runner, local: RunnerTime, form: FormValues
) -> Response:
    tests = chosen_tests(form.get("tests", []))
    values = {key: items[-1] for key, items in form.items() if key not in ("tests", "csrf_token")}
    if not tests:
        return _battery(request, app, [], values, (Problem(None, "choose at least one test"),))
    parsed = parse_form(app, tests, values, local.today)
    if parsed.record is None:
        return _battery(request, app, tests, values, parsed.problems)
    try:
        saved = svc.record_assessment(app, profile_id_of(account), parsed.record)
    except InvalidAssessment as error:
        return _battery(request, app, tests, values, error.problems)
    url = f"/assessments/{saved.view.id}"
    if saved.phase_change is not None:
        url += f"?opened={int(saved.phase_change.to_phase)}"
    return RedirectResponse(url, status_code=303)


@router.get("/assessments/{assessment_id:int}")
def assessment_result(
    request: Request,
    app: HipcoachDep,
    account: Runner,
    assessment_id: ItemId,
    opened: Annotated[int | None, Query(ge=1, le=4)] = None,
) -> Response:
    profile_id = profile_id_of(account)
    view = svc.get_assessment(app, profile_id, assessment_id)
    history = svc.history(app, profile_id)
    return render(
        request,
        "assessments/result.html",
        view=view,
        result=view.result,
        figures=result_figures(view, history),
        protocols=app.library.protocols,
        opened=Phase(opened) if opened is not None else None,
        scoring_name=view.record.scoring.value,
        swatch=charts.legend_swatch,
    )


@router.get("/assessments/{assessment_id:int}/delete")
def confirm_delete(request: Request, app: HipcoachDep, account: Runner, assessment_id: ItemId) -> Response:
    view = svc.get_assessment(app, profile_id_of(account), assessment_id)
    return render(request, "assessments/delete.html", view=view)


@router.post("/assessments/{assessment_id:int}/delete")
def delete(app: HipcoachDep, account: Runner, assessment_id: ItemId) -> Response:
    svc.delete_assessment(app, profile_id_of(account), assessment_id)
    return RedirectResponse("/assessments?deleted=1", status_code=303)


# --- the figures of a result -----------------------------------------------------------------------------


def result_figures(view: AssessmentView, history: Mapping[str, Sequence[svc.HistoryPoint]]) -> dict[str, Any]:
    """Every chart of the results page, built here so the template only places them."""
    result = view.result
    figures: dict[str, Any] = {"star": None, "hips": None, "strength": None, "history": []}
    if result.y_balance is not None:
        figures["star"] = charts.y_balance_star(result.y_balance, "chart-star", "Y-balance reach, both legs")
    if result.hip_range is not None:
        rows = [
            charts.SideRow(
                str(row.direction), row.left_deg, row.right_deg, (row.reference.low, row.reference.high)
            )
            for row in result.hip_range.rows
        ]
        figures["hips"] = charts.side_bars(rows, "degrees", "chart-hips", "Hip range, left and right", 0)
    if result.strength:
        rows = [
            charts.SideRow(
                str(s.muscle_group),
                s.left_nm_per_kg,
                s.right_nm_per_kg,
                (s.expected.band.low, s.expected.band.high) if s.expected else None,
            )
            for s in result.strength
        ]
        figures["strength"] = charts.side_bars(
            rows, "N·m/kg", "chart-strength", "Strength, left and right", 2
        )
    for index, (key, measure) in enumerate(result.measures.items()):
        points = [p for p in history.get(key, ()) if p.assessed_on <= view.assessed_on]
        if len(points) < 2:
            continue
        threshold = THRESHOLDS[measure.measure] if measure.measure is not None else None
        figures["history"].append(
            {
                "label": measure.label,
                "svg": charts.history_chart(
                    [(p.assessed_on, p.value) for p in points],
                    measure.label,
                    measure.unit,
                    f"chart-history-{index}",
                    threshold,
                ),
                "threshold": threshold,
            }
        )
    return figures
