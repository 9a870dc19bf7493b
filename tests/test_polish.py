"""What a user notices (issue 19): update's summary line, counts in words, lint's baseline,
lint on a folder, diff's rename hint."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import CORPUS, REPO, repo_specs
from typer.testing import CliRunner, Result

from docgen.cli import app
from docgen.model import specio
from docgen.model.spec import Column, Connector, Table
from docgen.model.words import plural
from docgen.tools import lint
from docgen.tools.diff import diff_connectors, render_json, render_text

runner = CliRunner()
AUTOPILOT = CORPUS / "pages" / "integrations__saas__autopilot.html"
ZOOM = CORPUS / "pages" / "integrations__saas__zoom.html"


def run(*args: str | Path) -> Result:
    result = runner.invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


# --------------------------------------------------------------------------- counts


@pytest.mark.parametrize(
    ("count", "word", "want"),
    [
        (0, "warning", "0 warnings"),
        (1, "warning", "1 warning"),
        (2, "property", "2 properties"),
        (1, "property", "1 property"),
        (3, "day", "3 days"),
        (2, "class", "2 classes"),
        (21, "file", "21 files"),
    ],
)
def test_plural(count: int, word: str, want: str) -> None:
    assert plural(count, word) == want


def test_no_count_reads_1_things_or_things_with_s_in_parens(
    shared_dir: Path, tmp_path: Path
) -> None:
    outputs = [
        run("parse", AUTOPILOT).stdout,
        run("update", AUTOPILOT, "--specs", tmp_path / "specs").stdout,
        run("lint", "--specs", tmp_path / "specs").stdout,
        run("build", "--specs", tmp_path / "specs", "--out", tmp_path / "gen").stdout,
    ]
    for text in outputs:
        assert "(s)" not in text, text
        assert not re.search(r"\b1 (warnings|tables|columns|files|specs|findings|errors)\b", text)


# --------------------------------------------------------------------------- update


def test_update_ends_with_one_summary_line_even_when_nothing_changed(
    shared_dir: Path, tmp_path: Path
) -> None:
    specs = tmp_path / "specs"
    first = run("update", AUTOPILOT, ZOOM, "--specs", specs)
    assert first.exit_code == 0
    *_, last = first.stdout.strip().splitlines()
    warnings = sum(1 for line in first.stderr.splitlines() if line.startswith("warning: "))
    assert last == f"2 specs changed, 0 unchanged, {plural(warnings, 'warning')}"
    again = run("update", AUTOPILOT, "--specs", specs)
    assert again.stdout.strip().splitlines() == ["0 specs changed, 2 unchanged, 0 warnings"]
    zoom = next(p for p in specs.glob("zoom*.yaml"))
    zoom.write_text("# a hand edit the next update undoes\n" + zoom.read_text())
    dry = run("update", ZOOM, "--specs", specs, "--dry-run", "--prune")
    lines = dry.stdout.strip().splitlines()
    assert lines[-1].startswith("1 spec would change, 1 unchanged, ")
    # --prune keeps autopilot.yaml: its page was not among the inputs (one note says so)
    assert any(line.startswith("note: --prune kept 1 spec that ") for line in lines)


# --------------------------------------------------------------------------- lint


def test_lint_on_a_folder_says_only_what_is_wrong(small_specs: Path) -> None:
    result = run("lint", small_specs)
    assert result.exit_code == 2 and result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert f"--specs {small_specs}" in line  # a folder of specs: the option that takes it
    empty = small_specs.parent / "empty"
    empty.mkdir()
    result = run("lint", empty)
    assert result.exit_code == 2 and result.stdout == "" and "finding" not in result.stderr


@pytest.fixture()
def lint_specs(tmp_path: Path) -> Path:
    """Specs with findings of several kinds: key-not-column (error), fk-unknown-table."""
    specs = tmp_path / "specs"
    specs.mkdir()
    for name in ("desk", "hubspot"):
        shutil.copy(REPO / "specs" / f"{name}.yaml", specs)
    return specs


def test_baseline_gates_only_new_findings(lint_specs: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    plain = run("lint", "--specs", lint_specs)
    assert plain.exit_code == 1  # the docs contradict themselves
    written = run("lint", "--specs", lint_specs, "--write-baseline", baseline)
    assert written.exit_code == 0 and baseline.is_file()
    known = run("lint", "--specs", lint_specs, "--baseline", baseline)
    assert known.exit_code == 0, known.stdout
    assert known.stdout.startswith("0 new findings: 0 errors, 0 warnings\n")
    # a new contradiction: a primary key that is no column, in another table
    spec = lint_specs / "desk.yaml"
    text = spec.read_text()
    assert "primary_keys:\n  - id\n" in text
    spec.write_text(text.replace("primary_keys:\n  - id\n", "primary_keys:\n  - no_such_id\n", 1))
    new = run("lint", "--specs", lint_specs, "--baseline", baseline)
    assert new.exit_code == 1
    first = new.stdout.splitlines()[0]
    assert first.startswith("error: ") and "'no_such_id'" in first  # new findings come first
    doc = json.loads(run("lint", "--specs", lint_specs, "--baseline", baseline, "--json").stdout)
    assert {p["code"] for p in doc["new"]} == {"key-not-column", "key-left-out"}


def test_a_baseline_entry_survives_moved_lines_and_reworded_descriptions(
    lint_specs: Path, tmp_path: Path
) -> None:
    baseline = tmp_path / "baseline.json"
    run("lint", "--specs", lint_specs, "--write-baseline", baseline)
    spec = lint_specs / "desk.yaml"
    conn = specio.load_spec(spec)
    assert conn.tables is not None
    tables = list(reversed(conn.tables))  # every line moves
    for table in tables:
        table.description = "Reworded. " + (table.description or "")
        for col in table.columns:
            col.description = "Reworded: " + (col.description or "")
    spec.write_text(specio.dump(conn.model_copy(update={"tables": tables})))
    again = run("lint", "--specs", lint_specs, "--baseline", baseline)
    assert again.exit_code == 0 and again.stdout.startswith("0 new findings")


def test_a_fixed_finding_is_named_so_the_baseline_can_shrink(
    lint_specs: Path, tmp_path: Path
) -> None:
    baseline = tmp_path / "baseline.json"
    run("lint", "--specs", lint_specs, "--write-baseline", baseline)
    (lint_specs / "hubspot.yaml").unlink()
    result = run("lint", "--specs", lint_specs, "--baseline", baseline)
    assert result.exit_code == 0
    fixed = [line for line in result.stdout.splitlines() if line.startswith("fixed: ")]
    assert fixed and all("integrations/saas/hubspot.html" in line for line in fixed)
    assert "no longer found: `docgen lint --write-baseline" in result.stdout
    # with --select, entries of codes not selected are not "fixed"
    chosen = run(
        "lint", "--specs", lint_specs, "--baseline", baseline, "--select", "fk-unknown-column"
    )
    fixed = [x for x in chosen.stdout.splitlines() if x.startswith("fixed: ")]
    assert fixed and all(x.endswith("[fk-unknown-column]") for x in fixed)


def test_baseline_keys_ignore_lines_and_wording() -> None:
    from docgen.model.spec import Location, Problem

    def finding(element: str, message: str) -> Problem:
        where = Location(page="p.txt", element=element, table="t", column="c")
        return Problem(code="fk-unknown-table", message=message, location=where)

    a = finding("line 10", "foreign key c -> x.id: no table 'x' is listed")
    b = finding("line 99", "foreign key c -> x.id: no table 'x' is listed (reworded)")
    c = finding("line 10", "foreign key c -> y.id: no table 'y' is listed")
    assert lint.baseline_key(a) == lint.baseline_key(b) != lint.baseline_key(c)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no such file"),
        ("", "not JSON"),
        ('{"findings": []}', "not a lint baseline"),
        ('{"format": "docgen-lint-baseline/1", "findings": 3}', "not a list"),
    ],
)
def test_a_bad_baseline_is_one_line(
    small_specs: Path, tmp_path: Path, content: str | None, expected: str
) -> None:
    baseline = tmp_path / "b.json"
    if content is not None:
        baseline.write_text(content)
    result = run("lint", "--specs", small_specs, "--baseline", baseline)
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert expected in line and "--write-baseline" in line


def test_the_committed_baseline_is_current() -> None:
    """`.ci/run` gates on `docgen lint --baseline lint-baseline.json`: the committed specs
    have no finding it does not list, and it lists none they no longer have."""
    known = lint.read_baseline(REPO / "lint-baseline.json")
    split = lint.split_baseline(lint.lint_connectors(repo_specs()), known)
    assert split.new == [] and split.fixed == []
    ci = (REPO / ".ci" / "run").read_text().splitlines()
    step = ci.index(".venv/bin/docgen lint --baseline lint-baseline.json")
    assert ci.index(".venv/bin/mypy") < step < len(ci) - 1  # after mypy, before the tests


# --------------------------------------------------------------------------- diff


def _table(name: str, *columns: str) -> Table:
    return Table(name=name, columns=[Column(name=c, types=["string"]) for c in columns])


def test_a_renamed_table_gets_a_hint_and_stays_a_removal_plus_an_addition() -> None:
    old = Connector(name="x", display_name="X", tables=[_table("contacts", "id", "email")])
    new = Connector(name="x", display_name="X", tables=[_table("people", "email", "id")])
    changes = diff_connectors(old, new)
    assert [(c.kind, c.breaking, c.hint) for c in changes] == [
        ("table-removed", True, "renamed to people?"),
        ("table-added", False, "renamed from contacts?"),
    ]
    text = "\n".join(render_text(changes))
    assert "renamed from contacts?" in text and "1 breaking, 1 non-breaking" in text
    assert [c.get("hint") for c in json.loads(render_json(changes))["changes"]] == [
        "renamed to people?",
        "renamed from contacts?",
    ]
    # other columns, or other types: no hint
    other = Connector(name="x", display_name="X", tables=[_table("people", "id", "phone")])
    assert all(c.hint is None for c in diff_connectors(old, other))
    typed = new.model_copy(deep=True)
    assert typed.tables is not None
    typed.tables[0].columns[0].types = ("integer",)
    assert all(c.hint is None for c in diff_connectors(old, typed))
