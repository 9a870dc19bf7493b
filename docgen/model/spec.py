"""The normalized spec: the one vocabulary shared by readers, emitters, diff and lint.

Readers turn pages into *page models* (:class:`TablePage`, :class:`PropertyPage`); their
``contract()`` is what ``docgen parse --json`` prints (the corpus truth shape).
Stitch's :mod:`docgen.readers.stitch.assemble` joins page models into :class:`Connector` specs,
which are written to
``specs/<name>.yaml`` and read back by ``docgen build``.

Everything that can go wrong while reading is a :class:`Problem` value with a location;
problems are gathered and reported together, never raised one at a time.
"""

from __future__ import annotations

import keyword
import re
import sys
import typing
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

SPEC_FORMAT = 1

ReplicationMethod = Literal["INCREMENTAL", "FULL_TABLE", "APPEND_ONLY"]
Severity = Literal["error", "warning"]


class Model(BaseModel):
    """Base for every spec model: strict field set, stable field order."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


#: one set object per distinct combination of fields given (see :func:`compact`)
_FIELDS_SETS: dict[frozenset[str], set[str]] = {}
#: fields holding names (of columns, tables, properties), which repeat (see :func:`compact`)
_NAMES = frozenset({"name", "column", "table", "references"})
#: per model class: (its name fields, its fields that may hold models or lists of strings)
_PLANS: dict[type[BaseModel], tuple[tuple[str, ...], tuple[str, ...]]] = {}


def compact(model: BaseModel) -> None:
    """Make a model tree (a page read) lighter in memory without changing any value:
    what a whole-site parse holds is mostly these models (tens of thousands of columns).

    * Models given the same fields share one fields-set object. Pydantic keeps, per
      model, the set of fields given when it was made (216 bytes, 728 past four fields):
      half of a column's memory. docgen never reads it (nothing dumps with
      ``exclude_unset``), and a field assigned later only adds its name to that set.
    * Names and type labels are interned: ``id``, ``created_at``, ``string`` repeat in
      every table of a page and in its joins.

    Property: ``model == before`` and every dump of it is the same; only identities of
    equal strings and of the fields-set objects change."""
    intern = sys.intern
    setattr_ = object.__setattr__
    shared = _FIELDS_SETS
    plans = _PLANS
    stack: list[BaseModel] = [model]
    pop, push, extend = stack.pop, stack.append, stack.extend
    while stack:
        m = pop()
        given = m.__pydantic_fields_set__
        key = frozenset(given)
        one = shared.get(key)
        if one is None:
            one = shared[key] = set(key)
        setattr_(m, "__pydantic_fields_set__", one)
        plan = plans.get(type(m))
        if plan is None:
            plan = plans[type(m)] = _plan(type(m))
        values = m.__dict__
        for name in plan[0]:
            value = values.get(name)
            if type(value) is str:
                values[name] = intern(value)
        for name in plan[1]:
            value = values.get(name)
            kind = type(value)
            if kind is list or kind is tuple:
                if value:
                    first = value[0]
                    if type(first) is str:
                        strings = [intern(v) if type(v) is str else v for v in value]
                        values[name] = strings if kind is list else tuple(strings)
                    elif isinstance(first, BaseModel):
                        extend(value)
            elif isinstance(value, BaseModel):
                push(value)


def _plan(cls: type[BaseModel]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Which fields of ``cls`` :func:`compact` looks into: name fields, and fields whose
    type may hold a model or a list."""

    def nested(tp: Any) -> bool:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            return True
        origin = typing.get_origin(tp)
        return origin in (list, tuple) or any(nested(arg) for arg in typing.get_args(tp))

    fields = cls.model_fields
    names = tuple(n for n in fields if n in _NAMES)
    return names, tuple(n for n, f in fields.items() if nested(f.annotation))


# --------------------------------------------------------------------------- problems


