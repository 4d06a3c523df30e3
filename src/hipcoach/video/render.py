"""A ``VideoResult`` drawn for people: the angle curves (SVG), the key frame with the skeleton over it
(JPEG) and the runner's key pose beside the ideal one (SVG). Plain strings and bytes, no files.

Every picture names itself (``<title>``, ``<desc>``) and writes its numbers as text; the working leg is told
from the other by a solid against a dashed line, never by colour alone. Every text put in an SVG is escaped.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from dataclasses import replace
from html import escape
from typing import TYPE_CHECKING

from hipcoach.domain.anatomy import Side
from hipcoach.domain.figure.skeleton import Camera, Pose, View, mirror
from hipcoach.domain.motion.angles import Angle
from hipcoach.domain.motion.landmarks import CONFIDENCE_MIN, Part
from hipcoach.domain.motion.moments import KeyValue
from hipcoach.domain.motion.protocols import PROTOCOLS
from hipcoach.video.result import AngleQuality, Curve, LandmarkPoint, VideoQuality, VideoResult

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    from PIL import ImageFont

SVG_NS = "http://www.w3.org/2000/svg"
INK = "#1b2a3a"
MUTED = "#6b7280"
GRID = "#e5e7eb"
SHADE = "#d1d5db"
KEY = "#b45309"
FONT = 'font-family="sans-serif"'

# The curves' layout, in SVG units.
WIDTH = 720.0
PANEL = 190.0  # one angle's plot, axes included
PLOT_LEFT = 58.0
PLOT_RIGHT = 20.0
PLOT_TOP = 34.0
PLOT_BOTTOM = 40.0
HEADER = 44.0  # the legend above the panels


def _n(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _text(x: float, y: float, content: str, *, size: int = 12, anchor: str = "start", extra: str = "") -> str:
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}" {FONT} fill="{INK}" text-anchor="{anchor}"'
        f"{' ' + extra if extra else ''}>{escape(content)}</text>"
    )


def _open(width: float, height: float, figure_id: str, title: str, description: str) -> str:
    return (
        f'<svg xmlns="{SVG_NS}" viewBox="0 0 {_n(width)} {_n(height)}" role="img" '
        f'aria-labelledby="{figure_id}-title" aria-describedby="{figure_id}-desc">'
        f'<title id="{figure_id}-title">{escape(title)}</title>'
        f'<desc id="{figure_id}-desc">{escape(description)}</desc>'
    )


def value_text(value: KeyValue) -> str:
    """``knee flexion 88°``, or ``knee flexion not measured (the reason)``."""
    if value.degrees is None:
        reason = f" ({value.reason})" if value.reason else ""
        return f"{value.angle.label} not measured{reason}"
    return f"{value.angle.label} {value.text()}"


# The untrusted stretches listed one by one in a text; more are counted (the curves show them all).
STRETCHES_LISTED = 4


def _first_few(texts: list[str], more_of: tuple[str, str]) -> str:
    """The first ``STRETCHES_LISTED`` texts joined, and the rest counted: "a, b, c, d and 2 more times"
    (``more_of`` is the noun, singular and plural)."""
    listed = ", ".join(texts[:STRETCHES_LISTED])
    more = len(texts) - STRETCHES_LISTED
    return listed + (f" and {more} more {more_of[more > 1]}" if more > 0 else "")


def stretches_text(quality: AngleQuality) -> str:
    """Where an angle was not trusted: "0.00-0.20 s, 3.13-3.47 s, ... and 13 more stretches", or "none"."""
    stretches = [f"{s.start_s:.2f}-{s.end_s:.2f} s" for s in quality.not_trusted]
    return _first_few(stretches, ("stretch", "stretches")) if stretches else "none"


def others_text(quality: VideoQuality) -> str | None:
    """Where the model followed someone else, left out of the angles: "Someone else was followed from 5.63 s
    to 6.63 s; those frames were left out of every angle.", or None when it followed one person only."""
    if not quality.others:
        return None
    stretches = [f"from {s.start_s:.2f} s to {s.end_s:.2f} s" for s in quality.others]
    listed = _first_few(stretches, ("time", "times"))
    return f"Someone else was followed {listed}; those frames were left out of every angle."


