"""docgen drift: the docs (a spec) against a tap (catalog, schemas folder, sdist or wheel).

Every tap here is built in tmp_path by the tests themselves: no tap code or schema is copied
into the repository (the singer-io taps are AGPL).
"""

from __future__ import annotations

import io
import json
import re
import tarfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from docgen.cli import app
from docgen.model import specio
from docgen.model.spec import Column, Connector, Features, Provenance, Table
from docgen.tools import drift as drift_mod
from docgen.tools.drift import (
    DriftInputError,
    compare,
    read_tap,
    schema_columns,
    schema_tokens,
    stream_key,
    tap_package,
    type_verdict,
)

runner = CliRunner()
PAGE = "integrations/saas/widget.html"

# --------------------------------------------------------------------------- the docs side


def _col(name: str, *types: str, children: list[Column] | None = None, **kw: Any) -> Column:
    return Column(name=name, types=list(types), children=children or [], **kw)


def widget() -> Connector:
    """A small spec: two tables the tap has (one named with spaces), one it lacks."""
    orders = Table(
        name="orders",
        element="orders",
        replication_method="INCREMENTAL",
        replication_method_text="Key-based Incremental",
        primary_keys=["id"],
        replication_keys=["updated_at"],
        columns=[
            _col("id", "integer", primary_key=True),
            _col("updated_at", "date-time", replication_key=True),
            _col("total", "number"),
            _col("amount", "singer.decimal"),
            _col("notes", "string"),
            _col(
                "customer",
                "object",
                element="customer-1",
                children=[
                    _col("name", "string"),
                    _col("address", "object", children=[_col("city", "string")]),
                ],
            ),
            _col(
                "items",
                "array",
                element="items-2",
                children=[_col("sku", "string"), _col("qty", "integer")],
            ),
            _col("extra", "varies"),
        ],
    )
    line_items = Table(
        name="Line Items",
        element="line-items",
        replication_method="FULL_TABLE",
        replication_method_text="Full Table",
        primary_keys=["id"],
        columns=[_col("id", "string", primary_key=True), _col("price", "number")],
    )
    refunds = Table(
        name="refunds", element="refunds", columns=[_col("id", "string", primary_key=True)]
    )
    return Connector(
        name="widget",
        display_name="Widget",
        version="1",
        layout="singer",
        sources=[Provenance(page=PAGE)],
        tables=[orders, line_items, refunds],
    )


def write_spec(tmp_path: Path, conn: Connector | None = None) -> Path:
    specs = tmp_path / "specs"
    specs.mkdir(exist_ok=True)
    conn = conn or widget()
    (specs / f"{conn.name}.yaml").write_text(specio.dump(conn), encoding="utf-8")
    return specs


# --------------------------------------------------------------------------- the tap side


def nullable(t: str, **kw: Any) -> dict[str, Any]:
    return {"type": ["null", t], **kw}


def orders_schema() -> dict[str, Any]:
    """What the docs say about orders, as a tap would write it (all agree)."""
    return {
        "type": "object",
        "properties": {
            "id": nullable("integer"),
            "updated_at": nullable("string", format="date-time"),
            "total": nullable("number"),
            "amount": nullable("string", format="singer.decimal"),
            "notes": nullable("string"),
            "customer": {
                "type": ["null", "object"],
                "properties": {
                    "name": nullable("string"),
                    "address": {
                        "type": ["null", "object"],
                        "properties": {"city": nullable("string")},
                    },
                },
            },
            "items": {
                "type": ["null", "array"],
                "items": {
                    "type": ["null", "object"],
                    "properties": {"sku": nullable("string"), "qty": nullable("integer")},
                },
            },
            "extra": {},
        },
    }


def line_items_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {"id": nullable("string"), "price": nullable("number")},
    }


def catalog(
    streams: dict[str, dict[str, Any]], meta: dict[str, dict[str, Any]] | None = None
) -> dict[str, Any]:
    meta = meta or {}
    return {
        "streams": [
            {
                "tap_stream_id": name,
                "stream": name,
                "schema": schema,
                "metadata": [{"breadcrumb": [], "metadata": meta.get(name, {})}],
            }
            for name, schema in streams.items()
        ]
    }


AGREEING_META = {
    "orders": {
        "table-key-properties": ["id"],
        "valid-replication-keys": ["updated_at"],
        "forced-replication-method": "INCREMENTAL",
    },
    "line-items": {"table-key-properties": ["id"], "forced-replication-method": "FULL_TABLE"},
    "refunds": {"table-key-properties": ["id"]},
}


def agreeing_catalog() -> dict[str, Any]:
    refunds = {"type": "object", "properties": {"id": nullable("string")}}
    return catalog(
        {"orders": orders_schema(), "line-items": line_items_schema(), "refunds": refunds},
        AGREEING_META,
    )


