"""parse / update / build as the CLI runs them: exit codes, atomic and incremental builds."""

from __future__ import annotations

import json

from conftest import CORPUS
from typer.testing import CliRunner

from docgen import pipeline
from docgen.cli import app
from docgen.model import specio

runner = CliRunner()
AUTOPILOT = CORPUS / "pages" / "integrations__saas__autopilot.html"
PROPERTIES = (
    CORPUS / "pages" / "developers__stitch-connect__guides__source-destination-reference.html"
)


def test_parse_cli_prints_one_json_line_per_page_and_errors_together(shared_dir, tmp_path):
    bad = tmp_path / "not-a-reference.html"
    bad.write_text("<html><body><p>nothing here</p></body></html>")
    result = runner.invoke(
        app, ["parse", str(bad), str(AUTOPILOT), str(tmp_path / "gone.html"), "--json"]
    )
    lines = result.stdout.splitlines()
    assert result.exit_code == 2
    assert len(lines) == 3
    first, second, third = (json.loads(line) for line in lines)
    assert first["page"] == str(bad) and first["error"]["code"] == "not-documentation"
    assert third["page"] == str(tmp_path / "gone.html")
    assert third["error"]["code"] == "unreadable-page"
    assert "no such file" in third["error"]["message"]
    assert second["integration"] == "Autopilot" and isinstance(second["problems"], list)
    assert "not-documentation" in result.stderr and "unreadable-page" in result.stderr


def test_strict_turns_warnings_into_failure(shared_dir):
    page = CORPUS / "pages" / "integrations__saas__desk.html"  # states keys that are not columns
    assert runner.invoke(app, ["parse", str(page)]).exit_code == 0
    strict = runner.invoke(app, ["parse", str(page), "--strict"])
    assert strict.exit_code == 1 and "key-not-column" in strict.stderr


def test_update_writes_then_reports_nothing_new(shared_dir, tmp_path):
    specs = tmp_path / "specs"
    first = pipeline.update_specs([str(AUTOPILOT)], specs, progress=False)
    assert [p.name for p in first.written] == ["autopilot.yaml"]
    assert first.changes[0].startswith("added")
    again = pipeline.update_specs([str(AUTOPILOT)], specs, progress=False)
    assert again.written == [] and again.changes == []
    # the property page alone adds the config and keeps the tables read before
    pipeline.update_specs([str(PROPERTIES)], specs, progress=False)
    conn = specio.load_spec(specs / "autopilot.yaml")
    assert conn.config is not None and conn.tables and conn.type == "platform.autopilot"


def test_build_is_incremental_and_deterministic(small_specs, tmp_path):
    out = tmp_path / "gen"
    cold = pipeline.build(small_specs, out)
    assert sorted(cold.rendered) == ["asana", "autopilot", "segment"]
    snapshot = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    warm = pipeline.build(small_specs, out)
    assert warm.rendered == [] and warm.changes == []
    # a hand edit in generated/ is noticed and repaired, the edit kept aside
    target = out / "autopilot" / "validators.py"
    target.write_text("# edited\n")
    assert pipeline.build(small_specs, out, check=True).changes == [f"would write {target}"]
    repaired = pipeline.build(small_specs, out)
    assert repaired.rendered == ["autopilot"]
    assert repaired.edited == [("autopilot/validators.py", ".docgen-kept/autopilot/validators.py")]
    kept = out / ".docgen-kept" / "autopilot" / "validators.py"
    assert kept.read_text() == "# edited\n"
    kept.unlink()
    kept.parent.rmdir()
    kept.parent.parent.rmdir()
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == snapshot


def test_removed_spec_removes_its_package(small_specs, tmp_path):
    out = tmp_path / "gen"
    pipeline.build(small_specs, out)
    (small_specs / "segment.yaml").unlink()
    check = pipeline.build(small_specs, out, check=True)
    assert any(c.startswith("would remove") and "segment" in c for c in check.changes)
    assert (out / "segment").exists()
    pipeline.build(small_specs, out)
    assert not (out / "segment").exists()
    assert "segment" not in (out / "README.md").read_text()


def test_bad_spec_writes_nothing_and_names_the_file(small_specs, tmp_path):
    out = tmp_path / "gen"
    (small_specs / "broken.yaml").write_text("spec_format: 1\nname: 3\ndisplay_name: [\n")
    result = runner.invoke(app, ["build", "--specs", str(small_specs), "--out", str(out)])
    assert result.exit_code == 2 and "broken.yaml" in result.stderr
    assert not out.exists()


