"""The stick figure as SVG strings: no script, no raster, each picture names itself (title, desc).

``animated_svg`` moves the figure with SMIL ``<animate>`` through frames whose joint ANGLES were
interpolated (``interpolate.frames``), so a limb never stretches at a frame; the browser moves each point in
a straight line between neighbouring frames, and with 12 frames per key pose a joint turns at most a few
degrees between two, so a limb shortens by under half a percent mid-way (1 − cos(θ/2)) — invisible.
The camera (``skeleton.Camera``) projects the 3-D figure and its props; from above (elevation > 0) the
floor is drawn as a light plane under the figure, at eye level as a line. Under ``prefers-reduced-motion:
reduce`` the moving figure is hidden and the key poses are shown side by side instead (a ``<style>`` in the
same picture). ``strip_svg`` is that strip alone, for printed handouts.

The working side is drawn darker and thicker than the other (colour is not the only cue); the side nearer the
camera is drawn last.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from html import escape

from hipcoach.domain.figure.foot import FootPoint, FootPose, foot_frames, foot_positions
from hipcoach.domain.figure.interpolate import STEPS_PER_POSE, frames
from hipcoach.domain.figure.kinematics import Positions, Positions3, place, project, rotate, view_point
from hipcoach.domain.figure.skeleton import HEAD_RADIUS, Camera, Joint, Pose, Side, Vector, Vector3

SCALE = 100.0  # SVG units per body height
MARGIN = 10.0
CAPTION = 16.0  # room under each figure of a strip for one line of its pose name
CAPTION_CHARACTERS = 26  # a longer pose name wraps, so the caption does not make the figures small
CHARACTER_WIDTH = 6.5  # about how wide a character is at font size 12

WORKING = ("#1b2a3a", 4.2)  # colour, stroke width
OTHER = ("#8f9bab", 3.0)
FAR = ("#56657a", 4.2)  # both sides working: the far side, a shade lighter
TRUNK_STYLE = ("#1b2a3a", 4.2)
FLOOR = "#6b7280"
FLOOR_PLANE = "#eef0f3"
FLOOR_MARGIN = 0.12  # how far the drawn floor plane reaches past the figure, in units of height
PROP_FILL = "#d9dee5"
PROP_STROKE = "#6b7280"
TRAIL = "#7c8796"
BAND_COLOUR = "#b45309"  # a band stands out from the grey figure and props
BAND_WIDTH = 2.0
BAND_ANCHOR = 0.02  # radius of the anchor point's mark, in units of height


class PropKind(StrEnum):
    WEIGHT = "weight"  # a dumbbell or kettlebell held at ``joint``
    BOX = "box"  # a step or box standing on the floor from ``x`` to ``x + width``, ``height`` tall
    WALL = "wall"  # a wall across the figure's path at ``x``
    SIDE_WALL = "side-wall"  # a wall beside the figure at ``z``, from ``x`` to ``x + width``
    MAT = "mat"  # a mat on the floor from ``x`` to ``x + width``
    BAND = "band"  # a band or cable from ``joint`` (the hands) to a fixed anchor at ``x``, ``height``, ``z``


DEPTHS = {PropKind.BOX: 0.3, PropKind.MAT: 0.36, PropKind.WALL: 1.0}  # default z extent, units of height


@dataclass(frozen=True)
class Prop:
    """A simple prop, in units of body height in world coordinates (floor at y = 0, z to the figure's right).

    ``z`` is the centre of a box, mat or wall across the figure, or the band's anchor; ``depth`` their
    extent along z (0: the kind's default).
    """

    kind: PropKind
    joint: Joint | None = None
    x: float = 0.0
    width: float = 0.0
    height: float = 0.0
    z: float = 0.0
    depth: float = 0.0

    def __post_init__(self) -> None:
        if self.kind is PropKind.WEIGHT and self.joint is None:
            raise ValueError("a weight is held at a joint")
        if self.kind is PropKind.BAND and self.joint is None:
            raise ValueError("a band is held at a joint")

    @property
    def radius(self) -> float:
        return self.width / 2 if self.width else 0.035

    def corners(self) -> list[Vector3]:
        """The corners of a box, mat or wall (a mat lies flat; a wall reaches a body height up)."""
        half = (self.depth or DEPTHS.get(self.kind, 0.0)) / 2
        zs = (self.z - half, self.z + half)
        xs: tuple[float, ...]
        ys: tuple[float, ...]
        if self.kind is PropKind.BOX:
            xs, ys = (self.x, self.x + self.width), (0.0, self.height)
        elif self.kind is PropKind.MAT:
            xs, ys = (self.x, self.x + self.width), (0.0,)
        elif self.kind is PropKind.WALL:
            xs, ys = (self.x,), (0.0, 1.1)
        elif self.kind is PropKind.SIDE_WALL:
            return [(x, y, self.z) for x in (self.x, self.x + self.width) for y in (0.0, 1.1)]
        else:
            return []
        return [(x, y, z) for x in xs for y in ys for z in zs]

    def mirrored(self) -> Prop:
        """The prop for the exercise done on the other side: reflected across the figure's midline."""
        return replace(self, joint=self.joint.mirrored if self.joint else None, z=-self.z)


def _slug(text: str) -> str:
    return "fig-" + (re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "figure")


def _n(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class _Frame:
    """Maps picture coordinates (height units, y up) to SVG units (y down) for one panel."""

    def __init__(self, x0: float, top: float, dx: float = 0.0, scale: float = SCALE) -> None:
        self.x0, self.top, self.dx, self.scale = x0, top, dx, scale

    def x(self, x: float) -> float:
        return self.dx + MARGIN + (x - self.x0) * self.scale

    def y(self, y: float) -> float:
        return MARGIN + (self.top - y) * self.scale

    def point(self, p: Vector) -> str:
        return f"{_n(self.x(p[0]))},{_n(self.y(p[1]))}"


def _flat(camera: Camera) -> bool:
    """At eye level the floor is a line and the side view's props are drawn as before, edge-on."""
    return abs(camera.elevation) < 1e-9


def _floor_corners(world: Sequence[Positions3], props: Sequence[Prop]) -> list[Vector3]:
    """The floor plane drawn under the figure from above: a rectangle round everything, in order."""
    points = [p for positions in world for p in positions.values()]
    points += [corner for prop in props for corner in prop.corners()]
    xs, zs = [p[0] for p in points], [p[2] for p in points]
    x0, x1 = min(xs) - FLOOR_MARGIN, max(xs) + FLOOR_MARGIN
    z0, z1 = min(zs) - FLOOR_MARGIN, max(zs) + FLOOR_MARGIN
    return [(x0, 0.0, z0), (x1, 0.0, z0), (x1, 0.0, z1), (x0, 0.0, z1)]


def _see(point: Vector3, camera: Camera) -> Vector:
    x, y, _ = view_point(point, camera)
    return (x, y)


class _Scene:
    """What one picture shows: the camera, the props, and every frame as the camera sees it (``pictures``),
    which also sets the picture's extent."""

    def __init__(self, camera: Camera, props: Sequence[Prop], world: Sequence[Positions3]) -> None:
        self.camera, self.props = camera, props
        self.floor = [] if _flat(camera) else _floor_corners(world, props)
        self.pictures = picture = [project(positions, camera) for positions in world]
        xs = [x for positions in picture for x, _ in positions.values()]
        ys = [y for positions in picture for _, y in positions.values()]
        left, right = min(xs) - HEAD_RADIUS, max(xs) + HEAD_RADIUS
        bottom, top = min(0.0, min(ys) - HEAD_RADIUS), max(ys) + HEAD_RADIUS
        outline = [_see(corner, camera) for corner in self.floor]
        for prop in props:
            outline += [_see(corner, camera) for corner in prop.corners()]
            if prop.kind is PropKind.BAND:
                x, y = _see((prop.x, prop.height, prop.z), camera)
                outline += [(x - BAND_ANCHOR, y - BAND_ANCHOR), (x + BAND_ANCHOR, y + BAND_ANCHOR)]
            elif prop.kind is PropKind.WEIGHT:
                left, right, top = left - prop.radius, right + prop.radius, top + prop.radius
        if outline:
            left, right = min(left, *(x for x, _ in outline)), max(right, *(x for x, _ in outline))
            bottom, top = min(bottom, *(y for _, y in outline)), max(top, *(y for _, y in outline))
        self.left, self.right, self.bottom, self.top = left, right, bottom, top

    @property
    def width(self) -> float:
        return (self.right - self.left) * SCALE + 2 * MARGIN

    @property
    def height(self) -> float:
        return (self.top - self.bottom) * SCALE + 2 * MARGIN


Run = list[Vector]


def _runs(positions: Positions) -> dict[str, list[Run]]:
    """The polylines of every part of the figure, by part name, in picture coordinates."""

    def p(joint: Joint) -> Vector:
        return positions[joint]

    result: dict[str, list[Run]] = {}
    for side in Side:

        def j(part: str, side: Side = side) -> Vector:
            return p(Joint.of(side, part))

        result[f"{side.value}-leg"] = [[j("hip"), j("knee"), j("ankle"), j("heel"), j("toe"), j("ankle")]]
        result[f"{side.value}-arm"] = [[j("shoulder"), j("elbow"), j("wrist"), j("hand")]]
    # The girdles: seen from the side they shrink to a point hidden in the trunk line.
    result["trunk"] = [
        [p(Joint.HEAD), p(Joint.NECK), p(Joint.PELVIS)],
        [p(Joint.LEFT_SHOULDER), p(Joint.RIGHT_SHOULDER)],
        [p(Joint.LEFT_HIP), p(Joint.RIGHT_HIP)],
    ]
    return result


def _d(runs: list[Run], frame: _Frame) -> str:
    """A path's ``d`` in SVG coordinates; every frame has the same commands, so SMIL can animate it."""
    return " ".join("M" + " L".join(frame.point(point) for point in run) for run in runs)


def _order(camera: Camera) -> list[str]:
    """Far side first, near side last; seen square from the front, the arms go over the legs."""
    far = _far_side(camera)
    if far is None:
        return ["trunk", "left-leg", "right-leg", "left-arm", "right-arm"]
    return [f"{far}-leg", f"{far}-arm", "trunk", f"{far.other}-leg", f"{far.other}-arm"]


def _far_side(camera: Camera) -> Side | None:
    near = math.cos(math.radians(camera.turn))
    if abs(near) < 0.05:
        return None
    return Side.LEFT if near > 0 else Side.RIGHT


def _style(name: str, working: Side | None, camera: Camera) -> tuple[str, float]:
    """The trunk and the working side dark; with both sides working, the far side a shade lighter, so a
    leg behind reads as behind."""
    if name == "trunk":
        return TRUNK_STYLE
    if working is None:
        far = _far_side(camera)
        return FAR if far is not None and name.startswith(far.value) else WORKING
    return WORKING if name.startswith(working.value) else OTHER


def _polygon(points: Sequence[Vector], frame: _Frame, fill: str, stroke: str, css: str) -> str:
    return (
        f'<polygon class="{css}" points="{" ".join(frame.point(p) for p in points)}" fill="{fill}" '
        f'stroke="{stroke}" stroke-linejoin="round"/>'
    )


def _hull(points: Sequence[Vector]) -> list[Vector]:
    """The convex hull, counter-clockwise (Andrew's monotone chain): a box's outline from any camera."""
    ordered = sorted(set(points))
    if len(ordered) < 3:
        return ordered

    def cross(o: Vector, a: Vector, b: Vector) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[Vector] = []
    upper: list[Vector] = []
    for point in ordered:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], point) <= 0:
            lower.pop()
        lower.append(point)
    for point in reversed(ordered):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], point) <= 0:
            upper.pop()
        upper.append(point)
    return lower[:-1] + upper[:-1]


