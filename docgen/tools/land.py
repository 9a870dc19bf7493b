"""``docgen land``: how every table of a connector lands in a destination, predicted from
the docs before any data is loaded.

One implementation for every destination; what differs comes from the destination's spec
(its reference page) and from the loading rules pages, cited here as
``page#section`` (pages under https://www.stitchdata.com/docs/, copies in
../shared/corpus/docs). Every table is a stream of :mod:`docgen.model.streams`, the model
the generated catalog is rendered from: the same tables (a table listed twice is one), the
same column names (``Case ID (id)`` is the column ``id``), the same keys and the same types.

STREAMS  what a tap sends is the catalog's schema: a column's documented labels merged as
    JSON Schema reads them (``integer`` beside ``number`` is ``number``, ``date-time``
    beside ``string`` is ``string``; :func:`docgen.model.streams.column_kinds`), and a Stitch
    loader types a column by what it is sent: one JSON type gives one column, several are
    the mixed types it splits (SPLIT).
TYPES   the Stitch type of a JSON type: ``integer`` is BIGINT, by every worked example of the
    docs (replication/loading/understanding-table-structural-changes#examples-in-this-guide:
    ``id`` and ``age`` BIGINT, split into ``age__bi``; the reserved suffixes name ``__BI``,
    never ``__IN``); ``number`` is DOUBLE (same page, #mixed-data-types--second-replication-job:
    ``age (DOUBLE)`` for ``16.0``, split into ``age__do``); ``string`` STRING, ``boolean``
    BOOLEAN, a ``date-time``/``date`` string DATE (the row the pages store "in UTC" as a
    timestamp), a ``singer.decimal`` string NUMBER; objects and arrays RECORD/ARRAY.
    The destination type is the page's ``#transformations--data-typing`` row, refined by
    every other sentence of the page that states a type (the spec's ``type_statements``):
    a row's note ("Stored as NUMBER(38,0)"), the ``#transformations--timezones`` section for
    timestamps ("PostgreSQL will store the value as TIMESTAMP WITH TIMEZONE"), a note about
    keys ("If a string is loaded into a Primary Key field, it uses the VARCHAR type", applied
    to primary-key columns and the ``_sdc_source_key_*`` columns that hold them). A statement
    that spells the row's type more precisely replaces it; one that names another type is
    a contradiction of the page, noted, and the type table is kept.
NESTED  replication/loading/understanding-loading-row-usage-for-nested-data-structures
  #json-objects: where nested structures are unsupported (the destination page's
    "Nested structure support" feature, or the storage format's, S3's CSV), an object's
    properties are flattened into the table as ``[object_name]__[property_name]`` columns.
  #json-arrays, #deconstructing-nested-structures: an array is "denested" into a subtable
    named ``<table>__<array>`` (``orders__line_items__tax_lines`` for an array in an array).
  #connecting-subtables-to-top-level-records, #second-level, #third-level: a subtable gets
    ``_sdc_source_key_[pk_column_name]`` per top-level primary key and ``_sdc_level_N_id``
    for each array level above and at it.
  A column documented with several kinds lands as each kind does: ``[array, integer]`` is a
    column of the parent for its integers (data-typing: a scalar is a column) and a subtable
    for its arrays (#json-arrays); the catalog states the same (``type: [integer, array]``).
  What the docs do not list is *undetermined*, never silently absent: an object whose
    properties the docs do not list (its ``name__property`` columns depend on the data), the
    items of an array the docs do not describe (the docs name no column for an array of
    plain values), listed per table under ``undetermined``.
SYSTEM  replication/loading/system-tables-columns
  #all-system-columns: ``_sdc_extracted_at`` (Singer-backed integrations), ``_sdc_received_at``,
    ``_sdc_batched_at``, ``_sdc_sequence``, ``_sdc_table_version`` in every integration table;
    ``__sdc_primary_key`` only where the source table has no primary key. Their types are the
    page's (TIMESTAMP is the timestamp row, DATE); a documented example that does not fit
    the destination's documented range of that type (``_sdc_sequence`` 1565276078922000095,
    a nanosecond epoch, over PostgreSQL's INTEGER) takes the type whose range holds it, noted.
  #subtables-system-columns: ``_sdc_source_key_[name]`` inherits the primary key's type;
    ``_sdc_level_#_id`` is INTEGER.
  #system-tables and the destination page's ``#transformations--system-tables-columns``:
    the system tables (``--system-tables``).
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
    abbreviations the split appends, so an abbreviation is taken from that list (SPLIT).
NAMES   the page's ``#transformations--column-naming`` / ``--table-naming`` tables, in page
    order (:mod:`docgen.model.naming`); a wording docgen does not read is applied as no
    change and named, with the names it may affect (exit 1 when there are any); limits from
    ``#destination-details``.
SCHEMA  replication/loading/understanding-destination-schemas#create-schema-name: "An
    Integration Name of Recurly Stitch would create a schema named recurly_stitch": lower
    case, spaces as underscores; then the destination's schema naming where its page has one
    ("Table and schema names in MySQL").

What the docs do not state, docgen does not invent; it says so in ``Landing.notes``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from docgen.model import naming
from docgen.model.destinations import Destination, Limit, StorageFormat
from docgen.model.spec import Column, Connector
from docgen.model.streams import (
    LEVEL_ID,
    SOURCE_KEY_PREFIX,
    SYSTEM_COLUMNS,
    SYSTEM_KEYS,
    Stream,
    SystemColumn,
    documented_kinds,
    streams,
)
from docgen.model.words import close_names

#: (JSON type, string format) -> Stitch type (the names the destination type tables use)
KIND_STITCH_TYPES: dict[tuple[str, str | None], str] = {
    ("string", None): "STRING",
    ("string", "date-time"): "DATE",
    ("string", "date"): "DATE",
    ("string", "singer.decimal"): "NUMBER",
    ("integer", None): "BIGINT",
    ("number", None): "DOUBLE",
    ("boolean", None): "BOOLEAN",
    ("object", None): "RECORD",
    ("array", None): "ARRAY",
}
#: the system columns page's data types -> the type-table row they are
SYSTEM_STITCH_TYPES = {"TIMESTAMP": "DATE", "DATE-TIME": "DATE"}
#: Type-table rows that hold a nested value, by kind (BigQuery's RECORD/ARRAY rows).
_NESTED_ROWS = {"RECORD": ("RECORD", "OBJECT", "JSON", "VARIANT"), "ARRAY": ("ARRAY",)}
_INTO_COLUMNS = re.compile(r"\binto (\w+) columns\b")
_RANGE = re.compile(r"Range\s*:\s*(?P<lo>[-+]?[\d,]+)\s+to\s+(?P<hi>[-+]?[\d,]+)(?![\d.])")
#: the Stitch types of integers, in the order a value that does not fit is tried
_INTEGER_ROWS = ("BIGINT", "INTEGER")

#: understanding-table-structural-changes#mixed-data-types--new-table-structure: the
#: destinations whose tab says the original column "is re-named to include the original
#: (first detected) data type" (the others: "The column name remains as-is").
SPLIT_RENAMES_ORIGINAL = ("panoply", "redshift", "postgresql")
#: understanding-destination-schemas#create-schema-name
SCHEMA_PAGE = "replication/loading/understanding-destination-schemas#create-schema-name"

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
Origin = Literal["source", "system", "split", "link"]


class LandError(ValueError):
    """The prediction cannot be made (bad input: exit 2)."""


@dataclass
class LandedColumn:
    """One column of a landed table. ``origin``: a source column, a system column, a
    column split off a source column for one of its types, or a link to the parent
    (``_sdc_source_key_*``, ``_sdc_level_N_id``)."""

    name: str
    type: str | None
    source: str  # dotted source path, or the system column's name
    origin: Origin = "source"
    primary_key: bool = False
    description: str | None = None
    stitch_type: str | None = None  # the Stitch type the destination type is the row of

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "source": self.source,
            "origin": self.origin,
            "stitch_type": self.stitch_type,
        }


@dataclass
class Undetermined:
    """A property of the stream whose landed columns the docs do not determine."""

    source: str  # dotted source path ("metadata", "lines[]")
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"source": self.source, "reason": self.reason}


@dataclass
class LandedTable:
    """A landed table: a stream's top-level table (``path`` empty, ``parent`` None) or a
    subtable of one of its arrays (``path`` the property names down to it, ``parent`` the
    landed name of the table it links to through ``_sdc_source_key_*``/``_sdc_level_*``)."""

    name: str
    source_table: str
    path: list[str]
    columns: list[LandedColumn] = field(default_factory=list)
    undetermined: list[Undetermined] = field(default_factory=list)
    description: str | None = None
    parent: str | None = None  # a subtable: the landed name of the table it comes out of

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "source_table": self.source_table,
            "path": list(self.path),
            "parent": self.parent,
            "columns": [c.to_json() for c in self.columns],
            "undetermined": [u.to_json() for u in self.undetermined],
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
    #: naming wordings docgen does not read -> how many landed names they may change
    unread_naming: dict[str, int] = field(default_factory=dict)
    storage_format: str | None = None

    @property
    def names_uncertain(self) -> bool:
        return any(self.unread_naming.values())

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "connector": self.connector,
            "destination": self.destination,
        }
        if self.storage_format is not None:
            out["storage_format"] = self.storage_format
        out.update(
            {
                "tables": [t.to_json() for t in self.tables],
                "violations": [v.to_json() for v in self.violations],
                "notes": list(self.notes),
            }
        )
        return out


# --------------------------------------------------------------------------- names


def _unread_note(dest: Destination, wording: str, kind: str) -> str:
    return (
        f"{dest.display_name}'s {kind} naming rule {wording!r} is not one docgen reads: the "
        "other rules are applied, this one is not"
    )


@dataclass
class Namer:
    """A destination's naming: its transformation rules, read once. A wording docgen does
    not read changes no name; :attr:`maybe` counts the names it may change."""

    destination: Destination
    column_rules: list[naming.Rule]
    table_rules: list[naming.Rule] | None  # None: the page states no table naming
    maybe: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, dest: Destination) -> Namer:
        reserved = [
            k.keyword
            for k in (dest.reserved_keywords.keywords if dest.reserved_keywords else [])
            if k.position == "name"
        ]
        cols = naming.read([n.transformation for n in dest.column_naming or []], reserved)
        tables = (
            naming.read([n.transformation for n in dest.table_naming], reserved)
            if dest.table_naming is not None
            else None
        )
        namer = cls(dest, cols, tables)
        for r in [*cols, *(tables or [])]:
            if not r.known:
                namer.maybe.setdefault(r.wording, 0)
        return namer

    def _through(self, rules: list[naming.Rule], name: str) -> str:
        got, maybe = naming.trace(rules, name)
        for wording in maybe:
            self.maybe[wording] = self.maybe.get(wording, 0) + 1
        return got

    def column(self, name: str) -> str:
        return self._through(self.column_rules, name)

    def table(self, name: str) -> str:
        return self._through(self.table_rules, name) if self.table_rules is not None else name

    def schema(self, name: str) -> str:
        """SCHEMA: the integration name as the destination schemas page turns it into a
        schema name, then the destination's schema naming where its page has one."""
        stitch = name.lower().replace(" ", "_")
        if self.table_rules is not None and self.destination.schema_naming:
            return self._through(self.table_rules, stitch)
        return stitch

    def notes(self) -> list[str]:
        out = []
        for r in self.column_rules:
            if not r.known:
                out.append(_unread_note(self.destination, r.wording, "column"))
        for r in self.table_rules or []:
            if not r.known:
                out.append(_unread_note(self.destination, r.wording, "table"))
        return out


