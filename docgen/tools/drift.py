"""``docgen drift CONNECTOR TAP``: the docs against the tap they describe.

Three steps, each a function the tests call:

1. :func:`read_tap` turns a TAP input into a neutral :class:`TapInput` (streams, their
   columns as dotted paths with JSON type sets, and the keys / method the tap states). A TAP
   is one of

   * a Singer catalog as a tap's ``--discover`` prints it (a JSON file with ``streams``);
   * a folder of JSON Schema files, one per stream (a tap's ``schemas/`` folder);
   * a tap's published sdist (``.tar.gz``, ``.tgz``, ``.tar``) or wheel (``.whl``, ``.zip``):
     its ``schemas/`` folder is read from inside the archive. Nothing is extracted, installed
     or executed; members with absolute paths or ``..`` parts, links and devices are ignored,
     and size limits (:data:`MAX_MEMBER_BYTES`, :data:`MAX_TOTAL_BYTES`, :data:`MAX_FILES`)
     guard against a huge or malicious archive.

   In a folder or an archive the streams are the ``.json`` files directly in ``schemas/``;
   ``$ref`` s to other files of the folder (``"shared/source.json#/"``) are resolved as the
   singer-io taps resolve them before they discover: relative to the ``schemas/`` folder (then
   to the referring file), the referenced object's keys replacing the ``$ref``.

2. :func:`compare` applies the rules (:data:`RULES`) to a :class:`~docgen.model.spec.Connector` and
   a :class:`TapInput` and returns a :class:`DriftReport`: the findings as values, each
   located on the docs side (page, element, table, column) and on the tap side (repository,
   stream, file, JSON path), and the summary counts.

3. :func:`render_text` / :func:`report_json` render the report. Only the CLI prints and
   picks the exit status (0 agree, 1 differ, 2 an input cannot be read).
"""

from __future__ import annotations

import json
import posixpath
import re
import tarfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from docgen.model.formats import DATE_FORMATS
from docgen.model.spec import TYPE_LABELS, Column, Connector, Table, identifier
from docgen.model.streams import Stream, renamed_keys, resolve
from docgen.model.words import plural

RULES = """\
Streams match docs tables by name, case-insensitive, with "-" and spaces read as "_".

Key properties, valid replication keys and the forced replication method are compared only
where the tap states them (catalog metadata, breadcrumb []; schema files state none). The docs'
keys are the Primary Key(s) / Replication Key(s) rows, or the key icons where a row is empty,
resolved as the generated catalog resolves them (a "Label (name)" column is the column name,
a key differing from its column only in case is that column); a key the page spells otherwise
than its column is a finding about the docs (key-named-differently). Keys compare as sets;
the docs' Append-Only Incremental method is INCREMENTAL in Singer terms.

Columns are compared as dotted paths (a.b.c) through object properties and array items, with
anyOf/oneOf branches merged.

Types are compared as sets of non-null JSON types, where a string with format date-time, date
or time counts as its own type and a string with format singer.decimal as a decimal ("varies",
or a schema that states no type, is "any"; labels docgen does not know are left out; a column
whose type one side does not state gets no verdict): same; compatible (they differ only by
integer vs number, or a decimal vs number or string); format-only (they differ only by a
date/time format on one side); different otherwise.

Every difference is a finding: exit 0 when docs and tap agree on everything compared, 1 when
they differ, 2 when an input cannot be read."""

MAX_MEMBER_BYTES = 16 * 1024 * 1024  # one schema file
MAX_TOTAL_BYTES = 256 * 1024 * 1024  # everything an archive holds (uncompressed)
MAX_FILES = 20_000  # members of an archive / files under a schemas folder
MAX_DEPTH = 200  # nesting of a schema ($refs included)
MAX_NODES = 2_000_000  # JSON values a stream's schema may expand to once its $refs are resolved

TapKind = Literal["catalog", "schemas", "archive"]
Verdict = Literal["same", "compatible", "format-only", "different"]

ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tar.xz", ".whl", ".zip")


class DriftInputError(Exception):
    """An input that cannot be read: one clear line per problem, gathered together."""

    def __init__(self, lines: list[str]):
        super().__init__("; ".join(lines))
        self.lines = lines


# --------------------------------------------------------------------------- the tap model


@dataclass
class TapColumn:
    path: str  # dotted: "a.b.c" (array items are transparent)
    types: frozenset[str]  # non-null type tokens: string, date-time, decimal, any, ...
    json_path: str  # where it was first found in the stream's schema: "$.properties.a"


@dataclass
class TapStream:
    name: str
    origin: str  # "schemas/contacts.json", "catalog streams[2]"
    columns: dict[str, TapColumn] = field(default_factory=dict)
    key_properties: list[str] | None = None  # None: the tap does not state them
    replication_keys: list[str] | None = None
    replication_method: str | None = None


@dataclass
class TapInput:
    source: str  # the TAP argument as given
    kind: TapKind
    where: str  # what was read: the catalog file, the folder, "archive!pkg/schemas"
    streams: list[TapStream]


# --------------------------------------------------------------------------- reading a TAP


