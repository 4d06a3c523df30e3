"""Walk paths (folders, zip archives, plain and gzipped files) and turn each activity file into a FileOutcome.

- **Order** is stable: the paths in the order given; a folder's files sorted by path (folders walked without
  following symbolic links); a zip's entries sorted by name (a Strava export's ``activities.csv`` rows in
  their order first).
- **One bad file never blocks the batch**: any failure becomes that file's ``FileOutcome.error``.
- **Zip safety** (whole archive refused, the error names the archive): an entry whose path leaves the archive
  (``../x``, ``/etc/x``, ``C:\\x``), more than ``max_entries`` entries, an archive file or a declared total
  larger than ``max_archive_bytes``, a compression ratio above ``max_ratio`` (whole archive, or one entry
  larger than ``ratio_floor_bytes``). While reading, an entry that unpacks to more than ``max_file_bytes`` is
  that entry's error, and reading stops with an archive error once the bytes actually unpacked pass
  ``max_archive_bytes``.
- **gz files** are unpacked in chunks, capped at ``max_file_bytes`` and checked against ``max_ratio``.
- Archives inside archives are not opened (an error outcome says so).
- ``file_hash`` is the sha256 of the bytes as stored (a ``.fit.gz`` is hashed gzipped); it is "" only when the
  file could not be read at all (missing, unreadable).
- **Parallel parsing** (issue 7): ``scan(paths, workers=N)`` parses the plain and gzipped files and the zip
  entries (a Strava export's rows with their files included) in ``N`` worker processes, a few files per task,
  with a bounded number of tasks, and of bytes, in flight (memory stays flat), and yields the outcomes in
  exactly the serial order. A worker reads a plain file itself; a zip archive is opened and its entries read
  in the calling process, in order, as the tasks go out (its unpacked-bytes cap is shared by its entries and
  its checks stop the whole archive, which does not split across processes), and each task carries the
  entries' bytes to the worker that parses them. Fewer than ``MIN_PARALLEL_FILES`` files to parse (an
  archive's activity entries counted from its listing) are parsed in the calling process, without starting
  any. The workers ignore Ctrl-C (the calling process gets it and stops the pool); they are forked from a
  single-threaded process (the CLI), else started with ``forkserver`` (safe from a web server's threads;
  ``spawn`` where there is none). Should a worker die (killed for memory, say), its files and those not yet
  parsed are parsed in the calling process. Each worker watches the calling process and ends with it, even
  when that is killed with -9 (issue 14: a killed server's workers lived on, each holding its memory).
- ``decoder`` ("auto", "fitdecode" or "fast") is passed to :func:`hipcoach.importers.fit.parse_fit` where it
  takes one; the benchmark uses it to compare the FIT decoders in the same pipeline.
"""

from __future__ import annotations

import csv
import hashlib
import inspect
import io
import multiprocessing
import os
import re
import select
import signal
import threading
import time
import zipfile
import zlib
from collections import deque
from collections.abc import Generator, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import closing
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

from hipcoach.importers.common import outcome_from_records, sha256_hex
from hipcoach.importers.csvlog import is_log_header, parse_log
from hipcoach.importers.fit import parse_fit
from hipcoach.importers.gpx import parse_gpx
from hipcoach.importers.records import (
    RUNNING_SPORTS,
    ActivityRecord,
    FileOutcome,
    ImportFailure,
    ImportLimits,
    SkippedActivity,
    skip_reason,
)
from hipcoach.importers.strava import StravaRow, is_strava_header, needs_file, read_rows, record_from_row
from hipcoach.importers.tcx import parse_tcx