@dataclass
class NameAnswer:
    """``docgen land --column/--table/--schema``: the name, the rules docgen could not read
    that may change it, and the notes."""

    name: str
    maybe: list[str]
    notes: list[str]


def _answer(dest: Destination, kind: str, name: str) -> NameAnswer:
    namer = Namer.of(dest)
    got = {"column": namer.column, "table": namer.table, "schema": namer.schema}[kind](name)
    notes = namer.notes()
    if kind == "table" and dest.table_naming is None:
        notes.append(
            f"{dest.display_name}'s page states no table naming: the name is shown as given"
        )
    if kind == "schema":
        notes.append(f"schema names as {SCHEMA_PAGE} shows them: lower case, spaces as underscores")
    return NameAnswer(got, [w for w, n in namer.maybe.items() if n], notes)


def column_name(dest: Destination, name: str) -> str:
    """The name a column NAME lands as (``docgen land --column``)."""
    return _answer(dest, "column", name).name


def table_name(dest: Destination, name: str) -> str:
    return _answer(dest, "table", name).name


def schema_name(dest: Destination, name: str) -> str:
    return _answer(dest, "schema", name).name


# --------------------------------------------------------------------------- types


def stitch_type(kind: str, fmt: str | None = None) -> str | None:
    """The Stitch type of a JSON type (and string format) (TYPES)."""
    if kind == "string" and fmt not in ("date-time", "date", "singer.decimal"):
        fmt = None
    return KIND_STITCH_TYPES.get((kind, fmt))


