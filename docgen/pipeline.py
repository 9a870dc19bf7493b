"""The pipeline as functions: parse pages, update specs/, build generated/.

The CLI calls these and so do the tests. Nothing here prints; results carry the lines to
show and the problems found, so every problem of every page is reported together.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen import buildstamp
from docgen.model.spec import (
    Connector,
    Location,
    Problem,
    PropertyPage,
    Provenance,
    ReadError,
    TablePage,
)

if TYPE_CHECKING:
    from docgen.readers import PageModel
    from docgen.readers.stitch.address import Address
    from docgen.tools.fetch import FetchOptions
    from docgen.writes import Transaction


@dataclass
class ParseResult:
    inputs: list[str]
    # None where the page could not be read (see problems)
    pages: list[PageModel | None]  # the models the readers returned
    problems: list[Problem] = field(default_factory=list)
    errors: dict[int, Problem] = field(default_factory=dict)  # input index -> why it failed
    #: how each page read is known (input index -> address; see readers.stitch.address)
    addresses: dict[int, Address] = field(default_factory=dict)


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


def load_source(source: str, fetching: FetchOptions | None = None) -> tuple[bytes, str]:
    """The bytes of a page given as a path or an http(s) URL (fetched as ``fetching``
    says), and its site path."""
    from docgen.readers import page_path

    if source.startswith(("http://", "https://")):
        from docgen.tools.fetch import fetch_with

        data = fetch_with(source, fetching)
        return data, url_page_path(source)
    path = Path(source)
    return path.read_bytes(), page_path(path.name)


def url_page_path(url: str) -> str:
    """Site path of a page URL, as the page reader names pages (:func:`docgen.readers.
    stitch.address.site_path`: ``.../docs/integrations/saas/recharge/`` ->
    ``integrations/saas/recharge/index.html``); the site itself is ``index.html``."""
    from docgen.readers.stitch.address import site_path

    return site_path(url) or "index.html"


def parse_pages(
    sources: Sequence[str], *, progress: bool = False, fetching: FetchOptions | None = None
) -> ParseResult:
    """Read every page; a page that fails becomes an error problem, the rest go on.
    ``fetching``: how pages given as URLs are fetched (timeout, retries, retry lines).

    The cyclic garbage collector is paused meanwhile: page models are acyclic, and with
    hundreds of pages' models alive it would rescan them over and over (measured: ~15% of
    a whole-site parse)."""
    from docgen.readers import gc_paused

    with gc_paused():
        return _parse_pages(sources, progress, fetching)


def _parse_pages(
    sources: Sequence[str], progress: bool, fetching: FetchOptions | None
) -> ParseResult:
    from docgen.readers import read_page
    from docgen.readers.stitch.address import page_address

    result = ParseResult(inputs=list(sources), pages=[])
    for source in _progress(sources, progress):
        try:
            data, page = load_source(source, fetching)
        except (OSError, RuntimeError) as exc:
            from docgen.inputs import page_read_reason

            reason = page_read_reason(source, exc) if isinstance(exc, OSError) else str(exc)
            error = Problem(
                severity="error",
                code="unreadable-page",
                message=reason,
                location=Location(page=source),
            )
            result.errors[len(result.pages)] = error
            result.pages.append(None)
            result.problems.append(error)
            continue
        # a page is known by what it says (its address on the site), not by its file name
        address = page_address(data, page, fetched=source.startswith(("http://", "https://")))
        try:
            parsed = read_page(data, address.page)
        except ReadError as exc:
            # the page as the user named it (the site path of a file named README.md would
            # be README.md.html)
            where = exc.problem.location.model_copy(update={"page": source})
            error = exc.problem.model_copy(update={"location": where})
            result.errors[len(result.pages)] = error
            result.pages.append(None)
            result.problems.append(error)
            continue
        result.addresses[len(result.pages)] = address
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


def problem_json(problem: Problem) -> dict[str, object]:
    """A problem as JSON: severity, code, message and location (page, element, table,
    column, property; keys only where known). The one JSON shape of every warning and error
    docgen reports (``parse --json``, ``lint --json``)."""
    return problem.model_dump(mode="json", exclude_none=True)


def render_parse(result: ParseResult, *, as_json: bool) -> list[str]:
    """Lines to print: one JSON object per input or a readable summary.

    JSON: a page read is its contract (the corpus truth shape) plus ``"problems"``, its
    warnings as :func:`problem_json` objects; a page that failed is
    ``{"page": INPUT, "error": PROBLEM}``."""
    lines: list[str] = []
    for i, (source, page) in enumerate(zip(result.inputs, result.pages, strict=True)):
        if as_json:
            if page is None:
                doc: dict[str, object] = {"page": source, "error": problem_json(result.errors[i])}
            else:
                doc = page.contract()
                doc["problems"] = [problem_json(p) for p in page.problems]
            lines.append(json.dumps(doc, ensure_ascii=False))
        elif page is None:
            lines.append(f"{source}: unreadable (see errors)")
        else:
            lines.append(f"{source}: {page.summary()}")
    return lines


# --------------------------------------------------------------------------- update


@dataclass
class UpdateResult(ChangeResult):
    written: list[Path] = field(default_factory=list)
    changed: int = 0  # spec files written or removed (or that would be, with dry_run)
    unchanged: int = 0  # spec files of the folder this run left as they were
    failed: bool = False  # nothing written: a page or a spec could not be read
    dry_run: bool = False

    def summary(self) -> str:
        """The last line of every update: ``N specs changed, N unchanged, N warnings``."""
        from docgen.model.words import plural

        warnings = sum(1 for p in self.problems if p.severity == "warning")
        errors = len(self.problems) - warnings
        line = (
            f"{plural(self.changed, 'spec')} "
            f"{'would change' if self.failed or self.dry_run else 'changed'}, "
            f"{self.unchanged} unchanged, {plural(warnings, 'warning')}"
        )
        if errors:
            line += f", {plural(errors, 'error')}"
        return line + (": nothing written" if self.failed else "")


def update_specs(
    sources: Sequence[str],
    spec_dir: Path,
    *,
    progress: bool = True,
    prune: bool = False,
    dry_run: bool = False,
    force: bool = False,
    create: bool = True,
    fetching: FetchOptions | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> UpdateResult:
    """Parse pages and write specs/<name>.yaml for every connector they state.

    A spec that exists is refreshed only in what this run read: updating from the property
    page alone keeps the tables an earlier run read from the integration page, and the
    other way round. Specs of connectors this run did not read are left alone. With
    ``prune``, a spec no page of this run states is removed only when every page it was
    read from (its ``sources``) was among the inputs: the docs no longer state it. Any
    other spec is kept, and one note says how many and why (``update ONE_PAGE --prune``
    removes nothing else). Destination specs follow the same rule.
    A text copy never replaces what a spec read from the HTML page states (it lost accepted
    values, key icons and nested columns): that part is kept, with a warning, unless
    ``force``. Nothing is written when a page or a spec could not be read, nor with
    ``dry_run`` (the changes say what would be written or removed). With ``force``, a spec
    that does not load is replaced by what this run's pages state about its connector.

    ``spec_dir`` is created only when ``create`` (the user named it; its parent must exist):
    the default ``specs/`` missing means the run is outside a project.

    The pages are read first; then the spec folder's lock is taken (:mod:`docgen.locks`;
    ``on_wait`` gets the one line saying it waits) and the specs are read, merged and
    written under it, all or nothing (:class:`docgen.writes.Transaction`): a second update
    started meanwhile merges into what this one wrote, never into what it read before.

    Raises :class:`docgen.inputs.InputError` when ``spec_dir`` cannot be a folder, and
    :class:`docgen.writes.WriteError` when it cannot be written (nothing is)."""
    from docgen.inputs import InputError, writable_folder
    from docgen.locks import folder_lock
    from docgen.model import specio

    writable_folder(spec_dir, "--specs", "specs")
    if not spec_dir.is_dir():
        if not create:
            raise InputError(specio.NO_SPECS)
        if not spec_dir.parent.is_dir():
            raise InputError(
                f"--specs {spec_dir}: neither it nor its parent {spec_dir.parent} exists; "
                "docgen creates the spec folder itself, not the folders above it"
            )
    parsed = parse_pages(sources, progress=progress, fetching=fetching)
    new_folder = not spec_dir.is_dir()
    options = {"prune": prune, "dry_run": dry_run, "force": force, "new_folder": new_folder}
    if dry_run:
        return _update_from(parsed, spec_dir, **options)
    try:
        with folder_lock(spec_dir, "docgen update", on_wait=on_wait, required=False):
            return _update_from(parsed, spec_dir, **options)
    finally:
        if new_folder and spec_dir.is_dir() and not any(spec_dir.iterdir()):
            spec_dir.rmdir()  # the lock made it and nothing was written: leave no trace


def _update_from(
    parsed: ParseResult,
    spec_dir: Path,
    *,
    prune: bool,
    dry_run: bool,
    force: bool,
    new_folder: bool,
) -> UpdateResult:
    """The rest of :func:`update_specs`, once the pages are read (under the lock);
    ``new_folder``: the spec folder did not exist before this run."""
    from docgen.model import specio
    from docgen.model.destinations import DestinationPage, KeywordPage
    from docgen.readers.stitch.assemble import assemble, same_connector

    loaded = specio.load_folder(spec_dir, allow_empty=True) if not new_folder else None
    result = UpdateResult(problems=list(parsed.problems), dry_run=dry_run)
    existing = loaded.connectors if loaded is not None else []
    unloadable = {Path(p.location.page).name: p for p in (loaded.problems if loaded else [])}
    pages, by_file = _known_pages(parsed, existing, spec_dir, result)
    folders = {page: folder for page, folder in by_file.items() if folder}
    for read in pages:  # a plug-in reader's page models: parse and lint read them, update can't
        if not isinstance(read, TablePage | PropertyPage | DestinationPage | KeywordPage):
            result.problems.append(
                Problem(
                    code="no-spec-for-page",
                    message=f"{type(read).__name__} pages are read but not written to specs: "
                    "update knows connector and destination pages only",
                    location=Location(page=read.page),
                )
            )
    assembled = assemble(
        [p for p in pages if isinstance(p, TablePage | PropertyPage)], named_by_file=set(by_file)
    )
    result.problems.extend(assembled.problems)
    for page in assembled.unmatched_pages:
        result.changes.append(f"note: {page} matches no connection property object (tables only)")
    result.problems.extend(unloadable.values())
    produced: set[Path] = set()
    writes: list[tuple[Path, str]] = []
    for conn in assembled.connectors:
        # the spec this connector already has, under whatever name it was first given:
        # package names stay stable for the code that vendors them
        old = next((e for e in existing if same_connector(e, conn)), None)
        if old is None and (spec_dir / f"{conn.name}.yaml").exists():
            if conn.name not in {e.name for e in existing}:
                bad = unloadable.get(f"{conn.name}.yaml")
                if not force or bad is None or not _replace_unloadable(bad, conn, result):
                    continue  # a spec that did not load (reported above) is not overwritten
            else:
                conn = _renamed(conn, {p.stem for p in spec_dir.glob("*.yaml")}, result)
        path = spec_dir / f"{(old or conn).name}.yaml"
        if old is not None:
            if not force:
                conn = _keep_richer(old, conn, path, result)
            conn = merge(old, conn)
        produced.add(path)
        text = specio.dump(conn)
        if old is not None and path.read_text(encoding="utf-8") == text:
            continue
        writes.append((path, text))
        result.changes.append(_describe_change(path, old, conn, dry_run=dry_run))
        split = _version_split_note(conn, [*assembled.connectors, *existing])
        if split:
            result.changes.append(f"note: {path.name}: {split}")
    read_pages = {p.page for p in pages}
    kept: list[tuple[Path, list[str]]] = []
    removes = (
        _prune_specs(spec_dir, produced, existing, read_pages, kept, result, dry_run)
        if prune
        else []
    )
    dest_writes, dest_removes = _update_destinations(
        pages,
        spec_dir,
        result,
        prune=prune,
        dry_run=dry_run,
        force=force,
        read=read_pages,
        kept=kept,
        folders=folders,
    )
    writes += dest_writes
    removes += dest_removes
    if kept:
        result.changes.append(_kept_note(kept))
    result.changed = len(writes) + len(removes)
    touched = {path for path, _ in writes} | set(removes)
    before = [*specio.spec_files(spec_dir), *specio.spec_files(spec_dir / "destinations")]
    result.unchanged = sum(1 for path in before if path not in touched)
    failed = sum(1 for p in result.problems if p.severity == "error")
    if failed and (writes or removes):
        result.failed = True
        result.changes = []
        return result
    debris = _spec_leftovers(spec_dir)
    for path in debris:
        verb = "would remove" if dry_run else "removed"
        result.changes.append(f"{verb} {path} (left by an interrupted docgen run)")
    if dry_run:
        return result
    if new_folder and writes:
        result.changes.append(f"created {spec_dir}/ (named by --specs)")
    from docgen.writes import Transaction

    tx = Transaction(root=spec_dir)
    for path, text in writes:
        tx.write(path, text.encode("utf-8"))
    for path in [*removes, *debris]:
        tx.remove(path)
    tx.commit()
    result.written.extend(path for path, _ in writes)
    return result


def _known_pages(
    parsed: ParseResult, existing: list[Connector], spec_dir: Path, result: UpdateResult
) -> tuple[list[PageModel], dict[str, str | None]]:
    """The pages read, each under the address it states (see
    :mod:`docgen.readers.stitch.address`). A page that states none (a text copy), or only
    its folder, is the page a spec already records for what it does state: its integration
    and version, its connection property objects' type ids, its destination (one such page,
    in the folder it names). Failing that it keeps the address its file name gives, with a
    ``page-address-unstated`` warning; those addresses are returned apart (with the folder
    the page states, if any), so that a new spec is not named after a file name. A note
    says which file is which page when the two differ."""
    from docgen.model.destinations import Destination, load_destinations
    from docgen.readers import page_path

    destinations: list[Destination] | None = None  # read when a page needs them, once
    pages: list[PageModel] = []
    by_file: dict[str, str | None] = {}
    for i, (source, page) in enumerate(zip(parsed.inputs, parsed.pages, strict=True)):
        if page is None:
            continue
        address = parsed.addresses.get(i)
        if address is not None and not address.stated:
            if destinations is None:
                destinations = load_destinations(spec_dir)[0] if spec_dir.is_dir() else []
            recorded = _recorded_page(page, address.folder, existing, destinations)
            if recorded is not None:
                old = page.page
                page = _relocated(page, recorded)
                result.problems = [_moved(p, old, recorded) for p in result.problems]
            else:
                by_file[page.page] = address.folder
                folder = f" (only its folder, {address.folder})" if address.folder else ""
                result.problems.append(
                    Problem(
                        code="page-address-unstated",
                        message=f"the page does not state its address on the site{folder} "
                        f"and no spec records a page it could be: it is recorded as {page.page}, "
                        "from its file name (save the HTML page itself, or name the file "
                        "as its site path with / written as __)",
                        location=Location(page=source),
                    )
                )
        if source.startswith(("http://", "https://")):
            named = url_page_path(source)
        else:
            named = page_path(Path(source).name)
        if page.page != named and (address is None or address.stated):
            how = address.how if address is not None else "its content"
            result.changes.append(f"note: {source} is {page.page} (as its {how} states)")
        elif page.page != named:
            result.changes.append(f"note: {source} is {page.page} (the page a spec records)")
        pages.append(page)
    return pages, by_file


def _recorded_page(
    page: PageModel, folder: str | None, existing: list[Connector], destinations: list[Any]
) -> str | None:
    """The one page a spec records for what ``page`` states (None: none, or several)."""
    from docgen.model.destinations import DestinationPage, KeywordPage
    from docgen.readers.stitch.assemble import _key

    found: set[str] = set()
    if isinstance(page, TablePage):
        for conn in existing:
            if _key(conn.display_name) == _key(page.integration) and conn.version == page.version:
                found.update(s.page for s in conn.sources if s.element is None)
    elif isinstance(page, PropertyPage):
        types = {o.type for o in page.objects}
        for conn in existing:  # the page its property object was read from
            if conn.type in types:
                found.update(s.page for s in conn.sources if s.element is not None)
    elif isinstance(page, DestinationPage):
        for dest in destinations:
            if _key(dest.display_name) == _key(page.destination):
                found.update(s.page for s in dest.sources)
    elif isinstance(page, KeywordPage):
        for dest in destinations:
            if dest.reserved_keywords is not None:
                found.add(dest.reserved_keywords.page)
            if dest.reserved_keywords_ref:
                found.add(dest.reserved_keywords_ref.partition("#")[0])
    if folder is not None:
        found = {f for f in found if f.startswith(folder)}
    return found.pop() if len(found) == 1 else None


def _relocated(page: PageModel, address: str) -> PageModel:
    """``page`` known as ``address``: its own field and its problems' locations."""
    problems = [_moved(p, page.page, address) for p in page.problems]
    copy = getattr(page, "model_copy", None)
    if copy is None:  # a plug-in's page model: left as it is
        return page
    moved: PageModel = copy(update={"page": address, "problems": problems})
    return moved