def _prop_shape(prop: Prop, frame: _Frame, camera: Camera) -> list[str]:
    corners = prop.corners()
    seen = [_see(corner, camera) for corner in corners]
    xs = [x for x, _ in seen]
    y0 = frame.y(0.0)
    edge_on = _flat(camera)
    if prop.kind is PropKind.BOX and edge_on:
        return [
            f'<rect x="{_n(frame.x(min(xs)))}" y="{_n(frame.y(prop.height))}" '
            f'width="{_n((max(xs) - min(xs)) * SCALE)}" height="{_n(prop.height * SCALE)}" '
            f'fill="{PROP_FILL}" stroke="{PROP_STROKE}"/>'
        ]
    if prop.kind is PropKind.BOX:
        top = [_see(c, camera) for c in corners if c[1] > 0]  # x0z0, x0z1, x1z0, x1z1
        face = [top[0], top[2], top[3], top[1]]
        return [
            _polygon(_hull(seen), frame, PROP_FILL, PROP_STROKE, "hcfig-box"),
            _polygon(face, frame, "#eceff3", PROP_STROKE, "hcfig-box-top"),
        ]
    if prop.kind is PropKind.MAT and edge_on:
        thick = 0.012 * SCALE
        span = (max(xs) - min(xs)) * SCALE
        return [
            f'<rect x="{_n(frame.x(min(xs)))}" y="{_n(y0 - thick)}" width="{_n(span)}" '
            f'height="{_n(thick)}" rx="1" fill="{PROP_FILL}" stroke="{PROP_STROKE}"/>'
        ]
    if prop.kind is PropKind.MAT:  # corners x0z0, x0z1, x1z0, x1z1 → round the rectangle
        return [_polygon([seen[0], seen[2], seen[3], seen[1]], frame, PROP_FILL, PROP_STROKE, "hcfig-mat")]
    if prop.kind is PropKind.WALL and edge_on and abs(max(xs) - min(xs)) < 1e-9:
        return [
            f'<line x1="{_n(frame.x(xs[0]))}" y1="{_n(MARGIN / 2)}" x2="{_n(frame.x(xs[0]))}" '
            f'y2="{_n(y0)}" stroke="{PROP_STROKE}" stroke-width="3"/>'
        ]
    if prop.kind is PropKind.SIDE_WALL:  # corners x0y0, x0y1, x1y0, x1y1
        return [_polygon([seen[0], seen[2], seen[3], seen[1]], frame, PROP_FILL, PROP_STROKE, "hcfig-wall")]
    if prop.kind is PropKind.WALL:  # corners y0z0, y0z1, y1z0, y1z1
        return [_polygon([seen[0], seen[1], seen[3], seen[2]], frame, PROP_FILL, PROP_STROKE, "hcfig-wall")]
    return []


