"""The installable app around the pages: its manifest, icons, service worker, and what it keeps for offline.

The service worker is served from the site's root because a worker controls only the paths under its own
address: under /static/ it could never answer for /session. Its cache is named after the static files'
content, so a release that changes any of them replaces the old cache, and an unchanged one keeps it.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Response
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, Field

from hipcoach.domain.content import Block
from hipcoach.services import programs
from hipcoach.services.errors import InvalidInput
from hipcoach.web.deps import HipcoachDep, ProfileId
from hipcoach.web.player_schemas import plan_public

router = APIRouter()

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
ICONS = "/static/icons"
# What the service worker keeps ahead: every stylesheet, script and icon (not the worker, which the browser
# keeps itself, nor the player's package.json, which only node reads).
SHELL_SUFFIXES = (".css", ".js", ".svg", ".png")
VERSION_PLACEHOLDER = "__HIPCOACH_VERSION__"
SHELL_PLACEHOLDER = '"__HIPCOACH_SHELL__"'
APP_NAME = "hipcoach"
# The icon sizes the manifest offers (Chromium wants 192 and 512 to call it installable).
ICON_SIZES = (192, 512)
APPLE_TOUCH_SIZE = 180


def palette() -> dict[str, str]:
    """The colours of the app's stylesheet (``--name: #hex``), so the installed app's bar matches it."""
    css = (STATIC_DIR / "app.css").read_text(encoding="utf-8")
    return dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{3,6})\s*;", css))


def shell_files() -> list[str]:
    """The static files every page may need, as the addresses the pages ask for them by."""
    return sorted(
        "/static/" + path.relative_to(STATIC_DIR).as_posix()
        for path in STATIC_DIR.rglob("*")
        if path.is_file() and path.suffix in SHELL_SUFFIXES and path.name != "sw.js"
    )


@cache
def static_version() -> str:
    """A short hash of every static file's name and content: it changes whenever any of them does."""
    digest = hashlib.sha256()
    for path in sorted(p for p in STATIC_DIR.rglob("*") if p.is_file()):
        digest.update(path.relative_to(STATIC_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@cache
def _worker_script() -> str:
    script = (STATIC_DIR / "sw.js").read_text(encoding="utf-8")
    return script.replace(VERSION_PLACEHOLDER, static_version()).replace(
        SHELL_PLACEHOLDER, json.dumps(shell_files())
    )


@router.get("/sw.js", include_in_schema=False)
def service_worker() -> Response:
    """The service worker, with its cache's version and the files it keeps; always checked for a newer one."""
    return Response(
        _worker_script(),
        media_type="text/javascript",
        headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"},
    )


def manifest() -> dict[str, Any]:
    colours = palette()
    return {
        "name": f"{APP_NAME}: strong hips for runners",
        "short_name": APP_NAME,
        "description": "Your hip program, session player and morning check-in, on your phone, even offline.",
        "id": "/",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": colours["brand"],
        "background_color": colours["paper"],
        "icons": [
            *(
                {"src": f"{ICONS}/icon-{size}.png", "sizes": f"{size}x{size}", "type": "image/png"}
                for size in ICON_SIZES
            ),
            {"src": f"{ICONS}/icon.svg", "sizes": "any", "type": "image/svg+xml"},
        ],
    }


@router.get("/manifest.webmanifest", include_in_schema=False)
def web_manifest() -> Response:
    """What a phone needs to install the app: its name, colours, icons and first page."""
    return JSONResponse(
        manifest(), media_type="application/manifest+json", headers={"Cache-Control": "no-cache"}
    )


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> Response:
    """Browsers ask the root for it whatever the page links to."""
    return FileResponse(
        STATIC_DIR / "icons" / "favicon.ico", headers={"Cache-Control": "public, max-age=86400"}
    )


class OfflinePublic(BaseModel):
    pages: list[str] = Field(description="pages and answers to fetch again whenever the phone is online")
    files: list[str] = Field(description="exercise pages and figures, the same until the program changes")


@router.get("/api/offline", tags=["api"])
def offline_set(app: HipcoachDep, profile_id: ProfileId) -> OfflinePublic:
    """What the service worker keeps for this runner so the next 7 days work offline: today's session and
    check-in, each session kind the phase allows (the week's sessions are these), and their exercises."""
    pages = ["/", "/session", "/api/session/plan", "/checkin", "/program"]
    files: list[str] = []
    for kind in (Block.MOBILITY, Block.STRENGTH):
        try:
            plan = programs.plan_session(app, profile_id, kind)
        except InvalidInput:
            continue  # strength before phase 2, or a paused program: nothing of that kind this week
        pages += [f"/session?kind={kind.value}", f"/api/session/plan?kind={kind.value}"]
        for item in plan_public(plan, app.library.illustrations).items:
            files.append(f"/exercises/{item.exercise_id}")
            if item.figure_url is not None:
                # the figures the player asks for, addressed the way figure.js writes them
                joiner = "&" if "?" in item.figure_url else "?"
                files += [
                    f"{item.figure_url}{joiner}side={side}" if side != "both" else item.figure_url
                    for side in item.sides
                ]
    return OfflinePublic(pages=list(dict.fromkeys(pages)), files=list(dict.fromkeys(files)))
