"""Text that cannot be stored is refused at the door, whatever the route: a NUL character in a form field,
a JSON string or key, an upload's file name, a query parameter or one of hipcoach's cookies is answered 422
naming the field, before any route runs and before anything is written. PostgreSQL cannot hold NUL in text
and failed on it with a server error; SQLite would have kept it. The check is one (``measures.NUL``).

An app-wide dependency rather than a Pydantic type on each model: it covers the forms the pages read for
themselves, the sign-in and sign-up forms, the player's free-form draft and every model added later, and the
app's handler of validation errors already answers it as a page or as JSON. A model that also comes from a
file outside the web (the CLI's assessment answers) carries ``input_types.NoNul`` as well.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from starlette.datastructures import UploadFile

from hipcoach.domain import measures
from hipcoach.services.input_types import NUL_MESSAGE

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
# The only ways JSON can carry a NUL: a raw byte (which the JSON parser refuses on its own) or this escape.
JSON_NUL = b"\\u0000"
OWN_COOKIE_PREFIX = "hc_"

Loc = tuple[str | int, ...]


async def refuse_unstorable_text(request: Request) -> None:
    found: list[Loc] = [("query", name) for name in _nul_names(request.query_params.multi_items())]
    own_cookies = [(name, value) for name, value in request.cookies.items() if _is_ours(name)]
    found += [("cookie", name) for name in _nul_names(own_cookies)]
    if request.method not in SAFE_METHODS:
        found += await _in_body(request)
    if found:
        raise RequestValidationError(
            [{"type": "string_nul", "loc": loc, "msg": NUL_MESSAGE, "input": None} for loc in found]
        )


def _nul_names(items: Iterable[tuple[str, str]]) -> list[str]:
    return [_shown(name) for name, value in items if measures.NUL in name or measures.NUL in value]


def _is_ours(cookie: str) -> bool:
    """hipcoach's cookies (hc_session, __Host-hc_csrf, ...): another site's on the same host is not judged."""
    return cookie.removeprefix("__Host-").startswith(OWN_COOKIE_PREFIX)


def _shown(name: str) -> str:
    """A field's name as the answer can show it: a NUL in the name itself written as \\0."""
    return name.replace(measures.NUL, "\\0")


async def _in_body(request: Request) -> list[Loc]:
    content_type = request.headers.get("content-type", "").lower()
    if content_type.startswith(FORMS):
        form = await request.form()  # the CSRF check or the route has read it already: this is its copy
        found: list[Loc] = []
        for name, value in form.multi_items():
            text = (value.filename or "") if isinstance(value, UploadFile) else value
            if measures.NUL in name or measures.NUL in text:
                found.append(("body", _shown(name)))
        return found
    if "json" in content_type:
        body = await request.body()
        if JSON_NUL not in body:
            return []
        try:
            document = json.loads(body)
        except ValueError:
            return []  # not JSON: the route's own parsing refuses it, and says where
        return list(_in_json(document, ("body",)))
    return []


def _in_json(value: Any, at: Loc) -> Iterator[Loc]:
    if isinstance(value, str):
        if measures.NUL in value:
            yield at
    elif isinstance(value, dict):
        for key, item in value.items():
            if measures.NUL in key:
                yield (*at, _shown(key))
            else:
                yield from _in_json(item, (*at, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _in_json(item, (*at, index))
