"""Progress: SVG charts with text alternatives, the session table, one session in full, and privacy."""

import re
from datetime import UTC, date, datetime

from hipcoach.clock import LocalTime
from hipcoach.domain.content import Block
from hipcoach.domain.phases import Phase
from hipcoach.services import charts, programs
from hipcoach.services.programs import PhaseStep
from tests.integration.helpers import do_session, morning
from tests.web.conftest import page_text
from tests.web.pages import onboard, profile_id, runner


def test_sessions_per_week_counts_monday_to_sunday_and_keeps_empty_weeks():
    dates = [date(2026, 11, 2), date(2026, 11, 8), date(2026, 11, 19)]
    weeks = charts.sessions_per_week(dates, today=date(2026, 11, 25))
    assert [(w.week_start, w.sessions) for w in weeks] == [
        (date(2026, 11, 2), 2),
        (date(2026, 11, 9), 0),
        (date(2026, 11, 16), 1),
        (date(2026, 11, 23), 0),
    ]
    assert len(charts.sessions_per_week([date(2025, 1, 6)], today=date(2026, 11, 25))) == charts.WEEKS_SHOWN
    assert charts.sessions_per_week([], today=date(2026, 11, 25)) == ()


def test_phase_spans_run_from_each_change_to_the_next_and_the_last_to_today():
    steps = [
        PhaseStep(datetime(2026, 11, 2, 7, tzinfo=UTC), None, 1, "started", None, None),
        PhaseStep(datetime(2026, 11, 20, 7, tzinfo=UTC), 1, 2, "unlocked", None, None),
    ]
    spans = charts.phase_spans(steps, LocalTime(datetime(2026, 11, 30, 12, tzinfo=UTC), "UTC"))
    assert [(s.phase, s.start, s.end, s.current) for s in spans] == [
        (Phase.MOBILITY, date(2026, 11, 2), date(2026, 11, 20), False),
        (Phase.STRENGTH, date(2026, 11, 20), date(2026, 11, 30), True),
    ]


def test_phase_spans_are_the_runners_days():
    # 03:00 UTC on 20 November is still the evening of the 19th in Los Angeles
    steps = [
        PhaseStep(datetime(2026, 11, 2, 15, tzinfo=UTC), None, 1, "started", None, None),
        PhaseStep(datetime(2026, 11, 20, 3, tzinfo=UTC), 1, 2, "unlocked", None, None),
    ]
    spans = charts.phase_spans(steps, LocalTime(datetime(2026, 12, 1, 4, tzinfo=UTC), "America/Los_Angeles"))
    assert [(s.start, s.end) for s in spans] == [
        (date(2026, 11, 2), date(2026, 11, 19)),
        (date(2026, 11, 19), date(2026, 11, 30)),
    ]


def test_with_nothing_logged_the_page_says_so(signed_in):
    client = runner(signed_in, "ana@example.com")
    response = client.get("/progress")
    assert response.status_code == 200
    assert "Nothing logged yet" in page_text(response)
    assert 'aria-labelledby="symptoms-title' not in response.text


def test_charts_are_labelled_svg_with_a_table_beside_them_and_every_session_is_listed(
    signed_in, hipcoach, clock
):
    client = runner(signed_in, "ana@example.com")
    runner_id = profile_id(hipcoach, "ana@example.com")
    first = do_session(hipcoach, runner_id, Block.MOBILITY, pain=2)
    clock.advance(days=1)
    morning(hipcoach, runner_id, pain=1, tightness=4)
    clock.advance(days=2)
    do_session(hipcoach, runner_id, Block.MOBILITY, pain=1)
    programs.override_phase(hipcoach, runner_id, 2, "Sam Ortiz, PT", "full range on assessment")
    response = client.get("/progress")
    text = page_text(response)
    assert response.status_code == 200
    for chart_id in ("symptoms", "weeks", "ladder", "phases"):
        assert f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc"' in response.text
        assert (
            f'<title id="{chart_id}-title">' in response.text
            and f'<desc id="{chart_id}-desc">' in response.text
        )
    # Nothing loaded from elsewhere (not "cdn" anywhere: the page's random CSRF token can spell it).
    loaded_from_elsewhere = re.search(r'(src="|<link[^>]*href=")(https?:)?//', response.text)
    # The charts need no script: the only one is the offline outbox every page loads.
    scripts = re.findall(r"<script[^>]*>", response.text)
    assert scripts == ['<script type="module" src="/static/outbox.js">'] and loaded_from_elsewhere is None
    assert "Pain before the session: 2 readings, from 1 on 2 Nov to 1 on 5 Nov." in text  # the desc
    assert "Score (0-10)" in text and "Week starting" in text  # axis labels
    assert "The chart as a table" in text and "Half-kneeling halo: level 1 of 4" in text
    assert "Phase 1 - mobility , from 2 November 2026 to 5 November 2026" in text
    assert "Phase 2 - strength on the new range , from 5 November 2026 (now)" in text
    assert f'href="/sessions/{first.session_id}"' in response.text
    assert (
        "Stay here" in text and "One more like it and you move up" in text
    )  # the decision of the first session
    assert "Sources" in text
    rows = re.findall(r'<a href="/sessions/\d+">Mobility</a>', response.text)
    assert len(rows) == 2


