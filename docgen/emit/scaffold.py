"""``docgen scaffold``: the files of a runnable singer-sdk tap project for one connector.

The project is split by owner, and the split is what makes regeneration safe:

* **docgen's** part, ``tap_<name>/_docgen/``, is rewritten on every run: the connector's
  contract exactly as :func:`docgen.emit.render_contract` gives it for ``generated/<name>/``
  (``catalog.json``: schemas, keys, metadata; ``config.schema.json``; the standard-library
  validators ``validators.py`` and ``_runtime.py``), what the catalog does not carry
  (``docs.json``: each table's description and useful links, with provenance), the spec it
  was all made from (``spec.yaml``, so the next run can say what changed), the code that
  applies it (``__init__.py``, the same for every connector) and the hashes of all of it
  (``manifest.json``, so a hand edit there is reported, not silently lost);
* **the person's** part (``pyproject.toml``, ``README.md``, ``meltano.yml``,
  ``tap_<name>/tap.py``, ``streams.py``, ``__init__.py``, ``tests/``) is written once, when
  the project is made, and never again. What the docs cannot state (the API's base URL,
  authentication, pagination, each stream's path) is a marked place there that raises
  ``NotImplementedError`` naming the stream and its API method until it is filled in.

Nothing is derived a second time: schemas, keys, metadata and settings come from the
emitted catalog and config schema; descriptions and links from the spec's tables (the first
table of each name, as the catalog takes them). Output depends only on the spec: the same
spec gives byte-identical files.

Everything written into a file is escaped for where it goes: Python literals with
:func:`~docgen.emit.pytext.lit`, docstrings with :func:`~docgen.emit.pytext.doc_text`,
TOML and YAML strings with :func:`toml_str` / :func:`yaml_str`, Markdown with the emitters'
cell escaping; docs text never goes into a comment.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from docgen.emit import CONTRACT_FILES, _md, render_contract, unique_tables
from docgen.emit.fmt import LINE_LENGTH, LINT_RULES, TARGET, format_many
from docgen.emit.pytext import Names, class_name, doc_text, lit, wrap
from docgen.emit.templates import render_template
from docgen.model import specio
from docgen.model.spec import Connector, Table, identifier

#: the small stamp that marks a project docgen made (``docgen scaffold`` refuses a folder
#: without it); it names the connector and where docgen's part lives
STAMP = ".docgen-scaffold"
STAMP_FORMAT = 1
#: docgen's folder inside the package, and the record of what docgen wrote there
OWNED_DIR = "_docgen"
MANIFEST = "manifest.json"
#: the setting that says what happens to a record the docs reject
VALIDATE_RECORDS = "validate_records"
#: singer-sdk, in the range the generated runtime is written against
SINGER_SDK = "singer-sdk>=0.54,<0.55"

_FORMAT_SAMPLES = {
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "time": "00:00:00",
    "email": "someone@example.com",
    "uri": "https://example.com",
    "singer.decimal": "0",
}


class ScaffoldError(ValueError):
    """A spec docgen cannot make a tap project of (one line saying why)."""


@dataclass(frozen=True)
class StreamClass:
    """One documented table as a stream class of ``streams.py``."""

    table: str
    class_name: str
    test_name: str
    text: str  # the class's source


@dataclass(frozen=True)
class Project:
    """A tap project's files, by owner (paths relative to the project folder)."""

    connector: str
    folder: str  # tap-<name>
    package: str  # tap_<name>
    base_class: str  # the connector's stream base class in streams.py
    owned: dict[str, str]  # docgen's: rewritten on every run
    person: dict[str, str]  # the person's: written when the project is made, never again
    classes: list[StreamClass] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what this spec can and cannot give

    @property
    def owned_dir(self) -> str:
        return f"{self.package}/{OWNED_DIR}"


def project_names(name: str) -> tuple[str, str]:
    """The project folder / executable and the import package of connector ``name`` (a
    spec name, already a Python identifier): ``tap-pipedrive_v1``, ``tap_pipedrive_v1``."""
    return f"tap-{name}", f"tap_{name}"


