"""``docgen scaffold``: a runnable singer-sdk tap project from the docs, regenerated without
touching the code people write.

The discovery comparison covers every committed connector with tables (their projects are
built from the committed generated/<name>/ contract files, which the golden tests hold to the
code, and imported in-process); the command's own path (formatting, writing, refusing,
regenerating) runs on Autopilot and on the hostile-names fixture."""

from __future__ import annotations

import ast
import contextlib
import importlib
import io
import json
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
import tomllib
from collections import Counter
from collections.abc import Iterator
from importlib.metadata import distribution
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import REPO, repo_specs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from docgen.cli import app
from docgen.emit import CONTRACT_FILES
from docgen.emit.fmt import ruff_bin
from docgen.emit.scaffold import (
    STAMP,
    render_project,
    sample_config,
    toml_str,
    yaml_str,
)
from docgen.inputs import InputError
from docgen.model import specio
from docgen.model.spec import Column, Connector
from docgen.tools import scaffold as tool

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "scaffold"))
import autopilot_api as api_fixture
from catalogs import differences

NASTY = REPO / "tests" / "fixtures" / "emit" / "nasty.yaml"
GOLDENS = REPO / "tests" / "goldens" / "scaffold"


def _run(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


@contextlib.contextmanager
def _imported(root: Path, package: str) -> Iterator[ModuleType]:
    """``package.tap`` of the project at ``root``, imported fresh; forgotten afterwards."""

    def forget() -> None:
        for name in [m for m in sys.modules if m == package or m.startswith(f"{package}.")]:
            del sys.modules[name]

    forget()
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module(f"{package}.tap")
    finally:
        sys.path.remove(str(root))
        forget()


def _spec_text(conn: Connector) -> str:
    """The committed spec file of ``conn`` as read (what ``docgen scaffold`` keeps)."""
    return (REPO / "specs" / f"{conn.name}.yaml").read_text(encoding="utf-8")


def _tap_class(module: ModuleType) -> Any:
    from singer_sdk import Tap

    (cls,) = [
        v
        for v in vars(module).values()
        if isinstance(v, type) and issubclass(v, Tap) and v is not Tap
    ]
    return cls


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.fixture(scope="module")
def meltano_schema() -> Any:
    """Meltano's own JSON Schema of meltano.yml, as the installed meltano package ships it."""
    path = Path(str(distribution("meltano").locate_file("meltano/schemas/meltano.schema.json")))
    schema = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


# --------------------------------------------------------------------------- every connector


def test_discover_equals_the_generated_catalog_for_every_connector_with_tables(
    tmp_path: Path, meltano_schema: Any
) -> None:
    """Property: a scaffolded tap's --discover prints, stream for stream, the schemas, key
    properties, replication keys, method and metadata of generated/<name>/catalog.json; its
    --about lists the documented settings; its meltano.yml is valid for Meltano."""
    logging.disable(logging.CRITICAL)
    try:
        conns = [c for c in repo_specs() if c.tables]
        assert len(conns) == 29
        validator = jsonschema.Draft202012Validator(meltano_schema)
        streams = append_only = 0
        for conn in conns:
            generated = REPO / "generated" / conn.name
            contract = {
                rel: (generated / rel).read_text(encoding="utf-8") for rel in CONTRACT_FILES
            }
            project = render_project(conn, contract=contract, spec_text=_spec_text(conn))
            root = tmp_path / project.folder
            _write(root, {**project.owned, **project.person})
            doc = yaml.load(project.person["meltano.yml"], Loader=yaml.CSafeLoader)
            assert list(validator.iter_errors(doc)) == []
            config_schema = json.loads(contract["config.schema.json"])
            with _imported(root, project.package) as module:
                tap = _tap_class(module)(
                    config=sample_config(config_schema), parse_env_config=False
                )
                got = json.loads(tap.catalog_json_text)
                settings = tap._get_about_info().settings["properties"]  # what --about prints
            want = json.loads(contract["catalog.json"])
            assert differences(got, want) == [], conn.name
            streams += len(want["streams"])
            methods = [s.get("replication_method") for s in want["streams"]]
            append_only += methods.count("APPEND_ONLY")
            assert set(config_schema["properties"]) | {"validate_records"} <= set(settings)
        assert streams == 592 and append_only > 0
    finally:
        logging.disable(logging.NOTSET)


def test_the_comparison_sees_what_differs() -> None:
    want = json.loads((REPO / "generated" / "autopilot" / "catalog.json").read_text())
    assert differences(want, want) == []
    got = json.loads(json.dumps(want))
    got["streams"][0]["metadata"][0]["metadata"]["selected"] = True
    got["streams"][1]["replication_method"] = "INCREMENTAL"
    got["streams"][2]["schema"]["properties"].pop("list_id")
    del got["streams"][3]
    assert differences(got, want) == [
        "stream smart_segments missing",
        "contacts: metadata differs",
        "lists: replication_method differs",
        "lists_contacts: schema differs",
    ]


def test_every_spec_gives_a_project_that_compiles_and_a_valid_meltano_yml(
    meltano_schema: Any,
) -> None:
    """Property: every committed spec (tables or not, 140 connection property objects with
    secrets, enums, defaults, dates, nested objects) gives a project whose Python compiles
    and whose meltano.yml Meltano's schema accepts, with one setting per property."""
    validator = jsonschema.Draft202012Validator(meltano_schema)
    checked = 0
    for conn in [*repo_specs(), specio.load_spec(NASTY)]:
        generated = REPO / "generated" / conn.name
        if not generated.is_dir():
            continue
        contract = {rel: (generated / rel).read_text(encoding="utf-8") for rel in CONTRACT_FILES}
        project = render_project(conn, contract=contract, spec_text=_spec_text(conn))
        for rel, text in {**project.owned, **project.person}.items():
            if rel.endswith(".py") and rel.rpartition("/")[2] not in CONTRACT_FILES:
                compile(text, rel, "exec")  # the contract files are generated/'s, compiled there
        doc = yaml.load(project.person["meltano.yml"], Loader=yaml.CSafeLoader)
        assert list(validator.iter_errors(doc)) == [], conn.name
        config_schema = json.loads(contract["config.schema.json"])
        settings = doc["plugins"]["extractors"][0]["settings"]
        assert [s["name"] for s in settings] == [*config_schema["properties"], "validate_records"]
        for setting, prop in zip(settings, config_schema["properties"].values(), strict=False):
            assert setting.get("sensitive", False) == api_fixture_secret(prop)
        checked += 1
    assert checked >= 147
    project = render_project(specio.load_spec(NASTY))
    doc = yaml.safe_load(project.person["meltano.yml"])
    (extractor,) = doc["plugins"]["extractors"]
    by_name = {s["name"]: s for s in extractor["settings"]}
    assert by_name["api_token"]["sensitive"] is True and by_name["credentials"]["sensitive"] is True
    assert by_name["start_date"]["kind"] == "date_iso8601"
    assert by_name["mode"]["kind"] == "options" and by_name["mode"]["value"] == "fast"
    assert by_name["page_size"]["kind"] == "integer" and by_name["class"]["kind"] == "boolean"
    assert "kind" not in by_name["account-id"]  # string or integer: Meltano has no kind for it
    assert "password" not in project.person["meltano.yml"]
    assert extractor["namespace"] == "tap_nasty" and extractor["pip_url"] == "-e ."
    assert extractor["capabilities"] == ["catalog", "discover", "state", "about"]
    assert extractor["label"] == 'Nasty "Connector" \\ """'
    assert extractor["settings_group_validation"] == [
        ["api_token", "start_date", "account-id", "credentials"]
    ]


def api_fixture_secret(prop: dict[str, Any]) -> bool:
    if prop.get("writeOnly"):
        return True
    nested = list((prop.get("properties") or {}).values())
    if isinstance(prop.get("items"), dict):
        nested.append(prop["items"])
    return any(api_fixture_secret(p) for p in nested)


# --------------------------------------------------------------------------- the command


@pytest.fixture(scope="module")
def autopilot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Autopilot scaffolded by the command, once for the module (tests copy it to change it)."""
    out = tmp_path_factory.mktemp("scaffold")
    result = _run("scaffold", "autopilot", "--specs", str(REPO / "specs"), "--out", str(out))
    assert result.exit_code == 0, result.output
    return out / "tap-autopilot"


def test_a_new_project_has_every_file_and_its_stamp(autopilot: Path) -> None:
    files = set(_tree(autopilot))
    assert {
        STAMP,
        "pyproject.toml",
        "README.md",
        "meltano.yml",
        "tap_autopilot/__init__.py",
        "tap_autopilot/tap.py",
        "tap_autopilot/streams.py",
        "tests/test_core.py",
    } <= files
    owned = {f.removeprefix("tap_autopilot/_docgen/") for f in files if "/_docgen/" in f}
    assert owned == {*CONTRACT_FILES, "__init__.py", "docs.json", "spec.yaml", "manifest.json"}
    generated = REPO / "generated" / "autopilot"
    for rel in CONTRACT_FILES:  # the contract exactly as docgen build writes it
        assert (autopilot / "tap_autopilot" / "_docgen" / rel).read_bytes() == (
            generated / rel
        ).read_bytes()
    assert json.loads((autopilot / STAMP).read_text()) == {
        "connector": "autopilot",
        "package": "tap_autopilot",
        "scaffold": 1,
    }
    pyproject = tomllib.loads((autopilot / "pyproject.toml").read_text())
    assert pyproject["project"]["scripts"] == {
        "tap-autopilot": "tap_autopilot.tap:TapAutopilot.cli"
    }
    assert pyproject["project"]["dependencies"] == ["singer-sdk>=0.54,<0.55"]
    assert not any("docgen" in d for d in pyproject["project"]["dependencies"])


def test_scaffold_is_deterministic_and_the_goldens_are_what_it_gives(
    tmp_path: Path, autopilot: Path
) -> None:
    """Same spec, byte-identical files; tests/goldens/scaffold/ (scripts/regenerate) is what
    the command writes for Autopilot and for the hostile-names fixture."""
    assert _tree(GOLDENS / "tap-autopilot") == _tree(autopilot)
    result = _run("scaffold", str(NASTY), "--out", str(tmp_path))
    assert result.exit_code == 0
    assert _tree(GOLDENS / "tap-nasty") == _tree(tmp_path / "tap-nasty")


def test_the_scaffold_is_ruff_and_mypy_clean_and_its_tests_run(tmp_path: Path) -> None:
    """As written: ruff check and ruff format --check (each project's own settings, in its
    pyproject.toml) pass on both goldens, mypy --strict on the hostile-names one (its
    templates are every project's: the same code with other names), and a fresh project's
    own tests run: the standard tests wait (skipped) and each stream's test is an expected
    failure."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    checks = [
        ("tap-autopilot", [ruff_bin(), "check", "--no-cache", "."]),
        ("tap-autopilot", [ruff_bin(), "format", "--check", "--no-cache", "."]),
        ("tap-nasty", [ruff_bin(), "check", "--no-cache", "."]),
        ("tap-nasty", [ruff_bin(), "format", "--check", "--no-cache", "."]),
        ("tap-nasty", [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy")]),
        ("tap-autopilot", [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]),
    ]
    for name, args in checks:
        done = subprocess.run(
            args, cwd=GOLDENS / name, capture_output=True, text=True, check=False, env=env
        )
        assert done.returncode == 0, (name, args[1:3], done.stdout + done.stderr)
    assert done.stdout.strip().splitlines()[-1].startswith("46 skipped, 5 xfailed")
    for name in ("tap-autopilot", "tap-nasty"):
        text = "".join(p.read_text() for p in (GOLDENS / name).rglob("*.py"))
        assert "noqa" not in text and "type: ignore" not in text
        assert "import docgen" not in text and "from docgen" not in text


def test_streams_cite_the_docs_and_fill_ins_raise_naming_stream_and_api(autopilot: Path) -> None:
    streams = (autopilot / "tap_autopilot" / "streams.py").read_text()
    api = "http://docs.autopilot.apiary.io/#reference/api-methods/get-all-contacts"
    assert "The contacts table contains info about the contacts" in streams
    assert api in streams and "tap_autopilot/schemas/contacts.json" in streams
    assert 'name = "contacts"' in streams and 'primary_keys = ("contact_id",)' in streams
    assert 'replication_key = "updated_at"' in streams
    assert 'documented_method = "INCREMENTAL"' in streams
    with _imported(autopilot, "tap_autopilot") as module:
        tap = module.TapAutopilot(config={"api_key": "k", "start_date": "2024-01-01T00:00:00Z"})
        contacts = tap.streams["contacts"]
        assert contacts.schema["properties"]["contact_id"] == {"type": "string"}
        for call in (
            lambda: contacts.get_url(None),
            contacts.get_new_paginator,
            lambda: contacts.authenticator,
            lambda: list(contacts.get_records(None)),
        ):
            with pytest.raises(NotImplementedError) as raised:
                call()
            assert "'contacts'" in str(raised.value) and api in str(raised.value)
        docgen = sys.modules["tap_autopilot._docgen"]
        assert len(docgen.not_ready(tap)) == 5
        config = type(tap).config_jsonschema
        assert config["properties"]["api_key"]["secret"] is True
        assert config["properties"]["api_key"]["writeOnly"] is True
        assert config["properties"]["validate_records"]["enum"] == ["strict", "warn", "off"]
        assert config["required"] == ["api_key", "start_date"]


# --------------------------------------------------------------------------- a real sync


@pytest.fixture()
def filled(tmp_path: Path, autopilot: Path) -> Path:
    """The Autopilot project with its FILL IN places filled in for the local API."""
    project = tmp_path / "tap-autopilot"
    shutil.copytree(autopilot, project)
    api_fixture.fill_in(project, "tap_autopilot")
    return project


def _sync(
    project: Path, config: dict[str, Any], state: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    out = io.StringIO()
    with _imported(project, "tap_autopilot") as module, contextlib.redirect_stdout(out):
        module.TapAutopilot(config=config, state=state, parse_env_config=False).sync_all()
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_sync_against_a_local_api(
    filled: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The filled-in tap syncs: SCHEMA, RECORD and STATE messages; the incremental stream's
    state follows its replication key (and the next run asks only for what is newer); a record
    the docs reject is logged with stream, path and message (warn); the output loads into a
    Singer target."""
    catalog = json.loads((filled / "tap_autopilot" / "_docgen" / "catalog.json").read_text())
    api = api_fixture.Api(catalog)
    api.records["contacts"][2]["company_priority"] = "yes"  # the docs say boolean
    with api_fixture.serve(api) as url:
        config = {
            "api_key": api_fixture.API_KEY,
            "start_date": "2024-01-01T00:00:00Z",
            "api_url": url,
        }
        with caplog.at_level(logging.WARNING):
            messages = _sync(filled, config)
        kinds = Counter((m["type"], m.get("stream")) for m in messages)
        for name in api.records:
            assert kinds[("SCHEMA", name)] == 1
        schema = next(m for m in messages if m["type"] == "SCHEMA" and m["stream"] == "contacts")
        assert schema["key_properties"] == ["contact_id"] and schema["bookmark_properties"] == [
            "updated_at"
        ]
        # contacts since start_date (2024-01-01: the first record is not after it), two pages
        assert kinds[("RECORD", "contacts")] == 3 and kinds[("RECORD", "lists")] == 4
        state = [m["value"] for m in messages if m["type"] == "STATE"][-1]
        assert state["bookmarks"]["contacts"] == {
            "replication_key": "updated_at",
            "replication_key_value": "2024-01-04T00:00:00Z",
        }
        problems = [
            r.getMessage() for r in caplog.records if "the docs reject it" in r.getMessage()
        ]
        assert problems == [
            "stream 'contacts', record 2, company_priority: wrong type: expected boolean or "
            "null, got string (the docs reject it; validate_records=warn)"
        ]
        assert "/contacts?page=2&since=2024-01-01T00%3A00%3A00Z" in api.requests
        # the next run starts from the bookmark: nothing newer, nothing emitted
        api.requests.clear()
        again = _sync(filled, config, state=state)
        assert not [m for m in again if m["type"] == "RECORD" and m["stream"] == "contacts"]
        assert api.requests[0] == "/contacts?page=1&since=2024-01-04T00%3A00%3A00Z"
    db = tmp_path / "out.db"
    target = api_fixture.sqlite_target(db)
    target.listen(io.StringIO("".join(json.dumps(m) + "\n" for m in messages)))
    with contextlib.closing(sqlite3.connect(db)) as con:
        loaded = {
            t: con.execute(f'select count(*) from "{t}"').fetchone()[0]
            for (t,) in con.execute("select name from sqlite_master where type='table'")
        }
    assert loaded == {name: kinds[("RECORD", name)] for name in api.records}


def test_strict_stops_the_sync_and_off_checks_nothing(
    filled: Path, caplog: pytest.LogCaptureFixture
) -> None:
    catalog = json.loads((filled / "tap_autopilot" / "_docgen" / "catalog.json").read_text())
    api = api_fixture.Api(catalog)
    api.records["contacts"][1]["contact_id"] = None  # a primary key: not null
    with api_fixture.serve(api) as url:
        base = {
            "api_key": api_fixture.API_KEY,
            "start_date": "2024-01-01T00:00:00Z",
            "api_url": url,
        }
        with _imported(filled, "tap_autopilot") as module:
            rejected = sys.modules["tap_autopilot._docgen"].RecordRejected
            tap = module.TapAutopilot(
                config={**base, "validate_records": "strict"}, parse_env_config=False
            )
            out = io.StringIO()
            with pytest.raises(rejected) as raised, contextlib.redirect_stdout(out):
                tap.sync_all()
        assert str(raised.value).startswith("stream 'contacts', record 1, contact_id: ")
        assert not [line for line in out.getvalue().splitlines() if '"RECORD"' in line]
        caplog.clear()
        with caplog.at_level(logging.WARNING):
            messages = _sync(filled, {**base, "validate_records": "off"})
        assert not [r for r in caplog.records if "the docs reject it" in r.getMessage()]
        assert sum(m["type"] == "RECORD" and m["stream"] == "contacts" for m in messages) == 3


# --------------------------------------------------------------------------- regeneration


def _changed_docs(tmp_path: Path) -> Path:
    """specs/ with Autopilot's docs changed: smart_segments gone, journeys new, a column
    added and one removed on contacts, lists' primary key changed."""
    conn = specio.load_spec(REPO / "specs" / "autopilot.yaml")
    tables = [t for t in conn.tables or [] if t.name != "smart_segments"]
    contacts = tables[0]
    columns = [c for c in contacts.columns if c.name != "company"]
    columns.append(Column(name="phone_number", types=["string"]))
    tables[0] = contacts.model_copy(update={"columns": columns})
    tables[1] = tables[1].model_copy(update={"primary_keys": ["list_id", "title"]})
    tables.append(tables[3].model_copy(update={"name": "journeys"}))
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "autopilot.yaml").write_text(specio.dump(conn.model_copy(update={"tables": tables})))
    return specs


def test_regeneration_rewrites_docgen_part_only_and_says_what_changed(
    tmp_path: Path, autopilot: Path
) -> None:
    out = tmp_path / "out"
    shutil.copytree(autopilot, out / "tap-autopilot")
    project = out / "tap-autopilot"
    streams = project / "tap_autopilot" / "streams.py"
    edited = streams.read_text().replace(
        "    url_base = FILL_IN", '    url_base = "https://api2.autopilothq.com/v1"'
    )
    streams.write_text(edited)
    (project / "meltano.yml").write_text("# mine\n")
    before = _tree(project)
    specs = _changed_docs(tmp_path)

    dry = _run("scaffold", "autopilot", "--specs", str(specs), "--out", str(out), "--dry-run")
    assert dry.exit_code == 1 and _tree(project) == before
    result = _run("scaffold", "autopilot", "--specs", str(specs), "--out", str(out))
    assert result.exit_code == 1
    assert result.stdout == dry.stdout.replace("would be written", "written").replace(
        "would be removed", "removed"
    )
    after = _tree(project)
    changed = {rel for rel in after if before.get(rel) != after[rel]}
    assert changed and all(rel.startswith("tap_autopilot/_docgen/") for rel in changed)
    assert after["tap_autopilot/streams.py"] == edited.encode()  # the hand edit is kept
    assert after["meltano.yml"] == b"# mine\n"
    stdout = result.stdout
    assert "BREAKING table-removed: table smart_segments" in stdout
    assert "column-added: table contacts, column phone_number: new column (string)" in stdout
    assert "BREAKING column-removed: table contacts, column company" in stdout
    assert "class to add to streams.py for table 'journeys'" in stdout
    assert "class JourneysStream(AutopilotStream):" in stdout
    stderr = result.stderr
    assert "stream 'smart_segments' (SmartSegmentsStream, tap_autopilot/streams.py:" in stderr
    assert "ListsStream (tap_autopilot/streams.py:" in stderr and "('list_id', 'title')" in stderr
    assert "table 'journeys' is new in the docs" in stderr
    # the docgen part is what a new scaffold of the changed docs has
    fresh = tmp_path / "fresh"
    assert _run("scaffold", "autopilot", "--specs", str(specs), "--out", str(fresh)).exit_code == 0
    owned = {k: v for k, v in _tree(fresh / "tap-autopilot").items() if "/_docgen/" in k}
    assert owned == {k: v for k, v in after.items() if "/_docgen/" in k}
    # and once the class is added and the stale one removed, the project is in step again
    again = _run("scaffold", "autopilot", "--specs", str(specs), "--out", str(out))
    assert "0 files written" in again.stdout


def test_hand_edits_and_strangers_inside_docgen_part_are_named(
    tmp_path: Path, autopilot: Path
) -> None:
    out = tmp_path / "out"
    shutil.copytree(autopilot, out / "tap-autopilot")
    owned = out / "tap-autopilot" / "tap_autopilot" / "_docgen"
    (owned / "validators.py").write_text("# edited\n")
    (owned / "mine.txt").write_text("notes\n")
    result = _run("scaffold", "autopilot", "--specs", str(REPO / "specs"), "--out", str(out))
    assert "validators.py was edited by hand since docgen wrote it: replaced" in result.stderr
    assert "_docgen/mine.txt is not docgen's" in result.stderr and result.exit_code == 1
    assert (owned / "validators.py").read_bytes() == (
        REPO / "generated/autopilot/validators.py"
    ).read_bytes()
    assert (owned / "mine.txt").read_text() == "notes\n"
    # the edit is not lost: it is kept outside the package, and a second, different edit
    # of the same file is kept beside the first
    kept = out / "tap-autopilot" / ".docgen-kept" / "tap_autopilot" / "_docgen"
    assert "your version kept as .docgen-kept/tap_autopilot/_docgen/validators.py" in (
        result.stderr
    )
    assert (kept / "validators.py").read_text() == "# edited\n"
    (owned / "validators.py").write_text("# edited again\n")
    _run("scaffold", "autopilot", "--specs", str(REPO / "specs"), "--out", str(out))
    assert (kept / "validators.py").read_text() == "# edited\n"
    assert (kept / "validators.py.1").read_text() == "# edited again\n"
    # a dry run keeps nothing and changes nothing
    (owned / "validators.py").write_text("# third\n")
    dry = _run(
        "scaffold", "autopilot", "--specs", str(REPO / "specs"), "--out", str(out), "--dry-run"
    )
    assert "validators.py.2" in dry.stderr and not (kept / "validators.py.2").exists()
    assert (owned / "validators.py").read_text() == "# third\n"
    # without _docgen/manifest.json nothing tells an edit from an older docgen's file:
    # every file replaced is kept
    (owned / "manifest.json").unlink()
    lost = _run("scaffold", "autopilot", "--specs", str(REPO / "specs"), "--out", str(out))
    assert "no tap_autopilot/_docgen/manifest.json tells a hand edit" in lost.stderr
    assert (kept / "validators.py.2").read_text() == "# third\n"
    assert (owned / "manifest.json").exists()


# --------------------------------------------------------------------------- bad input


def test_unknown_connector_gets_one_line_with_the_names(tmp_path: Path, small_specs: Path) -> None:
    result = _run("scaffold", "autopilt", "--specs", str(small_specs), "--out", str(tmp_path))
    assert result.exit_code == 2 and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line == (
        f"docgen scaffold: no connector 'autopilt' in {small_specs} (did you mean autopilot?); "
        "the connectors: asana, autopilot, segment"
    )
    assert list(tmp_path.iterdir()) == [small_specs]


@pytest.mark.parametrize(
    "make",
    [
        lambda d: (d / "tap-autopilot").write_text("a file"),
        lambda d: (
            (d / "tap-autopilot").mkdir(),
            (d / "tap-autopilot" / "setup.py").write_text("x"),
        ),
        lambda d: ((d / "tap-autopilot").mkdir(), (d / "tap-autopilot" / STAMP).write_text("{")),
        lambda d: (
            (d / "tap-autopilot").mkdir(),
            (d / "tap-autopilot" / STAMP).write_text(
                '{"scaffold": 1, "connector": "asana", "package": "tap_asana"}'
            ),
        ),
        lambda d: (
            (d / "tap-autopilot").mkdir(),
            (d / "tap-autopilot" / STAMP).write_text(
                '{"scaffold": 1, "connector": "autopilot", "package": "tap_autopilot"}'
            ),
        ),
        lambda d: (
            shutil.copytree(GOLDENS / "tap-autopilot", d / "tap-autopilot"),
            shutil.rmtree(d / "tap-autopilot" / "tap_autopilot" / "_docgen"),
            (d / "tap-autopilot" / "tap_autopilot" / "_docgen").write_text("x"),
        ),
    ],
    ids=[
        "a-file",
        "not-docgens",
        "broken-stamp",
        "another-connector",
        "package-gone",
        "owned-is-a-file",
    ],
)
def test_a_folder_docgen_did_not_make_is_refused(tmp_path: Path, make: Any) -> None:
    out = tmp_path / "out"
    out.mkdir()
    make(out)
    before = _tree(out)
    result = _run("scaffold", "autopilot", "--specs", str(REPO / "specs"), "--out", str(out))
    assert result.exit_code == 2, result.output
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("docgen scaffold: ")
    assert _tree(out) == before and sorted(p.name for p in out.iterdir()) == ["tap-autopilot"]


def test_out_that_is_a_file_and_an_empty_folder(tmp_path: Path) -> None:
    file = tmp_path / "f"
    file.write_text("x")
    result = _run(
        "scaffold", "autopilot", "--specs", str(REPO / "specs"), "--out", str(file / "sub")
    )
    assert result.exit_code == 2 and "is inside" in result.stderr and file.read_text() == "x"
    (tmp_path / "o" / "tap-autopilot").mkdir(parents=True)  # empty: nothing to overwrite
    result = _run(
        "scaffold", "autopilot", "--specs", str(REPO / "specs"), "--out", str(tmp_path / "o")
    )
    assert result.exit_code == 0 and (tmp_path / "o" / "tap-autopilot" / STAMP).is_file()


def test_a_connector_without_tables_says_what_it_gives(tmp_path: Path, small_specs: Path) -> None:
    result = _run("scaffold", "asana", "--specs", str(small_specs), "--out", str(tmp_path))
    assert result.exit_code == 0
    assert "asana: no table reference was read, so the tap has no streams" in result.stderr
    with _imported(tmp_path / "tap-asana", "tap_asana") as module:
        schema = json.loads(
            (tmp_path / "tap-asana" / "tap_asana" / "_docgen" / "config.schema.json").read_text()
        )
        tap = _tap_class(module)(config=sample_config(schema), parse_env_config=False)
        assert json.loads(tap.catalog_json_text) == {"streams": []}


def test_an_interrupted_run_leaves_no_half_written_project(
    tmp_path: Path, autopilot: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = specio.write_atomic
    calls = {"n": 0}

    def interrupted(path: Path, data: bytes) -> None:
        calls["n"] += 1
        if calls["n"] == 5:
            raise KeyboardInterrupt
        real(path, data)

    monkeypatch.setattr(specio, "write_atomic", interrupted)
    with pytest.raises(KeyboardInterrupt):
        tool.scaffold("autopilot", REPO / "specs", tmp_path / "new")
    # nothing half-written: the folder the run made for --out is empty, or gone with the
    # run's lock (it removes a folder it made and left empty)
    assert list((tmp_path / "new").glob("*")) == []
    shutil.copytree(autopilot, tmp_path / "old" / "tap-autopilot")
    before = _tree(tmp_path / "old")
    calls["n"] = 0
    with pytest.raises(KeyboardInterrupt):
        tool.scaffold("autopilot", _changed_docs(tmp_path), tmp_path / "old")
    assert _tree(tmp_path / "old") == before
    assert sorted(
        p.name for p in (tmp_path / "old" / "tap-autopilot" / "tap_autopilot").iterdir()
    ) == [
        "__init__.py",
        "_docgen",
        "streams.py",
        "tap.py",
    ]


@pytest.mark.parametrize(
    ("connector", "says"),
    [
        ("specs", "specs: is a folder; expected a spec file or a connector name"),
        ("specs/autopilot", "specs/autopilot: no such spec file"),
        ("../autopilot", "../autopilot: no such spec file"),
        ("nope.yml", "nope.yml: no such spec file"),
    ],
)
def test_a_path_where_a_connector_belongs(
    tmp_path: Path, connector: str, says: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    result = _run("scaffold", connector, "--out", str(tmp_path))
    assert result.exit_code == 2 and result.stderr.startswith(f"docgen scaffold: {says}")
    assert len(result.stderr.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_without_an_earlier_spec_the_tap_class_is_no_stream(tmp_path: Path) -> None:
    """Regeneration with docgen's part gone: written again, the changes cannot be listed,
    and the project's classes are read for what they are (the Tap states a name too)."""
    shutil.copytree(GOLDENS / "tap-autopilot", tmp_path / "tap-autopilot")
    shutil.rmtree(tmp_path / "tap-autopilot" / "tap_autopilot" / "_docgen")
    result = _run("scaffold", "autopilot", "--specs", str(REPO / "specs"), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert "8 files written" in result.stdout and "cannot be listed" in result.stderr
    assert "warning" not in result.stderr
    assert _tree(tmp_path / "tap-autopilot") == _tree(GOLDENS / "tap-autopilot")


def test_bad_spec_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("spec_format: 1\nname: bad\ndisplay_name: [\n")
    result = _run("scaffold", str(tmp_path / "bad.yaml"), "--out", str(tmp_path / "o"))
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
    assert "not valid YAML" in result.stderr and not (tmp_path / "o").exists()
    with pytest.raises(InputError, match="no such folder"):
        tool.load_connector("autopilot", tmp_path / "nope")


# --------------------------------------------------------------------------- escaping


@pytest.mark.parametrize(
    "text",
    [
        'a "quoted" \\ back',
        "line\nbreak\ttab\r",
        "\x00\x1f\x7f\x85\u2028\ufeff",
        "é 😀 \ud800",
        '"""',
        "",
    ],
)
def test_toml_and_yaml_strings_round_trip(text: str) -> None:
    scalar_values = "".join("\ufffd" if 0xD800 <= ord(c) < 0xE000 else c for c in text)
    assert tomllib.loads(f"k = {toml_str(text)}")["k"] == scalar_values
    assert yaml.safe_load(f"k: {yaml_str(text)}")["k"] == text


def test_hostile_names_make_a_clean_project(tmp_path: Path) -> None:
    """Property: names and descriptions from the docs, however hostile, end up as data: every
    Python file parses, the tap imports and discovers every table, TOML and YAML read back."""
    conn = specio.load_spec(NASTY)
    result = _run("scaffold", str(NASTY), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    root = tmp_path / "tap-nasty"
    pyproject = tomllib.loads((root / "pyproject.toml").read_text())
    assert pyproject["project"]["description"].startswith('Singer tap for Nasty "Connector" \\ """')
    with _imported(root, "tap_nasty") as module:
        schema = json.loads((root / "tap_nasty" / "_docgen" / "config.schema.json").read_text())
        tap = _tap_class(module)(config=sample_config(schema), parse_env_config=False)
        names = [s["tap_stream_id"] for s in json.loads(tap.catalog_json_text)["streams"]]
    assert sorted(names) == sorted({t.name for t in conn.tables or []})
    streams = (root / "tap_nasty" / "streams.py").read_text()
    assert "class ClassStream2(NastyStream):" in streams and 'name = "1st table"' in streams
    classes = {n.name: n for n in ast.parse(streams).body if isinstance(n, ast.ClassDef)}
    doc = ast.get_docstring(classes["ClassStream"]) or ""
    assert doc.startswith('class: A table named like a keyword. Backslash \\ and """triple')
    for link in (conn.tables or [])[0].links:
        assert link.url in doc  # the docstring holds the links as the spec states them


def test_connector_name_the_docs_use_for_the_setting_is_refused(tmp_path: Path) -> None:
    conn = specio.load_spec(REPO / "specs" / "autopilot.yaml")
    assert conn.config is not None
    prop = conn.config.properties[0].model_copy(update={"name": "validate_records"})
    config = conn.config.model_copy(update={"properties": [prop]})
    (tmp_path / "x.yaml").write_text(
        specio.dump(Connector.model_validate({**conn.model_dump(), "config": config.model_dump()}))
    )
    result = _run("scaffold", str(tmp_path / "x.yaml"), "--out", str(tmp_path / "o"))
    assert result.exit_code == 2 and "validate_records" in result.stderr


# --------------------------------------------------------------------------- escaping, any text


@given(text=st.text(max_size=60))
@settings(max_examples=150, deadline=None)
def test_any_text_survives_toml_and_yaml(text: str) -> None:
    scalar_values = "".join("\ufffd" if 0xD800 <= ord(c) < 0xE000 else c for c in text)
    assert tomllib.loads(f"k = {toml_str(text)}")["k"] == scalar_values
    assert yaml.load(f"k: {yaml_str(text)}", Loader=yaml.CSafeLoader)["k"] == text


@given(
    name=st.text(min_size=1, max_size=20).filter(lambda s: s.strip() and "\x00" not in s),
    description=st.text(max_size=80),
    title=st.text(min_size=1, max_size=20).filter(str.strip),
    path=st.text(alphabet=st.characters(blacklist_categories=("Z", "C")), max_size=20),
)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_table_becomes_a_class_that_says_what_the_docs_say(
    name: str, description: str, title: str, path: str
) -> None:
    """Property: whatever a table's name, description and link say, streams.py parses, the
    class's name attribute is the table's name and its docstring holds the description's
    words and the link's URL as they are."""
    url = "https://example.com/" + path
    conn = Connector.model_validate(
        {
            "name": "fuzzed",
            "display_name": name,
            "tables": [
                {
                    "name": name,
                    "description": description,
                    "links": [{"kind": "api", "title": title, "url": url}],
                    "columns": [{"name": "id", "types": ["integer"]}],
                }
            ],
        }
    )
    project = render_project(conn)
    tree = ast.parse(project.person["tap_fuzzed/streams.py"])
    (cls,) = [n for n in tree.body if isinstance(n, ast.ClassDef) and n.name != "FuzzedStream"]
    stated = {
        t.id: ast.literal_eval(s.value)
        for s in cls.body
        if isinstance(s, ast.Assign)
        for t in s.targets
        if isinstance(t, ast.Name) and t.id != "path"
    }
    assert stated["name"] == name
    doc = " ".join((ast.get_docstring(cls, clean=False) or "").split())
    said = f"{name}: {description}" if description.split() else f"{name}."
    assert " ".join(said.split()) in doc
    assert url in doc
    for rel in ("tap_fuzzed/tap.py", "tests/test_core.py", "tap_fuzzed/_docgen/__init__.py"):
        ast.parse({**project.person, **project.owned}[rel])
    tomllib.loads(project.person["pyproject.toml"])
    yaml.load(project.person["meltano.yml"], Loader=yaml.CSafeLoader)


def test_a_scaffold_run_waits_for_another_in_the_same_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Property: a scaffold run that writes holds --out's lock, as build and update hold
    theirs, so two runs never stage into each other's folders; the second waits (one line
    saying so) and gives up after DOCGEN_LOCK_WAIT with nothing written. A dry run reads
    only and does not wait."""
    from docgen.locks import folder_lock

    out = tmp_path / "out"
    monkeypatch.setenv("DOCGEN_LOCK_WAIT", "0.3")
    with folder_lock(out, "another docgen scaffold"):
        waited = _run("scaffold", "autopilot", "--specs", str(REPO / "specs"), "--out", str(out))
        dry = _run(
            "scaffold", "autopilot", "--specs", str(REPO / "specs"), "--out", str(out), "--dry-run"
        )
    assert waited.exit_code == 2, waited.output
    assert "waiting for" in waited.stderr and "still locked by" in waited.stderr
    assert not (out / "tap-autopilot").exists()
    assert dry.exit_code == 0, dry.output
    done = _run("scaffold", "autopilot", "--specs", str(REPO / "specs"), "--out", str(out))
    assert done.exit_code == 0 and (out / "tap-autopilot" / "tap_autopilot" / "_docgen").is_dir()
    assert not (out / ".docgen-lock").exists()