def write_json(path: Path, data: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def schema_folder(root: Path) -> Path:
    """A tap's schemas/ folder: orders refers to shared/customer.json, which refers on to
    shared/address.json the way singer-io taps write it (relative to schemas/)."""
    folder = root / "schemas"
    orders = orders_schema()
    orders["properties"]["customer"] = {"$ref": "shared/customer.json#/"}
    write_json(folder / "orders.json", orders)
    write_json(folder / "line-items.json", line_items_schema())
    write_json(
        folder / "shared" / "customer.json",
        {
            "type": ["null", "object"],
            "properties": {
                "name": nullable("string"),
                "address": {"$ref": "shared/address.json"},
            },
        },
    )
    write_json(
        folder / "shared" / "address.json",
        {"type": ["null", "object"], "properties": {"city": nullable("string")}},
    )
    return folder


def _folder_members(folder: Path, prefix: str) -> dict[str, bytes]:
    return {
        f"{prefix}/{p.relative_to(folder).as_posix()}": p.read_bytes()
        for p in sorted(folder.rglob("*.json"))
    }


def make_sdist(path: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as tf:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return path


def make_wheel(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


# --------------------------------------------------------------------------- rule 4: verdicts


@pytest.mark.parametrize(
    ("docs", "tap", "verdict"),
    [
        ({"string"}, {"string"}, "same"),
        ({"object"}, {"object"}, "same"),
        ({"integer"}, {"number"}, "compatible"),
        ({"number"}, {"integer"}, "compatible"),
        ({"decimal"}, {"number"}, "compatible"),
        ({"decimal"}, {"string"}, "compatible"),
        ({"number"}, {"decimal"}, "compatible"),
        ({"integer", "boolean"}, {"number", "boolean"}, "compatible"),
        ({"date-time"}, {"string"}, "format-only"),
        ({"string"}, {"date"}, "format-only"),
        ({"time"}, {"string"}, "format-only"),
        ({"date-time", "string"}, {"string"}, "format-only"),
        ({"date-time"}, {"date"}, "different"),  # a format on both sides, not one
        ({"string"}, {"integer"}, "different"),
        ({"array"}, {"array", "object"}, "different"),
        ({"decimal"}, {"integer"}, "different"),
        ({"integer", "date-time"}, {"number", "string"}, "different"),  # two kinds at once
        ({"any"}, {"string"}, "different"),
    ],
)
def test_type_verdicts(docs: set[str], tap: set[str], verdict: str) -> None:
    assert type_verdict(frozenset(docs), frozenset(tap)) == verdict


def test_schema_tokens_drop_null_merge_branches_and_read_formats() -> None:
    assert schema_tokens(nullable("string", format="date-time")) == {"date-time"}
    assert schema_tokens({"type": "string", "format": "singer.decimal"}) == {"decimal"}
    assert schema_tokens({"type": "string", "format": "email"}) == {"string"}
    assert schema_tokens(
        {"anyOf": [{"type": "null"}, {"type": "integer"}, nullable("string", format="date")]}
    ) == {"integer", "date"}
    assert schema_tokens({"oneOf": [{"type": "object"}, {"type": "array"}]}) == {
        "object",
        "array",
    }
    assert schema_tokens({}) == {"any"}
    assert schema_tokens({"properties": {}}) == {"object"}
    assert schema_tokens({"items": {}}) == {"array"}
    assert schema_tokens({"type": "null"}) == frozenset()


# --------------------------------------------------------------------------- rules 1 and 3


def test_stream_names_match_case_insensitive_with_dash_and_space_as_underscore() -> None:
    assert stream_key("Line Items") == stream_key("line-items") == stream_key("LINE_ITEMS")
    assert stream_key("line items") != stream_key("lineitems")


def test_columns_are_dotted_paths_through_properties_items_and_branches() -> None:
    schema = {
        "type": "object",
        "properties": {
            "a": {"type": "object", "properties": {"b": {"type": "integer"}}},
            "list": {
                "type": "array",
                "items": {"type": "array", "items": {"properties": {"x": {"type": "string"}}}},
            },
            "either": {
                "anyOf": [
                    {"type": "object", "properties": {"p": {"type": "integer"}}},
                    {
                        "type": "object",
                        "properties": {"p": {"type": "number"}, "q": {"type": "boolean"}},
                    },
                    {"type": "array", "items": {"properties": {"r": {"type": "string"}}}},
                ]
            },
            "odd.name": {"type": "string"},
        },
    }
    cols = schema_columns(schema)
    assert list(cols) == [
        "a",
        "a.b",
        "list",
        "list.x",
        "either",
        "either.p",
        "either.q",
        "either.r",
        "odd.name",
    ]
    assert cols["either"].types == {"object", "array"}
    assert cols["either.p"].types == {"integer", "number"}  # branches merged
    assert cols["list.x"].json_path == "$.properties.list.items.items.properties.x"
    assert cols["either.q"].json_path == "$.properties.either.anyOf[1].properties.q"
    assert cols["odd.name"].json_path == '$.properties["odd.name"]'


# --------------------------------------------------------------------------- TAP kind (a)


def test_catalog_reads_keys_and_method_from_breadcrumb_metadata(tmp_path: Path) -> None:
    tap = read_tap(write_json(tmp_path / "catalog.json", agreeing_catalog()))
    assert tap.kind == "catalog"
    orders = next(s for s in tap.streams if s.name == "orders")
    assert orders.key_properties == ["id"]
    assert orders.replication_keys == ["updated_at"]
    assert orders.replication_method == "INCREMENTAL"
    refunds = next(s for s in tap.streams if s.name == "refunds")
    assert refunds.replication_keys is None and refunds.replication_method is None


def test_catalog_stream_level_fields_count_when_metadata_is_silent(tmp_path: Path) -> None:
    data = {
        "streams": [
            {
                "tap_stream_id": "orders",
                "schema": orders_schema(),
                "key_properties": ["id"],
                "replication_key": "updated_at",
                "replication_method": "incremental",
            }
        ]
    }
    (stream,) = read_tap(write_json(tmp_path / "c.json", data)).streams
    assert (stream.name, stream.key_properties, stream.replication_keys) == (
        "orders",
        ["id"],
        ["updated_at"],
    )
    assert stream.replication_method == "INCREMENTAL"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "not valid JSON"),
        ('{"streams": [', "not valid JSON"),
        ("[1, 2]", 'no "streams" list'),
        ('{"type": "object", "properties": {}}', 'no "streams" list'),
        ('{"streams": [{"schema": {}}]}', "no stream name"),
        ('{"streams": [{"stream": "x"}]}', "no schema object"),
        (
            json.dumps(
                {
                    "streams": [
                        {
                            "stream": "x",
                            "schema": {},
                            "metadata": [
                                {"breadcrumb": [], "metadata": {"table-key-properties": 3}}
                            ],
                        }
                    ]
                }
            ),
            "not a list of names",
        ),
    ],
)
def test_bad_catalogs_are_input_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "catalog.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DriftInputError) as err:
        read_tap(path)
    assert any(message in line and str(path) in line for line in err.value.lines)


