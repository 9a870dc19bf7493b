"""docgen erd, the README diagrams and land --format mermaid: every documented join is one
edge (read back with a real DOT parser), hostile names survive Mermaid and DOT, svg without
Graphviz is one line."""

from __future__ import annotations

import functools
import os
import re
import shutil
import stat
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pydot
import pytest
from conftest import REPO
from typer.testing import CliRunner

from docgen.cli import app
from docgen.emit import erd
from docgen.model import specio
from docgen.model.checks import check_tables
from docgen.model.joins import join_key, joins
from docgen.model.spec import Column, Connector, ForeignKey, Table

runner = CliRunner()
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # pydot's pyparsing calls
NASTY = REPO / "tests" / "fixtures" / "emit" / "nasty.yaml"
DEFAULTS = ("graph", "node", "edge")
PAYLOADS = [
    '"""); open("x", "w") #',
    "\\\"; __import__('os') #",
    "{{ cycler.__init__ }}",
    "</script><script>alert(1)</script>",
    "a\nb\r\nc",
    "\u202eevil\u202d",
    "trailing backslash \\",
    "名前",
    "#!/bin/sh",
    "%%{init: {'securityLevel': 'loose'}}%%",
    "x direction LR",
    "a~b~c",
    "style: #35;",
    "pk",
    "FK-x",
    "1st",
    " spaced  out ",  # an empty name is refused when a spec loads (tests/test_land.py)
    "`back`",
]


@functools.cache
def _connectors() -> list[Connector]:
    return [c for c in specio.load_specs(REPO / "specs")[0] if c.tables]


