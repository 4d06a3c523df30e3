"""Benchmark: importing a generated export of runs end to end, with the fast FIT path and fitdecode alone.

The export: 1,000 activities, 90% FIT.gz of about an hour recorded at 1 Hz (time, position, distance, heart
rate, cadence, altitude, speed and a developer power field, as a modern watch writes) and 10% GPX.gz. It is
generated once into bench/.cache (ignored by git) and reused.

Measured in the same run, each in its own process so peak memory is its own:
- ``import (auto)``: `hipcoach.services.activities.import_paths` into a fresh SQLite database with the CLI's
  defaults (``--workers``, default two parsing processes; FIT decoder "auto", the fast path with fitdecode
  as the fallback): parse, checks, dedupe, batched writes; activities per second;
- ``import (fitdecode)``: the same pipeline, same workers, with ``decoder="fitdecode"``; the ratio of the two
  rates is issue 7's "5x the same pipeline driven by fitdecode alone";
- ``decode``: a bare loop that only reads every FIT frame of the same files with fitdecode, in one process
  (the GPX files are left out, so the rate is per FIT file);
- after each import, the weekly load of the imported runs: `hipcoach.services.load.summary(weeks=520)`.

Peak memory of an import is that of the whole process tree: while a child runs, the benchmark samples every
20 ms the proportional set size (Pss, from /proc/PID/smaps_rollup, so pages the forked workers share with the
import process count once) of the child and all its descendants, and keeps the largest sum (sampling from
outside, so the import process stays single-threaded and forks its workers as the CLI does). Also printed:
the import process's own ``ru_maxrss`` and its ``RUSAGE_CHILDREN`` one (the largest single worker, read once
the pool has been waited for).
Not a test: it prints numbers and asserts nothing.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE / ".cache" / "import-export"
ACTIVITIES = 1000
GPX_SHARE = 10  # every tenth activity is a GPX file


def _gpx(start: datetime, seconds: int) -> bytes:
    points = []
    for i in range(0, seconds + 1):
        when = start + timedelta(seconds=i)
        points.append(
            f'<trkpt lat="{46.05 + 0.00003 * i:.6f}" lon="14.5"><ele>300</ele>'
            f"<time>{when:%Y-%m-%dT%H:%M:%SZ}</time></trkpt>"
        )
    text = (
        '  <?xml version="1.0" encoding="UTF-8"?>\n'
        '<gpx creator="StravaGPX" version="1.1" xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk><name>Run</name><type>running</type><trkseg>{''.join(points)}</trkseg></trk></gpx>"
    )
    return text.encode()


def generate(folder: Path, count: int) -> None:
    sys.path.insert(0, str(HERE.parent))
    from tests.unit.importers.fit_writer import activity_fit

    folder.mkdir(parents=True, exist_ok=True)
    start = datetime(2016, 1, 4, 6, 0, tzinfo=UTC)
    for n in range(count):
        when = start + timedelta(days=n * 3, minutes=n % 50)
        seconds = 3300 + (n % 7) * 100
        if n % GPX_SHARE == GPX_SHARE - 1:
            (folder / f"{n:05d}.gpx.gz").write_bytes(gzip.compress(_gpx(when, seconds), 6))
        else:
            data = activity_fit(
                when, seconds=seconds, distance_m=seconds * 2.9, record_every_s=1, developer_fields=True
            )
            (folder / f"{n:05d}.fit.gz").write_bytes(gzip.compress(data, 6))
        if n % 100 == 99:
            print(f"  generated {n + 1}/{count}", file=sys.stderr)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _children_of() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    return children


def _memory_kb(pid: int) -> int:
    """Pss of one process (Rss where smaps_rollup is missing), in kB; 0 once it is gone."""
    for name, key in (("smaps_rollup", b"Pss:"), ("status", b"VmRSS:")):
        try:
            with open(f"/proc/{pid}/{name}", "rb") as handle:
                for line in handle:
                    if line.startswith(key):
                        return int(line.split()[1])
        except OSError:
            continue
    return 0


def tree_peak_mb(process: subprocess.Popen[str], every_s: float = 0.02) -> float:
    """The largest sum of Pss over ``process`` and its descendants, sampled until it exits."""
    peak_kb = 0
    while process.poll() is None:
        tree = _children_of()
        pids, queue = [], [process.pid]
        while queue:
            pid = queue.pop()
            pids.append(pid)
            queue.extend(tree.get(pid, []))
        peak_kb = max(peak_kb, sum(_memory_kb(pid) for pid in pids))
        time.sleep(every_s)
    return peak_kb / 1024


def run_import(folder: Path, decoder: str, workers: int) -> dict[str, float]:
    import inspect

    from hipcoach.content import default_library
    from hipcoach.importers import fit
    from hipcoach.services import activities, load
    from hipcoach.services.context import Hipcoach
    from hipcoach.services.profiles import create_profile
    from hipcoach.storage.db import open_database

    with tempfile.TemporaryDirectory() as tmp:
        engine = open_database(f"sqlite:///{tmp}/bench.db")
        app = Hipcoach(engine=engine, library=default_library())
        runner = create_profile(app, "Bench").id
        began = time.perf_counter()
        report = activities.import_paths(app, runner, [folder], workers=workers, decoder=decoder)
        seconds = time.perf_counter() - began
        began = time.perf_counter()
        summary = load.summary(app, runner, weeks=520)
        load_seconds = time.perf_counter() - began
        weeks = len(summary.weeks)
        engine.dispose()
    return {
        "seconds": seconds,
        "activities": report.runs_added,
        "files": report.files_done,
        "errors": len(report.errors),
        "peak_mb": peak_mb(),
        "children_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "load_seconds": load_seconds,
        "load_weeks": weeks,
        "decoder_choice": 1.0 if "decoder" in inspect.signature(fit.parse_fit).parameters else 0.0,
    }


def run_decode(folder: Path) -> dict[str, float]:
    import fitdecode

    files = sorted(folder.glob("*.fit.gz"))
    began = time.perf_counter()
    frames = 0
    for path in files:
        with gzip.open(path, "rb") as raw, fitdecode.FitReader(raw) as reader:
            for _ in reader:
                frames += 1
    seconds = time.perf_counter() - began
    return {"seconds": seconds, "activities": len(files), "frames": frames, "peak_mb": peak_mb()}


def child(kind: str, folder: Path, *extra: str) -> dict[str, float]:
    with subprocess.Popen(
        [sys.executable, __file__, "--child", kind, "--folder", str(folder), *extra],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(HERE.parent / "src")},
    ) as process:
        peak = tree_peak_mb(process)
        stdout = process.stdout.read() if process.stdout is not None else ""
    if process.returncode:
        raise SystemExit(f"the {kind} child failed ({process.returncode})")
    result: dict[str, float] = json.loads(stdout.strip().splitlines()[-1])
    result["tree_peak_mb"] = peak
    return result


def _import_line(label: str, result: dict[str, float]) -> str:
    rate = result["activities"] / result["seconds"]
    return (
        f"import ({label}): {result['activities']:.0f} runs from {result['files']:.0f} files in "
        f"{result['seconds']:.1f} s = {rate:.1f} activities/s, {result['errors']:.0f} errors; peak memory "
        f"{result['tree_peak_mb']:.0f} MB (Pss, whole process tree; import process ru_maxrss "
        f"{result['peak_mb']:.0f} MB, largest worker {result['children_peak_mb']:.0f} MB); "
        f"weekly load over 520 weeks in {result['load_seconds'] * 1000:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--activities", type=int, default=ACTIVITIES)
    parser.add_argument("--workers", type=int, default=2, help="parsing processes for both imports (2)")
    parser.add_argument("--child", choices=("import", "decode"))
    parser.add_argument("--decoder", default="auto", choices=("auto", "fitdecode", "fast"))
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args()
    if args.child == "import":
        print(json.dumps(run_import(args.folder, args.decoder, args.workers)))
        return
    if args.child == "decode":
        print(json.dumps(run_decode(args.folder)))
        return
    folder = CACHE / str(args.activities)
    if not folder.exists() or len(list(folder.iterdir())) < args.activities:
        print(f"Generating {args.activities} activities into {folder} (once)...", file=sys.stderr)
        generate(folder, args.activities)
    size_mb = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
    workers = ["--workers", str(args.workers)]
    fast = child("import", folder, "--decoder", "auto", *workers)
    slow = child("import", folder, "--decoder", "fitdecode", *workers)
    decode = child("decode", folder)
    fast_rate = fast["activities"] / fast["seconds"]
    slow_rate = slow["activities"] / slow["seconds"]
    decode_rate = decode["activities"] / decode["seconds"]
    print(
        f"export: {args.activities} activities, {size_mb:.0f} MB compressed; {os.cpu_count()} CPUs, "
        f"{args.workers} parsing processes"
    )
    if not fast["decoder_choice"]:
        print("note: parse_fit takes no decoder yet, so both imports below use fitdecode")
    print(_import_line("auto: fast FIT path", fast))
    print(_import_line("fitdecode alone", slow))
    print(
        f"fitdecode bare loop (FIT only, one process): {decode['activities']:.0f} files in "
        f"{decode['seconds']:.1f} s = {decode_rate:.1f} files/s, peak {decode['tree_peak_mb']:.0f} MB Pss"
    )
    print(
        f"ratio: the import (auto) runs at {fast_rate / slow_rate:.2f}x the same pipeline with fitdecode "
        "alone"
    )
    print(f"ratio: the import (auto) runs at {fast_rate / decode_rate:.2f}x the bare fitdecode loop's rate")


if __name__ == "__main__":
    main()
