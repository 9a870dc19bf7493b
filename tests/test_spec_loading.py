"""Every command reads specs the same way (issue 19): one loader and one validation, so build,
update, diff (folders and git revisions), lint, land and drift refuse what one refuses, with
exit 2 and the same ``FILE:LINE:COL: message`` lines, and every message names a step that
works. Tried on malformed specs beyond the issue's (nested columns, OAuth properties, YAML
keys twice, case-only file names, destination specs in the wrong place, ...)."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CORPUS, REPO
from typer.testing import CliRunner, Result

from docgen import pipeline
from docgen.cli import app
from docgen.model import specio

runner = CliRunner()
AUTOPILOT_PAGE = CORPUS / "pages" / "integrations__saas__autopilot.html"
LOCATED = re.compile(r"^(?P<file>\S+\.yaml):(?P<line>\d+):(?P<col>\d+): (?P<message>.+)$")


def run(args: list[str], cwd: Path | None = None) -> Result:
    if cwd is not None:
        import os

        here = Path.cwd()
        os.chdir(cwd)
        try:
            return run(args)
        finally:
            os.chdir(here)
    result = runner.invoke(app, args)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project: specs/ (the autopilot spec and one destination spec) in a git work tree,
    committed, so that `diff HEAD specs` reads the same folder out of git."""
    monkeypatch.setenv("DOCGEN_JOBS", "1")  # no worker processes for a one-spec build
    root = tmp_path / "project"
    dest = root / "specs" / "destinations"
    dest.mkdir(parents=True)
    shutil.copy(REPO / "specs" / "autopilot.yaml", root / "specs")
    shutil.copy(REPO / "specs" / "destinations" / "postgresql.yaml", dest)
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    for args in (
        ["init", "-q"],
        ["add", "specs"],
        ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "specs"],
    ):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
    return root


def every_command(root: Path) -> dict[str, Result]:
    """Each command that reads specs, on the project's specs/ (relative, as a user types it)."""
    tap = root / "catalog.json"
    tap.write_text('{"streams": []}')
    out = root / "generated"
    return {
        "build": run(["build", "--out", str(out)], root),
        "diff folder": run(["diff", str(REPO / "specs" / "autopilot.yaml"), "specs"], root),
        "diff git": run(["diff", "HEAD", "specs"], root),
        "lint": run(["lint"], root),
        "land": run(["land", "autopilot", "--destination", "postgresql"], root),
        "land --all": run(["land", "--all", "--destination", "postgresql"], root),
        "drift": run(["drift", "autopilot", str(tap)], root),
        "update": run(["update", str(AUTOPILOT_PAGE), "--dry-run"], root),
    }


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