def stamp_text(conn: Connector) -> str:
    _, package = project_names(conn.name)
    data = {"scaffold": STAMP_FORMAT, "connector": conn.name, "package": package}
    return json.dumps(data, indent=1, sort_keys=True) + "\n"


def render_project(
    conn: Connector, *, spec_text: str | None = None, contract: Mapping[str, str] | None = None
) -> Project:
    """Every file of ``tap-<name>/`` for ``conn`` (Python not yet formatted: see
    :func:`format_projects`). ``spec_text``: the spec file as read (default: the spec as
    docgen writes it); ``contract``: :func:`docgen.emit.render_contract`'s files when the
    caller has them already (the tests take them from the committed ``generated/<name>/``,
    which the golden tests hold to the code). Raises :class:`ScaffoldError` when the spec
    cannot be a tap."""
    if not conn.name.isascii():
        raise ScaffoldError(
            f"{conn.name}: a distribution and its console script need an ASCII name "
            "(PEP 508); rename the spec's connector"
        )
    folder, package = project_names(conn.name)
    contract = render_contract(conn) if contract is None else contract
    catalog = json.loads(contract["catalog.json"])
    config_schema = json.loads(contract["config.schema.json"])
    if VALIDATE_RECORDS in config_schema.get("properties", {}):
        raise ScaffoldError(
            f"{conn.name}: the docs state a connection property named {VALIDATE_RECORDS!r}, "
            "the setting the tap's record checks take: it would hide one of them"
        )
    entries: list[dict[str, Any]] = catalog["streams"]
    tables = {t.name: t for t in unique_tables(conn)}
    pascal = "".join(p[:1].upper() + p[1:] for p in conn.name.split("_") if p)
    tap_class = f"Tap{pascal}"
    classes = Names(
        {tap_class, "DocgenStream", "FILL_IN", "Any", "Auth", "BaseAPIPaginator", "STREAM_TYPES"},
        numbered=True,
    )
    # a class name may not start with a digit (_3plcentral): the tap's prefix then
    base_class = classes.get(f"{pascal if pascal[:1].isalpha() else tap_class}Stream")
    tests = Names({"assert_stream_matches_docs"})
    streams = [
        _stream_class(entry, tables[entry["stream"]], base_class, classes, tests)
        for entry in entries
    ]
    secret = next(
        (n for n, p in config_schema.get("properties", {}).items() if p.get("writeOnly")), None
    )
    values: dict[str, Any] = {
        "connector": conn.name,
        "folder": folder,
        "package": package,
        "tap_class": tap_class,
        "base_class": base_class,
        "display": doc_text(" ".join(conn.display_name.split())),
        "display_md": _md(conn.display_name),
        "version_md": _md(conn.version or ""),
        "streams": streams,
        "stream_names": [lit(s.table) for s in streams],
        "secret": lit(secret) if secret is not None else None,
        "sources_md": [_md(s.page) for s in conn.sources],
    }
    notes = _notes(conn, entries, config_schema)
    person = {
        "pyproject.toml": render_template(
            "scaffold/pyproject.toml.j2",
            description=toml_str(
                f"Singer tap for {' '.join(conn.display_name.split())}, built with the Meltano "
                "Singer SDK from the Stitch documentation"
            ),
            lint_rules=", ".join(f'"{r}"' for r in LINT_RULES),
            line_length=LINE_LENGTH,
            target=TARGET,
            singer_sdk=toml_str(SINGER_SDK),
            **values,
        ),
        "README.md": render_template(
            "scaffold/README.md.j2",
            rows=[_readme_row(s, tables[s.table]) for s in streams],
            notes=[_md(n) for n in notes],
            **values,
        ),
        "meltano.yml": render_template(
            "scaffold/meltano.yml.j2",
            label=yaml_str(" ".join(conn.display_name.split())),
            settings=meltano_settings(config_schema),
            required=[yaml_str(n) for n in config_schema.get("required", [])],
            **values,
        ),
        f"{package}/__init__.py": render_template("scaffold/package_init.py.j2", **values),
        f"{package}/tap.py": render_template("scaffold/tap.py.j2", **values),
        f"{package}/streams.py": render_template("scaffold/streams.py.j2", **values),
        "tests/__init__.py": "",
        "tests/test_core.py": render_template(
            "scaffold/test_core.py.j2",
            sample_config=py_value(sample_config(config_schema)),
            **values,
        ),
    }
    docs = {
        "connector": conn.name,
        "display_name": conn.display_name,
        "version": conn.version,
        "sources": [s.model_dump(exclude_none=True) for s in conn.sources],
        "streams": {e["stream"]: _table_docs(tables[e["stream"]]) for e in entries},
    }
    owned_dir = f"{package}/{OWNED_DIR}"
    owned = {f"{owned_dir}/{rel}": contract[rel] for rel in CONTRACT_FILES}
    owned[f"{owned_dir}/docs.json"] = json.dumps(docs, indent=2, ensure_ascii=False) + "\n"
    owned[f"{owned_dir}/spec.yaml"] = specio.dump(conn) if spec_text is None else spec_text
    owned[f"{owned_dir}/__init__.py"] = render_template("scaffold/docgen_init.py.j2", **values)
    person[STAMP] = stamp_text(conn)
    return Project(conn.name, folder, package, base_class, owned, person, streams, notes)


