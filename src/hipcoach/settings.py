"""The one typed settings object for hipcoach, read from ``HIPCOACH_*`` environment variables.

Nothing here touches the database: the engine is built by whoever asks for it
(:func:`hipcoach.storage.db.open_database`), never at import time.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit, urlunsplit

import platformdirs
from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

APP_NAME = "hipcoach"
SQLITE_FILE_NAME = "hipcoach.db"
SMTP_SCHEMES = ("smtp", "smtps")
UPLOADS_FOLDER = "uploads"  # in the data folder, unless HIPCOACH_UPLOADS_DIR says elsewhere
MAX_WORKERS = 64  # app processes on one machine: beyond this, more machines serve better


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
    uploads_dir: Path | None = Field(
        default=None,
        description=(
            "Folder where an upload waits until its import has read it. Unset: uploads in the data folder. "
            "With app processes or job workers on several machines, one folder all of them share."
        ),
    )
    secret_key: SecretStr | None = Field(
        default=None,
        description=(
            "Key that signs the web app's CSRF tokens. Unset: a random key is made on first run and kept "
            "in the data folder (secret_key, readable by you only)."
        ),
    )
    host: str = Field(default="127.0.0.1", description="Address the web app listens on.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port the web app listens on.")
    workers: int = Field(
        default=1,
        ge=1,
        le=MAX_WORKERS,
        description=(
            "App processes `hipcoach serve` starts on this machine. They share the database, and with it the "
            "sign-in limits; with more than one, a database other than the default SQLite file is advised."
        ),
    )
    jobs: Literal["app", "workers"] = Field(
        default="app",
        description=(
            "Who runs the background imports. app: each app process (`hipcoach serve`) runs them itself. "
            "workers (PostgreSQL only): only `hipcoach worker` processes do, on this machine or others, "
            "sharing the queue in the database."
        ),
    )
    trusted_proxies: str = Field(
        default="",
        description=(
            "Comma-separated addresses or networks of the reverse proxies in front of hipcoach, e.g. "
            "10.0.0.5,10.0.1.0/24: only a request from one of them may say which browser it came from "
            "(X-Forwarded-For, X-Forwarded-Proto). Unset: no proxy is trusted, and the sender's own address "
            "is the browser's."
        ),
    )
    public_url: str | None = Field(
        default=None,
        description=(
            "The address runners open hipcoach at, e.g. https://hipcoach.example.org, for the QR code on a "
            "printed home program. Unset: the address the request came in on (web), http://HOST:PORT (CLI)."
        ),
    )
    secure_cookies: bool = Field(
        default=False,
        description="Mark cookies Secure (only sent over HTTPS); turn on when serving behind HTTPS.",
    )
    smtp_url: SecretStr | None = Field(
        default=None,
        description=(
            "Mail server for password-reset emails: smtp://user:pass@host:587 (STARTTLS), "
            "smtps://user:pass@host (TLS from the start) or smtp://127.0.0.1:1025 (a local relay, no login). "
            "Unset: no email is sent, and whoever runs the server resets a forgotten password "
            "(hipcoach account reset-password EMAIL)."
        ),
    )
    mail_from: str = Field(
        default="hipcoach <hipcoach@localhost>",
        description="The sender of hipcoach's emails, e.g. hipcoach <no-reply@hipcoach.example.org>.",
    )

    def uploads_folder(self) -> Path:
        """Where uploads wait for their import: HIPCOACH_UPLOADS_DIR, or ``uploads`` in the data folder."""
        return self.uploads_dir or self.data_dir / UPLOADS_FOLDER

    @model_validator(mode="after")
    def _workers_need_a_shared_queue(self) -> Settings:
        if self.jobs == "workers" and not is_postgresql(self.database_url):
            raise ValueError(
                "HIPCOACH_JOBS=workers needs PostgreSQL (HIPCOACH_DATABASE_URL): the job queue lives there; "
                "on SQLite the app runs the imports itself (HIPCOACH_JOBS=app)"
            )
        return self

    @field_validator("trusted_proxies")
    @classmethod
    def _addresses_or_networks(cls, value: str) -> str:
        return ",".join(str(network) for network in trusted_networks(value))

    @field_validator("smtp_url")
    @classmethod
    def _known_mail_server(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        parts = urlsplit(value.get_secret_value())
        if parts.scheme not in SMTP_SCHEMES or not parts.hostname:
            raise ValueError("HIPCOACH_SMTP_URL must look like smtp://user:pass@host:587 or smtps://host")
        return value


def trusted_networks(value: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """The proxies of HIPCOACH_TRUSTED_PROXIES as networks (an address is a network of one); ValueError names
    an entry that is neither."""
    networks = []
    for entry in (part.strip() for part in value.split(",")):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(
                f"{entry!r} is not an address or a network (HIPCOACH_TRUSTED_PROXIES takes e.g. "
                "10.0.0.5,10.0.1.0/24)"
            ) from None
    return networks


def resolved_database_url(settings: Settings) -> str:
    """Return the URL to open: the configured one with its driver made explicit, or the default SQLite file.

    The data folder is created when the default SQLite file is chosen, so the URL can be opened at once.
    """
    if settings.database_url:
        return with_explicit_driver(settings.database_url)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{settings.data_dir / SQLITE_FILE_NAME}"


def is_postgresql(url: str | None) -> bool:
    return bool(url) and urlsplit(with_explicit_driver(url or "")).scheme.startswith("postgresql")


def with_explicit_driver(url: str) -> str:
    """Return ``url`` with PostgreSQL URLs pointed at psycopg 3; any other URL comes back unchanged."""
    # A bare postgresql:// would make SQLAlchemy reach for psycopg2, which is not a dependency; psycopg 3 is.
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def without_password(url: str) -> str:
    """``url`` with its password shown as ``***``, as SQLAlchemy shows it, for messages and `hipcoach where`
    (without loading SQLAlchemy, which a command that only names its database does not need)."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    userinfo, host = parts.netloc.rsplit("@", 1)
    if ":" not in userinfo:
        return url
    user = userinfo.split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


SECRET_KEY_FILE = "secret_key"
SECRET_KEY_BYTES = 32


def secret_key(settings: Settings) -> str:
    """The configured secret key, or the one kept in the data folder, made on first use."""
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value()
    path = settings.data_dir / SECRET_KEY_FILE
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(SECRET_KEY_BYTES)
    # Created readable by the owner only, and never overwritten: two first runs agree on one key.
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key
