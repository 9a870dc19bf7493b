"""``docgen land``: how every table of a connector lands in a destination, predicted from
the docs before any data is loaded.

One implementation for every destination; what differs comes from the destination's spec
(its reference page) and from the loading rules pages, cited here as
``page#section`` (pages under https://www.stitchdata.com/docs/, copies in
../shared/corpus/docs):

NESTED  replication/loading/understanding-loading-row-usage-for-nested-data-structures
  #json-objects: where nested structures are unsupported (the destination page's
    "Nested structure support" feature), an object's properties are flattened into the
    table as ``[object_name]__[property_name]`` columns (at any depth).
  #json-arrays, #deconstructing-nested-structures: an array is "denested" into a subtable
    named ``<table>__<array>`` (``orders__line_items__tax_lines`` for an array in an array).
  #connecting-subtables-to-top-level-records, #second-level, #third-level: a subtable gets
    ``_sdc_source_key_[pk_column_name]`` per top-level primary key and ``_sdc_level_N_id``
    for each array level above and at it (``_sdc_level_0_id`` in the second level,
    ``_sdc_level_0_id`` and ``_sdc_level_1_id`` in the third).
SYSTEM  replication/loading/system-tables-columns
  #all-system-columns: ``_sdc_extracted_at`` (Singer-backed integrations), ``_sdc_received_at``,
    ``_sdc_batched_at``, ``_sdc_sequence``, ``_sdc_table_version`` in every integration table;
    ``__sdc_primary_key`` only where the source table has no primary key.
  #subtables-system-columns: ``_sdc_source_key_[name]`` inherits the primary key's type;
    ``_sdc_level_#_id`` is INTEGER.
SPLIT   replication/data-typing#mixed-data-types: a column with several types is split; the
    new column is the original name appended with the data type (``order_confirmed__string``).
  replication/loading/understanding-table-structural-changes#mixed-data-types--new-table-structure:
    per destination, the appended type is a two-letter abbreviation (``age__do``,
    ``has_magic__st``); in Panoply, Redshift and PostgreSQL the original column "is re-named
    to include the original (first detected) data type" (``age__bi``); elsewhere it "remains
    as-is". The first documented type is the first detected one.
RESERVED  replication/loading/reserved-keywords#reserved-keyword-reference: Stitch's reserved
    prefixes (``_SDC``, ``_RJM``) and suffixes (``__BI``, ``__ST``, ...) may not start/end a
    table or column name; "Keywords are case-insensitive". The suffixes are the
    abbreviations the split appends, so an abbreviation is taken from that list.
TYPES   replication/data-typing#mixed-data-types and the page's own
    ``#transformations--data-typing`` table: destination type = the row of the column's
    Stitch type.
NAMES   the page's ``#transformations--column-naming`` / ``--table-naming`` tables, in page
    order (:mod:`docgen.tools.naming`); limits from ``#destination-details``.

What the docs do not state, docgen does not invent; it says so in ``Landing.notes``: the
Stitch type of a documented JSON type label (docgen's one mapping, :data:`STITCH_TYPES`),
the column of an array of plain values (shown as ``value``), table naming where a page has
no table naming table (names kept as the source states them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from docgen.model.destinations import Destination, Limit
from docgen.model.spec import Column, Connector, Problem, Table
from docgen.tools import naming

#: Documented column type label -> Stitch type (the names the destination type tables use).
#: The docs do not state this mapping; it pairs each label with the Stitch type of the same
#: name, and date-time/date with DATE, the Stitch type the pages store "in UTC" as timestamps.
STITCH_TYPES: dict[str, str] = {
    "string": "STRING",
    "integer": "INTEGER",
    "number": "DOUBLE",
    "double": "DOUBLE",
    "float": "FLOAT",
    "singer.decimal": "NUMBER",
    "boolean": "BOOLEAN",
    "date-time": "DATE",
    "date": "DATE",
    "object": "RECORD",
    "array": "ARRAY",
}
#: Type-table rows that hold a nested value, by kind (BigQuery's RECORD/ARRAY rows).
_NESTED_ROWS = {"RECORD": ("RECORD", "OBJECT", "JSON", "VARIANT"), "ARRAY": ("ARRAY",)}
_INTO_COLUMNS = re.compile(r"\binto (\w+) columns\b")

#: system-tables-columns#all-system-columns: (name, type as the page states it, Singer only)
ALL_TABLE_COLUMNS = (
    ("_sdc_extracted_at", "TIMESTAMP", True),
    ("_sdc_received_at", "TIMESTAMP", False),
    ("_sdc_batched_at", "TIMESTAMP", False),
    ("_sdc_sequence", "INTEGER", False),
    ("_sdc_table_version", "INTEGER", False),
)
NO_KEY_COLUMN = ("__sdc_primary_key", "STRING")

#: understanding-table-structural-changes#mixed-data-types--new-table-structure: the
#: destinations whose tab says the original column "is re-named to include the original
#: (first detected) data type" (the others: "The column name remains as-is").
SPLIT_RENAMES_ORIGINAL = ("panoply", "redshift", "postgresql")
#: the destinations that page has a tab for (the others follow data-typing#mixed-data-types)
SPLIT_ABBREVIATES = ("azure synapse", "bigquery", "panoply", "redshift", "postgresql", "snowflake")

ViolationKind = Literal[
    "name-too-long",
    "too-many-columns",
    "may-exceed-columns",
    "name-collision",
    "reserved-keyword",
]
VIOLATION_KINDS: tuple[ViolationKind, ...] = (
    "name-too-long",
    "too-many-columns",
    "may-exceed-columns",
    "name-collision",
    "reserved-keyword",
)


class LandError(ValueError):
    """The prediction cannot be made (bad input: exit 2)."""


@dataclass
class LandedColumn:
    name: str
    type: str | None
    source: str  # dotted source path, or the system column's name
    origin: Literal["source", "system", "split"] = "source"
    primary_key: bool = False
    description: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "source": self.source}


@dataclass
class LandedTable:
    name: str
    source_table: str
    path: list[str]
    columns: list[LandedColumn] = field(default_factory=list)
    description: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "source_table": self.source_table,
            "path": list(self.path),
            "columns": [c.to_json() for c in self.columns],
        }


@dataclass
class Violation:
    kind: ViolationKind
    table: str
    column: str | None
    detail: str

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "table": self.table,
            "column": self.column,
            "detail": self.detail,
        }


@dataclass
class Landing:
    connector: str
    destination: str
    tables: list[LandedTable] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "connector": self.connector,
            "destination": self.destination,
            "tables": [t.to_json() for t in self.tables],
            "violations": [v.to_json() for v in self.violations],
        }


# --------------------------------------------------------------------------- names


@dataclass
class Namer:
    """A destination's naming: its transformation rules, read once."""

    destination: Destination
    column_rules: list[naming.Rule]
    table_rules: list[naming.Rule] | None  # None: the page states no table naming

    @classmethod
    def of(cls, dest: Destination) -> Namer:
        """Raises :class:`LandError` naming the first transformation docgen does not know."""
        try:
            cols = naming.rules([n.transformation for n in dest.column_naming or []])
            tables = (
                naming.rules([n.transformation for n in dest.table_naming])
                if dest.table_naming is not None
                else None
            )
        except naming.UnknownTransformation as exc:
            raise LandError(
                f"{dest.display_name}: naming transformation {exc.wording!r} is not one docgen "
                "knows; names cannot be predicted"
            ) from None
        return cls(dest, cols, tables)

    def column(self, name: str) -> str:
        return naming.apply(self.column_rules, name)

    def table(self, name: str) -> str:
        return naming.apply(self.table_rules, name) if self.table_rules is not None else name