def _floor_and_props(scene: _Scene, frame: _Frame) -> list[str]:
    camera = scene.camera
    if scene.floor:
        out = [_polygon([_see(c, camera) for c in scene.floor], frame, FLOOR_PLANE, "#d5dae1", "hcfig-floor")]
    else:
        y0 = frame.y(0.0)
        out = [
            f'<line x1="{_n(frame.x(scene.left) - MARGIN / 2)}" y1="{_n(y0)}" '
            f'x2="{_n(frame.x(scene.right) + MARGIN / 2)}" y2="{_n(y0)}" stroke="{FLOOR}" stroke-width="2"/>'
        ]
    for prop in scene.props:
        out += _prop_shape(prop, frame, camera)
    return out


def _weights(props: Sequence[Prop]) -> list[Prop]:
    return [prop for prop in props if prop.kind is PropKind.WEIGHT]


def _traced(props: Sequence[Prop], trace: Sequence[Joint]) -> list[Joint]:
    """The joints whose path is drawn: every held weight's, and those asked for (a knee drawing a circle)."""
    held = [prop.joint for prop in _weights(props) if prop.joint is not None]
    return held + [joint for joint in trace if joint not in held]


def _trail(points: Sequence[Vector], frame: _Frame) -> str:
    """The path a held weight travels, dashed under the figure, so a still picture shows the movement."""
    return (
        f'<polyline class="hcfig-trail" points="{" ".join(frame.point(p) for p in points)}" fill="none" '
        f'stroke="{TRAIL}" stroke-width="1.5" stroke-dasharray="3 4" stroke-linejoin="round"/>'
    )


