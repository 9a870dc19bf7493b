"""docgen.emit.runtime: the value predicates lint imports and every generated validators.py
carries inlined; and the generated messages of secret properties (never the value)."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from docgen.emit import runtime
from docgen.emit.validators import (
    RUNTIME,
    render_runtime,
    render_validators,
    runtime_names,
    runtime_source,
)
from docgen.model.spec import ConfigObject, Connector, Constraint, Property


def _load_support() -> ModuleType:
    path = Path(__file__).resolve().parent / "fixtures" / "emit" / "support.py"
    spec = importlib.util.spec_from_file_location("emit_support", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


support = _load_support()


# --------------------------------------------------------------------------- formats

FORMAT_CASES: list[tuple[str, str, bool]] = [
    ("date-time", "2024-01-31T12:00:00Z", True),
    ("date-time", "2024-02-29T23:59:59.123+01:00", True),
    ("date-time", "2024-01-31t12:00:00z", True),
    ("date-time", "2024-01-01T00:00:00", False),  # no zone
    ("date-time", "2024-01-01 00:00:00+00:00", False),  # no T
    ("date-time", "2023-02-29T00:00:00Z", False),  # no such day
    ("date-time", "0000-01-01T00:00:00Z", False),
    ("date-time", "2024-01-31T24:00:00Z", False),
    ("date-time", "２０２４-01-31T12:00:00Z", False),  # ASCII digits only
    ("date", "2024-01-31", True),
    ("date", "2024-02-30", False),
    ("date", "2024-1-31", False),
    ("time", "12:00:00", True),
    ("time", "12:00:00.5+01:00", True),
    ("time", "12:00", False),
    ("singer.decimal", "-12.50", True),
    ("singer.decimal", "1e10", True),
    ("singer.decimal", ".5", True),
    ("singer.decimal", "12,50", False),
    ("singer.decimal", "NaN", False),
    ("email", "someone@example.com", True),
    ("email", "someone@localhost", True),
    ("email", "some one@example.com", False),
    ("email", "a@b@c", False),
    ("uri", "https://example.com/x", True),
    ("uri", "localhost:8080", True),  # scheme "localhost"
    ("uri", "http://", True),
    ("uri", "mailto:someone@example.com", True),
    ("uri", "example.com", False),
    ("uri", "https://exa mple.com", False),
    ("uri", "1http://x", False),
]


@pytest.mark.parametrize(("fmt", "value", "ok"), FORMAT_CASES)
def test_format_predicates(fmt: str, value: str, ok: bool) -> None:
    assert runtime.FORMAT_CHECKS[fmt](value) is ok
    assert runtime.has_format(value, fmt) is ok


def test_unchecked_format_accepts_anything() -> None:
    assert runtime.has_format("anything at all", "hostname")


# --------------------------------------------------------------------------- JSON types

TYPE_CASES: list[tuple[Any, str, bool]] = [
    (3, "integer", True),
    (3.0, "integer", True),  # JSON Schema: an integral number is an integer
    (3.5, "integer", False),
    (True, "integer", False),
    ("3", "integer", False),
    (3, "number", True),
    (3.5, "number", True),
    (False, "number", False),
    (True, "boolean", True),
    (1, "boolean", False),
    ("", "string", True),
    ({}, "object", True),
    ([], "array", True),
    ([], "object", False),
    (None, "null", True),
    (None, "string", False),
    (0, "null", False),
]


@pytest.mark.parametrize(("value", "kind", "ok"), TYPE_CASES)
def test_is_kind(value: Any, kind: str, ok: bool) -> None:
    assert runtime.is_kind(value, kind) is ok


@pytest.mark.parametrize(
    ("value", "name"),
    [
        *[(None, "null"), (True, "boolean"), (1, "integer"), (1.0, "number"), ("", "string")],
        *[({}, "object"), ([], "array"), ((), "tuple")],
    ],
)
def test_json_type(value: Any, name: str) -> None:
    assert runtime.json_type(value) == name


# --------------------------------------------------------------------------- inlined verbatim


def test_runtime_is_stdlib_only() -> None:
    imports, _ = runtime_source()
    tree = ast.parse(RUNTIME.read_text(encoding="utf-8"))
    modules = {
        alias.name.split(".")[0]
        for node in tree.body
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {node.module or "" for node in tree.body if isinstance(node, ast.ImportFrom)}
    assert modules == {"__future__", "calendar", "re"}
    assert len(imports) == 3


def test_generated_validators_carry_runtime_verbatim(secrets_pkg: ModuleType) -> None:
    """The package's shared runtime module (_runtime.py, generated and formatted) holds
    runtime.py's code byte for byte after the imports, and its predicates judge every case
    exactly as docgen's do."""
    _, code = runtime_source()
    assert code.startswith("_DATE_TIME = re.compile(") and code.endswith("value is None")
    validators = importlib.import_module("secrets._runtime")
    text = Path(validators.__file__ or "").read_text(encoding="utf-8")
    assert code in text
    assert "import docgen" not in text and "from docgen" not in text
    assert {n for n in runtime_names() if not hasattr(validators, n)} == set()
    for fmt, value, ok in FORMAT_CASES:
        assert validators.FORMAT_CHECKS[fmt](value) is ok, (fmt, value)
    for value, kind, ok in TYPE_CASES:
        assert validators.is_kind(value, kind) is ok, (value, kind)


