"""The mistakes people make, tried through the real CLI in temporary folders (issue 12).

Every invocation goes through :func:`run`, which fails the test on a Python traceback:
no input here may produce one.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, REPO, SHARED
from typer.testing import CliRunner, Result

from docgen import cli, pipeline
from docgen.cli import app

runner = CliRunner()
PAGES = CORPUS / "pages"
AUTOPILOT = PAGES / "integrations__saas__autopilot.html"
AUTOPILOT_PAGE = "integrations/saas/autopilot.html"
ZOOM = PAGES / "integrations__saas__zoom.html"
PROPERTIES = PAGES / "developers__stitch-connect__guides__source-destination-reference.html"
AUTOPILOT_TEXT = SHARED / "seeds" / "002_ecc871c58e7e87a5.txt"


def run(*args: str | Path) -> Result:
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def one_line(result: Result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def tree(folder: Path) -> dict[str, bytes]:
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture()
def specs(small_specs: Path) -> Path:
    return small_specs


# --------------------------------------------------------------------------- 1. nothing lost


def _docgen() -> list[str]:
    exe = Path(sys.executable).with_name("docgen")
    return (
        [str(exe)]
        if exe.exists()
        else [sys.executable, "-c", "from docgen.cli import main; main()"]
    )


def test_misspelt_spec_folder_leaves_a_clone_untouched(tmp_path: Path) -> None:
    if shutil.which("git") is None or not (REPO / ".git").exists():
        pytest.skip("needs git and a git work tree")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)
    for args in (["build", "--specs", "spec"], ["lint", "--specs", "spec"]):
        proc = subprocess.run(
            [*_docgen(), *args], cwd=clone, capture_output=True, text=True, check=False
        )
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.strip() == (
            f"docgen {args[0]}: --specs spec: no such folder (did you mean specs?); expected a "
            "folder of spec files (*.yaml)"
        )
        assert "Traceback" not in proc.stderr
        status = subprocess.run(
            ["git", "status", "--porcelain"], cwd=clone, capture_output=True, text=True, check=True
        )
        assert status.stdout == ""


def test_a_misspelt_path_names_its_nearest_neighbour(tmp_path: Path) -> None:
    """Property: a path that does not exist is reported with the closest name in its
    folder (of the kind expected: a file for a page, a folder for --specs), or with the
    first folder of it that is missing, and never with a far-off name."""
    from docgen.model.words import did_you_mean

    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "integrations__saas__zoom.html").write_text("x")
    (tmp_path / "specs").mkdir()
    page = tmp_path / "pages" / "integrations__saas__zom.html"
    assert did_you_mean(page) == f" (did you mean {page.parent / 'integrations__saas__zoom.html'}?)"
    assert did_you_mean(tmp_path / "pages" / "stripe.html") == ""  # nothing close
    assert (
        did_you_mean(tmp_path / "sepcs", folders=True) == f" (did you mean {tmp_path / 'specs'}?)"
    )
    assert did_you_mean(tmp_path / "sepcs") == ""  # a folder is not offered for a file
    deep = tmp_path / "pagez" / "x" / "a.html"
    assert did_you_mean(deep) == f" (no folder {tmp_path / 'pagez'})"
    shown = Path("pages/integrations__saas__zom.html")
    assert did_you_mean(page, shown=shown) == (
        " (did you mean pages/integrations__saas__zoom.html?)"
    )
    result = run("update", str(page), "--specs", str(tmp_path / "specs"))
    assert result.exit_code == 2
    assert "no such file (did you mean " in result.output
    assert list((tmp_path / "specs").iterdir()) == []


def test_every_lookup_by_name_gives_the_same_hint() -> None:
    """Property: a name that matches nothing (connector, table, destination) is answered
    with the closest known names, the same name in another case first, at most three, and
    nothing when no name is close."""
    from docgen.model.words import close_names

    tables = ["contacts", "lists", "lists_contacts", "smart_segments"]
    assert close_names("contcts", tables) == " (did you mean contacts, lists_contacts?)"
    assert close_names("Contacts", tables).startswith(" (did you mean contacts")
    assert close_names("CONTACTS", ["Contacts", "contacts"]) == (
        " (did you mean Contacts, contacts?)"
    )
    assert close_names("zzz", tables) == ""
    assert close_names("a", []) == ""
    assert len(close_names("list", [f"list{i}" for i in range(9)]).split(",")) == 3
    for args, hint in (
        (["erd", "autopilot", "--table", "contcts"], "(did you mean contacts"),
        (["erd", "autopilt"], "(did you mean autopilot?)"),
        (["land", "autopilot", "--destination", "postgress"], "(did you mean postgresql?)"),
        (["land", "autopilt", "--destination", "postgresql"], "(did you mean autopilot?)"),
    ):
        result = run(*args, "--specs", str(REPO / "specs"))
        assert result.exit_code == 2, (args, result.output)
        assert hint in one_line(result), (args, result.output)


def test_build_without_specs_writes_nothing(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("build")
    assert result.exit_code == 2
    assert (
        one_line(result)
        == "docgen build: no specs/ here: run from the project root or pass --specs"
    )
    (tmp_path / "specs").mkdir()
    result = run("build")
    assert result.exit_code == 2 and "holds no spec file" in one_line(result)
    assert sorted(os.listdir(tmp_path)) == ["specs"]  # no generated/


def test_build_removes_a_package_only_when_its_spec_is_gone(specs: Path, tmp_path: Path) -> None:
    out = tmp_path / "gen"
    assert run("build", "--specs", specs, "--out", out).exit_code == 0
    (specs / "segment.yaml").unlink()
    before = tree(out)
    dry = run("build", "--specs", specs, "--out", out, "--dry-run")
    assert dry.exit_code == 0 and tree(out) == before
    assert f"would remove {out / 'segment' / 'catalog.json'}" in dry.stdout.splitlines()
    real = run("build", "--specs", specs, "--out", out)
    summary = real.stdout.strip().splitlines()
    assert len(summary) == 1 and "removed (package segment: its spec is gone" in summary[0]
    assert not (out / "segment").exists() and (out / "autopilot" / "records.py").exists()


def test_a_hand_edit_of_generated_code_is_never_lost(specs: Path, tmp_path: Path) -> None:
    """Property: a file docgen wrote and someone then edited (its bytes differ from the
    manifest's hash) is kept under .docgen-kept/ before a build replaces or removes it,
    and named; a different later edit is kept beside it, the same edit once; --check and
    --dry-run name it and write nothing; a file nobody edited is never kept."""
    out = tmp_path / "gen"
    assert run("build", "--specs", specs, "--out", out).exit_code == 0
    target = out / "autopilot" / "validators.py"
    kept = out / ".docgen-kept" / "autopilot" / "validators.py"
    target.write_bytes(target.read_bytes() + b"# my fix\n")
    before = tree(out)
    check = run("build", "--specs", specs, "--out", out, "--check")
    assert check.exit_code == 1 and tree(out) == before
    assert f"{target} was edited by hand since docgen wrote it: would be kept as {kept}" in (
        check.stderr
    )
    real = run("build", "--specs", specs, "--out", out)
    assert real.exit_code == 0, real.output
    assert f"replaced; your version is kept as {kept} " in real.stderr
    assert kept.read_bytes() == before["autopilot/validators.py"]
    assert target.read_bytes() != kept.read_bytes()
    assert run("build", "--specs", specs, "--out", out, "--check").exit_code == 0  # kept: ok
    target.write_bytes(target.read_bytes() + b"# another fix\n")
    run("build", "--specs", specs, "--out", out)
    assert kept.with_name("validators.py.1").read_bytes().endswith(b"# another fix\n")
    assert kept.read_bytes().endswith(b"# my fix\n")  # the first edit is still there
    target.write_bytes(target.read_bytes() + b"# my fix\n")  # the first edit, made again
    run("build", "--specs", specs, "--out", out)
    assert sorted(p.name for p in kept.parent.iterdir()) == ["validators.py", "validators.py.1"]
    # a package whose spec is gone: its edited file is kept before the package is removed
    catalog = out / "segment" / "catalog.json"
    catalog.write_text(catalog.read_text() + " ")
    (specs / "segment.yaml").unlink()
    gone = run("build", "--specs", specs, "--out", out)
    assert gone.exit_code == 0 and not (out / "segment").exists()
    assert (out / ".docgen-kept" / "segment" / "catalog.json").read_text().endswith(" ")
    assert sorted(p.name for p in (out / ".docgen-kept").iterdir()) == ["autopilot", "segment"]
    # someone's own file where a package now goes (the manifest does not record it) is kept
    (out / "segment").mkdir()
    (out / "segment" / "README.md").write_text("my notes\n")
    shutil.copy(REPO / "specs" / "segment.yaml", specs)
    back = run("build", "--specs", specs, "--out", out)
    assert back.exit_code == 0, back.output
    stranger = out / ".docgen-kept" / "segment" / "README.md"
    assert f"note: {out / 'segment' / 'README.md'} is not a file docgen wrote" in back.stderr
    assert stranger.read_text() == "my notes\n"
    # a manifest written before the index files were recorded: they are still docgen's
    manifest = json.loads((out / ".docgen-manifest.json").read_text())
    del manifest["index"]
    (out / ".docgen-manifest.json").write_text(json.dumps(manifest))
    (specs / "segment.yaml").unlink()  # the index README changes
    older = run("build", "--specs", specs, "--out", out)
    assert older.exit_code == 0 and "note:" not in older.stderr, older.stderr
    assert not (out / ".docgen-kept" / "README.md").exists()


def test_an_output_folder_that_is_a_dangling_link_is_one_line(specs: Path, tmp_path: Path) -> None:
    """Property: --out given as a link to nothing is named as such, for every command that
    writes a folder, not the OS's "File exists"."""
    link = tmp_path / "gen"
    link.symlink_to(tmp_path / "gone" / "x")
    for args in (
        ["build", "--specs", specs, "--out", link],
        ["scaffold", "autopilot", "--specs", specs, "--out", link],
    ):
        result = run(*args)
        assert result.exit_code == 2
        assert "is a link to " in one_line(result) and "which does not exist" in one_line(result)
    assert not (tmp_path / "gone").exists()


def test_a_build_never_replaces_a_file_docgen_did_not_write(specs: Path, tmp_path: Path) -> None:
    """Property: in a folder without a build manifest (``--out .`` by mistake, a folder of
    someone's own), a file the build would replace refuses the build, nothing written, with
    or without --check; files the build would write as they are, and new files, do not;
    the spec folder is never an output folder; the index files are recorded in the
    manifest, so an edit of them is kept like any other."""
    own = tmp_path / "project"
    own.mkdir()
    (own / "README.md").write_text("my project\n")
    (own / "notes.txt").write_text("mine\n")
    before = tree(own)
    for extra in ([], ["--check"], ["--dry-run"]):
        result = run("build", "--specs", specs, "--out", own, *extra)
        assert result.exit_code == 2, (extra, result.output)
        assert one_line(result).startswith(
            f"docgen build: --out {own}: this build would replace README.md there, and no "
            "build manifest (.docgen-manifest.json) says docgen wrote it; nothing was written."
        )
        assert tree(own) == before
    into_specs = run("build", "--specs", specs, "--out", specs)
    assert into_specs.exit_code == 2 and "is the spec folder" in one_line(into_specs)
    # a built folder whose manifest was lost: the same output again is fine...
    out = tmp_path / "gen"
    assert run("build", "--specs", specs, "--out", out).exit_code == 0
    manifest = json.loads((out / ".docgen-manifest.json").read_text())
    assert set(manifest["index"]) == {"README.md", "ruff.toml"}
    (out / ".docgen-manifest.json").unlink()
    assert run("build", "--specs", specs, "--out", out).exit_code == 0
    # ...and an index file edited by hand is kept before it is replaced
    (out / "README.md").write_text("edited\n")
    edited = run("build", "--specs", specs, "--out", out)
    assert edited.exit_code == 0 and "README.md was edited by hand" in edited.stderr
    assert (out / ".docgen-kept" / "README.md").read_text() == "edited\n"
    # without the manifest, a file that changed is refused rather than replaced
    (out / ".docgen-manifest.json").unlink()
    (out / "ruff.toml").write_text("# mine\n")
    lost = run("build", "--specs", specs, "--out", out)
    assert lost.exit_code == 2 and "would replace ruff.toml there" in one_line(lost)
    assert (out / "ruff.toml").read_text() == "# mine\n"
    # a manifest that cannot be read (a merge conflict, a wrong shape) is said to be that,
    # not missing, and is never an internal error
    for bad in (
        "<<<<<<< HEAD\n{}\n=======\n",
        '{"connectors": []}',
        '{"connectors": {"x": "y"}}',
        '{"connectors": {"x": {"files": 3}}}',
        '{"connectors": {}, "index": 4}',
    ):
        (out / ".docgen-manifest.json").write_text(bad)
        conflict = run("build", "--specs", specs, "--out", out)
        assert conflict.exit_code == 2, (bad, conflict.output)
        assert "its build manifest (.docgen-manifest.json) cannot be read" in one_line(conflict)
        assert (out / "ruff.toml").read_text() == "# mine\n"


def test_a_yaml_file_docgen_did_not_write_is_never_replaced(specs: Path) -> None:
    """Property: a *.yaml in the spec folder that docgen did not write (no header, no
    spec_format: a CI file, someone's notes) is named as such by every command that reads
    the folder, and not even ``update --force`` replaces it, whatever its name."""
    for name, foreign in (
        ("autopilot.yaml", b"name: build\non: push\njobs: {}\n"),  # a spec's name
        ("ci.yaml", b"name: build\non: push\njobs: {}\n"),  # another name
        ("notes.yaml", b"# my notes\n- [unclosed\n"),  # not even valid YAML
    ):
        (specs / name).write_bytes(foreign)
        for args in (
            ["build", "--specs", specs, "--out", specs.parent / "gen", "--check"],
            ["lint", "--specs", specs],
            ["update", AUTOPILOT, "--specs", specs],
            ["update", AUTOPILOT, "--specs", specs, "--force"],
        ):
            result = run(*args)
            assert result.exit_code == 2, (name, args, result.output)
            assert re.search(rf"{name}:\d+:1: not a docgen spec \(no spec_format", result.output), (
                args
            )
            assert (specs / name).read_bytes() == foreign, (name, args)
        (specs / name).unlink()
        shutil.copy(REPO / "specs" / "autopilot.yaml", specs / "autopilot.yaml")
    # the same in specs/destinations/, whose specs update --force replaces the same way
    destinations = specs / "destinations"
    destinations.mkdir()
    (destinations / "postgresql.yaml").write_bytes(b"name: build\non: push\n")
    page = CORPUS / "destinations" / "pages" / "destinations__postgresql__reference.html"
    result = run("update", page, "--specs", specs, "--force")
    assert result.exit_code == 2, result.output
    assert "postgresql.yaml:1:1: not a docgen spec (no spec_format" in result.output
    assert (destinations / "postgresql.yaml").read_bytes() == b"name: build\non: push\n"


def test_update_prune_dry_run_writes_nothing(specs: Path) -> None:
    # segment.yaml made to name the autopilot page as its only source: the page is read
    # and no longer gives it, so it is the one spec --prune may remove
    segment = specs / "segment.yaml"
    segment.write_text(
        segment.read_text().replace("integrations/webhooks/segment.html", AUTOPILOT_PAGE)
    )
    before = tree(specs)
    result = run("update", AUTOPILOT, "--specs", specs, "--prune", "--dry-run")
    assert result.exit_code == 0
    assert f"would remove {segment} (its pages, all read, no longer state it)" in result.stdout
    assert "note: --prune kept 1 spec " in result.stdout  # asana: the property page unread
    assert tree(specs) == before


# --------------------------------------------------------------------------- 2. no traceback


def test_wrong_kind_of_path_is_one_line(specs: Path, tmp_path: Path) -> None:
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    cases = [
        (["build", "--specs", a_file], "is a file; expected a folder of spec files"),
        (["build", "--specs", specs, "--out", a_file], "is a file; expected a folder for"),
        (["update", AUTOPILOT, "--specs", a_file], "is a file; expected a folder for specs"),
        (["diff", tmp_path / "nothing", specs], "is not a spec file, a spec directory"),
        (["lint", "--specs", a_file], "is a file; expected a folder of spec files"),
    ]
    for args, expected in cases:
        result = run(*args)
        assert result.exit_code == 2 and expected in one_line(result), args
    for command in ("parse", "update", "lint"):  # a spec folder given as a page
        folder = run(command, specs, *(["--specs", specs] if command != "parse" else []))
        line = folder.stderr.strip().splitlines()[0]
        assert folder.exit_code == 2 and "is a folder; expected a page" in line, command
        assert line.endswith(f"(it holds specs: pass it as --specs {specs}) [unreadable-page]")
    missing = run("parse", tmp_path / "gone.html")
    assert missing.exit_code == 2 and "gone.html: no such file" in one_line(missing)


def test_internal_error_is_one_line_and_debug_shows_it(monkeypatch, specs: Path) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(pipeline, "build", broken)
    result = run("build", "--specs", specs)
    assert result.exit_code == cli.EXIT_BUG
    line = one_line(result)
    assert "internal error (a bug in docgen" in line and "KeyError" in line
    assert "test_safety.py:" in line and "--debug" in line
    debug = runner.invoke(app, ["--debug", "build", "--specs", str(specs)])
    assert isinstance(debug.exception, KeyError)
    monkeypatch.setattr(cli, "_debug", False)


# --------------------------------------------------------------------------- 3. only docs


def _bad_pages(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    pages = {
        "empty": ("empty.html", b"", "empty-page"),
        "readme": ("README.md", (REPO / "README.md").read_bytes(), "not-documentation"),
        "other site": (
            "other.html",
            (
                b"<!doctype html><html><head><title>Shop</title></head><body><h1>Sale</h1>"
                b"<table><tr><td>a</td></tr></table></body></html>"
            ),
            "not-documentation",
        ),
        "binary": (
            "logo.png",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)),
            "not-documentation",
        ),
        "half page": (
            "half.html",
            AUTOPILOT.read_bytes()[: AUTOPILOT.stat().st_size // 2],
            "page-cut-short",
        ),
        "text cut short": (
            "cut.txt",
            AUTOPILOT_TEXT.read_bytes()[: int(AUTOPILOT_TEXT.stat().st_size * 0.8)],
            "page-cut-short",
        ),
    }
    out = {}
    for kind, (name, data, code) in pages.items():
        (tmp_path / name).write_bytes(data)
        out[kind] = (tmp_path / name, code)
    return out


def test_pages_that_are_not_documentation_write_nothing(tmp_path: Path) -> None:
    for kind, (page, code) in _bad_pages(tmp_path).items():
        target = tmp_path / f"specs-{kind.replace(' ', '-')}"
        result = run("update", page, "--specs", target)
        assert result.exit_code == 2, kind
        assert code in one_line(result) and str(page) in one_line(result), kind
        assert not target.exists(), kind
        parsed = run("parse", page, "--json")
        doc = json.loads(parsed.stdout)
        assert parsed.exit_code == 2 and doc["page"] == str(page)
        assert doc["error"]["code"] == code and doc["error"]["message"]


def test_half_page_among_good_pages_fails_the_run_and_writes_nothing(tmp_path: Path) -> None:
    half = _bad_pages(tmp_path)["half page"][0]
    specs = tmp_path / "specs"
    result = run("update", AUTOPILOT, PROPERTIES, half, "--specs", specs)
    assert result.exit_code == 2 and "page-cut-short" in result.stderr
    assert "nothing written" in result.stdout and not specs.exists()


def test_table_reference_ending_mid_table_is_cut_short(tmp_path: Path) -> None:
    data = AUTOPILOT.read_text(encoding="utf-8")
    # keep the page's end but drop the last table's attribute panel
    cut = data.rindex('<div class="panel-group"', 0, data.index('class="related-articles"'))
    end = data.index("</div>\n</div>", cut)
    page = tmp_path / "integrations__saas__autopilot.html"
    page.write_text(data[:cut] + data[end:], encoding="utf-8")
    result = run("parse", page)
    assert result.exit_code == 2 and "ends inside table" in one_line(result)


# --------------------------------------------------------------------------- 4. modes


def test_files_get_the_umask_mode_and_keep_theirs(specs: Path, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        out = tmp_path / "gen"
        assert run("build", "--specs", specs, "--out", out).exit_code == 0
        modes = {stat.S_IMODE(p.stat().st_mode) for p in out.rglob("*") if p.is_file()}
        assert modes == {0o644}
        fresh = tmp_path / "fresh"
        assert run("update", AUTOPILOT, "--specs", fresh).exit_code == 0
        spec = fresh / "autopilot.yaml"
        assert stat.S_IMODE(spec.stat().st_mode) == 0o644
        spec.chmod(0o640)
        spec.write_text(spec.read_text() + "# edited\n")
        assert run("update", AUTOPILOT, "--specs", fresh).exit_code == 0
        assert "# edited" not in spec.read_text() and stat.S_IMODE(spec.stat().st_mode) == 0o640
    finally:
        os.umask(old)


# --------------------------------------------------------------------------- 5. no degrading


def test_a_text_copy_never_degrades_an_html_spec(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    assert run("update", AUTOPILOT, "--specs", specs).exit_code == 0
    before = (specs / "autopilot.yaml").read_bytes()
    copy = tmp_path / "integrations__saas__autopilot.txt"  # saved under the page's name
    shutil.copy(AUTOPILOT_TEXT, copy)
    kept = run("update", copy, "--specs", specs)
    assert kept.exit_code == 0 and "richer-spec-kept" in kept.stderr and "--force" in kept.stderr
    assert (specs / "autopilot.yaml").read_bytes() == before
    assert run("update", copy, "--specs", specs, "--strict").exit_code == 1
    assert sorted(os.listdir(specs)) == ["autopilot.yaml"]
    forced = run("update", copy, "--specs", specs, "--force")
    assert forced.exit_code == 0 and "updated" in forced.stdout
    assert "layout: text" in (specs / "autopilot.yaml").read_text()


# --------------------------------------------------------------------------- 6. JSON


def test_json_outputs_are_json_even_on_bad_input(specs: Path, tmp_path: Path) -> None:
    diff = run("diff", tmp_path / "nothing", specs, "--json")
    assert diff.exit_code == 2 and "nothing" in json.loads(diff.stdout)["error"]
    lint = run("lint", "--specs", tmp_path / "nothing", "--json")
    doc = json.loads(lint.stdout)
    assert lint.exit_code == 2 and doc["findings"] == [] and doc["errors"][0]["message"]
    ok = run("lint", "--specs", specs, "--json")
    assert set(json.loads(ok.stdout)) == {"findings", "errors"}
    parsed = run("parse", AUTOPILOT, "--json")
    page = json.loads(parsed.stdout)
    assert page["integration"] == "Autopilot"
    assert all({"severity", "code", "message", "location"} <= set(p) for p in page["problems"])


# --------------------------------------------------------------------------- 7. spec errors


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (("- name: contacts\n", "- name: contacts\n  colour: red\n", 1), "unknown field 'colour'"),
        (("    - string\n", "    - stringy\n", 1), "type 'stringy' of column"),
        (("name: autopilot\n", "name: [autopilot\n", 1), "not valid YAML"),
    ],
)
def test_spec_errors_name_file_line_and_column(specs: Path, tmp_path: Path, edit, expected) -> None:
    spec = specs / "autopilot.yaml"
    text = spec.read_text()
    assert edit[0] in text
    spec.write_text(text.replace(*edit))
    out = tmp_path / "gen"
    result = run("build", "--specs", specs, "--out", out)
    assert result.exit_code == 2 and not out.exists()
    line = one_line(result)  # FILE:LINE:COL: message, the compiler convention editors read
    assert re.match(rf"{re.escape(str(spec))}:\d+:\d+: ", line) and expected in line
    assert "pydantic" not in result.stderr and "errors.pydantic.dev" not in result.stderr


# --------------------------------------------------------------------------- 8. conventions


def test_cli_conventions(specs: Path, tmp_path: Path) -> None:
    version = run("--version")
    assert version.exit_code == 0 and version.stdout.startswith("docgen ")
    assert run("-h").stdout == run("--help").stdout
    for command in ("parse", "update", "build", "diff", "lint"):
        text = run(command, "-h").stdout
        assert "Exit codes:" in text and "Example:" in text and f"docgen {command}" in text
        assert "<bool>" not in text and "--no-" not in text  # flags shown as flags
    out = tmp_path / "gen"
    quiet = run("build", "--specs", specs, "--out", out)
    (line,) = quiet.stdout.splitlines()
    made = sum(1 for p in out.rglob("*") if p.is_file()) - 2  # the build records aside
    assert re.fullmatch(rf"{made} files written, 0 unchanged, 0 removed in \d+\.\d s", line)
    again = run("build", "--specs", specs, "--out", out, "--verbose")
    (line,) = again.stdout.splitlines()
    assert line.startswith(f"0 files written, {made} unchanged, 0 removed in ")
    (out / "autopilot" / "records.py").write_text("# changed\n")
    verbose = run("build", "--specs", specs, "--out", out, "-v")
    assert f"wrote {out / 'autopilot' / 'records.py'}" in verbose.stdout.splitlines()


def test_update_says_why_a_connector_splits(tmp_path: Path) -> None:
    result = run("update", ZOOM, PROPERTIES, "--specs", tmp_path / "specs")
    assert result.exit_code == 0
    note = next(line for line in result.stdout.splitlines() if line.startswith("note: zoom_v1"))
    assert "separate spec from zoom.yaml" in note and "not the latest version" in note


# --------------------------------------------------------------------------- 9. review


def test_diff_reads_only_what_differs(specs: Path, tmp_path: Path, monkeypatch) -> None:

    other = tmp_path / "other"
    shutil.copytree(specs, other)
    spec = other / "autopilot.yaml"
    spec.write_text(spec.read_text().replace("    - string\n", "    - integer\n", 1))
    from docgen.model import specio

    loaded: list[str] = []
    real = specio.load_data
    monkeypatch.setattr(specio, "load_data", lambda d, w: loaded.append(w) or real(d, w))
    result = run("diff", specs, other, "--json")
    assert result.exit_code == 1 and json.loads(result.stdout)["breaking"] == 1
    assert sorted(Path(w).name for w in loaded) == ["autopilot.yaml", "autopilot.yaml"]
    loaded.clear()
    one = run("diff", specs / "segment.yaml", other)
    assert one.exit_code == 0 and one.stdout.strip() == "no changes"
    assert sorted(Path(w).name for w in loaded) == ["segment.yaml", "segment.yaml"]
    lone = tmp_path / "renamed.yaml"  # a file given alone is found by its connector name
    shutil.copy(other / "segment.yaml", lone)
    renamed = run("diff", other, lone, "--json")
    assert renamed.exit_code == 0 and json.loads(renamed.stdout)["changes"] == []


def test_lint_select_and_ignore(specs: Path) -> None:
    everything = json.loads(run("lint", "--specs", specs, "--json").stdout)["findings"]
    codes = {f["code"] for f in everything}
    assert codes, "the sample specs have findings to choose from"
    pick = min(codes)
    chosen = json.loads(run("lint", "--specs", specs, "--json", "--select", pick).stdout)
    assert {f["code"] for f in chosen["findings"]} == {pick}
    rest = json.loads(run("lint", "--specs", specs, "--json", "--ignore", pick).stdout)
    assert pick not in {f["code"] for f in rest["findings"]}
    assert len(rest["findings"]) + len(chosen["findings"]) == len(everything)
    bad = run("lint", "--specs", specs, "--select", "no-such-code")
    assert bad.exit_code == 2 and "unknown finding code no-such-code" in one_line(bad)


def test_an_encoding_libxml2_cannot_name_is_no_bug(monkeypatch, tmp_path: Path) -> None:
    """Found by scripts/fuzz.py (seed 1, mutant 2483): junk before a page that declares no
    charset made bs4 guess mac_latin2, which Python decodes and libxml2 does not know."""
    from docgen.readers import html as readers

    monkeypatch.setattr(readers, "sniff_encoding", lambda data: "mac_latin2")
    page = tmp_path / "integrations__saas__autopilot.html"
    page.write_bytes(re.sub(rb"charset=[\w\"-]+", b"", AUTOPILOT.read_bytes()))
    assert not readers.declares_encoding(page.read_bytes())
    result = run("parse", page, "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)["integration"] == "Autopilot"


def test_a_stale_check_names_the_folder_and_the_command_it_was_given(
    specs: Path, tmp_path: Path
) -> None:
    """``build --check`` of another output folder says that folder is stale and how to
    build it (it said generated/ and plain `docgen build`, which builds another folder)."""
    out = tmp_path / "my out"
    result = run("build", "--check", "--specs", specs, "--out", out)
    assert result.exit_code == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"{out}/ is stale: ")
    assert last.endswith(f"run `docgen build --specs {specs} --out '{out}'`")
    assert run("build", "--specs", specs, "--out", out).exit_code == 0
    assert run("build", "--check", "--specs", specs, "--out", out).exit_code == 0
