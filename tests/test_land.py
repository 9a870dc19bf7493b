"""docgen land: the prediction on small specs written for each rule, every naming example of
every destination page through `--column`/`--table`, the commands' exit codes and the dbt
output. Destination specs are the committed goldens (specs/destinations/)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import REPO
from typer.testing import CliRunner

from docgen.cli import app
from docgen.model.destinations import Destination, Naming, load_destinations
from docgen.model.spec import Column, Connector, Table
from docgen.tools import land as land_mod

SPECS = REPO / "specs"
DESTS = {d.name: d for d in load_destinations(SPECS)[0]}
runner = CliRunner()


def _examples() -> list[tuple[str, str, str, str]]:
    out = []
    for dest in DESTS.values():
        for kind, rows in (("column", dest.column_naming), ("table", dest.table_naming)):
            for row in rows or []:
                out.extend((dest.name, kind, ex.source, ex.destination) for ex in row.examples)
    return out


def test_the_six_destination_specs_are_there():
    assert sorted(DESTS) == [
        "amazon_redshift",
        "amazon_s3",
        "google_bigquery_v2",
        "mysql",
        "postgresql",
        "snowflake",
    ]
    assert len(_examples()) == 29


@pytest.mark.parametrize(("dest", "kind", "source", "want"), _examples())
def test_every_naming_example_through_the_cli(dest: str, kind: str, source: str, want: str):
    result = runner.invoke(app, ["land", f"--{kind}", source, "--destination", dest])
    assert result.exit_code == 0, result.output
    assert result.stdout == want + "\n"


def test_examples_self_check_is_clean():
    """update's own check (docgen.model.destinations) found every example reproduced."""
    naming_codes = {"naming-example-not-reproduced", "unknown-naming-transformation"}
    for dest in DESTS.values():
        assert [p for p in dest.problems if p.code in naming_codes] == []


# --------------------------------------------------------------------------- small specs


def col(name: str, *types: str, children: list[Column] | None = None, pk: bool = False) -> Column:
    return Column(name=name, types=list(types), children=children or [], primary_key=pk)


def conn(*tables: Table, layout: str = "singer") -> Connector:
    return Connector(name="acme", display_name="Acme", layout=layout, tables=list(tables))  # type: ignore[arg-type]


def table(name: str, *columns: Column, keys: tuple[str, ...] = ("id",)) -> Table:
    return Table(name=name, primary_keys=list(keys), columns=list(columns))


def names(t: land_mod.LandedTable, origin: str | None = None) -> list[str]:
    return [c.name for c in t.columns if origin is None or c.origin == origin]


NESTED = conn(
    table(
        "orders",
        col("id", "integer", pk=True),
        col(
            "outer",
            "object",
            children=[
                col("note", "string"),
                col(
                    "items",
                    "array",
                    children=[
                        col("inner", "object", children=[col("sku", "string")]),
                        col("tags", "array"),
                    ],
                ),
            ],
        ),
    )
)


def test_object_in_array_in_object_flattens_into_subtables():
    """nested-data page: [object]__[property] columns, <table>__<array> subtables, source
    key and level columns (second level: _sdc_level_0_id; third: _0 and _1)."""
    landing = land_mod.land(NESTED, DESTS["postgresql"])
    by_name = {t.name: t for t in landing.tables}
    assert list(by_name) == ["orders", "orders__outer__items", "orders__outer__items__tags"]
    top, items, tags = by_name.values()
    assert names(top, "source") == ["id", "outer__note"]
    assert items.path == ["outer", "items"] and tags.path == ["outer", "items", "tags"]
    assert names(items, "system")[-2:] == ["_sdc_source_key_id", "_sdc_level_0_id"]
    assert names(items, "source") == ["inner__sku"]
    assert [c.source for c in items.columns if c.origin == "source"] == ["outer.items.inner.sku"]
    assert names(tags, "system")[-3:] == [
        "_sdc_source_key_id",
        "_sdc_level_0_id",
        "_sdc_level_1_id",
    ]
    assert names(tags, "source") == ["value"]
    key = next(c for c in items.columns if c.name == "_sdc_source_key_id")
    assert key.type == "INTEGER"  # inherits the primary key's type
    assert "_sdc_batched_at" in names(top, "system") and "__sdc_primary_key" not in names(top)
    assert landing.violations == []