def read_tap(path: Path) -> TapInput:
    """Read a catalog file, a schemas folder or an sdist/wheel into a :class:`TapInput`.

    Raises :class:`DriftInputError` (every problem found, one line each) when it cannot."""
    source = str(path)
    if not path.exists():
        raise DriftInputError([f"{source}: no such file or folder"])
    if path.is_dir():
        try:
            folder = _FolderFiles(path)
        except OSError as exc:
            raise DriftInputError([f"{source}: cannot be read ({exc.strerror or exc})"]) from None
        return TapInput(source, "schemas", source, _streams_from_files(folder, source))
    if not path.is_file():
        raise DriftInputError([f"{source}: not a regular file or folder"])
    if _is_archive(path):
        root, members = _archive_files(path)
        where = f"{source}!{root}"
        return TapInput(source, "archive", where, _streams_from_files(members, where))
    return TapInput(source, "catalog", source, _streams_from_catalog(path))


def _has_archive_suffix(path: Path) -> bool:
    return path.name.lower().endswith(ARCHIVE_SUFFIXES)


def _is_archive(path: Path) -> bool:
    if _has_archive_suffix(path):
        return True
    try:
        return zipfile.is_zipfile(path) or tarfile.is_tarfile(path)
    except OSError:
        return False


def _load_json(data: bytes, where: str) -> Any:
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise DriftInputError([f"{where}: not UTF-8 text"]) from None
    except json.JSONDecodeError as exc:
        raise DriftInputError(
            [f"{where}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"]
        ) from None
    except RecursionError:
        raise DriftInputError([f"{where}: JSON nested too deeply"]) from None


class _FolderFiles(Mapping[str, bytes]):
    """The JSON files of a schemas folder by posix path relative to it, read when asked for.

    Iterating gives the stream files (``*.json`` directly in the folder); other files (a
    ``shared/`` folder) are read only when a ``$ref`` names them, and never outside the folder.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.root = folder.resolve()
        names = []
        for i, p in enumerate(sorted(folder.iterdir())):
            if i >= MAX_FILES:
                raise DriftInputError([f"{folder}: more than {MAX_FILES} entries"])
            if p.suffix.lower() == ".json" and not p.name.startswith(".") and p.is_file():
                names.append(p.name)
        if not names:
            archives = sorted(p.name for p in folder.iterdir() if _has_archive_suffix(p))
            hint = (
                f"; it holds {', '.join(archives[:3])}: pass the archive itself"
                if archives
                else " (a tap's schemas/ holds one per stream)"
            )
            raise DriftInputError([f"{folder}: no .json schema files in the folder{hint}"])
        self.names = names
        self.total = 0

    def _path(self, rel: str) -> Path | None:
        safe = _safe_member(rel)
        if safe is None or not safe.lower().endswith(".json"):
            return None
        p = (self.folder / safe).resolve()
        if not p.is_relative_to(self.root) or not p.is_file():
            return None  # a link out of the folder is never followed
        return p

    def __contains__(self, rel: object) -> bool:
        return isinstance(rel, str) and self._path(rel) is not None

    def __getitem__(self, rel: str) -> bytes:
        p = self._path(rel)
        if p is None:
            raise KeyError(rel)
        try:
            size = p.stat().st_size
            if size > MAX_MEMBER_BYTES:
                raise DriftInputError(
                    [f"{self.folder}/{rel}: {size} bytes, more than a schema file may hold"]
                )
            self.total += size
            if self.total > MAX_TOTAL_BYTES:
                raise DriftInputError([f"{self.folder}: more than {MAX_TOTAL_BYTES} bytes of JSON"])
            return p.read_bytes()
        except OSError as exc:
            raise DriftInputError(
                [f"{self.folder}/{rel}: cannot be read ({exc.strerror or exc})"]
            ) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)


def _safe_member(name: str) -> str | None:
    """A member name as a relative posix path, or None when it must not be read."""
    name = name.replace("\\", "/")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return None
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return "/".join(parts)


def _archive_members(path: Path) -> dict[str, bytes]:
    """The ``.json`` members of an archive whose path has a ``schemas`` folder in it."""
    out: dict[str, bytes] = {}
    total = 0

    def take(name: str, size: int, read: Callable[[], bytes | None]) -> None:
        nonlocal total
        safe = _safe_member(name)
        if safe is None or not safe.lower().endswith(".json"):
            return
        parts = safe.split("/")
        if "schemas" not in parts[:-1] or parts[-1].startswith("."):
            return
        if size > MAX_MEMBER_BYTES:
            raise DriftInputError([f"{path}!{safe}: {size} bytes, more than a schema may hold"])
        data = read()
        if data is None:
            return
        if len(data) > MAX_MEMBER_BYTES:
            raise DriftInputError([f"{path}!{safe}: more than a schema file may hold"])
        total += len(data)  # a zip header may understate what a member unpacks to
        if total > MAX_TOTAL_BYTES:
            raise DriftInputError([f"{path}: unpacks to more than {MAX_TOTAL_BYTES} bytes"])
        out[safe] = data

    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as zf:
                infos = zf.infolist()
                if len(infos) > MAX_FILES:
                    raise DriftInputError([f"{path}: more than {MAX_FILES} members"])
                if sum(i.file_size for i in infos) > MAX_TOTAL_BYTES:
                    raise DriftInputError([f"{path}: unpacks to more than {MAX_TOTAL_BYTES} bytes"])
                for info in infos:
                    if info.is_dir():
                        continue

                    def read_zip(info: zipfile.ZipInfo = info) -> bytes:
                        with zf.open(info) as fh:
                            return fh.read(MAX_MEMBER_BYTES + 1)

                    take(info.filename, info.file_size, read_zip)
        else:
            with tarfile.open(path, "r:*") as tf:
                count = 0
                unpacked = 0
                for member in tf:
                    count += 1
                    unpacked += member.size
                    if count > MAX_FILES:
                        raise DriftInputError([f"{path}: more than {MAX_FILES} members"])
                    if unpacked > MAX_TOTAL_BYTES:
                        raise DriftInputError(
                            [f"{path}: unpacks to more than {MAX_TOTAL_BYTES} bytes"]
                        )
                    if not member.isfile():  # links, devices, folders: never followed
                        continue

                    def read_tar(member: tarfile.TarInfo = member) -> bytes | None:
                        fh = tf.extractfile(member)
                        return None if fh is None else fh.read(MAX_MEMBER_BYTES + 1)

                    take(member.name, member.size, read_tar)
    except DriftInputError:
        raise
    except (tarfile.TarError, zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        why = (str(exc).splitlines() or [type(exc).__name__])[0].rstrip(":")
        raise DriftInputError([f"{path}: not a readable sdist or wheel ({why})"]) from None
    return out


def _archive_files(path: Path) -> tuple[str, dict[str, bytes]]:
    """The archive's schemas folder (path inside the archive) and its files by relative path."""
    members = _archive_members(path)
    folders: set[str] = set()
    for name in members:
        parts = name.split("/")
        for i in range(len(parts) - 1):
            if parts[i] == "schemas" and i == len(parts) - 2:
                folders.add("/".join(parts[: i + 1]))
    skip = {"test", "tests", "testing"}
    candidates = sorted(f for f in folders if not skip & set(f.split("/")))
    if not candidates:
        nested = sorted({p[p.index("schemas") + 1] for p in (n.split("/") for n in members)})
        if nested:
            raise DriftInputError(
                [
                    (
                        f"{path}: its schemas/ folder holds no JSON file directly, only the "
                        f"folders {', '.join(nested)} (the tap picks its streams' schemas in code)"
                    )
                ]
            )
        raise DriftInputError(
            [
                f"{path}: no schemas/ folder with JSON files in the archive"
                + " (the tap may build its schemas in code)"
            ]
        )
    depth = min(c.count("/") for c in candidates)
    top = [c for c in candidates if c.count("/") == depth]
    if len(top) > 1:
        raise DriftInputError([f"{path}: several schemas/ folders: {', '.join(top)}"])
    root = top[0]
    prefix = root + "/"
    files = {n[len(prefix) :]: data for n, data in members.items() if n.startswith(prefix)}
    return root, files


