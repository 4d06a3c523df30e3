"""Export a profile's whole history as JSON, and import it again losslessly (as the same or a new name)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from hipcoach.clock import UnknownZone, zone
from hipcoach.domain.assessment.battery import InvalidBattery
from hipcoach.services import assessment_rows
from hipcoach.services import transfer_schema as s
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import Conflict, InvalidInput
from hipcoach.services.profiles import ProfileView, name_taken, validate_profile
from hipcoach.storage import models as m

MAX_IMPORT_BYTES = 50 * 1024 * 1024


def export_profile(app: Hipcoach, profile_id: int) -> dict[str, Any]:
    """The profile's history as a JSON-ready dict; ids are replaced by references local to the file."""
    with app.reading() as db:
        return _export(db, profile_id, app).model_dump(mode="json")


def _rows(db: Session, model: Any, *where: Any, order: Any, load: Any = ()) -> list[Any]:
    return list(db.scalars(select(model).where(*where).order_by(*order).options(*load)))


def _fields(row: Any, model: type[s.Strict], **given: Any) -> s.Strict:
    """Build ``model`` from a row's same-named attributes, with ``given`` for the file's own references."""
    names = model.model_fields.keys() - given.keys()
    return model.model_validate({**{name: getattr(row, name) for name in names}, **given})


def _export(db: Session, profile_id: int, app: Hipcoach) -> s.Export:
    profile = db.get_one(m.Profile, profile_id)
    # Children load in one query per table, not one per parent: a year is ~150 sessions, ~2,000 exercises.
    programs = _rows(
        db,
        m.Program,
        m.Program.profile_id == profile_id,
        order=(m.Program.id,),
        load=(selectinload(m.Program.exercise_states), selectinload(m.Program.phase_changes)),
    )
    sessions = _rows(
        db,
        m.TrainingSession,
        m.TrainingSession.profile_id == profile_id,
        order=(m.TrainingSession.id,),
        load=(selectinload(m.TrainingSession.exercises).selectinload(m.SessionExercise.sets),),
    )
    checkins = _rows(db, m.Checkin, m.Checkin.profile_id == profile_id, order=(m.Checkin.id,))
    program_ids = [p.id for p in programs]
    decisions = _rows(db, m.Decision, m.Decision.program_id.in_(program_ids), order=(m.Decision.id,))
    # References local to the file (1, 2, ...) so an export, imported and exported again, reads the same.
    assessment_rows_ = _rows(
        db,
        m.Assessment,
        m.Assessment.profile_id == profile_id,
        order=(m.Assessment.id,),
        load=(selectinload(m.Assessment.readings),),
    )
    assessment_ref = {a.id: n for n, a in enumerate(assessment_rows_, 1)}
    program_ref = {p.id: n for n, p in enumerate(programs, 1)}
    session_ref = {x.id: n for n, x in enumerate(sessions, 1)}
    checkin_ref = {c.id: n for n, c in enumerate(checkins, 1)}
    return s.Export(
        format=s.FORMAT,
        version=s.VERSION,
        exported_at=app.now(),
        profile=s.ProfileOut.model_validate(profile),
        screenings=[s.ScreeningOut.model_validate(x) for x in profile.screenings],
        programs=[
            _fields(
                p,
                s.ProgramOut,
                ref=program_ref[p.id],
                exercise_states=[s.ExerciseStateOut.model_validate(e) for e in p.exercise_states],
                phase_changes=[
                    _fields(c, s.PhaseChangeOut, checkin_ref=checkin_ref.get(c.checkin_id or 0))
                    for c in p.phase_changes
                ],
            )
            for p in programs
        ],
        sessions=[
            _fields(
                x,
                s.SessionOut,
                ref=session_ref[x.id],
                program_ref=program_ref[x.program_id],
                exercises=[s.SessionExerciseOut.model_validate(e) for e in x.exercises],
            )
            for x in sessions
        ],
        checkins=[
            _fields(c, s.CheckinOut, ref=checkin_ref[c.id], session_ref=session_ref.get(c.session_id or 0))
            for c in checkins
        ],
        decisions=[
            _fields(
                d,
                s.DecisionOut,
                program_ref=program_ref[d.program_id],
                session_ref=session_ref.get(d.session_id or 0),
                checkin_ref=checkin_ref.get(d.checkin_id or 0),
            )
            for d in decisions
        ],
        clearances=[
            s.ClearanceOut.model_validate(c)
            for c in _rows(db, m.Clearance, m.Clearance.profile_id == profile_id, order=(m.Clearance.id,))
        ],
        assessments=[
            _fields(a, s.AssessmentOut, readings=[s.ReadingOut.model_validate(r) for r in a.readings])
            for a in assessment_rows_
        ],
        runs=[
            _run_out(a)
            for a in _rows(db, m.Activity, m.Activity.profile_id == profile_id, order=(m.Activity.id,))
        ],
        videos=[
            _fields(v, s.VideoAnalysisOut, assessment_ref=assessment_ref.get(v.assessment_id or 0))
            for v in _rows(
                db,
                m.VideoAnalysis,
                m.VideoAnalysis.profile_id == profile_id,
                m.VideoAnalysis.status.in_(s.EXPORTED_VIDEO_STATUSES),
                order=(m.VideoAnalysis.id,),
            )
        ],
        timezone=profile.timezone,
        training_week=profile.training_week,
        distance_unit=profile.distance_unit,
        reminder_time=profile.reminder_time,
    )


