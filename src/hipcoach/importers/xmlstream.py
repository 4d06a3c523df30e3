"""Streaming XML for the GPX and TCX parsers: expat through a parser target, fed in chunks, no element tree.

Leading whitespace and BOMs are stripped and DTDs and entities refused (billion-laughs and external-entity
attacks), without copying the document. Nesting deeper than :data:`MAX_ELEMENT_DEPTH` is refused by the
targets as they open each element (issue 14): expat keeps every open element, so a file of nothing but
``<a><a>…`` would otherwise grow to many times its size in memory.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any, Protocol

from hipcoach.importers.records import ImportFailure

_BOM = b"\xef\xbb\xbf"
_WHITESPACE = b" \t\n\r\x0b\x0c"  # what bytes.lstrip() strips
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_FEED = 64 * 1024
# A Garmin TCX's deepest value (a trackpoint's speed in its extension) is 9 levels down, a GPX's 7; 64 leaves
# room for any extension while a hostile file is stopped after a few hundred bytes.
MAX_ELEMENT_DEPTH = 64


class XmlTarget(Protocol):
    def start(self, tag: str, attrib: dict[str, str]) -> None: ...
    def end(self, tag: str) -> None: ...
    def data(self, text: str) -> None: ...


def stream_xml(data: bytes, what: str, target: XmlTarget) -> None:
    """Feed GPX/TCX bytes to ``target`` in chunks; a DTD or entity is refused, a BOM or whitespace skipped."""
    start = 0
    size = len(data)
    while True:
        before = start
        while start < size and data[start] in _WHITESPACE:
            start += 1
        if data.startswith(_BOM, start):
            start += len(_BOM)
        if start == before:
            break
    if start >= size:
        raise ImportFailure("the file is empty")
    if not data.startswith(b"<", start):
        raise ImportFailure(f"not a {what} file (it does not start with XML)")
    if _DTD.search(data, start) is not None:
        raise ImportFailure(
            f"refused: the {what} file declares a DTD or entities, which activity files never need"
        )
    parser = ET.XMLParser(target=target)
    view = memoryview(data)
    try:
        for offset in range(start, size, _FEED):
            parser.feed(bytes(view[offset : offset + _FEED]))
        parser.close()
    except ET.ParseError as exc:
        raise ImportFailure(f"not a readable {what} file (XML error: {exc})") from exc


def too_deep(what: str, limit: int) -> ImportFailure:
    """The refusal of an element opened below ``limit`` open elements (raised by the parser targets)."""
    return ImportFailure(f"refused: the {what} file nests elements deeper than {limit} levels")


class TextCapture:
    """The text of an element before its first child (``Element.text``), stripped, "" -> None."""

    __slots__ = ("_parts", "_owner", "_slot")

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._owner: Any = None
        self._slot = ""

    def begin(self, owner: Any, slot: str) -> None:
        self._owner, self._slot, self._parts = owner, slot, []

    def data(self, text: str) -> None:
        if self._owner is not None:
            self._parts.append(text)

    def finish(self) -> None:
        """At the element's end or its first child's start."""
        if self._owner is not None:
            setattr(self._owner, self._slot, "".join(self._parts).strip() or None)
            self._owner = None
            self._parts = []