def _bands(props: Sequence[Prop]) -> list[Prop]:
    return [prop for prop in props if prop.kind is PropKind.BAND]


def _band_anchor(prop: Prop, frame: _Frame, camera: Camera) -> str:
    """The fixed point the band is tied to: a small ring on a post standing on the floor under it."""
    x, y = _see((prop.x, prop.height, prop.z), camera)
    foot_x, foot_y = _see((prop.x, 0.0, prop.z), camera)
    return (
        f'<line class="hcfig-band-post" x1="{_n(frame.x(foot_x))}" y1="{_n(frame.y(foot_y))}" '
        f'x2="{_n(frame.x(x))}" y2="{_n(frame.y(y))}" stroke="{PROP_STROKE}" stroke-width="3"/>'
        f'<circle class="hcfig-band-anchor" cx="{_n(frame.x(x))}" cy="{_n(frame.y(y))}" '
        f'r="{_n(BAND_ANCHOR * SCALE)}" fill="#ffffff" stroke="{PROP_STROKE}" stroke-width="2"/>'
    )


def _band_line(prop: Prop, frame: _Frame, camera: Camera, hand: Vector, inner: str = "") -> str:
    """The band itself, a thin line from the anchor to the joint that holds it (``inner``: animations)."""
    x, y = _see((prop.x, prop.height, prop.z), camera)
    return (
        f'<line class="hcfig-band" x1="{_n(frame.x(x))}" y1="{_n(frame.y(y))}" '
        f'x2="{_n(frame.x(hand[0]))}" y2="{_n(frame.y(hand[1]))}" stroke="{BAND_COLOUR}" '
        f'stroke-width="{_n(BAND_WIDTH)}" stroke-linecap="round">{inner}</line>'
    )


