"""Sample Singer messages for a generated package: the one generator of sample records,
shared by scripts/load-catalogs (target-duckdb), scripts/realload.py (target-postgres into
PostgreSQL) and tests/test_realload.py.

Two sample records per stream, built from the stream's catalog schema (every property set;
the two differ in every value, keys included); only streams whose records the package's own
``validate_record`` accepts are sent.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

FORMAT_SAMPLES = {
    "date-time": ("2024-01-31T12:00:00Z", "2024-02-01T08:30:00Z"),
    "date": ("2024-01-31", "2024-02-01"),
    "time": ("12:00:00", "08:30:00"),
    "singer.decimal": ("12.50", "7.25"),
    "email": ("someone@example.com", "other@example.com"),
    "uri": ("https://example.com", "https://example.org"),
}
SCALAR_SAMPLES: dict[str, tuple[Any, Any]] = {
    "string": ("x", "y"),
    "integer": (1, 2),
    "number": (1.5, 2.5),
    "boolean": (True, False),
}
RECORDS_PER_STREAM = 2


def sample(schema: dict[str, Any], n: int = 0) -> Any:
    """Sample value ``n`` (0 or 1: two records differ in every value, keys included) of a
    catalog schema; never null, of the first type listed."""
    types = schema.get("type", [])
    kinds = [t for t in ([types] if isinstance(types, str) else types) if t != "null"]
    if not kinds:
        return SCALAR_SAMPLES["string"][n]
    kind = kinds[0]
    if kind == "object":
        return {k: sample(v, n) for k, v in schema.get("properties", {}).items()}
    if kind == "array":
        return [sample(schema.get("items", {}), n)]
    if kind == "string" and schema.get("format") in FORMAT_SAMPLES:
        return FORMAT_SAMPLES[schema["format"]][n]
    return SCALAR_SAMPLES[kind][n]


def load_package(root: Path, name: str) -> Any:
    """The generated package ``name`` under a private module name."""
    alias = f"_load_{name}"
    spec = importlib.util.spec_from_file_location(
        alias, root / name / "__init__.py", submodule_search_locations=[str(root / name)]
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[alias] = module
    spec.loader.exec_module(module)
    return module


def messages(pkg: Any) -> tuple[list[str], int, list[str]]:
    """Singer messages for one connector: (lines, records sent, streams whose sample record
    validate_record rejected, with the first problem)."""
    lines: list[str] = []
    sent = 0
    rejected: list[str] = []
    for stream in pkg.catalog()["streams"]:
        name = stream["tap_stream_id"]
        records = [sample(stream["schema"], n) for n in range(RECORDS_PER_STREAM)]
        problems = [p for r in records for p in pkg.validate_record(name, r)]
        if problems:
            rejected.append(f"{name}: {problems[0]}")
            continue
        schema_msg: dict[str, Any] = {
            "type": "SCHEMA",
            "stream": name,
            "schema": stream["schema"],
            "key_properties": stream["key_properties"],
        }
        if "replication_key" in stream:
            schema_msg["bookmark_properties"] = [stream["replication_key"]]
        lines.append(json.dumps(schema_msg))
        for record in records:
            lines.append(json.dumps({"type": "RECORD", "stream": name, "record": record}))
        sent += len(records)
    lines.append(json.dumps({"type": "STATE", "value": {"bookmarks": {}}}))
    return lines, sent, rejected
