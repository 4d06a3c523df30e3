"""TCX (Garmin Training Center) activities.

Each ``<Activity>`` is one activity: the sport from its ``Sport`` attribute (Running / Biking / Other; Strava
also writes other words), ``started_at`` from ``<Id>`` (else the first lap's ``StartTime``, else the first
trackpoint), ``distance_m`` and ``moving_s`` as the sums of the laps' ``DistanceMeters`` and
``TotalTimeSeconds`` (the timer time), ``duration_s`` to the latest trackpoint time or lap end. No time
anywhere is an error "no timestamps".

**Streaming** (issue 7): read with expat through a parser target (see
:func:`hipcoach.importers.gpx.stream_xml`); an activity keeps running sums and extremes only, so memory does
not grow with the number of trackpoints.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from hipcoach.importers import xmlstream
from hipcoach.importers.common import local_name, parse_iso_time
from hipcoach.importers.records import ActivityRecord, ImportFailure, made_up_name
from hipcoach.importers.sports import sport_from_text_or_other
from hipcoach.importers.xmlstream import TextCapture, stream_xml, too_deep


def _float(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value >= 0 else None


class _Times:
    """The earliest and latest of the times seen."""

    __slots__ = ("first", "last")

    def __init__(self) -> None:
        self.first: datetime | None = None
        self.last: datetime | None = None

    def add(self, when: datetime) -> None:
        if self.first is None or when < self.first:
            self.first = when
        if self.last is None or when > self.last:
            self.last = when


class _Activity:
    __slots__ = (
        "sport_text",
        "id_text",
        "id_seen",
        "notes",
        "notes_seen",
        "times",
        "lap_end",
        "lap_seconds",
        "lap_seconds_count",
        "lap_distance",
        "lap_distance_count",
        "point_distance",
    )

    def __init__(self, sport_text: str | None) -> None:
        self.sport_text = sport_text
        self.id_text: str | None = None
        self.id_seen = False
        self.notes: str | None = None
        self.notes_seen = False
        self.times = _Times()  # lap starts and trackpoint times
        self.lap_end: datetime | None = None
        self.lap_seconds = 0.0
        self.lap_seconds_count = 0
        self.lap_distance = 0.0
        self.lap_distance_count = 0
        self.point_distance: float | None = None


class _Lap:
    __slots__ = ("start", "seconds", "seconds_seen", "meters", "meters_seen")

    def __init__(self, start: str | None) -> None:
        self.start = start
        self.seconds: str | None = None
        self.seconds_seen = False
        self.meters: str | None = None
        self.meters_seen = False


class _Trackpoint:
    __slots__ = ("depth", "time", "time_seen", "meters", "meters_seen")

    def __init__(self, depth: int) -> None:
        self.depth = depth
        self.time: str | None = None
        self.time_seen = False
        self.meters: str | None = None
        self.meters_seen = False


class _TcxTarget:
    def __init__(self) -> None:
        self.stack: list[str] = []
        self.max_depth = xmlstream.MAX_ELEMENT_DEPTH
        self.capture = TextCapture()
        self.root_tag: str | None = None
        self.containers = 0  # <Activities> elements under the root; only the first one counts
        self.activities: list[_Activity] = []
        self.activity: _Activity | None = None
        self.lap: _Lap | None = None
        self.points: list[_Trackpoint] = []  # open trackpoints (they could nest)

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.capture.finish()
        name = local_name(tag)
        depth = len(self.stack)
        if depth >= self.max_depth:
            raise too_deep("TCX", self.max_depth)
        self.stack.append(name)
        if depth == 0:
            self.root_tag = tag
            return
        if depth == 1:
            if name == "Activities":
                self.containers += 1
            return
        if depth == 2:
            if name == "Activity" and self.stack[1] == "Activities" and self.containers == 1:
                self.activity = _Activity(attrib.get("Sport"))
                self.activities.append(self.activity)
            return
        activity = self.activity
        if activity is None:
            return
        if self.points and depth == self.points[-1].depth + 1:
            point = self.points[-1]
            if name == "Time" and not point.time_seen:
                point.time_seen = True
                self.capture.begin(point, "time")
            elif name == "DistanceMeters" and not point.meters_seen:
                point.meters_seen = True
                self.capture.begin(point, "meters")
        if name == "Trackpoint":
            self.points.append(_Trackpoint(depth))
        if depth == 3:
            if name == "Lap":
                self.lap = _Lap(attrib.get("StartTime"))
            elif name == "Id" and not activity.id_seen:
                activity.id_seen = True
                self.capture.begin(activity, "id_text")
            elif name == "Notes" and not activity.notes_seen:
                activity.notes_seen = True
                self.capture.begin(activity, "notes")
        elif depth == 4 and self.lap is not None and self.stack[3] == "Lap":
            lap = self.lap
            if name == "TotalTimeSeconds" and not lap.seconds_seen:
                lap.seconds_seen = True
                self.capture.begin(lap, "seconds")
            elif name == "DistanceMeters" and not lap.meters_seen:
                lap.meters_seen = True
                self.capture.begin(lap, "meters")

    def end(self, tag: str) -> None:
        self.capture.finish()
        name = self.stack.pop()
        depth = len(self.stack)
        activity = self.activity
        if activity is None:
            return
        if self.points and self.points[-1].depth == depth:
            self._close_point(activity, self.points.pop())
        if depth == 3 and name == "Lap" and self.lap is not None:
            self._close_lap(activity, self.lap)
            self.lap = None
        elif depth == 2:
            self.activity = None

    def data(self, text: str) -> None:
        self.capture.data(text)

    @staticmethod
    def _close_lap(activity: _Activity, lap: _Lap) -> None:
        lap_start = parse_iso_time(lap.start)
        seconds = _float(lap.seconds)
        meters = _float(lap.meters)
        if lap_start is not None:
            activity.times.add(lap_start)
            if seconds is not None:
                lap_end = lap_start + timedelta(seconds=seconds)
                if activity.lap_end is None or lap_end > activity.lap_end:
                    activity.lap_end = lap_end
        if seconds is not None:
            activity.lap_seconds += seconds
            activity.lap_seconds_count += 1
        if meters is not None:
            activity.lap_distance += meters
            activity.lap_distance_count += 1

    @staticmethod
    def _close_point(activity: _Activity, point: _Trackpoint) -> None:
        when = parse_iso_time(point.time)
        if when is not None:
            activity.times.add(when)
        meters = _float(point.meters)
        if meters is not None and (activity.point_distance is None or meters > activity.point_distance):
            activity.point_distance = meters


def parse_tcx(data: bytes) -> list[ActivityRecord]:
    target = _TcxTarget()
    stream_xml(data, "TCX", target)
    if target.root_tag is None or not target.root_tag.endswith("TrainingCenterDatabase"):
        raise ImportFailure("not a TCX file (the root element is not <TrainingCenterDatabase>)")
    if not target.activities:
        raise ImportFailure("the TCX file has no activity")
    return [_record(activity) for activity in target.activities]


def _record(activity: _Activity) -> ActivityRecord:
    sport = sport_from_text_or_other(activity.sport_text)
    times = activity.times
    started = parse_iso_time(activity.id_text)
    if started is None:
        if times.first is None:
            raise ImportFailure("no timestamps: the TCX activity has no times")
        started = times.first
    ends = [when for when in (times.last, activity.lap_end) if when is not None]
    end = max(ends) if ends else started
    distance: float | None
    if activity.lap_distance_count:
        distance = activity.lap_distance
    elif activity.point_distance is not None:
        distance = activity.point_distance
    else:
        distance = None
    notes = activity.notes
    return ActivityRecord(
        sport=sport,
        started_at=started,
        duration_s=max(0.0, (end - started).total_seconds()),
        moving_s=activity.lap_seconds if activity.lap_seconds_count else None,
        distance_m=distance,
        name=notes.splitlines()[0][:200] if notes else made_up_name(sport, started),
        source_format="tcx",
    )