# --------------------------------------------------------------------------- TAP kind (b)


def test_schema_folder_streams_are_top_level_files_with_refs_resolved(tmp_path: Path) -> None:
    tap = read_tap(schema_folder(tmp_path))
    assert tap.kind == "schemas"
    assert [s.name for s in tap.streams] == ["line-items", "orders"]  # shared/ is no stream
    orders = next(s for s in tap.streams if s.name == "orders")
    assert orders.columns["customer.address.city"].types == {"string"}
    assert orders.key_properties is None  # schema files state no keys
    assert orders.replication_method is None


def test_refs_resolve_relative_to_the_referring_file_too_and_locally(tmp_path: Path) -> None:
    folder = tmp_path / "schemas"
    write_json(
        folder / "a.json",
        {
            "definitions": {"money": {"type": "string", "format": "singer.decimal"}},
            "type": "object",
            "properties": {
                "price": {"$ref": "#/definitions/money"},
                "who": {"$ref": "shared/person.json"},
            },
        },
    )
    write_json(
        folder / "shared" / "person.json",
        {"type": "object", "properties": {"pet": {"$ref": "pet.json#/definitions/pet"}}},
    )
    write_json(
        folder / "shared" / "pet.json",
        {"definitions": {"pet": {"type": "object", "properties": {"name": {"type": "string"}}}}},
    )
    (stream,) = read_tap(folder).streams
    assert stream.columns["price"].types == {"decimal"}
    assert stream.columns["who.pet.name"].types == {"string"}


def test_refs_the_other_singer_io_ways(tmp_path: Path) -> None:
    """tap-facebook names shared/ files by bare name; tap-jira names its own definitions."""
    folder = tmp_path / "schemas"
    write_json(
        folder / "ads.json",
        {"type": "object", "properties": {"targeting": {"$ref": "targeting.json"}}},
    )
    write_json(
        folder / "shared" / "targeting.json",
        {"type": "object", "properties": {"age_max": {"type": "integer"}}},
    )
    write_json(
        folder / "issues.json",
        {
            "definitions": {
                "user": {"type": "object", "properties": {"id": {"type": "string"}}},
                "comment": {"type": "object", "properties": {"author": {"$ref": "user"}}},
            },
            "type": "object",
            "properties": {"comments": {"type": "array", "items": {"$ref": "comment"}}},
        },
    )
    ads, issues = read_tap(folder).streams
    assert ads.columns["targeting.age_max"].types == {"integer"}
    assert issues.columns["comments.author.id"].types == {"string"}


