"""Running load: weekly volume, spike runs and the acute:chronic ratio (context only)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from hipcoach.domain.load import DEFAULT_WEEKS_SHOWN
from hipcoach.services import load
from hipcoach.web import running_schemas as r
from hipcoach.web.api.common import PRIVATE, evidence_public
from hipcoach.web.deps import HipcoachDep, ProfileId

router = APIRouter(prefix="/api", tags=["api"])


@router.get("/load", response_model=r.LoadPublic, responses=PRIVATE)
def get_load(
    app: HipcoachDep, profile_id: ProfileId, weeks: Annotated[int, Query(ge=1, le=520)] = DEFAULT_WEEKS_SHOWN
) -> r.LoadPublic:
    """Weekly volume, spike runs and the acute:chronic ratio (context only) for the last ``weeks`` weeks."""
    summary = load.summary(app, profile_id, weeks)
    advice = summary.advice
    return r.LoadPublic(
        zone=summary.zone,
        run_count=summary.run_count,
        weeks=[
            r.WeekLoadPublic(
                week_start=w.week_start,
                distance_km=w.distance_km,
                duration_s=w.duration_s,
                run_count=w.run_count,
                longest_km=w.longest_km,
                change_pct=w.change_pct,
                two_week_change_pct=w.two_week_change_pct,
                context=w.context,
                evidence=evidence_public(w.evidence),
                enough_history_for_change=w.enough_history_for_change,
                enough_history_for_two_weeks=w.enough_history_for_two_weeks,
            )
            for w in summary.weeks
        ],
        spikes=[
            r.SpikePublic(
                run_id=s.run.id,
                started_at=s.run.started_at,
                distance_km=s.run.distance_km,
                previous_longest_km=s.previous_longest_km,
                increase_pct=s.increase_pct,
                band=s.band.value,
                band_label=s.band.label,
                hazard_ratio=list(s.band.hazard_ratio) if s.band.hazard_ratio else None,
                explanation=s.explanation,
                evidence=evidence_public(s.evidence),
            )
            for s in summary.spikes
        ],
        acwr=[
            r.AcwrPointPublic(
                day=p.day,
                distance_km=p.distance_km,
                acute_km=p.acute_km,
                chronic_km=p.chronic_km,
                ratio=p.ratio,
                enough_history=p.enough_history,
            )
            for p in summary.acwr
        ],
        acwr_caveat=summary.acwr_caveat,
        advice=(
            r.AdvicePublic(
                headline=advice.headline,
                text=advice.text,
                because=list(advice.because),
                evidence=evidence_public(advice.evidence),
            )
            if advice is not None
            else None
        ),
        history=r.HistoryPublic(
            first_run_at=summary.history.first_run_at,
            spikes_judged_from=summary.history.spikes_judged_from,
            trends_from=summary.history.trends_from,
            notes=list(summary.history_notes),
        ),
    )
