"""docgen lint: each contradiction kind on small models, on real pages with edits made on
their HTML bytes, on specs, and the exit-code contract."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import typer
from conftest import CORPUS

from docgen import cli
from docgen.model.spec import (
    Column,
    ConfigObject,
    Connector,
    Constraint,
    ForeignKey,
    Property,
    Provenance,
    Table,
)
from docgen.tools import lint


def _lint_cli(pages: list[str], specs: Path, as_json: bool) -> int:
    """``docgen lint`` as the CLI runs it (it prints; the exit code is returned)."""
    try:
        cli.lint(pages, specs, json_out=as_json)
    except typer.Exit as exc:
        return exc.exit_code
    raise AssertionError("docgen lint returned without an exit code")


def _codes(problems: list) -> Counter[str]:
    return Counter(p.code for p in problems)


# --------------------------------------------------------------------------- tables


def _tables() -> list[Table]:
    return [
        Table(
            name="orders",
            primary_keys=["id"],
            replication_keys=["updated_at"],
            foreign_keys=[ForeignKey(column="customer.id", table="customers", references="id")],
            columns=[
                Column(name="id", types=["integer"], primary_key=True),
                Column(name="updated_at", types=["date-time"], replication_key=True),
                Column(
                    name="customer",
                    types=["object"],
                    children=[Column(name="id", types=["integer"])],
                ),
            ],
        ),
        Table(
            name="customers",
            primary_keys=["id"],
            columns=[Column(name="id", types=["integer"], primary_key=True)],
        ),
    ]


def test_consistent_tables_have_no_findings() -> None:
    out: list = []
    lint.lint_tables(_tables(), "p.html", out)
    assert out == []


def test_table_contradictions_each_reported_with_location() -> None:
    tables = _tables()
    orders = tables[0]
    orders.primary_keys = ["order_id"]  # not a column; the id icon now disagrees too
    orders.foreign_keys += [
        ForeignKey(column="id", table="refunds", references="order_id"),  # unknown table
        ForeignKey(column="customer.id", table="customers", references="uuid"),  # no column
    ]
    orders.columns.append(Column(name="updated_at", types=["string"]))
    tables.append(tables[1].model_copy())  # customers listed twice
    out: list = []
    lint.lint_tables(tables, "p.html", out)
    assert _codes(out) == {
        "key-not-column": 1,
        "key-icon-mismatch": 1,
        "fk-unknown-table": 1,
        "fk-unknown-column": 1,
        "duplicate-column": 1,
        "duplicate-table": 1,
    }
    key = next(p for p in out if p.code == "key-not-column")
    assert (key.severity, key.location.page, key.location.table, key.location.column) == (
        "error",
        "p.html",
        "orders",
        "order_id",
    )
    fk = next(p for p in out if p.code == "fk-unknown-column")
    assert fk.severity == "warning" and "uuid" in fk.message


def test_legacy_lists_accept_displayed_aliases() -> None:
    table = Table(
        name="cases",
        primary_keys=["id"],
        columns=[Column(name="Case ID (id)"), Column(name="labels*")],
        replication_keys=["labels"],
    )
    out: list = []
    lint.lint_tables([table], "p.html", out)
    assert out == []
    table.primary_keys = ["case"]
    lint.lint_tables([table], "p.html", out)
    assert [p.code for p in out] == ["key-not-column"]


# --------------------------------------------------------------------------- config objects


def _obj(example: object, **extra: object) -> ConfigObject:
    enum = Constraint(kind="enum", value=["30", "60"], sentence="Accepted values: `30`, `60`.")
    fmt = Constraint(kind="format", value="date-time", sentence="ISO 8601.")
    pattern = Constraint(kind="pattern", value=r"T00:00:00Z$", sentence="Must be midnight.")
    return ConfigObject(
        type="platform.widget",
        kind="source",
        display_name="Widget",
        element="widget-object",
        properties=[
            Property(name="api_key", type="string", required=True),
            Property(name="port", type="integer"),
            Property(name="frequency", type="string", constraints=[enum]),
            Property(name="start_date", type="string", constraints=[fmt, pattern]),
            Property(
                name="reports",
                type="array",
                children=[Property(name="name", type="string", required=True)],
            ),
        ],
        oauth=[Property(name="refresh_token", type="string")],
        example=example,
        **extra,
    )


GOOD = {
    "api_key": "<API_KEY>",
    "port": 5432,
    "frequency": "60",
    "start_date": "2020-01-01T00:00:00Z",
    "reports": [{"name": "r1"}],
    "refresh_token": "<TOKEN>",
}


def test_consistent_example_has_no_findings() -> None:
    out: list = []
    lint.lint_config(_obj(GOOD), "ref.html", out)
    assert out == []


@pytest.mark.parametrize(
    ("edit", "code"),
    [
        ({"port": "5432"}, "example-type-mismatch"),
        ({"port": True}, "example-type-mismatch"),
        ({"frequency": "3600"}, "example-not-accepted"),
        ({"start_date": "yesterday"}, "example-format-mismatch"),
        ({"start_date": "2020-01-01T10:00:00Z"}, "example-pattern-mismatch"),
        ({"api_key": None}, "example-missing-required"),
        ({"reports": [{"title": "x"}]}, "example-missing-required"),
        ({"colour": "red"}, "example-unknown-property"),
    ],
)
def test_example_contradictions(edit: dict, code: str) -> None:
    example = {**GOOD, **edit}
    example = {k: v for k, v in example.items() if v is not None}
    out: list = []
    lint.lint_config(_obj(example), "ref.html", out)
    assert code in _codes(out)
    found = next(p for p in out if p.code == code)
    assert found.location.element == "widget-object" and found.location.property
    assert found.severity == lint.SEVERITY[code]


def test_placeholders_are_not_values() -> None:
    out: list = []
    example = {**GOOD, "port": "<PORT>", "start_date": "<START>T00:00:00Z"}
    lint.lint_config(_obj(example), "ref.html", out)
    assert out == []


def test_duplicate_property_and_invalid_example() -> None:
    obj = _obj(None, example_text="{ not json")
    obj.properties.append(Property(name="port", type="integer"))
    out: list = []
    lint.lint_config(obj, "ref.html", out)
    assert _codes(out) == {"duplicate-property": 1, "example-invalid-json": 1}


# --------------------------------------------------------------------------- real pages


def _page(name: str) -> Path:
    return CORPUS / "pages" / name


def _edited(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name  # same file name: same site path
    path.write_bytes(data)
    return path


def test_corpus_findings_are_located_and_known(corpus_parse: Any) -> None:
    result = corpus_parse  # pipeline.parse_pages of every corpus page
    found = [p for page in result.pages if page is not None for p in lint.lint_page(page)]
    assert found, "the corpus states contradictions (keys that are not columns, ...)"
    assert set(_codes(found)) <= set(lint.SEVERITY)
    for problem in found:
        assert problem.location.page.endswith(".html")
        assert problem.location.table or problem.location.element
    # the table reader runs the same checks (docgen.model.checks) while reading: both agree on
    # every table contradiction, place and wording; only the severity is lint's
    shared = {
        "key-not-column",
        "key-icon-mismatch",
        "fk-unknown-table",
        "fk-unknown-column",
        "duplicate-table",
        "duplicate-column",
    }

    def table_findings(problems: list) -> list:
        return sorted((p.code, str(p.location), p.message) for p in problems if p.code in shared)

    assert table_findings(result.problems) == table_findings(found)
    assert all(p.severity == lint.SEVERITY[p.code] for p in found)


def test_edited_key_row_is_reported(shared_dir: Path, tmp_path: Path) -> None:
    from docgen.readers import read_path

    name = "integrations__saas__autopilot.html"
    original = read_path(_page(name))
    before = Counter((p.code, p.location.table) for p in lint.lint_page(original))
    table = original.tables[0]
    key = table.primary_keys[0]
    data = _page(name).read_bytes()
    heading = data.index(f'id="{table.element}"'.encode())
    row = data.index(b"Primary Key", heading)
    cell = re.compile(rb"(<p>)\s*" + re.escape(key.encode()) + rb"\s*(</p>)")
    m = cell.search(data, row)
    assert m is not None
    data = data[: m.start()] + m.group(1) + b"no_such_column" + m.group(2) + data[m.end() :]
    edited = read_path(_edited(tmp_path, name, data))
    assert edited.tables[0].primary_keys == ["no_such_column"]
    after = Counter((p.code, p.location.table) for p in lint.lint_page(edited))
    assert after[("key-not-column", table.name)] == before[("key-not-column", table.name)] + 1


def test_edited_example_is_reported(shared_dir: Path, tmp_path: Path) -> None:
    from docgen.readers import read_path

    name = "developers__stitch-connect__guides__source-destination-reference.html"
    original = read_path(_page(name))
    before = _codes(lint.lint_page(original))
    # a string property whose example value is a digit string: print it as a bare number
    obj, prop = next(
        (o, p)
        for o in original.objects
        if isinstance(o.example, dict)
        for p in o.properties
        if p.type == "string" and str(o.example.get(p.name, "")).isdigit()
    )
    value = obj.example[prop.name]
    text = _page(name).read_text(encoding="utf-8")
    start = text.index(f'id="{obj.element}"')
    following = re.compile(r'id="[^"]*-form-properties-[^"]*-object"').search(text, start + 1)
    end = following.start() if following else len(text)
    section = text[start:end]
    n = re.escape(prop.name)
    # both printed copies: the copy button's data-code and the highlighted code block
    section, copies = re.subn(
        rf"(&quot;{n}&quot;:\s*)&quot;{value}&quot;", rf"\g<1>{value}", section
    )
    section, blocks = re.subn(
        rf'(<span class="nl">"{n}"</span><span class="p">:</span>)<span class="s2">"{value}"</span>',
        rf'\g<1><span class="mi">{value}</span>',
        section,
    )
    assert copies + blocks >= 1, "the example value is printed in the object's section"
    edited = read_path(_edited(tmp_path, name, (text[:start] + section + text[end:]).encode()))
    edited_obj = next(o for o in edited.objects if o.element == obj.element)
    assert edited_obj.example[prop.name] == int(value)
    found = lint.lint_page(edited)
    after = _codes(found)
    assert after["example-type-mismatch"] == before["example-type-mismatch"] + 1
    assert any(
        p.code == "example-type-mismatch"
        and p.location.property == prop.name
        and p.location.element == obj.element
        for p in found
    )


# --------------------------------------------------------------------------- specs & CLI


def _write_specs(directory: Path, conns: list[Connector]) -> None:
    from docgen.model.specio import dump

    directory.mkdir(parents=True, exist_ok=True)
    for conn in conns:
        (directory / f"{conn.name}.yaml").write_text(dump(conn), encoding="utf-8")


def _connector(tables: list[Table], config: ConfigObject | None = None) -> Connector:
    sources = [Provenance(page="integrations/saas/widget.html")]
    if config is not None:
        sources.append(Provenance(page="ref.html", element=config.element))
    return Connector(
        name="widget", display_name="Widget", tables=tables, config=config, sources=sources
    )


def test_specs_locate_findings_on_their_source_pages() -> None:
    tables = _tables()
    tables[0].replication_keys = ["modified"]
    conn = _connector(tables, _obj({**GOOD, "port": "1"}))
    found = lint.lint_connector(conn)
    pages = {p.code: p.location.page for p in found}
    assert pages == {
        "key-not-column": "integrations/saas/widget.html",
        "key-icon-mismatch": "integrations/saas/widget.html",
        "key-left-out": "integrations/saas/widget.html",
        "example-type-mismatch": "ref.html",
    }


def test_main_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clean = tmp_path / "clean"
    _write_specs(clean, [_connector(_tables(), _obj(GOOD))])
    assert _lint_cli([], clean, as_json=False) == 0
    assert "0 findings: 0 errors, 0 warnings" in capsys.readouterr().out

    warn_only = _tables()
    warn_only[0].foreign_keys.append(ForeignKey(column="id", table="gone", references="id"))
    warnings = tmp_path / "warnings"
    _write_specs(warnings, [_connector(warn_only)])
    assert _lint_cli([], warnings, as_json=False) == 0  # warnings alone never fail
    assert "fk-unknown-table" in capsys.readouterr().out

    broken = _tables()
    broken[0].primary_keys = ["nope"]
    errors = tmp_path / "errors"
    _write_specs(errors, [_connector(broken)])
    assert _lint_cli([], errors, as_json=True) == 1
    doc = json.loads(capsys.readouterr().out)
    lines = doc["findings"]
    assert doc["errors"] == []
    assert {d["code"] for d in lines} == {"key-not-column", "key-icon-mismatch", "key-left-out"}
    assert all(d["location"]["page"] == "integrations/saas/widget.html" for d in lines)

    assert _lint_cli([], tmp_path / "missing", as_json=False) == 2
    (errors / "bad.yaml").write_text("spec_format: 1\nname: x\n")
    assert _lint_cli([], errors, as_json=False) == 2
    assert "bad.yaml" in capsys.readouterr().err


def test_main_on_pages(shared_dir: Path, tmp_path: Path, capsys) -> None:
    page = str(_page("integrations__saas__autopilot.html"))
    code = _lint_cli([page], Path("specs"), as_json=True)
    found = json.loads(capsys.readouterr().out)["findings"]
    assert code == (1 if any(d["severity"] == "error" for d in found) else 0)
    missing = str(tmp_path / "missing.html")
    assert _lint_cli([missing], Path("specs"), as_json=False) == 2
    assert "missing.html" in capsys.readouterr().err
