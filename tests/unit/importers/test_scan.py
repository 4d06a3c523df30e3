"""scan / count_files: folders, zips and their safety, gz bombs, bad files that must not block the batch."""

from __future__ import annotations

import gzip
import hashlib
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hipcoach.importers import ImportLimits, count_files, parse_bytes, scan
from hipcoach.importers import records as records_module
from hipcoach.importers.scanner import _ArchiveStop, _open_archive
from tests.unit.importers.fit_writer import SPORT_CYCLING, activity_fit
from tests.unit.importers.test_gpx_tcx import ONE_SEGMENT, gpx

START = datetime(2024, 3, 15, 6, 12, 3, tzinfo=UTC)
SMALL = ImportLimits(
    max_file_bytes=1024 * 1024,
    max_archive_bytes=4 * 1024 * 1024,
    max_entries=50,
    max_ratio=50,
    ratio_floor_bytes=0,
)


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_a_folder_is_walked_recursively_in_a_stable_order(tmp_path: Path) -> None:
    write(tmp_path / "b" / "2.gpx", gpx(ONE_SEGMENT).encode())
    write(tmp_path / "a" / "1.fit", activity_fit(START))
    write(tmp_path / "a" / "ride.fit.gz", gzip.compress(activity_fit(START, sport=SPORT_CYCLING)))
    write(tmp_path / "c.tcx", b"")  # an empty file
    write(tmp_path / "notes.txt", b"hello")  # unknown extension: passed over silently in a folder
    write(tmp_path / "a" / "photo.jpg", b"\xff\xd8\xff")
    outcomes = list(scan([tmp_path]))
    assert [Path(o.source).relative_to(tmp_path).as_posix() for o in outcomes] == [
        "a/1.fit",
        "a/ride.fit.gz",
        "b/2.gpx",
        "c.tcx",
    ]
    assert count_files([tmp_path]) == 4
    results = {Path(o.source).name: o for o in outcomes}
    assert results["c.tcx"].error == "the file is empty"
    assert len(results["1.fit"].activities) == 1
    assert results["ride.fit.gz"].skipped[0].sport == "cycling"
    assert len(results["2.gpx"].activities) == 1
    assert list(scan([tmp_path])) == outcomes  # same order every time


def test_one_bad_file_never_blocks_the_batch(tmp_path: Path) -> None:
    bad = write(tmp_path / "1-bad.fit", b"\xff\xd8\xff\xe0JFIF" + bytes(100))
    cut = write(tmp_path / "2-cut.fit", activity_fit(START)[:200])
    good = write(tmp_path / "3-good.gpx", gpx(ONE_SEGMENT).encode())
    outcomes = list(scan([bad, cut, tmp_path / "missing.fit", good]))
    assert [o.error is None for o in outcomes] == [False, False, False, True]
    assert outcomes[2].error == "not found"
    assert outcomes[0].file_hash == hashlib.sha256(bad.read_bytes()).hexdigest()


def test_an_explicit_file_with_an_unknown_extension_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "notes.txt", b"hello")
    (outcome,) = list(scan([path]))
    assert outcome.error is not None and outcome.error.startswith("not an activity file")
    assert count_files([path]) == 1
    assert parse_bytes("x.kml", b"<kml/>").error is not None


def test_an_oversized_plain_file_is_refused_without_reading(tmp_path: Path) -> None:
    path = write(tmp_path / "huge.gpx", b" " * (SMALL.max_file_bytes + 1))
    (outcome,) = list(scan([path], SMALL))
    assert outcome.error is not None and "larger than" in outcome.error


def test_a_gz_bomb_is_refused() -> None:
    bomb = gzip.compress(bytes(8 * 1024 * 1024))
    outcome = parse_bytes("bomb.gpx.gz", bomb, SMALL)
    assert outcome.error is not None and outcome.error.startswith("refused")
    # the default limits catch it by ratio
    outcome = parse_bytes("bomb.gpx.gz", gzip.compress(bytes(20 * 1024 * 1024)))
    assert outcome.error is not None and "compression bomb" in outcome.error