def test_nested_data_stays_nested_where_supported():
    snow = land_mod.land(NESTED, DESTS["snowflake"])
    assert [t.name for t in snow.tables] == ["orders"]
    assert [(c.name, c.type) for c in snow.tables[0].columns if c.origin == "source"] == [
        ("ID", "NUMBER"),
        ("OUTER", "VARIANT"),  # "loaded intact into VARIANT columns"
    ]
    bq = land_mod.land(
        conn(table("t", col("id", "integer"), col("a", "array"))), DESTS["google_bigquery_v2"]
    )
    assert [(c.name, c.type) for c in bq.tables[0].columns if c.origin == "source"] == [
        ("id", "INTEGER"),
        ("a", "ARRAY"),
    ]


def test_a_table_without_a_key_gets_the_no_key_system_column():
    landing = land_mod.land(conn(table("t", col("a", "string"), keys=())), DESTS["postgresql"])
    assert "__sdc_primary_key" in names(landing.tables[0], "system")


def test_multi_type_column_is_split_as_each_destination_tab_says():
    """understanding-table-structural-changes: PostgreSQL/Redshift rename the original to
    carry its type; Snowflake and BigQuery keep it and append the new type."""
    spec = conn(
        table(
            "customers",
            col("id", "integer", pk=True),
            col("has_magic", "boolean", "string"),
            col("age", "integer", "number"),
        )
    )
    pg = land_mod.land(spec, DESTS["postgresql"]).tables[0]
    assert names(pg)[-4:] == ["has_magic__bo", "has_magic__st", "age__in", "age__do"]
    rs = land_mod.land(spec, DESTS["amazon_redshift"]).tables[0]
    assert names(rs)[-4:] == ["has_magic__bo", "has_magic__st", "age__in", "age__do"]
    snow = land_mod.land(spec, DESTS["snowflake"]).tables[0]
    assert names(snow)[-4:] == ["HAS_MAGIC", "HAS_MAGIC__ST", "AGE", "AGE__FL"]
    assert [c.type for c in snow.columns][-2:] == ["NUMBER", "FLOAT"]
    bq = land_mod.land(spec, DESTS["google_bigquery_v2"]).tables[0]
    assert names(bq)[-4:] == ["has_magic", "has_magic__st", "age", "age__fl"]
    # a destination the structural-changes page has no tab for: data-typing#mixed-data-types
    my = land_mod.land(spec, DESTS["mysql"]).tables[0]
    assert names(my)[-4:] == ["has_magic", "has_magic__string", "age", "age__double"]


def test_names_colliding_after_transformation():
    spec = conn(
        table(
            "t",
            col("id", "integer"),
            col("Customer#Id", "string"),
            col("customerid", "string"),
            col("!customer_id", "string"),
        )
    )
    redshift = land_mod.land(spec, DESTS["amazon_redshift"])
    (v,) = redshift.violations
    assert (v.kind, v.table, v.column) == ("name-collision", "t", "customerid")
    assert "Customer#Id and customerid both land as 'customerid'" in v.detail
    # PostgreSQL is case-sensitive: CustomerId and customerid stay apart
    pg = land_mod.land(spec, DESTS["postgresql"])
    assert pg.violations == []
    tables = conn(table("a-b", col("id", "integer")), table("a_b", col("id", "integer")))
    (tv,) = land_mod.land(tables, DESTS["mysql"]).violations
    assert tv.kind == "name-collision" and tv.column is None and "a-b and a_b" in tv.detail


def test_name_at_the_limit_passes_and_one_over_fails():
    limit = DESTS["postgresql"].column_name_length
    assert limit is not None and limit.maximum == 59
    at, over = "a" * 59, "b" * 60
    landing = land_mod.land(
        conn(table("t", col("id", "integer"), col(at, "string"), col(over, "string"))),
        DESTS["postgresql"],
    )
    (v,) = landing.violations
    assert (v.kind, v.column) == ("name-too-long", over)
    assert "60 characters; the limit is 59 characters" in v.detail
    tlimit = DESTS["postgresql"].table_name_length
    assert tlimit is not None and tlimit.maximum == 63
    ok, long = "t" * 63, "u" * 64
    landing = land_mod.land(
        conn(table(ok, col("id", "integer")), table(long, col("id", "integer"))),
        DESTS["postgresql"],
    )
    assert [(v.kind, v.table, v.column) for v in landing.violations] == [
        ("name-too-long", long, None)
    ]


