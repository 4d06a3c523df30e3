"""The video pages (issue 19): choose a test, read how to film it, upload, follow the analysis, read the
angles beside the ideal figure; refusals say what to do; the video is gone afterwards unless kept.

The clip is 3 s of sports2d's demo (tests/video_files.py): a person on a box filmed from the side, analysed
by the real pose model, so each upload here costs a couple of seconds.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from hipcoach.domain.anatomy import Side
from hipcoach.domain.figure.skeleton import View
from hipcoach.domain.motion.protocols import PROTOCOLS, VideoTest
from hipcoach.services.job_queue import JobRunner
from hipcoach.storage import models as m
from tests.video_mannequin import figure_clip, y_balance_clip
from tests.video_rows import stored_analysis
from tests.web.conftest import PASSWORD, csrf, page_text
from tests.web.pages import profile_of, runner


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> bytes:
    return figure_clip(tmp_path_factory.mktemp("clip") / "clip.mp4").read_bytes()


@pytest.fixture(autouse=True)
def inline_jobs(web_app):
    """Analyses run at once, in the request, so a test reads the finished analysis on the next page."""
    web_app.state.job_runner = JobRunner(inline=True)


def upload(client, video: bytes, name: str = "lunge.mp4", **fields: str):
    data = {"csrf_token": csrf(client), "test": "lunge", "view": "side", "side": "right"} | fields
    return client.post("/videos", data=data, files=[("video", (name, video, "video/mp4"))])


def analyses(hipcoach) -> list[m.VideoAnalysis]:
    with hipcoach.reading() as db:
        return list(db.scalars(select(m.VideoAnalysis).order_by(m.VideoAnalysis.id)))


def stored_files(web_app) -> list[Path]:
    folder = web_app.state.settings.uploads_folder()
    return sorted(folder.iterdir()) if folder.exists() else []


def test_the_chooser_lists_every_test_and_view_and_each_shows_how_to_film_it(signed_in):
    client = runner(signed_in, "ana@example.com")
    chooser = page_text(client.get("/videos/new"))
    for protocol in PROTOCOLS.values():
        for view in protocol.views:
            assert f"{protocol.name}, filmed from the {view.value}" in chooser
    page = client.get("/videos/new?test=lunge&view=front")
    text = page_text(page)
    for line in PROTOCOLS[VideoTest.LUNGE].filming[View.FRONT]:
        assert line in text
    assert "<svg" in page.text  # the ideal key pose, drawn by hipcoach's figure
    assert 'capture="environment"' in page.text and 'accept="video/*' in page.text
    assert "deleted as soon as it has been analysed" in text
    assert "Film it from the side instead" in text


def test_a_lunge_filmed_from_the_side_gives_angles_the_figure_the_key_frame_and_curves(
    signed_in, hipcoach, web_app, clip
):
    client = runner(signed_in, "ana@example.com")
    response = upload(client, clip)
    assert response.status_code == 303, page_text(response)
    url = response.headers["location"]
    page = client.get(url)
    text = page_text(page)
    assert page.status_code == 200
    assert "Lunge: right front leg, from the side" in text
    values = re.search(r"knee flexion (\d+)°", text)
    assert values is not None, text
    assert 0 <= int(values.group(1)) <= 167  # a knee's range plus the error of a 2-D angle
    assert "trunk lean" in text
    assert "You and good form" in text and page.text.count("<svg") >= 2  # figures and curves
    assert "Hollow grey points were not trusted" in text
    assert "2-D estimates" in text  # the caution beside every number
    assert "The video was deleted after the analysis" in text
    assert stored_files(web_app) == [], "the video stayed on disk"
    picture = client.get(f"{url}/key-frame.jpg")
    assert picture.status_code == 200 and picture.headers["content-type"] == "image/jpeg"
    assert "no-store" in picture.headers["cache-control"]
    assert Image.open(io.BytesIO(picture.content)).size[0] <= 960
    assert client.get(f"{url}/video").status_code == 404  # not kept
    status = client.get(f"/api/videos/{url.rsplit('/', 1)[1]}").json()
    assert status["status"] == "done" and status["finished"] and status["result"]["test"] == "lunge"
    listing = page_text(client.get("/videos"))
    assert "Lunge, right front leg, from the side" in listing and "knee-flexion" not in listing


def test_a_kept_video_can_be_downloaded_then_deleted_and_the_angles_stay(signed_in, web_app, clip):
    client = runner(signed_in, "ana@example.com")
    url = upload(client, clip, keep_video="true").headers["location"]
    assert "You kept this video" in page_text(client.get(url))
    video = client.get(f"{url}/video")
    assert video.status_code == 200 and video.content == clip
    assert len(stored_files(web_app)) == 1
    assert "The video file is removed from this server" in page_text(client.get(f"{url}/delete-video"))
    deleted = client.post(f"{url}/delete-video", data={"csrf_token": csrf(client)})
    assert deleted.status_code == 303
    text = page_text(client.get(url))
    assert "The video was deleted after the analysis" in text and "knee flexion" in text
    assert stored_files(web_app) == []
    assert client.get(f"{url}/video").status_code == 404


def test_a_lunge_filmed_from_the_side_but_sent_as_front_is_refused_with_what_to_do(signed_in, web_app, clip):
    client = runner(signed_in, "ana@example.com")
    url = upload(client, clip, view="front").headers["location"]
    text = page_text(client.get(url))
    assert "No angles from this video" in text
    assert "filmed from the side" in text
    assert "°" not in text  # a refusal carries no numbers
    for line in PROTOCOLS[VideoTest.LUNGE].filming[View.FRONT]:
        assert line in text
    assert client.get(f"{url}/key-frame.jpg").status_code == 404
    assert stored_files(web_app) == []


def test_a_file_that_is_not_a_video_ends_refused_and_is_deleted(signed_in, web_app):
    client = runner(signed_in, "ana@example.com")
    url = upload(client, b"these are my notes, not a film\n" * 50, name="notes.mp4").headers["location"]
    text = page_text(client.get(url))
    assert "No angles from this video" in text and "not a video" in text.lower()
    assert stored_files(web_app) == []


@pytest.mark.parametrize(
    ("fields", "name", "message"),
    [
        ({}, "holiday.jpg", "holiday.jpg is not a video file"),
        ({"test": "y-balance", "view": "front"}, "reach.mp4", "gives no numbers from the front"),
        ({"test": "hopscotch"}, "a.mp4", "choose the test you filmed"),
        ({"side": "middle"}, "a.mp4", "left or right"),
    ],
)
def test_a_wrong_upload_is_refused_on_the_form_and_nothing_is_stored(
    signed_in, hipcoach, web_app, fields, name, message
):
    client = runner(signed_in, "ana@example.com")
    response = upload(client, b"\x00\x00\x00\x18ftypmp42", name=name, **fields)
    assert response.status_code == 400
    assert message in page_text(response).lower()
    assert analyses(hipcoach) == [] and stored_files(web_app) == []


def test_left_against_right_once_both_legs_are_filmed(signed_in, clip, tmp_path):
    client = runner(signed_in, "ana@example.com")
    from_the_left = figure_clip(tmp_path / "left.mp4", facing=Side.LEFT).read_bytes()
    first = upload(client, from_the_left, side="left").headers["location"]
    assert "Film your other leg the same way" in page_text(client.get(first))
    second = upload(client, clip, side="right").headers["location"]
    text = page_text(client.get(second))
    assert "Left against right" in text
    # The same squat seen from each side: the two legs' key values are alike, so no difference is called.
    assert "within the error of a phone video" in text or "not measured on both legs" in text


def test_an_analysis_still_running_polls_and_another_runner_sees_nothing_of_it(signed_in, web_app, clip):
    client = runner(signed_in, "ana@example.com")
    queued = JobRunner(inline=True)
    queued.submit = lambda job_id, kind="import": None  # type: ignore[method-assign]  # leave it queued
    web_app.state.job_runner = queued
    url = upload(client, clip).headers["location"]
    page = client.get(url)
    assert "Status: queued" in page_text(page)
    assert "/static/job_status.js" in page.text and 'http-equiv="refresh"' in page.text
    other = runner(signed_in, "bo@example.com")
    for path in (url, f"{url}/key-frame.jpg", f"{url}/video", f"/api/videos/{url.rsplit('/', 1)[1]}"):
        assert other.get(path).status_code == 404


def test_deleting_an_analysis_removes_it_and_its_kept_video(signed_in, hipcoach, web_app, clip):
    client = runner(signed_in, "ana@example.com")
    url = upload(client, clip, keep_video="true").headers["location"]
    assert "Delete the analysis" in page_text(client.get(f"{url}/delete"))
    response = client.post(f"{url}/delete", data={"csrf_token": csrf(client)})
    assert response.status_code == 303 and response.headers["location"] == "/videos?deleted=1"
    assert analyses(hipcoach) == [] and stored_files(web_app) == []
    assert client.get(url).status_code == 404


def test_the_api_takes_a_video_and_reports_it_finished(signed_in, tmp_path):
    client = runner(signed_in, "ana@example.com")
    clip = y_balance_clip(tmp_path / "reach.mp4").read_bytes()
    response = client.post(
        "/api/videos",
        data={"test": "y-balance", "side": "left", "view": "side"},
        files=[("video", ("reach.mp4", clip, "video/mp4"))],
        headers={"X-CSRF-Token": csrf(client)},
    )
    assert response.status_code == 202, response.text
    body = client.get(response.headers["location"]).json()
    assert body["finished"] and body["test"] == "y-balance" and body["side"] == "left"
    moment = body["result"]["moment"]
    assert {value["angle"] for value in moment["values"]} == {"hip-flexion", "knee-flexion"}
    assert [item["id"] for item in client.get("/api/videos").json()] == [body["id"]]
    front = client.post(
        "/api/videos",
        data={"test": "y-balance", "side": "left", "view": "front"},
        files=[("video", ("reach.mp4", clip, "video/mp4"))],
        headers={"X-CSRF-Token": csrf(client)},
    )
    assert front.status_code == 400 and "from the side" in front.json()["detail"]


def test_deleting_the_account_deletes_its_kept_videos(signed_in, web_app, clip):
    client = runner(signed_in, "ana@example.com")
    upload(client, clip, keep_video="true")
    assert len(stored_files(web_app)) == 1
    done = client.post("/account/delete", data={"csrf_token": csrf(client), "password": PASSWORD})
    assert done.status_code == 303
    assert stored_files(web_app) == []


def test_the_readme_states_the_video_limits_as_the_code_sets_them():
    from hipcoach.domain.motion import people
    from hipcoach.domain.motion.angles import PLAUSIBLE, Angle
    from hipcoach.domain.motion.cleaning import MAX_GAP_FRAMES
    from hipcoach.domain.motion.error import ERROR_MAX_DEG
    from hipcoach.domain.motion.landmarks import CONFIDENCE_MIN
    from hipcoach.domain.motion.sides import ERROR_MIN_DEG
    from hipcoach.services.video_jobs import MAX_VIDEO_BYTES, VIDEO_SUFFIXES
    from hipcoach.video import checks, decode
    from hipcoach.web.body_limit import size_text

    readme = " ".join((Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8").split())
    assert checks.PERSON_SHARE_MIN == checks.VISIBLE_SHARE_MIN == 0.5  # "half", twice
    knee_most = PLAUSIBLE[Angle.KNEE_FLEXION][1]
    suffixes = ", ".join(f"`{s}`" for s in VIDEO_SUFFIXES[:-1]) + f" or `{VIDEO_SUFFIXES[-1]}`"
    for stated in (
        f"A video upload is at most {size_text(MAX_VIDEO_BYTES)}",
        f"an {suffixes} file",
        f"last {decode.MIN_SECONDS:g} to {decode.MAX_SECONDS:g} s",
        f"filmed at {decode.MIN_FPS:g} to {decode.MAX_FPS:g} frames a second",
        f"at most {decode.MAX_SIDE_PX} pixels on its longer side",
        "found in at least half of the frames",
        f"faster than {people.HIP_SPEED_MAX:g} torso lengths a second",
        f"rates below {CONFIDENCE_MIN:g}",
        f"widened by {ERROR_MAX_DEG:g}°: a knee is never bent more than {knee_most:g}°",
        f"gaps of up to {MAX_GAP_FRAMES} frames are filled",
        f"a difference under {ERROR_MIN_DEG:g}° is not called",
        f"{ERROR_MIN_DEG:g}-{ERROR_MAX_DEG:g}° from a laboratory's",
    ):
        assert stated in readme, stated


def test_the_results_page_says_when_someone_else_was_followed_and_left_out(signed_in, hipcoach):
    client = runner(signed_in, "passed.by@example.com")
    profile = profile_of(hipcoach, "passed.by@example.com")
    assert profile is not None
    plain = stored_analysis(hipcoach, profile.id, "alone.mp4")
    passed = stored_analysis(hipcoach, profile.id, "passed.mp4", passer_by=range(5, 13))
    text = page_text(client.get(f"/videos/{passed}"))
    assert "Someone else was followed from 0.17 s to 0.40 s; those frames were left out of every angle." in (
        text
    )
    assert "Someone else" not in page_text(client.get(f"/videos/{plain}"))
