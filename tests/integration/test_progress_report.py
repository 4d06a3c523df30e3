"""The progress report (issue 17): its numbers on a worked example read on SQLite and PostgreSQL, its errors,
the empty runner, and a year of history as a PDF read back with poppler (SQLite only: the year and WeasyPrint
are the slow parts, neither depends on the database), and `hipcoach report`."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta

import pytest
from sqlalchemy import event

from hipcoach.clock import machine_zone_name
from hipcoach.content import default_library
from hipcoach.domain.assessment.change import Change
from hipcoach.domain.content import Block
from hipcoach.domain.phases import Phase
from hipcoach.domain.progression import Outcome
from hipcoach.reports.pdf import Paper
from hipcoach.reports.progress_report import progress_report_document
from hipcoach.services import programs
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import InvalidInput, NotFound
from hipcoach.services.profiles import create_profile
from hipcoach.services.progress_report import MAX_YEARS, ProgressReport, progress_report
from hipcoach.services.sessions import as_prescribed, save_session
from hipcoach.storage.db import open_database
from tests.integration.conftest import Clock
from tests.integration.helpers import morning, screened_runner
from tests.integration.year_history import (
    EMOJI_NOTE,
    PSFS_ACTIVITY,
    PSFS_RATINGS,
    SORE_WEEKS,
    WEEKS,
    YearFacts,
    build_year_facts,
)
from tests.pdf_reading import has_emoji_font, ink, page_images, pdf_info, pdf_text

SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
MONDAY = date(2026, 11, 2)  # the test clock's first day


def queries(app: Hipcoach, read: Callable[[], object]) -> int:
    """How many statements ``read`` sends to the database."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        statements.append(statement)

    event.listen(app.engine, "before_cursor_execute", record)
    try:
        read()
    finally:
        event.remove(app.engine, "before_cursor_execute", record)
    return len(statements)


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def session(app: Hipcoach, profile_id: int, pain: int, after: int | None, notes: str = "") -> None:
    plan = programs.plan_session(app, profile_id, Block.MOBILITY)
    record = as_prescribed(
        plan, app.local("UTC").today, baseline_pain=1, pain_during=pain, rpe=None, pain_after=after
    )
    save_session(app, profile_id, replace(record, notes=notes))


def two_weeks(app: Hipcoach, clock: Clock) -> int:
    """Phase 1 (mobility planned Monday, Wednesday, Friday and Sunday): three sessions in two weeks.

    Mon 2 Nov pain 2, an hour after 1; Wed 4 Nov pain 4, after 5; Mon 9 Nov pain 6, after not given.
    Each has its next-morning check-in at pain 1, 2 and 2 and tightness 2. The clock ends on Mon 16 Nov.
    """
    runner = screened_runner(app, "Zoë Ødegård")
    for pain, after, morning_pain, gap in ((2, 1, 1, 2), (4, 5, 2, 5), (6, None, 2, 7)):
        session(app, runner, pain, after)
        clock.advance(days=1)
        morning(app, runner, pain=morning_pain)
        clock.advance(days=gap - 1)
    assert clock.today() == date(2026, 11, 16)
    return runner


# --- the numbers, on both databases ----------------------------------------------------------------------


