"""Request bodies are bounded before they are read (issue 14, item 3).

A probe sent a 300 MB JSON body without cookies (read whole, ~900 MB, before its 403) and a 1.1 GiB form to
/login (spooled to disk). The ASGI-level tests count how often the app pulled the body: zero times means the
refusal came before a byte of it was read.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.routing import APIRoute

from hipcoach.importers import ImportLimits
from hipcoach.importers.xmlstream import MAX_ELEMENT_DEPTH
from hipcoach.services.import_jobs import MAX_PROBLEMS_KEPT, MAX_UPLOAD_BYTES
from hipcoach.services.job_queue import JobRunner
from hipcoach.web import body_limit
from hipcoach.web.body_limit import (
    DATA_IMPORT_ROUTE,
    MAX_FORM_BYTES,
    MAX_JSON_BYTES,
    MAX_UPLOAD_BODY_BYTES,
    UPLOAD_ROUTES,
    VIDEO_ROUTES,
    size_text,
)
from hipcoach.web.routers import ROUTERS
from hipcoach.web.security import SESSION_COOKIE
from tests.integration.test_service_import_jobs import FIRST, gpx_run
from tests.web.conftest import csrf
from tests.web.live import live_server
from tests.web.pages import runner


@pytest.fixture(autouse=True)
def inline_jobs(web_app):
    web_app.state.job_runner = JobRunner(inline=True)


class Sent:
    """What the app answered to one request sent straight to it as ASGI, and how much of the body it read."""

    def __init__(self) -> None:
        self.status = 0
        self.headers: dict[str, str] = {}
        self.body = b""
        self.pulls = 0  # times the app asked for the body

    @property
    def text(self) -> str:
        return self.body.decode()


def send_asgi(
    app, method: str, path: str, headers: dict[str, str], chunks: list[bytes] | None = None
) -> Sent:
    sent = Sent()
    pending = list(chunks or [b""])

    async def receive():
        sent.pulls += 1
        if pending:
            body = pending.pop(0)
            return {"type": "http.request", "body": body, "more_body": bool(pending)}
        await asyncio.sleep(3600)  # a client that sends nothing more; never reached in these tests

    async def send(message):
        if message["type"] == "http.response.start":
            sent.status = message["status"]
            sent.headers = {k.decode().lower(): v.decode() for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            sent.body += message.get("body", b"")

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    asyncio.run(app(scope, receive, send))
    return sent


def test_a_json_body_declared_over_the_limit_is_refused_unread(web_app):
    declared = {"content-type": "application/json", "content-length": str(300 * 1024 * 1024)}
    sent = send_asgi(web_app, "POST", "/api/runs", declared)
    assert sent.status == 413 and sent.pulls == 0
    assert sent.headers["connection"] == "close"
    assert json.loads(sent.body) == {"detail": "the request body is larger than 1 MB, the most it may be"}


@pytest.mark.parametrize(
    ("size", "refused"), [(MAX_JSON_BYTES - 1, False), (MAX_JSON_BYTES, False), (MAX_JSON_BYTES + 1, True)]
)
def test_the_json_limit_at_its_boundary(web_app, size, refused):
    body = b" " * size
    headers = {"content-type": "application/json", "content-length": str(size)}
    sent = send_asgi(web_app, "POST", "/api/runs", headers, [body])
    assert (sent.status == 413) is refused, sent.text  # under it: the CSRF check answers (403)


@pytest.mark.parametrize(("size", "refused"), [(MAX_FORM_BYTES, False), (MAX_FORM_BYTES + 1, True)])
def test_a_form_to_sign_in_is_bounded(anonymous, size, refused):
    token = csrf(anonymous)
    filler = "x" * (size - len(f"csrf_token={token}&email=a%40b.c&password=") - len("&next="))
    body = f"csrf_token={token}&email=a%40b.c&password=&next={filler}"
    response = anonymous.post(
        "/login", content=body, headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert len(body) == size
    assert (response.status_code == 413) is refused
    if refused:
        assert response.text == "The form sent is larger than 64 KB, the most a form may be."


def chunks(total: int, size: int = 16 * 1024) -> Iterator[bytes]:
    for start in range(0, total, size):
        yield b" " * min(size, total - start)


def test_a_chunked_body_is_counted_as_it_streams_and_reading_stops_at_the_limit(web_app, signed_in):
    client = runner(signed_in, "ana@example.com")
    pulled = 0

    def counted(total: int) -> Iterator[bytes]:
        nonlocal pulled
        for chunk in chunks(total):
            pulled += len(chunk)
            yield chunk

    headers = {"X-CSRF-Token": csrf(client), "content-type": "application/json"}
    response = client.post("/api/runs", content=counted(8 * MAX_JSON_BYTES), headers=headers)
    assert response.status_code == 413
    assert response.json()["detail"] == "the request body is larger than 1 MB, the most it may be"
    # The ASGI-level count: the app stopped pulling one chunk past the limit.
    body_chunks = list(chunks(8 * MAX_JSON_BYTES))
    cookies = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    sent = send_asgi(web_app, "POST", "/api/runs", headers | {"cookie": cookies}, body_chunks)
    assert sent.status == 413 and sent.pulls == MAX_JSON_BYTES // len(body_chunks[0]) + 1


def test_a_chunked_form_gets_the_error_page(anonymous):
    token = csrf(anonymous)
    body = iter([f"csrf_token={token}&email=".encode()] + list(chunks(2 * MAX_FORM_BYTES)))
    response = anonymous.post(
        "/login", content=body, headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 413
    assert "the form sent is larger than 64 KB" in response.text and "<html" in response.text


@pytest.mark.parametrize(
    ("path", "status", "where"),
    [("/api/imports", 401, None), ("/running/import", 303, "/login?next=/running/import")],
)
def test_an_upload_without_a_session_is_refused_before_its_body_is_read(web_app, path, status, where):
    headers = {"content-type": "multipart/form-data; boundary=x", "content-length": str(500 * 1024 * 1024)}
    for cookie in ({}, {"cookie": f"{SESSION_COOKIE}=not-a-session"}):
        sent = send_asgi(web_app, "POST", path, headers | cookie)
        assert (sent.status, sent.pulls) == (status, 0)
        assert sent.headers.get("location") == where


def test_a_signed_in_runner_uploads_more_than_a_form_may_be(signed_in):
    client = runner(signed_in, "ana@example.com")
    big_gpx = gpx_run(FIRST).replace("</gpx>", " " * (2 * MAX_JSON_BYTES) + "</gpx>").encode()
    response = client.post(
        "/api/imports",
        headers={"X-CSRF-Token": csrf(client)},
        files=[("files", ("long.gpx", big_gpx, "application/gpx+xml"))],
    )
    assert response.status_code == 202, response.text
    assert client.get(response.json()["status_url"]).json()["runs_added"] == 1


def test_an_upload_over_its_cap_is_refused_unread_even_when_signed_in(web_app, signed_in):
    client = runner(signed_in, "ana@example.com")
    cookies = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    for path in ("/api/imports", "/running/import"):
        headers = {
            "cookie": cookies,
            "content-type": "multipart/form-data; boundary=x",
            "content-length": str(MAX_UPLOAD_BODY_BYTES + 1),
        }
        sent = send_asgi(web_app, "POST", path, headers)
        assert (sent.status, sent.pulls) == (413, 0)
        assert "upload is larger than 1 GB, the limit" in sent.text


def test_every_route_that_takes_files_is_an_upload_route_and_no_other():
    takes_files = {
        (method, route.path)
        for router in ROUTERS
        for route in router.routes
        if isinstance(route, APIRoute)
        for method in route.methods
        if any("UploadFile" in repr(field.field_info.annotation) for field in route.dependant.body_params)
    }
    assert takes_files == UPLOAD_ROUTES | VIDEO_ROUTES | {DATA_IMPORT_ROUTE}


def test_the_messages_follow_the_constants(web_app, monkeypatch):
    monkeypatch.setattr(body_limit, "MAX_JSON_BYTES", 2 * 1024 * 1024)
    monkeypatch.setattr(body_limit, "MAX_FORM_BYTES", 1000)
    too_big = str(3 * 1024 * 1024)
    sent = send_asgi(
        web_app, "POST", "/api/runs", {"content-type": "application/json", "content-length": too_big}
    )
    assert json.loads(sent.body)["detail"] == ("the request body is larger than 2 MB, the most it may be")
    sent = send_asgi(web_app, "POST", "/login", {"content-length": "1001"})
    assert sent.text == "The form sent is larger than 1000 bytes, the most a form may be."
    assert MAX_UPLOAD_BODY_BYTES > MAX_UPLOAD_BYTES


def test_a_live_server_answers_a_300_mb_json_body_at_once(web_app):
    """Only the headers and 1 KB are sent: the 413 comes back without the rest of the body (a server that
    waited for it would leave the read to time out with no answer)."""
    with live_server(web_app) as url:
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as connection:
            connection.sendall(
                b"POST /api/runs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b"Content-Length: 314572800\r\n\r\n" + b" " * 1024
            )
            answer = b""
            while b"\r\n\r\n" not in answer:
                piece = connection.recv(4096)
                if not piece:
                    break
                answer += piece
    assert answer.startswith(b"HTTP/1.1 413 "), answer[:200]


def test_the_readme_states_these_limits_as_the_code_sets_them():
    readme = " ".join((Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8").split())
    limits = ImportLimits()
    for stated in (
        f"a form at most {size_text(MAX_FORM_BYTES)}",
        f"a JSON body at most {size_text(MAX_JSON_BYTES)}",
        f"an upload of activity files at most {size_text(MAX_UPLOAD_BYTES)}",
        f"and {size_text(MAX_UPLOAD_BODY_BYTES - MAX_UPLOAD_BYTES)} more for the form around the files",
        f"a file that unpacks to more than {size_text(limits.max_file_bytes)}",
        f"a zip of more than {limits.max_entries:,} entries",
        f"or {size_text(limits.max_archive_bytes)} unpacked",
        f"more than {limits.max_ratio:g} times its size",
        f"nested deeper than {MAX_ELEMENT_DEPTH}",
        f"lists the first {MAX_PROBLEMS_KEPT} of each",
    ):
        assert stated in readme
