"""The declarative base and the helpers every model uses: constraint naming, CHECKs, parent links."""

from __future__ import annotations

from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, MetaData
from sqlalchemy.orm import DeclarativeBase, MappedColumn, mapped_column

# Named constraints let later migrations drop or alter them by name on both databases.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def between(column: str, low: int, high: int) -> CheckConstraint:
    """Return a CHECK that ``column`` lies in ``low..high`` (NULL passes, as in SQL)."""
    return CheckConstraint(f"{column} BETWEEN {low} AND {high}", name=f"{column}_range")


def at_least(column: str, low: int) -> CheckConstraint:
    """Return a CHECK that ``column`` is ``low`` or more (NULL passes)."""
    return CheckConstraint(f"{column} >= {low}", name=f"{column}_min")


def one_of(column: str, choices: tuple[str, ...]) -> CheckConstraint:
    """Return a CHECK that ``column`` holds one of ``choices`` (NULL passes)."""
    listed = ", ".join(f"'{choice}'" for choice in choices)
    return CheckConstraint(f"{column} IN ({listed})", name=f"{column}_choice")


def parent_id(table: str, *, nullable: bool = False, index: bool = True) -> MappedColumn[Any]:
    """Return a foreign key to ``table.id``: ON DELETE CASCADE when required, SET NULL when optional."""
    on_delete = "SET NULL" if nullable else "CASCADE"
    return mapped_column(ForeignKey(f"{table}.id", ondelete=on_delete), nullable=nullable, index=index)


class Base(DeclarativeBase):
    """The base of every hipcoach model; its metadata names constraints by NAMING_CONVENTION."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
