"""`hipcoach checkin` before the morning after a session opens asks for the pain an hour after instead, and a
morning check-in given anyway is refused with when it opens (BRIEF §5). SQLite and PostgreSQL; the clock
starts on Monday 2 November 2026 at 07:00 UTC."""

from __future__ import annotations

import json
from datetime import timedelta

from tests.integration.test_cli import write_answers


def said(result) -> str:
    return " ".join(result.output.split())


def screened_with_an_evening_session(cli, tmp_path):  # noqa: F811
    cli("init", "--name", "Ana", "--age", "34", "--sex", "female")
    cli("check", "--answers", write_answers(tmp_path, ["tight-hip-flexors"]))
    cli.clock.advance(hours=12)  # Monday 19:00
    saved = cli("session", "--no-timers", input="1\n" + "\n" * 400)  # pain before: 1
    assert saved.exit_code == 0, saved.output
    return saved


def test_after_a_session_the_command_says_when_the_morning_check_in_opens(cli, tmp_path):  # noqa: F811
    saved = screened_with_an_evening_session(cli, tmp_path)
    assert "In about an hour, run hipcoach checkin to give the pain an hour after the session" in said(saved)
    assert "The morning check-in opens at 01:00 on Tuesday 3 November" in said(saved)  # 19:00 + 6 h


def test_the_same_evening_the_check_in_asks_the_pain_an_hour_after_and_keeps_it(cli, tmp_path):  # noqa: F811
    screened_with_an_evening_session(cli, tmp_path)
    cli.clock.advance(hours=1)
    result = cli("checkin", input="6\n")
    assert result.exit_code == 0, result.output
    text = said(result)
    assert (
        "The morning check-in for your session of Monday 2 November opens at 01:00 on Tuesday 3 November"
        in text
    )
    assert "above 5 means a step back at the morning check-in" in text  # the hint, from the constants
    assert "Saved: pain 6/10 an hour after. Above 5/10 an hour after means the session was too much" in text
    assert "Pain this morning" not in text

    refused = cli("checkin", "--pain", "1", "--tightness", "2", "--no-red-flags")
    assert refused.exit_code == 1
    assert "opens at 01:00 on Tuesday 3 November" in said(refused) and "nothing was saved" in said(refused)
    assert json.loads(cli("export").output)["checkins"] == []

    cli.clock.advance(hours=12)  # Tuesday 08:00
    morning = cli("checkin", "--pain", "1", "--tightness", "2", "--no-red-flags")
    assert morning.exit_code == 0, morning.output
    assert "Step back: pain an hour after the session was 6/10, above 5/10." in said(morning)


def test_the_pain_an_hour_after_can_be_given_as_an_option(cli, tmp_path):  # noqa: F811
    screened_with_an_evening_session(cli, tmp_path)
    result = cli("checkin", "--pain-after", "4")
    assert result.exit_code == 0, result.output
    assert "Saved: pain 4/10 an hour after. 4-5/10 an hour after is acceptable but not settled" in said(
        result
    )
    sessions = json.loads(cli("export").output)["sessions"]
    assert [s["pain_after"] for s in sessions] == [4]


def test_a_check_in_for_an_earlier_day_is_judged_by_its_day(cli, tmp_path):  # noqa: F811
    screened_with_an_evening_session(cli, tmp_path)
    today = cli.clock.today().isoformat()
    refused = cli("checkin", "--date", today, "--pain", "1", "--tightness", "2", "--no-red-flags")
    assert refused.exit_code == 1 and "opens at 01:00 on Tuesday 3 November" in said(refused)
    cli.clock.advance(days=2)  # Wednesday evening: Tuesday's check-in, entered late, counts
    tuesday = (cli.clock.today() - timedelta(days=1)).isoformat()
    late = cli("checkin", "--date", tuesday, "--pain", "1", "--tightness", "2", "--no-red-flags")
    assert late.exit_code == 0, late.output
    assert "Your session of 2026-11-02" in late.output
