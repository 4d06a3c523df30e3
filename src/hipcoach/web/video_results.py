"""What a video analysis's page shows (issue 19), for the runner's page and the clinician's alike: the key
values, the runner's key pose beside the ideal one, left against right, the curves and the quality."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from hipcoach.domain.anatomy import Side
from hipcoach.domain.figure.skeleton import View
from hipcoach.domain.motion.protocols import PROTOCOLS, VideoTest
from hipcoach.services import video_jobs
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import NotFound
from hipcoach.services.video_jobs import AnalysisView

# A key frame or a kept video is the runner's body: never cached by a shared cache, nor kept by the browser
# after the page is left.
PRIVATE_MEDIA = {"Cache-Control": "private, no-store"}


def ideal_figure(app: Hipcoach, test: VideoTest, view: View) -> Markup:
    """The exercise's ideal key pose drawn by hipcoach's figure, for the filming guidance, with the
    illustration's props (the step-up's box) where it comes from one."""
    from hipcoach.domain.figure.svg import strip_svg
    from hipcoach.video.ideal import ideal_pose

    protocol = PROTOCOLS[test]
    pose, camera = ideal_pose(test, view, library=app.library)
    drawn = app.library.illustrations.get(protocol.illustration[0]) if protocol.illustration else None
    svg = strip_svg(
        [pose],
        f"{protocol.name}: the key moment",
        f"hipcoach's figure at the key moment of the {protocol.name}, in good form.",
        props=drawn.props if drawn is not None else (),
        camera=camera,
        figure_id=f"ideal-{test.value}-{view.value}",
    )
    return Markup(svg)  # noqa: S704 - built by hipcoach's figure renderer, which escapes every text


def analysis_context(
    app: Hipcoach, analysis: AnalysisView, base_url: str, status_url: str, *, owner: bool = True
) -> dict[str, Any]:
    """What the analysis page shows (``base_url``: where its key frame and video are served; ``status_url``:
    its JSON status, polled while it runs; ``owner``: the runner, who may change it)."""
    protocol = PROTOCOLS[VideoTest(analysis.test)]
    context: dict[str, Any] = {
        "analysis": analysis,
        "protocol": protocol,
        "base_url": base_url,
        "status_url": status_url,
        "owner": owner,
        "guidance": protocol.filming.get(View(analysis.view), ()),
        "retry_url": f"/videos/new?test={analysis.test}&view={analysis.view}&side={analysis.side}",
        "shown": None,
    }
    if analysis.status == "done" and analysis.result is not None:
        context["shown"] = shown_result(app, analysis)
    return context


@dataclass(frozen=True)
class KeyRow:
    label: str
    text: str
    reason: str


@dataclass(frozen=True)
class SideRow:
    label: str
    left: str
    right: str
    difference: str
    verdict: str


@dataclass(frozen=True)
class QualityRow:
    label: str
    trusted_pct: int
    not_trusted: str


@dataclass(frozen=True)
class ShownResult:
    name: str
    side_label: str
    key_time: str
    key_rows: list[KeyRow]
    moment_reason: str
    figure: Markup
    curves: Markup
    person_pct: int
    others: str | None
    quality: list[QualityRow]
    caution: str
    reach: str | None  # the Y-balance anterior reach of the same leg from the linked assessment
    other: AnalysisView | None
    sides: list[SideRow]
    duration_s: float
    fps: float


def shown_result(app: Hipcoach, analysis: AnalysisView) -> ShownResult:
    from hipcoach.video.render import curves_svg, figure_pair_svg, others_text, stretches_text
    from hipcoach.video.result import VideoResult, compare

    assert analysis.result is not None
    result = VideoResult.from_json(analysis.result)
    protocol = PROTOCOLS[result.test]
    moment = result.moment
    rows = [KeyRow(value.angle.label, value.text(), value.reason) for value in moment.values]
    other = video_jobs.other_side(app, analysis)
    side_rows: list[SideRow] = []
    if other is not None and other.result is not None:
        mine = result
        theirs = VideoResult.from_json(other.result)
        left, right = (mine, theirs) if mine.side is Side.LEFT else (theirs, mine)
        for item in compare(left, right):
            side_rows.append(
                SideRow(
                    item.left.angle.label,
                    item.left.text(),
                    item.right.text(),
                    "—" if item.difference is None else f"{abs(item.difference):.0f}°",
                    _verdict(item.more, item.difference),
                )
            )
    quality = []
    for angle in protocol.angles(result.view):
        found = result.quality.of(angle, result.side)
        if found is None:
            continue
        quality.append(QualityRow(angle.label, round(100 * found.trusted_share), stretches_text(found)))
    return ShownResult(
        name=protocol.name,
        side_label=f"{result.side.value} {protocol.side_label}",
        key_time="" if moment.time_s is None else f"{moment.time_s:.2f} s",
        key_rows=rows,
        moment_reason=moment.reason,
        figure=Markup(figure_pair_svg(result)),  # noqa: S704 - the renderer escapes every text it writes
        curves=Markup(curves_svg(result)),  # noqa: S704 - the renderer escapes every text it writes
        person_pct=round(100 * result.quality.person_share),
        others=others_text(result.quality),
        quality=quality,
        caution=result.caution,
        reach=_reach(app, analysis) if result.test is VideoTest.Y_BALANCE else None,
        other=other,
        sides=side_rows,
        duration_s=result.duration_s,
        fps=result.fps,
    )


def _verdict(more: Side | None, difference: float | None) -> str:
    if difference is None:
        return "not measured on both legs"
    if more is None:
        return "within the error of a phone video: no difference to call"
    return f"more on the {more.value}"


def _reach(app: Hipcoach, analysis: AnalysisView) -> str | None:
    """The anterior reach of the filmed stance leg in the assessment the video was attached to, if entered."""
    if analysis.assessment_id is None:
        return None
    from hipcoach.services import assessments

    try:
        view = assessments.get_assessment(app, analysis.profile_id, analysis.assessment_id)
    except NotFound:
        return None
    balance = view.result.y_balance
    if balance is None:
        return None
    leg = balance.left if analysis.side == Side.LEFT.value else balance.right
    return f"{leg.anterior_cm:.1f} cm ({leg.normalised_pct.anterior:.0f}% of leg length)"
