"""domain/rules.py holds each threshold once: the texts are written from the constants (change one and the
text follows), and every constant is read by the code or shown in a rule, so none is dead."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from hipcoach.domain import rules as R

SRC = Path(R.__file__).resolve().parents[1]  # src/hipcoach
RULES_FILE = Path(R.__file__).resolve()


def thresholds() -> list[str]:
    """The public UPPER_CASE constants of rules.py, less the registries of rules themselves."""
    names = []
    for name, value in vars(R).items():
        if not name.isupper() or name.startswith("_"):
            continue
        items = value.values() if isinstance(value, dict) else value if isinstance(value, tuple) else ()
        if items and all(isinstance(item, R.Rule) for item in items):
            continue
        names.append(name)
    return names


def names_read_in(tree: ast.AST) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            yield node.id
        elif isinstance(node, ast.Attribute):
            yield node.attr
        elif isinstance(node, ast.ImportFrom):
            yield from (alias.name for alias in node.names)


@cache
def names_read_outside_rules() -> frozenset[str]:
    """Every name the code outside rules.py reads (comments and strings do not count); templates by word."""
    names: set[str] = set()
    for path in SRC.rglob("*.py"):
        if path.resolve() != RULES_FILE:
            names.update(names_read_in(ast.parse(path.read_text(encoding="utf-8"))))
    for path in SRC.rglob("*.html"):
        names.update(re.findall(r"\b[A-Z][A-Z0-9_]+\b", path.read_text(encoding="utf-8")))
    return names


def rule_texts() -> tuple[str, ...]:
    """Every text rules.py writes from its constants, as the constants are now."""
    statements = tuple(rule.statement for rule in R.build_rules().values())
    return (*statements, R.pain_scale_hint(), R.rpe_scale_hint(), R.rpe_aim_hint())


def nudged(value: object) -> object:
    """A different value of the same shape, so a text that shows the constant must change."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 7
    if isinstance(value, float):
        return value + 0.123
    if isinstance(value, tuple):
        return tuple(nudged(item) for item in value)
    raise AssertionError(f"no way to nudge {value!r}: teach nudged() its type")


def test_every_threshold_is_read_by_the_code_or_shown_in_a_rule(monkeypatch):
    read = names_read_outside_rules()
    texts = rule_texts()
    dead = []
    for name in thresholds():
        if name in read:
            continue
        with monkeypatch.context() as patched:
            patched.setattr(R, name, nudged(getattr(R, name)))
            if rule_texts() == texts:
                dead.append(name)
    assert dead == [], f"constants in rules.py that nothing reads and no rule shows: {dead}"


def test_the_dead_constant_check_would_catch_one(monkeypatch):
    monkeypatch.setattr(R, "UNUSED_THRESHOLD_FOR_THIS_TEST", 4, raising=False)
    assert "UNUSED_THRESHOLD_FOR_THIS_TEST" in thresholds()
    assert "UNUSED_THRESHOLD_FOR_THIS_TEST" not in names_read_outside_rules()
    texts = rule_texts()
    monkeypatch.setattr(R, "UNUSED_THRESHOLD_FOR_THIS_TEST", nudged(4))
    assert rule_texts() == texts


def test_the_pause_and_progress_counts_are_read_by_the_progression_logic():
    read = names_read_outside_rules()
    assert {"GREEN_SESSIONS_TO_PROGRESS", "REGRESSIONS_TO_PAUSE", "GREEN_RPE_MAX"} <= read


def test_the_rules_built_at_import_are_the_ones_the_constants_give():
    assert R.build_rules() == R.RULES


def test_the_pain_scale_hint_is_written_from_the_pain_thresholds():
    safe, acceptable = R.PAIN_SAFE_MAX, R.PAIN_ACCEPTABLE_MAX
    assert R.pain_scale_hint() == (
        f"0-{safe} is fine, {safe + 1}-{acceptable} is acceptable, above {acceptable} is too much: "
        "ease off next time."
    )


@pytest.mark.parametrize(
    ("safe", "acceptable", "expected"),
    [
        (2, 6, "0-2 is fine, 3-6 is acceptable, above 6 is too much"),
        (3, 4, "0-3 is fine, 4 is acceptable, above 4 is too much"),
    ],
)
def test_the_pain_scale_hint_follows_the_thresholds(monkeypatch, safe, acceptable, expected):
    monkeypatch.setattr(R, "PAIN_SAFE_MAX", safe)
    monkeypatch.setattr(R, "PAIN_ACCEPTABLE_MAX", acceptable)
    assert R.pain_scale_hint().startswith(expected)


def test_the_effort_hint_names_the_most_effort_that_counts_toward_a_step_up(monkeypatch):
    assert f"{R.GREEN_RPE_MAX} or less counts toward a step up" in R.rpe_scale_hint()
    monkeypatch.setattr(R, "GREEN_RPE_MAX", 8)
    assert R.rpe_scale_hint().endswith("; 8 or less counts toward a step up.")


