"""The pipeline as functions: parse pages, update specs/, build generated/.

The CLI calls these and so do the tests. Nothing here prints; results carry the lines to
show and the problems found, so every problem of every page is reported together.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from docgen.spec import Connector, Location, Page, Problem, PropertyPage, ReadError, TablePage

if TYPE_CHECKING:
    from docgen.destinations import DestinationPage, KeywordPage


@dataclass
class ParseResult:
    inputs: list[str]
    # None where the page could not be read (see problems)
    pages: list[Page | DestinationPage | KeywordPage | None]
    problems: list[Problem] = field(default_factory=list)


@dataclass
class ChangeResult:
    changes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def exit_code(problems: Iterable[Problem], *, strict: bool = False) -> int:
    problems = list(problems)
    if any(p.severity == "error" for p in problems):
        return 2
    if strict and problems:
        return 1
    return 0


def load_source(source: str) -> tuple[bytes, str]:
    """The bytes of a page given as a path or an http(s) URL, and its site path."""
    from docgen.readers import page_path

    if source.startswith(("http://", "https://")):
        from docgen.fetch import fetch

        data = fetch(source)
        return data, url_page_path(source)
    path = Path(source)
    return path.read_bytes(), page_path(path.name)


def url_page_path(url: str) -> str:
    """Site path of a page URL: https://www.stitchdata.com/docs/integrations/saas/x -> ..."""
    from urllib.parse import urlsplit

    path = urlsplit(url).path
    path = path.removeprefix("/docs/")
    path = path.strip("/") or "index"
    return path if path.endswith(".html") else path + ".html"


