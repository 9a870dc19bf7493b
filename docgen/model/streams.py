"""One resolved model of each stream: what the catalog, the records, the validators, drift
and ``docgen land`` all read.

The spec keeps what the page says; :func:`resolve` decides, per table, the stream every
consumer uses: its column names, its keys, its value types and the system columns Stitch
adds. The catalog (``docgen.emit``) renders it as Singer metadata and JSON Schema, ``docgen
land`` as destination tables, ``docgen drift`` compares it with a tap (and reports where the
page's own words differ from it as a finding about the docs, :func:`renamed_keys`).

**Keys.** A Singer target looks every key property and replication key up in the stream's
schema (target-duckdb stops with ``KeyError`` otherwise), so a key must name a column of the
stream. The keys a page states are its Primary Key(s) / Replication Key(s) rows, or the key
icons beside the columns where a row is empty. Each is resolved, in order:

1. **A column of that name** is the key.
2. **A column shown as "Label (name)"**, the page's way of giving a column its label and its
   name in one line (desk ``Case ID (id)``, xero ``Account ID (accountid)``), is the key
   ``name``; the column is the stream's column ``name``, the name the key gives it.
3. **The one column whose name differs only in letter case** (hubspot owners ``Id`` with a
   column ``id``) is the key.
4. **A Stitch system column** (the *Stitch System Table and Column Reference*,
   docs/replication/loading/system-tables-columns: ``_sdc_record_hash`` "should be used as a
   Primary Key", ``__sdc_primary_key`` "Stitch will use this column to de-dupe data", both
   STRING) is the key. A column shown as ``{{ system-column.record-hash }}`` (a template
   placeholder the page left unrendered for that column) is the stream's column
   ``_sdc_record_hash``; a system key the page lists no column for is added to the stream as
   an optional string, Stitch supplies it.
5. **Several names written as one key** (``case_id:reply_id``, ``updated_at,created_at``) are
   several keys, each resolved by rules 1-4, when every part resolves.

A key that none of these resolve (quickbooks-style ``id`` with no such column, desk
``case_id:reply_id`` beside columns ``Case ID`` and ``Reply ID``) is left out of the stream
and reported by :func:`key_warnings` (``docgen lint``: ``key-not-a-column``). Only keys that
are columns of the page are required in records: a system key the page does not list is
Stitch's to add.

**Streams.** A page that lists a table twice gives one stream, its first listing (stream ids
are unique in a catalog, and a destination has one table of a name).

**Types.** A column's value types are its documented labels mapped through
:data:`docgen.model.spec.TYPE_LABELS` and merged the way JSON Schema reads them
(:func:`column_kinds`): ``integer`` beside ``number`` is ``number`` (a number already accepts
integers), a date-time beside a plain ``string`` is ``string`` (a string already accepts
them). That is the schema a tap sends, and a Stitch loader types a column by what it is sent:
one JSON type gives one column; several JSON types are the "mixed data types" a loader splits
(docs/replication/data-typing#mixed-data-types). :func:`documented_kinds` gives the same
kinds in the page's order, the order in which a loader meets them (the first detected type
keeps the column: understanding-table-structural-changes#mixed-data-types--new-table-structure).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from docgen.model.spec import TYPE_LABELS, Column, Connector, Table

#: System columns that the System Table and Column Reference documents as keys (all STRING).
SYSTEM_KEYS = ("_sdc_record_hash", "__sdc_primary_key", "_sdc_replication_id")
DOCS_PAGE = "https://www.stitchdata.com/docs/replication/loading/system-tables-columns"
#: JSON types in the order the catalog always writes them.
KIND_ORDER = ("string", "integer", "number", "boolean", "object", "array")


@dataclass(frozen=True)
class SystemColumn:
    """A system column as replication/loading/system-tables-columns states it: its name, its
    data type as the page writes it, its example data, and where it applies."""

    name: str
    stated_type: str
    example: str
    applies: str  # "all" | "singer" | "no-key" | "subtable"


#: system-tables-columns#all-system-columns (in page order), #subtables-system-columns
SYSTEM_COLUMNS = (
    SystemColumn("_sdc_extracted_at", "TIMESTAMP", "2019-08-08 14:52:05.773+00", "singer"),
    SystemColumn("_sdc_received_at", "TIMESTAMP", "2019-08-08 14:54:39.109+00", "all"),
    SystemColumn("_sdc_batched_at", "TIMESTAMP", "2019-08-08 14:55:08.82+00", "all"),
    SystemColumn("_sdc_sequence", "INTEGER", "1565276078922000095", "all"),
    SystemColumn("_sdc_table_version", "INTEGER", "0", "all"),
    SystemColumn("__sdc_primary_key", "STRING", "5d8b9a05-33cc-4d5f-8163-4474814b46c6", "no-key"),
)
LEVEL_ID = SystemColumn("_sdc_level_#_id", "INTEGER", "0", "subtable")
SOURCE_KEY_PREFIX = "_sdc_source_key_"

_LABELLED = re.compile(r".*\S\s*\(\s*([^()\s]+)\s*\)")
_PLACEHOLDER = re.compile(r"\{\{\s*system-column\.([a-z0-9-]+)\s*\}\}")
_SEPARATORS = re.compile(r"\s*[:,]\s*")


# --------------------------------------------------------------------------- types


def column_kinds(labels: Sequence[str]) -> tuple[tuple[str, ...], str | None]:
    """JSON kinds (in :data:`KIND_ORDER`) and string format of a column's displayed labels;
    ``()`` means any.

    A label docgen does not know (the readers warn: ``unknown-type-label``) says nothing it
    can check: the labels it does know decide, so a column documented as ARRAY with nested
    properties beside a junk label keeps that structure. Only a column with no known label,
    or one documented as "varies", accepts anything."""
    kinds: set[str] = set()
    plain_string = False
    formats: set[str] = set()
    known = [m for m in (TYPE_LABELS.get(label.strip().lower()) for label in labels) if m]
    if not known:
        return (), None
    for mapped in known:
        if mapped[0] is None:
            return (), None  # "varies": accept anything
        kind: str = mapped[0]
        fmt = mapped[1]
        kinds.add(kind)
        if kind == "string":
            if fmt is None:
                plain_string = True
            else:
                formats.add(fmt)
    if "number" in kinds:
        kinds.discard("integer")  # a number accepts integers already
    fmt = None
    if "string" in kinds and not plain_string and len(formats) == 1:
        fmt = next(iter(formats))
    return tuple(k for k in KIND_ORDER if k in kinds), fmt


def documented_kinds(labels: Sequence[str]) -> tuple[tuple[str, ...], str | None]:
    """:func:`column_kinds` in the page's order (the first documented kind first)."""
    kinds, fmt = column_kinds(labels)
    order: list[str] = []
    for label in labels:
        mapped = TYPE_LABELS.get(label.strip().lower())
        if mapped is None or mapped[0] is None:
            continue
        kind = "number" if mapped[0] == "integer" and "number" in kinds else mapped[0]
        if kind in kinds and kind not in order:
            order.append(kind)
    return tuple(order), fmt


