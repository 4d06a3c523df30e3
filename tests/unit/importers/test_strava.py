"""A Strava bulk export built in the test: repeated headers, odd dates, localised headers, bad inner files."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hipcoach.importers import FileOutcome, count_files, parse_bytes, scan
from hipcoach.importers.strava import parse_strava_date
from tests.unit.importers.fit_writer import activity_fit
from tests.unit.importers.test_gpx_tcx import ONE_SEGMENT, gpx

ENGLISH = [
    "Activity ID", "Activity Date", "Activity Name", "Activity Type", "Activity Description", "Elapsed Time",
    "Distance", "Max Heart Rate", "Relative Effort", "Commute", "Activity Private Note", "Activity Gear",
    "Filename", "Athlete Weight", "Bike Weight", "Elapsed Time", "Moving Time", "Distance", "Max Speed",
]  # fmt: skip
GERMAN = [
    "Aktivitäts-ID", "Aktivitätsdatum", "Name der Aktivität", "Aktivitätsart", "Beschreibung der Aktivität",
    "Verstrichene Zeit", "Distanz", "Maximale Herzfrequenz", "Relative Leistung", "Pendelfahrt",
    "Private Notiz zur Aktivität", "Aktivitätsausrüstung", "Dateiname", "Sportlergewicht", "Fahrradgewicht",
    "Verstrichene Zeit", "Bewegungszeit", "Distanz", "Maximale Geschwindigkeit",
]  # fmt: skip


def row(
    activity_id: str,
    date: str,
    name: str,
    type_: str,
    elapsed: str,
    km: str,
    filename: str,
    elapsed2: str,
    moving: str,
    metres: str,
) -> list[str]:
    return [activity_id, date, name, type_, "", elapsed, km, "150", "20", "false", "", "", filename, "", "",
            elapsed2, moving, metres, "4.1"]  # fmt: skip


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


FIT_1001 = gzip.compress(activity_fit(datetime(2024, 3, 15, 6, 12, 3, tzinfo=UTC)))
GPX_1003 = gzip.compress(gpx(ONE_SEGMENT, type_="running").encode())
CORRUPT = gzip.compress(b"this is not a FIT file at all")

ROWS = [
    row("1001", "Mar 15, 2024, 6:12:03 AM", "Morning Run", "Run", "1800", "5.01",
        "activities/1001.fit.gz", "1800.0", "1750.0", "5012.3"),
    row("1002", "Mar 16, 2024, 5:30:00\u202fPM", "Evening Ride", "Ride", "3600", "30.2",
        "activities/1002.gpx.gz", "3600.0", "3500.0", "30200.0"),
    row("1003", "Mar 17, 2024, 7:00:00 AM", "Trail", "Trail Run", "", "",
        "activities/1003.gpx.gz", "", "", ""),
    row("1004", "Mar 18, 2024, 12:05:00 PM", "Zwift", "Virtual Run", "1200", "4.0", "",
        "1200.0", "1200.0", ""),
    row("1005", "Mar 19, 2024, 6:00:00 AM", "Lost file", "Run", "", "", "activities/1005.fit.gz", "", "", ""),
    row("1006", "Mar 20, 2024, 6:00:00 AM", "Corrupt file", "Run", "900", "", "activities/1006.fit.gz",
        "900", "", ""),
    row("1007", "Mar 21, 2024, 6:00:00 AM", "Corrupt but unused", "Run", "1000", "3.0",
        "activities/1007.fit.gz", "1000", "990", "3000"),
]  # fmt: skip


def make_export(path: Path, header: list[str] = ENGLISH, rows: list[list[str]] = ROWS) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("activities.csv", csv_text(header, rows))
        zf.writestr("activities/1001.fit.gz", FIT_1001)
        zf.writestr("activities/1002.gpx.gz", gzip.compress(gpx(ONE_SEGMENT, type_="cycling").encode()))
        zf.writestr("activities/1003.gpx.gz", GPX_1003)
        zf.writestr("activities/1006.fit.gz", CORRUPT)
        zf.writestr("activities/1007.fit.gz", CORRUPT)
        zf.writestr("activities/9999.gpx", gpx(ONE_SEGMENT))  # not in the CSV: imported on its own
        zf.writestr("media/photo.jpg", b"\xff\xd8\xff")
        zf.writestr("profile.csv", "not,a,log\n")  # a CSV that is neither a log nor activities.csv
    return path


def by_source(outcomes: list[FileOutcome]) -> dict[str, FileOutcome]:
    return {outcome.source.split("!", 1)[1]: outcome for outcome in outcomes}


def test_each_row_is_one_outcome_in_csv_order(tmp_path: Path) -> None:
    export = make_export(tmp_path / "export.zip")
    outcomes = list(scan([export]))
    sources = [o.source for o in outcomes]
    assert sources[:7] == [
        f"{export}!activities/1001.fit.gz",
        f"{export}!activities/1002.gpx.gz",
        f"{export}!activities/1003.gpx.gz",
        f"{export}!activities.csv#1004",
        f"{export}!activities/1005.fit.gz",
        f"{export}!activities/1006.fit.gz",
        f"{export}!activities/1007.fit.gz",
    ]
    assert sources[7:] == [f"{export}!activities/9999.gpx", f"{export}!profile.csv"]
    assert count_files([export]) == len(outcomes) == 9


def test_the_csv_numbers_are_used_with_the_right_duplicate_columns(tmp_path: Path) -> None:
    outcomes = by_source(list(scan([make_export(tmp_path / "export.zip")])))
    first = outcomes["activities/1001.fit.gz"]
    assert first.error is None
    (record,) = first.activities
    assert record.sport == "run"
    assert record.source_format == "strava"
    assert record.external_id == "1001"
    assert record.name == "Morning Run"
    assert record.started_at == datetime(2024, 3, 15, 6, 12, 3, tzinfo=UTC)
    assert record.distance_m == pytest.approx(5012.3)  # the second "Distance" (metres), not 5.01 km
    assert record.duration_s == pytest.approx(1800.0)
    assert record.moving_s == pytest.approx(1750.0)
    assert first.file_hash == hashlib.sha256(FIT_1001).hexdigest()


def test_a_ride_is_skipped_and_its_file_not_needed(tmp_path: Path) -> None:
    ride = by_source(list(scan([make_export(tmp_path / "export.zip")])))["activities/1002.gpx.gz"]
    assert ride.error is None
    assert ride.activities == ()
    assert ride.skipped[0].sport == "cycling"
    assert ride.skipped[0].reason == "cycling is not running"


def test_a_row_without_numbers_reads_its_file(tmp_path: Path) -> None:
    trail = by_source(list(scan([make_export(tmp_path / "export.zip")])))["activities/1003.gpx.gz"]
    assert trail.error is None
    (record,) = trail.activities
    assert record.sport == "trail_run"  # the CSV's type wins over the file's
    assert record.duration_s == pytest.approx(60.0)
    assert record.distance_m == pytest.approx(222.4, abs=0.5)
    assert record.started_at == datetime(2024, 3, 17, 7, 0, tzinfo=UTC)
    assert trail.file_hash == hashlib.sha256(GPX_1003).hexdigest()


def test_a_virtual_run_without_a_file_uses_the_km_column(tmp_path: Path) -> None:
    virtual = by_source(list(scan([make_export(tmp_path / "export.zip")])))["activities.csv#1004"]
    assert virtual.error is None
    (record,) = virtual.activities
    assert record.sport == "treadmill"
    assert record.distance_m == pytest.approx(4000.0)
    assert record.started_at == datetime(2024, 3, 18, 12, 5, tzinfo=UTC)
    assert len(virtual.file_hash) == 64


def test_missing_and_corrupt_inner_files_only_fail_their_row(tmp_path: Path) -> None:
    outcomes = by_source(list(scan([make_export(tmp_path / "export.zip")])))
    missing = outcomes["activities/1005.fit.gz"]
    assert missing.error == "activities/1005.fit.gz: it is missing from the archive"
    corrupt = outcomes["activities/1006.fit.gz"]
    assert corrupt.error is not None and corrupt.error.startswith("activities/1006.fit.gz: not a FIT file")
    unused = outcomes["activities/1007.fit.gz"]
    assert unused.error is None and unused.activities[0].distance_m == pytest.approx(3000.0)
    assert outcomes["profile.csv"].error is not None


def test_a_german_export(tmp_path: Path) -> None:
    rows = [
        row("2001", "15.03.2024, 06:12:03", "Morgenlauf", "Lauf", "1800", "5,01", "", "1800,0", "1750", ""),
        row(
            "2002", "16 Mär. 2024, 17:30:00", "Radfahrt", "Radfahrt", "3600", "30,2", "", "3600", "", "30200"
        ),
        row("2003", "17 März 2024, 07:00:00", "Wald", "Traillauf", "600", "2", "", "", "", ""),
    ]
    outcomes = list(scan([make_export(tmp_path / "export.zip", GERMAN, rows)]))
    csv_outcomes = [o for o in outcomes if "activities.csv#" in o.source]
    assert [o.error for o in csv_outcomes] == [None, None, None]
    first, ride, trail = csv_outcomes
    assert first.activities[0].distance_m == pytest.approx(5010.0)
    assert first.activities[0].started_at == datetime(2024, 3, 15, 6, 12, 3, tzinfo=UTC)
    assert first.activities[0].moving_s == pytest.approx(1750.0)
    assert ride.skipped[0].sport == "cycling"
    assert trail.activities[0].sport == "trail_run"
    assert trail.activities[0].started_at == datetime(2024, 3, 17, 7, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mar 15, 2024, 6:12:03 AM", datetime(2024, 3, 15, 6, 12, 3, tzinfo=UTC)),
        ("Mar 15, 2024, 6:12:03\u202fPM", datetime(2024, 3, 15, 18, 12, 3, tzinfo=UTC)),
        ("Mar 15, 2024, 12:01:00\xa0AM", datetime(2024, 3, 15, 0, 1, tzinfo=UTC)),
        ("Dec 1, 2023, 12:30:00 PM", datetime(2023, 12, 1, 12, 30, tzinfo=UTC)),
        ("15 mars 2024, 06:12:03", datetime(2024, 3, 15, 6, 12, 3, tzinfo=UTC)),
        ("15 de ene. de 2024, 6:12:03", datetime(2024, 1, 15, 6, 12, 3, tzinfo=UTC)),
        ("15 juil. 2024 à 06:12:03", datetime(2024, 7, 15, 6, 12, 3, tzinfo=UTC)),
        ("2024-03-15 06:12:03", datetime(2024, 3, 15, 6, 12, 3, tzinfo=UTC)),
    ],
)
def test_strava_dates(text: str, expected: datetime) -> None:
    assert parse_strava_date(text) == expected


@pytest.mark.parametrize("text", ["", "yesterday", "Foo 15, 2024, 6:12:03 AM", "Feb 30, 2024, 6:00:00 AM"])
def test_unreadable_strava_dates(text: str) -> None:
    assert parse_strava_date(text) is None


def test_a_loose_activities_csv_is_one_outcome() -> None:
    outcome = parse_bytes("activities.csv", csv_text(ENGLISH, ROWS[:4]).encode())
    assert outcome.error is None
    assert [r.external_id for r in outcome.activities] == ["1001", "1004"]
    # the ride is skipped; 1003 has no elapsed time and no file here, so it is skipped with the reason
    assert {s.sport for s in outcome.skipped} == {"cycling", "trail_run"}


def test_an_export_in_a_top_folder(tmp_path: Path) -> None:
    path = tmp_path / "export_123.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("export_123/activities.csv", csv_text(ENGLISH, ROWS[:1]))
        zf.writestr("export_123/activities/1001.fit.gz", FIT_1001)
    (outcome,) = list(scan([path]))
    assert outcome.source == f"{path}!export_123/activities/1001.fit.gz"
    assert outcome.file_hash == hashlib.sha256(FIT_1001).hexdigest()


@pytest.mark.parametrize(
    "header",
    [
        ["ID de l'activité", "Date de l'activité", "Nom de l'activité", "Type d'activité", "Temps écoulé",
         "Distance", "Nom du fichier", "Temps écoulé", "Temps de déplacement", "Distance"],
        ["ID de actividad", "Fecha de la actividad", "Nombre de la actividad", "Tipo de actividad",
         "Tiempo transcurrido", "Distancia", "Nombre de archivo", "Tiempo transcurrido",
         "Tiempo en movimiento", "Distancia"],
    ],
)  # fmt: skip
def test_french_and_spanish_headers(header: list[str]) -> None:
    rows = [
        ["3001", "15 mars 2024, 06:12:03", "Sortie", "Course à pied", "1800", "5,0", "", "1800", "1700", ""],
        ["3002", "16 mar 2024, 06:12:03", "Salida", "Carrera", "1200", "3,5", "", "1200", "", "3500"],
    ]
    outcome = parse_bytes("activities.csv", csv_text(header, rows).encode())
    assert outcome.error is None
    first, second = outcome.activities
    assert first.sport == second.sport == "run"
    assert first.distance_m == pytest.approx(5000.0)
    assert first.moving_s == pytest.approx(1700.0)
    assert second.distance_m == pytest.approx(3500.0)
    assert second.started_at == datetime(2024, 3, 16, 6, 12, 3, tzinfo=UTC)