# Each case: how to break the autopilot spec (or its folder), and what the line says. All in
# autopilot.yaml, the spec every command above reads.
CASES: dict[str, tuple[Callable[[Path], None], str]] = {
    "two tables share a name": (
        lambda s: _edit(s / "autopilot.yaml", "\n- name: lists\n", "\n- name: contacts\n"),
        "table 'contacts' is listed twice",
    ),
    "two nested columns share a name": (
        lambda s: _edit(s / "autopilot.yaml", "    - name: value\n", "    - name: url\n"),
        "column 'anywhere_form_submits.url' is listed twice in table 'contacts'",
    ),
    "two sibling columns share a name": (
        lambda s: _edit(
            s / "autopilot.yaml",
            "  - name: anywhere_page_visits\n",
            "  - name: anywhere_form_submits\n",
        ),
        "column 'anywhere_form_submits' is listed twice in table 'contacts'",
    ),
    "two config properties share a name": (
        lambda s: _edit(s / "autopilot.yaml", "  - name: cron_expression\n", "  - name: api_key\n"),
        "property 'api_key' is listed twice",
    ),
    "a key given twice in one mapping": (
        lambda s: _edit(
            s / "autopilot.yaml", "display_name: Autopilot\n", "display_name: A\nname: b\n"
        ),
        "key 'name' given twice in one mapping",
    ),
    "an unknown field": (
        lambda s: _edit(
            s / "autopilot.yaml", "- name: contacts\n", "- name: contacts\n  colour: red\n"
        ),
        "unknown field 'colour' in tables[0]",
    ),
    "a stray copy of the spec": (
        lambda s: shutil.copy(s / "autopilot.yaml", s / "autopilot_copy.yaml"),
        "a second spec of connector 'autopilot', whose spec is specs/autopilot.yaml",
    ),
    "a spec under another connector's file name": (
        lambda s: (s / "autopilot.yaml").rename(s / "autopilot_v2.yaml"),
        "name 'autopilot' does not match the file name autopilot_v2.yaml",
    ),
    "a newer spec_format": (
        lambda s: _edit(s / "autopilot.yaml", "spec_format: 1\n", "spec_format: 2\n"),
        "spec_format 2 is newer than this docgen reads (1)",
    ),
    "a destination spec among connector specs": (
        lambda s: shutil.copy(s / "destinations" / "postgresql.yaml", s / "postgresql.yaml"),
        "a destination spec (kind: destination-reference), not a connector spec",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_every_command_refuses_what_one_refuses(project: Path, case: str) -> None:
    breaks, expected = CASES[case]
    breaks(project / "specs")
    results = every_command(project)
    lines: dict[str, list[str]] = {}
    for command, result in results.items():
        assert result.exit_code == 2, (command, result.stdout, result.stderr)
        located = [line for line in result.stderr.splitlines() if LOCATED.match(line)]
        assert located, (command, result.stderr)
        # the same lines from every command; a git revision's file is REV:path
        lines[command] = [line.removeprefix("HEAD:") for line in located]
        assert any(expected in line for line in located), (command, result.stderr)
    assert not (project / "generated").exists()
    first = lines.pop("build")
    for command, got in lines.items():
        if command == "diff git" and not any("HEAD:" in x for x in results[command].stderr):
            got = [x for x in got if x in first]  # the work-tree side's lines
        assert set(got) <= set(first) or set(first) <= set(got), (command, got, first)
    for line in first:  # as given: relative, the compiler convention
        assert LOCATED.match(line)["file"].startswith("specs/"), line  # type: ignore[index]


def test_duplicates_the_page_states_are_kept_and_reported(tmp_path: Path) -> None:
    """What the page lists twice is recorded in the spec by the reader (a duplicate-*
    warning) and loads; the committed specs hold two such pages."""
    for name in ("mambu_v2", "quickbooks_v21_12_2015"):
        conn = specio.load_spec(REPO / "specs" / f"{name}.yaml")
        assert {p.code for p in conn.problems} & {"duplicate-table", "duplicate-column"}
    text = (REPO / "specs" / "quickbooks_v21_12_2015.yaml").read_text()
    (tmp_path / "quickbooks_v21_12_2015.yaml").write_text(
        text.replace("code: duplicate-column", "code: another-warning", 1)
    )
    (problem,) = specio.load_folder(tmp_path).problems  # without the page's record: refused
    assert "column 'domain' is listed twice in table 'quickbooks_accounts'" in problem.message


def test_oauth_properties_and_children_are_checked(tmp_path: Path) -> None:
    from docgen.model.spec import ConfigObject, Connector, Property

    def spec(props: list[Property], oauth: list[Property]) -> str:
        config = ConfigObject(
            type="platform.x", kind="source", display_name="X", properties=props, oauth=oauth
        )
        return specio.dump(Connector(name="x", display_name="X", config=config))

    nested = [Property(name="a", type="object", children=[Property(name="b", type="string")] * 2)]
    with pytest.raises(specio.SpecErrors, match=r"property 'a\.b' is listed twice"):
        specio.load_text(spec(nested, []), "x.yaml")
    twice = [Property(name="token", type="string")] * 2
    with pytest.raises(specio.SpecErrors, match=r"config\.oauth"):
        specio.load_text(spec([], twice), "x.yaml")
    # one name in the form and in the OAuth section is how the docs write it: kept
    same = [Property(name="token", type="string")]
    assert specio.load_text(spec(same, same), "x.yaml").config is not None


def test_case_only_file_names_are_refused(tmp_path: Path) -> None:
    text = (REPO / "specs" / "asana.yaml").read_text()
    (tmp_path / "asana.yaml").write_text(text)
    (tmp_path / "Asana.yaml").write_text(text.replace("name: asana\n", "name: Asana\n", 1))
    found = specio.load_folder(tmp_path)
    assert [p.message.split(":")[0] for p in found.problems] == [
        "file name differs from Asana.yaml only in case"
    ]


def test_spec_lines_are_the_compiler_convention(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    shutil.copy(REPO / "specs" / "autopilot.yaml", specs)
    _edit(specs / "autopilot.yaml", "- name: contacts\n", "- name: contacts\n  colour: red\n")
    line_no = 1 + (specs / "autopilot.yaml").read_text().splitlines().index("  colour: red")
    result = run(["build", "--specs", str(specs), "--out", str(tmp_path / "o")])
    (line,) = result.stderr.splitlines()
    assert line == (
        f"{specs / 'autopilot.yaml'}:{line_no}:3: unknown field 'colour' in tables[0] "
        "(fields there: name, description, replication_method, replication_method_text, "
        "primary_keys, replication_keys, foreign_keys, loading_behavior, links, columns, element)"
    )


def test_destination_specs_as_connector_specs_is_one_line(project: Path) -> None:
    for args in (
        ["build", "--specs", "specs/destinations"],
        ["lint", "--specs", "specs/destinations"],
        ["land", "--all", "--destination", "postgresql", "--specs", "specs/destinations"],
        ["drift", "autopilot", "x.json", "--specs", "specs/destinations"],
        ["diff", "specs/destinations", "specs"],
        ["update", str(AUTOPILOT_PAGE), "--specs", "specs/destinations"],
    ):
        result = run(args, project)
        assert result.exit_code == 2, args
        (line,) = result.stderr.splitlines()
        assert "these are destination specs" in line and "connector specs live in specs/" in line
    # the other way round: a connector spec among the destination specs
    shutil.copy(project / "specs" / "autopilot.yaml", project / "specs" / "destinations")
    result = run(["land", "--list-destinations"], project)
    assert result.exit_code == 2
    assert "specs/destinations/autopilot.yaml:" in result.stderr
    assert "a connector spec, not a destination spec" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["build"],
        ["lint"],
        ["land", "autopilot", "--destination", "postgresql"],
        ["land", "--list-destinations"],
        ["drift", "autopilot", "tap.json"],
        ["diff", "HEAD"],
        ["update", str(AUTOPILOT_PAGE)],
        ["update", str(AUTOPILOT_PAGE), "--dry-run", "--prune"],
    ],
)
def test_outside_a_project_every_command_says_the_same_once(
    tmp_path: Path, args: list[str]
) -> None:
    result = run(args, tmp_path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"docgen {args[0]}: no specs/ here: run from the project root or pass --specs\n"
    )
    assert list(tmp_path.iterdir()) == []  # nothing created


def test_update_creates_only_the_spec_folder_it_is_given(tmp_path: Path) -> None:
    made = run(["update", str(AUTOPILOT_PAGE), "--specs", "new"], tmp_path)
    assert made.exit_code == 0 and (tmp_path / "new" / "autopilot.yaml").is_file()
    assert "created new/ (named by --specs)" in made.stdout
    deep = run(["update", str(AUTOPILOT_PAGE), "--specs", "a/b/specs"], tmp_path)
    assert deep.exit_code == 2 and not (tmp_path / "a").exists()
    assert "its parent a/b exists" in deep.stderr


def test_a_newer_spec_format_names_steps_that_work(small_specs: Path) -> None:
    spec = small_specs / "autopilot.yaml"
    _edit(spec, "spec_format: 1\n", "spec_format: 2\n")
    refused = run(["update", str(AUTOPILOT_PAGE), "--specs", str(small_specs)])
    assert refused.exit_code == 2
    (line,) = [x for x in refused.stderr.splitlines() if "spec_format" in x]
    assert "upgrade docgen" in line and "docgen update --force" in line
    assert "https://www.stitchdata.com/docs/integrations/saas/autopilot" in line
    # the step it names works: --force replaces the spec from the page, and says what it lost
    forced = run(["update", "--force", str(AUTOPILOT_PAGE), "--specs", str(small_specs)])
    assert forced.exit_code == 0, forced.stderr
    assert "unloadable-spec-replaced" in forced.stderr
    assert "source-destination-reference" in forced.stderr  # its other page, not read
    assert specio.load_spec(spec).tables


@pytest.mark.parametrize(
    ("text", "step"),
    [
        ("spec_format: 1\nname: [\n", "fix it, or"),
        ("- a list\n", "if it was one,"),
        ("", "if it was one,"),
        ("spec_format: 0\nname: x\ndisplay_name: X\n", "docgen update --force"),
        ("spec_format: 7\nname: x\ndisplay_name: X\n", "upgrade docgen"),
        ("spec_format: 1\nname: x\n", "missing field 'display_name' in the spec (add it)"),
        ("spec_format: 1\nname: x\ndisplay_name: X\ncolor: 1\n", "fields there: spec_format"),
        ("spec_format: 1\nname: x-y\ndisplay_name: X\n", "use letters, digits and _"),
        ("spec_format: 1\nname: x\ndisplay_name: X\nname: z\n", "remove one"),
        ("spec_format: 1\nname: &n x\ndisplay_name: *n\n", "replace the alias with the value"),
        ("spec_format: 1\nname: !!python/name:os.system x\n", "fix it, or"),
    ],
)
def test_every_spec_message_names_a_step(tmp_path: Path, text: str, step: str) -> None:
    (tmp_path / "x.yaml").write_text(text)
    found = specio.load_folder(tmp_path)
    assert found.problems and step in found.problems[0].message
    assert str(found.problems[0]).startswith(f"{tmp_path / 'x.yaml'}:")


def test_not_utf8_is_located(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_bytes(b"spec_format: 1\nname: \xff\n")
    with pytest.raises(specio.SpecErrors) as info:
        specio.load_spec(tmp_path / "x.yaml")
    assert str(info.value).startswith(f"{tmp_path / 'x.yaml'}:2:7: not UTF-8 text")


def test_build_skips_unchanged_specs_but_not_the_folder_rules(tmp_path: Path) -> None:
    """The incremental build loads only changed specs; a stray copy beside unchanged ones is
    still refused, and nothing is written."""
    specs, out = tmp_path / "specs", tmp_path / "out"
    specs.mkdir()
    shutil.copy(REPO / "specs" / "segment.yaml", specs)
    assert not pipeline.build(specs, out).problems
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    shutil.copy(specs / "segment.yaml", specs / "segment_old.yaml")
    again = pipeline.build(specs, out)
    assert [p.location.page for p in again.problems] == [str(specs / "segment_old.yaml")]
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_nested_aliases_are_refused_before_they_expand(tmp_path: Path) -> None:
    """Twenty-five lines of anchors and aliases would be 2**25 columns to validate: refused
    at the first alias, in well under a second."""
    lines = ["spec_format: 1", "name: x", "display_name: X", "tables:", "- name: t", "  columns:"]
    lines.append("  - &k0 {name: a}")
    lines += [f"  - &k{i} {{name: a{i}, children: [*k{i - 1}, *k{i - 1}]}}" for i in range(1, 26)]
    (tmp_path / "x.yaml").write_text("\n".join(lines) + "\n")
    (problem,) = specio.load_folder(tmp_path).problems
    assert problem.location.line == 7 and "an alias (*name)" in problem.message  # of &k0


def test_diff_of_git_paths_that_are_not_specs_is_one_line(project: Path) -> None:
    (project / "notes.txt").write_text("x")
    subprocess.run(["git", "add", "notes.txt"], cwd=project, check=True)
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "n"],
        cwd=project,
        check=True,
    )
    for args, expected in (
        (["diff", "HEAD", "notes.txt"], "HEAD:notes.txt: not a spec file"),
        (["diff", "HEAD:notes.txt", "specs"], "HEAD:notes.txt: not a spec file"),
        (["diff", "HEAD:", "specs"], "holds no spec file"),
    ):
        result = run(args, project)
        assert result.exit_code == 2, args
        (line,) = result.stderr.splitlines()
        assert expected in line, (args, line)