def with_manifest(project: Project) -> Project:
    """``project`` with ``_docgen/manifest.json``: the hash of every other file docgen owns
    (written last, from the formatted files)."""
    files = {
        rel.removeprefix(project.owned_dir + "/"): hashlib.sha256(text.encode()).hexdigest()
        for rel, text in sorted(project.owned.items())
        if not rel.endswith(f"/{MANIFEST}")
    }
    text = json.dumps({"files": files}, indent=1, sort_keys=True) + "\n"
    return replace(project, owned={**project.owned, f"{project.owned_dir}/{MANIFEST}": text})


def format_projects(projects: list[Project]) -> list[Project]:
    """Every project's Python (and each stream class on its own, as printed for a table a
    project has no class for) formatted in one ruff run, then the manifest added."""
    py: dict[str, str] = {}
    for n, project in enumerate(projects):
        for part in ("owned", "person"):
            for rel, text in getattr(project, part).items():
                if rel.endswith(".py"):
                    py[f"{n}/{part}/{rel}"] = text
        for k, cls in enumerate(project.classes):
            py[f"{n}/class/{k}.py"] = cls.text
    done = format_many(py, first_party=[project.package for project in projects])
    out = []
    for n, project in enumerate(projects):
        owned = {rel: done.get(f"{n}/owned/{rel}", text) for rel, text in project.owned.items()}
        person = {rel: done.get(f"{n}/person/{rel}", text) for rel, text in project.person.items()}
        classes = [
            replace(cls, text=done[f"{n}/class/{k}.py"]) for k, cls in enumerate(project.classes)
        ]
        formatted = replace(project, owned=owned, person=person, classes=classes)
        out.append(with_manifest(formatted))
    return out


# --------------------------------------------------------------------------- streams


def _stream_class(
    entry: dict[str, Any], table: Table, base: str, classes: Names, tests: Names
) -> StreamClass:
    """A table as a class of ``streams.py``: its docstring cites the description and the
    useful links; name, keys and method are the catalog's; the path is a place to fill in."""
    name = entry["stream"]
    cls = classes.get(class_name(name, "Table") + "Stream")
    test = tests.get("test_" + identifier(name, fallback="stream").strip("_"))
    method = entry.get("replication_method")
    doc = _class_doc(name, table)
    text = render_template(
        "scaffold/stream_class.py.j2",
        cls=cls,
        base=base,
        doc=doc,
        name=lit(name),
        primary_keys=lit(tuple(entry.get("key_properties", []))),
        replication_key=lit(entry.get("replication_key")),
        method=lit(method) if method else None,
    )
    return StreamClass(name, cls, test, text)


_LINK_LABELS = {"api": "API method", "schema": "Schema on GitHub", "docs": "Documentation"}


