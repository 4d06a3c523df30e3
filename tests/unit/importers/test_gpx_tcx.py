"""GPX and TCX written as text in the tests."""

from __future__ import annotations

import gzip
from collections.abc import Sequence
from datetime import UTC, datetime

import pytest

from hipcoach.importers import parse_bytes
from hipcoach.importers.common import haversine_m


def gpx(
    segments: Sequence[Sequence[tuple[float, float, str | None]]],
    *,
    type_: str | None = "running",
    name: str | None = "Morning Run",
    creator: str = "StravaGPX",
) -> str:
    segs = []
    for segment in segments:
        points = []
        for lat, lon, time in segment:
            time_xml = f"<time>{time}</time>" if time else ""
            points.append(f'<trkpt lat="{lat}" lon="{lon}"><ele>300</ele>{time_xml}</trkpt>')
        segs.append("<trkseg>" + "".join(points) + "</trkseg>")
    name_xml = f"<name>{name}</name>" if name else ""
    type_xml = f"<type>{type_}</type>" if type_ else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<gpx creator="{creator}" version="1.1" xmlns="http://www.topografix.com/GPX/1/1">'
        f"<trk>{name_xml}{type_xml}{''.join(segs)}</trk></gpx>"
    )


ONE_SEGMENT = [
    [
        (46.0, 14.0, "2024-03-15T06:12:03Z"),
        (46.001, 14.0, "2024-03-15T06:12:33Z"),
        (46.002, 14.0, "2024-03-15T06:13:03Z"),
    ]
]


def test_a_strava_gpx_with_leading_whitespace() -> None:
    text = "\n\n   " + gpx(ONE_SEGMENT)
    outcome = parse_bytes("run.gpx", text.encode())
    assert outcome.error is None
    (record,) = outcome.activities
    assert record.sport == "run"
    assert record.started_at == datetime(2024, 3, 15, 6, 12, 3, tzinfo=UTC)
    assert record.duration_s == pytest.approx(60.0)
    assert record.moving_s is None
    assert record.distance_m == pytest.approx(haversine_m(46.0, 14.0, 46.002, 14.0), rel=1e-6)
    assert record.distance_m == pytest.approx(222.4, abs=0.5)
    assert record.name == "Morning Run"
    assert record.source_format == "gpx"


def test_a_bom_before_the_declaration() -> None:
    outcome = parse_bytes("bom.gpx", b"\xef\xbb\xbf" + gpx(ONE_SEGMENT).encode())
    assert outcome.error is None
    assert len(outcome.activities) == 1


def test_whitespace_and_bom_together_and_gzip() -> None:
    data = gzip.compress(b"  \r\n\xef\xbb\xbf" + gpx(ONE_SEGMENT, type_="9").encode())
    outcome = parse_bytes("123.gpx.gz", data)
    assert outcome.error is None
    assert outcome.activities[0].sport == "run"


def test_no_timestamps_is_an_error() -> None:
    segments = [[(46.0, 14.0, None), (46.001, 14.0, None)]]
    outcome = parse_bytes("notimes.gpx", gpx(segments).encode())
    assert outcome.error is not None and outcome.error.startswith("no timestamps")


def test_a_pause_between_segments() -> None:
    segments = [
        [(46.0, 14.0, "2024-03-15T06:00:00Z"), (46.001, 14.0, "2024-03-15T06:10:00Z")],
        [],  # an empty segment is fine
        [(46.001, 14.0, "2024-03-15T06:30:00Z"), (46.002, 14.0, "2024-03-15T06:40:00Z")],
    ]
    (record,) = parse_bytes("pause.gpx", gpx(segments).encode()).activities
    assert record.duration_s == pytest.approx(40 * 60)
    assert record.moving_s == pytest.approx(20 * 60)
    # segments are not joined: the pause adds no distance (here the two segments meet at one point anyway)
    assert record.distance_m == pytest.approx(2 * haversine_m(46.0, 14.0, 46.001, 14.0), rel=1e-6)


