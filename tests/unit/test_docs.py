"""The README documents every setting a runner can change."""

from pathlib import Path

from hipcoach.settings import Settings

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_setting_is_listed_in_the_readme():
    text = README.read_text(encoding="utf-8")
    for field in Settings.model_fields:
        assert f"HIPCOACH_{field.upper()}" in text, f"README does not mention HIPCOACH_{field.upper()}"


def test_the_readme_shows_the_two_set_up_commands():
    text = README.read_text(encoding="utf-8")
    assert "make run" in text and "make test" in text
