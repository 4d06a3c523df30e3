"""The morning check-in: pain, tightness and red flags, then the decision for the last session."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from fastapi import APIRouter, Request, Response
from fastapi.responses import RedirectResponse

from hipcoach.domain import rules as R
from hipcoach.domain.content import RedFlagLevel
from hipcoach.domain.overrides import Limits
from hipcoach.domain.progression import hour_after_meaning
from hipcoach.domain.rules import RULES, pain_after_hint
from hipcoach.services import corrections, history, runner_overrides
from hipcoach.services.checkins import (
    AwaitingMorning,
    CheckinInput,
    MorningNotOpen,
    awaiting_morning,
    check_in,
    record_pain_after,
)
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import NotFound, ServiceError
from hipcoach.services.onboarding import whole_number
from hipcoach.services.records import live_program
from hipcoach.services.screening import UnansweredQuestions, checkin_questions
from hipcoach.web.deps import MAX_ROW_ID, HipcoachDep, ItemId, ProfileId, RunnerTime
from hipcoach.web.form_errors import FormErrors, add_unanswered, read_rating
from hipcoach.web.pages.common import (
    FLAG_FIELD,
    NO,
    YES,
    FlagAnswers,
    TextField,
    flag_groups,
    no_program,
    sentence,
)
from hipcoach.web.templating import render

router = APIRouter()


def _has_program(app: Hipcoach, profile_id: int) -> bool:
    with app.reading() as db:
        return live_program(db, profile_id) is not None


def _form(
    request: Request,
    app: Hipcoach,
    profile_id: int,
    values: dict[str, str],
    flags: Mapping[str, bool],
    error: str | None = None,
    missing: Collection[str] = (),
    errors: FormErrors | None = None,
) -> Response:
    """The form; ``flags`` are the red-flag answers given so far, ``missing`` the ones still unanswered,
    ``errors`` the fields' problems and ``error`` one that belongs to no field."""
    asked = checkin_questions(app, profile_id)
    errors = errors or FormErrors()
    add_unanswered(errors, ((FLAG_FIELD + f.id, f.checkin_question) for f in asked if f.id in missing))
    return render(
        request,
        "checkin/form.html",
        status_code=400 if error or errors else 200,
        values=values,
        groups=flag_groups(asked),
        flag_values={FLAG_FIELD + fid: YES if yes else NO for fid, yes in flags.items()},
        missing=set(missing),
        errors=errors,
        error=error,
    )


def _wait(
    request: Request,
    waiting: AwaitingMorning,
    error: str | None = None,
    limits: Limits | None = None,
    errors: FormErrors | None = None,
    typed: str | None = None,
) -> Response:
    """Before the morning after the last session opens: when it does, and the pain an hour after (``errors``:
    its answer refused, shown by the field with what was ``typed``)."""
    rule = R.build_rules()["progression.next-morning"]  # as the constants are now
    return render(
        request,
        "checkin/wait.html",
        status_code=400 if error or errors else 200,
        waiting=waiting,
        hint=pain_after_hint(),
        meaning=hour_after_meaning(waiting.pain_after, limits) if waiting.pain_after is not None else None,
        rule_statement=rule.statement,
        evidence=rule.evidence,
        error=error,
        errors=errors,
        typed=typed,
    )


@router.get("/checkin")
def checkin_page(request: Request, app: HipcoachDep, profile_id: ProfileId) -> Response:
    if not _has_program(app, profile_id):
        return no_program(request)
    waiting = awaiting_morning(app, profile_id)
    if waiting is not None and not waiting.is_open:
        return _wait(request, waiting, limits=runner_overrides.limits_of(app, profile_id))
    pain_after = str(waiting.pain_after) if waiting is not None and waiting.pain_after is not None else ""
    return _form(request, app, profile_id, {"pain": "", "tightness": "", "pain_after": pain_after}, {})