def _figure(positions: Positions, scene: _Scene, frame: _Frame, working: Side | None) -> str:
    """One static figure (picture positions) as a ``<g>``."""
    parts = []
    for prop in _bands(scene.props):
        assert prop.joint is not None
        parts.append(_band_line(prop, frame, scene.camera, positions[prop.joint]))
        parts.append(_band_anchor(prop, frame, scene.camera))
    runs = _runs(positions)
    for name in _order(scene.camera):
        colour, width = _style(name, working, scene.camera)
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
    for prop in _weights(scene.props):
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


def _captions(names: Sequence[str]) -> list[list[str]]:
    """Each pose's numbered name, in lines of at most ``CAPTION_CHARACTERS`` (a long word stays whole)."""
    return [
        textwrap.wrap(f"{index}. {name}", CAPTION_CHARACTERS, break_long_words=False) or [f"{index}."]
        for index, name in enumerate(names, start=1)
    ]


def _caption_width(captions: Sequence[Sequence[str]]) -> float:
    return max(len(line) for lines in captions for line in lines) * CHARACTER_WIDTH + MARGIN


def _caption_height(captions: Sequence[Sequence[str]]) -> float:
    return CAPTION * max(len(lines) for lines in captions)


def _caption(lines: Sequence[str], x: float, top: float) -> str:
    """A pose's name under its figure: one ``<text>``, a ``<tspan>`` a line when it wraps."""
    start = f'<text x="{_n(x)}" y="{_n(top + CAPTION - 4)}" text-anchor="middle" font-size="12" '
    start += 'font-family="sans-serif" fill="#1b2a3a">'
    if len(lines) == 1:
        return f"{start}{escape(lines[0])}</text>"
    spans = "".join(
        f'<tspan x="{_n(x)}" dy="{0 if index == 0 else _n(CAPTION)}">{escape(line)}</tspan>'
        for index, line in enumerate(lines)
    )
    return f"{start}{spans}</text>"


def _strip_body(
    poses: Sequence[Pose],
    props: Sequence[Prop],
    working: Side | None,
    camera: Camera,
    trace: Sequence[Joint] = (),
    path: Sequence[Positions] | None = None,
) -> tuple[list[str], float, float]:
    """The key poses side by side with their names: (elements, width, height).

    ``path``: every frame of the movement as the camera sees it, for the dashed paths of ``trace`` and the
    held weights (computed here when not given).
    """
    scene = _Scene(camera, props, [place(pose) for pose in poses])
    weights = _traced(props, trace)
    if path is None:
        moving = weights and len(poses) > 1
        path = [project(place(f.pose), camera) for f in frames(poses)] if moving else []
    captions = _captions([pose.name for pose in poses])
    cell = max(scene.width, _caption_width(captions))
    left = scene.left - (cell - scene.width) / 2 / SCALE
    body_height = scene.height
    out: list[str] = []
    for index, picture in enumerate(scene.pictures):
        frame = _Frame(left, scene.top, dx=index * cell)
        out.append('<g class="hcfig-key">')
        out += _floor_and_props(scene, frame)
        out += [_trail([p[joint] for p in path], frame) for joint in weights if path]
        out.append(_figure(picture, scene, frame, working))
        out.append(_caption(captions[index], index * cell + cell / 2, body_height) + "</g>")
    return out, cell * len(poses), body_height + _caption_height(captions)


