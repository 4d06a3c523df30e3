"""`hipcoach worker`: a process that runs the background imports from the job queue in PostgreSQL."""

from __future__ import annotations

import typer

from hipcoach.cli.common import console, fail, read_settings

MAX_CONCURRENCY = 16  # each import already parses its files in several processes


def worker(
    concurrency: int = typer.Option(
        1,
        "--concurrency",
        help=f"Jobs this worker runs at once, 1 to {MAX_CONCURRENCY} (each import parses its files in "
        "processes of its own besides).",
    ),
    name: str | None = typer.Option(
        None, "--name", help="A name for this worker in the logs (default: hipcoach-worker-<pid>)."
    ),
    dead_after: float = typer.Option(
        60.0,  # job_queue.DEAD_AFTER_S, pinned by a test: importing it would slow every command's start
        "--dead-after",
        help="Seconds after which a worker that stopped answering (killed, or its machine gone) counts as "
        "dead, and its job goes back to the queue for another worker.",
    ),
) -> None:
    """Run background imports from the job queue (PostgreSQL), beside `hipcoach serve` on any machine."""
    import asyncio
    import logging
    import os

    from hipcoach.content import ContentError
    from hipcoach.services.context import open_hipcoach
    from hipcoach.services.job_queue import WorkerTimes, work
    from hipcoach.settings import is_postgresql, without_password
    from hipcoach.storage.db import DatabaseUnavailable

    if not 1 <= concurrency <= MAX_CONCURRENCY:
        raise fail(f"--concurrency must be between 1 and {MAX_CONCURRENCY}, not {concurrency}")
    if not dead_after > 0:
        raise fail(f"--dead-after must be a number of seconds above 0, not {dead_after:g}")
    settings = read_settings()
    if not is_postgresql(settings.database_url):
        raise fail(
            "the job queue needs PostgreSQL: set HIPCOACH_DATABASE_URL to it. On the default SQLite "
            "database, `hipcoach serve` runs the imports itself and needs no worker."
        )
    try:
        hipcoach = open_hipcoach(settings)
        len(hipcoach.library.illustrations)
    except DatabaseUnavailable as error:
        raise fail(str(error)) from error
    except ContentError as error:
        raise fail(f"the content library is invalid:\n{error}") from error
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s: %(message)s")
    name = name or f"hipcoach-worker-{os.getpid()}"
    where = without_password(settings.database_url or "")
    console.print(f"{name} is taking jobs from {where}, {concurrency} at a time  (Ctrl-C to stop)")
    try:
        asyncio.run(
            work(hipcoach, name=name, concurrency=concurrency, times=WorkerTimes.noticing_within(dead_after))
        )
    finally:
        hipcoach.close()
    console.print(f"{name} stopped; a job it had under way is back in the queue.")
