"""A table's "Useful links": read from the HTML page and from text copies that state them,
kept in the spec with provenance, compared by diff, and never part of the parse contract."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import corpus_pages

from docgen.model.spec import Connector, Table, TablePage
from docgen.model.specio import dump, load_text
from docgen.readers import page_path, read_page
from docgen.readers.stitch.html_tables import read_table_page
from docgen.readers.stitch.links import absolute, link_kind
from docgen.readers.stitch.text import read_text_page
from docgen.tools.diff import diff_connectors

SINGER_PAGES = [
    p
    for p in corpus_pages()
    if p.name.startswith("integrations__") and b'id="table-reference"' in p.read_bytes()
]


def _page(rows: str, page: str = "integrations/saas/widgets.html") -> TablePage:
    html = f"""<html><body><h1>Widgets</h1><div id="table-reference">
<div class="table-heading"><h3 id="orders">orders</h3><p>The orders table.</p>
<table class="attribute-list">
<tr><td><strong><p>Replication Method</p></strong></td><td><p><p>Full Table</p></p></td></tr>
<tr><td><strong>Useful links</strong></td><td>{rows}</td></tr>
</table></div>
<div class="panel-group" id="orders-schema"><div class="panel"><table class="attribute-list">
<tr><td><p><strong>id</strong></p><p>INTEGER</p></td></tr></table></div></div>
</div></body></html>"""
    return read_table_page(html.encode(), page)


def test_every_table_of_the_corpus_keeps_its_links_in_page_order(shared_dir: Path) -> None:
    """Property: each link the page shows with an http(s) target is in the table's links, in
    page order, with an absolute URL and the table heading as provenance; the rest warned."""
    assert len(SINGER_PAGES) >= 20
    tables = links = warned = 0
    for path in SINGER_PAGES:
        page = read_page(path.read_bytes(), page_path(path.name))
        assert isinstance(page, TablePage)
        for table in page.tables:
            tables += 1
            for link in table.links:
                links += 1
                assert absolute(link.url, page.page) == link.url
                assert link.element == table.element
                assert link.kind == link_kind(link.title)
        warned += sum(p.code == "link-without-url" for p in page.problems)
    # 1,089 anchors on the 25 pages' useful-links rows, 6 with an empty href
    assert links == 1083 and warned == 6 and tables >= 500


def test_autopilot_contacts_links(shared_dir: Path) -> None:
    path = next(p for p in SINGER_PAGES if p.name == "integrations__saas__autopilot.html")
    page = read_page(path.read_bytes(), page_path(path.name))
    assert isinstance(page, TablePage)
    contacts = page.tables[0]
    api, schema = contacts.link("api"), contacts.link("schema")
    assert api is not None and schema is not None
    assert api.url == "http://docs.autopilot.apiary.io/#reference/api-methods/get-all-contacts"
    assert schema.url.endswith("/tap_autopilot/schemas/contacts.json")
    assert schema.title == "contacts schema on GitHub"


def test_parse_contract_has_no_links(shared_dir: Path) -> None:
    """The corpus contract is kept exactly: a table's contract has the truth's keys only."""
    page = _page('<p><a href="https://example.com/api">Widgets API method</a></p>')
    assert page.tables[0].links
    assert "links" not in page.tables[0].contract()


@pytest.mark.parametrize(
    ("href", "url"),
    [
        ("https://example.com/a?b=1#c", "https://example.com/a?b=1#c"),
        (
            "/docs/replication/replication-methods",
            "https://www.stitchdata.com/docs/replication/replication-methods",
        ),
        ("other-page", "https://www.stitchdata.com/docs/integrations/saas/other-page"),
        ("//cdn.example.org/x", "https://cdn.example.org/x"),
    ],
)
def test_relative_hrefs_are_resolved_against_the_page(href: str, url: str) -> None:
    page = _page(f'<p><a href="{href}">orders schema on GitHub</a></p>')
    assert [(link.kind, link.url) for link in page.tables[0].links] == [("schema", url)]


@pytest.mark.parametrize(
    "href", ["", "   ", "#top", "javascript:alert(1)", "mailto:a@b.c", "http://"]
)
def test_a_link_without_a_usable_target_is_warned_not_kept(href: str) -> None:
    page = _page(f'<p><a href="{href}">Widgets documentation</a></p>')
    assert page.tables[0].links == []
    (problem,) = [p for p in page.problems if p.code == "link-without-url"]
    assert problem.location.table == "orders" and problem.location.element == "orders"


def test_title_attribute_names_a_link_without_text() -> None:
    page = _page(
        '<p><a href="https://x.example/m" title="Opens in new tab: Widgets API method"></a></p>'
    )
    (link,) = page.tables[0].links
    assert (link.kind, link.title) == ("api", "Widgets API method")


TEXT = """Widgets feature snapshot
Widgets table reference
orders
The orders table.
Full Table |
Useful links | orders schema on GitHub (https://github.com/x/tap-w/blob/master/orders.json) |
[Widgets API method](https://api.example.com/docs#orders).
id INTEGER |
shops
The shops table.
Full Table |
Useful links |
Widgets documentation
id INTEGER |
Questions? Feedback?
"""


def test_text_copy_links_where_the_copy_states_them() -> None:
    page = read_text_page(TEXT, "integrations/saas/widgets.html")
    assert isinstance(page, TablePage)
    orders, shops = page.tables
    assert [(link.kind, link.url, link.element) for link in orders.links] == [
        ("schema", "https://github.com/x/tap-w/blob/master/orders.json", "line 6"),
        ("api", "https://api.example.com/docs#orders", "line 7"),
    ]
    assert [c.name for c in orders.columns] == ["id"]
    assert shops.links == []
    lost = [p for p in page.problems if p.code == "links-lost"]
    assert [(p.location.table, p.location.element) for p in lost] == [("shops", "line 12")]


def test_links_round_trip_through_the_spec_and_diff_reports_them() -> None:
    page = _page('<p><a href="https://x.example/m">Widgets API method</a></p>')
    conn = Connector(name="widgets", display_name="Widgets", tables=page.tables)
    text = dump(conn)
    assert "links:" in text and "element: orders" in text
    assert load_text(text) == conn
    moved = page.tables[0].links[0].model_copy(update={"url": "https://x.example/v2/m"})
    table: Table = page.tables[0].model_copy(update={"links": [moved]})
    (change,) = diff_connectors(conn, conn.model_copy(update={"tables": [table]}))
    assert change.kind == "links-changed" and not change.breaking
    assert (change.old, change.new) == (["https://x.example/m"], ["https://x.example/v2/m"])


@pytest.mark.parametrize(
    "page",
    [
        "integrations/saas/autopilot.html",
        "integrations/saas/recharge/index.html",
        "developers/stitch-connect/guides/source-destination-reference.html",
        "destinations/postgresql/reference.html",
    ],
)
def test_one_rule_maps_pages_to_addresses_and_back(page: str) -> None:
    """Property: a page's address and its site path are one mapping both ways, whoever
    asks (the link resolver, the restore hints, a fetched page's fallback name): a
    folder's page is the folder's address, ``.../recharge/``, not ``.../recharge``."""
    from docgen.model.specio import page_url
    from docgen.pipeline import url_page_path
    from docgen.readers.stitch.address import site_path

    url = page_url(page)
    assert site_path(url) == url_page_path(url) == page
    assert url.endswith("/") == page.endswith("/index.html")