def column_name(dest: Destination, name: str) -> str:
    """The name a column NAME lands as (``docgen land --column``)."""
    return Namer.of(dest).column(name)


def table_name(dest: Destination, name: str) -> str:
    return Namer.of(dest).table(name)


# --------------------------------------------------------------------------- types


def stitch_type(label: str) -> str | None:
    return STITCH_TYPES.get(label.lower())


def destination_type(dest: Destination, stitch: str | None) -> str | None:
    """The page's type-table row for a Stitch type; nested values also from the "Nested
    structure support" text ("loaded intact into VARIANT columns"); system column types the
    table does not list are shown as the system columns page states them."""
    if stitch is None:
        return None
    rows = {r.stitch_type.upper(): r.destination_type for r in dest.type_map if r.stitch_type}
    for candidate in _NESTED_ROWS.get(stitch, (stitch,)):
        if candidate in rows:
            return rows[candidate]
    if stitch in _NESTED_ROWS:
        m = _INTO_COLUMNS.search(dest.nested_support_text or "")
        return m[1] if m else None
    return None


def _system_type(dest: Destination, stated: str) -> str:
    return destination_type(dest, stated) or stated


def _abbreviation(dest: Destination, stitch: str | None, dtype: str | None) -> str:
    """Split suffix for a type: the destination's reserved suffix that abbreviates the Stitch
    type, else the destination type; without such a suffix, the Stitch type's first two
    letters (understanding-table-structural-changes#mixed-data-types--new-table-structure,
    reserved-keywords#reserved-keyword-reference)."""
    suffixes = {
        k.keyword.upper().lstrip("_")
        for k in (dest.reserved_keywords.keywords if dest.reserved_keywords else [])
        if k.position == "suffix"
    }
    for name in (stitch, dtype):
        if name and name[:2].upper() in suffixes:
            return name[:2].lower()
    return (stitch or dtype or "xx")[:2].lower()


