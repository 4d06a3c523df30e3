"""`hipcoach profiles --units`: a runner who reads miles types and reads miles in every command, the runs
stored in km (issue 18)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

KM_WORD = re.compile(r"\bkm\b", re.I)


@pytest.fixture
def cli(cli):
    invoke = cli
    assert invoke("init", "--name", "Ana", "--age", "34", "--sex", "female").exit_code == 0
    return invoke


def test_a_runner_who_sets_miles_types_and_reads_miles(cli):
    assert "kilometres" in cli("profiles").output
    chosen = cli("profiles", "--units", "mi")
    assert chosen.exit_code == 0 and "distances are now shown and typed in miles (mi)" in chosen.output
    assert "miles" in cli("profiles").output

    monday = cli.clock.today()
    for weeks_ago in (6, 5, 4, 3, 2, 1):
        when = f"{monday - timedelta(weeks=weeks_ago, days=1)} 07:00"
        assert cli("runs", "add", when, "5", "45").exit_code == 0
    added = cli("runs", "add", f"{monday - timedelta(days=2)} 07:00", "10", "95")
    assert added.exit_code == 0 and "10 mi in 95 min" in added.output

    listed = cli("runs", "list").output
    assert "10.00" in listed and "5.00" in listed and not KM_WORD.search(listed)

    shown = cli("load", "--weeks", "3")
    out = " ".join(shown.output.split())
    assert shown.exit_code == 0 and "miles" in out and "This 10.0 mi run was 100% longer" in out
    assert not KM_WORD.search(out), out

    too_far = cli("runs", "add", f"{monday - timedelta(days=1)} 07:00", "300", "3000")
    assert too_far.exit_code == 1 and "hipcoach takes 0.07 to 248.5 mi" in " ".join(too_far.output.split())


def test_an_unknown_unit_is_refused_with_the_choices(cli):
    refused = cli("profiles", "--units", "leagues")
    assert refused.exit_code == 1
    assert "not a distance unit hipcoach knows: choose km (kilometres), mi (miles)" in " ".join(
        refused.output.split()
    )
