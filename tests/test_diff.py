"""docgen diff: classification of changes, inputs (files, dirs, git revisions), output.

Two layers: hand-written spec fixtures (tests/fixtures/diff) that hold every kind of edit
once, and real corpus pages edited on their HTML bytes (see ``test_page_pairs``).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from docgen.cli import app
from docgen.model.spec import Column, ConfigObject, Connector, Constraint, Property, Table
from docgen.tools.diff import Change, diff_args, diff_connectors, diff_sets, render_text


def _diff_cli(old: str, new: str, as_json: bool) -> int:
    """``docgen diff`` as the CLI runs it (its output reaches stdout and stderr as it
    would; the exit code is returned)."""
    result = CliRunner().invoke(app, ["diff", old, new, *(["--json"] if as_json else [])])
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code


FIXTURES = Path(__file__).parent / "fixtures" / "diff"


def _kinds(changes: list[Change]) -> dict[tuple[str, str], bool]:
    """(kind, path) -> breaking."""
    return {(c.kind, c.path): c.breaking for c in changes}


# --------------------------------------------------------------------------- fixtures


def test_fixture_pair_classifies_every_edit() -> None:
    changes = diff_args(
        str(FIXTURES / "old" / "widget.yaml"), str(FIXTURES / "new" / "widget.yaml")
    )
    got = _kinds(changes)
    assert got == {
        ("version-changed", "connector"): False,
        ("property-removed", "config property legacy_token"): True,
        ("property-added", "config property account_id"): True,  # new and required
        ("property-added", "config property verbose"): False,  # new and optional
        ("required-changed", "config property page_size"): True,  # made required
        ("required-changed", "config property start_date"): False,  # made optional
        ("enum-changed", "config property region"): True,  # "apac" no longer accepted
        ("table-removed", "table coupons"): True,
        ("table-added", "table customers"): False,
        ("primary-key-changed", "table orders"): True,
        ("column-added", "table orders, column shop_id"): False,
        ("column-removed", "table orders, column discount"): True,
        ("type-changed", "table orders, column total"): False,  # integer -> number: widened
        ("type-changed", "table orders, column note"): True,  # string -> integer: narrowed
        ("type-changed", "table orders, column address.zip"): True,  # integer dropped
        ("replication-method-changed", "table refunds"): True,
    }
    assert all(c.connector == "widget" for c in changes)
    zip_change = next(c for c in changes if c.column == "address.zip")
    assert (zip_change.old, zip_change.new) == (["string", "integer"], ["string"])
    assert zip_change.table == "orders"


def test_directories_match_by_name_and_reverse_swaps_breaking() -> None:
    forward = diff_args(str(FIXTURES / "old"), str(FIXTURES / "new"))
    backward = diff_args(str(FIXTURES / "new"), str(FIXTURES / "old"))
    fwd = _kinds(forward)
    back = _kinds(backward)
    # every addition one way is a removal the other way
    assert fwd[("table-added", "table customers")] is False
    assert back[("table-removed", "table customers")] is True
    assert back[("type-changed", "table orders, column total")] is True  # number -> integer
    assert back[("required-changed", "config property start_date")] is True


def test_identical_specs_have_no_changes() -> None:
    same = str(FIXTURES / "new")
    assert diff_args(same, same) == []
    assert render_text([]) == ["no changes"]


def test_two_files_are_one_connector_whatever_their_names(tmp_path: Path) -> None:
    """Property: two spec files are compared as one connector, whatever their file names
    and their connectors' names (before, two different connectors gave only "connector
    removed"); one file against a folder compares that connector only."""
    repo = Path(__file__).resolve().parents[1]
    autopilot, segment = repo / "specs" / "autopilot.yaml", repo / "specs" / "segment.yaml"
    changes = diff_args(str(autopilot), str(segment))
    kinds = {c.kind for c in changes}
    assert {"type-id-changed", "table-removed", "table-added"} <= kinds
    assert "connector-removed" not in kinds
    renamed = tmp_path / "autopilot_new.yaml"
    renamed.write_text(autopilot.read_text().replace("      - string\n", "      - integer\n", 1))
    (change,) = diff_args(str(autopilot), str(renamed))
    assert change.kind == "type-changed" and change.breaking
    assert diff_args(str(autopilot), str(repo / "specs")) == []


