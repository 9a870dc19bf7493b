"""Readers: pages (HTML or plain text) -> page models. Readers are plug-ins.

A reader is any object with the :class:`Reader` protocol: a name, what identifies its pages
(for the error when no reader takes a page), whether it reads HTML or UTF-8 text, a cheap
test on the page's bytes (:meth:`Reader.accepts`) and :meth:`Reader.read`, which returns a
page model (:class:`PageModel`: the page, its problems, its ``parse --json`` contract and a
one-line summary) or raises :class:`~docgen.model.spec.ReadError`.

Readers are found through the ``docgen.readers`` entry-point group; docgen registers its own
(the Stitch family, :mod:`docgen.readers.stitch`) there exactly as another package would::

    [project.entry-points."docgen.readers"]
    my-reference = "my_package.readers:MY_READER"

:func:`read_page` is the single entry point. It refuses what no reader can take (an empty,
binary or cut-short page) and asks the readers, in registry order (docgen's, then other
distributions', each by entry-point name), for the first that accepts the
page; it never decides from a page's name. A page saved as UTF-16 or UTF-32 (with a
byte-order mark) is read as its UTF-8 copy (:func:`as_utf8`).
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import Any, Protocol, TypeAlias, runtime_checkable

from pydantic import BaseModel

from docgen.model.spec import Location, Problem, ReadError, compact

#: the entry-point group readers are registered in
ENTRY_POINT_GROUP = "docgen.readers"


@runtime_checkable
class PageModel(Protocol):
    """What a reader returns (the Stitch readers: :class:`~docgen.model.spec.TablePage`,
    :class:`~docgen.model.spec.PropertyPage`, the destinations model's pages)."""

    page: str  # site path, e.g. "integrations/saas/autopilot.html"
    problems: list[Problem]  # warnings, located

    def contract(self) -> dict[str, Any]:
        """The page's facts as ``docgen parse --json`` prints them."""
        ...

    def summary(self) -> str:
        """One line for ``docgen parse`` without ``--json``."""
        ...


@runtime_checkable
class Reader(Protocol):
    """One kind of page docgen reads."""

    name: str  # the kind of page, e.g. "integration table reference"
    looks_for: str  # what identifies it, named in the error when no reader accepts a page
    html: bool  # reads HTML pages (True) or UTF-8 text files (False)

    def accepts(self, data: bytes) -> bool:
        """A cheap test on the page's bytes (no parsing)."""
        ...

    def read(self, data: bytes, page: str) -> PageModel:
        """The page model; raises :class:`ReadError` with a located problem."""
        ...


AnyPage: TypeAlias = PageModel


@dataclass(frozen=True)
class PageReader:
    """A :class:`Reader` made of two functions: the ready-made way to write one."""

    name: str
    looks_for: str
    html: bool
    matches: Callable[[bytes], bool]
    reader: Callable[[bytes, str], PageModel]

    def accepts(self, data: bytes) -> bool:
        return self.matches(data)

    def read(self, data: bytes, page: str) -> PageModel:
        return self.reader(data, page)


def _order(ep: EntryPoint) -> tuple[bool, str, str]:
    dist = ep.dist.name if ep.dist is not None else ""
    return (dist != "docgen", dist, ep.name)


@cache
def readers() -> tuple[Reader, ...]:
    """Every registered reader, in the order :func:`read_page` asks them. A plug-in that
    cannot be loaded, or is no :class:`Reader`, is docgen's error to report (RuntimeError),
    never skipped."""
    found: list[Reader] = []
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=_order):
        try:
            reader = ep.load()
        except Exception as exc:
            raise RuntimeError(f"reader plug-in {ep.name} ({ep.value}) cannot load: {exc}") from exc
        if not isinstance(reader, Reader):
            raise RuntimeError(f"reader plug-in {ep.name} ({ep.value}) is not a Reader")
        found.append(reader)
    return tuple(found)


def page_path(name: str) -> str:
    """Site path of a saved page: ``integrations__saas__autopilot.html`` ->
    ``integrations/saas/autopilot.html`` (the corpus naming: "/" -> "__")."""
    stem = Path(name).name
    for suffix in (".html", ".htm", ".txt"):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    return stem.replace("__", "/") + ".html"


#: byte-order marks of the Unicode encodings a saved page may be in, longest first (the
#: UTF-32 LE mark starts with the UTF-16 LE one)
BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
UTF8_BOM = b"\xef\xbb\xbf"


