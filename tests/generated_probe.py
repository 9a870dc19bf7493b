"""Run by tests/test_generated_committed.py inside a virtualenv that has only pydantic:
imports every committed package of generated/ (each under a private module name, so no
package can shadow a module of the standard library or pydantic) and prints one JSON
report. Standard library and pydantic only; not a test module itself.

usage: python generated_probe.py GENERATED_DIR
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pydantic

sys.dont_write_bytecode = True  # never a __pycache__ inside generated/

FORMAT_SAMPLES = {
    "date-time": "2024-01-31T12:00:00Z",
    "date": "2024-01-31",
    "time": "12:00:00",
    "singer.decimal": "12.50",
    "email": "someone@example.com",
    "uri": "https://example.com",
}
SCALAR_SAMPLES: dict[str, Any] = {"string": "x", "integer": 1, "number": 1.5, "boolean": True}


def sample(schema: dict[str, Any]) -> Any:
    """A value the JSON Schema ``schema`` (of a catalog stream) accepts, never null."""
    types = schema.get("type", [])
    kinds = [t for t in ([types] if isinstance(types, str) else types) if t != "null"]
    if not kinds:
        return "x"
    kind = kinds[0]
    if kind == "object":
        return {k: sample(v) for k, v in schema.get("properties", {}).items()}
    if kind == "array":
        return [sample(schema.get("items", {}))]
    if kind == "string" and schema.get("format") in FORMAT_SAMPLES:
        return FORMAT_SAMPLES[schema["format"]]
    return SCALAR_SAMPLES[kind]


def load(root: Path, name: str) -> Any:
    alias = f"_probe_{name}"
    if alias in sys.modules:
        return sys.modules[alias]
    spec = importlib.util.spec_from_file_location(
        alias, root / name / "__init__.py", submodule_search_locations=[str(root / name)]
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[alias] = module
    spec.loader.exec_module(module)
    return module


class Opaque:
    """A value no typed field accepts."""


def probe_package(pkg: Any, report: dict[str, Any]) -> None:
    catalog = pkg.catalog()
    ids = [s["tap_stream_id"] for s in catalog["streams"]]
    if len(ids) != len(set(ids)):
        report["duplicate_streams"].append(pkg.NAME)
    for stream in catalog["streams"]:
        props = stream["schema"]["properties"]
        root = stream["metadata"][0]["metadata"]
        keys = [*stream["key_properties"], *root["valid-replication-keys"]]
        keys += [stream["replication_key"]] if "replication_key" in stream else []
        report["keys"] += len(keys)
        for key in keys:
            if key not in props:
                report["keys_not_properties"].append([pkg.NAME, stream["stream"], key])
        model = pkg.RECORD_MODELS[stream["stream"]]
        full = sample(stream["schema"])
        minimal = {k: full[k] for k in stream["schema"].get("required", [])}
        for record in (full, minimal):  # valid records: both judges agree, and round-trip
            problems = pkg.validate_record(stream["stream"], record)
            try:
                instance = model.model_validate(record)
            except pydantic.ValidationError as exc:
                report["model_rejects_valid"].append([pkg.NAME, stream["stream"], str(exc)[:300]])
                continue
            dumped = instance.model_dump(by_alias=True)
            again = pkg.validate_record(stream["stream"], dumped)
            if problems or again or model.model_validate(dumped) != instance:
                report["round_trip"].append([pkg.NAME, stream["stream"], problems, again])
            report["round_trips"] += 1
        probe_names(pkg.NAME, model, minimal, report, seen=set())


def probe_names(
    package: str, model: Any, base: dict[str, Any], report: dict[str, Any], seen: set[Any]
) -> None:
    """Every field whose documented name is not its Python name, given by its Python name:
    checked (an opaque value is refused at that field, or kept in the field when it takes
    any value) or refused; never kept as an unchecked extra property. Nested models too."""
    if model in seen:
        return
    seen.add(model)
    fields = model.model_fields
    documented = {info.alias or name for name, info in fields.items()}
    for name, info in fields.items():
        for arg in _models(info.annotation):
            probe_names(package, arg, {}, report, seen)
        if not info.alias or info.alias == name:
            continue
        report["aliased"] += 1
        if name in documented:  # another column's documented name: that column's key
            report["aliased_shadowed"] += 1
            continue
        value = Opaque()
        try:
            given = {k: v for k, v in base.items() if k != info.alias}
            instance = model.model_validate({**given, name: value})
        except pydantic.ValidationError as exc:
            if any(err["loc"][:1] == (info.alias,) for err in exc.errors()):
                report["aliased_checked"] += 1
            else:
                report["unchecked"].append([package, model.__name__, name, str(exc)[:200]])
            continue
        if getattr(instance, name) is value and not instance.model_extra:
            report["aliased_checked"] += 1  # a field of any value: kept in the field
        else:
            report["unchecked"].append([package, model.__name__, name, "kept unchecked"])


def _models(annotation: Any) -> list[Any]:
    """The pydantic models an annotation names (through unions, lists, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        return [annotation]
    out = []
    for arg in getattr(annotation, "__args__", ()) or ():
        out += _models(arg)
    meta = getattr(annotation, "__origin__", None)
    if meta is not None and hasattr(annotation, "__metadata__"):
        out += _models(meta)
    return out


def reproductions(root: Path) -> dict[str, Any]:
    """The three reproductions of issue 15."""
    shopify = load(root, "shopify")
    model = shopify.records.AbandonedCheckoutsRecord
    first: dict[str, Any] = {}
    for given in ({}, {"id": "gid://shopify/AbandonedCheckout/1"}):  # the key; then valid
        try:
            made = model(created_at="not-a-date", **given)
            first[str(bool(given))] = {"field": made.created_at, "extra": made.model_extra}
        except pydantic.ValidationError as exc:
            first[str(bool(given))] = {"locs": [list(e["loc"]) for e in exc.errors()]}
    autopilot = load(root, "autopilot")
    contacts = autopilot.validate_record("contacts", {"email": "x@example.com"})
    nulled = autopilot.validate_record("contacts", {"contact_id": None})
    try:
        autopilot.RECORD_MODELS["contacts"].model_validate({"email": "x@example.com"})
        model_agrees = False
    except pydantic.ValidationError as exc:
        model_agrees = [list(e["loc"]) for e in exc.errors()] == [["contact_id"]]
    config = autopilot.validate_config({"api_key": "k", "start_date": "2018-01-10T05:00:00Z"})
    return {
        "shopify": first,
        "contacts": [list(p) for p in contacts],
        "contacts_null": [list(p) for p in nulled],
        "model_agrees": model_agrees,
        "config": [list(p) for p in config],
    }


def main() -> None:
    root = Path(sys.argv[1])
    report: dict[str, Any] = {
        "packages": 0,
        "keys": 0,
        "aliased": 0,
        "aliased_checked": 0,
        "aliased_shadowed": 0,
        "round_trips": 0,
        "duplicate_streams": [],
        "keys_not_properties": [],
        "model_rejects_valid": [],
        "round_trip": [],
        "unchecked": [],
        "names": {},  # folder -> [NAME, number of STREAMS]
    }
    for init in sorted(root.glob("*/__init__.py")):
        pkg = load(root, init.parent.name)
        probe_package(pkg, report)
        report["names"][init.parent.name] = [pkg.NAME, len(pkg.STREAMS)]
        report["packages"] += 1
    report["reproductions"] = reproductions(root)
    report["docgen_imported"] = any(m.split(".")[0] == "docgen" for m in sys.modules)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