# --------------------------------------------------------------------------- type rules


def _conn(columns: list[Column], **table: object) -> Connector:
    return Connector(name="c", display_name="C", tables=[Table(name="t", columns=columns, **table)])


@pytest.mark.parametrize(
    ("old", "new", "breaking"),
    [
        (["string"], ["string", "null"], False),
        (["integer"], ["number"], False),
        (["number"], ["integer"], True),
        (["date-time"], ["string"], False),
        (["string"], ["date-time"], True),
        (["string"], ["varies"], False),
        (["varies"], ["string"], True),
        (["integer", "string"], ["string", "integer"], None),  # order only: no change
        ([], ["string"], False),  # legacy page gained types
        (["boolean"], ["string"], True),
    ],
)
def test_type_widening_and_narrowing(old: list[str], new: list[str], breaking: bool | None) -> None:
    changes = diff_connectors(
        _conn([Column(name="x", types=old)]), _conn([Column(name="x", types=new)])
    )
    if breaking is None:
        assert changes == []
    else:
        assert [(c.kind, c.breaking) for c in changes] == [("type-changed", breaking)]


def test_key_icons_count_when_no_key_row() -> None:
    old = _conn([Column(name="a", primary_key=True), Column(name="b")])
    new = _conn([Column(name="a"), Column(name="b", primary_key=True)])
    changes = diff_connectors(old, new)
    assert [(c.kind, c.old, c.new, c.breaking) for c in changes] == [
        ("primary-key-changed", ["a"], ["b"], True)
    ]


def test_replication_key_change_is_breaking() -> None:
    old = _conn([Column(name="a"), Column(name="b")], replication_keys=["a"])
    new = _conn([Column(name="a"), Column(name="b")], replication_keys=["b"])
    assert _kinds(diff_connectors(old, new)) == {("replication-key-changed", "table t"): True}


def test_connector_added_removed_and_type_id() -> None:
    a = Connector(name="a", display_name="A", type="platform.a")
    b = a.model_copy(update={"type": "platform.b"})
    assert _kinds(diff_sets({}, {"a": a})) == {("connector-added", "connector"): False}
    assert _kinds(diff_sets({"a": a}, {})) == {("connector-removed", "connector"): True}
    assert _kinds(diff_connectors(a, b)) == {("type-id-changed", "connector"): True}


def test_oauth_and_nested_properties() -> None:
    def conf(props: list[Property], oauth: list[Property]) -> Connector:
        obj = ConfigObject(
            type="platform.x", kind="source", display_name="X", properties=props, oauth=oauth
        )
        return Connector(name="x", display_name="X", config=obj)

    old = conf(
        [Property(name="auth", type="object", children=[Property(name="user", type="string")])],
        [Property(name="refresh_token", type="string", required=True)],
    )
    new = conf(
        [
            Property(
                name="auth",
                type="object",
                children=[Property(name="user", type="string/integer")],
            )
        ],
        [],
    )
    assert _kinds(diff_connectors(old, new)) == {
        ("type-changed", "config property auth.user"): False,  # widened
        ("oauth-property-removed", "oauth property refresh_token"): True,
    }


def test_enum_values_added_is_not_breaking() -> None:
    def prop(values: list[str]) -> Connector:
        c = Constraint(kind="enum", value=values, sentence="...")
        obj = ConfigObject(
            type="platform.x",
            kind="source",
            display_name="X",
            properties=[Property(name="mode", type="string", constraints=[c])],
        )
        return Connector(name="x", display_name="X", config=obj)

    assert _kinds(diff_connectors(prop(["a"]), prop(["a", "b"]))) == {
        ("enum-changed", "config property mode"): False
    }
    assert diff_connectors(prop(["a", "b"]), prop(["b", "a"])) == []


