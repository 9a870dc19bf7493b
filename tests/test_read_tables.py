"""The table-reference reader: every corpus integration page exact, plus edge-case fixtures."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import compare_to_truth, corpus_page, corpus_pages, truth_for

from docgen.model.spec import ReadError, TablePage
from docgen.readers import read_page
from docgen.readers.stitch.html_tables import read_table_page, split_labels

FIXTURES = Path(__file__).parent / "fixtures" / "tables"
INTEGRATION_PAGES = [p for p in corpus_pages() if p.name.startswith("integrations__")]


def _read(parse: Any, path: Path) -> TablePage:
    """The page as ``read_page`` read it (the test run's one parse of the corpus)."""
    page = corpus_page(parse, path)
    assert isinstance(page, TablePage)
    return page


def _fixture(name: str) -> TablePage:
    return read_table_page((FIXTURES / name).read_bytes(), f"integrations/test/{name}")


def _codes(page: TablePage) -> Counter[str]:
    return Counter(p.code for p in page.problems)


# --------------------------------------------------------------------------- the corpus


def test_corpus_has_integration_pages(shared_dir: Path) -> None:
    assert len(INTEGRATION_PAGES) >= 30


@pytest.mark.parametrize("path", INTEGRATION_PAGES, ids=lambda p: p.stem)
def test_corpus_page_matches_truth(corpus_parse: Any, path: Path) -> None:
    page = _read(corpus_parse, path)
    got, want = compare_to_truth(page.contract(), truth_for(path))
    assert len(got["tables"]) == len(want["tables"])
    for got_table, want_table in zip(got["tables"], want["tables"], strict=True):
        assert got_table == want_table, f"table {want_table['name']} differs"
    assert got == want


@pytest.mark.parametrize("path", INTEGRATION_PAGES, ids=lambda p: p.stem)
def test_corpus_page_identity(corpus_parse: Any, path: Path) -> None:
    """Descriptive facts (not scored): layout always; name and version when the page says."""
    page = _read(corpus_parse, path)
    truth = truth_for(path)
    assert page.layout == truth["layout"]
    assert page.integration == truth["integration"]
    if page.version is not None:
        assert page.version == truth["version"]
    for problem in page.problems:
        assert problem.severity == "warning"
        assert problem.location.page == truth["page"]


def test_corpus_warnings_are_located(corpus_parse: Any) -> None:
    codes: Counter[str] = Counter()
    for path in INTEGRATION_PAGES:
        page = _read(corpus_parse, path)
        codes.update(_codes(page))
        for problem in page.problems:
            if problem.code != "empty-table-reference":
                assert problem.location.table, problem
                assert problem.location.element, problem
    # anomalies the corpus pages are known to show (counted by kind, not by page)
    for code in (
        "key-not-column",
        "key-icon-mismatch",
        "fk-unknown-table",
        "unknown-type-label",
        "duplicate-table",
        "duplicate-column",
        "unknown-method",
        "no-primary-key",
        "empty-table-reference",
    ):
        assert codes[code] > 0, code


def test_provenance_ids(corpus_parse: Any) -> None:
    path = next(p for p in INTEGRATION_PAGES if "autopilot" in p.name)
    page = _read(corpus_parse, path)
    for table in page.tables:
        assert table.element
    nested = [c for t in page.tables for c in t.columns if c.children]
    assert nested and all(c.element for c in nested)


# --------------------------------------------------------------------------- fixtures


def test_singer_fixture_facts() -> None:
    page = _fixture("singer_edge.html")
    assert (page.integration, page.version, page.latest, page.layout) == (
        "Widgets",
        "2",
        True,
        "singer",
    )
    orders = page.tables[0]
    assert orders.name == "orders" and orders.element == "orders"
    assert orders.description == "The orders table lists orders."
    assert orders.replication_method == "INCREMENTAL"
    assert orders.replication_method_text == "Key-based Incremental"
    assert orders.primary_keys == ["id", "shop_id"]
    assert orders.replication_keys == ["updated_at"]
    assert [f.contract() for f in orders.foreign_keys] == [
        {"column": "shop_id", "table": "shops", "references": "id"},
        {"column": "customer.shop", "table": "shops", "references": "id"},
        {"column": "id", "table": "ghosts", "references": "order_id"},
    ]
    names = [c.name for c in orders.columns]
    assert names == [
        "id",
        "customer",
        "amount",
        "updated_at",
        "created_at",
        "note",
        "note",
        "legacy_style",
    ]
    by_name = {c.name: c for c in orders.columns}
    assert by_name["id"].types == ("integer",) and by_name["id"].primary_key
    assert by_name["amount"].types == ("integer", "number")
    assert by_name["updated_at"].replication_key and by_name["created_at"].replication_key
    assert orders.columns[5].types == ("weirdtype",)
    assert orders.columns[5].description == "Free text the customer typed."
    older = orders.columns[7]  # older template: type after a <br> in the name paragraph
    assert (older.types, older.primary_key) == (("boolean",), True)
    assert older.description and older.description.startswith("Rendered by the older")


def test_nested_columns() -> None:
    customer = _fixture("singer_edge.html").tables[0].columns[1]
    assert customer.types == ("object",) and customer.element == "customer-1"
    assert [c.name for c in customer.children] == ["shop", "tags"]
    tags = customer.children[1]
    assert tags.types == ("array",) and tags.element == "tags-2"
    assert [(c.name, c.types) for c in tags.children] == [("value", ("string",))]


def test_method_row_empty_vs_absent() -> None:
    page = _fixture("singer_edge.html")
    shops, shops_again = page.tables[1], page.tables[2]
    assert shops.replication_method_text == "" and shops.replication_method is None
    assert shops.loading_behavior == "Append-Only"
    assert shops_again.replication_method_text == "Magic Sync"
    assert shops_again.replication_method is None
    orders = page.tables[0]
    assert orders.loading_behavior is None


def test_singer_fixture_warnings() -> None:
    page = _fixture("singer_edge.html")
    codes = _codes(page)
    assert codes == Counter(
        {
            "key-not-column": 2,  # orders: shop_id; shops: shop_key
            "key-icon-mismatch": 2,  # icons on created_at / legacy_style, not in the key rows
            "fk-unknown-table": 1,  # ghosts
            "fk-unknown-column": 1,  # orders.shop_id is not a column
            "unknown-type-label": 1,  # WEIRDTYPE
            "duplicate-table": 1,  # shops twice
            "duplicate-column": 1,  # note twice
            "unknown-method": 2,  # empty row; "Magic Sync"
            "no-primary-key": 1,  # second shops
            "unlabelled-row": 1,
        }
    )
    weird = next(p for p in page.problems if p.code == "unknown-type-label")
    assert weird.location.table == "orders" and weird.location.column == "note"
    assert weird.location.element == "orders-schema"
    key = next(p for p in page.problems if p.code == "key-not-column")
    assert (key.location.table, key.location.column, key.location.element) == (
        "orders",
        "shop_id",
        "orders",
    )
    dup = next(p for p in page.problems if p.code == "duplicate-table")
    assert dup.location.element == "shops-1"
    note = next(p for p in page.problems if p.code == "duplicate-column")
    assert (note.location.element, note.location.table, note.location.column) == (
        "orders",
        "orders",
        "note",
    )


def test_legacy_fixture() -> None:
    page = _fixture("legacy_edge.html")
    assert (page.integration, page.version, page.latest, page.layout) == (
        "Gadgets",
        "15-10-2015",
        True,
        "legacy",
    )
    cases, replies = page.tables
    assert cases.element == "cases"
    assert cases.replication_method_text == "Key-based Incremental"
    assert cases.replication_method == "INCREMENTAL"
    assert cases.primary_keys == ["id"]
    assert cases.description == "The cases table contains support cases."
    assert [c.name for c in cases.columns] == [
        "Case ID (id)",
        "labels*",
        "lineitems*: This array contains a, b.",
        "labels*",
    ]
    assert all(c.types == () and not c.children for c in cases.columns)
    # the list after "replies Attributes" (not the note list before it); a nested list is
    # children, not part of the name; no charset declared: read as UTF-8
    assert [c.name for c in replies.columns] == ["Case ID", "author\u2019s details"]
    assert [c.name for c in replies.columns[1].children] == ["name", "email"]
    assert replies.replication_method == "FULL_TABLE"
    assert replies.primary_keys == ["case_id:reply_id"]
    codes = _codes(page)
    # "id" is the code of "Case ID (id)": not a key-not-column; case_id:reply_id is
    assert codes == Counter({"duplicate-column": 1, "key-not-column": 1})


def test_empty_reference_is_valid() -> None:
    page = _fixture("empty_reference.html")
    assert page.tables == [] and page.layout == "singer"
    assert page.contract()["tables"] == []
    assert [p.code for p in page.problems] == ["empty-table-reference"]


def test_page_without_reference_is_a_read_error() -> None:
    data = (FIXTURES / "no_reference.html").read_bytes()
    with pytest.raises(ReadError) as info:
        read_page(data, "guides/getting-started.html")
    problem = info.value.problem
    assert problem.severity == "error"
    assert problem.location.page == "guides/getting-started.html"
    assert "table-reference" in problem.message and "accordion" in problem.message


def test_split_labels() -> None:
    assert split_labels("INTEGER, STRING") == ["INTEGER", "STRING"]
    assert split_labels('["TYPE", ["NULL", "STRING"]]') == ['["TYPE", ["NULL", "STRING"]]']
    assert split_labels("DATE-TIME") == ["DATE-TIME"]


def test_a_column_or_table_without_a_name_is_skipped_with_a_warning() -> None:
    """A column needs a name (the spec model refuses an empty one): a row or item whose
    name is empty is skipped and located, never a column ''."""
    legacy = (FIXTURES / "legacy_edge.html").read_bytes()
    legacy = legacy.replace(b"<li><p>labels<code>*</code></p></li>", b"<li><p> </p></li>", 1)
    page = read_table_page(legacy, "integrations/test/legacy.html")
    assert [c.name for c in page.tables[0].columns] == [
        "Case ID (id)",
        "lineitems*: This array contains a, b.",
        "labels*",
    ]
    assert _codes(page)["column-without-name"] == 1
    singer = (FIXTURES / "singer_edge.html").read_bytes()
    first = singer.index(b"<td><p><strong>") + len(b"<td><p><strong>")
    end = singer.index(b"</strong>", first)
    blank = singer[:first] + b" " + singer[end:]
    got = read_table_page(blank, "integrations/test/singer.html")
    assert _codes(got)["column-without-name"] == 1
    assert all(c.name.strip() for t in got.tables for c in t.columns)
