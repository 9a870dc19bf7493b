"""``docgen scaffold CONNECTOR --out DIR``: make a tap project, or bring docgen's part of one
up to date with the docs (:mod:`docgen.emit.scaffold` renders the files; this module decides
what may be written, writes it and says what changed). Returns results; the CLI prints.

The rules, each the property it protects:

* **docgen never overwrites what it did not write.** ``DIR/tap-<name>`` is made only where
  nothing is (or an empty folder is); a folder that holds anything without docgen's stamp
  (``.docgen-scaffold``), or whose stamp names another connector or package, is refused.
* **A person's files are theirs.** On an existing project only ``tap_<name>/_docgen/`` is
  rewritten; ``tap.py``, ``streams.py``, ``tests/``, ``meltano.yml``, ``pyproject.toml`` and
  the README are never written again (not even when missing). A file a person put inside
  ``_docgen/`` is carried over and named; a hand edit of docgen's own files there is
  replaced and named (``manifest.json`` holds what docgen wrote).
* **No half-written project.** A new project is written into a temporary folder beside it
  and renamed into place; a new ``_docgen/`` is written beside the old one and the two are
  swapped by two renames with SIGINT/SIGTERM held off between them; leftovers of a run that
  was killed are removed by the next one. Files get the mode the umask gives.
* **The person is told what the docs changed.** The spec the last run used
  (``_docgen/spec.yaml``) is compared with this one by ``docgen diff``'s rules and printed
  in its words; the project's stream classes (read with :mod:`ast`, never imported) are
  compared with the docs' tables: a class whose table the docs no longer list, a table with
  no class (the class to add is printed) and a class that states other keys or another
  method than the docs are findings (exit 1).
* ``--dry-run`` says all of it and writes nothing.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import shutil
import signal
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.emit.scaffold import (
    MANIFEST,
    OWNED_DIR,
    STAMP,
    STAMP_FORMAT,
    Project,
    ScaffoldError,
    format_projects,
    render_project,
)
from docgen.inputs import InputError, writable_folder
from docgen.locks import folder_lock
from docgen.model import specio
from docgen.model.spec import Connector
from docgen.model.words import plural
from docgen.writes import kept_copy, umask

_NEW = ".docgen-new-"
_OLD = ".docgen-old-"


@dataclass(frozen=True)
class StreamClassInfo:
    """A stream class the project has, as its source states it (never imported)."""

    stream: str
    cls: str
    where: str  # file:line, relative to the project
    primary_keys: tuple[str, ...] | None  # None: not a literal
    replication_key: str | None
    replication_key_literal: bool
    method: str | None
    method_literal: bool


@dataclass
class ScaffoldResult:
    project: Path
    created: bool  # a new project (else docgen's part of an existing one)
    dry_run: bool = False
    written: list[str] = field(default_factory=list)  # paths relative to the project
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)  # docgen diff's lines since the last run
    findings: list[str] = field(default_factory=list)  # for a person to act on (exit 1)
    additions: list[tuple[str, str]] = field(default_factory=list)  # (table, class to add)
    notes: list[str] = field(default_factory=list)

    @property
    def needs_attention(self) -> bool:
        return bool(self.findings or self.additions)

    def lines(self) -> list[str]:
        """What to print on stdout: what was (or would be) written, the changes, the classes
        to add."""
        would = "would be " if self.dry_run else ""
        out: list[str] = []
        if self.created:
            verb = "would create" if self.dry_run else "created"
            out.append(f"{verb} {self.project} ({plural(len(self.written), 'file')})")
        else:
            out.append(
                f"{self.project}: {OWNED_DIR}/ {plural(len(self.written), 'file')} {would}written, "
                f"{len(self.unchanged)} unchanged, {len(self.removed)} {would}removed; "
                "your files untouched"
            )
        if self.changes:
            out.append("changes in the docs since the last scaffold (docgen diff):")
            out += [f"  {line}" for line in self.changes]
        for table, text in self.additions:
            out.append(f"class to add to streams.py for table {table!r} (and to STREAM_TYPES):")
            out += ["", *text.rstrip("\n").splitlines(), ""]
        return out


def load_connector(connector: str, specs: Path) -> tuple[Connector, str]:
    """CONNECTOR through the one lookup (:func:`docgen.model.specio.load_named`): the spec
    and its text, which the project's ``_docgen/spec.yaml`` keeps for the next run's report.
    Raises :class:`InputError` with one line."""
    conn, path = specio.load_named(connector, specs)
    return conn, path.read_text(encoding="utf-8")


def scaffold(
    connector: str,
    specs: Path,
    out: Path,
    *,
    dry_run: bool = False,
    on_wait: Callable[[str], None] | None = None,
) -> ScaffoldResult:
    """Make ``OUT/tap-<name>/`` for the connector, or rewrite its ``_docgen/`` (see the
    module's rules). Raises :class:`InputError` on bad input, with nothing written. A run
    that writes holds ``OUT``'s lock (:mod:`docgen.locks`; ``on_wait`` gets the line
    saying it waits) from reading the project to its last write, so two runs at once
    never stage into each other's folders."""
    conn, spec_text = load_connector(connector, specs)
    writable_folder(out, "--out", "tap projects")
    try:
        project = format_projects([render_project(conn, spec_text=spec_text)])[0]
    except ScaffoldError as exc:
        raise InputError(str(exc)) from None
    if dry_run:
        return _write_project(out, project, conn, dry_run)
    with folder_lock(out, "docgen scaffold", on_wait=on_wait, required=False):
        return _write_project(out, project, conn, dry_run)


