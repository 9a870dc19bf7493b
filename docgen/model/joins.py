"""The joins a table reference documents: what ``docgen erd`` and the generated READMEs draw.

A Singer table reference lists, per table, a "<table> table foreign keys" panel of joins
written ``<table>.<column> = <other>.<column>``; the spec keeps each as a
:class:`~docgen.model.spec.ForeignKey` of the table whose panel states it. The same join is
usually stated twice, once in each table's panel (``contacts.contact_id =
lists_contacts.contact_id`` under contacts, ``lists_contacts.contact_id =
contacts.contact_id`` under lists_contacts), and a panel may repeat one (mambu_v2 does 44
times). Equality is symmetric, so:

**One documented join is one unordered pair of sides** ``{(table, column), (other,
column)}``. Every statement of the spec belongs to exactly one :class:`Join`; a join keeps
the tables whose panels state it and how many statements it stands for, so nothing is
dropped and nothing is drawn twice. Its orientation (which side is ``left``) is the one its
first statement gives (tables in page order, each panel in page order); joins come in the
order of their first statements.

A side is *listed* as ``docgen lint`` judges it (:func:`docgen.model.checks.check_tables`,
``fk-unknown-table`` / ``fk-unknown-column``): its table is on the page, and its column is
one of the table's column paths (``a.b`` for nested ones) or the table lists no columns at
all (nothing to contradict). A join with a side that is not listed is drawn as the page
states it and marked.

**Cardinality.** The pages state none. What they state is each table's primary key, which
is unique, so a side whose column is its table's whole primary key (one column: the Primary
Key(s) row, or the key icons where the row is empty) matches at most one row: *zero or
one*. Every other side is *zero or more*.
Nothing says every value finds a row (columns may be null, records may not be replicated),
so "exactly one" is never claimed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from docgen.model.checks import column_paths
from docgen.model.spec import Column, Table

ZERO_OR_ONE = "0..1"
ZERO_OR_MORE = "0..*"


@dataclass(frozen=True)
class Side:
    """One side of a join: ``table.column`` and what the page says of it."""

    table: str
    column: str  # a dotted path for nested columns, as the page writes it
    table_listed: bool  # the page lists the table
    column_listed: bool  # ... and the column (or the table lists no columns)
    unique: bool  # the column is the table's whole primary key: at most one row matches

    @property
    def listed(self) -> bool:
        return self.table_listed and self.column_listed

    @property
    def cardinality(self) -> str:
        """How many rows of this side one row of the other side matches."""
        return ZERO_OR_ONE if self.unique else ZERO_OR_MORE

    def key(self) -> tuple[str, str]:
        return (self.table, self.column)


@dataclass(frozen=True)
class Join:
    """One documented join (see the module docstring)."""

    left: Side
    right: Side
    stated_by: tuple[str, ...]  # the tables whose panels state it, in page order
    statements: int  # how many foreign-key entries of the spec it stands for

    @property
    def listed(self) -> bool:
        return self.left.listed and self.right.listed

    def key(self) -> frozenset[tuple[str, str]]:
        return frozenset((self.left.key(), self.right.key()))

    def tables(self) -> tuple[str, str]:
        return (self.left.table, self.right.table)


def primary_key(table: Table) -> list[str]:
    """The table's primary key: the Primary Key(s) row, or the key icons where it is empty
    (as ``docgen land`` reads it)."""
    if table.primary_keys:
        return list(table.primary_keys)
    return [path for path, col in column_paths(table.columns).items() if col.primary_key]


def join_key(table: str, column: str, other: str, references: str) -> frozenset[tuple[str, str]]:
    """The identity of the join a statement ``table.column = other.references`` states."""
    return frozenset(((table, column), (other, references)))


def joins(tables: Iterable[Table]) -> list[Join]:
    """The documented joins of a page's (or spec's) tables, one per unordered pair of sides
    (every table entry's statements count, a table listed twice included)."""
    tables = list(tables)
    paths: dict[str, Mapping[str, Column]] = {}
    keys: dict[str, list[str]] = {}
    for table in tables:  # the first listing of a name is the table (as the packages do)
        if table.name not in paths:
            paths[table.name] = column_paths(table.columns)
            keys[table.name] = primary_key(table)

    def side(table: str, column: str) -> Side:
        own = paths.get(table)
        if own is None:
            return Side(table, column, False, False, False)
        return Side(table, column, True, not own or column in own, keys[table] == [column])

    found: dict[frozenset[tuple[str, str]], tuple[Side, Side, list[str], int]] = {}
    for table in tables:
        for fk in table.foreign_keys:
            key = join_key(table.name, fk.column, fk.table, fk.references)
            seen = found.get(key)
            if seen is None:
                left, right = side(table.name, fk.column), side(fk.table, fk.references)
                found[key] = (left, right, [table.name], 1)
                continue
            left, right, by, count = seen
            if table.name not in by:
                by.append(table.name)
            found[key] = (left, right, by, count + 1)
    return [Join(left, right, tuple(by), count) for left, right, by, count in found.values()]


def neighbourhood(joins_: Iterable[Join], table: str, depth: int) -> set[str]:
    """The tables at most ``depth`` joins away from ``table`` (itself included)."""
    adjacent: dict[str, set[str]] = {}
    for join in joins_:
        a, b = join.tables()
        adjacent.setdefault(a, set()).add(b)
        adjacent.setdefault(b, set()).add(a)
    reached = {table}
    frontier = {table}
    for _ in range(max(depth, 0)):
        frontier = {n for t in frontier for n in adjacent.get(t, ())} - reached
        if not frontier:
            break
        reached |= frontier
    return reached


__all__ = [
    "ZERO_OR_MORE",
    "ZERO_OR_ONE",
    "Join",
    "Side",
    "join_key",
    "joins",
    "neighbourhood",
    "primary_key",
]