def strip_svg(
    poses: Sequence[Pose],
    title: str,
    description: str,
    *,
    props: Sequence[Prop] = (),
    working: Side | None = Side.RIGHT,
    figure_id: str | None = None,
    camera: Camera | None = None,
    trace: Sequence[Joint] = (),
) -> str:
    """The key poses side by side, static, each named under it: for printed handouts.

    ``trace``: joints whose path through the movement is drawn dashed (held weights always are).
    """
    if not poses:
        raise ValueError("a strip needs at least one key pose")
    body, width, height = _strip_body(poses, props, working, camera or Camera.side(), trace)
    return _open(figure_id or _slug(title), width, height, title, description) + "".join(body) + "</svg>"


def _animator(count: int, seconds: float, times: Sequence[float] = ()) -> Callable[[str, Sequence[str]], str]:
    """Makes the ``<animate>`` of one attribute through ``count`` frame values, looping every ``seconds``;
    ``times`` (0 to 1, one per frame) when the frames are not evenly spaced."""
    if not times:
        times = [i / (count - 1) for i in range(count)] if count > 1 else [0.0]
    key_times = ";".join(
        f"{time:.4f}".rstrip("0").rstrip(".") if i < count - 1 else "1" for i, time in enumerate(times)
    )
    timing = f'dur="{_n(seconds)}s" keyTimes="{key_times}" calcMode="linear" repeatCount="indefinite"'

    def animate(attribute: str, values: Sequence[str]) -> str:
        return f'<animate attributeName="{attribute}" values="{";".join(values)}" {timing}/>'

    return animate


def _with_reduced_motion(
    figure_id: str,
    width: float,
    height: float,
    title: str,
    description: str,
    moving: Sequence[str],
    strip: Sequence[str],
    strip_width: float,
    strip_height: float,
) -> str:
    """The moving picture, and the strip of key poses scaled into the same box, shown instead of it to a
    reader who asked for reduced motion."""
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
        + "".join(moving)
        + "</g>"
        + f'<g id="{figure_id}-strip" class="hcfig-strip" '
        f'transform="translate({_n(offset_x)} {_n(offset_y)}) scale({k:.4f})">'
        + "".join(strip)
        + "</g></svg>"
    )


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
    camera: Camera | None = None,
    both_directions: bool = False,
    trace: Sequence[Joint] = (),
) -> str:
    """One picture: the figure looping through ``poses``, or (reduced motion) the key poses side by side.

    ``working``: the side drawn darker and thicker (None: both alike). ``both_directions``: after going
    round the poses, the loop goes back round the other way (a halo circles the head both ways). ``trace``:
    joints whose path is drawn dashed under the figure (held weights always are).
    """
    if not poses:
        raise ValueError("an animation needs at least one key pose")
    camera = camera or Camera.side()
    figure_id = figure_id or _slug(title)
    order = list(poses)
    if both_directions and len(poses) >= 3:
        order += [poses[0], *reversed(poses[1:])]
    sequence = frames(order, steps)
    scene = _Scene(camera, props, [place(frame.pose) for frame in sequence])
    placed = scene.pictures
    width, height = scene.width, scene.height
    frame = _Frame(scene.left, scene.top)
    animate = _animator(len(sequence), seconds_per_pose * len(order), [f.time for f in sequence])

    def follow(joint: Joint) -> tuple[list[str], list[str]]:
        return (
            [_n(frame.x(positions[joint][0])) for positions in placed],
            [_n(frame.y(positions[joint][1])) for positions in placed],
        )

    per_frame = [_runs(positions) for positions in placed]
    moving: list[str] = []
    for prop in _bands(props):
        assert prop.joint is not None
        xs, ys = follow(prop.joint)
        inner = animate("x2", xs) + animate("y2", ys)
        moving.append(_band_line(prop, frame, camera, placed[0][prop.joint], inner))
        moving.append(_band_anchor(prop, frame, camera))
    for name in _order(camera):
        colour, stroke = _style(name, working, camera)
        ds = [_d(runs[name], frame) for runs in per_frame]
        moving.append(
            f'<path class="hcfig-{name}" d="{ds[0]}" fill="none" stroke="{colour}" stroke-width="{stroke}" '
            f'stroke-linecap="round" stroke-linejoin="round">{animate("d", ds)}</path>'
        )
        if name == "trunk":
            xs, ys = follow(Joint.HEAD)
            moving.append(
                f'<circle class="hcfig-head" cx="{xs[0]}" cy="{ys[0]}" r="{_n(HEAD_RADIUS * SCALE)}" '
                f'fill="#ffffff" stroke="{TRUNK_STYLE[0]}" stroke-width="{TRUNK_STYLE[1]}">'
                f"{animate('cx', xs)}{animate('cy', ys)}</circle>"
            )
    for prop in _weights(props):
        assert prop.joint is not None
        xs, ys = follow(prop.joint)
        moving.append(
            f'<circle class="hcfig-weight" cx="{xs[0]}" cy="{ys[0]}" r="{_n(prop.radius * SCALE)}" '
            f'fill="{PROP_STROKE}">{animate("cx", xs)}{animate("cy", ys)}</circle>'
        )

    trails = [_trail([positions[joint] for positions in placed], frame) for joint in _traced(props, trace)]
    moving = ["".join(_floor_and_props(scene, frame)), *trails, '<g class="hcfig-figure">', *moving, "</g>"]
    # The strip's dashed paths are the animation's own frames, unless it goes round twice (both ways).
    path = None if both_directions else placed if len(poses) > 1 else []
    strip, strip_width, strip_height = _strip_body(poses, props, working, camera, trace, path)
    return _with_reduced_motion(
        figure_id, width, height, title, description, moving, strip, strip_width, strip_height
    )