def test_a_session_page_shows_every_exercise_and_set_and_another_runners_is_not_found(
    signed_in, hipcoach, clock
):
    ana = runner(signed_in, "ana@example.com")
    saved = do_session(hipcoach, profile_id(hipcoach, "ana@example.com"), Block.MOBILITY, pain=2, rpe=5)
    page = ana.get(f"/sessions/{saved.session_id}")
    text = page_text(page)
    assert page.status_code == 200
    assert "Mobility session, 2 November 2026" in text
    assert (
        "Worst pain during 2/10" in text
        and "Effort (RPE) 5/10" in text
        and "Pain next morning not noted" in text
    )
    assert "Hip CARs" in text and "full dose done" in text
    assert "Round Side Reps 1 left 2" in text and "2 right 2" in text  # no hold or load: no such columns
    assert "Round Side Reps Hold (s) 1 left 5 5" in text  # the hip flexor mobilisation's 5 s holds
    assert "No morning check-in for this session yet" in text

    ben = signed_in("ben@example.com")
    onboard(ben)
    assert ben.get(f"/sessions/{saved.session_id}").status_code == 404
    assert ana.get("/sessions/999999").status_code == 404
    assert ana.get("/sessions/first").status_code == 404


def test_progress_needs_an_account_and_a_profile(signed_in, anonymous):
    assert anonymous.get("/progress").headers["location"] == "/login?next=/progress"
    assert anonymous.get("/sessions/1").headers["location"] == "/login?next=/sessions/1"
    fresh = signed_in("new@example.com")
    assert fresh.get("/progress").headers["location"] == "/onboarding"
    assert fresh.get("/sessions/1").headers["location"] == "/onboarding"


def test_the_log_shows_the_latest_entries_newest_first_and_all_on_request(signed_in, hipcoach, clock):
    from hipcoach.web.pages.progress import RECENT_ENTRIES

    client = runner(signed_in, "ana@example.com")
    runner_id = profile_id(hipcoach, "ana@example.com")
    total = RECENT_ENTRIES + 3
    for _ in range(total):
        do_session(hipcoach, runner_id, Block.MOBILITY)
        clock.advance(days=1)
    recent = client.get("/progress")
    assert f"Showing {RECENT_ENTRIES} of {total}" in page_text(recent)
    session_links = re.findall(r'href="/sessions/(\d+)"', recent.text)
    assert len(session_links) == RECENT_ENTRIES
    assert int(session_links[0]) > int(session_links[-1])  # newest first
    everything = client.get("/progress?all=1")
    assert len(re.findall(r'href="/sessions/(\d+)"', everything.text)) == total
    assert "Showing" not in page_text(everything)


def test_the_cached_page_shows_a_new_session_check_in_and_phase_at_once(signed_in, hipcoach, clock):
    client = runner(signed_in, "ana@example.com")
    runner_id = profile_id(hipcoach, "ana@example.com")
    do_session(hipcoach, runner_id, Block.MOBILITY)
    before = client.get("/progress")
    assert len(re.findall(r'href="/sessions/(\d+)"', before.text)) == 1
    assert client.get("/progress").text.count("/sessions/") == before.text.count("/sessions/")  # from cache
    clock.advance(days=1)
    morning(hipcoach, runner_id, pain=1, tightness=4)
    do_session(hipcoach, runner_id, Block.MOBILITY)
    programs.override_phase(hipcoach, runner_id, 2, "Sam Ortiz, PT", "full range on assessment")
    after = client.get("/progress")
    assert len(re.findall(r'href="/sessions/(\d+)"', after.text)) == 2
    assert "Stay here" in page_text(after)  # the check-in's decision
    assert "Phase 2" in page_text(after)
