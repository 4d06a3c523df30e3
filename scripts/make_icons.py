"""Draw the app's icons, the SVG and the PNGs, from one set of simple shapes: a runner in mid-stride with the
hip marked, white on the brand blue. Run it again after changing the mark; commit what it writes.

    .venv/bin/python scripts/make_icons.py
"""

from __future__ import annotations

from PIL import Image, ImageDraw

from hipcoach.web.pages.app_shell import APP_NAME, APPLE_TOUCH_SIZE, ICON_SIZES, STATIC_DIR, palette

GRID = 64  # the SVG's viewBox: every shape below is in its units
# The runner, as in icon.svg: the body's lines, the head and the hip.
STRIDE = [
    [(30, 22), (26, 36), (35, 42), (32, 54)],
    [(26, 36), (18, 48)],
    [(22, 28), (30, 22), (38, 28), (44, 26)],
]
HEAD = ((34, 13), 5)
HIP = ((26, 36), 4)
HIP_COLOUR = "focus"  # the palette's warm yellow, as the focus ring
FAVICON_SIZES = (16, 32, 48)


def draw(size: int, rounded: bool = True) -> Image.Image:
    colours = palette()
    scale = size / GRID
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    radius = round(14 * scale) if rounded else 0
    pen.rounded_rectangle((0, 0, size - 1, size - 1), radius=radius, fill=colours["brand"])
    width = max(1, round(5 * scale))
    for line in STRIDE:
        points = [(x * scale, y * scale) for x, y in line]
        pen.line(points, fill=colours["paper"], width=width, joint="curve")
        for x, y in points:  # round caps, as the SVG's stroke-linecap
            pen.ellipse((x - width / 2, y - width / 2, x + width / 2, y + width / 2), fill=colours["paper"])
    for (cx, cy), r, colour in ((*HEAD, colours["paper"]), (*HIP, colours[HIP_COLOUR])):
        pen.ellipse(((cx - r) * scale, (cy - r) * scale, (cx + r) * scale, (cy + r) * scale), fill=colour)
    return image


def svg() -> str:
    colours = palette()
    paths = "".join("M" + "L".join(f"{x} {y}" for x, y in line) for line in STRIDE)
    (hx, hy), hr = HEAD
    (px, py), pr = HIP
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {GRID} {GRID}" '
        f'role="img" aria-label="{APP_NAME}">'
        f'<rect width="{GRID}" height="{GRID}" rx="14" fill="{colours["brand"]}"/>'
        f'<path d="{paths}" fill="none" stroke="{colours["paper"]}" stroke-width="5" stroke-linecap="round" '
        'stroke-linejoin="round"/>'
        f'<circle cx="{hx}" cy="{hy}" r="{hr}" fill="{colours["paper"]}"/>'
        f'<circle cx="{px}" cy="{py}" r="{pr}" fill="{colours[HIP_COLOUR]}"/></svg>\n'
    )


def main() -> None:
    folder = STATIC_DIR / "icons"
    folder.mkdir(exist_ok=True)
    written = [folder / "icon.svg"]
    written[0].write_text(svg(), encoding="utf-8")
    for size in ICON_SIZES:
        written.append(folder / f"icon-{size}.png")
        draw(size).save(written[-1], optimize=True)
    written.append(folder / "apple-touch-icon.png")  # iOS rounds the corners itself
    draw(APPLE_TOUCH_SIZE, rounded=False).convert("RGB").save(written[-1], optimize=True)
    written.append(folder / "favicon-32.png")
    draw(32).save(written[-1], optimize=True)
    written.append(folder / "favicon.ico")
    draw(max(FAVICON_SIZES)).save(written[-1], sizes=[(s, s) for s in FAVICON_SIZES])
    for path in written:
        print(f"{path.relative_to(STATIC_DIR.parent.parent.parent.parent)}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
