"""The example config object each Connect API reference prints, against the committed
generated package of its connector (generated/<name>/).

* An example validates (``validate_config`` finds nothing) except where it contradicts the
  page's own statements, and those contradictions are exactly the ``example-*`` findings
  ``docgen.tools.lint`` reports for the connector (compared as sets of property paths).
  Placeholders (``"<API_KEY>"``) stand for any value: a complaint about one is no
  contradiction. A template (``"<NAME>.example.com"``) is a contradiction only when the
  complaint stays whatever words fill its placeholder parts in (``docgen.tools.lint.fillings``).
* The pydantic config model accepts an example exactly when ``validate_config`` does.
* Clean examples, mutated (a required property removed, a value of the wrong type, an
  undocumented property added), give exactly one problem, located at the mutated property.
"""

from __future__ import annotations

import ast
import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import pytest
from conftest import import_generated, import_validators, repo_specs
from pydantic import BaseModel, ValidationError

from docgen.model.spec import Connector, Property
from docgen.tools.lint import PLACEHOLDER, PLACEHOLDER_PART, fillings, lint_connector

UNKNOWN_KEY = "zz_not_documented"

#: A value of each JSON type, to replace a value with one of another type.
WRONG_VALUES: list[tuple[str, Any]] = [
    ("integer", 12345),
    ("string", "not of the declared type"),
    ("boolean", True),
    ("object", {"k": "v"}),
]
#: JSON types a declared type accepts (integer is a number too).
ACCEPTS: dict[str, set[str]] = {
    "string": {"string"},
    "integer": {"integer"},
    "number": {"integer", "number"},
    "boolean": {"boolean"},
    "array": {"array"},
    "object": {"object"},
}


def _with_example() -> list[Connector]:
    return [c for c in repo_specs() if c.config is not None and c.config.example is not None]


EXAMPLES = _with_example()
IDS = [c.name for c in EXAMPLES]


def _package(conn: Connector) -> ModuleType:
    return import_generated(conn.name)


def _config_model(pkg: ModuleType) -> type[BaseModel]:
    """The package's exported config model (the one BaseModel its config module exports)."""
    models = [
        obj
        for name in pkg.__all__
        if isinstance(obj := getattr(pkg, name), type)
        and issubclass(obj, BaseModel)
        and obj.__module__ == pkg.config.__name__
    ]
    assert len(models) == 1, models
    return models[0]


def _model_accepts(model: type[BaseModel], data: Any) -> bool:
    try:
        model.model_validate(data)
    except ValidationError:
        return False
    return True


# --------------------------------------------------------------------------- paths

_TOKEN = re.compile(
    r"\.?(?P<name>[A-Za-z0-9_][A-Za-z0-9_-]*)|\[(?P<index>\d+)\]|\[(?P<quoted>'(?:[^'\\]|\\.)*'"
    r'|"(?:[^"\\]|\\.)*")\]'
)


def _tokens(path: str) -> list[str | int]:
    """A validator path (``reports[0].name``, ``a['odd key']``) as keys and indices."""
    out: list[str | int] = []
    pos = 0
    while pos < len(path):
        m = _TOKEN.match(path, pos)
        assert m is not None, f"unparsable problem path {path!r} at {pos}"
        if m["name"] is not None:
            out.append(m["name"])
        elif m["index"] is not None:
            out.append(int(m["index"]))
        else:
            out.append(ast.literal_eval(m["quoted"]))
        pos = m.end()
    return out


def _property_path(path: str) -> str:
    """The dotted property path lint uses: array indices dropped."""
    return ".".join(t for t in _tokens(path) if isinstance(t, str))


def _value_at(data: Any, path: str) -> Any:
    for token in _tokens(path):
        if isinstance(token, int):
            data = data[token] if isinstance(data, list) and token < len(data) else None
        else:
            data = data.get(token) if isinstance(data, dict) else None
    return data


