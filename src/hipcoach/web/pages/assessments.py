"""Assessment pages: record the battery one test per screen, read the results at a glance, compare.

The battery form itself (its fields, reading them, its two screens) is ``hipcoach.web.assessment_form``,
which the clinician's entry as the tester shares.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import RedirectResponse

from hipcoach.domain.assessment.balance import ANTERIOR_ASYMMETRY_CM, FEMALE_COMPOSITE_MIN_PCT
from hipcoach.domain.assessment.battery import Problem, TestId
from hipcoach.domain.assessment.change import THRESHOLDS
from hipcoach.domain.assessment.strength import LSI_PASS_PCT
from hipcoach.domain.content import PerformedBy
from hipcoach.domain.phases import Phase
from hipcoach.domain.precision import shown
from hipcoach.services import assessments as svc
from hipcoach.services import video_jobs
from hipcoach.services.assessments import AssessmentView, InvalidAssessment
from hipcoach.web import assessment_charts as charts
from hipcoach.web import assessment_form as form
from hipcoach.web.assessment_form import FormValues
from hipcoach.web.deps import HipcoachDep, ItemId, ProfileId, RunnerTime
from hipcoach.web.templating import render

router = APIRouter(include_in_schema=False)


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


@router.get("/assessments/new")
def new_assessment(
    request: Request,
    app: HipcoachDep,
    profile_id: ProfileId,
    local: RunnerTime,
    tests: Annotated[list[str] | None, Query()] = None,
) -> Response:
    """Without ``tests``: choose the tests and the context. With them: the battery, one test per screen."""
    values = form.context_values(app, profile_id, local.today)
    if tests is None:
        runner_tests = [t for t in TestId if app.library.protocols[t.value].who is PerformedBy.RUNNER]
        return form.choose_page(request, app, values, {t.value for t in runner_tests})
    chosen = form.chosen_tests(tests)
    for key in form.CONTEXT_FIELDS:
        if key in request.query_params:
            values[key] = request.query_params[key]
    if not chosen:
        return form.choose_page(request, app, values, set(), "Choose at least one test.")
    return form.battery_page(request, app, chosen, values, ())


@router.post("/assessments")
def create_assessment(
    request: Request, app: HipcoachDep, profile_id: ProfileId, local: RunnerTime, typed: FormValues
) -> Response:
    tests = form.chosen_tests(typed.get("tests", []))
    values = form.typed_values(typed)
    if not tests:
        return form.battery_page(request, app, [], values, (Problem(None, "choose at least one test"),))
    parsed = form.parse_form(tests, values)
    if parsed.record is None:
        return form.battery_page(request, app, tests, values, parsed.problems)
    try:
        saved = svc.record_assessment(app, profile_id, parsed.record)
    except InvalidAssessment as error:
        return form.battery_page(request, app, tests, values, error.problems)
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
        videos=video_jobs.list_analyses(app, profile_id, assessment_id=assessment_id),
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