def _moved(problem: Problem, old: str, new: str) -> Problem:
    """``problem`` located on page ``new`` where it was on ``old``."""
    if problem.location.page != old:
        return problem
    return problem.model_copy(
        update={"location": problem.location.model_copy(update={"page": new})}
    )


def _spec_leftovers(spec_dir: Path) -> list[Path]:
    """Temporary files a killed run left in the spec folder (see :mod:`docgen.writes`)."""
    from docgen.writes import leftovers

    folders = [spec_dir, spec_dir / "destinations"]
    return leftovers(folders, lambda _folder, name: name.endswith(".yaml"))


def _update_destinations(
    pages: list[PageModel],
    spec_dir: Path,
    result: UpdateResult,
    *,
    prune: bool,
    dry_run: bool,
    force: bool,
    read: set[str],
    kept: list[tuple[Path, list[str]]],
    folders: dict[str, str],
) -> tuple[list[tuple[Path, str]], list[Path]]:
    """Destination reference pages -> the specs/destinations/ files to write and remove
    (see :mod:`docgen.model.destinations`); written with the connector specs, all or nothing.
    Pruning follows the connector specs' rule (:func:`docgen.model.specio.unread_sources`)."""
    from docgen.model.destinations import DestinationPage, KeywordPage, update_destinations

    dest = [p for p in pages if isinstance(p, DestinationPage)]
    keywords = [p for p in pages if isinstance(p, KeywordPage)]
    if not dest and not keywords:
        return [], []
    outcome = update_destinations(
        dest,
        keywords,
        spec_dir,
        prune=prune,
        dry_run=dry_run,
        force=force,
        read=read,
        folders=folders,
    )
    result.changes.extend(outcome.changes)
    result.problems.extend(outcome.problems)
    kept.extend(outcome.kept)
    return outcome.writes, outcome.removes