FORMATS = ("fit", "gpx", "tcx", "csv")
_CHUNK = 64 * 1024
_DEFAULT_LIMITS = ImportLimits()
DECODERS = ("auto", "fitdecode", "fast")
FILES_PER_TASK = 8  # files (or archive entries) one worker parses per task
TASK_BYTES = 8 * 1024 * 1024  # a task of archive entries ends early once it carries this many bytes
TASKS_PER_WORKER = 4  # tasks in flight per worker: enough to keep them busy, few enough to keep memory flat
MIN_PARALLEL_FILES = 2 * FILES_PER_TASK  # below this, starting processes costs more than it saves


def default_workers() -> int:
    """Worker processes for an import: two where there are two cores (issue 7 measures on two)."""
    return max(1, min(2, os.cpu_count() or 1))


@cache
def _fit_takes(parameter: str) -> bool:
    return parameter in inspect.signature(parse_fit).parameters


def _parse_fit(payload: bytes, name: str, decoder: str) -> list[ActivityRecord]:
    """``parse_fit`` with the file name and decoder choice where its signature takes them."""
    kwargs: dict[str, Any] = {}
    if _fit_takes("name"):
        kwargs["name"] = name
    if _fit_takes("decoder"):
        kwargs["decoder"] = decoder
    elif decoder not in ("auto", "fitdecode"):
        raise ImportFailure(f"the FIT decoder {decoder!r} is not available")
    return parse_fit(payload, **kwargs)


def file_kind(name: str) -> tuple[str, bool] | None:
    """(format, gzipped) from a file name such as ``123.fit.gz``; None for anything else."""
    lower = name.lower()
    gzipped = lower.endswith(".gz")
    if gzipped:
        lower = lower[:-3]
    suffix = lower.rsplit(".", 1)[-1] if "." in lower else ""
    if suffix in FORMATS:
        return suffix, gzipped
    return None


def is_archive(name: str) -> bool:
    return name.lower().endswith(".zip")


# --- one file's bytes ---------------------------------------------------------------------------------------


def gunzip(data: bytes, limits: ImportLimits) -> bytes:
    """Unpack gzip data in chunks, refusing more than ``max_file_bytes`` or a bomb-like ratio."""
    output = io.BytesIO()  # its getvalue() hands over the buffer, where bytes(bytearray) would copy it
    remaining = data
    while remaining:
        decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
        pending = remaining
        try:
            while not decompressor.eof:
                room = limits.max_file_bytes + 1 - output.tell()
                chunk = decompressor.decompress(pending, max(1, min(room, _CHUNK)))
                pending = decompressor.unconsumed_tail
                if not chunk and not pending:
                    break  # zlib wants more input than there is
                output.write(chunk)
                if output.tell() > limits.max_file_bytes:
                    raise ImportFailure(
                        f"refused: the gzip file unpacks to more than {_size(limits.max_file_bytes)}"
                    )
                _check_ratio(output.tell(), len(data), limits, "gzip file")
        except zlib.error as exc:
            raise ImportFailure(f"not a readable gzip file ({exc})") from exc
        if not decompressor.eof:
            raise ImportFailure("the gzip file is cut short (truncated)")
        remaining = decompressor.unused_data.lstrip(b"\0")  # concatenated members; padding zeros
    return output.getvalue()


def _check_ratio(unpacked: int, packed: int, limits: ImportLimits, what: str) -> None:
    if unpacked > limits.ratio_floor_bytes and unpacked > limits.max_ratio * max(packed, 1):
        raise ImportFailure(
            f"refused: the {what} looks like a compression bomb"
            f" (it unpacks more than {limits.max_ratio:g} times its size)"
        )