def test_format_and_pattern_changes_are_classified() -> None:
    def prop(*cs: Constraint) -> Connector:
        obj = ConfigObject(
            type="platform.x",
            kind="source",
            display_name="X",
            properties=[Property(name="start", type="string", constraints=cs)],
        )
        return Connector(name="x", display_name="X", config=obj)

    plain, dated = prop(), prop(Constraint(kind="format", value="date-time", sentence="..."))
    assert _kinds(diff_connectors(plain, dated)) == {
        ("format-changed", "config property start"): True
    }
    assert _kinds(diff_connectors(dated, plain)) == {
        ("format-changed", "config property start"): False
    }
    assert _kinds(
        diff_connectors(dated, prop(Constraint(kind="format", value="date", sentence="...")))
    ) == {("format-changed", "config property start"): True}
    patterned = prop(Constraint(kind="pattern", value="^[a-z]+$", sentence="..."))
    assert _kinds(diff_connectors(plain, patterned)) == {
        ("pattern-changed", "config property start"): True
    }
    assert _kinds(diff_connectors(patterned, plain)) == {
        ("pattern-changed", "config property start"): False
    }
    assert (
        diff_connectors(dated, prop(Constraint(kind="format", value="date-time", sentence="...")))
        == []
    )


def test_secret_and_default_changes_are_classified() -> None:
    def prop(*cs: Constraint) -> Connector:
        obj = ConfigObject(
            type="platform.x",
            kind="source",
            display_name="X",
            properties=[Property(name="port", type="integer", constraints=cs)],
        )
        return Connector(name="x", display_name="X", config=obj)

    def default(value: object) -> Constraint:
        return Constraint(kind="default", value=value, sentence="The default is ...")

    secret = Constraint(kind="secret", value=True, sentence="name: port")
    key = ("secret-changed", "config property port")
    assert _kinds(diff_connectors(prop(), prop(secret))) == {key: True}
    assert _kinds(diff_connectors(prop(secret), prop())) == {key: True}
    key = ("default-changed", "config property port")
    assert _kinds(diff_connectors(prop(), prop(default(5432)))) == {key: False}
    assert _kinds(diff_connectors(prop(default(5432)), prop(default(5433)))) == {key: True}
    assert _kinds(diff_connectors(prop(default(5432)), prop())) == {key: True}
    assert diff_connectors(prop(default(5432)), prop(default(5432))) == []
    # 1 and "1" are different accepted values, not a reordering
    one = Constraint(kind="enum", value=[1], sentence="...")
    one_text = Constraint(kind="enum", value=["1"], sentence="...")
    assert _kinds(diff_connectors(prop(one), prop(one_text))) == {
        ("enum-changed", "config property port"): True
    }


# --------------------------------------------------------------------------- CLI & inputs


def test_main_exit_codes_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    old, new = str(FIXTURES / "old"), str(FIXTURES / "new")
    assert _diff_cli(old, new, as_json=True) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["breaking"] == sum(c["breaking"] for c in doc["changes"]) > 0
    assert {"connector", "kind", "path", "old", "new", "breaking", "reason"} <= set(
        doc["changes"][0]
    )
    assert _diff_cli(new, new, as_json=False) == 0
    assert capsys.readouterr().out.strip() == "no changes"
    # only non-breaking changes: exit 0
    assert _diff_cli(str(FIXTURES / "old" / "widget.yaml"), old, as_json=False) == 0