def _prune_specs(
    spec_dir: Path,
    produced: set[Path],
    existing: list[Connector],
    read: set[str],
    kept: list[tuple[Path, list[str]]],
    result: UpdateResult,
    dry_run: bool,
) -> list[Path]:
    """The specs no page of this run states whose every source page this run read (to
    remove, each listed in the changes); the others go to ``kept`` with the pages of
    theirs the run did not read."""
    from docgen.model import specio

    by_name = {c.name: c for c in existing}
    verb = "would remove" if dry_run else "removed"
    stale: list[Path] = []
    for path in sorted(p for p in spec_dir.glob("*.yaml") if p not in produced):
        conn = by_name.get(path.stem)
        pages = [s.page for s in conn.sources] if conn is not None else []
        unread = specio.unread_sources(pages, read)
        if unread:
            kept.append((path, unread))
            continue
        stale.append(path)
        result.changes.append(f"{verb} {path} (its pages, all read, no longer state it)")
    return stale


def _kept_note(kept: list[tuple[Path, list[str]]]) -> str:
    """One line: the specs --prune kept and why (their pages were not all among the
    inputs), with the first as an example."""
    from docgen.model.words import plural

    path, unread = kept[0]
    more = f" and {len(unread) - 1} more" if len(unread) > 1 else ""
    specs = plural(len(kept), "spec")
    their = "its" if len(kept) == 1 else "their"  # "no page ... states": its subject is one
    return (
        f"note: --prune kept {specs} that no page of this run states, because "
        f"{their} own pages were not among the inputs (e.g. {path}: {unread[0]}{more}); "
        "a spec is removed only when every page it was read from is read again"
    )


def _from_text(element: str | None) -> bool:
    """Whether a provenance element is a line of a text copy (the text reader's locations)."""
    return element is not None and element.startswith("line ")


def _keep_richer(old: Connector, new: Connector, path: Path, result: UpdateResult) -> Connector:
    """``new`` without the parts a text copy read where ``old`` holds what the HTML page
    stated; each part kept is a warning naming what the copy would have lost."""
    update: dict[str, object] = {}
    kept: list[str] = []
    dropped: list[Provenance] = []  # the copy's sources of the parts not taken
    problems = list(new.problems)
    text_tables = new.tables is not None and new.layout == "text"
    if text_tables and old.tables is not None and old.layout not in (None, "text"):
        update.update(tables=None, layout=None)
        kept.append(f"the tables read from the {old.layout} HTML page (key icons, nested columns)")
        dropped += [s for s in new.sources if s.element is None]
        problems = [
            p for p in problems if not (_from_text(p.location.element) and p.location.table)
        ]
    text_config = new.config is not None and _from_text(new.config.element)
    if text_config and old.config is not None and not _from_text(old.config.element):
        update["config"] = None
        kept.append("the connection properties read from the HTML page (accepted values)")
        dropped += [s for s in new.sources if s.element is not None]
        problems = [
            p for p in problems if not (_from_text(p.location.element) and not p.location.table)
        ]
    if not kept:
        return new
    # the copy's sources and problems go with the parts not taken: a copy known as the same
    # page as the HTML one must not take that page's problems out of the spec
    update["sources"] = [s for s in new.sources if s not in dropped] or list(new.sources)
    update["problems"] = problems
    source = next((s.page for s in dropped), path.name)
    result.problems.append(
        Problem(
            code="richer-spec-kept",
            message=f"{path} keeps {' and '.join(kept)}: this text copy states less; "
            "pass --force to replace them",
            location=Location(page=source),
        )
    )
    rest = new.model_copy(update=update)
    return old if rest.config is None and rest.tables is None else rest