def _decode_text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _parse_payload(
    kind: str, payload: bytes, name: str = "", decoder: str = "auto"
) -> tuple[list[ActivityRecord], list[SkippedActivity], str]:
    """Records, unreadable-row skips and the source format for one unpacked file."""
    if not payload or payload.isspace():  # as ``not payload.strip()``, without copying the payload
        raise ImportFailure("the file is empty")
    if kind == "fit":
        return _parse_fit(payload, name, decoder), [], "fit"
    if kind == "gpx":
        records, untimed = parse_gpx(payload)
        return records, untimed, "gpx"
    if kind == "tcx":
        return parse_tcx(payload), [], "tcx"
    text = _decode_text(payload)
    first_line = text.splitlines()[0] if text else ""
    header = next(csv.reader([first_line]), [])
    if is_log_header(header):
        records, skipped = parse_log(text)
        return records, skipped, "csv"
    if not is_strava_header(header):
        raise ImportFailure(
            "not a recognised CSV: expected a log with the header"
            " 'date,distance_km,duration_min[,name][,sport]' or Strava's activities.csv"
        )
    rows = read_rows(text)  # a loose Strava activities.csv (without its files)
    records = []
    skipped = []
    for row in rows:
        try:
            records.append(record_from_row(row))
        except ImportFailure as exc:
            skipped.append(
                SkippedActivity(name=row.name or row.activity_id, sport=row.sport, reason=str(exc))
            )
    return records, skipped, "strava"


def _parse_named(
    name: str, data: bytes, limits: ImportLimits, decoder: str = "auto"
) -> tuple[list[ActivityRecord], list[SkippedActivity]]:
    kind = file_kind(name)
    if kind is None:
        raise ImportFailure("not an activity file (expected .fit, .gpx, .tcx, .csv, plain or .gz, or a .zip)")
    if not data:
        raise ImportFailure("the file is empty")
    fmt, gzipped = kind
    payload = gunzip(data, limits) if gzipped else data
    if len(payload) > limits.max_file_bytes:
        raise ImportFailure(f"refused: the file is larger than {_size(limits.max_file_bytes)} (the limit)")
    records, skipped, _ = _parse_payload(fmt, payload, name, decoder)
    return records, skipped


def parse_bytes(
    name: str, data: bytes, limits: ImportLimits = _DEFAULT_LIMITS, *, decoder: str = "auto"
) -> FileOutcome:
    """One file's bytes as stored; the format comes from the name (``.fit/.gpx/.tcx/.csv``, or ``.gz``)."""
    file_hash = sha256_hex(data)
    try:
        records, unreadable = _parse_named(name, data, limits, decoder)
    except ImportFailure as exc:
        return FileOutcome(source=name, file_hash=file_hash, error=str(exc))
    except Exception as exc:  # a parser bug or a library surprise must not stop the batch
        return FileOutcome(
            source=name,
            file_hash=file_hash,
            error=f"the file could not be read ({exc.__class__.__name__}: {exc})",
        )
    outcome = outcome_from_records(name, file_hash, records)
    if unreadable:
        outcome = FileOutcome(
            source=outcome.source,
            file_hash=outcome.file_hash,
            activities=outcome.activities,
            skipped=outcome.skipped + tuple(unreadable),
        )
    return outcome


def _size(n: int) -> str:
    """A byte count in words: "512 bytes", "100 MB"."""
    value = float(n)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{n} bytes" if unit == "bytes" else f"{value:.0f} {unit}"
        value /= 1024
    return f"{n} bytes"


# --- folders ------------------------------------------------------------------------------------------------


def _walk(folder: Path) -> list[Path]:
    """The files under ``folder``, sorted by their relative path (links to folders are not followed)."""
    found: list[Path] = []
    for root, _dirs, files in os.walk(folder, followlinks=False):
        found.extend(Path(root) / name for name in files)
    return sorted(found, key=lambda path: path.relative_to(folder).parts)


def _wanted(path: Path) -> bool:
    return is_archive(path.name) or file_kind(path.name) is not None


def _expand(paths: Sequence[Path]) -> Iterator[tuple[Path, bool]]:
    """(file, given explicitly) pairs in scan order."""
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for found in _walk(path):
                if _wanted(found):
                    yield found, False
        else:
            yield path, True


# --- zip archives -------------------------------------------------------------------------------------------

_DRIVE = re.compile(r"^[A-Za-z]:")