def test_adherence_bands_and_pain_first_and_last_on_a_worked_example(app, clock):
    runner = two_weeks(app, clock)
    report = progress_report(app, runner, MONDAY, date(2026, 11, 15))

    assert report.runner == "Zoë Ødegård"
    assert report.phase_now is Phase.MOBILITY and report.session_count == 3
    # Planned: 4 days a week in phase 1, two weeks; done 2 then 1: 3 of 8.
    assert [(w.week_start, w.planned, w.done) for w in report.adherence.weeks] == [
        (date(2026, 11, 2), 4, 2),
        (date(2026, 11, 9), 4, 1),
    ]
    assert report.adherence.percent == pytest.approx(100 * 3 / 8)
    # Bands with the rules' limits: 0-3 fine, 4-5 acceptable, above 5 too much.
    assert [(b.low, b.high) for b in report.bands] == [(0, 3), (4, 5), (6, 10)]
    assert {c.label: c.counts for c in report.band_counts} == {
        "Pain during the session": (1, 1, 1),
        "Pain about an hour after": (1, 1, 0),
        "Pain the next morning": (3, 0, 0),
    }
    # Two weeks: the first week against the last: (2 + 4) / 2 against 6.
    first_last = report.pain_first_last
    assert (first_last.weeks, first_last.first_mean, first_last.first_count) == (1, 3.0, 2)
    assert (first_last.last_mean, first_last.last_count) == (6.0, 1)
    # The pain of 6 stepped back: a decision listed with its reason, rule and sources.
    step_backs = [d for d in report.decisions if d.outcome is Outcome.REGRESS]
    assert step_backs and step_backs[0].on == date(2026, 11, 10)
    assert "6/10" in step_backs[0].reason and step_backs[0].rule_id and step_backs[0].evidence
    assert set(step_backs[0].evidence) <= set(report.evidence)
    assert report.phase_steps[0].to_phase is Phase.MOBILITY and report.phase_steps[0].on == MONDAY

    second_week = progress_report(app, runner, date(2026, 11, 9), date(2026, 11, 15))
    assert second_week.session_count == 1 and second_week.adherence.planned == 4
    assert second_week.phase_steps == ()  # the program started before this range


def test_the_report_asks_the_database_a_fixed_number_of_times_however_many_days_it_covers(app, clock):
    runner = two_weeks(app, clock)
    one_week = queries(app, lambda: progress_report(app, runner, MONDAY, MONDAY + timedelta(days=6)))
    for pain in (1, 2):  # two more sessions (five in all: the phase-1 gate stays shut at six)
        session(app, runner, pain, 1, notes="ok")
        clock.advance(days=1)
        morning(app, runner)
    assert queries(app, lambda: progress_report(app, runner, MONDAY, clock.today())) == one_week


def test_a_range_that_ends_before_it_starts_or_spans_more_than_three_years_is_refused(app, clock):
    runner = screened_runner(app)
    with pytest.raises(InvalidInput, match="starts on 2026-11-02, after its end on 2026-11-01"):
        progress_report(app, runner, MONDAY, MONDAY - timedelta(days=1))
    with pytest.raises(InvalidInput, match=f"longer than {MAX_YEARS} years"):
        progress_report(app, runner, MONDAY, MONDAY.replace(year=MONDAY.year + MAX_YEARS) + timedelta(days=1))
    longest = progress_report(app, runner, MONDAY, MONDAY.replace(year=MONDAY.year + MAX_YEARS))
    assert longest.session_count == 0
    with pytest.raises(NotFound):
        progress_report(app, runner + 100, MONDAY, MONDAY)


def test_a_runner_without_sessions_or_without_a_program_gets_a_report_that_says_so(app, clock):
    runner = screened_runner(app)
    clock.advance(days=14)
    report = progress_report(app, runner, MONDAY, clock.today())
    assert not report.has_sessions and report.symptoms is None and report.decisions == ()
    assert report.adherence.planned > 0 and report.adherence.percent == 0
    document = progress_report_document(report, app.library)
    assert "recorded no sessions" in document.html

    newcomer = create_profile(app, "Noor").id
    bare = progress_report(app, newcomer, MONDAY, clock.today())
    assert bare.phase_now is None and bare.adherence.percent is None
    assert "starts after a screening" in progress_report_document(bare, app.library).html


@SQLITE
def test_the_empty_report_prints_and_says_there_were_no_sessions(app, clock):
    runner = screened_runner(app, "Zoë Ødegård")
    clock.advance(days=7)
    pdf = progress_report_document(progress_report(app, runner, MONDAY, clock.today()), app.library).pdf()
    text = words(pdf_text(pdf))
    assert "Zoë Ødegård recorded no sessions between Monday 2 November 2026 and Monday 9" in text
    assert "No runs recorded in this period." in text and "Phase 1 - mobility" in text