# --------------------------------------------------------------------------- $ref resolution


class _Resolver:
    """Resolves ``$ref`` s between the JSON files of one schemas folder, lazily parsed."""

    def __init__(self, files: Mapping[str, bytes], where: str):
        self.files = files
        self.where = where
        self.docs: dict[str, Any] = {}
        self.errors: list[str] = []
        self.nodes = 0  # values produced so far: $refs used many times can multiply a schema

    def loc(self, current: str) -> str:
        return self.where if current == "#" else f"{self.where}/{current}"

    def doc(self, rel: str) -> Any:
        if rel not in self.docs:
            self.docs[rel] = _load_json(self.files[rel], f"{self.where}/{rel}")
        return self.docs[rel]

    def _target(self, ref: str, current: str) -> tuple[str, str] | None:
        file_part, _, pointer = ref.partition("#")
        if not file_part:
            return current, pointer
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", file_part):
            return None  # a URL: never fetched
        tries = [
            file_part,  # singer-io: relative to schemas/ ("shared/source.json")
            posixpath.join(posixpath.dirname(current), file_part),  # relative to the referrer
            posixpath.join("shared", file_part),  # tap-facebook: shared/ files by bare name
        ]
        for t in tries:
            norm = posixpath.normpath(t)
            if norm.startswith(("../", "/")) or norm == "..":
                continue
            if norm in self.files:
                return norm, pointer
        if not pointer:  # tap-jira: a bare name of the stream file's own "definitions"
            doc = self.docs.get(current)
            for key in ("definitions", "$defs"):
                defs = doc.get(key) if isinstance(doc, dict) else None
                if isinstance(defs, dict) and file_part in defs:
                    escaped = file_part.replace("~", "~0").replace("/", "~1")
                    return current, f"/{key}/{escaped}"
        return None

    def resolve(self, node: Any, current: str) -> Any:
        """``node`` (the document ``current``) with every ``$ref`` in it replaced."""
        self.nodes = 0  # the budget is per stream
        return self._resolve(node, current, (), 0)

    def _resolve(
        self, node: Any, current: str, stack: tuple[tuple[str, str], ...], depth: int
    ) -> Any:
        if depth > MAX_DEPTH:
            self.errors.append(f"{self.loc(current)}: schema nested too deeply")
            return {}
        self.nodes += 1
        if self.nodes > MAX_NODES:
            if self.nodes == MAX_NODES + 1:
                self.errors.append(
                    f"{self.loc(current)}: its $refs expand to more than {MAX_NODES} values"
                )
            return {}
        if isinstance(node, list):
            return [self._resolve(v, current, stack, depth + 1) for v in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        out = {
            k: self._resolve(v, current, stack, depth + 1) for k, v in node.items() if k != "$ref"
        }
        if ref is None:
            return out
        if not isinstance(ref, str):
            self.errors.append(f"{self.loc(current)}: $ref {ref!r} is not a string")
            return out
        target = self._target(ref, current)
        if target is None:
            where = "of the schemas folder" if current != "#" else "(a catalog is one document)"
            self.errors.append(f"{self.loc(current)}: $ref {ref!r} names no file {where}")
            return out
        if target in stack:
            self.errors.append(f"{self.loc(current)}: $ref {ref!r} refers to itself")
            return out
        rel, pointer = target
        try:
            doc = self.doc(rel)
        except DriftInputError as exc:
            self.errors.extend(exc.lines)
            return out
        found = _pointer(doc, pointer)
        if found is None:
            self.errors.append(f"{self.loc(current)}: $ref {ref!r}: no such place in {rel}")
            return out
        resolved = self._resolve(found, rel, (*stack, target), depth + 1)
        if isinstance(resolved, dict):
            out.update(resolved)  # as singer.resolve_schema_references: the target's keys win
            return out
        self.errors.append(f"{self.loc(current)}: $ref {ref!r} is not a schema object")
        return out


def _pointer(doc: Any, pointer: str) -> Any:
    """The node at a JSON pointer ("" and "/" are the whole document), or None."""
    tokens = [t for t in pointer.strip("/").split("/")] if pointer.strip("/") else []
    node = doc
    for raw in tokens:
        tok = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and tok in node:
            node = node[tok]
        elif isinstance(node, list) and tok.isdigit() and int(tok) < len(node):
            node = node[int(tok)]
        else:
            return None
    return node


# --------------------------------------------------------------------------- streams


def stream_key(name: str) -> str:
    """The matching key of a stream or table name (rule 1)."""
    return re.sub(r"[-\s]", "_", name.strip()).lower()


def _streams_from_files(files: Mapping[str, bytes], where: str) -> list[TapStream]:
    resolver = _Resolver(files, where)
    streams: list[TapStream] = []
    errors: list[str] = []
    for rel in sorted(f for f in files if "/" not in f):
        try:
            schema = resolver.doc(rel)
        except DriftInputError as exc:
            errors.extend(exc.lines)
            continue
        resolved = resolver.resolve(schema, rel)
        if _looks_like_entry(resolved):  # tap-marketo: a file holds a catalog entry
            stream = TapStream(name=rel[: -len(".json")], origin=rel)
            stream.columns = schema_columns(resolved["schema"])
            _catalog_keys(resolved, stream, f"{where}/{rel}", errors)
            streams.append(stream)
            continue
        if not _looks_like_schema(resolved):
            errors.append(
                f'{where}/{rel}: not a stream\'s JSON Schema (an object with "type" or '
                '"properties")'
            )
            continue
        streams.append(
            TapStream(name=rel[: -len(".json")], origin=rel, columns=schema_columns(resolved))
        )
    errors.extend(resolver.errors)
    if errors:
        raise DriftInputError(list(dict.fromkeys(errors)))
    if not streams:
        raise DriftInputError([f"{where}: no stream schema files"])
    return streams


def _looks_like_entry(node: Any) -> bool:
    return (
        isinstance(node, dict)
        and isinstance(node.get("schema"), dict)
        and isinstance(node.get("stream") or node.get("tap_stream_id"), str)
        and not _looks_like_schema(node)
    )


def _looks_like_schema(node: Any) -> bool:
    return isinstance(node, dict) and any(
        k in node for k in ("type", "properties", "anyOf", "oneOf")
    )


def _streams_from_catalog(path: Path) -> list[TapStream]:
    try:
        size = path.stat().st_size
        if size > MAX_TOTAL_BYTES:
            raise DriftInputError([f"{path}: {size} bytes, too large for a catalog"])
        data = _load_json(path.read_bytes(), f"{path} (not a Singer catalog)")
    except OSError as exc:
        raise DriftInputError([f"{path}: cannot be read ({exc.strerror or exc})"]) from None
    if not isinstance(data, dict) or not isinstance(data.get("streams"), list):
        raise DriftInputError(
            [f'{path}: not a Singer catalog (no "streams" list; a tap\'s --discover prints one)']
        )
    streams: list[TapStream] = []
    errors: list[str] = []
    for i, entry in enumerate(data["streams"]):
        where = f"{path}: streams[{i}]"
        if not isinstance(entry, dict):
            errors.append(f"{where}: not an object")
            continue
        name = entry.get("stream") or entry.get("tap_stream_id")
        schema = entry.get("schema")
        if not isinstance(name, str) or not name:
            errors.append(f'{where}: no stream name ("stream" or "tap_stream_id")')
            continue
        if not isinstance(schema, dict):
            errors.append(f"{where} ({name}): no schema object")
            continue
        resolver = _Resolver({}, where)  # a catalog's schema may refer only to itself
        resolver.docs["#"] = schema
        resolved = resolver.resolve(schema, "#")
        errors.extend(resolver.errors)
        stream = TapStream(name=name, origin=f"catalog streams[{i}]", columns={})
        if isinstance(resolved, dict):
            stream.columns = schema_columns(resolved)
        _catalog_keys(entry, stream, where, errors)
        streams.append(stream)
    if errors:
        raise DriftInputError(list(dict.fromkeys(errors)))
    return streams


def _str_list(value: Any) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    return None


def _catalog_keys(entry: dict[str, Any], stream: TapStream, where: str, errors: list[str]) -> None:
    """What the tap states: metadata at breadcrumb [], else the stream's own fields."""
    top: dict[str, Any] = {}
    metadata = entry.get("metadata", [])
    if isinstance(metadata, list):
        for m in metadata:
            if (
                isinstance(m, dict)
                and m.get("breadcrumb") == []
                and isinstance(m.get("metadata"), dict)
            ):
                top = m["metadata"]
                break
    pairs = (
        ("key_properties", "table-key-properties", "key_properties"),
        ("replication_keys", "valid-replication-keys", "replication_key"),
    )
    for attr, meta_key, entry_key in pairs:
        raw = top.get(meta_key, entry.get(entry_key))
        if raw is None:
            continue
        value = _str_list(raw)
        if value is None:
            errors.append(f"{where}: {meta_key} is not a list of names: {raw!r}")
        setattr(stream, attr, value)
    method = top.get("forced-replication-method", entry.get("replication_method"))
    if isinstance(method, dict):  # some taps state {"replication-method": ...}
        method = method.get("replication-method") or method.get("replication_method")
    if method is not None:
        if isinstance(method, str) and method.strip():
            stream.replication_method = method.strip().upper()
        else:
            errors.append(f"{where}: forced-replication-method is not a name: {method!r}")


# --------------------------------------------------------------------------- schema columns


def schema_tokens(node: Any) -> frozenset[str]:
    """The non-null type tokens of a schema node, anyOf/oneOf branches merged (rule 4)."""
    if not isinstance(node, dict):
        return frozenset({"any"})
    tokens: set[str] = set()
    raw = node.get("type")
    types = (
        [raw]
        if isinstance(raw, str)
        else [t for t in raw if isinstance(t, str)]
        if isinstance(raw, list)
        else []
    )
    fmt = node.get("format")
    for t in types:
        if t == "null":
            continue
        if t == "string" and fmt in DATE_FORMATS:
            tokens.add(str(fmt))
        elif t == "string" and fmt == "singer.decimal":
            tokens.add("decimal")
        else:
            tokens.add(t)
    branches = [b for key in ("anyOf", "oneOf") for b in _branches(node, key)]
    for b in branches:
        tokens |= schema_tokens(b)
    if raw is None and not branches:
        if "properties" in node:
            tokens.add("object")
        elif "items" in node:
            tokens.add("array")
        else:
            tokens.add("any")
    return frozenset(tokens)


def _branches(node: dict[str, Any], key: str) -> list[Any]:
    value = node.get(key)
    return list(value) if isinstance(value, list) else []


def _jp(base: str, name: str) -> str:
    return (
        f"{base}.{name}"
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name)
        else f"{base}[{json.dumps(name)}]"
    )


