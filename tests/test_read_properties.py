"""The connection-property reference reader: corpus page vs truth, and a small fixture."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS, compare_to_truth

from docgen.model.spec import PropertyPage, ReadError
from docgen.readers import read_page, read_path
from docgen.readers.stitch.html_properties import read_property_page

FIXTURES = Path(__file__).parent / "fixtures" / "properties"
PAGE = "developers__stitch-connect__guides__source-destination-reference"


@pytest.fixture(scope="module")
def corpus_page(shared_dir: Path) -> PropertyPage:
    page = read_path(CORPUS / "pages" / f"{PAGE}.html")
    assert isinstance(page, PropertyPage)
    return page


def test_property_page_equals_truth(corpus_page: PropertyPage) -> None:
    import json

    truth = json.loads((CORPUS / "truth" / f"{PAGE}.json").read_text())
    got, want = compare_to_truth(corpus_page.contract(), truth)
    assert len(got["objects"]) == len(want["objects"]) == 140
    for g, w in zip(got["objects"], want["objects"], strict=True):
        assert g == w, w["type"]
    assert got == want


def test_property_page_provenance_and_examples(corpus_page: PropertyPage) -> None:
    assert all(o.element and o.element.endswith("-object") for o in corpus_page.objects)
    parsed = [o for o in corpus_page.objects if isinstance(o.example, dict)]
    assert len(parsed) > 100
    # every parsed example only uses keys the object documents (form or OAuth)
    for obj in parsed:
        names = {p.name for p in obj.properties + obj.oauth}
        assert set(obj.example) <= names | {"type"}, obj.type
    invalid = [p for p in corpus_page.problems if p.code == "example-invalid-json"]
    assert invalid, "the page has examples that are not valid JSON"
    for problem in invalid:
        assert problem.location.element and "example" in problem.location.element
        obj = next(o for o in corpus_page.objects if problem.message.startswith(o.type + ":"))
        assert obj.example is None and obj.example_text


def test_descriptions_keep_code_spans(corpus_page: PropertyPage) -> None:
    descs = [p.description or "" for o in corpus_page.objects for p in o.properties]
    assert sum(1 for d in descs if d) > 1000
    assert any("`" in d for d in descs)
    assert all("  " not in d and d == d.strip() for d in descs)


def test_fixture_objects_and_warnings() -> None:
    page = read_path(FIXTURES / "mini.html")
    assert isinstance(page, PropertyPage)
    acme, wh = page.objects
    assert (acme.type, acme.kind, acme.display_name) == ("platform.acme", "source", "Acme Widgets")
    assert (wh.type, wh.kind, wh.display_name) == ("wh", "destination", "Warehouse")
    assert [p.name for p in acme.properties] == [
        "api_key",
        "mode",
        "window",
        "window",
        "weird",
        "conn",
    ]
    assert [p.name for p in acme.oauth] == ["refresh_token"]
    conn = acme.properties[-1]
    assert conn.required and [(c.name, c.required) for c in conn.children] == [
        ("host", True),
        ("password", False),
    ]
    assert acme.properties[1].description == (
        "How to sync. Accepted values are: • `fast` - quick • `slow` "
        "The default is `fast`. A \\`literal tick."
    )
    assert acme.example is None and acme.example_text is not None
    assert wh.example == {"port": 5439}
    codes = {(p.code, p.location.property) for p in page.problems}
    assert ("unknown-property-type", "weird") in codes
    assert ("duplicate-property", "window") in codes
    assert ("example-invalid-json", None) in codes
    assert all(p.location.element for p in page.problems)


def test_dispatch_and_unreadable() -> None:
    data = (FIXTURES / "mini.html").read_bytes()
    assert isinstance(read_page(data, "x.html"), PropertyPage)
    with pytest.raises(ReadError) as err:
        read_property_page(b"<html><body><p>nothing here</p></body></html>", "y.html")
    assert err.value.problem.code == "no-property-objects"