class Location(Model):
    """Where a fact (or a problem) comes from. Only ``page`` is always known."""

    page: str
    element: str | None = None  # HTML id of the nearest element that has one, or "line N" for text
    table: str | None = None
    column: str | None = None  # dotted path for nested columns: "a.b.c"
    property: str | None = None  # dotted path for nested properties
    line: int | None = None  # 1-based line and column in a file (spec files): page:line:col
    col: int | None = None

    def __str__(self) -> str:
        parts = [self.page]
        if self.line is not None:  # the compiler convention editors jump to
            parts[0] += f":{self.line}" + (f":{self.col}" if self.col is not None else "")
        if self.element:
            parts.append(f"#{self.element}")
        if self.table:
            parts.append(f"table {self.table}")
        if self.column:
            parts.append(f"column {self.column}")
        if self.property:
            parts.append(f"property {self.property}")
        return ": ".join([parts[0], ", ".join(parts[1:])]) if len(parts) > 1 else parts[0]


class Problem(Model):
    """A located anomaly. ``code`` is a stable kebab-case kind (``key-not-column``, ...)."""

    severity: Severity = "warning"
    code: str
    message: str
    location: Location

    def __str__(self) -> str:
        if self.code == SPEC_ERROR:  # FILE:LINE:COL: message, as compilers print it
            return f"{self.location}: {self.message}"
        return f"{self.severity}: {self.location}: {self.message} [{self.code}]"


#: the code of every problem with a spec file (connector or destination) that stops it loading
SPEC_ERROR = "bad-spec"


class InputError(Exception):
    """An argument or input file that is not what the command expects (exit 2). The message
    is one line that names the path and what was expected (and, where it helps, what to do)."""


class ReadError(Exception):
    """A page that cannot be read at all. Carries the problem; callers collect it."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


# --------------------------------------------------------------------------- table pages

#: Displayed column type label -> (JSON Schema type, format). ``None`` type means "any".
TYPE_LABELS: dict[str, tuple[str | None, str | None]] = {
    "string": ("string", None),
    "integer": ("integer", None),
    "number": ("number", None),
    "double": ("number", None),
    "float": ("number", None),
    "singer.decimal": ("string", "singer.decimal"),
    "boolean": ("boolean", None),
    "object": ("object", None),
    "array": ("array", None),
    "date-time": ("string", "date-time"),
    "date": ("string", "date"),
    "time": ("string", "time"),
    "varies": (None, None),
}


def _named(value: str) -> str:
    """A name is never empty: a column ``''`` would land as a column ``''`` and a table
    ``t__matrix__``, and no catalog can name it."""
    if not value.strip():
        raise ValueError("a name may not be empty")
    return value


class Column(Model):
    name: str
    # tuples, not lists: a whole-site parse holds ~150k columns, most without children
    # (the empty tuple is one shared object; an empty list is 56 bytes each)
    types: tuple[str, ...] = ()  # labels as displayed, lowercase, in order
    primary_key: bool = False  # the key icon beside the column
    replication_key: bool = False
    description: str | None = None
    children: tuple[Column, ...] = ()
    element: str | None = None  # provenance: HTML id of the column's panel, if any

    _name_given = field_validator("name")(_named)

    def contract(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "types": list(self.types),
            "primary_key": self.primary_key,
            "replication_key": self.replication_key,
            "children": [c.contract() for c in self.children],
        }


class ForeignKey(Model):
    column: str
    table: str
    references: str

    def contract(self) -> dict[str, Any]:
        return {"column": self.column, "table": self.table, "references": self.references}


#: What a table's link points at, as the reader tells it from the link's displayed text:
#: the API method the tap calls, the stream's schema in the tap's repository, the API's
#: documentation, anything else.
LinkKind = Literal["api", "schema", "docs", "other"]


class Link(Model):
    """One of a table's "Useful links", as the page shows it."""

    kind: LinkKind
    title: str  # the displayed text: "Autopilot API method", "contacts schema on GitHub"
    url: str = Field(pattern=r"^https?://\S+$")  # absolute http(s), no whitespace
    # provenance: HTML id of the nearest element that has one (the table heading), or
    # "line N" in a text copy
    element: str | None = None