def test_unformatted_render_carries_runtime_too() -> None:
    assert runtime_source()[1] in render_runtime("v")
    assert "from ._runtime import" in render_validators('"""v."""', None, [])


# --------------------------------------------------------------------------- secrets

SECRET_VALUE = "hunter2-not-a-uri"
PLAIN_VALUE = "plain-not-a-uri"


def _prop(name: str, *constraints: tuple[str, Any], required: bool = False) -> Property:
    return Property(
        name=name,
        type="string",
        required=required,
        constraints=[Constraint(kind=k, value=v, sentence="-") for k, v in constraints],
    )


def _secrets_connector() -> Connector:
    props = [
        _prop("callback_url", ("format", "uri"), ("secret", True)),
        _prop("mirror_url", ("format", "uri")),  # same shape, not secret
        _prop("tier", ("enum", ["gold", "silver"]), ("secret", True)),
        _prop("plan", ("enum", ["gold", "silver"])),
        _prop("api_key", ("pattern", "^[a-z]+$"), ("secret", True)),
    ]
    config = ConfigObject(
        type="platform.secrets", kind="source", display_name="Secrets", properties=props
    )
    return Connector(name="secrets", display_name="Secrets", config=config)


@pytest.fixture(scope="module")
def secrets_pkg(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    root = support.write_packages([_secrets_connector()], tmp_path_factory.mktemp("generated"))
    return support.import_package(root, "secrets")


def test_secret_messages_never_echo_the_value(secrets_pkg: ModuleType) -> None:
    config = {
        "callback_url": SECRET_VALUE,
        "mirror_url": PLAIN_VALUE,
        "tier": SECRET_VALUE,
        "plan": PLAIN_VALUE,
        "api_key": SECRET_VALUE,
    }
    found = {p.path: p.message for p in secrets_pkg.validate_config(config)}
    assert set(found) == set(config)
    for name in ("callback_url", "tier", "api_key"):
        assert SECRET_VALUE not in found[name], found[name]
        assert "hunter2" not in str(found[name])
    assert found["callback_url"].startswith("bad uri format: the (secret) value is not a URI")
    assert found["tier"].startswith("the (secret) value is not one of the accepted values")
    assert "'gold', 'silver'" in found["tier"]
    # the same checks of a property that is not secret still show the value
    assert repr(PLAIN_VALUE) in found["mirror_url"]
    assert repr(PLAIN_VALUE) in found["plan"]


def test_secret_values_that_pass_give_nothing(secrets_pkg: ModuleType) -> None:
    config = {
        "callback_url": "https://example.com/cb",
        "mirror_url": "https://example.com/m",
        "tier": "gold",
        "plan": "silver",
        "api_key": "abc",
    }
    assert secrets_pkg.validate_config(config) == []


def test_secret_and_plain_shapes_get_separate_functions() -> None:
    text = support.render_connector(_secrets_connector())["validators.py"]
    assert "_bad_secret_format(" in text and "_bad_format(" in text
    text = text.split('"""The stream (table) names, in page order."""')[1]  # past the imports
    assert "_secret_not_accepted(" in text
    assert "_not_accepted(" in text.replace("_secret_not_accepted(", "")


def test_the_format_registry_is_what_the_runtime_checks() -> None:
    """docgen.model.formats is the one list of checked formats: the inlined runtime's
    predicates, the generated types and the formats constraints read all agree with it."""
    from docgen.emit import runtime
    from docgen.emit.records import SPECIAL_DEFS
    from docgen.model.formats import FORMAT_PREDICATES, FORMAT_TYPES
    from docgen.readers.stitch import constraints

    assert {k: f.__name__ for k, f in runtime.FORMAT_CHECKS.items()} == FORMAT_PREDICATES
    assert set(runtime._FORMAT_EXAMPLES) == set(FORMAT_PREDICATES)
    assert {d["format"] for d in SPECIAL_DEFS.values() if "format" in d} <= set(FORMAT_TYPES)
    source = Path(constraints.__file__).read_text(encoding="utf-8")
    stated = set(re.findall(r'kind="format", value="([^"]+)"', source))
    assert stated and stated <= set(FORMAT_PREDICATES)
