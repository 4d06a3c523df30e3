"""The command line starts without loading what a command does not use: `hipcoach --help` and `where` need
neither the database layer nor the content library (their speed is measured in bench/cli.py)."""

from __future__ import annotations

import json
import subprocess
import sys

from hipcoach.cli import screening_cmd
from hipcoach.domain.content import RedFlagLevel

HEAVY = (
    "sqlalchemy",
    "alembic",
    "pydantic",
    "hipcoach.services",
    "hipcoach.storage",
    "hipcoach.content",
    "hipcoach.domain.assessment.battery",  # the test modules; `hipcoach assess` loads them when it runs
    "hipcoach.domain.figure.svg",
    "fitdecode",
)


def modules_loaded_by(code: str) -> list[str]:
    probe = f"import sys, json\n{code}\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_building_the_command_line_and_its_help_loads_no_database_or_content():
    loaded = modules_loaded_by(
        "from hipcoach.cli import app\n"
        "import typer.main\n"
        "typer.main.get_command(app)  # every command's options, as --help builds them"
    )
    heavy = [name for name in loaded if name.startswith(HEAVY)]
    assert heavy == []


def test_the_screening_styles_name_every_warning_level():
    shown = {level.value for level in RedFlagLevel if level is not RedFlagLevel.NONE}
    assert set(screening_cmd._LEVEL_STYLE) == shown
