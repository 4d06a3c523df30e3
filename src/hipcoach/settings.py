"""The one typed settings object for hipcoach, read from ``HIPCOACH_*`` environment variables.

Nothing here touches the database: the engine is built by whoever asks for it
(:func:`hipcoach.storage.db.open_database`), never at import time.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

APP_NAME = "hipcoach"
SQLITE_FILE_NAME = "hipcoach.db"


def default_data_dir() -> Path:
    """Return the per-user data folder for hipcoach (not created here)."""
    return Path(platformdirs.user_data_dir(APP_NAME))


class Settings(BaseSettings):
    """Where hipcoach keeps its data; every field is read from ``HIPCOACH_<FIELD NAME>``."""

    model_config = SettingsConfigDict(env_prefix="HIPCOACH_", extra="ignore")

    database_url: str | None = Field(
        default=None,
        description=(
            "SQLAlchemy URL of the database, e.g. postgresql://user:pass@host/hipcoach. "
            "Unset: a SQLite file hipcoach.db in the data folder."
        ),
    )
    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Folder for hipcoach's own files (the default SQLite database among them).",
    )


def resolved_database_url(settings: Settings) -> str:
    """Return the URL to open: the configured one with its driver made explicit, or the default SQLite file.

    The data folder is created when the default SQLite file is chosen, so the URL can be opened at once.
    """
    if settings.database_url:
        return with_explicit_driver(settings.database_url)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{settings.data_dir / SQLITE_FILE_NAME}"


def with_explicit_driver(url: str) -> str:
    """Return ``url`` with PostgreSQL URLs pointed at psycopg 3; any other URL comes back unchanged."""
    # A bare postgresql:// would make SQLAlchemy reach for psycopg2, which is not a dependency; psycopg 3 is.
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url