def _replace_unloadable(bad: Problem, conn: Connector, result: UpdateResult) -> bool:
    """``--force``: a spec that did not load is replaced by this run's reading of its pages
    (:func:`docgen.model.specio.replaced_by_force`: never a file docgen did not write);
    its error becomes a warning saying so, and naming the pages it recorded that this run
    did not read (what they stated is not in the new spec). Whether it is replaced."""
    from docgen.model import specio

    read = {specio.page_url(s.page) for s in conn.sources}
    missing = [p for p in specio.recorded_pages(Path(bad.location.page)) if p not in read]
    lost = f"; not read in this run, so not in it: {', '.join(missing)}" if missing else ""
    warning = specio.replaced_by_force(bad, lost)
    if warning is None:
        return False
    result.problems.remove(bad)
    result.problems.append(warning)
    return True


def _version_split_note(conn: Connector, others: Iterable[Connector]) -> str | None:
    """Why a connector has a spec of its own beside another of the same name: the page of
    an older version (the Connect API's property object describes the current one)."""
    if conn.version is None or conn.config is not None or "_v" not in conn.name:
        return None
    sibling = next(
        (
            o.name
            for o in others
            if o.name != conn.name and o.display_name.lower() == conn.display_name.lower()
        ),
        None,
    )
    if sibling is None:
        return None
    return (
        f"{conn.display_name} version {conn.version} is a separate spec from {sibling}.yaml: its "
        "page says it is not the latest version, and the Connect API's connection properties "
        "describe the latest, so its tables are not joined to them"
    )


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


def _describe_change(
    path: Path, old: Connector | None, new: Connector, *, dry_run: bool = False
) -> str:
    if old is None:
        from docgen.model.words import plural

        tables = "no table reference" if new.tables is None else plural(len(new.tables), "table")
        props = (
            "no config" if new.config is None else plural(len(new.config.properties), "property")
        )
        return (
            f"{'would add' if dry_run else 'added'} {path} ({new.display_name}: {tables}, {props})"
        )
    from docgen.tools.diff import diff_connectors

    verb = "would update" if dry_run else "updated"
    changes = diff_connectors(old, new)
    if not changes:
        return f"{verb} {path} (provenance or descriptions only)"
    breaking = sum(1 for c in changes if c.breaking)
    from docgen.model.words import plural

    return (
        f"{verb} {path}: {plural(len(changes), 'change')}, {breaking} breaking (see `docgen diff`)"
    )


# --------------------------------------------------------------------------- build

#: the build record, committed with generated/: per connector its spec file, the spec's hash
#: and the hashes of the files it gave; it changes only when a spec or an output file does
MANIFEST = ".docgen-manifest.json"
#: the generator that wrote them (:func:`generator_fingerprint`), not committed (git-ignored):
#: it changes with docgen's own code. Without it (a fresh clone) or with another one every
#: connector is rendered again; the manifest still says which packages an earlier build made.
#: Its time tells the next build which files it need not read again (docgen.buildstamp)
GENERATOR_STAMP = buildstamp.NAME


@dataclass
class BuildResult(ChangeResult):
    rendered: list[str] = field(default_factory=list)  # connectors rendered (not skipped)
    written: int = 0  # files written (or that would be, with check / dry_run)
    unchanged: int = 0  # files already as wanted
    removed: int = 0  # files removed (or that would be)
    removed_packages: list[str] = field(default_factory=list)  # their spec is gone
    #: packages of other spec folders in the same output, left as they were: folder -> count
    left_alone: dict[str, int] = field(default_factory=dict)
    #: packages this folder now gives that another folder's spec gave before: name -> folder
    taken_over: dict[str, str] = field(default_factory=dict)
    #: files edited by hand since docgen wrote them, replaced or removed by this build:
    #: (the file, where the edited version is kept), both relative to the output folder
    edited: list[tuple[str, str]] = field(default_factory=list)
    #: files the manifest does not record (someone's own, where a new package goes),
    #: replaced by this build: (the file, where it is kept)
    strangers: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self, *, dry_run: bool = False) -> str:
        """One line: what the build wrote, left and removed, how long it took, and what
        it left alone (packages other spec folders built into the same output)."""
        from docgen.model.words import plural

        would = "would be " if dry_run else ""
        line = (
            f"{plural(self.written, 'file')} {would}written, {self.unchanged} unchanged, "
            f"{self.removed} {would}removed"
        )
        if self.removed_packages:
            names = ", ".join(self.removed_packages)
            package = "package" if len(self.removed_packages) == 1 else "packages"
            their = "its spec is" if len(self.removed_packages) == 1 else "their specs are"
            line += f" ({package} {names}: {their} gone from the spec folder)"
        line += f" in {self.seconds:.1f} s"
        return line + self.others_note()

    def others_note(self) -> str:
        """What this build did to packages another spec folder made: left alone, or
        taken over (this folder now gives the same package name)."""
        from docgen.model.words import plural

        note = ""
        if self.taken_over:
            moved = ", ".join(f"{n} (before: {f})" for n, f in sorted(self.taken_over.items()))
            note += f"; now built from this spec folder: {moved}"
        if self.left_alone:
            count = sum(self.left_alone.values())
            where = ", ".join(sorted(self.left_alone))
            packages = plural(count, "package")
            note += f"; left alone: {packages} built from another spec folder ({where})"
        return note


def generator_fingerprint() -> str:
    """Hash of everything that shapes generated code: docgen's emitters, the spec models,
    the templates and the versions of the code generators."""
    import hashlib

    import docgen

    h = hashlib.sha256()
    pkg = Path(docgen.__file__).parent
    # specio.py: what a spec may be (a spec skipped as unchanged was checked by these rules);
    # fastyaml.py: what values its text holds
    model = [pkg / "model" / name for name in ("spec.py", "specio.py", "fastyaml.py")]
    for path in sorted([*model, *(pkg / "emit").rglob("*.py")]):
        h.update(path.relative_to(pkg).as_posix().encode() + b"\0" + path.read_bytes())
    from importlib.resources import files

    # docgen.emit.templates.TEMPLATE_DIR, found without importing the emitters and Jinja
    # (a build with nothing to render imports neither)
    template_dir = Path(str(files("docgen._templates")))
    for path in sorted(template_dir.rglob("*.j2")):
        if path.is_file():
            h.update(path.relative_to(template_dir).as_posix().encode() + b"\0" + path.read_bytes())
    for dist in ("datamodel-code-generator", "ruff"):  # both pinned exactly
        h.update(f"{dist}={_version(dist)}".encode())
    return h.hexdigest()


def _version(dist: str) -> str:
    """The installed version of ``dist`` ("" when not installed), read from its metadata
    file's ``Version:`` line (``importlib.metadata.version`` parses the whole file as an
    email message: most of a no-op build's time)."""
    import re
    from importlib import metadata

    try:
        text = metadata.distribution(dist).read_text("METADATA") or ""
    except metadata.PackageNotFoundError:  # pragma: no cover
        return ""
    found = re.search(r"^Version:[ \t]*(\S+)", text, re.MULTILINE)
    return found[1] if found else ""