# --------------------------------------------------------------------------- prediction


@dataclass
class _Ctx:
    conn: Connector
    dest: Destination
    namer: Namer
    flatten: bool
    notes: set[str] = field(default_factory=set)
    tables: list[LandedTable] = field(default_factory=list)


def land(conn: Connector, dest: Destination) -> Landing:
    """Predict how ``conn``'s tables land in ``dest``. Raises :class:`LandError` when the
    destination's spec does not allow a prediction."""
    if dest.nested_support not in ("supported", "unsupported"):
        raise LandError(
            f"{dest.display_name}: nested structure support is "
            f"{dest.nested_support_text or 'not stated'!r}; docgen cannot predict the landing"
        )
    ctx = _Ctx(conn, dest, Namer.of(dest), flatten=dest.nested_support == "unsupported")
    if dest.table_naming is None:
        ctx.notes.add(
            f"{dest.display_name}'s page states no table naming: table names are shown as "
            "the source states them"
        )
    for table in conn.tables or []:
        _land_table(ctx, table)
    landing = Landing(conn.name, dest.name, ctx.tables)
    landing.violations = violations(ctx.tables, dest)
    landing.notes = sorted(ctx.notes)
    return landing


def _land_table(ctx: _Ctx, table: Table) -> None:
    top = LandedTable(
        name=ctx.namer.table(table.name),
        source_table=table.name,
        path=[],
        description=table.description,
    )
    ctx.tables.append(top)
    # the Primary Key(s) row; the key icons where the page has no such row
    key_names = set(table.primary_keys) or {c.name for c in table.columns if c.primary_key}
    keys = [c for c in table.columns if c.name in key_names]
    _system_columns(ctx, top, singer=ctx.conn.layout == "singer", keyless=not keys)
    links: list[LandedColumn] = []
    for key in keys:  # #connecting-subtables-to-top-level-records: _sdc_source_key_[pk]
        ktype = destination_type(ctx.dest, _first_stitch(key))
        links.append(
            LandedColumn(f"_sdc_source_key_{ctx.namer.column(key.name)}", ktype, key.name, "system")
        )
    _columns(ctx, table, top, table.columns, [], [], links, 0, key_names)


def _system_columns(ctx: _Ctx, table: LandedTable, *, singer: bool, keyless: bool) -> None:
    for name, stated, singer_only in ALL_TABLE_COLUMNS:
        if singer_only and not singer:
            continue
        table.columns.append(LandedColumn(name, _system_type(ctx.dest, stated), name, "system"))
    if keyless:
        name, stated = NO_KEY_COLUMN
        table.columns.append(LandedColumn(name, _system_type(ctx.dest, stated), name, "system"))


def _first_stitch(col: Column) -> str | None:
    return next((s for s in (stitch_type(t) for t in col.types) if s), None)


