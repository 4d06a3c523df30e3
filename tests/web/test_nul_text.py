"""A NUL character in any text is refused with a 422 that names the field, and nothing is written.

PostgreSQL cannot store NUL in text: a NUL in the email at sign-up, a run's name or an assessment's tester was
a server error there, even before signing in. The walk puts a NUL into every text field and every key of
every form and JSON body of the access matrix (a new route with a body is covered by its row there), and the
doors without a body of their own: the query, a cookie, an upload's file name.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from sqlalchemy import func, select

from hipcoach.storage import models as m
from tests.web.conftest import PASSWORD, csrf, post_form
from tests.web.test_access import (
    OWNER,
    ROUTES,
    _upload,
    body_for,
    history_of,
    row_counts,
    send,
    url_for,
    world,  # noqa: F401 (the access matrix's world of two runners, a fixture)
)

NUL = "\x00"
REFUSAL = "the text contains a NUL character (\\0), which hipcoach cannot store"


def with_nul(text: str) -> str:
    return text[: len(text) // 2] + NUL + text[len(text) // 2 :]


def json_variants(value: Any, at: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Each way to put one NUL into a JSON document: (where it is, the document with it)."""
    if isinstance(value, str):
        yield at, with_nul(value)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            renamed = {(with_nul(k) if k == key else k): v for k, v in value.items()}
            yield (*at, with_nul(key).replace(NUL, "\\0")), renamed
            for where, changed in json_variants(item, (*at, key)):
                yield where, {**value, key: changed}
    elif isinstance(value, list):
        for index, item in enumerate(value):
            for where, changed in json_variants(item, (*at, index)):
                yield where, [*value[:index], changed, *value[index + 1 :]]


def form_variants(form: Mapping[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for name, value in form.items():
        if isinstance(value, list):
            yield name, {**form, name: [with_nul(item) for item in value]}
        else:
            yield name, {**form, name: with_nul(str(value))}


def bodies_with_nul(world) -> Iterator[tuple[str, str, dict[str, Any], tuple[Any, ...]]]:  # noqa: F811
    """(route, url, request, where the 422 must point) for each text field of each body in the matrix."""
    for route, call in sorted(ROUTES.items()):
        url = url_for(route, call, world.owner)
        form = body_for(call.form, world, OWNER)
        if form is not None:
            for name, changed in form_variants(form):
                yield (
                    route,
                    url,
                    {"form": changed, "files": body_for(call.files, world, OWNER)},
                    ("body", name),
                )
        document = body_for(call.json, world, OWNER)
        if document is not None:
            for where, changed in json_variants(document):
                yield route, url, {"json": changed}, ("body", *where)


def test_a_nul_in_any_field_of_any_body_is_refused_by_name_and_nothing_is_written(world):  # noqa: F811
    app, owner = world.app, world.owner
    counts, history = row_counts(app), history_of(app, owner)
    tried, problems = 0, []
    for route, url, request, where in bodies_with_nul(world):
        tried += 1
        response = send(owner.client, route.split(" ")[0], url, **request)
        if response.status_code != 422:
            problems.append(f"{route} {where}: {response.status_code} {response.text[:200]}")
        elif route.split(" ")[1].startswith("/api/"):
            refused = response.json()["detail"]
            if not any(tuple(d["loc"]) == where and d["msg"] == REFUSAL for d in refused):
                problems.append(f"{route} {where}: not named in {refused}")
        elif f"{where[-1]}: {REFUSAL}" not in response.text.replace("&#39;", "'"):
            problems.append(f"{route} {where}: the page does not name it")
    assert tried > 40  # every text field of every body in the matrix
    assert not problems, "\n".join(problems)
    assert row_counts(app) == counts and history_of(app, owner) == history


def test_a_nul_in_the_email_is_refused_at_sign_up_and_sign_in_before_anything_else(anonymous, hipcoach):
    signed_up = post_form(
        anonymous,
        "/signup",
        {"email": "ana\x00@example.com", "password": PASSWORD, "password_again": PASSWORD},
    )
    assert signed_up.status_code == 422
    assert f"email: {REFUSAL}" in signed_up.text.replace("&#39;", "'")
    with hipcoach.reading() as db:
        assert db.scalar(select(func.count()).select_from(m.User)) == 0
    signed_in = post_form(anonymous, "/login", {"email": "ana@example.com\x00", "password": PASSWORD})
    assert signed_in.status_code == 422


def test_a_nul_in_a_run_name_or_a_tester_is_refused_in_the_api(world):  # noqa: F811
    client = world.owner.client
    headers = {"X-CSRF-Token": csrf(client)}
    run = {"started_at": "2026-10-25T07:00:00+00:00", "distance_km": 5, "duration_min": 30, "name": "a\x00b"}
    refused = client.post("/api/runs", json=run, headers=headers)
    assert refused.status_code == 422
    assert refused.json()["detail"] == [
        {"type": "string_nul", "loc": ["body", "name"], "msg": REFUSAL, "input": None}
    ]
    battery = {"on": "2026-11-01", "tester": "Dr\x00Lee", "readings": {"knee-to-wall.left": 9.5}}
    refused = client.post("/api/assessments", json=battery, headers=headers)
    assert refused.status_code == 422
    assert [d["loc"] for d in refused.json()["detail"]] == [["body", "tester"]]


def test_a_nul_in_an_uploads_file_name_is_refused(world):  # noqa: F811
    client = world.owner.client
    _, data, _ = _upload(world, OWNER)["files"]
    counts = row_counts(world.app)
    # Written by hand: an HTTP client escapes a NUL in a file name, a hand-made request need not.
    body = (
        b'--b\r\nContent-Disposition: form-data; name="files"; filename="runs\x00.gpx"\r\n'
        b"Content-Type: application/gpx+xml\r\n\r\n" + data + b"\r\n--b--\r\n"
    )
    refused = client.post(
        "/api/imports",
        content=body,
        headers={"X-CSRF-Token": csrf(client), "Content-Type": "multipart/form-data; boundary=b"},
    )
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "files"]
    assert row_counts(world.app) == counts


def test_a_nul_in_a_query_parameter_or_a_cookie_is_refused(world, anonymous):  # noqa: F811
    page = anonymous.get("/login", params={"next": "/program\x00"})
    assert page.status_code == 422
    assert f"next: {REFUSAL}" in page.text.replace("&#39;", "'")
    answer = world.owner.client.get("/api/load", params={"weeks": "1\x002"})
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["query", "weeks"]
    anonymous.cookies.set("hc_session", '"\\000"')  # a quoted cookie's octal escape is read as a NUL
    assert anonymous.get("/api/me").status_code == 422


def test_another_sites_cookie_on_the_same_host_is_not_judged(anonymous):
    anonymous.cookies.set("their_app", '"\\000"')  # 127.0.0.1's cookies are shared by every port
    assert anonymous.get("/login").status_code == 200


def test_text_without_a_nul_passes_untouched(world):  # noqa: F811
    client = world.owner.client
    run = {
        "started_at": "2026-10-25T07:00:00+00:00",
        "distance_km": 5,
        "duration_min": 30,
        "name": "Ünïcode \\u0000",
    }
    added = client.post("/api/runs", json=run, headers={"X-CSRF-Token": csrf(client)})
    assert added.status_code == 201, added.text
    assert added.json()["name"] == "Ünïcode \\u0000"  # the six characters, not a NUL