def _unsafe_name(name: str) -> bool:
    normalised = name.replace("\\", "/")
    if normalised.startswith("/") or _DRIVE.match(normalised):
        return True
    return ".." in PurePosixPath(normalised).parts


@dataclass
class _Archive:
    path: Path
    source: str
    zf: zipfile.ZipFile
    entries: list[zipfile.ZipInfo]  # files only, sorted by name
    limits: ImportLimits
    unpacked: int = 0

    def read(self, info: zipfile.ZipInfo) -> bytes:
        """One entry's bytes, capped; an ImportFailure for this entry, _ArchiveStop for the whole archive."""
        if info.flag_bits & 0x1:
            raise ImportFailure("the entry is encrypted")
        if info.file_size > self.limits.max_file_bytes:
            raise ImportFailure(
                f"refused: the entry is larger than {_size(self.limits.max_file_bytes)} (the limit)"
            )
        output = io.BytesIO()
        try:
            with self.zf.open(info) as handle:
                while True:
                    chunk = handle.read(_CHUNK)
                    if not chunk:
                        break
                    output.write(chunk)
                    self.unpacked += len(chunk)
                    if self.unpacked > self.limits.max_archive_bytes:
                        raise _ArchiveStop(
                            "refused: the archive unpacks to more than"
                            f" {_size(self.limits.max_archive_bytes)} (the limit); reading stopped"
                        )
                    if output.tell() > self.limits.max_file_bytes:
                        raise ImportFailure(
                            f"refused: the entry unpacks to more than {_size(self.limits.max_file_bytes)}"
                        )
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError) as exc:
            raise ImportFailure(f"the entry could not be unpacked ({exc})") from exc
        return output.getvalue()  # BytesIO hands over its buffer: no second copy of a 100 MB entry


class _ArchiveStop(Exception):
    pass


def _open_archive(path: Path, limits: ImportLimits) -> _Archive:
    source = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportFailure(f"the archive could not be read ({exc.strerror or exc})") from exc
    if size > limits.max_archive_bytes:
        raise ImportFailure(
            f"refused: the archive is larger than {_size(limits.max_archive_bytes)} (the limit)"
        )
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFailure(f"not a readable zip archive ({exc})") from exc
    try:
        infos = zf.infolist()
        if len(infos) > limits.max_entries:
            raise ImportFailure(
                f"refused: the archive has more than {limits.max_entries} entries (the limit)"
            )
        for info in infos:
            if _unsafe_name(info.filename):
                raise ImportFailure(
                    f"refused: the entry {info.filename!r} points outside the archive (path traversal)"
                )
        files = sorted((info for info in infos if not info.is_dir()), key=lambda info: info.filename)
        declared = sum(info.file_size for info in files)
        packed = sum(info.compress_size for info in files)
        if declared > limits.max_archive_bytes:
            raise ImportFailure(
                f"refused: the archive declares more than {_size(limits.max_archive_bytes)} unpacked"
            )
        for info in files:
            if info.file_size > limits.ratio_floor_bytes and info.file_size > limits.max_ratio * max(
                info.compress_size, 1
            ):
                raise ImportFailure(
                    f"refused: the entry {info.filename!r} looks like a zip bomb "
                    f"(it unpacks more than {limits.max_ratio:g} times)"
                )
        _check_ratio(declared, packed, limits, "archive")
    except ImportFailure:
        zf.close()
        raise
    return _Archive(path=path, source=source, zf=zf, entries=files, limits=limits)


def _strava_csv(archive: _Archive) -> zipfile.ZipInfo | None:
    candidates = [
        info
        for info in archive.entries
        if PurePosixPath(info.filename).name.lower() == "activities.csv"
        and len(PurePosixPath(info.filename).parts) <= 2
    ]
    return min(candidates, key=lambda info: len(info.filename), default=None)


