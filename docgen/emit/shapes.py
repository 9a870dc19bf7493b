"""Value shapes: what a column or a config property accepts, independent of any output format.

A :class:`Shape` is derived once from the spec (column type labels merged by
:func:`docgen.model.streams.column_kinds`, the rule ``docgen land`` reads too, or a config
property's written type) and every emitter (catalog schema, config schema, validators,
models) renders from it, so they agree.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from typing import Protocol, TypeVar

from docgen.emit.runtime import json_type
from docgen.model.spec import Column, Property
from docgen.model.streams import KIND_ORDER, column_kinds


@dataclass(frozen=True)
class Member:
    """One named property of an object shape."""

    name: str
    shape: Shape
    description: str | None = None
    required: bool = False


@dataclass(frozen=True)
class Shape:
    """What a value may be. ``kinds`` empty means any value (``varies`` / unknown labels).

    ``nullable`` says whether ``None`` is accepted (always for records; config properties
    that are optional). ``members`` is set for objects whose properties are known;
    ``items`` for arrays; ``closed`` rejects unknown properties (config objects only).
    """

    kinds: tuple[str, ...] = ()
    nullable: bool = True
    fmt: str | None = None
    members: tuple[Member, ...] | None = None
    items: Shape | None = None
    closed: bool = False
    enum: tuple[object, ...] | None = None
    pattern: str | None = None
    rule: str | None = None
    """The pattern's rule in the docs' words (their sentence, shortened): what messages say."""
    default: object = None
    has_default: bool = False
    secret: bool = False

    @property
    def is_any(self) -> bool:
        return not self.kinds

    def __hash__(self) -> int:
        """The hash of the fields, computed once: the validators' emitter keys its tables
        by shapes, nested ones hashed again at every level (a third of a million hashes
        in a build)."""
        known: int | None = self.__dict__.get("_hash")
        if known is None:
            known = hash(tuple(getattr(self, name) for name in _SHAPE_FIELDS))
            object.__setattr__(self, "_hash", known)
        return known


_SHAPE_FIELDS = tuple(f.name for f in fields(Shape))
ANY = Shape()


class _HasName(Protocol):
    @property
    def name(self) -> str: ...


_Named = TypeVar("_Named", bound=_HasName)


def _clean(text: str | None) -> str | None:
    """Whitespace-collapsed description, or None."""
    if text is None:
        return None
    cleaned = " ".join(text.split())
    return cleaned or None


def column_shape(column: Column) -> Shape:
    """The shape of a record column: always nullable; objects/arrays open to extra fields."""
    kinds, fmt = column_kinds(column.types)
    members = tuple(
        Member(c.name, column_shape(c), _clean(c.description)) for c in _unique(column.children)
    )
    obj_members = members if members and "object" in kinds else None
    items = None
    if "array" in kinds:
        items = Shape(kinds=("object",), members=members) if members else ANY
    return Shape(kinds=kinds, fmt=fmt, members=obj_members, items=items)


def table_shape(columns: list[Column], keys: frozenset[str] = frozenset()) -> Shape:
    """A record: a (non-null) object of the table's columns, extra fields allowed. The
    ``keys`` (primary-key columns) are required and not null: a target upserts by them."""
    members = []
    for c in _unique(columns):
        shape = column_shape(c)
        if c.name in keys:
            shape = replace(shape, nullable=False)
        members.append(Member(c.name, shape, _clean(c.description), c.name in keys))
    return Shape(kinds=("object",), nullable=False, members=tuple(members))


def _unique(items: Sequence[_Named]) -> list[_Named]:
    """First occurrence of each name (a page repeating a column must not duplicate code)."""
    seen: set[str] = set()
    out: list[_Named] = []
    for item in items:
        if item.name not in seen:
            seen.add(item.name)
            out.append(item)
    return out


# --------------------------------------------------------------------------- config

PROPERTY_KINDS = {
    "string": ("string",),
    "integer": ("integer",),
    "number": ("number",),
    "boolean": ("boolean",),
    "array": ("array",),
    "object": ("object",),
}


def property_kinds(written: str) -> tuple[str, ...]:
    """Kinds of a config property's written type ("string/integer" -> both); unknown: any."""
    kinds: set[str] = set()
    for part in written.replace("|", "/").split("/"):
        mapped = PROPERTY_KINDS.get(part.strip().lower())
        if mapped is None:
            return ()
        kinds.update(mapped)
    return tuple(k for k in KIND_ORDER if k in kinds)


