"""The stick figure as SVG strings: no script, no raster, each picture names itself (title, desc).

``animated_svg`` moves the figure with SMIL ``<animate>`` through frames whose joint ANGLES were
interpolated (``interpolate.frames``), so a limb never stretches at a frame; the browser draws straight
lines between neighbouring frames, a small chord between close frames. Under ``prefers-reduced-motion:
reduce`` the moving figure is hidden and the key poses are shown side by side instead (a ``<style>`` in the
same picture). ``strip_svg`` is that strip alone, for printed handouts.

The working side is drawn darker and thicker than the other (colour is not the only cue); in the side view
the figure's right side is the near one and is drawn last.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from html import escape

from hipcoach.domain.figure.interpolate import STEPS_PER_POSE, frames
from hipcoach.domain.figure.kinematics import Positions, place
from hipcoach.domain.figure.skeleton import HEAD_RADIUS, Joint, Pose, Side, View

SCALE = 100.0  # SVG units per body height
MARGIN = 10.0
CAPTION = 16.0  # room under each figure of a strip for its pose name

WORKING = ("#1b2a3a", 4.2)  # colour, stroke width
OTHER = ("#8f9bab", 3.0)
TRUNK_STYLE = ("#1b2a3a", 4.2)
FLOOR = "#6b7280"
PROP_FILL = "#d9dee5"
PROP_STROKE = "#6b7280"
BAND_COLOUR = "#b45309"  # a band stands out from the grey figure and props
BAND_WIDTH = 2.0
BAND_ANCHOR = 0.02  # radius of the anchor point's mark, in units of height


class PropKind(StrEnum):
    WEIGHT = "weight"  # a dumbbell or kettlebell held at ``joint``
    BOX = "box"  # a step or box standing on the floor from ``x`` to ``x + width``, ``height`` tall
    WALL = "wall"  # a wall at ``x``
    MAT = "mat"  # a mat on the floor from ``x`` to ``x + width``
    BAND = "band"  # a band or cable from ``joint`` (the hands) to a fixed anchor at ``x``, ``height``


@dataclass(frozen=True)
class Prop:
    """A simple prop, in units of body height in the figure's own coordinates (floor at y = 0)."""

    kind: PropKind
    joint: Joint | None = None
    x: float = 0.0
    width: float = 0.0
    height: float = 0.0

    def __post_init__(self) -> None:
        if self.kind is PropKind.WEIGHT and self.joint is None:
            raise ValueError("a weight is held at a joint")
        if self.kind is PropKind.BAND and self.joint is None:
            raise ValueError("a band is held at a joint")

    @property
    def radius(self) -> float:
        return self.width / 2 if self.width else 0.035


def _slug(text: str) -> str:
    return "fig-" + (re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "figure")


