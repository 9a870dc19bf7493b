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
    assert names(items, "link") == ["_sdc_source_key_id", "_sdc_level_0_id"]
    assert items.parent == "orders" and tags.parent == "orders__outer__items"
    assert names(items, "source") == ["inner__sku"]
    assert [c.source for c in items.columns if c.origin == "source"] == ["outer.items.inner.sku"]
    assert names(tags, "link") == [
        "_sdc_source_key_id",
        "_sdc_level_0_id",
        "_sdc_level_1_id",
    ]
    # an array whose items the docs do not describe: no invented `value` column
    assert names(tags, "source") == []
    assert [u.source for u in tags.undetermined] == ["outer.items.tags[]"]
    key = next(c for c in items.columns if c.name == "_sdc_source_key_id")
    assert key.type == "BIGINT"  # inherits the primary key's type (an integer: BIGINT)
    assert "_sdc_batched_at" in names(top, "system") and "__sdc_primary_key" not in names(top)
    assert landing.violations == []


def test_nested_data_stays_nested_where_supported():
    snow = land_mod.land(NESTED, DESTS["snowflake"])
    assert [t.name for t in snow.tables] == ["orders"]
    assert [(c.name, c.type) for c in snow.tables[0].columns if c.origin == "source"] == [
        ("ID", "NUMBER(38,0)"),  # the BIGINT row, "Stored as NUMBER(38,0)"
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
    carry its type; Snowflake and BigQuery keep it and append the new type; every suffix is
    one of the destination's reserved suffixes (BIGINT: __bi where listed, else __it)."""
    spec = conn(
        table(
            "customers",
            col("id", "integer", pk=True),
            col("has_magic", "boolean", "string"),
            col("age", "integer", "string"),
        )
    )
    pg = land_mod.land(spec, DESTS["postgresql"]).tables[0]
    assert names(pg)[-4:] == ["has_magic__bo", "has_magic__st", "age__bi", "age__st"]
    assert [c.type for c in pg.columns][-2:] == ["BIGINT", "TEXT"]
    rs = land_mod.land(spec, DESTS["amazon_redshift"]).tables[0]
    assert names(rs)[-4:] == ["has_magic__bo", "has_magic__st", "age__bi", "age__st"]
    snow = land_mod.land(spec, DESTS["snowflake"]).tables[0]
    assert names(snow)[-4:] == ["HAS_MAGIC", "HAS_MAGIC__ST", "AGE", "AGE__ST"]
    bq = land_mod.land(spec, DESTS["google_bigquery_v2"]).tables[0]
    assert names(bq)[-4:] == ["has_magic", "has_magic__st", "age", "age__st"]
    my = land_mod.land(spec, DESTS["mysql"]).tables[0]
    assert names(my)[-4:] == ["has_magic", "has_magic__st", "age", "age__st"]
    # no split suffix outside the reserved lists
    for dest in ("postgresql", "amazon_redshift", "snowflake", "google_bigquery_v2", "mysql"):
        types = land_mod.Types.of(DESTS[dest])
        reserved = {
            k.keyword.lower().lstrip("_")
            for k in DESTS[dest].reserved_keywords.keywords  # type: ignore[union-attr]
            if k.position == "suffix"
        }
        for stitch in ("BIGINT", "DOUBLE", "STRING", "BOOLEAN", "DATE", "NUMBER"):
            suffix, listed = types.suffix(stitch)
            assert listed and suffix in reserved, (dest, stitch, suffix)


def test_integer_beside_number_is_one_column_as_the_catalog_says():
    """The catalog merges integer|number into number and date-time|string into string (the
    schema a tap sends); land lands what it is sent: one column each."""
    spec = conn(
        table(
            "t",
            col("id", "integer", pk=True),
            col("age", "integer", "number"),
            col("born", "date-time", "string"),
        )
    )
    pg = land_mod.land(spec, DESTS["postgresql"]).tables[0]
    assert [(c.name, c.type) for c in pg.columns if c.origin == "source"] == [
        ("id", "BIGINT"),
        ("age", "DOUBLE PRECISION"),
        ("born", "TEXT"),
    ]


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


def test_unknown_transformation_is_applied_as_no_change_and_named():
    """A wording docgen does not read never refuses the destination: the rules it reads
    apply, and the landing says which names the unread one may change."""
    dest = DESTS["postgresql"].model_copy(
        update={
            "column_naming": [
                Naming(transformation="Frobnicate special characters"),
                Naming(transformation="Remove special characters"),
            ]
        }
    )
    landing = land_mod.land(conn(table("t", col("id", "integer"), col("a#b", "string"))), dest)
    assert names(landing.tables[0], "source") == ["id", "ab"]
    assert landing.unread_naming == {"Frobnicate special characters": 1}  # only a#b
    assert landing.names_uncertain
    assert any(
        "'Frobnicate special characters' is not one docgen reads" in n for n in landing.notes
    )
    clean = land_mod.land(conn(table("t", col("id", "integer"))), dest)
    assert not clean.names_uncertain  # no name holds a special character
    anything = dest.model_copy(update={"column_naming": [Naming(transformation="Reverse it")]})
    assert land_mod.land(conn(table("t", col("id", "integer"))), anything).names_uncertain


def test_storage_format_decides_nested_support():
    """Amazon S3: "CSV: Nested JSON structures will be flattened ...", "JSON: ... stored
    as-is"; without a choice, one line names it."""
    with pytest.raises(land_mod.LandError, match=r"--storage-format csv.*--storage-format json"):
        land_mod.land(NESTED, DESTS["amazon_s3"])
    csv = land_mod.land(NESTED, DESTS["amazon_s3"], "csv")
    assert [t.name for t in csv.tables] == [
        "orders",
        "orders__outer__items",
        "orders__outer__items__tags",
    ]
    js = land_mod.land(NESTED, DESTS["amazon_s3"], "JSON")
    assert [t.name for t in js.tables] == ["orders"] and js.storage_format == "JSON"
    with pytest.raises(land_mod.LandError, match="no storage format 'parquet'"):
        land_mod.land(NESTED, DESTS["amazon_s3"], "parquet")


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
    assert set(data) == {"connector", "destination", "tables", "violations", "notes"}
    assert data["tables"][1]["path"] == ["outer", "items"]
    assert data["tables"][1]["parent"] == "orders"
    assert set(data["tables"][0]["columns"][0]) == {
        "name",
        "type",
        "source",
        "origin",
        "stitch_type",
    }
    assert data["tables"][2]["undetermined"][0]["source"] == "outer.items.tags[]"
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
        ["land", "acme", "--destination", "amazon_s3", "--storage-format", "xml"],
        ["land", "--column", "", "--destination", "postgresql"],
        ["land", "--table", "", "--destination", "postgresql"],
        ["land", "--schema", " ", "--destination", "postgresql"],
        ["land", "--column", "x", "--destination", "postgresql", "--storage-format", "csv"],
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


def test_unknown_transformation_via_the_cli_warns_and_exits_1(tmp_path: Path):
    from docgen.model.destinations import dump

    specs = _specs_with(tmp_path, NESTED)
    pg = DESTS["postgresql"].model_copy(
        update={
            "column_naming": [
                Naming(transformation="Reverse the name"),
                Naming(transformation="Remove special characters"),
            ]
        }
    )
    (specs / "destinations" / "postgresql.yaml").write_text(dump(pg))
    base = ["--destination", "postgresql", "--specs", str(specs)]
    result = runner.invoke(app, ["land", "--column", "a#b", *base])
    assert result.exit_code == 1 and result.stdout == "ab\n"
    assert "'Reverse the name' is not one docgen reads" in result.stderr
    landed = runner.invoke(app, ["land", "acme", *base, "--json"])
    assert landed.exit_code == 1
    assert any("Reverse the name" in n for n in json.loads(landed.stdout)["notes"])
    assert "warning: PostgreSQL's naming rule 'Reverse the name'" in landed.stderr


def test_schema_and_system_tables():
    """understanding-destination-schemas: "Recurly Stitch" -> recurly_stitch; the system
    tables each destination page lists (BigQuery v2 adds _sdc_primary_keys)."""
    got = runner.invoke(app, ["land", "--schema", "Recurly Stitch", "--destination", "postgresql"])
    assert got.exit_code == 0 and got.stdout == "recurly_stitch\n"
    my = runner.invoke(app, ["land", "--schema", "Shop-Data EU", "--destination", "mysql"])
    assert my.stdout == "shop_data_eu\n"  # MySQL's "Table and schema names" rules too
    bq = runner.invoke(app, ["land", "--system-tables", "--destination", "google_bigquery_v2"])
    assert bq.stdout.split() == ["_sdc_primary_keys", "_sdc_rejected"]
    pg = runner.invoke(app, ["land", "--system-tables", "--destination", "postgresql"])
    assert pg.stdout.split() == ["_sdc_rejected"]


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
    # the text form of the same rows (the CLI prints render_all of them; rendering the
    # rows --all computed once instead of landing every connector a second time)
    from docgen.tools import land as land_mod

    run = land_mod.run(REPO / "specs", all_=True, destination="postgresql")
    assert run.dest is not None
    text = "\n".join(
        land_mod.render_all(
            [land_mod.summary_row(c, lg, run.dest) for c, lg in run.pairs], run.dest
        )
    )
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
    assert id_col["tests"] == ["not_null", "unique"] and id_col["data_type"] == "BIGINT"
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


# --------------------------------------------------------------------------- types by the page


def test_types_by_every_statement_of_the_page():
    """PostgreSQL's Timezones section: TIMESTAMP WITH TIMEZONE, system columns included;
    integers BIGINT (the worked examples); _sdc_sequence's documented example does not fit
    the documented INTEGER range, so it takes BIGINT, with a note; MySQL string keys VARCHAR
    ("If a string is loaded into a Primary Key field, it uses the VARCHAR type")."""
    spec = conn(
        table(
            "t",
            col("id", "string", pk=True),
            col("n", "integer"),
            col("at", "date-time"),
            col("items", "array", children=[col("x", "string")]),
        )
    )
    pg = land_mod.land(spec, DESTS["postgresql"])
    types = {c.name: c.type for c in pg.tables[0].columns}
    assert types["at"] == types["_sdc_received_at"] == types["_sdc_batched_at"]
    assert types["at"] == "TIMESTAMP WITH TIMEZONE"
    assert types["n"] == "BIGINT" and types["_sdc_sequence"] == "BIGINT"
    assert types["_sdc_table_version"] == "INTEGER"  # its example (0) fits INTEGER
    assert any("1565276078922000095 does not fit" in n for n in pg.notes)
    rs = {c.name: c.type for c in land_mod.land(spec, DESTS["amazon_redshift"]).tables[0].columns}
    assert rs["at"] == "TIMESTAMP WITHOUT TIMEZONE"
    assert rs["_sdc_sequence"] == "INTEGER"  # Redshift's INTEGER range holds it
    my = land_mod.land(spec, DESTS["mysql"])
    mtypes = {c.name: c.type for c in my.tables[0].columns}
    assert mtypes["id"] == "VARCHAR" and mtypes["n"] == "BIGINT"
    assert mtypes["_sdc_sequence"] == "BIGINT"  # over INT's documented range
    # the Timezones section says TIMESTAMP WITHOUT TIMEZONE, the table DATETIME: noted, kept
    assert mtypes["at"] == "DATETIME" and any("contradicts itself on DATE" in n for n in my.notes)
    snow = {c.name: c.type for c in land_mod.land(spec, DESTS["snowflake"]).tables[0].columns}
    assert snow["AT"] == "TIMESTAMP_TZ(9)" and snow["ID"] == "VARCHAR(16777216)"


def test_every_property_lands_as_a_column_a_subtable_or_undetermined():
    spec = conn(
        table(
            "t",
            col("id", "integer", pk=True),
            col("metadata", "object"),
            col("both", "array", "integer"),
            col("loose", "varies"),
        )
    )
    top, sub = land_mod.land(spec, DESTS["postgresql"]).tables
    assert [u.source for u in top.undetermined] == ["metadata"]
    # [array, integer]: its integers a column of the parent, its arrays a subtable
    assert ("both", "BIGINT") in [(c.name, c.type) for c in top.columns]
    assert sub.name == "t__both" and [u.source for u in sub.undetermined] == ["both[]"]
    assert ("loose", None) in [(c.name, c.type) for c in top.columns]
    text = land_mod.render_text(land_mod.land(spec, DESTS["postgresql"]), DESTS["postgresql"])
    assert any(line.startswith("  undetermined: metadata: an object") for line in text)


def test_an_empty_column_name_is_refused_when_the_spec_loads(tmp_path: Path):
    specs = _specs_with(tmp_path)
    (specs / "e.yaml").write_text(
        "spec_format: 1\nname: e\ndisplay_name: E\ntables:\n- name: t\n  columns:\n"
        "  - name: matrix\n    types: [array]\n    children:\n    - name: ''\n"
    )
    result = runner.invoke(app, ["land", "e", "--destination", "postgresql", "--specs", str(specs)])
    assert result.exit_code == 2 and "a name may not be empty" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("dest", ["postgresql", "snowflake"])
def test_land_and_the_catalog_are_one_model(dest: str):
    """Labelled keys (desk `Case ID (id)`, xero), template key columns (google_ads
    `{{ system-column.record-hash }}`), case-only keys (hubspot owners `Id`), repeated tables
    (mambu_v2 loan_products) and mixed types (facebook `age`, an integer|string key): land
    predicts the catalog's streams, columns, types and keys (scripts/land-consistency runs
    this for every connector and destination)."""
    from docgen.model.specio import load_spec

    for name in ("desk", "xero_v19_10_2016", "hubspot", "google_ads", "mambu_v2", "facebook"):
        spec = load_spec(SPECS / f"{name}.yaml")
        landing = land_mod.land(spec, DESTS[dest])
        got = land_mod.agreement(spec, landing, flatten=dest == "postgresql")
        assert (got.tables, got.columns, got.keys) == ([], [], []), name
    hubspot = land_mod.land(load_spec(SPECS / "hubspot.yaml"), DESTS["postgresql"])
    teams = next(t for t in hubspot.tables if t.name == "owners__teams")
    assert "_sdc_source_key_id" in names(teams, "link")
    ads = land_mod.land(load_spec(SPECS / "google_ads.yaml"), DESTS["postgresql"])
    report = next(t for t in ads.tables if t.name == "account_performance_report")
    assert "_sdc_record_hash" in names(report, "source")
    assert "__sdc_primary_key" not in names(report)


def test_a_source_column_named_like_a_system_column_collides_with_it():
    spec = conn(table("t", col("id", "integer", pk=True), col("_sdc_sequence", "integer")))
    bq = land_mod.land(spec, DESTS["google_bigquery_v2"])
    assert ("name-collision", "_sdc_sequence") in [(v.kind, v.column) for v in bq.violations]
    with pytest.raises(land_mod.LandError, match="no storage format 'csv'"):
        land_mod.land(spec, DESTS["postgresql"], "csv")