def _property_sets(node: Any, jp: str, depth: int = 0) -> Iterator[tuple[dict[str, Any], str]]:
    """Every ``properties`` object reachable from a node without naming a column: the node's
    own, its anyOf/oneOf branches', and (recursively) its array items'."""
    if not isinstance(node, dict) or depth > MAX_DEPTH:
        return
    props = node.get("properties")
    if isinstance(props, dict):
        yield props, _jp(jp, "properties")
    for key in ("anyOf", "oneOf"):
        for i, b in enumerate(_branches(node, key)):
            yield from _property_sets(b, f"{jp}.{key}[{i}]", depth + 1)
    items = node.get("items")
    if isinstance(items, dict):
        yield from _property_sets(items, f"{jp}.items", depth + 1)
    elif isinstance(items, list):
        for i, it in enumerate(items):
            yield from _property_sets(it, f"{jp}.items[{i}]", depth + 1)


def schema_columns(schema: dict[str, Any]) -> dict[str, TapColumn]:
    """Columns of a stream schema as dotted paths (rule 3), in schema order."""
    out: dict[str, TapColumn] = {}

    def walk(node: Any, prefix: str, jp: str, depth: int) -> None:
        if depth > MAX_DEPTH:
            return
        for props, props_jp in _property_sets(node, jp):
            for name, child in props.items():
                path = prefix + name
                child_jp = _jp(props_jp, name)
                tokens = schema_tokens(child)
                if path in out:
                    col = out[path]
                    col.types = col.types | tokens
                else:
                    out[path] = TapColumn(path, tokens, child_jp)
                walk(child, path + ".", child_jp, depth + 1)

    walk(schema, "", "$", 0)
    return out