def _class_doc(name: str, table: Table) -> list[str]:
    """Docstring lines (indented for a class body, escaped) citing the table."""
    description = " ".join((table.description or "").split())
    lines = wrap(f"{name}: {description}" if description else f"{name}.", 84)
    links = [(_LINK_LABELS.get(link.kind, link.title), link.url) for link in table.links]
    if links:
        lines += ["", "Useful links (from the docs):", ""]
        for label, url in links:
            lines += [f"- {label}:", f"  {url}"]
    if table.link("api") is None:
        lines += ["", "The docs link no API method for this table."]
    body = [doc_text(line) for line in lines]
    return ['    """' + body[0], *[f"    {b}" if b else "" for b in body[1:]], '    """']


def _table_docs(table: Table) -> dict[str, Any]:
    return {
        "description": " ".join(table.description.split()) if table.description else None,
        "element": table.element,
        "links": [link.model_dump(exclude_none=True) for link in table.links],
    }


def _readme_row(stream: StreamClass, table: Table) -> dict[str, str]:
    api = table.link("api")
    return {
        "table": _md(stream.table),
        "cls": stream.class_name,
        "api": _md(api.url) if api is not None else "(none linked)",
    }


def _notes(conn: Connector, entries: list[dict[str, Any]], config: dict[str, Any]) -> list[str]:
    """What a spec without tables or without connection properties can and cannot give."""
    notes = []
    if not entries:
        read = (
            "no table reference was read" if conn.tables is None else "its table reference is empty"
        )
        notes.append(
            f"{conn.name}: {read}, so the tap has no streams: it gives the documented "
            f"settings ({len(config.get('properties', {}))} connection properties: "
            "config_jsonschema, --about, meltano.yml) but --discover prints an empty catalog "
            "and a sync emits nothing; add streams by hand, or scaffold a version of the "
            "connector whose spec has tables"
        )
    if not config.get("properties"):
        notes.append(
            f"{conn.name}: the docs state no connection properties, so the tap's only "
            f"setting is {VALIDATE_RECORDS}; add the settings your API needs to "
            "config_jsonschema(...) in tap.py"
        )
    return notes


# --------------------------------------------------------------------------- settings


def meltano_settings(config_schema: dict[str, Any]) -> list[dict[str, Any]]:
    """meltano.yml settings of the connection properties (JSON Schema of config.schema.json),
    then ``validate_records``, each value already a YAML scalar: ``sensitive`` for a secret
    (or an object holding one), ``kind`` from the type (``date_iso8601`` for dates,
    ``options`` for accepted values, ``boolean``, ``integer``, ``decimal``, ``email``,
    ``object``, ``array``, ``string``; none for several types), ``value`` for a default."""
    out = []
    properties: dict[str, Any] = config_schema.get("properties", {})
    for name, prop in properties.items():
        setting: dict[str, Any] = {"name": yaml_str(name)}
        kind = _kind(prop)
        if kind is not None:
            setting["kind"] = kind
        description = " ".join(str(prop.get("description") or "").split())
        if description:
            setting["description"] = yaml_str(description)
        if _secret(prop):
            setting["sensitive"] = "true"
        if "default" in prop:
            setting["value"] = yaml_value(prop["default"])
        if kind == "options":
            setting["options"] = [
                {"label": yaml_str(str(v)), "value": yaml_value(v)}
                for v in prop["enum"]
                if v is not None
            ]
        out.append(setting)
    out.append(
        {
            "name": yaml_str(VALIDATE_RECORDS),
            "kind": "options",
            "description": yaml_str(
                "What to do with a record the docs reject: strict stops the sync, warn logs "
                "every problem (stream, path, message) and emits the record, off checks nothing."
            ),
            "value": yaml_str("warn"),
            "options": [
                {"label": yaml_str(m), "value": yaml_str(m)} for m in ("strict", "warn", "off")
            ],
        }
    )
    return out


def _types(prop: dict[str, Any]) -> list[str]:
    types = prop.get("type", [])
    return [t for t in ([types] if isinstance(types, str) else types) if t != "null"]


