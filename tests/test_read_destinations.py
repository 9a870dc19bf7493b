"""Destination reference pages: `docgen parse --json` equals the corpus truth, page by page,
and the reader's own rules on small pages written for them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CORPUS, compare_to_truth

from docgen import pipeline
from docgen.model.destinations import DestinationPage, KeywordPage, parse_limit, to_destination
from docgen.model.spec import ReadError
from docgen.readers import read_page

DEST = CORPUS / "destinations"


def destination_pages() -> list[Path]:
    pages = DEST / "pages"
    return sorted(pages.glob("*.html")) if pages.is_dir() else []


def test_six_destination_pages(shared_dir):
    assert len(destination_pages()) == 6


@pytest.mark.parametrize("page", destination_pages(), ids=lambda p: p.stem)
def test_parse_json_equals_destination_truth(shared_dir, page: Path):
    result = pipeline.parse_pages([str(page)])
    (line,) = pipeline.render_parse(result, as_json=True)
    truth = json.loads((DEST / "truth" / f"{page.stem}.json").read_text())
    got, want = compare_to_truth(json.loads(line), truth)
    assert got == want
    assert [p for p in result.problems if p.severity == "error"] == []


def _page(sections: str, title: str = "Acme Destination Reference") -> bytes:
    return f"""<!doctype html><html><head><meta charset="utf-8"><title>{title}</title></head>
<body><h1>{title}</h1>
<h3 id="stitch-features">Stitch features</h3>
<table class="attribute-list">
<tr><td><strong>Nested structure support</strong></td><td><p>Unsupported</p> <p>Flattened.</p></td></tr>
</table>
<h3 id="destination-details">Destination details</h3>
<table class="attribute-list">
<tr><td><strong>Column name length</strong></td><td><p>10 characters</p></td></tr>
<tr><td><strong>Maximum columns per table</strong></td><td><p>5-1,000</p></td></tr>
<tr><td><strong>Maximum table size</strong></td><td><p>Depends on the disk</p></td></tr>
</table>
{sections}
</body></html>""".encode()


def test_small_page_features_details_and_naming():
    naming = """<h3 id="transformations--column-naming">Column names</h3>
<p>See <a href="/docs/replication/loading/reserved-keywords#acme-v1-reserved-keywords">x</a></p>
<table><tr><td><strong>Transformation</strong></td><td><strong>Source column</strong></td>
<td><strong>Destination column</strong></td></tr>
<tr><td>Convert to lowercase</td><td><code>AbC</code> or <code>ABC</code></td>
<td><code>abc</code></td></tr>
<tr><td>Remove special characters</td><td><code>a#b</code> or <code>!A</code></td>
<td><code>ab</code> and <code>a</code></td></tr></table>
<h3 id="timezones">Timezones</h3><table><tr><td>not a naming table</td></tr></table>"""
    page = read_page(_page(naming), "destinations/acme/reference.html")
    assert isinstance(page, DestinationPage)
    assert page.destination == "Acme"
    assert page.features == {"Nested structure support": "Unsupported Flattened."}
    assert page.details is not None and page.details["Maximum columns per table"] == "5-1,000"
    assert page.reserved_keywords_ref == (
        "replication/loading/reserved-keywords.html#acme-v1-reserved-keywords"
    )
    assert page.column_names is not None
    pairs = [[(e.source, e.destination) for e in t.examples] for t in page.column_names]
    assert pairs == [[("AbC", "abc"), ("ABC", "abc")], [("a#b", "ab"), ("!A", "a")]]
    contract = page.contract()
    assert "table_names" not in contract and "data_types" not in contract
    assert contract["column_names"][1] == {
        "transformation": "Remove special characters",
        "source_column": "a#b or !A",
        "destination_column": "ab and a",
    }
    spec = to_destination(page)
    assert spec.name == "acme" and spec.nested_support == "unsupported"
    assert spec.column_name_length is not None and spec.column_name_length.maximum == 10
    cols = spec.max_columns_per_table
    assert cols is not None and (cols.minimum, cols.maximum) == (5, 1000)
    assert spec.max_table_size is not None and spec.max_table_size.maximum is None
    assert [p.code for p in spec.problems] == ["limit-in-words"]


def test_limits():
    assert parse_limit("63 characters").model_dump(exclude_defaults=True) == {
        "text": "63 characters",
        "minimum": 63,
        "maximum": 63,
        "unit": "characters",
    }
    assert (parse_limit("250-1,600").minimum, parse_limit("250-1,600").maximum) == (250, 1600)
    assert parse_limit("1,024 bytes").unit == "bytes"
    assert parse_limit("20MB").maximum == 20 and parse_limit("20MB").unit == "MB"
    assert parse_limit("None").unlimited
    assert parse_limit("Depends on the InnoDB page size").maximum is None


def test_unpaired_examples_are_reported():
    naming = """<h3 id="transformations--column-naming">Column names</h3>