# --------------------------------------------------------------------------- the docs side


def spec_repository(conn: Connector) -> str | None:
    """The tap's Singer GitHub repository ("owner/name") as the feature snapshot states it,
    or None."""
    return conn.features.repository if conn.features is not None else None


def tap_package(conn: Connector) -> tuple[str, str]:
    """(package name, where it came from) of the tap a spec describes: the repository's name
    when the docs state one, else ``tap-<connector name>`` without its ``_v<version>``
    suffix, ``_`` read as ``-``."""
    repo = spec_repository(conn)
    if repo:
        return repo.rsplit("/", 1)[-1], f"repository {repo}"
    name = conn.name
    if conn.version:
        suffix = f"_v{identifier(conn.version, fallback='x').lstrip('_')}"
        name = name.removesuffix(suffix)
    return "tap-" + name.replace("_", "-"), "fallback name (the spec records no repository)"


@dataclass
class DocsColumn:
    path: str
    types: frozenset[str] | None  # None: the docs state no type docgen knows
    element: str | None


def label_tokens(labels: Iterable[str]) -> frozenset[str] | None:
    """Docs type labels as type tokens; None when no label is one docgen knows."""
    tokens: set[str] = set()
    for label in labels:
        if label not in TYPE_LABELS:
            continue
        json_type, fmt = TYPE_LABELS[label]
        if json_type is None:
            tokens.add("any")
        elif fmt in DATE_FORMATS:
            tokens.add(str(fmt))
        elif fmt == "singer.decimal":
            tokens.add("decimal")
        else:
            tokens.add(json_type)
    return frozenset(tokens) if tokens else None


