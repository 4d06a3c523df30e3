"""Exercise figures on the web: the moving figure on the exercise page, the handout's strip of key poses, the
figure alone as an SVG file, and the player's figure of each exercise.

The library here holds one illustration only (a demo half-kneeling press, put on the half-kneeling hip flexor
mobilisation), so an exercise without one is known whatever the packaged content holds; the packaged
illustrations are checked on their own at the end.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from hipcoach.content import DATA_DIR, ContentError, default_library, load_library
from hipcoach.content.figures import figure_svg
from hipcoach.content.illustrations import ILLUSTRATIONS_FILE
from hipcoach.domain.content import Library
from hipcoach.domain.figure import Joint, LimbAngles, Pose, Prop, PropKind, Side
from hipcoach.domain.figure.illustration import Illustration
from hipcoach.services.context import Hipcoach
from hipcoach.settings import Settings
from hipcoach.web import create_app
from tests.integration.conftest import Clock
from tests.web.conftest import page_text
from tests.web.pages import runner

SVG = "{http://www.w3.org/2000/svg}"
ILLUSTRATED = "half-kneeling-hip-flexor-mobilisation"
PLAIN = "hip-cars"  # has no illustration in this library

# The demo pose of tests/unit/test_figure.py: kneeling on the right knee, the left foot flat in front.
KNEELING = frozenset({Joint.LEFT_HEEL, Joint.LEFT_TOE, Joint.RIGHT_KNEE, Joint.RIGHT_TOE})


def half_kneeling(name: str, shoulder: float, elbow: float) -> Pose:
    return Pose(
        name,
        left=LimbAngles(hip=100, knee=100, shoulder=shoulder, elbow=elbow),
        right=LimbAngles(hip=-10, knee=100, ankle=-5),
        support=KNEELING,
        anchor=Joint.RIGHT_KNEE,
        anchor_x=-0.2,
    )


def demo_illustration(exercise_id: str = ILLUSTRATED) -> Illustration:
    return Illustration(
        exercise_id,
        poses=(half_kneeling("weight at the shoulder", 20, 140), half_kneeling("press overhead", 175, 0)),
        props=(Prop(PropKind.WEIGHT, joint=Joint.LEFT_HAND), Prop(PropKind.MAT, x=-0.6, width=1.2)),
    )


def demo_library() -> Library:
    """The packaged content with exactly one illustration: the demo, on ILLUSTRATED."""
    return replace(default_library(), illustrations={ILLUSTRATED: demo_illustration()})


@pytest.fixture
def hipcoach(engine: Engine, clock: Clock) -> Hipcoach:
    return Hipcoach(engine=engine, library=demo_library(), now=clock)


def svgs(html: str) -> list[ET.Element]:
    return [ET.fromstring(match) for match in re.findall(r"<svg\b.*?</svg>", html, flags=re.S)]


def test_the_exercise_page_shows_the_moving_figure_with_its_text_alternative(anonymous):
    response = anonymous.get(f"/exercises/{ILLUSTRATED}")
    assert response.status_code == 200
    [figure] = svgs(response.text)
    assert figure.get("role") == "img"
    title, desc = figure.find(f"{SVG}title"), figure.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert title.text == "Half-kneeling hip flexor mobilisation with overhead reach"
    assert figure.get("aria-labelledby") == title.get("id")
    assert figure.get("aria-describedby") == desc.get("id")
    assert desc.text is not None
    assert "The right side works and is drawn darker" in desc.text
    assert "The key poses are: 1. weight at the shoulder; 2. press overhead." in desc.text
    assert figure.find(f".//{SVG}animate") is not None
    assert "prefers-reduced-motion" in response.text  # the key poses side by side instead of moving
    assert f'href="/exercises/{ILLUSTRATED}/print"' in response.text


def test_an_exercise_without_an_illustration_shows_no_figure_and_has_no_figure_file(anonymous):
    response = anonymous.get(f"/exercises/{PLAIN}")
    assert response.status_code == 200 and "<svg" not in response.text
    assert "Cues" in page_text(response)
    assert anonymous.get(f"/exercises/{PLAIN}/figure.svg").status_code == 404
    assert anonymous.get("/exercises/moonwalk/figure.svg").status_code == 404
    handout = anonymous.get(f"/exercises/{PLAIN}/print")  # the handout still has the words
    assert handout.status_code == 200 and "<svg" not in handout.text and "Cues" in page_text(handout)


def test_the_figure_file_is_parseable_svg_cached_and_revalidated(anonymous):
    response = anonymous.get(f"/exercises/{ILLUSTRATED}/figure.svg")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert "max-age" in response.headers["cache-control"]
    root = ET.fromstring(response.content)
    assert root.tag == f"{SVG}svg" and root.find(f"{SVG}title") is not None
    assert root.find(f".//{SVG}animate") is not None

    again = anonymous.get(
        f"/exercises/{ILLUSTRATED}/figure.svg", headers={"If-None-Match": response.headers["etag"]}
    )
    assert again.status_code == 304 and not again.content

    strip = anonymous.get(f"/exercises/{ILLUSTRATED}/figure.svg?kind=strip")
    still = ET.fromstring(strip.content)
    assert still.find(f".//{SVG}animate") is None and len(still.findall(f".//{SVG}text")) == 2
    assert strip.headers["etag"] != response.headers["etag"]
    assert anonymous.get(f"/exercises/{ILLUSTRATED}/figure.svg?kind=gif").status_code == 422


def test_the_figure_of_the_other_side_is_the_mirror_image(anonymous):
    url = f"/exercises/{ILLUSTRATED}/figure.svg"
    drawn = anonymous.get(url)
    assert anonymous.get(url, params={"side": "right"}).content == drawn.content  # the side it is drawn on
    left = ET.fromstring(anonymous.get(url, params={"side": "left"}).content)
    desc = left.find(f"{SVG}desc")
    assert desc is not None and desc.text and "The left side works and is drawn darker" in desc.text
    assert desc.get("id") == f"fig-{ILLUSTRATED}-left-desc"
    # the darker (working) leg is now the left one
    legs = {path.get("class"): path.get("stroke-width") for path in left.iter(f"{SVG}path")}
    assert float(legs["hcfig-left-leg"] or 0) > float(legs["hcfig-right-leg"] or 0)
    assert anonymous.get(url, params={"side": "middle"}).status_code == 422


def test_the_handout_has_the_strip_of_key_poses_the_dose_and_the_cues(anonymous):
    response = anonymous.get(f"/exercises/{ILLUSTRATED}/print")
    text = page_text(response)
    assert response.status_code == 200
    [strip] = svgs(response.text)
    assert strip.find(f".//{SVG}animate") is None
    assert [t.text for t in strip.iter(f"{SVG}text")] == ["1. weight at the shoulder", "2. press overhead"]
    assert "Dose per round" in text and "Cues" in text and "Common faults" in text
    assert 'class="print-page handout"' in response.text and "site-header" not in response.text


def test_the_library_list_shows_a_small_still_figure_only_where_there_is_one(anonymous):
    response = anonymous.get("/exercises")
    assert response.status_code == 200 and "<svg" not in response.text  # light: a lazy, cached image
    thumbs = re.findall(r'<img class="exercise-thumb" src="([^"]+)"\s+alt=""', response.text)
    assert thumbs == [f"/exercises/{ILLUSTRATED}/figure.svg?kind=strip"]


def test_the_player_gives_the_figure_of_each_illustrated_exercise(signed_in):
    client = runner(signed_in, "figures@example.com")
    page = client.get("/session?kind=mobility")
    assert page.status_code == 200
    data = re.search(r'<script type="application/json" id="session-plan">(.*?)</script>', page.text, re.S)
    assert data is not None
    items = {item["exercise_id"]: item for item in json.loads(data.group(1))["items"]}
    assert items[ILLUSTRATED]["figure_url"] == f"/exercises/{ILLUSTRATED}/figure.svg"
    assert all(item["figure_url"] is None for key, item in items.items() if key != ILLUSTRATED)
    # The plan from the API says the same, and the page without JavaScript shows the still strip.
    api = client.get("/api/session/plan", params={"kind": "mobility"}).json()
    assert [i["figure_url"] for i in api["items"]] == [
        items[i["exercise_id"]]["figure_url"] for i in api["items"]
    ]
    [strip] = svgs(page.text)
    title = strip.find(f"{SVG}title")
    assert title is not None and title.get("id") == f"plain-strip-{ILLUSTRATED}-title"
    assert strip.find(f".//{SVG}animate") is None


@pytest.mark.parametrize("exercise_id", sorted(default_library().illustrations) or [None])
def test_every_packaged_illustration_renders_and_parses(exercise_id):
    if exercise_id is None:
        pytest.skip("the packaged content has no illustrations yet")
    library = default_library()
    exercise = library.exercises[exercise_id]
    for kind in ("animated", "strip"):
        svg = figure_svg(library, exercise, kind)
        assert svg is not None
        root = ET.fromstring(str(svg))
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None and title.text == exercise.name
        assert desc is not None and desc.text and "The key poses are: 1." in desc.text
        assert (root.find(f".//{SVG}animate") is not None) is (kind == "animated")


def test_the_foot_close_up_of_the_left_foot_is_the_right_ones_mirror_image():
    library = default_library()
    if "toe-yoga" not in library.illustrations:
        pytest.skip("the packaged content has no toe-yoga illustration")
    exercise = library.exercises["toe-yoga"]
    right = ET.fromstring(str(figure_svg(library, exercise, "strip", side=Side.RIGHT)))
    left = ET.fromstring(str(figure_svg(library, exercise, "strip", side=Side.LEFT)))
    assert "close-up of the right foot" in (right.findtext(f"{SVG}desc") or "")
    assert "close-up of the left foot" in (left.findtext(f"{SVG}desc") or "")

    def toe_direction(root: ET.Element) -> float:
        """+1 where the big toe points right in the picture, -1 where it points left."""
        path = next(p for p in root.iter(f"{SVG}path") if p.get("class") == "hcfig-foot-big-toe")
        (x0, _), (x1, _) = (
            map(float, point.split(",")) for point in path.get("d", "").lstrip("M").split(" L")
        )
        return 1.0 if x1 > x0 else -1.0

    assert toe_direction(right) == 1.0 and toe_direction(left) == -1.0


def test_a_broken_figure_file_stops_the_app_at_start(engine, tmp_path):
    data = tmp_path / "content"
    shutil.copytree(DATA_DIR, data)
    (data / ILLUSTRATIONS_FILE).write_text('[[illustration]]\nexercise = "squat"\n', encoding="utf-8")
    library = load_library(data, figures_on_first_use=True)  # the figures are read only when first asked for
    settings = Settings(data_dir=tmp_path / "data", secret_key="test-secret-key-not-for-production")
    app = create_app(settings, Hipcoach(engine=engine, library=library))
    with pytest.raises(ContentError, match="illustration 'squat'"), TestClient(app):
        pass