def _columns(
    ctx: _Ctx,
    source: Table,
    into: LandedTable,
    columns: Iterable[Column],
    prefix: list[str],  # property names from the landed table's root (flattened objects)
    path: list[str],  # property names from the source table to this landed table's array
    links: list[LandedColumn],
    level: int,  # number of array levels above: 0 for the top-level table
    keys: set[str],
) -> None:
    for col in columns:
        names = [*prefix, col.name]
        dotted = ".".join([*path, *names])
        kinds = [t.lower() for t in col.types]
        scalars = [t for t in kinds if t not in ("object", "array")]
        pk = level == 0 and not prefix and col.name in keys
        if not ctx.flatten:
            _typed_column(ctx, into, "__".join(names), kinds, dotted, pk, col.description)
            continue
        if "object" in kinds:
            if col.children:  # #json-objects: [object_name]__[property_name]
                _columns(ctx, source, into, col.children, names, path, links, level, keys)
            else:
                ctx.notes.add("an object with no documented properties lands as no column")
        if "array" in kinds:  # #json-arrays: a subtable <table>__<array>
            _subtable(ctx, source, into, col, names, path, links, level, keys)
        if scalars or not kinds:
            _typed_column(ctx, into, "__".join(names), scalars, dotted, pk, col.description)


def _subtable(
    ctx: _Ctx,
    source: Table,
    parent: LandedTable,
    col: Column,
    names: list[str],
    path: list[str],
    links: list[LandedColumn],
    level: int,
    keys: set[str],
) -> None:
    sub_path = [*path, *names]
    raw_name = "__".join([source.name, *sub_path])
    sub = LandedTable(
        name=ctx.namer.table(raw_name), source_table=source.name, path=sub_path, description=None
    )
    ctx.tables.append(sub)
    if not links:
        ctx.notes.add(
            "a subtable of a table without a primary key: the docs name no source key column "
            "(_sdc_source_key_[pk_column_name] needs a primary key)"
        )
    _system_columns(ctx, sub, singer=ctx.conn.layout == "singer", keyless=False)
    sub.columns.extend(LandedColumn(c.name, c.type, c.source, "system") for c in links)
    level_type = _system_type(ctx.dest, "INTEGER")
    for n in range(level + 1):  # #second-level, #third-level: _sdc_level_N_id
        name = f"_sdc_level_{n}_id"
        sub.columns.append(LandedColumn(name, level_type, name, "system"))
    if col.children:
        _columns(ctx, source, sub, col.children, [], sub_path, links, level + 1, keys)
    else:
        ctx.notes.add(
            "an array of values: the docs name no column for its values; shown as `value`"
        )
        types = [t for t in col.types if t.lower() not in ("array", "object")]
        dotted = ".".join(sub_path) + "[]"
        _typed_column(ctx, sub, "value", types, dotted, False, col.description)


def _typed_column(
    ctx: _Ctx,
    into: LandedTable,
    raw: str,
    labels: list[str],
    source: str,
    pk: bool,
    description: str | None,
) -> None:
    """One column, or several when it has several types (the SPLIT rules)."""
    name = ctx.namer.column(raw)
    stitch = list(dict.fromkeys(s for s in (stitch_type(t) for t in labels) if s))
    unknown = [t for t in labels if stitch_type(t) is None]
    if unknown:
        ctx.notes.add(f"type label(s) with no Stitch type: {', '.join(sorted(set(unknown)))}")
    if len(stitch) <= 1:
        dtype = destination_type(ctx.dest, stitch[0] if stitch else None)
        if stitch and dtype is None:
            ctx.notes.add(f"{ctx.dest.display_name}'s type table has no row for {stitch[0]}")
        into.columns.append(LandedColumn(name, dtype, source, "source", pk, description))
        return
    low = ctx.dest.display_name.lower()
    abbreviates = any(d in low for d in SPLIT_ABBREVIATES)
    renames = any(d in low for d in SPLIT_RENAMES_ORIGINAL)
    for i, st in enumerate(stitch):
        dtype = destination_type(ctx.dest, st)
        suffix = _abbreviation(ctx.dest, st, dtype) if abbreviates else st.lower()
        if i == 0 and not renames:
            into.columns.append(LandedColumn(name, dtype, source, "source", pk, description))
        else:  # the suffix is Stitch's own: reserved suffixes are not a violation here
            split = ctx.namer.column(f"{raw}__{suffix}")  # named like any column
            into.columns.append(LandedColumn(split, dtype, source, "split", pk, description))


# --------------------------------------------------------------------------- violations


def _length(name: str, limit: Limit) -> int:
    return len(name.encode("utf-8")) if (limit.unit or "").lower() == "bytes" else len(name)