def test_a_cycling_gpx_is_skipped() -> None:
    outcome = parse_bytes("ride.gpx", gpx(ONE_SEGMENT, type_="cycling", name="Evening Ride").encode())
    assert outcome.error is None
    assert outcome.activities == ()
    assert outcome.skipped[0].sport == "cycling"
    assert outcome.skipped[0].name == "Evening Ride"
    assert outcome.skipped[0].reason == "cycling is not running"


@pytest.mark.parametrize(
    ("name", "creator", "expected"),
    [
        ("Morning Run", "Garmin Connect", "run"),
        ("Abendlauf", "Garmin Connect", "other"),
        ("Lauf am Abend", "Garmin Connect", "run"),
        ("Track", "Runkeeper - http://www.runkeeper.com", "run"),
        ("Track 12", "eTrex 30", "other"),
        (None, "GPSBabel", "other"),
    ],
)
def test_without_a_type_the_sport_comes_from_a_running_hint_or_is_other(
    name: str | None, creator: str, expected: str
) -> None:
    outcome = parse_bytes("t.gpx", gpx(ONE_SEGMENT, type_=None, name=name, creator=creator).encode())
    sports = [r.sport for r in outcome.activities] + [s.sport for s in outcome.skipped]
    assert sports == [expected]


def test_a_dtd_is_refused() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
        "<gpx><trk><name>&lol2;</name></trk></gpx>"
    )
    outcome = parse_bytes("lol.gpx", bomb.encode())
    assert outcome.error is not None and "DTD" in outcome.error


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(50), "not a GPX file"),
        (b"<gpx><trk><trkseg>", "XML error"),
        (b'<?xml version="1.0"?><kml></kml>', "not a GPX file"),
    ],
)
def test_broken_gpx_files(data: bytes, fragment: str) -> None:
    outcome = parse_bytes("x.gpx", data)
    assert outcome.error is not None and fragment in outcome.error


def test_gpx_1_0_namespace() -> None:
    text = gpx(ONE_SEGMENT).replace("http://www.topografix.com/GPX/1/1", "http://www.topografix.com/GPX/1/0")
    assert len(parse_bytes("old.gpx", text.encode()).activities) == 1


TCX = """
<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
  <Activities>
    <Activity Sport="{sport}">
      <Id>2024-03-15T06:12:03Z</Id>
      <Lap StartTime="2024-03-15T06:12:03Z">
        <TotalTimeSeconds>600</TotalTimeSeconds><DistanceMeters>2000</DistanceMeters>
        <Track>
          <Trackpoint><Time>2024-03-15T06:12:03Z</Time><DistanceMeters>0</DistanceMeters></Trackpoint>
          <Trackpoint><Time>2024-03-15T06:22:03Z</Time><DistanceMeters>2000</DistanceMeters></Trackpoint>
        </Track>
      </Lap>
      <Lap StartTime="2024-03-15T06:27:03Z">
        <TotalTimeSeconds>300</TotalTimeSeconds><DistanceMeters>1000.5</DistanceMeters>
        <Track>
          <Trackpoint><Time>2024-03-15T06:27:03Z</Time></Trackpoint>
          <Trackpoint><Time>2024-03-15T06:32:03Z</Time></Trackpoint>
        </Track>
      </Lap>
    </Activity>
  </Activities>
</TrainingCenterDatabase>
"""


def test_a_tcx_with_two_laps_and_a_pause() -> None:
    outcome = parse_bytes("run.tcx", TCX.format(sport="Running").encode())
    assert outcome.error is None
    (record,) = outcome.activities
    assert record.sport == "run"
    assert record.started_at == datetime(2024, 3, 15, 6, 12, 3, tzinfo=UTC)
    assert record.duration_s == pytest.approx(20 * 60)
    assert record.moving_s == pytest.approx(15 * 60)
    assert record.distance_m == pytest.approx(3000.5)
    assert record.source_format == "tcx"


def test_a_biking_tcx_gz_is_skipped() -> None:
    outcome = parse_bytes("ride.tcx.gz", gzip.compress(TCX.format(sport="Biking").encode()))
    assert outcome.activities == ()
    assert outcome.skipped[0].sport == "cycling"