def test_a_schema_file_holding_a_catalog_entry_states_its_keys(tmp_path: Path) -> None:
    """tap-marketo writes catalog entries into schemas/: their key_properties count."""
    folder = tmp_path / "schemas"
    write_json(
        folder / "lists.json",
        {
            "tap_stream_id": "lists",
            "stream": "lists",
            "key_properties": ["id"],
            "schema": {"type": "object", "properties": {"id": {"type": "integer"}}},
        },
    )
    (stream,) = read_tap(folder).streams
    assert (stream.name, stream.key_properties, list(stream.columns)) == ("lists", ["id"], ["id"])


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("shared/missing.json", "names no file"),
        ("../outside.json", "names no file"),
        ("https://example.com/s.json", "names no file"),
        ("#/definitions/nothing", "no such place"),
        ("a.json", "refers to itself"),
    ],
)
def test_unresolvable_refs_are_input_errors(tmp_path: Path, ref: str, message: str) -> None:
    write_json(tmp_path / "outside.json", {"type": "string"})
    folder = tmp_path / "schemas"
    write_json(folder / "a.json", {"type": "object", "properties": {"x": {"$ref": ref}}})
    with pytest.raises(DriftInputError) as err:
        read_tap(folder)
    assert any(message in line and "a.json" in line for line in err.value.lines)


def test_schemas_that_expand_without_end_are_input_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "schemas"
    write_json(
        folder / "s.json", {"type": "object", "properties": {"a": {"$ref": "shared/l0.json"}}}
    )
    for i in range(9):  # each level refers to the next twice: 2**9 copies
        nxt = {"$ref": f"shared/l{i + 1}.json"}
        write_json(
            folder / "shared" / f"l{i}.json", {"type": "object", "properties": {"a": nxt, "b": nxt}}
        )
    write_json(folder / "shared" / "l9.json", {"type": "string"})
    assert len(read_tap(folder).streams[0].columns) == 2**10 - 1
    monkeypatch.setattr(drift_mod, "MAX_NODES", 1000)
    with pytest.raises(DriftInputError, match="expand to more than 1000 values"):
        read_tap(folder)
    deep: dict[str, Any] = {"type": "string"}
    for _ in range(150):
        deep = {"type": "object", "properties": {"x": deep}}
    cat = write_json(tmp_path / "deep.json", {"streams": [{"stream": "s", "schema": deep}]})
    with pytest.raises(DriftInputError) as err:
        read_tap(cat)
    assert err.value.lines == [f"{cat}: streams[0]: schema nested too deeply"]
    outside = {"streams": [{"stream": "s", "schema": {"properties": {"a": {"$ref": "x.json"}}}}]}
    with pytest.raises(DriftInputError, match="a catalog is one document"):
        read_tap(write_json(tmp_path / "c.json", outside))


def test_folder_errors_are_gathered_and_name_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "schemas"
    write_json(folder / "good.json", {"type": "object", "properties": {}})
    (folder / "broken.json").write_text('{"type": ', encoding="utf-8")
    write_json(folder / "notes.json", ["not", "a", "schema"])
    with pytest.raises(DriftInputError) as err:
        read_tap(folder)
    text = "\n".join(err.value.lines)
    assert "broken.json: not valid JSON" in text and "notes.json: not a stream's" in text
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(DriftInputError, match=r"no \.json schema files"):
        read_tap(empty)
    (empty / "tap-x-1.0.tar.gz").write_bytes(b"")
    with pytest.raises(
        DriftInputError, match=r"holds tap-x-1\.0\.tar\.gz: pass the archive itself"
    ):
        read_tap(empty)


def test_folder_never_reads_through_a_link_out_of_it(tmp_path: Path) -> None:
    secret = write_json(tmp_path / "secret" / "s.json", {"type": "string"})
    folder = tmp_path / "schemas"
    write_json(folder / "a.json", {"type": "object", "properties": {"x": {"$ref": "l/s.json"}}})
    (folder / "l").symlink_to(secret.parent)
    with pytest.raises(DriftInputError, match="names no file"):
        read_tap(folder)


# --------------------------------------------------------------------------- TAP kind (c)


@pytest.mark.parametrize("kind", ["sdist", "wheel"])
def test_archives_read_the_schemas_folder_inside(tmp_path: Path, kind: str) -> None:
    folder = schema_folder(tmp_path / "src")
    if kind == "sdist":
        members = _folder_members(folder, "tap-widget-1.0/tap_widget/schemas")
        members["tap-widget-1.0/tests/schemas/decoy.json"] = b'{"type": "object"}'
        members["tap-widget-1.0/setup.py"] = b"raise SystemExit('never run')"
        path = make_sdist(tmp_path / "tap-widget-1.0.tar.gz", members)
    else:
        members = _folder_members(folder, "tap_widget/schemas")
        members["tap_widget/__init__.py"] = b"raise SystemExit('never run')"
        path = make_wheel(tmp_path / "tap_widget-1.0-py3-none-any.whl", members)
    tap = read_tap(path)
    assert tap.kind == "archive" and tap.where.endswith("tap_widget/schemas")
    assert [s.name for s in tap.streams] == ["line-items", "orders"]
    from_folder = read_tap(folder)
    assert [s.columns for s in tap.streams] == [s.columns for s in from_folder.streams]


