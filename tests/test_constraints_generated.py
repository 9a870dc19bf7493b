"""Constraints derived from the docs' prose (enum, format, pattern, default, secret) reach the
committed generated packages: validators.py, the pydantic config model, config.schema.json.

Every test runs on the real properties of the corpus whose spec carries that constraint kind
(found by searching specs/, never by connector name), nested properties included.
"""

from __future__ import annotations

import functools
import json
import typing
from dataclasses import dataclass
from types import ModuleType
from typing import Annotated, Any

import pytest
from conftest import REPO, import_generated, repo_specs
from pydantic import BaseModel, SecretStr, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from docgen.model.spec import Connector, Constraint, Property
from docgen.readers.stitch.constraints import MIDNIGHT_PATTERN

GOOD_DATE_TIME = "2024-01-01T00:00:00Z"


@dataclass(frozen=True)
class Found:
    """A property of a connector's config and one constraint its spec derives for it."""

    conn: Connector
    chain: tuple[Property, ...]  # ancestors, then the property
    constraint: Constraint

    @property
    def prop(self) -> Property:
        return self.chain[-1]

    @property
    def path(self) -> str:
        """The property's location as the generated validator reports it."""
        out = ""
        for prop in self.chain:
            out = f"{out}.{prop.name}" if out else prop.name
            if prop is not self.prop and prop.type.lower() == "array":
                out += "[0]"
        return out

    @property
    def id(self) -> str:
        return f"{self.conn.name}:{'.'.join(p.name for p in self.chain)}"


def _config_props(conn: Connector) -> list[Property]:
    """Top-level config properties the generated packages know: the object's, then OAuth's."""
    assert conn.config is not None
    names = {p.name for p in conn.config.properties}
    return conn.config.properties + [p for p in conn.config.oauth if p.name not in names]


def _all_found() -> list[Found]:
    out: list[Found] = []

    def walk(conn: Connector, props: list[Property], chain: tuple[Property, ...]) -> None:
        for prop in props:
            here = (*chain, prop)
            out.extend(Found(conn, here, c) for c in prop.constraints)
            walk(conn, prop.children, here)

    for conn in repo_specs():
        if conn.config is not None:
            walk(conn, _config_props(conn), ())
    return out


FOUND = _all_found()


def _select(kind: str, value: Any = None) -> list[Any]:
    chosen = [
        f
        for f in FOUND
        if f.constraint.kind == kind and (value is None or f.constraint.value == value)
    ]
    return [pytest.param(f, id=f.id) for f in chosen]


ENUMS = _select("enum")
DATE_TIMES = _select("format", "date-time")
MIDNIGHTS = _select("pattern", MIDNIGHT_PATTERN)
URIS = _select("format", "uri")
EMAILS = _select("format", "email")
DEFAULTS = _select("default")
SECRETS = _select("secret")


# --------------------------------------------------------------------------- helpers


def _package(found: Found) -> ModuleType:
    return import_generated(found.conn.name)


_ABSENT: Any = object()


def _config_with(found: Found, value: Any) -> dict[str, Any]:
    """A config that sets only ``value`` at the property (ancestors as one-item objects),
    or leaves the property out when ``value`` is ``_ABSENT``."""
    data: dict[str, Any] = {} if value is _ABSENT else {found.prop.name: value}
    for prop in reversed(found.chain[:-1]):
        data = {prop.name: [data] if prop.type.lower() == "array" else data}
    return data


def _problems_at(found: Found, value: Any) -> list[str]:
    """What the generated validator says about ``value`` at the property (other paths aside:
    the config is partial, so required siblings are missing)."""
    problems = _package(found).validate_config(_config_with(found, value))
    return [p.message for p in problems if p.path == found.path]


@functools.cache
def _config_schema(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (REPO / "generated" / name / "config.schema.json").read_text("utf-8")
    )
    return data