def docs_columns(table: Table) -> dict[str, DocsColumn]:
    out: dict[str, DocsColumn] = {}

    def walk(cols: Sequence[Column], prefix: str, element: str | None) -> None:
        for col in cols:
            path = prefix + col.name
            here = col.element or element
            if path not in out:  # a column listed twice: the first wins (lint reports it)
                out[path] = DocsColumn(path, label_tokens(col.types), here)
            walk(col.children, path + ".", here)

    walk(table.columns, "", table.element)
    return out


def docs_page(conn: Connector) -> str:
    """The table reference page of a spec (the integration page it was read from)."""
    pages = [s.page for s in conn.sources if s.page.startswith("integrations/")]
    if pages:
        return pages[0]
    return conn.sources[0].page if conn.sources else f"specs/{conn.name}.yaml"


# --------------------------------------------------------------------------- verdicts


#: The differences rule 4 calls compatible: integer vs number, a decimal vs number or string.
COMPATIBLE_PAIRS = frozenset(
    {
        frozenset({"integer", "number"}),
        frozenset({"decimal", "number"}),
        frozenset({"decimal", "string"}),
    }
)


def _pairs_up(one: frozenset[str], other: frozenset[str]) -> bool:
    """Every token of ``one`` has a compatible partner in ``other``."""
    return all(any(frozenset({a, b}) in COMPATIBLE_PAIRS for b in other) for a in one)


def _strip_formats(tokens: frozenset[str]) -> frozenset[str]:
    return frozenset("string" if t in DATE_FORMATS else t for t in tokens)


def type_verdict(docs: frozenset[str], tap: frozenset[str]) -> Verdict:
    """Rule 4: same, compatible, format-only or different."""
    if docs == tap:
        return "same"
    only_docs, only_tap = docs - tap, tap - docs
    if only_docs and only_tap and _pairs_up(only_docs, only_tap) and _pairs_up(only_tap, only_docs):
        return "compatible"
    if _strip_formats(docs) == tap or _strip_formats(tap) == docs:
        return "format-only"
    return "different"


def types_text(tokens: frozenset[str] | None) -> str:
    return "/".join(sorted(tokens)) if tokens else "(none)"


# --------------------------------------------------------------------------- the report

SUMMARY_KEYS = (
    "streams_matched",
    "streams_docs_only",
    "streams_tap_only",
    "keys_differ",
    "replication_keys_differ",
    "methods_differ",
    "columns_matched",
    "columns_docs_only",
    "columns_tap_only",
    "types_same",
    "types_compatible",
    "types_format_only",
    "types_different",
)


@dataclass(frozen=True)
class DocsLocation:
    page: str
    element: str | None = None
    table: str | None = None
    column: str | None = None

    def __str__(self) -> str:
        parts = [self.page + (f"#{self.element}" if self.element else "")]
        if self.table:
            parts.append(f"table {self.table}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)


@dataclass(frozen=True)
class TapLocation:
    repository: str | None
    stream: str
    file: str | None = None
    path: str | None = None  # JSON path in the stream's schema

    def __str__(self) -> str:
        head = f"{self.repository} " if self.repository else ""
        parts = [f"{head}stream {self.stream}"]
        if self.file:
            parts.append(self.file)
        if self.path:
            parts.append(self.path)
        return ", ".join(parts)


@dataclass(frozen=True)
class Finding:
    """One difference between the docs and the tap, located on both sides where it exists.

    ``kind``: stream-docs-only, stream-tap-only, keys-differ, replication-keys-differ,
    method-differs, column-docs-only, column-tap-only, type-conflict (with ``verdict``),
    key-named-differently (the page spells a key otherwise than its column: the docs only).
    ``docs`` / ``tap``: what each side states (a stream name, a key list, a method, a column's
    sorted type tokens; None where that side has nothing). ``nested``: for a column only on
    one side, how many paths below it are too (they get no finding of their own; the summary
    counts them)."""

    kind: str
    stream: str
    message: str
    docs: Any = None
    tap: Any = None
    column: str | None = None
    verdict: str | None = None
    nested: int = 0
    docs_location: DocsLocation | None = None
    tap_location: TapLocation | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "stream": self.stream,
            "column": self.column,
            "docs": self.docs,
            "tap": self.tap,
            "verdict": self.verdict,
            "nested": self.nested,
            "message": self.message,
            "docs_location": _loc_json(self.docs_location),
            "tap_location": _loc_json(self.tap_location),
        }
        return out


def _loc_json(loc: DocsLocation | TapLocation | None) -> dict[str, Any] | None:
    return None if loc is None else asdict(loc)


@dataclass
class StreamResult:
    """The comparison of one docs table with one tap stream (either may be missing)."""

    name: str
    table: Table | None
    stream: TapStream | None
    findings: list[Finding] = field(default_factory=list)
    columns_matched: int = 0


@dataclass
class DriftReport:
    connector: str
    tap: str
    tap_where: str
    tap_kind: TapKind
    repository: str | None
    page: str
    streams: list[StreamResult]
    summary: dict[str, int]

    @property
    def findings(self) -> list[Finding]:
        return [f for s in self.streams for f in s.findings]

    @property
    def agree(self) -> bool:
        return not self.findings


def _parent_location(
    docs_cols: dict[str, DocsColumn], path: str, table_loc: DocsLocation
) -> DocsLocation:
    """Where the docs would state a column they lack: its nearest documented parent column,
    else the table."""
    parts = path.split(".")
    for i in range(len(parts) - 1, 0, -1):
        parent = docs_cols.get(".".join(parts[:i]))
        if parent is not None:
            return DocsLocation(table_loc.page, parent.element, table_loc.table, parent.path)
    return table_loc


