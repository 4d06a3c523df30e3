"""Strava's ``activities.csv`` (from a bulk export) — the rows, read by column position.

Pitfalls handled:

- **Repeated headers.** The file has two "Distance" columns (the first in km, the second in metres) and two
  "Elapsed Time" columns (both seconds; the second may carry decimals). Columns are found by position: for
  distance the second "Distance" (metres) is preferred and the first (km × 1000) is the fall-back; for elapsed
  time the second, then the first.
- **Dates** are UTC, usually US style "Mar 15, 2024, 6:12:03 AM", sometimes with a narrow no-break space
  (U+202F) or a no-break space before AM/PM; day-first forms ("15 Mar 2024, 06:12:03", "15.03.2024, 06:12:03")
  and ISO are accepted too, with month names in English, German, French and Spanish.
- **Localised headers**: the table ``HEADER_NAMES`` maps the English, German, French and Spanish names of the
  columns used here.
- **Numbers** may use a decimal comma ("5,01").
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from hipcoach.importers.common import parse_iso_time
from hipcoach.importers.records import ActivityRecord, ImportFailure, made_up_name
from hipcoach.importers.sports import fold, sport_from_text_or_other

# canonical key -> header names (compared after folding: lower case, no accents, letters and digits only)
HEADER_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("Activity ID", "Aktivitäts-ID", "ID der Aktivität", "ID de l'activité", "ID d'activité",
           "ID de actividad", "ID de la actividad"),
    "date": ("Activity Date", "Aktivitätsdatum", "Datum der Aktivität", "Date de l'activité",
             "Fecha de la actividad", "Fecha de actividad"),
    "name": ("Activity Name", "Aktivitätsname", "Name der Aktivität", "Nom de l'activité",
             "Nombre de la actividad", "Nombre de actividad"),
    "type": ("Activity Type", "Aktivitätstyp", "Aktivitätsart", "Sportart", "Type d'activité",
             "Tipo de actividad", "Tipo de la actividad"),
    "elapsed": ("Elapsed Time", "Verstrichene Zeit", "Gesamtzeit", "Temps écoulé", "Durée totale",
                "Tiempo transcurrido"),
    "distance": ("Distance", "Distanz", "Strecke", "Distancia"),
    "moving": ("Moving Time", "Bewegungszeit", "Zeit in Bewegung", "Temps de déplacement",
               "Temps en mouvement", "Tiempo en movimiento"),
    "filename": ("Filename", "Dateiname", "Nom du fichier", "Nom de fichier", "Nombre de archivo",
                 "Nombre del archivo"),
}  # fmt: skip

_HEADER_KEYS: dict[str, str] = {fold(name): key for key, names in HEADER_NAMES.items() for name in names}


@dataclass(frozen=True)
class StravaRow:
    activity_id: str
    started_at: datetime | None
    name: str
    type_text: str
    elapsed_s: float | None
    moving_s: float | None
    distance_m: float | None
    filename: str | None
    row_text: str  # the row as written, for a hash when there is no activity file

    @property
    def sport(self) -> str:
        return sport_from_text_or_other(self.type_text)


def header_columns(header: list[str]) -> dict[str, list[int]]:
    columns: dict[str, list[int]] = {}
    for index, title in enumerate(header):
        key = _HEADER_KEYS.get(fold(title.lstrip("\ufeff")))
        if key is not None:
            columns.setdefault(key, []).append(index)
    return columns


def is_strava_header(header: list[str]) -> bool:
    columns = header_columns(header)
    return "id" in columns and "date" in columns


def _number(text: str) -> float | None:
    cleaned = text.strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    if not cleaned:
        return None
    if "," in cleaned and "." in cleaned:
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    elif "," in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if value >= 0 else None


_MONTHS: dict[str, int] = {}
for _number_of_month, _names in enumerate(
    (
        "jan janv january januar janvier ene enero",
        "feb fev fevr february februar fevrier febrero",
        "mar mars march marz maerz marzo",
        "apr avr abr april avril abril",
        "may mai mayo",
        "jun juin june juni junio",
        "jul juil july juli juillet julio",
        "aug aout ago august agosto",
        "sep sept september septembre septiembre setiembre",
        "oct okt october oktober octobre octubre",
        "nov november novembre noviembre",
        "dec dez dic december dezember decembre diciembre",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number_of_month


def _month(token: str) -> int | None:
    folded = fold(token)
    for candidate in (folded, folded[:4], folded[:3]):
        if candidate in _MONTHS:
            return _MONTHS[candidate]
    return None


_TIME = r"(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?\s*(?P<ampm>[ap]\.?\s?m\.?)?"
_MONTH_FIRST = re.compile(
    r"^(?P<mon>[^\W\d_]+)\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4}),?\s+" + _TIME + r"$", re.I
)
_DAY_FIRST = re.compile(
    r"^(?P<d>\d{1,2})\.?\s+(?:de\s+)?(?P<mon>[^\W\d_]+)\.?\s+(?:de\s+)?(?P<y>\d{4}),?\s+"
    + r"(?:um\s+|à\s+|a las\s+)?"
    + _TIME
    + r"$",
    re.I,
)
_NUMERIC = re.compile(r"^(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4}),?\s+" + _TIME + r"$", re.I)


def parse_strava_date(text: str) -> datetime | None:
    """A Strava export date, in UTC."""
    cleaned = re.sub(r"[\s\u202f\xa0]+", " ", text).strip()
    if not cleaned:
        return None
    month: int | None
    match = _MONTH_FIRST.match(cleaned) or _DAY_FIRST.match(cleaned)
    if match is not None:
        month = _month(match["mon"])
    else:
        match = _NUMERIC.match(cleaned)
        if match is None:
            return parse_iso_time(cleaned)
        month = int(match["m"])
    if month is None:
        return None
    hour = int(match["h"])
    ampm = match["ampm"]
    if ampm:
        if hour > 12:
            return None
        is_pm = ampm.lower().startswith("p")
        hour = hour % 12 + (12 if is_pm else 0)
    try:
        return datetime(
            int(match["y"]), month, int(match["d"]), hour, int(match["mi"]), int(match["s"] or 0), tzinfo=UTC
        )
    except ValueError:
        return None


def _cell(row: list[str], columns: dict[str, list[int]], key: str, which: int = 0) -> str:
    indexes = columns.get(key, [])
    if len(indexes) <= which:
        return ""
    index = indexes[which]
    return row[index].strip() if index < len(row) else ""


def _row_text(row: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(row)
    return buffer.getvalue()


def read_rows(text: str) -> list[StravaRow]:
    """The rows of ``activities.csv``; an unrecognised header is an ImportFailure."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        raise ImportFailure("activities.csv is empty")
    columns = header_columns(header)
    if "id" not in columns or "date" not in columns:
        raise ImportFailure(
            "activities.csv has no 'Activity ID' and 'Activity Date' columns (unknown header)"
        )
    rows: list[StravaRow] = []
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        rows.append(_strava_row(row, columns))
    return rows


