"""What the JSON API's modules share: the documented error answers, the 422 for an unknown id, and the
public shapes of evidence, red flags and decisions.

Every private route takes the profile from the signed-in account, never from the URL: an id that belongs to
another account is answered 404, exactly like one that does not exist.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from fastapi.exceptions import RequestValidationError

from hipcoach.domain.content import RedFlag
from hipcoach.domain.screening import why_raised
from hipcoach.services.history import DecisionLine
from hipcoach.services.screening import UnansweredQuestions
from hipcoach.web import schemas as s
from hipcoach.web.templating import evidence_links

PRIVATE: dict[int | str, dict[str, Any]] = {
    401: {"description": "not signed in"},
    403: {"description": "a change without the X-CSRF-Token header"},
    404: {"description": "no such item for this account"},
    409: {"description": "onboarding is not finished (no profile yet)"},
}
REFUSED: dict[int | str, dict[str, Any]] = {400: {"description": "the change was refused; nothing saved"}}


def invalid(field: str, message: str) -> RequestValidationError:
    """A 422 in FastAPI's own shape, for a check only the service's library can make (unknown ids)."""
    error = {"type": "value_error", "loc": ("body", field), "msg": message, "input": None}
    return RequestValidationError([error])


def unknown(ids: list[str], known: Iterable[str]) -> list[str]:
    """The ids that name nothing in ``known``, sorted."""
    return sorted(set(ids) - set(known))


def evidence_public(ids: Iterable[str]) -> list[s.EvidencePublic]:
    """The cited sources of a rule or result, as every JSON API gives them."""
    return [s.EvidencePublic(**item) for item in evidence_links(tuple(ids))]


def red_flag_public(flag: RedFlag) -> s.RedFlagPublic:
    return s.RedFlagPublic(
        id=flag.id,
        level=flag.level.value,
        question=flag.question or None,
        checkin_question=flag.checkin_question or None,
        asked=flag.asked.value,
        asked_if_sign=flag.asked_if_sign,
        reason=why_raised(flag),
        advice=flag.advice,
    )


def refused_answers(error: UnansweredQuestions, sign_ids: Collection[str]) -> RequestValidationError:
    """The 422 for questions left unanswered, by field: the missing sign ids, the missing red-flag ids."""
    problems = []
    for field, ids in (
        ("signs", [i for i in error.ids if i in sign_ids]),
        ("red_flags", [i for i in error.ids if i not in sign_ids]),
    ):
        if ids:
            message = f"no answer (true or false) for: {', '.join(ids)}; nothing was saved"
            problems.append({"type": "value_error", "loc": ("body", field), "msg": message, "input": None})
    return RequestValidationError(problems)


def decision_public(line: DecisionLine) -> s.DecisionPublic:
    return s.DecisionPublic(
        exercise_id=line.exercise_id,
        outcome=line.outcome,
        reason=line.reason,
        from_level=line.from_level,
        to_level=line.to_level,
        evidence=evidence_public(line.evidence),
    )
