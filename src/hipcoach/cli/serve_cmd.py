"""`hipcoach serve`: the web app on this machine, in one process or several."""

from __future__ import annotations

import typer

from hipcoach.cli.common import console, fail, read_settings

APP_FACTORY = "hipcoach.web.app:create_app"


def serve(
    host: str | None = typer.Option(
        None, "--host", help="Address to listen on (default HIPCOACH_HOST or 127.0.0.1)."
    ),
    port: int | None = typer.Option(None, "--port", help="Port (default HIPCOACH_PORT or 8000)."),
    workers: int | None = typer.Option(
        None,
        "--workers",
        help=(
            "App processes sharing the port and the database (default HIPCOACH_WORKERS or 1). They share "
            "the sign-in limits through the database; PostgreSQL serves several better than SQLite."
        ),
    ),
    trusted_proxies: str | None = typer.Option(
        None,
        "--trusted-proxies",
        help=(
            "Comma-separated addresses or networks of your reverse proxies (default "
            "HIPCOACH_TRUSTED_PROXIES, else none): only their X-Forwarded-For names the browser."
        ),
    ),
) -> None:
    """Start the web app (phone-friendly) at http://127.0.0.1:8000."""
    import uvicorn

    from hipcoach.content import ContentError
    from hipcoach.services.context import open_hipcoach
    from hipcoach.settings import MAX_WORKERS, secret_key, trusted_networks
    from hipcoach.storage.db import DatabaseUnavailable
    from hipcoach.web import create_app

    settings = read_settings()
    host = host or settings.host
    port = port or settings.port
    workers = settings.workers if workers is None else workers
    if not 1 <= workers <= MAX_WORKERS:
        raise fail(f"--workers must be between 1 and {MAX_WORKERS}, not {workers}")
    try:
        proxies = trusted_networks(settings.trusted_proxies if trusted_proxies is None else trusted_proxies)
    except ValueError as error:
        raise fail(str(error)) from error
    try:
        # The database is migrated and the content checked here, once, before any worker starts.
        hipcoach = open_hipcoach(settings)
        len(hipcoach.library.illustrations)  # the figures are read on first use: a broken one stops us here
    except DatabaseUnavailable as error:
        raise fail(str(error)) from error
    except ContentError as error:
        raise fail(f"the content library is invalid:\n{error}") from error
    secret_key(settings)  # made now if it is to be made: the workers then read the one key
    # Without a trusted proxy, uvicorn must not believe any X-Forwarded-For (it trusts 127.0.0.1 by default).
    proxy_headers = bool(proxies)
    allowed = ",".join(str(network) for network in proxies) or None
    processes = f", {workers} app processes" if workers > 1 else ""
    console.print(f"hipcoach is running at [bold]http://{host}:{port}[/]{processes}  (Ctrl-C to stop)")
    if workers > 1:
        hipcoach.close()  # each worker opens its own
    try:
        # One process serves the app opened above; several each build theirs from the same HIPCOACH_*
        # settings, through the factory uvicorn imports.
        uvicorn.run(
            create_app(settings, hipcoach) if workers == 1 else APP_FACTORY,
            factory=workers > 1,
            workers=workers,
            host=host,
            port=port,
            log_level="warning",
            proxy_headers=proxy_headers,
            forwarded_allow_ips=allowed,
        )
    finally:
        hipcoach.close()
