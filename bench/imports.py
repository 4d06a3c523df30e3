"""Benchmark: importing a generated export of runs, end to end, against decoding the same FIT files bare.

The export: 1,000 activities, 90% FIT.gz of about an hour recorded at 1 Hz (time, position, distance, heart
rate, cadence, altitude, speed and a developer power field, as a modern watch writes) and 10% GPX.gz. It is
generated once into bench/.cache (ignored by git) and reused.

Measured, each in its own process so peak memory is its own:
- ``import``: `hipcoach.services.activities.import_paths` into a fresh SQLite database (parse, checks, dedupe,
  one transaction per file): activities per second and peak resident memory;
- ``decode``: a bare loop that only reads every FIT frame of the same files with fitdecode (the GPX files are
  left out, so the rate is per FIT file).
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


def run_import(folder: Path) -> dict[str, float]:
    from hipcoach.content import default_library
    from hipcoach.services import activities
    from hipcoach.services.context import Hipcoach
    from hipcoach.services.profiles import create_profile
    from hipcoach.storage.db import open_database

    with tempfile.TemporaryDirectory() as tmp:
        engine = open_database(f"sqlite:///{tmp}/bench.db")
        app = Hipcoach(engine=engine, library=default_library())
        runner = create_profile(app, "Bench").id
        began = time.perf_counter()
        report = activities.import_paths(app, runner, [folder])
        seconds = time.perf_counter() - began
        engine.dispose()
    return {
        "seconds": seconds,
        "activities": report.runs_added,
        "errors": len(report.errors),
        "peak_mb": peak_mb(),
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


def child(kind: str, folder: Path) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--folder", str(folder)],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(HERE.parent / "src")},
    )
    result: dict[str, float] = json.loads(output.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--activities", type=int, default=ACTIVITIES)
    parser.add_argument("--child", choices=("import", "decode"))
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args()
    if args.child:
        measure = run_import if args.child == "import" else run_decode
        print(json.dumps(measure(args.folder)))
        return
    folder = CACHE / str(args.activities)
    if not folder.exists() or len(list(folder.iterdir())) < args.activities:
        print(f"Generating {args.activities} activities into {folder} (once)...", file=sys.stderr)
        generate(folder, args.activities)
    size_mb = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
    decode = child("decode", folder)
    imported = child("import", folder)
    import_rate = imported["activities"] / imported["seconds"]
    decode_rate = decode["activities"] / decode["seconds"]
    print(f"export: {args.activities} activities, {size_mb:.0f} MB compressed, {os.cpu_count()} CPUs")
    print(
        f"import (end to end, SQLite): {imported['activities']:.0f} runs in {imported['seconds']:.1f} s = "
        f"{import_rate:.1f} activities/s, peak {imported['peak_mb']:.0f} MB, {imported['errors']:.0f} errors"
    )
    print(
        f"fitdecode bare loop (FIT only): {decode['activities']:.0f} files in {decode['seconds']:.1f} s = "
        f"{decode_rate:.1f} files/s, peak {decode['peak_mb']:.0f} MB"
    )
    print(f"ratio: the import runs at {import_rate / decode_rate:.2f}x the bare decoder's rate")


if __name__ == "__main__":
    main()