def _nice_step(span: float, count: int) -> float:
    raw = span / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= raw:
            return factor * magnitude
    return 10 * magnitude


def _ticks(low: float, high: float, count: int) -> list[float]:
    step = _nice_step(high - low, count)
    first = math.ceil(low / step) * step
    return [first + i * step for i in range(int((high - first) / step + 1e-9) + 1)]


def _degree_range(curves: Sequence[Curve]) -> tuple[float, float]:
    values = [v for curve in curves for v in curve.degrees if v is not None]
    low, high = (min(values), max(values)) if values else (0.0, 90.0)
    low, high = min(low, 0.0), max(high, 0.0)
    if high - low < 30.0:  # a flat curve still gets a readable scale
        high = low + 30.0
    step = _nice_step(high - low, 5)
    return math.floor(low / step) * step, math.ceil(high / step) * step


def _segments(curve: Curve, x: Callable[[float], float], y: Callable[[float], float]) -> list[str]:
    """The curve's runs of known values as SVG point lists (a gap breaks the line)."""
    out: list[str] = []
    current: list[str] = []
    for time, degrees in zip(curve.times_s, curve.degrees, strict=True):
        if degrees is None:
            if current:
                out.append(" ".join(current))
            current = []
            continue
        current.append(f"{_n(x(time))},{_n(y(degrees))}")
    if current:
        out.append(" ".join(current))
    return out


def curves_svg(result: VideoResult) -> str:
    """The protocol's angles over time, one panel per angle, both legs: the working leg solid, the other
    dashed; its untrusted stretches shaded; the key frame marked by a vertical line with its values."""
    protocol = PROTOCOLS[result.test]
    angles = list(dict.fromkeys(curve.angle for curve in result.curves))
    height = HEADER + PANEL * max(len(angles), 1)
    moment = result.moment
    duration = max(result.duration_s, 1.0 / result.fps)
    working, other = result.side, result.side.other
    title = f"{protocol.name}: angles over time, {working.value} {protocol.side_label}"
    description = _curves_description(result)
    out = [_open(WIDTH, height, "video-curves", title, description)]
    out.append(f'<rect x="0" y="0" width="{_n(WIDTH)}" height="{_n(height)}" fill="#ffffff"/>')
    out += _legend(working, other)
    if not angles:
        out.append(_text(WIDTH / 2, HEADER + 40, "No angle is measured from this view.", anchor="middle"))
    plot_width = WIDTH - PLOT_LEFT - PLOT_RIGHT
    for index, angle in enumerate(angles):
        top = HEADER + index * PANEL
        plot_top, plot_bottom = top + PLOT_TOP, top + PANEL - PLOT_BOTTOM
        curves = [c for c in result.curves if c.angle is angle]
        low, high = _degree_range(curves)

        def x(time: float) -> float:
            return PLOT_LEFT + time / duration * plot_width

        def y(
            degrees: float, low: float = low, high: float = high, b: float = plot_bottom, t: float = plot_top
        ) -> float:
            return b - (degrees - low) / (high - low) * (b - t)

        out.append(f'<g class="video-curve" data-angle="{escape(angle.value)}">')
        out.append(
            _text(PLOT_LEFT, top + 20, f"{angle.label} (degrees)", size=13, extra='font-weight="bold"')
        )
        quality = result.quality.of(angle, working)
        for stretch in quality.not_trusted if quality is not None else ():
            start, end = x(stretch.start_s), x(min(stretch.end_s + 1.0 / result.fps, duration))
            out.append(
                f'<rect class="not-trusted" x="{_n(start)}" y="{_n(plot_top)}" '
                f'width="{_n(max(end - start, 1))}" height="{_n(plot_bottom - plot_top)}" '
                f'fill="{SHADE}" opacity="0.6"/>'
            )
        for tick in _ticks(low, high, 5):
            out.append(
                f'<line x1="{_n(PLOT_LEFT)}" y1="{_n(y(tick))}" x2="{_n(WIDTH - PLOT_RIGHT)}" '
                f'y2="{_n(y(tick))}" stroke="{GRID}"/>'
            )
            out.append(_text(PLOT_LEFT - 6, y(tick) + 4, f"{tick:g}", size=11, anchor="end"))
        for tick in _ticks(0.0, duration, 8):
            out.append(_text(x(tick), plot_bottom + 16, f"{tick:g}", size=11, anchor="middle"))
        out.append(
            f'<path d="M{_n(PLOT_LEFT)},{_n(plot_top)} L{_n(PLOT_LEFT)},{_n(plot_bottom)} '
            f'L{_n(WIDTH - PLOT_RIGHT)},{_n(plot_bottom)}" fill="none" stroke="{MUTED}"/>'
        )
        out.append(
            _text(PLOT_LEFT + plot_width / 2, plot_bottom + 32, "time (seconds)", size=11, anchor="middle")
        )
        out.append(
            _text(
                14,
                (plot_top + plot_bottom) / 2,
                "degrees",
                size=11,
                anchor="middle",
                extra=f'transform="rotate(-90 14 {_n((plot_top + plot_bottom) / 2)})"',
            )
        )
        for curve in sorted(curves, key=lambda c: c.side is working):
            solid = curve.side is working
            style = (
                f'stroke="{INK}" stroke-width="2.5"'
                if solid
                else f'stroke="{MUTED}" stroke-width="1.5" stroke-dasharray="5 4"'
            )
            for points in _segments(curve, x, y):
                out.append(
                    f'<polyline class="side-{curve.side.value}" points="{points}" fill="none" {style} '
                    f'stroke-linejoin="round"/>'
                )
        if moment.time_s is not None:
            key_x = x(moment.time_s)
            out.append(
                f'<line class="key-frame" x1="{_n(key_x)}" y1="{_n(plot_top)}" x2="{_n(key_x)}" '
                f'y2="{_n(plot_bottom)}" stroke="{KEY}" stroke-width="2"/>'
            )
            label = f"{moment.name}, {moment.time_s:.2f} s"
            key_values = [v for v in moment.values if v.angle is angle]
            if key_values:
                label += f": {key_values[0].text()}"
            anchor = "end" if key_x > PLOT_LEFT + plot_width * 0.6 else "start"
            shift = -6 if anchor == "end" else 6
            out.append(_text(key_x + shift, plot_top + 12, label, anchor=anchor, extra='class="key-label"'))
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)