def _first_word(text: str) -> str:
    return re.split(r"[\s(]", text.strip().upper(), maxsplit=1)[0]


@dataclass
class Types:
    """A destination's types: the type table, refined by the page's other statements."""

    dest: Destination
    rows: dict[str, str] = field(default_factory=dict)  # Stitch type -> destination type
    key_rows: dict[str, str] = field(default_factory=dict)  # the same, for primary keys
    ranges: dict[str, tuple[int, int]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, dest: Destination) -> Types:
        out = cls(dest)
        for row in dest.type_map:
            if not row.stitch_type:
                continue
            st = row.stitch_type.upper()
            out.rows.setdefault(st, row.destination_type)
            m = _RANGE.search(row.notes)
            if m:
                lo, hi = (int(m[k].replace(",", "").replace("+", "")) for k in ("lo", "hi"))
                out.ranges.setdefault(st, (lo, hi))
        for s in dest.type_statements:
            st = s.stitch_type.upper()
            table = out.rows.get(st)
            if s.applies == "primary-key":
                out.key_rows[st] = s.destination_type
                continue
            if table is None or _first_word(table) == _first_word(s.destination_type):
                out.rows[st] = s.destination_type
            elif s.destination_type.upper() != table.upper():
                out.notes.append(
                    f"{dest.display_name}'s page contradicts itself on {st}: the type table "
                    f"says {table}, #{s.element} says {s.text!r}; the type table is kept"
                )
        return out

    def of_stitch(self, stitch: str | None, *, key: bool = False) -> str | None:
        """The destination type of a Stitch type; nested values also from the "Nested
        structure support" text ("loaded intact into VARIANT columns")."""
        if stitch is None:
            return None
        if key and stitch in self.key_rows:
            return self.key_rows[stitch]
        for candidate in _NESTED_ROWS.get(stitch, (stitch,)):
            if candidate in self.rows:
                return self.rows[candidate]
        if stitch in _NESTED_ROWS:
            m = _INTO_COLUMNS.search(self.dest.nested_support_text or "")
            return m[1] if m else None
        return None

    def holding(self, stitch: str, value: int) -> str:
        """``stitch``, or the integer type whose documented range holds ``value`` when
        ``stitch``'s does not."""
        rng = self.ranges.get(stitch)
        if rng is None or rng[0] <= value <= rng[1]:
            return stitch
        for other in _INTEGER_ROWS:
            orng = self.ranges.get(other)
            if (
                other != stitch
                and other in self.rows
                and (orng is None or orng[0] <= value <= orng[1])
            ):
                return other
        return stitch

    def suffix(self, stitch: str) -> tuple[str, bool]:
        """SPLIT: the two-letter abbreviation of a Stitch type (and whether it is one of the
        destination's reserved suffixes): the suffix that is the first two letters of the
        Stitch type, else of its destination type, else of another Stitch type of the same
        destination type; else the suffix no other type claims whose letters the type's
        name holds in order, from its first (INTEGER: ``__IT``; DATETIME: ``__DT``)."""
        suffixes = [
            k.keyword.upper().lstrip("_")
            for k in (self.dest.reserved_keywords.keywords if self.dest.reserved_keywords else [])
            if k.position == "suffix" and "column" in k.applies_to
        ]
        suffixes = [s for s in suffixes if len(s) == 2]
        if not suffixes:  # data-typing#mixed-data-types: "appended with the data type"
            return stitch.lower(), True
        dtype = self.of_stitch(stitch) or ""
        family = [stitch, _first_word(dtype)]
        family += [s for s, d in self.rows.items() if d == dtype and s not in family]
        for name in family:
            if name[:2] in suffixes:
                return name[:2].lower(), True
        claimed = {
            w[:2]
            for s, d in self.rows.items()
            for w in (s, _first_word(d))
            if w[:2] in suffixes and s != stitch
        }
        for name in family:
            for sfx in suffixes:
                if sfx in claimed or not name or sfx[0] != name[0]:
                    continue
                if sfx[1] in name[1:]:
                    return sfx.lower(), True
        return stitch[:2].lower(), False