@router.post("/checkin/pain-after")
def pain_after(
    request: Request,
    app: HipcoachDep,
    profile_id: ProfileId,
    pain_after: TextField = "",
    session_id: TextField = "",
    back: TextField = "",
) -> Response:
    """The pain about an hour after the session waiting for its morning check-in."""
    errors = FormErrors()
    value = read_rating(errors, "pain_after", "pain an hour after the session", pain_after)
    try:
        session = whole_number("session", session_id, required=False)
        if session is not None and not 1 <= session <= MAX_ROW_ID:
            raise NotFound(f"there is no session {session}")  # no row can have it; the database would fail
        if errors:
            waiting_now = awaiting_morning(app, profile_id)
            if waiting_now is not None:
                limits = runner_overrides.limits_of(app, profile_id)
                return _wait(request, waiting_now, limits=limits, errors=errors, typed=pain_after)
        waiting = record_pain_after(app, profile_id, value, session)
    except NotFound:
        raise  # another runner's session, or none: the app's page for "not found"
    except ServiceError as error:
        waiting_now = awaiting_morning(app, profile_id)
        if waiting_now is None:
            return render(
                request, "error.html", status_code=400, title="That did not work", message=str(error)
            )
        return _wait(request, waiting_now, str(error), runner_overrides.limits_of(app, profile_id))
    where = f"/session/done/{waiting.session_id}" if back == "done" else "/checkin"
    return RedirectResponse(f"{where}#pain-after-form", status_code=303)


@router.post("/checkin")
def checkin(
    request: Request,
    app: HipcoachDep,
    profile_id: ProfileId,
    local: RunnerTime,
    flags: FlagAnswers,
    pain: TextField = "",
    tightness: TextField = "",
    pain_after: TextField = "",
) -> Response:
    values = {"pain": pain, "tightness": tightness, "pain_after": pain_after}
    errors = FormErrors()
    pain_now = read_rating(errors, "pain", "pain this morning", pain)
    tight_now = read_rating(errors, "tightness", "tightness this morning", tightness)
    after = read_rating(errors, "pain_after", "pain an hour after your last session", pain_after, False)
    if errors:
        missing = [f.id for f in checkin_questions(app, profile_id) if f.id not in flags]
        return _form(request, app, profile_id, values, flags, missing=missing, errors=errors)
    assert pain_now is not None and tight_now is not None  # required: an empty field is a problem above
    try:
        entry = CheckinInput(
            checked_on=local.today,
            pain=pain_now,
            tightness=tight_now,
            red_flags=flags,
            pain_after_session=after,
        )
        report = check_in(app, profile_id, entry)
    except NotFound:
        return no_program(request)
    except MorningNotOpen as early:
        return _wait(request, early.awaiting, str(early), runner_overrides.limits_of(app, profile_id))
    except UnansweredQuestions as unanswered:
        return _form(request, app, profile_id, values, flags, missing=unanswered.ids)
    except ServiceError as error:
        return _form(request, app, profile_id, values, flags, sentence(error))
    return RedirectResponse(f"/checkins/{report.checkin_id}", status_code=303)


@router.get("/checkins/{checkin_id:int}")
def checkin_result(
    request: Request,
    app: HipcoachDep,
    profile_id: ProfileId,
    checkin_id: ItemId,
    changed: corrections.Changed | None = None,
) -> Response:
    stored = history.checkin_result(app, profile_id, checkin_id)
    evidence: list[str] = []
    for decision in stored.decisions:
        evidence += decision.evidence
    flag_evidence = [e for flag in stored.red_flags for e in flag.evidence]
    stops = stored.red_flag_level.rank >= RedFlagLevel.REFER.rank
    if stops:
        flag_evidence += RULES["progression.pause"].evidence
    return render(
        request,
        "checkin/result.html",
        stored=stored,
        library=app.library,
        evidence=evidence,
        flag_evidence=flag_evidence,
        flag_title=stored.red_flag_level.checkin_title if stops else None,
        window_days="day" if R.CHECKIN_WINDOW_DAYS == 1 else f"{R.count_word(R.CHECKIN_WINDOW_DAYS)} days",
        notice=corrections.NOTICES[changed] if changed else None,
    )