def _legend(working: Side, other: Side) -> list[str]:
    y = 24.0
    return [
        f'<line x1="{_n(PLOT_LEFT)}" y1="{_n(y - 4)}" x2="{_n(PLOT_LEFT + 28)}" y2="{_n(y - 4)}" '
        f'stroke="{INK}" stroke-width="2.5"/>',
        _text(PLOT_LEFT + 34, y, f"{working.value} leg (filmed)"),
        f'<line x1="{_n(PLOT_LEFT + 170)}" y1="{_n(y - 4)}" x2="{_n(PLOT_LEFT + 198)}" y2="{_n(y - 4)}" '
        f'stroke="{MUTED}" stroke-width="1.5" stroke-dasharray="5 4"/>',
        _text(PLOT_LEFT + 204, y, f"{other.value} leg"),
        f'<rect x="{_n(PLOT_LEFT + 290)}" y="{_n(y - 11)}" width="20" height="12" fill="{SHADE}"/>',
        _text(PLOT_LEFT + 316, y, f"not trusted ({working.value} leg)"),
        f'<line x1="{_n(PLOT_LEFT + 470)}" y1="{_n(y - 11)}" x2="{_n(PLOT_LEFT + 470)}" y2="{_n(y + 1)}" '
        f'stroke="{KEY}" stroke-width="2"/>',
        _text(PLOT_LEFT + 476, y, "key frame"),
    ]