def test_archive_members_outside_or_special_are_never_read(tmp_path: Path) -> None:
    members = {
        "pkg/schemas/ok.json": b'{"type": "object", "properties": {"a": {"type": "string"}}}',
        "../evil/schemas/x.json": b"{}",
        "/abs/schemas/y.json": b"{}",
    }
    path = make_sdist(tmp_path / "t.tar.gz", members)
    with tarfile.open(path) as tf:
        assert len(tf.getmembers()) == 3
    tap = read_tap(path)
    assert tap.where.endswith("pkg/schemas") and [s.name for s in tap.streams] == ["ok"]
    # a link member inside schemas/ is skipped, not followed
    linked = tmp_path / "link.tar"
    with tarfile.open(linked, "w") as tf:
        data = members["pkg/schemas/ok.json"]
        info = tarfile.TarInfo("pkg/schemas/ok.json")
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("pkg/schemas/passwd.json")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        tf.addfile(link)
    assert [s.name for s in read_tap(linked).streams] == ["ok"]


def test_archive_guards(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    no_schemas = make_wheel(tmp_path / "a.whl", {"tap_x/__init__.py": b""})
    with pytest.raises(DriftInputError, match="no schemas/ folder"):
        read_tap(no_schemas)
    only_subfolders = make_wheel(
        tmp_path / "c.whl",
        {"t/schemas/common/a.json": b"{}", "t/schemas/plan_model/b.json": b"{}"},
    )
    with pytest.raises(DriftInputError, match="only the folders common, plan_model"):
        read_tap(only_subfolders)
    two = make_wheel(
        tmp_path / "b.zip", {"a/schemas/s.json": b'{"type": "object"}', "b/schemas/t.json": b"{}"}
    )
    with pytest.raises(DriftInputError, match="several schemas/ folders"):
        read_tap(two)
    big = {"p/schemas/big.json": b'{"type": "object", "description": "' + b"x" * 200 + b'"}'}
    monkeypatch.setattr(drift_mod, "MAX_MEMBER_BYTES", 100)
    for path in (make_sdist(tmp_path / "big.tar.gz", big), make_wheel(tmp_path / "big.whl", big)):
        with pytest.raises(DriftInputError, match="more than a schema"):
            read_tap(path)
    monkeypatch.setattr(drift_mod, "MAX_MEMBER_BYTES", 10_000)
    monkeypatch.setattr(drift_mod, "MAX_TOTAL_BYTES", 150)
    for path in (make_sdist(tmp_path / "tot.tar.gz", big), make_wheel(tmp_path / "tot.whl", big)):
        with pytest.raises(DriftInputError, match="unpacks to more than"):
            read_tap(path)
    good = make_sdist(
        tmp_path / "good.tar.gz", _folder_members(schema_folder(tmp_path), "p/schemas")
    )
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(good.read_bytes()[:60])
    with pytest.raises(DriftInputError, match="not a readable sdist or wheel"):
        read_tap(truncated)


# --------------------------------------------------------------------------- comparison


def _by_kind(findings: list[drift_mod.Finding]) -> dict[tuple[str, str, str | None], Any]:
    return {(f.kind, f.stream, f.column): f for f in findings}


def test_agreeing_catalog_has_no_findings(tmp_path: Path) -> None:
    report = compare(widget(), read_tap(write_json(tmp_path / "c.json", agreeing_catalog())))
    assert report.agree and report.findings == []
    s = report.summary
    assert (s["streams_matched"], s["streams_docs_only"], s["streams_tap_only"]) == (3, 0, 0)
    assert s["columns_matched"] == 16 and s["types_same"] == 16
    assert s["columns_docs_only"] == s["columns_tap_only"] == 0


def test_a_system_key_the_page_lists_no_column_for_is_not_a_documented_column(
    tmp_path: Path,
) -> None:
    """Property: the stream model adds a system key the page names but does not list as a
    column (fullstory's events: key ``__sdc_primary_key``); Stitch's loader writes it, a tap
    never sends it, so drift does not report it as a column the tap lacks."""
    conn = widget()
    assert conn.tables is not None
    line_items = conn.tables[1]
    conn.tables[1] = line_items.model_copy(update={"primary_keys": ["__sdc_primary_key"]})
    report = compare(conn, read_tap(write_json(tmp_path / "c.json", agreeing_catalog())))
    assert not [f for f in report.findings if f.kind == "column-docs-only"]
    assert report.summary["columns_docs_only"] == 0


def test_every_rule_and_verdict_is_found_and_located(tmp_path: Path) -> None:
    orders = orders_schema()
    props = orders["properties"]
    props["id"] = nullable("number")  # compatible
    props["updated_at"] = nullable("string")  # format-only
    props["notes"] = nullable("integer")  # different
    del props["customer"]["properties"]["address"]  # docs only, with 1 nested
    props["items"]["items"]["properties"]["colour"] = {  # tap only, with 1 nested
        "type": "object",
        "properties": {"hex": nullable("string")},
    }
    meta = {
        "orders": {
            "table-key-properties": ["id", "shop_id"],
            "valid-replication-keys": ["modified_at"],
            "forced-replication-method": "FULL_TABLE",
        },
        "line-items": {"table-key-properties": ["id"]},
    }
    extra = {"type": "object", "properties": {"id": nullable("string")}}
    data = catalog({"orders": orders, "line-items": line_items_schema(), "payouts": extra}, meta)
    documented = widget().model_copy(
        update={"features": Features(repository="singer-io/tap-widget")}
    )
    report = compare(documented, read_tap(write_json(tmp_path / "c.json", data)))
    got = _by_kind(report.findings)
    assert set(got) == {
        ("stream-docs-only", "refunds", None),
        ("stream-tap-only", "payouts", None),
        ("keys-differ", "orders", None),
        ("replication-keys-differ", "orders", None),
        ("method-differs", "orders", None),
        ("column-docs-only", "orders", "customer.address"),
        ("column-tap-only", "orders", "items.colour"),
        ("type-conflict", "orders", "id"),
        ("type-conflict", "orders", "updated_at"),
        ("type-conflict", "orders", "notes"),
    }
    assert got[("type-conflict", "orders", "id")].verdict == "compatible"
    assert got[("type-conflict", "orders", "updated_at")].verdict == "format-only"
    assert got[("type-conflict", "orders", "notes")].verdict == "different"
    assert got[("column-docs-only", "orders", "customer.address")].nested == 1
    tap_only = got[("column-tap-only", "orders", "items.colour")]
    assert tap_only.nested == 1
    assert tap_only.docs_location == drift_mod.DocsLocation(PAGE, "items-2", "orders", "items")
    assert tap_only.tap_location == drift_mod.TapLocation(
        "singer-io/tap-widget",
        "orders",
        "catalog streams[0]",
        "$.properties.items.items.properties.colour",
    )
    docs_only = got[("column-docs-only", "orders", "customer.address")]
    assert docs_only.docs_location == drift_mod.DocsLocation(
        PAGE, "customer-1", "orders", "customer.address"
    )
    assert got[("stream-docs-only", "refunds", None)].docs_location == drift_mod.DocsLocation(
        PAGE, "refunds", "refunds"
    )
    keys = got[("keys-differ", "orders", None)]
    assert (keys.docs, keys.tap) == (["id"], ["id", "shop_id"])
    assert got[("method-differs", "orders", None)].docs == "INCREMENTAL"
    assert report.summary == {
        "streams_matched": 2,
        "streams_docs_only": 1,
        "streams_tap_only": 1,
        "keys_differ": 1,
        "replication_keys_differ": 1,
        "methods_differ": 1,
        "columns_matched": 13,
        "columns_docs_only": 2,
        "columns_tap_only": 2,
        "types_same": 10,
        "types_compatible": 1,
        "types_format_only": 1,
        "types_different": 1,
    }
    text = "\n".join(drift_mod.render_text(report))
    assert "repository: singer-io/tap-widget" in text
    assert "stream Line Items (tap: line-items): agree (2 columns)" in text
    assert "customer.address: documented column the tap's schema lacks (and 1 nested)" in text
    assert f"docs: {PAGE}#customer-1, table orders, column customer.address" in text


def test_keys_and_method_are_compared_only_where_the_tap_states_them(tmp_path: Path) -> None:
    conn = widget()
    assert conn.tables is not None
    conn.tables[0].primary_keys = ["something_else"]
    conn.tables[0].replication_method = None
    report = compare(conn, read_tap(schema_folder(tmp_path)))  # schema files state none
    kinds = {f.kind for f in report.findings}
    assert kinds == {"stream-docs-only"}  # refunds; nothing about keys or method
    # key icons count where the key row is empty; Append-Only is INCREMENTAL in Singer terms
    conn = widget()
    assert conn.tables is not None
    conn.tables[0].primary_keys = []
    conn.tables[0].replication_method = "APPEND_ONLY"
    report = compare(conn, read_tap(write_json(tmp_path / "c.json", agreeing_catalog())))
    assert report.agree


def test_untyped_docs_columns_get_no_verdict(tmp_path: Path) -> None:
    conn = widget()
    assert conn.tables is not None
    conn.tables[1].columns = [_col("id", primary_key=True), _col("price", "unknown-label")]
    report = compare(conn, read_tap(write_json(tmp_path / "c.json", agreeing_catalog())))
    assert report.agree
    assert report.summary["columns_matched"] == 16 and report.summary["types_same"] == 14


def test_tap_package_names() -> None:
    assert tap_package(widget()) == (
        "tap-widget",
        "fallback name (the spec records no repository)",
    )
    old = widget().model_copy(update={"name": "big_widget_v1"})
    assert tap_package(old)[0] == "tap-big-widget"
    with_repo = widget().model_copy(
        update={"name": "x", "features": Features(repository="singer-io/tap-thing")}
    )
    assert drift_mod.spec_repository(with_repo) == "singer-io/tap-thing"
    assert tap_package(with_repo) == ("tap-thing", "repository singer-io/tap-thing")
    no_repo = widget().model_copy(update={"features": Features()})
    assert drift_mod.spec_repository(no_repo) is None


# --------------------------------------------------------------------------- the CLI


def test_cli_exit_0_when_docs_and_tap_agree(tmp_path: Path) -> None:
    specs = write_spec(tmp_path)
    cat = write_json(tmp_path / "c.json", agreeing_catalog())
    result = runner.invoke(app, ["drift", "widget", str(cat), "--specs", str(specs)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "docs and tap agree"
    by_file = runner.invoke(app, ["drift", str(specs / "widget.yaml"), str(cat), "--json"])
    assert by_file.exit_code == 0
    assert json.loads(by_file.stdout)["findings"] == []


@pytest.mark.parametrize("kind", ["catalog", "folder", "sdist", "wheel"])
def test_cli_exit_1_when_they_differ_with_json_shape(tmp_path: Path, kind: str) -> None:
    specs = write_spec(tmp_path)
    folder = schema_folder(tmp_path / "src")
    tap = {
        "catalog": lambda: write_json(
            tmp_path / "c.json", catalog({"orders": orders_schema(), "extra": {"type": "object"}})
        ),
        "folder": lambda: folder,
        "sdist": lambda: make_sdist(
            tmp_path / "t.tar.gz", _folder_members(folder, "t-1/t/schemas")
        ),
        "wheel": lambda: make_wheel(tmp_path / "t.whl", _folder_members(folder, "t/schemas")),
    }[kind]()
    result = runner.invoke(app, ["drift", "widget", str(tap), "--specs", str(specs), "--json"])
    assert result.exit_code == 1, result.output
    out = json.loads(result.stdout)
    assert list(out) == ["connector", "tap", "summary", "findings"]
    assert out["connector"] == "widget" and out["tap"] == str(tap)
    assert list(out["summary"]) == list(drift_mod.SUMMARY_KEYS)
    assert {f["kind"] for f in out["findings"]} >= {"stream-docs-only"}
    for f in out["findings"]:
        assert set(f) >= {"kind", "stream", "docs_location", "tap_location", "message"}
    text = runner.invoke(app, ["drift", "widget", str(tap), "--specs", str(specs)])
    assert text.exit_code == 1 and "stream refunds: only in the docs" in text.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nosuch", "{cat}"], "no connector 'nosuch'"),
        (["widget", "{tmp}/missing.json"], "no such file or folder"),
        (["widget", "{tmp}/specs/widget.yaml"], "not a Singer catalog"),
        (["widget", "{tmp}/empty"], "no .json schema files"),
        (["widget", "{tmp}/junk.tar.gz"], "not a readable sdist or wheel"),
        (["widget", "/dev/null"], "not a regular file or folder"),
        (["config_only", "{cat}"], "no table reference"),
        (["broken", "{cat}"], "broken.yaml"),
        (["widget", "{cat}", "--specs", "{tmp}/nope"], "no such folder"),
    ],
)
def test_cli_exit_2_one_clear_line_when_an_input_cannot_be_read(
    tmp_path: Path, args: list[str], message: str
) -> None:
    specs = write_spec(tmp_path)
    write_spec(tmp_path, Connector(name="config_only", display_name="C", sources=[]))
    (specs / "broken.yaml").write_text("spec_format: 1\nname: [", encoding="utf-8")
    cat = write_json(tmp_path / "c.json", agreeing_catalog())
    (tmp_path / "empty").mkdir()
    (tmp_path / "junk.tar.gz").write_bytes(b"\x1f\x8b not really gzip")
    argv = [a.format(cat=cat, tmp=tmp_path) for a in args]
    if "--specs" not in argv:
        argv += ["--specs", str(specs)]
    result = runner.invoke(app, ["drift", *argv])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)  # never a traceback
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]
    # a spec's problem is FILE:LINE:COL: message (as every command prints it), the rest named
    assert lines[0].startswith("docgen drift: ") or re.match(r"\S+\.yaml:\d+:\d+: ", lines[0])
    assert result.stdout == ""


