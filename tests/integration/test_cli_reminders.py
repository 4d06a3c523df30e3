"""`hipcoach week --remind-at`: the time a runner trains is kept, and the calendar file uses it."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from hipcoach.services import profiles, reminders

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def cli(cli):
    """The shared command runner, with a profile made first."""
    invoke = cli
    assert invoke("init", "--name", "Ana", "--age", "34", "--sex", "female").exit_code == 0
    return invoke


def events(path) -> dict[str, tuple[datetime, datetime]]:
    """UID -> (start, end) on Berlin's wall clock."""
    found = icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    return {
        str(e["UID"]): (e.decoded("DTSTART").astimezone(BERLIN), e.decoded("DTEND").astimezone(BERLIN))
        for e in found
    }


def test_the_chosen_time_is_kept_and_each_event_lasts_its_session(cli, app, tmp_path):
    path = tmp_path / "week.ics"
    week = ("week", "--set", "tue=hard,thu=easy,sun=long", "--timezone", "Europe/Berlin")
    result = cli(*week, "--remind-at", "07:15", "--ical", str(path), "--weeks", "1")
    assert result.exit_code == 0, result.output
    assert "Your sessions go in the calendar at 07:15." in result.output
    (ana,) = profiles.list_profiles(app)
    lengths = reminders.session_lengths(app, ana.id)
    found = events(path)
    strength_days = {uid.removesuffix("-strength@hipcoach") for uid in found if "strength" in uid}
    assert strength_days
    for uid, (start, end) in found.items():
        day = uid.rsplit("-", 1)[0]
        at = datetime.combine(start.date(), time(7, 15), BERLIN)
        if uid.endswith("-strength@hipcoach"):  # after the warm-up, to the end of the whole session
            assert (start, end) == (
                at + timedelta(minutes=lengths.warm_up),
                at + timedelta(minutes=lengths.strength),
            )
        elif day in strength_days:
            assert (start, end) == (at, at + timedelta(minutes=lengths.warm_up))
        else:
            assert (start, end) == (at, at + timedelta(minutes=lengths.mobility))

    again = cli("week", "--ical", str(path), "--weeks", "1")  # no --at: the saved time
    assert again.exit_code == 0, again.output
    assert min(start.time() for start, _ in events(path).values()) == time(7, 15)
    once = cli("week", "--ical", str(path), "--weeks", "1", "--at", "09:00")  # --at wins for this file only
    assert once.exit_code == 0, once.output
    assert min(start.time() for start, _ in events(path).values()) == time(9, 0)
    assert reminders.saved_time(app, ana.id) == time(7, 15)


def test_a_time_that_is_not_a_time_is_refused_naming_it(cli, app):
    bad = cli("week", "--remind-at", "25:00")
    assert bad.exit_code == 1 and "'25:00' is not a time of day; write it like 18:30" in bad.output
    assert cli("week", "--remind-at", "19:45").exit_code == 0
    (ana,) = profiles.list_profiles(app)
    assert reminders.saved_time(app, ana.id) == time(19, 45)
    assert cli("week", "--remind-at", "none").exit_code == 0
    assert reminders.saved_time(app, ana.id) is None