# An archive is read in the calling process (the unpacked-bytes cap is shared by its entries, in order) and
# becomes a stream of units; the parsing of each unit is separate, so that a parallel scan can send it to a
# worker with the bytes while the serial scan runs it at once.


@dataclass(frozen=True)
class _FileUnit:
    """A plain or gzipped file, read where it is parsed."""

    path: str
    explicit: bool


@dataclass(frozen=True)
class _EntryUnit:
    """An archive entry's bytes as unpacked, to parse as ``source``."""

    source: str
    data: bytes


@dataclass(frozen=True)
class _RowUnit:
    """A Strava export's row and its activity file's bytes (None where missing or unreadable)."""

    source: str
    row: StravaRow
    data: bytes | None
    read_error: str | None


@dataclass(frozen=True)
class _Ready:
    """An outcome known without parsing (an entry that could not be read, a refused archive)."""

    outcome: FileOutcome


_Unit = _FileUnit | _EntryUnit | _RowUnit | _Ready


def _unit_outcomes(unit: _Unit, limits: ImportLimits, decoder: str) -> Iterator[FileOutcome]:
    if isinstance(unit, _Ready):
        yield unit.outcome
    elif isinstance(unit, _EntryUnit):
        yield parse_bytes(unit.source, unit.data, limits, decoder=decoder)
    elif isinstance(unit, _RowUnit):
        yield _strava_row_outcome(unit, limits, decoder)
    else:
        yield from _scan_file(Path(unit.path), unit.explicit, limits, decoder)


def _unit_bytes(unit: _Unit) -> int:
    data = unit.data if isinstance(unit, _EntryUnit | _RowUnit) else None
    return len(data) if data is not None else 0


def _strava_row_unit(
    archive: _Archive, row: StravaRow, by_name: dict[str, zipfile.ZipInfo], csv_name: str
) -> _RowUnit:
    inner = _inner_name_for(by_name, csv_name, row.filename)
    if row.filename:
        source = f"{archive.source}!{_full_name(csv_name, row.filename)}"
    else:
        source = f"{archive.source}!{csv_name}#{row.activity_id}"
    data: bytes | None = None
    read_error: str | None = None
    if inner is not None:
        try:
            data = archive.read(inner)
        except ImportFailure as exc:
            read_error = str(exc)
    return _RowUnit(source=source, row=row, data=data, read_error=read_error)


def _strava_row_outcome(unit: _RowUnit, limits: ImportLimits, decoder: str) -> FileOutcome:
    row, data, source = unit.row, unit.data, unit.source
    file_hash = sha256_hex(data) if data is not None else sha256_hex(row.row_text.encode("utf-8"))
    sport = row.sport
    if row.type_text and sport not in RUNNING_SPORTS:
        name = row.name or row.activity_id
        return FileOutcome(
            source=source, file_hash=file_hash, skipped=(SkippedActivity(name, sport, skip_reason(sport)),)
        )
    from_file: ActivityRecord | None = None
    if needs_file(row) or not row.type_text:
        if row.filename and data is None:
            reason = unit.read_error or "it is missing from the archive"
            if needs_file(row):
                return FileOutcome(source=source, file_hash=file_hash, error=f"{row.filename}: {reason}")
        elif data is not None and row.filename:
            try:
                records, _ = _parse_named(row.filename, data, limits, decoder)
            except ImportFailure as exc:
                return FileOutcome(source=source, file_hash=file_hash, error=f"{row.filename}: {exc}")
            except Exception as exc:
                return FileOutcome(
                    source=source, file_hash=file_hash, error=f"{row.filename}: could not be read ({exc})"
                )
            from_file = records[0] if records else None
    try:
        record = record_from_row(row, from_file)
    except ImportFailure as exc:
        return FileOutcome(source=source, file_hash=file_hash, error=str(exc))
    return outcome_from_records(source, file_hash, [record])