def test_a_tcx_without_times() -> None:
    text = (
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">'
        '<Activities><Activity Sport="Running"><Lap><TotalTimeSeconds>60</TotalTimeSeconds></Lap>'
        "</Activity></Activities></TrainingCenterDatabase>"
    )
    outcome = parse_bytes("x.tcx", text.encode())
    assert outcome.error is not None and outcome.error.startswith("no timestamps")


def test_a_gpx_named_tcx_is_an_error() -> None:
    outcome = parse_bytes("x.tcx", gpx(ONE_SEGMENT).encode())
    assert outcome.error is not None and "not a TCX file" in outcome.error


# --- streaming (issue 7) ------------------------------------------------------------------------------------


def test_a_large_gpx_is_parsed_without_building_the_document() -> None:
    import tracemalloc

    from hipcoach.importers.gpx import parse_gpx

    points = [
        (46.0 + i * 1e-5, 14.0, f"2024-03-15T{6 + i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d}Z")
        for i in range(20_000)
    ]
    data = gpx([points]).encode()
    tracemalloc.start()
    try:
        (record,), untimed = parse_gpx(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert untimed == [] and record.duration_s == pytest.approx(19_999)
    assert record.distance_m == pytest.approx(
        sum(haversine_m(*a[:2], *b[:2]) for a, b in zip(points, points[1:], strict=False))
    )
    assert len(data) > 1_500_000 and peak < 300_000  # a tree of 20,000 points would take tens of megabytes


def test_a_gpx_file_name_hint_an_untimed_track_and_points_outside_segments() -> None:
    text = (
        '<gpx xmlns="http://www.topografix.com/GPX/1/1" creator="eTrex">'
        "<metadata><name>Lauf am See</name></metadata>"
        "<trk><name>ACTIVE LOG</name><trkseg>"
        '<trkpt lat="46" lon="14"><time>2024-03-15T06:00:00Z</time>'
        "<extensions><time>2030-01-01T00:00:00Z</time></extensions></trkpt>"
        '<trkpt lat="46.001" lon="14"><time>2024-03-15T06:05:00Z</time></trkpt>'
        "</trkseg><extensions><trkseg><trkpt lat='1' lon='1'><time>2020-01-01T00:00:00Z</time></trkpt>"
        "</trkseg></extensions></trk>"
        "<trk><trkseg><trkpt lat='46' lon='14'/></trkseg></trk>"
        "<wpt lat='1' lon='2'><time>2019-01-01T00:00:00Z</time></wpt></gpx>"
    )
    outcome = parse_bytes("x.gpx", text.encode())
    (record,) = outcome.activities
    assert record.sport == "run"  # from the file name "Lauf am See"
    assert record.started_at == datetime(2024, 3, 15, 6, 0, tzinfo=UTC) and record.duration_s == 300
    assert [(s.name, s.reason) for s in outcome.skipped] == [
        ("track 2", "no timestamps: the track has no times")
    ]


def test_an_xml_error_after_a_wrong_root_is_still_an_xml_error() -> None:
    outcome = parse_bytes("x.gpx", b"<kml><a></kml>")
    assert outcome.error is not None and "XML error" in outcome.error


def test_a_tcx_with_two_activities_notes_and_trackpoint_distances() -> None:
    activity = (
        '<Activity Sport="Running"><Notes>  Tempo\nfelt good </Notes><Lap StartTime="2024-03-1{d}T06:00:00Z">'
        "<Track><Trackpoint><Time>2024-03-1{d}T06:00:00Z</Time><DistanceMeters>0</DistanceMeters></Trackpoint>"
        "<Trackpoint><Time>2024-03-1{d}T06:30:00Z</Time><DistanceMeters>6000</DistanceMeters></Trackpoint>"
        "</Track></Lap></Activity>"
    )
    text = (
        "<TrainingCenterDatabase><Activities>"
        + activity.format(d=5)
        + activity.format(d=6)
        + "</Activities></TrainingCenterDatabase>"
    )
    first, second = parse_bytes("two.tcx", text.encode()).activities
    assert (first.name, first.distance_m, first.duration_s, first.moving_s) == ("Tempo", 6000, 1800, None)
    assert second.started_at == datetime(2024, 3, 16, 6, 0, tzinfo=UTC)
