"""Benchmark: how long the command line takes to start, against a bare Python start in the same run.

A runner types `hipcoach checkin` every morning; a command should answer at once. Each command runs as its own
process (as a runner starts it) on a fresh SQLite file, several times, alternating with the floor
(`python -c pass`), and the median wall time of each is reported with its ratio to the floor. Targets (issue
"One shape per concept"): `--help` and `where` within 0.2 s, a command that opens the database within 0.5 s.
Not a test: it prints numbers and asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMANDS: list[tuple[str, list[str]]] = [
    ("hipcoach --help", ["--help"]),
    ("hipcoach where", ["where"]),
    ("hipcoach profiles (opens the database)", ["profiles"]),
    ("hipcoach plan (opens the database, reads the program)", ["plan"]),
]


def timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="runs of each command (median reported)")
    args = parser.parse_args()
    hipcoach = str(Path(sys.executable).with_name("hipcoach"))
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "HIPCOACH_DATA_DIR": folder, "HIPCOACH_DATABASE_URL": f"sqlite:///{folder}/b.db"}
        env.pop("HIPCOACH_PROFILE", None)
        setup = [[hipcoach, "init", "--name", "Bench", "--age", "34"]]
        answers = Path(folder) / "answers.json"
        answers.write_text('{"signs": ["tight-hip-flexors"], "red_flags": []}')
        setup.append([hipcoach, "check", "--answers", str(answers)])
        for argv in setup:  # also creates and migrates the database, so no run below pays for that
            subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
        floor: list[float] = []
        results: dict[str, list[float]] = {label: [] for label, _ in COMMANDS}
        for _ in range(args.runs):
            floor.append(timed([sys.executable, "-c", "pass"], env))
            for label, command in COMMANDS:
                results[label].append(timed([hipcoach, *command], env))
    base = statistics.median(floor)
    print(f"CLI start-up, median of {args.runs} runs each (floor: python -c pass = {base * 1000:.0f} ms)")
    for label, times in results.items():
        median = statistics.median(times)
        print(f"  {label:<55} {median * 1000:6.0f} ms  {median / base:5.1f}x the floor")


if __name__ == "__main__":
    main()
