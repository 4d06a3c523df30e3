"""The exercise library: public, grouped by block, each exercise in full with its evidence."""

import re

from hipcoach.content import default_library
from hipcoach.domain.content import Block
from hipcoach.domain.phases import Phase
from hipcoach.domain.program import ProgramSettings, session_plan
from hipcoach.web.player_schemas import plan_public
from tests.web.conftest import page_text
from tests.web.pages import runner


def test_the_library_is_public_and_grouped_by_block_in_session_order(anonymous):
    response = anonymous.get("/exercises")
    text = page_text(response)
    assert response.status_code == 200
    headings = re.findall(r'<h2 id="block-[a-z]+-title">([^<]+)</h2>', response.text)
    assert headings == [
        "Hip mobility",
        "Runner&#39;s strength",
        "Core (optional)",
        "Foot and ankle",
        "General accessories",
    ]
    assert (
        "Half-kneeling halo" in text and "Dose: 3 clockwise + 3 counter-clockwise circles each side" in text
    )
    assert 'href="/exercises/runners-lunge"' in response.text
    assert "Sources" in text  # each circuit's advice cites its evidence


def test_an_exercise_shows_cues_faults_ladder_and_full_references(anonymous):
    response = anonymous.get("/exercises/runners-lunge")
    text = page_text(response)
    assert response.status_code == 200
    assert "Why it looks like running" in text and "deep flexion" in text
    assert "Cues" in text and "Take a long stance so the back hip opens at the bottom." in text
    assert "Common faults" in text and "The front knee caving inward." in text
    assert "Easier:" in text and "Harder:" in text
    assert "Level 1: Split-squat hold with two-arm press." in text and "Level 5: Loaded runner" in text
    assert "Trowell D" in text and 'href="https://doi.org/10.1007/s40279-019-01184-9"' in response.text
    assert 'class="tag tag-V"' in response.text and 'class="tag tag-D"' in response.text


def test_a_signed_in_runner_sees_the_same_library(signed_in):
    client = runner(signed_in, "ana@example.com")
    assert "Sign out" in page_text(client.get("/exercises/hip-cars"))


def test_an_unknown_exercise_is_a_not_found_page(anonymous):
    response = anonymous.get("/exercises/moonwalk")
    assert response.status_code == 404
    assert "no exercise with that name" in page_text(response)


def test_a_ladder_level_done_in_a_position_of_its_own_has_its_own_figure(anonymous):
    tall = anonymous.get("/exercises/half-kneeling-halo/figure.svg", params={"level": 1, "kind": "strip"})
    assert tall.status_code == 200
    assert '<title id="strip-half-kneeling-halo-level-1-title">Tall-kneeling halo</title>' in tall.text
    assert "kneel tall" in tall.text
    half = anonymous.get("/exercises/half-kneeling-halo/figure.svg", params={"level": 2, "kind": "strip"})
    assert ">Half-kneeling halo</title>" in half.text and "kneel tall" not in half.text
    assert half.text == anonymous.get("/exercises/half-kneeling-halo/figure.svg?kind=strip").text
    assert anonymous.get("/exercises/half-kneeling-halo/figure.svg?level=9").status_code == 404
    assert anonymous.get("/exercises/half-kneeling-halo/figure.svg?level=0").status_code == 422


def test_a_runner_on_the_tall_kneeling_halo_is_given_the_tall_kneeling_figure():
    library = default_library()
    plan = session_plan(Phase.STRENGTH, Block.STRENGTH, library, {}, ProgramSettings())
    items = {item.exercise_id: item for item in plan_public(plan, library.illustrations).items}
    halo = items["half-kneeling-halo"]
    assert halo.level == 1 and halo.figure_url == "/exercises/half-kneeling-halo/figure.svg?level=1"
    assert items["hip-cars"].figure_url == "/exercises/hip-cars/figure.svg"  # no level: as it is named
