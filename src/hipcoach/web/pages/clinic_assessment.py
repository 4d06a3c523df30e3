"""A clinician enters an assessment of a runner in their caseload, as the tester (BRIEF §10, issue 16).

The same battery form as the runner's (``hipcoach.web.assessment_form``), posted to the clinician's URL, with
a reason the runner reads ("Visit 2"); the tester is the clinician, not asked. It is stored by
``services.clinical_actions`` as for the API and the CLI: the assessment, a clinical action and a "change"
line of the runner's log, in one transaction. Anything wrong shows the form again with every problem (400),
and nothing is written. The runner is named by ``{runner_id}`` through ``CaredRunnerId`` (404 without live
consent).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import RedirectResponse

from hipcoach.domain.assessment.battery import Problem, TestId
from hipcoach.services import assessments, clinical_actions, runner_record
from hipcoach.services.care import ClinicianView
from hipcoach.services.clinical_actions import AssessmentAction
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import InvalidInput, NotFound, ServiceError
from hipcoach.services.runner_time import local_time_for
from hipcoach.web import assessment_form as form
from hipcoach.web.assessment_form import FormValues
from hipcoach.web.deps import CaredRunnerId, Clinician, HipcoachDep

router = APIRouter(prefix="/clinic/runners/{runner_id}", include_in_schema=False)


def _urls(app: Hipcoach, clinician: ClinicianView, runner_id: int) -> dict[str, Any]:
    """What the shared form needs to be the clinician's: where it goes, who tests, whose it is."""
    base = f"/clinic/runners/{runner_id}"
    return {
        "choose_url": f"{base}/assessments/new",
        "form_url": f"{base}/assessments",
        "back_url": base,
        "runner_name": runner_record.runner_header(app, clinician, runner_id).name,
        "tester_fixed": clinician.signature,
        "reason_max": clinical_actions.REASON_MAX,
    }


@router.get("/assessments/new", summary="your details, to enter an assessment")
def new_assessment(
    request: Request,
    app: HipcoachDep,
    clinician: Clinician,
    runner_id: CaredRunnerId,
    tests: Annotated[list[str] | None, Query()] = None,
) -> Response:
    """Without ``tests``: choose the tests and the context. With them: the battery, one test per screen."""
    extra = _urls(app, clinician, runner_id)
    values = form.context_values(app, runner_id, local_time_for(app, runner_id).today)
    if tests is None:
        return form.choose_page(request, app, values, {t.value for t in TestId}, **extra)
    chosen = form.chosen_tests(tests)
    for key in form.CONTEXT_FIELDS:
        if key in request.query_params:
            values[key] = request.query_params[key]
    if not chosen:
        return form.choose_page(request, app, values, set(), "Choose at least one test.", **extra)
    return form.battery_page(request, app, chosen, values, (), **extra)


@router.post("/assessments")
def enter_assessment(
    request: Request, app: HipcoachDep, clinician: Clinician, runner_id: CaredRunnerId, typed: FormValues
) -> Response:
    tests = form.chosen_tests(typed.get("tests", []))
    values = form.typed_values(typed)
    reason = values.get("reason", "")
    problems: list[Problem] = []
    try:
        clinical_actions.check_reason(reason)
    except InvalidInput as error:
        problems.append(Problem(None, str(error)))
    if not tests:
        problems.append(Problem(None, "choose at least one test"))
    parsed = form.parse_form(tests, values)
    problems += parsed.problems
    if parsed.record is not None:  # every problem at once: the battery's too, before anything is stored
        try:
            assessments.validate(app, parsed.record, local_time_for(app, runner_id).today)
        except assessments.InvalidAssessment as error:
            problems += error.problems

    def again(found: Sequence[Problem]) -> Response:
        return form.battery_page(request, app, tests, values, found, **_urls(app, clinician, runner_id))

    if problems or parsed.record is None:
        return again(problems)
    try:
        done = clinical_actions.act(
            app, clinician, runner_id, AssessmentAction(record=parsed.record, reason=reason), "web"
        )
    except assessments.InvalidAssessment as error:
        return again(error.problems)
    except NotFound:
        raise  # consent ended between the check and the entry: 404, as for any runner not in the caseload
    except ServiceError as error:
        return again((Problem(None, str(error)),))
    return RedirectResponse(f"/clinic/runners/{runner_id}/assessments/{done.value['after']}", status_code=303)