def _full_name(csv_name: str, filename: str) -> str:
    """An activity file's entry name: ``filename`` is relative to the folder holding activities.csv."""
    base = str(PurePosixPath(csv_name).parent)
    return filename if base in ("", ".") else f"{base}/{filename}"


def _inner_name_for(
    by_name: dict[str, zipfile.ZipInfo], csv_name: str, filename: str | None
) -> zipfile.ZipInfo | None:
    return by_name.get(_full_name(csv_name, filename)) if filename else None


def _referenced(csv_name: str, rows: list[StravaRow]) -> set[str]:
    return {_full_name(csv_name, row.filename) for row in rows if row.filename}


def _scan_archive(path: Path, limits: ImportLimits, decoder: str = "auto") -> Iterator[FileOutcome]:
    with closing(_archive_units(path, limits)) as units:
        for unit in units:
            yield from _unit_outcomes(unit, limits, decoder)


def _archive_units(path: Path, limits: ImportLimits) -> Generator[_Unit, None, None]:
    """The archive's units in scan order; it stays open (and its entries are read) as they are taken."""
    source = str(path)
    try:
        archive = _open_archive(path, limits)
    except ImportFailure as exc:
        yield _Ready(FileOutcome(source=source, file_hash=_hash_path(path), error=f"{path.name}: {exc}"))
        return
    with archive.zf:
        try:
            yield from _archive_entries(archive)
        except _ArchiveStop as exc:
            yield _Ready(FileOutcome(source=source, file_hash=_hash_path(path), error=f"{path.name}: {exc}"))


def _archive_entries(archive: _Archive) -> Iterator[_Unit]:
    by_name = {info.filename: info for info in archive.entries}
    referenced: set[str] = set()
    csv_info = _strava_csv(archive)
    any_outcome = False
    if csv_info is not None:
        csv_source = f"{archive.source}!{csv_info.filename}"
        rows: list[StravaRow] | None = None
        try:
            csv_bytes = archive.read(csv_info)
            rows = read_rows(_decode_text(csv_bytes))
        except ImportFailure as exc:
            any_outcome = True
            yield _Ready(FileOutcome(source=csv_source, file_hash="", error=str(exc)))
        if rows is not None:
            referenced = _referenced(csv_info.filename, rows) | {csv_info.filename}
            for row in rows:
                any_outcome = True
                yield _strava_row_unit(archive, row, by_name, csv_info.filename)
        else:
            referenced = {csv_info.filename}
    for info in archive.entries:
        if info.filename in referenced:
            continue
        source = f"{archive.source}!{info.filename}"
        if is_archive(info.filename):
            any_outcome = True
            yield _Ready(
                FileOutcome(source=source, file_hash="", error="archives inside archives are not opened")
            )
            continue
        if file_kind(info.filename) is None:
            continue
        any_outcome = True
        try:
            data = archive.read(info)
        except ImportFailure as exc:
            yield _Ready(FileOutcome(source=source, file_hash="", error=str(exc)))
            continue
        yield _EntryUnit(source=source, data=data)
    if not any_outcome:
        yield _Ready(
            FileOutcome(
                source=archive.source,
                file_hash=_hash_path(archive.path),
                error=f"{archive.path.name}: the archive holds no activity files",
            )
        )