def test_build_check_exit_code(small_specs, tmp_path):
    out = tmp_path / "gen"
    stale = runner.invoke(app, ["build", "--check", "--specs", str(small_specs), "--out", str(out)])
    assert stale.exit_code == 1 and not out.exists()
    assert (
        runner.invoke(app, ["build", "--specs", str(small_specs), "--out", str(out)]).exit_code == 0
    )
    clean = runner.invoke(app, ["build", "--check", "--specs", str(small_specs), "--out", str(out)])
    assert clean.exit_code == 0
    assert clean.stdout.startswith("0 files would be written, ") and clean.stdout.count("\n") == 1


def test_serial_and_parallel_builds_agree(small_specs, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    pipeline.build(small_specs, one, jobs=1)
    pipeline.build(small_specs, two, jobs=2)
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    assert all((one / f).read_bytes() == (two / f).read_bytes() for f in files)


def test_update_finds_the_spec_a_connector_already_has(shared_dir, tmp_path):
    """Re-reading one page refreshes the spec that connector has, under its first name."""
    facebook = CORPUS / "pages" / "integrations__saas__facebook-ads.html"
    campaign = CORPUS / "pages" / "integrations__saas__campaign-manager.html"
    specs = tmp_path / "a"
    pipeline.update_specs([str(PROPERTIES), str(facebook)], specs, progress=False)
    before = {p.name for p in specs.glob("*.yaml")}
    assert "facebook.yaml" in before and "facebook_ads.yaml" not in before
    # the page alone (no property objects in this run) refreshes facebook.yaml
    again = pipeline.update_specs([str(facebook)], specs, progress=False)
    assert again.written == [] and {p.name for p in specs.glob("*.yaml")} == before
    # a table page read later joins the config-only spec of its connector
    pipeline.update_specs([str(campaign)], specs, progress=False)
    assert {p.name for p in specs.glob("*.yaml")} == before
    joined = specio.load_spec(specs / "doubleclick_campaign_manager.yaml")
    assert joined.tables == [] and joined.config is not None
    # and the other way round: a tables-only spec takes the config read later
    other = tmp_path / "b"
    pipeline.update_specs([str(campaign)], other, progress=False)
    pipeline.update_specs([str(PROPERTIES)], other, progress=False)
    assert not (other / "doubleclick_campaign_manager.yaml").exists()
    conn = specio.load_spec(other / "campaign_manager.yaml")
    assert conn.type == "platform.doubleclick-campaign-manager" and conn.tables == []


def test_update_never_drops_a_connector_whose_name_is_taken(shared_dir, tmp_path):
    specs = tmp_path / "specs"
    pipeline.update_specs([str(AUTOPILOT)], specs, progress=False)
    # another connector's spec holds the name this page's connector would get
    other = specio.load_spec(specs / "autopilot.yaml").model_copy(
        update={"type": "platform.other", "display_name": "Other", "sources": [], "tables": []}
    )
    (specs / "autopilot.yaml").write_text(specio.dump(other))
    result = pipeline.update_specs([str(AUTOPILOT)], specs, progress=False)
    assert [p.name for p in result.written] == ["autopilot_2.yaml"]
    assert [p.code for p in result.problems if p.code == "name-clash"] == ["name-clash"]


def test_spec_name_must_be_an_identifier(tmp_path):
    (tmp_path / "x.yaml").write_text("spec_format: 1\nname: ../x\ndisplay_name: X\n")
    conns, problems = specio.load_specs(tmp_path)
    assert conns == [] and "not a valid Python identifier" in problems[0].message


def test_prune_removes_specs_no_page_states_unless_a_page_failed(shared_dir, tmp_path):
    specs = tmp_path / "specs"
    segment = CORPUS / "pages" / "integrations__webhooks__segment.html"
    pipeline.update_specs([str(AUTOPILOT), str(segment)], specs, progress=False)
    # segment.yaml made to name the autopilot page as its source: read, it no longer gives it
    spec = specs / "segment.yaml"
    spec.write_text(
        spec.read_text().replace(
            "integrations/webhooks/segment.html", "integrations/saas/autopilot.html"
        )
    )
    broken = tmp_path / "broken.html"
    broken.write_text("<html><body>no reference</body></html>")
    kept = pipeline.update_specs([str(AUTOPILOT), str(broken)], specs, progress=False, prune=True)
    assert spec.exists()
    assert kept.failed and kept.changes == [] and kept.changed == 1  # the removal
    assert (
        kept.summary() == "1 spec would change, 1 unchanged, 0 warnings, 1 error: nothing written"
    )
    pruned = pipeline.update_specs([str(AUTOPILOT)], specs, progress=False, prune=True)
    assert not spec.exists() and (specs / "autopilot.yaml").exists()
    assert pruned.changes == [f"removed {spec} (its pages, all read, no longer state it)"]