# --- a year, as a PDF (SQLite) ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Year:
    app: Hipcoach
    facts: YearFacts
    report: ProgressReport


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Year]:
    """A year of one runner's history on SQLite, built once for the module, and its report."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TZ", "UTC")  # as conftest does for each test: the machine's zone is UTC
        machine_zone_name.cache_clear()
        engine = open_database(f"sqlite:///{tmp_path_factory.mktemp('year') / 'hipcoach.db'}")
        clock = Clock()
        app = Hipcoach(engine=engine, library=default_library(), now=clock)
        try:
            facts = build_year_facts(app, clock)
            yield Year(app, facts, progress_report(app, facts.profile_id, facts.first_day, facts.last_day))
        finally:
            engine.dispose()
            machine_zone_name.cache_clear()


def test_the_year_report_holds_what_the_year_did(year):
    report, facts = year.report, year.facts
    assert report.session_count == WEEKS * 3 - WEEKS // 4  # every fourth week without its Wednesday
    assert report.phase_now is Phase.MAINTENANCE
    assert [s.to_phase for s in report.phase_steps] == list(Phase)
    assert report.adherence.planned > report.adherence.done > 0
    outcomes = {d.outcome for d in report.decisions}
    assert {Outcome.PROGRESS, Outcome.REGRESS, Outcome.PAUSE} <= outcomes
    regress_days = {d.on for d in report.decisions if d.outcome is Outcome.REGRESS}
    assert {facts.first_day + timedelta(weeks=w, days=1) for w in SORE_WEEKS} <= regress_days
    assert any(c.outcome is Outcome.HOLD for c in report.counted)
    assert [p.score for p in report.psfs] == list(PSFS_RATINGS)
    assert report.psfs[0].activities == ((PSFS_ACTIVITY, PSFS_RATINGS[0]),)
    assert all(p.change is not None and p.change.verdict is Change.IMPROVED for p in report.psfs[1:])
    reach = [c for on, c in report.changes_beyond_error if "anterior reach" in c.label]
    assert reach and all(c.verdict is Change.IMPROVED for c in reach)
    assert [s.on for s in report.load.spikes] == [facts.spike_day]
    assert [w.spike for w in report.load.weeks].count(True) == 1
    assert [(e.kind, e.on) for e in report.hold_events] == [
        ("red-flag", facts.red_flag_day),
        ("clearance", facts.clearance_day),
    ]
    assert [(n.on, n.text) for n in report.notes] == [(facts.note_day, EMOJI_NOTE)]
    assert {"frandsen2025", "stratford1995", "silbernagel2007"} <= set(report.evidence)


def test_the_year_as_a_pdf_reads_back_with_its_summary_page_charts_and_sources(year):
    report, library = year.report, year.app.library
    document = progress_report_document(report, library)
    assert document.filename == f"hipcoach-progress-{report.start.isoformat()}-{report.end.isoformat()}"
    summary = document.html.split('class="page-break"', 1)[0]
    assert '<svg class="chart"' in summary and 'class="band"' in summary  # page 1 has the banded chart

    pdf = document.pdf()
    raw = pdf_text(pdf)
    first_page = words(raw.split("\f", 1)[0])  # the summary, its chart and the disclaimer fit on page 1
    assert "What happens next" in first_page and "above 5: too much" in first_page
    assert "it does not diagnose" in first_page and "Phases" not in first_page
    text = words(raw)
    assert "Zoë Ødegård" in text
    assert "Two good sessions in a row: move up to level 2." in text
    assert "Step back: pain during exercise was 6/10" in text
    frandsen = library.evidence["frandsen2025"]
    assert words(frandsen.reference)[:40] in text
    assert re.search(rf"{frandsen.tag.value}\s+{re.escape(words(frandsen.reference)[:20])}", text)
    assert "PSFS" in text and PSFS_ACTIVITY in text
    assert "spike" in text and (EMOJI_NOTE in text or not has_emoji_font())
    assert "above 5: too much" in text  # the bands' labels, inside the charts

    pages = int(pdf_info(pdf)["Pages"])
    assert 3 <= pages <= 10
    images = page_images(pdf, "progress-report", dpi=40)
    assert len(images) == pages
    assert all(ink(png) > 0.01 for png in images)
    assert ink(images[0], (0.1, 0.62, 0.9, 0.9)) > 0.02  # the chart below the summary table


def test_the_year_prints_on_us_letter_too(year):
    pdf = progress_report_document(year.report, year.app.library, Paper.LETTER).pdf()
    assert pdf_info(pdf)["Page size"].startswith("612 x 792")


# --- `hipcoach report` ----------------------------------------------------------------------------------


@SQLITE
def test_the_command_writes_the_pdf_and_html_and_refuses_bad_ranges(app, clock, cli, tmp_path):
    two_weeks(app, clock)
    target = tmp_path / "report.pdf"
    result = cli("report", "--from", "2026-11-02", "--to", "2026-11-15", "--pdf", str(target))
    assert result.exit_code == 0, result.output
    assert str(target) in words(result.output) and "done in" in result.output
    text = words(pdf_text(target.read_bytes()))
    assert "Zoë Ødegård" in text and "2 November 2026 to Sunday 15 November 2026" in text
    assert not list(tmp_path.glob(".report.pdf.*"))  # the temporary file was renamed into place

    # Without --from and --to: the 12 weeks up to the runner's today, as HTML too.
    page = tmp_path / "report.html"
    result = cli("report", "--pdf", str(target), "--html", str(page), "--paper", "letter")
    assert result.exit_code == 0, result.output
    assert "2026-08-24 to 2026-11-16" in words(result.output)
    assert "Progress report: Zoë Ødegård" in page.read_text(encoding="utf-8")

    for args, message in (
        (("--from", "2026-11-15", "--to", "2026-11-02"), "after its end"),
        (("--from", "2026-13-01"), "--from must be a day written YYYY-MM-DD"),
        (("--to", "yesterday"), "--to must be a day written YYYY-MM-DD"),
        (("--from", "2020-01-01", "--to", "2026-11-02"), "longer than 3 years"),
        (("--paper", "a5"), "--paper must be one of a4, letter"),
    ):
        result = cli("report", *args, "--pdf", str(tmp_path / "bad.pdf"))
        assert result.exit_code != 0, args
        assert message in words(result.output), result.output
    result = cli("report")
    assert result.exit_code != 0 and "--pdf FILE" in result.output
    assert not (tmp_path / "bad.pdf").exists()


def test_the_home_program_of_the_year_runner_prints_their_current_levels_and_the_next_ones(year):
    """The other document for the same year: the maintenance week, every exercise at the level the year's
    decisions left it, and what comes next on its ladder (or that it is the top)."""
    from hipcoach.reports.home_program import home_program_document
    from hipcoach.services.home_program import home_program
    from hipcoach.services.programs import overview

    app, runner = year.app, year.facts.profile_id
    program = home_program(app, runner)
    states = overview(app, runner).states
    assert program.phase is Phase.MAINTENANCE and program.exercises
    for entry in program.exercises:
        state = states.get(entry.exercise.id)
        if state is not None and entry.level is not None:
            assert entry.level.level == state.ladder_level
            assert (entry.next_level is None) == (state.ladder_level == entry.exercise.top_level)
    text = words(pdf_text(home_program_document(program, app.library, "https://example.org").pdf()))
    assert "Home program: Zoë Ødegård" in text and "Two-week log" in text
    for entry in program.exercises:
        assert words(entry.exercise.name) in text
        if entry.level is not None:
            assert f"Your level: {entry.level.level} of {entry.top_level}, {words(entry.level.name)}." in text