def _hash_path(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            digest = hashlib.sha256()
            for block in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(block)
            return digest.hexdigest()
    except OSError:
        return ""


# --- public API ---------------------------------------------------------------------------------------------


def _scan_file(
    path: Path, explicit: bool, limits: ImportLimits, decoder: str = "auto"
) -> Iterator[FileOutcome]:
    source = str(path)
    if not path.exists():
        yield FileOutcome(source=source, file_hash="", error="not found")
        return
    if is_archive(path.name):
        yield from _scan_archive(path, limits, decoder)
        return
    if file_kind(path.name) is None:
        if explicit:
            error = "not an activity file (expected .fit, .gpx, .tcx, .csv or .zip)"
            yield FileOutcome(source=source, file_hash=_hash_path(path), error=error)
        return
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            yield FileOutcome(
                source=source,
                file_hash=_hash_path(path),
                error=f"refused: the file is larger than {_size(limits.max_file_bytes)} (the limit)",
            )
            return
        data = path.read_bytes()
    except OSError as exc:
        yield FileOutcome(
            source=source, file_hash="", error=f"the file could not be read ({exc.strerror or exc})"
        )
        return
    yield parse_bytes(source, data, limits, decoder=decoder)


def scan(
    paths: Sequence[Path],
    limits: ImportLimits = _DEFAULT_LIMITS,
    *,
    workers: int = 1,
    decoder: str = "auto",
) -> Generator[FileOutcome, None, None]:
    """Every activity file under ``paths`` as a FileOutcome, in a stable order; a bad file never raises.

    ``workers`` > 1 parses the files, zip entries included, in that many processes; the outcomes and their
    order are the same as with one. Close the iterator (or run it to the end) to stop the workers.
    """
    if decoder not in DECODERS:
        raise ValueError(f"decoder must be one of {', '.join(DECODERS)}, not {decoder!r}")
    if workers > 1:
        yield from _scan_parallel(list(_expand(paths)), limits, workers, decoder)
        return
    for path, explicit in _expand(paths):
        yield from _scan_file(path, explicit, limits, decoder)


# --- parallel scan ------------------------------------------------------------------------------------------

_Task = list[_Unit]


PARENT_POLL_S = 1.0  # how often a worker looks for its caller where the system cannot tell it at once


def _worker_init(caller: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the calling process's to handle
    threading.Thread(target=_end_with, args=(caller,), name="hipcoach-caller-watch", daemon=True).start()


def _end_with(caller: int) -> None:
    """End this worker when ``caller`` ends.

    Killed with -9, the caller cannot stop its pool, and a worker waiting for work never notices: its task
    pipe stays open in its sibling workers (and, from a fork server, the worker is not even the caller's
    child, so the kernel's parent-death signal would not reach it). A pidfd becomes readable when the
    process ends (Linux 5.3); elsewhere the worker asks every ``PARENT_POLL_S``.
    """
    try:
        handle = os.pidfd_open(caller)
    except (AttributeError, OSError):  # no pidfd here, or the caller already gone
        while _running(caller):
            time.sleep(PARENT_POLL_S)
    else:
        select.select([handle], [], [])
    os._exit(1)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # there, though another user's: the caller's pid was taken by a new process
        return False
    return True


def _scan_task(task: _Task, limits: ImportLimits, decoder: str) -> list[FileOutcome]:
    """In a worker (or, should one die, in the calling process): the outcomes of a few units."""
    outcomes: list[FileOutcome] = []
    for unit in task:
        outcomes.extend(_unit_outcomes(unit, limits, decoder))
    return outcomes


def _context() -> Any:
    """``fork`` from a process with one thread (the CLI: cheap, nothing re-imported); from one with more (the
    web app's import thread) ``forkserver``, as forking a threaded process can copy a lock while held."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" not in methods:
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # The server imports the parsers once; each worker it forks has them (until then, a no-op to repeat).
    context.set_forkserver_preload([__name__])
    return context


def _parallel_units(items: list[tuple[Path, bool]], limits: ImportLimits) -> Generator[_Unit, None, None]:
    for path, explicit in items:
        if is_archive(path.name) and path.exists():
            yield from _archive_units(path, limits)
        else:
            yield _FileUnit(str(path), explicit)


def _worth_a_pool(items: list[tuple[Path, bool]], limits: ImportLimits) -> bool:
    """At least MIN_PARALLEL_FILES files to parse, counting an archive's activity entries one by one."""
    count = 0
    for path, _ in items:
        count += _archive_files(path, limits) if is_archive(path.name) else 1
        if count >= MIN_PARALLEL_FILES:
            return True
    return False


def _archive_files(path: Path, limits: ImportLimits) -> int:
    """The activity entries of an archive from its listing (nothing unpacked); 0 for one that is refused."""
    try:
        archive = _open_archive(path, limits)
    except ImportFailure:
        return 0
    with archive.zf:
        return sum(1 for info in archive.entries if file_kind(info.filename) is not None)


def _scan_parallel(
    items: list[tuple[Path, bool]], limits: ImportLimits, workers: int, decoder: str
) -> Iterator[FileOutcome]:
    if not _worth_a_pool(items, limits):
        for path, explicit in items:
            yield from _scan_file(path, explicit, limits, decoder)
        return
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=_context(), initializer=_worker_init, initargs=(os.getpid(),)
    )
    # Each task keeps its units (an archive entry's bytes included) until its outcomes are taken, so that a
    # dead worker's task can be parsed here; the bytes in flight are therefore capped as well as the tasks.
    pending: deque[tuple[Future[list[FileOutcome]], _Task, int]] = deque()
    max_in_flight = workers * TASKS_PER_WORKER
    max_bytes = max_in_flight * TASK_BYTES
    in_flight_bytes = 0
    broken = False

    def submit(task: _Task, size: int) -> None:
        nonlocal broken, in_flight_bytes
        in_flight_bytes += size
        if not broken and not all(isinstance(unit, _Ready) for unit in task):
            try:
                pending.append((pool.submit(_scan_task, task, limits, decoder), task, size))
                return
            except BrokenProcessPool:
                broken = True
        pending.append((_done(_scan_task(task, limits, decoder)), task, size))

    def oldest() -> list[FileOutcome]:
        nonlocal broken, in_flight_bytes
        future, task, size = pending.popleft()
        in_flight_bytes -= size
        try:
            return future.result()
        except BrokenProcessPool:  # a worker died: parse its units here instead
            broken = True
            return _scan_task(task, limits, decoder)

    # Archives are read here, in order, as their units are taken: between the files around them, and never
    # further ahead than the tasks in flight.
    units = _parallel_units(items, limits)
    try:
        task: _Task = []
        size = 0
        for unit in units:
            task.append(unit)
            size += _unit_bytes(unit)
            if len(task) >= FILES_PER_TASK or size >= TASK_BYTES:
                submit(task, size)
                task, size = [], 0
                while pending and (len(pending) > max_in_flight or in_flight_bytes > max_bytes):
                    yield from oldest()
        if task:
            submit(task, size)
        while pending:
            yield from oldest()
    finally:
        units.close()
        pool.shutdown(wait=True, cancel_futures=True)


def _done(outcomes: list[FileOutcome]) -> Future[list[FileOutcome]]:
    future: Future[list[FileOutcome]] = Future()
    future.set_result(outcomes)
    return future


def count_files(paths: Sequence[Path], limits: ImportLimits = _DEFAULT_LIMITS) -> int:
    """How many outcomes ``scan`` will yield (for a progress bar): zip entries count one by one."""
    total = 0
    for path, explicit in _expand(paths):
        if is_archive(path.name):
            total += _count_archive(path, limits)
        elif explicit or file_kind(path.name) is not None:
            total += 1
    return total


def _count_archive(path: Path, limits: ImportLimits) -> int:
    try:
        archive = _open_archive(path, limits)
    except ImportFailure:
        return 1
    with archive.zf:
        count = 0
        referenced: set[str] = set()
        csv_info = _strava_csv(archive)
        if csv_info is not None:
            referenced = {csv_info.filename}
            try:
                rows = read_rows(_decode_text(archive.read(csv_info)))
            except (ImportFailure, _ArchiveStop):
                count += 1
            else:
                count += len(rows)
                referenced |= _referenced(csv_info.filename, rows)
        for info in archive.entries:
            if info.filename not in referenced and (is_archive(info.filename) or file_kind(info.filename)):
                count += 1
        return max(count, 1)
