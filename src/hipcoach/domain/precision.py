"""Numbers in words that never contradict their flags (BRIEF §6): a value is written with as many decimals as
it takes for the written number to sit on the same side of each threshold as the value itself.

An LSI of 89.6% against a 90% pass mark reads "89.6%", never "90%"; a composite reach of 93.97% against 94%
reads "93.97%", never "94.0%"; a run 10.3% longer than the edge of 10% reads "10.3%", never "10%". A value
exactly at its threshold, or clear of it, keeps the usual number of decimals.
"""

from __future__ import annotations

from collections.abc import Iterable

# Comparisons at a threshold are made on values rounded to this many places, so that 4.0 cm computed as
# 65.3 - 61.3 is still "exactly 4 cm" and not 4.0000000000000036; no text needs more decimals than this.
COMPARISON_PLACES = 6


def _side(value: float, threshold: float) -> int:
    return (value > threshold) - (value < threshold)


def places_for(
    values: Iterable[float],
    thresholds: Iterable[float],
    places: int,
    exact_places: int = COMPARISON_PLACES,
) -> int:
    """The fewest decimals, from ``places`` up, at which every written value lies on the same side of (or
    on) every threshold as the value itself, both compared at ``exact_places`` as the rules compare them.

    The thresholds are taken to be written exactly where the text states them (as the constants are).
    """
    values, limits = list(values), [round(t, exact_places) for t in thresholds]
    truth = [[_side(round(v, exact_places), t) for t in limits] for v in values]
    for candidate in range(places, exact_places):
        written = [float(f"{v:.{candidate}f}") for v in values]
        agree = (
            _side(w, t) == side
            for w, row in zip(written, truth, strict=True)
            for t, side in zip(limits, row, strict=True)
        )
        if all(agree):
            return candidate
    return max(places, exact_places)


def shown(value: float, *thresholds: float, places: int = 0, exact_places: int = COMPARISON_PLACES) -> str:
    """``value`` written with ``places`` decimals, or more where fewer would round it onto or across one of
    ``thresholds`` ("89.6" against 90, "90" for 90.0 and for 91.6 when ``places`` is 0)."""
    text = f"{value:.{places_for([value], thresholds, places, exact_places)}f}"
    return text.lstrip("-") if float(text) == 0 else text  # no "-0.0" for a value that is nought


def shown_signed(
    value: float, *thresholds: float, places: int = 0, exact_places: int = COMPARISON_PLACES
) -> str:
    """A change with its sign ("+9.8", "-2.04"), its size written against the thresholds on its size."""
    size = shown(abs(value), *thresholds, places=places, exact_places=exact_places)
    if float(size) == 0:
        return size
    return f"-{size}" if value < 0 else f"+{size}"