def violations(tables: list[LandedTable], dest: Destination) -> list[Violation]:
    out: list[Violation] = []
    fold = (dest.case_sensitivity or "").lower() != "sensitive"

    def key(name: str) -> str:
        return name.casefold() if fold else name

    tlimit, climit, maxcols = (
        dest.table_name_length,
        dest.column_name_length,
        dest.max_columns_per_table,
    )
    reserved = dest.reserved_keywords.keywords if dest.reserved_keywords else []
    seen_tables: dict[str, list[LandedTable]] = {}
    for table in tables:
        if tlimit and tlimit.maximum is not None and _length(table.name, tlimit) > tlimit.maximum:
            out.append(
                Violation(
                    "name-too-long",
                    table.name,
                    None,
                    f"table name is {_length(table.name, tlimit)} {tlimit.unit or 'characters'}; "
                    f"the limit is {tlimit.text}",
                )
            )
        seen_tables.setdefault(key(table.name), []).append(table)
        out.extend(_reserved(table.name, None, "table", reserved))
        seen_cols: dict[str, list[LandedColumn]] = {}
        for col in table.columns:
            if climit and climit.maximum is not None and _length(col.name, climit) > climit.maximum:
                out.append(
                    Violation(
                        "name-too-long",
                        table.name,
                        col.name,
                        f"column name is {_length(col.name, climit)} "
                        f"{climit.unit or 'characters'}; the limit is {climit.text} "
                        f"(source {col.source})",
                    )
                )
            seen_cols.setdefault(key(col.name), []).append(col)
            if col.origin == "source":
                out.extend(_reserved(table.name, col.name, "column", reserved))
        for group in seen_cols.values():
            # one source stated twice by the page is a duplicate in the docs (docgen lint's
            # business), not two names that become one
            if len({c.source for c in group}) > 1:
                sources = _and(list(dict.fromkeys(c.source for c in group)))
                out.append(
                    Violation(
                        "name-collision",
                        table.name,
                        group[0].name,
                        f"{sources} all land as {group[0].name!r}"
                        if len(group) > 2
                        else f"{sources} both land as {group[0].name!r}",
                    )
                )
        n = len(table.columns)
        if maxcols and maxcols.maximum is not None:
            if n > maxcols.maximum:
                out.append(
                    Violation(
                        "too-many-columns",
                        table.name,
                        None,
                        f"{n} columns; the limit is {maxcols.text}",
                    )
                )
            elif maxcols.minimum is not None and n > maxcols.minimum:
                out.append(
                    Violation(
                        "may-exceed-columns",
                        table.name,
                        None,
                        f"{n} columns: over {maxcols.minimum} of the {maxcols.text} limit "
                        "(the limit depends on the column types)",
                    )
                )
    for tgroup in seen_tables.values():
        if len({_where(t) for t in tgroup}) > 1:
            out.append(
                Violation(
                    "name-collision",
                    tgroup[0].name,
                    None,
                    f"source tables {_and(list(dict.fromkeys(_where(t) for t in tgroup)))} "
                    f"land as {tgroup[0].name!r}",
                )
            )
    return out


def _and(items: list[str]) -> str:
    return ", ".join(items[:-1]) + f" and {items[-1]}" if len(items) > 1 else "".join(items)


def _where(table: LandedTable) -> str:
    return ".".join([table.source_table, *table.path])


def _reserved(
    table: str, column: str | None, what: Literal["table", "column"], keywords: Iterable[Any]
) -> list[Violation]:
    name = (column if column is not None else table).upper()
    out = []
    for kw in keywords:
        if what not in kw.applies_to:
            continue
        word = kw.keyword.upper()
        hit = (
            name.startswith(word)
            if kw.position == "prefix"
            else name.endswith(word)
            if kw.position == "suffix"
            else name == word
        )
        if hit:
            out.append(
                Violation(
                    "reserved-keyword",
                    table,
                    column,
                    f"{what} name has the reserved {kw.position} {kw.keyword} ({kw.description})",
                )
            )
    return out


# --------------------------------------------------------------------------- summaries


def incompatible_claim(conn: Connector, dest: Destination) -> str:
    """The destination page's own "incompatible sources" entry for this connector, if any."""
    for inc in dest.incompatible_sources:
        if inc.integration.lower() != conn.display_name.lower():
            continue
        version = inc.version.lower().lstrip("v")
        if version in ("any", "") or version == (conn.version or "").lower().lstrip("v"):
            return inc.version or "ANY"
    return ""