# --------------------------------------------------------------------------- prediction


@dataclass
class _Ctx:
    conn: Connector
    dest: Destination
    namer: Namer
    types: Types
    flatten: bool
    notes: set[str] = field(default_factory=set)
    tables: list[LandedTable] = field(default_factory=list)


def nested_support(
    dest: Destination, storage_format: str | None
) -> tuple[str, StorageFormat | None]:
    """Whether ``dest`` keeps nested data ("supported") or flattens it ("unsupported"),
    with the storage format chosen where the page says it depends on one. Raises
    :class:`LandError` (one line naming the choice) when it depends and none is chosen."""
    formats = dest.storage_formats
    if storage_format is not None:
        chosen = next((f for f in formats if f.name.lower() == storage_format.lower()), None)
        if chosen is None:
            offered = " or ".join(f.name.lower() for f in formats)
            raise LandError(
                f"{dest.display_name} has no storage format {storage_format!r}"
                + (f" (its page offers {offered})" if offered else " (its page offers none)")
            )
        return chosen.nested_support, chosen
    if dest.nested_support in ("supported", "unsupported"):
        return dest.nested_support, None
    if formats:
        choices = "; ".join(
            f"--storage-format {f.name.lower()}: nested data "
            + (
                "flattened into columns and subtables"
                if f.nested_support == "unsupported"
                else "kept as-is"
            )
            for f in formats
        )
        raise LandError(
            f"{dest.display_name} lands nested data by the storage format chosen at setup "
            f"({dest.nested_support_text or 'it depends'}); choose one: {choices}"
        )
    raise LandError(
        f"{dest.display_name}: nested structure support is "
        f"{dest.nested_support_text or 'not stated'!r}; docgen cannot predict the landing"
    )


def land(conn: Connector, dest: Destination, storage_format: str | None = None) -> Landing:
    """Predict how ``conn``'s streams land in ``dest``. Raises :class:`LandError` when the
    destination's spec does not allow a prediction."""
    support, chosen = nested_support(dest, storage_format)
    ctx = _Ctx(conn, dest, Namer.of(dest), Types.of(dest), flatten=support == "unsupported")
    if dest.table_naming is None:
        ctx.notes.add(
            f"{dest.display_name}'s page states no table naming: table names are shown as "
            "the source states them"
        )
    if dest.column_naming is None:
        ctx.notes.add(
            f"{dest.display_name}'s page states no column naming: column names are shown as "
            "the source states them"
        )
    if not dest.type_map:
        ctx.notes.add(
            f"{dest.display_name}'s page has no type table: values are stored as they are "
            "sent; no destination type is shown"
        )
    if chosen is not None:
        ctx.notes.add(f"storage format {chosen.name}: {chosen.text}")
    ctx.notes.update(ctx.types.notes)
    for stream in streams(conn):
        _land_stream(ctx, stream)
    landing = Landing(
        conn.name, dest.name, ctx.tables, storage_format=chosen.name if chosen else None
    )
    landing.violations = violations(ctx.tables, dest)
    landing.unread_naming = dict(ctx.namer.maybe)
    ctx.notes.update(ctx.namer.notes())
    for wording, n in ctx.namer.maybe.items():
        if n:
            ctx.notes.add(f"{n} landed name(s) may be changed by the unread rule {wording!r}")
    landing.notes = sorted(ctx.notes)
    return landing