def _sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def build(
    spec_dir: Path,
    out_dir: Path,
    *,
    check: bool = False,
    dry_run: bool = False,
    jobs: int | None = None,
    progress: bool = False,
    on_wait: Callable[[str], None] | None = None,
) -> BuildResult:
    """specs/ -> generated/. Renders everything in memory first; writes only files whose
    content changed, all or nothing (:class:`docgen.writes.Transaction`: the manifest
    last); removes files it made before that are no longer produced; with ``check``
    writes nothing and lists changes.

    The manifest (generated/.docgen-manifest.json) records, per connector, the spec folder
    it was built from (relative to ``out_dir``: the same in every clone, wherever the
    project is), its spec file, the hash of the spec and of every file made from it; the
    git-ignored stamp (:mod:`docgen.buildstamp`) the generator per spec folder. A connector
    whose spec file, generator and files on disk all match is neither loaded nor rendered
    again: that is what makes a no-change build cheap; files that did not change since the
    last build of the same folder started are not even read again.

    What a build may touch: the packages its spec folder gives. A package is removed only
    when its spec is gone from **the folder it was built from**; packages another folder
    built into the same ``out_dir`` are left as they are (and named in the summary), unless
    this folder now gives the same package name (then this folder's spec rebuilds it, and
    the summary says so). The run holds ``out_dir``'s lock (:mod:`docgen.locks`; ``on_wait``
    gets the one line saying it waits) and reads the specs under theirs, so a second build
    started meanwhile waits and then finds nothing left to do. Temporary files a killed
    run left in ``out_dir`` are removed (listed, with ``check``).

    ``spec_dir`` must be a folder holding specs and ``out_dir`` not a file (else
    :class:`docgen.inputs.InputError`); a folder that cannot be written raises
    :class:`docgen.writes.WriteError` with nothing changed. ``dry_run`` lists what would be
    written and removed and writes nothing; ``progress`` shows a bar on stderr when it is
    a terminal."""
    import time

    from docgen.inputs import writable_folder
    from docgen.locks import folder_lock
    from docgen.model import specio

    started = time.perf_counter()
    specio.spec_folder(spec_dir)
    writable_folder(out_dir, "--out", "generated code")
    if out_dir.resolve() == spec_dir.resolve() or (
        out_dir.is_dir() and out_dir.samefile(spec_dir)  # a bind mount, a case twin
    ):
        from docgen.inputs import InputError

        raise InputError(
            f"--out {out_dir}: is the spec folder; generated code goes in a folder of its own "
            "(default: generated)"
        )
    if check or dry_run:
        result = _build(spec_dir, out_dir, check, dry_run, jobs, progress, on_wait)
    else:
        # a folder this user cannot write is not locked: a write then fails on its first
        # file, with nothing changed, and a build with nothing to write still succeeds
        with folder_lock(out_dir, "docgen build", on_wait=on_wait, required=False):
            result = _build(spec_dir, out_dir, check, dry_run, jobs, progress, on_wait)
    result.seconds = time.perf_counter() - started
    return result


def _read_specs(
    spec_dir: Path, on_wait: Callable[[str], None] | None, result: BuildResult
) -> list[tuple[Path, bytes]]:
    """Every spec file's bytes, read under the spec folder's lock (a consistent set, not
    one half-way through an update; :func:`build` refuses an output folder that is the spec
    folder, so the two locks are never one)."""
    from docgen.locks import folder_lock
    from docgen.model import specio

    read: list[tuple[Path, bytes]] = []
    with folder_lock(spec_dir, "docgen build", on_wait=on_wait, create=False, required=False):
        for path in specio.spec_folder(spec_dir):
            try:
                read.append((path, specio.read_bytes(path)))
            except specio.SpecErrors as exc:
                result.problems.extend(exc.problems)
    return read


def _build(
    spec_dir: Path,
    out_dir: Path,
    check: bool,
    dry_run: bool,
    jobs: int | None,
    progress: bool,
    on_wait: Callable[[str], None] | None,
) -> BuildResult:
    from docgen.model import specio
    from docgen.writes import Transaction, leftovers, subfolders

    result = BuildResult()
    writing = not (check or dry_run)
    # the file system's clock before anything in out_dir is read (docgen.buildstamp)
    since = buildstamp.clock(out_dir) if writing and out_dir.is_dir() else None
    manifest_raw = _read_bytes(out_dir / MANIFEST)
    manifest = _parse_manifest(manifest_raw)
    fingerprint = generator_fingerprint()
    here, mine, others = _split_manifest(manifest, spec_dir, out_dir)
    stamp = buildstamp.read(out_dir)
    current = stamp is not None and stamp.generators.get(here) == fingerprint
    old_entries: dict[str, Any] = mine if current else {}
    # the stamp vouches for files only beside the manifest the same build wrote, and only
    # when that build was of this folder (a build of another folder verified none of these)
    own_manifest = stamp is not None and stamp.manifest == _sha(manifest_raw or b"")
    vouches = stamp is not None and current and own_manifest and stamp.folder == here
    trust = buildstamp.Trust(out_dir, stamp.since if stamp is not None and vouches else None)

    specs = _read_specs(spec_dir, on_wait, result)
    entries, kept, stale, folder = _unchanged_connectors(specs, out_dir, old_entries, trust, here)
    # the folder rules first, by the specs' name: lines: a stray copy is refused before
    # anything is rendered (checked again below with the names the specs load with)
    early = [specio.entry(s.where, Path(s.where).name, s.raw) for s in stale]
    result.problems.extend(specio.check_folder([*folder, *early]))
    if result.problems:
        return result
    # the files of each rendered package are written ahead, as temporary files, while the
    # other packages render (the commit renames them into place): into a folder docgen
    # builds, or an empty or new one (never a folder of someone's own, which the build may
    # refuse), and only where the content differs (what each file held, read once: ``seen``)
    ahead = writing and ("connectors" in manifest or _empty_or_missing(out_dir))
    tx = Transaction(root=out_dir)
    seen: dict[str, bytes | None] = {}
    new_folders: dict[str, bool] = {}  # package folder -> not there before (nothing to read)

    def write_ahead(rel: str, data: bytes) -> None:
        folder = rel.rpartition("/")[0]
        if folder not in new_folders:
            new_folders[folder] = not (out_dir / folder).is_dir()
        seen[rel] = None if new_folders[folder] else _read_bytes(out_dir / rel)
        if seen[rel] != data:
            tx.write_ahead(out_dir / rel, data)

    try:
        packages = _render_connectors(
            stale, entries, folder, here, jobs, progress, result, write_ahead if ahead else None
        )
        # the folder rules (a spec is <name>.yaml: no connector twice), skipped specs included,
        # again with the names the rendered specs loaded with (nothing rendered: checked above)
        if stale:
            result.problems.extend(specio.check_folder(folder))
        if result.problems:
            return result  # never write from a partly loadable spec set
        for name in packages:
            if name in others:  # another folder built this package: this spec rebuilds it
                result.taken_over[name] = _shown(others.pop(name).get("spec_dir"), out_dir)
        for entry in others.values():  # left as they are, files unverified and untouched
            where = _shown(entry.get("spec_dir"), out_dir)
            result.left_alone[where] = result.left_alone.get(where, 0) + 1
            kept.update(entry.get("files", {}))

        wanted: dict[str, bytes] = {}  # path relative to out_dir -> content to have there
        for name, files in packages.items():
            result.rendered.append(name)
            wanted.update(files)
        old_index: dict[str, str] | None = manifest.get("index")  # what the vouched build made
        same_index = (
            old_index is not None
            and vouches
            and not packages
            and entries.keys() == old_entries.keys()
            and all(e.get("spec_dir") == here for e in old_entries.values())
            and _files_match(out_dir, old_index, trust)
        )
        entries.update(others)
        if old_index is not None and same_index:
            # the same connectors and generator as the build that wrote the manifest: its
            # index files and the manifest are what this build would write
            index = old_index
            kept.update(index)
            wanted[MANIFEST] = manifest_raw or b""
        else:
            from docgen import emit

            rows = [entry["index"] for entry in entries.values()]
            made = {rel: text.encode("utf-8") for rel, text in emit.render_index(rows).items()}
            index = {rel: _sha(data) for rel, data in made.items()}
            wanted.update(made)
            # the index files are recorded too: a hand edit of them is kept like any other
            new_manifest = {"connectors": dict(sorted(entries.items())), "index": index}
            wanted[MANIFEST] = (json.dumps(new_manifest, indent=1, sort_keys=True) + "\n").encode()
        generators = _generators(stamp, here, fingerprint, others)
        wanted[GENERATOR_STAMP] = buildstamp.text(generators, here, _sha(wanted[MANIFEST]))

        writes = []
        there: dict[Path, bytes] = {}  # what the files to be replaced hold now (read once)
        for rel, data in sorted(wanted.items()):
            path = out_dir / rel
            if rel == MANIFEST:
                old = manifest_raw
            else:
                old = seen[rel] if rel in seen else _read_bytes(path)
            if old == data:
                continue
            if old is not None:
                there[path] = old
            writes.append((path, data))
        removes = sorted(_stale_files(out_dir, manifest, set(wanted) | kept))
        _refuse_foreign(out_dir, manifest, [path for path, _ in writes if path in there])
        for path in removes:
            old = _read_bytes(path)
            if old is not None:
                there[path] = old
        saved = _keep_hand_edits(out_dir, manifest, there, set(index), result)
        known = set(wanted) | kept | set(_recorded(manifest))
        debris = leftovers(
            subfolders(out_dir),
            lambda folder, name: _rel(folder / name, out_dir) in known,
        )
        records = (MANIFEST, GENERATOR_STAMP)
        result.written = sum(1 for path, _ in writes if path.name not in records)
        result.unchanged = len(wanted) - len(records) + len(kept) - result.written  # records aside
        result.removed = len(removes) + len(debris)
        result.removed_packages = sorted(set(manifest.get("connectors", {})) - set(entries))
        for path, _ in writes:
            result.changes.append(f"{'wrote' if writing else 'would write'} {path}")
        for path in removes:
            result.changes.append(f"{'removed' if writing else 'would remove'} {path}")
        for path in debris:
            verb = "removed" if writing else "would remove"
            result.changes.append(f"{verb} {path} (left by an interrupted docgen run)")
        if not writing:
            # the records only record hashes; their own staleness is not a reason to fail
            result.changes = [c for c in result.changes if not c.endswith(records)]
            return result
        _write(tx, out_dir, [*saved, *writes], [*removes, *debris], since)
        return result
    finally:
        tx.discard()  # what was written ahead and no commit used (a refusal, an interrupt)


