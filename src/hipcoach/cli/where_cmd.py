"""`hipcoach where`: which database this hipcoach uses, so a runner knows where their data lives."""

from __future__ import annotations

from hipcoach.cli.common import console


def where() -> None:
    """Show the database hipcoach uses (set HIPCOACH_DATABASE_URL to change it)."""
    from sqlalchemy.engine import make_url

    from hipcoach.settings import Settings, resolved_database_url

    settings = Settings()
    url = make_url(resolved_database_url(settings)).render_as_string(hide_password=True)
    source = "HIPCOACH_DATABASE_URL" if settings.database_url else "default: SQLite in your user data folder"
    console.print(f"Database: {url}\n  ({source})")