def _n(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class _Frame:
    """Maps figure coordinates (height units, y up) to SVG units (y down) for one panel."""

    def __init__(self, x0: float, top: float, dx: float = 0.0) -> None:
        self.x0, self.top, self.dx = x0, top, dx

    def x(self, x: float) -> float:
        return self.dx + MARGIN + (x - self.x0) * SCALE

    def y(self, y: float) -> float:
        return MARGIN + (self.top - y) * SCALE

    def point(self, p: tuple[float, float]) -> str:
        return f"{_n(self.x(p[0]))},{_n(self.y(p[1]))}"


def _extent(all_positions: Sequence[Positions], props: Sequence[Prop]) -> tuple[float, float, float]:
    """(left, right, top) in height units over every frame and prop; the floor is the bottom."""
    xs = [x for positions in all_positions for x, _ in positions.values()]
    ys = [y for positions in all_positions for _, y in positions.values()]
    left = min(xs) - HEAD_RADIUS
    right = max(xs) + HEAD_RADIUS
    top = max(ys) + HEAD_RADIUS
    for prop in props:
        if prop.kind in (PropKind.BOX, PropKind.MAT):
            left, right = min(left, prop.x), max(right, prop.x + prop.width)
            top = max(top, prop.height)
        elif prop.kind is PropKind.WALL:
            left, right = min(left, prop.x), max(right, prop.x)
        elif prop.kind is PropKind.BAND:
            left, right = min(left, prop.x - BAND_ANCHOR), max(right, prop.x + BAND_ANCHOR)
            top = max(top, prop.height + BAND_ANCHOR)
        else:
            left, right = left - prop.radius, right + prop.radius
            top += prop.radius
    return left, right, top


Run = list[tuple[float, float]]


def _runs(positions: Positions, view: View) -> dict[str, list[Run]]:
    """The polylines of every part of the figure, by part name, in figure coordinates."""

    def p(joint: Joint) -> tuple[float, float]:
        return positions[joint]

    result: dict[str, list[Run]] = {}
    for side in Side:

        def j(part: str, side: Side = side) -> tuple[float, float]:
            return p(Joint.of(side, part))

        result[f"{side.value}-leg"] = [[j("hip"), j("knee"), j("ankle"), j("heel"), j("toe"), j("ankle")]]
        result[f"{side.value}-arm"] = [[j("shoulder"), j("elbow"), j("wrist"), j("hand")]]
    result["trunk"] = [[p(Joint.HEAD), p(Joint.NECK), p(Joint.PELVIS)]]
    if view is View.FRONT:
        result["trunk"] += [
            [p(Joint.LEFT_SHOULDER), p(Joint.RIGHT_SHOULDER)],
            [p(Joint.LEFT_HIP), p(Joint.RIGHT_HIP)],
        ]
    return result


def _d(runs: list[Run], frame: _Frame) -> str:
    """A path's ``d`` in SVG coordinates; every frame has the same commands, so SMIL can animate it."""
    return " ".join("M" + " L".join(frame.point(point) for point in run) for run in runs)


def _order(view: View) -> list[str]:
    if view is View.SIDE:  # the left side is the far one
        return ["left-leg", "left-arm", "trunk", "right-leg", "right-arm"]
    return ["trunk", "left-leg", "right-leg", "left-arm", "right-arm"]


def _style(name: str, working: Side | None) -> tuple[str, float]:
    if name == "trunk":
        return TRUNK_STYLE
    if working is None or name.startswith(working.value):
        return WORKING
    return OTHER


def _floor_and_props(props: Sequence[Prop], frame: _Frame, left: float, right: float) -> list[str]:
    y0 = frame.y(0.0)
    out = [
        f'<line x1="{_n(frame.x(left) - MARGIN / 2)}" y1="{_n(y0)}" x2="{_n(frame.x(right) + MARGIN / 2)}" '
        f'y2="{_n(y0)}" stroke="{FLOOR}" stroke-width="2"/>'
    ]
    for prop in props:
        if prop.kind is PropKind.BOX:
            out.append(
                f'<rect x="{_n(frame.x(prop.x))}" y="{_n(frame.y(prop.height))}" '
                f'width="{_n(prop.width * SCALE)}" height="{_n(prop.height * SCALE)}" '
                f'fill="{PROP_FILL}" stroke="{PROP_STROKE}"/>'
            )
        elif prop.kind is PropKind.MAT:
            thick = 0.012 * SCALE
            out.append(
                f'<rect x="{_n(frame.x(prop.x))}" y="{_n(y0 - thick)}" width="{_n(prop.width * SCALE)}" '
                f'height="{_n(thick)}" rx="1" fill="{PROP_FILL}" stroke="{PROP_STROKE}"/>'
            )
        elif prop.kind is PropKind.WALL:
            out.append(
                f'<line x1="{_n(frame.x(prop.x))}" y1="{_n(MARGIN / 2)}" x2="{_n(frame.x(prop.x))}" '
                f'y2="{_n(y0)}" stroke="{PROP_STROKE}" stroke-width="3"/>'
            )
    return out


def _weights(props: Sequence[Prop]) -> list[Prop]:
    return [prop for prop in props if prop.kind is PropKind.WEIGHT]


def _bands(props: Sequence[Prop]) -> list[Prop]:
    return [prop for prop in props if prop.kind is PropKind.BAND]


def _band_anchor(prop: Prop, frame: _Frame) -> str:
    """The fixed point the band is tied to, a small ring."""
    return (
        f'<circle class="hcfig-band-anchor" cx="{_n(frame.x(prop.x))}" cy="{_n(frame.y(prop.height))}" '
        f'r="{_n(BAND_ANCHOR * SCALE)}" fill="#ffffff" stroke="{PROP_STROKE}" stroke-width="2"/>'
    )


def _band_line(prop: Prop, frame: _Frame, hand: tuple[float, float], inner: str = "") -> str:
    """The band itself, a thin line from the anchor to the joint that holds it (``inner``: animations)."""
    return (
        f'<line class="hcfig-band" x1="{_n(frame.x(prop.x))}" y1="{_n(frame.y(prop.height))}" '
        f'x2="{_n(frame.x(hand[0]))}" y2="{_n(frame.y(hand[1]))}" stroke="{BAND_COLOUR}" '
        f'stroke-width="{_n(BAND_WIDTH)}" stroke-linecap="round">{inner}</line>'
    )


def _figure(
    positions: Positions, view: View, frame: _Frame, props: Sequence[Prop], working: Side | None
) -> str:
    """One static figure as a ``<g>``."""
    parts = []
    for prop in _bands(props):
        assert prop.joint is not None
        parts.append(_band_line(prop, frame, positions[prop.joint]))
        parts.append(_band_anchor(prop, frame))
    runs = _runs(positions, view)
    for name in _order(view):
        colour, width = _style(name, working)
        parts.append(
            f'<path class="hcfig-{name}" d="{_d(runs[name], frame)}" fill="none" stroke="{colour}" '
            f'stroke-width="{width}" stroke-linecap="round" stroke-linejoin="round"/>'
        )
        if name == "trunk":
            head = positions[Joint.HEAD]
            parts.append(
                f'<circle class="hcfig-head" cx="{_n(frame.x(head[0]))}" cy="{_n(frame.y(head[1]))}" '
                f'r="{_n(HEAD_RADIUS * SCALE)}" fill="#ffffff" stroke="{TRUNK_STYLE[0]}" '
                f'stroke-width="{TRUNK_STYLE[1]}"/>'
            )
    for prop in _weights(props):
        assert prop.joint is not None
        x, y = positions[prop.joint]
        parts.append(
            f'<circle class="hcfig-weight" cx="{_n(frame.x(x))}" cy="{_n(frame.y(y))}" '
            f'r="{_n(prop.radius * SCALE)}" fill="{PROP_STROKE}"/>'
        )
    return '<g class="hcfig-figure">' + "".join(parts) + "</g>"


def _open(figure_id: str, width: float, height: float, title: str, description: str) -> str:
    return (
        f'<svg class="figure" viewBox="0 0 {_n(width)} {_n(height)}" role="img" '
        f'aria-labelledby="{figure_id}-title" aria-describedby="{figure_id}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{figure_id}-title">{escape(title)}</title>'
        f'<desc id="{figure_id}-desc">{escape(description)}</desc>'
    )


def _strip_body(
    poses: Sequence[Pose], props: Sequence[Prop], working: Side | None
) -> tuple[list[str], float, float]:
    """The key poses side by side with their names: (elements, width, height)."""
    placed = [place(pose) for pose in poses]
    left, right, top = _extent(placed, props)
    # Wide enough for the figure and for its caption (about 6.5 units a character at font size 12).
    longest = max(len(f"{index + 1}. {pose.name}") for index, pose in enumerate(poses))
    cell = max((right - left) * SCALE + 2 * MARGIN, longest * 6.5 + MARGIN)
    left -= (cell - (right - left) * SCALE - 2 * MARGIN) / 2 / SCALE
    right = left + (cell - 2 * MARGIN) / SCALE
    body_height = top * SCALE + 2 * MARGIN
    out: list[str] = []
    for index, (pose, positions) in enumerate(zip(poses, placed, strict=True)):
        frame = _Frame(left, top, dx=index * cell)
        out.append('<g class="hcfig-key">')
        out += _floor_and_props(props, frame, left, right)
        out.append(_figure(positions, pose.view, frame, props, working))
        out.append(
            f'<text x="{_n(index * cell + cell / 2)}" y="{_n(body_height + CAPTION - 4)}" '
            f'text-anchor="middle" font-size="12" font-family="sans-serif" fill="#1b2a3a">'
            f"{index + 1}. {escape(pose.name)}</text></g>"
        )
    return out, cell * len(poses), body_height + CAPTION


def strip_svg(
    poses: Sequence[Pose],
    title: str,
    description: str,
    *,
    props: Sequence[Prop] = (),
    working: Side | None = Side.RIGHT,
    figure_id: str | None = None,
) -> str:
    """The key poses side by side, static, each named under it: for printed handouts."""
    if not poses:
        raise ValueError("a strip needs at least one key pose")
    body, width, height = _strip_body(poses, props, working)
    return _open(figure_id or _slug(title), width, height, title, description) + "".join(body) + "</svg>"


def _values(items: Sequence[str]) -> str:
    return ";".join(items)


def animated_svg(
    poses: Sequence[Pose],
    title: str,
    description: str,
    seconds_per_pose: float = 1.2,
    props: Sequence[Prop] = (),
    *,
    working: Side | None = Side.RIGHT,
    steps: int = STEPS_PER_POSE,
    figure_id: str | None = None,
) -> str:
    """One picture: the figure looping through ``poses``, or (reduced motion) the key poses side by side.

    ``working``: the side drawn darker and thicker (None: both alike).
    """
    if not poses:
        raise ValueError("an animation needs at least one key pose")
    figure_id = figure_id or _slug(title)
    sequence = frames(poses, steps)
    placed = [place(frame.pose) for frame in sequence]
    left, right, top = _extent(placed, props)
    width = (right - left) * SCALE + 2 * MARGIN
    height = top * SCALE + 2 * MARGIN
    view = poses[0].view
    frame = _Frame(left, top)
    count = len(sequence)
    key_times = ";".join(_n(i / (count - 1)) if i < count - 1 else "1" for i in range(count))
    timing = (
        f'dur="{_n(seconds_per_pose * len(poses))}s" keyTimes="{key_times}" calcMode="linear" '
        'repeatCount="indefinite"'
    )

    def animate(attribute: str, values: Sequence[str]) -> str:
        return f'<animate attributeName="{attribute}" values="{_values(values)}" {timing}/>'

    per_frame = [_runs(positions, view) for positions in placed]
    moving: list[str] = []
    for prop in _bands(props):
        assert prop.joint is not None
        joint = prop.joint
        xs = [_n(frame.x(positions[joint][0])) for positions in placed]
        ys = [_n(frame.y(positions[joint][1])) for positions in placed]
        hand = placed[0][joint]
        moving.append(_band_line(prop, frame, hand, animate("x2", xs) + animate("y2", ys)))
        moving.append(_band_anchor(prop, frame))
    for name in _order(view):
        colour, stroke = _style(name, working)
        ds = [_d(runs[name], frame) for runs in per_frame]
        moving.append(
            f'<path class="hcfig-{name}" d="{ds[0]}" fill="none" stroke="{colour}" stroke-width="{stroke}" '
            f'stroke-linecap="round" stroke-linejoin="round">{animate("d", ds)}</path>'
        )
        if name == "trunk":
            xs = [_n(frame.x(positions[Joint.HEAD][0])) for positions in placed]
            ys = [_n(frame.y(positions[Joint.HEAD][1])) for positions in placed]
            moving.append(
                f'<circle class="hcfig-head" cx="{xs[0]}" cy="{ys[0]}" r="{_n(HEAD_RADIUS * SCALE)}" '
                f'fill="#ffffff" stroke="{TRUNK_STYLE[0]}" stroke-width="{TRUNK_STYLE[1]}">'
                f"{animate('cx', xs)}{animate('cy', ys)}</circle>"
            )
    for prop in _weights(props):
        assert prop.joint is not None
        joint = prop.joint
        xs = [_n(frame.x(positions[joint][0])) for positions in placed]
        ys = [_n(frame.y(positions[joint][1])) for positions in placed]
        moving.append(
            f'<circle class="hcfig-weight" cx="{xs[0]}" cy="{ys[0]}" r="{_n(prop.radius * SCALE)}" '
            f'fill="{PROP_STROKE}">{animate("cx", xs)}{animate("cy", ys)}</circle>'
        )

    strip, strip_width, strip_height = _strip_body(poses, props, working)
    k = min(width / strip_width, height / strip_height)
    offset_x = (width - strip_width * k) / 2
    offset_y = (height - strip_height * k) / 2
    style = (
        f"<style>#{figure_id}-strip{{display:none}}"
        "@media (prefers-reduced-motion: reduce)"
        f"{{#{figure_id}-moving{{display:none}}#{figure_id}-strip{{display:inline}}}}</style>"
    )
    return (
        _open(figure_id, width, height, title, description)
        + style
        + f'<g id="{figure_id}-moving" class="hcfig-anim">'
        + "".join(_floor_and_props(props, frame, left, right))
        + '<g class="hcfig-figure">'
        + "".join(moving)
        + "</g></g>"
        + f'<g id="{figure_id}-strip" class="hcfig-strip" '
        f'transform="translate({_n(offset_x)} {_n(offset_y)}) scale({k:.4f})">'
        + "".join(strip)
        + "</g></svg>"
    )
