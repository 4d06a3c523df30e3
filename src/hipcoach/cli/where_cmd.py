"""`hipcoach where`: which database this hipcoach uses, so a runner knows where their data lives."""

from __future__ import annotations

from hipcoach.cli.common import console, read_settings


def where() -> None:
    """Show the database hipcoach uses (set HIPCOACH_DATABASE_URL to change it)."""
    from hipcoach.settings import resolved_database_url, without_password

    settings = read_settings()
    url = without_password(resolved_database_url(settings))
    source = "HIPCOACH_DATABASE_URL" if settings.database_url else "default: SQLite in your user data folder"
    console.print(f"Database: {url}\n  ({source})")