def _set_at(data: Any, path: str, value: Any) -> None:
    tokens = _tokens(path)
    for token in tokens[:-1]:
        data = data[token]
    data[tokens[-1]] = value


# --------------------------------------------------------------------------- contradictions


@dataclass(frozen=True)
class Verdict:
    contradictions: set[str]  # property paths the validator complains about, placeholders aside
    lint: set[str]  # property paths of lint's example-* findings


def _is_placeholder(value: Any) -> bool:
    return isinstance(value, str) and PLACEHOLDER.match(value) is not None


def _is_template(value: Any) -> bool:
    return isinstance(value, str) and PLACEHOLDER_PART.search(value) is not None


def _rejects_every_filling(pkg: ModuleType, example: Any, path: str, template: str) -> bool:
    """The validator complains at ``path`` whatever sample words fill ``template``."""
    for value in fillings(template):
        filled = copy.deepcopy(example)
        _set_at(filled, path, value)
        if path not in {p.path for p in pkg.validate_config(filled)}:
            return False
    return True


def _verdict(conn: Connector) -> Verdict:
    assert conn.config is not None
    example = conn.config.example
    pkg = _package(conn)
    contradictions: set[str] = set()
    for problem in pkg.validate_config(example):
        value = _value_at(example, problem.path)
        if _is_placeholder(value):
            continue  # "<API_KEY>" stands for any value
        if _is_template(value) and not _rejects_every_filling(pkg, example, problem.path, value):
            continue  # some value of the template's shape is accepted
        contradictions.add(_property_path(problem.path))
    lint = {
        p.location.property or "" for p in lint_connector(conn) if p.code.startswith("example-")
    }
    return Verdict(contradictions, lint)


@pytest.mark.parametrize("conn", EXAMPLES, ids=IDS)
def test_example_contradictions_are_what_lint_reports(conn: Connector) -> None:
    verdict = _verdict(conn)
    assert verdict.contradictions == verdict.lint, (
        f"validator only: {sorted(verdict.contradictions - verdict.lint)}; "
        f"lint only: {sorted(verdict.lint - verdict.contradictions)}"
    )


@pytest.mark.parametrize("conn", EXAMPLES, ids=IDS)
def test_model_accepts_example_exactly_when_validator_does(conn: Connector) -> None:
    assert conn.config is not None
    pkg = _package(conn)
    example = conn.config.example
    problems = pkg.validate_config(example)
    assert _model_accepts(_config_model(pkg), example) == (not problems), problems


def test_lint_reports_every_unparsable_example() -> None:
    """Printed examples that are not JSON have no parsed example; lint says so."""
    unparsable = [
        c
        for c in repo_specs()
        if c.config is not None and c.config.example is None and c.config.example_text
    ]
    for conn in unparsable:
        codes = {p.code for p in lint_connector(conn)}
        assert "example-invalid-json" in codes, conn.name
    for conn in EXAMPLES:
        codes = {p.code for p in lint_connector(conn)}
        assert "example-invalid-json" not in codes, conn.name


def test_most_examples_validate_cleanly() -> None:
    """The corpus has examples at all, and contradictions are the exception, not the rule."""
    clean = [c for c in EXAMPLES if not _package(c).validate_config(c.config.example)]
    assert len(EXAMPLES) >= 100
    assert len(clean) >= 0.75 * len(EXAMPLES)


# --------------------------------------------------------------------------- mutations


def _clean() -> list[Connector]:
    """The examples their package's validators accept (decided while the tests are
    collected: the validators module alone, not the package's models)."""
    return [c for c in EXAMPLES if not import_validators(c.name).validate_config(c.config.example)]


CLEAN = _clean()
CLEAN_IDS = [c.name for c in CLEAN]


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def _walk(
    props: list[Property], data: dict[str, Any], prefix: str
) -> Iterator[tuple[Property, str, dict[str, Any]]]:
    """(property, validator path, the object holding it) for every property the example
    object ``data`` sets or must set, nested objects and array items included."""
    for prop in props:
        path = _join(prefix, prop.name)
        yield prop, path, data
        value = data.get(prop.name)
        if not prop.children:
            continue
        if isinstance(value, dict):
            yield from _walk(prop.children, value, path)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, dict):
                    yield from _walk(prop.children, item, f"{path}[{i}]")


