"""Pages -> connectors: matching, versions, names; specs round-trip and update merging."""

from __future__ import annotations

from pathlib import Path

from docgen import pipeline
from docgen.model import specio
from docgen.model.spec import (
    Column,
    ConfigObject,
    Connector,
    Location,
    Problem,
    Property,
    PropertyPage,
    Table,
    TablePage,
)
from docgen.readers.stitch.assemble import assemble, page_slug


def _obj(type_id: str, name: str, kind: str = "source") -> ConfigObject:
    return ConfigObject(
        type=type_id,
        kind=kind,
        display_name=name,
        properties=[Property(name="api_key", type="string", required=True)],
        element=f"{kind}-form-properties-{type_id.split('.')[-1]}-object",
    )


def _tpage(page: str, name: str, version: str | None = "1", latest: bool | None = True):
    return TablePage(
        page=page,
        integration=name,
        version=version,
        latest=latest,
        layout="singer",
        tables=[
            Table(name="t", primary_keys=["id"], columns=[Column(name="id", types=["string"])])
        ],
    )


PROPS = PropertyPage(
    page="developers/ref.html",
    objects=[
        _obj("platform.jira", "Jira"),
        _obj("platform.zendesk", "Zendesk"),
        _obj("platform.mambu", "Mambu"),
        _obj("platform.postgres", "PostgreSQL"),
        _obj("postgres", "PostgreSQL", kind="destination"),
    ],
    problems=[
        Problem(
            code="example-invalid-json",
            message="x",
            location=Location(
                page="developers/ref.html", element="source-form-properties-jira-object"
            ),
        )
    ],
)


def test_page_slug_reads_connector_segment():
    assert page_slug("integrations/saas/mambu/v2.html") == "mambu"
    assert page_slug("integrations/saas/recharge/index.html") == "recharge"
    assert page_slug("integrations/webhooks/segment.html") == "segment"


def test_matches_by_display_name_then_page_path():
    res = assemble(
        [
            PROPS,
            _tpage("integrations/saas/jira.html", "JIRA"),  # case differs
            _tpage("integrations/saas/zendesk.html", "Zendesk Support"),  # path = type id
            _tpage("integrations/webhooks/segment.html", "Segment", version=None, latest=None),
        ]
    )
    by_name = {c.name: c for c in res.connectors}
    assert by_name["jira"].config is not None and by_name["jira"].tables
    assert by_name["jira"].problems[0].code == "example-invalid-json"
    assert by_name["zendesk"].type == "platform.zendesk" and by_name["zendesk"].tables
    assert by_name["segment"].config is None and by_name["segment"].type is None
    assert res.unmatched_pages == ["integrations/webhooks/segment.html"]
    assert ("integrations/saas/jira.html", "platform.jira") in res.matched


def test_older_version_gets_own_spec_without_config():
    res = assemble([PROPS, _tpage("integrations/saas/mambu/v2.html", "Mambu", "2", latest=False)])
    by_name = {c.name: c for c in res.connectors}
    assert by_name["mambu_v2"].config is None and by_name["mambu_v2"].version == "2"
    assert by_name["mambu"].config is not None and by_name["mambu"].tables is None


def test_name_clash_gets_suffix_and_warning():
    res = assemble([PROPS])
    names = [c.name for c in res.connectors]
    assert len(names) == len(set(names))
    assert "postgres" in names and "postgres_destination" in names
    assert [p.code for p in res.problems] == ["name-clash"]


def test_spec_round_trips_and_is_stable():
    conn = assemble([PROPS, _tpage("integrations/saas/jira.html", "JIRA")]).connectors[0]
    text = specio.dump(conn)
    assert specio.load_text(text) == conn
    assert specio.dump(specio.load_text(text)) == text
    assert "spec_format: 1" in text


def test_bad_spec_is_located_error(tmp_path: Path):
    (tmp_path / "bad.yaml").write_text("spec_format: 1\nname: [\n")
    (tmp_path / "old.yaml").write_text("spec_format: 0\nname: x\n")
    conns, problems = specio.load_specs(tmp_path)
    assert conns == []
    assert sorted(Path(p.location.page).name for p in problems) == ["bad.yaml", "old.yaml"]
    assert all(p.severity == "error" for p in problems)


def test_merge_keeps_what_this_run_did_not_read():
    old = Connector(name="jira", display_name="Jira", tables=[Table(name="t")], layout="singer")
    new = Connector(
        name="jira", display_name="Jira", type="platform.jira", config=_obj("platform.jira", "Jira")
    )
    merged = pipeline.merge(old, new)
    assert merged.tables == [Table(name="t")] and merged.config is not None
