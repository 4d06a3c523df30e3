"""The errors a service raises for its callers to show: each message is written for the runner to read."""

from __future__ import annotations


class ServiceError(Exception):
    """Something the runner asked for cannot be done; the message says what and why."""


class NotFound(ServiceError):
    pass


class Conflict(ServiceError):
    pass


class InvalidInput(ServiceError):
    pass


class TryAgainLater(ServiceError):
    """The database is busy with other changes; nothing was done, and the same request can be sent again."""

    def __init__(self, message: str, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s
