"""Pydantic models of the running API: load, runs, imports and the training week."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from hipcoach.domain import measures
from hipcoach.services.input_types import IsoDateTime
from hipcoach.web.schemas import EvidencePublic

DayKindName = Literal["rest", "easy", "hard", "long"]
# The API's numbers stay in km for every runner; only the texts in words follow the unit they chose.
IN_KM = "in km, whatever unit the runner reads"
IN_WORDS = "in words, distances in the unit the runner chose (km or mi)"


class WeekLoadPublic(BaseModel):
    week_start: date = Field(description="the Monday, in the runner's time zone")
    distance_km: float = Field(description=IN_KM)
    duration_s: float
    run_count: int
    longest_km: float = Field(description=IN_KM)
    change_pct: float | None = Field(
        description="distance vs the week before; null when that week was 0 or without enough history"
    )
    two_week_change_pct: float | None = Field(
        description="these two weeks vs the two before; null when those were 0 or without enough history"
    )
    context: str | None
    evidence: list[EvidencePublic]
    enough_history_for_change: bool = Field(description="false: the records do not cover both weeks")
    enough_history_for_two_weeks: bool = Field(description="false: the records do not cover all four weeks")


class SpikePublic(BaseModel):
    run_id: int | None
    started_at: datetime
    distance_km: float = Field(description=IN_KM)
    previous_longest_km: float | None = Field(description=IN_KM)
    increase_pct: float | None
    band: str = Field(description="a stable code: no-spike, spike-first-band, spike-second-band, ...")
    band_label: str = Field(description="the band in words, from its edges")
    hazard_ratio: list[float] | None = Field(description="[hazard ratio, 95% CI low, high] (Frandsen 2025)")
    explanation: str = Field(description=IN_WORDS)
    evidence: list[EvidencePublic]


class AcwrPointPublic(BaseModel):
    day: date
    distance_km: float = Field(description=IN_KM)
    acute_km: float = Field(description=IN_KM)
    chronic_km: float = Field(description=IN_KM)
    ratio: float | None = Field(description="null while the chronic load is 0 or without enough history")
    enough_history: bool = Field(description="false: the records do not cover the 28 days up to this day")


class HistoryPublic(BaseModel):
    first_run_at: datetime | None = Field(description="where the records begin: the first run stored")
    spikes_judged_from: date | None = Field(
        description="the first day a run can be judged for a spike (earlier runs: not enough history)"
    )
    trends_from: date | None = Field(description="the first day with a ratio and a two-week change")
    notes: list[str] = Field(description="what the weeks asked for cannot judge yet, in words")


class AdvicePublic(BaseModel):
    headline: str
    text: str
    because: list[str]
    evidence: list[EvidencePublic]


class LoadPublic(BaseModel):
    zone: str
    run_count: int
    weeks: list[WeekLoadPublic]
    spikes: list[SpikePublic]
    acwr: list[AcwrPointPublic]
    acwr_caveat: str = Field(
        description="always shown with the ratio: context only, never an injury forecast"
    )
    advice: AdvicePublic | None
    history: HistoryPublic


class RunPublic(BaseModel):
    id: int
    started_at: datetime
    distance_km: float | None = Field(description=IN_KM)
    duration_min: float
    sport: str
    name: str
    source: str


class RunCreate(BaseModel):
    """A run typed in; the bounds, and the pace no one can run, are the domain's (``measures``)."""

    started_at: IsoDateTime = Field(description="the start, ISO 8601 with its UTC offset")
    distance_km: float = Field(
        ge=measures.MIN_RUN_DISTANCE_KM,
        le=measures.MAX_RUN_DISTANCE_KM,
        allow_inf_nan=False,
        description=IN_KM,
    )
    duration_min: float = Field(gt=0, le=measures.MAX_RUN_DURATION_MIN, allow_inf_nan=False)
    name: str = Field(default="", max_length=200)

    @model_validator(mode="after")
    def a_pace_someone_can_run(self) -> RunCreate:
        measures.run_pace(self.distance_km, self.duration_min)
        return self


class ProblemPublic(BaseModel):
    source: str
    reason: str
    kind: Literal["error", "skipped"]


class ImportJobPublic(BaseModel):
    id: int
    status: Literal["queued", "running", "done", "failed"]
    upload_name: str
    created_at: datetime
    updated_at: datetime
    files_total: int
    files_done: int
    runs_added: int
    duplicates: int
    already_imported: int
    problems: list[ProblemPublic] = Field(
        description="the first files that could not be read, then the first activities left out; the totals "
        "count them all"
    )
    errors_total: int = Field(description="files that could not be read, all of them")
    skipped_total: int = Field(description="activities left out, all of them")
    message: str
    status_url: str
    page_url: str


class PlacedSessionPublic(BaseModel):
    weekday: int = Field(ge=0, le=6, description="0 = Monday")
    day: str
    kind: Literal["strength", "mobility"]
    timing: str
    why: list[str]
    evidence: list[EvidencePublic]


class WeekPublic(BaseModel):
    zone: str
    days: dict[int, DayKindName] | None = Field(description="weekday (0 = Monday) -> kind; null: no week yet")
    inferred: bool = Field(description="true: read from the runs of the last weeks, not set by the runner")
    sessions: list[PlacedSessionPublic]
    notes: list[str]
    reminder_time: str | None = Field(
        default=None,
        pattern=r"^\d{2}:\d{2}$",
        description="HH:MM: when the calendar's sessions start, in the runner's zone; null: 18:00",
    )
    session_minutes: dict[str, int] = Field(
        default_factory=dict, description="about how long a mobility day's and a strength day's session take"
    )


class WeekUpdate(BaseModel):
    days: dict[int, DayKindName] = Field(
        description="weekday (0 = Monday) -> kind; days left out rest; {} reads it from the runs again"
    )
    timezone: str | None = Field(default=None, max_length=64, description="an IANA name, e.g. Europe/Berlin")
    reminder_time: time | None = Field(
        default=None,
        description="when the calendar's sessions start (HH:MM, the runner's zone); null: 18:00; left out: "
        "kept",
    )