def _unique(columns: Iterable[Column]) -> list[Column]:
    """First listing of each name (a page listing a column twice: one property)."""
    seen: set[str] = set()
    out = []
    for c in columns:
        if c.name not in seen:
            seen.add(c.name)
            out.append(c)
    return out


def _land_stream(ctx: _Ctx, stream: Stream) -> None:
    table = stream.table
    top = LandedTable(
        name=ctx.namer.table(table.name),
        source_table=table.name,
        path=[],
        description=table.description,
    )
    ctx.tables.append(top)
    columns = _unique(table.columns)
    by_name = {c.name: c for c in columns}
    keys = [by_name[k] for k in stream.primary_keys if k in by_name]
    _system_columns(ctx, top, keyless=not keys)
    links: list[LandedColumn] = []
    for key in keys:  # #connecting-subtables-to-top-level-records: _sdc_source_key_[pk]
        kinds, fmt = documented_kinds(key.types)
        st = stitch_type(kinds[0], fmt) if kinds else None
        ktype = ctx.types.of_stitch(st, key=True)
        landed = key.name if key.name in SYSTEM_KEYS else ctx.namer.column(key.name)
        name = f"{SOURCE_KEY_PREFIX}{landed}"
        links.append(LandedColumn(name, ktype, key.name, "link", True, stitch_type=st))
    if not keys:  # the column Stitch de-dupes a keyless table by is its key
        no_key = next(c for c in SYSTEM_COLUMNS if c.applies == "no-key")
        links.append(
            LandedColumn(
                f"{SOURCE_KEY_PREFIX}{no_key.name}",
                _system_type(ctx, no_key),
                no_key.name,
                "link",
                True,
                stitch_type=no_key.stated_type,
            )
        )
    _columns(ctx, top, columns, [], [], links, 0, set(stream.primary_keys))


def _system_stitch(ctx: _Ctx, col: SystemColumn) -> str:
    """A system column's Stitch type: the page's type as the destination's row (TIMESTAMP is
    the timestamp row, DATE), the integer type that holds the documented example."""
    st = SYSTEM_STITCH_TYPES.get(col.stated_type, col.stated_type)
    if col.example.lstrip("-").isdigit():
        held = ctx.types.holding(st, int(col.example))
        if held != st:
            rng = ctx.types.ranges[st]
            ctx.notes.add(
                f"{col.name} is documented as {col.stated_type} (system-tables-columns), but "
                f"its documented example {col.example} does not fit {ctx.dest.display_name}'s "
                f"{ctx.types.of_stitch(st)} range ({rng[0]} to {rng[1]}); landed as "
                f"{ctx.types.of_stitch(held)}, the type that holds it"
            )
            st = held
    return st


def _system_type(ctx: _Ctx, col: SystemColumn) -> str:
    return ctx.types.of_stitch(_system_stitch(ctx, col)) or col.stated_type


def _system_columns(ctx: _Ctx, table: LandedTable, *, keyless: bool) -> None:
    singer = ctx.conn.layout == "singer"
    for col in SYSTEM_COLUMNS:
        if col.applies == "singer" and not singer:
            continue
        if col.applies == "no-key" and not keyless:
            continue
        st = _system_stitch(ctx, col)
        dtype = ctx.types.of_stitch(st) or col.stated_type
        table.columns.append(LandedColumn(col.name, dtype, col.name, "system", stitch_type=st))


def _columns(
    ctx: _Ctx,
    into: LandedTable,
    columns: Iterable[Column],
    prefix: list[str],  # property names from the landed table's root (flattened objects)
    path: list[str],  # property names from the source table to this landed table's array
    links: list[LandedColumn],
    level: int,  # number of array levels above: 0 for the top-level table
    keys: set[str],
) -> None:
    for col in _unique(columns):
        names = [*prefix, col.name]
        dotted = ".".join([*path, *names])
        kinds, fmt = documented_kinds(col.types)
        pk = level == 0 and not prefix and col.name in keys
        if not ctx.flatten:
            _typed_column(ctx, into, "__".join(names), kinds, fmt, dotted, pk, col.description)
            continue
        if "object" in kinds:
            if col.children:  # #json-objects: [object_name]__[property_name]
                _columns(ctx, into, col.children, names, path, links, level, keys)
            else:
                into.undetermined.append(
                    Undetermined(
                        dotted,
                        "an object whose properties the docs do not list: its "
                        f"{'__'.join(names)}__[property] columns depend on the data",
                    )
                )
        if "array" in kinds:  # #json-arrays: a subtable <table>__<array>
            _subtable(ctx, into, col, names, path, links, level, keys)
        scalars = tuple(k for k in kinds if k not in ("object", "array"))
        if scalars or not kinds:
            _typed_column(ctx, into, "__".join(names), scalars, fmt, dotted, pk, col.description)


