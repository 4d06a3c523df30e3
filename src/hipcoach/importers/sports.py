"""Map the sport names found in files to the normalised ones of :class:`ActivityRecord`."""

from __future__ import annotations

import re
import unicodedata

# Keys are folded with fold(): lower case, accents removed, only letters and digits.
_SPORT_WORDS: dict[str, str] = {
    # running
    "run": "run",
    "running": "run",
    "jog": "run",
    "jogging": "run",
    "streetrunning": "run",
    "roadrunning": "run",
    "trackrunning": "run",
    "lauf": "run",
    "laufen": "run",
    "courseapied": "run",
    "course": "run",
    "carrera": "run",
    "correr": "run",
    "9": "run",  # Strava's GPX <type> code for a run
    # trail running
    "trailrun": "trail_run",
    "trailrunning": "trail_run",
    "trail": "trail_run",
    "traillauf": "trail_run",
    "traillaufen": "trail_run",
    "carreradetrail": "trail_run",
    "carreraportrail": "trail_run",
    "carreraporbosque": "trail_run",
    "carrerapormontana": "trail_run",
    # treadmill / virtual running
    "treadmill": "treadmill",
    "treadmillrunning": "treadmill",
    "virtualrun": "treadmill",
    "indoorrunning": "treadmill",
    "laufband": "treadmill",
    "virtuellerlauf": "treadmill",
    "coursevirtuelle": "treadmill",
    "tapisdecourse": "treadmill",
    "carreravirtual": "treadmill",
    "cinta": "treadmill",
    # cycling
    "ride": "cycling",
    "cycling": "cycling",
    "biking": "cycling",
    "bike": "cycling",
    "virtualride": "cycling",
    "ebikeride": "cycling",
    "mountainbikeride": "cycling",
    "gravelride": "cycling",
    "handcycle": "cycling",
    "velomobile": "cycling",
    "radfahrt": "cycling",
    "radfahren": "cycling",
    "virtuelleradfahrt": "cycling",
    "velo": "cycling",
    "sortieavelo": "cycling",
    "bicicleta": "cycling",
    "ciclismo": "cycling",
    "1": "cycling",  # Strava's GPX <type> code for a ride
    # walking / hiking
    "walk": "walk",
    "walking": "walk",
    "spaziergang": "walk",
    "gehen": "walk",
    "marche": "walk",
    "caminata": "walk",
    "caminar": "walk",
    "10": "walk",
    "hike": "hike",
    "hiking": "hike",
    "wanderung": "hike",
    "wandern": "hike",
    "randonnee": "hike",
    "senderismo": "hike",
    "excursionismo": "hike",
    # swimming
    "swim": "swim",
    "swimming": "swim",
    "openwaterswimming": "swim",
    "lapswimming": "swim",
    "schwimmen": "swim",
    "natation": "swim",
    "natacion": "swim",
}


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in decomposed if not unicodedata.combining(c)))


def sport_from_text(text: str | None) -> str | None:
    """The normalised sport for a type name from a GPX, TCX or Strava file; ``None`` when not recognised."""
    if text is None:
        return None
    return _SPORT_WORDS.get(fold(text))


def sport_from_text_or_other(text: str | None) -> str:
    return sport_from_text(text) or "other"


_FIT_SPORTS = {
    "running": "run",
    "cycling": "cycling",
    "e_biking": "cycling",
    "walking": "walk",
    "hiking": "hike",
    "swimming": "swim",
}
_FIT_RUN_SUB_SPORTS = {
    "treadmill": "treadmill",
    "indoor_running": "treadmill",
    "virtual_activity": "treadmill",
    "trail": "trail_run",
}


def sport_from_fit(sport: object, sub_sport: object) -> str:
    """FIT ``sport`` / ``sub_sport`` values as fitdecode gives them (names, or ints when unknown)."""
    if not isinstance(sport, str):
        return "other"
    normalised = _FIT_SPORTS.get(sport, "other")
    if normalised == "run" and isinstance(sub_sport, str):
        return _FIT_RUN_SUB_SPORTS.get(sub_sport, "run")
    return normalised


_RUN_HINT = re.compile(r"\b(run|running|runner|jog|jogging|lauf|laufen|carrera)\b", re.IGNORECASE)
_RUN_APPS = ("runkeeper", "runtastic", "nike run", "nrc", "runalyze", "runmeter", "runna", "zombies, run")


def looks_like_running(*hints: str | None) -> bool:
    """Whether names or the creator app of a GPX file without a <type> suggest a run."""
    for hint in hints:
        if not hint:
            continue
        if _RUN_HINT.search(hint) or any(app in hint.casefold() for app in _RUN_APPS):
            return True
    return False