def test_diff_json_names_every_spec_problem(project: Path) -> None:
    import json

    shutil.copy(project / "specs" / "autopilot.yaml", project / "specs" / "autopilot_copy.yaml")
    result = run(["diff", "HEAD", "specs", "--json"], project)
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    assert doc["error"].startswith("specs/autopilot_copy.yaml:")
    assert [e["location"]["page"] for e in doc["errors"]] == ["specs/autopilot_copy.yaml"]
    assert doc["errors"][0]["location"]["line"] == 4


def test_force_rewrites_a_destination_spec_that_does_not_load(tmp_path: Path) -> None:
    """The step a destination spec's message names works too: both its pages given with
    --force give back the committed spec byte for byte."""
    dest = tmp_path / "specs" / "destinations"
    dest.mkdir(parents=True)
    committed = (REPO / "specs" / "destinations" / "postgresql.yaml").read_text()
    (dest / "postgresql.yaml").write_text(committed.replace("spec_format: 1", "spec_format: 2"))
    page = CORPUS / "destinations" / "pages" / "destinations__postgresql__reference.html"
    keywords = CORPUS / "docs" / "replication__loading__reserved-keywords.html"
    refused = run(["update", str(page), "--specs", str(tmp_path / "specs")])
    assert refused.exit_code == 2
    assert "destinations/postgresql/reference" in refused.stderr
    assert "replication/loading/reserved-keywords" in refused.stderr  # its second page
    forced = run(
        ["update", "--force", str(page), str(keywords), "--specs", str(tmp_path / "specs")]
    )
    assert forced.exit_code == 0, forced.stderr
    assert (dest / "postgresql.yaml").read_text() == committed