def counts(landing: Landing) -> dict[str, int]:
    by_kind: dict[str, int] = dict.fromkeys(VIOLATION_KINDS, 0)
    for v in landing.violations:
        by_kind[v.kind] += 1
    return by_kind


# --------------------------------------------------------------------------- inputs


def destination_names(dests: Iterable[Destination]) -> str:
    return ", ".join(sorted(d.name for d in dests)) or "none"


def find_destination(dests: list[Destination], wanted: str) -> Destination:
    """A destination by spec name or display name (case-insensitive). Raises LandError."""
    low = wanted.strip().lower()
    for d in dests:
        if low in (d.name.lower(), d.display_name.lower()):
            return d
    raise LandError(
        f"no destination spec named {wanted!r} (known: {destination_names(dests)}); "
        "`docgen land --list-destinations` lists them"
    )


def find_connector(conns: list[Connector], wanted: str) -> Connector:
    low = wanted.strip().lower()
    for c in conns:
        if low in (c.name.lower(), c.display_name.lower()):
            return c
    close = sorted(c.name for c in conns if low[:3] and c.name.startswith(low[:3]))
    hint = f" (did you mean: {', '.join(close[:5])}?)" if close else ""
    raise LandError(f"no connector spec named {wanted!r}{hint}")


# --------------------------------------------------------------------------- rendering


def render_text(landing: Landing, dest: Destination) -> list[str]:
    """Lines for ``docgen land CONNECTOR``: every landed table and column, then every
    violation, then the notes."""
    cols = sum(len(t.columns) for t in landing.tables)
    head = (
        f"{landing.connector} in {dest.display_name}: {len(landing.tables)} tables, {cols} "
        f"columns, {len(landing.violations)} violations"
    )
    lines = [head]
    for table in landing.tables:
        origin = ".".join([table.source_table, *table.path])
        lines.append("")
        lines.append(f"{table.name}  (from {origin})")
        width = max((len(c.name) for c in table.columns), default=0)
        twidth = max((len(c.type or "?") for c in table.columns), default=0)
        for c in table.columns:
            lines.append(f"  {c.name:<{width}}  {c.type or '?':<{twidth}}  {c.source}")
    if landing.violations:
        lines.append("")
        lines.append("violations:")
        for v in landing.violations:
            where = f"{v.table}.{v.column}" if v.column else v.table
            lines.append(f"  {v.kind}: {where}: {v.detail}")
    if landing.notes:
        lines.append("")
        lines.append("notes:")
        lines.extend(f"  {n}" for n in landing.notes)
    return lines


@dataclass
class Row:
    connector: str
    display_name: str
    tables: int
    columns: int
    by_kind: dict[str, int]
    claim: str  # the page's incompatible-sources version ("ANY"), "" when it names none

    def to_json(self) -> dict[str, Any]:
        return {
            "connector": self.connector,
            "display_name": self.display_name,
            "tables": self.tables,
            "columns": self.columns,
            "violations": dict(self.by_kind),
            "incompatible_claim": self.claim or None,
        }


def summary_row(conn: Connector, landing: Landing, dest: Destination) -> Row:
    return Row(
        connector=conn.name,
        display_name=conn.display_name,
        tables=len(landing.tables),
        columns=sum(len(t.columns) for t in landing.tables),
        by_kind=counts(landing),
        claim=incompatible_claim(conn, dest),
    )