def _subtable(
    ctx: _Ctx,
    parent: LandedTable,
    col: Column,
    names: list[str],
    path: list[str],
    links: list[LandedColumn],
    level: int,
    keys: set[str],
) -> None:
    sub_path = [*path, *names]
    raw_name = "__".join([parent.source_table, *sub_path])
    sub = LandedTable(
        name=ctx.namer.table(raw_name),
        source_table=parent.source_table,
        path=sub_path,
        parent=parent.name,
    )
    ctx.tables.append(sub)
    if any(c.source == "__sdc_primary_key" for c in links):
        ctx.notes.add(
            "a subtable of a table without a primary key links to it by "
            "_sdc_source_key___sdc_primary_key: __sdc_primary_key is the column Stitch "
            "de-dupes such a table by (system-tables-columns#all-system-columns), its key"
        )
    _system_columns(ctx, sub, keyless=False)
    sub.columns.extend(
        LandedColumn(c.name, c.type, c.source, "link", primary_key=True) for c in links
    )
    level_type = _system_type(ctx, LEVEL_ID)
    for n in range(level + 1):  # #second-level, #third-level: _sdc_level_N_id
        name = LEVEL_ID.name.replace("#", str(n))
        sub.columns.append(
            LandedColumn(name, level_type, name, "link", True, stitch_type=LEVEL_ID.stated_type)
        )
    if col.children:
        _columns(ctx, sub, col.children, [], sub_path, links, level + 1, keys)
    else:
        sub.undetermined.append(
            Undetermined(
                ".".join(sub_path) + "[]",
                "the docs do not describe the array's items: objects give columns that "
                "depend on the data, and the docs name no column for plain values",
            )
        )


def _typed_column(
    ctx: _Ctx,
    into: LandedTable,
    raw: str,
    kinds: tuple[str, ...],
    fmt: str | None,
    source: str,
    pk: bool,
    description: str | None,
) -> None:
    """One column, or several when it has several types (the SPLIT rules). A Stitch system
    column the stream holds as a key (``_sdc_record_hash``) keeps its name: it is Stitch's,
    named as the system columns page names it."""
    name = raw if raw in SYSTEM_KEYS else ctx.namer.column(raw)
    stitch = list(dict.fromkeys(s for s in (stitch_type(k, fmt) for k in kinds) if s))
    if not stitch:
        ctx.notes.add(
            'a column whose documented type is "varies" or unknown: its destination type '
            "depends on the data (shown as ?)"
        )
        into.columns.append(LandedColumn(name, None, source, "source", pk, description))
        return
    if fmt == "time":
        ctx.notes.add("a time string: the docs name no Stitch type for times; typed as STRING")
    if len(stitch) == 1:
        dtype = ctx.types.of_stitch(stitch[0], key=pk)
        if dtype is None and ctx.dest.type_map:
            ctx.notes.add(f"{ctx.dest.display_name}'s type table has no row for {stitch[0]}")
        into.columns.append(LandedColumn(name, dtype, source, "source", pk, description, stitch[0]))
        return
    low = ctx.dest.display_name.lower()
    renames = any(d in low for d in SPLIT_RENAMES_ORIGINAL)
    for i, st in enumerate(stitch):
        dtype = ctx.types.of_stitch(st, key=pk)
        suffix, reserved = ctx.types.suffix(st)
        if not reserved:
            ctx.notes.add(
                f"no reserved suffix of {ctx.dest.display_name} abbreviates {st}: its split "
                f"column is shown with __{suffix}"
            )
        if i == 0 and not renames:
            into.columns.append(LandedColumn(name, dtype, source, "source", pk, description, st))
        else:  # the suffix is Stitch's own: reserved suffixes are not a violation here
            split = ctx.namer.column(f"{raw}__{suffix}")  # named like any column
            into.columns.append(LandedColumn(split, dtype, source, "split", pk, description, st))


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
            if len({_what(c) for c in group}) > 1:
                sources = _and(list(dict.fromkeys(_what(c) for c in group)))
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


def _what(col: LandedColumn) -> str:
    """What a landed column comes from, for a collision: a source path, or a system column
    (a source column may be named like one: ``_sdc_sequence`` beside Stitch's)."""
    return f"the system column {col.name}" if col.origin in ("system", "link") else col.source


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
    hint = close_names(wanted, [d.name for d in dests])
    raise LandError(
        f"no destination spec named {wanted!r}{hint} (known: {destination_names(dests)}); "
        "`docgen land --list-destinations` lists them"
    )