def _schema_node(found: Found) -> dict[str, Any]:
    node = _config_schema(found.conn.name)
    for prop in found.chain:
        node = node["properties"][prop.name]
        if prop is not found.prop and prop.type.lower() == "array":
            node = node["items"]
    return node


def _config_model(pkg: ModuleType) -> type[BaseModel]:
    model = getattr(pkg, next(n for n in pkg.__all__ if n.endswith("Config")))
    assert isinstance(model, type) and issubclass(model, BaseModel)
    return model


def _args(annotation: Any) -> list[Any]:
    """The annotation and every type inside it (unions, Annotated, list[...])."""
    out = [annotation]
    for arg in typing.get_args(annotation):
        out.extend(_args(arg))
    return out


def _field(found: Found) -> FieldInfo:
    """The model field of the property (nested models followed through the ancestors)."""
    model = _config_model(_package(found))
    field: FieldInfo | None = None
    for prop in found.chain:
        if field is not None:
            model = next(
                a
                for a in _args(field.annotation)
                if isinstance(a, type) and issubclass(a, BaseModel)
            )
        field = next(f for name, f in model.model_fields.items() if (f.alias or name) == prop.name)
    assert field is not None
    return field


def _adapter(field: FieldInfo) -> TypeAdapter[Any]:
    """The field's type with its validators, as the model checks a value."""
    if not field.metadata:
        return TypeAdapter(field.annotation)
    return TypeAdapter(Annotated[field.annotation, *field.metadata])


def _rejects(field: FieldInfo, value: Any) -> bool:
    try:
        _adapter(field).validate_python(value, strict=True)
    except ValidationError:
        return True
    return False


def _stated(found: Found) -> None:
    """The constraint comes from a sentence of the property's own description."""
    assert found.constraint.sentence.strip()
    assert found.constraint.sentence in (found.prop.description or "")


# --------------------------------------------------------------------------- every constraint


@pytest.mark.parametrize("found", [pytest.param(f, id=f.id) for f in FOUND])
def test_constraint_carries_its_sentence(found: Found) -> None:
    """Each constraint quotes the sentence of the description it came from. A secret may
    come from the property name alone; its sentence then says so (``name: <property>``)."""
    sentence = found.constraint.sentence
    if found.constraint.kind == "secret" and sentence == f"name: {found.prop.name}":
        return
    _stated(found)


def test_every_kind_occurs_in_the_corpus() -> None:
    for selection in (ENUMS, DATE_TIMES, MIDNIGHTS, URIS, EMAILS, DEFAULTS, SECRETS):
        assert selection


# --------------------------------------------------------------------------- enum


@pytest.mark.parametrize("found", ENUMS)
def test_enum(found: Found) -> None:
    values = found.constraint.value
    assert isinstance(values, list) and values
    assert "accepted" in found.constraint.sentence.lower() or "`" in found.constraint.sentence
    outside: Any = "zz-" + "-".join(map(str, values))
    if all(type(v) is int for v in values):
        outside = max(values) + 1
    assert any("not one of the accepted values" in m for m in _problems_at(found, outside))
    for value in values:
        assert _problems_at(found, value) == [], value
    schema = _schema_node(found)
    assert "enum" in schema
    assert [v for v in schema["enum"] if v is not None] == values
    field = _field(found)
    assert _rejects(field, outside)
    assert not _rejects(field, values[0])


# --------------------------------------------------------------------------- formats


@pytest.mark.parametrize("found", DATE_TIMES)
def test_date_time(found: Found) -> None:
    assert "date" in found.constraint.sentence.lower() or "8601" in found.constraint.sentence
    assert any("date-time" in m for m in _problems_at(found, "yesterday"))
    assert _problems_at(found, GOOD_DATE_TIME) == []
    assert _schema_node(found)["format"] == "date-time"
    assert _rejects(_field(found), "yesterday")
    assert not _rejects(_field(found), GOOD_DATE_TIME)


