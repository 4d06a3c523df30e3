"""A parallel scan's worker processes end with the process that started them, even one killed with -9
(issue 14, item 15: they survived the server, ~230 MB, past its restart).

A child process starts a parallel scan the way the CLI does (one thread: the workers are forked from it) or
the way the web app does (from a thread: a fork server starts them), reads the first outcome and waits; the
test kills it with SIGKILL and watches every process it had started.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.unit.importers.test_gpx_tcx import ONE_SEGMENT, gpx

pytestmark = [
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process tree in /proc"),
    # `make test-clock` preloads libfaketime into every process; forked pool workers then die now and then
    # before the test sees them. The test reads no date, and `make test` runs it without faketime.
    pytest.mark.skipif("FAKETIME" in os.environ, reason="libfaketime is preloaded (make test-clock)"),
]

GONE_WITHIN_S = 5.0

SCAN_AND_WAIT = """
import sys, threading, time
from pathlib import Path
from hipcoach.importers import scan
if sys.argv[1] == "thread":  # as the web app's import thread: the workers come from a fork server
    threading.Thread(target=time.sleep, args=(600,), daemon=True).start()
outcomes = scan([Path(sys.argv[2])], workers=2)
next(outcomes)
print("scanning", flush=True)
time.sleep(600)
"""


def _stat(pid: int) -> tuple[int, str] | None:
    """(parent pid, state) of a process, None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text.rsplit(")", 1)[1].split()
    return int(fields[1]), fields[0]


def descendants(root: int) -> set[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (found := _stat(int(entry.name))) is not None:
            parents[int(entry.name)] = found[0]
    family = {root}
    grew = True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in family} - family
        family |= more
        grew = bool(more)
    return family - {root}


def alive(pid: int) -> bool:
    found = _stat(pid)
    return found is not None and found[1] != "Z"  # a zombie has ended; only its exit status waits to be read


@pytest.mark.parametrize("started_from", ["main", "thread"])
def test_the_workers_end_when_the_scanning_process_is_killed(tmp_path: Path, started_from: str) -> None:
    for i in range(40):  # more than a parallel scan's minimum, so it starts its workers
        (tmp_path / f"{i:02d}.gpx").write_text(gpx(ONE_SEGMENT, name=f"Run {i}"))
    child = subprocess.Popen(
        [sys.executable, "-c", SCAN_AND_WAIT, started_from, str(tmp_path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    family: set[int] = set()
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "scanning"
        family = descendants(child.pid)
        # The pool starts a worker only when no idle one can take the task: quick files may need just one.
        assert family, "the scan started no worker processes"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        deadline = time.monotonic() + GONE_WITHIN_S
        while any(alive(pid) for pid in family) and time.monotonic() < deadline:
            time.sleep(0.05)
        survivors = {pid for pid in family if alive(pid)}
        assert not survivors, f"{len(survivors)} of the {len(family)} processes it started outlived it"
    finally:
        for pid in family:  # only the processes this test started, by their id
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        if child.poll() is None:
            child.kill()
            child.wait()
        if child.stdout is not None:
            child.stdout.close()
