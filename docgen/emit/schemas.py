"""JSON Schema renderings of shapes: the Singer catalog and config.schema.json."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docgen.emit.shapes import Shape, table_shape
from docgen.model.spec import Connector, Features, Table
from docgen.model.streams import Stream, streams

JSON_SCHEMA_DIALECT = "http://json-schema.org/draft-07/schema#"


def shape_schema(shape: Shape, description: str | None = None) -> dict[str, Any]:
    """JSON Schema of a shape. Any-shapes are ``{}``; null is listed first when allowed."""
    out: dict[str, Any] = {}
    if description:
        out["description"] = description
    if shape.is_any:
        return out
    types = (["null"] if shape.nullable else []) + list(shape.kinds)
    out["type"] = types if len(types) > 1 else types[0]
    if shape.fmt:
        out["format"] = shape.fmt
    if shape.pattern:
        out["pattern"] = shape.pattern
    if shape.enum is not None:
        out["enum"] = list(shape.enum) + ([None] if shape.nullable else [])
    if shape.has_default:
        out["default"] = shape.default
    if shape.secret:
        out["writeOnly"] = True
    if shape.members is not None:
        out["properties"] = {m.name: shape_schema(m.shape, m.description) for m in shape.members}
        required = [m.name for m in shape.members if m.required]
        if required:
            out["required"] = required
        if shape.closed:
            out["additionalProperties"] = False
    if shape.items is not None:
        out["items"] = shape_schema(shape.items)
    return out


def record_schema(
    table: Table, keys: frozenset[str] = frozenset(), shape: Shape | None = None
) -> dict[str, Any]:
    """The Singer stream schema of a table: every column nullable but the primary-key
    columns ``keys``, extra fields allowed. ``shape``: ``table_shape(table.columns, keys)``
    when the caller has it already."""
    description = " ".join(table.description.split()) if table.description else None
    if shape is None:
        shape = table_shape(table.columns, keys)
    schema = shape_schema(shape, description)
    schema.setdefault("properties", {})
    return schema


def _metadata(table: Table, features: Features | None) -> list[dict[str, Any]]:
    """Singer metadata from the page: keys, replication keys, and what the feature snapshot
    says users may choose. A stream is ``automatic`` (and selected by default) where table
    selection is Unsupported, else ``available``; a column is ``automatic`` when it is a
    primary or replication key, or when column selection is Unsupported, else ``available``;
    ``forced-replication-method`` is stated unless replication methods are configurable.
    An unstated snapshot leaves the choice to the user and forces the documented method."""
    flags = features or Features()
    root: dict[str, Any] = {}
    if flags.table_selection is False:
        root.update({"inclusion": "automatic", "selected-by-default": True})
    else:
        root["inclusion"] = "available"
    root["table-key-properties"] = list(table.primary_keys)
    root["valid-replication-keys"] = list(table.replication_keys)
    if table.replication_method and flags.configurable_replication_methods is not True:
        root["forced-replication-method"] = table.replication_method
    entries: list[dict[str, Any]] = [{"breadcrumb": [], "metadata": root}]
    automatic = set(table.primary_keys) | set(table.replication_keys)
    every = flags.column_selection is False
    seen: set[str] = set()
    for column in table.columns:
        if column.name in seen:
            continue
        seen.add(column.name)
        key = column.name in automatic or column.primary_key or column.replication_key
        entries.append(
            {
                "breadcrumb": ["properties", column.name],
                "metadata": {"inclusion": "automatic" if key or every else "available"},
            }
        )
    return entries


def catalog(
    conn: Connector,
    resolved_streams: list[Stream] | None = None,
    shapes: Sequence[Shape] | None = None,
) -> dict[str, Any]:
    """A Singer catalog: one stream per table, in page order, keys resolved
    (:mod:`docgen.model.streams`: every key is a property of the stream's schema).
    ``resolved_streams``: ``streams(conn)`` when the caller has it already, and ``shapes``
    their record shapes (``table_shape``), in the same order."""
    out: list[dict[str, Any]] = []
    resolved_streams = streams(conn) if resolved_streams is None else resolved_streams
    for i, resolved in enumerate(resolved_streams):
        table = resolved.table
        shape = None if shapes is None else shapes[i]
        out.append(
            {
                "tap_stream_id": table.name,
                "stream": table.name,
                "schema": record_schema(table, resolved.required, shape),
                "key_properties": list(table.primary_keys),
                "replication_method": table.replication_method,
                "replication_key": table.replication_keys[0] if table.replication_keys else None,
                "metadata": _metadata(table, conn.features),
            }
        )
    for stream in out:
        for key in ("replication_method", "replication_key"):
            if stream[key] is None:
                del stream[key]
    return {"streams": out}


def config_schema(conn: Connector, shape: Shape) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": f"{conn.display_name} config",
    }
    if conn.type:
        schema["$id"] = f"urn:stitch:{conn.type}"
    schema.update(shape_schema(shape))
    schema.setdefault("properties", {})
    schema["additionalProperties"] = False
    return schema