# --------------------------------------------------------------------------- streams


@dataclass(frozen=True)
class Stream:
    """A table as every consumer uses it, and the keys the rule could not place."""

    table: Table
    """Columns named as the keys give them, system keys added, keys resolved."""
    required: frozenset[str]
    """Key columns a record must carry (not null): the resolved primary keys the page lists."""
    unresolved: tuple[tuple[str, str], ...] = field(default=())
    """(``"primary key"`` or ``"replication key"``, key as the page states it)."""
    renamed: tuple[tuple[str, str], ...] = field(default=())
    """(page name, stream name) of every column or key the rule named differently."""
    added: tuple[str, ...] = field(default=())
    """System keys the page lists no column for, added as columns (rule 4): Stitch's
    loader writes them, a tap does not send them."""

    @property
    def name(self) -> str:
        return self.table.name

    @property
    def primary_keys(self) -> list[str]:
        return list(self.table.primary_keys)

    @property
    def replication_keys(self) -> list[str]:
        return list(self.table.replication_keys)


def stated_keys(table: Table) -> tuple[list[str], list[str]]:
    """The keys the page states: the Primary Key(s) / Replication Key(s) rows, or the key
    icons where a row is empty."""
    primary = list(table.primary_keys) or [c.name for c in table.columns if c.primary_key]
    replication = list(table.replication_keys) or [
        c.name for c in table.columns if c.replication_key
    ]
    return primary, replication


