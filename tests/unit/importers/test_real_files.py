"""Files recorded by real devices and apps (``../shared/data/real/``, read-only; see its SOURCES.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hipcoach.importers import FileOutcome, count_files, scan


def _real_dir() -> Path | None:
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent.parent / "shared" / "data" / "real"
        if (parent / "pyproject.toml").is_file() and candidate.is_dir():
            return candidate
    return None


REAL = _real_dir()
pytestmark = pytest.mark.skipif(
    REAL is None, reason="../shared/data/real/ (real device files, outside the repository) is absent"
)


def _one(name: str) -> FileOutcome:
    assert REAL is not None
    path = REAL / name
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    (outcome,) = list(scan([path]))
    return outcome


def test_garmin_forerunner_935_is_a_swim_and_is_skipped() -> None:
    outcome = _one("garmin-fr935-cr.fit")
    assert outcome.error is None
    assert outcome.activities == ()
    (skipped,) = outcome.skipped
    assert skipped.sport == "swim"
    assert skipped.reason == "swim is not running"


WAYPOINTS_ONLY = "not an activity: the GPX file has no track (only waypoints or routes)"


def test_gpx_with_garmin_extensions_holds_only_a_waypoint() -> None:
    # Runkeeper's file in gpxpy's tests is one <wpt> with a heart-rate extension: no track, so no activity.
    assert _one("gpx_with_garmin_extension.gpx").error == WAYPOINTS_ONLY


def test_gpx_tracks_without_times_are_skipped_with_no_timestamps() -> None:
    # Eight "ACTIVE LOG" tracks from a GPS unit; only the eighth (5 points, 57 s, no type) has times.
    outcome = _one("cerknicko-without-times.gpx")
    assert outcome.error is None
    assert outcome.activities == ()
    reasons = [s.reason for s in outcome.skipped]
    assert reasons.count("no timestamps: the track has no times") == 7
    timed = [s for s in outcome.skipped if not s.reason.startswith("no timestamps")]
    assert [(s.name, s.sport) for s in timed] == [("ACTIVE LOG #8", "other")]


def test_gpx_with_a_bom_is_read() -> None:
    # parsed past the BOM (a waypoint-only file, hence the "no track" error rather than an XML error)
    assert _one("unicode_with_bom.gpx").error == WAYPOINTS_ONLY


def test_gpx_with_an_empty_segment_imports() -> None:
    outcome = _one("track-with-empty-segment.gpx")
    assert outcome.error is None
    (skipped,) = outcome.skipped  # no <type> and no running hint: other, not counted
    assert skipped.sport == "other"


def test_the_whole_folder_scans_without_raising() -> None:
    assert REAL is not None
    outcomes = list(scan([REAL]))
    assert len(outcomes) == count_files([REAL]) == 5
    for outcome in outcomes:
        assert outcome.error in (None, WAYPOINTS_ONLY), outcome
        assert len(outcome.file_hash) == 64
