"""Copy a whole SQLite database with SQLite's own backup: between files, or a file and an engine's."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine


def copy_sqlite(source: Path | Engine, target: Path | Engine) -> None:
    with _sqlite(source) as src, _sqlite(target) as dst:
        src.backup(dst)


@contextmanager
def _sqlite(where: Path | Engine) -> Iterator[sqlite3.Connection]:
    if isinstance(where, Path):
        connection = sqlite3.connect(where)
        try:
            yield connection
        finally:
            connection.close()
        return
    raw = where.raw_connection()
    try:
        driver = raw.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        yield driver
    finally:
        raw.close()