# --- the foot close-up --------------------------------------------------------------------------------------

FOOT_SCALE = 900.0  # SVG units per body height: the 0.152H foot is drawn about 140 units long
FOOT_FILL = "#f3f4f6"
FOOT_PARTS = ("small-toes", "outline", "big-toe")  # drawn in this order: the big toe is nearest
FOOT_STYLE = {
    "outline": ("#1b2a3a", 3.0),
    "small-toes": OTHER,
    "big-toe": WORKING,
}


# The foot's outline around its rigid points, in units of height [D]: the shank's half width, and where the
# back of the heel, the top of the ball and the instep sit relative to the heel, ball and ankle.
SHANK_HALF_WIDTH = 0.022
HEEL_BACK = (-0.012, 0.02)
BALL_TOP = (0.004, 0.016)
INSTEP_RISE = 0.024


def _foot_runs(pose: FootPose, flip: bool) -> dict[str, list[Run]]:
    """The close-up's parts in picture coordinates (the left foot is the right one's mirror image): the
    outline of shank and foot round the rigid points, the small toes behind, the big toe in front."""
    at = foot_positions(pose)
    heel, ankle, ball, cut = (
        at[FootPoint.HEEL],
        at[FootPoint.ANKLE],
        at[FootPoint.BALL],
        at[FootPoint.KNEE_CUT],
    )
    heel_back = rotate(HEEL_BACK, pose.arch)  # the heel turns with the rearfoot
    ankle_front = (ankle[0] + SHANK_HALF_WIDTH, ankle[1] + INSTEP_RISE / 2)
    ball_top = (ball[0] + BALL_TOP[0], ball[1] + BALL_TOP[1])
    instep = (
        ankle_front[0] + 0.45 * (ball_top[0] - ankle_front[0]),
        ankle_front[1] + 0.45 * (ball_top[1] - ankle_front[1]) + INSTEP_RISE / 2,
    )
    outline = [
        (cut[0] - SHANK_HALF_WIDTH, cut[1]),
        (heel[0] + heel_back[0], heel[1] + heel_back[1]),
        heel,
        at[FootPoint.ARCH],
        ball,
        ball_top,
        instep,
        ankle_front,
        (cut[0] + SHANK_HALF_WIDTH, cut[1]),
    ]
    parts = {
        "outline": [outline],
        "small-toes": [[ball, at[FootPoint.SMALL_TOES]]],
        "big-toe": [[ball, at[FootPoint.BIG_TOE]]],
    }
    if flip:
        parts = {name: [[(-x, y) for x, y in run] for run in runs] for name, runs in parts.items()}
    return parts