@pytest.mark.parametrize("cut", [300, 3000, 5000, 9000, 11000])
def test_a_spec_saved_half_way_says_so(cut: int) -> None:
    """Property: a spec cut in the middle of a line (docgen ends every spec with a line
    end) is refused at the place it ends, with the hint that it was saved half-way and the
    steps that restore it; a whole spec never gets the hint, nor does an error elsewhere.
    (A cut inside a plain value, with nothing left open after it, still loads: the format
    has no end marker; the cuts here leave a key, a list or a quote open.)"""
    text = (REPO / "specs" / "autopilot.yaml").read_text()
    while text[cut - 1] != ":":  # just after a key: its value cut off
        cut -= 1
    with pytest.raises(specio.SpecErrors) as caught:
        specio.load_text(text[:cut], "specs/autopilot.yaml")
    (problem,) = caught.value.problems
    assert "(the file ends there, in the middle of a line: saved half-way?)" in problem.message
    assert problem.location.line is not None
    assert problem.location.line >= text[:cut].count("\n")
    assert "tuple" not in problem.message
    broken = text.replace("display_name: Autopilot\n", "display_name: [Autopilot\n", 1)
    with pytest.raises(specio.SpecErrors) as elsewhere:
        specio.load_text(broken, "specs/autopilot.yaml")
    assert "half-way" not in elsewhere.value.problems[0].message
    specio.load_text(text, "specs/autopilot.yaml")  # the whole spec loads


