"""Emitters: generated validators, models, config schema and catalog on a nasty fixture."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
import pydantic
import pytest
from conftest import emit_support

from docgen import pipeline
from docgen.model.spec import (
    Column,
    ConfigObject,
    Connector,
    Location,
    Problem,
    Property,
    Table,
)
from docgen.model.specio import dump

support = emit_support()
import_package, nasty, write_packages = (
    support.import_package,
    support.nasty,
    support.write_packages,
)
render_all, render_connector = support.render_all, support.render_connector

GOOD_RECORD: dict[str, Any] = {
    "id": 7,
    "updated_at": "2024-02-29T23:59:59.123+01:00",
    "1st": "first",
    "a-b": "dash",
    "A B": 3,
    "a_b": False,
    "class": 5,
    "model_config": "shadow",
    "amount": 2,
    "price": "-12.50",
    "day": "2024-01-31",
    "flag": "yes",
    "anything": {"any": ["thing"]},
    "weird": 1.5,
    "address": {"street": "Main", "zip code": 12345, "geo": {"lat": 1.5, "lng": -2}},
    "items": [{"url": "https://x", "seen_at": "2024-01-01T00:00:00Z"}, None, {}],
    "tags": ["a", 1, None],
    "meta": {"k": "v"},
    "mixed": [{"k": "v"}],
    "not_in_catalog": "extra fields are allowed",
}

GOOD_CONFIG: dict[str, Any] = {
    "api_token": "s3cret",
    "start_date": "2024-01-01T00:00:00Z",
    "mode": "slow",
    "account-id": 42,
    "credentials": {"client_id": "id", "client_secret": "shh"},
    "reports": [{"name": "daily"}],
    "region": "us-east",
    "refresh_token": None,
}


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    root = write_packages([nasty()], tmp_path_factory.mktemp("generated"))
    return import_package(root, "nasty")


def paths(problems: list[Any]) -> dict[str, str]:
    return {p.path: p.message for p in problems}


# --------------------------------------------------------------------------- records


def test_valid_record_has_no_problems(pkg: ModuleType) -> None:
    assert pkg.validate_record("class", GOOD_RECORD) == []
    assert pkg.validate_record("class", {"id": 1}) == []
    nulls = {**dict.fromkeys(GOOD_RECORD), "id": 1}
    assert pkg.validate_record("class", nulls) == []  # all null but the primary key
    assert pkg.validate_record("1st table", {"key": "k", "value": [1, {"x": None}]}) == []


def test_record_problems_are_all_reported_with_paths(pkg: ModuleType) -> None:
    bad = dict(GOOD_RECORD)
    bad.update(
        {
            "id": "7",
            "updated_at": "2024-02-30T00:00:00Z",
            "A B": True,
            "class": [],
            "price": "12,5",
            "day": "31/01/2024",
            "address": {"street": 1, "zip code": 1.5, "geo": {"lat": "north"}},
            "items": [{"url": 3}, "x", {"seen_at": "yesterday"}],
            "tags": "a,b",
        }
    )
    found = paths(pkg.validate_record("class", bad))
    assert set(found) == {
        "id",
        "updated_at",
        "['A B']",
        "class",
        "price",
        "day",
        "address.street",
        "address['zip code']",
        "address.geo.lat",
        "items[0].url",
        "items[1]",
        "items[2].seen_at",
        "tags",
    }
    assert found["id"] == "wrong type: expected integer, got string"  # the primary key
    assert found["['A B']"] == "wrong type: expected integer or null, got boolean"
    assert found["class"] == "wrong type: expected string or integer or null, got array"
    assert found["updated_at"].startswith("bad date-time format: '2024-02-30T00:00:00Z'")
    assert found["items[1]"] == "wrong type: expected object or null, got string"
    assert "singer.decimal" in found["price"]


def test_record_root_and_unknown_stream(pkg: ModuleType) -> None:
    assert paths(pkg.validate_record("class", [1])) == {
        "": "wrong type: expected object, got array"
    }
    [problem] = pkg.validate_record("nope", {})
    assert "unknown stream 'nope'" in problem.message and "'class'" not in problem.message
    assert "1st table" in problem.message
    assert pkg.STREAMS == ("class", "1st table", "Class", "empty", "base")


def test_integers_follow_json_schema(pkg: ModuleType) -> None:
    assert pkg.validate_record("Class", {"x": 3.0}) == []
    assert paths(pkg.validate_record("Class", {"x": True})) == {
        "x": "wrong type: expected integer or null, got boolean"
    }
    assert paths(pkg.validate_record("Class", {"x": 3.5}))["x"].endswith("got number")


# --------------------------------------------------------------------------- config


def test_valid_config_has_no_problems(pkg: ModuleType) -> None:
    assert pkg.validate_config(GOOD_CONFIG) == []
    model = pkg.NastyConfig.model_validate(GOOD_CONFIG)
    assert model.mode == "slow" and model.account_id == 42
    assert model.api_token.get_secret_value() == "s3cret"
    assert "s3cret" not in repr(model)
    minimal = {k: GOOD_CONFIG[k] for k in ("api_token", "start_date", "account-id", "credentials")}
    assert pkg.validate_config(minimal) == []
    assert pkg.NastyConfig.model_validate(minimal).mode == "fast"  # the documented default


def test_config_problems_are_all_reported(pkg: ModuleType) -> None:
    bad = {
        "start_date": "2024-01-01",
        "mode": "medium",
        "account-id": True,
        "credentials": {"client_id": None, "other": 1},
        "reports": [{"granularity": 1}, 3],
        "region": "US_EAST",
        "surprise": 1,
    }
    found = paths(pkg.validate_config(bad))
    # a pattern is stated in the docs' words (their sentence), with the value; never as a regex
    assert found["region"].startswith("'US_EAST' is not accepted: ")
    assert "[a-z]" not in found["region"]
    assert found == {
        "api_token": "missing required property",
        "start_date": found["start_date"],
        "mode": "value 'medium' is not one of the accepted values: 'fast', 'slow'",
        "account-id": "wrong type: expected string or integer, got boolean",
        "credentials.client_id": "must not be null",
        "credentials.client_secret": "missing required property",
        "credentials.other": found["credentials.other"],
        "reports[0].name": "missing required property",
        "reports[0].granularity": "wrong type: expected string or null, got integer",
        "reports[1]": "wrong type: expected object, got integer",
        "region": found["region"],
        "surprise": found["surprise"],
    }
    assert found["start_date"].startswith("bad date-time format")
    assert found["surprise"].startswith("unknown property; the accepted properties are: ")
    assert "client_id, client_secret, scope" in found["credentials.other"]
    with pytest.raises(pydantic.ValidationError) as info:
        pkg.NastyConfig.model_validate(bad)
    assert info.value.error_count() >= len(found) - 1
    assert paths(pkg.validate_config("x")) == {"": "wrong type: expected object, got string"}


def test_config_schema_agrees(pkg: ModuleType, tmp_path: Path) -> None:
    schema = pkg.config_schema()
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    assert validator.is_valid(GOOD_CONFIG)
    props = schema["properties"]
    assert props["api_token"]["writeOnly"] is True
    assert props["credentials"]["properties"]["client_secret"]["writeOnly"] is True
    assert props["mode"]["enum"] == ["fast", "slow", None] and props["mode"]["default"] == "fast"
    assert props["start_date"]["format"] == "date-time"
    assert schema["required"] == ["api_token", "start_date", "account-id", "credentials"]
    for broken in ({**GOOD_CONFIG, "x": 1}, {**GOOD_CONFIG, "mode": "medium"}, {"api_token": "a"}):
        assert not validator.is_valid(broken)
        assert pkg.validate_config(broken)


# --------------------------------------------------------------------------- names, escaping


def test_colliding_and_reserved_names_get_aliases(pkg: ModuleType) -> None:
    model = pkg.RECORD_MODELS["class"]
    record = model.model_validate(GOOD_RECORD)
    dumped = record.model_dump(by_alias=True, exclude_unset=True)
    for key in ("1st", "a-b", "A B", "a_b", "class", "model_config", "not_in_catalog"):
        assert dumped[key] == GOOD_RECORD[key]
    aliases = {f.alias or n for n, f in model.model_fields.items()}
    assert {"1st", "a-b", "A B", "a_b", "class", "model_config"} <= aliases
    assert len(model.model_fields) == len(set(model.model_fields))
    assert pkg.RECORD_MODELS["Class"] is not pkg.RECORD_MODELS["class"]
    assert set(pkg.RECORD_MODELS) == set(pkg.STREAMS)


def test_descriptions_survive_escaping(pkg: ModuleType) -> None:
    spec = nasty()
    assert spec.tables is not None and spec.config is not None
    table = spec.tables[0]
    model = pkg.RECORD_MODELS["class"]
    assert " ".join((model.__doc__ or "").split()) == table.description
    by_alias = {f.alias or n: f for n, f in model.model_fields.items()}
    for column in table.columns:
        if column.description:
            assert by_alias[column.name].description == column.description
    assert pkg.DISPLAY_NAME == spec.display_name
    assert spec.display_name in " ".join((pkg.NastyConfig.__doc__ or "").split())
    token = pkg.NastyConfig.model_fields["api_token"]
    assert token.description == spec.config.properties[0].description
    assert spec.display_name in " ".join((pkg.validators.__doc__ or "").split())


def test_catalog_round_trips_through_singer_sdk(pkg: ModuleType) -> None:
    from singer_sdk.singerlib import Catalog

    data = pkg.catalog()
    catalog = Catalog.from_dict(data)
    assert catalog.to_dict() == data
    entry = catalog.get_stream("class")
    assert entry is not None
    assert entry.key_properties == ["id"]
    assert entry.replication_method == "INCREMENTAL"
    assert entry.replication_key == "updated_at"
    root = entry.metadata.root
    assert root.table_key_properties == ["id"] and root.valid_replication_keys == ["updated_at"]
    assert root.forced_replication_method == "INCREMENTAL"
    assert entry.metadata[("properties", "id")].inclusion == "automatic"
    assert entry.metadata[("properties", "updated_at")].inclusion == "automatic"
    assert entry.metadata[("properties", "1st")].inclusion == "available"
    schema = data["streams"][0]["schema"]
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["properties"]["id"]["type"] == "integer"  # the primary key: never null
    for name, prop in schema["properties"].items():
        if name != "id":
            assert prop == {} or "null" in prop["type"] or prop.keys() == {"description"}
    assert schema["properties"]["items"]["items"]["properties"]["seen_at"]["format"] == "date-time"
    assert jsonschema.Draft7Validator(schema).is_valid(GOOD_RECORD)


# --------------------------------------------------------------------------- determinism


def test_output_is_deterministic_and_sorted() -> None:
    first = render_all([nasty()])
    again = render_all([Connector.model_validate(nasty().model_dump())])
    assert first == again
    assert list(first) == sorted(first)
    assert "nasty/validators.py" in first and "README.md" in first and "ruff.toml" in first
    assert "CC BY-SA 4.0" in first["README.md"] and "`nasty`" in first["README.md"]


def test_duplicate_package_names_are_refused(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    for name in ("nasty.yaml", "nasty_copy.yaml"):
        (specs / name).write_text(dump(nasty()), encoding="utf-8")
    result = pipeline.build(specs, tmp_path / "out")
    (problem,) = result.problems
    assert problem.location.page == str(specs / "nasty_copy.yaml")
    assert problem.message.startswith("a second spec of connector 'nasty', whose spec is ")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_connector_without_config_or_tables(tmp_path: Path) -> None:
    bare = Connector(name="bare", display_name="Bare")
    files = render_connector(bare)
    assert json.loads(files["catalog.json"]) == {"streams": []}
    pkg = import_package(write_packages([bare], tmp_path), "bare")
    assert pkg.validate_config({}) == []
    assert paths(pkg.validate_config({"a": 1})) == {
        "a": "unknown property; no config is documented"
    }
    assert pkg.STREAMS == () and pkg.RECORD_MODELS == {}


def test_odd_types_and_duplicates(tmp_path: Path) -> None:
    """Repeated columns/properties, unknown labels, and a config type nobody knows."""
    conn = Connector(
        name="odd",
        display_name="Odd",
        config=ConfigObject(
            type="platform.odd",
            kind="source",
            display_name="Odd",
            properties=[
                Property(name="p", type="mystery"),
                Property(name="p", type="string"),
                Property(name="n", type="number"),
            ],
        ),
        tables=[
            Table(
                name="t",
                columns=[
                    Column(name="c", types=["integer", "number"]),
                    Column(name="c", types=["string"]),
                    Column(name="d", types=["date", "date-time"]),
                    Column(name="e", types=["unavailable"]),
                ],
            ),
            Table(name="t", columns=[Column(name="z", types=["string"])]),
        ],
        # as a reader records them: a spec names an unknown type, or a table, column or
        # property twice, only where the page did
        problems=[
            Problem(
                code="duplicate-table",
                message="table 't' is listed more than once",
                location=Location(page="odd.html", table="t"),
            ),
            Problem(
                code="duplicate-column",
                message="column 'c' is listed more than once",
                location=Location(page="odd.html", table="t", column="c"),
            ),
            Problem(
                code="duplicate-property",
                message="property 'p' is listed more than once",
                location=Location(page="odd.html", property="p"),
            ),
            Problem(
                code="unknown-type-label",
                message="unknown type label 'unavailable'",
                location=Location(page="odd.html", table="t", column="e"),
            ),
            Problem(
                code="unknown-property-type",
                message="unknown property type 'mystery'",
                location=Location(page="odd.html", property="p"),
            ),
        ],
    )
    pkg = import_package(write_packages([conn], tmp_path), "odd")
    assert pkg.STREAMS == ("t",)
    assert pkg.validate_record("t", {"c": 1.5, "d": "whatever", "e": [1]}) == []
    assert paths(pkg.validate_record("t", {"c": "1"})) == {
        "c": "wrong type: expected number or null, got string"
    }
    assert pkg.validate_config({"p": [1], "n": 2}) == []
    assert pkg.validate_config({"n": "2"}) != []


def test_field_names_are_not_input_keys(pkg: ModuleType) -> None:
    """A record key equal to another column's Python field name must not be read as that
    column: only the documented names (aliases) are input keys."""
    model = pkg.RECORD_MODELS["class"]
    assert pkg.validate_record("class", {"id": 1, "a_b": True, "class_": [1]}) == []
    # columns "A B" and "a_b" share the Python name a_b: the key a_b is the column a_b's
    record = model.model_validate({"id": 1, "a_b": True, "class_": "c"})
    assert record.model_dump(by_alias=True)["A B"] is None
    assert record.model_dump(by_alias=True)["a_b"] is True
    # class_ is the Python name of the column "class" only: given so, it is checked as it
    assert record.model_dump(by_alias=True)["class"] == "c" and not record.model_extra
    with pytest.raises(pydantic.ValidationError):
        model.model_validate({"id": 1, "class_": [1]})
    with pytest.raises(pydantic.ValidationError, match="same field"):
        model.model_validate({"id": 1, "class_": "c", "class": "c"})
    again = model.model_validate(record.model_dump(by_alias=True))
    assert again == record and pkg.validate_record("class", record.model_dump(by_alias=True)) == []
    with pytest.raises(pydantic.ValidationError):
        pkg.NastyConfig.model_validate({**GOOD_CONFIG, "account_id": 1})


def test_model_names_never_shadow_imports(pkg: ModuleType) -> None:
    """Table "base" + column "model" would be class BaseModel: it gets another name."""
    model = pkg.RECORD_MODELS["base"]
    nested = model.model_fields["model"].annotation
    assert "BaseModel2" in str(nested)
    assert issubclass(model, pydantic.BaseModel)
    assert model.model_validate({"model": {"field": "x"}}).model_dump() == {"model": {"field": "x"}}
    assert pkg.validate_record("base", {"model": {"field": 1}})[0].path == "model.field"


def _address(description: str) -> Column:
    return Column(
        name="address",
        types=["object"],
        description=description,
        children=[
            Column(name="city", types=["string"], description=f"city ({description})"),
            Column(name="zip code", types=["integer"]),
            Column(
                name="lines",
                types=["array"],
                children=[
                    Column(name="text", types=["string"]),
                    Column(name="n", types=["integer"]),
                ],
            ),
        ],
    )


def test_equal_shapes_share_functions_with_right_paths(tmp_path: Path) -> None:
    """The same nested shape (descriptions aside) in two tables, and a table whose columns
    are another table's nested object, get one fast and one careful function each; every
    problem still carries the path of where it was found."""
    conn = Connector(
        name="shared",
        display_name="Shared",
        tables=[
            Table(name="orders", columns=[Column(name="id", types=["integer"]), _address("ship")]),
            Table(
                name="people",
                columns=[
                    Column(name="home", types=["object"], children=_address("home").children),
                    _address("postal"),
                ],
            ),
            Table(name="places", columns=_address("x").children),
        ],
    )
    text = render_connector(conn)["validators.py"]
    # orders, people, address (= home = the places table) and its line items
    assert text.count("_check_members(r, ") == 4
    assert "def _ok_orders__address(" in text and "def _ok_people__home(" not in text
    assert "'places': (_ok_orders__address, _check_orders__address)" in text.replace('"', "'")
    pkg = import_package(write_packages([conn], tmp_path), "shared")
    bad = {"city": 1, "zip code": "z", "lines": [{"text": 2}, None, {"n": "3"}, "x"]}
    expected = {
        "city": "wrong type: expected string or null, got integer",
        "['zip code']": "wrong type: expected integer or null, got string",
        "lines[0].text": "wrong type: expected string or null, got integer",
        "lines[2].n": "wrong type: expected integer or null, got string",
        "lines[3]": "wrong type: expected object or null, got string",
    }
    assert paths(pkg.validate_record("places", bad)) == expected
    assert paths(pkg.validate_record("orders", {"id": 1, "address": bad})) == {
        f"address{'' if p.startswith('[') else '.'}{p}": m for p, m in expected.items()
    }
    assert paths(pkg.validate_record("people", {"home": bad, "address": {"city": "c"}})) == {
        f"home{'' if p.startswith('[') else '.'}{p}": m for p, m in expected.items()
    }
    assert pkg.validate_record("people", {"home": {"lines": [{"text": "t", "n": 1}]}}) == []


def test_config_fields_by_python_name_and_round_trip(pkg: ModuleType) -> None:
    """A config property is given by its documented name or its Python name (never both);
    model_dump(by_alias=True), secrets revealed, passes validate_config and validates back."""
    by_python = {k: v for k, v in GOOD_CONFIG.items() if k != "account-id"} | {"account_id": 42}
    model = pkg.NastyConfig.model_validate(by_python)
    assert model == pkg.NastyConfig.model_validate(GOOD_CONFIG)
    with pytest.raises(pydantic.ValidationError, match="same field"):
        pkg.NastyConfig.model_validate({**GOOD_CONFIG, "account_id": 42})

    def reveal(value: Any) -> Any:
        if isinstance(value, pydantic.SecretStr):
            return value.get_secret_value()
        if isinstance(value, dict):
            return {k: reveal(v) for k, v in value.items()}
        if isinstance(value, list):
            return [reveal(v) for v in value]
        return value

    dumped = reveal(model.model_dump(by_alias=True))
    assert "account-id" in dumped and "account_id" not in dumped
    assert pkg.validate_config(dumped) == []
    assert pkg.NastyConfig.model_validate(dumped) == model


def test_the_essence_of_a_shape_names_every_field_of_shape() -> None:
    """validators.essence builds its Shape field by field (faster than dataclasses.replace):
    a field added to Shape must be added there too."""
    from dataclasses import fields

    from docgen.emit.shapes import Shape
    from docgen.emit.validators import ESSENCE_FIELDS

    assert sorted(ESSENCE_FIELDS) == sorted(f.name for f in fields(Shape))


def test_fields_never_shadow_what_annotations_use(tmp_path: Path) -> None:
    """Property: a column named like a builtin (``str``, ``list``, ``dict``, ... in any case)
    never makes its model read another annotation wrongly. pydantic resolves a model's
    annotations in its class namespace, where a field ``str = None`` made ``dict[str, Any]``
    mean ``dict[None, Any]``: a free object's keys then had to be None (the pinned
    datamodel-code-generator leaves ``str`` so; docgen renames the field)."""
    import builtins

    from docgen.emit.records import shadowing_fields

    names = sorted(n for n in dir(builtins) if n.islower() and not n.startswith("_"))
    names += ["Str", "STR", "List", "Dict", "str_"]
    free = Column(name="meta", types=["object"])
    items = Column(
        name="things", types=["array"], children=[Column(name="value", types=["string"])]
    )
    nested = Column(
        name="inner",
        types=["object"],
        children=[*(Column(name=n, types=["integer"]) for n in names[:40]), free],
    )
    columns = [*(Column(name=n, types=["string"]) for n in names), free, items, nested]
    conn = Connector(
        name="shadow", display_name="Shadow", tables=[Table(name="t", columns=columns)]
    )
    root = write_packages([conn], tmp_path)
    assert shadowing_fields((root / "shadow" / "records.py").read_text(encoding="utf-8")) == {}
    pkg = import_package(root, "shadow")
    record = {
        **dict.fromkeys(names, "x"),
        "meta": {"k": 1},
        "things": [{"value": "a"}],
        "inner": {**dict.fromkeys(names[:40], 1), "meta": {"k": [1]}},
    }
    model = pkg.RECORD_MODELS["t"]
    assert model.model_validate(record).model_dump(by_alias=True, exclude_none=True) == record
    assert pkg.validate_record("t", record) == []


def test_shadowing_fields_reads_the_generated_text() -> None:
    """What the guard finds: a field named like a name its own class's annotations use bare
    (by its alias when it has one); other classes and imported names do not count."""
    from docgen.emit.records import shadowing_fields

    text = (
        "from typing import Annotated, Any\n\n\n"
        "class A(Record):\n"
        "    str: StrictStr | None = None\n"
        "    meta: dict[str, Any] | None = None\n\n\n"
        "class B(Record):\n"
        "    list: Annotated[StrictStr | None, Field(alias='List')] = None\n"
        "    things: list[Item] | None = None\n\n\n"
        "class C(Record):\n"
        "    str: StrictStr | None = None\n"
        "    things: list_aliased[Item] | None = None\n"
    )
    assert shadowing_fields(text) == {"str": "str", "List": "list"}
    assert shadowing_fields(text.replace("dict[str,", "dict[str_aliased,")) == {"List": "list"}
    assert shadowing_fields("class D(Record):\n    name: StrictStr | None = None\n") == {}
    # a field named like what another class's annotation uses shadows nothing
    other = "class E(Record):\n    list: StrictStr\n\n\nclass F(Record):\n    x: list[E]\n"
    assert shadowing_fields(other) == {}
    assert shadowing_fields(other.replace("x: list[E]", "x: list[E]\n    list: int")) == {
        "list": "list"
    }