def property_shape(prop: Property, *, required: bool) -> Shape:
    """A config property: closed objects, constraints applied, null allowed when optional."""
    kinds = property_kinds(prop.type)
    members = tuple(
        Member(c.name, property_shape(c, required=c.required), _clean(c.description), c.required)
        for c in _unique(prop.children)
    )
    enum: tuple[object, ...] | None = None
    fmt = pattern = rule = None
    default: object = None
    has_default = False
    # the spec's secret constraints are the one source (docgen.readers.stitch.constraints)
    secret = False
    for constraint in prop.constraints:
        if constraint.kind == "enum" and isinstance(constraint.value, list) and constraint.value:
            enum = tuple(dict.fromkeys(v for v in constraint.value if _scalar(v)))
        elif constraint.kind == "format" and isinstance(constraint.value, str):
            fmt = constraint.value
        elif constraint.kind == "pattern" and _compiles(constraint.value):
            pattern, rule = str(constraint.value), docs_rule(constraint.sentence)
        elif constraint.kind == "default" and _scalar(constraint.value):
            default, has_default = constraint.value, True
        elif constraint.kind == "secret":
            secret = bool(constraint.value) or constraint.value is None
    if enum is not None and kinds:
        enum = tuple(v for v in enum if _fits(v, kinds)) or None
    if has_default and kinds and not _fits(default, kinds):
        has_default, default = False, None
    if "string" not in kinds:
        fmt = pattern = rule = None
        secret = secret and not kinds
    obj_members = members if members and "object" in kinds else None
    items = None
    if "array" in kinds:
        items = (
            Shape(kinds=("object",), nullable=False, members=members, closed=True)
            if (members)
            else ANY
        )
    return Shape(
        kinds=kinds,
        nullable=not required,
        fmt=fmt,
        members=obj_members,
        items=items,
        closed=obj_members is not None,
        enum=enum,
        pattern=pattern,
        rule=rule,
        default=default,
        has_default=has_default,
        secret=secret and kinds == ("string",),
    )


def config_shape(props: list[Property], oauth: list[Property]) -> Shape:
    """The whole config: connection properties, then OAuth properties (always optional:
    they are supplied by the OAuth flow) unless a connection property has the same name."""
    names = {p.name for p in props}
    members = [
        Member(p.name, property_shape(p, required=p.required), _clean(p.description), p.required)
        for p in _unique(props)
    ]
    members += [
        Member(p.name, property_shape(p, required=False), _clean(p.description), False)
        for p in _unique(oauth)
        if p.name not in names
    ]
    return Shape(kinds=("object",), nullable=False, members=tuple(members), closed=True)


_SUBJECT = re.compile(r"(?:this|the)\s+(?:field|property|value)\b", re.IGNORECASE)
RULE_LENGTH = 100


def docs_rule(sentence: str) -> str:
    """A constraint in the docs' words: the sentence that states it, its subject ("This
    field") said as "it", cut at a clause (then a word) to :data:`RULE_LENGTH` characters."""
    text = " ".join(sentence.split()).rstrip(".")
    text = _SUBJECT.sub("it", text, count=1) if _SUBJECT.match(text) else text
    if len(text) <= RULE_LENGTH:
        return text
    cut = text[: RULE_LENGTH - 3]
    for sep in ("; ", ", ", " "):
        if sep in cut:
            return cut[: cut.rindex(sep)] + "..."
    return cut + "..."


def _compiles(value: object) -> bool:
    """A pattern the generated code can use (Python ``re``); others are dropped."""
    if not isinstance(value, str):
        return False
    try:
        re.compile(value)
    except re.error:
        return False
    return True


def _scalar(value: object) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _fits(value: object, kinds: tuple[str, ...]) -> bool:
    kind = json_type(value)
    return kind in kinds or (kind == "integer" and "number" in kinds)