def _undot(text: str) -> str:
    """A DOT quoted string back to its text (docgen.emit.erd.dot_id, undone)."""
    assert text.startswith('"') and text.endswith('"'), text
    out, i, body = [], 0, text[1:-1]
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            out.append({"n": "\n", "r": "\r"}.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


def _node(endpoint: str) -> str:
    """A pydot edge end ('"name":c3') -> the table name."""
    m = re.fullmatch(r'(".*"):c\d+', endpoint, re.S)
    assert m, endpoint
    return _undot(m[1])


def _edges(dot_text: str) -> Counter[frozenset[tuple[str, str]]]:
    (graph,) = pydot.graph_from_dot_data(dot_text)
    found: Counter[frozenset[tuple[str, str]]] = Counter()
    for edge in graph.get_edges():
        attrs = edge.get_attributes()
        tail = (_node(edge.get_source()), _undot(attrs["tail_column"]))
        head = (_node(edge.get_destination()), _undot(attrs["head_column"]))
        found[frozenset((tail, head))] += 1
    return found


#: gvpr, Graphviz's own reader of DOT (the graph is read, not laid out): one record per
#: edge, fields apart by US and records by RS (neither can be in a table or column name the
#: corpus states; hostile names are read back by pydot, test_hostile_names_survive_...)
_GVPR_EDGES = (
    'E { printf("%s\\037%s\\037%s\\037%s\\036", tail.name, head.name, '
    'aget($, "tail_column"), aget($, "head_column")) }'
)


def _edges_read(dot_text: str) -> Counter[frozenset[tuple[str, str]]]:
    """The edges of a DOT graph, read back by a real DOT reader: Graphviz's gvpr where
    Graphviz is installed (.ci/run installs it), else pydot (the same edges, read by
    pyparsing: about 30 times slower on the corpus)."""
    gvpr = shutil.which("gvpr")
    if gvpr is None:
        return _edges(dot_text)
    out = subprocess.run(
        [gvpr, _GVPR_EDGES], input=dot_text.encode(), capture_output=True, check=True
    ).stdout.decode()
    found: Counter[frozenset[tuple[str, str]]] = Counter()
    for record in out.split("\x1e")[:-1]:
        tail, head, tail_column, head_column = record.split("\x1f")
        found[frozenset(((tail, tail_column), (head, head_column)))] += 1
    return found


def test_gvpr_and_pydot_read_the_same_edges():
    """Where Graphviz is installed, its reader and pydot agree on a connector's edges."""
    if shutil.which("gvpr") is None:
        pytest.skip("Graphviz is not installed (.ci/run installs it)")
    conn = specio.load_spec(REPO / "specs" / "autopilot.yaml")
    text = erd.dot(erd.diagram(conn.name, conn.tables or []))
    assert _edges_read(text) == _edges(text) and _edges(text)


def _statements(tables: list[Table]) -> set[frozenset[tuple[str, str]]]:
    return {
        join_key(t.name, f.column, f.table, f.references) for t in tables for f in t.foreign_keys
    }


#: every committed spec with tables (collected once: one test per connector, so the test run
#: spreads pydot's slow reading over its workers)
WITH_TABLES = sorted(
    p.stem for p in specio.spec_files(REPO / "specs") if "\ntables:\n" in p.read_text()
)


@pytest.mark.parametrize("name", WITH_TABLES)
def test_every_documented_join_is_exactly_one_dot_edge(name: str):
    """For every connector with tables: each statement of the spec (a foreign-key entry)
    is one edge of `docgen erd --format dot`, read back by pydot, and no edge is anything
    else (the page states most joins from both tables: one edge for both)."""
    conn = specio.load_spec(REPO / "specs" / f"{name}.yaml")
    tables = conn.tables or []
    edges = _edges_read(erd.dot(erd.diagram(conn.name, tables)))
    assert set(edges) == _statements(tables), conn.name
    assert all(n == 1 for n in edges.values()), conn.name


def test_joins_stated_both_ways_are_one_edge_each():
    """The parametrized test above covers every connector with tables, and the pages state
    most joins from both tables: fewer edges than statements in all."""
    assert set(WITH_TABLES) == {c.name for c in _connectors()}
    statements = sum(len(t.foreign_keys) for c in _connectors() for t in c.tables or [])
    edges = sum(len(_statements(c.tables or [])) for c in _connectors())
    assert edges < statements


def test_joins_count_statements_and_mark_what_lint_reports():
    """A join stands for its statements; a side lint reports (fk-unknown-*) is marked."""
    for conn in _connectors():
        tables = conn.tables or []
        found = joins(tables)
        assert sum(j.statements for j in found) == sum(len(t.foreign_keys) for t in tables)
        marked = {j.key() for j in found if not j.listed}
        reported = {
            join_key(t.name, fk.column, fk.table, fk.references)
            for p in check_tables(tables, "x", layout=conn.layout)
            if p.code.startswith("fk-unknown")
            for t in tables
            if t.name == p.location.table
            for fk in t.foreign_keys
            if p.message.startswith(f"foreign key {fk.column} -> {fk.table}.{fk.references}:")
        }
        assert reported <= marked, conn.name


def test_mermaid_and_dot_are_deterministic():
    """Same spec, same bytes, whatever the hash seed (sets never decide an order)."""
    script = (
        "import sys; from docgen.tools import erd; from pathlib import Path;"
        "c = erd.load('facebook', Path('specs'));"
        "sys.stdout.write(erd.render(c, 'mermaid').text + erd.render(c, 'dot').text)"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=REPO,
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(runs) == 1


def test_the_readme_block_is_the_diagram():
    readme = (REPO / "generated" / "autopilot" / "README.md").read_text()
    auto = specio.load_spec(REPO / "specs" / "autopilot.yaml")
    block = erd.mermaid(erd.diagram(auto.name, auto.tables or [], columns="all"))
    assert f"```mermaid\n{block}```" in readme


def test_top_level_readme_shows_the_autopilot_picture_from_the_package_readme():
    """The README's picture is the committed autopilot package README's Mermaid block."""
    package = (REPO / "generated" / "autopilot" / "README.md").read_text()
    (block,) = re.findall(r"```mermaid\n.*?```", package, re.S)
    assert block in (REPO / "README.md").read_text()


def _mermaid_strings(text: str) -> list[str]:
    return re.findall(r'"([^"\n]*)"', text)


def _decode(text: str) -> str:
    return re.sub(r"#(\d+);", lambda m: chr(int(m[1])), text)


def _check_mermaid(text: str) -> None:
    """What the erDiagram grammar (mermaid-js erDiagram.jison) and Mermaid's preprocessing
    would misread: checked on every line."""
    for line in text.splitlines()[1:]:
        body = line.strip()
        if body.startswith("%%"):
            assert "{" not in body and "%" not in body[2:], line
            continue
        assert not re.search(r"direction\s+(tb|bt|lr|rl)", body, re.I), line
        assert (
            "%" not in body
            and "\\" not in body
            and "~" not in body
            and ":" not in (body.replace(' : "', ""))
        ), line
        assert not re.search(r"#(?!\d+;)", body), line  # only entity codes
        unquoted = re.sub(r'"[^"\n]*"', "", body)
        words = unquoted.split()
        if words and words[0] not in ("}",) and not words[-1] == "{" and "--" not in unquoted:
            if ".." not in unquoted:  # an attribute line: TYPE NAME [PK|FK...]
                assert all(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*,?", w) for w in words), line
                assert not re.match(r"(?i)(pk|fk|uk)\b", words[1]), line


def _hostile_connector() -> Connector:
    tables = []
    for n, name in enumerate(PAYLOADS):
        other = PAYLOADS[(n + 1) % len(PAYLOADS)]
        tables.append(
            Table(
                name=name,
                primary_keys=[name],
                columns=[Column(name=name, types=["string"]), Column(name="id", types=[name])],
                foreign_keys=[
                    ForeignKey(column=name, table=other, references=other),
                    ForeignKey(column="id", table=f"gone {name}", references=name),
                ],
            )
        )
    return Connector(name="hostile", display_name="Hostile", tables=tables)


@pytest.mark.parametrize("source", ["nasty", "payloads"])
def test_hostile_names_survive_mermaid_and_dot(source: str):
    conn = specio.load_spec(NASTY) if source == "nasty" else _hostile_connector()
    tables = conn.tables or []
    d = erd.diagram(conn.name, tables, columns="all")
    text = erd.mermaid(d)
    _check_mermaid(text)
    names = {_decode(s) for s in _mermaid_strings(text)}
    for e in d.entities:  # every entity name is exact once Mermaid decodes its codes
        assert (e.name or " ") in names
    edges = _edges(erd.dot(d))
    assert set(edges) == _statements(tables)
    (graph,) = pydot.graph_from_dot_data(erd.dot(d))
    ids = {_undot(n.get_name()) for n in graph.get_nodes() if n.get_name() not in DEFAULTS}
    assert ids == {e.name for e in d.entities}


def test_neighbourhood_draws_the_tables_within_depth():
    result = runner.invoke(app, ["erd", "autopilot", "--table", "lists", "--depth", "1"])
    assert result.exit_code == 0, result.output
    assert '"lists"' in result.stdout and '"lists_contacts"' in result.stdout
    assert '"smart_segments"' not in result.stdout  # two joins away
    deeper = runner.invoke(app, ["erd", "autopilot", "--table", "lists", "--depth", "2"])
    assert '"smart_segments_contacts"' in deeper.stdout


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["erd", "nope"], "no connector 'nope'"),
        (["erd", "autopilot", "--format", "png"], "invalid value for '--format'"),
        (["erd", "autopilot", "--table", "nope"], "--table 'nope'"),
        (["erd", "autopilot", "--table", "Lists"], "did you mean lists"),
        (["erd", "autopilot", "--depth", "2"], "--depth goes with --table"),
        (["erd", "autopilot", "--table", "lists", "--depth", "-1"], "--depth -1"),
        (["erd", "asana"], "no table reference"),
        (["erd", "specs/autopilot.yml"], "no such spec file"),
        (["erd", "autopilot", "--specs", "nowhere"], "--specs nowhere: no such folder"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], says: str):
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("docgen erd: ") and says in line


def _fake_dot(folder: Path, body: str) -> None:
    folder.mkdir(exist_ok=True)
    exe = folder / "dot"
    exe.write_text(f"#!/bin/sh\n{body}\n")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)


