"""`hipcoach serve`: the web app on this machine."""

from __future__ import annotations

import typer

from hipcoach.cli.common import console, fail


def serve(
    host: str | None = typer.Option(
        None, "--host", help="Address to listen on (default HIPCOACH_HOST or 127.0.0.1)."
    ),
    port: int | None = typer.Option(None, "--port", help="Port (default HIPCOACH_PORT or 8000)."),
) -> None:
    """Start the web app (phone-friendly) at http://127.0.0.1:8000."""
    import uvicorn

    from hipcoach.content import ContentError
    from hipcoach.services.context import open_hipcoach
    from hipcoach.settings import Settings
    from hipcoach.storage.db import DatabaseUnavailable
    from hipcoach.web import create_app

    settings = Settings()
    host = host or settings.host
    port = port or settings.port
    try:
        hipcoach = open_hipcoach(settings)
        len(hipcoach.library.illustrations)  # the figures are read on first use: a broken one stops us here
    except DatabaseUnavailable as error:
        raise fail(str(error)) from error
    except ContentError as error:
        raise fail(f"the content library is invalid:\n{error}") from error
    console.print(f"hipcoach is running at [bold]http://{host}:{port}[/]  (Ctrl-C to stop)")
    try:
        uvicorn.run(create_app(settings, hipcoach), host=host, port=port, log_level="warning")
    finally:
        hipcoach.close()