def _strava_row(row: list[str], columns: dict[str, list[int]]) -> StravaRow:
    distances = columns.get("distance", [])
    distance_m: float | None = None
    if len(distances) >= 2:
        distance_m = _number(_cell(row, columns, "distance", 1))
    if distance_m is None:
        km = _number(_cell(row, columns, "distance", 0))
        distance_m = km * 1000.0 if km is not None else None
    elapsed = _number(_cell(row, columns, "elapsed", 1)) if len(columns.get("elapsed", [])) >= 2 else None
    if elapsed is None:
        elapsed = _number(_cell(row, columns, "elapsed", 0))
    filename = _cell(row, columns, "filename").replace("\\", "/") or None
    return StravaRow(
        activity_id=_cell(row, columns, "id"),
        started_at=parse_strava_date(_cell(row, columns, "date")),
        name=_cell(row, columns, "name"),
        type_text=_cell(row, columns, "type"),
        elapsed_s=elapsed or None,
        moving_s=_number(_cell(row, columns, "moving")),
        distance_m=distance_m,
        filename=filename,
        row_text=_row_text(row),
    )


def needs_file(row: StravaRow) -> bool:
    """Whether the row lacks what an activity needs, so its activity file must be read."""
    return row.started_at is None or row.elapsed_s is None or row.distance_m is None


def record_from_row(row: StravaRow, from_file: ActivityRecord | None = None) -> ActivityRecord:
    """The activity of a row, completed from its activity file's record where the row lacks a value."""
    sport = row.sport
    if sport == "other" and from_file is not None:
        sport = from_file.sport
    started = row.started_at or (from_file.started_at if from_file else None)
    if started is None:
        raise ImportFailure(f"activity {row.activity_id}: the date is missing or unreadable")
    elapsed = row.elapsed_s if row.elapsed_s is not None else (from_file.duration_s if from_file else None)
    if elapsed is None:
        raise ImportFailure(f"activity {row.activity_id}: no elapsed time in activities.csv nor in a file")
    distance = row.distance_m if row.distance_m is not None else (from_file.distance_m if from_file else None)
    moving = row.moving_s if row.moving_s is not None else (from_file.moving_s if from_file else None)
    return ActivityRecord(
        sport=sport,
        started_at=started,
        duration_s=elapsed,
        moving_s=moving,
        distance_m=distance,
        name=row.name or made_up_name(sport, started),
        source_format="strava",
        external_id=row.activity_id or None,
        utc_offset_s=from_file.utc_offset_s if from_file else None,
    )