def parse_pages(sources: Sequence[str], *, progress: bool = False) -> ParseResult:
    """Read every page; a page that fails becomes an error problem, the rest go on.

    The cyclic garbage collector is paused meanwhile: page models are acyclic, and with
    hundreds of pages' models alive it would rescan them over and over (measured: ~15% of
    a whole-site parse)."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        return _parse_pages(sources, progress)
    finally:
        if enabled:
            gc.enable()


def _parse_pages(sources: Sequence[str], progress: bool) -> ParseResult:
    from docgen.readers import read_page

    result = ParseResult(inputs=list(sources), pages=[])
    for source in _progress(sources, progress):
        try:
            data, page = load_source(source)
        except (OSError, RuntimeError) as exc:
            result.pages.append(None)
            result.problems.append(
                Problem(
                    severity="error",
                    code="unreadable-page",
                    message=f"cannot read {source}: {exc}",
                    location=Location(page=source),
                )
            )
            continue
        try:
            parsed = read_page(data, page)
        except ReadError as exc:
            result.pages.append(None)
            result.problems.append(exc.problem)
            continue
        result.pages.append(parsed)
        result.problems.extend(parsed.problems)
    return result


def _progress(items: Sequence[str], enabled: bool) -> Iterable[str]:
    if not enabled or len(items) < 5:
        yield from items
        return
    from rich.console import Console
    from rich.progress import track

    # on stderr, so stdout stays the list of changes; rich shows nothing when not a tty
    console = Console(stderr=True)
    yield from track(items, description="reading pages", transient=True, console=console)


def render_parse(result: ParseResult, *, as_json: bool) -> list[str]:
    """Lines to print: one JSON object per input (``{}`` for an unreadable page) or a
    readable summary."""
    lines: list[str] = []
    for source, page in zip(result.inputs, result.pages, strict=True):
        if as_json:
            lines.append(json.dumps(page.contract() if page else {}, ensure_ascii=False))
        elif page is None:
            lines.append(f"{source}: unreadable (see errors)")
        elif isinstance(page, TablePage):
            cols = sum(_count_columns(t.columns) for t in page.tables)
            lines.append(
                f"{source}: {page.integration} v{page.version or '?'} ({page.layout}): "
                f"{len(page.tables)} tables, {cols} columns, {len(page.problems)} warnings"
            )
        elif isinstance(page, PropertyPage):
            props = sum(len(o.properties) + len(o.oauth) for o in page.objects)
            lines.append(
                f"{source}: property reference: {len(page.objects)} objects, {props} properties, "
                f"{len(page.problems)} warnings"
            )
        else:  # issue 16: destination reference and reserved keywords pages
            lines.append(f"{source}: {page.summary()}")
    return lines


def _count_columns(columns: Iterable) -> int:
    return sum(1 + _count_columns(c.children) for c in columns)


# --------------------------------------------------------------------------- update


@dataclass
class UpdateResult(ChangeResult):
    written: list[Path] = field(default_factory=list)


def update_specs(
    sources: Sequence[str], spec_dir: Path, *, progress: bool = True, prune: bool = False
) -> UpdateResult:
    """Parse pages and write specs/<name>.yaml for every connector they state.

    A spec that exists is refreshed only in what this run read: updating from the property
    page alone keeps the tables an earlier run read from the integration page, and the
    other way round. Specs of connectors this run did not read are left alone, unless
    ``prune`` (the run read every page, so a spec no page states is gone from the docs);
    nothing is pruned when a page could not be read.
    """
    from docgen import specio
    from docgen.assemble import assemble, same_connector

    parsed = parse_pages(sources, progress=progress)
    result = UpdateResult(problems=list(parsed.problems))
    pages = [p for p in parsed.pages if p is not None]
    _update_destinations(pages, spec_dir, result, prune=prune)  # issue 16
    assembled = assemble([p for p in pages if isinstance(p, TablePage | PropertyPage)])
    result.problems.extend(assembled.problems)
    for page in assembled.unmatched_pages:
        result.changes.append(f"note: {page} matches no connection property object (tables only)")
    existing, problems = specio.load_specs(spec_dir) if spec_dir.is_dir() else ([], [])
    result.problems.extend(problems)
    produced: set[Path] = set()
    for conn in assembled.connectors:
        # the spec this connector already has, under whatever name it was first given:
        # package names stay stable for the code that vendors them
        old = next((e for e in existing if same_connector(e, conn)), None)
        if old is None and (spec_dir / f"{conn.name}.yaml").exists():
            if conn.name not in {e.name for e in existing}:
                continue  # a spec that did not load (reported above) is never overwritten
            conn = _renamed(conn, {p.stem for p in spec_dir.glob("*.yaml")}, result)
        path = spec_dir / f"{(old or conn).name}.yaml"
        if old is not None:
            conn = merge(old, conn)
        produced.add(path)
        text = specio.dump(conn)
        if old is not None and path.read_text(encoding="utf-8") == text:
            continue
        specio.write_atomic(path, text.encode("utf-8"))
        result.written.append(path)
        result.changes.append(_describe_change(path, old, conn))
    if prune:
        _prune_specs(spec_dir, produced, result)
    return result


def _update_destinations(
    pages: list[Page | DestinationPage | KeywordPage],
    spec_dir: Path,
    result: UpdateResult,
    *,
    prune: bool,
) -> None:
    """Destination reference pages -> specs/destinations/ (issue 16; see
    :mod:`docgen.destinations`)."""
    from docgen.destinations import DestinationPage, KeywordPage, update_destinations

    dest = [p for p in pages if isinstance(p, DestinationPage)]
    keywords = [p for p in pages if isinstance(p, KeywordPage)]
    if not dest and not keywords:
        return
    failed = any(p.severity == "error" for p in result.problems)
    outcome = update_destinations(dest, keywords, spec_dir, prune=prune, failed=failed)
    result.changes.extend(outcome.changes)
    result.problems.extend(outcome.problems)


def _prune_specs(spec_dir: Path, produced: set[Path], result: UpdateResult) -> None:
    failed = sum(1 for p in result.problems if p.severity == "error")
    stale = sorted(p for p in spec_dir.glob("*.yaml") if p not in produced)
    if failed:
        if stale:
            result.changes.append(
                f"not pruning {len(stale)} spec(s): {failed} page(s) or spec(s) could not be read"
            )
        return
    for path in stale:
        path.unlink()
        result.changes.append(f"removed {path} (no page of this run states it)")


def _renamed(conn: Connector, taken: set[str], result: UpdateResult) -> Connector:
    """A new connector whose package name another connector's spec already has."""
    n = 2
    while f"{conn.name}_{n}" in taken:
        n += 1
    name = f"{conn.name}_{n}"
    result.problems.append(
        Problem(
            code="name-clash",
            message=f"specs/{conn.name}.yaml describes another connector; "
            f"{conn.display_name} is written as {name}.yaml",
            location=Location(page=conn.sources[0].page if conn.sources else name),
        )
    )
    return conn.model_copy(update={"name": name})


