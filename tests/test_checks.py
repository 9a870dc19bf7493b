"""docgen.model.checks: the table consistency checks every reader and lint share - each kind on
small models, what a layout changes, and that readers report exactly these checks' findings."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from docgen.model.checks import GAPS, check_properties, check_tables, column_paths, legacy_aliases
from docgen.model.spec import (
    Column,
    ConfigObject,
    ForeignKey,
    Problem,
    Property,
    ReadError,
    Table,
    TablePage,
)


def _codes(problems: list[Problem]) -> Counter[str]:
    return Counter(p.code for p in problems)


def _tables() -> list[Table]:
    return [
        Table(
            name="orders",
            element="orders",
            replication_method="INCREMENTAL",
            replication_method_text="Key-based Incremental",
            primary_keys=["id"],
            replication_keys=["updated_at"],
            foreign_keys=[ForeignKey(column="customer.id", table="customers", references="id")],
            columns=[
                Column(name="id", types=["integer"], primary_key=True),
                Column(name="updated_at", types=["date-time"], replication_key=True),
                Column(
                    name="customer",
                    types=["object"],
                    element="orders-customer",
                    children=[Column(name="id", types=["integer"])],
                ),
            ],
        ),
        Table(
            name="customers",
            element="customers",
            primary_keys=["id"],
            columns=[Column(name="id", types=["integer"], primary_key=True)],
        ),
    ]


def test_consistent_tables_have_no_problems() -> None:
    for layout in ("singer", "text", None):
        assert check_tables(_tables(), "p.html", layout=layout) == []


def test_each_contradiction_is_located() -> None:
    tables = _tables()
    orders = tables[0]
    orders.primary_keys = ["order_id"]  # not a column; the id icon now disagrees
    orders.foreign_keys += [
        ForeignKey(column="id", table="refunds", references="order_id"),
        ForeignKey(column="customer.uuid", table="customers", references="uuid"),
    ]
    orders.columns[2].children += (Column(name="id", types=("string",)),)
    tables.append(tables[1].model_copy())
    found = check_tables(tables, "p.html", layout="singer")
    assert _codes(found) == {
        "key-not-column": 1,
        "key-icon-mismatch": 1,
        "fk-unknown-table": 1,
        "fk-unknown-column": 2,  # customer.uuid is not in orders; uuid not in customers
        "duplicate-column": 1,
        "duplicate-table": 1,
    }
    assert all(p.severity == "warning" and p.location.page == "p.html" for p in found)
    where = {p.code: (p.location.element, p.location.table, p.location.column) for p in found}
    assert where["key-not-column"] == ("orders", "orders", "order_id")
    assert where["key-icon-mismatch"] == ("orders", "orders", "id")
    assert where["fk-unknown-table"] == ("orders", "orders", "id")
    # a nested duplicate is located on its parent column's panel
    assert where["duplicate-column"] == ("orders-customer", "orders", "customer.id")
    assert where["duplicate-table"] == ("customers", "customers", None)
    messages = sorted(p.message for p in found if p.code == "fk-unknown-column")
    assert messages == [
        "foreign key customer.uuid -> customers.uuid: 'customer.uuid' is not a column of 'orders'",
        "foreign key customer.uuid -> customers.uuid: 'customers' has no column 'uuid'",
    ]


def test_severity_mapping_and_gaps() -> None:
    tables = _tables()
    tables[1].primary_keys = []
    tables[1].replication_method_text = ""
    tables[0].replication_method_text = "Magic Sync"
    tables[0].replication_method = None
    tables[0].primary_keys = ["nope"]
    found = check_tables(tables, "p.html", severity={"key-not-column": "error"})
    assert {(p.code, p.severity, p.location.table) for p in found} == {
        ("key-not-column", "error", "orders"),
        ("key-icon-mismatch", "warning", "orders"),
        ("unknown-method", "warning", "orders"),
        ("unknown-method", "warning", "customers"),
        ("no-primary-key", "warning", "customers"),
        ("key-icon-mismatch", "warning", "customers"),  # its id icon, now in no key row
    }
    assert GAPS == {"no-primary-key", "unknown-method"}
    methods = {p.location.table: p.message for p in found if p.code == "unknown-method"}
    assert methods == {
        "orders": "replication method 'Magic Sync' is not a known method",
        "customers": "the Replication Method row is empty",
    }


def test_layout_decides_names_and_icons() -> None:
    legacy = Table(
        name="cases",
        primary_keys=["id"],
        replication_keys=["labels"],
        columns=[Column(name="Case ID (id)"), Column(name="labels*")],
    )
    # legacy names answer to their displayed aliases, and show no icons
    assert check_tables([legacy], "p.html", layout="legacy") == []
    assert check_tables([legacy], "p.html") == []  # untyped: inferred legacy
    typed_names = check_tables([legacy], "p.html", layout="text")
    assert _codes(typed_names) == {"key-not-column": 2}
    # text copies lost the icons: a key without its icon is not a contradiction there
    no_icons = _tables()
    for col in no_icons[0].columns + no_icons[1].columns:
        col.primary_key = col.replication_key = False
    assert check_tables(no_icons, "p.txt", layout="text") == []
    assert _codes(check_tables(no_icons, "p.html", layout="singer")) == {"key-icon-mismatch": 3}
    assert _codes(check_tables(no_icons, "p.html")) == {"key-icon-mismatch": 3}


def test_the_same_slip_twice_is_one_problem() -> None:
    tables = _tables()
    ghost = ForeignKey(column="id", table="ghosts", references="id")
    tables[0].foreign_keys += [ghost, ghost]
    assert _codes(check_tables(tables, "p.html")) == {"fk-unknown-table": 1}


def test_paths_and_aliases() -> None:
    cols = [
        Column(name="a", children=[Column(name="b", children=[Column(name="c")])]),
        Column(name="a", types=["string"]),
    ]
    paths = column_paths(cols)
    assert list(paths) == ["a", "a.b", "a.b.c"]
    assert paths["a"] is cols[0]  # the first of a repeated name wins
    assert legacy_aliases([Column(name="id: the record id"), Column(name="Case ID (id)*")]) == {
        "id: the record id",
        "id",
        "Case ID (id)*",
        "Case ID (id)",
    }


def _obj() -> ConfigObject:
    nested = [Property(name="x", type="string"), Property(name="y", type="string")]
    return ConfigObject(
        type="platform.widget",
        kind="source",
        display_name="Widget",
        element="widget-object",
        properties=[
            Property(name="host", type="string"),
            Property(name="filters", type="object", children=nested),
        ],
        oauth=[Property(name="token", type="string")],
    )


def test_properties_listed_twice() -> None:
    obj = _obj()
    assert check_properties(obj, "ref.html") == []
    obj.properties.append(Property(name="host", type="string"))
    obj.properties.append(Property(name="host", type="integer"))  # thrice: still one slip
    obj.properties[1].children.append(Property(name="x", type="integer"))
    obj.oauth.append(Property(name="token", type="string"))
    found = check_properties(obj, "ref.html", elements={"oauth": "widget-oauth"})
    # in document order, nested ones where their parent stands
    assert [(p.message, p.location.element, p.location.property) for p in found] == [
        ("property 'filters.x' is listed more than once", "widget-object", "filters.x"),
        ("property 'host' is listed more than once", "widget-object", "host"),
        ("oauth property 'token' is listed more than once", "widget-oauth", "token"),
    ]
    assert {p.severity for p in found} == {"warning"}
    strict = check_properties(obj, "ref.html", severity={"duplicate-property": "error"})
    assert {p.severity for p in strict} == {"error"}


def test_readers_report_exactly_the_shared_checks(shared_dir: Path) -> None:
    """A reader's consistency findings are check_tables' on the tables it read: no second
    copy of a check is left in a reader (same codes, messages and locations)."""
    from docgen.readers import read_path

    codes = {
        "duplicate-table",
        "duplicate-column",
        "key-not-column",
        "key-icon-mismatch",
        "fk-unknown-table",
        "fk-unknown-column",
    } | GAPS
    pages = sorted((shared_dir / "corpus" / "pages").glob("integrations__*.html"))
    pages += sorted((shared_dir / "seeds").glob("*.txt"))
    checked = 0
    for path in pages:
        try:
            page = read_path(path)
        except ReadError as exc:  # a page without tables: the readers' tests cover those
            assert exc.problem.severity == "error"
            continue
        if not isinstance(page, TablePage):
            continue
        read = [p for p in page.problems if p.code in codes]
        assert read == check_tables(page.tables, page.page, layout=page.layout), path.name
        checked += bool(read)
    assert checked > 10