def find_connector(conns: list[Connector], wanted: str) -> Connector:
    low = wanted.strip().lower()
    for c in conns:
        if low in (c.name.lower(), c.display_name.lower()):
            return c
    hint = close_names(wanted, [c.name for c in conns])
    raise LandError(f"no connector spec named {wanted!r}{hint}")


# --------------------------------------------------------------------------- rendering


def render_text(landing: Landing, dest: Destination) -> list[str]:
    """Lines for ``docgen land CONNECTOR``: every landed table and column, then every
    violation, then the notes."""
    cols = sum(len(t.columns) for t in landing.tables)
    undetermined = sum(len(t.undetermined) for t in landing.tables)
    fmt = f" ({landing.storage_format})" if landing.storage_format else ""
    head = (
        f"{landing.connector} in {dest.display_name}{fmt}: {len(landing.tables)} tables, "
        f"{cols} columns, {undetermined} undetermined, {len(landing.violations)} violations"
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
        for u in table.undetermined:
            lines.append(f"  undetermined: {u.source}: {u.reason}")
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
    """What ``docgen land`` found, for the CLI to print (specs that do not load were
    refused before, by the one loader): either ``error`` (bad input: one line, exit 2) or
    the answer of the one mode asked: ``destinations`` (--list-destinations), ``answer`` (--column,
    --table, --schema: the name, the unread naming rules that may change it, notes),
    ``system_tables`` (--system-tables), or ``pairs`` (CONNECTOR or --all: each connector
    with its landing in ``dest``)."""

    error: str | None = None
    destinations: list[Destination] | None = None
    answer: NameAnswer | None = None
    system_tables: list[str] | None = None
    dest: Destination | None = None
    pairs: list[tuple[Connector, Landing]] = field(default_factory=list)

    @property
    def name(self) -> str | None:
        return self.answer.name if self.answer is not None else None

    @property
    def broken(self) -> bool:
        """A name, column count, collision or reserved keyword breaks a destination rule,
        or a naming rule docgen does not read may change a name."""
        if self.answer is not None:
            return bool(self.answer.maybe)
        return any(landing.violations or landing.names_uncertain for _, landing in self.pairs)

    def warnings(self) -> list[str]:
        """One line per naming rule docgen could not read (stderr, also in the JSON notes)."""
        if self.answer is not None:
            return [
                f"naming rule {w!r} is not one docgen reads; the name may differ"
                for w in self.answer.maybe
            ]
        out: dict[str, int] = {}
        for _, landing in self.pairs:
            for wording, n in landing.unread_naming.items():
                out[wording] = out.get(wording, 0) + n
        name = self.dest.display_name if self.dest is not None else "the destination"
        return [
            f"{name}'s naming rule {w!r} is not one docgen reads: the other rules are applied; "
            f"{n} landed name(s) may differ"
            for w, n in out.items()
        ]


def system_tables(dest: Destination) -> list[str]:
    """The system tables the destination's page names (through its table naming), or those
    replication/loading/system-tables-columns#system-tables says every integration schema
    holds (``_sdc_rejected``) where the page names none."""
    namer = Namer.of(dest)
    names = dest.system_tables if dest.system_tables is not None else ["_sdc_rejected"]
    return [namer.table(n) for n in names]


def run(
    specs: Path,
    *,
    connector: str | None = None,
    destination: str | None = None,
    all_: bool = False,
    column: str | None = None,
    table: str | None = None,
    schema: str | None = None,
    list_destinations: bool = False,
    list_system_tables: bool = False,
    storage_format: str | None = None,
    fmt: str = "text",
    as_json: bool = False,
) -> LandRun:
    """``docgen land``: check the arguments, read the specs, land what was asked."""
    from docgen.model import specio
    from docgen.model.destinations import destination_dir

    modes = [connector is not None, all_, column is not None, table is not None]
    modes += [schema is not None, list_destinations, list_system_tables]
    if sum(modes) != 1:
        return LandRun(
            error="give exactly one of CONNECTOR, --all, --column, --table, --schema, "
            "--list-destinations, --system-tables"
        )
    for flag, value in (("--column", column), ("--table", table), ("--schema", schema)):
        if value is not None and not value.strip():
            return LandRun(error=f"{flag} needs a name; {value!r} is empty")
    if connector is not None and not connector.strip():
        return LandRun(error="CONNECTOR is empty: give a connector spec name")
    if fmt not in ("text", "dbt", "mermaid"):
        return LandRun(error=f"--format {fmt!r}: use text, dbt or mermaid")
    if fmt == "dbt" and (as_json or not (connector is not None or all_)):
        return LandRun(error="--format dbt goes with CONNECTOR or --all, without --json")
    if fmt == "mermaid" and (as_json or connector is None):
        return LandRun(error="--format mermaid goes with CONNECTOR, without --json")
    if storage_format is not None and not (connector is not None or all_):
        return LandRun(error="--storage-format goes with CONNECTOR or --all")
    # the one spec loader: every spec it reads checked, refused (exit 2) as build refuses it
    project = specio.load_project(
        specs, connector=connector, connectors=connector is not None or all_
    )  # refuses (SpecErrors, exit 2) what build refuses: every spec it reads is checked
    dests = project.destinations
    if list_destinations:
        if not dests:
            return LandRun(error=f"no destination specs in {destination_dir(specs)}")
        return LandRun(destinations=dests)
    if destination is None:
        return LandRun(error="--destination is required (see --list-destinations)")
    try:
        dest = find_destination(dests, destination)
        for kind, value in (("column", column), ("table", table), ("schema", schema)):
            if value is not None:
                return LandRun(answer=_answer(dest, kind, value), dest=dest)
        if list_system_tables:
            return LandRun(system_tables=system_tables(dest), dest=dest)
        conns = project.connectors
        if connector is not None:
            conn = find_connector(conns, connector)
            if conn.tables is None:
                error = f"{conn.name} has no table reference in its spec: nothing lands"
                return LandRun(error=error)
            pairs = [(conn, land(conn, dest, storage_format))]
        else:
            pairs = [(c, land(c, dest, storage_format)) for c in conns if c.tables]
    except LandError as exc:
        return LandRun(error=str(exc))
    return LandRun(dest=dest, pairs=pairs)


# --------------------------------------------------------------------------- one model


@dataclass
class Agreement:
    """What a landing and the generated catalog of the same connector say differently
    (each list empty when land and the catalog are one model): streams, the columns each
    property becomes (a column, a subtable, an undetermined entry), and the keys."""

    tables: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)