def _run_out(row: m.Activity) -> s.RunOut:
    """A run with its source file named without the folders it was read from: on a server those are its
    upload folder's, which the file would otherwise reveal to whoever it is sent to (issue 14)."""
    run = s.RunOut.model_validate(row)
    outer, bang, inner = run.source.partition("!")  # "<file>.zip!<entry>": the entry is the archive's own
    name = outer.replace("\\", "/").rsplit("/", 1)[-1]
    return run.model_copy(update={"source": name + bang + inner})


def parse_export(raw: bytes) -> s.Export:
    """Check a file is a hipcoach export; the error names the first problem and where it is."""
    if len(raw) > MAX_IMPORT_BYTES:
        raise InvalidInput(
            f"the file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB; not a hipcoach export"
        )
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidInput(f"the file is not valid JSON: {error}") from None
    if not isinstance(data, dict) or data.get("format") != s.FORMAT:
        raise InvalidInput('the file is not a hipcoach export (no "format": "hipcoach-export")')
    if data.get("version") != s.VERSION:
        raise InvalidInput(
            f"export version {data.get('version')!r} is not supported (this hipcoach reads {s.VERSION})"
        )
    try:
        export = s.Export.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InvalidInput(f"the export is damaged at {where}: {first['msg']}") from None
    _check_references(export)
    return export


def _check_references(export: s.Export) -> None:
    programs = {p.ref for p in export.programs}
    sessions = {x.ref for x in export.sessions}
    checkins = {c.ref for c in export.checkins}
    for kind, refs in (
        ("program", [p.ref for p in export.programs]),
        ("session", [x.ref for x in export.sessions]),
        ("checkin", [c.ref for c in export.checkins]),
    ):
        if len(refs) != len(set(refs)):
            raise InvalidInput(f"the export is damaged: a {kind} reference is used twice")
    for x in export.sessions:
        if x.program_ref not in programs:
            raise InvalidInput(
                f"the export is damaged: session {x.ref} names unknown program {x.program_ref}"
            )
    for p in export.programs:
        for change in p.phase_changes:
            if change.checkin_ref is not None and change.checkin_ref not in checkins:
                raise InvalidInput(
                    f"the export is damaged: a phase change names unknown check-in {change.checkin_ref}"
                )
    for c in export.checkins:
        if c.session_ref is not None and c.session_ref not in sessions:
            raise InvalidInput(
                f"the export is damaged: check-in {c.ref} names unknown session {c.session_ref}"
            )
    for d in export.decisions:
        if d.program_ref not in programs:
            raise InvalidInput(f"the export is damaged: a decision names unknown program {d.program_ref}")
        if d.session_ref is not None and d.session_ref not in sessions:
            raise InvalidInput(f"the export is damaged: a decision names unknown session {d.session_ref}")
        if d.checkin_ref is not None and d.checkin_ref not in checkins:
            raise InvalidInput(f"the export is damaged: a decision names unknown check-in {d.checkin_ref}")