def _foot_extent(all_runs: Sequence[dict[str, list[Run]]]) -> tuple[float, float, float]:
    points = [p for runs in all_runs for rs in runs.values() for run in rs for p in run]
    pad = 0.015
    return min(x for x, _ in points) - pad, max(x for x, _ in points) + pad, max(y for _, y in points) + pad


def _foot_floor(frame: _Frame, start: float, end: float) -> str:
    y0 = _n(frame.y(0.0))
    return (
        f'<line x1="{_n(start + MARGIN / 2)}" y1="{y0}" x2="{_n(end - MARGIN / 2)}" y2="{y0}" '
        f'stroke="{FLOOR}" stroke-width="2"/>'
    )


def _foot_part(name: str, d: str, inner: str = "") -> str:
    colour, width = FOOT_STYLE[name]
    fill = FOOT_FILL if name == "outline" else "none"
    return (
        f'<path class="hcfig-foot-{name}" d="{d}" fill="{fill}" stroke="{colour}" stroke-width="{width}" '
        f'stroke-linecap="round" stroke-linejoin="round">{inner}</path>'
    )


def _foot_strip(poses: Sequence[FootPose], flip: bool) -> tuple[list[str], float, float]:
    per_pose = [_foot_runs(pose, flip) for pose in poses]
    left, right, top = _foot_extent(per_pose)
    captions = _captions([pose.name for pose in poses])
    figure_width = (right - left) * FOOT_SCALE + 2 * MARGIN
    cell = max(figure_width, _caption_width(captions))
    left -= (cell - figure_width) / 2 / FOOT_SCALE
    body_height = top * FOOT_SCALE + 2 * MARGIN
    out: list[str] = []
    for index, runs in enumerate(per_pose):
        frame = _Frame(left, top, dx=index * cell, scale=FOOT_SCALE)
        out.append('<g class="hcfig-key">')
        out.append(_foot_floor(frame, index * cell, (index + 1) * cell))
        parts = "".join(_foot_part(name, _d(runs[name], frame)) for name in FOOT_PARTS)
        out.append(f'<g class="hcfig-figure">{parts}</g>')
        out.append(_caption(captions[index], index * cell + cell / 2, body_height) + "</g>")
    return out, cell * len(poses), body_height + _caption_height(captions)


def foot_strip_svg(
    poses: Sequence[FootPose],
    title: str,
    description: str,
    *,
    flip: bool = False,
    figure_id: str | None = None,
) -> str:
    """The close-up's key poses side by side, for printed handouts (``flip``: the left foot)."""
    if not poses:
        raise ValueError("a strip needs at least one key pose")
    body, width, height = _foot_strip(poses, flip)
    return _open(figure_id or _slug(title), width, height, title, description) + "".join(body) + "</svg>"


def foot_animated_svg(
    poses: Sequence[FootPose],
    title: str,
    description: str,
    seconds_per_pose: float = 1.2,
    *,
    flip: bool = False,
    steps: int = STEPS_PER_POSE,
    figure_id: str | None = None,
) -> str:
    """The close-up looping through ``poses``, or (reduced motion) its key poses side by side."""
    if not poses:
        raise ValueError("an animation needs at least one key pose")
    figure_id = figure_id or _slug(title)
    per_frame = [_foot_runs(pose, flip) for pose in foot_frames(poses, steps)]
    left, right, top = _foot_extent(per_frame)
    frame = _Frame(left, top, scale=FOOT_SCALE)
    width = (right - left) * FOOT_SCALE + 2 * MARGIN
    height = top * FOOT_SCALE + 2 * MARGIN
    animate = _animator(len(per_frame), seconds_per_pose * len(poses))
    moving = [_foot_floor(frame, 0.0, width), '<g class="hcfig-figure">']
    for name in FOOT_PARTS:
        ds = [_d(runs[name], frame) for runs in per_frame]
        moving.append(_foot_part(name, ds[0], animate("d", ds)))
    moving.append("</g>")
    strip, strip_width, strip_height = _foot_strip(poses, flip)
    return _with_reduced_motion(
        figure_id, width, height, title, description, moving, strip, strip_width, strip_height
    )