def _schema_kinds(schema: dict[str, Any]) -> list[str]:
    t = schema.get("type", [])
    return [k for k in ([t] if isinstance(t, str) else t) if k != "null"]


def _expected(
    props: dict[str, Any],
    prefix: list[str],
    path: list[str],
    flatten: bool,
    out: dict[str, set[str]],
) -> None:
    """What each catalog property becomes, by NESTED: columns (``source:STITCH_TYPE``, one
    per type the schema gives it), subtables, undetermined."""
    for name, schema in props.items():
        names = [*prefix, name]
        dotted = ".".join([*path, *names])
        kinds = _schema_kinds(schema)
        fmt = schema.get("format")
        if not flatten:
            out["columns"].update(f"{dotted}:{stitch_type(k, fmt) or '?'}" for k in kinds or ["?"])
            continue
        if "object" in kinds:
            if schema.get("properties"):
                _expected(schema["properties"], names, path, flatten, out)
            else:
                out["undetermined"].add(dotted)
        if "array" in kinds:
            sub = [*path, *names]
            out["subtables"].add(".".join(sub))
            items = schema.get("items", {})
            if items.get("properties"):
                _expected(items["properties"], [], sub, flatten, out)
            else:
                out["undetermined"].add(".".join(sub) + "[]")
        scalars = [k for k in kinds if k not in ("object", "array")]
        if not kinds or scalars:
            out["columns"].update(
                f"{dotted}:{stitch_type(k, fmt) or '?'}" for k in scalars or ["?"]
            )


def agreement(conn: Connector, landing: Landing, flatten: bool) -> Agreement:
    """Compare ``landing`` with ``conn``'s generated catalog
    (:func:`docgen.emit.schemas.catalog`)."""
    from docgen.emit.schemas import catalog

    out = Agreement()

    streams_ = {s["stream"]: s for s in catalog(conn)["streams"]}
    tops = {t.source_table: t for t in landing.tables if not t.path}
    out.tables = sorted(set(streams_) ^ set(tops))
    out.checked = {"tables": len(streams_), "columns": 0, "keys": 0}
    for name, stream in streams_.items():
        top = tops.get(name)
        if top is None:
            continue
        want: dict[str, set[str]] = {"columns": set(), "undetermined": set(), "subtables": set()}
        _expected(stream["schema"].get("properties", {}), [], [], flatten, want)
        mine = [t for t in landing.tables if t.source_table == name]
        got = {
            "columns": {
                f"{c.source}:{c.stitch_type or '?'}"
                for t in mine
                for c in t.columns
                if c.origin in ("source", "split")
            },
            "undetermined": {u.source for t in mine for u in t.undetermined},
            "subtables": {".".join(t.path) for t in mine if t.path},
        }
        out.checked["columns"] += len(want["columns"]) + len(want["undetermined"])
        for what in ("columns", "undetermined", "subtables"):
            out.columns += [f"{name}: {what} {p}" for p in sorted(want[what] ^ got[what])]
        keys = list(stream["key_properties"])
        landed_keys = [c.source for c in top.columns if c.primary_key and c.origin != "link"]
        out.checked["keys"] += len(keys)
        if sorted(keys) != sorted(dict.fromkeys(landed_keys)):
            out.keys.append(f"{name}: catalog {keys}, landed {landed_keys}")
        for sub in mine:
            links = [c.source for c in sub.columns if c.name.startswith(SOURCE_KEY_PREFIX)]
            if sub.path and sorted(links) != sorted(keys or ["__sdc_primary_key"]):
                out.keys.append(f"{sub.name}: source keys {links}, catalog {keys}")
    return out
