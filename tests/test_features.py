"""The feature snapshot: read as displayed, normalised into the spec, and what it decides in
the generated catalog, package README and docstring, and in ``docgen diff``."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from conftest import corpus_page, corpus_pages, emit_support, truth_for

from docgen.emit.schemas import catalog, record_schema
from docgen.model.spec import Column, Connector, Features, Table, TablePage
from docgen.readers import read_page
from docgen.readers.stitch.assemble import assemble
from docgen.readers.stitch.features import normalise
from docgen.readers.stitch.html_tables import read_table_page
from docgen.tools.diff import diff_connectors

FIXTURE = Path(__file__).parent / "fixtures" / "tables" / "snapshot.html"
INTEGRATION_PAGES = [p for p in corpus_pages() if p.name.startswith("integrations__")]


def _fixture() -> TablePage:
    return read_table_page(FIXTURE.read_bytes(), "integrations/test/snapshot.html")


# --------------------------------------------------------------------------- reading


def test_fixture_snapshot_as_displayed() -> None:
    page = _fixture()
    assert page.features == {
        "Release status": "Deprecated on",
        "Supported by": "Singer Community",
        "API availability": "Not available",
        "Singer GitHub repository": "Not applicable",
        "Table selection": "Unsupported",
        "Column selection": "Sometimes",
        "Configurable Replication Methods": "Supported",
        "Teleportation": "Supported",
    }
    assert page.contract()["features"] == page.features


def test_fixture_snapshot_normalised_and_unknowns_reported() -> None:
    page = _fixture()
    snap = page.snapshot
    assert snap is not None
    assert snap.release_status == "deprecated" and snap.release_date is None
    assert snap.supported_by == "Singer Community"
    assert snap.api_availability is False
    assert snap.repository is None
    assert snap.table_selection is False
    assert snap.column_selection is None  # "Sometimes" is not a yes or a no
    assert snap.configurable_replication_methods is True
    assert snap.other == {"Column selection": "Sometimes", "Teleportation": "Supported"}
    assert snap.element == "widget-feature-snapshot"
    codes = Counter(p.code for p in page.problems)
    assert codes == {"unknown-feature-value": 1, "unknown-feature": 1}
    assert all(p.location.element == "widget-feature-snapshot" for p in page.problems)


def test_page_without_snapshot_states_none() -> None:
    path = Path(__file__).parent / "fixtures" / "tables" / "singer_edge.html"
    page = read_table_page(path.read_bytes(), "integrations/test/singer_edge.html")
    assert page.features is None and page.snapshot is None
    assert page.contract()["features"] is None


@pytest.mark.parametrize(
    ("raw", "status", "date"),
    [
        ("Released on August 23, 2017", "released", "2017-08-23"),
        ("Beta", "beta", None),
        ("Released", "released", None),
        ("Deprecated on September 3, 2020", "deprecated", "2020-09-03"),
        ("", None, None),
    ],
)
def test_release_status(raw: str, status: str | None, date: str | None) -> None:
    snap, problems = normalise({"Release status": raw}, "p.html", "x")
    assert (snap.release_status, snap.release_date) == (status, date)
    assert problems == []


def test_release_date_that_is_not_a_date_is_kept_and_reported() -> None:
    snap, problems = normalise({"Release status": "Released on Smarch 42, 20"}, "p.html", "x")
    assert snap.release_status == "released" and snap.release_date is None
    assert snap.other == {"Release status": "Released on Smarch 42, 20"}
    assert [p.code for p in problems] == ["unknown-feature-value"]


def test_repository_must_be_owner_name() -> None:
    snap, problems = normalise({"Singer GitHub repository": "singer-io/tap-x"}, "p", None)
    assert snap.repository == "singer-io/tap-x" and not problems
    snap, problems = normalise({"Singer GitHub repository": "see <b>here</b>"}, "p", None)
    assert snap.repository is None and [p.code for p in problems] == ["unknown-feature-value"]
    with pytest.raises(ValueError):
        Features(repository="x/y\nimport os")


def test_corpus_snapshots_normalise_without_warnings(corpus_parse: Any) -> None:
    """Every corpus page has the 14 rows; all are known and every value is understood."""
    for path in INTEGRATION_PAGES:
        page = corpus_page(corpus_parse, path)  # as read_page read it
        assert isinstance(page, TablePage)
        assert page.features == truth_for(path)["features"]
        assert page.snapshot is not None and page.snapshot.other == {}, path.name
        assert not [p for p in page.problems if "feature" in p.code], path.name


def test_corpus_examples(shared_dir: Path) -> None:
    by_name = {p.name: p for p in INTEGRATION_PAGES}
    autopilot = read_page(
        by_name["integrations__saas__autopilot.html"].read_bytes(),
        "integrations/saas/autopilot.html",
    )
    assert isinstance(autopilot, TablePage) and autopilot.snapshot is not None
    assert autopilot.snapshot.repository == "singer-io/tap-autopilot"
    assert autopilot.snapshot.release_date == "2017-08-23"
    assert autopilot.snapshot.table_selection is False
    twilio = read_page(
        by_name["integrations__saas__twilio.html"].read_bytes(), "integrations/saas/twilio.html"
    )
    assert isinstance(twilio, TablePage) and twilio.snapshot is not None
    assert twilio.snapshot.release_status == "beta"


# --------------------------------------------------------------------------- the spec


def test_assemble_keeps_the_snapshot() -> None:
    (conn,) = assemble([_fixture()]).connectors
    assert conn.features is not None and conn.features.table_selection is False


# --------------------------------------------------------------------------- the catalog


def _conn(features: Features | None) -> Connector:
    table = Table(
        name="things",
        replication_method="INCREMENTAL",
        primary_keys=["id"],
        replication_keys=["updated"],
        columns=[
            Column(name="id", types=["integer"], primary_key=True),
            Column(name="updated", types=["date-time"], replication_key=True),
            Column(name="name", types=["string"]),
        ],
    )
    return Connector(name="widget", display_name="Widget", features=features, tables=[table])


def _meta(conn: Connector) -> tuple[dict[str, object], dict[str, str]]:
    (stream,) = catalog(conn)["streams"]
    root = stream["metadata"][0]["metadata"]
    columns = {m["breadcrumb"][1]: m["metadata"]["inclusion"] for m in stream["metadata"][1:]}
    return root, columns


def test_catalog_when_selection_is_unsupported() -> None:
    root, columns = _meta(_conn(Features(table_selection=False, column_selection=False)))
    assert root["inclusion"] == "automatic" and root["selected-by-default"] is True
    assert root["forced-replication-method"] == "INCREMENTAL"
    assert columns == {"id": "automatic", "updated": "automatic", "name": "automatic"}


def test_catalog_when_selection_is_supported() -> None:
    root, columns = _meta(_conn(Features(table_selection=True, column_selection=True)))
    assert root["inclusion"] == "available" and "selected-by-default" not in root
    assert columns == {"id": "automatic", "updated": "automatic", "name": "available"}


def test_forced_method_only_where_methods_are_not_configurable() -> None:
    root, _ = _meta(_conn(Features(configurable_replication_methods=True)))
    assert "forced-replication-method" not in root
    root, _ = _meta(_conn(Features(configurable_replication_methods=False)))
    assert root["forced-replication-method"] == "INCREMENTAL"


def test_catalog_without_a_snapshot_leaves_choices_open() -> None:
    root, columns = _meta(_conn(None))
    assert root["inclusion"] == "available"
    assert root["forced-replication-method"] == "INCREMENTAL"
    assert columns["name"] == "available"


def test_unknown_label_keeps_documented_structure() -> None:
    """stripe customers.sources: ARRAY with nested properties plus a junk label."""
    column = Column(
        name="sources",
        types=["array", '["type", ["null", "string"]]'],
        children=[Column(name="kind", types=["string"]), Column(name="n", types=["integer"])],
    )
    schema = record_schema(Table(name="t", columns=[column]))["properties"]["sources"]
    assert schema["type"] == ["null", "array"]
    assert set(schema["items"]["properties"]) == {"kind", "n"}
    only_junk = Column(name="x", types=["unavailable"])
    assert record_schema(Table(name="t", columns=[only_junk]))["properties"]["x"] == {}


def test_committed_stripe_catalog_keeps_customers_sources() -> None:
    data = json.loads(
        (Path(__file__).parents[1] / "generated" / "stripe" / "catalog.json").read_text()
    )
    (customers,) = [s for s in data["streams"] if s["stream"] == "customers"]
    sources = customers["schema"]["properties"]["sources"]
    assert len(sources["items"]["properties"]) == 43


def test_readme_and_docstring_state_release_and_tap() -> None:
    features = Features(release_status="beta", repository="singer-io/tap-widget")
    files = emit_support().render_connector(_conn(features))
    assert "Release status: Beta. Singer tap: singer-io/tap-widget." in files["README.md"]
    doc = files["__init__.py"].split('"""')[1]
    assert "Release status: Beta." in " ".join(doc.split())
    assert "singer-io/tap-widget" in doc
    bare = emit_support().render_connector(_conn(None))
    assert "Release status: not stated" in bare["README.md"]


