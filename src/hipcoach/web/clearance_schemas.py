"""The clearance API's bodies: what holds the runner, and the clearances that lift a hold (BRIEF §2.2)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from hipcoach.domain.clearance import MAX_NAME_LENGTH, MAX_NOTE_LENGTH, MAX_PROFESSION_LENGTH
from hipcoach.services.input_types import IsoDate
from hipcoach.web.schemas import EvidencePublic, FlagLevel, RedFlagPublic


def _text(min_length: int, max_length: int) -> StringConstraints:
    # Trimmed first, so a name of spaces is as missing as no name.
    return StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length)


class ClearanceCreate(BaseModel):
    """A clearance the runner was given; recorded as self-reported, naming the clinician."""

    model_config = ConfigDict(extra="forbid")

    cleared_by: Annotated[str, _text(1, MAX_NAME_LENGTH)] = Field(description="the clinician's name")
    profession: Annotated[str, _text(1, MAX_PROFESSION_LENGTH)] = Field(
        description="e.g. physiotherapist or doctor"
    )
    cleared_on: IsoDate | None = Field(
        None,
        description="the day they were cleared, YYYY-MM-DD; default today; not before the hold began",
    )
    note: Annotated[str, _text(0, MAX_NOTE_LENGTH)] = Field("", description="what the clinician said")


class HoldPublic(BaseModel):
    since: datetime = Field(description="when the first red flag or pause still on hold was recorded")
    began_on: date = Field(description="that day, in the runner's time zone")
    level: FlagLevel = Field(description="of the red flags on hold together; none for a pause alone")
    red_flags: list[RedFlagPublic]
    reported: list[str] = Field(description="what raised each red flag, in the same order")
    pauses: list[str] = Field(description="the reason of each pause from the pain rules on hold")
    advice: list[str]
    what_lifts: str
    rule_id: str
    evidence: list[EvidencePublic]


class ClearancePublic(BaseModel):
    id: int
    cleared_by: str
    profession: str
    cleared_on: date
    note: str
    lifted_red_flags: list[str] = Field(description="the ids of the red flags it lifted")
    lifted_pauses: list[str] = Field(description="the reasons of the pauses it lifted")
    held_since: datetime = Field(description="when the hold it lifted began")
    self_reported: bool = Field(description="true: the runner recorded it, naming the clinician")
    recorded_at: datetime


class ClearanceRecorded(ClearancePublic):
    program: Literal["resumed", "screen-to-start", "continues"] = Field(
        description="resumed: the paused program runs again; screen-to-start: no program yet, the next "
        "screening without red flags starts it; continues: the program was not paused"
    )


class ClearancesPublic(BaseModel):
    on_hold: bool
    hold: HoldPublic | None = Field(description="what holds the runner now; null when nothing does")
    has_program: bool
    clearances: list[ClearancePublic] = Field(description="oldest first")
