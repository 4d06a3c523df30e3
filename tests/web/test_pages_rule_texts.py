"""The pages show the pain and effort scales written from domain/rules.py: change a threshold, the page
follows."""

from __future__ import annotations

import pytest

from hipcoach.domain import rules as R
from tests.web.conftest import page_text
from tests.web.pages import runner


@pytest.fixture
def other_thresholds(monkeypatch):
    """Thresholds no page could show by accident: a copy typed into a template would still say 0-3 and 4-5."""
    monkeypatch.setattr(R, "PAIN_SAFE_MAX", 2)
    monkeypatch.setattr(R, "PAIN_ACCEPTABLE_MAX", 6)
    monkeypatch.setattr(R, "GREEN_RPE_MAX", 8)


def test_the_session_form_shows_the_pain_and_effort_scales_from_the_rules(signed_in):
    text = page_text(runner(signed_in, "ana@example.com").get("/session"))
    assert R.pain_scale_hint() in text
    assert f"0-{R.PAIN_SAFE_MAX} is fine, {R.PAIN_SAFE_MAX + 1}-{R.PAIN_ACCEPTABLE_MAX} is acceptable" in text
    assert f"{R.GREEN_RPE_MAX} or less counts toward a step up" in text


def test_the_session_form_follows_changed_thresholds(signed_in, other_thresholds):
    text = page_text(runner(signed_in, "ana@example.com").get("/session"))
    assert "0-2 is fine, 3-6 is acceptable, above 6 is too much" in text
    assert "8 or less counts toward a step up" in text
    assert "0-3 is fine" not in text and "4-5 is acceptable" not in text


def test_the_printed_handout_follows_changed_thresholds(anonymous, other_thresholds):
    response = anonymous.get("/exercises/hip-cars/print")
    assert response.status_code == 200
    text = page_text(response)
    assert "Pain during an exercise, out of 10: 0-2 is fine, 3-6 is acceptable, above 6 is too much" in text
    assert "0-3" not in text and "4-5" not in text
