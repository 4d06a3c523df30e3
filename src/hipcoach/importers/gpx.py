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

**Streaming** (issue 7): the file is read with expat through a parser target (:func:`stream_xml`), no element
tree is built, and a track keeps only running sums (distance, earliest and latest time, the segments' spans),
so memory does not grow with the number of points. The safety checks are in
:mod:`hipcoach.importers.xmlstream`.
"""

from __future__ import annotations

from datetime import datetime

from hipcoach.importers import xmlstream
from hipcoach.importers.common import haversine_m, local_name, parse_iso_time
from hipcoach.importers.records import ActivityRecord, ImportFailure, SkippedActivity, made_up_name
from hipcoach.importers.sports import looks_like_running, sport_from_text
from hipcoach.importers.xmlstream import TextCapture, stream_xml, too_deep


class _Track:
    __slots__ = (
        "name",
        "name_seen",
        "type",
        "type_seen",
        "distance",
        "has_points",
        "start",
        "end",
        "spans",
        "timed_segments",
    )

    def __init__(self) -> None:
        self.name: str | None = None
        self.name_seen = False
        self.type: str | None = None
        self.type_seen = False
        self.distance = 0.0
        self.has_points = False
        self.start: datetime | None = None
        self.end: datetime | None = None
        self.spans = 0.0  # sum of the timed segments' spans, in order
        self.timed_segments = 0


class _Segment:
    __slots__ = ("previous", "start", "end")

    def __init__(self) -> None:
        self.previous: tuple[float, float] | None = None
        self.start: datetime | None = None
        self.end: datetime | None = None


class _Point:
    __slots__ = ("time", "time_seen")

    def __init__(self) -> None:
        self.time: str | None = None
        self.time_seen = False


class _GpxTarget:
    """Collects what ``parse_gpx`` needs from the parser's events; the tree itself is never built."""

    def __init__(self) -> None:
        self.stack: list[str] = []
        self.max_depth = xmlstream.MAX_ELEMENT_DEPTH
        self.capture = TextCapture()
        self.root_tag: str | None = None
        self.creator: str | None = None
        self.root_name: str | None = None
        self.root_name_seen = False
        self.metadata_count = 0
        self.meta_name: str | None = None
        self.meta_name_seen = False
        self.tracks: list[_Track] = []
        self.track: _Track | None = None
        self.segment: _Segment | None = None
        self.point: _Point | None = None

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.capture.finish()
        name = local_name(tag)
        depth = len(self.stack)
        if depth >= self.max_depth:
            raise too_deep("GPX", self.max_depth)
        self.stack.append(name)
        if depth == 0:
            self.root_tag = tag
            self.creator = attrib.get("creator")
        elif depth == 1:
            if name == "trk":
                self.track = _Track()
                self.tracks.append(self.track)
            elif name == "metadata":
                self.metadata_count += 1
            elif name == "name" and not self.root_name_seen:
                self.root_name_seen = True
                self.capture.begin(self, "root_name")
        elif depth == 2:
            parent = self.stack[1]
            track = self.track
            if parent == "trk" and track is not None:
                if name == "trkseg":
                    self.segment = _Segment()
                elif name == "name" and not track.name_seen:
                    track.name_seen = True
                    self.capture.begin(track, "name")
                elif name == "type" and not track.type_seen:
                    track.type_seen = True
                    self.capture.begin(track, "type")
            elif parent == "metadata" and name == "name" and self.metadata_count == 1:
                if not self.meta_name_seen:
                    self.meta_name_seen = True
                    self.capture.begin(self, "meta_name")
        elif depth == 3:
            if name == "trkpt" and self.segment is not None and self.stack[2] == "trkseg":
                self.point = _Point()
                self._position(attrib)
        elif depth == 4:
            point = self.point
            if name == "time" and point is not None and not point.time_seen:
                point.time_seen = True
                self.capture.begin(point, "time")

    def _position(self, attrib: dict[str, str]) -> None:
        try:
            lat = float(attrib.get("lat", ""))
            lon = float(attrib.get("lon", ""))
        except ValueError:
            return
        if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
            return
        track, segment = self.track, self.segment
        assert track is not None and segment is not None
        track.has_points = True
        previous = segment.previous
        if previous is not None:
            track.distance += haversine_m(previous[0], previous[1], lat, lon)
        segment.previous = (lat, lon)

    def end(self, tag: str) -> None:
        self.capture.finish()
        name = self.stack.pop()
        depth = len(self.stack)
        if depth == 3 and name == "trkpt" and self.point is not None:
            when = parse_iso_time(self.point.time)
            segment = self.segment
            if when is not None and segment is not None:
                if segment.start is None or when < segment.start:
                    segment.start = when
                if segment.end is None or when > segment.end:
                    segment.end = when
            self.point = None
        elif depth == 2 and name == "trkseg" and self.segment is not None:
            self._close_segment(self.segment)
            self.segment = None
        elif depth == 1 and name == "trk":
            self.track = None

    def _close_segment(self, segment: _Segment) -> None:
        track = self.track
        if track is None or segment.start is None or segment.end is None:
            return
        if track.start is None or segment.start < track.start:
            track.start = segment.start
        if track.end is None or segment.end > track.end:
            track.end = segment.end
        track.spans += (segment.end - segment.start).total_seconds()
        track.timed_segments += 1

    def data(self, text: str) -> None:
        self.capture.data(text)


def parse_gpx(data: bytes) -> tuple[list[ActivityRecord], list[SkippedActivity]]:
    """The timed tracks as records; untimed tracks (when another track has times) as skipped."""
    target = _GpxTarget()
    stream_xml(data, "GPX", target)
    if target.root_tag is None or not target.root_tag.endswith("gpx"):
        raise ImportFailure("not a GPX file (the root element is not <gpx>)")
    file_name = target.meta_name if target.metadata_count else target.root_name
    tracks = target.tracks
    if not tracks:
        raise ImportFailure("not an activity: the GPX file has no track (only waypoints or routes)")
    records: list[ActivityRecord] = []
    untimed: list[SkippedActivity] = []
    for number, track in enumerate(tracks, start=1):
        record = _record(track, file_name, target.creator)
        if record is not None:
            records.append(record)
        else:
            name = track.name or f"track {number}"
            sport = sport_from_text(track.type) or "other"
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


def _record(track: _Track, file_name: str | None, creator: str | None) -> ActivityRecord | None:
    if track.start is None or track.end is None:
        return None
    start, end = track.start, track.end
    sport = sport_from_text(track.type)
    if sport is None:
        sport = "run" if looks_like_running(track.name, file_name, creator) else "other"
    return ActivityRecord(
        sport=sport,
        started_at=start,
        duration_s=(end - start).total_seconds(),
        moving_s=track.spans if track.timed_segments > 1 else None,
        distance_m=track.distance if track.has_points else None,
        name=track.name or file_name or made_up_name(sport, start),
        source_format="gpx",
    )