def as_utf8(data: bytes, page: str) -> bytes:
    """A page marked UTF-16 or UTF-32 (LE or BE) by its byte-order mark, as UTF-8, so that
    it is read exactly as its UTF-8 copy; any other page as it is. The result keeps a UTF-8
    byte-order mark: it outranks a charset the page declares (a page saved as UTF-16 may
    still say ``charset=utf-16``, or its original encoding), as it does in a browser.
    Raises :class:`ReadError` when the bytes after the mark are not that encoding."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(codec)
            except UnicodeDecodeError as exc:
                name = codec.upper().replace("-LE", " LE").replace("-BE", " BE")
                raise page_error(
                    page,
                    "unreadable-page",
                    f"marked {name} by its byte-order mark, but not {name} ({exc.reason} at "
                    f"byte {exc.start + len(bom)}); save the page again",
                ) from None
            return UTF8_BOM + text.encode("utf-8")
    return data


def is_html(data: bytes) -> bool:
    head = data[:4096].removeprefix(UTF8_BOM).lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in data[:65536].lower()


def looks_cut_short(data: bytes) -> bool:
    """An HTML page whose end of document (``</html>``) is missing: saved or sent half-way."""
    return b"</html" not in data[-4096:].lower()


def page_error(page: str, code: str, message: str) -> ReadError:
    """The error for a page that cannot be read at all, located on the page."""
    problem = Problem(severity="error", code=code, message=message, location=Location(page=page))
    return ReadError(problem)


_BLANK = re.compile(rb"\s*")


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while pages are read (the build pauses it
    too: :func:`docgen.pipeline._young_collections`).

    Reading allocates tens of thousands of small objects (element proxies, dicts, models)
    and creates no reference cycles; with the collector running, every few hundred
    allocations trigger a collection that also walks everything earlier pages left alive
    (a whole-site parse keeps them all), which made parsing ~1.6x slower. Reference
    counting still frees everything as usual. Afterwards what was allocated meanwhile is
    moved to the collector's permanent generation (``gc.freeze``) before it is enabled
    again: otherwise the first allocation after it would scan every object the read left
    alive (the whole parse result; measured 0.3 s of a 2.9 s whole-site parse), and so would
    every later full collection, for objects that form no cycles."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()


def _expected(registered: tuple[Reader, ...]) -> str:
    names = [r.name for r in registered]
    if not names:
        return "a page some reader takes (no reader is registered: is docgen installed?)"
    return "one of: " + "; ".join(names)


def _unmarked_utf16(data: bytes) -> bool:
    """Text in UTF-16 with no byte-order mark: ASCII with a NUL beside every character
    (its first 512 bytes), which no binary format docgen meets looks like."""
    head = data[:512]
    if len(head) < 8:
        return False
    for nul_first in (0, 1):
        nuls, chars = head[nul_first::2], head[1 - nul_first :: 2]
        if set(nuls) == {0} and all(9 <= c < 127 for c in chars):
            return True
    return False


def read_page(data: bytes, page: str) -> PageModel:
    """Read one page with the first reader that accepts it (:func:`readers`). Raises
    :class:`ReadError` (with a located problem) when the page is empty, binary, cut short
    or of no kind a reader takes; callers collect that and go on with the other pages."""
    registered = readers()
    expected = _expected(registered)
    data = as_utf8(data, page)
    body = memoryview(data)[len(UTF8_BOM) :] if data.startswith(UTF8_BOM) else data
    if _BLANK.fullmatch(body):  # no copy of the page, unlike data.strip()
        raise page_error(page, "empty-page", f"the page is empty; expected {expected}")
    html = is_html(data)
    if html:
        if looks_cut_short(data):
            raise page_error(
                page,
                "page-cut-short",
                "the page is cut short: it has no end of document (</html>); "
                "save or download the whole page again",
            )
    else:
        if b"\0" in data[:8192]:
            if _unmarked_utf16(data):
                raise page_error(
                    page,
                    "unreadable-page",
                    "looks like UTF-16 text without a byte-order mark; save it as UTF-8 "
                    "(or as UTF-16 with a byte-order mark)",
                )
            raise page_error(page, "not-documentation", f"a binary file; expected {expected}")
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            reason = f"not HTML and not UTF-8 text ({exc.reason} at byte {exc.start})"
            raise page_error(page, "unreadable-page", reason) from None
    for reader in registered:
        if reader.html == html and reader.accepts(data):
            read = reader.read(data, page)
            if isinstance(read, BaseModel):
                compact(read)  # a whole-site parse holds every page's model
            return read
    looked = "; ".join(f"{r.name}: {r.looks_for}" for r in registered if r.html == html)
    what = "an HTML page" if html else "a text file"
    raise page_error(
        page,
        "not-documentation",
        f"{what} that is not documentation docgen reads (looked for {looked or 'nothing'})",
    )


def read_path(path: Path) -> PageModel:
    return read_page(path.read_bytes(), page_path(path.name))


__all__ = [
    "ENTRY_POINT_GROUP",
    "AnyPage",
    "PageModel",
    "PageReader",
    "Reader",
    "as_utf8",
    "gc_paused",
    "page_error",
    "page_path",
    "read_page",
    "read_path",
    "readers",
]