<table><tr><td><strong>Transformation</strong></td><td><strong>Source column</strong></td>
<td><strong>Destination column</strong></td></tr>
<tr><td>Remove special characters</td><td><code>a</code> or <code>b</code> or <code>c</code></td>
<td><code>x</code> and <code>y</code></td></tr></table>"""
    page = read_page(_page(naming), "destinations/acme/reference.html")
    assert isinstance(page, DestinationPage)
    assert [p.code for p in page.problems] == ["unpaired-naming-example"]


def test_keyword_page_is_read(shared_dir):
    path = CORPUS / "docs" / "replication__loading__reserved-keywords.html"
    page = read_page(path.read_bytes(), "replication/loading/reserved-keywords.html")
    assert isinstance(page, KeywordPage)
    pg = next(s for s in page.sections if s.element == "postgres-v1-reserved-keywords")
    by_kw = {k.keyword: k for k in pg.keywords}
    assert by_kw["__BI"].position == "suffix" and by_kw["__BI"].applies_to == ["column"]
    assert by_kw["_SDC"].position == "prefix" and by_kw["_SDC"].applies_to == ["table", "column"]


def test_a_destination_page_cut_short_is_an_error():
    data = _page("")
    for end in (b"<table", b"</table"):
        cut = data[: data.index(end, data.index(b'id="destination-details"'))]
        with pytest.raises(ReadError, match=r"cut short|saved half-way"):
            read_page(cut, "destinations/acme/reference.html")
    cut = data[: data.index(b'id="stitch-features"') + 40]
    with pytest.raises(ReadError, match="without its features and details table"):
        read_page(cut + b"</body></html>", "destinations/acme/reference.html")


def test_a_page_without_one_of_the_two_tables_is_read_with_a_warning():
    data = _page("")
    start = data.index(b'<h3 id="destination-details"')
    end = data.index(b"</table>", start) + len(b"</table>")
    page = read_page(data[:start] + data[end:], "destinations/acme/reference.html")
    assert isinstance(page, DestinationPage)
    assert "details" not in page.contract() and "features" in page.contract()
    assert [p.code for p in page.problems] == ["missing-section"]


def test_a_page_without_a_title_is_an_error():
    data = _page("").replace(b"Acme Destination Reference", b"")
    with pytest.raises(ReadError):
        read_page(data, "destinations/acme/reference.html")


def test_update_reports_unknown_wordings_and_examples_not_reproduced():
    naming = """<h3 id="transformations--column-naming">Column names</h3>
<table><tr><td><strong>Transformation</strong></td><td><strong>Source column</strong></td>
<td><strong>Destination column</strong></td></tr>
<tr><td>Convert to lowercase</td><td><code>AB</code></td><td><code>Ab</code></td></tr></table>"""
    page = read_page(_page(naming), "destinations/acme/reference.html")
    assert isinstance(page, DestinationPage)
    codes = [p.code for p in to_destination(page).problems]
    assert "naming-example-not-reproduced" in codes
    odd = naming.replace("Convert to lowercase", "Reverse every name")
    page = read_page(_page(odd), "destinations/acme/reference.html")
    assert isinstance(page, DestinationPage)
    assert "unknown-naming-transformation" in [p.code for p in to_destination(page).problems]


def test_update_writes_destination_specs_and_keeps_keywords(shared_dir, tmp_path: Path):
    pg = str(DEST / "pages" / "destinations__postgresql__reference.html")
    keywords = str(CORPUS / "docs" / "replication__loading__reserved-keywords.html")
    first = pipeline.update_specs([pg, keywords], tmp_path, progress=False)
    path = tmp_path / "destinations" / "postgresql.yaml"
    assert first.changes and path.is_file() and not list(tmp_path.glob("*.yaml"))
    before = path.read_text()
    assert "postgres-v1-reserved-keywords" in before
    # a run without the keyword page keeps the keywords it read before: nothing changes
    again = pipeline.update_specs([pg], tmp_path, progress=False, prune=True)
    assert again.changes == [] and path.read_text() == before
    # summary line of `docgen parse` without --json
    (line,) = pipeline.render_parse(pipeline.parse_pages([pg]), as_json=False)
    assert "PostgreSQL destination reference: 8 details, 8 data types" in line


def test_statements_beyond_the_tables_of_a_page_not_seen_before():
    """A page docgen has not seen: its Timezones sentence, type notes, a key note, system
    tables, storage formats and "Table and schema names" are read into the spec, worded as
    any destination page might word them."""
    sections = """<h3 id="transformations--data-typing">Data typing</h3>