def _count_below(paths: Iterable[str], top: str) -> int:
    return sum(1 for p in paths if p.startswith(top + "."))


def _outermost(paths: list[str]) -> list[str]:
    """Paths none of whose ancestors is in the list, in order."""
    present = set(paths)
    out = []
    for p in paths:
        parts = p.split(".")
        if any(".".join(parts[:i]) in present for i in range(1, len(parts))):
            continue
        out.append(p)
    return out


def compare(conn: Connector, tap: TapInput) -> DriftReport:
    """Apply the rules (:data:`RULES`) to a spec and a tap."""
    if conn.tables is None:
        raise DriftInputError(
            [f"spec {conn.name}: no table reference was read, nothing to compare"]
        )
    repo = spec_repository(conn)
    page = docs_page(conn)
    summary = dict.fromkeys(SUMMARY_KEYS, 0)
    tap_by_key: dict[str, TapStream] = {}
    for s in tap.streams:
        tap_by_key.setdefault(stream_key(s.name), s)
    used: set[int] = set()
    results: list[StreamResult] = []
    seen_docs: set[str] = set()
    for table in conn.tables:
        key = stream_key(table.name)
        if key in seen_docs:
            continue  # a table listed twice: the first wins (lint reports it)
        seen_docs.add(key)
        stream = tap_by_key.get(key)
        result = StreamResult(table.name, table, stream)
        results.append(result)
        if stream is None:
            summary["streams_docs_only"] += 1
            result.findings.append(
                Finding(
                    "stream-docs-only",
                    table.name,
                    "documented table the tap has no stream for",
                    docs=table.name,
                    docs_location=DocsLocation(page, table.element, table.name),
                )
            )
            continue
        used.add(id(stream))
        summary["streams_matched"] += 1
        _compare_stream(result, resolve(table), table, stream, page, repo, summary)
    for s in sorted(tap.streams, key=lambda s: s.name):
        if id(s) in used:
            continue
        summary["streams_tap_only"] += 1
        results.append(
            StreamResult(
                s.name,
                None,
                s,
                [
                    Finding(
                        "stream-tap-only",
                        s.name,
                        "tap stream the docs do not document",
                        tap=s.name,
                        tap_location=TapLocation(repo, s.name, s.origin),
                    )
                ],
            )
        )
    return DriftReport(conn.name, tap.source, tap.where, tap.kind, repo, page, results, summary)


def _compare_stream(
    result: StreamResult,
    model: Stream,
    page_table: Table,
    stream: TapStream,
    page: str,
    repo: str | None,
    summary: dict[str, int],
) -> None:
    """``model``: the docs' stream as the generated catalog has it (docgen.model.streams);
    ``page_table``: the table as the page states it, for what the page spells otherwise."""
    table = model.table
    name = table.name
    table_loc = DocsLocation(page, table.element, name)
    stream_loc = TapLocation(repo, stream.name, stream.origin)
    for kind_word, stated, named in renamed_keys(model, page_table):
        result.findings.append(
            Finding(
                "key-named-differently",
                name,
                f"the page's {kind_word} {stated!r} is the column {named!r} "
                "(a spelling in the docs; compared as the column)",
                docs=stated,
                column=named,
                docs_location=table_loc,
            )
        )
    for attr, docs_keys, kind, counter, what in (
        (
            "key_properties",
            list(model.primary_keys),
            "keys-differ",
            "keys_differ",
            "key properties",
        ),
        (
            "replication_keys",
            list(model.replication_keys),
            "replication-keys-differ",
            "replication_keys_differ",
            "replication keys",
        ),
    ):
        tap_keys: list[str] | None = getattr(stream, attr)
        if tap_keys is None:
            continue
        if set(docs_keys) != set(tap_keys):
            summary[counter] += 1
            result.findings.append(
                Finding(
                    kind,
                    name,
                    f"{what} differ: docs {docs_keys or '(none)'}, tap {tap_keys or '(none)'}",
                    docs=docs_keys,
                    tap=tap_keys,
                    docs_location=table_loc,
                    tap_location=stream_loc,
                )
            )
    if stream.replication_method is not None:
        docs_method = table.replication_method
        singer = "INCREMENTAL" if docs_method == "APPEND_ONLY" else docs_method
        if singer != stream.replication_method:
            docs_said = table.replication_method_text or docs_method or "(none)"
            summary["methods_differ"] += 1
            result.findings.append(
                Finding(
                    "method-differs",
                    name,
                    f"replication method differs: docs {docs_said}, "
                    f"tap {stream.replication_method}",
                    docs=docs_method,
                    tap=stream.replication_method,
                    docs_location=table_loc,
                    tap_location=stream_loc,
                )
            )
    # the system keys the stream model adds are the loader's columns, not the page's: a
    # tap never sends them (fullstory's events: key __sdc_primary_key, no such column)
    docs_cols = {p: c for p, c in docs_columns(table).items() if p not in model.added}
    tap_cols = stream.columns
    docs_only = [p for p in docs_cols if p not in tap_cols]
    tap_only = [p for p in tap_cols if p not in docs_cols]
    summary["columns_docs_only"] += len(docs_only)
    summary["columns_tap_only"] += len(tap_only)
    for path in _outermost(docs_only):
        col = docs_cols[path]
        nested = _count_below(docs_only, path)
        result.findings.append(
            Finding(
                "column-docs-only",
                name,
                "documented column the tap's schema lacks"
                + (f" (and {nested} nested)" if nested else ""),
                docs=sorted(col.types) if col.types is not None else None,
                column=path,
                nested=nested,
                docs_location=DocsLocation(page, col.element, name, path),
                tap_location=stream_loc,
            )
        )
    for path in _outermost(tap_only):
        tcol = tap_cols[path]
        nested = _count_below(tap_only, path)
        result.findings.append(
            Finding(
                "column-tap-only",
                name,
                "tap column the docs do not document"
                + (f" (and {nested} nested)" if nested else ""),
                tap=sorted(tcol.types),
                column=path,
                nested=nested,
                docs_location=_parent_location(docs_cols, path, table_loc),
                tap_location=TapLocation(repo, stream.name, stream.origin, tcol.json_path),
            )
        )
    for path, dcol in docs_cols.items():
        tcol_m = tap_cols.get(path)
        if tcol_m is None:
            continue
        result.columns_matched += 1
        summary["columns_matched"] += 1
        if dcol.types is None or not tcol_m.types:
            continue  # a side that states no type: no verdict
        verdict = type_verdict(dcol.types, tcol_m.types)
        summary["types_" + verdict.replace("-", "_")] += 1
        if verdict == "same":
            continue
        result.findings.append(
            Finding(
                "type-conflict",
                name,
                f"types {verdict}: docs {types_text(dcol.types)}, tap {types_text(tcol_m.types)}",
                docs=sorted(dcol.types),
                tap=sorted(tcol_m.types),
                column=path,
                verdict=verdict,
                docs_location=DocsLocation(page, dcol.element, name, path),
                tap_location=TapLocation(repo, stream.name, stream.origin, tcol_m.json_path),
            )
        )