class Table(Model):
    name: str
    description: str | None = None
    _name_given = field_validator("name")(_named)
    replication_method: ReplicationMethod | None = None  # normalised
    replication_method_text: str | None = None  # as displayed; "" shown empty, None no row
    primary_keys: list[str] = Field(default_factory=list)
    replication_keys: list[str] = Field(default_factory=list)
    foreign_keys: list[ForeignKey] = Field(default_factory=list)
    loading_behavior: str | None = None
    #: the "Useful links" row, in page order (not part of the parse contract: see contract())
    links: list[Link] = Field(default_factory=list)
    columns: list[Column] = Field(default_factory=list)
    element: str | None = None  # provenance: HTML id of the table heading

    def link(self, kind: LinkKind) -> Link | None:
        """The table's first link of that kind."""
        return next((link for link in self.links if link.kind == kind), None)

    def contract(self) -> dict[str, Any]:
        # the corpus contract, exactly: ``links`` (and descriptions) live in the spec only
        return {
            "name": self.name,
            "replication_method": self.replication_method,
            "replication_method_text": self.replication_method_text,
            "primary_keys": list(self.primary_keys),
            "replication_keys": list(self.replication_keys),
            "foreign_keys": [f.contract() for f in self.foreign_keys],
            "loading_behavior": self.loading_behavior,
            "columns": [c.contract() for c in self.columns],
        }


def normalise_method(text: str | None) -> ReplicationMethod | None:
    """The corpus rule: append-only, full table, incremental; anything else unknown."""
    if not text:
        return None
    low = " ".join(text.lower().split())
    if "append-only" in low or "append only" in low:
        return "APPEND_ONLY"
    if "full table" in low:
        return "FULL_TABLE"
    if "incremental" in low:
        return "INCREMENTAL"
    return None


class Features(Model):
    """The page's "<Integration> feature snapshot", normalised (by
    :mod:`docgen.readers.stitch.features`).

    Booleans: ``True`` for Supported / Available, ``False`` for Unsupported / Not available,
    ``None`` where the row is missing, empty or says something else (then warned)."""

    release_status: str | None = None  # first words of the row, lowercase: released, beta, ...
    release_date: str | None = None  # ISO date, when the row states one
    supported_by: str | None = None
    stitch_plan: str | None = None
    api_availability: bool | None = None
    #: "owner/name"; None: "Not applicable" or not stated
    repository: str | None = Field(default=None, pattern=r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
    anchor_scheduling: bool | None = None
    advanced_scheduling: bool | None = None
    table_level_reset: bool | None = None
    configurable_replication_methods: bool | None = None
    table_selection: bool | None = None
    column_selection: bool | None = None
    select_all: bool | None = None
    extraction_logs: bool | None = None
    loading_reports: bool | None = None
    other: dict[str, str] = Field(default_factory=dict)  # rows docgen does not know, as shown
    element: str | None = None  # provenance: HTML id of the snapshot heading


class TablePage(Model):
    """One integration page (table reference) as read."""

    page: str  # site path, e.g. "integrations/saas/autopilot.html"
    integration: str  # display name as the page states it
    version: str | None = None
    latest: bool | None = None  # the page states it is the latest version (None: unstated)
    layout: str  # named by the reader (Stitch: docgen.readers.stitch.TableLayout)
    description: str | None = None
    #: the feature snapshot as displayed (label -> value, page order); None: the page has none
    features: dict[str, str] | None = None
    snapshot: Features | None = None  # the same, normalised
    tables: list[Table] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)

    def contract(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "integration": self.integration,
            "version": self.version,
            "layout": self.layout,
            "features": dict(self.features) if self.features is not None else None,
            "tables": [t.contract() for t in self.tables],
        }

    def summary(self) -> str:
        from docgen.model.words import plural

        cols = sum(count_columns(t.columns) for t in self.tables)
        return (
            f"{self.integration} v{self.version or '?'} ({self.layout}): "
            f"{plural(len(self.tables), 'table')}, {plural(cols, 'column')}, "
            f"{plural(len(self.problems), 'warning')}"
        )


def count_columns(columns: Sequence[Column]) -> int:
    """Columns of a list, nested ones included."""
    return sum(1 + count_columns(c.children) for c in columns)


# --------------------------------------------------------------------------- property pages


