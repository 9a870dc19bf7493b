"""docgen diff: classification of changes, inputs (files, dirs, git revisions), output.

Two layers: hand-written spec fixtures (tests/fixtures/diff) that hold every kind of edit
once, and real corpus pages edited on their HTML bytes (see ``test_page_pairs``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from docgen import diff as diff_mod
from docgen.diff import Change, diff_args, diff_connectors, diff_sets, render_text
from docgen.spec import Column, ConfigObject, Connector, Constraint, Property, Table

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


# --------------------------------------------------------------------------- CLI & inputs


def test_main_exit_codes_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    old, new = str(FIXTURES / "old"), str(FIXTURES / "new")
    assert diff_mod.main(old, new, as_json=True) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["breaking"] == sum(c["breaking"] for c in doc["changes"]) > 0
    assert {"connector", "kind", "path", "old", "new", "breaking", "reason"} <= set(
        doc["changes"][0]
    )
    assert diff_mod.main(new, new, as_json=False) == 0
    assert capsys.readouterr().out.strip() == "no changes"
    # only non-breaking changes: exit 0
    assert diff_mod.main(str(FIXTURES / "old" / "widget.yaml"), old, as_json=False) == 0


def test_text_output_breaking_first_and_marked(capsys: pytest.CaptureFixture[str]) -> None:
    diff_mod.main(str(FIXTURES / "old"), str(FIXTURES / "new"), as_json=False)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "widget: 10 breaking, 6 non-breaking"
    body = lines[1:-1]
    marks = ["BREAKING" in line for line in body]
    assert marks == sorted(marks, reverse=True) and marks.count(True) == 10
    assert "10 breaking" in lines[-1]


def test_bad_input_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert diff_mod.main("no-such-thing-or-rev", str(FIXTURES / "new"), as_json=False) == 2
    assert "not a spec file, a spec directory or a git revision" in capsys.readouterr().err
    broken = tmp_path / "broken.yaml"
    broken.write_text("spec_format: 1\nname: [unclosed\n")
    assert diff_mod.main(str(broken), str(FIXTURES / "new" / "widget.yaml"), as_json=False) == 2
    assert "broken.yaml" in capsys.readouterr().err
    invalid = tmp_path / "invalid.yaml"
    invalid.write_text("spec_format: 1\nname: x\n")  # display_name missing
    assert diff_mod.main(str(invalid), str(invalid), as_json=False) == 2
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
    # a git revision from a subdirectory still finds specs/ at the top of the work tree
    (repo / "sub").mkdir()
    monkeypatch.chdir(repo / "sub")
    assert _kinds(diff_args("HEAD~1", "HEAD")) == expected
