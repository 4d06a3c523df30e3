"""Pages that read a runner's whole history ask the database a fixed number of times, however long it is."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from hipcoach.domain.content import Block
from hipcoach.services import history, programs, today
from hipcoach.services.checkins import CheckinInput, check_in
from hipcoach.services.context import Hipcoach
from hipcoach.services.transfer import export_profile
from tests.integration.helpers import checkin_flags, do_session, screened_runner


@contextmanager
def counted(app: Hipcoach) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    event.listen(app.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(app.engine, "before_cursor_execute", record)


def queries(app: Hipcoach, read: Callable[[], object]) -> int:
    with counted(app) as statements:
        read()
    return len(statements)


def log_days(app: Hipcoach, clock, profile_id: int, days: int) -> int:
    session_id = 0
    for _ in range(days):
        session_id = do_session(app, profile_id, Block.MOBILITY).session_id
        clock.advance(days=1)
        check_in(app, profile_id, CheckinInput(app.local("UTC").today, 1, 2, checkin_flags()))
    return session_id


@pytest.mark.parametrize(
    "read",
    [
        pytest.param(lambda app, p, s: export_profile(app, p), id="export"),
        pytest.param(lambda app, p, s: history.history(app, p), id="history"),
        pytest.param(lambda app, p, s: history.session_detail(app, p, s), id="session detail"),
        pytest.param(lambda app, p, s: programs.plan_session(app, p), id="plan"),
        pytest.param(lambda app, p, s: today.today(app, p), id="today's to-do"),
    ],
)
def test_a_longer_history_takes_no_more_queries(app, clock, read):
    short = screened_runner(app, "Ana")
    long = screened_runner(app, "Bea")
    short_session = log_days(app, clock, short, 2)
    long_session = log_days(app, clock, long, 6)
    assert queries(app, lambda: read(app, long, long_session)) == queries(
        app, lambda: read(app, short, short_session)
    )
