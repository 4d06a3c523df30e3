"""Countdowns for holds and rests that keep time, show it, and can be cut short with Enter."""

from __future__ import annotations

import select
import sys
import time
from collections.abc import Callable

from rich.console import Console

# Looked up at call time so tests can replace it and count the seconds a session waited.
sleep: Callable[[float], None] = time.sleep


def _enter_pressed(timeout: float) -> bool:
    """Wait up to ``timeout`` seconds for Enter on a terminal; False at once where stdin is no terminal."""
    if not sys.stdin.isatty():
        return False
    ready, _, _ = select.select([sys.stdin], [], [], timeout)
    if ready:
        sys.stdin.readline()
        return True
    return False


def countdown(
    console: Console,
    seconds: int,
    label: str,
    *,
    clock: Callable[[], float] = time.monotonic,
    enabled: bool = True,
) -> bool:
    """Count ``seconds`` down on one line; return False if the runner skipped it with Enter.

    Time is measured against the clock, not by counting ticks, so a slow terminal never stretches a hold.
    """
    if not enabled or seconds <= 0:
        return True
    interactive = sys.stdin.isatty()
    hint = " (Enter to skip)" if interactive else ""
    end = clock() + seconds
    remaining = seconds
    while remaining > 0:
        console.print(f"  {label}: [bold]{remaining:>3d} s[/]{hint}", end="\r", highlight=False)
        if interactive:
            if _enter_pressed(min(1.0, max(0.0, end - clock()))):
                console.print(f"  {label}: skipped{' ' * 20}", highlight=False)
                return False
        else:
            sleep(1.0)
        remaining = round(end - clock()) if interactive else remaining - 1
    console.print(f"  {label}: done{' ' * 24}\a", highlight=False)
    return True
