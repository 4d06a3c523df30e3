"""A parallel scan parses zip entries in its worker processes, with the outcomes of a serial scan.

Each comparison also checks, with a spy on the pool's ``submit``, that the archive's entries (or a Strava
export's rows with their files) really went to the pool: a parallel scan that read every zip serially would
pass the comparison alone.
"""

from __future__ import annotations

import gzip
import os
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import fields
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from hipcoach.importers import FileOutcome, ImportLimits, scan, scanner
from tests.unit.importers.fit_writer import SPORT_CYCLING, activity_fit
from tests.unit.importers.test_gpx_tcx import ONE_SEGMENT, TCX, gpx
from tests.unit.importers.test_strava import CORRUPT, ENGLISH, ROWS, csv_text, make_export, row

START = datetime(2024, 3, 15, 6, 12, 3, tzinfo=UTC)
DEFAULTS = ImportLimits()
LOG = "date,distance_km,duration_min,name,sport\n2024-03-15,10.2,55.5,Easy run,run\nnot a date,5,30,,\n"


def fit(n: int, **kwargs: Any) -> bytes:
    return activity_fit(START + timedelta(days=n), **kwargs)


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def make_zip(path: Path, entries: dict[str, bytes]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


def activity_entries(prefix: str = "") -> dict[str, bytes]:
    """Every format, plain and gzipped, a skipped ride, bad files and entries that are not parsed."""
    return {
        f"{prefix}a/01.gpx": gpx(ONE_SEGMENT).encode(),
        f"{prefix}a/02.gpx.gz": gzip.compress(gpx(ONE_SEGMENT, name="Second").encode()),
        f"{prefix}a/03.fit": fit(3),
        f"{prefix}a/04.fit.gz": gzip.compress(fit(4)),
        f"{prefix}a/05.fit": fit(5, sport=SPORT_CYCLING),
        f"{prefix}b/06.tcx": TCX.format(sport="Running").encode(),
        f"{prefix}b/07.tcx.gz": gzip.compress(TCX.format(sport="Biking").encode()),
        f"{prefix}b/08.csv": LOG.encode(),
        f"{prefix}b/09-bad.fit": b"garbage!" * 10,
        f"{prefix}b/10-cut.fit": fit(10)[:200],
        f"{prefix}b/11-empty.gpx": b"",
        f"{prefix}b/12-not-gzip.gpx.gz": b"not gzip at all",
        f"{prefix}c/13.gpx": gpx(ONE_SEGMENT, type_=None, name=None).encode(),
        f"{prefix}c/nested.zip": b"PK\x05\x06" + bytes(18),
        f"{prefix}c/readme.txt": b"hello",
    }


@pytest.fixture
def small_tasks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tasks of three, one in flight per worker: a few entries make several tasks and exercise the bound."""
    monkeypatch.setattr(scanner, "FILES_PER_TASK", 3)
    monkeypatch.setattr(scanner, "TASKS_PER_WORKER", 1)
    monkeypatch.setattr(scanner, "MIN_PARALLEL_FILES", 4)


@pytest.fixture
def submitted(monkeypatch: pytest.MonkeyPatch) -> list[list[object]]:
    """The tasks a parallel scan hands to its pool, in order."""
    tasks: list[list[object]] = []

    class SpyPool(ProcessPoolExecutor):
        def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
            tasks.append(list(args[0]))
            return super().submit(fn, *args, **kwargs)

    monkeypatch.setattr(scanner, "ProcessPoolExecutor", SpyPool)
    return tasks


def sent_to_pool(tasks: list[list[object]]) -> list[str]:
    """The archive entries and Strava rows the pool was given to parse (with their bytes)."""
    return [
        unit.source
        for task in tasks
        for unit in task
        if isinstance(unit, scanner._EntryUnit | scanner._RowUnit)
    ]


def assert_same(parallel: list[FileOutcome], serial: list[FileOutcome]) -> None:
    assert [o.source for o in parallel] == [o.source for o in serial]
    for mine, theirs in zip(parallel, serial, strict=True):
        for field in fields(FileOutcome):
            assert getattr(mine, field.name) == getattr(theirs, field.name), (theirs.source, field.name)


def compare(paths: list[Path], limits: ImportLimits = DEFAULTS) -> list[FileOutcome]:
    serial = list(scan(paths, limits, workers=1))
    assert_same(list(scan(paths, limits, workers=2)), serial)
    return serial


def test_a_plain_zip_of_every_format(
    tmp_path: Path, small_tasks: None, submitted: list[list[object]]
) -> None:
    path = make_zip(tmp_path / "watch.zip", activity_entries())
    serial = compare([path])
    assert len(serial) == 14  # the readme is passed over
    assert sum(o.error is None for o in serial) == 9
    assert any(o.skipped and o.skipped[0].sport == "cycling" for o in serial)
    parsed = [o.source for o in serial if not o.source.endswith("nested.zip")]
    assert sent_to_pool(submitted) == parsed


def test_a_strava_export(tmp_path: Path, small_tasks: None, submitted: list[list[object]]) -> None:
    export = make_export(tmp_path / "export.zip")
    serial = compare([export])
    assert len(serial) == 9
    assert [o.error is None for o in serial] == [True, True, True, True, False, False, True, True, False]
    rows = [o.source for o in serial[:7]]  # each row goes with its file's bytes, or none (1004, 1005)
    assert sent_to_pool(submitted) == [o.source for o in serial]
    row_units = [u for task in submitted for u in task if isinstance(u, scanner._RowUnit)]
    assert [u.source for u in row_units] == rows
    assert [u.data is None for u in row_units] == [False, False, False, True, True, False, False]


def test_a_larger_strava_export_with_the_default_task_sizes(
    tmp_path: Path, submitted: list[list[object]]
) -> None:
    rows = []
    entries: dict[str, bytes] = {}
    for n in range(40):
        filename = f"activities/{2000 + n}.fit.gz"
        elapsed = "" if n % 2 else "1800"  # every other row needs its file's numbers
        type_ = "Ride" if n % 7 == 3 else "Run"
        rows.append(row(str(2000 + n), "Mar 15, 2024, 6:12:03 AM", f"Run {n}", type_, elapsed, "5.0",
                        filename, elapsed, "", ""))  # fmt: skip
        entries[filename] = CORRUPT if n % 5 == 1 else gzip.compress(fit(n))
    entries["activities.csv"] = csv_text(ENGLISH, rows).encode()
    export = make_zip(tmp_path / "export.zip", entries)
    serial = compare([export])
    assert len(serial) == 40
    assert sum(o.error is not None for o in serial) == 3  # the corrupt files of rows that need them
    assert len(sent_to_pool(submitted)) == 40


def test_bad_entries_and_entries_over_the_file_limit(
    tmp_path: Path, small_tasks: None, submitted: list[list[object]]
) -> None:
    limits = ImportLimits(max_file_bytes=64 * 1024, max_ratio=1e9)
    entries = activity_entries()
    entries["d/big.gpx"] = b" " * (65 * 1024)  # declared too large: refused before reading
    entries["d/big.gpx.gz"] = gzip.compress(b" " * (65 * 1024))  # unpacks too large: refused when parsed
    path = make_zip(tmp_path / "bad.zip", entries)
    serial = compare([path], limits)
    errors = {o.source.rsplit("/", 1)[1]: o.error for o in serial if o.error is not None}
    assert errors["big.gpx"] is not None and errors["big.gpx"].startswith("refused: the entry is larger")
    assert errors["big.gpx.gz"] is not None and "unpacks to more than" in errors["big.gpx.gz"]
    assert {"09-bad.fit", "10-cut.fit", "11-empty.gpx", "12-not-gzip.gpx.gz", "nested.zip"} < set(errors)
    assert f"{path}!d/big.gpx.gz" in sent_to_pool(submitted)
    assert f"{path}!d/big.gpx" not in sent_to_pool(submitted)  # its error is known without parsing


def test_an_archive_that_unpacks_past_its_cap_stops_where_the_serial_scan_does(
    tmp_path: Path, small_tasks: None, submitted: list[list[object]]
) -> None:
    """Rows that share one file read it once each: the bytes actually unpacked pass the archive's cap."""
    data = fit(1)
    rows = [
        row(str(4000 + n), f"Mar {n + 1}, 2024, 6:00:00 AM", f"Run {n}", "Run", "", "", "activities/same.fit",
            "", "", "")
        for n in range(10)
    ]  # fmt: skip
    table = csv_text(ENGLISH, rows).encode()
    limits = ImportLimits(max_archive_bytes=len(table) + 4 * len(data) + 1, max_ratio=1e9)
    export = make_zip(tmp_path / "a-export.zip", {"activities.csv": table, "activities/same.fit": data})
    after = [write(tmp_path / "b" / f"{n}.gpx", gpx(ONE_SEGMENT).encode()) for n in range(5)]
    serial = compare([export, *after], limits)
    assert [o.error is None for o in serial] == [True] * 4 + [False] + [True] * 5
    assert serial[4].source == str(export)
    assert serial[4].error is not None and serial[4].error.startswith("a-export.zip: refused: the archive")
    assert serial[4].error.endswith("reading stopped")
    assert sent_to_pool(submitted) == [o.source for o in serial[:4]]


def test_refused_archives_among_plain_files(
    tmp_path: Path, small_tasks: None, submitted: list[list[object]]
) -> None:
    limits = ImportLimits(max_archive_bytes=4 * 1024 * 1024, max_ratio=50, ratio_floor_bytes=0)
    bomb = make_zip(tmp_path / "2-bomb.zip", {"zeros.gpx": bytes(3 * 1024 * 1024)})
    declared = make_zip(tmp_path / "3-declared.zip", {"a.gpx": b" " * 2500, "b.gpx": b" " * 2500})
    evil = tmp_path / "4-evil.zip"
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("good.gpx", gpx(ONE_SEGMENT))
        zf.writestr(zipfile.ZipInfo("../evil.gpx"), gpx(ONE_SEGMENT))
    write(tmp_path / "5-fake.zip", b"not a zip")
    for n in range(6):
        write(tmp_path / f"1-{n}.gpx", gpx(ONE_SEGMENT).encode())
        write(tmp_path / f"6-{n}.fit", fit(n))
    serial = compare([tmp_path], limits)
    refused = [o for o in serial if o.source.endswith(".zip")]
    assert [Path(o.source) for o in refused] == [bomb, declared, evil, tmp_path / "5-fake.zip"]
    assert all(o.error is not None and "!" not in o.source for o in refused)
    assert sent_to_pool(submitted) == []  # no entry was read, so none went to the pool
    assert submitted  # the plain files did
    # the declared total, with the default ratio
    limits = ImportLimits(max_archive_bytes=4000, max_ratio=1e9)
    (outcome,) = [o for o in compare([tmp_path], limits) if o.source == str(declared)]
    assert outcome.error is not None and "declares more than" in outcome.error


def test_zips_mixed_with_plain_files_in_one_call(
    tmp_path: Path, small_tasks: None, submitted: list[list[object]]
) -> None:
    write(tmp_path / "in" / "1.fit", fit(1))
    write(tmp_path / "in" / "2.gpx.gz", gzip.compress(gpx(ONE_SEGMENT).encode()))
    make_zip(tmp_path / "in" / "3-watch.zip", activity_entries())
    write(tmp_path / "in" / "4.tcx", TCX.format(sport="Running").encode())
    make_export(tmp_path / "in" / "5-export.zip")
    write(tmp_path / "in" / "6.fit", fit(6)[:100])
    loose = write(tmp_path / "loose.gpx", gpx(ONE_SEGMENT).encode())
    export = make_export(tmp_path / "again.zip")
    paths = [tmp_path / "in", tmp_path / "missing.zip", loose, export, tmp_path / "missing.fit"]
    serial = compare(paths)
    assert len(serial) == 2 + 14 + 1 + 9 + 1 + 1 + 1 + 9 + 1
    assert serial[16].source.endswith("4.tcx")  # the files after an archive stay after it
    assert [o.error for o in serial if "missing" in o.source] == ["not found", "not found"]
    assert len(sent_to_pool(submitted)) == 13 + 9 + 9
    plain = [u for task in submitted for u in task if isinstance(u, scanner._FileUnit)]
    assert len(plain) == 2 + 2 + 1 + 1 + 1  # the missing zip is looked for like any file


def test_nested_archives(tmp_path: Path, small_tasks: None, submitted: list[list[object]]) -> None:
    inner = make_zip(tmp_path / "inner.zip", {"x.gpx": gpx(ONE_SEGMENT).encode()}).read_bytes()
    only_nested = make_zip(tmp_path / "1-only.zip", {f"{n}.zip": inner for n in range(5)})
    mixed = make_zip(
        tmp_path / "2-mixed.zip",
        {"a.zip": inner, **{f"b/{n}.gpx": gpx(ONE_SEGMENT).encode() for n in range(4)}, "c/d.zip": inner},
    )
    empty = make_zip(tmp_path / "3-photos.zip", {"a.jpg": b"\xff\xd8"})
    export = tmp_path / "4-export_123.zip"  # an export in a top folder, with an archive beside it
    make_zip(
        export,
        {
            "export_123/activities.csv": csv_text(ENGLISH, ROWS[:3]).encode(),
            "export_123/activities/1001.fit.gz": gzip.compress(fit(1)),
            "export_123/activities/1003.gpx.gz": gzip.compress(gpx(ONE_SEGMENT).encode()),
            "export_123/media.zip": inner,
        },
    )
    serial = compare([only_nested, mixed, empty, export])
    nested = [o for o in serial if o.error == "archives inside archives are not opened"]
    assert len(nested) == 5 + 2 + 1
    assert serial[11].error == "3-photos.zip: the archive holds no activity files"
    assert sent_to_pool(submitted) == [f"{mixed}!b/{n}.gpx" for n in range(4)] + [
        o.source for o in serial[12:15]
    ]


def test_a_zip_with_enough_entries_starts_the_pool_with_the_default_sizes(
    tmp_path: Path, submitted: list[list[object]]
) -> None:
    entries = {f"{n:02d}.gpx": gpx(ONE_SEGMENT, name=f"Run {n}").encode() for n in range(16)}
    path = make_zip(tmp_path / "sixteen.zip", entries)
    compare([path])
    assert len(submitted) == 2
    assert sent_to_pool(submitted) == [f"{path}!{name}" for name in entries]


def test_a_small_zip_is_scanned_without_starting_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("no process pool for a zip of fifteen activity files")

    monkeypatch.setattr(scanner, "ProcessPoolExecutor", no_pool)
    entries = {f"{n:02d}.gpx": gpx(ONE_SEGMENT).encode() for n in range(15)}
    entries.update({f"photo{n}.jpg": b"\xff\xd8" for n in range(20)})  # not counted: nothing to parse
    compare([make_zip(tmp_path / "fifteen.zip", entries)])


def test_a_task_carries_a_bounded_number_of_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_tasks: None, submitted: list[list[object]]
) -> None:
    monkeypatch.setattr(scanner, "TASK_BYTES", 1)  # every entry with bytes ends its task
    path = make_zip(tmp_path / "watch.zip", activity_entries())
    compare([path])
    assert len(sent_to_pool(submitted)) == 13
    # 12 entries with bytes (and one empty one, which rides along with the next)
    assert [sum(scanner._unit_bytes(u) > 0 for u in task) for task in submitted] == [1] * 12