def _empty_or_missing(folder: Path) -> bool:
    """Whether ``folder`` holds nothing (but the lock this build holds there) or is not
    there."""
    import os

    from docgen.locks import LOCK_NAME

    try:
        with os.scandir(folder) as entries:
            return all(entry.name == LOCK_NAME for entry in entries)
    except OSError:
        return not folder.exists()


def _recorded(manifest: dict[str, Any]) -> dict[str, str]:
    """Every file the manifest says docgen wrote (path relative to the output folder ->
    its hash): the packages' files and the index files."""
    recorded: dict[str, str] = {}
    for entry in manifest.get("connectors", {}).values():
        recorded.update(entry.get("files", {}))
    recorded.update(manifest.get("index", {}))
    return recorded


def _refuse_foreign(out_dir: Path, manifest: dict[str, Any], replaced: list[Path]) -> None:
    """A build writes over a file only when docgen wrote it: in a folder without a build
    manifest (``--out .`` by mistake, a folder of someone's own), an existing file it
    would replace refuses the build (:class:`~docgen.inputs.InputError`), nothing written.
    A folder with a manifest is docgen's output: its files are replaced, a hand edit kept
    (:func:`_keep_hand_edits`)."""
    from docgen.inputs import InputError
    from docgen.model.words import plural

    if "connectors" in manifest:  # a manifest docgen wrote (_parse_manifest checked it)
        return
    record = out_dir / MANIFEST
    foreign = [p for p in replaced if p.name != GENERATOR_STAMP and p != record]
    if not foreign:
        return
    first = _rel(foreign[0], out_dir)
    more = f" and {plural(len(foreign) - 1, 'other file')}" if len(foreign) > 1 else ""
    them = "them" if more else "it"
    restore = f"git checkout -- {_rel(record, Path.cwd())}"
    if record.exists():
        why = (
            f"its build manifest ({MANIFEST}) cannot be read (not the JSON docgen writes: a "
            f"merge conflict?), so nothing says docgen wrote {them}; nothing was written. "
            f"Restore the manifest ({restore}) and build again"
        )
    else:
        why = (
            f"no build manifest ({MANIFEST}) says docgen wrote {them}; nothing was written. "
            "Build into an empty folder or the one docgen builds (generated/); if this is that "
            f"folder and its manifest was lost, restore it ({restore}) or move the folder away "
            "and build again"
        )
    raise InputError(f"--out {out_dir}: this build would replace {first}{more} there, and {why}")


def _keep_hand_edits(
    out_dir: Path,
    manifest: dict[str, Any],
    there: dict[Path, bytes],
    index: set[str],
    result: BuildResult,
) -> list[tuple[Path, bytes]]:
    """The files among ``there`` (to be replaced or removed: path -> what it holds now)
    that differ from what the
    manifest says docgen wrote there, or that it does not record (someone's own file where
    a new package goes): a person made them. Each is kept as ``KEPT_DIR/REL`` (``REL.N``
    beside an earlier, different edit; the same edit is kept once), named in
    ``result.edited``; returns the copies to write. The build's own records are not kept,
    nor the ``index`` files when the manifest predates recording them (they are docgen's)."""
    from docgen.writes import kept_copy

    recorded = _recorded(manifest)
    records = {out_dir / MANIFEST, out_dir / GENERATOR_STAMP}
    if "index" not in manifest:
        records |= {out_dir / rel for rel in index}
    saved: list[tuple[Path, bytes]] = []
    for path, current in there.items():
        if path in records:
            continue
        rel = _rel(path, out_dir)
        digest = recorded.get(rel)
        if _sha(current) == digest:
            continue
        copy, kept_before = kept_copy(out_dir, rel, current)
        (result.edited if digest is not None else result.strangers).append(
            (rel, _rel(copy, out_dir))
        )
        if not kept_before:
            saved.append((copy, current))
    return saved