def test_text_output_breaking_first_and_marked(capsys: pytest.CaptureFixture[str]) -> None:
    _diff_cli(str(FIXTURES / "old"), str(FIXTURES / "new"), as_json=False)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "widget: 10 breaking, 6 non-breaking"
    body = lines[1:-1]
    marks = ["BREAKING" in line for line in body]
    assert marks == sorted(marks, reverse=True) and marks.count(True) == 10
    assert "10 breaking" in lines[-1]


def test_bad_input_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert _diff_cli("no-such-thing-or-rev", str(FIXTURES / "new"), as_json=False) == 2
    assert "not a spec file, a spec directory or a git revision" in capsys.readouterr().err
    broken = tmp_path / "broken.yaml"
    broken.write_text("spec_format: 1\nname: [unclosed\n")
    assert _diff_cli(str(broken), str(FIXTURES / "new" / "widget.yaml"), as_json=False) == 2
    assert "broken.yaml" in capsys.readouterr().err
    invalid = tmp_path / "invalid.yaml"
    invalid.write_text("spec_format: 1\nname: x\n")  # display_name missing
    assert _diff_cli(str(invalid), str(invalid), as_json=False) == 2
    assert "display_name" in capsys.readouterr().err


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


def test_git_revision_against_work_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("git") is None:
        pytest.skip("git not installed")
    repo = tmp_path / "repo"
    specs = repo / "specs"
    specs.mkdir(parents=True)
    shutil.copy(FIXTURES / "old" / "widget.yaml", specs / "widget.yaml")
    _git(repo, "init", "-q")
    (repo / "README").write_text("x")
    _git(repo, "add", "README")
    _git(repo, "commit", "-qm", "before specs existed")
    monkeypatch.chdir(repo)
    # specs/ not in HEAD yet: every spec of the work tree is new
    assert _kinds(diff_args("HEAD", "specs")) == {("connector-added", "connector"): False}
    _git(repo, "add", "specs")
    _git(repo, "commit", "-qm", "old")
    shutil.copy(FIXTURES / "new" / "widget.yaml", specs / "widget.yaml")
    monkeypatch.chdir(repo)
    expected = _kinds(diff_args(str(FIXTURES / "old"), str(FIXTURES / "new")))
    assert _kinds(diff_args("HEAD", "specs")) == expected
    assert _kinds(diff_args("HEAD:specs", "specs")) == expected
    assert _kinds(diff_args("HEAD", "specs/widget.yaml")) == expected
    _git(repo, "commit", "-qam", "new")
    assert diff_args("HEAD", "specs") == []
    assert _kinds(diff_args("HEAD~1", "HEAD")) == expected
    assert _kinds(diff_args("HEAD~2", "HEAD")) == {("connector-added", "connector"): False}
    # a git revision from a subdirectory still finds specs/ at the top of the work tree
    (repo / "sub").mkdir()
    monkeypatch.chdir(repo / "sub")
    assert _kinds(diff_args("HEAD~1", "HEAD")) == expected


# --------------------------------------------------------------------------- real page pairs
#
# A corpus table page and the property reference are read, assembled into a connector, and
# compared with the same pages after one realistic edit made on the HTML bytes.

TABLE_PAGE = "integrations__saas__autopilot.html"
PROPERTY_PAGE = "developers__stitch-connect__guides__source-destination-reference.html"


@pytest.fixture(scope="module")
def corpus_pair(tmp_path_factory: pytest.TempPathFactory) -> dict:
    from conftest import _require_shared

    pytest.importorskip("docgen.readers.stitch.html_tables")
    pytest.importorskip("docgen.readers.stitch.html_properties")
    shared = _require_shared()
    pages = shared / "corpus" / "pages"
    texts = {
        name: (pages / name).read_text(encoding="utf-8") for name in (TABLE_PAGE, PROPERTY_PAGE)
    }
    return {"texts": texts, "tmp": tmp_path_factory.mktemp("pairs")}


