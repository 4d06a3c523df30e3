"""Jinja2 templates with what every page needs: the CSRF field, the signed-in account, evidence citations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from hipcoach.clock import MAX_ZONE_NAME_LENGTH
from hipcoach.domain import rules
from hipcoach.domain.content import RedFlagLevel
from hipcoach.domain.progression import Outcome
from hipcoach.reports.documents import sources
from hipcoach.web.form_errors import one_problem
from hipcoach.web.security import CSRF_FIELD, account_tag

TEMPLATES_DIR = Path(__file__).parent / "templates"

templates = Jinja2Templates(directory=TEMPLATES_DIR)


def csrf_field(request: Request) -> Markup:
    token = escape(getattr(request.state, "csrf_token", ""))
    return Markup(f'<input type="hidden" name="{CSRF_FIELD}" value="{token}">')


def evidence_links(evidence_ids: list[str] | tuple[str, ...]) -> list[dict[str, Any]]:
    """Each cited source with its tag, reference and DOI link, for the "Sources" line of a page (the same
    sources, in the same order, as a printed document lists)."""
    return [
        {
            "id": item.id,
            "tag": item.tag,
            "meaning": item.meaning,
            "reference": item.reference,
            "url": f"https://doi.org/{item.doi}" if item.doi else None,
        }
        for item in sources(evidence_ids)
    ]


def dash(value: object) -> object:
    """A missing number shown as a dash."""
    return "–" if value is None else value


templates.env.globals["csrf_field"] = csrf_field
# A one-field form's refusal as the error summary and the field's message take it (form_errors.py).
templates.env.globals["field_problem"] = one_problem
templates.env.filters["dash"] = dash
templates.env.globals["evidence_links"] = evidence_links
# The pain and effort scales are texts built from the thresholds in domain/rules.py, read at each render.
templates.env.globals["pain_scale_hint"] = rules.pain_scale_hint
templates.env.globals["level_label"] = lambda value: RedFlagLevel(value).label
templates.env.globals["outcome_label"] = lambda value: Outcome(value).label
templates.env.globals["rpe_scale_hint"] = rules.rpe_scale_hint


def render(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    account = context.setdefault("account", getattr(request.state, "account", None))
    if account is not None:
        context.setdefault("outbox_owner", account_tag(request.app.state.secret_key, account.user_id))
    response: HTMLResponse = templates.TemplateResponse(request, name, context, status_code=status_code)
    return response


templates.env.globals["zone_max_length"] = MAX_ZONE_NAME_LENGTH