def _write(
    tx: Transaction,
    out_dir: Path,
    writes: list[tuple[Path, bytes]],
    removes: list[Path],
    since: int | None,
) -> None:
    """Write and remove files all or nothing (``tx``, which may hold files written ahead),
    the build records last (the manifest, then the stamp), and set the stamp's time to
    ``since``: the clock read before this build read anything (:mod:`docgen.buildstamp`)."""
    if since is None:
        if not removes and all(path.name == GENERATOR_STAMP for path, _ in writes):
            # a folder that takes no file (read-only) and nothing to write but the stamp,
            # a git-ignored cache: fine (the next build that can write it renders again)
            return
        out_dir.mkdir(parents=True, exist_ok=True)  # it did not exist: nothing in it was read
        since = buildstamp.clock(out_dir)
    records = (MANIFEST, GENERATOR_STAMP)
    for path, data in writes:
        tx.write(path, data, last=path.name in records)  # the records after the packages
    for path in removes:
        tx.remove(path)
    tx.commit()
    buildstamp.set_since(out_dir, since)


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _folder_key(spec_dir: Path, out_dir: Path) -> str:
    """How the manifest names a spec folder: relative to the output folder, with ``/``
    (the same in every clone and wherever the project is moved); absolute only when no
    relative path exists (another drive)."""
    import os

    try:
        rel = os.path.relpath(os.path.abspath(spec_dir), os.path.abspath(out_dir))
    except ValueError:  # pragma: no cover - Windows, another drive
        rel = os.path.abspath(spec_dir)
    return Path(rel).as_posix()


def _folder_of(key: str, out_dir: Path) -> Path:
    import os

    return Path(os.path.normpath(os.path.join(os.path.abspath(out_dir), key)))


def _same_folder(key: str, spec_dir: Path, out_dir: Path) -> bool:
    """Whether a recorded folder is ``spec_dir``: the same path (``specs``, ``./specs/``)
    or the same folder by another path (a symbolic link)."""
    import os

    recorded = _folder_of(key, out_dir)
    if recorded == Path(os.path.normpath(os.path.abspath(spec_dir))):
        return True
    try:
        return os.path.samefile(recorded, spec_dir)
    except OSError:
        return False


def _split_manifest(
    manifest: dict[str, Any], spec_dir: Path, out_dir: Path
) -> tuple[str, dict[str, Any], dict[str, Any]]:
    """(this folder's key, its packages, the packages of other folders). A folder named
    by a recorded path keeps that spelling (``specs`` through a link stays ``../specs``).
    An entry of an older manifest names no folder: it is this folder's when its spec file
    is here, else left alone (it cannot be told whose it is)."""
    connectors = manifest.get("connectors", {})
    connectors = connectors if isinstance(connectors, dict) else {}
    here = _folder_key(spec_dir, out_dir)
    recorded = sorted(
        {e["spec_dir"] for e in connectors.values() if isinstance(e.get("spec_dir"), str)}
    )
    same = {key for key in recorded if _same_folder(key, spec_dir, out_dir)}
    if same and here not in same:
        here = min(same)
    mine: dict[str, Any] = {}
    others: dict[str, Any] = {}
    for name, entry in connectors.items():
        if not isinstance(entry, dict):
            continue
        key = entry.get("spec_dir")
        if isinstance(key, str):
            ours = key == here or key in same
        else:
            ours = (spec_dir / str(entry.get("spec_file", ""))).is_file()
        (mine if ours else others)[name] = entry
    return here, mine, others


def _shown(key: object, out_dir: Path) -> str:
    """A recorded spec folder as the user would type it (relative to the working folder)."""
    import os

    if not isinstance(key, str):
        return "a spec folder the manifest does not name"
    folder = _folder_of(key, out_dir)
    try:
        shown = os.path.relpath(folder)
    except ValueError:  # pragma: no cover
        shown = str(folder)
    # its packages stay until that folder is built again (or they are removed by hand)
    return shown if folder.is_dir() else f"{shown}, no longer there"


def _unchanged_connectors(
    specs: list[tuple[Path, bytes]],
    out_dir: Path,
    old_entries: dict[str, Any],
    trust: buildstamp.Trust,
    here: str,
) -> tuple[dict[str, dict[str, Any]], set[str], list[_Stale], list[Any]]:
    """The skip check: (manifest entries of the connectors kept as they are, their files,
    the specs to load and render, the folder entries of the kept specs). A connector is
    kept when the manifest of the same generator records its spec file with the same hash
    and every file it made is on disk with the hash recorded (read and hashed, unless the
    stamp vouches for it). ``here``: the spec folder's key, recorded in each entry."""
    from docgen.model import specio

    by_file = {e.get("spec_file"): (name, e) for name, e in old_entries.items()}
    entries: dict[str, dict[str, Any]] = {}
    kept: set[str] = set()  # files of skipped connectors, verified unchanged on disk
    stale: list[_Stale] = []
    folder: list[specio.FolderEntry] = []  # every spec file, for the folder rules
    for path, raw in specs:
        spec_hash = _sha(raw)
        name, entry = by_file.get(path.name, (None, None))
        if (
            name is not None
            and entry is not None
            and entry.get("spec") == spec_hash
            and _files_match(out_dir, entry["files"], trust)
        ):
            entries[name] = {**entry, "spec_dir": here}
            kept.update(entry["files"])
            folder.append(specio.entry(str(path), path.name, raw, loaded=name))
        else:
            stale.append(_Stale(str(path), raw, spec_hash))
    return entries, kept, stale, folder


@dataclass
class _Stale:
    """A spec file to load and render."""

    where: str
    raw: bytes
    spec_hash: str


def _render_connectors(
    stale: list[_Stale],
    entries: dict[str, dict[str, Any]],
    folder: list[Any],
    here: str,
    jobs: int | None,
    progress: bool,
    result: BuildResult,
    ahead: Callable[[str, bytes], None] | None = None,
) -> dict[str, dict[str, bytes]]:
    """The render phase: load, render and format the stale specs in worker processes, in
    batches (:func:`_batches`); their manifest entries (with the spec folder's key
    ``here``) join ``entries`` and their folder entries ``folder``. Returns each rendered
    connector's files (formatted, encoded); problems go to ``result``. ``ahead`` is given
    each file (path relative to the output folder, content) as its batch arrives, while
    the other batches are rendered."""
    if not stale:
        return {}
    from docgen.model import specio
    from docgen.parallel import default_jobs, pmap

    stale = sorted(stale, key=lambda s: (-_cost(s), s.where))
    order = {s.where: i for i, s in enumerate(stale)}
    batches = _batches(stale, default_jobs() if jobs is None else jobs)

    def arrived(outcomes: list[Any]) -> None:
        if ahead is not None:
            for outcome in outcomes:
                if not isinstance(outcome, Problem):
                    name, _, files, _ = outcome
                    for rel, data in files.items():
                        ahead(f"{name}/{rel}", data)

    work = [[(s.where, s.raw) for s in b] for b in batches]
    # the collector off here too (from the imports on): what arrives (files, their hashes)
    # makes no cycles, and each full collection would walk all this process holds (all the
    # specs, when a caller loaded them)
    with _young_collections(), _bar(len(batches), progress) as advance:
        if len(batches) > 1:
            _preload(any(b"\ntables:" in s.raw for s in stale))
        done = pmap(_render_batch, work, jobs, advance, arrived)
    pairs = [
        (spec, o)
        for b, outs in zip(batches, done, strict=True)
        for spec, o in zip(b, outs, strict=True)
    ]
    outcomes = sorted(pairs, key=lambda pair: order[pair[0].where])
    packages: dict[str, dict[str, bytes]] = {}
    for spec, outcome in outcomes:
        file_name = Path(spec.where).name
        if isinstance(outcome, Problem):
            result.problems.append(outcome)
            folder.append(specio.entry(spec.where, file_name, None))
            continue
        name, row, files, digests = outcome
        folder.append(specio.entry(spec.where, file_name, spec.raw, loaded=name))
        packages[name] = {f"{name}/{rel}": data for rel, data in files.items()}
        entries[name] = {
            "spec_file": file_name,
            "spec_dir": here,
            "spec": spec.spec_hash,
            "index": row,
            "files": {f"{name}/{rel}": d for rel, d in sorted(digests.items())},
        }
    return dict(sorted(packages.items()))


