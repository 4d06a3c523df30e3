"""The printed home program (issue 17): what it says, read back from the PDF with poppler, on A4 and US
Letter, from the service and from `hipcoach plan --pdf`. The PDF tests run on SQLite only (WeasyPrint is the
slow part and does not touch the database); the document's content is read on both databases."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import threading

import pytest

from hipcoach.domain import rules as R
from hipcoach.domain.content import Block
from hipcoach.reports.home_program import home_program_document
from hipcoach.reports.pdf import Paper, write_pdf
from hipcoach.services import programs
from hipcoach.services.clinical_actions import ThresholdAction, act
from hipcoach.services.errors import NotFound
from hipcoach.services.home_program import LOG_DAYS, home_program
from hipcoach.services.profiles import create_profile
from tests.integration.clinic_helpers import give_access, make_clinician
from tests.integration.helpers import checkin_flags, do_session, morning, screened_runner, screening_answers
from tests.pdf_reading import has_emoji_font, ink, page_images, pdf_info, pdf_text

SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
BASE_URL = "https://hipcoach.example.org"
STRENGTH_DAYS = 3


def words(text: str) -> str:
    """Text with its line breaks and runs of spaces made single spaces, hyphenation kept."""
    return re.sub(r"\s+", " ", text)


def zoe_in_phase_2(app) -> int:
    zoe = screened_runner(app, "Zoë Ødegård")
    programs.override_phase(app, zoe, 2, by="Sam Ortiz, PT", reason="range restored in all six directions")
    programs.configure(app, zoe, strength_days_per_week=STRENGTH_DAYS)
    return zoe


def test_the_program_lists_each_session_kind_of_the_week_and_every_exercise_once_with_its_ladder(app):
    zoe = zoe_in_phase_2(app)
    program = home_program(app, zoe)

    assert program.runner == "Zoë Ødegård"
    assert [plan.kind for plan in program.sessions] == [Block.STRENGTH, Block.MOBILITY]
    strength = programs.plan_session(app, zoe, Block.STRENGTH)
    assert program.sessions[0].items == strength.items
    listed = [entry.exercise.id for entry in program.exercises]
    assert len(listed) == len(set(listed))
    assert set(listed) == {item.exercise.id for plan in program.sessions for item in plan.items}
    halo = next(entry for entry in program.exercises if entry.exercise.id == "half-kneeling-halo")
    assert halo.level is not None and halo.level.level == 1 and halo.level.name == "Tall-kneeling halo"
    assert halo.next_level is not None and halo.next_level.name == "Half-kneeling halo"
    # The mobility circuit is the strength day's warm-up (one round) and the mobility day's work (two).
    cars = next(entry for entry in program.exercises if entry.exercise.id == "hip-cars")
    assert cars.rounds == ((Block.STRENGTH, 1), (Block.MOBILITY, 2))
    assert cars.rounds_text == "1 round on strength days, 2 on mobility days"
    # The log sheet: two weeks from the runner's today, each day with the week's planned blocks.
    assert len(program.log_days) == LOG_DAYS and program.log_days[0].on == app.local("UTC").today
    for day in program.log_days:
        assert day.blocks == program.week.day(day.on.weekday()).blocks
    assert sum(1 for d in program.log_days if Block.STRENGTH in d.blocks) == 2 * STRENGTH_DAYS


def test_a_runner_without_a_program_gets_not_found_and_one_on_hold_gets_no_exercises(app, clock):
    nobody = create_profile(app, "No Screening Yet").id
    with pytest.raises(NotFound):
        home_program(app, nobody)

    ana = screened_runner(app)
    do_session(app, ana, Block.MOBILITY)
    clock.advance(days=1)
    morning(app, ana, flags=[next(iter(checkin_flags()))])
    held = home_program(app, ana)
    assert held.hold_reason and held.exercises == () and held.sessions == ()
    html = home_program_document(held, app.library, BASE_URL).html
    assert "Your program is on hold" in html and "The exercises" not in html


@SQLITE
def test_the_pdf_reads_back_the_dose_cues_faults_ladder_stop_rule_and_log_on_a4(app):
    zoe = zoe_in_phase_2(app)
    document = home_program_document(home_program(app, zoe), app.library, BASE_URL, Paper.A4)
    pdf = document.pdf()
    text = words(pdf_text(pdf))

    assert "Home program: Zoë Ødegård" in text
    # The halo's dose per side and direction, its rounds, its ladder level and the next one.
    assert "3 clockwise + 3 counter-clockwise circles each side" in text
    assert "Your level: 1 of 4, Tall-kneeling halo." in text
    assert "Next: level 2, Half-kneeling halo." in text
    halo = app.library.exercises["half-kneeling-halo"]
    for line in (*halo.cues, *halo.faults):
        assert words(line) in text
    stop = f"Stop this exercise if the pain goes above {R.PAIN_ACCEPTABLE_MAX}/10 or is sharp"
    assert text.count(stop) == len(home_program(app, zoe).exercises)
    assert BASE_URL + "/session" in "".join(text.split())  # under the QR code (it may wrap)
    assert "Two-week log" in text
    assert "hipcoach-design" not in text and "[D]" not in text  # sources by reference, not by id
    assert re.search(r"\bD\b.*a design choice of hipcoach", text)

    info = pdf_info(pdf)
    assert "(A4)" in info["Page size"] and info["Tagged"] == "yes"  # a screen reader reads it in order
    pages = page_images(pdf, "home-program-a4")
    assert len(pages) == int(info["Pages"]) >= 4
    assert all(ink(page) > 0.01 for page in pages), "a blank page"
    assert ink(pages[0], (0.72, 0.08, 0.98, 0.30)) > 0.15, "no QR code at the top right of the first page"


@SQLITE
def test_letter_paper_and_a_clinicians_stricter_maximum_reach_the_printed_stop_rule(app):
    zoe = zoe_in_phase_2(app)
    sam = make_clinician(app)
    give_access(app, zoe, sam)
    act(app, sam, zoe, ThresholdAction(threshold="pain-acceptable-max", value=4, reason="flare-prone"), "web")

    pdf = home_program_document(home_program(app, zoe), app.library, BASE_URL, Paper.LETTER).pdf()
    text = words(pdf_text(pdf))
    assert "(letter)" in pdf_info(pdf)["Page size"]
    assert "Stop this exercise if the pain goes above 4/10" in text
    program_part, _, sources = text.partition("Sources")
    assert f"above {R.PAIN_ACCEPTABLE_MAX}/10" not in program_part  # the sources quote the usual thresholds


@SQLITE
def test_the_fonts_are_embedded_and_the_name_and_an_emoji_stay_text(app, tmp_path):
    zoe = zoe_in_phase_2(app)
    html = home_program_document(home_program(app, zoe), app.library, BASE_URL).html
    pdf = write_pdf(html.replace("Two-week log", "Two-week log 🏃"))
    if has_emoji_font():
        assert "Two-week log 🏃" in pdf_text(pdf)
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert rows and all(row[-5] == "yes" for row in rows), fonts  # the "emb" column


def test_rendering_fetches_nothing_even_when_the_html_names_an_address():
    """A document's HTML is all inline; an address in it, even a local one, is never opened."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    connected: list[bool] = []

    def accept() -> None:
        try:
            listener.accept()
            connected.append(True)
        except OSError:
            pass

    waiter = threading.Thread(target=accept)
    waiter.start()
    html = (
        f'<html><head><link rel="stylesheet" href="http://127.0.0.1:{port}/x.css"></head><body>'
        f'<img src="http://127.0.0.1:{port}/x.png" alt="x"><p>Offline</p></body></html>'
    )
    try:
        pdf = write_pdf(html)
    finally:
        waiter.join()
        listener.close()
    assert pdf.startswith(b"%PDF") and connected == []