def _kind(prop: dict[str, Any]) -> str | None:
    types = _types(prop)
    if any(v is not None for v in prop.get("enum", [])):
        return "options"
    if len(types) != 1:
        return None
    if types[0] == "string":
        fmt = prop.get("format")
        if fmt in ("date-time", "date"):
            return "date_iso8601"
        return "email" if fmt == "email" else "string"
    return {"boolean": "boolean", "integer": "integer", "number": "decimal"}.get(
        types[0], types[0] if types[0] in ("object", "array") else None
    )


def _secret(prop: Any) -> bool:
    """A secret, or an object or array that holds one (Meltano redacts the whole value)."""
    if not isinstance(prop, dict):
        return False
    if prop.get("writeOnly") is True:
        return True
    nested = list((prop.get("properties") or {}).values())
    if isinstance(prop.get("items"), dict):
        nested.append(prop["items"])
    return any(_secret(p) for p in nested)


def sample_config(config_schema: dict[str, Any]) -> dict[str, Any]:
    """A config the schema accepts: every required property with a sample value."""
    return _sample_object(config_schema)


def _sample_object(schema: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = schema.get("properties", {})
    return {name: _sample(properties[name]) for name in schema.get("required", [])}


def _sample(schema: dict[str, Any]) -> Any:
    if "default" in schema and schema["default"] is not None:
        return schema["default"]
    accepted = [v for v in schema.get("enum", []) if v is not None]
    if accepted:
        return accepted[0]
    types = _types(schema) or ["string"]
    kind = types[0]
    if kind == "object":
        return _sample_object(schema)
    if kind == "array":
        return []
    if kind == "integer":
        return 1
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return False
    value = _FORMAT_SAMPLES.get(schema.get("format") or "", "sample")
    pattern = schema.get("pattern")
    if pattern and re.search(pattern, value) is None:
        value = next((v for v in _FORMAT_SAMPLES.values() if re.search(pattern, v)), value)
    return value


# --------------------------------------------------------------------------- escaping


def py_value(value: Any) -> str:
    """A Python expression for a JSON value (dicts included)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{lit(k)}: {py_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(py_value(v) for v in value) + "]"
    return lit(value)


def _escape(text: str, short: dict[str, str], surrogate: str | None) -> str:
    """``text`` with ``short`` replacements, every character that is not printable (and
    DEL, the byte-order mark) as a ``\\u`` escape, and lone surrogates as ``surrogate``
    (None: escaped as themselves)."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in short:
            out.append(short[ch])
        elif 0xD800 <= code < 0xE000:
            out.append(surrogate if surrogate is not None else f"\\u{code:04X}")
        elif ch == " " or (ch.isprintable() and ch not in "\x7f\ufeff"):
            out.append(ch)
        else:
            out.append(f"\\u{code:04X}" if code < 0x10000 else f"\\U{code:08X}")
    return "".join(out)


_QUOTED = {'"': '\\"', "\\": "\\\\"}


def toml_str(text: str) -> str:
    """A TOML basic string: quotes and backslashes escaped, control characters as \\uXXXX,
    a lone surrogate (which TOML cannot hold) as U+FFFD."""
    return '"' + _escape(text, _QUOTED, "\\uFFFD") + '"'


def yaml_str(text: str) -> str:
    """A YAML double-quoted scalar: quotes, backslashes and every character YAML does not
    print (controls, surrogates, the byte-order mark) escaped."""
    return '"' + _escape(text, _QUOTED, None) + '"'


def yaml_value(value: Any) -> str:
    """A YAML flow value for a JSON value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ScaffoldError(f"no YAML value for {value!r}")
        return repr(value)
    if isinstance(value, str):
        return yaml_str(value)
    if isinstance(value, list):
        return "[" + ", ".join(yaml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{" + ", ".join(f"{yaml_str(str(k))}: {yaml_value(v)}" for k, v in value.items()) + "}"
        )
    raise ScaffoldError(f"no YAML value for {type(value).__name__}")


__all__ = [
    "OWNED_DIR",
    "STAMP",
    "Project",
    "ScaffoldError",
    "StreamClass",
    "format_projects",
    "meltano_settings",
    "project_names",
    "render_project",
    "sample_config",
    "stamp_text",
    "toml_str",
    "yaml_str",
]