def _assemble(texts: dict[str, str], tmp: Path) -> Connector:
    from docgen.readers import read_path
    from docgen.readers.stitch.assemble import assemble

    tmp.mkdir(parents=True, exist_ok=True)
    pages = []
    for name, text in texts.items():
        path = tmp / name
        path.write_text(text, encoding="utf-8")
        pages.append(read_path(path))
    table_page = pages[0].page
    conns = assemble(pages).connectors
    return next(c for c in conns if any(s.page == table_page for s in c.sources))


def _old(pair: dict) -> Connector:
    if "old" not in pair:
        pair["old"] = _assemble(pair["texts"], pair["tmp"] / "old")
    return pair["old"]


def _edit(pair: dict, name: str, text: str) -> Connector:
    texts = dict(pair["texts"])
    texts[name] = text
    tmp = pair["tmp"] / f"new{len(list(pair['tmp'].iterdir()))}"
    return _assemble(texts, tmp)


def _table_section(text: str, element: str) -> tuple[int, int]:
    """Start/end of a table's block: its heading div up to the next table heading."""
    anchor = text.index(f'id="{element}"')
    start = text.rindex('<div class="table-heading"', 0, anchor)
    nxt = text.find('<div class="table-heading"', anchor)
    return start, nxt if nxt != -1 else len(text)


def _row(text: str, start: int, end: int, name: str) -> tuple[int, int]:
    """The <tr> of the column or property called ``name`` inside text[start:end]."""
    m = re.compile(r"<strong>\s*" + re.escape(name) + r"\s*</strong>").search(text, start, end)
    assert m is not None, name
    row_start = text.rindex("<tr", start, m.start())
    return row_start, text.index("</tr>", m.end()) + len("</tr>")


def _simple_columns(conn: Connector) -> list[tuple[Table, Column]]:
    """Top-level columns with one type, no children, not a key, not in a foreign key."""
    out = []
    for table in conn.tables or []:
        fk_cols = {f.column for f in table.foreign_keys}
        for col in table.columns:
            if (
                len(col.types) == 1
                and not col.children
                and col.name not in set(table.primary_keys) | set(table.replication_keys) | fk_cols
            ):
                out.append((table, col))
    return out


def test_page_pair_column_removed(corpus_pair: dict) -> None:
    old = _old(corpus_pair)
    table, col = _simple_columns(old)[0]
    text = corpus_pair["texts"][TABLE_PAGE]
    start, end = _table_section(text, table.element or table.name)
    row_start, row_end = _row(text, start, end, col.name)
    new = _edit(corpus_pair, TABLE_PAGE, text[:row_start] + text[row_end:])
    changes = diff_connectors(old, new)
    assert [(c.kind, c.table, c.column, c.breaking) for c in changes] == [
        ("column-removed", table.name, col.name, True)
    ]


@pytest.mark.parametrize(
    ("from_type", "to_label", "breaking"),
    [("string", "INTEGER", True), ("boolean", "STRING", True), ("date-time", "STRING", False)],
)
def test_page_pair_type_label_changed(
    corpus_pair: dict, from_type: str, to_label: str, breaking: bool
) -> None:
    old = _old(corpus_pair)
    table, col = next((t, c) for t, c in _simple_columns(old) if c.types == (from_type,))
    text = corpus_pair["texts"][TABLE_PAGE]
    start, end = _table_section(text, table.element or table.name)
    row_start, row_end = _row(text, start, end, col.name)
    row = text[row_start:row_end]
    label = re.compile(r"(?<![\w-])" + re.escape(from_type.upper()) + r"(?![\w-])")
    assert label.search(row), row
    new_text = text[:row_start] + label.sub(to_label, row, count=1) + text[row_end:]
    changes = diff_connectors(old, _edit(corpus_pair, TABLE_PAGE, new_text))
    assert [(c.kind, c.column, c.old, c.new, c.breaking) for c in changes] == [
        ("type-changed", col.name, [from_type], [to_label.lower()], breaking)
    ]