def import_profile(
    app: Hipcoach, raw: bytes, rename: str | None = None, user_id: int | None = None
) -> ProfileView:
    """Create a profile from an export, all of it in one transaction or nothing; ``user_id``: the web
    account it becomes the runner profile of (Conflict if that account has one already)."""
    export = parse_export(raw)
    known = app.library.exercises.keys()
    used = {e.exercise_id for x in export.sessions for e in x.exercises}
    used |= {e.exercise_id for p in export.programs for e in p.exercise_states}
    unknown = sorted(used - known)
    if unknown:
        raise InvalidInput(f"the export names exercises this hipcoach does not know: {', '.join(unknown)}")
    _check_assessments(export)
    _check_videos(export)
    if export.timezone is not None:
        try:
            zone(export.timezone)
        except UnknownZone as error:
            raise InvalidInput(f"the export names an {error}") from None
    name = validate_profile(rename or export.profile.name, export.profile.age, export.profile.sex)
    with app.transaction() as db:
        if name_taken(db, name):
            raise Conflict(
                f"a profile named {name!r} already exists; import it under another name with --as NAME"
            )
        if user_id is not None and db.scalar(select(m.Profile.id).where(m.Profile.user_id == user_id)):
            raise Conflict("this account already has runner data; nothing was imported")
        profile = _insert(db, export, name)
        profile.user_id = user_id
        db.flush()
        return ProfileView(profile.id, profile.name, profile.age, profile.sex, profile.timezone)


def _check_videos(export: s.Export) -> None:
    """A video analysis is imported only with a result this hipcoach reads, and only one that was done has
    one; its assessment must be in the file."""
    from hipcoach.video.result import VideoResult

    for number, video in enumerate(export.videos, 1):
        where = f"video analysis {number} ({video.upload_name})"
        if video.assessment_ref is not None and video.assessment_ref > len(export.assessments):
            raise InvalidInput(
                f"the export is damaged: {where} names unknown assessment {video.assessment_ref}"
            )
        if (video.status == "done") != (video.result is not None):
            raise InvalidInput(
                f"the export is damaged: {where} is {video.status} but "
                + ("has no result" if video.result is None else "has a result")
            )
        if video.result is not None:
            try:
                result = VideoResult.from_json(video.result)
            except ValueError as error:
                raise InvalidInput(f"the export is damaged: {where}: {error}") from None
            if (result.test.value, result.side.value, result.view.value) != (
                video.test,
                video.side,
                video.view,
            ):
                raise InvalidInput(f"the export is damaged: {where}'s result is of another test, leg or view")


def _check_assessments(export: s.Export) -> None:
    """An assessment is imported only if hipcoach can score it: no impossible reading gets in."""
    for number, assessment in enumerate(export.assessments, 1):
        keys = [r.key for r in assessment.readings]
        if len(set(keys)) != len(keys):
            raise InvalidInput(
                f"assessment {number} ({assessment.assessed_on}) in the file repeats a reading"
            )
        row = m.Assessment(
            sex=assessment.sex,
            age=assessment.age,
            body_mass_kg=assessment.body_mass_kg,
            scoring=assessment.scoring,
            readings=[m.AssessmentReading(**r.model_dump()) for r in assessment.readings],
        )
        try:
            assessment_rows.result_of(row)
        except InvalidBattery as error:
            raise InvalidInput(
                f"assessment {number} ({assessment.assessed_on}) in the file: {error}"
            ) from error