def merge(old: Connector, new: Connector) -> Connector:
    """``new`` with what this run did not read taken from ``old``."""
    update: dict[str, object] = {}
    if new.config is None and old.config is not None:
        update["config"] = old.config
        update["type"] = old.type
        update["kind"] = old.kind
        update["display_name"] = old.display_name
    if new.tables is None and old.tables is not None:
        update["tables"] = old.tables
        update["features"] = old.features
        update["layout"] = old.layout
        update["version"] = old.version
    if old.name != new.name:
        update["name"] = old.name
    if not update:
        return new
    pages = {(s.page, s.element or ""): s for s in [*old.sources, *new.sources]}
    update["sources"] = [pages[k] for k in sorted(pages)]
    kept = [p for p in old.problems if p.location.page not in {s.page for s in new.sources}]
    update["problems"] = kept + list(new.problems)
    return new.model_copy(update=update)


def _describe_change(path: Path, old: Connector | None, new: Connector) -> str:
    if old is None:
        tables = "no table reference" if new.tables is None else f"{len(new.tables)} tables"
        props = "no config" if new.config is None else f"{len(new.config.properties)} properties"
        return f"added {path} ({new.display_name}: {tables}, {props})"
    from docgen.diff import diff_connectors

    changes = diff_connectors(old, new)
    if not changes:
        return f"updated {path} (provenance or descriptions only)"
    breaking = sum(1 for c in changes if c.breaking)
    return f"updated {path}: {len(changes)} change(s), {breaking} breaking (see `docgen diff`)"


# --------------------------------------------------------------------------- build

MANIFEST = ".docgen-manifest.json"


@dataclass
class BuildResult(ChangeResult):
    rendered: list[str] = field(default_factory=list)  # connectors rendered (not skipped)