# --------------------------------------------------------------------------- entry points


def drift(connector: str, tap: Path, specs: Path) -> DriftReport:
    """Load the spec, read the tap, compare. Raises :class:`DriftInputError`."""
    from docgen.model import specio

    conn, _ = specio.load_named(connector, specs)  # InputError / SpecErrors: the CLI's line
    if conn.tables is None:
        others = specio.versions_with_tables(conn.name, specs)
        hint = f" (the versions with tables: {', '.join(others)})" if others else ""
        raise DriftInputError(
            [f"spec {conn.name}: no table reference was read, nothing to compare{hint}"]
        )
    return compare(conn, read_tap(tap))


def report_json(report: DriftReport) -> dict[str, Any]:
    return {
        "connector": report.connector,
        "tap": report.tap,
        "summary": dict(report.summary),
        "findings": [f.to_json() for f in report.findings],
    }


def render_json(report: DriftReport) -> str:
    return json.dumps(report_json(report), indent=2, ensure_ascii=False)


def render_text(report: DriftReport) -> list[str]:
    """The readable report: a header, one block per stream, the summary."""
    repo = report.repository or "not stated by the docs"
    lines = [
        f"docs: {report.connector} ({report.page})",
        f"tap:  {report.tap_where} ({report.tap_kind}); repository: {repo}",
    ]
    sections = (
        ("keys-differ", "keys"),
        ("replication-keys-differ", "replication keys"),
        ("method-differs", "method"),
        ("column-docs-only", "columns only in the docs"),
        ("column-tap-only", "columns only in the tap"),
        ("type-conflict", "type conflicts"),
    )
    for res in report.streams:
        if res.table is None:
            f = res.findings[0]
            lines.append(f"stream {res.name}: only in the tap  [tap: {f.tap_location}]")
            continue
        if res.stream is None:
            f = res.findings[0]
            lines.append(f"stream {res.name}: only in the docs  [docs: {f.docs_location}]")
            continue
        head = f"stream {res.name}"
        if res.stream.name != res.name:
            head += f" (tap: {res.stream.name})"
        if not res.findings:
            lines.append(f"{head}: agree ({plural(res.columns_matched, 'column')})")
            continue
        lines.append(
            f"{head}: {plural(len(res.findings), 'finding')}, "
            f"{plural(res.columns_matched, 'column')} matched"
        )
        for kind, title in sections:
            found = [f for f in res.findings if f.kind == kind]
            if not found:
                continue
            lines.append(f"  {title} ({len(found)}):")
            for f in found:
                what = f"{f.column}: {f.message}" if f.column else f.message
                lines.append(f"    {what}")
                lines.append(f"      docs: {f.docs_location}  |  tap: {f.tap_location}")
    s = report.summary
    lines.append(
        f"summary: streams {s['streams_matched']} matched, {s['streams_docs_only']} docs only, "
        f"{s['streams_tap_only']} tap only; keys differ {s['keys_differ']}, replication keys "
        f"differ {s['replication_keys_differ']}, methods differ {s['methods_differ']}; columns "
        f"{s['columns_matched']} matched, {s['columns_docs_only']} docs only, "
        f"{s['columns_tap_only']} tap only; types {s['types_same']} same, "
        f"{s['types_compatible']} compatible, {s['types_format_only']} format-only, "
        f"{s['types_different']} different"
    )
    counted = plural(len(report.findings), "finding")
    lines.append("docs and tap agree" if report.agree else counted)
    return lines


__all__ = [
    "RULES",
    "DriftInputError",
    "DriftReport",
    "Finding",
    "TapInput",
    "TapStream",
    "compare",
    "drift",
    "read_tap",
    "render_json",
    "render_text",
    "report_json",
    "schema_columns",
    "schema_tokens",
    "spec_repository",
    "tap_package",
    "type_verdict",
]
