"""GPX 1.0 / 1.1 tracks.

- **Sport** from the track's ``<type>`` (Strava writes "running", or codes such as "9" for a run and "1" for a
  ride). Without a ``<type>`` the sport is ``run`` only when a hint says so — the track or file name, or the
  creator app (e.g. "Morning Run", "Lauf", creator "Runkeeper") — and ``other`` otherwise; an ``other``
  activity is listed as skipped, never guessed into the running load.
- **Distance** by haversine over consecutive points of each segment (segments are not joined).
- **Time**: ``started_at`` is the earliest ``<time>``, ``duration_s`` runs to the latest. ``moving_s`` is the
  sum of the segments' spans when the track has several timed segments (apps start a new segment after a
  pause), else unknown. A track without any ``<time>`` is an error "no timestamps".
- Each ``<trk>`` is one activity; ``<rte>`` and ``<wpt>`` are ignored. A file without any ``<trk>``
  (waypoints or a route only) is an error "not an activity". When some tracks have times and others not (a GPS
  unit's "ACTIVE LOG"s), the untimed ones are listed as skipped with the reason "no timestamps".
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime

from hipcoach.importers.common import (
    child,
    child_text,
    children,
    haversine_m,
    parse_iso_time,
    parse_xml,
)
from hipcoach.importers.records import ActivityRecord, ImportFailure, SkippedActivity, made_up_name
from hipcoach.importers.sports import looks_like_running, sport_from_text


def parse_gpx(data: bytes) -> tuple[list[ActivityRecord], list[SkippedActivity]]:
    """The timed tracks as records; untimed tracks (when another track has times) as skipped."""
    root = parse_xml(data, "GPX")
    if not root.tag.endswith("gpx"):
        raise ImportFailure("not a GPX file (the root element is not <gpx>)")
    metadata = child(root, "metadata")
    file_name = child_text(metadata, "name") if metadata is not None else child_text(root, "name")
    creator = root.get("creator")
    tracks = children(root, "trk")
    if not tracks:
        raise ImportFailure("not an activity: the GPX file has no track (only waypoints or routes)")
    records: list[ActivityRecord] = []
    untimed: list[SkippedActivity] = []
    for number, track in enumerate(tracks, start=1):
        record = _track(track, file_name, creator)
        if record is not None:
            records.append(record)
        else:
            name = child_text(track, "name") or f"track {number}"
            sport = sport_from_text(child_text(track, "type")) or "other"
            untimed.append(
                SkippedActivity(name=name, sport=sport, reason="no timestamps: the track has no times")
            )
    if not records:
        raise ImportFailure(
            "no timestamps: the GPX track has no times"
            if len(tracks) == 1
            else "no timestamps: none of the GPX tracks has times"
        )
    return records, untimed


def _track(track: ET.Element, file_name: str | None, creator: str | None) -> ActivityRecord | None:
    track_name = child_text(track, "name")
    distance = 0.0
    has_points = False
    times: list[datetime] = []
    segment_spans: list[float] = []
    for segment in children(track, "trkseg"):
        previous: tuple[float, float] | None = None
        seg_times: list[datetime] = []
        for point in children(segment, "trkpt"):
            position = _position(point)
            if position is not None:
                has_points = True
                if previous is not None:
                    distance += haversine_m(previous[0], previous[1], position[0], position[1])
                previous = position
            when = parse_iso_time(child_text(point, "time"))
            if when is not None:
                seg_times.append(when)
        if seg_times:
            times.extend(seg_times)
            segment_spans.append((max(seg_times) - min(seg_times)).total_seconds())
    if not times:
        return None
    start, end = min(times), max(times)
    sport = sport_from_text(child_text(track, "type"))
    if sport is None:
        sport = "run" if looks_like_running(track_name, file_name, creator) else "other"
    return ActivityRecord(
        sport=sport,
        started_at=start,
        duration_s=(end - start).total_seconds(),
        moving_s=sum(segment_spans) if len(segment_spans) > 1 else None,
        distance_m=distance if has_points else None,
        name=track_name or file_name or made_up_name(sport, start),
        source_format="gpx",
    )


def _position(point: ET.Element) -> tuple[float, float] | None:
    try:
        lat = float(point.get("lat", ""))
        lon = float(point.get("lon", ""))
    except ValueError:
        return None
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        return None
    return lat, lon
