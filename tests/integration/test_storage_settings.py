"""Settings decide which database storage opens; nothing is connected until asked."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from hipcoach.settings import Settings, default_data_dir, resolved_database_url, without_password


def test_without_a_database_url_a_sqlite_file_in_the_data_folder_is_used(tmp_path: Path) -> None:
    data_dir = tmp_path / "not" / "there" / "yet"
    url = resolved_database_url(Settings(data_dir=data_dir))
    assert url == f"sqlite:///{data_dir / 'hipcoach.db'}"
    assert data_dir.is_dir()


def test_the_data_folder_defaults_to_the_users_data_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HIPCOACH_DATA_DIR", raising=False)
    monkeypatch.delenv("HIPCOACH_DATABASE_URL", raising=False)
    settings = Settings()
    assert settings.data_dir == default_data_dir()
    assert settings.database_url is None


def test_settings_are_read_from_hipcoach_environment_variables(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HIPCOACH_DATABASE_URL", "sqlite:///elsewhere.db")
    monkeypatch.setenv("HIPCOACH_DATA_DIR", str(tmp_path))
    settings = Settings()
    assert (settings.database_url, settings.data_dir) == ("sqlite:///elsewhere.db", tmp_path)
    assert resolved_database_url(settings) == "sqlite:///elsewhere.db"


@pytest.mark.parametrize("scheme", ["postgresql", "postgres"])
def test_a_plain_postgresql_url_is_pointed_at_psycopg_3(scheme: str) -> None:
    url = resolved_database_url(Settings(database_url=f"{scheme}://kari:pw@db.example/hipcoach"))
    assert url == "postgresql+psycopg://kari:pw@db.example/hipcoach"


def test_a_url_that_names_its_driver_is_kept() -> None:
    url = "postgresql+psycopg://kari@db.example/hipcoach"
    assert resolved_database_url(Settings(database_url=url)) == url


def test_every_setting_has_help_text() -> None:
    assert all(field.description for field in Settings.model_fields.values())


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://coach:secret@db.example/hipcoach",
        "postgresql+psycopg://coach:s%40cr%3At@db.example:5433/hipcoach?sslmode=require",
        "postgresql+psycopg://coach@db.example/hipcoach",
        "postgresql+psycopg://db.example/hipcoach",
        "sqlite:////home/ana/.local/share/hipcoach/hipcoach.db",
        "sqlite:///relative.db",
    ],
)
def test_a_url_is_shown_without_its_password_as_sqlalchemy_shows_it(url: str) -> None:
    assert without_password(url) == make_url(url).render_as_string(hide_password=True)
