"""Reading the TOML data files into type-checked values, naming every problem by file and entry."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection, Mapping
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from hipcoach.content.errors import Problems

EnumT = TypeVar("EnumT", bound=StrEnum)

# Ids end up in URLs, command lines and other data files, so they keep to one plain shape.
KEBAB_CASE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def read_document(path: Path, problems: Problems) -> dict[str, object] | None:
    """Parse one TOML file, or record why it could not be parsed (with TOML's line number) and return None."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        problems.add(f"{path.name}: file not found in {path.parent}")
    except tomllib.TOMLDecodeError as error:
        problems.add(f"{path.name}: not valid TOML: {error}")
    except UnicodeDecodeError:
        problems.add(f"{path.name}: not UTF-8 text")
    return None


def section_entries(
    document: Mapping[str, object], file: str, kinds: Mapping[str, str], problems: Problems
) -> dict[str, list[Entry]]:
    """Split a document into its ``[[section]]`` tables; ``kinds`` maps each allowed section to the word
    that names one of its entries in messages (``red_flag`` -> ``red flag``)."""
    for section in document:
        if section not in kinds:
            expected = ", ".join(f"[[{name}]]" for name in kinds)
            problems.add(f"{file}: unknown section '{section}' (expected {expected})")
    return {
        section: _entries(document.get(section), file, section, kind, problems)
        for section, kind in kinds.items()
    }


def _entries(raw: object, file: str, section: str, kind: str, problems: Problems) -> list[Entry]:
    if raw is None:
        problems.add(f"{file}: no [[{section}]] entries")
        return []
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        problems.add(f"{file}: '{section}' must be written as [[{section}]] tables")
        return []
    return [Entry.top(item, file, kind, position, problems) for position, item in enumerate(raw, start=1)]


class Entry:
    """One table of a data file. Each reader type-checks one field and, instead of raising, records any
    problem under the entry's name and returns a placeholder.

    A reader that has to return a placeholder marks the entry and its parents ``incomplete``, so the
    caller knows not to build a record from it; other problems (an unknown evidence id, say) are only
    recorded, so that checks which depend on the record can still run.
    """

    def __init__(
        self, raw: Mapping[str, object], label: str, problems: Problems, parent: Entry | None = None
    ) -> None:
        self._raw = raw
        self._problems = problems
        self._parent = parent
        self._read: set[str] = set()
        self.label = label
        self.incomplete = False
        raw_id = raw.get("id")
        self.raw_id = raw_id if isinstance(raw_id, str) and raw_id.strip() else None

    @classmethod
    def top(cls, raw: Mapping[str, object], file: str, kind: str, position: int, problems: Problems) -> Entry:
        """An entry named by its id, or by its position in the file when it has none."""
        raw_id = raw.get("id")
        name = f"'{raw_id}'" if isinstance(raw_id, str) and raw_id.strip() else f"#{position} (no id)"
        return cls(raw, f"{file}: {kind} {name}", problems)

    def problem(self, message: str) -> None:
        """Record a problem under this entry's name."""
        self._problems.add(f"{self.label}: {message}")

    def fail(self, message: str) -> None:
        """Record a problem that leaves this entry (and the entries it sits in) without a usable value."""
        self.problem(message)
        entry: Entry | None = self
        while entry is not None:
            entry.incomplete = True
            entry = entry._parent

    def _get(self, key: str) -> object | None:
        self._read.add(key)
        return self._raw.get(key)

    def identifier(self) -> str:
        """The required ``id``, which must be kebab-case."""
        value = self.text("id")
        if value and not KEBAB_CASE.fullmatch(value):
            self.problem(f"id '{value}' must be kebab-case (lowercase words joined by '-')")
        return value

    def text(self, key: str, *, required: bool = True) -> str:
        """A text field, stripped; an optional one that is absent reads as ""."""
        value = self._get(key)
        if value is None:
            if required:
                self.fail(f"missing required field '{key}'")
            return ""
        if not isinstance(value, str):
            self.fail(f"field '{key}' must be text")
            return ""
        if required and not value.strip():
            self.fail(f"field '{key}' is empty")
        return value.strip()

    def texts(self, key: str, *, if_empty: str | None = None) -> tuple[str, ...]:
        """A required list of text; ``if_empty`` is the problem to record when the list has no items."""
        value = self._get(key)
        if value is None:
            self.fail(f"missing required field '{key}'")
            return ()
        if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
            self.fail(f"field '{key}' must be a list of text, e.g. {key} = [\"...\"]")
            return ()
        if not value and if_empty is not None:
            self.problem(if_empty)
        return tuple(item.strip() for item in value)

    def whole_number(self, key: str, *, default: int | None = None, minimum: int = 0) -> int:
        """A whole number of at least ``minimum``; required unless a ``default`` is given."""
        value = self._optional_number(key, minimum)
        if value is not None:
            return value
        if default is None and key not in self._raw:
            self.fail(f"missing required field '{key}'")
        return minimum if default is None else default

    def optional_whole_number(self, key: str, *, minimum: int = 1) -> int | None:
        """A whole number of at least ``minimum``, or None when the field is absent."""
        return self._optional_number(key, minimum)

    def _optional_number(self, key: str, minimum: int) -> int | None:
        value = self._get(key)
        if value is None:
            return None
        # TOML's true/false arrive as bool, which Python counts as int.
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(f"field '{key}' must be a whole number")
            return None
        if value < minimum:
            self.fail(f"field '{key}' must be at least {minimum}, not {value}")
            return None
        return value

    def flag(self, key: str, *, default: bool = False) -> bool:
        """A true/false field."""
        value = self._get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.fail(f"field '{key}' must be true or false")
            return default
        return value

    def choice(
        self,
        key: str,
        kind: type[EnumT],
        noun: str,
        allowed: Collection[EnumT] | None = None,
        *,
        default: EnumT | None = None,
    ) -> EnumT | None:
        """One value of the enum ``kind`` (limited to ``allowed`` when given); required unless a ``default``
        is given."""
        if default is not None and self._get(key) is None:
            return default
        value = self.text(key)
        if not value:
            return None
        return self._match(value, list(kind) if allowed is None else list(allowed), noun)

    def choices(self, key: str, kind: type[EnumT], noun: str) -> frozenset[EnumT]:
        """A list of values of the enum ``kind``; an empty list is allowed."""
        matched = (self._match(value, list(kind), noun) for value in self.texts(key))
        return frozenset(value for value in matched if value is not None)

    def _match(self, value: str, options: list[EnumT], noun: str) -> EnumT | None:
        for option in options:
            if option.value == value:
                return option
        self.fail(f"unknown {noun} '{value}' (use one of {', '.join(option.value for option in options)})")
        return None

    def table(self, key: str, *, required: bool) -> Entry | None:
        """A sub-table such as ``dose = { reps_per_side = 6 }``, read as an entry of its own."""
        value = self._get(key)
        if value is None:
            if required:
                self.fail(f"missing required field '{key}'")
            return None
        if not isinstance(value, dict):
            self.fail(f"field '{key}' must be a table, e.g. {key} = {{ ... }}")
            return None
        return Entry(value, f"{self.label}: {key}", self._problems, parent=self)

    def tables(self, key: str, noun: str) -> list[Entry]:
        """An optional list of sub-tables (``[[exercise.ladder]]``), each named ``noun`` plus its level."""
        value = self._get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.fail(f"field '{key}' must be written as [[...{key}]] tables")
            return []
        return [
            Entry(item, f"{self.label}: {noun} {item.get('level', f'#{position}')}", self._problems, self)
            for position, item in enumerate(value, start=1)
        ]

    def finish(self) -> None:
        """Report fields that no reader asked for: almost always a misspelt optional field."""
        for key in self._raw:
            if key not in self._read:
                self.problem(f"unknown field '{key}'")
