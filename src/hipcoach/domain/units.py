"""How a runner reads and types distances: kilometres or miles.

Every distance is stored and reasoned about in kilometres; a ``DistanceUnit`` only converts at the edges,
where a person reads a number or types one. Its value is the wire code (database, export, CLI, forms);
``label`` is what a person reads.
"""

from __future__ import annotations

from enum import StrEnum

# The international mile (1959), exact by definition.
KM_PER_MILE = 1.609344


class DistanceUnit(StrEnum):
    KM = "km"
    MI = "mi"

    @property
    def label(self) -> str:
        return "kilometres" if self is DistanceUnit.KM else "miles"

    @property
    def km_per_unit(self) -> float:
        return 1.0 if self is DistanceUnit.KM else KM_PER_MILE

    def from_km(self, km: float) -> float:
        return km / self.km_per_unit

    def to_km(self, value: float) -> float:
        return value * self.km_per_unit

    def number(self, km: float, places: int = 1) -> str:
        """A distance given in km, in this unit with ``places`` decimals, without the unit ("3.1")."""
        text = f"{self.from_km(km):.{places}f}"
        return text.lstrip("-") if float(text) == 0 else text

    def text(self, km: float, places: int = 1) -> str:
        """A distance given in km, in this unit with its code ("5.0 km", "3.1 mi")."""
        return f"{self.number(km, places)} {self.value}"

    def short(self, km: float) -> str:
        """As the charts and documents write a distance: one decimal at most, "0" for none, no unit."""
        return self.number(km).rstrip("0").rstrip(".") if km else "0"

    def pace_seconds(self, seconds_per_km: float) -> float:
        """A pace given in seconds per km, in seconds per this unit."""
        return seconds_per_km * self.km_per_unit

    @property
    def per(self) -> str:
        """How a pace names this unit ("per km", "per mile")."""
        return "per km" if self is DistanceUnit.KM else "per mile"


DEFAULT_UNIT = DistanceUnit.KM


def unit_of(code: str | None) -> DistanceUnit:
    """The unit stored under ``code`` (kilometres when none was chosen)."""
    return DistanceUnit(code) if code else DEFAULT_UNIT
