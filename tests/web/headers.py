"""The security headers every answer carries, checked by the route walks of both access matrices."""

from __future__ import annotations

from hipcoach.web.security_headers import CONTENT_SECURITY_POLICY

HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "x-content-type-options": "nosniff",
}


def missing_headers(response, cacheable: bool) -> list[str]:
    problems = [
        f"{name}: {response.headers.get(name)!r}"
        for name, value in HEADERS.items()
        if response.headers.get(name) != value
    ]
    if not cacheable and "no-store" not in response.headers.get("cache-control", ""):
        problems.append(f"cache-control: {response.headers.get('cache-control')!r}")
    return problems