def test_cli_help_states_the_rules() -> None:
    result = runner.invoke(app, ["drift", "--help"], terminal_width=200)
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    for phrase in (
        "case-insensitive",
        "only where the tap states them",
        "dotted paths",
        "anyOf/oneOf",
        "compatible",
        "format-only",
        "Exit codes: 0 docs and tap agree",
    ):
        assert phrase in text, phrase


def test_cli_hints_at_the_spec_meant(tmp_path: Path) -> None:
    specs = write_spec(tmp_path)
    write_spec(tmp_path, Connector(name="gadget", display_name="Gadget", sources=[]))
    write_spec(tmp_path, widget().model_copy(update={"name": "gadget_v1"}))
    cat = str(write_json(tmp_path / "c.json", agreeing_catalog()))
    misspelt = runner.invoke(app, ["drift", "widgte", cat, "--specs", str(specs)])
    assert misspelt.exit_code == 2 and "did you mean widget?" in misspelt.stderr
    config_only = runner.invoke(app, ["drift", "gadget", cat, "--specs", str(specs)])
    assert config_only.exit_code == 2
    assert "(the versions with tables: gadget_v1)" in config_only.stderr
    drawn = runner.invoke(app, ["erd", "gadget", "--specs", str(specs)])  # the same hint
    assert drawn.exit_code == 2
    assert drawn.stderr.strip() == (
        "docgen erd: gadget has no table reference in its spec: nothing to draw "
        "(the versions with tables: gadget_v1)"
    )
    no_file = runner.invoke(app, ["drift", str(tmp_path / "gone.yaml"), cat])
    assert no_file.exit_code == 2 and "gone.yaml: no such spec file" in no_file.stderr


