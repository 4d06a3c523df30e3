"""The Idempotency-Key header a phone sends with a session or a check-in it may send more than once."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import Header
from fastapi.exceptions import RequestValidationError
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from hipcoach.services import client_keys, drafts

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias=client_keys.HEADER,
        pattern=client_keys.PATTERN,
        max_length=client_keys.MAX_LENGTH,
        description="a key the phone made once for this record (a UUID): sent again with it, the record "
        "saved the first time is the answer (200) and nothing is saved twice",
    ),
]


def invalid_header(message: str) -> RequestValidationError:
    """A 422 in FastAPI's own shape, naming the header."""
    return RequestValidationError(
        [{"type": "value_error", "loc": ("header", client_keys.HEADER), "msg": message}]
    )


class OfflineFinish(BaseModel):
    """A session the phone kept itself while it was offline, sent whole when the network is back."""

    model_config = ConfigDict(extra="forbid")

    state: drafts.DraftState
    started_at: AwareDatetime | None = Field(None, description="when the runner started it, by the phone")
    finished_at: AwareDatetime | None = Field(None, description="when the runner finished it, by the phone")
    sent_at: AwareDatetime | None = Field(
        None,
        description="the phone's clock as it sends this: the server moves started_at and finished_at by the "
        "difference to its own clock, so a phone whose clock is wrong still dates the session right",
    )

    @field_validator("started_at", "finished_at", "sent_at")
    @classmethod
    def _in_utc(cls, moment: datetime | None) -> datetime | None:
        try:
            return moment.astimezone(UTC) if moment is not None else None
        except OverflowError:
            raise ValueError("no session can be this far from now") from None