def _system_name(column: str) -> str | None:
    """The system column a ``{{ system-column.x }}`` placeholder stands for, if documented."""
    m = _PLACEHOLDER.fullmatch(column.strip())
    if m is None:
        return None
    name = m[1].replace("-", "_")
    return next((s for s in SYSTEM_KEYS if s.lstrip("_").removeprefix("sdc_") == name), None)


def _one(key: str, columns: dict[str, Column], renames: dict[str, str]) -> str | None:
    """The stream's name for key ``key`` (rules 1-4), recording any column renamed on the
    way in ``renames`` (page name -> stream name); None: unresolved."""
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


def resolve(table: Table) -> Stream:
    """``table`` as a stream: keys resolved by the rule above (columns renamed, system keys
    added), the key columns records must carry, and the keys left out."""
    columns: dict[str, Column] = {}
    for column in table.columns:
        columns.setdefault(column.name, column)
    renames: dict[str, str] = {}
    for name in columns:
        system = _system_name(name)
        if system is not None and system not in columns:
            renames[name] = system
    stated_primary, stated_replication = stated_keys(table)
    primary, bad_primary = _resolve(stated_primary, columns, renames)
    replication, bad_replication = _resolve(stated_replication, columns, renames)
    emitted = [c.model_copy(update={"name": renames.get(c.name, c.name)}) for c in table.columns]
    names = {c.name for c in emitted}
    required = frozenset(k for k in primary if k in names)
    added: list[str] = []
    for key in [*primary, *replication]:
        if key not in names:  # a system key the page lists no column for (rule 4)
            names.add(key)
            added.append(key)
            emitted.append(Column(name=key, types=("string",), description=f"See {DOCS_PAGE}"))
    unresolved = tuple(
        [("primary key", k) for k in bad_primary]
        + [("replication key", k) for k in bad_replication]
    )
    renamed = [(old, new) for old, new in renames.items()]
    for stated, got in ((stated_primary, primary), (stated_replication, replication)):
        for key in stated:
            if key not in got and key not in dict(unresolved).values():
                folded = [k for k in got if k.casefold() == key.casefold()]
                if folded and (key, folded[0]) not in renamed:
                    renamed.append((key, folded[0]))
    out = table.model_copy(
        update={"columns": emitted, "primary_keys": primary, "replication_keys": replication}
    )
    return Stream(out, required, unresolved, tuple(renamed), tuple(added))


def streams(tables: list[Table] | Connector | None) -> list[Stream]:
    """The streams of a connector (or of its tables): the first listing of each table name,
    in page order, resolved."""
    if isinstance(tables, Connector):
        tables = tables.tables
    seen: set[str] = set()
    out = []
    for table in tables or []:
        if table.name not in seen:
            seen.add(table.name)
            out.append(resolve(table))
    return out


def renamed_keys(stream: Stream, table: Table) -> list[tuple[str, str, str]]:
    """(kind, as the page states it, as the stream names it) for every key whose page
    spelling is not the stream's column: a finding about the docs (hubspot ``Id`` for the
    column ``id``), never a second model."""
    stated_primary, stated_replication = stated_keys(table)
    out = []
    renames = dict(stream.renamed)
    for kind, stated in (
        ("primary key", stated_primary),
        ("replication key", stated_replication),
    ):
        for key in stated:
            if key in renames and renames[key] != key:
                out.append((kind, key, renames[key]))
    return out


def key_warnings(table: Table) -> list[str]:
    """One sentence per key of ``table`` that is not a property of its stream."""
    return [
        f"{kind} {key!r} of table {table.name!r} is not a column of the table; "
        "the generated catalog leaves it out"
        for kind, key in resolve(table).unresolved
    ]
