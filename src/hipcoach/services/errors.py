"""The errors a service raises for its callers to show: each message is written for the runner to read."""

from __future__ import annotations

from collections.abc import Mapping


class ServiceError(Exception):
    """Something the runner asked for cannot be done; the message says what and why."""


class NotFound(ServiceError):
    pass


class Conflict(ServiceError):
    pass


class InvalidInput(ServiceError):
    pass


class InvalidFields(InvalidInput):
    """Several fields of one form are wrong at once: each field's name with its own message, in the form's
    order; the message of the whole names them all, for a caller that shows one line (the API, the CLI)."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = dict(problems)


class TryAgainLater(ServiceError):
    """The database is busy with other changes; nothing was done, and the same request can be sent again."""

    def __init__(self, message: str, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s
