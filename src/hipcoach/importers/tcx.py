"""TCX (Garmin Training Center) activities.

Each ``<Activity>`` is one activity: the sport from its ``Sport`` attribute (Running / Biking / Other; Strava
also writes other words), ``started_at`` from ``<Id>`` (else the first lap's ``StartTime``, else the first
trackpoint), ``distance_m`` and ``moving_s`` as the sums of the laps' ``DistanceMeters`` and
``TotalTimeSeconds`` (the timer time), ``duration_s`` to the latest trackpoint time or lap end. No time
anywhere is an error "no timestamps".
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

from hipcoach.importers.common import (
    child,
    child_text,
    children,
    descendants,
    parse_iso_time,
    parse_xml,
)
from hipcoach.importers.records import ActivityRecord, ImportFailure, made_up_name
from hipcoach.importers.sports import sport_from_text_or_other


def parse_tcx(data: bytes) -> list[ActivityRecord]:
    root = parse_xml(data, "TCX")
    if not root.tag.endswith("TrainingCenterDatabase"):
        raise ImportFailure("not a TCX file (the root element is not <TrainingCenterDatabase>)")
    container = child(root, "Activities")
    activities = children(container, "Activity") if container is not None else []
    if not activities:
        raise ImportFailure("the TCX file has no activity")
    return [_activity(activity) for activity in activities]


def _float(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value >= 0 else None


def _activity(activity: ET.Element) -> ActivityRecord:
    sport = sport_from_text_or_other(activity.get("Sport"))
    laps = children(activity, "Lap")
    times: list[datetime] = []
    lap_ends: list[datetime] = []
    lap_seconds: list[float] = []
    lap_distances: list[float] = []
    for lap in laps:
        lap_start = parse_iso_time(lap.get("StartTime"))
        seconds = _float(child_text(lap, "TotalTimeSeconds"))
        meters = _float(child_text(lap, "DistanceMeters"))
        if lap_start is not None:
            times.append(lap_start)
            if seconds is not None:
                lap_ends.append(lap_start + timedelta(seconds=seconds))
        if seconds is not None:
            lap_seconds.append(seconds)
        if meters is not None:
            lap_distances.append(meters)
    point_distances: list[float] = []
    for point in descendants(activity, "Trackpoint"):
        when = parse_iso_time(child_text(point, "Time"))
        if when is not None:
            times.append(when)
        meters = _float(child_text(point, "DistanceMeters"))
        if meters is not None:
            point_distances.append(meters)
    started = parse_iso_time(child_text(activity, "Id"))
    if started is None:
        if not times:
            raise ImportFailure("no timestamps: the TCX activity has no times")
        started = min(times)
    ends = times + lap_ends
    end = max(ends) if ends else started
    distance: float | None
    if lap_distances:
        distance = sum(lap_distances)
    elif point_distances:
        distance = max(point_distances)
    else:
        distance = None
    notes = child_text(activity, "Notes")
    return ActivityRecord(
        sport=sport,
        started_at=started,
        duration_s=max(0.0, (end - started).total_seconds()),
        moving_s=sum(lap_seconds) if lap_seconds else None,
        distance_m=distance,
        name=notes.splitlines()[0][:200] if notes else made_up_name(sport, started),
        source_format="tcx",
    )