def test_drift_taps_script_reads_cached_sdists_offline(tmp_path: Path) -> None:
    """scripts/drift-taps end to end, without the network: a cached sdist, one missing."""
    import subprocess
    import sys

    from conftest import REPO

    specs = write_spec(tmp_path)
    cache = tmp_path / "cache"
    members = _folder_members(schema_folder(tmp_path / "src"), "tap_widget-1.0/tap_widget/schemas")
    (cache / "tap-widget").mkdir(parents=True)
    make_sdist(cache / "tap-widget" / "tap_widget-1.0.tar.gz", members)
    cmd = [sys.executable, str(REPO / "scripts" / "drift-taps"), "--offline"]
    cmd += ["--specs", str(specs), "--cache", str(cache)]
    run = subprocess.run([*cmd, "widget"], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    row = run.stdout.splitlines()[2]
    assert row.startswith("| widget | tap-widget (fallback name) | 1.0 | 2 / 1 / 0 | 0 / 0 / 0 |")
    missing = subprocess.run(
        [*cmd, "widget=tap-other==2.0"], capture_output=True, text=True, check=False
    )
    assert missing.returncode == 1
    assert "| tap-other (given on the command line) | - | download: not in the cache" in (
        missing.stdout
    )


def test_keys_compare_as_the_catalog_resolves_them_and_page_spellings_are_docs_findings(
    tmp_path: Path,
) -> None:
    """The stream model (docgen.model.streams) is drift's too: hubspot-style `Id` for the
    column `id` is the key `id` (no keys-differ with a tap keyed by `id`), reported once as
    a spelling of the docs; a "Label (name)" column is compared as `name`."""
    owners = Table(
        name="owners",
        primary_keys=["Id"],
        columns=[_col("id", "integer"), _col("Case ID (case_id)", "string")],
    )
    cases = Table(
        name="cases", primary_keys=["case_id"], columns=[_col("Case ID (case_id)", "string")]
    )
    conn = Connector(name="hs", display_name="HS", tables=[owners, cases])
    props = {"id": nullable("integer"), "Case ID (case_id)": nullable("string")}
    tap = catalog(
        {
            "owners": {"type": "object", "properties": props},
            "cases": {"type": "object", "properties": {"case_id": nullable("string")}},
        },
        {
            "owners": {"table-key-properties": ["id"]},
            "cases": {"table-key-properties": ["case_id"]},
        },
    )
    report = drift_mod.compare(conn, drift_mod.read_tap(write_json(tmp_path / "c.json", tap)))
    kinds = [(f.kind, f.stream) for f in report.findings]
    assert ("keys-differ", "owners") not in kinds and ("keys-differ", "cases") not in kinds
    (spelling,) = [f for f in report.findings if f.kind == "key-named-differently"]
    assert (spelling.docs, spelling.column) == ("Id", "id")
    assert not [f for f in report.findings if f.stream == "cases"]  # case_id matched
