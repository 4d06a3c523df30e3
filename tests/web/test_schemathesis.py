"""Schemathesis over the whole API the app describes (/openapi.json), in-process, signed in as a runner.

Every operation gets requests that fit its schema and requests that do not (a bounded number of each, the
same ones every run), sent with the runner's session cookie and CSRF header, on SQLite and on PostgreSQL.
Each answer must be no server error (5xx) and, where the schema describes its status, match that schema.

The pytest plugin's lazy ``from_fixture`` does not work under pytest 9 (it reads a node attribute pytest no
longer has), so each operation's strategy is driven by Hypothesis here, in one test per database.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.web.conftest import csrf
from tests.web.pages import runner

# About a minute per database on a slow machine: ~60 operations, each with these many cases of both kinds.
EXAMPLES_PER_MODE = 12
LEFT_OUT = {
    "POST /logout": "it would sign the fuzzing runner out, and every later operation would only test the 401",
}
CHECKS = [not_a_server_error, response_schema_conformance]


def failure_text(operation: str, mode: GenerationMode, error: BaseException) -> str:
    """What failed, shortly: each distinct failure's first lines and the request that reproduces it."""
    found = getattr(error, "exceptions", (error,))
    lines = [" ".join(str(one).split())[:400] for one in found]
    reproduce = [line.strip() for line in str(error).splitlines() if line.strip().startswith("curl ")]
    return f"{operation} ({mode.value}): " + " | ".join(lines + reproduce[:1])


def fuzz(operation: Any, mode: GenerationMode, call: Callable[[Any], None]) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES_PER_MODE,
        deadline=None,
        derandomize=True,  # the same cases every run: CI does not pass or fail by luck
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def each(case: Any) -> None:
        call(case)

    each()


def test_no_request_the_schema_allows_or_refuses_gives_a_server_error_or_an_undescribed_answer(
    web_app, signed_in
):
    browser = runner(signed_in, "fuzz@example.com")

    def call(case: Any) -> None:
        case.call_and_validate(
            headers={"X-CSRF-Token": csrf(browser)}, cookies=dict(browser.cookies), checks=CHECKS
        )

    schema = schemathesis.openapi.from_asgi("/openapi.json", web_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert any(operation.label.startswith("POST /api/") for operation in operations)
    failures = []
    for operation in operations:
        if operation.label in LEFT_OUT:
            continue
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                fuzz(operation, mode, call)
            except Unsatisfiable:
                pass  # nothing to vary in this mode (an operation without parameters has no wrong ones)
            except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 (every failure is reported)
                failures.append(failure_text(operation.label, mode, error))
    assert not failures, "\n\n".join(failures)