def _insert(db: Session, export: s.Export, name: str) -> m.Profile:
    p = export.profile
    profile = m.Profile(
        **p.model_dump(exclude={"name"}),
        name=name,
        timezone=export.timezone,
        training_week=dict(export.training_week) if export.training_week else None,
        distance_unit=export.distance_unit.value,
        reminder_time=export.reminder_time,
    )
    profile.screenings = [m.Screening(**x.model_dump()) for x in export.screenings]
    db.add(profile)
    db.flush()
    programs: dict[int, m.Program] = {}
    for program_out in export.programs:
        data = program_out.model_dump(exclude={"ref", "exercise_states", "phase_changes"})
        program = m.Program(profile_id=profile.id, **data)
        program.exercise_states = [m.ExerciseState(**e.model_dump()) for e in program_out.exercise_states]
        program.phase_changes = [
            m.PhaseChange(**c.model_dump(exclude={"checkin_ref"})) for c in program_out.phase_changes
        ]
        db.add(program)
        programs[program_out.ref] = program
    db.flush()
    sessions: dict[int, m.TrainingSession] = {}
    for x in export.sessions:
        row = m.TrainingSession(
            profile_id=profile.id,
            program_id=programs[x.program_ref].id,
            **x.model_dump(exclude={"ref", "program_ref", "exercises"}),
        )
        for e in x.exercises:
            ex = m.SessionExercise(**e.model_dump(exclude={"sets"}))
            ex.sets = [m.SessionSet(**t.model_dump()) for t in e.sets]
            row.exercises.append(ex)
        db.add(row)
        sessions[x.ref] = row
    db.flush()
    checkins: dict[int, m.Checkin] = {}
    decided: set[int] = set()
    for c in export.checkins:
        # One check-in per session: a file from before that rule may name a session twice; the first keeps
        # it, as migration 0006 did with the stored ones.
        session_ref = c.session_ref if c.session_ref not in decided else None
        if session_ref:
            decided.add(session_ref)
        checkin = m.Checkin(
            profile_id=profile.id,
            session_id=sessions[session_ref].id if session_ref else None,
            **c.model_dump(exclude={"ref", "session_ref"}),
        )
        db.add(checkin)
        checkins[c.ref] = checkin
    db.flush()
    for program_out in export.programs:
        changes = programs[program_out.ref].phase_changes
        for change_out, change in zip(program_out.phase_changes, changes, strict=True):
            if change_out.checkin_ref is not None:
                change.checkin_id = checkins[change_out.checkin_ref].id
    for d in export.decisions:
        db.add(
            m.Decision(
                program_id=programs[d.program_ref].id,
                session_id=sessions[d.session_ref].id if d.session_ref else None,
                checkin_id=checkins[d.checkin_ref].id if d.checkin_ref else None,
                **d.model_dump(exclude={"program_ref", "session_ref", "checkin_ref"}),
            )
        )
    db.add_all(m.Clearance(profile_id=profile.id, **c.model_dump()) for c in export.clearances)
    assessments: dict[int, m.Assessment] = {}
    for number, a in enumerate(export.assessments, 1):
        assessment = m.Assessment(profile_id=profile.id, **a.model_dump(exclude={"readings"}))
        assessment.readings = [m.AssessmentReading(**r.model_dump()) for r in a.readings]
        db.add(assessment)
        assessments[number] = assessment
    db.flush()
    for v in export.videos:
        db.add(
            m.VideoAnalysis(
                profile_id=profile.id,
                assessment_id=assessments[v.assessment_ref].id if v.assessment_ref else None,
                stored_path="",
                keep_video=False,
                **v.model_dump(exclude={"assessment_ref"}),
            )
        )
    db.add_all(m.Activity(profile_id=profile.id, **run.model_dump()) for run in export.runs)
    db.flush()
    return profile