def generator_fingerprint() -> str:
    """Hash of everything that shapes generated code: docgen's emitters, the spec models,
    the templates and the versions of the code generators."""
    import hashlib
    from importlib import metadata

    import docgen

    h = hashlib.sha256()
    pkg = Path(docgen.__file__).parent
    for path in sorted([pkg / "spec.py", *(pkg / "emit").rglob("*.py")]):
        h.update(path.relative_to(pkg).as_posix().encode() + b"\0" + path.read_bytes())
    from docgen.emit.templates import TEMPLATE_DIR

    for path in sorted(TEMPLATE_DIR.rglob("*.j2")):
        if path.is_file():
            h.update(path.relative_to(TEMPLATE_DIR).as_posix().encode() + b"\0" + path.read_bytes())
    for dist in ("datamodel-code-generator", "ruff"):  # both pinned exactly
        try:
            h.update(f"{dist}={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:  # pragma: no cover
            pass
    return h.hexdigest()


def _sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def build(
    spec_dir: Path, out_dir: Path, *, check: bool = False, jobs: int | None = None
) -> BuildResult:
    """specs/ -> generated/. Renders everything in memory first; writes only files whose
    content changed, each through a temporary file and a rename; removes files it made
    before that are no longer produced; with ``check`` writes nothing and lists changes.

    The manifest (generated/.docgen-manifest.json) records, per connector, the hash of
    its spec file and of every file made from it, under a fingerprint of the generator.
    A connector whose spec file, generator and files on disk all match is neither loaded
    nor rendered again: that is what makes a no-change build cheap."""
    from docgen import emit, specio
    from docgen.parallel import pmap

    result = BuildResult()
    manifest = _read_manifest(out_dir)
    fingerprint = generator_fingerprint()
    old_entries: dict = (
        manifest.get("connectors", {}) if manifest.get("generator") == fingerprint else {}
    )
    by_file = {e.get("spec_file"): (name, e) for name, e in old_entries.items()}

    entries: dict[str, dict] = {}
    kept: set[str] = set()  # files of skipped connectors, verified unchanged on disk
    stale_specs: list[tuple[int, str, bytes, str]] = []  # (size, file name, bytes, hash)
    for path in specio.spec_files(spec_dir):
        try:
            raw = path.read_bytes()
        except OSError as exc:
            result.problems.append(specio.SpecError(str(path), str(exc)).problem)
            continue
        spec_hash = _sha(raw)
        name, entry = by_file.get(path.name, (None, None))
        if entry and entry.get("spec") == spec_hash and _files_match(out_dir, entry["files"]):
            entries[name] = entry
            kept.update(entry["files"])
        else:
            stale_specs.append((len(raw), str(path), raw, spec_hash))
    # Load and render in worker processes, biggest specs first; then format all at once.
    stale_specs.sort(key=lambda s: (-s[0], s[1]))
    outcomes = pmap(_load_and_render, [(where, raw) for _, where, raw, _ in stale_specs], jobs)
    packages: dict[str, dict[str, str]] = {}
    owner = {name: e["spec_file"] for name, e in entries.items()}
    for (_, where, _, spec_hash), outcome in zip(stale_specs, outcomes, strict=True):
        if isinstance(outcome, Problem):
            result.problems.append(outcome)
            continue
        name, row, files = outcome
        if name in owner:
            result.problems.append(
                specio.SpecError(
                    where, f"connector name {name!r} is also used by {owner[name]}"
                ).problem
            )
            continue
        owner[name] = Path(where).name
        packages[name] = files
        entries[name] = {"spec_file": Path(where).name, "spec": spec_hash, "index": row}
    if result.problems:
        return result  # never write from a partly loadable spec set

    wanted: dict[str, bytes] = {}  # path relative to out_dir -> content to have there
    for name, files in emit.format_packages(packages).items():
        result.rendered.append(name)
        encoded = {f"{name}/{rel}": text.encode("utf-8") for rel, text in files.items()}
        wanted.update(encoded)
        entries[name]["files"] = {rel: _sha(d) for rel, d in sorted(encoded.items())}
    rows = [entry["index"] for entry in entries.values()]
    for rel, text in sorted(emit.render_index(rows).items()):
        wanted[rel] = text.encode("utf-8")
    new_manifest = {"generator": fingerprint, "connectors": dict(sorted(entries.items()))}
    wanted[MANIFEST] = (json.dumps(new_manifest, indent=1, sort_keys=True) + "\n").encode()

    writes = []
    for rel, data in sorted(wanted.items()):
        path = out_dir / rel
        if path.exists() and path.read_bytes() == data:
            continue
        writes.append((path, data))
    removes = sorted(_stale_files(out_dir, manifest, set(wanted) | kept))
    for path, _ in writes:
        result.changes.append(f"{'would write' if check else 'wrote'} {path}")
    for path in removes:
        result.changes.append(f"{'would remove' if check else 'removed'} {path}")
    if check:
        # the manifest only records hashes; its own staleness is not a reason to fail
        result.changes = [c for c in result.changes if not c.endswith(MANIFEST)]
        return result
    for path, data in writes:
        specio.write_atomic(path, data)
    for path in removes:
        path.unlink()
        _prune_empty(path.parent, out_dir)
    return result


def _load_and_render(item: tuple[str, bytes]) -> tuple[str, dict, dict[str, str]] | Problem:
    """Worker: one spec file -> (connector name, README row, unformatted files), or the
    located problem that stops it loading."""
    from docgen import emit, specio

    where, raw = item
    try:
        conn = specio.load_text(raw.decode("utf-8"), where)
    except specio.SpecError as exc:
        return exc.problem
    except (UnicodeDecodeError, ValueError) as exc:
        return specio.SpecError(where, str(exc)).problem
    return conn.name, emit.index_row(conn), emit.render_unformatted(conn)


def _read_manifest(out_dir: Path) -> dict:
    try:
        return json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _files_match(out_dir: Path, files: dict[str, str]) -> bool:
    for rel, digest in files.items():
        try:
            if _sha((out_dir / rel).read_bytes()) != digest:
                return False
        except OSError:
            return False
    return True


def _stale_files(out_dir: Path, manifest: dict, wanted: set[str]) -> set[Path]:
    """Files an earlier build made (per its manifest) that this build does not produce."""
    stale = set()
    for entry in manifest.get("connectors", {}).values():
        for rel in entry.get("files", {}):
            if rel not in wanted and (out_dir / rel).exists():
                stale.add(out_dir / rel)
    return stale


def _prune_empty(folder: Path, root: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