def test_closing_a_parallel_scan_of_a_zip_early(tmp_path: Path, small_tasks: None) -> None:
    path = make_zip(tmp_path / "watch.zip", activity_entries())
    outcomes = scan([path], workers=2)
    first = next(outcomes)
    outcomes.close()
    assert first.source == f"{path}!a/01.gpx" and first.error is None


# --- in other processes -------------------------------------------------------------------------------------


@pytest.fixture
def forked(small_tasks: None) -> Iterator[int]:
    """The calling process's id, where the workers are forked from it (so that they share its patches)."""
    if scanner._context().get_start_method() != "fork":
        pytest.skip("the workers are not forked here, so they would not see the test's patches")
    yield os.getpid()


def test_zip_entries_are_parsed_in_the_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forked: int
) -> None:
    """Every parse of an entry's bytes, a Strava row's file included, logs the process it ran in."""
    log = tmp_path / "parsed.log"
    parse_named = scanner._parse_named

    def logged(name: str, data: bytes, *args: Any) -> Any:
        with log.open("a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()} {name}\n")
        return parse_named(name, data, *args)

    monkeypatch.setattr(scanner, "_parse_named", logged)
    watch = make_zip(tmp_path / "watch.zip", activity_entries())
    export = make_export(tmp_path / "export.zip")
    outcomes = list(scan([watch, export], workers=2))
    parsed = [line.split(" ", 1) for line in log.read_text(encoding="utf-8").splitlines()]
    assert {pid for pid, _ in parsed} - {str(forked)}, "no worker parsed anything"
    assert str(forked) not in {pid for pid, _ in parsed}, "an entry was parsed in the calling process"
    names = sorted(name for _, name in parsed)
    # the watch's entries but the nested zip; the export's rows that need their file, and its loose entries
    expected = [o.source for o in outcomes[:13]] + [f"{export}!activities/9999.gpx", f"{export}!profile.csv"]
    expected += ["activities/1003.gpx.gz", "activities/1006.fit.gz"]
    assert names == sorted(expected)


def test_a_dead_worker_leaves_its_zip_entries_to_the_calling_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forked: int
) -> None:
    died = tmp_path / "died"
    parse_named = scanner._parse_named

    def deadly(name: str, data: bytes, *args: Any) -> Any:
        if os.getpid() != forked and name.endswith("04.fit.gz"):
            died.write_text(name)
            os._exit(1)  # as a worker killed for memory
        return parse_named(name, data, *args)

    monkeypatch.setattr(scanner, "_parse_named", deadly)
    watch = make_zip(tmp_path / "watch.zip", activity_entries())
    export = make_export(tmp_path / "export.zip")
    serial = list(scan([watch, export]))
    assert not died.exists()
    assert_same(list(scan([watch, export], workers=2)), serial)
    assert died.read_text() == f"{watch}!a/04.fit.gz"