def test_flattened_name_over_the_limit():
    deep = col(
        "a" * 20, "object", children=[col("b" * 20, "object", children=[col("c" * 20, "string")])]
    )
    landing = land_mod.land(conn(table("t", col("id", "integer"), deep)), DESTS["postgresql"])
    (v,) = landing.violations
    assert v.column == "a" * 20 + "__" + "b" * 20 + "__" + "c" * 20 and v.kind == "name-too-long"


def test_column_count_against_a_range_and_a_maximum():
    many = [col(f"c{i}", "string") for i in range(300)]
    pg = land_mod.land(conn(table("t", col("id", "integer"), *many)), DESTS["postgresql"])
    assert [v.kind for v in pg.violations] == ["may-exceed-columns"]  # 250-1,600
    more = [col(f"c{i}", "string") for i in range(1700)]
    rs = land_mod.land(conn(table("t", col("id", "integer"), *more)), DESTS["amazon_redshift"])
    assert [v.kind for v in rs.violations] == ["too-many-columns"]  # 1,600
    assert "1706 columns; the limit is 1,600" in rs.violations[0].detail


def test_reserved_suffix_and_prefix():
    spec = conn(
        table("t", col("id", "integer"), col("amount__st", "string"), col("_sdc_mine", "string"))
    )
    pg = land_mod.land(spec, DESTS["postgresql"])
    # PostgreSQL strips leading non-letters, so only the suffix remains reserved
    assert [(v.kind, v.column) for v in pg.violations] == [("reserved-keyword", "amount__st")]
    bq = land_mod.land(spec, DESTS["google_bigquery_v2"])
    kinds = sorted((v.kind, v.column) for v in bq.violations)
    assert ("reserved-keyword", "_sdc_mine") in kinds


def test_unknown_transformation_is_reported_never_skipped():
    dest = DESTS["postgresql"].model_copy(
        update={"column_naming": [Naming(transformation="Frobnicate every vowel")]}
    )
    with pytest.raises(land_mod.LandError, match="Frobnicate every vowel"):
        land_mod.land(NESTED, dest)
    with pytest.raises(land_mod.LandError):
        land_mod.column_name(dest, "x")


def test_nested_support_that_depends_is_bad_input():
    with pytest.raises(land_mod.LandError, match="Depends on data storage format"):
        land_mod.land(NESTED, DESTS["amazon_s3"])


# --------------------------------------------------------------------------- commands


def _specs_with(tmp_path: Path, *connectors: Connector) -> Path:
    from docgen.model import specio
    from docgen.model.destinations import dump

    out = tmp_path / "specs"
    (out / "destinations").mkdir(parents=True)
    for c in connectors:
        (out / f"{c.name}.yaml").write_text(specio.dump(c))
    for d in DESTS.values():
        (out / "destinations" / f"{d.name}.yaml").write_text(dump(d))
    return out


def test_land_json_shape_and_exit_codes(tmp_path: Path):
    specs = _specs_with(tmp_path, NESTED)
    ok = runner.invoke(
        app, ["land", "acme", "--destination", "PostgreSQL", "--specs", str(specs), "--json"]
    )
    assert ok.exit_code == 0, ok.output
    data = json.loads(ok.stdout)
    assert set(data) == {"connector", "destination", "tables", "violations"}
    assert data["tables"][1]["path"] == ["outer", "items"]
    assert set(data["tables"][0]["columns"][0]) == {"name", "type", "source"}
    long = conn(table("t", col("id", "integer"), col("x" * 80, "string")))
    specs = _specs_with(tmp_path / "2", long)
    bad = runner.invoke(app, ["land", "acme", "--destination", "postgresql", "--specs", str(specs)])
    assert bad.exit_code == 1 and "name-too-long: t." + "x" * 80 in bad.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["land", "acme", "--destination", "nowhere"],
        ["land", "nosuch", "--destination", "postgresql"],
        ["land", "--destination", "postgresql"],
        ["land", "acme"],
        ["land", "acme", "--all", "--destination", "postgresql"],
        ["land", "--column", "x", "--destination", "postgresql", "--format", "dbt"],
        ["land", "acme", "--destination", "postgresql", "--format", "xml"],
        ["land", "acme", "--destination", "amazon_s3"],
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, args: list[str]):
    specs = _specs_with(tmp_path, NESTED)
    result = runner.invoke(app, [*args, "--specs", str(specs)])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("docgen land: ")