def render_all(rows: list[Row], dest: Destination) -> list[str]:
    """The ``--all`` table (markdown), then what the page claims and what else breaks."""
    head = ["connector", "tables", "columns", *VIOLATION_KINDS, "page: incompatible"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        cells = [r.connector, str(r.tables), str(r.columns)]
        cells += [str(r.by_kind[k]) for k in VIOLATION_KINDS]
        cells.append(r.claim)
        lines.append("| " + " | ".join(cells) + " |")
    total = [sum(r.by_kind[k] for r in rows) for k in VIOLATION_KINDS]
    lines.append(
        "| **all** | "
        + " | ".join(
            [str(sum(r.tables for r in rows)), str(sum(r.columns for r in rows))]
            + [str(t) for t in total]
            + [str(sum(1 for r in rows if r.claim))]
        )
        + " |"
    )
    claimed = [r.display_name for r in rows if r.claim]
    named = {i.integration for i in dest.incompatible_sources}
    missing = sorted(named - {r.display_name for r in rows})
    broken = [r.connector for r in rows if any(r.by_kind.values()) and not r.claim]
    lines.append("")
    lines.append(
        f"{dest.display_name}'s page names as incompatible: "
        f"{', '.join(sorted(named)) or 'none'}"
        + (f" (no spec for: {', '.join(missing)})" if missing else "")
    )
    confirmed = [r.display_name for r in rows if r.claim and any(r.by_kind.values())]
    lines.append(f"docgen finds violations in those: {', '.join(confirmed) or 'none'}")
    if claimed and set(claimed) - set(confirmed):
        lines.append(f"and none in: {', '.join(sorted(set(claimed) - set(confirmed)))}")
    lines.append(f"what else breaks ({len(broken)}): {', '.join(broken) or 'nothing'}")
    return lines


# --------------------------------------------------------------------------- the command


@dataclass
class LandRun:
    """What ``docgen land`` found, for the CLI to print: the specs it could not read
    (reported first), then either ``error`` (bad input: one line, exit 2) or the answer of
    the one mode asked: ``destinations`` (--list-destinations), ``name`` (--column,
    --table), or ``pairs`` (CONNECTOR or --all: each connector with its landing in
    ``dest``)."""

    problems: list[Problem] = field(default_factory=list)
    error: str | None = None
    destinations: list[Destination] | None = None
    name: str | None = None
    dest: Destination | None = None
    pairs: list[tuple[Connector, Landing]] = field(default_factory=list)

    @property
    def broken(self) -> bool:
        """A name, column count, collision or reserved keyword breaks a destination rule."""
        return any(landing.violations for _, landing in self.pairs)


def run(
    specs: Path,
    *,
    connector: str | None = None,
    destination: str | None = None,
    all_: bool = False,
    column: str | None = None,
    table: str | None = None,
    list_destinations: bool = False,
    fmt: str = "text",
    as_json: bool = False,
) -> LandRun:
    """``docgen land``: check the arguments, read the specs, land what was asked."""
    from docgen.model import specio
    from docgen.model.destinations import destination_dir

    modes = [connector is not None, all_, column is not None, table is not None]
    modes.append(list_destinations)
    if sum(modes) != 1:
        return LandRun(
            error="give exactly one of CONNECTOR, --all, --column, --table, --list-destinations"
        )
    if fmt not in ("text", "dbt"):
        return LandRun(error=f"--format {fmt!r}: use text or dbt")
    if fmt == "dbt" and (as_json or not (connector is not None or all_)):
        return LandRun(error="--format dbt goes with CONNECTOR or --all, without --json")
    # the one spec loader: every spec it reads checked, refused (exit 2) as build refuses it
    project = specio.load_project(
        specs, connector=connector, connectors=connector is not None or all_, destinations=True
    )
    dests, problems = project.destinations, list[Problem]()
    if list_destinations:
        if not dests:
            return LandRun(problems, error=f"no destination specs in {destination_dir(specs)}")
        return LandRun(problems, destinations=dests)
    if destination is None:
        return LandRun(error="--destination is required (see --list-destinations)")
    wanted = destination.strip().lower()
    broken_spec = next((p for p in problems if f"/{wanted}.yaml" in p.location.page), None)
    if broken_spec is not None and not any(d.name == wanted for d in dests):
        return LandRun(error=f"{broken_spec.location.page}: {broken_spec.message}")
    bad: list[Problem] = []
    try:
        dest = find_destination(dests, destination)
        if column is not None:
            return LandRun(name=column_name(dest, column), dest=dest)
        if table is not None:
            return LandRun(name=table_name(dest, table), dest=dest)
        conns = project.connectors
        if connector is not None:
            conn = find_connector(conns, connector)
            if conn.tables is None:
                error = f"{conn.name} has no table reference in its spec: nothing lands"
                return LandRun(bad, error=error)
            pairs = [(conn, land(conn, dest))]
        else:
            pairs = [(c, land(c, dest)) for c in conns if c.tables]
    except LandError as exc:
        return LandRun(bad, error=str(exc))
    return LandRun(bad, dest=dest, pairs=pairs)