@pytest.mark.parametrize("found", MIDNIGHTS)
def test_midnight(found: Found) -> None:
    assert "midnight" in found.constraint.sentence.lower()
    not_midnight = "2024-01-01T13:45:00Z"
    assert _problems_at(found, not_midnight), "a non-midnight timestamp must be rejected"
    assert _problems_at(found, GOOD_DATE_TIME) == []
    assert _schema_node(found)["pattern"] == MIDNIGHT_PATTERN
    assert _rejects(_field(found), not_midnight)
    assert not _rejects(_field(found), GOOD_DATE_TIME)


@pytest.mark.parametrize(
    ("found", "good"),
    [pytest.param(p.values[0], "https://example.com/x", id=p.id) for p in URIS]
    + [pytest.param(p.values[0], "someone@example.com", id=p.id) for p in EMAILS],
)
def test_uri_and_email(found: Found, good: str) -> None:
    fmt = found.constraint.value
    garbage = "not a valid value at all"
    accepted = [c.value for c in found.prop.constraints if c.kind == "enum"]
    if accepted:  # "This will be `https://...`": the one accepted value is the good one
        good = accepted[0][0]
    assert any(f"bad {fmt} format" in m for m in _problems_at(found, garbage))
    assert _problems_at(found, good) == []
    assert _schema_node(found)["format"] == fmt
    # a secret keeps its format too (checked before SecretStr hides it)
    assert _rejects(_field(found), garbage)
    assert not _rejects(_field(found), good)


# --------------------------------------------------------------------------- default


@pytest.mark.parametrize("found", DEFAULTS)
def test_default(found: Found) -> None:
    _stated(found)
    assert "default" in found.constraint.sentence.lower()
    stated = found.constraint.value
    schema = _schema_node(found)
    assert "default" in schema and schema["default"] == stated
    field = _field(found)
    if found.prop.required:
        # the docs require the property and name its usual value: the model (like the
        # validator) demands it; the default is documentation in the JSON schema only
        assert field.is_required()
        assert any("missing required" in m for m in _problems_at(found, _ABSENT))
    else:
        assert not field.is_required()
        assert field.default == stated


# --------------------------------------------------------------------------- secret


@pytest.mark.parametrize("found", SECRETS)
def test_secret(found: Found) -> None:
    assert found.prop.type.lower() == "string", "only string properties are secrets"
    field = _field(found)
    assert SecretStr in _args(field.annotation)
    value = _adapter(field).validate_python("s3cr3t-Value-42")
    assert isinstance(value, SecretStr)
    assert value.get_secret_value() == "s3cr3t-Value-42"
    assert "s3cr3t" not in repr(value) and "s3cr3t" not in str(value)
    assert _schema_node(found).get("writeOnly") is True


def _string_properties() -> list[tuple[Connector, tuple[Property, ...]]]:
    out: list[tuple[Connector, tuple[Property, ...]]] = []

    def walk(conn: Connector, props: list[Property], chain: tuple[Property, ...]) -> None:
        for prop in props:
            here = (*chain, prop)
            if prop.type.lower() == "string":
                out.append((conn, here))
            walk(conn, prop.children, here)

    for conn in repo_specs():
        if conn.config is not None:
            walk(conn, _config_props(conn), ())
    return out


def test_only_spec_secrets_are_secret() -> None:
    """writeOnly (schema) and SecretStr (model) mark exactly the spec's secret strings."""
    mismatched: list[str] = []
    for conn, chain in _string_properties():
        found = Found(conn, chain, Constraint(kind="secret", value=True, sentence="-"))
        in_spec = any(c.kind == "secret" for c in found.prop.constraints)
        in_schema = _schema_node(found).get("writeOnly") is True
        in_model = SecretStr in _args(_field(found).annotation)
        if in_spec != in_schema or in_spec != in_model:
            mismatched.append(f"{found.id} spec={in_spec} schema={in_schema} model={in_model}")
    assert len(_string_properties()) > 500
    assert mismatched == []