def test_missing_spec_directory_is_exit_2(tmp_path: Path):
    result = runner.invoke(app, ["land", "--list-destinations", "--specs", str(tmp_path / "no")])
    assert result.exit_code == 2 and "no such folder; expected a spec folder" in result.stderr


def test_unknown_transformation_via_the_cli_is_exit_2(tmp_path: Path):
    from docgen.model.destinations import dump

    specs = _specs_with(tmp_path)
    pg = DESTS["postgresql"].model_copy(
        update={"column_naming": [Naming(transformation="Reverse the name")]}
    )
    (specs / "destinations" / "postgresql.yaml").write_text(dump(pg))
    result = runner.invoke(
        app, ["land", "--column", "ab", "--destination", "postgresql", "--specs", str(specs)]
    )
    assert result.exit_code == 2 and "'Reverse the name' is not one docgen knows" in result.stderr


def test_list_destinations():
    result = runner.invoke(app, ["land", "--list-destinations"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "postgresql\tdestinations/postgresql/reference.html" in lines and len(lines) == 6


def test_all_on_postgresql_finds_what_the_page_warns_about():
    """The PostgreSQL page: HubSpot and Stripe "may result in tables and columns with names
    that exceed PostgreSQL's character limit"."""
    result = runner.invoke(app, ["land", "--all", "--destination", "postgresql", "--json"])
    assert result.exit_code == 1
    rows = {r["connector"]: r for r in json.loads(result.stdout)["connectors"]}
    for name in ("hubspot", "stripe"):
        assert rows[name]["incompatible_claim"] == "ANY"
        assert rows[name]["violations"]["name-too-long"] > 0
    stripe = runner.invoke(app, ["land", "stripe", "--destination", "postgresql", "--json"])
    too_long = [v for v in json.loads(stripe.stdout)["violations"] if v["kind"] == "name-too-long"]
    assert any(len(v["column"] or "") > 59 for v in too_long)
    hubspot = runner.invoke(app, ["land", "hubspot", "--destination", "postgresql", "--json"])
    hs = [v for v in json.loads(hubspot.stdout)["violations"] if v["kind"] == "name-too-long"]
    assert any(len(v["table"]) > 63 for v in hs)
    text = runner.invoke(app, ["land", "--all", "--destination", "postgresql"]).stdout
    assert "docgen finds violations in those: HubSpot, Stripe" in text


def test_dbt_sources(tmp_path: Path):
    specs = _specs_with(tmp_path, NESTED)
    result = runner.invoke(
        app,
        ["land", "acme", "--destination", "postgresql", "--specs", str(specs), "--format", "dbt"],
    )
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(result.stdout)
    assert data["version"] == 2
    (source,) = data["sources"]
    assert source["name"] == "acme"
    top, items, _ = source["tables"]
    id_col = next(c for c in top["columns"] if c["name"] == "id")
    assert id_col["tests"] == ["not_null", "unique"] and id_col["data_type"] == "INTEGER"
    assert all("tests" not in c for c in items["columns"])  # keys only on top-level tables
    assert "Subtable of orders for the array outer.items" in items["description"]
    # BigQuery v2's loading behaviour is "Selected by you": keys are not kept, no tests
    bq = runner.invoke(
        app,
        [
            "land",
            "acme",
            "--destination",
            "google_bigquery_v2",
            "--specs",
            str(specs),
            "--format",
            "dbt",
        ],
    )
    assert "tests" not in bq.stdout
    both = runner.invoke(
        app,
        ["land", "--all", "--destination", "postgresql", "--specs", str(specs), "--format", "dbt"],
    )
    assert [s["name"] for s in yaml.safe_load(both.stdout)["sources"]] == ["acme"]


def test_destination_spec_round_trip():
    from docgen.model.destinations import dump, load_text

    for dest in DESTS.values():
        assert load_text(dump(dest), "x") == dest
        assert isinstance(dest, Destination)
