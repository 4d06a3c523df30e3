"""The installable app: manifest, icons and service worker, served so that a phone can install the app and
keep what the runner's next days need."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from pathlib import Path

from PIL import Image, ImageChops

from hipcoach.web import security_headers
from hipcoach.web.pages import app_shell
from tests.web.test_player_api import give_program

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "make_icons.py"


def make_icons():
    spec = importlib.util.spec_from_file_location("make_icons", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_manifest_names_the_app_its_colours_and_icons_that_exist(anonymous):
    response = anonymous.get("/manifest.webmanifest")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/manifest+json")
    manifest = response.json()
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == ("/", "/", "standalone")
    css = (app_shell.STATIC_DIR / "app.css").read_text()
    assert (
        f"--brand: {manifest['theme_color']};" in css and f"--paper: {manifest['background_color']};" in css
    )
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512", "any"} <= sizes
    for icon in manifest["icons"]:
        served = anonymous.get(icon["src"])
        assert served.status_code == 200 and served.headers["content-type"] == icon["type"]
        if icon["type"] == "image/png":
            width, height = (int(n) for n in icon["sizes"].split("x"))
            with Image.open(app_shell.STATIC_DIR / icon["src"].removeprefix("/static/")) as image:
                assert image.size == (width, height)


def test_every_page_links_the_manifest_icons_and_the_outbox(anonymous):
    page = anonymous.get("/login").text

    for link in ('rel="manifest" href="/manifest.webmanifest"', 'rel="apple-touch-icon"', 'rel="icon"'):
        assert link in page
    assert '<script type="module" src="/static/outbox.js"></script>' in page
    for href in re.findall(r'<link rel="(?:icon|apple-touch-icon)" href="([^"]+)"', page):
        assert anonymous.get(href).status_code == 200
    favicon = anonymous.get("/favicon.ico")
    assert favicon.status_code == 200 and favicon.content[:4] == b"\x00\x00\x01\x00"  # an ICO file


def test_the_committed_icons_are_what_the_script_draws_from_the_shapes_and_the_palette():
    icons = make_icons()
    folder = app_shell.STATIC_DIR / "icons"

    assert (folder / "icon.svg").read_text() == icons.svg()
    for size in app_shell.ICON_SIZES:
        with Image.open(folder / f"icon-{size}.png") as committed:
            assert ImageChops.difference(committed.convert("RGBA"), icons.draw(size)).getbbox() is None, size


def test_the_service_worker_is_served_from_the_root_fresh_with_its_version_and_files(anonymous):
    response = anonymous.get("/sw.js")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["service-worker-allowed"] == "/"
    script = response.text
    assert app_shell.VERSION_PLACEHOLDER not in script and app_shell.SHELL_PLACEHOLDER not in script
    assert f'const VERSION = "{app_shell.static_version()}";' in script
    shell = json.loads(re.search(r"const SHELL = (\[.*?\]);", script).group(1))
    assert {
        "/static/player/main.js",
        "/static/outbox.js",
        "/static/app.css",
        "/static/icons/icon-192.png",
    } <= set(shell)
    assert "/static/sw.js" not in shell
    for url in shell:
        assert anonymous.get(url).status_code == 200, url


def test_the_version_changes_when_any_static_file_does(tmp_path, monkeypatch):
    copy = tmp_path / "static"
    shutil.copytree(app_shell.STATIC_DIR, copy)
    monkeypatch.setattr(app_shell, "STATIC_DIR", copy)
    app_shell.static_version.cache_clear()
    try:
        before = app_shell.static_version()
        app_shell.static_version.cache_clear()
        assert app_shell.static_version() == before  # the same files, the same cache
        (copy / "player" / "main.js").write_text((copy / "player" / "main.js").read_text() + "\n")
        app_shell.static_version.cache_clear()
        assert app_shell.static_version() != before
    finally:
        app_shell.static_version.cache_clear()


def test_the_policy_lets_the_worker_and_manifest_load_from_this_site_only(anonymous):
    policy = dict(
        part.split(" ", 1) for part in anonymous.get("/sw.js").headers["content-security-policy"].split("; ")
    )

    assert policy["worker-src"] == "'self'" and policy["manifest-src"] == "'self'"
    assert policy["script-src"] == "'self'" and policy["default-src"] == "'self'"
    assert security_headers.CONTENT_SECURITY_POLICY.count("unsafe") == 1  # inline styles only, as before


def test_the_offline_list_holds_the_runners_sessions_check_in_and_each_exercise_and_figure(
    signed_in, hipcoach
):
    client = signed_in("ana@example.com")
    give_program(hipcoach, "ana@example.com")

    offline = client.get("/api/offline").json()

    assert {"/session", "/session?kind=mobility", "/api/session/plan?kind=mobility", "/checkin"} <= set(
        offline["pages"]
    )
    assert not any("strength" in url for url in offline["pages"])  # phase 1: no strength session this week
    plan = client.get("/api/session/plan?kind=mobility").json()
    for item in plan["items"]:
        assert f"/exercises/{item['exercise_id']}" in offline["files"]
        if item["figure_url"]:
            assert any(url.startswith(item["figure_url"]) for url in offline["files"])
    for url in offline["pages"] + offline["files"]:
        assert client.get(url).status_code == 200, url
