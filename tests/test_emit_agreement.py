"""Property test: the generated validate_record, jsonschema on the catalog's stream schema and
the generated pydantic record model give the same verdict on generated records (valid and
invalid ones).

jsonschema checks formats with oracles written here independently of the generated code
(the stdlib parsers behind a strict shape check); it does not check them by default.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
import pydantic
import pytest
from conftest import emit_support
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

support = emit_support()

# --------------------------------------------------------------------------- format oracles


def _rfc3339(text: str) -> bool:
    if not re.fullmatch(
        r"\d{4}-\d\d-\d\d[Tt]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)", text, re.ASCII
    ):
        return False
    try:
        datetime.fromisoformat(text.upper())  # 3.11 reads "Z"
    except ValueError:
        return False
    return True


def _date(text: str) -> bool:
    if not re.fullmatch(r"\d{4}-\d\d-\d\d", text, re.ASCII):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _time(text: str) -> bool:
    if not re.fullmatch(r"\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)?", text, re.ASCII):
        return False
    try:
        time.fromisoformat(text.upper())
    except ValueError:
        return False
    return True


def _decimal(text: str) -> bool:
    if not re.fullmatch(r"[0-9eE.+-]+", text):
        return False
    try:
        return Decimal(text).is_finite()
    except InvalidOperation:
        return False


FORMATS = jsonschema.FormatChecker(formats=())
for _name, _check in {
    "date-time": _rfc3339,
    "date": _date,
    "time": _time,
    "singer.decimal": _decimal,
}.items():
    FORMATS.checks(_name)(lambda value, check=_check: not isinstance(value, str) or check(value))

# --------------------------------------------------------------------------- strategies

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**40), 2**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=6,
)
FORMAT_TEXT = {
    "date-time": st.from_regex(
        r"\A\d{4}-[01]\d-[0-3]\d[Tt ][0-2]\d:[0-6]\d:[0-6]\d(\.\d{1,4})?([Zz]|[+-][0-2]\d:[0-6]\d)?\Z"
    ),
    "date": st.from_regex(r"\A\d{4}-[01]\d-[0-3]\d\Z"),
    "time": st.from_regex(r"\A[0-2]\d:[0-6]\d:[0-6]\d(\.\d{1,3})?([Zz]|[+-][0-2]\d:[0-6]\d)?\Z"),
    "singer.decimal": st.from_regex(r"\A[+-]?\d{0,3}(\.\d{0,2})?([eE][+-]?\d{1,2})?\Z"),
}
FORMAT_GOOD = {
    "date-time": st.datetimes(timezones=st.timezones()).map(
        lambda d: (
            d.isoformat()
            if d.utcoffset() is not None and d.utcoffset().seconds % 60 == 0
            else d.replace(tzinfo=None).isoformat() + "Z"
        )
    ),
    "date": st.dates().map(date.isoformat),
    "time": st.times().map(time.isoformat),
    "singer.decimal": st.decimals(allow_nan=False, allow_infinity=False).map(str),
}


def _kind_values(kind: str, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    if kind == "string":
        fmt = schema.get("format")
        if fmt in FORMAT_TEXT:
            return FORMAT_GOOD[fmt] | FORMAT_TEXT[fmt] | st.text(max_size=6)
        return st.text(max_size=8)
    if kind == "integer":
        return st.integers(-(2**70), 2**70) | st.integers(-100, 100).map(float)
    if kind == "number":
        return st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    if kind == "object":
        return objects(schema)
    if kind == "array":
        return st.lists(values(schema.get("items", {})), max_size=3)
    raise AssertionError(kind)


def values(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Mostly values of the schema's types (with near-miss strings), sometimes anything."""
    if "type" not in schema:
        return JSON
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    typed = st.one_of([_kind_values(k, schema) for k in kinds])
    return st.one_of(typed, typed, typed, JSON)


def objects(schema: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    props = schema.get("properties", {})
    known = st.fixed_dictionaries({}, optional={k: values(v) for k, v in props.items()})
    extra = st.dictionaries(st.text(max_size=6).filter(lambda k: k not in props), JSON, max_size=2)
    return st.builds(lambda a, b: {**b, **a}, known, extra)


# --------------------------------------------------------------------------- the property


@functools.cache
def _stream(pkg: ModuleType, stream: str) -> tuple[dict[str, Any], Any, st.SearchStrategy[Any]]:
    """The stream's catalog schema, its jsonschema validator and the records strategy, made
    once per stream: building them for every example was most of these tests' time (each
    example still draws its own record)."""
    schema = next(s["schema"] for s in pkg.catalog()["streams"] if s["stream"] == stream)
    validator = jsonschema.Draft7Validator(schema, format_checker=FORMATS)
    return schema, validator, objects(schema) | JSON


def verdicts(pkg: ModuleType, stream: str, record: Any) -> tuple[bool, ...]:
    ours = pkg.validate_record(stream, record) == []
    theirs = _stream(pkg, stream)[1].is_valid(record)
    try:
        pkg.RECORD_MODELS[stream].model_validate(record)
        model = True
    except pydantic.ValidationError:
        model = False
    return ours, theirs, model


@pytest.fixture(scope="module")
def nasty_pkg(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    root = support.write_packages([support.nasty()], tmp_path_factory.mktemp("gen"))
    return support.import_package(root, "nasty")


def _check_stream(pkg: ModuleType, stream: str, data: st.DataObject) -> None:
    record = data.draw(_stream(pkg, stream)[2], label="record")
    got = verdicts(pkg, stream, record)
    assert len(set(got)) == 1, (got, pkg.validate_record(stream, record))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_nasty_class_stream_verdicts_agree(nasty_pkg: ModuleType, data: st.DataObject) -> None:
    _check_stream(nasty_pkg, "class", data)


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_other_nasty_streams_agree(nasty_pkg: ModuleType, data: st.DataObject) -> None:
    streams = ["1st table", "Class", "empty", "base"]
    _check_stream(nasty_pkg, data.draw(st.sampled_from(streams)), data)


def test_generated_records_include_both_verdicts(nasty_pkg: ModuleType) -> None:
    """The strategy is not degenerate: it yields valid and invalid records."""
    schema = nasty_pkg.catalog()["streams"][0]["schema"]
    seen: set[bool] = set()

    @settings(max_examples=200, deadline=None, database=None)
    @given(record=objects(schema))
    def collect(record: dict[str, Any]) -> None:
        seen.add(nasty_pkg.validate_record("class", record) == [])

    collect()
    assert seen == {True, False}


@pytest.fixture(scope="module")
def corpus_pkg(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    from docgen.readers import read_path
    from docgen.readers.stitch.assemble import assemble

    pages = sorted((shared_dir / "corpus" / "pages").glob("integrations__saas__autopilot*.html"))
    conns = [c for c in assemble([read_path(p) for p in pages]).connectors if c.tables]
    assert conns, "autopilot page gave no tables"
    root = support.write_packages(conns[:1], tmp_path_factory.mktemp("gen"))
    return support.import_package(root, conns[0].name)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_corpus_stream_verdicts_agree(corpus_pkg: ModuleType, data: st.DataObject) -> None:
    _check_stream(corpus_pkg, data.draw(st.sampled_from(list(corpus_pkg.STREAMS))), data)
