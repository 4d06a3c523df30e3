"""Every answer of the app carries the security headers: the content security policy, no framing, the referrer
policy and no sniffing; and every answer but the static files and a public figure is kept out of caches.

The walk takes its routes from the app itself (a route without a row in the access matrix fails there and
here), calls each as its owner and as a visitor, and looks at the headers of whatever comes back: a page, a
redirect to sign in, a 401, a refusal.
"""

from __future__ import annotations

import pytest

from hipcoach.web.security_headers import CONTENT_SECURITY_POLICY
from tests.web.headers import missing_headers
from tests.web.test_access import (
    ANONYMOUS,
    OWNER,
    ROUTES,
    request_as,
    served_routes,
    world,  # noqa: F401 (the access matrix's world of two runners, a fixture)
)
from tests.web.test_clinic_access import ROUTES as CLINIC_ROUTES

# Signing out, and changing the password, come last: the owner's other pages are asked while signed in.
LAST = ("POST /logout", "POST /account/password")


CACHEABLE_ROUTES = (
    "GET /static",
    "GET /exercises/{exercise_id}/figure.svg",
    "GET /sw.js",
    "GET /manifest.webmanifest",
    "GET /favicon.ico",
)


def walk_order(routes: set[str]) -> list[str]:
    return sorted(routes, key=lambda route: (route in LAST, route.split(" ")[0] != "GET", route))


def test_the_policy_allows_this_origin_only_and_no_script_but_its_own():
    directives = dict(part.split(" ", 1) for part in CONTENT_SECURITY_POLICY.split("; "))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"  # no inline script, no eval, nothing from another host
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'" and directives["base-uri"] == "'none'"
    assert all("http" not in value and "*" not in value for value in directives.values())


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_every_route_answers_with_the_security_headers(world, anonymous, web_app):  # noqa: F811
    # The clinician workspace's routes are checked for the same headers by its own seven-role matrix
    # (test_clinic_access.py), which holds their rows.
    routes = served_routes(web_app) - CLINIC_ROUTES.keys()
    assert routes - ROUTES.keys() == set(), "a route without a row in tests/web/test_access.py ROUTES"
    problems = []
    for route in walk_order(routes):
        call = ROUTES[route]
        # The static files, the public figure and the app's own (service worker, manifest, favicon) may be
        # cached; everything else, and every refusal, not.
        cacheable = route in CACHEABLE_ROUTES and call.owner == 200
        for role, client in ((ANONYMOUS, anonymous), (OWNER, world.owner.client)):
            response = request_as(world, route, call, role, client)
            wrong = missing_headers(response, cacheable)
            if wrong:
                problems.append(f"{route} as {role} ({response.status_code}): {', '.join(wrong)}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_export_and_a_private_page_are_never_stored(world):  # noqa: F811
    for url in ("/api/export", "/program", "/api/me", "/progress"):
        response = world.owner.client.get(url)
        assert response.status_code == 200, url
        assert response.headers["cache-control"] == "no-store", url


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_static_files_and_a_public_figure_keep_their_caching(anonymous):
    stylesheet = anonymous.get("/static/app.css")
    assert stylesheet.status_code == 200
    assert "cache-control" not in stylesheet.headers  # revalidated by its ETag, as before
    assert stylesheet.headers["x-content-type-options"] == "nosniff"
    missing = anonymous.get("/static/no-such-file.css")
    assert missing.status_code == 404
    assert missing.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_an_unknown_page_and_a_server_refusal_carry_the_headers_too(anonymous):
    for response in (anonymous.get("/no-such-page"), anonymous.get("/api/no-such-thing")):
        assert response.status_code == 404
        assert not missing_headers(response, cacheable=False)