def _objects(props: list[Property], data: dict[str, Any], prefix: str) -> Iterator[str]:
    """Validator paths of every documented object in the example ("" for the root)."""
    yield prefix
    for prop, path, holder in _walk(props, data, prefix):
        value = holder.get(prop.name)
        if prop.children and isinstance(value, dict):
            yield path
        elif prop.children and isinstance(value, list):
            yield from (f"{path}[{i}]" for i, x in enumerate(value) if isinstance(x, dict))


def _wrong_value(prop: Property) -> Any | None:
    declared = [t.strip().lower() for t in re.split(r"[/|,]", prop.type) if t.strip()]
    if not declared or any(t not in ACCEPTS for t in declared):
        return None
    accepted = set().union(*(ACCEPTS[t] for t in declared))
    return next(v for kind, v in WRONG_VALUES if kind not in accepted)


def _model_error_at(model: type[BaseModel], data: Any, path: str) -> bool:
    """The model rejects ``data`` with an error located at (or inside) ``path``."""
    try:
        model.model_validate(data)
    except ValidationError as exc:
        want = tuple(_tokens(path))
        return any(tuple(e["loc"][: len(want)]) == want for e in exc.errors())
    return False


def _only_problem_at(problems: list[Any], path: str, words: str) -> None:
    assert [p.path for p in problems] == [path], problems
    assert words in problems[0].message, problems[0]


@pytest.mark.parametrize("conn", CLEAN, ids=CLEAN_IDS)
def test_missing_required_is_located(conn: Connector) -> None:
    assert conn.config is not None
    pkg = _package(conn)
    model = _config_model(pkg)
    example = conn.config.example
    required = [
        (prop, path)
        for prop, path, holder in _walk(conn.config.properties, example, "")
        if prop.required and prop.name in holder
    ]
    for prop, path in required:
        mutated = copy.deepcopy(example)
        del _value_at(mutated, path.rsplit(".", 1)[0] if "." in path else "")[prop.name]
        _only_problem_at(pkg.validate_config(mutated), path, "missing required")
        assert _model_error_at(model, mutated, path), path
    if not required:  # nothing to remove: the example has no required property to lose
        assert not any(p.required for p in conn.config.properties)


@pytest.mark.parametrize("conn", CLEAN, ids=CLEAN_IDS)
def test_wrong_type_is_located(conn: Connector) -> None:
    assert conn.config is not None
    pkg = _package(conn)
    model = _config_model(pkg)
    example = conn.config.example
    mutations = 0
    for prop, path, holder in _walk(conn.config.properties, example, ""):
        wrong = _wrong_value(prop)
        if prop.name not in holder or wrong is None:
            continue
        mutated = copy.deepcopy(example)
        _set_at(mutated, path, wrong)
        _only_problem_at(pkg.validate_config(mutated), path, "wrong type")
        assert _model_error_at(model, mutated, path), path
        mutations += 1
    assert mutations or not example, "an example that sets values must get a mutation"


@pytest.mark.parametrize("conn", CLEAN, ids=CLEAN_IDS)
def test_unknown_property_is_located(conn: Connector) -> None:
    assert conn.config is not None
    pkg = _package(conn)
    model = _config_model(pkg)
    example = conn.config.example
    for where in _objects(conn.config.properties, example, ""):
        mutated = copy.deepcopy(example)
        _value_at(mutated, where)[UNKNOWN_KEY] = "x"
        path = _join(where, UNKNOWN_KEY)
        _only_problem_at(pkg.validate_config(mutated), path, "unknown property")
        assert _model_error_at(model, mutated, path), path


