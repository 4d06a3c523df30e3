"""The clinician's caseload page (BRIEF §10): every runner who consented, most in need of attention first.

A table on a wide screen, a card per runner on a phone; filters by what needs attention and by phase, and a
search by name, all plain GET queries that work without script. The service logs one read per runner listed.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from markupsafe import Markup, escape

from hipcoach.domain import rules as R
from hipcoach.domain.attention import AttentionKind
from hipcoach.domain.phases import Phase
from hipcoach.reports.chart_svg import SERIES_STYLE
from hipcoach.services import caseload as service
from hipcoach.services.care import ClinicianView
from hipcoach.services.caseload import CaseloadRow
from hipcoach.web.deps import Clinician, HipcoachDep
from hipcoach.web.form_errors import FormErrors
from hipcoach.web.templating import render

router = APIRouter(include_in_schema=False)

SPARK_W, SPARK_H, SPARK_PAD = 140, 44, 3
FilterText = Annotated[str, Query()]
# What of a filter is read and shown again: a longer one (typed into the URL) names nothing either, and is
# refused beside its field like any other impossible filter, never with a page that drops the form.
FILTER_READ = 200


@router.get("/clinic")
def caseload_page(
    request: Request,
    app: HipcoachDep,
    clinician: Clinician,
    attention: FilterText = "",
    phase: FilterText = "",
    q: FilterText = "",
) -> Response:
    attention, phase, q = attention[:FILTER_READ], phase[:FILTER_READ], q[:FILTER_READ]
    values = {"attention": attention, "phase": phase, "q": q}
    # Each filter read on its own, so every impossible one is named beside its field.
    errors = FormErrors()
    errors.check("attention", lambda: service.caseload_filter(attention=attention))
    errors.check("phase", lambda: service.caseload_filter(phase=phase))
    errors.check("q", lambda: service.caseload_filter(search=q))
    if errors:
        return _page(request, clinician, service.caseload(app, clinician, "web"), values, errors)
    chosen = service.caseload_filter(attention, phase, q)
    return _page(request, clinician, service.caseload(app, clinician, "web", chosen), values)


def _page(
    request: Request,
    clinician: ClinicianView,
    view: service.Caseload,
    values: dict[str, str],
    errors: FormErrors | None = None,
) -> Response:
    """``errors``: the filters that name nothing; the whole caseload is shown under them."""
    return render(
        request,
        "clinic/caseload.html",
        status_code=400 if errors else 200,
        clinician=clinician,
        view=view,
        values=values,
        errors=errors,
        kinds=list(AttentionKind),
        phases=list(Phase),
        sparkline=sparkline,
        adherence_days=R.CASELOAD_ADHERENCE_DAYS,
        sparkline_days=R.CASELOAD_SPARKLINE_DAYS,
        filtered=any(values.values()),
    )


def _y(value: int) -> float:
    return round(SPARK_PAD + (10 - value) * (SPARK_H - 2 * SPARK_PAD) / 10, 1)


def sparkline(row: CaseloadRow) -> Markup:
    """Morning pain and tightness over the sparkline's days on a 0-10 axis, named for screen readers."""
    chart_id = f"spark-{row.profile_id}"
    days = R.CASELOAD_SPARKLINE_DAYS
    first = row.today - timedelta(days=days - 1)
    if not row.symptoms:
        return Markup('<span class="spark-none">No check-ins in {days} days</span>').format(days=days)

    def x(point_day: date) -> float:
        offset = (point_day - first).days
        return round(SPARK_PAD + offset * (SPARK_W - 2 * SPARK_PAD) / (days - 1), 1)

    pains = [p.pain for p in row.symptoms]
    tight = [p.tightness for p in row.symptoms]
    count = len(row.symptoms)
    desc = (
        f"{count} morning check-in{'s' if count != 1 else ''} in the last {days} days. "
        f"Pain from {pains[0]} to {pains[-1]} out of 10 (highest {max(pains)}); tightness from {tight[0]} to "
        f"{tight[-1]} (highest {max(tight)})."
    )
    parts = [
        f'<svg class="sparkline" id="{chart_id}" viewBox="0 0 {SPARK_W} {SPARK_H}" width="{SPARK_W}" '
        f'height="{SPARK_H}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">Pain and tightness, {escape(row.name)}</title>',
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>',
        f'<rect x="0.5" y="0.5" width="{SPARK_W - 1}" height="{SPARK_H - 1}" fill="none" stroke="#d0d7de"/>',
    ]
    for key, values in (("morning", pains), ("tightness", tight)):
        colour, dash, _ = SERIES_STYLE[key]
        points = " ".join(f"{x(p.on)},{_y(v)}" for p, v in zip(row.symptoms, values, strict=True))
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        if len(row.symptoms) == 1:
            px, py = points.split(",")
            parts.append(f'<circle cx="{px}" cy="{py}" r="2" fill="{colour}"/>')
        else:
            parts.append(
                f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="1.5"{dashed}/>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))
