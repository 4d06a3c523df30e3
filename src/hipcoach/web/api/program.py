"""The program: its phase and why, the week, the next phase's gate, the ladder; its settings."""

from __future__ import annotations

from fastapi import APIRouter

from hipcoach.domain.phases import Phase
from hipcoach.services import programs
from hipcoach.services.programs import ProgramOverview
from hipcoach.web import schemas as s
from hipcoach.web.api.common import PRIVATE, evidence_public
from hipcoach.web.deps import HipcoachDep, ProfileId

router = APIRouter(prefix="/api", tags=["api"])


def _phase(phase: Phase) -> s.PhasePublic:
    return s.PhasePublic(number=int(phase), title=phase.title, purpose=phase.purpose)


def program_public(app: HipcoachDep, view: ProgramOverview) -> s.ProgramPublic:
    gate = view.gate
    ladder = [
        s.LadderStatePublic(
            exercise_id=row.exercise_id,
            name=row.name,
            level=row.level,
            top_level=row.top_level,
            level_name=row.level_name,
            rounds=row.rounds,
            left_out=row.left_out,
            instead_id=row.instead_id,
            instead_name=row.instead_name,
            change=row.change,
        )
        for row in view.ladder
    ]
    return s.ProgramPublic(
        status=view.status,
        paused_reason=view.paused_reason,
        phase=_phase(view.phase),
        why=list(view.week.rationale),
        evidence=evidence_public(view.week.evidence),
        started_on=view.started_on,
        settings=s.ProgramSettingsPublic(**vars(view.settings)),
        week=[
            s.PlannedDayPublic(
                weekday=day.weekday,
                name=day.name,
                blocks=[block.value for block in day.blocks],
                kind=day.kind.value if day.kind is not None else None,
            )
            for day in view.week.days
        ],
        today=view.today,
        todays_kind=view.todays_kind.value if view.todays_kind is not None else None,
        gate=s.GatePublic(
            next_phase=_phase(gate.next_phase) if gate.next_phase is not None else None,
            is_open=gate.is_open,
            met=list(gate.met),
            unmet=list(gate.unmet),
            rule_id=gate.rule_id,
            evidence=evidence_public(gate.evidence),
        ),
        ladder=ladder,
        history=[s.PhaseStepPublic(**vars(step)) for step in view.history],
        adaptations=[
            s.AdaptationPublic(
                emphasis=a.emphasis.value,
                side=a.side.value if a.side is not None else None,
                because=a.because,
                evidence=evidence_public(a.evidence),
            )
            for a in view.adaptations
        ],
        assessed_on=view.assessed_on,
    )


@router.get("/program", response_model=s.ProgramPublic, responses=PRIVATE)
def get_program(app: HipcoachDep, profile_id: ProfileId) -> s.ProgramPublic:
    """The phase and why, the week, what opens the next phase, the strength ladder and today's kind."""
    return program_public(app, programs.overview(app, profile_id))


@router.put("/program/settings", response_model=s.ProgramPublic, responses=PRIVATE)
def update_program_settings(
    body: s.ProgramSettingsUpdate, app: HipcoachDep, profile_id: ProfileId
) -> s.ProgramPublic:
    """Strength days a week (1-3; the plan keeps 2-3 outside maintenance) and whether core is included."""
    view = programs.configure(app, profile_id, body.strength_days_per_week, body.include_core)
    return program_public(app, view)