def test_an_unknown_field_names_the_fields_there_at_any_depth() -> None:
    """Property: an unknown field is answered with the fields of the model it sits in,
    nested columns (a tuple of columns) included."""
    text = (REPO / "specs" / "autopilot.yaml").read_text()
    nested = text.replace(
        "    children:\n    - name: url\n", "    children:\n    - typs: []\n      name: url\n", 1
    )
    assert nested != text
    with pytest.raises(specio.SpecErrors) as caught:
        specio.load_text(nested, "specs/autopilot.yaml")
    message = caught.value.problems[0].message
    assert "unknown field 'typs' in tables[0].columns[0].children[0]" in message
    assert "(fields there: name, types," in message


def test_a_destination_spec_breaking_the_folder_rules_is_not_one_of_the_folder(
    tmp_path: Path,
) -> None:
    """Property: destination specs are held to the folder rules as connector specs are
    (load_folder): a copy under another name is reported and not used."""
    folder = tmp_path / "specs" / "destinations"
    folder.mkdir(parents=True)
    source = REPO / "specs" / "destinations" / "mysql.yaml"
    shutil.copy(source, folder / "mysql.yaml")
    shutil.copy(source, folder / "zzz.yaml")
    dests, problems = specio.load_destinations(tmp_path / "specs")
    assert [d.name for d in dests] == ["mysql"]
    assert [Path(p.location.page).name for p in problems] == ["zzz.yaml"]