def test_a_truncated_gz_file() -> None:
    packed = gzip.compress(gpx(ONE_SEGMENT).encode())
    outcome = parse_bytes("x.gpx.gz", packed[: len(packed) // 2])
    assert outcome.error is not None and ("truncated" in outcome.error or "gzip" in outcome.error)
    assert parse_bytes("x.gpx.gz", b"not gzip").error is not None


def test_a_plain_zip_of_activity_files(tmp_path: Path) -> None:
    path = tmp_path / "watch.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("z/2.gpx", gpx(ONE_SEGMENT))
        zf.writestr("a/1.fit", activity_fit(START))
        zf.writestr("a/bad.fit", b"garbage!")
        zf.writestr("readme.txt", "hi")
        zf.writestr("nested.zip", b"PK")
    outcomes = list(scan([path]))
    assert [o.source for o in outcomes] == [
        f"{path}!a/1.fit",
        f"{path}!a/bad.fit",
        f"{path}!nested.zip",
        f"{path}!z/2.gpx",
    ]
    assert [o.error is None for o in outcomes] == [True, False, False, True]
    assert count_files([path]) == 4


@pytest.mark.parametrize("entry", ["../evil.gpx", "/etc/evil.gpx", "a/../../evil.gpx", "C:\\evil.gpx"])
def test_path_traversal_refuses_the_archive(tmp_path: Path, entry: str) -> None:
    path = tmp_path / "evil.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("good.gpx", gpx(ONE_SEGMENT))
        zf.writestr(zipfile.ZipInfo(entry), gpx(ONE_SEGMENT))
    (outcome,) = list(scan([path]))
    assert outcome.source == str(path)
    assert outcome.error is not None
    assert outcome.error.startswith("evil.zip: refused") and "path traversal" in outcome.error
    assert count_files([path]) == 1


def test_a_zip_bomb_is_refused_by_ratio(tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("zeros.gpx", bytes(3 * 1024 * 1024))
    (outcome,) = list(scan([path], SMALL))
    assert outcome.error is not None and outcome.error.startswith("bomb.zip: refused")
    assert "bomb" in outcome.error


def test_a_zip_over_the_declared_total_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.zip"
    limits = ImportLimits(max_archive_bytes=1000, max_ratio=1e9)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.gpx", b" " * 600)
        zf.writestr("b.gpx", b" " * 600)
    assert path.stat().st_size < 1000
    (outcome,) = list(scan([path], limits))
    assert outcome.error is not None and "declares more than" in outcome.error


def test_too_many_entries(tmp_path: Path) -> None:
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for i in range(60):
            zf.writestr(f"{i}.gpx", "x")
    (outcome,) = list(scan([path], SMALL))
    assert outcome.error is not None and "more than 50 entries" in outcome.error


def test_an_entry_that_lies_about_its_size_is_capped(tmp_path: Path) -> None:
    """Declared sizes say small, the data says big: reading stops at the declared size and the CRC fails."""
    path = tmp_path / "liar.zip"
    payload = b"<gpx>" + b" " * (2 * 1024 * 1024) + b"</gpx>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.gpx", payload)
    raw = bytearray(path.read_bytes())
    # patch the uncompressed size in the central directory and the local header to 100 bytes
    size = len(payload).to_bytes(4, "little")
    start = 0
    while (found := raw.find(size, start)) != -1:
        raw[found : found + 4] = (100).to_bytes(4, "little")
        start = found + 4
    path.write_bytes(bytes(raw))
    (outcome,) = list(scan([path], ImportLimits(max_ratio=1e9)))
    assert (
        outcome.error is not None
    )  # a CRC mismatch or a refusal; never 2 MB in memory past the declared size


def test_actual_bytes_over_the_archive_limit_stop_reading(tmp_path: Path) -> None:
    """A backstop behind the declared sizes: the bytes actually unpacked are counted too."""
    path = tmp_path / "sum.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(3):
            zf.writestr(f"{i}.gpx", gpx(ONE_SEGMENT).encode() + b" " * 4000)
    archive = _open_archive(path, ImportLimits())
    with archive.zf:
        archive.limits = ImportLimits(max_archive_bytes=8_000)
        archive.read(archive.entries[0])
        with pytest.raises(_ArchiveStop):
            archive.read(archive.entries[1])


def test_not_a_zip(tmp_path: Path) -> None:
    path = write(tmp_path / "fake.zip", b"not a zip")
    (outcome,) = list(scan([path]))
    assert outcome.error is not None and outcome.error.startswith("fake.zip: not a readable zip archive")
    assert count_files([path]) == 1


def test_an_archive_without_activity_files(tmp_path: Path) -> None:
    path = tmp_path / "photos.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("a.jpg", b"\xff\xd8")
    (outcome,) = list(scan([path]))
    assert outcome.error == "photos.zip: the archive holds no activity files"
    assert count_files([path]) == 1


def test_the_contract_names_are_reachable_from_records() -> None:
    assert records_module.scan is scan
    assert records_module.count_files is count_files


def test_the_importers_import_nothing_from_storage_services_web_or_cli() -> None:
    package = Path(records_module.__file__).parent
    for module in package.glob("*.py"):
        text = module.read_text(encoding="utf-8")
        for layer in ("storage", "services", "web", "cli"):
            assert f"hipcoach.{layer}" not in text, f"{module.name} imports hipcoach.{layer}"


def test_an_unexpected_parser_exception_becomes_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from hipcoach.importers import scanner

    def boom(data: bytes) -> object:
        raise RuntimeError("surprise")

    monkeypatch.setattr(scanner, "parse_gpx", boom)
    outcome = parse_bytes("x.gpx", gpx(ONE_SEGMENT).encode())
    assert outcome.error == "the file could not be read (RuntimeError: surprise)"


def test_a_gz_member_followed_by_padding_and_a_second_member() -> None:
    text = gpx(ONE_SEGMENT).encode()
    half = len(text) // 2
    data = gzip.compress(text[:half]) + b"\0\0" + gzip.compress(text[half:])
    assert parse_bytes("x.gpx.gz", data).error is None


# --- parallel scan (issue 7) --------------------------------------------------------------------------------


def test_a_parallel_scan_gives_the_serial_outcomes_in_the_serial_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hipcoach.importers import scanner

    monkeypatch.setattr(scanner, "FILES_PER_TASK", 3)
    monkeypatch.setattr(scanner, "TASKS_PER_WORKER", 1)
    monkeypatch.setattr(scanner, "MIN_PARALLEL_FILES", 4)
    for n in range(12):
        when = START.replace(day=1 + n)
        if n % 3 == 0:
            write(tmp_path / "a" / f"{n:02d}.fit.gz", gzip.compress(activity_fit(when)))
        elif n % 3 == 1:
            write(tmp_path / "a" / f"{n:02d}.fit", activity_fit(when, sport=SPORT_CYCLING))
        else:
            write(tmp_path / "a" / f"{n:02d}.gpx", gpx(ONE_SEGMENT).encode())
    write(tmp_path / "a" / "03-broken.fit", b"\x00" * 40)
    with zipfile.ZipFile(tmp_path / "b.zip", "w") as zf:  # an archive between files: read in order
        zf.writestr("x.gpx", gpx(ONE_SEGMENT))
        zf.writestr("y.fit", activity_fit(START))
    for n in range(5):
        write(tmp_path / "c" / f"{n}.tcx", b"")
    paths = [tmp_path, tmp_path / "missing.fit", tmp_path / "a" / "00.fit.gz"]
    serial = list(scan(paths))
    parallel = list(scan(paths, workers=2))
    assert parallel == serial
    assert len(serial) == 13 + 2 + 5 + 2
    assert sum(o.error is None for o in serial) == 12 + 2 + 1


def test_few_files_are_scanned_without_starting_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hipcoach.importers import scanner

    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("no process pool for two files")

    monkeypatch.setattr(scanner, "ProcessPoolExecutor", no_pool)
    write(tmp_path / "1.gpx", gpx(ONE_SEGMENT).encode())
    write(tmp_path / "2.fit", activity_fit(START))
    assert list(scan([tmp_path], workers=2)) == list(scan([tmp_path]))


def test_closing_a_parallel_scan_early_stops_its_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hipcoach.importers import scanner

    monkeypatch.setattr(scanner, "FILES_PER_TASK", 2)
    monkeypatch.setattr(scanner, "MIN_PARALLEL_FILES", 2)
    for n in range(10):
        write(tmp_path / f"{n}.gpx", gpx(ONE_SEGMENT).encode())
    outcomes = scan([tmp_path], workers=2)
    first = next(outcomes)
    outcomes.close()
    assert first.error is None and Path(first.source).name == "0.gpx"


def test_the_decoder_choice_is_checked_and_passed_through() -> None:
    with pytest.raises(ValueError, match="decoder"):
        list(scan([], decoder="bogus"))
    data = activity_fit(START)
    auto = parse_bytes("a.fit", data)
    assert parse_bytes("a.fit", data, decoder="fitdecode") == auto
    assert auto.error is None and len(auto.activities) == 1


def test_a_parallel_scan_from_a_thread_as_the_web_import_runs_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from hipcoach.importers import scanner

    monkeypatch.setattr(scanner, "FILES_PER_TASK", 2)
    monkeypatch.setattr(scanner, "MIN_PARALLEL_FILES", 2)
    for n in range(6):
        write(tmp_path / f"{n}.fit", activity_fit(START.replace(day=1 + n)))
    found: list[object] = []
    worker = threading.Thread(target=lambda: found.extend(scan([tmp_path], workers=2)))
    worker.start()
    worker.join(timeout=120)
    assert found == list(scan([tmp_path]))