<table><tr><td><strong>Stitch type</strong></td><td><strong>Destination type</strong></td>
<td><strong>Notes</strong></td></tr>
<tr><td>DATE</td><td>DATETIME</td><td>Stored in UTC as DATETIME(6)</td></tr>
<tr><td>STRING</td><td>CLOB</td><td>If a string is loaded into a Primary Key column, it uses
the NVARCHAR(255) type.</td></tr>
<tr><td>INTEGER</td><td>INT</td><td>Range : -2,147,483,648 to 2,147,483,647</td></tr></table>
<h3 id="transformations--system-tables-columns">System tables and columns</h3>
<p>Stitch will create the following tables in each integration's schema:</p>
<ul><li><code>_sdc_rejected</code></li><li><code>_sdc_load_history</code></li></ul>
<p>Additionally, Stitch will insert system columns (prepended with <code>_sdc</code>).</p>
<h3 id="transformations--json-structures">JSON structures</h3>
<ul><li><p><strong>Parquet</strong>: Nested structures are preserved in the file.</p></li>
<li><p><strong>TSV</strong>: Nested objects will be flattened and arrays de-nested.</p></li></ul>
<h3 id="transformations--table-naming">Table names</h3>
<p>Table and schema names in Acme:</p>
<table><tr><td><strong>Transformation</strong></td><td><strong>Source table</strong></td>
<td><strong>Destination table</strong></td></tr>
<tr><td>Convert to lowercase</td><td><code>AB</code></td><td><code>ab</code></td></tr></table>
<h3 id="transformations--timezones">Timezones</h3>
<p>Acme will store the value in UTC as <code>TIMESTAMPTZ</code>.</p>"""
    page = read_page(_page(sections), "destinations/acme/reference.html")
    assert isinstance(page, DestinationPage)
    dest = to_destination(page)
    said = [(s.stitch_type, s.destination_type, s.applies) for s in dest.type_statements]
    assert said == [
        ("DATE", "DATETIME(6)", "all"),
        ("STRING", "NVARCHAR(255)", "primary-key"),
        ("DATE", "TIMESTAMPTZ", "all"),
    ]
    assert dest.system_tables == ["_sdc_rejected", "_sdc_load_history"]
    assert [(f.name, f.nested_support) for f in dest.storage_formats] == [
        ("Parquet", "supported"),
        ("TSV", "unsupported"),
    ]
    assert dest.schema_naming


@pytest.mark.parametrize(
    ("sentence", "want"),
    [
        (
            "Acme will store the value as <code>TIMESTAMP WITH TIMEZONE</code>.",
            "TIMESTAMP WITH TIMEZONE",
        ),
        (
            "Timestamps are stored as <code>TIMESTAMP_LTZ</code> and expressed as UTC.",
            "TIMESTAMP_LTZ",
        ),
        ("Values are loaded as DATETIME2(7) in UTC.", "DATETIME2(7)"),
        ("This data is stored without timezone information and expressed as UTC.", None),
    ],
)
def test_timezones_sentences_worded_otherwise(sentence: str, want: str | None) -> None:
    section = f'<h3 id="transformations--timezones">Timezones</h3><p>{sentence}</p>'
    page = read_page(_page(section), "destinations/acme/reference.html")
    assert isinstance(page, DestinationPage)
    got = [s.destination_type for s in to_destination(page).type_statements]
    assert got == ([want] if want else [])