# --------------------------------------------------------------------------- lint vs validator


def _first_property(fmt: str | None, type_: str) -> tuple[Connector, Property]:
    """The first connector with an example and a top-level property of ``type_`` (and format
    ``fmt``, no pattern; optional when there is no format): found by what the spec states."""
    for conn in EXAMPLES:
        assert conn.config is not None
        for prop in conn.config.properties:
            kinds = {c.kind: c.value for c in prop.constraints}
            if (
                prop.type == type_
                and not (prop.required and fmt is None)
                and kinds.get("format") == fmt
                and not {"pattern", "enum"} & set(kinds)
            ):
                return conn, prop
    raise AssertionError(f"no {type_} property of format {fmt} in the corpus")


@pytest.mark.parametrize(
    ("fmt", "type_", "value"),
    [
        ("date-time", "string", "2024-01-01T00:00:00Z"),
        ("date-time", "string", "yesterday"),
        ("date-time", "string", "2024-02-30T00:00:00Z"),
        ("date-time", "string", "2024-01-01T00:00:00"),  # no zone: not RFC 3339
        ("date-time", "string", "2024-01-01 00:00:00+00:00"),  # no T
        ("uri", "string", "https://example.com/x"),
        ("uri", "string", "example.com"),
        ("uri", "string", "localhost:8080"),  # scheme "localhost"
        ("uri", "string", "http://"),
        ("email", "string", "someone@example.com"),
        ("email", "string", "some one@example.com"),
        ("email", "string", "someone@localhost"),
        (None, "integer", 30),
        (None, "integer", "30"),
        (None, "integer", 30.0),  # JSON Schema: an integral number is an integer
        (None, "integer", True),
        (None, "integer", None),  # optional: null is allowed
        (None, "string", None),
    ],
)
def test_lint_and_validator_judge_a_value_alike(fmt: str | None, type_: str, value: Any) -> None:
    """A value the generated validator rejects in an example is what lint calls a
    contradiction, and the other way round (beyond the values the corpus happens to hold)."""
    conn, prop = _first_property(fmt, type_)
    assert conn.config is not None
    example = copy.deepcopy(conn.config.example)
    example[prop.name] = value
    rejected = prop.name in {p.path for p in _package(conn).validate_config(example)}
    config = conn.config.model_copy(update={"example": example})
    linted = conn.model_copy(update={"config": config})
    found = {p.location.property for p in lint_connector(linted) if p.code.startswith("example-")}
    assert rejected == (prop.name in found)


@pytest.mark.parametrize(
    ("fmt", "template", "contradiction"),
    [
        ("uri", "<NAME>.atlassian.net", True),  # no scheme, whatever the name
        ("uri", "https://<NAME>.atlassian.net", False),
        ("uri", "https://<NAME> atlassian.net", True),  # whitespace
        ("email", "<USER>@<DOMAIN>.com", False),
        ("email", "<USER> at <DOMAIN>.com", True),
        ("date-time", "2024-01-<DAY>T00:00:00", True),  # no zone, whatever the day
        ("date-time", "<DATE>T00:00:00Z", False),
        ("date-time", "<YEAR>-<MONTH>-<DAY>T00:00:00Z", False),
    ],
)
def test_lint_judges_a_template_by_its_fillings(
    fmt: str, template: str, contradiction: bool
) -> None:
    """A template (placeholder parts in fixed text) contradicts its format exactly when the
    validator rejects it with its placeholder parts filled in."""
    conn, prop = _first_property(fmt, "string")
    assert conn.config is not None
    example = copy.deepcopy(conn.config.example)
    assert _rejects_every_filling(_package(conn), example, prop.name, template) == contradiction
    example[prop.name] = template
    config = conn.config.model_copy(update={"example": example})
    linted = conn.model_copy(update={"config": config})
    found = [p for p in lint_connector(linted) if p.location.property == prop.name]
    assert [p.code for p in found] == (["example-format-mismatch"] if contradiction else [])
