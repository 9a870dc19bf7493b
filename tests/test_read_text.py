"""The plain-text reader: the three seed copies (vs the HTML truth of the same pages) and
small self-written texts; what the text cannot state is unknown with a located warning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CORPUS

from docgen.model.spec import PropertyPage, TablePage
from docgen.readers import read_path
from docgen.readers.stitch.text import read_text_page

FIXTURES = Path(__file__).parent / "fixtures" / "text"
SELLIGENT = "000_03bc772b8b54d1d7.txt"
CONNECT = "001_5abfe6d57ead8f27.txt"
AUTOPILOT = "002_ecc871c58e7e87a5.txt"


def _truth(slug: str) -> dict:
    return json.loads((CORPUS / "truth" / f"{slug}.json").read_text())


def _codes(page: TablePage | PropertyPage) -> dict[str, int]:
    counts: dict[str, int] = {}
    for p in page.problems:
        counts[p.code] = counts.get(p.code, 0) + 1
    return counts


def test_selligent_seed_states_an_empty_table_list(shared_dir: Path) -> None:
    page = read_path(shared_dir / "seeds" / SELLIGENT)
    assert isinstance(page, TablePage)
    assert (page.integration, page.version, page.layout) == ("Selligent", "1", "text")
    assert page.tables == []
    (problem,) = [p for p in page.problems if p.code == "table-list-empty"]
    assert problem.location.element and problem.location.element.startswith("line ")
    # the HTML page has tables: the text copy lost them, it did not state there are none
    assert _truth("integrations__saas__selligent")["tables"]


def test_autopilot_seed_agrees_with_html_truth(shared_dir: Path) -> None:
    page = read_path(shared_dir / "seeds" / AUTOPILOT)
    assert isinstance(page, TablePage)
    assert (page.integration, page.version, page.latest) == ("Autopilot", "1", True)
    truth = _truth("integrations__saas__autopilot")
    assert [t.name for t in page.tables] == [t["name"] for t in truth["tables"]]
    for got, want in zip(page.contract()["tables"], truth["tables"], strict=True):
        for key in (
            "replication_method",
            "replication_method_text",
            "primary_keys",
            "replication_keys",
            "foreign_keys",
            "loading_behavior",
        ):
            assert got[key] == want[key], (want["name"], key)
        wanted = {c["name"]: c["types"] for c in want["columns"]}
        got_cols = [(c["name"], c["types"]) for c in got["columns"]]
        assert all(wanted[name] == types for name, types in got_cols)
        assert [n for n, _ in got_cols] == [n for n in wanted if n in dict(got_cols)]
    contacts = page.tables[0]
    assert len(contacts.columns) == len(truth["tables"][0]["columns"]) - 2
    codes = _codes(page)
    assert codes["column-name-lost"] == 2  # two column names were links, lost in the copy
    assert codes["key-icons-unknown"] == len(page.tables)
    lost = [p for p in page.problems if p.code == "column-name-lost"]
    assert all(
        p.location.table == "contacts" and p.location.element.startswith("line ") for p in lost
    )
    # the nested columns the HTML has are reported unknown on exactly the array/object columns
    nested = {c["name"] for t in truth["tables"] for c in t["columns"] if c["children"]}
    unknown = {p.location.column for p in page.problems if p.code == "children-unknown"}
    assert nested <= unknown


def test_connect_seed_objects_agree_with_html_truth(shared_dir: Path) -> None:
    page = read_path(shared_dir / "seeds" / CONNECT)
    assert isinstance(page, PropertyPage) and page.layout == "text"
    truth = {
        o["type"]: o
        for o in _truth("developers__stitch-connect__guides__source-destination-reference")[
            "objects"
        ]
    }
    assert len(page.objects) > 60
    assert page.objects[0].type == "platform.3plcentral"
    assert page.objects[-1].display_name == "MariaDB"
    assert all(o.type in truth for o in page.objects)
    held = total = 0
    for obj in page.objects:
        want = truth[obj.type]
        assert obj.kind == want["kind"]
        for section in ("properties", "oauth"):
            wanted = {p["name"]: p for p in want[section]}
            for prop in getattr(obj, section):
                total += 1
                w = wanted.get(prop.name)
                held += bool(w and (w["type"], w["required"]) == (prop.type, prop.required))
    assert held / total > 0.97  # the seed is an older copy of the page: a few properties differ
    three_pl = page.objects[0]
    assert three_pl.example and three_pl.example["base_url"] == "https://secure-wms.com"
    assert [p.name for p in three_pl.properties] == [
        p["name"] for p in truth["platform.3plcentral"]["properties"]
    ]


def test_connect_seed_reports_what_the_text_lost(shared_dir: Path) -> None:
    page = read_path(shared_dir / "seeds" / CONNECT)
    assert isinstance(page, PropertyPage)
    codes = _codes(page)
    assert codes["enum-values-lost"] > 50 and codes["default-value-lost"] > 0
    lost = [p for p in page.problems if p.code == "enum-values-lost"]
    assert {p.location.property for p in lost} >= {"frequency_in_minutes"}
    assert all(p.location.element.startswith("line ") for p in page.problems)
    # no enum is derived from text whose values were inline code
    props = [p for o in page.objects for p in o.properties + o.oauth]
    assert not any(c.kind == "enum" for p in props for c in p.constraints)
    # constraints stated in words survive the copy
    assert any(c.kind == "secret" for p in props for c in p.constraints)
    assert any(c.kind == "pattern" for p in props for c in p.constraints)
    # nested property tables are lost: reported, children left empty
    children = [p for p in page.problems if p.code == "children-unknown"]
    assert children and all(
        not q.children
        for o in page.objects
        for q in o.properties
        if q.name in {p.location.property for p in children}
    )


def test_text_fixture_properties() -> None:
    page = read_text_page((FIXTURES / "props.txt").read_text(), "props.txt")
    assert isinstance(page, PropertyPage)
    acme, nameless = page.objects
    assert (acme.type, acme.kind, acme.display_name) == ("platform.acme", "source", "Acme")
    assert [(p.name, p.type, p.required) for p in acme.properties] == [
        ("api_key", "string", True),
        ("mode", "string", False),
        ("port", "integer", False),
        ("settings", "object", False),
    ]
    assert acme.example == {"api_key": "<KEY>", "mode": "fast"}
    assert nameless.type == "" and nameless.example is None and nameless.example_text
    where = {(p.code, p.location.property): p.location.element for p in page.problems}
    assert where[("enum-values-lost", "mode")] == "line 11"
    assert where[("default-value-lost", "port")] == "line 15"
    assert ("children-unknown", "settings") in where
    assert ("type-unknown", None) in where and ("example-truncated", None) in where


def test_text_fixture_tables() -> None:
    page = read_text_page((FIXTURES / "tables.txt").read_text(), "tables.txt")
    assert isinstance(page, TablePage)
    assert (page.integration, page.version, page.latest) == ("Widgets", "2", True)
    orders, shops = page.tables
    assert orders.primary_keys == ["id", "shop_id"] and orders.replication_keys == ["updated_at"]
    assert [f.contract() for f in orders.foreign_keys] == [
        {"column": "shop_id", "table": "shops", "references": "id"}
    ]
    assert [(c.name, c.types) for c in orders.columns] == [
        ("id", ("integer",)),
        ("shop_id", ("integer",)),
        ("items", ("array",)),
        ("updated_at", ("date-time",)),
    ]
    assert shops.replication_method == "FULL_TABLE" and shops.primary_keys == ["id"]
    codes = {(p.code, p.location.element) for p in page.problems}
    assert ("column-name-lost", "line 21") in codes
    assert ("key-icons-unknown", "line 5") in codes


@pytest.mark.parametrize("text", ["", "Just some words.\nNothing else."])
def test_text_without_structure(text: str) -> None:
    page = read_text_page(text, "x.txt")
    assert isinstance(page, TablePage) and page.tables == []
    assert {p.code for p in page.problems} >= {"no-table-reference", "integration-unknown"}


def test_text_tables_get_the_shared_consistency_checks() -> None:
    """The same table checks as the HTML readers, minus key icons (the copy lost them)."""
    text = (FIXTURES / "tables.txt").read_text()
    clean = read_text_page(text, "widgets.txt")
    consistency = {"key-not-column", "key-icon-mismatch", "fk-unknown-column", "no-primary-key"}
    assert not [p for p in clean.problems if p.code in consistency]
    edited = text.replace("id shop_id |", "id shop_key |").replace("shops.id", "shops.uuid")
    page = read_text_page(edited, "widgets.txt")
    found = {
        (p.code, p.location.element, p.location.table, p.location.column)
        for p in page.problems
        if p.code in consistency
    }
    assert found == {
        ("key-not-column", "line 5", "orders", "shop_key"),
        ("fk-unknown-column", "line 5", "orders", "shop_id"),
    }
