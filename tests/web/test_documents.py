"""The printed documents on the web (issue 17): the runner's home program and progress report as a page to
print and as a PDF on A4 or US Letter, the same for their clinician with consent (each read in the runner's
log), and clear answers for a bad range or paper."""

from __future__ import annotations

import re

import pytest

from tests.pdf_reading import pdf_info, pdf_text
from tests.web.conftest import page_text
from tests.web.test_clinic_runner import audit_lines, clinician_client, make_subject

SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def ana(hipcoach, clock, signed_in):
    return make_subject(hipcoach, clock, signed_in, "ana@example.com", "felt great 🏃")


def test_the_home_program_page_is_the_document_with_links_to_its_pdf_on_either_paper(ana):
    page = ana.client.get("/program/print")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert '<nav class="toolbar"' in html and 'href="/program"' in html
    assert 'href="/program/print.pdf?paper=a4"' in html and 'href="/program/print.pdf?paper=letter"' in html
    assert "@page { size: A4; }" in html
    assert 'aria-label="QR code: the hipcoach session player"' in html
    assert "http://testserver/session" in html
    text = page_text(page)
    assert "Two-week log" in text and "When to stop" in text
    assert "@page { size: letter; }" in ana.client.get("/program/print", params={"paper": "letter"}).text


def test_the_program_and_progress_pages_link_to_the_documents(ana):
    assert 'href="/program/print"' in ana.client.get("/program").text
    progress = ana.client.get("/progress").text
    assert 'action="/progress/report"' in progress and 'href="/program/print.pdf"' in progress


@SQLITE
def test_the_home_program_pdf_downloads_with_its_name_on_the_paper_asked_for(ana):
    pdf = ana.client.get("/program/print.pdf", params={"paper": "letter"})
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert re.fullmatch(
        r'attachment; filename="hipcoach-home-program-\d{4}-\d{2}-\d{2}\.pdf"',
        pdf.headers["content-disposition"],
    )
    assert "no-store" in pdf.headers["cache-control"]
    assert "(letter)" in pdf_info(pdf.content)["Page size"]
    assert "Home program: ana@example.com" in words(pdf_text(pdf.content))


def test_a_paper_size_hipcoach_does_not_print_on_is_refused_by_name(ana):
    page = ana.client.get("/program/print", params={"paper": "a5"})
    assert page.status_code == 422 and "paper" in page_text(page)


def test_a_runner_without_a_program_is_told_so(signed_in):
    client = signed_in("new@example.com")
    page = client.get("/program/print")
    assert page.status_code in (303, 404)


def test_a_report_whose_start_is_after_its_end_says_so(ana):
    page = ana.client.get("/progress/report", params={"from": "2026-11-30", "to": "2026-11-01"})
    assert page.status_code == 400
    assert "2026-11-30" in page_text(page)


@SQLITE
def test_a_clinician_with_consent_gets_both_documents_and_the_runner_sees_each_read(
    hipcoach, ana, new_client
):
    sam, client = clinician_client(hipcoach, new_client, "sam@clinic.example", "Sam Ortiz")
    from tests.integration.clinic_helpers import give_access

    give_access(hipcoach, ana.profile_id, sam)
    base = f"/clinic/runners/{ana.profile_id}"
    page = client.get(f"{base}/home-program")
    assert page.status_code == 200 and f'href="{base}"' in page.text
    assert f'href="{base}/home-program.pdf?paper=a4"' in page.text
    pdf = client.get(f"{base}/home-program.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert "Home program: ana@example.com" in words(pdf_text(pdf.content))
    report = client.get(f"{base}/report.pdf", params={"from": "2026-10-01", "to": "2026-11-30"})
    assert report.status_code == 200 and report.headers["content-type"] == "application/pdf"
    assert f'action="{base}/report"' in client.get(base).text

    log = [(who, what, channel) for who, action, what, channel in audit_lines(hipcoach, ana.profile_id)]
    assert ("Sam Ortiz", "your home program, to print", "web") in log
    assert ("Sam Ortiz", "your home program as a PDF", "web") in log
    assert ("Sam Ortiz", "your progress report as a PDF", "web") in log


def test_a_clinician_without_consent_gets_nothing(hipcoach, ana, new_client):
    _, client = clinician_client(hipcoach, new_client, "lee@clinic.example", "Lee Park")
    for path in ("home-program", "home-program.pdf", "report", "report.pdf"):
        answer = client.get(f"/clinic/runners/{ana.profile_id}/{path}")
        assert answer.status_code == 404 and b"%PDF" not in answer.content
    assert not [line for line in audit_lines(hipcoach, ana.profile_id) if line[0] == "Lee Park"]