@SQLITE
def test_plan_pdf_writes_the_home_program_and_refuses_a_bad_paper_or_folder(cli, tmp_path):
    assert cli("init", "--name", "Zoë Ødegård", "--age", "34", "--sex", "female").exit_code == 0
    target = tmp_path / "program.pdf"
    no_program = cli("plan", "--pdf", str(target))
    assert no_program.exit_code == 1 and not target.exists()

    answers = tmp_path / "answers.json"
    given = screening_answers({"tight-hip-flexors"})
    answers.write_text(json.dumps({"signs": dict(given.signs), "red_flags": dict(given.red_flags)}))
    assert cli("check", "--answers", str(answers)).exit_code == 0

    done = cli("plan", "--pdf", str(target), "--html", str(tmp_path / "p.html"))
    assert done.exit_code == 0, done.output
    assert target.read_bytes().startswith(b"%PDF") and f"Wrote {target}" in words(done.output)
    assert "Home program: Zoë Ødegård" in words(pdf_text(target.read_bytes()))
    assert "<h1>Home program: Zoë Ødegård</h1>" in (tmp_path / "p.html").read_text(encoding="utf-8")

    letter = cli("plan", "--pdf", str(tmp_path / "l.pdf"), "--paper", "letter")
    assert letter.exit_code == 0 and "(letter)" in pdf_info((tmp_path / "l.pdf").read_bytes())["Page size"]
    bad = cli("plan", "--pdf", str(tmp_path / "x.pdf"), "--paper", "a5")
    assert bad.exit_code == 1 and "--paper must be one of a4, letter" in words(bad.output)
    nowhere = cli("plan", "--pdf", str(tmp_path / "missing" / "x.pdf"))
    assert nowhere.exit_code == 1 and "does not exist" in words(nowhere.output)
    assert not (tmp_path / "x.pdf").exists()
