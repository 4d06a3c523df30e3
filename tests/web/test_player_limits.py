"""The player script has no numbers of its own: the page gives it the domain's bounds and thresholds.

And the script's modules are served so a browser runs them: each with a JavaScript type, each one imported
found where the import names it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from hipcoach.domain import measures, pain_stop, rules
from hipcoach.web.app import STATIC_DIR
from tests.web.test_player_api import give_program

PLAYER_DIR = STATIC_DIR / "player"
JAVASCRIPT_TYPES = ("text/javascript", "application/javascript")
PURE_MODULES_NEVER_USE = (
    "Date.now",
    "document",
    "window",
    "fetch(",
    "localStorage",
    "setTimeout",
    "setInterval",
)
MODULE_TAG = '<script type="module" src="/static/player/main.js"></script>'


@pytest.fixture
def runner(signed_in, hipcoach):
    client = signed_in("limits@example.com")
    give_program(hipcoach, "limits@example.com")
    return client


def page_limits(html: str) -> dict[str, object]:
    found = re.search(r'<script type="application/json" id="player-limits">(.*?)</script>', html, re.S)
    assert found is not None
    limits: dict[str, object] = json.loads(found.group(1))
    return limits


def test_the_page_gives_the_player_the_domain_bounds_and_pain_thresholds(runner):
    response = runner.get("/session")
    assert response.status_code == 200
    limits = page_limits(response.text)
    stop = limits.pop("pain_stop")
    assert limits == {
        "scale_min": measures.SCALE_MIN,
        "scale_max": measures.SCALE_MAX,
        "max_reps": measures.MAX_REPS,
        "max_load_kg": measures.MAX_LOAD_KG,
        "pain_safe_max": rules.PAIN_SAFE_MAX,
        "pain_acceptable_max": rules.PAIN_ACCEPTABLE_MAX,
        "rpe_aim_hint": "Aim for 6-8: the last reps hard, the form still clean.",
    }
    assert stop == {
        "rule_id": "session.pain-stop",
        "rule": rules.RULES["session.pain-stop"].statement,
        "kinds": list(rules.PAIN_STOP_KINDS),
        "kinds_question": "Is the pain sharp, shooting, burning or stinging?",
        "verdicts": pain_stop.texts(),
        "choices": pain_stop.choice_texts(),
    }
    assert stop["verdicts"]["too-much"] == "Pain above 5/10 is too much: this exercise stops here."


def test_a_changed_constant_reaches_the_player_with_no_copy_to_update(runner, monkeypatch):
    changed = {
        (measures, "SCALE_MIN"): 1,
        (measures, "SCALE_MAX"): 7,
        (measures, "MAX_REPS"): 123,
        (measures, "MAX_LOAD_KG"): 321.5,
        (rules, "PAIN_SAFE_MAX"): 2,
        (rules, "PAIN_ACCEPTABLE_MAX"): 4,
    }
    for (module, name), value in changed.items():
        monkeypatch.setattr(module, name, value)
    monkeypatch.setattr(rules, "PAIN_STOP_KINDS", ("sharp", "electric"))
    monkeypatch.setattr(rules, "STRENGTH_RPE_AIM", (5, 9))
    limits = page_limits(runner.get("/session").text)
    stop = limits.pop("pain_stop")
    assert limits.pop("rpe_aim_hint").startswith("Aim for 5-9:")
    assert sorted(limits.values()) == sorted(changed.values())
    assert (limits["max_reps"], limits["pain_safe_max"]) == (123, 2)
    # the "this hurts" words follow the same constants
    assert stop["kinds"] == ["sharp", "electric"]
    assert stop["kinds_question"] == "Is the pain sharp or electric?"
    assert stop["verdicts"] == {
        "fine": "Pain up to 2/10 is fine: carry on.",
        "acceptable": (
            "Pain of 3-4/10 is acceptable: carry on, and say so again if it goes above 4/10 or turns "
            "sharp or electric."
        ),
        "too-much": "Pain above 4/10 is too much: this exercise stops here.",
        "sharp": "Pain that is sharp or electric stops this exercise here, whatever its score.",
    }
    assert stop["rule"].startswith(
        "Pain above 4/10 during an exercise, or pain that is sharp or electric, stops"
    )


def _imports(module: Path) -> list[str]:
    return re.findall(r'^\s*(?:import|export)\b[^;]*?\bfrom\s+"(\./[^"]+)";', module.read_text(), re.M | re.S)


def test_the_page_loads_the_player_as_a_module_and_every_module_it_imports_is_served_as_javascript(runner):
    assert MODULE_TAG in runner.get("/session").text
    served: set[str] = set()
    waiting = ["main.js"]
    while waiting:
        name = waiting.pop()
        if name in served:
            continue
        response = runner.get(f"/static/player/{name}")
        assert response.status_code == 200, name
        # a browser refuses a module script of any other type (HTML spec: "JavaScript MIME type")
        assert response.headers["content-type"].split(";")[0] in JAVASCRIPT_TYPES, name
        served.add(name)
        waiting += [imported.removeprefix("./") for imported in _imports(PLAYER_DIR / name)]
    assert served == {path.name for path in PLAYER_DIR.glob("*.js")}  # every module is part of the player


def test_no_player_module_reads_the_clock_or_the_page_where_it_promises_to_be_pure():
    for name in ("state.js", "answers.js", "words.js", "hurts.js"):
        text = re.sub(r"/\*.*?\*/|//[^\n]*", "", (PLAYER_DIR / name).read_text(), flags=re.S)  # code only
        for forbidden in PURE_MODULES_NEVER_USE:
            assert forbidden not in text, f"{name} uses {forbidden}"