def test_page_pair_table_added(corpus_pair: dict) -> None:
    old = _old(corpus_pair)
    # a table without nested columns, copied under a new name right after itself
    table = next(t for t in old.tables or [] if not any(c.children for c in t.columns))
    text = corpus_pair["texts"][TABLE_PAGE]
    start, end = _table_section(text, table.element or table.name)
    copy = text[start:end].replace(f'id="{table.element}"', f'id="{table.element}-archive"')
    copy = re.sub(
        r"(<h3[^>]*>)\s*" + re.escape(table.name) + r"\s*(</h3>)",
        rf"\g<1>{table.name}_archive\g<2>",
        copy,
        count=1,
    )
    new = _edit(corpus_pair, TABLE_PAGE, text[:end] + copy + text[end:])
    changes = diff_connectors(old, new)
    assert [(c.kind, c.table, c.breaking) for c in changes] == [
        ("table-added", f"{table.name}_archive", False)
    ]


def _object_section(text: str, element: str) -> tuple[int, int]:
    start = text.index(f'id="{element}"')
    nxt = re.compile(r'id="[^"]*-form-properties-[^"]*-object"').search(text, start + 1)
    return start, nxt.start() if nxt else len(text)


def _third_cell(text: str, row_start: int) -> tuple[int, int]:
    """Inner start/end of the third <td> of a row (the "required" column)."""
    pos = row_start
    for _ in range(3):
        pos = text.index("<td", pos + 1)
    inner = text.index(">", pos) + 1
    return inner, text.index("</td>", inner)


def test_page_pair_property_made_required_and_removed(corpus_pair: dict) -> None:
    old = _old(corpus_pair)
    assert old.config is not None and old.config.element
    optional = next(p for p in old.config.properties if not p.required and not p.children)
    required = next(p for p in old.config.properties if p.required)
    text = corpus_pair["texts"][PROPERTY_PAGE]
    start, end = _object_section(text, old.config.element)
    # the page's own "required" mark, copied from a required property's row
    r_start, _ = _row(text, start, end, required.name)
    mark = text[slice(*_third_cell(text, r_start))]
    o_start, o_end = _row(text, start, end, optional.name)
    cell_start, cell_end = _third_cell(text, o_start)
    made_required = text[:cell_start] + mark + text[cell_end:]
    changes = diff_connectors(old, _edit(corpus_pair, PROPERTY_PAGE, made_required))
    assert [(c.kind, c.property, c.old, c.new, c.breaking) for c in changes] == [
        ("required-changed", optional.name, False, True, True)
    ]
    removed = text[:o_start] + text[o_end:]
    changes = diff_connectors(old, _edit(corpus_pair, PROPERTY_PAGE, removed))
    assert [(c.kind, c.property, c.breaking) for c in changes] == [
        ("property-removed", optional.name, True)
    ]


def test_page_pair_unchanged_and_cli(corpus_pair: dict, tmp_path: Path, capsys) -> None:
    from docgen.model.specio import dump

    old = _old(corpus_pair)
    again = _assemble(corpus_pair["texts"], corpus_pair["tmp"] / "again")
    assert diff_connectors(old, again) == []
    table, col = _simple_columns(old)[0]
    text = corpus_pair["texts"][TABLE_PAGE]
    start, end = _table_section(text, table.element or table.name)
    row_start, row_end = _row(text, start, end, col.name)
    new = _edit(corpus_pair, TABLE_PAGE, text[:row_start] + text[row_end:])
    for side, conn in (("old", old), ("new", new)):
        (tmp_path / side).mkdir()
        (tmp_path / side / f"{conn.name}.yaml").write_text(dump(conn), encoding="utf-8")
    assert _diff_cli(str(tmp_path / "old"), str(tmp_path / "new"), as_json=False) == 1
    out = capsys.readouterr().out
    assert f"BREAKING column-removed: table {table.name}, column {col.name}" in out