def _preload(models: bool) -> None:
    """Load, once, what every worker would load for itself before they fork: ruff's path
    (finding it imports sysconfig: ~0.2 G instructions a worker) and, when a spec has tables,
    datamodel-code-generator (~0.5 G a worker; here ~0.4 G once). Measured with callgrind on
    8 specs and 2 workers: 9.72 -> 8.53 G instructions in all."""
    from docgen.emit.fmt import ruff_bin

    ruff_bin()
    if models:
        import datamodel_code_generator.parser.jsonschema  # noqa: F401

        from docgen import emit  # noqa: F401


def _cost(spec: _Stale) -> int:
    """What rendering a spec costs, roughly: its typed columns and properties (the models
    and checks made from them), for scheduling only."""
    return spec.raw.count(b"types:") + spec.raw.count(b"type:") + 10


#: the least work (typed columns and properties, :func:`_cost`) worth a batch of its own:
#: each batch starts ruff three times and writes its files to a folder of its own
BATCH_COST = 2000


def _batches(stale: list[_Stale], jobs: int) -> list[list[_Stale]]:
    """The specs (most expensive first) in batches, each rendered and formatted by one
    worker (one ruff run per batch, not per package: starting ruff costs more than
    formatting a small package). One batch when there is one worker; else one per worker,
    up to four per worker for a big build (:data:`BATCH_COST`), filled most expensive first
    into the cheapest batch so far, the most expensive batch first, so the workers finish
    together. The output never depends on the batches: each package is formatted as it
    would be alone (:func:`docgen.emit.format_packages`)."""
    if jobs <= 1:
        return [stale]
    total = sum(_cost(s) for s in stale)
    count = min(len(stale), 4 * jobs, max(jobs, total // BATCH_COST))
    bins: list[tuple[int, list[_Stale]]] = [(0, []) for _ in range(count)]
    for spec in stale:
        i = min(range(count), key=lambda k: bins[k][0])
        bins[i] = (bins[i][0] + _cost(spec), [*bins[i][1], spec])
    return [b for _, b in sorted(bins, key=lambda b: -b[0]) if b]


def _render_batch(
    items: list[tuple[str, bytes]],
) -> list[tuple[str, dict[str, Any], dict[str, bytes], dict[str, str]] | Problem]:
    """Worker: spec files -> per spec (connector name, README row, formatted files encoded,
    their hashes) or the located problem that stops it loading."""
    from docgen import emit

    loaded = []
    with _young_collections() as collect:
        for item in items:
            loaded.append(_load_and_render(item))
            collect()
        rendered = {str(i): o[2] for i, o in enumerate(loaded) if not isinstance(o, Problem)}
        formatted = emit.format_packages(rendered)
    out: list[tuple[str, dict[str, Any], dict[str, bytes], dict[str, str]] | Problem] = []
    for i, outcome in enumerate(loaded):
        if isinstance(outcome, Problem):
            out.append(outcome)
            continue
        files = {rel: text.encode("utf-8") for rel, text in formatted[str(i)].items()}
        out.append((outcome[0], outcome[1], files, {rel: _sha(d) for rel, d in files.items()}))
    return out


@contextmanager
def _young_collections() -> Iterator[Callable[[], None]]:
    """The cyclic garbage collector off while specs are rendered; the caller collects the
    young generations (``collect()``) after each spec instead. Rendering a spec makes
    hundreds of thousands of objects, datamodel-code-generator's full of reference cycles:
    the automatic collections, triggered every few hundred allocations, cost ~6% of a cold
    build's CPU (8.35-8.64 s against 7.85-8.01 s, ``jobs=1``, measured with
    ``resource.getrusage``), and one collection of the two young generations after each spec
    frees the same garbage (peak memory the same, 126 MB). What outlives a spec (the
    renderers' memos) moves to the oldest generation, which is never scanned meanwhile.
    The build's own process keeps it off while its workers render, and so does a worker
    while it formats a batch: their full collections walked all the process held (in a
    caller that loaded every spec first, as bench/run.py does: 4.83-5.05 -> 4.57-4.88 s
    cold, with :func:`docgen.parallel.pmap` forking the workers from a frozen heap)."""
    import gc

    def collect() -> None:
        gc.collect(1)

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield collect
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def _bar(total: int, enabled: bool) -> Iterator[Callable[[], None] | None]:
    """A progress bar on stderr for a long build (rich shows it only on a terminal)."""
    import sys

    if not enabled or total < 5 or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(transient=True, console=Console(stderr=True)) as bar:
        task = bar.add_task("rendering packages", total=total)
        yield lambda: bar.advance(task)


def _load_and_render(
    item: tuple[str, bytes],
) -> tuple[str, dict[str, Any], dict[str, str]] | Problem:
    """Worker: one spec file -> (connector name, README row, unformatted files), or the
    located problem that stops it loading."""
    from docgen import emit
    from docgen.model import specio

    where, raw = item
    try:
        conn = specio.load_data(raw, where)
    except specio.SpecErrors as exc:
        return exc.problems[0]
    return conn.name, emit.index_row(conn), emit.render_unformatted(conn)


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _parse_manifest(raw: bytes | None) -> dict[str, Any]:
    """The build manifest, checked once for the shape every reader of it relies on
    (``connectors``: name -> entry with a ``files`` mapping; ``index`` a mapping when
    present); anything else, like a file with merge-conflict markers, is no manifest ({}),
    which :func:`_refuse_foreign` names as unreadable."""
    try:
        data = json.loads(raw) if raw is not None else {}
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    connectors = data.get("connectors", {})
    if not isinstance(connectors, dict) or not all(
        isinstance(e, dict) and isinstance(e.get("files", {}), dict) for e in connectors.values()
    ):
        return {}
    if not isinstance(data.get("index", {}), dict):
        return {}
    return data


def _digest(path: Path) -> str | None:
    try:
        return _sha(path.read_bytes())
    except OSError:
        return None


def _files_match(out_dir: Path, files: dict[str, str], trust: buildstamp.Trust) -> bool:
    return all(trust.unchanged(rel) or _digest(out_dir / rel) == d for rel, d in files.items())


def _stale_files(out_dir: Path, manifest: dict[str, Any], wanted: set[str]) -> set[Path]:
    """Files an earlier build made (per its manifest) that this build does not produce."""
    stale = set()
    for entry in manifest.get("connectors", {}).values():
        for rel in entry.get("files", {}):
            if rel not in wanted and (out_dir / rel).exists():
                stale.add(out_dir / rel)
    return stale


def _generators(
    stamp: buildstamp.Stamp | None, here: str, fingerprint: str, others: dict[str, Any]
) -> dict[str, str]:
    """The stamp's generators after this build: this folder's, and the others' as they
    were (their packages were left as they are)."""
    old = stamp.generators if stamp is not None else {}
    keep: dict[str, str] = {}
    for entry in others.values():
        key = entry.get("spec_dir")
        if isinstance(key, str) and key in old:
            keep[key] = old[key]
    keep[here] = fingerprint
    return keep
