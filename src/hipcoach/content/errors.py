"""The one error the content loader raises, and the list it collects problems in."""

from __future__ import annotations

from collections.abc import Iterable


class ContentError(ValueError):
    """The content data is broken. ``problems`` holds one line per problem, each naming its file and entry."""

    def __init__(self, problems: Iterable[str]) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__("\n".join((f"hipcoach content has {count} {noun}:", *self.problems)))


class Problems:
    """Problems found so far, kept so that an editor sees all of them at once rather than one per run."""

    def __init__(self) -> None:
        self._lines: list[str] = []

    def add(self, line: str) -> None:
        self._lines.append(line)

    def raise_if_any(self) -> None:
        """Raise one ContentError listing every problem collected so far; do nothing when there are none."""
        if self._lines:
            raise ContentError(self._lines)