class Constraint(Model):
    """A constraint the docs state in prose, with the sentence it came from."""

    kind: Literal["enum", "format", "pattern", "default", "secret"]
    value: Any = None  # enum: list of values; format: "date-time" | "uri" | "email" | ...;
    # pattern: regex; default: the value; secret: True
    sentence: str


class Property(Model):
    name: str
    type: str  # as written: "string", "integer", "boolean", "array", "object", "string/integer"
    required: bool = False
    description: str | None = None
    children: list[Property] = Field(default_factory=list)
    constraints: list[Constraint] = Field(default_factory=list)

    def contract(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "required": self.required,
            "children": [c.contract() for c in self.children],
        }


class ConfigObject(Model):
    """One connection property object of the Connect API reference."""

    type: str  # Stitch type id, e.g. "platform.autopilot"
    kind: Literal["source", "destination"]
    display_name: str
    properties: list[Property] = Field(default_factory=list)
    oauth: list[Property] = Field(default_factory=list)
    example: Any = None  # the page's example object, parsed; None when absent or invalid
    example_text: str | None = None  # the example as printed, when it is not valid JSON
    element: str | None = None  # provenance: HTML id of the object's section

    def contract(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "kind": self.kind,
            "display_name": self.display_name,
            "properties": [p.contract() for p in self.properties],
            "oauth": [p.contract() for p in self.oauth],
        }


class PropertyPage(Model):
    page: str
    layout: str = "html"  # named by the reader (Stitch: docgen.readers.stitch.PropertyLayout)
    objects: list[ConfigObject] = Field(default_factory=list)
    problems: list[Problem] = Field(default_factory=list)

    def contract(self) -> dict[str, Any]:
        return {"page": self.page, "objects": [o.contract() for o in self.objects]}

    def summary(self) -> str:
        from docgen.model.words import plural

        props = sum(len(o.properties) + len(o.oauth) for o in self.objects)
        return (
            f"property reference: {plural(len(self.objects), 'object')}, "
            f"{plural(props, 'property')}, {plural(len(self.problems), 'warning')}"
        )


Page = TablePage | PropertyPage


# --------------------------------------------------------------------------- connector specs


class Provenance(Model):
    page: str
    element: str | None = None


class Connector(Model):
    """One connector and version: what specs/<name>.yaml holds."""

    spec_format: int = SPEC_FORMAT
    name: str  # package name: a valid Python identifier, unique across specs/
    type: str | None = None  # Stitch type id, when a property object states it
    kind: Literal["source", "destination"] = "source"
    display_name: str
    version: str | None = None
    layout: str | None = None  # the table page's layout, as its reader names it
    sources: list[Provenance] = Field(default_factory=list)  # pages it was read from, sorted
    features: Features | None = None  # the integration page's feature snapshot, normalised
    config: ConfigObject | None = None
    tables: list[Table] | None = None  # None: no table reference read; []: an empty one
    problems: list[Problem] = Field(default_factory=list)


# --------------------------------------------------------------------------- names


#: Property types the Connect API reference uses ("string/integer" combines two of them).
PROPERTY_TYPES = frozenset({"string", "integer", "number", "boolean", "array", "object"})


def unknown_property_type(type_text: str) -> bool:
    """Whether a property type as written (lowercase, "a/b" for several) is not one docgen
    knows; an empty type is unknown."""
    return not type_text or any(t not in PROPERTY_TYPES for t in type_text.split("/"))


_NOT_WORD = re.compile(r"[^0-9a-zA-Z_]+")
_UNDERSCORES = re.compile(r"_+")


@lru_cache(maxsize=1 << 16)
def identifier(text: str, *, fallback: str = "field") -> str:
    """A valid, non-keyword Python identifier derived from ``text`` (lowercase snake).
    (Remembered: a build asks for the same few thousand names tens of thousands of
    times.)"""
    s = _NOT_WORD.sub("_", text).strip("_").lower()
    s = _UNDERSCORES.sub("_", s)
    if not s:
        s = fallback
    if s[0].isdigit():
        s = f"_{s}"
    if keyword.iskeyword(s) or keyword.issoftkeyword(s) or s in {"self", "cls"}:
        s = f"{s}_"
    return s


Column.model_rebuild()
Property.model_rebuild()