def _write_project(out: Path, project: Project, conn: Connector, dry_run: bool) -> ScaffoldResult:
    target = out / project.folder
    existing = _existing(target, project)
    if existing is None:
        result = ScaffoldResult(target, created=True, dry_run=dry_run)
        result.written = sorted({**project.owned, **project.person})
        result.notes += project.notes
        if not dry_run:
            _guard(target, lambda: _create(out, target, project))
        return result
    result = ScaffoldResult(target, created=False, dry_run=dry_run)
    result.notes += project.notes
    _regenerate(target, project, conn, result)
    return result


def _existing(target: Path, project: Project) -> dict[str, Any] | None:
    """The stamp of the docgen project at ``target``, None where there is nothing (or an
    empty folder) to make one in; :class:`InputError` for anything else."""
    if not target.exists() and not target.is_symlink():
        return None
    if not target.is_dir() or target.is_symlink():
        raise InputError(
            f"{target}: exists and is not a folder; docgen writes a project there only where "
            "nothing is"
        )
    stamp_path = target / STAMP
    if not stamp_path.exists():
        try:
            empty = not any(target.iterdir())
        except OSError as exc:
            raise InputError(f"{target}: cannot be listed ({exc.strerror or exc})") from None
        if empty:
            return None
        raise InputError(
            f"{target}: holds files and no {STAMP} stamp: it is not a project docgen made, and "
            "docgen never overwrites one it did not write; choose another --out"
        )
    try:
        stamp = json.loads(stamp_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stamp = None
    if not isinstance(stamp, dict) or stamp.get("scaffold") != STAMP_FORMAT:
        raise InputError(f"{stamp_path}: not a docgen scaffold stamp docgen can read; refused")
    if stamp.get("connector") != project.connector or stamp.get("package") != project.package:
        raise InputError(
            f"{target}: docgen made it for connector {stamp.get('connector')!r} (package "
            f"{stamp.get('package')!r}), not {project.connector!r}; refused"
        )
    package = target / project.package
    if not package.is_dir():
        raise InputError(
            f"{package}: no such folder; the stamp says docgen's part lives in "
            f"{project.owned_dir}/ (a project whose package was renamed cannot be regenerated)"
        )
    owned = package / OWNED_DIR
    if owned.is_symlink() or (owned.exists() and not owned.is_dir()):
        raise InputError(
            f"{owned}: is not a folder; docgen's part of the project is a folder it owns"
        )
    return stamp


# --------------------------------------------------------------------------- writing


def _guard(target: Path, write: Any) -> None:
    try:
        write()
    except OSError as exc:
        raise InputError(f"{target}: cannot be written ({exc.strerror or exc})") from None


def _write_tree(root: Path, files: dict[str, str], strip: str = "") -> None:
    for rel, text in sorted(files.items()):
        specio.write_atomic(root / rel.removeprefix(strip), text.encode("utf-8"))


def _create(out: Path, target: Path, project: Project) -> None:
    """The whole project in a temporary folder beside ``target``, renamed into place."""
    out.mkdir(parents=True, exist_ok=True)
    _clean_leftovers(out, f".{project.folder}{_NEW}")
    tmp = Path(tempfile.mkdtemp(prefix=f".{project.folder}{_NEW}", dir=out))
    try:
        os.chmod(tmp, (0o777 & ~umask()))
        _write_tree(tmp, {**project.owned, **project.person})
        os.rename(tmp, target)  # onto nothing, or onto an empty folder
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _clean_leftovers(folder: Path, prefix: str) -> None:
    """Temporary folders a killed run of docgen left behind (named by docgen alone)."""
    for leftover in folder.glob(f"{prefix}*"):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)


@contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block is done (they are delivered after it)."""
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _swap(package: Path, wanted: dict[str, bytes]) -> None:
    """Replace ``package/_docgen`` by a folder holding exactly ``wanted``."""
    _clean_leftovers(package, _NEW)
    _clean_leftovers(package, _OLD)
    owned = package / OWNED_DIR
    new = Path(tempfile.mkdtemp(prefix=_NEW, dir=package))
    old = new.with_name(new.name.replace(_NEW, _OLD, 1))
    try:
        os.chmod(new, owned.stat().st_mode & 0o7777 if owned.is_dir() else (0o777 & ~umask()))
        for rel, data in sorted(wanted.items()):
            specio.write_atomic(new / rel, data)
        with _signals_held():
            if owned.exists():
                os.rename(owned, old)
            os.rename(new, owned)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)


# --------------------------------------------------------------------------- regeneration


def _regenerate(target: Path, project: Project, conn: Connector, result: ScaffoldResult) -> None:
    package = target / project.package
    owned_dir = package / OWNED_DIR
    prefix = project.owned_dir + "/"
    wanted = {rel.removeprefix(prefix): text.encode("utf-8") for rel, text in project.owned.items()}
    have = _files(owned_dir)
    manifest = _manifest(have.get(MANIFEST))
    for rel, data in sorted(have.items()):
        if rel in wanted or rel == MANIFEST:
            continue
        if rel in manifest:
            result.removed.append(prefix + rel)  # docgen made it; this run does not
        else:
            wanted[rel] = data
            result.findings.append(
                f"{prefix}{rel} is not docgen's (docgen owns {prefix}): kept; move it out of "
                f"{OWNED_DIR}/"
            )
    saved: dict[Path, bytes] = {}  # hand edits of docgen's files, kept before replacing

    def keep(rel: str, data: bytes) -> Path:
        copy, there = kept_copy(target, prefix + rel, data)
        if not there:
            saved[copy] = data
        return copy

    if not manifest:  # no record of what docgen wrote: any file replaced may be an edit
        for rel in sorted(wanted):
            current = have.get(rel)
            if current is not None and current != wanted[rel]:
                copy = keep(rel, current)
                result.notes.append(
                    f"{prefix}{rel}: no {prefix}{MANIFEST} tells a hand edit from an older "
                    f"docgen's file: replaced, the old version kept as "
                    f"{copy.relative_to(target)}"
                )
    for rel in sorted(manifest):
        current = have.get(rel)
        if current is not None and hashlib.sha256(current).hexdigest() != manifest[rel]:
            if wanted.get(rel) != current:
                copy = keep(rel, current)
                edited = f"replaced, your version kept as {copy.relative_to(target)}"
            else:
                edited = "kept (the docs give the same)"
            result.notes.append(
                f"{prefix}{rel} was edited by hand since docgen wrote it: {edited}; docgen "
                f"owns {prefix}, put your code in {project.package}/streams.py"
            )
    for rel, data in sorted(wanted.items()):
        (result.unchanged if have.get(rel) == data else result.written).append(prefix + rel)
    for rel in sorted(project.person):
        if rel != STAMP and not (target / rel).exists():
            result.notes.append(
                f"{rel} is missing: not written again (docgen writes your files only when it "
                "makes the project)"
            )
    _report(target, project, conn, have.get("spec.yaml"), result)
    if not result.dry_run and (result.written or result.removed):
        _guard(target, lambda: _save_edits(saved))
        _guard(target, lambda: _swap(package, wanted))


def _save_edits(saved: dict[Path, bytes]) -> None:
    for path, data in sorted(saved.items()):
        path.parent.mkdir(parents=True, exist_ok=True)
        specio.write_atomic(path, data)


def _files(folder: Path) -> dict[str, bytes]:
    """The files under ``folder`` (relative POSIX paths), compiled caches left out."""
    out: dict[str, bytes] = {}
    if not folder.is_dir():
        return out
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if "__pycache__" in rel.parts or not path.is_file():
            continue
        try:
            out[rel.as_posix()] = path.read_bytes()
        except OSError as exc:
            raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return out


def _manifest(data: bytes | None) -> dict[str, str]:
    try:
        files = json.loads(data or b"{}").get("files", {})
    except (ValueError, AttributeError):
        return {}
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


def _report(
    target: Path, project: Project, conn: Connector, old_spec: bytes | None, result: ScaffoldResult
) -> None:
    """What changed in the docs (docgen diff's words) and what the project's classes now
    miss or contradict."""
    from docgen.tools.diff import diff_connectors, render_text

    old: Connector | None = None
    if old_spec is None:
        result.notes.append(
            f"no {project.owned_dir}/spec.yaml from an earlier run: the changes in the docs "
            "cannot be listed"
        )
    else:
        try:
            old = specio.load_text(old_spec.decode("utf-8"), f"{project.owned_dir}/spec.yaml")
        except (specio.SpecError, UnicodeDecodeError) as exc:
            result.notes.append(f"the earlier spec could not be read ({exc}): changes not listed")
    if old is not None:
        changes = diff_connectors(old, conn)
        if changes:
            result.changes = render_text(changes)
    entries = {
        e["stream"]: e
        for e in json.loads(project.owned[f"{project.owned_dir}/catalog.json"])["streams"]
    }
    was_documented = {t.name for t in old.tables or []} if old is not None else None
    classes = _stream_classes(target / project.package, result)
    for name, info in classes.items():
        entry = entries.get(name)
        if entry is None:
            if was_documented is None or name in was_documented:
                result.findings.append(
                    f"stream {name!r} ({info.cls}, {info.where}): the docs no longer list table "
                    f"{name!r}; its schema is gone from {OWNED_DIR}/catalog.json, so the tap "
                    "stops at discovery until you remove the class (and its STREAM_TYPES entry) "
                    "or give it a schema of its own"
                )
            continue
        result.findings += _contradictions(info, entry)
    for stream in project.classes:
        if stream.table not in classes:
            result.additions.append((stream.table, stream.text))


def _contradictions(info: StreamClassInfo, entry: dict[str, Any]) -> list[str]:
    out = []
    where = f"{info.cls} ({info.where})"
    keys = tuple(entry.get("key_properties", []))
    if info.primary_keys is not None and info.primary_keys != keys:
        out.append(
            f"{where} states primary_keys {info.primary_keys!r}; the docs now state {keys!r}"
        )
    rk = entry.get("replication_key")
    if info.replication_key_literal and info.replication_key != rk:
        out.append(
            f"{where} states replication_key {info.replication_key!r}; the docs now state {rk!r}"
        )
    method = entry.get("replication_method")
    if info.method_literal and info.method != method:
        out.append(
            f"{where} states documented_method {info.method!r}; the docs now state {method!r}"
        )
    return out


def _stream_classes(package: Path, result: ScaffoldResult) -> dict[str, StreamClassInfo]:
    """The project's stream classes: every class with a literal ``name = "..."`` in the
    package's modules outside ``_docgen/`` (the first of each name)."""
    found: dict[str, StreamClassInfo] = {}
    root = package.parent
    for path in sorted(package.rglob("*.py")):
        rel = path.relative_to(root)
        if OWNED_DIR in rel.parts or any(p.startswith(".") for p in rel.parts):
            continue
        try:
            tree = ast.parse(path.read_bytes(), filename=str(rel))
        except (SyntaxError, ValueError, OSError) as exc:
            result.notes.append(
                f"{rel.as_posix()}: not read ({exc}); its stream classes are not compared"
            )
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                info = _class_info(node, rel.as_posix())
                if info is not None:
                    found.setdefault(info.stream, info)
    return found


def _class_info(node: ast.ClassDef, rel: str) -> StreamClassInfo | None:
    values: dict[str, ast.expr] = {}
    for stmt in node.body:
        if isinstance(stmt, ast.Assign):
            for target in stmt.targets:
                if isinstance(target, ast.Name):
                    values[target.id] = stmt.value
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value:
            values[stmt.target.id] = stmt.value
    name = _literal(values.get("name"))
    if not isinstance(name, str) or not _is_stream(node, values):
        return None
    # an attribute the class does not state is singer-sdk's default (no keys, None)
    keys = _literal(values.get("primary_keys")) if "primary_keys" in values else ()
    keys_ok = isinstance(keys, tuple | list) and all(isinstance(k, str) for k in keys)
    rk = _literal(values.get("replication_key"))
    method = _literal(values.get("documented_method"))
    return StreamClassInfo(
        stream=name,
        cls=node.name,
        where=f"{rel}:{node.lineno}",
        primary_keys=tuple(keys) if keys_ok else None,
        replication_key=rk if isinstance(rk, str) else None,
        replication_key_literal=rk is None or isinstance(rk, str),
        method=method if isinstance(method, str) else None,
        method_literal=method is None or isinstance(method, str),
    )


#: what only a stream class states (a Tap states a name too)
_STREAM_ATTRIBUTES = frozenset(
    {"path", "primary_keys", "replication_key", "documented_method", "schema", "url_base"}
)


def _is_stream(node: ast.ClassDef, values: dict[str, ast.expr]) -> bool:
    """A stream class: it states a stream's attributes or derives from a ``...Stream``."""
    bases = [b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in node.bases]
    return bool(_STREAM_ATTRIBUTES & set(values)) or any(b.endswith("Stream") for b in bases)


_NOT_LITERAL = object()


def _literal(node: ast.expr | None) -> Any:
    if node is None:
        return None
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return _NOT_LITERAL
