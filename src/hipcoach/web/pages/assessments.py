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
from pydantic import ValidationError

from hipcoach.domain.assessment.balance import ANTERIOR_ASYMMETRY_CM, FEMALE_COMPOSITE_MIN_PCT, Scoring
from hipcoach.domain.assessment.battery import FIELDS, PSFS_SLOTS, SIDES, Grid, Problem, TestId, grids
from hipcoach.domain.assessment.change import THRESHOLDS
from hipcoach.domain.assessment.strength import LSI_PASS_PCT
from hipcoach.domain.content import PerformedBy
from hipcoach.domain.phases import Phase
from hipcoach.domain.precision import shown
from hipcoach.services import assessments as svc
from hipcoach.services.assessment_input import AssessmentRecord, problems_of
from hipcoach.services.assessments import AssessmentView, InvalidAssessment
from hipcoach.services.context import Hipcoach
from hipcoach.services.onboarding import decimal_number
from hipcoach.web import assessment_charts as charts
from hipcoach.web.deps import HipcoachDep, ItemId, ProfileId, RunnerTime
from hipcoach.web.templating import render

router = APIRouter(include_in_schema=False)

ACTIVITY_FIELD = "psfs-activity.{slot}"
CONTEXT_FIELDS = ("on", "tester", "sex", "age", "body_mass_kg", "scoring", "notes")


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


# --- pages -----------------------------------------------------------------------------------------------


@router.get("/assessments")
def assessment_list(request: Request, app: HipcoachDep, profile_id: ProfileId) -> Response:
    items = svc.list_assessments(app, profile_id)
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
        "scoring": Scoring.MEAN_OF_3.value,
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
    profile_id: ProfileId,
    local: RunnerTime,
    tests: Annotated[list[str] | None, Query()] = None,
) -> Response:
    """Without ``tests``: choose the tests and the context. With them: the battery, one test per screen."""
    values = _context_values(app, profile_id, local.today)
    if tests is None:
        runner_tests = [t for t in TestId if app.library.protocols[t.value].who is PerformedBy.RUNNER]
        return render(
            request,
            "assessments/choose.html",
            protocols=[app.library.protocols[t.value] for t in TestId],
            checked={t.value for t in runner_tests},
            values=values,
            scorings=Scoring,
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
            scorings=Scoring,
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
        scorings=Scoring,
        psfs_slots=PSFS_SLOTS,
        activity_field=ACTIVITY_FIELD,
        protocol_names={t.value: app.library.protocols[t.value].name for t in TestId},
    )


@router.post("/assessments")
def create_assessment(
    request: Request, app: HipcoachDep, profile_id: ProfileId, local: RunnerTime, form: FormValues
) -> Response:
    tests = chosen_tests(form.get("tests", []))
    values = {key: items[-1] for key, items in form.items() if key not in ("tests", "csrf_token")}
    if not tests:
        return _battery(request, app, [], values, (Problem(None, "choose at least one test"),))
    parsed = parse_form(tests, values)
    if parsed.record is None:
        return _battery(request, app, tests, values, parsed.problems)
    try:
        saved = svc.record_assessment(app, profile_id, parsed.record)
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
    profile_id: ProfileId,
    assessment_id: ItemId,
    opened: Annotated[int | None, Query(ge=1, le=4)] = None,
) -> Response:
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
        scoring_name=view.record.scoring.label,
        lsi_pass_pct=LSI_PASS_PCT,
        composite_min_pct=FEMALE_COMPOSITE_MIN_PCT,
        asymmetry_max_cm=ANTERIOR_ASYMMETRY_CM,
        shown=shown,
        swatch=charts.legend_swatch,
    )


@router.get("/assessments/{assessment_id:int}/delete")
def confirm_delete(
    request: Request, app: HipcoachDep, profile_id: ProfileId, assessment_id: ItemId
) -> Response:
    view = svc.get_assessment(app, profile_id, assessment_id)
    return render(request, "assessments/delete.html", view=view)


@router.post("/assessments/{assessment_id:int}/delete")
def delete(app: HipcoachDep, profile_id: ProfileId, assessment_id: ItemId) -> Response:
    svc.delete_assessment(app, profile_id, assessment_id)
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
                row.direction.label, row.left_deg, row.right_deg, (row.reference.low, row.reference.high)
            )
            for row in result.hip_range.rows
        ]
        figures["hips"] = charts.side_bars(rows, "degrees", "chart-hips", "Hip range, left and right", 0)
    if result.strength:
        rows = [
            charts.SideRow(
                s.muscle_group.label,
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