def test_svg_runs_dot_from_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    seen = tmp_path / "stdin.dot"
    _fake_dot(tmp_path / "bin", f'/bin/cat > "{seen}"; echo "<svg>$1</svg>"')
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    result = runner.invoke(app, ["erd", "autopilot", "--format", "svg"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "<svg>-Tsvg</svg>"
    dot_text = runner.invoke(app, ["erd", "autopilot", "--format", "dot"]).stdout
    assert seen.read_text() == dot_text


@pytest.mark.parametrize("body", [None, 'echo "Error: syntax error in line 1" >&2; exit 1'])
def test_svg_without_a_working_dot_is_one_line(tmp_path: Path, monkeypatch, body):
    if body is not None:
        _fake_dot(tmp_path / "bin", body)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    result = runner.invoke(app, ["erd", "autopilot", "--format", "svg"])
    assert result.exit_code == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    if body is None:
        assert "apt-get install graphviz" in line and "--format dot" in line
    else:
        assert "failed (exit 1)" in line and "syntax error" in line


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")
def test_real_graphviz_draws_the_hostile_names():
    result = runner.invoke(app, ["erd", str(NASTY), "--format", "svg"])
    assert result.exit_code == 0, result.stderr
    assert "<svg" in result.stdout and "not on the page" in result.stdout


def test_land_mermaid_ties_every_subtable_to_its_parent():
    result = runner.invoke(
        app, ["land", "hubspot", "--destination", "postgresql", "--format", "mermaid"]
    )
    assert result.exit_code in (0, 1), result.output
    text = result.stdout
    _check_mermaid(text)
    entities = re.findall(r'^    "([^"]*)" \{$', text, re.M)
    relations = re.findall(r'^    "([^"]*)" \|\|(--|\.\.)o\{ "([^"]*)" : "([^"]*)"$', text, re.M)
    subs = [e for e in entities if "__" in e]
    assert sorted(r[2] for r in relations) == sorted(subs)  # every subtable, once
    parents = {sub: parent for parent, _, sub, _ in relations}
    for parent, line, sub, label in relations:
        assert sub.startswith(parent + "__")
        if line == "..":  # a table without a primary key: no source key, and it says so
            assert "no source key" in label
            continue
        assert "_sdc_source_key_" in label
        depth, up = 0, parent  # array levels above the parent: its own level ids
        while up in parents:
            depth, up = depth + 1, parents[up]
        for level in range(depth):
            assert f"_sdc_level_{level}_id = _sdc_level_{level}_id" in label


def test_land_mermaid_goes_with_one_connector():
    for args in (["--all"], ["hubspot", "--json"]):
        result = runner.invoke(
            app, ["land", *args, "--destination", "postgresql", "--format", "mermaid"]
        )
        assert result.exit_code == 2
        assert "--format mermaid goes with CONNECTOR" in result.stderr


def test_long_record_models_entries_are_wrapped():
    """klaviyo's RECORD_MODELS entry for its longest stream fits in 100 characters."""
    text = (REPO / "generated" / "klaviyo" / "records.py").read_text()
    start = text.index("RECORD_MODELS")
    assert all(len(line) <= 100 for line in text[start:].splitlines())
    assert '"failed_to_deliver_automated_response_text_message": (\n' in text