def test_the_progression_rules_are_written_from_their_constants():
    statements = {rule_id: rule.statement for rule_id, rule in R.RULES.items()}
    assert statements["progression.progress"].startswith(
        f"Two sessions in a row at the full dose with pain during exercise at {R.PAIN_SAFE_MAX}/10 or less "
        f"and effort (RPE) at {R.GREEN_RPE_MAX} or less"
    )
    assert f"Pain above {R.PAIN_ACCEPTABLE_MAX}/10" in statements["progression.regress"]
    assert f"harder than RPE {R.GREEN_RPE_MAX}," in statements["progression.incomplete"]


def test_the_rule_statements_follow_changed_constants(monkeypatch):
    for name, value in {
        "PAIN_SAFE_MAX": 2,
        "PAIN_ACCEPTABLE_MAX": 6,
        "GREEN_RPE_MAX": 8,
        "GREEN_SESSIONS_TO_PROGRESS": 3,
        "REGRESSIONS_TO_PAUSE": 3,
        "MORNING_CLEARLY_WORSE": 3,
        "MEANINGFUL_CHANGE_POINTS": 3,
        "MEANINGFUL_CHANGE_FRACTION": 0.25,
        "PHASE1_MIN_MOBILITY_SESSIONS": 8,
        "PHASE1_MIN_DAYS": 21,
        "PHASE3_LADDER_LEVEL": 4,
        "MIN_HOURS_BETWEEN_STRENGTH": 72,
        "MOBILITY_SESSIONS_MIN": 4,
        "STRENGTH_REST_SECONDS": (45, 120),
        "STRENGTH_RPE_AIM": (5, 7),
    }.items():
        monkeypatch.setattr(R, name, value)
    statements = {rule_id: rule.statement for rule_id, rule in R.build_rules().items()}
    assert statements["progression.progress"].startswith(
        "Three sessions in a row at the full dose with pain during exercise at 2/10 or less and effort (RPE) "
        "at 8 or less"
    )
    assert "after the third one in a row" in statements["progression.green-once"]
    assert statements["progression.hold"].startswith("Pain of 3-6/10 during exercise")
    assert "a morning one to two points above your baseline" in statements["progression.hold"]
    assert statements["progression.regress"].startswith(
        "Pain above 6/10 during exercise, or a morning three or more points above"
    )
    assert statements["progression.pause"].startswith("Three step-backs among your last four sessions")
    assert "at least 3 points or at least 25%" in statements["pain.meaningful-change"]
    assert "at least 8 mobility sessions over at least 21 days" in statements["phase.mobility-to-strength"]
    assert "reached its fourth level" in statements["phase.strength-to-elongated"]
    assert statements["plan.strength-spacing"] == "At least 72 hours between strength sessions."
    assert "at least 72 hours apart" in statements["week.strength-placement"]
    assert "at least 4 times a week" in statements["week.mobility-placement"]
    assert "45-120 s rest between rounds" in statements["dose.strength-frequency"]
    assert statements["dose.strength-frequency"].endswith("(RPE 5-7).")
    assert R.rpe_aim_hint().startswith("Aim for 5-7:")
    assert R.RULES["progression.pause"].statement.startswith("Two step-backs")  # built once, at import


def test_numbers_are_spelt_as_the_texts_say_them():
    assert [R.count_word(n) for n in (1, 2, 3, 12)] == ["one", "two", "three", "12"]
    assert [R.ordinal_word(n) for n in (1, 2, 3, 11, 12, 13, 21, 22)] == [
        "first",
        "second",
        "third",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
    ]
    assert (R.span(4, 5), R.span(4, 4), R.span(60.0, 90.0)) == ("4-5", "4", "60-90")


def test_the_screening_age_rules_are_written_from_their_constants(monkeypatch):
    def statements() -> dict[str, str]:
        return {rule_id: rule.statement for rule_id, rule in R.build_rules().items()}

    assert statements()["screening.young-runner"].startswith(
        "Runners under 18 with pain around the hip, groin, thigh or knee see a clinician"
    )
    assert statements()["screening.older-runner-back"].startswith("Being over 50 with low back pain")
    assert "three months or more" in statements()["screening.bone-health"]
    assert "two or more together" in statements()["screening.red-flags-combine"]
    monkeypatch.setattr(R, "YOUNG_RUNNER_AGE_UNDER", 16)
    monkeypatch.setattr(R, "OLDER_RUNNER_AGE_OVER", 60)
    monkeypatch.setattr(R, "MISSED_PERIODS_MONTHS", 6)
    monkeypatch.setattr(R, "NOTE_FLAGS_THAT_REFER", 3)
    assert statements()["screening.young-runner"].startswith("Runners under 16 ")
    assert statements()["screening.older-runner-back"].startswith("Being over 60 ")
    assert "six months or more" in statements()["screening.bone-health"]
    assert "three or more together" in statements()["screening.red-flags-combine"]
    assert R.screening_text_values() == {"missed_periods_months": "six"}