def _curves_description(result: VideoResult) -> str:
    moment = result.moment
    if moment.time_s is None:
        parts = [f"The {moment.name} was not found: {moment.reason or 'no trusted frame'}."]
    else:
        values = "; ".join(value_text(value) for value in moment.values)
        parts = [f"Key frame: {moment.name} at {moment.time_s:.2f} s ({values})."]
    untrusted = [
        f"{item.angle.label} of the {item.side.value} leg from {s.start_s:.2f} s to {s.end_s:.2f} s"
        for item in result.quality.angles
        if item.side is result.side
        for s in item.not_trusted
    ]
    parts.append("Not trusted: " + ("; ".join(untrusted) if untrusted else "none") + ".")
    return " ".join(parts)


# --- the key frame -----------------------------------------------------------------------------------------

BONE = (34, 211, 238)  # cyan: stands out from skin, clothes and most backgrounds
BONE_EDGE = (15, 23, 42)
DOUBTFUL = (156, 163, 175)


def key_frame_jpeg(frame: npt.NDArray[np.uint8], result: VideoResult, max_side: int = 960) -> bytes:
    """The key frame as a JPEG whose longer side is at most ``max_side`` pixels, with the skeleton drawn
    over it: trusted landmarks as filled dots joined by cyan lines, untrusted ones as hollow grey rings
    with grey lines, and the key angles written beside their joints."""
    from PIL import Image, ImageDraw

    from hipcoach.video.pose import BLAZEPOSE, SKELETON

    image = Image.fromarray(frame, "RGB")
    scale = min(1.0, max_side / max(image.size))
    if scale < 1.0:
        image = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))))
    draw = ImageDraw.Draw(image)
    size = max(image.size)
    width = max(2, round(size / 240))
    radius = max(3, round(size / 160))
    points = result.key_landmarks

    def at(index: int) -> tuple[float, float] | None:
        if index >= len(points):
            return None
        x, y, _ = points[index]
        return None if x is None or y is None else (x * scale, y * scale)

    def sure(index: int) -> bool:
        return index < len(points) and points[index][2] >= CONFIDENCE_MIN

    for a, b in SKELETON:
        start, end = at(a), at(b)
        if start is None or end is None:
            continue
        if sure(a) and sure(b):
            draw.line([start, end], fill=BONE_EDGE, width=width + 2)
            draw.line([start, end], fill=BONE, width=width)
        else:
            draw.line([start, end], fill=DOUBTFUL, width=max(1, width // 2))
    drawn = sorted({index for pair in SKELETON for index in pair})
    for index in drawn:
        centre = at(index)
        if centre is None:
            continue
        box = [centre[0] - radius, centre[1] - radius, centre[0] + radius, centre[1] + radius]
        if sure(index):
            draw.ellipse(box, fill=(255, 255, 255), outline=BONE_EDGE, width=max(1, width // 2))
        else:
            draw.ellipse(box, outline=DOUBTFUL, width=max(1, width // 2))
    font = _font(max(12, round(size / 45)))
    for value in result.moment.values:
        joint = at(BLAZEPOSE[(value.side, _JOINT_OF[value.angle])])
        if joint is None:
            continue
        text = value_text(value) if value.degrees is not None else f"{value.angle.label} not measured"
        x, y = joint[0] + radius * 2, joint[1] - radius * 2
        left, top, right, bottom = draw.textbbox((x, y), text, font=font)
        draw.rectangle([left - 3, top - 2, right + 3, bottom + 2], fill=(255, 255, 255))
        draw.text((x, y), text, fill=BONE_EDGE, font=font)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


# The joint an angle is written beside.
_JOINT_OF = {
    Angle.KNEE_FLEXION: Part.KNEE,
    Angle.KNEE_FPPA: Part.KNEE,
    Angle.HIP_FLEXION: Part.HIP,
    Angle.ANKLE_DORSIFLEXION: Part.ANKLE,
    Angle.TRUNK_LEAN: Part.SHOULDER,
}


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Pillow's own scalable font at ``size`` (no system font needed); its small bitmap font if this
    Pillow has no FreeType."""
    from PIL import ImageFont

    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError, ImportError):
        return ImageFont.load_default()


# --- the runner's figure beside the ideal -------------------------------------------------------------------

YOU = "You"
IDEAL = "Ideal form"


def figure_pair_svg(result: VideoResult) -> str:
    """The runner's key pose ("You") beside the ideal key pose ("Ideal form"), the same camera and scale.

    Side view: both are hipcoach's figure, the runner's posed from the measured angles (``runner_pose``),
    the ideal one mirrored when the left leg works, seen from the working leg's side. Front view: the FPPA
    cannot pose the figure, so the runner is drawn from the key frame's landmarks in the figure's style, at
    the figure's scale (the body's shoulder-to-ankle length matched to the figure's), beside the ideal
    figure seen from the front.
    """
    from hipcoach.domain.figure.svg import strip_svg
    from hipcoach.video.ideal import ideal_pose

    protocol = PROTOCOLS[result.test]
    ideal, camera = ideal_pose(result.test, result.view)
    if result.side is Side.LEFT:
        ideal = mirror(ideal)
        if result.view is View.SIDE:
            camera = replace(camera, turn=180.0 - camera.turn)
    values = "; ".join(value_text(value) for value in result.moment.values) or "no angle measured"
    title = f"{protocol.name}: your key pose beside the ideal form"
    description = (
        f"Left, you at the {result.moment.name} ({result.side.value} {protocol.side_label}): {values}. "
        "Right, an illustration of good form, not a target to match."
    )
    you = replace(result.runner_pose, name=YOU)
    if result.view is View.SIDE:
        return strip_svg(
            [you, replace(ideal, name=IDEAL)],
            title,
            description,
            working=result.side,
            figure_id="video-figures",
            camera=camera,
        )
    return _front_pair(result, replace(ideal, name=IDEAL), camera, title, description)


def _front_pair(result: VideoResult, ideal: Pose, camera: Camera, title: str, description: str) -> str:
    from hipcoach.domain.figure.skeleton import HEAD_RADIUS
    from hipcoach.domain.figure.svg import CAPTION, MARGIN, SCALE, strip_svg

    strip = strip_svg(
        [ideal], title, description, working=result.side, figure_id="video-ideal", camera=camera
    )
    width, height = _viewbox(strip)
    runner = _runner_from_landmarks(result.key_landmarks)
    # The figure's picture reaches a head's radius below the floor too (``svg._Scene``): so does this one.
    tallest = max((v for _, v in (runner or {}).values()), default=0.0) + 2 * HEAD_RADIUS
    total = max(height, tallest * SCALE + 2 * MARGIN + CAPTION)
    panel = max(width, 160.0)
    floor = total - MARGIN - CAPTION - HEAD_RADIUS * SCALE
    out = [_open(panel * 2, total, "video-figures", title, description)]
    out.append(
        f'<line x1="{_n(MARGIN / 2)}" y1="{_n(floor)}" x2="{_n(panel - MARGIN / 2)}" y2="{_n(floor)}" '
        'stroke="#6b7280" stroke-width="2"/>'
    )
    if runner is None:
        out.append(_text(panel / 2, total / 2, "No key frame to draw.", anchor="middle"))
    else:
        out.append(_runner_svg(runner, result.side, panel / 2, floor, SCALE, HEAD_RADIUS * SCALE))
    out.append(_text(panel / 2, total - 4, YOU, anchor="middle"))
    inner = strip.removeprefix("<svg")
    out.append(
        f'<svg x="{_n(panel + (panel - width) / 2)}" y="{_n(total - height)}" width="{_n(width)}" '
        f'height="{_n(height)}"{inner}'
    )
    out.append("</svg>")
    return "".join(out)


def _viewbox(svg: str) -> tuple[float, float]:
    start = svg.index('viewBox="') + len('viewBox="')
    _, _, width, height = svg[start : svg.index('"', start)].split()
    return float(width), float(height)


Point = tuple[float, float]
_LEG = (Part.HIP, Part.KNEE, Part.ANKLE, Part.HEEL, Part.TOE, Part.ANKLE)
_NOSE = 0  # BlazePose's nose: where the head is drawn


def _runner_from_landmarks(
    points: Sequence[LandmarkPoint],
) -> dict[tuple[Side | None, Part | None], Point] | None:
    """The key frame's landmarks in the figure's units (body heights, x centred, y up from the lowest
    point); None without a key frame. The scale is the figure's trunk length over the runner's, or its
    shoulder width over theirs, whichever is smaller: leaning towards the camera shortens the trunk in the
    picture and turning narrows the shoulders, and the less shortened of the two is the truer."""
    from hipcoach.domain.figure.skeleton import SHOULDER_HALF_WIDTH, TRUNK
    from hipcoach.video.pose import BLAZEPOSE

    if not points:
        return None
    image: dict[tuple[Side | None, Part | None], Point] = {}
    for (side, part), index in BLAZEPOSE.items():
        x, y, _ = points[index]
        if x is not None and y is not None:
            image[(side, part)] = (x, y)
    nose_x, nose_y, _ = points[_NOSE]
    if nose_x is not None and nose_y is not None:
        image[(None, None)] = (nose_x, nose_y)
    girdle = [(side, part) for side in Side for part in (Part.SHOULDER, Part.HIP)]
    if any(key not in image for key in girdle):
        return None
    ls, rs = image[(Side.LEFT, Part.SHOULDER)], image[(Side.RIGHT, Part.SHOULDER)]
    lh, rh = image[(Side.LEFT, Part.HIP)], image[(Side.RIGHT, Part.HIP)]
    trunk = math.dist(((ls[0] + rs[0]) / 2, (ls[1] + rs[1]) / 2), ((lh[0] + rh[0]) / 2, (lh[1] + rh[1]) / 2))
    scales = [TRUNK / trunk] if trunk > 0 else []
    if math.dist(ls, rs) > 0:
        scales.append(2 * SHOULDER_HALF_WIDTH / math.dist(ls, rs))
    if not scales:
        return None
    per_pixel = min(scales)
    xs = [x for x, _ in image.values()]
    centre, lowest = (min(xs) + max(xs)) / 2, max(y for _, y in image.values())
    return {key: ((x - centre) * per_pixel, (lowest - y) * per_pixel) for key, (x, y) in image.items()}


def _runner_svg(
    body: dict[tuple[Side | None, Part | None], Point],
    working: Side,
    centre: float,
    floor: float,
    scale: float,
    head_radius: float,
) -> str:
    """The runner's landmarks drawn as the figure is: the working leg dark and thick, the other light."""

    def at(p: Point) -> str:
        return f"{_n(centre + p[0] * scale)},{_n(floor - p[1] * scale)}"

    def line(css: str, chain: Sequence[Point], colour: str, stroke: float) -> str:
        return (
            f'<polyline class="{css}" points="{" ".join(at(p) for p in chain)}" fill="none" '
            f'stroke="{colour}" stroke-width="{stroke}" stroke-linecap="round" stroke-linejoin="round"/>'
        )

    parts = []
    for side in sorted(Side, key=lambda s: s is working):
        colour, stroke = (INK, 4.2) if side is working else ("#8f9bab", 3.0)
        chain = [body[(side, part)] for part in _LEG if (side, part) in body]
        if len(chain) > 1:
            parts.append(line(f"hcfig-{side.value}-leg", chain, colour, stroke))
    girdle = [
        (Side.LEFT, Part.SHOULDER),
        (Side.RIGHT, Part.SHOULDER),
        (Side.RIGHT, Part.HIP),
        (Side.LEFT, Part.HIP),
    ]
    trunk = [body[key] for key in (*girdle, girdle[0]) if key in body]
    if len(trunk) > 1:
        parts.append(line("hcfig-trunk", trunk, INK, 4.2))
    head = body.get((None, None))
    if head is not None:
        x, y = at(head).split(",")
        parts.append(
            f'<circle class="hcfig-head" cx="{x}" cy="{y}" r="{_n(head_radius)}" fill="#ffffff" '
            f'stroke="{INK}" stroke-width="4.2"/>'
        )
    return '<g class="hcfig-figure">' + "".join(parts) + "</g>"
