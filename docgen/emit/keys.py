"""Which columns a table's keys name: the rule that makes every catalog loadable.

A Singer target looks every key property and replication key up in the stream's schema
(target-duckdb stops with ``KeyError`` otherwise), so the catalog may only name properties
of the schema. The spec keeps what the page says; :func:`resolve_keys` decides, per table,
what the generated package uses. The rule, in order, for each key the page states:

1. **A column of that name** is the key.
2. **A column shown as "Label (name)"**, the page's way of giving a column its label and its
   name in one line (desk ``Case ID (id)``, xero ``Account ID (accountid)``), is the key
   ``name``; the column is emitted under ``name``, the name the key gives it.
3. **The one column whose name differs only in letter case** (hubspot owners ``Id`` with a
   column ``id``) is the key.
4. **A Stitch system column** (the *Stitch System Table and Column Reference*,
   docs/replication/loading/system-tables-columns: ``_sdc_record_hash`` "should be used as a
   Primary Key", ``__sdc_primary_key`` "Stitch will use this column to de-dupe data", both
   STRING) is the key. A column shown as ``{{ system-column.record-hash }}`` (a template
   placeholder the page left unrendered for that column) is emitted under its name
   ``_sdc_record_hash``; a system key the page lists no column for is added to the schema as
   an optional string, Stitch supplies it.
5. **Several names written as one key** (``case_id:reply_id``, ``updated_at,created_at``) are
   several keys, each resolved by rules 1-4, when every part resolves.

A key that none of these resolve (quickbooks-style ``id`` with no such column, desk
``case_id:reply_id`` beside columns ``Case ID`` and ``Reply ID``) is left out of the
generated package and reported by :func:`key_warnings` (``docgen lint``: ``key-not-a-column``).
Only keys that are columns of the page are required in records (``validate_record``, the
record models): a system key the page does not list is Stitch's to add.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docgen.model.spec import Column, Table

#: System columns that the System Table and Column Reference documents as keys (all STRING).
SYSTEM_KEYS = ("_sdc_record_hash", "__sdc_primary_key", "_sdc_replication_id")
DOCS_PAGE = "https://www.stitchdata.com/docs/replication/loading/system-tables-columns"

_LABELLED = re.compile(r".*\S\s*\(\s*([^()\s]+)\s*\)")
_PLACEHOLDER = re.compile(r"\{\{\s*system-column\.([a-z0-9-]+)\s*\}\}")
_SEPARATORS = re.compile(r"\s*[:,]\s*")


@dataclass(frozen=True)
class Resolved:
    """A table as the generated package uses it, and the keys the rule could not place."""

    table: Table
    required: frozenset[str]
    """Key columns a record must carry (not null): the resolved primary keys the page lists."""
    unresolved: tuple[tuple[str, str], ...] = field(default=())
    """(``"primary key"`` or ``"replication key"``, key as the page states it)."""


def _system_name(column: str) -> str | None:
    """The system column a ``{{ system-column.x }}`` placeholder stands for, if documented."""
    m = _PLACEHOLDER.fullmatch(column.strip())
    if m is None:
        return None
    name = m[1].replace("-", "_")
    return next((s for s in SYSTEM_KEYS if s.lstrip("_").removeprefix("sdc_") == name), None)


def _one(key: str, columns: dict[str, Column], renames: dict[str, str]) -> str | None:
    """The name the generated package gives key ``key`` (rules 1-4), recording any column
    renamed on the way in ``renames`` (page name -> emitted name); None: unresolved."""
    if key in columns:
        return key
    for name in columns:
        m = _LABELLED.fullmatch(name)
        if m is not None and m[1] == key and key not in columns:
            renames[name] = key
            return key
    folded = [name for name in columns if name.casefold() == key.casefold()]
    if len(folded) == 1:
        return folded[0]
    if key in SYSTEM_KEYS:
        for name in columns:
            if _system_name(name) == key:
                renames[name] = key
        return key
    return None


def _resolve(
    keys: list[str], columns: dict[str, Column], renames: dict[str, str]
) -> tuple[list[str], list[str]]:
    resolved: list[str] = []
    unresolved: list[str] = []
    for key in keys:
        name = _one(key, columns, renames)
        if name is None and _SEPARATORS.search(key):
            trial = dict(renames)
            parts = [_one(p, columns, trial) for p in _SEPARATORS.split(key.strip()) if p]
            if parts and all(p is not None for p in parts):
                renames.update(trial)
                resolved += [p for p in parts if p is not None and p not in resolved]
                continue
        if name is None:
            unresolved.append(key)
        elif name not in resolved:
            resolved.append(name)
    return resolved, unresolved


def resolve_keys(table: Table) -> Resolved:
    """``table`` with its keys resolved by the rule above (columns renamed, system keys
    added), the key columns records must carry, and the keys left out."""
    columns: dict[str, Column] = {}
    for column in table.columns:
        columns.setdefault(column.name, column)
    renames: dict[str, str] = {}
    for name in columns:
        system = _system_name(name)
        if system is not None and system not in columns:
            renames[name] = system
    primary, bad_primary = _resolve(list(table.primary_keys), columns, renames)
    replication, bad_replication = _resolve(list(table.replication_keys), columns, renames)
    emitted = [c.model_copy(update={"name": renames.get(c.name, c.name)}) for c in table.columns]
    names = {c.name for c in emitted}
    required = frozenset(k for k in primary if k in names)
    for key in [*primary, *replication]:
        if key not in names:  # a system key the page lists no column for (rule 4)
            names.add(key)
            emitted.append(Column(name=key, types=["string"], description=f"See {DOCS_PAGE}"))
    unresolved = tuple(
        [("primary key", k) for k in bad_primary]
        + [("replication key", k) for k in bad_replication]
    )
    out = table.model_copy(
        update={"columns": emitted, "primary_keys": primary, "replication_keys": replication}
    )
    return Resolved(out, required, unresolved)


def package_tables(tables: list[Table] | None) -> list[Resolved]:
    """The tables a generated package holds: the first of each name (stream ids are unique;
    a page listing a table twice keeps its first listing), in page order, keys resolved."""
    seen: set[str] = set()
    out = []
    for table in tables or []:
        if table.name not in seen:
            seen.add(table.name)
            out.append(resolve_keys(table))
    return out


def key_warnings(table: Table) -> list[str]:
    """One sentence per key of ``table`` that is not a property of its generated schema."""
    return [
        f"{kind} {key!r} of table {table.name!r} is not a column of the table; "
        "the generated catalog leaves it out"
        for kind, key in resolve_keys(table).unresolved
    ]