# --------------------------------------------------------------------------- diff


def _changes(old: Features | None, new: Features | None) -> dict[str, bool]:
    return {
        c.path: c.breaking
        for c in diff_connectors(_conn(old), _conn(new))
        if c.kind == "feature-changed"
    }


def test_diff_narrowing_selection_is_breaking() -> None:
    changes = _changes(Features(table_selection=True), Features(table_selection=False))
    assert changes == {"feature table_selection": True}
    changes = _changes(Features(table_selection=False), Features(table_selection=True))
    assert changes == {"feature table_selection": False}
    changes = _changes(Features(column_selection=True), Features(column_selection=False))
    assert changes == {"feature column_selection": True}


def test_diff_configurable_methods_withdrawn_is_breaking() -> None:
    old = Features(configurable_replication_methods=True)
    new = Features(configurable_replication_methods=False)
    assert _changes(old, new) == {"feature configurable_replication_methods": True}
    assert _changes(new, old) == {"feature configurable_replication_methods": False}
    # unstated is read as the catalog reads it (not configurable): no effective change
    assert _changes(None, new) == {"feature configurable_replication_methods": False}


def test_diff_documentation_only_changes_are_not_breaking() -> None:
    old = Features(release_status="beta", repository="singer-io/tap-a", anchor_scheduling=True)
    new = Features(release_status="released", release_date="2024-01-02", anchor_scheduling=False)
    changes = _changes(old, new)
    assert set(changes) == {
        "feature release_status",
        "feature release_date",
        "feature repository",
        "feature anchor_scheduling",
    }
    assert not any(changes.values())
    assert _changes(old, old) == {}
